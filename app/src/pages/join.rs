//! Redeeming an invitation: the invited person creates their account.

use crate::api;
use crate::components::form::{send, Field, FormError, FormNotice};
use crate::i18n::use_i18n;
use crate::router::{use_navigator, Route};
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::RedeemRequest;

#[component]
pub fn JoinPage(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let code = RwSignal::new(code);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = RedeemRequest {
            code: code.get_untracked(),
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            password: password.get_untracked(),
        };
        send(pending, async move {
            error.set(session.enter(api::redeem(&request).await, navigator));
        });
    };
    view! {
        <section class="page narrow">
            <h1>{move || i18n.t().join_title()}</h1>
            <p class="lead">{move || i18n.t().join_intro()}</p>
            <form on:submit=on_submit novalidate>
                <FormNotice error/>
                <Field name="code" label=|t| t.code_label() hint=|t| t.code_hint() value=code error/>
                <Field name="name" label=|t| t.name_label() value=name error autocomplete="name"/>
                <Field name="phone" label=|t| t.phone_label() hint=|t| t.phone_hint() value=phone error kind="tel" autocomplete="tel" inputmode="tel"/>
                <Field name="password" label=|t| t.new_password_label() hint=|t| t.password_hint() value=password error kind="password" autocomplete="new-password"/>
                <button class="button primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().saving() } else { i18n.t().join_button() }}
                </button>
            </form>
            <p class="aside">
                {move || i18n.t().join_have_account()} " "
                <a href=Route::SignIn.href()>{move || i18n.t().nav_sign_in()}</a>
            </p>
        </section>
    }
}
