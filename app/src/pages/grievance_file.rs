//! Filing a grievance. The public form needs no account and may be anonymous; a manager uses
//! the same form to log one that arrived by the hotline, the complaint box or personal
//! reception. After filing, the tracking code is shown large with a copy button, and the photos
//! chosen go with the grievance by that code.

use crate::api::{self, ClientError, Waits};
use crate::components::fix::Fix;
use crate::components::form::{send, Field, FormError, FormNotice, TextArea};
use crate::components::load::{Loaded, Loader};
use crate::components::photo::{downscale, new_photo_id, take_files};
use crate::i18n::{
    channel_label, date_time, error_message, fill, grievance_category_label, spoken_language_label,
    use_i18n, wire,
};
use crate::router::Route;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::api::{ApiError, GrievanceReceipt, GrievanceRequest, ProgrammeSummary};
use shared::grievances::{Channel, GrievanceCategory};
use shared::receptions::SpokenLanguage;
use shared::{PhotoId, ProgrammeId};

/// Photos a grievance may carry; the API holds the same limit.
const MAX_PHOTOS: usize = shared::grievances::MAX_PHOTOS as usize;

#[component]
pub fn FileGrievancePage() -> impl IntoView {
    let i18n = use_i18n();
    let programmes = Loader::new(api::programmes);
    view! {
        <section class="page">
            <h1>{move || i18n.t().file_title()}</h1>
            <p class="lead">{move || i18n.t().file_lead()}</p>
            <Loaded loader=programmes ready=|list| view! { <GrievanceForm programmes=list.programmes logged_by_manager=None/> }/>
            <p><a href=Route::Track(String::new()).href()>{move || i18n.t().file_have_code()}</a></p>
        </section>
    }
}

/// A photo chosen for the grievance, held on the phone until the grievance has its code.
#[derive(Clone)]
struct Chosen {
    id: PhotoId,
    jpeg: web_sys::Blob,
    src: String,
    sent: Option<Result<(), ClientError>>,
}

/// What is typed in the filing form.
#[derive(Clone, Copy)]
struct Typed {
    programme: RwSignal<String>,
    village: RwSignal<String>,
    category: RwSignal<String>,
    description: RwSignal<String>,
    anonymous: RwSignal<bool>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    channel: RwSignal<String>,
    language: RwSignal<String>,
    /// The field people never see (see the form).
    website: RwSignal<String>,
}

impl Typed {
    fn new(programme: Option<ProgrammeId>, by_manager: bool) -> Self {
        let text = || RwSignal::new(String::new());
        Typed {
            programme: RwSignal::new(programme.map(|id| id.to_string()).unwrap_or_default()),
            village: text(),
            category: text(),
            description: text(),
            anonymous: RwSignal::new(true),
            name: text(),
            phone: text(),
            channel: RwSignal::new(if by_manager {
                wire(&Channel::Hotline)
            } else {
                String::new()
            }),
            language: text(),
            website: text(),
        }
    }

    fn request(self) -> GrievanceRequest {
        GrievanceRequest {
            programme: self.programme.get_untracked(),
            village: self.village.get_untracked(),
            category: self.category.get_untracked(),
            description: self.description.get_untracked(),
            anonymous: self.anonymous.get_untracked(),
            name: self.name.get_untracked(),
            phone: self.phone.get_untracked(),
            channel: self.channel.get_untracked(),
            language: self.language.get_untracked(),
            website: self.website.get_untracked(),
        }
    }

    /// Filled with a grievance the API refused, to be corrected.
    fn fill(self, refused: GrievanceRequest) {
        self.programme.set(refused.programme);
        self.village.set(refused.village);
        self.category.set(refused.category);
        self.description.set(refused.description);
        self.anonymous.set(refused.anonymous);
        self.name.set(refused.name);
        self.phone.set(refused.phone);
        self.channel.set(refused.channel);
        self.language.set(refused.language);
    }
}

/// The filing form. For a manager (`logged_by_manager`: their programme) it asks how the
/// grievance arrived and fixes the programme.
#[component]
pub fn GrievanceForm(
    programmes: Vec<ProgrammeSummary>,
    logged_by_manager: Option<ProgrammeId>,
    /// Told when a grievance was filed (the manager's list reloads).
    #[prop(optional)]
    filed: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let only = match (logged_by_manager, programmes.as_slice()) {
        (Some(id), _) => Some(id),
        (None, [one]) => Some(one.id),
        _ => None,
    };
    let typed = Typed::new(only, logged_by_manager.is_some());
    let Typed {
        programme,
        village,
        category,
        description,
        anonymous,
        name,
        phone,
        channel,
        language,
        website,
    } = typed;
    let photos = RwSignal::new_local(Vec::<Chosen>::new());
    let receipt = RwSignal::new(None::<GrievanceReceipt>);
    let queued = RwSignal::new(false);
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let fix = Fix::new(Waits::Grievance, error, move |refused| typed.fill(refused));

    let upload_photos = Callback::new(move |code: String| {
        leptos::task::spawn_local(async move {
            for photo in photos.get_untracked() {
                if photo.sent == Some(Ok(())) {
                    continue;
                }
                let sent = api::upload_grievance_photo(&code, photo.id, &photo.jpeg).await;
                photos.update(|list| {
                    if let Some(p) = list.iter_mut().find(|p| p.id == photo.id) {
                        p.sent = Some(sent.clone());
                    }
                });
            }
        });
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = typed.request();
        let may_wait = photos.with_untracked(Vec::is_empty);
        send(pending, async move {
            let result = api::file_grievance(&request, may_wait).await;
            fix.done(&result);
            match result {
                Ok(receipt_of) => {
                    error.set(None);
                    upload_photos.run(receipt_of.code.to_string());
                    receipt.set(Some(receipt_of));
                    if let Some(filed) = filed {
                        filed.run(());
                    }
                    window().scroll_to_with_x_and_y(0.0, 0.0);
                }
                Err(ClientError::Queued) => {
                    error.set(None);
                    queued.set(true);
                    window().scroll_to_with_x_and_y(0.0, 0.0);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let form = move || {
        view! {
            <form class="panel grievance-form" novalidate on:submit=on_submit>
                {logged_by_manager.is_some().then(|| view! { <ChannelFields channel language error/> })}
                {(only.is_none()).then(|| view! { <ProgrammeSelect programmes=programmes.clone() programme error/> })}
                <Field name="village" label=|t| t.grievance_village() value=village error/>
                <CategorySelect category error/>
                <TextArea name="description" label=|t| t.grievance_description() value=description error rows=6/>
                <PhotoPicker photos/>
                <FilerFields anonymous name phone error/>
                // People leave this empty: it is hidden from them. Automated spam fills every field.
                <div class="trap" aria-hidden="true">
                    <input id="field-website" name="website" tabindex="-1" autocomplete="off" prop:value=move || website.get() on:input=move |ev| website.set(event_target_value(&ev))/>
                </div>
                <FormNotice error/>
                <button type="submit" class="button" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().sending() } else { i18n.t().file_send() }}
                </button>
            </form>
        }
    };
    move || match receipt.get() {
        None if queued.get() => KeptInOutbox().into_any(),
        None => form().into_any(),
        Some(receipt) => view! { <Receipt receipt photos upload_photos/> }.into_any(),
    }
}

/// No signal: the grievance waits in the outbox, where its code will show once it is sent.
#[component]
fn KeptInOutbox() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="panel receipt" role="status">
            <h2>{move || i18n.t().grievance_queued_title()}</h2>
            <p>{move || i18n.t().grievance_queued()}</p>
            <p><a class="button" href=Route::Outbox.href()>{move || i18n.t().outbox_title()}</a></p>
        </div>
    }
}

/// Which programme (company and area) the grievance is for, when there is a choice.
#[component]
fn ProgrammeSelect(
    programmes: Vec<ProgrammeSummary>,
    programme: RwSignal<String>,
    error: FormError,
) -> impl IntoView {
    let i18n = use_i18n();
    let field_error = move || error.for_field(i18n.t(), "programme");
    view! {
        <div class="field" class:invalid=move || field_error().is_some()>
            <label for="field-programme">{move || i18n.t().grievance_programme()}</label>
            <select id="field-programme" prop:value=move || programme.get() on:change=move |ev| programme.set(event_target_value(&ev))>
                <option value="">{move || i18n.t().score_choose()}</option>
                {programmes.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.to_string()}</option> }).collect_view()}
            </select>
            <p class="field-error" role="alert">{field_error}</p>
        </div>
    }
}

/// What the grievance is about.
#[component]
fn CategorySelect(category: RwSignal<String>, error: FormError) -> impl IntoView {
    let i18n = use_i18n();
    let field_error = move |name: &'static str| error.for_field(i18n.t(), name);
    view! {
        <div class="field" class:invalid=move || field_error("category").is_some()>
            <label for="field-category">{move || i18n.t().grievance_category()}</label>
            <select id="field-category" prop:value=move || category.get() on:change=move |ev| category.set(event_target_value(&ev))>
                <option value="">{move || i18n.t().score_choose()}</option>
                {GrievanceCategory::ALL.into_iter().map(|c| view! { <option value=wire(&c)>{move || grievance_category_label(i18n.t(), c)}</option> }).collect_view()}
            </select>
            <p class="field-error" role="alert">{move || field_error("category")}</p>
        </div>
    }
}

/// How a grievance logged by a manager arrived, and the language of a hotline call.
#[component]
fn ChannelFields(
    channel: RwSignal<String>,
    language: RwSignal<String>,
    error: FormError,
) -> impl IntoView {
    let i18n = use_i18n();
    let field_error = move |name: &'static str| error.for_field(i18n.t(), name);
    view! {
        <div class="field">
            <label for="field-channel">{move || i18n.t().grievance_channel()}</label>
            <select id="field-channel" prop:value=move || channel.get() on:change=move |ev| channel.set(event_target_value(&ev))>
                {[Channel::Hotline, Channel::ComplaintBox, Channel::PersonalReception].into_iter().map(|c| view! {
                    <option value=wire(&c)>{move || channel_label(i18n.t(), c)}</option>
                }).collect_view()}
            </select>
            <p class="field-error" role="alert">{move || field_error("channel")}</p>
        </div>
        <div class="field" class:invalid=move || field_error("language").is_some() hidden=move || channel.get() != wire(&Channel::Hotline)>
            <label for="field-language">{move || i18n.t().grievance_language()}</label>
            <select id="field-language" prop:value=move || language.get() on:change=move |ev| language.set(event_target_value(&ev))>
                <option value="">{move || i18n.t().score_choose()}</option>
                {SpokenLanguage::ALL.into_iter().map(|l| view! { <option value=wire(&l)>{spoken_language_label(l)}</option> }).collect_view()}
            </select>
            <p class="field-error" role="alert">{move || field_error("language")}</p>
        </div>
    }
}

/// Photos chosen for the grievance, downscaled and held on the phone until it has its code.
#[component]
fn PhotoPicker(photos: RwSignal<Vec<Chosen>, LocalStorage>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<&'static str>);
    let on_change = move |ev: leptos::ev::Event| {
        let files = take_files(&ev);
        let room = MAX_PHOTOS.saturating_sub(photos.with_untracked(Vec::len));
        problem.set((files.len() > room).then_some("too_many"));
        leptos::task::spawn_local(async move {
            for file in files.into_iter().take(room) {
                let (Some(jpeg), Some(id)) = (downscale(&file).await, new_photo_id()) else {
                    problem.set(Some("not_an_image"));
                    continue;
                };
                let src = web_sys::Url::create_object_url_with_blob(&jpeg).unwrap_or_default();
                photos.update(|list| {
                    list.push(Chosen {
                        id,
                        jpeg,
                        src,
                        sent: None,
                    });
                });
            }
        });
    };
    let max = MAX_PHOTOS.to_string();
    view! {
        <div class="field">
            <span class="label">{move || i18n.t().photos_label()}</span>
            <p class="hint">{move || fill(i18n.t().photos_hint(), &[("max", &max)])}</p>
            <ul class="photo-list">
                {move || photos.get().into_iter().map(|p| view! {
                    <li>
                        <img src=p.src alt=move || i18n.t().photo_alt() width="96" height="72"/>
                        <button type="button" class="linklike" on:click=move |_| photos.update(|list| list.retain(|c| c.id != p.id))>{move || i18n.t().photo_remove()}</button>
                    </li>
                }).collect_view()}
            </ul>
            {move || (photos.with(Vec::len) < MAX_PHOTOS).then(|| view! {
                <label class="button quiet file">
                    {move || i18n.t().photo_add()}
                    <input type="file" accept="image/jpeg,image/png,image/webp" multiple on:change=on_change/>
                </label>
            })}
            <p class="field-error" role="alert">{move || problem.get().map(|e| match e {
                "too_many" => fill(i18n.t().grievance_too_many_photos(), &[("max", &MAX_PHOTOS.to_string())]),
                _ => i18n.t().photo_not_an_image().to_owned(),
            })}</p>
        </div>
    }
}

/// Anonymous, or with a name and phone that only the programme's managers will see.
#[component]
fn FilerFields(
    anonymous: RwSignal<bool>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    error: FormError,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset>
            <legend>{move || i18n.t().grievance_who()}</legend>
            <label class="check">
                <input type="radio" name="anonymous" prop:checked=move || anonymous.get() on:change=move |_| anonymous.set(true)/>
                {move || i18n.t().grievance_anonymous()}
            </label>
            <label class="check">
                <input type="radio" name="anonymous" prop:checked=move || !anonymous.get() on:change=move |_| anonymous.set(false)/>
                {move || i18n.t().grievance_named()}
            </label>
            <p class="hint">{move || if anonymous.get() { i18n.t().grievance_anonymous_hint() } else { i18n.t().grievance_named_hint() }}</p>
        </fieldset>
        <div hidden=move || anonymous.get()>
            <Field name="name" label=|t| t.grievance_name() value=name error autocomplete="name"/>
            <Field name="phone" label=|t| t.grievance_phone() value=phone error kind="tel" autocomplete="tel" inputmode="tel"/>
        </div>
    }
}

/// The tracking code, large, with a copy button, the deadlines, and the photos on their way.
#[component]
fn Receipt(
    receipt: GrievanceReceipt,
    photos: RwSignal<Vec<Chosen>, LocalStorage>,
    upload_photos: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = receipt.code.to_string();
    let copied = RwSignal::new(false);
    let copy = {
        let code = code.clone();
        move |_| {
            let clipboard = window().navigator().clipboard();
            let _ = clipboard.write_text(&code);
            copied.set(true);
        }
    };
    let retry_code = code.clone();
    let failed = move || photos.with(|list| list.iter().any(|p| matches!(p.sent, Some(Err(_)))));
    view! {
        <div class="panel receipt" role="status">
            <h2>{move || i18n.t().receipt_title()}</h2>
            <p>{move || i18n.t().receipt_keep_code()}</p>
            <p class="tracking-code" translate="no">{code.clone()}</p>
            <button type="button" class="button quiet" on:click=copy>
                {move || if copied.get() { i18n.t().receipt_copied() } else { i18n.t().receipt_copy() }}
            </button>
            <dl class="facts">
                <dt>{move || i18n.t().grievance_acknowledge_due()}</dt>
                <dd>{move || date_time(i18n.t(), receipt.acknowledge_due)}</dd>
                <dt>{move || i18n.t().grievance_answer_due()}</dt>
                <dd>{move || date_time(i18n.t(), receipt.answer_due)}</dd>
            </dl>
            {move || (!photos.with(Vec::is_empty)).then(|| view! {
                <ul class="photo-list">
                    {photos.get().into_iter().map(|p| {
                        let state = match &p.sent {
                            None => i18n.t().photo_sending().to_owned(),
                            Some(Ok(())) => i18n.t().photo_sent().to_owned(),
                            Some(Err(ClientError::Api(ApiError::UnsupportedMediaType))) => i18n.t().photo_not_an_image().to_owned(),
                            Some(Err(e)) => error_message(i18n.t(), e),
                        };
                        view! { <li><img src=p.src alt=move || i18n.t().photo_alt() width="96" height="72"/><span class="hint">{state}</span></li> }
                    }).collect_view()}
                </ul>
            })}
            {move || failed().then(|| {
                let code = retry_code.clone();
                view! { <button type="button" class="button quiet" on:click=move |_| upload_photos.run(code.clone())>{move || i18n.t().receipt_resend_photos()}</button> }
            })}
            <p><a class="button" href=Route::Track(code.clone()).href()>{move || i18n.t().receipt_follow()}</a></p>
        </div>
    }
}
