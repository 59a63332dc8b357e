//! The programme year: the manager sets the budget and each council's allocation; everyone sees
//! the year at a glance, with a bar for each council.

use crate::api::{self, ClientError};
use crate::components::form::{send, Field, FormError, FormNotice};
use crate::components::load::{Load, Loaded, Loader};
use crate::components::status::NotForYou;
use crate::i18n::{fill, use_i18n, Text};
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::{AllocationRequest, ApiError, CouncilSummary, YearRequest, YearView};
use shared::roles::Role;
use shared::{Money, ProgrammeId};

/// The current calendar year, from the phone's clock.
pub fn this_year() -> u16 {
    u16::try_from(js_sys::Date::new_0().get_full_year()).unwrap_or(2026)
}

/// The manager's page: the plan for the current year, and how it stands.
#[component]
pub fn YearSetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        match session.get() {
        Some(me) if me.role == Role::Manager => view! { <YearSetup programme=me.programme/> }.into_any(),
        _ => view! { <NotForYou title=Signal::derive(move || fill(i18n.t().year_title(), &[("year", &this_year().to_string())])) notice=|t| t.manage_only_managers()/> }.into_any(),
    }
    }
}

#[component]
fn YearSetup(programme: ProgrammeId) -> impl IntoView {
    let i18n = use_i18n();
    let year = this_year();
    let councils = Loader::new(move || api::councils_of(programme));
    // Not set up yet is not an error here: the form starts empty.
    let current = Loader::new(move || async move {
        match api::year(programme, year).await {
            Ok(view) => Ok(Some(view)),
            Err(ClientError::Api(ApiError::NotFound)) => Ok(None),
            Err(e) => Err(e),
        }
    });
    // Outlives the form, which is built again from what the server stored after each save.
    let saved = RwSignal::new(false);
    view! {
        <section class="page">
            <h1>{move || fill(i18n.t().year_title(), &[("year", &year.to_string())])}</h1>
            <p class="lead">{move || i18n.t().year_intro()}</p>
            {move || match (councils.state.get(), current.state.get()) {
                (Load::Ready(list), Load::Ready(view)) => view! { <YearForm year councils=list current=view reload=current saved/> }.into_any(),
                (Load::Failed(error), _) | (_, Load::Failed(error)) => view! {
                    <crate::components::status::ErrorNotice error retry=move || { councils.reload(); current.reload(); }/>
                }.into_any(),
                _ => crate::components::status::Loading().into_any(),
            }}
            <Loaded loader=current ready=move |view| view.map(|view| view! { <Glance view/> <PlanEditor programme year/> })/>
        </section>
    }
}

#[component]
fn YearForm(
    year: u16,
    councils: Vec<CouncilSummary>,
    current: Option<YearView>,
    reload: Loader<Option<YearView>>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let typed = |m: Money| m.amount().to_string();
    let budget = RwSignal::new(
        current
            .as_ref()
            .map(|v| typed(v.plan.budget))
            .unwrap_or_default(),
    );
    let assessors = RwSignal::new(
        current
            .as_ref()
            .map_or(shared::funding::ProgrammeYear::DEFAULT_ASSESSORS, |v| {
                v.plan.assessors_required
            })
            .to_string(),
    );
    let vote_days = RwSignal::new(current.as_ref().map_or("7".to_owned(), |v| {
        v.plan.vote_rules.duration_days.to_string()
    }));
    let plan = current.as_ref().map(|v| v.plan.clone());
    let rubric = plan.as_ref().map(|p| p.rubric).unwrap_or_default();
    let deadlines = plan
        .as_ref()
        .map(|p| p.grievance_deadlines)
        .unwrap_or_default();
    let weights = rubric.weights().map(|w| RwSignal::new(w.to_string()));
    let acknowledge = RwSignal::new(deadlines.acknowledge_days.to_string());
    let answer = RwSignal::new(deadlines.answer_days.to_string());
    let closed = plan.as_ref().is_some_and(|p| p.closed);
    let allocations: Vec<(CouncilSummary, RwSignal<String>)> = councils
        .into_iter()
        .map(|c| {
            let amount = current
                .as_ref()
                .and_then(|v| v.plan.allocation(c.id))
                .map(typed)
                .unwrap_or_default();
            (c, RwSignal::new(amount))
        })
        .collect();
    let lines = StoredValue::new(allocations.clone());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let request = YearRequest {
            budget: budget.get_untracked(),
            allocations: lines.with_value(|lines| {
                lines
                    .iter()
                    .filter(|(_, amount)| !amount.get_untracked().trim().is_empty())
                    .map(|(c, amount)| AllocationRequest {
                        council: c.id,
                        amount: amount.get_untracked(),
                    })
                    .collect()
            }),
            rubric: {
                let weight = |i: usize| {
                    weights[i]
                        .get_untracked()
                        .trim()
                        .parse()
                        .unwrap_or(u32::MAX)
                };
                shared::assessment::Rubric {
                    community_need: weight(0),
                    technical_feasibility: weight(1),
                    budget_fit: weight(2),
                    sustainability: weight(3),
                }
            },
            assessors_required: assessors.get_untracked().trim().parse().unwrap_or(0),
            vote_days: vote_days.get_untracked().trim().parse().unwrap_or(0),
            grievance_deadlines: shared::grievances::Deadlines {
                acknowledge_days: acknowledge.get_untracked().trim().parse().unwrap_or(0),
                answer_days: answer.get_untracked().trim().parse().unwrap_or(0),
            },
        };
        send(pending, async move {
            match api::set_year(year, &request).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    reload.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="panel" novalidate on:submit=submit>
            {current.is_none().then(|| view! { <p class="notice">{move || i18n.t().year_not_set()}</p> })}
            <Field name="budget" label=|t| t.year_budget() value=budget error inputmode="numeric"/>
            {allocations.into_iter().enumerate().map(|(i, (council, amount))| {
                let field = format!("allocations.{i}.amount");
                let id = format!("allocation-{i}");
                let name = council.name.to_string();
                let field = StoredValue::new(field);
                let message = move || field.with_value(|field| error.for_field(i18n.t(), field));
                view! {
                    <div class="field" class:invalid=move || message().is_some()>
                        <label for=id.clone()>{move || fill(i18n.t().year_allocation(), &[("council", &name)])}</label>
                        <input id=id type="text" inputmode="numeric" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                        <p class="field-error" role="alert">{message}</p>
                    </div>
                }
            }).collect_view()}
            <p class="field-error" role="alert">{move || error.for_field(i18n.t(), "allocations")}</p>
            <Field name="assessors_required" label=|t| t.year_assessors() value=assessors error inputmode="numeric"/>
            <Field name="vote_days" label=|t| t.year_vote_days() value=vote_days error inputmode="numeric"/>
            <fieldset>
                <legend>{move || i18n.t().year_rubric()}</legend>
                <p class="hint">{move || i18n.t().year_rubric_hint()}</p>
                <Field name="rubric.community_need" label=|t| t.criterion_community_need() value=weights[0] error inputmode="numeric"/>
                <Field name="rubric.technical_feasibility" label=|t| t.criterion_technical_feasibility() value=weights[1] error inputmode="numeric"/>
                <Field name="rubric.budget_fit" label=|t| t.criterion_budget_fit() value=weights[2] error inputmode="numeric"/>
                <Field name="rubric.sustainability" label=|t| t.criterion_sustainability() value=weights[3] error inputmode="numeric"/>
                <p class="field-error" role="alert">{move || error.for_field(i18n.t(), "rubric")}</p>
            </fieldset>
            <Field name="grievance_deadlines.acknowledge_days" label=|t| t.year_acknowledge_days() value=acknowledge error inputmode="numeric"/>
            <Field name="grievance_deadlines.answer_days" label=|t| t.year_answer_days() value=answer error inputmode="numeric"/>
            <FormNotice error/>
            {move || saved.get().then(|| view! { <p class="notice ok" role="status">{move || i18n.t().year_saved()}</p> })}
            {if closed {
                view! { <p class="notice">{move || i18n.t().year_closed()}</p> }.into_any()
            } else {
                view! {
                    <div class="actions">
                        <button type="submit" class="button primary" disabled=move || pending.get()>{move || i18n.t().year_save()}</button>
                        {current.is_some().then(|| view! {
                            <button type="button" class="button quiet" disabled=move || pending.get() on:click=move |_| {
                                if !window().confirm_with_message(i18n.t().year_close_confirm()).unwrap_or(false) {
                                    return;
                                }
                                send(pending, async move {
                                    match api::close_year(year).await {
                                        Ok(_) => {
                                            error.set(None);
                                            reload.reload();
                                        }
                                        Err(e) => error.set(Some(e)),
                                    }
                                });
                            }>{move || i18n.t().year_close()}</button>
                        })}
                    </div>
                }
                .into_any()
            }}
        </form>
    }
}

/// The public page of a programme's year.
/// Budget, allocated, approved, spent and remaining, in all and per council, with bars.
#[component]
pub fn Glance(
    view: YearView,
    /// A card per council; the year's report draws a chart instead.
    #[prop(default = true)]
    cards: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let budget = view.plan.budget;
    let totals: [(Text, Money); 5] = [
        (|t: &crate::i18n::Texts| t.funds_budget(), budget),
        (|t: &crate::i18n::Texts| t.funds_allocated(), view.allocated),
        (|t: &crate::i18n::Texts| t.funds_approved(), view.approved),
        (|t: &crate::i18n::Texts| t.funds_spent(), view.spent),
        (|t: &crate::i18n::Texts| t.funds_remaining(), view.remaining),
    ];
    let share = move |part: Money, whole: Money| {
        let percent = (part.amount().max(0) * 100)
            .checked_div(whole.amount())
            .unwrap_or(0)
            .min(100);
        format!("{percent}%")
    };
    view! {
        <h2>{move || i18n.t().year_glance()}</h2>
        <dl class="facts">
            {totals.into_iter().map(|(label, amount)| view! {
                <dt>{move || label(i18n.t())}</dt>
                <dd class="amount">{move || amount.format(i18n.locale())}</dd>
            }).collect_view()}
        </dl>
        <ul class="cards funding">
            {view.councils.into_iter().filter(|_| cards).map(|c| view! {
                <li class="card">
                    <strong>{c.name.to_string()}</strong>
                    <p class="meta">
                        {move || i18n.t().funds_approved()} ": " {move || c.approved.format(i18n.locale())}
                        " / " {move || c.allocated.format(i18n.locale())}
                    </p>
                    <span class="bar" role="presentation"><span style:width=share(c.approved, c.allocated)></span></span>
                    <p class="meta">
                        {move || i18n.t().funds_spent()} ": " {move || c.spent.format(i18n.locale())} " · "
                        {move || i18n.t().funds_remaining()} ": " {move || c.remaining.format(i18n.locale())}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The half-year plan: activities with their expected cost, added ahead and later marked
/// carried out or not, so the year's report shows plan against actual.
#[component]
fn PlanEditor(programme: ProgrammeId, year: u16) -> impl IntoView {
    let i18n = use_i18n();
    let plan =
        Loader::new(move || async move { api::dashboard(programme, year).await.map(|d| d.plan) });
    let title = RwSignal::new(String::new());
    let half = RwSignal::new("2".to_owned());
    let cost = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = shared::api::PlanRequest {
            title: title.get_untracked(),
            half: if half.get_untracked() == "1" { 1 } else { 2 },
            expected_cost: cost.get_untracked(),
        };
        send(pending, async move {
            match api::plan_activity(year, &request).await {
                Ok(list) => {
                    error.set(None);
                    title.set(String::new());
                    cost.set(String::new());
                    plan.state.set(Load::Ready(list));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let mark = move |activity: i64, done: bool| {
        leptos::task::spawn_local(async move {
            match api::mark_activity(year, activity, done).await {
                Ok(list) => plan.state.set(Load::Ready(list)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let planned = move |list: Vec<shared::api::PlannedView>, mark: Callback<(i64, bool)>| {
        view! {
                    <ul class="list plan">
                        {list.into_iter().map(|p| {
                            let a = p.activity;
                            let cost = a.expected_cost;
                            let half: Text = if a.half == 1 { |t| t.plan_half_1() } else { |t| t.plan_half_2() };
                            view! {
                                <li>
                                    <strong>{a.title.to_string()}</strong>
                                    <p class="meta">{move || half(i18n.t())} " · " <span class="amount">{move || cost.format(i18n.locale())}</span></p>
                                    <label class="check"><input type="radio" name=format!("plan-{}", p.id) prop:checked=a.done == Some(true) on:change=move |_| mark.run((p.id, true))/>{move || i18n.t().plan_done()}</label>
                                    <label class="check"><input type="radio" name=format!("plan-{}", p.id) prop:checked=a.done == Some(false) on:change=move |_| mark.run((p.id, false))/>{move || i18n.t().plan_not_done()}</label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
        }
    };
    let mark = Callback::new(move |(activity, done)| mark(activity, done));
    view! {
        <h2>{move || i18n.t().dashboard_plan()}</h2>
        <Loaded loader=plan ready=move |list| planned(list, mark)/>
        <form class="panel" novalidate on:submit=on_submit>
            <h3>{move || i18n.t().plan_add_title()}</h3>
            <Field name="title" scope="plan" label=|t| t.plan_activity() value=title error/>
            <div class="field">
                <label for="field-plan-half">{move || i18n.t().plan_half()}</label>
                <select id="field-plan-half" on:change=move |ev| half.set(event_target_value(&ev))>
                    <option value="1" selected=move || half.get() == "1">{move || i18n.t().plan_half_1()}</option>
                    <option value="2" selected=move || half.get() == "2">{move || i18n.t().plan_half_2()}</option>
                </select>
            </div>
            <Field name="expected_cost" scope="plan" label=|t| t.plan_cost() value=cost error inputmode="numeric"/>
            <FormNotice error/>
            <button type="submit" class="button" disabled=move || pending.get()>{move || i18n.t().plan_add()}</button>
        </form>
    }
}
