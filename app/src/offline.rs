//! Working on a weak signal, with the service worker (public/sw.js): whether what is on screen is
//! the phone's saved copy and from when, and how many writes wait in the phone's outbox or were
//! refused there. Both show in the header on every page.

use crate::api;
use crate::i18n::{date_time, fill, use_i18n};
use crate::router::Route;
use leptos::prelude::*;
use shared::Timestamp;

/// How often what waits in the outbox is tried again: a request each time, when the signal is
/// weak.
const WATCH_OUTBOX_MS: i32 = 15_000;

#[derive(Clone, Copy)]
struct Offline {
    /// When the data last read was saved, if it came from the phone's copy.
    saved_at: RwSignal<Option<Timestamp>>,
    /// Writes in the outbox that wait or were refused.
    outbox: RwSignal<api::OutboxCount>,
    /// The interval looking at the outbox, while one runs.
    watching: RwSignal<Option<i32>>,
}

thread_local! {
    /// Made by `start` under the app's root, which lives as long as the page: signals made under
    /// a page's owner would go with the page.
    static OFFLINE: std::cell::Cell<Option<Offline>> = const { std::cell::Cell::new(None) };
}

fn offline() -> Option<Offline> {
    OFFLINE.with(std::cell::Cell::get)
}

/// What the client heard on a request.
fn heard(heard: api::Heard) {
    match heard {
        api::Heard::Answered(saved_at) => answered(saved_at),
        api::Heard::Queued => look_at_outbox(),
    }
}

/// Every read of data tells whether it is the phone's copy, with the time it was saved.
pub fn answered(saved_at: Option<String>) {
    let Some(o) = offline() else { return };
    let saved_at = saved_at.and_then(|at| Timestamp::parse(&at).ok());
    if o.saved_at.get_untracked() != saved_at {
        o.saved_at.set(saved_at);
    }
}

/// How many writes wait in the outbox or were refused there (reactive).
pub fn outbox_count() -> usize {
    outbox().open
}

/// How many writes wait in the outbox, and how many of those were refused (reactive).
pub fn outbox() -> api::OutboxCount {
    offline().map(|o| o.outbox.get()).unwrap_or_default()
}

/// Sends what waits in the outbox and counts what is left: at start, after a write was kept in
/// it, when the phone says the signal is back, and every few seconds while something waits
/// (a phone on a weak signal often never says it was offline).
pub fn look_at_outbox() {
    // No service worker in charge (a first visit, until it takes over): no outbox to ask about.
    if !worker_in_charge() {
        return;
    }
    leptos::task::spawn_local(async move {
        let count = api::flush_outbox_count().await.unwrap_or_default();
        if let Some(o) = offline() {
            if o.outbox.get_untracked() != count {
                o.outbox.set(count);
            }
            watch(o, count.open > 0);
        }
    });
}

/// The browser's service workers (`navigator.serviceWorker`), where it has them: browsers
/// without them, and pages not served from a secure origin, have none.
fn service_workers() -> Option<wasm_bindgen::JsValue> {
    js_sys::Reflect::get(&window().navigator(), &"serviceWorker".into())
        .ok()
        .filter(wasm_bindgen::JsValue::is_object)
}

fn worker_in_charge() -> bool {
    service_workers()
        .and_then(|workers| js_sys::Reflect::get(&workers, &"controller".into()).ok())
        .is_some_and(|controller| controller.is_object())
}

fn watch(o: Offline, on: bool) {
    match (on, o.watching.get_untracked()) {
        (true, None) => {
            let tick = wasm_bindgen::closure::Closure::<dyn Fn()>::new(look_at_outbox);
            let handle = window()
                .set_interval_with_callback_and_timeout_and_arguments_0(
                    wasm_bindgen::JsCast::unchecked_ref(tick.as_ref()),
                    WATCH_OUTBOX_MS,
                )
                .ok();
            // Lives as long as the interval, which is cleared below when the outbox empties.
            tick.forget();
            o.watching.set(handle);
        }
        (false, Some(handle)) => {
            window().clear_interval_with_handle(handle);
            o.watching.set(None);
        }
        _ => {}
    }
}

/// At start: what waits is sent when the signal returns; the pages a member uses with no signal
/// are kept on the phone once someone has signed in.
pub fn start(signed_in: Signal<bool>) {
    OFFLINE.with(|o| {
        o.set(Some(Offline {
            saved_at: RwSignal::new(None),
            outbox: RwSignal::new(api::OutboxCount::default()),
            watching: RwSignal::new(None),
        }));
    });
    api::listen(heard);
    let _ = window_event_listener(leptos::ev::online, move |_| {
        answered(None);
        look_at_outbox();
    });
    look_at_outbox();
    let keep = move || {
        leptos::task::spawn_local(async move {
            let _ = api::keep_offline().await;
        });
    };
    Effect::new(move |kept: Option<bool>| {
        let now = signed_in.get();
        if now && kept != Some(true) {
            keep();
        }
        now || kept == Some(true)
    });
    // On the first visit the worker takes over the page only after it has started: the pages
    // and the texts in use are kept then, and what it may already hold is looked at.
    let taken_over = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if signed_in.get_untracked() {
            keep();
        }
        crate::i18n::keep_for_offline();
        look_at_outbox();
    });
    let workers = service_workers()
        .and_then(|w| wasm_bindgen::JsCast::dyn_into::<web_sys::EventTarget>(w).ok());
    if let Some(workers) = workers {
        let _ = workers.add_event_listener_with_callback(
            "controllerchange",
            wasm_bindgen::JsCast::unchecked_ref(taken_over.as_ref()),
        );
    }
    // Listens for the life of the app.
    taken_over.forget();
}

/// The line under the header: the data shown is the phone's copy, and the outbox link.
#[component]
pub fn OfflineBar() -> impl IntoView {
    let i18n = use_i18n();
    let Some(o) = offline() else {
        return ().into_any();
    };
    view! {
        {move || o.saved_at.get().map(|at| view! {
            <p class="offline-bar" role="status">
                {move || fill(i18n.t().saved_copy(), &[("time", &date_time(i18n.t(), at))])}
            </p>
        })}
        {move || (o.outbox.get().open > 0).then(|| view! {
            <p class="offline-bar outbox-bar" role="status">
                <a href=Route::Outbox.href()>{move || fill(i18n.t().outbox_waiting(), &[("count", &o.outbox.get().open.to_string())])}</a>
            </p>
        })}
    }
    .into_any()
}
