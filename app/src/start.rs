//! What the page's start script began while the app's code downloaded (written into
//! index.html by `scripts/app-wasm.mjs`): the folder of this build's files, the language it
//! guessed and the fetch of its texts, and the first read of a page opened by its address.

use wasm_bindgen::{JsCast, JsValue};

fn start() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("kenesStart"))
        .ok()
        .filter(JsValue::is_object)
}

/// Tells the start script the app is running: from now on the app fetches a page's modules
/// itself, and a preload the script has not yet begun would fetch them a second time.
pub fn app_running() {
    if let Some(start) = start() {
        let _ = js_sys::Reflect::set(&start, &JsValue::from_str("app"), &JsValue::TRUE);
    }
}

/// One thing the start script began, if it did.
pub fn started(name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(&start()?, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The start script's read of `url`, taken once: the page's data arrives while its code does.
/// A later read of the same address asks the server again.
pub fn take_read(url: &str) -> Option<js_sys::Promise> {
    let read = started("read")?;
    let at = js_sys::Reflect::get(&read, &JsValue::from_str("url"))
        .ok()?
        .as_string()?;
    if at != url {
        return None;
    }
    forget_read();
    js_sys::Reflect::get(&read, &JsValue::from_str("answer"))
        .ok()?
        .dyn_into()
        .ok()
}

/// Drops the start script's read when the reader moves on before the page used it, so that
/// nothing older than the page is shown later.
pub fn forget_read() {
    if let Some(start) = start() {
        let _ = js_sys::Reflect::set(&start, &JsValue::from_str("read"), &JsValue::NULL);
    }
}

/// Lets the browser paint and answer the reader before the next long step: starting the app and
/// building a page are each a long stretch of work on a slow phone.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Removes the first view the server wrote into the page (api/src/first_view.rs) and shows the
/// app in its place. Called as the app draws the page's content, in the same frame, so the
/// reader sees one replace the other with nothing moving.
pub fn first_view_done() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(first) = document.get_element_by_id("first-view") {
        first.remove();
        show_beside_first_view();
    }
}

/// Shows what the app put in the page under the first view, which stays: when the app cannot
/// start, the reader keeps what the server wrote and sees why the rest is missing.
pub fn show_beside_first_view() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().remove_1("first-view");
    }
}
