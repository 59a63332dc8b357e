//! The public project page: where a project stands (progress, budget against spending, overdue
//! milestones, overspend in red), what it produced, the manager's updates, the council's
//! monitoring reports with the manager's answers, and the full history. The manager of the
//! programme and the members of the project's council find their forms on the same page.

use crate::api;
use crate::components::history::History;
use crate::components::lazy::lazy_part;
use crate::components::load::{Load, Loaded, Loader};
use crate::i18n::{day, fill, rating_label, unit_label, use_i18n, wire, Texts};
use crate::router::Route;
use leptos::prelude::*;
use shared::api::{MilestoneView, OutputView, ProjectView, ReportView, SpendingView, UpdateView};
use shared::projects::Budget;
use shared::projects::ProjectStatus;
use shared::{Money, PhotoId, ProjectId, ReportId};

#[component]
pub fn ProjectPage(id: ProjectId) -> impl IntoView {
    let loader = Loader::new(move || api::project(id));
    view! {
        <section class="page project">
            <Loaded loader ready=move |view| view! { <Project view loader/> }/>
        </section>
    }
}

/// Shows the project as the server answered a write, without asking again.
pub fn show(loader: Loader<ProjectView>, view: ProjectView) {
    loader.state.set(Load::Ready(view));
}

/// A manager's form, whose code only managers download.
fn manager(id: ProjectId, form: ManagerForm, loader: Loader<ProjectView>) -> impl IntoView {
    lazy_part(move || crate::pages::project_manager_forms(id, form, loader))
}

pub fn status_label(t: &Texts, status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::NotStarted => t.project_not_started(),
        ProjectStatus::Underway => t.project_underway(),
        ProjectStatus::Completed => t.project_completed(),
    }
}

/// A share of a whole as a CSS width, capped at 100 %.
pub fn width(part: i64, whole: i64) -> String {
    let percent = (part.max(0) * 100).checked_div(whole).unwrap_or(0).min(100);
    format!("{percent}%")
}

#[component]
fn Project(view: ProjectView, loader: Loader<ProjectView>) -> impl IntoView {
    let i18n = use_i18n();
    let project = view.project.clone();
    let id = project.id;
    let budget = view.budget;
    let progress = view.progress;
    let status = view.status;
    let overdue = view.overdue;
    let open_problems = view.reports.iter().filter(|r| r.needs_answer).count();
    let (manage, monitor) = (view.may_manage, view.may_monitor);
    let beneficiaries = project.beneficiaries;
    let year_link = Route::Year(project.programme, project.year).href();
    view! {
        <p><a class="back" href=year_link>{move || fill(i18n.t().project_back_year(), &[("year", &project.year.to_string())])}</a></p>
        <h1>{project.title.to_string()}</h1>
        <p class="meta">{view.council_name.to_string()} " · " {view.programme_name.to_string()}</p>
        {project.proposal.map(|p| view! { <p><a href=Route::Proposal(p).href()>{move || i18n.t().project_proposal_link()}</a></p> })}
        <p class="flags">
            <span class=format!("badge project-{}", wire(&status))>{move || status_label(i18n.t(), status)}</span>
            {budget.overspent.then(|| view! {
                <span class="flag danger">{move || fill(i18n.t().project_overspent(), &[("amount", &Money::tenge(-budget.remaining.amount()).format(i18n.locale()))])}</span>
            })}
            {(overdue > 0).then(|| view! {
                <span class="flag danger">{move || fill(i18n.t().project_overdue(), &[("count", &overdue.to_string())])}</span>
            })}
            {(open_problems > 0).then(|| view! {
                <span class="flag warning">{move || fill(i18n.t().project_problems_open(), &[("count", &open_problems.to_string())])}</span>
            })}
        </p>
        <h2>{move || i18n.t().project_progress_title()}</h2>
        <p>{move || fill(i18n.t().project_progress(), &[("done", &progress.done.to_string()), ("total", &progress.total.to_string())])}</p>
        <span class="bar" role="presentation"><span style:width=format!("{}%", progress.percent)></span></span>
        <h2>{move || i18n.t().project_budget()}</h2>
        <dl class="facts">
            <dt>{move || i18n.t().funds_approved()}</dt>
            <dd class="amount">{move || budget.approved.format(i18n.locale())}</dd>
            <dt>{move || i18n.t().funds_spent()}</dt>
            <dd class="amount" class:danger=budget.overspent>{move || budget.spent.format(i18n.locale())}</dd>
            <dt>{move || i18n.t().funds_remaining()}</dt>
            <dd class="amount" class:danger=budget.overspent>{move || budget.remaining.format(i18n.locale())}</dd>
            {(beneficiaries > 0).then(|| view! {
                <dt>{move || i18n.t().project_beneficiaries()}</dt>
                <dd>{move || shared::money::group_digits(u64::from(beneficiaries), i18n.locale())}</dd>
            })}
        </dl>
        <span class="bar" class:over=budget.overspent role="presentation"><span style:width=width(budget.spent.amount(), budget.approved.amount())></span></span>

        <h2>{move || i18n.t().project_milestones()}</h2>
        <Milestones id list=view.milestones manage loader/>
        {manage.then(|| manager(id, ManagerForm::AddMilestone, loader))}

        <h2>{move || i18n.t().project_spending()}</h2>
        <SpendingList list=view.spending/>
        {manage.then(|| manager(id, ManagerForm::AddSpending { budget }, loader))}

        <h2>{move || i18n.t().project_outputs()}</h2>
        <Outputs list=view.outputs/>
        {manage.then(|| (manager(id, ManagerForm::AddOutput, loader), manager(id, ManagerForm::Beneficiaries { current: beneficiaries }, loader)))}

        <h2>{move || i18n.t().project_updates()}</h2>
        <Updates list=view.updates/>
        {manage.then(|| manager(id, ManagerForm::PostUpdate, loader))}

        <h2 id="monitoring">{move || i18n.t().project_monitoring()}</h2>
        {monitor.then(|| lazy_part(move || crate::pages::report_form(id, loader)))}
        <Reports list=view.reports manage loader/>

        <History entries=view.history/>
    }
}

#[component]
fn Milestones(
    id: ProjectId,
    list: Vec<MilestoneView>,
    manage: bool,
    loader: Loader<ProjectView>,
) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().project_no_milestones()}</p> }
            .into_any();
    }
    view! {
        <ul class="list milestones">
            {list.into_iter().map(|m| {
                let due = m.milestone.due;
                let done = m.milestone.done;
                view! {
                    <li class:done=done.is_some() class:overdue=m.overdue>
                        <strong>{m.milestone.title.to_string()}</strong>
                        <p class="meta">
                            {move || fill(i18n.t().project_due(), &[("date", &day(i18n.t(), due))])}
                            {done.map(|d| view! { " · " {move || fill(i18n.t().project_done_on(), &[("date", &day(i18n.t(), d))])} })}
                        </p>
                        {m.overdue.then(|| view! { <span class="flag danger">{move || i18n.t().project_overdue_flag()}</span> })}
                        {(manage && done.is_none()).then(|| manager(id, ManagerForm::MarkDone { milestone: m.id }, loader))}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn SpendingList(list: Vec<SpendingView>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().project_no_spending()}</p> }.into_any();
    }
    view! {
        <ul class="list spending">
            {list.into_iter().map(|s| {
                let date = s.spending.date;
                let amount = s.spending.amount;
                view! {
                    <li>
                        <span class="amount">{move || amount.format(i18n.locale())}</span>
                        <span>{s.spending.purpose.to_string()}</span>
                        <span class="meta">{move || day(i18n.t(), date)}</span>
                        {s.receipt.map(|r| view! { <a href=api::photo_url(r) target="_blank">{move || i18n.t().spending_receipt_link()}</a> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Outputs(list: Vec<OutputView>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().project_no_outputs()}</p> }.into_any();
    }
    view! {
        <ul class="list outputs">
            {list.into_iter().map(|o| {
                let quantity = o.output.quantity;
                let unit = o.output.unit;
                view! {
                    <li>
                        <strong class="amount">{move || format!("{} {}", shared::money::group_digits(quantity, i18n.locale()), unit_label(i18n.t(), unit))}</strong>
                        " " <span>{o.output.what.to_string()}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn PhotoStrip(photos: Vec<PhotoId>) -> impl IntoView {
    let i18n = use_i18n();
    (!photos.is_empty()).then(|| view! {
        <ul class="photos">
            {photos.into_iter().map(|p| view! {
                <li><a href=api::photo_url(p) target="_blank"><img src=api::photo_url(p) alt=move || i18n.t().photo_alt() loading="lazy" width="160" height="120"/></a></li>
            }).collect_view()}
        </ul>
    })
}

#[component]
fn Updates(list: Vec<UpdateView>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().project_no_updates()}</p> }.into_any();
    }
    view! {
        <ul class="list updates">
            {list.into_iter().map(|u| {
                let date = u.update.date;
                view! {
                    <li class="card">
                        <p class="meta">{move || day(i18n.t(), date)}</p>
                        <p class="prose">{u.update.text.to_string()}</p>
                        <PhotoStrip photos=u.photos/>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Reports(list: Vec<ReportView>, manage: bool, loader: Loader<ProjectView>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().project_no_reports()}</p> }.into_any();
    }
    view! {
        <ul class="list reports">
            {list.into_iter().map(|r| view! { <Report report=r manage loader/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn Report(report: ReportView, manage: bool, loader: Loader<ProjectView>) -> impl IntoView {
    let i18n = use_i18n();
    let rating = report.rating;
    let at = report.at;
    let answered_at = report.answered_at;
    view! {
        <li class="card report">
            <p>
                <span class=format!("badge rating-{}", wire(&rating))>{move || rating_label(i18n.t(), rating)}</span>
                " " <span class="meta">{move || crate::i18n::date_time(i18n.t(), at)}</span>
            </p>
            <p class="prose">{report.comment.to_string()}</p>
            <PhotoStrip photos=report.photos/>
            {match report.answer {
                Some(answer) => view! {
                    <div class="answer">
                        <strong>{move || i18n.t().report_answer()}</strong>
                        {answered_at.map(|a| view! { " " <span class="meta">{move || crate::i18n::date_time(i18n.t(), a)}</span> })}
                        <p class="prose">{answer.to_string()}</p>
                    </div>
                }.into_any(),
                None if report.needs_answer => view! {
                    <p class="flag warning">{move || i18n.t().report_awaiting()}</p>
                    {manage.then(|| manager(report.project, ManagerForm::Answer { report: report.id }, loader))}
                }.into_any(),
                None => ().into_any(),
            }}
        </li>
    }
}

/// A form of the programme manager's on the project page, with what it needs of the page.
#[derive(Clone, Copy)]
pub enum ManagerForm {
    AddMilestone,
    MarkDone { milestone: i64 },
    AddSpending { budget: Budget },
    AddOutput,
    Beneficiaries { current: u32 },
    PostUpdate,
    Answer { report: ReportId },
}
