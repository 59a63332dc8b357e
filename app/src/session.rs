//! Who is signed in, shared through the component tree. Loaded once at start; signing in, out
//! or joining updates it.

use crate::api::{self, ClientError};
use crate::router::{Navigator, Route};
use leptos::prelude::*;
use shared::api::Me;

#[derive(Clone, Copy)]
pub struct Session(RwSignal<Option<Me>>);

impl Session {
    pub fn get(self) -> Option<Me> {
        self.0.get()
    }

    pub fn set(self, me: Option<Me>) {
        api::signed_in_as(me.as_ref().map(|me| me.member));
        self.0.set(me);
    }

    /// After signing in or joining: remember who it is and go home; the error for the form to
    /// show, if not.
    pub fn enter(
        self,
        result: Result<Me, ClientError>,
        navigator: Navigator,
    ) -> Option<ClientError> {
        match result {
            Ok(me) => {
                self.set(Some(me));
                navigator.go(&Route::Home);
                None
            }
            Err(e) => Some(e),
        }
    }
}

/// Whether the server said, with a cookie that holds no secret, that a session may exist.
fn may_be_signed_in() -> bool {
    use wasm_bindgen::JsCast;
    document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.cookie().ok())
        .is_some_and(|cookies| cookies.split(';').any(|c| c.trim() == "kenes_signed_in=1"))
}

pub fn provide() -> Session {
    let session = Session(RwSignal::new(None));
    // The public, who never signed in here, do not pay for asking.
    if may_be_signed_in() {
        leptos::task::spawn_local(async move {
            // Signed out meanwhile, or offline: the public pages work either way.
            session.set(api::me().await.ok());
        });
    }
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(provide)
}
