//! The public list of proposals: newest first, filtered by programme, council, category, status
//! and year, twenty at a time with a button for more.

use crate::api;
use crate::components::load::{Load, Loaded, Loader};
use crate::components::status::{ErrorNotice, Loading};
use crate::i18n::{category_label, status_label, use_i18n};
use crate::router::Route;
use leptos::prelude::*;
use shared::api::{ProgrammeSummary, ProposalSummary};
use shared::proposals::{Category, ProposalStatus};

/// The filters as chosen, each empty for "all".
#[derive(Clone, Copy)]
struct Filters {
    programme: RwSignal<String>,
    council: RwSignal<String>,
    category: RwSignal<String>,
    status: RwSignal<String>,
    year: RwSignal<String>,
}

impl Filters {
    fn query(self, after: Option<&str>) -> String {
        let chosen = [
            ("programme", self.programme.get_untracked()),
            ("council", self.council.get_untracked()),
            ("category", self.category.get_untracked()),
            ("status", self.status.get_untracked()),
            ("year", self.year.get_untracked()),
            ("after", after.unwrap_or_default().to_owned()),
        ];
        let pairs: Vec<String> = chosen
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(key, value)| format!("{key}={}", js_sys::encode_uri_component(value)))
            .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

#[component]
pub fn ProposalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let filters = Filters {
        programme: RwSignal::new(String::new()),
        council: RwSignal::new(String::new()),
        category: RwSignal::new(String::new()),
        status: RwSignal::new(String::new()),
        year: RwSignal::new(String::new()),
    };
    let programmes = Loader::new(api::programmes);
    let first = Loader::new(move || {
        let query = filters.query(None);
        async move { api::proposals(&query).await }
    });
    // Pages after the first, appended by "Show more"; cleared when the filters change.
    let more = RwSignal::new(Vec::<ProposalSummary>::new());
    let next = RwSignal::new(None::<String>);
    let more_state = RwSignal::new(None::<Load<()>>);
    let refilter = move || {
        more.set(Vec::new());
        next.set(None);
        more_state.set(None);
        first.reload();
    };
    let load_more = move || {
        let Some(after) = next.get_untracked() else {
            return;
        };
        let query = filters.query(Some(&after));
        more_state.set(Some(Load::Loading));
        leptos::task::spawn_local(async move {
            match api::proposals(&query).await {
                Ok(page) => {
                    more.update(|list| list.extend(page.proposals));
                    next.set(page.next);
                    more_state.set(None);
                }
                Err(e) => more_state.set(Some(Load::Failed(e))),
            }
        });
    };
    let this_year = js_sys::Date::new_0().get_full_year();
    view! {
        <section class="page">
            <h1>{move || i18n.t().proposals_title()}</h1>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <Loaded loader=programmes ready=move |list| view! { <ProgrammeFilters programmes=list.programmes filters refilter/> }/>
                <label>
                    {move || i18n.t().filter_category()}
                    <select on:change=move |ev| { filters.category.set(event_target_value(&ev)); refilter(); }>
                        <option value="">{move || i18n.t().filter_all()}</option>
                        {Category::ALL.into_iter().map(|c| view! {
                            <option value=crate::i18n::wire(&c)>{move || category_label(i18n.t(), c)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {move || i18n.t().filter_status()}
                    <select on:change=move |ev| { filters.status.set(event_target_value(&ev)); refilter(); }>
                        <option value="">{move || i18n.t().filter_all()}</option>
                        {ProposalStatus::ALL.into_iter().filter(|s| s.is_public()).map(|s| view! {
                            <option value=crate::i18n::wire(&s)>{move || status_label(i18n.t(), s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {move || i18n.t().filter_year()}
                    <select on:change=move |ev| { filters.year.set(event_target_value(&ev)); refilter(); }>
                        <option value="">{move || i18n.t().filter_all()}</option>
                        {(2020..=this_year).rev().map(|y| view! { <option value=y.to_string()>{y}</option> }).collect_view()}
                    </select>
                </label>
            </form>
            <Loaded loader=first ready=move |page| {
                next.set(page.next.clone());
                view! { <ProposalList first=page.proposals more/> }
            }/>
            {move || match more_state.get() {
                Some(Load::Loading) => Loading().into_any(),
                Some(Load::Failed(error)) => view! { <ErrorNotice error retry=move |()| load_more()/> }.into_any(),
                _ => next.get().map(|_| view! {
                    <p><button type="button" class="button quiet" on:click=move |_| load_more()>{move || i18n.t().show_more()}</button></p>
                }).into_any(),
            }}
        </section>
    }
}

#[component]
fn ProgrammeFilters(
    programmes: Vec<ProgrammeSummary>,
    filters: Filters,
    refilter: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let all = StoredValue::new(programmes);
    let councils = move || {
        let chosen = filters.programme.get();
        all.with_value(|list| {
            list.iter()
                .filter(|p| p.id.to_string() == chosen)
                .flat_map(|p| p.councils.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label>
            {move || i18n.t().filter_programme()}
            <select on:change=move |ev| {
                filters.programme.set(event_target_value(&ev));
                filters.council.set(String::new());
                refilter();
            }>
                <option value="">{move || i18n.t().filter_all()}</option>
                {all.get_value().into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name.to_string()}</option> }).collect_view()}
            </select>
        </label>
        <label>
            {move || i18n.t().council_label()}
            <select
                disabled=move || filters.programme.get().is_empty()
                on:change=move |ev| { filters.council.set(event_target_value(&ev)); refilter(); }
            >
                <option value="" selected=move || filters.council.get().is_empty()>{move || i18n.t().filter_all()}</option>
                {move || councils().into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name.to_string()}</option> }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn ProposalList(
    first: Vec<ProposalSummary>,
    more: RwSignal<Vec<ProposalSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if first.is_empty() {
        return view! { <p class="empty">{move || i18n.t().proposals_empty()}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {first.into_iter().map(|p| view! { <ProposalCard proposal=p/> }).collect_view()}
            {move || more.get().into_iter().map(|p| view! { <ProposalCard proposal=p/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One proposal in a list: what it is, whose, how much, and where it stands.
#[component]
pub fn ProposalCard(proposal: ProposalSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ProposalSummary {
        id,
        council_name,
        title,
        category,
        status,
        estimated_cost,
        ..
    } = proposal;
    view! {
        <li class="card">
            <a href=Route::Proposal(id).href()>{title.to_string()}</a>
            <p class="meta">
                <span class=format!("badge status-{}", crate::i18n::wire(&status))>{move || status_label(i18n.t(), status)}</span>
                " " {council_name.to_string()} " · " {move || category_label(i18n.t(), category)}
            </p>
            <p class="amount">{move || estimated_cost.format(i18n.locale())}</p>
        </li>
    }
}
