//! The forms of the project page: the manager's (milestones, spending, results, people reached,
//! updates, answers) and the council member's monitoring report. Each shows the project as the
//! server answered; on an error, what was typed stays and the message says what to fix.

use crate::api::{self, ClientError, Waits};
use crate::components::fix::Fix;
use crate::components::form::{send, Field, FormError, FormNotice, TextArea};
use crate::components::load::Loader;
use crate::components::photo::ProjectPhotos;
use crate::i18n::{fill, rating_label, unit_label, use_i18n, wire, Text};
use crate::pages::project::{show, ManagerForm};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::api::{
    AnswerRequest, BeneficiariesRequest, MilestoneDoneRequest, MilestoneRequest, OutputRequest,
    ProjectView, ReportRequest, SpendingRequest, UpdateRequest,
};
use shared::projects::{Budget, MonitoringRating, Unit};
use shared::{Money, PhotoId, ProjectId, ReportId};
use std::future::Future;

/// The manager's form `form`; its code comes with the staff's module (`pages::split_views`).
pub fn manager_form(id: ProjectId, form: ManagerForm, loader: Loader<ProjectView>) -> AnyView {
    match form {
        ManagerForm::AddMilestone => view! { <AddMilestone id loader/> }.into_any(),
        ManagerForm::MarkDone { milestone } => view! { <MarkDone id milestone loader/> }.into_any(),
        ManagerForm::AddSpending { budget } => view! { <AddSpending id budget loader/> }.into_any(),
        ManagerForm::AddOutput => view! { <AddOutput id loader/> }.into_any(),
        ManagerForm::Beneficiaries { current } => {
            view! { <Beneficiaries id current loader/> }.into_any()
        }
        ManagerForm::PostUpdate => view! { <PostUpdate id loader/> }.into_any(),
        ManagerForm::Answer { report } => view! { <AnswerForm id report loader/> }.into_any(),
    }
}

/// Sends a form's request; the project as answered replaces the page, an error stays with the
/// form.
fn submit<F>(pending: RwSignal<bool>, error: FormError, loader: Loader<ProjectView>, request: F)
where
    F: Future<Output = Result<ProjectView, ClientError>> + 'static,
{
    send(pending, async move {
        match request.await {
            Ok(view) => {
                error.set(None);
                show(loader, view);
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

/// A form folded under its title until opened, so the page stays short on a phone.
#[component]
fn Folded(title: Text, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="panel folded">
            <summary>{move || title(i18n.t())}</summary>
            {children()}
        </details>
    }
}

#[component]
fn Send(pending: RwSignal<bool>, label: Text) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button" disabled=move || pending.get()>
            {move || if pending.get() { i18n.t().sending() } else { label(i18n.t()) }}
        </button>
    }
}

#[component]
pub fn AddMilestone(id: ProjectId, loader: Loader<ProjectView>) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = MilestoneRequest {
            title: title.get_untracked(),
            due: due.get_untracked(),
        };
        submit(pending, error, loader, async move {
            api::add_milestone(id, &request).await
        });
    };
    view! {
        <Folded title=|t| t.milestone_add()>
            <form novalidate on:submit=on_submit>
                <Field name="title" scope="milestone" label=|t| t.milestone_title() value=title error/>
                <Field name="due" scope="milestone" label=|t| t.milestone_due() value=due error kind="date"/>
                <FormNotice error/>
                <Send pending label=|t| t.milestone_add()/>
            </form>
        </Folded>
    }
}

#[component]
pub fn MarkDone(id: ProjectId, milestone: i64, loader: Loader<ProjectView>) -> impl IntoView {
    let done = RwSignal::new(crate::clock::today());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = MilestoneDoneRequest {
            done: done.get_untracked(),
        };
        submit(pending, error, loader, async move {
            api::milestone_done(id, milestone, &request).await
        });
    };
    view! {
        <form class="inline" novalidate on:submit=on_submit>
            <Field name="done" scope=format!("milestone-{milestone}") label=|t| t.milestone_done_date() value=done error kind="date"/>
            <FormNotice error/>
            <Send pending label=|t| t.milestone_mark_done()/>
        </form>
    }
}

/// How far past the budget an entry of `typed` would take the project, if it would.
fn overspend(budget: Budget, typed: &str) -> Option<Money> {
    let amount = Money::parse(typed).ok()?;
    let after = budget.remaining.checked_sub(amount).ok()?;
    after.is_negative().then(|| Money::tenge(-after.amount()))
}

#[component]
pub fn AddSpending(id: ProjectId, budget: Budget, loader: Loader<ProjectView>) -> impl IntoView {
    let i18n = use_i18n();
    let date = RwSignal::new(crate::clock::today());
    let amount = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let receipt = RwSignal::new(Vec::<PhotoId>::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = SpendingRequest {
            date: date.get_untracked(),
            amount: amount.get_untracked(),
            purpose: purpose.get_untracked(),
            receipt: receipt.with_untracked(|r| r.first().copied()),
        };
        submit(pending, error, loader, async move {
            api::add_spending(id, &request).await
        });
    };
    view! {
        <Folded title=|t| t.spending_add()>
            <form novalidate on:submit=on_submit>
                <Field name="date" scope="spending" label=|t| t.spending_date() value=date error kind="date"/>
                <Field name="amount" scope="spending" label=|t| t.spending_amount() value=amount error inputmode="numeric"/>
                {move || amount.with(|typed| overspend(budget, typed)).map(|over| view! {
                    <p class="notice warning" role="status">{move || fill(i18n.t().spending_overspend_warning(), &[("amount", &over.format(i18n.locale()))])}</p>
                })}
                <Field name="purpose" scope="spending" label=|t| t.spending_purpose() value=purpose error/>
                <ProjectPhotos project=id uploaded=receipt label=|t| t.spending_receipt() max=1/>
                <p class="field-error" role="alert">{move || error.for_field(i18n.t(), "receipt")}</p>
                <FormNotice error/>
                <Send pending label=|t| t.spending_add()/>
            </form>
        </Folded>
    }
}

#[component]
pub fn AddOutput(id: ProjectId, loader: Loader<ProjectView>) -> impl IntoView {
    let i18n = use_i18n();
    let quantity = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = OutputRequest {
            quantity: quantity.get_untracked(),
            unit: unit.get_untracked(),
            what: what.get_untracked(),
        };
        submit(pending, error, loader, async move {
            api::add_output(id, &request).await
        });
    };
    // A unit left unchosen has its own message, clearer than the generic one.
    let unit_message = move || {
        error.for_field(i18n.t(), "unit").map(|generic| {
            if unit.with(String::is_empty) {
                i18n.t().output_unit_required().to_owned()
            } else {
                generic
            }
        })
    };
    view! {
        <Folded title=|t| t.output_add()>
            <form novalidate on:submit=on_submit>
                <Field name="quantity" scope="output" label=|t| t.output_quantity() value=quantity error inputmode="numeric"/>
                <div class="field" class:invalid=move || unit_message().is_some()>
                    <label for="field-output-unit">{move || i18n.t().output_unit()}</label>
                    <select id="field-output-unit" name="unit" aria-describedby="field-output-unit-message"
                        aria-invalid=move || unit_message().is_some().to_string()
                        on:change=move |ev| unit.set(event_target_value(&ev))>
                        <option value="" selected=move || unit.with(String::is_empty)>{move || i18n.t().output_unit_choose()}</option>
                        {Unit::ALL.into_iter().map(|u| view! {
                            <option value=wire(&u) selected=move || unit.get() == wire(&u)>{move || unit_label(i18n.t(), u)}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="field-output-unit-message" role="alert">{unit_message}</p>
                </div>
                <Field name="what" scope="output" label=|t| t.output_what() value=what error/>
                <FormNotice error/>
                <Send pending label=|t| t.output_add()/>
            </form>
        </Folded>
    }
}

#[component]
pub fn Beneficiaries(id: ProjectId, current: u32, loader: Loader<ProjectView>) -> impl IntoView {
    let count = RwSignal::new(if current > 0 {
        current.to_string()
    } else {
        String::new()
    });
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = BeneficiariesRequest {
            count: count.get_untracked(),
        };
        submit(pending, error, loader, async move {
            api::set_beneficiaries(id, &request).await
        });
    };
    view! {
        <Folded title=|t| t.beneficiaries_title()>
            <form novalidate on:submit=on_submit>
                <Field name="count" scope="beneficiaries" label=|t| t.project_beneficiaries() value=count error inputmode="numeric"/>
                <FormNotice error/>
                <Send pending label=|t| t.save()/>
            </form>
        </Folded>
    }
}

#[component]
pub fn PostUpdate(id: ProjectId, loader: Loader<ProjectView>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<PhotoId>::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = UpdateRequest {
            text: text.get_untracked(),
            photos: photos.get_untracked(),
        };
        submit(pending, error, loader, async move {
            api::post_update(id, &request).await
        });
    };
    view! {
        <Folded title=|t| t.update_post()>
            <form novalidate on:submit=on_submit>
                <TextArea name="text" label=|t| t.update_text() value=text error rows=4/>
                <ProjectPhotos project=id uploaded=photos label=|t| t.photos_label()/>
                <FormNotice error/>
                <Send pending label=|t| t.update_post()/>
            </form>
        </Folded>
    }
}

#[component]
pub fn ReportForm(id: ProjectId, loader: Loader<ProjectView>) -> impl IntoView {
    let i18n = use_i18n();
    let rating = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<PhotoId>::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let fix = Fix::new(Waits::Report, error, move |refused: ReportRequest| {
        rating.set(refused.rating);
        comment.set(refused.comment);
        photos.set(refused.photos);
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = ReportRequest {
            rating: rating.get_untracked(),
            comment: comment.get_untracked(),
            photos: photos.get_untracked(),
        };
        send(pending, async move {
            let result = api::post_report(id, &request).await;
            fix.done(&result);
            match result {
                Ok(view) => {
                    error.set(None);
                    show(loader, view);
                }
                // Kept in the outbox: the form empties so it is not sent twice.
                Err(ClientError::Queued) => {
                    rating.set(String::new());
                    comment.set(String::new());
                    photos.set(Vec::new());
                    error.set(Some(ClientError::Queued));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let ratings = [
        MonitoringRating::OnTrack,
        MonitoringRating::Concerns,
        MonitoringRating::Problem,
    ];
    view! {
        <form class="panel report-form" novalidate on:submit=on_submit>
            <h3>{move || i18n.t().report_title()}</h3>
            <fieldset class:invalid=move || error.for_field(i18n.t(), "rating").is_some()>
                <legend>{move || i18n.t().report_rating()}</legend>
                {ratings.into_iter().map(|r| view! {
                    <label class="check">
                        <input type="radio" name="rating" value=wire(&r) prop:checked=move || rating.with(|chosen| *chosen == wire(&r)) on:change=move |_| rating.set(wire(&r))/>
                        {move || rating_label(i18n.t(), r)}
                    </label>
                }).collect_view()}
                <p class="field-error" role="alert">{move || error.for_field(i18n.t(), "rating")}</p>
            </fieldset>
            <TextArea name="comment" label=|t| t.report_comment() value=comment error rows=4/>
            <ProjectPhotos project=id uploaded=photos label=|t| t.photos_label()/>
            <FormNotice error/>
            <Send pending label=|t| t.report_send()/>
        </form>
    }
}

#[component]
pub fn AnswerForm(id: ProjectId, report: ReportId, loader: Loader<ProjectView>) -> impl IntoView {
    let answer = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = AnswerRequest {
            answer: answer.get_untracked(),
        };
        submit(pending, error, loader, async move {
            api::answer_report(id, report, &request).await
        });
    };
    view! {
        <form class="answer-form" novalidate on:submit=on_submit>
            <TextArea name="answer" scope=report.to_string() label=|t| t.answer_label() value=answer error/>
            <FormNotice error/>
            <Send pending label=|t| t.answer_send()/>
        </form>
    }
}
