//! Form pieces: a labelled input whose error, in the user's language, shows right under it, and
//! the form-level notice for errors that concern no single field. Inputs keep what was typed
//! whatever the server answers.

use crate::api::ClientError;
use crate::i18n::{error_message, problem_message, use_i18n, Texts};
use leptos::prelude::*;
use shared::api::ApiError;

/// The last error of a form, from which each field reads its own message.
#[derive(Clone, Copy)]
pub struct FormError(RwSignal<Option<ClientError>>);

impl FormError {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    pub fn set(self, error: Option<ClientError>) {
        self.0.set(error);
    }

    /// The message for `field`, if the last error concerns it.
    pub fn for_field(self, t: &Texts, field: &str) -> Option<String> {
        self.0.with(|e| match e {
            Some(ClientError::Api(ApiError::Invalid { field: f, problem })) if f == field => {
                Some(problem_message(t, problem))
            }
            _ => None,
        })
    }

    /// Whether the last write was kept in the outbox for when the signal returns.
    pub fn is_queued(self) -> bool {
        self.0.with(|e| matches!(e, Some(ClientError::Queued)))
    }

    /// The message for the form as a whole: a summary for field errors, else the error itself.
    pub fn for_form(self, t: &Texts) -> Option<String> {
        self.0.with(|e| match e {
            None => None,
            Some(ClientError::Api(ApiError::Invalid { .. })) => {
                Some(t.form_check_fields().to_owned())
            }
            Some(other) => Some(error_message(t, other)),
        })
    }
}

/// A labelled input bound to `value`, showing the error of the field `name`.
#[component]
pub fn Field(
    name: &'static str,
    label: fn(&Texts) -> &'static str,
    value: RwSignal<String>,
    error: FormError,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<fn(&Texts) -> &'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Tells apart the inputs of forms repeated on one page (one per milestone, say).
    #[prop(optional, into)]
    scope: Option<String>,
    /// Called after every keystroke, once `value` has it (to keep a draft as it is typed).
    #[prop(optional, into)]
    changed: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = match scope {
        Some(scope) => format!("field-{scope}-{name}"),
        None => format!("field-{name}"),
    };
    let message_id = format!("{id}-message");
    let message = move || error.for_field(i18n.t(), name);
    view! {
        <div class="field" class:invalid=move || message().is_some()>
            <label for=id.clone()>{move || label(i18n.t())}</label>
            {hint.map(|hint| view! { <p class="hint">{move || hint(i18n.t())}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=message_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(changed) = changed {
                        changed.run(());
                    }
                }
            />
            <p class="field-error" id=message_id role="alert">{message}</p>
        </div>
    }
}

/// A multi-line input whose error shows under it.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    label: fn(&Texts) -> &'static str,
    value: RwSignal<String>,
    error: FormError,
    #[prop(default = 3)] rows: u32,
    /// Tells apart the inputs of forms repeated on one page (one per report, say).
    #[prop(optional, into)]
    scope: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = match scope {
        Some(scope) => format!("text-{scope}-{}", name.replace('.', "-")),
        None => format!("text-{}", name.replace('.', "-")),
    };
    let name = StoredValue::new(name);
    let message = move || name.with_value(|name| error.for_field(i18n.t(), name));
    view! {
        <div class="field" class:invalid=move || message().is_some()>
            <label for=id.clone()>{move || label(i18n.t())}</label>
            <textarea id=id rows=rows aria-invalid=move || message().is_some().to_string() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <p class="field-error" role="alert">{message}</p>
        </div>
    }
}

/// The form-level message, if any. A write kept in the outbox is not an error: it is said
/// calmly, as what will happen.
#[component]
pub fn FormNotice(error: FormError) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.for_form(i18n.t()).map(|message| {
            if error.is_queued() {
                view! { <p class="notice queued" role="status">{message}</p> }.into_any()
            } else {
                view! { <p class="notice error" role="alert">{message}</p> }.into_any()
            }
        })
    }
}

/// Runs a form's request unless one is already on its way; `pending` is true meanwhile, to
/// disable the button and say "Sending…". (A plain task: `Action` costs the first visit more.)
pub fn send(pending: RwSignal<bool>, request: impl std::future::Future<Output = ()> + 'static) {
    if pending.get_untracked() {
        return;
    }
    pending.set(true);
    leptos::task::spawn_local(async move {
        request.await;
        pending.set(false);
    });
}
