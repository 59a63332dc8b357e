//! Hours of personal reception, the next upcoming first by the reader's clock, and a programme
//! year's grievance statistics: what the public sees of grievances.

use crate::api::{self, ClientError};
use crate::components::load::{Load, Loaded, Loader};
use crate::i18n::{
    channel_label, error_message, fill, grievance_category_label, spoken_language_label, use_i18n,
    weekday_label,
};
use crate::router::Route;
use leptos::prelude::*;
use shared::api::ReceptionView;
use shared::grievances::GrievanceStats;
use shared::receptions::{soonest_first, WeekTime, Weekday};
use shared::ProgrammeId;

/// Now, on the reader's clock: receptions are held on the local clock where the reader lives.
fn local_now() -> WeekTime {
    let now = js_sys::Date::new_0();
    WeekTime {
        day: Weekday::from_index((now.get_day() + 6) % 7),
        minute: now.get_hours() * 60 + now.get_minutes(),
    }
}

/// The receptions, soonest first; with `withdraw`, each has a button to withdraw it.
#[component]
pub fn ReceptionList(
    mut list: Vec<ReceptionView>,
    withdraw: Option<Loader<shared::api::ReceptionList>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || i18n.t().receptions_empty()}</p> }.into_any();
    }
    let now = local_now();
    soonest_first(&mut list, |r| &r.reception.hours, now);
    let error = RwSignal::new(None::<ClientError>);
    view! {
        <ul class="cards receptions">
            {list.into_iter().map(|r| {
                let hours = r.reception.hours.clone();
                let open_now = hours.minutes_until_open(now) == Some(0);
                let days = hours.days.clone();
                let id = r.id;
                view! {
                    <li class="card">
                        <p><strong>{r.reception.receiver.to_string()}</strong></p>
                        <p>{r.reception.place.to_string()}</p>
                        <p>
                            {move || days.iter().map(|d| weekday_label(i18n.t(), *d)).collect::<Vec<_>>().join(", ")}
                            " · " {hours.from.to_string()} "–" {hours.until.to_string()}
                            {open_now.then(|| view! { " " <span class="badge ok">{move || i18n.t().reception_open_now()}</span> })}
                        </p>
                        <p class="meta">{r.reception.languages.iter().map(|l| spoken_language_label(*l)).collect::<Vec<_>>().join(" · ")}</p>
                        {withdraw.map(|loader| view! {
                            <button type="button" class="linklike" on:click=move |_| {
                                if !window().confirm_with_message(i18n.t().reception_withdraw_confirm()).unwrap_or(false) {
                                    return;
                                }
                                leptos::task::spawn_local(async move {
                                    match api::withdraw_reception(id).await {
                                        Ok(()) => loader.reload(),
                                        Err(e) => error.set(Some(e)),
                                    }
                                });
                            }>{move || i18n.t().reception_withdraw()}</button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="field-error" role="alert">{move || error.get().map(|e| error_message(i18n.t(), &e))}</p>
    }
    .into_any()
}

/// A programme's grievance section: where to file and follow one, reception hours, and this
/// year's figures.
#[component]
pub fn ProgrammeGrievances(programme: ProgrammeId, year: u16) -> impl IntoView {
    let i18n = use_i18n();
    let receptions = Loader::new(move || api::receptions(programme));
    let stats = Loader::new(move || api::grievance_stats(programme, year));
    view! {
        <h2 id="grievances">{move || i18n.t().grievances_public_title()}</h2>
        <p class="actions">
            <a class="button" href=Route::FileGrievance.href()>{move || i18n.t().nav_file_grievance()}</a>
            <a class="button quiet" href=Route::Track(String::new()).href()>{move || i18n.t().nav_track_grievance()}</a>
        </p>
        <h3>{move || i18n.t().receptions_title()}</h3>
        <Loaded loader=receptions ready=|list| view! { <ReceptionList list=list.receptions withdraw=None/> }/>
        <h3>{move || fill(i18n.t().grievance_stats_title(), &[("year", &year.to_string())])}</h3>
        {move || match stats.state.get() {
            Load::Ready(s) => view! { <Stats stats=s/> }.into_any(),
            Load::Loading => ().into_any(),
            Load::Failed(_) => view! { <p class="empty">{move || i18n.t().grievance_stats_none()}</p> }.into_any(),
        }}
    }
}

/// Days as the language writes a decimal.
fn days(value: Option<f64>, t: &crate::i18n::Texts) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |d| {
            let text = format!("{d:.1}");
            let text = if t.locale_code() == "en" {
                text
            } else {
                text.replace('.', ",")
            };
            fill(t.grievance_stats_days(), &[("days", &text)])
        },
    )
}

#[component]
fn Stats(stats: GrievanceStats) -> impl IntoView {
    let i18n = use_i18n();
    if stats.total == 0 {
        return view! { <p class="empty">{move || i18n.t().grievance_stats_none()}</p> }.into_any();
    }
    let share = (stats.answered_in_time * 100)
        .checked_div(stats.answer_due)
        .map_or_else(|| "—".to_owned(), |percent| format!("{percent}%"));
    let by_category: Vec<_> = stats
        .by_category
        .into_iter()
        .filter(|c| c.count > 0)
        .collect();
    let by_channel: Vec<_> = stats
        .by_channel
        .into_iter()
        .filter(|c| c.count > 0)
        .collect();
    let (ack, answer) = (
        stats.median_days_to_acknowledge,
        stats.median_days_to_answer,
    );
    view! {
        <dl class="facts">
            <dt>{move || i18n.t().grievance_stats_total()}</dt><dd>{stats.total}</dd>
            <dt>{move || i18n.t().grievance_stats_acknowledge()}</dt><dd>{move || days(ack, i18n.t())}</dd>
            <dt>{move || i18n.t().grievance_stats_answer()}</dt><dd>{move || days(answer, i18n.t())}</dd>
            <dt>{move || i18n.t().grievance_stats_in_time()}</dt>
            <dd>{share} " (" {stats.answered_in_time} " / " {stats.answer_due} ")"</dd>
        </dl>
        <table class="counts">
            <caption>{move || i18n.t().grievance_stats_by_category()}</caption>
            <tbody>
                {by_category.into_iter().map(|c| view! { <tr><th scope="row">{move || grievance_category_label(i18n.t(), c.category)}</th><td>{c.count}</td></tr> }).collect_view()}
            </tbody>
        </table>
        <table class="counts">
            <caption>{move || i18n.t().grievance_stats_by_channel()}</caption>
            <tbody>
                {by_channel.into_iter().map(|c| view! { <tr><th scope="row">{move || channel_label(i18n.t(), c.channel)}</th><td>{c.count}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
