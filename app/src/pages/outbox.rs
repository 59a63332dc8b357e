//! The phone's outbox: what was written with no signal and waits to be sent, what was refused
//! and why (to send again or drop), and what was sent, with the answer that matters (a
//! grievance's tracking code).

use crate::api::{self, ClientError, OutboxItem, OutboxList, OutboxState, Waits};
use crate::components::fix;
use crate::components::load::{Loaded, Loader};
use crate::i18n::{choice_label, date_time, error_message, fill, use_i18n, Texts};
use crate::router::Route;
use leptos::prelude::*;
use serde_json::Value;
use shared::api::ApiError;
use shared::voting::Choice;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Loader::new(api::outbox);
    // What the app sends in the background shows here as it goes.
    Effect::new(move |seen: Option<api::OutboxCount>| {
        let now = crate::offline::outbox();
        if seen.is_some_and(|seen| seen != now) {
            list.reload();
        }
        now
    });
    let error = RwSignal::new(None::<ClientError>);
    let act = Callback::new(move |action: Action| {
        leptos::task::spawn_local(async move {
            let done = match action {
                Action::SendNow => api::flush_outbox().await,
                Action::Resend(seq) => api::resend(seq).await,
                Action::Discard(seq) => api::discard(seq).await,
            };
            error.set(done.err());
            list.reload();
            crate::offline::look_at_outbox();
        });
    });
    view! {
        <section class="page outbox">
            <h1>{move || i18n.t().outbox_title()}</h1>
            <p class="hint">{move || i18n.t().outbox_intro()}</p>
            {move || error.get().map(|e| view! { <p class="notice error" role="alert">{move || error_message(i18n.t(), &e)}</p> })}
            <Loaded loader=list ready=move |list: OutboxList| {
                let of = |states: &[OutboxState]| list.items.iter().filter(|i| states.contains(&i.state)).cloned().collect::<Vec<_>>();
                let waiting = of(&[OutboxState::Waiting, OutboxState::Sending]);
                let refused = of(&[OutboxState::Refused]);
                let sent = of(&[OutboxState::Sent]);
                let signed_out = waiting.first().is_some_and(|i| i.status == Some(401));
                view! {
                    {waiting.is_empty().then(|| view! { <p class="empty">{move || i18n.t().outbox_empty()}</p> })}
                    {(!waiting.is_empty()).then(|| view! {
                        <h2>{move || i18n.t().outbox_waiting_title()}</h2>
                        {signed_out.then(|| view! {
                            <p class="notice">{move || i18n.t().outbox_sign_in()} " " <a href=Route::SignIn.href()>{move || i18n.t().nav_sign_in()}</a></p>
                        })}
                        <ul class="cards">{waiting.into_iter().map(|item| view! { <Item item act/> }).collect_view()}</ul>
                        <button type="button" class="button" on:click=move |_| act.run(Action::SendNow)>{move || i18n.t().outbox_send_now()}</button>
                    })}
                    {(!refused.is_empty()).then(|| view! {
                        <h2>{move || i18n.t().outbox_refused_title()}</h2>
                        <ul class="cards">{refused.into_iter().map(|item| view! { <Item item act/> }).collect_view()}</ul>
                    })}
                    {(!sent.is_empty()).then(|| view! {
                        <h2>{move || i18n.t().outbox_sent_title()}</h2>
                        <ul class="cards">{sent.into_iter().map(|item| view! { <Item item act/> }).collect_view()}</ul>
                    })}
                }
                .into_any()
            }/>
        </section>
    }
}

#[derive(Clone, Copy)]
enum Action {
    SendNow,
    Resend(u64),
    Discard(u64),
}

/// One write: what it is, where it belongs, when it was made, and what became of it.
#[component]
fn Item(item: OutboxItem, act: Callback<Action>) -> impl IntoView {
    let i18n = use_i18n();
    let seq = item.seq;
    let state = item.state;
    let refusal = item.refusal().filter(|_| state == OutboxState::Refused);
    let refused = refusal.is_some();
    let place = subject(&item);
    let fix = (state == OutboxState::Refused)
        .then(|| form_of(&item).map(|form| fix::href(&form.href(), &item)))
        .flatten();
    let preview = preview(&item);
    let queued_at = item.queued_at;
    let sent_at = item.sent_at;
    let code = (item.kind == Waits::Grievance && state == OutboxState::Sent)
        .then(|| item.answer.as_deref().and_then(tracking_code))
        .flatten();
    let kind = item.kind;
    let discard = move |_| {
        if state != OutboxState::Sent
            && !window()
                .confirm_with_message(i18n.t().outbox_discard_confirm())
                .unwrap_or(false)
        {
            return;
        }
        act.run(Action::Discard(seq));
    };
    view! {
        <li class="card" class:late=refused>
            <p><strong>{move || kind_label(i18n.t(), kind)}</strong>
                {place.map(|route| view! { " · " <a href=route.href()>{move || i18n.t().outbox_open()}</a> })}
            </p>
            {preview.map(|text| view! { <p class="preview">{move || preview_text(i18n.t(), &text)}</p> })}
            <p class="meta">{move || match (state, sent_at) {
                (OutboxState::Sent, Some(at)) => fill(i18n.t().outbox_sent_at(), &[("time", &date_time(i18n.t(), at))]),
                _ => fill(i18n.t().outbox_kept_at(), &[("time", &date_time(i18n.t(), queued_at))]),
            }}</p>
            {code.map(|code| view! {
                <p>{move || i18n.t().outbox_tracking_code()} " "
                    <a class="tracking-code" href=Route::Track(code.clone()).href()>{code.clone()}</a>
                </p>
            })}
            {refusal.map(|e| view! { <p class="field-error" role="alert">{move || refusal_message(i18n.t(), &e)}</p> })}
            <div class="actions">
                {fix.map(|href| view! { <a class="button" href=href>{move || i18n.t().outbox_fix()}</a> })}
                {(state == OutboxState::Refused).then(|| view! {
                    <button type="button" class="button quiet" on:click=move |_| act.run(Action::Resend(seq))>{move || i18n.t().outbox_resend()}</button>
                })}
                <button type="button" class="linklike" on:click=discard>{move || if state == OutboxState::Sent { i18n.t().outbox_clear() } else { i18n.t().outbox_discard() }}</button>
            </div>
        </li>
    }
}

/// Why the API refused a write: a field's problem is told at the field, in the form.
fn refusal_message(t: &Texts, refusal: &ClientError) -> String {
    match refusal {
        ClientError::Api(ApiError::Invalid { .. }) => t.outbox_needs_correcting().to_owned(),
        other => error_message(t, other),
    }
}

fn kind_label(t: &Texts, kind: Waits) -> &'static str {
    match kind {
        Waits::Draft => t.outbox_kind_draft(),
        Waits::Photo => t.outbox_kind_photo(),
        Waits::Submission => t.outbox_kind_submission(),
        Waits::Vote => t.outbox_kind_vote(),
        Waits::Report => t.outbox_kind_report(),
        Waits::Grievance => t.outbox_kind_grievance(),
        Waits::Appeal => t.outbox_kind_appeal(),
    }
}

/// The page the write belongs to, from the API path it goes to.
fn subject(item: &OutboxItem) -> Option<Route> {
    let segments: Vec<&str> = item.path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        ["api", "proposals", id] | ["api", "proposals", id, "photos", _] => {
            id.parse().ok().map(Route::EditProposal)
        }
        ["api", "proposals", id, _] => id.parse().ok().map(Route::Proposal),
        ["api", "projects", id, ..] => id.parse().ok().map(Route::Project),
        ["api", "track", code, ..] => Some(Route::Track((*code).to_owned())),
        _ => None,
    }
}

/// The page whose form can correct the write and send it again (`components::fix`).
fn form_of(item: &OutboxItem) -> Option<Route> {
    match item.kind {
        Waits::Report | Waits::Appeal => subject(item),
        Waits::Grievance => Some(Route::FileGrievance),
        Waits::Draft | Waits::Photo | Waits::Submission | Waits::Vote => None,
    }
}

/// What was written, in short: a vote's choice, or the start of the text.
enum Preview {
    Choice(Choice),
    Text(String),
}

const PREVIEW_CHARS: usize = 140;

fn preview(item: &OutboxItem) -> Option<Preview> {
    let body: Value = serde_json::from_str(item.body.as_deref()?).ok()?;
    if item.kind == Waits::Vote {
        return serde_json::from_value(body.get("choice")?.clone())
            .ok()
            .map(Preview::Choice);
    }
    let text = ["title", "comment", "description", "reason"]
        .iter()
        .find_map(|field| body.get(field)?.as_str())?;
    let mut shown: String = text.chars().take(PREVIEW_CHARS).collect();
    if text.chars().count() > PREVIEW_CHARS {
        shown.push('…');
    }
    Some(Preview::Text(shown))
}

fn preview_text(t: &Texts, preview: &Preview) -> String {
    match preview {
        Preview::Choice(choice) => fill(t.you_voted(), &[("choice", choice_label(t, *choice))]),
        Preview::Text(text) => text.clone(),
    }
}

fn tracking_code(answer: &str) -> Option<String> {
    let receipt: Value = serde_json::from_str(answer).ok()?;
    receipt.get("code")?.as_str().map(str::to_owned)
}
