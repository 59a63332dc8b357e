//! Fixing a write the API refused after it waited in the outbox: the outbox page links to the
//! write's form with `?fix=<its number in the outbox>`; the form is filled with what was written
//! and shows why it was refused, field by field; once the corrected write is sent (or kept
//! again), the refused one leaves the outbox.

use crate::api::{self, ClientError, OutboxItem, OutboxState, Waits};
use crate::components::form::FormError;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

const PARAMETER: &str = "fix=";

/// The address of the form that fixes `item`: its page's with the item's number.
pub fn href(page: &str, item: &OutboxItem) -> String {
    format!("{page}?{PARAMETER}{}", item.seq)
}

/// The outbox item this page was opened to fix, if any.
fn asked() -> Option<u64> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(PARAMETER))?
        .parse()
        .ok()
}

/// A form's link to the refused write it is fixing.
#[derive(Clone, Copy)]
pub struct Fix(StoredValue<Option<u64>>);

impl Fix {
    /// On a form of writes of `kind`: if the page was opened to fix one, `fill` gets what was
    /// written, and `error` why the API refused it.
    pub fn new<R, F>(kind: Waits, error: FormError, fill: F) -> Fix
    where
        R: DeserializeOwned + 'static,
        F: FnOnce(R) + 'static,
    {
        let fixing = StoredValue::new(None);
        if let Some(seq) = asked() {
            leptos::task::spawn_local(async move {
                let Ok(list) = api::outbox().await else {
                    return;
                };
                let refused = list.items.into_iter().find(|item| {
                    item.seq == seq && item.kind == kind && item.state == OutboxState::Refused
                });
                let Some(item) = refused else { return };
                let Some(request) = item
                    .body
                    .as_deref()
                    .and_then(|body| serde_json::from_str::<R>(body).ok())
                else {
                    return;
                };
                fill(request);
                error.set(item.refusal());
                fixing.set_value(Some(seq));
            });
        }
        Fix(fixing)
    }

    /// The corrected write went (or waits in the outbox again): the refused one is dropped.
    pub fn done(self, result: &Result<impl Sized, ClientError>) {
        if !matches!(result, Ok(_) | Err(ClientError::Queued)) {
            return;
        }
        let Some(seq) = self.0.get_value() else {
            return;
        };
        self.0.set_value(None);
        if let Ok(history) = window().history() {
            let path = window().location().pathname().unwrap_or_default();
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        leptos::task::spawn_local(async move {
            let _ = api::discard(seq).await;
            crate::offline::look_at_outbox();
        });
    }
}
