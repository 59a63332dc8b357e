//! What a page shows while it loads and when loading failed.

use crate::api::ClientError;
use crate::i18n::{error_message, use_i18n};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="status" role="status" aria-live="polite">{move || i18n.t().loading}</p> }
}

/// An error in the user's language, with a button to try again.
#[component]
pub fn ErrorNotice(error: ClientError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice error" role="alert">
            <p>{move || error_message(i18n.t(), &error)}</p>
            <button type="button" on:click=move |_| retry.run(())>{move || i18n.t().retry}</button>
        </div>
    }
}
