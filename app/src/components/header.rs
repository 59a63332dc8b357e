//! The page header: the product's name, home link and the language switcher.

use crate::api;
use crate::components::form::send;
use crate::i18n::{fill, use_i18n};
use crate::router::{use_navigator, Route};
use crate::session::use_session;
use leptos::prelude::*;
use shared::roles::Role;
use shared::Locale;

/// Each language is named in itself, so a user finds their own whatever is on screen.
fn endonym(locale: Locale) -> &'static str {
    match locale {
        Locale::Kk => "Қазақша",
        Locale::Ru => "Русский",
        Locale::En => "English",
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="top">
            <a class="brand" href="/">
                <span class="brand-name">{move || i18n.t().app_name()}</span>
                <span class="brand-tagline">{move || i18n.t().tagline()}</span>
            </a>
            <Account/>
            <nav class="languages" aria-label=move || i18n.t().language()>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        view! {
                            <button
                                type="button"
                                lang=locale.code()
                                aria-pressed=move || (i18n.locale() == locale).to_string()
                                on:click=move |_| i18n.set(locale)
                            >
                                {endonym(locale)}
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
        </header>
    }
}

/// Who is signed in, with the way out; or the way in.
#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let pending = RwSignal::new(false);
    let sign_out = move |_| {
        // Signing out empties the outbox (a shared phone must not send them in another's name).
        let unsent = untrack(crate::offline::outbox_count);
        if unsent > 0
            && !window()
                .confirm_with_message(&fill(
                    i18n.t().sign_out_outbox_confirm(),
                    &[("count", &unsent.to_string())],
                ))
                .unwrap_or(false)
        {
            return;
        }
        send(pending, async move {
            // Signed out on this device whatever the server answers.
            let _ = api::sign_out().await;
            session.set(None);
            navigator.go(&Route::Home);
        });
    };
    move || {
        match session.get() {
        Some(me) => view! {
            <nav class="account">
                <span class="who">{me.name.to_string()}</span>
                {(me.role == Role::CouncilMember).then(|| view! {
                    <a href=Route::NewProposal.href()>{move || i18n.t().nav_new_proposal()}</a>
                    <a href=Route::Votes.href()>{move || i18n.t().nav_votes()}</a>
                })}
                {(me.role != Role::CouncilMember).then(|| view! { <a href=Route::Assessment.href()>{move || i18n.t().nav_assessment()}</a> })}
                {(me.role == Role::Manager).then(|| view! {
                    <a href=Route::YearSetup.href()>{move || i18n.t().nav_year()}</a>
                    <a href=Route::Monitoring.href()>{move || i18n.t().nav_monitoring()}</a>
                    <a href=Route::Grievances.href()>{move || i18n.t().nav_grievances()}</a>
                    <a href=Route::Manage.href()>{move || i18n.t().nav_manage()}</a>
                })}
                <button type="button" on:click=sign_out>{move || i18n.t().nav_sign_out()}</button>
            </nav>
        }
        .into_any(),
        None => view! {
            <nav class="account">
                <a href=Route::SignIn.href()>{move || i18n.t().nav_sign_in()}</a>
            </nav>
        }
        .into_any(),
    }
    }
}
