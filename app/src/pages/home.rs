//! The public home page: every programme and its village councils.

use crate::api;
use crate::components::load::{Loaded, Loader};
use crate::i18n::use_i18n;
use crate::router::Route;
use leptos::prelude::*;
use shared::api::{ProgrammeList, ProgrammeSummary};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let programmes = Loader::new(api::programmes);
    view! {
        <section class="page">
            <h1>{move || i18n.t().home_title()}</h1>
            <p class="lead">{move || i18n.t().home_intro()}</p>
            <p class="actions">
                <a class="button" href=Route::Proposals.href()>{move || i18n.t().home_see_proposals()}</a>
                <a class="button quiet" href=Route::FileGrievance.href()>{move || i18n.t().nav_file_grievance()}</a>
                <a class="button quiet" href=Route::Track(String::new()).href()>{move || i18n.t().nav_track_grievance()}</a>
            </p>
            <Loaded loader=programmes ready=programme_list/>
        </section>
    }
}

fn programme_list(list: ProgrammeList) -> impl IntoView {
    let i18n = use_i18n();
    if list.programmes.is_empty() {
        view! { <p class="empty">{move || i18n.t().home_empty()}</p> }.into_any()
    } else {
        view! {
            <ul class="cards">
                {list.programmes.into_iter().map(|p| view! { <ProgrammeCard programme=p/> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

#[component]
fn ProgrammeCard(programme: ProgrammeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = Route::Programme(programme.id).href();
    let councils = programme
        .councils
        .iter()
        .map(|c| c.name.to_string())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="card">
            <h2><a href=href>{programme.name.to_string()}</a></h2>
            <p class="meta">{programme.operator.to_string()}</p>
            <p class="meta">{programme.region.to_string()}</p>
            <p class="councils">
                <strong>{move || i18n.t().programme_councils()}</strong>
                ": "
                {councils}
            </p>
        </li>
    }
}
