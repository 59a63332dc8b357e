//! The manager's page: add councils to the programme, invite people, see and revoke invitations.

use crate::api::{self, ClientError};
use crate::components::form::{send, Field, FormError, FormNotice};
use crate::components::load::{Load, Loader};
use crate::components::status::NotForYou;
use crate::components::status::{ErrorNotice, Loading};
use crate::i18n::{date, fill, role_label, use_i18n};
use crate::router::Route;
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::{CouncilRequest, InvitationCreated, InvitationRequest, InvitationSummary};
use shared::roles::Role;

#[component]
pub fn ManagePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        match session.get() {
        Some(me) if me.role == Role::Manager => view! { <Manage programme=me.programme/> }.into_any(),
        _ => view! { <NotForYou title=Signal::derive(move || i18n.t().manage_title().to_owned()) notice=|t| t.manage_only_managers()/> }.into_any(),
    }
    }
}

#[component]
fn Manage(programme: shared::ProgrammeId) -> impl IntoView {
    let i18n = use_i18n();
    let councils = Loader::new(move || api::councils_of(programme));
    let invitations = Loader::new(api::invitations);
    view! {
        <section class="page">
            <h1>{move || i18n.t().manage_title()}</h1>
            <AddCouncil on_added=move || councils.reload()/>
            <Invite councils on_invited=move || invitations.reload()/>
            <h2>{move || i18n.t().invitations_title()}</h2>
            {move || match invitations.state.get() {
                Load::Loading => Loading().into_any(),
                Load::Ready(list) if list.invitations.is_empty() => {
                    view! { <p class="empty">{move || i18n.t().invitations_empty()}</p> }.into_any()
                }
                Load::Ready(list) => view! {
                    <ul class="list">
                        {list.invitations.into_iter().map(|i| view! { <InvitationRow invitation=i on_revoked=move || invitations.reload()/> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Load::Failed(error) => view! { <ErrorNotice error retry=move || invitations.reload()/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn AddCouncil(#[prop(into)] on_added: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let added = RwSignal::new(None::<String>);
    let error = FormError::new();
    let pending = RwSignal::new(false);
    view! {
        <form class="panel" novalidate on:submit=move |ev| {
            ev.prevent_default();
            added.set(None);
            let request = CouncilRequest { name: name.get_untracked() };
            send(pending, async move {
                match api::add_council(&request).await {
                    Ok(council) => {
                        error.set(None);
                        name.set(String::new());
                        added.set(Some(council.name.to_string()));
                        on_added.run(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }>
            <h2>{move || i18n.t().council_add_title()}</h2>
            <FormNotice error/>
            <Field name="name" label=|t| t.council_name_label() value=name error/>
            <button class="button primary" type="submit" disabled=move || pending.get()>
                {move || i18n.t().council_add_button()}
            </button>
            {move || added.get().map(|n| view! { <p class="notice ok" role="status">{fill(i18n.t().council_added(), &[("name", &n)])}</p> })}
        </form>
    }
}

#[component]
fn Invite(
    councils: Loader<Vec<shared::api::CouncilSummary>>,
    #[prop(into)] on_invited: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = RwSignal::new("council_member".to_owned());
    let council = RwSignal::new(String::new());
    let created = RwSignal::new(None::<InvitationCreated>);
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        let chosen = council.get_untracked();
        let request = InvitationRequest {
            role: role.get_untracked(),
            council: (!chosen.is_empty()).then_some(chosen),
            note: None,
        };
        send(pending, async move {
            match api::invite(&request).await {
                Ok(invitation) => {
                    error.set(None);
                    created.set(Some(invitation));
                    on_invited.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let roles = [Role::CouncilMember, Role::Assessor, Role::Manager];
    let council_error = move || error.for_field(i18n.t(), "council");
    view! {
        <form class="panel" novalidate on:submit=on_submit>
            <h2>{move || i18n.t().invite_title()}</h2>
            <FormNotice error/>
            <div class="field">
                <label for="field-role">{move || i18n.t().role_label()}</label>
                <select id="field-role" on:change=move |ev| role.set(event_target_value(&ev)) prop:value=move || role.get()>
                    {roles.into_iter().map(|r| {
                        let value = match r { Role::CouncilMember => "council_member", Role::Assessor => "assessor", Role::Manager => "manager" };
                        view! { <option value=value>{move || role_label(i18n.t(), r)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || role.get() == "council_member">
                <div class="field" class:invalid=move || council_error().is_some()>
                    <label for="field-council">{move || i18n.t().council_label()}</label>
                    <select id="field-council" aria-describedby="field-council-message" on:change=move |ev| council.set(event_target_value(&ev)) prop:value=move || council.get()>
                        <option value="">{move || i18n.t().council_choose()}</option>
                        {move || match councils.state.get() { Load::Ready(list) => list, _ => Vec::new() }.into_iter().map(|c| {
                            view! { <option value=c.id.to_string()>{c.name.to_string()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="field-council-message" role="alert">{council_error}</p>
                </div>
            </Show>
            <button class="button primary" type="submit" disabled=move || pending.get()>
                {move || i18n.t().invite_button()}
            </button>
            {move || created.get().map(|invitation| view! { <NewInvitation invitation/> })}
        </form>
    }
}

/// The code of a new invitation, large enough to read out, with the link to send.
#[component]
fn NewInvitation(invitation: InvitationCreated) -> impl IntoView {
    let i18n = use_i18n();
    let origin = window().location().origin().unwrap_or_default();
    let link = format!("{origin}{}", Route::Join(invitation.code.clone()).href());
    let copied = RwSignal::new(false);
    let copy_link = link.clone();
    view! {
        <div class="notice ok invitation" role="status">
            <p>{move || fill(i18n.t().invitation_created(), &[("date", &date(i18n.t(), invitation.expires_at))])}</p>
            <p class="code" data-testid="invitation-code">{invitation.code.clone()}</p>
            <p class="link"><span>{move || i18n.t().invitation_link_label()}": "</span><a href=link.clone()>{link.clone()}</a></p>
            <button type="button" class="button" on:click=move |_| {
                let _ = window().navigator().clipboard().write_text(&copy_link);
                copied.set(true);
            }>{move || if copied.get() { i18n.t().copied() } else { i18n.t().copy() }}</button>
        </div>
    }
}

#[component]
fn InvitationRow(
    invitation: InvitationSummary,
    #[prop(into)] on_revoked: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ClientError>);
    let id = invitation.id;
    let open = invitation.used_at.is_none() && invitation.revoked_at.is_none();
    let pending = RwSignal::new(false);
    let revoke = move || {
        send(pending, async move {
            match api::revoke(id).await {
                Ok(()) => on_revoked.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let status = move || {
        let t = i18n.t();
        let now = crate::clock::now();
        let (text, at) = match (invitation.used_at, invitation.revoked_at) {
            (Some(at), _) => (t.invitation_used(), at),
            (None, Some(at)) => (t.invitation_revoked(), at),
            (None, None) if now >= invitation.expires_at => {
                (t.invitation_expired(), invitation.expires_at)
            }
            (None, None) => (t.invitation_open(), invitation.expires_at),
        };
        fill(text, &[("date", &date(t, at))])
    };
    view! {
        <li class="row">
            <div>
                <strong>{move || role_label(i18n.t(), invitation.role)}</strong>
                <span class="meta">" · "{status}</span>
            </div>
            <Show when=move || open>
                <button type="button" class="button quiet" on:click=move |_| {
                    if window().confirm_with_message(i18n.t().revoke_confirm()).unwrap_or(false) {
                        revoke();
                    }
                }>{move || i18n.t().revoke_button()}</button>
            </Show>
            {move || error.get().map(|e| view! { <ErrorNotice error=e retry=move || revoke()/> })}
        </li>
    }
}
