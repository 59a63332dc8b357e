//! One programme: who funds it, where, and its village councils.

use crate::api::{self, ClientError};
use crate::components::load::{Loaded, Loader};
use crate::i18n::{fill, use_i18n};
use crate::pages::receptions::ProgrammeGrievances;
use crate::router::Route;
use leptos::prelude::*;
use shared::api::{ApiError, ProgrammeSummary};
use shared::ProgrammeId;

#[component]
pub fn ProgrammePage(id: ProgrammeId) -> impl IntoView {
    let i18n = use_i18n();
    let programme = Loader::new(move || async move {
        let list = api::programmes().await?;
        list.programmes
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(ClientError::Api(ApiError::NotFound))
    });
    view! {
        <section class="page">
            <p><a class="back" href="/">{move || i18n.t().back_home()}</a></p>
            <Loaded loader=programme ready=|programme| view! { <ProgrammeDetail programme/> }/>
        </section>
    }
}

#[component]
fn ProgrammeDetail(programme: ProgrammeSummary) -> impl IntoView {
    let i18n = use_i18n();
    let councils = programme.councils;
    let programme_id = programme.id;
    // This year's grievance figures: the year on the reader's calendar.
    let this_year = u16::try_from(crate::clock::now().date().year()).unwrap_or_default();
    view! {
        <h1>{programme.name.to_string()}</h1>
        <dl class="facts">
            <dt>{move || i18n.t().programme_operator()}</dt>
            <dd>{programme.operator.to_string()}</dd>
            <dt>{move || i18n.t().programme_region()}</dt>
            <dd>{programme.region.to_string()}</dd>
        </dl>
        <h2>{move || i18n.t().programme_years()}</h2>
        {if programme.years.is_empty() {
            view! { <p class="empty">{move || i18n.t().programme_no_years()}</p> }.into_any()
        } else {
            view! {
                <ul class="list">
                    {programme.years.into_iter().map(|year| view! {
                        <li><a href=Route::Year(programme.id, year).href()>{move || fill(i18n.t().year_title(), &[("year", &year.to_string())])}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>{move || i18n.t().programme_councils()}</h2>
        {if councils.is_empty() {
            view! { <p class="empty">{move || i18n.t().programme_no_councils()}</p> }.into_any()
        } else {
            view! {
                <ul class="list">
                    {councils.into_iter().map(|c| view! { <li>{c.name.to_string()}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <ProgrammeGrievances programme=programme_id year=this_year/>
    }
}
