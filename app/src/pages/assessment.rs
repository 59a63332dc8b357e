//! The company's side of proposals: the manager's queue (assign assessors, then decide) and the
//! assessor's (score), and the forms the proposal page shows them: the scorecard and the
//! decision. Scores stay independent: an assessor sees nobody else's.

use crate::api;
use crate::components::form::{send, FormError, FormNotice, TextArea};
use crate::components::load::{Loaded, Loader};
use crate::components::status::NotForYou;
use crate::i18n::{criterion_label, fill, status_label, use_i18n, wire, Text, Texts};
use crate::router::Route;
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::{
    AssessmentQueue, AssessmentRequest, AssignRequest, CriterionRequest, DecisionRequest,
    ProposalView, QueueItem,
};
use shared::assessment::Criterion;
use shared::proposals::ProposalStatus;
use shared::roles::Role;
use shared::{MemberId, ProposalId};

#[component]
pub fn AssessmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        match session.get() {
        Some(me) if me.role != Role::CouncilMember => {
            let manager = me.role == Role::Manager;
            let queue = Loader::new(api::assessment_queue);
            view! {
                <section class="page">
                    <h1>{move || i18n.t().assessment_title()}</h1>
                    <Loaded loader=queue ready=move |q| view! { <Queue queue=q manager reload=queue/> }/>
                </section>
            }
            .into_any()
        }
        _ => view! { <NotForYou title=Signal::derive(move || i18n.t().assessment_title().to_owned()) notice=|t| t.assessment_only_company()/> }.into_any(),
    }
    }
}

#[component]
fn Queue(queue: AssessmentQueue, manager: bool, reload: Loader<AssessmentQueue>) -> impl IntoView {
    let i18n = use_i18n();
    if queue.items.is_empty() {
        return view! { <p class="empty">{move || i18n.t().assessment_empty()}</p> }.into_any();
    }
    let assessors = StoredValue::new(queue.assessors);
    view! {
        <ul class="cards">
            {queue.items.into_iter().map(|item| {
                let needs_assessors = manager && item.proposal.status != ProposalStatus::Assessed
                    && item.scored + pending(&item) < item.required;
                view! {
                    <li class="card">
                        <QueueCard item=item.clone()/>
                        {needs_assessors.then(|| view! { <Assign item assessors=assessors.get_value() reload/> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Assessors assigned who have handed in nothing yet.
fn pending(item: &QueueItem) -> u32 {
    u32::try_from(item.assessors.len())
        .unwrap_or(u32::MAX)
        .saturating_sub(item.scored + item.conflicts)
}

#[component]
fn QueueCard(item: QueueItem) -> impl IntoView {
    let i18n = use_i18n();
    let p = item.proposal;
    let status = p.status;
    let cost = p.estimated_cost;
    view! {
        <a href=Route::Proposal(p.id).href()>{p.title.to_string()}</a>
        <p class="meta">
            <span class=format!("badge status-{}", wire(&status))>{move || status_label(i18n.t(), status)}</span>
            " " {p.council_name.to_string()} " · " {move || cost.format(i18n.locale())}
        </p>
        <p class="meta">{move || fill(i18n.t().assessment_progress(), &[
            ("scored", &item.scored.to_string()),
            ("required", &item.required.to_string()),
        ])}</p>
        {(item.conflicts > 0).then(|| view! { <p class="not-voted">{move || i18n.t().assessment_conflict_declared()}</p> })}
        {item.handed_in.then(|| view! { <p class="voted">{move || i18n.t().assessment_handed_in()}</p> })}
    }
}

/// The manager picks assessors for a proposal.
#[component]
fn Assign(
    item: QueueItem,
    assessors: Vec<shared::api::AssessorSummary>,
    reload: Loader<AssessmentQueue>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(Vec::<MemberId>::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let id = item.proposal.id;
    let already = item.assessors.clone();
    let assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = AssignRequest {
            assessors: chosen.get_untracked(),
        };
        send(pending, async move {
            match api::assign(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    reload.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="assign" on:submit=assign>
            <fieldset>
                <legend>{move || i18n.t().assign_title()}</legend>
                {assessors.into_iter().filter(|a| !already.contains(&a.id)).map(|a| {
                    let member = a.id;
                    view! {
                        <label class="check">
                            <input type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|list| {
                                    list.retain(|m| *m != member);
                                    if on { list.push(member); }
                                });
                            }/>
                            {a.name.to_string()}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <FormNotice error/>
            <button type="submit" class="button" disabled=move || pending.get() || chosen.with(Vec::is_empty)>
                {move || i18n.t().assign_button()}
            </button>
        </form>
    }
}

/// What the assessor types for one criterion.
#[derive(Clone, Copy)]
struct Typed {
    score: RwSignal<String>,
    reason: RwSignal<String>,
}

/// The assessor's scorecard, or their declaration of a conflict of interest.
#[component]
pub fn ScoreForm(id: ProposalId, loader: Loader<ProposalView>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = Criterion::ALL.map(|_| Typed {
        score: RwSignal::new(String::new()),
        reason: RwSignal::new(String::new()),
    });
    let conflict = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let criterion = |i: usize| CriterionRequest {
            // An unchosen score is sent as out of range, and reported against its field.
            score: typed[i].score.get_untracked().parse().unwrap_or(u8::MAX),
            reason: typed[i].reason.get_untracked(),
        };
        let request = if conflict.get_untracked() {
            AssessmentRequest::Conflict {
                note: note.get_untracked(),
            }
        } else {
            AssessmentRequest::Scored {
                community_need: criterion(0),
                technical_feasibility: criterion(1),
                budget_fit: criterion(2),
                sustainability: criterion(3),
            }
        };
        if !window()
            .confirm_with_message(i18n.t().score_confirm())
            .unwrap_or(false)
        {
            return;
        }
        send(pending, async move {
            match api::assess(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    loader.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="panel scorecard" novalidate on:submit=submit>
            <h2>{move || i18n.t().score_title()}</h2>
            <p class="hint">{move || i18n.t().score_hint()}</p>
            <label class="check">
                <input type="checkbox" on:change=move |ev| conflict.set(event_target_checked(&ev))/>
                {move || i18n.t().score_conflict()}
            </label>
            {move || if conflict.get() {
                view! { <TextArea name="note" label=|t| t.score_conflict_note() value=note error/> }.into_any()
            } else {
                Criterion::ALL.into_iter().zip(typed).map(|(criterion, typed)| {
                    let name = wire(&criterion);
                    let reason_name = format!("{name}.reason");
                    let low = move || typed.score.get().parse::<u8>().is_ok_and(|s| s <= 2);
                    view! {
                        <div class="field" class:invalid=move || error.for_field(i18n.t(), &name).is_some()>
                            <label for=format!("score-{name}")>{move || criterion_label(i18n.t(), criterion)}</label>
                            <select id=format!("score-{name}") on:change=move |ev| typed.score.set(event_target_value(&ev))>
                                <option value="">{move || i18n.t().score_choose()}</option>
                                {(0..=5).map(|s| view! { <option value=s.to_string()>{s}</option> }).collect_view()}
                            </select>
                            <p class="field-error" role="alert">{let name = name.clone(); move || error.for_field(i18n.t(), &name)}</p>
                            {move || low().then(|| view! { <TextArea name=reason_name.clone() label=|t| t.score_reason() value=typed.reason error/> })}
                        </div>
                    }
                }).collect_view().into_any()
            }}
            <FormNotice error/>
            <button type="submit" class="button" disabled=move || pending.get()>{move || i18n.t().score_button()}</button>
        </form>
    }
}

/// The manager's decision on an assessed proposal, with its published reason.
#[component]
pub fn DecisionForm(
    id: ProposalId,
    estimate: shared::Money,
    loader: Loader<ProposalView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let decision = RwSignal::new("approve".to_owned());
    let amount = RwSignal::new(estimate.amount().to_string());
    let reason = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = DecisionRequest {
            decision: decision.get_untracked(),
            amount: amount.get_untracked(),
            reason: reason.get_untracked(),
        };
        if !window()
            .confirm_with_message(i18n.t().decision_confirm())
            .unwrap_or(false)
        {
            return;
        }
        send(pending, async move {
            match api::decide(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    loader.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let options: [(&str, Text); 3] = [
        ("approve", |t: &Texts| t.decision_approve()),
        ("decline", |t: &Texts| t.decision_decline()),
        ("defer", |t: &Texts| t.decision_defer()),
    ];
    view! {
        <form class="panel decision" novalidate on:submit=submit>
            <h2>{move || i18n.t().decision_title()}</h2>
            <fieldset>
                <legend>{move || i18n.t().decision_label()}</legend>
                {options.into_iter().map(|(value, label)| view! {
                    <label class="check">
                        <input type="radio" name="decision" value=value checked=value == "approve" on:change=move |_| decision.set(value.to_owned())/>
                        {move || label(i18n.t())}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || (decision.get() == "approve").then(|| view! {
                <crate::components::form::Field name="amount" label=|t| t.decision_amount() value=amount error inputmode="numeric"/>
            })}
            <TextArea name="reason" label=|t| t.decision_reason() value=reason error/>
            <FormNotice error/>
            <button type="submit" class="button" disabled=move || pending.get()>{move || i18n.t().decision_button()}</button>
        </form>
    }
}

/// The scorecard, if this assessor is assigned and has not handed theirs in.
#[component]
pub fn AssessorActions(id: ProposalId, loader: Loader<ProposalView>) -> impl IntoView {
    let queue = Loader::new(api::assessment_queue);
    view! {
        <Loaded loader=queue ready=move |q| {
            q.items
                .iter()
                .any(|item| item.proposal.id == id && !item.handed_in)
                .then(|| view! { <ScoreForm id loader/> })
        }/>
    }
}
