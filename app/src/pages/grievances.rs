//! The manager's grievances: the open ones, overdue first and flagged; one grievance with its
//! filer's contact (when named), photos, history and the next steps; logging a grievance that
//! arrived by another channel; and publishing the hours of personal reception.

use crate::api;
use crate::components::form::{send, Field, FormError, FormNotice, TextArea};
use crate::components::load::{Loaded, Loader};
use crate::components::status::NotForYou;
use crate::i18n::{
    channel_label, date_time, grievance_category_label, grievance_status_label, overdue_label,
    spoken_language_label, use_i18n, weekday_label, wire, Texts,
};
use crate::pages::grievance_file::GrievanceForm;
use crate::pages::receptions::ReceptionList;
use crate::pages::track::Course;
use crate::router::Route;
use crate::session::use_session;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::api::{
    GrievanceStep, GrievanceSummary, HandledGrievance, ReceptionRequest, StepRequest,
};
use shared::grievances::Filer;
use shared::receptions::{SpokenLanguage, Weekday};
use shared::roles::Role;
use shared::{GrievanceId, ProgrammeId};

/// The page for managers only; anyone else is told what it is and who it is for.
fn for_managers(page: impl Fn(ProgrammeId) -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        match session.get() {
        Some(me) if me.role == Role::Manager => page(me.programme),
        _ => view! { <NotForYou title=Signal::derive(move || i18n.t().grievances_title().to_owned()) notice=|t| t.manage_only_managers()/> }.into_any(),
    }
    }
}

#[component]
pub fn GrievancesPage() -> impl IntoView {
    for_managers(|programme| view! { <Grievances programme/> }.into_any())
}

#[component]
fn Grievances(programme: ProgrammeId) -> impl IntoView {
    let i18n = use_i18n();
    let list = Loader::new(api::grievances);
    let receptions = Loader::new(move || api::receptions(programme));
    view! {
        <section class="page">
            <h1>{move || i18n.t().grievances_title()}</h1>
            <Loaded loader=list ready=|list| view! { <List list=list.grievances/> }/>
            <details class="folded">
                <summary>{move || i18n.t().grievances_log()}</summary>
                <p class="hint">{move || i18n.t().grievances_log_hint()}</p>
                <GrievanceForm programmes=vec![] logged_by_manager=Some(programme) filed=Callback::new(move |()| list.reload())/>
            </details>
            <h2>{move || i18n.t().receptions_title()}</h2>
            <Loaded loader=receptions ready=move |list| view! { <ReceptionList list=list.receptions withdraw=Some(receptions)/> }/>
            <details class="folded">
                <summary>{move || i18n.t().receptions_publish()}</summary>
                <PublishReception receptions/>
            </details>
        </section>
    }
}

#[component]
fn List(list: Vec<GrievanceSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().grievances_empty()}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {list.into_iter().map(|g| {
                let (status, category, channel, filed, overdue) = (g.status, g.category, g.channel, g.filed_at, g.overdue);
                view! {
                    <li class="card" class:late=overdue.is_some()>
                        <a href=Route::Grievance(g.id).href()>{move || grievance_category_label(i18n.t(), category)} " · " {g.village.to_string()}</a>
                        <p class="flags">
                            <span class=format!("badge grievance-{}", wire(&status))>{move || grievance_status_label(i18n.t(), status)}</span>
                            {overdue.map(|o| view! { <span class="flag danger">{move || overdue_label(i18n.t(), o)}</span> })}
                            {g.appealed.then(|| view! { <span class="badge">{move || i18n.t().grievance_appealed()}</span> })}
                        </p>
                        <p class="meta">{move || channel_label(i18n.t(), channel)} " · " {move || date_time(i18n.t(), filed)}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn GrievancePage(id: GrievanceId) -> impl IntoView {
    for_managers(move |_| view! { <Handled id/> }.into_any())
}

#[component]
fn Handled(id: GrievanceId) -> impl IntoView {
    let i18n = use_i18n();
    let grievance = Loader::new(move || api::grievance(id));
    view! {
        <section class="page">
            <p><a class="back" href=Route::Grievances.href()>{move || i18n.t().grievances_back()}</a></p>
            <h1>{move || i18n.t().grievance_title()}</h1>
            <Loaded loader=grievance ready=move |g| view! { <Detail grievance=g loader=grievance/> }/>
        </section>
    }
}

#[component]
fn Detail(grievance: HandledGrievance, loader: Loader<HandledGrievance>) -> impl IntoView {
    let i18n = use_i18n();
    let filer = match grievance.filer {
        Filer::Anonymous => view! { <p class="meta">{move || i18n.t().grievance_anonymous_filer()}</p> }.into_any(),
        Filer::Named { name, phone } => view! {
            <dl class="facts">
                <dt>{move || i18n.t().grievance_name()}</dt><dd>{name.to_string()}</dd>
                <dt>{move || i18n.t().grievance_phone()}</dt><dd><a href=format!("tel:{}", phone.as_str())>{phone.as_str().to_owned()}</a></dd>
            </dl>
        }.into_any(),
    };
    let language = grievance.language.map(|l| view! { <p class="meta">{move || i18n.t().grievance_language()} ": " {spoken_language_label(l)}</p> });
    let photos = grievance.course.photos.clone();
    let id = grievance.id;
    let steps = grievance.steps;
    view! {
        {filer}
        {language}
        <Course course=grievance.course>
            {(!photos.is_empty()).then(|| view! {
                <ul class="photos">
                    {photos.into_iter().map(|p| view! { <li><a href=api::photo_url(p)><img src=api::photo_url(p) alt=move || i18n.t().photo_alt() loading="lazy" width="160" height="120"/></a></li> }).collect_view()}
                </ul>
            })}
            <Steps id steps loader/>
        </Course>
    }
}

fn step_label(t: &Texts, step: GrievanceStep) -> &'static str {
    match step {
        GrievanceStep::Acknowledge => t.step_acknowledge(),
        GrievanceStep::Review => t.step_review(),
        GrievanceStep::Answer => t.step_answer(),
        GrievanceStep::Close => t.step_close(),
    }
}

/// The steps possible now: one button each; answering asks for the answer, closing for a
/// confirmation.
#[component]
fn Steps(
    id: GrievanceId,
    steps: Vec<GrievanceStep>,
    loader: Loader<HandledGrievance>,
) -> impl IntoView {
    let i18n = use_i18n();
    let answer = RwSignal::new(String::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let take = move |step: GrievanceStep| {
        if step == GrievanceStep::Close
            && !window()
                .confirm_with_message(i18n.t().step_close_confirm())
                .unwrap_or(false)
        {
            return;
        }
        let request = StepRequest {
            step: wire(&step),
            answer: answer.get_untracked(),
        };
        send(pending, async move {
            match api::grievance_step(id, &request).await {
                Ok(view) => {
                    error.set(None);
                    loader.state.set(crate::components::load::Load::Ready(view));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    if steps.is_empty() {
        return ().into_any();
    }
    let answering = steps.contains(&GrievanceStep::Answer);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        take(GrievanceStep::Answer);
    };
    view! {
        <form class="panel steps" novalidate on:submit=on_submit>
            {answering.then(|| view! { <TextArea name="answer" label=|t| t.grievance_answer_label() value=answer error rows=5/> })}
            <FormNotice error/>
            <div class="actions">
                {steps.into_iter().map(|step| {
                    let kind = if step == GrievanceStep::Answer { "submit" } else { "button" };
                    view! {
                        <button type=kind class="button" class:quiet=step != GrievanceStep::Answer disabled=move || pending.get()
                            on:click=move |ev| if step != GrievanceStep::Answer { ev.prevent_default(); take(step); }>
                            {move || step_label(i18n.t(), step)}
                        </button>
                    }
                }).collect_view()}
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn PublishReception(receptions: Loader<shared::api::ReceptionList>) -> impl IntoView {
    let i18n = use_i18n();
    let receiver = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let days = RwSignal::new(Vec::<Weekday>::new());
    let from = RwSignal::new("09:00".to_owned());
    let until = RwSignal::new("12:00".to_owned());
    let languages = RwSignal::new(Vec::<SpokenLanguage>::new());
    let error = FormError::new();
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = ReceptionRequest {
            receiver: receiver.get_untracked(),
            place: place.get_untracked(),
            days: days.get_untracked().iter().map(wire).collect(),
            from: from.get_untracked(),
            until: until.get_untracked(),
            languages: languages.get_untracked().iter().map(wire).collect(),
        };
        send(pending, async move {
            match api::publish_reception(&request).await {
                Ok(list) => {
                    error.set(None);
                    receiver.set(String::new());
                    place.set(String::new());
                    receptions
                        .state
                        .set(crate::components::load::Load::Ready(list));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let field_error = move |name: &'static str| error.for_field(i18n.t(), name);
    view! {
        <form novalidate on:submit=on_submit>
            <Field name="receiver" label=|t| t.reception_receiver() value=receiver error/>
            <Field name="place" label=|t| t.reception_place() value=place error/>
            <fieldset class:invalid=move || field_error("days").is_some()>
                <legend>{move || i18n.t().reception_days()}</legend>
                <div class="checks">
                    {Weekday::ALL.into_iter().map(|d| view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || days.with(|list| list.contains(&d))
                                on:change=move |_| days.update(|list| if list.contains(&d) { list.retain(|x| *x != d) } else { list.push(d) })/>
                            {move || weekday_label(i18n.t(), d)}
                        </label>
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || field_error("days")}</p>
            </fieldset>
            <div class="pair">
                <Field name="from" label=|t| t.reception_from() value=from error kind="time"/>
                <Field name="until" label=|t| t.reception_until() value=until error kind="time"/>
            </div>
            <fieldset class:invalid=move || field_error("languages").is_some()>
                <legend>{move || i18n.t().reception_languages()}</legend>
                <div class="checks">
                    {SpokenLanguage::ALL.into_iter().map(|l| view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || languages.with(|list| list.contains(&l))
                                on:change=move |_| languages.update(|list| if list.contains(&l) { list.retain(|x| *x != l) } else { list.push(l) })/>
                            {spoken_language_label(l)}
                        </label>
                    }).collect_view()}
                </div>
                <p class="field-error" role="alert">{move || field_error("languages")}</p>
            </fieldset>
            <FormNotice error/>
            <button type="submit" class="button" disabled=move || pending.get()>
                {move || if pending.get() { i18n.t().sending() } else { i18n.t().reception_send() }}
            </button>
        </form>
    }
}
