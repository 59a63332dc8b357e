//! The manager's list of monitoring reports marked "problem" that wait for an answer, oldest
//! first, each with a link to answer it on its project's page.

use crate::api;
use crate::components::load::{Loaded, Loader};
use crate::components::status::NotForYou;
use crate::i18n::{date_time, use_i18n};
use crate::router::Route;
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::UnansweredReport;
use shared::roles::Role;

#[component]
pub fn MonitoringPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        match session.get() {
        Some(me) if me.role == Role::Manager => Unanswered().into_any(),
        _ => view! { <NotForYou title=Signal::derive(move || i18n.t().monitoring_title().to_owned()) notice=|t| t.manage_only_managers()/> }.into_any(),
    }
    }
}

#[component]
fn Unanswered() -> impl IntoView {
    let i18n = use_i18n();
    let loader = Loader::new(api::unanswered_reports);
    view! {
        <section class="page">
            <h1>{move || i18n.t().monitoring_title()}</h1>
            <Loaded loader ready=|list| view! { <List list/> }/>
        </section>
    }
}

#[component]
fn List(list: Vec<UnansweredReport>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().monitoring_empty()}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {list.into_iter().map(|item| {
                let at = item.report.at;
                view! {
                    <li class="card">
                        <a href=format!("{}#monitoring", Route::Project(item.report.project).href())>{item.project_title.to_string()}</a>
                        <p class="meta">{item.council_name.to_string()} " · " {move || date_time(i18n.t(), at)}</p>
                        <p class="prose">{item.report.comment.to_string()}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
