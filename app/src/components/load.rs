//! Loading data for a view, without the async-resource machinery: a signal that is `Loading`,
//! then `Ready` or `Failed`, filled by a task. Measured, this keeps the app's wasm markedly
//! smaller than `LocalResource` with `<Transition>`, which the first visit pays for on 3G.

use crate::api::ClientError;
use crate::components::status::{ErrorNotice, Loading};
use leptos::prelude::*;
use std::future::Future;

#[derive(Clone)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ClientError),
}

/// Data loaded by `fetch`, reloadable (after a write, or when the user retries).
pub struct Loader<T: 'static> {
    pub state: RwSignal<Load<T>>,
    fetch: StoredValue<Box<dyn Fn()>, LocalStorage>,
}

impl<T: 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static> Copy for Loader<T> {}

impl<T: Send + Sync + 'static> Loader<T> {
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<T, ClientError>> + 'static,
    {
        let state = RwSignal::new(Load::Loading);
        let run = move || {
            let request = fetch();
            leptos::task::spawn_local(async move {
                let answer = request.await;
                // Reading an answer and drawing it are each a long stretch of work on a slow
                // phone: the browser paints and answers the reader in between.
                crate::start::next_task().await;
                state.set(match answer {
                    Ok(value) => Load::Ready(value),
                    Err(e) => Load::Failed(e),
                });
            });
        };
        run();
        Self {
            state,
            fetch: StoredValue::new_local(Box::new(run) as Box<dyn Fn()>),
        }
    }

    /// Loads again, keeping what is shown until the answer comes.
    pub fn reload(self) {
        self.fetch.with_value(|run| run());
    }
}

/// Shows a loader's data with `ready`, a loading line before, and an error with a retry button.
#[component]
pub fn Loaded<T, V, F>(loader: Loader<T>, ready: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    move || match loader.state.get() {
        Load::Loading => Loading().into_any(),
        Load::Ready(value) => {
            crate::start::first_view_done();
            ready(value).into_any()
        }
        Load::Failed(error) => {
            crate::start::first_view_done();
            view! { <ErrorNotice error retry=move || loader.reload()/> }.into_any()
        }
    }
}
