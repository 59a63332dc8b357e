//! No input panics: every reader of text that comes from outside (a path, a query, a header, a
//! body field) is fed arbitrary Unicode. A panic in the worker aborts every request in flight,
//! so "refused" is the only acceptable answer to nonsense.

use crate::accounts::{InvitationCode, Password, PhoneNumber};
use crate::api;
use crate::events::Hash;
use crate::grievances::TrackingCode;
use crate::idempotency::IdempotencyKey;
use crate::ids::{PhotoId, ProposalId};
use crate::open_data::Dataset;
use crate::receptions::TimeOfDay;
use crate::text::{Description, Name, Note, Reason, Title};
use crate::{Date, Locale, Money, Timestamp};
use proptest::prelude::*;
use serde_json::Value;

/// Text a fuzzer would send: any Unicode, and near-misses of the shapes the readers expect, so
/// that the checks after the first character are reached too.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.\\PC{1,5}Z",
        "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])\\PC{0,3}",
        "[+0-9 ()-]{0,20}\\PC{0,2}",
        "[0-9 ,.'₸тг]{0,20}\\PC{0,2}",
        "[A-Z0-9]{4}-[A-Z0-9]{4}-\\PC{0,6}",
        "[0-9a-f-]{30,40}\\PC{0,2}",
        "[0-9]{1,2}:\\PC{0,3}",
    ]
}

/// Replaces every string in `template` with one of `texts`, in turn.
fn fill(template: &Value, texts: &[String], next: &mut usize) -> Value {
    match template {
        Value::String(_) => {
            let text = texts.get(*next % texts.len().max(1)).cloned();
            *next += 1;
            Value::String(text.unwrap_or_default())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, texts, next)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, texts, next)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Reads `template` with its strings replaced by hostile text as a `T`, then runs `parse` on it.
/// The template itself must read as a `T`, so a renamed field cannot make the test pass unseen.
fn read_and_parse<T: serde::de::DeserializeOwned>(
    template: &Value,
    texts: &[String],
    parse: impl Fn(&T),
) {
    assert!(
        serde_json::from_value::<T>(template.clone()).is_ok(),
        "the template does not read as {}: {template}",
        std::any::type_name::<T>()
    );
    let filled = fill(template, texts, &mut 0);
    if let Ok(request) = serde_json::from_value::<T>(filled) {
        parse(&request);
    }
}

/// A request's empty form, as its own type writes it.
fn blank<T: Default + serde::Serialize>() -> Value {
    serde_json::to_value(T::default()).unwrap_or(Value::Null)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

const COUNCIL: &str = "00000000-0000-4000-8000-000000000001";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_reader_of_a_path_query_or_header_value_panics(text in hostile_text()) {
        let _ = Timestamp::parse(&text);
        let _ = Date::parse(&text);
        let _ = Money::parse(&text);
        let _ = PhoneNumber::parse(&text);
        let _ = Password::parse(&text);
        let _ = InvitationCode::parse(&text);
        let _ = TrackingCode::parse(&text);
        let _ = IdempotencyKey::parse(&text);
        let _ = Hash::parse(&text);
        let _ = TimeOfDay::parse(&text);
        let _ = Locale::from_tag(&text);
        let _ = Locale::negotiate(text.split(','));
        let _ = Dataset::from_file_name(&text);
        let _ = text.parse::<ProposalId>();
        let _ = text.parse::<PhotoId>();
        let _ = crate::photos::ImageKind::from_media_type(&text);
        let _ = api::parse_count(&text);
        let _ = Title::parse(&text);
        let _ = Description::parse(&text);
        let _ = Reason::parse(&text);
        let _ = Note::parse(&text);
        let _ = Name::parse(&text);
    }

    #[test]
    fn no_request_body_panics_whatever_its_fields_hold(
        texts in proptest::collection::vec(hostile_text(), 1..12),
        year in any::<u16>(),
        today in -800_000i32..3_000_000,
    ) {
        let today = Date::from_days(today);
        let texts = &texts[..];
        read_and_parse::<api::SignInRequest>(&blank::<api::SignInRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::InvitationRequest>(&json(&format!(r#"{{"role":"member","council":"{COUNCIL}"}}"#)), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::RedeemRequest>(&blank::<api::RedeemRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::CouncilRequest>(&blank::<api::CouncilRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::BootstrapRequest>(&blank::<api::BootstrapRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::YearRequest>(
            &json(&format!(r#"{{"budget":"","allocations":[{{"council":"{COUNCIL}","amount":""}}]}}"#)),
            texts,
            |r| { let _ = r.parse(crate::ids::ProgrammeYearId::from_u128(1), crate::ids::ProgrammeId::from_u128(2), year); });
        read_and_parse::<api::GrievanceRequest>(&blank::<api::GrievanceRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::AppealRequest>(&blank::<api::AppealRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::StepRequest>(&blank::<api::StepRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::ReceptionRequest>(&blank::<api::ReceptionRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::MilestoneRequest>(&blank::<api::MilestoneRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::MilestoneDoneRequest>(&blank::<api::MilestoneDoneRequest>(), texts, |r| { let _ = r.parse(today); });
        read_and_parse::<api::SpendingRequest>(&blank::<api::SpendingRequest>(), texts, |r| { let _ = r.parse(today); });
        read_and_parse::<api::OutputRequest>(&blank::<api::OutputRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::BeneficiariesRequest>(&blank::<api::BeneficiariesRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::UpdateRequest>(&blank::<api::UpdateRequest>(), texts, |r| { let _ = r.parse(today); });
        read_and_parse::<api::ReportRequest>(&blank::<api::ReportRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::AnswerRequest>(&blank::<api::AnswerRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::PlanRequest>(&blank::<api::PlanRequest>(), texts, |r| { let _ = r.parse(year); });
        read_and_parse::<api::DraftRequest>(&blank::<api::DraftRequest>(), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::BallotRequest>(&json(r#"{"choice":"for"}"#), texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::DecisionRequest>(&json(r#"{"decision":"approve","amount":"","reason":""}"#), texts, |r| { let _ = r.parse(); });
        let criterion = r#"{"score":1,"reason":""}"#;
        read_and_parse::<api::AssessmentRequest>(
            &json(&format!(r#"{{"kind":"scored","community_need":{criterion},"technical_feasibility":{criterion},"budget_fit":{criterion},"sustainability":{criterion}}}"#)),
            texts, |r| { let _ = r.parse(); });
        read_and_parse::<api::AssessmentRequest>(&json(r#"{"kind":"conflict","note":""}"#), texts, |r| { let _ = r.parse(); });
    }

    #[test]
    fn no_answer_of_the_api_read_back_by_the_app_panics(texts in proptest::collection::vec(hostile_text(), 1..6)) {
        read_and_parse::<api::ApiError>(&json(r#"{"error":"invalid","field":"title","problem":{"code":"too_short","min":5}}"#), &texts, |_| {});
        read_and_parse::<api::ApiError>(&json(r#"{"error":"conflict","reason":"vote_open"}"#), &texts, |_| {});
    }
}
