//! A programme year's public report: budget, allocated, approved and spent per council and per
//! category as small inline SVG charts, proposals by status, every project with its progress and
//! red flags, the half-year plan against what was done, and the open-data downloads. It prints
//! as the year's report for a public hearing.

use crate::api;
use crate::components::load::Loaded;
use crate::components::load::Loader;
use crate::i18n::{category_label, fill, status_label, use_i18n, wire, Text, Texts};
use crate::pages::project::{status_label as project_status, width};
use crate::pages::year::Glance;
use crate::router::Route;
use leptos::prelude::*;
use shared::api::{Dashboard, PlannedView, ProjectSummary};
use shared::open_data::{Dataset, Format};
use shared::{Money, ProgrammeId};

#[component]
pub fn DashboardPage(programme: ProgrammeId, year: u16) -> impl IntoView {
    let i18n = use_i18n();
    let loader = Loader::new(move || api::dashboard(programme, year));
    view! {
        <section class="page dashboard">
            <p class="no-print"><a class="back" href=Route::Programme(programme).href()>{move || i18n.t().back_home()}</a></p>
            <Loaded loader ready=move |d| view! { <Report d/> }/>
        </section>
    }
}

#[component]
fn Report(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let (programme, year) = (d.programme, d.year.plan.year);
    let programme_name = d.programme_name.to_string();
    let councils: Vec<Bars> = d
        .year
        .councils
        .iter()
        .map(|c| Bars {
            label: c.name.to_string(),
            values: vec![c.allocated, c.approved, c.spent],
        })
        .collect();
    let categories = d.categories.clone();
    view! {
        <h1>{move || fill(i18n.t().dashboard_title(), &[("programme", &programme_name), ("year", &year.to_string())])}</h1>
        <p class="no-print"><button type="button" class="button quiet" on:click=move |_| { let _ = window().print(); }>{move || i18n.t().dashboard_print()}</button></p>
        <Glance view=d.year.clone() cards=false/>
        <h2>{move || i18n.t().dashboard_councils()}</h2>
        <Chart rows=councils series=&SERIES/>
        <h2>{move || i18n.t().dashboard_categories()}</h2>
        {move || {
            let t = i18n.t();
            let rows: Vec<Bars> = categories
                .iter()
                .map(|c| Bars {
                    label: category_label(t, c.category).to_owned(),
                    values: vec![c.approved, c.spent],
                })
                .collect();
            if rows.is_empty() {
                view! { <p class="empty">{t.dashboard_no_projects()}</p> }.into_any()
            } else {
                view! { <Chart rows series=&SERIES[1..]/> }.into_any()
            }
        }}
        <h2>{move || i18n.t().dashboard_proposals()}</h2>
        {if d.proposals.is_empty() {
            view! { <p class="empty">{move || i18n.t().dashboard_no_proposals()}</p> }.into_any()
        } else {
            view! {
                <dl class="facts">
                    {d.proposals.into_iter().map(|c| view! {
                        <dt><span class=format!("badge status-{}", wire(&c.status))>{move || status_label(i18n.t(), c.status)}</span></dt>
                        <dd>{c.count.to_string()}</dd>
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
        <h2>{move || i18n.t().dashboard_projects()}</h2>
        {(!d.projects.is_empty()).then(|| {
            let overspent = d.projects.iter().filter(|p| p.budget.overspent).count().to_string();
            let late = d.projects.iter().filter(|p| p.overdue > 0).count().to_string();
            view! { <p class="flags-summary">{move || fill(i18n.t().dashboard_flags(), &[("overspent", &overspent), ("late", &late)])}</p> }
        })}
        <Projects list=d.projects/>
        <h2>{move || i18n.t().dashboard_plan()}</h2>
        <Plan list=d.plan/>
        <h2>{move || i18n.t().dashboard_downloads()}</h2>
        <Downloads programme year/>
    }
}

/// One row of a chart: a value for each series.
#[derive(Clone)]
struct Bars {
    label: String,
    values: Vec<Money>,
}

const SERIES: [(&str, Text); 3] = [
    ("allocated", |t: &Texts| t.funds_allocated()),
    ("approved", |t: &Texts| t.funds_approved()),
    ("spent", |t: &Texts| t.funds_spent()),
];

/// Horizontal bars drawn as inline SVG: one group per row, scaled to the largest value, so a
/// phone shows them without downloading a charting library.
#[component]
fn Chart(rows: Vec<Bars>, series: &'static [(&'static str, Text)]) -> impl IntoView {
    let i18n = use_i18n();
    let largest = rows
        .iter()
        .flat_map(|r| r.values.iter().map(|v| v.amount()))
        .max()
        .unwrap_or(0)
        .max(1);
    let row_height = 4 + 12 * i64::try_from(series.len()).unwrap_or(3) + 6;
    let height = i64::try_from(rows.len()).unwrap_or(0) * row_height;
    let bar = |amount: Money| (amount.amount().max(0) * 300 / largest).max(1);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 300 {height}") width="100%" role="img" aria-hidden="true" preserveAspectRatio="none">
                {rows.iter().enumerate().map(|(i, row)| {
                    let top = i64::try_from(i).unwrap_or(0) * row_height;
                    row.values.iter().enumerate().map(|(k, v)| {
                        let k = i64::try_from(k).unwrap_or(0);
                        let class = series.get(usize::try_from(k).unwrap_or(0)).map_or("", |s| s.0);
                        view! { <rect class=class x="0" y=(top + 4 + k * 12).to_string() height="10" width=bar(*v).to_string()></rect> }
                    }).collect_view()
                }).collect_view()}
            </svg>
            <figcaption>
                <ul class="legend">
                    {series.iter().map(|&(class, label)| view! { <li><span class=format!("key {class}")></span>{move || label(i18n.t())}</li> }).collect_view()}
                </ul>
                <table class="figures">
                    {rows.into_iter().map(|row| {
                        let columns = row.values.len().to_string();
                        // One group per row, so its name and its figures stay together.
                        view! {
                            <tbody>
                                <tr><th scope="colgroup" colspan=columns>{row.label}</th></tr>
                                <tr>
                                    {row.values.into_iter().zip(series).map(|(v, (class, _))| view! {
                                        <td class="amount"><span class=format!("key {class}")></span>{move || v.format(i18n.locale())}</td>
                                    }).collect_view()}
                                </tr>
                            </tbody>
                        }
                    }).collect_view()}
                </table>
            </figcaption>
        </figure>
    }
}

#[component]
fn Projects(list: Vec<ProjectSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().dashboard_no_projects()}</p> }
            .into_any();
    }
    view! {
        <ul class="cards projects">
            {list.into_iter().map(|p| {
                let budget = p.budget;
                let progress = p.progress;
                let status = p.status;
                let overdue = p.overdue;
                let problems = p.open_problems;
                view! {
                    <li class="card">
                        <a href=Route::Project(p.id).href()>{p.title.to_string()}</a>
                        <p class="meta">{p.council_name.to_string()} " · " {move || category_label(i18n.t(), p.category)}</p>
                        <p class="flags">
                            <span class=format!("badge project-{}", wire(&status))>{move || project_status(i18n.t(), status)}</span>
                            {budget.overspent.then(|| view! { <span class="flag danger">{move || i18n.t().dashboard_overspent()}</span> })}
                            {(overdue > 0).then(|| view! { <span class="flag danger">{move || i18n.t().dashboard_late()}</span> })}
                            {(problems > 0).then(|| view! { <span class="flag warning">{move || fill(i18n.t().project_problems_open(), &[("count", &problems.to_string())])}</span> })}
                        </p>
                        <p class="meta">{move || fill(i18n.t().project_progress(), &[("done", &progress.done.to_string()), ("total", &progress.total.to_string())])}</p>
                        <span class="bar" role="presentation"><span style:width=format!("{}%", progress.percent)></span></span>
                        <p class="meta">
                            {move || i18n.t().funds_spent()} ": "
                            <span class="amount" class:danger=budget.overspent>{move || budget.spent.format(i18n.locale())}</span>
                            " / " {move || budget.approved.format(i18n.locale())}
                        </p>
                        <span class="bar" class:over=budget.overspent role="presentation"><span style:width=width(budget.spent.amount(), budget.approved.amount())></span></span>
                        <p class="meta head" title=p.history_head.clone()>
                            {move || i18n.t().history_head_label()} " " <code>{p.history_head.get(..16).unwrap_or_default().to_owned()}</code>
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Plan(list: Vec<PlannedView>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().plan_empty()}</p> }.into_any();
    }
    let planned = Money::sum(list.iter().map(|p| p.activity.expected_cost)).unwrap_or(Money::ZERO);
    let done = Money::sum(
        list.iter()
            .filter(|p| p.activity.done == Some(true))
            .map(|p| p.activity.expected_cost),
    )
    .unwrap_or(Money::ZERO);
    view! {
        <p>
            {move || fill(i18n.t().plan_totals(), &[("planned", &planned.format(i18n.locale())), ("done", &done.format(i18n.locale()))])}
        </p>
        <ul class="list plan">
            {list.into_iter().map(|p| {
                let a = p.activity;
                let half: Text = if a.half == 1 { |t| t.plan_half_1() } else { |t| t.plan_half_2() };
                let state: Text = match a.done {
                    Some(true) => |t| t.plan_done(),
                    Some(false) => |t| t.plan_not_done(),
                    None => |t| t.plan_pending(),
                };
                let cost = a.expected_cost;
                view! {
                    <li>
                        <strong>{a.title.to_string()}</strong>
                        <p class="meta">{move || half(i18n.t())} " · " <span class="amount">{move || cost.format(i18n.locale())}</span> " · " {move || state(i18n.t())}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Downloads(programme: ProgrammeId, year: u16) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="no-print">{move || i18n.t().dashboard_downloads_intro()} " " <a href=Route::OpenData.href()>{move || i18n.t().dashboard_columns_link()}</a></p>
        <ul class="list downloads no-print">
            {Dataset::ALL.into_iter().map(|dataset| view! {
                <li>
                    <strong>{move || crate::pages::open_data::dataset_label(i18n.t(), dataset)}</strong> " "
                    <a href=api::open_data_url(programme, year, dataset, Format::Csv) download=format!("kenes-{year}-{}", dataset.file_name(Format::Csv))>"CSV"</a> " · "
                    <a href=api::open_data_url(programme, year, dataset, Format::Json) download=format!("kenes-{year}-{}", dataset.file_name(Format::Json))>"JSON"</a>
                </li>
            }).collect_view()}
        </ul>
    }
}
