//! A record's public history, newest first: when, what, and the role of who did it (never a
//! name).

use crate::i18n::{change_label, date_time, role_label, use_i18n};
use leptos::prelude::*;
use shared::api::HistoryEntry;

#[component]
pub fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{move || i18n.t().history_title()}</h2>
        <ol class="history">
            {entries.into_iter().rev().map(|entry| {
                let at = entry.at;
                let role = entry.role;
                view! {
                    <li>
                        <time datetime=at.to_string()>{move || date_time(i18n.t(), at)}</time>
                        <span>{move || change_label(i18n.t(), i18n.locale(), &entry.change)}</span>
                        {role.map(|r| view! { <span class="hint">{move || role_label(i18n.t(), r)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
