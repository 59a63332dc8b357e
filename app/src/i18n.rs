//! The interface's languages. Texts come from `locales/*.toml`, in two files per language (see
//! `build.rs`), of which the app fetches only the reader's: the public texts, whose fetch the page
//! starts while the app itself downloads (`scripts/app-wasm.mjs`), and the signed-in pages' texts,
//! fetched with those pages' code (`pages::split_views!`). The language is picked from the browser on the
//! first visit, can be switched on every page (its texts are fetched then), and is remembered on
//! the device.

use crate::api::ClientError;
use crate::start::started;
use leptos::prelude::*;
use shared::api::{ApiError, FundsScope, Problem, Refusal};
use shared::events::Change;
use shared::grievances::{Channel, GrievanceCategory, GrievanceStatus, Overdue};
use shared::projects::{MonitoringRating, Unit};
use shared::proposals::{Category, ProposalStatus};
use shared::receptions::{SpokenLanguage, Weekday};
use shared::roles::Role;
use shared::voting::{Choice, Outcome};
use shared::Locale;
use std::cell::RefCell;
use wasm_bindgen_futures::JsFuture;

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

const STORAGE_KEY: &str = "kenes.locale";

/// Picks one text out of a language's table: a label that follows the language switch.
pub type Text = fn(&Texts) -> &'static str;

#[cfg(test)]
pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Kk => &KK,
        Locale::Ru => &RU,
        Locale::En => &EN,
    }
}

thread_local! {
    /// The texts fetched so far, by language. They live as long as the page.
    static LOADED: RefCell<Vec<(Locale, &'static Texts)>> = const { RefCell::new(Vec::new()) };
}

fn texts_url(locale: Locale, signed_in: bool) -> String {
    let base = started("base")
        .and_then(|b| b.as_string())
        .unwrap_or_default();
    let part = if signed_in { "signed-in-" } else { "" };
    format!("{base}/{part}texts-{}.txt", locale.code())
}

async fn fetch_text(url: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .ok()
        .filter(gloo_net::http::Response::ok)?;
    response.text().await.ok()
}

/// The texts of `locale`: fetched the first time (or taken from the start script's fetch), then
/// kept. `None` when they cannot be fetched (offline, and not kept on the phone).
pub async fn load(locale: Locale) -> Option<&'static Texts> {
    if let Some(texts) = LOADED.with(|l| {
        l.borrow()
            .iter()
            .find(|(l, _)| *l == locale)
            .map(|(_, t)| *t)
    }) {
        return Some(texts);
    }
    let guessed = started("lang").and_then(|l| l.as_string());
    let begun = started("text").filter(|_| guessed.as_deref() == Some(locale.code()));
    let file = match begun {
        Some(promise) => JsFuture::from(js_sys::Promise::from(promise))
            .await
            .ok()
            .and_then(|text| text.as_string()),
        None => None,
    };
    let file = match file {
        Some(file) => file,
        None => fetch_text(&texts_url(locale, false)).await?,
    };
    let texts: &'static Texts = Box::leak(Box::new(Texts::from_file(Box::leak(
        file.into_boxed_str(),
    ))?));
    LOADED.with(|l| l.borrow_mut().push((locale, texts)));
    Some(texts)
}

/// The texts of `locale` with its signed-in pages' texts, fetched the first time.
pub async fn load_signed_in(locale: Locale) -> Option<&'static Texts> {
    let public = load(locale).await?;
    if public.has_signed_in() {
        return Some(public);
    }
    let file = fetch_text(&texts_url(locale, true)).await?;
    let texts: &'static Texts = Box::leak(Box::new(
        public.with_signed_in(Box::leak(file.into_boxed_str()))?,
    ));
    LOADED.with(|l| {
        let mut l = l.borrow_mut();
        l.retain(|(l, _)| *l != locale);
        l.push((locale, texts));
    });
    Some(texts)
}

/// Makes the current language's signed-in pages' texts part of its texts: `false` when they
/// cannot be fetched (no signal, and not kept on the phone). Called by the signed-in pages'
/// module only (`components::lazy::with_signed_in_texts`), which alone carries this code.
pub async fn fetch_signed_in_texts(i18n: I18n) -> bool {
    loop {
        let (locale, texts) = i18n.current.get_untracked();
        if texts.has_signed_in() {
            return true;
        }
        let Some(texts) = load_signed_in(locale).await else {
            return false;
        };
        // The reader may have switched language meanwhile: then it is that language's turn.
        if i18n.current.get_untracked().0 == locale {
            i18n.current.set((locale, texts));
            return true;
        }
    }
}

/// Fetches the texts in use again once the service worker has taken over the page, so that it
/// keeps them for when there is no signal. (It keeps the signed-in texts with the members' pages.)
pub fn keep_for_offline() {
    let locales: Vec<Locale> = LOADED.with(|l| l.borrow().iter().map(|(l, _)| *l).collect());
    for locale in locales {
        leptos::task::spawn_local(async move {
            let _ = gloo_net::http::Request::get(&texts_url(locale, false))
                .send()
                .await;
        });
    }
}

/// The current language and its texts, shared through the component tree.
#[derive(Clone, Copy)]
pub struct I18n {
    current: RwSignal<(Locale, &'static Texts)>,
}

impl I18n {
    pub fn locale(self) -> Locale {
        self.current.get().0
    }

    /// The texts of the current language; a view that reads them follows language changes.
    pub fn t(self) -> &'static Texts {
        self.current.get().1
    }

    /// Switches language once its public texts are here; without a signal, the page stays as
    /// it is. A signed-in page shown then fetches its texts in that language too.
    pub fn set(self, locale: Locale) {
        leptos::task::spawn_local(async move {
            if let Some(texts) = load(locale).await {
                self.current.set((locale, texts));
            }
        });
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The language remembered on this device, else the browser's first that Kenes speaks.
pub fn initial_locale() -> Locale {
    let remembered = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Locale::from_tag(&code));
    remembered.unwrap_or_else(|| {
        let languages: Vec<String> = window()
            .navigator()
            .languages()
            .iter()
            .filter_map(|l| l.as_string())
            .collect();
        Locale::negotiate(languages.iter().map(String::as_str))
    })
}

pub fn provide(locale: Locale, texts: &'static Texts) -> I18n {
    let i18n = I18n {
        current: RwSignal::new((locale, texts)),
    };
    Effect::new(move || {
        let code = i18n.locale().code();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, code);
        }
    });
    provide_context(i18n);
    i18n
}

/// The language, provided at the root before anything renders (see main.rs).
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Fills `{name}` placeholders of a text.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |out, (name, value)| {
        out.replace(&format!("{{{name}}}"), value)
    })
}

/// The message for an error, in the user's language.
pub fn error_message(t: &Texts, error: &ClientError) -> String {
    let e = match error {
        ClientError::Network => return t.error_network().to_owned(),
        ClientError::Unreadable => return t.error_unreadable().to_owned(),
        ClientError::Queued => return t.error_queued().to_owned(),
        ClientError::Api(e) => e,
    };
    match e {
        ApiError::MalformedBody => t.error_malformed_body().to_owned(),
        ApiError::UnsupportedMediaType => t.error_unsupported_media_type().to_owned(),
        ApiError::PayloadTooLarge { max_bytes } => {
            let megabytes = format!("{} MB", max_bytes.div_ceil(1024 * 1024));
            fill(t.error_payload_too_large(), &[("max", &megabytes)])
        }
        ApiError::Invalid { problem, .. } => problem_message(t, problem),
        ApiError::Unauthorized => t.error_unauthorized().to_owned(),
        ApiError::Forbidden => t.error_forbidden().to_owned(),
        ApiError::NotFound => t.error_not_found().to_owned(),
        ApiError::MethodNotAllowed => t.error_method_not_allowed().to_owned(),
        ApiError::Conflict { reason } => refusal_message(t, *reason).to_owned(),
        ApiError::InsufficientFunds { remaining, of } => fill(
            match of {
                FundsScope::Allocation => t.error_exceeds_allocation(),
                FundsScope::Budget => t.error_exceeds_budget(),
            },
            &[("remaining", &remaining.format(locale_of(t)))],
        ),
        ApiError::RateLimited {
            retry_after_seconds,
        } => fill(
            t.error_rate_limited(),
            &[("seconds", &retry_after_seconds.to_string())],
        ),
        ApiError::BrokenHistory { seq } => fill(
            t.error_broken_history(),
            &[("entry", &seq.saturating_add(1).to_string())],
        ),
        ApiError::Internal => t.error_internal().to_owned(),
        ApiError::Unavailable => t.error_unavailable().to_owned(),
    }
}

/// The language of a table of texts, for amounts inside messages.
fn locale_of(t: &Texts) -> Locale {
    Locale::from_tag(t.locale_code()).unwrap_or(Locale::Ru)
}

/// A score such as 3.75 as the language writes it: 3,75 in Kazakh and Russian.
pub fn decimal(value: shared::assessment::Hundredths, locale: Locale) -> String {
    let text = value.to_string();
    match locale {
        Locale::Kk | Locale::Ru => text.replace('.', ","),
        Locale::En => text,
    }
}

/// A refusal because of the record's state, said in terms of what happened and what to do.
/// The match names every refusal, so a new one does not compile until it has its texts.
pub fn refusal_message(t: &Texts, reason: Refusal) -> &'static str {
    match reason {
        Refusal::WrongStatus => t.conflict_wrong_status(),
        Refusal::VoteClosed => t.conflict_vote_closed(),
        Refusal::VoteOpen => t.conflict_vote_open(),
        Refusal::TooManyPhotos => t.conflict_too_many_photos(),
        Refusal::PhotosWaiting => t.conflict_photos_waiting(),
        Refusal::NoElectorate => t.conflict_no_electorate(),
        Refusal::AlreadySubmitted => t.conflict_already_submitted(),
        Refusal::NoYear => t.conflict_no_year(),
        Refusal::NoAllocation => t.conflict_no_allocation(),
        Refusal::YearClosed => t.conflict_year_closed(),
        Refusal::AlreadyAppealed => t.conflict_already_appealed(),
        Refusal::GrievanceMovedOn => t.conflict_grievance_moved_on(),
        Refusal::OtherMember => t.conflict_other_member(),
        Refusal::NotEnoughAssessors => t.conflict_not_enough_assessors(),
        Refusal::NotAssessed => t.conflict_not_assessed(),
        Refusal::Funding => t.conflict_funding(),
        Refusal::InvitationUsed => t.conflict_invitation_used(),
        Refusal::InProgress => t.conflict_in_progress(),
        Refusal::Constraint => t.conflict_constraint(),
        Refusal::AlreadyDone => t.conflict_already_done(),
        Refusal::AlreadyAnswered => t.conflict_already_answered(),
        Refusal::IdInUse => t.conflict_id_in_use(),
    }
}

/// A shared enum's wire name (`water`, `council_vote`...), as the API reads it.
pub fn wire<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub fn category_label(t: &Texts, category: Category) -> &'static str {
    match category {
        Category::Water => t.category_water(),
        Category::Roads => t.category_roads(),
        Category::Education => t.category_education(),
        Category::Health => t.category_health(),
        Category::SportAndCulture => t.category_sport_and_culture(),
        Category::Environment => t.category_environment(),
        Category::Livelihoods => t.category_livelihoods(),
        Category::Other => t.category_other(),
    }
}

/// An assessment criterion's name.
pub fn criterion_label(t: &Texts, criterion: shared::assessment::Criterion) -> &'static str {
    use shared::assessment::Criterion;
    match criterion {
        Criterion::CommunityNeed => t.criterion_community_need(),
        Criterion::TechnicalFeasibility => t.criterion_technical_feasibility(),
        Criterion::BudgetFit => t.criterion_budget_fit(),
        Criterion::Sustainability => t.criterion_sustainability(),
    }
}

pub fn status_label(t: &Texts, status: ProposalStatus) -> &'static str {
    match status {
        ProposalStatus::Draft => t.status_draft(),
        ProposalStatus::Withdrawn => t.status_withdrawn(),
        ProposalStatus::CouncilVote => t.status_council_vote(),
        ProposalStatus::NotForwarded => t.status_not_forwarded(),
        ProposalStatus::Forwarded => t.status_forwarded(),
        ProposalStatus::UnderAssessment => t.status_under_assessment(),
        ProposalStatus::Assessed => t.status_assessed(),
        ProposalStatus::Approved => t.status_approved(),
        ProposalStatus::Declined => t.status_declined(),
        ProposalStatus::Deferred => t.status_deferred(),
    }
}

pub fn choice_label(t: &Texts, choice: Choice) -> &'static str {
    match choice {
        Choice::For => t.choice_for(),
        Choice::Against => t.choice_against(),
        Choice::Abstain => t.choice_abstain(),
    }
}

pub fn outcome_label(t: &Texts, outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => t.outcome_passed(),
        Outcome::NoQuorum => t.outcome_no_quorum(),
        Outcome::Rejected => t.outcome_rejected(),
    }
}

pub fn role_label(t: &Texts, role: Role) -> &'static str {
    match role {
        Role::CouncilMember => t.role_council_member(),
        Role::Assessor => t.role_assessor(),
        Role::Manager => t.role_manager(),
    }
}

/// One line of a proposal's history.
pub fn change_label(t: &Texts, locale: Locale, change: &Change) -> String {
    match change {
        Change::ProposalDrafted => t.change_drafted().to_owned(),
        Change::ProposalEdited => t.change_edited().to_owned(),
        Change::ProposalWithdrawn => t.change_withdrawn().to_owned(),
        Change::ProposalSubmitted { deadline, .. } => {
            fill(t.change_submitted(), &[("date", &date_time(t, *deadline))])
        }
        Change::VoteClosed { outcome, tally } => fill(
            t.change_vote_closed(),
            &[
                ("outcome", outcome_label(t, *outcome)),
                ("for", &tally.in_favour.to_string()),
                ("against", &tally.against.to_string()),
                ("abstain", &tally.abstain.to_string()),
            ],
        ),
        Change::AssessorsAssigned { .. } => t.change_assessors_assigned().to_owned(),
        Change::ScoresSubmitted | Change::ConflictDeclared => t.change_scored().to_owned(),
        Change::ProposalAssessed { .. } => t.change_assessed().to_owned(),
        Change::ProposalApproved { amount, reason } => fill(
            t.change_approved(),
            &[
                ("amount", &amount.format(locale)),
                ("reason", reason.as_str()),
            ],
        ),
        Change::ProposalDeclined { reason } => {
            fill(t.change_declined(), &[("reason", reason.as_str())])
        }
        Change::ProposalDeferred { reason, .. } => {
            fill(t.change_deferred(), &[("reason", reason.as_str())])
        }
        Change::ProjectStarted { budget } => fill(
            t.change_project_started(),
            &[("amount", &budget.format(locale))],
        ),
        Change::MilestoneAdded => t.change_milestone_added().to_owned(),
        Change::MilestoneDone => t.change_milestone_done().to_owned(),
        Change::SpendingRecorded { amount } => {
            fill(t.change_spending(), &[("amount", &amount.format(locale))])
        }
        Change::OutputRecorded { quantity, unit } => fill(
            t.change_output(),
            &[(
                "quantity",
                &format!(
                    "{} {}",
                    shared::money::group_digits(*quantity, locale),
                    unit_label(t, *unit)
                ),
            )],
        ),
        Change::BeneficiariesSet { count } => {
            fill(t.change_beneficiaries(), &[("count", &count.to_string())])
        }
        Change::UpdatePosted => t.change_update().to_owned(),
        Change::MonitoringReported { rating } => {
            fill(t.change_report(), &[("rating", rating_label(t, *rating))])
        }
        Change::MonitoringAnswered => t.change_answered().to_owned(),
        Change::GrievanceFiled { channel, .. } => fill(
            t.change_grievance_filed(),
            &[("channel", channel_label(t, *channel))],
        ),
        Change::GrievanceAcknowledged => t.change_grievance_acknowledged().to_owned(),
        Change::GrievanceReviewStarted => t.change_grievance_review().to_owned(),
        Change::GrievanceAnswered => t.change_grievance_answered().to_owned(),
        Change::GrievanceAppealed => t.change_grievance_appealed().to_owned(),
        Change::GrievanceClosed => t.change_grievance_closed().to_owned(),
        _ => t.change_other().to_owned(),
    }
}

pub fn grievance_category_label(t: &Texts, category: GrievanceCategory) -> &'static str {
    match category {
        GrievanceCategory::Environment => t.grievance_category_environment(),
        GrievanceCategory::Land => t.grievance_category_land(),
        GrievanceCategory::Employment => t.grievance_category_employment(),
        GrievanceCategory::CommunityProject => t.grievance_category_community_project(),
        GrievanceCategory::Conduct => t.grievance_category_conduct(),
        GrievanceCategory::CharitableAssistance => t.grievance_category_charitable_assistance(),
        GrievanceCategory::Other => t.grievance_category_other(),
    }
}

pub fn channel_label(t: &Texts, channel: Channel) -> &'static str {
    match channel {
        Channel::Web => t.channel_web(),
        Channel::Hotline => t.channel_hotline(),
        Channel::ComplaintBox => t.channel_complaint_box(),
        Channel::PersonalReception => t.channel_personal_reception(),
    }
}

pub fn grievance_status_label(t: &Texts, status: GrievanceStatus) -> &'static str {
    match status {
        GrievanceStatus::Received => t.grievance_status_received(),
        GrievanceStatus::Acknowledged => t.grievance_status_acknowledged(),
        GrievanceStatus::UnderReview => t.grievance_status_under_review(),
        GrievanceStatus::Answered => t.grievance_status_answered(),
        GrievanceStatus::Closed => t.grievance_status_closed(),
    }
}

pub fn overdue_label(t: &Texts, overdue: Overdue) -> &'static str {
    match overdue {
        Overdue::Acknowledgement => t.overdue_acknowledgement(),
        Overdue::Answer => t.overdue_answer(),
    }
}

/// A language named in itself, as people who speak it look for it.
pub fn spoken_language_label(language: SpokenLanguage) -> &'static str {
    match language {
        SpokenLanguage::Kazakh => "Қазақша",
        SpokenLanguage::Russian => "Русский",
        SpokenLanguage::Kyrgyz => "Кыргызча",
        SpokenLanguage::English => "English",
        SpokenLanguage::Chinese => "中文",
    }
}

pub fn weekday_label(t: &Texts, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => t.weekday_mon(),
        Weekday::Tue => t.weekday_tue(),
        Weekday::Wed => t.weekday_wed(),
        Weekday::Thu => t.weekday_thu(),
        Weekday::Fri => t.weekday_fri(),
        Weekday::Sat => t.weekday_sat(),
        Weekday::Sun => t.weekday_sun(),
    }
}

pub fn unit_label(t: &Texts, unit: Unit) -> &'static str {
    match unit {
        Unit::Pieces => t.unit_pieces(),
        Unit::Trees => t.unit_trees(),
        Unit::Fish => t.unit_fish(),
        Unit::Tons => t.unit_tons(),
        Unit::Km => t.unit_km(),
        Unit::SquareMetres => t.unit_square_metres(),
        Unit::People => t.unit_people(),
        Unit::Other => t.unit_other(),
    }
}

pub fn rating_label(t: &Texts, rating: MonitoringRating) -> &'static str {
    match rating {
        MonitoringRating::OnTrack => t.rating_on_track(),
        MonitoringRating::Concerns => t.rating_concerns(),
        MonitoringRating::Problem => t.rating_problem(),
    }
}

/// The message to show next to a field.
pub fn problem_message(t: &Texts, problem: &Problem) -> String {
    match problem {
        Problem::Required => t.problem_required().to_owned(),
        Problem::Empty => t.problem_empty().to_owned(),
        Problem::TooShort { min } => fill(t.problem_too_short(), &[("min", &min.to_string())]),
        Problem::TooLong { max } => fill(t.problem_too_long(), &[("max", &max.to_string())]),
        Problem::ControlCharacter => t.problem_control_character().to_owned(),
        Problem::NotANumber => t.problem_not_a_number().to_owned(),
        Problem::NotWholeTenge => t.problem_not_whole_tenge().to_owned(),
        Problem::Negative => t.problem_negative().to_owned(),
        Problem::Zero => t.problem_zero().to_owned(),
        Problem::TooLarge => t.problem_too_large().to_owned(),
        Problem::OutOfRange { min, max } => fill(
            t.problem_out_of_range(),
            &[("min", &min.to_string()), ("max", &max.to_string())],
        ),
        Problem::ReasonRequired => t.problem_reason_required().to_owned(),
        Problem::UnknownValue => t.problem_unknown_value().to_owned(),
        Problem::Malformed => t.problem_malformed().to_owned(),
        Problem::Typo => t.problem_typo().to_owned(),
        Problem::WrongCredentials => t.problem_wrong_credentials().to_owned(),
        Problem::Unknown => t.problem_unknown().to_owned(),
        Problem::Expired => t.problem_expired().to_owned(),
        Problem::AlreadyUsed => t.problem_already_used().to_owned(),
        Problem::Revoked => t.problem_revoked().to_owned(),
        Problem::Taken => t.problem_taken().to_owned(),
        Problem::OverBudget { over_by } => fill(
            t.problem_over_budget(),
            &[("over", &over_by.format(locale_of(t)))],
        ),
        Problem::Duplicate => t.problem_duplicate().to_owned(),
        Problem::InTheFuture => t.problem_in_the_future().to_owned(),
        Problem::EndsBeforeStart => t.problem_ends_before_start().to_owned(),
    }
}

// Dates are written from the locale files rather than by the browser's Intl: building a
// formatter costs a cheap phone tens of milliseconds on a page's first render, and phones' own
// calendar data often lacks Kazakh.

/// A calendar date as the language writes it: "26 нояб. 2026 г.", "2026 ж. 26 қар.".
pub fn day(t: &Texts, date: shared::Date) -> String {
    let (year, month, day) = date.ymd();
    let month = t
        .months_short()
        .split('|')
        .nth((month as usize).saturating_sub(1))
        .unwrap_or_default();
    fill(
        t.date_pattern(),
        &[
            ("day", &day.to_string()),
            ("month", month),
            ("year", &year.to_string()),
        ],
    )
}

/// The moment `at` in the reader's time zone (the phone's), as if it were UTC.
fn local(at: shared::Timestamp) -> shared::Timestamp {
    #[allow(clippy::cast_precision_loss)] // milliseconds of this era fit a double exactly
    let moment = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.millis() as f64));
    // Minutes behind UTC (a whole number, negative east of Greenwich).
    #[allow(clippy::cast_possible_truncation)]
    let behind = moment.get_timezone_offset() as i64;
    shared::Timestamp::from_millis(at.millis() - behind * 60_000)
}

/// A date and time as written where the clock shows `at` (UTC clock time of a shifted moment).
fn written_date_time(t: &Texts, at: shared::Timestamp) -> String {
    let minutes = at.millis().rem_euclid(86_400_000) / 60_000;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    fill(
        t.date_time_pattern(),
        &[("date", &day(t, at.date())), ("time", &time)],
    )
}

/// A date and time as the language writes them, in the reader's time zone.
pub fn date_time(t: &Texts, at: shared::Timestamp) -> String {
    written_date_time(t, local(at))
}

/// The date of a moment, in the reader's time zone.
pub fn date(t: &Texts, at: shared::Timestamp) -> String {
    day(t, local(at).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_use_the_language_s_decimal_separator() {
        let score = shared::assessment::Hundredths(375);
        assert_eq!(decimal(score, Locale::Ru), "3,75");
        assert_eq!(decimal(score, Locale::Kk), "3,75");
        assert_eq!(decimal(score, Locale::En), "3.75");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill("Try again in {seconds} s", &[("seconds", "45")]),
            "Try again in 45 s"
        );
        assert_eq!(
            fill("{min} to {max}", &[("min", "0"), ("max", "5")]),
            "0 to 5"
        );
    }

    /// Every (key, text) of a language.
    fn every_text(locale: Locale) -> impl Iterator<Item = (&'static str, &'static str)> {
        KEYS.iter().copied().zip(texts(locale).0.iter().copied())
    }

    #[test]
    fn a_proposal_or_its_draft_is_never_called_a_project() {
        for locale in Locale::ALL {
            let project = match locale {
                Locale::Kk => "жоба",
                Locale::Ru => "проект",
                Locale::En => "project",
            };
            for (key, text) in every_text(locale) {
                let of_a_proposal = (key.contains("draft")
                    || key.contains("proposal")
                    || matches!(key, "change_edited" | "change_withdrawn"))
                    && !key.contains("project");
                assert!(
                    !of_a_proposal || !text.to_lowercase().contains(project),
                    "{locale:?} {key}: {text}"
                );
            }
        }
    }

    fn files(locale: Locale) -> (&'static str, &'static str) {
        match locale {
            Locale::Kk => (
                include_str!(concat!(env!("OUT_DIR"), "/texts-kk.txt")),
                include_str!(concat!(env!("OUT_DIR"), "/signed-in-texts-kk.txt")),
            ),
            Locale::Ru => (
                include_str!(concat!(env!("OUT_DIR"), "/texts-ru.txt")),
                include_str!(concat!(env!("OUT_DIR"), "/signed-in-texts-ru.txt")),
            ),
            Locale::En => (
                include_str!(concat!(env!("OUT_DIR"), "/texts-en.txt")),
                include_str!(concat!(env!("OUT_DIR"), "/signed-in-texts-en.txt")),
            ),
        }
    }

    #[test]
    fn the_two_files_of_a_language_hold_its_texts_the_public_file_only_the_public_ones() {
        for locale in Locale::ALL {
            let (public, signed_in) = files(locale);
            let first = Texts::from_file(public).expect("the public file is this build's");
            assert!(!first.has_signed_in());
            let whole = first
                .with_signed_in(signed_in)
                .expect("the signed-in file is this build's");
            assert_eq!(&whole, texts(locale));
            // The public file carries what the public pages show, and not the members' forms.
            assert_eq!(first.home_title(), texts(locale).home_title());
            assert_eq!(first.error_network(), texts(locale).error_network());
            assert_eq!(first.submit_confirm(), "");
            assert_ne!(whole.submit_confirm(), "");
            // Each file holds its own part: swapped, both are refused.
            assert!(Texts::from_file(signed_in).is_none());
            assert!(first.with_signed_in(public).is_none());
        }
    }

    #[test]
    fn a_file_of_another_build_or_cut_short_is_refused() {
        let (public, signed_in) = files(Locale::Ru);
        let other = public.replacen("kenes-texts-", "kenes-texts-0", 1);
        assert!(Texts::from_file(Box::leak(other.into_boxed_str())).is_none());
        let cut: String = public.split_inclusive('\u{1e}').take(100).collect();
        assert!(Texts::from_file(Box::leak(cut.into_boxed_str())).is_none());
        let first = Texts::from_file(public).unwrap();
        let other = signed_in.replacen("kenes-texts-", "kenes-texts-0", 1);
        assert!(first
            .with_signed_in(Box::leak(other.into_boxed_str()))
            .is_none());
        let cut: String = signed_in.split_inclusive('\u{1e}').take(10).collect();
        assert!(first
            .with_signed_in(Box::leak(cut.into_boxed_str()))
            .is_none());
    }

    #[test]
    fn each_table_knows_its_language_so_amounts_in_messages_are_written_its_way() {
        for locale in Locale::ALL {
            assert_eq!(locale_of(texts(locale)), locale);
        }
    }

    #[test]
    fn every_language_is_its_own_and_keeps_the_placeholders() {
        assert_ne!(KK.home_title(), RU.home_title());
        assert_ne!(RU.home_title(), EN.home_title());
        for t in [&KK, &RU, &EN] {
            assert!(
                t.error_rate_limited().contains("{seconds}"),
                "the wait is shown in every language"
            );
            assert!(t.problem_too_short().contains("{min}"));
        }
    }

    #[test]
    fn every_refusal_has_its_own_message_in_every_language() {
        let message = |locale, reason| {
            error_message(texts(locale), &ClientError::Api(ApiError::from(reason)))
        };
        for locale in Locale::ALL {
            let messages: std::collections::BTreeSet<String> = Refusal::ALL
                .iter()
                .map(|&reason| message(locale, reason))
                .collect();
            assert_eq!(
                messages.len(),
                Refusal::ALL.len(),
                "{locale:?}: two refusals say the same, so one says nothing of its own"
            );
            assert!(messages.iter().all(|m| !m.is_empty() && !m.contains('{')));
        }
        for reason in Refusal::ALL {
            let english = message(Locale::En, reason);
            assert_ne!(message(Locale::Kk, reason), english, "{reason:?}");
            assert_ne!(message(Locale::Ru, reason), english, "{reason:?}");
        }
    }

    #[test]
    fn dates_are_written_the_language_s_way_with_every_month_named() {
        let date = shared::Date::from_ymd(2026, 11, 26).unwrap();
        assert_eq!(day(&RU, date), "26 нояб. 2026 г.");
        assert_eq!(day(&KK, date), "2026 ж. 26 қар.");
        assert_eq!(day(&EN, date), "26 Nov 2026");
        for t in [&KK, &RU, &EN] {
            let months: Vec<String> = (1..=12)
                .map(|month| day(t, shared::Date::from_ymd(2026, month, 1).unwrap()))
                .collect();
            let mut distinct = months.clone();
            distinct.dedup();
            assert_eq!(distinct.len(), 12, "{months:?}");
        }
    }

    #[test]
    fn a_time_is_written_on_the_24_hour_clock_after_its_date() {
        let at = shared::Timestamp::parse("2026-01-05T09:07:00Z").unwrap();
        assert_eq!(written_date_time(&RU, at), "5 янв. 2026 г., 09:07");
        assert_eq!(written_date_time(&EN, at), "5 Jan 2026, 09:07");
        let evening = shared::Timestamp::parse("2026-12-31T23:59:59Z").unwrap();
        assert_eq!(written_date_time(&KK, evening), "2026 ж. 31 жел., 23:59");
    }
}
