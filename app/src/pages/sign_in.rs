//! Signing in with a phone number and password.

use crate::api;
use crate::components::form::{send, Field, FormError, FormNotice};
use crate::i18n::use_i18n;
use crate::router::use_navigator;
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::SignInRequest;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = SignInRequest {
            phone: phone.get_untracked(),
            password: password.get_untracked(),
        };
        send(pending, async move {
            error.set(session.enter(api::sign_in(&request).await, navigator));
        });
    };
    view! {
        <section class="page narrow">
            <h1>{move || i18n.t().sign_in_title()}</h1>
            <p class="lead">{move || i18n.t().sign_in_intro()}</p>
            <form on:submit=on_submit novalidate>
                <FormNotice error/>
                <Field name="phone" label=|t| t.phone_label() hint=|t| t.phone_hint() value=phone error kind="tel" autocomplete="tel" inputmode="tel"/>
                <Field name="password" label=|t| t.password_label() value=password error kind="password" autocomplete="current-password"/>
                <button class="button primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().saving() } else { i18n.t().sign_in_button() }}
                </button>
            </form>
            <p class="aside">{move || i18n.t().sign_in_no_account()}</p>
        </section>
    }
}
