//! Photos taken on the phone: downscaled here before they are sent, so a 12-megapixel photo
//! costs a few hundred KB of mobile data, not several MB. The picker for project updates,
//! monitoring reports and receipts uploads each photo as soon as it is ready; the entry that
//! carries them publishes them.

use crate::api::{self, ClientError};
use crate::i18n::{error_message, fill, use_i18n, Text};
use leptos::prelude::*;
use shared::api::{ApiError, Refusal, MAX_ENTRY_PHOTOS};
use shared::photos::MAX_SIDE_PX;
use shared::{PhotoId, ProjectId};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A fresh photo id, made on the phone so that a retried upload stores nothing twice.
pub fn new_photo_id() -> Option<PhotoId> {
    window()
        .crypto()
        .ok()
        .and_then(|c| c.random_uuid().parse::<PhotoId>().ok())
}

/// The photo as a JPEG whose longest side is at most 1600 px; `None` if it is not an image the
/// browser can read.
pub async fn downscale(file: &web_sys::File) -> Option<web_sys::Blob> {
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window().create_image_bitmap_with_blob(file).ok()?)
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let (width, height) = (bitmap.width(), bitmap.height());
    let longest = width.max(height).max(1);
    let scale = f64::from(MAX_SIDE_PX.min(longest)) / f64::from(longest);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // at most 1600
    let (w, h) = (
        (f64::from(width) * scale).round() as u32,
        (f64::from(height) * scale).round() as u32,
    );
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w.max(1));
    canvas.set_height(h.max(1));
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
        .ok()?;
    bitmap.close();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            "image/jpeg",
            &JsValue::from_f64(0.85),
        );
    });
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// The files chosen in a file input, which is emptied so the same file can be chosen again.
pub fn take_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// A photo chosen for a project entry.
#[derive(Clone)]
struct Chosen {
    id: PhotoId,
    src: String,
    sent: Result<bool, ClientError>,
}

/// Photos for a project entry, uploaded as soon as they are chosen. `uploaded` holds the ids
/// that reached the server, for the entry to name; it is emptied by the form once posted.
#[component]
pub fn ProjectPhotos(
    project: ProjectId,
    uploaded: RwSignal<Vec<PhotoId>>,
    label: Text,
    #[prop(default = MAX_ENTRY_PHOTOS as usize)] max: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(Vec::<Chosen>::new());
    let error = RwSignal::new(None::<ClientError>);
    // A posted entry empties `uploaded`: the thumbnails go with it.
    Effect::new(move || {
        if uploaded.with(Vec::is_empty) {
            chosen.update(|list| {
                list.retain(|c| c.sent != Ok(true) && c.sent != Err(ClientError::Queued));
            });
        }
    });
    let mark = move |id: PhotoId, sent: Result<bool, ClientError>| {
        chosen.update(|list| {
            if let Some(c) = list.iter_mut().find(|c| c.id == id) {
                c.sent = sent;
            }
        });
    };
    let on_change = move |ev: leptos::ev::Event| {
        let files = take_files(&ev);
        let room = max.saturating_sub(chosen.with_untracked(Vec::len));
        error.set(
            (files.len() > room).then(|| ClientError::Api(ApiError::from(Refusal::TooManyPhotos))),
        );
        leptos::task::spawn_local(async move {
            for file in files.into_iter().take(room) {
                let (Some(jpeg), Some(id)) = (downscale(&file).await, new_photo_id()) else {
                    error.set(Some(ClientError::Api(ApiError::UnsupportedMediaType)));
                    continue;
                };
                let src = web_sys::Url::create_object_url_with_blob(&jpeg).unwrap_or_default();
                chosen.update(|list| {
                    list.push(Chosen {
                        id,
                        src,
                        sent: Ok(false),
                    });
                });
                match api::upload_project_photo(project, id, &jpeg).await {
                    Ok(()) => {
                        uploaded.update(|list| list.push(id));
                        mark(id, Ok(true));
                    }
                    // Sent from the outbox before whatever is posted with it.
                    Err(ClientError::Queued) => {
                        uploaded.update(|list| list.push(id));
                        mark(id, Err(ClientError::Queued));
                    }
                    Err(e) => mark(id, Err(e)),
                }
            }
        });
    };
    let remove = move |id: PhotoId| {
        leptos::task::spawn_local(async move {
            match api::remove_project_photo(project, id).await {
                Ok(()) => {
                    uploaded.update(|list| list.retain(|p| *p != id));
                    chosen.update(|list| list.retain(|c| c.id != id));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="field">
            <span class="label">{move || label(i18n.t())}</span>
            <p class="hint">{move || fill(i18n.t().photos_hint(), &[("max", &max.to_string())])}</p>
            <ul class="photo-list">
                {move || chosen.get().into_iter().map(|c| {
                    let state = match &c.sent {
                        Ok(false) => i18n.t().photo_sending().to_owned(),
                        Ok(true) => String::new(),
                        Err(ClientError::Queued) => i18n.t().photo_queued().to_owned(),
                        Err(e) => error_message(i18n.t(), e),
                    };
                    view! {
                        <li>
                            <img src=c.src alt=move || i18n.t().photo_alt() width="96" height="72"/>
                            <span class="hint">{state}</span>
                            <button type="button" class="linklike" on:click=move |_| remove(c.id)>{move || i18n.t().photo_remove()}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (chosen.with(Vec::len) < max).then(|| view! {
                <label class="button quiet file">
                    {move || i18n.t().photo_add()}
                    <input type="file" accept="image/jpeg,image/png,image/webp" multiple on:change=on_change/>
                </label>
            })}
            <p class="field-error" role="alert">{move || error.get().map(|e| match e {
                ClientError::Api(ApiError::UnsupportedMediaType) => i18n.t().photo_not_an_image().to_owned(),
                other => error_message(i18n.t(), &other),
            })}</p>
        </div>
    }
}
