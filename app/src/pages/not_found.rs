use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{move || i18n.t().not_found_title()}</h1>
            <p>{move || i18n.t().not_found_body()}</p>
            <p><a class="button" href="/">{move || i18n.t().back_home()}</a></p>
        </section>
    }
}
