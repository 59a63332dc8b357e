//! The page header: the product's name, home link and the language switcher.

use crate::i18n::use_i18n;
use leptos::prelude::*;
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
                <span class="brand-name">{move || i18n.t().app_name}</span>
                <span class="brand-tagline">{move || i18n.t().tagline}</span>
            </a>
            <nav class="languages" aria-label=move || i18n.t().language>
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
