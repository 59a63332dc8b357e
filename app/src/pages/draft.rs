//! Drafting a proposal on the phone. What is typed is kept on the phone as it is typed, so
//! closing the tab or losing the signal loses nothing, and saved on the server a moment after
//! typing stops whenever there is a connection. The proposal's id is made here, so a repeated
//! save never makes a second proposal. Photos are downscaled on the phone before they are sent.

use crate::api::{self, ClientError};
use crate::components::form::{send, Field, FormError, FormNotice};
use crate::components::load::Loader;
use crate::components::photo::{downscale, new_photo_id, take_files};
use crate::components::status::Loading;
use crate::i18n::{category_label, fill, use_i18n, wire, Texts};
use crate::router::{use_navigator, Route};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::api::{ApiError, DraftRequest, Problem, ProposalView, Refusal};
use shared::money::Money;
use shared::proposals::{Category, GeoPoint, ProposalStatus, MAX_PHOTOS};
use shared::{PhotoId, ProposalId};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long after the last keystroke the draft goes to the server.
const SAVE_AFTER_MS: i32 = 1500;

/// A new proposal: an id is made on the phone and the form opens for it.
#[component]
pub fn NewProposalPage() -> impl IntoView {
    let navigator = use_navigator();
    let id = window()
        .crypto()
        .ok()
        .and_then(|c| c.random_uuid().parse::<ProposalId>().ok());
    match id {
        Some(id) => navigator.replace(&Route::EditProposal(id)),
        None => navigator.replace(&Route::Home),
    }
    Loading()
}

/// What the phone keeps of a draft between visits.
#[derive(Clone, Default, Serialize, Deserialize)]
struct Kept {
    draft: DraftRequest,
    /// Beneficiaries as typed, which may not be a number yet.
    beneficiaries: String,
}

fn storage_key(id: ProposalId) -> String {
    format!("kenes.draft.{id}")
}

fn kept(id: ProposalId) -> Option<Kept> {
    let storage = window().local_storage().ok()??;
    let text = storage.get_item(&storage_key(id)).ok()??;
    serde_json::from_str(&text).ok()
}

fn keep(id: ProposalId, kept: &Kept) {
    if let (Some(storage), Ok(text)) = (
        window().local_storage().ok().flatten(),
        serde_json::to_string(kept),
    ) {
        let _ = storage.set_item(&storage_key(id), &text);
    }
}

fn forget(id: ProposalId) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(&storage_key(id));
    }
}

/// Where the draft stands, shown under the form.
#[derive(Clone, Copy, PartialEq)]
enum Saved {
    /// On the phone only: not yet sent, or not complete enough to send.
    OnPhone,
    Sending,
    OnServer,
    /// On the phone; no connection, so it goes when the signal is back.
    Offline,
}

/// A photo of the draft: shown from the phone until the server has it.
#[derive(Clone, PartialEq)]
struct Photo {
    id: PhotoId,
    src: String,
    state: PhotoState,
}

#[derive(Clone, PartialEq)]
enum PhotoState {
    Sending,
    Sent,
    /// In the outbox, behind the draft, until the signal returns.
    Queued,
    Failed(ClientError),
}

#[component]
pub fn EditProposalPage(id: ProposalId) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let ready = RwSignal::new(false);
    let form = Form::new();
    let photos = RwSignal::new(Vec::<Photo>::new());
    let saved = RwSignal::new(Saved::OnPhone);
    // Whether the server has this draft, so that photos can follow it there.
    let on_server = RwSignal::new(false);
    // The phone's copy is the newest text, shown at once; the server's draft tells which photos
    // it has and whether that text is already saved; the outbox, which photos still wait.
    let local = kept(id);
    if let Some(local) = &local {
        form.fill(local);
        ready.set(true);
    }
    leptos::task::spawn_local(async move {
        let mut shown = Vec::new();
        match api::proposal(id).await {
            Ok(view) if view.summary.status != ProposalStatus::Draft => {
                return navigator.go(&Route::Proposal(id));
            }
            Ok(view) => {
                on_server.set(true);
                match &local {
                    None => {
                        form.fill_from_server(&view);
                        saved.set(Saved::OnServer);
                    }
                    Some(local) if local.draft.parse().is_ok_and(|c| c == view.content) => {
                        saved.set(Saved::OnServer);
                    }
                    Some(_) => {}
                }
                shown.extend(view.photos.iter().map(|p| Photo {
                    id: *p,
                    src: api::photo_url(*p),
                    state: PhotoState::Sent,
                }));
            }
            Err(_) => {}
        }
        if let Ok(outbox) = api::outbox().await {
            let prefix = format!("/api/proposals/{id}/photos/");
            for item in outbox.items.iter().filter(|i| {
                matches!(
                    i.state,
                    api::OutboxState::Waiting | api::OutboxState::Sending
                )
            }) {
                let waiting = item.path.strip_prefix(&prefix).and_then(|p| p.parse().ok());
                if let Some(photo) = waiting.filter(|p| !shown.iter().any(|s: &Photo| s.id == *p)) {
                    shown.push(Photo {
                        id: photo,
                        src: String::new(),
                        state: PhotoState::Queued,
                    });
                }
            }
        }
        // Photos chosen meanwhile stay.
        photos.update(|list| {
            list.retain(|p| !shown.iter().any(|s| s.id == p.id));
            shown.append(list);
            *list = shown;
        });
        ready.set(true);
    });
    view! {
        <section class="page">
            <h1>{move || i18n.t().draft_title()}</h1>
            {move || if ready.get() {
                view! { <DraftForm id form photos saved on_server/> }.into_any()
            } else {
                Loading().into_any()
            }}
        </section>
    }
}

/// The form's fields as typed.
#[derive(Clone, Copy)]
struct Form {
    title: RwSignal<String>,
    description: RwSignal<String>,
    category: RwSignal<String>,
    village: RwSignal<String>,
    cost: RwSignal<String>,
    beneficiaries: RwSignal<String>,
    location: RwSignal<Option<GeoPoint>>,
}

impl Form {
    fn new() -> Self {
        Self {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            category: RwSignal::new(String::new()),
            village: RwSignal::new(String::new()),
            cost: RwSignal::new(String::new()),
            beneficiaries: RwSignal::new(String::new()),
            location: RwSignal::new(None),
        }
    }

    fn fill(self, kept: &Kept) {
        let d = &kept.draft;
        self.title.set(d.title.clone());
        self.description.set(d.description.clone());
        self.category.set(d.category.clone());
        self.village.set(d.village.clone());
        self.cost.set(d.estimated_cost.clone());
        self.beneficiaries.set(kept.beneficiaries.clone());
        self.location.set(d.location);
    }

    fn fill_from_server(self, view: &shared::api::ProposalView) {
        let c = &view.content;
        self.fill(&Kept {
            draft: DraftRequest {
                title: c.title.to_string(),
                description: c.description.to_string(),
                category: wire(&c.category),
                village: c.village.to_string(),
                estimated_cost: c.estimated_cost.amount().to_string(),
                beneficiaries: c.beneficiaries,
                location: c.location,
            },
            beneficiaries: c.beneficiaries.to_string(),
        });
    }

    fn kept(self) -> Kept {
        let beneficiaries = self.beneficiaries.get_untracked();
        Kept {
            draft: DraftRequest {
                title: self.title.get_untracked(),
                description: self.description.get_untracked(),
                category: self.category.get_untracked(),
                village: self.village.get_untracked(),
                estimated_cost: self.cost.get_untracked(),
                beneficiaries: beneficiaries.trim().parse().unwrap_or(0),
                location: self.location.get_untracked(),
            },
            beneficiaries,
        }
    }

    /// The request, or the first field the server would refuse, checked here by the same rules.
    fn request(self) -> Result<DraftRequest, ClientError> {
        let kept = self.kept();
        if kept.beneficiaries.trim().parse::<u32>().is_err() {
            let problem = if kept.beneficiaries.trim().is_empty() {
                Problem::Required
            } else {
                Problem::NotANumber
            };
            return Err(ClientError::Api(ApiError::invalid(
                "beneficiaries",
                problem,
            )));
        }
        kept.draft.parse().map_err(ClientError::Api)?;
        Ok(kept.draft)
    }
}

#[component]
fn DraftForm(
    id: ProposalId,
    form: Form,
    photos: RwSignal<Vec<Photo>>,
    saved: RwSignal<Saved>,
    on_server: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let submitted_offline = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<i32>);

    // Sends the draft if it is complete; `show` puts field errors on screen (the Save button).
    let save = move |show: bool| {
        let request = match form.request() {
            Ok(request) => request,
            Err(e) => {
                if show {
                    error.set(Some(e));
                }
                saved.set(Saved::OnPhone);
                return;
            }
        };
        saved.set(Saved::Sending);
        leptos::task::spawn_local(async move {
            match api::save_draft(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    on_server.set(true);
                    saved.set(Saved::OnServer);
                    send_waiting_photos(id, photos);
                }
                // In the outbox: the photos follow it there, in order.
                Err(ClientError::Queued) => {
                    error.set(None);
                    on_server.set(true);
                    saved.set(Saved::Offline);
                    send_waiting_photos(id, photos);
                }
                Err(ClientError::Network) => saved.set(Saved::Offline),
                Err(e) => {
                    error.set(Some(e));
                    saved.set(Saved::OnPhone);
                }
            }
        });
    };
    // Every change: kept on the phone at once, sent after a pause in typing.
    let changed = move || {
        keep(id, &form.kept());
        saved.set(Saved::OnPhone);
        if let Some(handle) = timer.get_value() {
            window().clear_timeout_with_handle(handle);
        }
        let callback = wasm_bindgen::closure::Closure::once_into_js(move || save(false));
        let handle = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                SAVE_AFTER_MS,
            )
            .ok();
        timer.set_value(handle);
    };
    // Back online: whatever waited is sent.
    let online = window_event_listener(leptos::ev::online, move |_| {
        if saved.get_untracked() == Saved::Offline {
            save(false);
        }
    });
    // The page's listener and pending save go with it: left behind, they would read its
    // signals after they are gone, on every reconnect.
    on_cleanup(move || {
        online.remove();
        if let Some(handle) = timer.try_get_value().flatten() {
            window().clear_timeout_with_handle(handle);
        }
    });
    let submit = move |_| {
        let request = match form.request() {
            Ok(request) => request,
            Err(e) => return error.set(Some(e)),
        };
        if photos.with(|p| {
            p.iter()
                .any(|photo| !matches!(photo.state, PhotoState::Sent | PhotoState::Queued))
        }) {
            return error.set(Some(ClientError::Api(ApiError::from(
                Refusal::PhotosWaiting,
            ))));
        }
        if !window()
            .confirm_with_message(i18n.t().submit_confirm())
            .unwrap_or(false)
        {
            return;
        }
        send(pending, async move {
            let result = match api::save_draft(id, &request).await {
                Ok(_) => api::submit(id).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(_) => {
                    forget(id);
                    navigator.go(&Route::Proposal(id));
                }
                Err(ClientError::Queued) => submitted_offline.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let cost_shown = move || {
        let typed = form.cost.get();
        Money::parse(&typed)
            .ok()
            .filter(|_| !typed.trim().is_empty())
            .map(|m| m.format(i18n.locale()))
    };
    view! {
        <form class="draft" novalidate on:submit=move |ev| { ev.prevent_default(); save(true); }>
            <Field name="title" label=|t| t.title_label() value=form.title error changed=move |()| changed()/>
            <div class="field" class:invalid=move || error.for_field(i18n.t(), "description").is_some()>
                <label for="field-description">{move || i18n.t().description_label()}</label>
                <p class="hint">{move || i18n.t().description_hint()}</p>
                <textarea
                    id="field-description"
                    name="description"
                    rows="6"
                    aria-describedby="field-description-message"
                    prop:value=move || form.description.get()
                    on:input=move |ev| { form.description.set(event_target_value(&ev)); changed(); }
                ></textarea>
                <p class="field-error" id="field-description-message" role="alert">{move || error.for_field(i18n.t(), "description")}</p>
            </div>
            <div class="field" class:invalid=move || error.for_field(i18n.t(), "category").is_some()>
                <label for="field-category">{move || i18n.t().category_label()}</label>
                <select
                    id="field-category"
                    name="category"
                    aria-describedby="field-category-message"
                    on:change=move |ev| { form.category.set(event_target_value(&ev)); changed(); }
                >
                    <option value="" selected=move || form.category.get().is_empty()>{move || i18n.t().category_choose()}</option>
                    {Category::ALL.into_iter().map(|c| {
                        let value = wire(&c);
                        let selected = { let value = value.clone(); move || form.category.get() == value };
                        view! { <option value=value selected=selected>{move || category_label(i18n.t(), c)}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="field-category-message" role="alert">{move || error.for_field(i18n.t(), "category")}</p>
            </div>
            <Field name="village" label=|t| t.village_label() value=form.village error changed=move |()| changed()/>
            <Field name="estimated_cost" label=|t| t.cost_label() value=form.cost error changed=move |()| changed() inputmode="numeric" hint=|t| t.cost_hint()/>
            <p class="amount-preview" aria-live="polite">{cost_shown}</p>
            <Field name="beneficiaries" label=|t| t.beneficiaries_label() value=form.beneficiaries error changed=move |()| changed() inputmode="numeric"/>
            <Location location=form.location changed error/>
            <Photos id photos on_server/>
            <p class="save-state" role="status" aria-live="polite">{move || save_state(i18n.t(), saved.get())}</p>
            <FormNotice error/>
            {move || if submitted_offline.get() {
                view! {
                    <p class="notice queued" role="status">{move || i18n.t().submit_queued()} " "
                        <a href=Route::Outbox.href()>{move || i18n.t().outbox_title()}</a>
                    </p>
                }.into_any()
            } else {
                view! {
                    <div class="actions">
                        <button type="submit" class="button quiet">{move || i18n.t().save_draft()}</button>
                        <button type="button" class="button" on:click=submit disabled=move || pending.get()>
                            {move || if pending.get() { i18n.t().saving() } else { i18n.t().submit_button() }}
                        </button>
                    </div>
                }.into_any()
            }}
        </form>
    }
}

fn save_state(t: &Texts, saved: Saved) -> &'static str {
    match saved {
        Saved::OnPhone => t.saved_on_phone(),
        Saved::Sending => t.saving(),
        Saved::OnServer => t.saved_on_server(),
        Saved::Offline => t.saved_offline(),
    }
}

/// "Use my location": the phone's position, if the member allows it.
#[component]
fn Location(
    location: RwSignal<Option<GeoPoint>>,
    changed: impl Fn() + Copy + Send + Sync + 'static,
    error: FormError,
) -> impl IntoView {
    let i18n = use_i18n();
    let finding = RwSignal::new(false);
    let refused = RwSignal::new(false);
    let find = move |_| {
        finding.set(true);
        refused.set(false);
        leptos::task::spawn_local(async move {
            match position().await {
                Some(point) => {
                    location.set(Some(point));
                    changed();
                }
                None => refused.set(true),
            }
            finding.set(false);
        });
    };
    view! {
        <div class="field">
            <span class="label">{move || i18n.t().location_label()}</span>
            <p class="hint">{move || i18n.t().location_hint()}</p>
            {move || location.get().map(|p| view! {
                <p>{format!("{:.5}, {:.5}", p.latitude, p.longitude)} " "
                    <button type="button" class="linklike" on:click=move |_| { location.set(None); changed(); }>{move || i18n.t().location_remove()}</button>
                </p>
            })}
            <button type="button" class="button quiet" on:click=find disabled=move || finding.get()>
                {move || if finding.get() { i18n.t().location_finding() } else { i18n.t().location_button() }}
            </button>
            {move || refused.get().then(|| view! { <p class="field-error" role="alert">{move || i18n.t().location_refused()}</p> })}
            <p class="field-error" role="alert">{move || error.for_field(i18n.t(), "location")}</p>
        </div>
    }
}

/// The phone's position, or `None` when it is refused or unavailable.
async fn position() -> Option<GeoPoint> {
    let geolocation = window().navigator().geolocation().ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = geolocation.get_current_position_with_error_callback(&resolve, Some(&reject));
    });
    let position = JsFuture::from(promise).await.ok()?;
    let coords = js_sys::Reflect::get(&position, &JsValue::from_str("coords")).ok()?;
    let read = |name: &str| {
        js_sys::Reflect::get(&coords, &JsValue::from_str(name))
            .ok()?
            .as_f64()
    };
    let point = GeoPoint {
        latitude: read("latitude")?,
        longitude: read("longitude")?,
    };
    point.validate().ok()
}

/// Up to five photos: downscaled here, sent once the draft is on the server.
#[component]
fn Photos(
    id: ProposalId,
    photos: RwSignal<Vec<Photo>>,
    on_server: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The photos' own message, so that saving the text does not clear it.
    let error = RwSignal::new(None::<ClientError>);
    let preparing = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let files = take_files(&ev);
        let room = MAX_PHOTOS.saturating_sub(photos.with_untracked(Vec::len));
        if files.len() > room {
            error.set(Some(ClientError::Api(ApiError::from(
                Refusal::TooManyPhotos,
            ))));
        } else {
            error.set(None);
        }
        preparing.set(true);
        leptos::task::spawn_local(async move {
            for file in files.into_iter().take(room) {
                match downscale(&file).await {
                    Some(jpeg) => {
                        let Some(photo_id) = new_photo_id() else {
                            continue;
                        };
                        let src =
                            web_sys::Url::create_object_url_with_blob(&jpeg).unwrap_or_default();
                        WAITING.with(|w| w.borrow_mut().push((photo_id, jpeg)));
                        photos.update(|list| {
                            list.push(Photo {
                                id: photo_id,
                                src,
                                state: PhotoState::Sending,
                            });
                        });
                    }
                    None => error.set(Some(ClientError::Api(ApiError::UnsupportedMediaType))),
                }
            }
            preparing.set(false);
            if on_server.get_untracked() {
                send_waiting_photos(id, photos);
            }
        });
    };
    let remove = move |photo: PhotoId| {
        if !window()
            .confirm_with_message(i18n.t().photo_remove_confirm())
            .unwrap_or(false)
        {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::remove_photo(id, photo).await {
                Ok(()) => {
                    WAITING.with(|w| w.borrow_mut().retain(|(p, _)| *p != photo));
                    photos.update(|list| list.retain(|p| p.id != photo));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="field">
            <span class="label">{move || i18n.t().photos_label()}</span>
            <p class="hint">{move || fill(i18n.t().photos_hint(), &[("max", &MAX_PHOTOS.to_string())])}</p>
            <ul class="photo-list">
                {move || photos.get().into_iter().map(|photo| {
                    let state = match &photo.state {
                        PhotoState::Sending => i18n.t().photo_sending().to_owned(),
                        PhotoState::Sent => String::new(),
                        PhotoState::Queued => i18n.t().photo_queued().to_owned(),
                        PhotoState::Failed(e) => crate::i18n::error_message(i18n.t(), e),
                    };
                    view! {
                        <li>
                            // A photo still in the outbox has no picture here until it is sent.
                            {(!photo.src.is_empty()).then(|| view! { <img src=photo.src alt=move || i18n.t().photo_alt() width="96" height="72"/> })}
                            <span class="hint">{state}</span>
                            <button type="button" class="linklike" on:click=move |_| remove(photo.id)>{move || i18n.t().photo_remove()}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (photos.with(Vec::len) < MAX_PHOTOS).then(|| view! {
                <label class="button quiet file">
                    {move || if preparing.get() { i18n.t().photo_preparing() } else { i18n.t().photo_add() }}
                    <input type="file" accept="image/jpeg,image/png,image/webp" multiple on:change=chosen/>
                </label>
            })}
            <p class="field-error" role="alert">{move || error.get().map(|e| match e {
                ClientError::Api(ApiError::UnsupportedMediaType) => i18n.t().photo_not_an_image().to_owned(),
                other => crate::i18n::error_message(i18n.t(), &other),
            })}</p>
        </div>
    }
}

thread_local! {
    /// Downscaled photos not yet on the server, by id.
    static WAITING: std::cell::RefCell<Vec<(PhotoId, web_sys::Blob)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Sends the photos that wait, one at a time; a photo that fails stays to be sent again.
fn send_waiting_photos(id: ProposalId, photos: RwSignal<Vec<Photo>>) {
    let waiting: Vec<(PhotoId, web_sys::Blob)> = WAITING.with(|w| w.borrow().clone());
    if waiting.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        for (photo, jpeg) in waiting {
            let result = api::upload_photo(id, photo, &jpeg).await;
            let state = match result {
                Ok(()) => PhotoState::Sent,
                Err(ClientError::Queued) => PhotoState::Queued,
                Err(e) => PhotoState::Failed(e),
            };
            if matches!(state, PhotoState::Sent | PhotoState::Queued) {
                WAITING.with(|w| w.borrow_mut().retain(|(p, _)| *p != photo));
            }
            photos.update(|list| {
                if let Some(p) = list.iter_mut().find(|p| p.id == photo) {
                    p.state = state;
                }
            });
        }
    });
}

/// Editing and submitting a draft, for the council's members.
#[component]
pub fn DraftActions(id: ProposalId, loader: Loader<ProposalView>) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = FormError::new();
    let submit = move |_| {
        if !window()
            .confirm_with_message(i18n.t().submit_confirm())
            .unwrap_or(false)
        {
            return;
        }
        send(pending, async move {
            match api::submit(id).await {
                Ok(_) => {
                    error.set(None);
                    loader.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="actions">
            <p class="notice">{move || i18n.t().draft_notice()}</p>
            <a class="button quiet" href=Route::EditProposal(id).href()>{move || i18n.t().edit_draft()}</a>
            <button type="button" class="button" on:click=submit disabled=move || pending.get()>
                {move || if pending.get() { i18n.t().saving() } else { i18n.t().submit_button() }}
            </button>
            <FormNotice error/>
        </div>
    }
}
