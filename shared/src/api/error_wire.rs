//! Reading an [`ApiError`] and its [`Problem`] back from JSON. Each is written as its tag (`error`,
//! `code`) beside its fields; serde's derive reads such an internally tagged enum by buffering the
//! whole object and trying each variant, which cost the app shell about 12 KB of wasm for the
//! error and 11 KB for the problem, after optimisation. Here one flat struct holds every field
//! any variant has, and the tag picks which of them to take.

use super::{ApiError, FundsScope, Problem, Refusal};
use crate::money::Money;
use serde::de::Error;
use serde::{Deserialize, Deserializer};

/// The `error` tag: which error, with no fields.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
#[serde(rename_all = "snake_case")]
enum Kind {
    MalformedBody,
    UnsupportedMediaType,
    PayloadTooLarge,
    Invalid,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    InsufficientFunds,
    RateLimited,
    BrokenHistory,
    Internal,
    Unavailable,
}

/// Every field any error has.
#[derive(Deserialize)]
struct Flat {
    error: Kind,
    max_bytes: Option<u64>,
    field: Option<String>,
    problem: Option<Problem>,
    reason: Option<Refusal>,
    remaining: Option<Money>,
    of: Option<FundsScope>,
    retry_after_seconds: Option<u32>,
    seq: Option<u64>,
}

fn needed<T, E: Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

impl<'de> Deserialize<'de> for ApiError {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let flat = Flat::deserialize(d)?;
        Ok(match flat.error {
            Kind::MalformedBody => ApiError::MalformedBody,
            Kind::UnsupportedMediaType => ApiError::UnsupportedMediaType,
            Kind::PayloadTooLarge => ApiError::PayloadTooLarge {
                max_bytes: needed(flat.max_bytes, "max_bytes")?,
            },
            Kind::Invalid => ApiError::Invalid {
                field: needed(flat.field, "field")?,
                problem: needed(flat.problem, "problem")?,
            },
            Kind::Unauthorized => ApiError::Unauthorized,
            Kind::Forbidden => ApiError::Forbidden,
            Kind::NotFound => ApiError::NotFound,
            Kind::MethodNotAllowed => ApiError::MethodNotAllowed,
            Kind::Conflict => ApiError::Conflict {
                reason: needed(flat.reason, "reason")?,
            },
            Kind::InsufficientFunds => ApiError::InsufficientFunds {
                remaining: needed(flat.remaining, "remaining")?,
                of: needed(flat.of, "of")?,
            },
            Kind::RateLimited => ApiError::RateLimited {
                retry_after_seconds: needed(flat.retry_after_seconds, "retry_after_seconds")?,
            },
            Kind::BrokenHistory => ApiError::BrokenHistory {
                seq: needed(flat.seq, "seq")?,
            },
            Kind::Internal => ApiError::Internal,
            Kind::Unavailable => ApiError::Unavailable,
        })
    }
}

/// The `code` tag of a [`Problem`].
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
#[serde(rename_all = "snake_case")]
enum ProblemKind {
    Required,
    Empty,
    TooShort,
    TooLong,
    ControlCharacter,
    NotANumber,
    NotWholeTenge,
    Negative,
    Zero,
    TooLarge,
    OutOfRange,
    ReasonRequired,
    UnknownValue,
    Malformed,
    Typo,
    WrongCredentials,
    Unknown,
    Expired,
    AlreadyUsed,
    Revoked,
    Taken,
    OverBudget,
    Duplicate,
    InTheFuture,
    EndsBeforeStart,
}

/// Every field any problem has.
#[derive(Deserialize)]
struct FlatProblem {
    code: ProblemKind,
    min: Option<i64>,
    max: Option<i64>,
    over_by: Option<Money>,
}

/// A length limit: read into the `i64` field it shares with `OutOfRange`'s bounds, then back into
/// the `u32` it is.
fn length<E: Error>(value: Option<i64>, field: &'static str) -> Result<u32, E> {
    u32::try_from(needed::<_, E>(value, field)?)
        .map_err(|_| E::custom(format_args!("{field} is not a length")))
}

impl<'de> Deserialize<'de> for Problem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let flat = FlatProblem::deserialize(d)?;
        Ok(match flat.code {
            ProblemKind::Required => Problem::Required,
            ProblemKind::Empty => Problem::Empty,
            ProblemKind::TooShort => Problem::TooShort {
                min: length(flat.min, "min")?,
            },
            ProblemKind::TooLong => Problem::TooLong {
                max: length(flat.max, "max")?,
            },
            ProblemKind::ControlCharacter => Problem::ControlCharacter,
            ProblemKind::NotANumber => Problem::NotANumber,
            ProblemKind::NotWholeTenge => Problem::NotWholeTenge,
            ProblemKind::Negative => Problem::Negative,
            ProblemKind::Zero => Problem::Zero,
            ProblemKind::TooLarge => Problem::TooLarge,
            ProblemKind::OutOfRange => Problem::OutOfRange {
                min: needed(flat.min, "min")?,
                max: needed(flat.max, "max")?,
            },
            ProblemKind::ReasonRequired => Problem::ReasonRequired,
            ProblemKind::UnknownValue => Problem::UnknownValue,
            ProblemKind::Malformed => Problem::Malformed,
            ProblemKind::Typo => Problem::Typo,
            ProblemKind::WrongCredentials => Problem::WrongCredentials,
            ProblemKind::Unknown => Problem::Unknown,
            ProblemKind::Expired => Problem::Expired,
            ProblemKind::AlreadyUsed => Problem::AlreadyUsed,
            ProblemKind::Revoked => Problem::Revoked,
            ProblemKind::Taken => Problem::Taken,
            ProblemKind::OverBudget => Problem::OverBudget {
                over_by: needed(flat.over_by, "over_by")?,
            },
            ProblemKind::Duplicate => Problem::Duplicate,
            ProblemKind::InTheFuture => Problem::InTheFuture,
            ProblemKind::EndsBeforeStart => Problem::EndsBeforeStart,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::tests::every_error;
    use crate::wire_test::assert_every_variant_reads_back;

    /// Each error's tag, by hand: an error added to `ApiError` does not compile here until it has
    /// its `Kind`, and the reader, which matches every `Kind`, then has to read it.
    fn kind_of(error: &ApiError) -> Kind {
        match error {
            ApiError::MalformedBody => Kind::MalformedBody,
            ApiError::UnsupportedMediaType => Kind::UnsupportedMediaType,
            ApiError::PayloadTooLarge { .. } => Kind::PayloadTooLarge,
            ApiError::Invalid { .. } => Kind::Invalid,
            ApiError::Unauthorized => Kind::Unauthorized,
            ApiError::Forbidden => Kind::Forbidden,
            ApiError::NotFound => Kind::NotFound,
            ApiError::MethodNotAllowed => Kind::MethodNotAllowed,
            ApiError::Conflict { .. } => Kind::Conflict,
            ApiError::InsufficientFunds { .. } => Kind::InsufficientFunds,
            ApiError::RateLimited { .. } => Kind::RateLimited,
            ApiError::BrokenHistory { .. } => Kind::BrokenHistory,
            ApiError::Internal => Kind::Internal,
            ApiError::Unavailable => Kind::Unavailable,
        }
    }

    #[test]
    fn every_error_reads_back_as_written() {
        assert_every_variant_reads_back(&every_error(), "error", kind_of);
    }

    /// Each problem's tag, by hand, as `kind_of` for errors.
    fn problem_kind_of(problem: &Problem) -> ProblemKind {
        match problem {
            Problem::Required => ProblemKind::Required,
            Problem::Empty => ProblemKind::Empty,
            Problem::TooShort { .. } => ProblemKind::TooShort,
            Problem::TooLong { .. } => ProblemKind::TooLong,
            Problem::ControlCharacter => ProblemKind::ControlCharacter,
            Problem::NotANumber => ProblemKind::NotANumber,
            Problem::NotWholeTenge => ProblemKind::NotWholeTenge,
            Problem::Negative => ProblemKind::Negative,
            Problem::Zero => ProblemKind::Zero,
            Problem::TooLarge => ProblemKind::TooLarge,
            Problem::OutOfRange { .. } => ProblemKind::OutOfRange,
            Problem::ReasonRequired => ProblemKind::ReasonRequired,
            Problem::UnknownValue => ProblemKind::UnknownValue,
            Problem::Malformed => ProblemKind::Malformed,
            Problem::Typo => ProblemKind::Typo,
            Problem::WrongCredentials => ProblemKind::WrongCredentials,
            Problem::Unknown => ProblemKind::Unknown,
            Problem::Expired => ProblemKind::Expired,
            Problem::AlreadyUsed => ProblemKind::AlreadyUsed,
            Problem::Revoked => ProblemKind::Revoked,
            Problem::Taken => ProblemKind::Taken,
            Problem::OverBudget { .. } => ProblemKind::OverBudget,
            Problem::Duplicate => ProblemKind::Duplicate,
            Problem::InTheFuture => ProblemKind::InTheFuture,
            Problem::EndsBeforeStart => ProblemKind::EndsBeforeStart,
        }
    }

    #[test]
    fn every_problem_reads_back_as_written() {
        let every_problem = [
            Problem::Required,
            Problem::Empty,
            Problem::TooShort { min: 5 },
            Problem::TooLong { max: 4000 },
            Problem::ControlCharacter,
            Problem::NotANumber,
            Problem::NotWholeTenge,
            Problem::Negative,
            Problem::Zero,
            Problem::TooLarge,
            Problem::OutOfRange {
                min: -3,
                max: i64::MAX,
            },
            Problem::ReasonRequired,
            Problem::UnknownValue,
            Problem::Malformed,
            Problem::Typo,
            Problem::WrongCredentials,
            Problem::Unknown,
            Problem::Expired,
            Problem::AlreadyUsed,
            Problem::Revoked,
            Problem::Taken,
            Problem::OverBudget {
                over_by: Money::tenge(1_500_000),
            },
            Problem::Duplicate,
            Problem::InTheFuture,
            Problem::EndsBeforeStart,
        ];
        assert_every_variant_reads_back(&every_problem, "code", problem_kind_of);
    }

    #[test]
    fn a_problem_without_its_bounds_or_with_a_bound_out_of_range_is_refused() {
        let read = |json: &str| serde_json::from_str::<Problem>(json).map_err(|e| e.to_string());
        assert!(read(r#"{"code":"too_short"}"#)
            .unwrap_err()
            .contains("missing field `min`"));
        assert!(read(r#"{"code":"out_of_range","min":1}"#)
            .unwrap_err()
            .contains("missing field `max`"));
        assert!(read(r#"{"code":"too_long","max":-1}"#)
            .unwrap_err()
            .contains("max is not a length"));
        assert!(read(r#"{"code":"too_long","max":4294967296}"#).is_err());
        assert!(read(r#"{"code":"on_fire"}"#).is_err());
        assert_eq!(
            read(r#"{"code":"too_short","min":3,"max":9}"#),
            Ok(Problem::TooShort { min: 3 })
        );
    }

    #[test]
    fn an_error_without_its_fields_or_with_an_unknown_tag_is_refused() {
        let missing = serde_json::from_str::<ApiError>(r#"{"error":"conflict"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `reason`"),
            "{missing}"
        );
        assert!(serde_json::from_str::<ApiError>(r#"{"error":"on_fire"}"#).is_err());
        assert!(serde_json::from_str::<ApiError>(r#"{"reason":"x"}"#).is_err());
    }
}
