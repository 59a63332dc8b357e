//! Reading an [`ApiError`] back from JSON. It is written as its `error` tag beside that error's
//! fields; serde's derive reads such an internally tagged enum by buffering the whole object and
//! trying each variant, which costs the app shell about 12 KB of wasm before optimisation. Here one
//! flat struct holds every field any error has, and the tag picks which of them to take.

use super::{ApiError, FundsScope, Problem};
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
    reason: Option<String>,
    remaining: Option<Money>,
    of: Option<FundsScope>,
    retry_after_seconds: Option<u32>,
}

impl<'de> Deserialize<'de> for ApiError {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        fn needed<T, E: Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
            value.ok_or_else(|| E::missing_field(field))
        }
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
            Kind::Internal => ApiError::Internal,
            Kind::Unavailable => ApiError::Unavailable,
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
            ApiError::Internal => Kind::Internal,
            ApiError::Unavailable => Kind::Unavailable,
        }
    }

    #[test]
    fn every_error_reads_back_as_written() {
        assert_every_variant_reads_back(&every_error(), "error", kind_of);
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
