//! Following a grievance by its tracking code, with no account: its status, the deadlines, the
//! answer, and the appeal (once). The course of a grievance is drawn here for the manager's page
//! too.

use crate::api::{self, ClientError, KeepOnPhone, Waits};
use crate::components::fix::Fix;
use crate::components::form::{send, FormError, FormNotice, TextArea};
use crate::components::history::History;
use crate::i18n::{
    channel_label, date_time, error_message, grievance_category_label, grievance_status_label,
    overdue_label, use_i18n,
};
use crate::router::{use_navigator, Route};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::api::{ApiError, AppealRequest, GrievanceCourse, GrievanceStatusView, Problem};
use shared::Timestamp;

#[component]
pub fn TrackPage(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let typed = RwSignal::new(code.clone());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let code = typed.get_untracked().trim().to_uppercase();
        if !code.is_empty() {
            navigator.go(&Route::Track(code));
        }
    };
    view! {
        <section class="page">
            <h1>{move || i18n.t().track_title()}</h1>
            <form class="field" novalidate on:submit=on_submit>
                <label for="field-code">{move || i18n.t().track_code_label()}</label>
                <div class="code-row">
                    <input id="field-code" name="code" class="code-input" autocomplete="off" autocapitalize="characters" spellcheck="false"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <button type="submit" class="button">{move || i18n.t().track_show()}</button>
                </div>
            </form>
            {(!code.is_empty()).then(|| view! { <Tracked code/> })}
        </section>
    }
}

#[derive(Clone)]
enum Lookup {
    Waiting,
    Found(Box<GrievanceStatusView>),
    Failed(ClientError),
}

#[component]
fn Tracked(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Lookup::Waiting);
    let code = StoredValue::new(code);
    let load = move || {
        let code = code.get_value();
        let keep = if kept_on_phone(&code) {
            KeepOnPhone::Keep
        } else {
            KeepOnPhone::No
        };
        leptos::task::spawn_local(async move {
            state.set(match api::track(&code, keep).await {
                Ok(view) => Lookup::Found(Box::new(view)),
                Err(e) => Lookup::Failed(e),
            });
        });
    };
    load();
    move || match state.get() {
        Lookup::Waiting => {
            view! { <p class="status" role="status">{move || i18n.t().loading()}</p> }.into_any()
        }
        Lookup::Found(view) => {
            view! { <Status view=*view code=code.get_value() state/> }.into_any()
        }
        Lookup::Failed(error) => {
            // Trying the same code again helps only when the answer did not come.
            let retry = matches!(
                error,
                ClientError::Network | ClientError::Api(ApiError::Unavailable)
            );
            let message = move || match &error {
                ClientError::Api(ApiError::Invalid {
                    problem: Problem::Typo,
                    ..
                }) => i18n.t().track_typo().to_owned(),
                ClientError::Api(ApiError::Invalid { .. }) => {
                    i18n.t().track_not_a_code().to_owned()
                }
                ClientError::Api(ApiError::NotFound) => i18n.t().track_unknown().to_owned(),
                other => error_message(i18n.t(), other),
            };
            view! {
                <div class="notice error" role="alert">
                    <p>{message}</p>
                    {retry.then(|| view! { <button type="button" class="button quiet" on:click=move |_| load()>{move || i18n.t().retry()}</button> })}
                </div>
            }
            .into_any()
        }
    }
}

/// Where the reader's choice to keep a tracking page on the phone is remembered.
fn keep_key(code: &str) -> String {
    format!("kenes-keep-track:{}", code.trim().to_uppercase())
}

fn kept_on_phone(code: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&keep_key(code)).ok().flatten())
        .is_some()
}

#[component]
fn Status(view: GrievanceStatusView, code: String, state: RwSignal<Lookup>) -> impl IntoView {
    let can_appeal = view.can_appeal;
    view! {
        <Course course=view.course>
            <KeepOnThisPhone code=code.clone()/>
            {can_appeal.then(|| view! { <AppealForm code state/> })}
        </Course>
    }
}

/// The filer's choice to keep the page on this phone, to read it with no signal. Off unless
/// asked for: on a shared phone, the next person could read it too.
#[component]
fn KeepOnThisPhone(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let kept = RwSignal::new(kept_on_phone(&code));
    let code = StoredValue::new(code);
    let on_change = move |ev: leptos::ev::Event| {
        let keep = event_target_checked(&ev);
        kept.set(keep);
        let code = code.get_value();
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = if keep {
                storage.set_item(&keep_key(&code), "1")
            } else {
                storage.remove_item(&keep_key(&code))
            };
        }
        let choice = if keep {
            KeepOnPhone::Keep
        } else {
            KeepOnPhone::Forget
        };
        leptos::task::spawn_local(async move {
            let _ = api::track(&code, choice).await;
        });
    };
    view! {
        <p class="check keep">
            <input type="checkbox" id="keep-on-phone" prop:checked=move || kept.get() on:change=on_change/>
            <label for="keep-on-phone">{move || i18n.t().track_keep_label()}</label>
        </p>
    }
}

/// A date and time that follows the language switch.
fn when(at: Timestamp) -> impl Fn() -> String + Copy {
    let i18n = use_i18n();
    move || date_time(i18n.t(), at)
}

/// A grievance's status, deadlines, answers and history, as its filer and its managers see it;
/// `children` (what the reader may do now) come after the answers, before the history.
#[component]
pub fn Course(
    course: GrievanceCourse,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = course.status;
    let overdue = course.overdue;
    let category = course.category;
    let channel = course.channel;
    let photos = course.photos.len();
    view! {
        <div class="grievance">
            <p class="flags">
                <span class=format!("badge grievance-{}", crate::i18n::wire(&status))>{move || grievance_status_label(i18n.t(), status)}</span>
                {overdue.map(|o| view! { <span class="flag danger">{move || overdue_label(i18n.t(), o)}</span> })}
            </p>
            <dl class="facts">
                <dt>{move || i18n.t().grievance_category()}</dt>
                <dd>{move || grievance_category_label(i18n.t(), category)}</dd>
                <dt>{move || i18n.t().grievance_village()}</dt>
                <dd>{course.village.to_string()}</dd>
                <dt>{move || i18n.t().grievance_channel()}</dt>
                <dd>{move || channel_label(i18n.t(), channel)}</dd>
                <dt>{move || i18n.t().grievance_filed_at()}</dt>
                <dd>{when(course.filed_at)}</dd>
                <dt>{move || i18n.t().grievance_acknowledge_due()}</dt>
                <dd>{match course.acknowledged_at {
                    Some(at) => view! { <span>{move || i18n.t().grievance_acknowledged_on()} " " {when(at)}</span> }.into_any(),
                    None => view! { <span>{when(course.acknowledge_due)}</span> }.into_any(),
                }}</dd>
                <dt>{move || i18n.t().grievance_answer_due()}</dt>
                <dd>{when(course.answer_due)}</dd>
                {(photos > 0).then(|| view! {
                    <dt>{move || i18n.t().grievance_photos()}</dt>
                    <dd>{photos}</dd>
                })}
            </dl>
            <h2>{move || i18n.t().grievance_description()}</h2>
            <p class="prose">{course.description.to_string()}</p>
            {course.answer.map(|answer| view! {
                <h2>{move || i18n.t().grievance_answer()}</h2>
                {course.answered_at.map(|at| view! { <p class="meta">{when(at)}</p> })}
                <p class="prose answer">{answer.to_string()}</p>
            })}
            {course.appeal.map(|appeal| view! {
                <h2>{move || i18n.t().grievance_appeal()}</h2>
                {course.appealed_at.map(|at| view! { <p class="meta">{when(at)}</p> })}
                <p class="prose">{appeal.to_string()}</p>
            })}
            {course.appeal_answer.map(|answer| view! {
                <h2>{move || i18n.t().grievance_appeal_answer()}</h2>
                {course.appeal_answered_at.map(|at| view! { <p class="meta">{when(at)}</p> })}
                <p class="prose answer">{answer.to_string()}</p>
            })}
            {children.map(|children| children())}
            <History entries=course.history/>
        </div>
    }
}

#[component]
fn AppealForm(code: String, state: RwSignal<Lookup>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let code = StoredValue::new(code);
    let fix = Fix::new(Waits::Appeal, error, move |refused: AppealRequest| {
        reason.set(refused.reason);
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = AppealRequest {
            reason: reason.get_untracked(),
        };
        let code = code.get_value();
        send(pending, async move {
            let result = api::appeal(&code, &request).await;
            fix.done(&result);
            match result {
                Ok(view) => state.set(Lookup::Found(Box::new(view))),
                // Kept in the outbox: the form empties so it is not sent twice.
                Err(ClientError::Queued) => {
                    reason.set(String::new());
                    error.set(Some(ClientError::Queued));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="panel" novalidate on:submit=on_submit>
            <h2>{move || i18n.t().appeal_title()}</h2>
            <p class="hint">{move || i18n.t().appeal_hint()}</p>
            <TextArea name="reason" label=|t| t.appeal_reason() value=reason error rows=4/>
            <FormNotice error/>
            <button type="submit" class="button" disabled=move || pending.get()>
                {move || if pending.get() { i18n.t().sending() } else { i18n.t().appeal_send() }}
            </button>
        </form>
    }
}
