//! What a page shows while it loads and when loading failed.

use crate::api::ClientError;
use crate::i18n::{error_message, use_i18n, Text};
use crate::router::Route;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="status" role="status" aria-live="polite">{move || i18n.t().loading()}</p> }
}

/// An error in the user's language, with a button to try again.
#[component]
pub fn ErrorNotice(error: ClientError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let retryable = error.worth_retrying();
    view! {
        <div class="notice error" role="alert">
            <p>{move || error_message(i18n.t(), &error)}</p>
            {retryable.then(|| view! {
                <button type="button" on:click=move |_| retry.run(())>{move || i18n.t().retry()}</button>
            })}
        </div>
    }
}

/// A page that is for some roles only, seen by someone else: what the page is, who it is for,
/// and the way to sign in.
#[component]
pub fn NotForYou(#[prop(into)] title: Signal<String>, notice: Text) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{move || title.get()}</h1>
            <p class="notice">{move || notice(i18n.t())}</p>
            <p><a class="button" href=Route::SignIn.href()>{move || i18n.t().nav_sign_in()}</a></p>
        </section>
    }
}
