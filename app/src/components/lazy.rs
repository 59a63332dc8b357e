//! Pages whose code arrives with its own wasm module the first time they are shown, so the first
//! visit downloads only the app shell and the home page. The split points are in `pages`.

use crate::api::ClientError;
use crate::components::status::{ErrorNotice, Loading};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use std::future::Future;

impl From<leptos::wasm_split::SplitLoaderError> for ClientError {
    /// A page's module did not arrive: to the user that is a dropped connection.
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ClientError::Network
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Arrival {
    Waiting,
    Arrived,
    Failed,
}

/// Shows the page `load` makes once its module has arrived: a loading line before, and if the
/// module cannot be fetched (offline), the connection error with a button to try again.
pub fn lazy_page<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, ClientError>> + 'static,
{
    arriving(load, Loading, |retry| {
        view! { <section class="page"><ErrorNotice error=ClientError::Network retry/></section> }
            .into_any()
    })
}

/// A part of a page that only some readers get (a member's ballot, a manager's form): nothing
/// until its module has arrived, the connection error with a button to try again if it cannot.
pub fn lazy_part<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, ClientError>> + 'static,
{
    arriving(
        load,
        || (),
        |retry| view! { <ErrorNotice error=ClientError::Network retry/> }.into_any(),
    )
}

fn arriving<F, Fut, W, V>(load: F, waiting: W, failed: fn(Callback<()>) -> AnyView) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, ClientError>> + 'static,
    W: Fn() -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    // A view is not `Clone`, so it waits here until the render below takes it, once.
    let page = StoredValue::new_local(None::<AnyView>);
    let arrival = RwSignal::new(Arrival::Waiting);
    let start = StoredValue::new_local(Box::new(move || {
        arrival.set(Arrival::Waiting);
        let pending = load();
        // Scoped: the view is built under this owner, where the language and session live.
        spawn_local_scoped(async move {
            // Fetching and starting the module is a task of its own, after the one that drew
            // what surrounds the page (the app's header, at start): each is long on a slow phone.
            crate::start::next_task().await;
            let arrived = pending.await;
            crate::start::next_task().await;
            match arrived {
                Ok(view) => {
                    page.set_value(Some(view));
                    arrival.set(Arrival::Arrived);
                }
                Err(_) => arrival.set(Arrival::Failed),
            }
        });
    }) as Box<dyn Fn()>);
    start.with_value(|start| start());
    move || match arrival.get() {
        Arrival::Waiting => waiting().into_any(),
        Arrival::Arrived => page.try_update_value(Option::take).flatten().into_any(),
        Arrival::Failed => {
            crate::start::first_view_done();
            failed(Callback::new(move |()| start.with_value(|start| start())))
        }
    }
}

/// A page of a signed-in group, built once the signed-in texts (`i18n::fetch_signed_in_texts`)
/// are here: the loading line before, the connection error with a button to try again if they
/// cannot be fetched. After a switch of language (which brings the public texts), they are
/// fetched again in that language, the page staying as it is.
pub fn with_signed_in_texts(page: Box<dyn FnOnce() -> AnyView>) -> AnyView {
    let i18n = use_i18n();
    let missing = RwSignal::new(false);
    let fetch = move || {
        missing.set(false);
        leptos::task::spawn_local(async move {
            if !crate::i18n::fetch_signed_in_texts(i18n).await {
                missing.set(true);
            }
        });
    };
    Effect::new(move || {
        if !i18n.t().has_signed_in() {
            fetch();
        }
    });
    // Once shown, the page stays.
    let ready = Memo::new(move |shown: Option<&bool>| {
        shown.copied().unwrap_or(false) || i18n.t().has_signed_in()
    });
    let page = StoredValue::new_local(Some(page));
    (move || {
        if ready.get() {
            page.try_update_value(Option::take)
                .flatten()
                .map(|page| page())
                .into_any()
        } else if missing.get() {
            let retry = Callback::new(move |()| fetch());
            view! { <ErrorNotice error=ClientError::Network retry/> }.into_any()
        } else {
            Loading().into_any()
        }
    })
    .into_any()
}
