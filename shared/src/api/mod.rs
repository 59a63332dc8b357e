//! The wire contract between the app and the API: request and response bodies, and
//! [`ApiError`], the one error type every route answers with. The API never sends user-facing
//! text; the app turns each error code into a message in the user's language.

use crate::ids::{CouncilId, ProgrammeId};
use crate::money::{Money, MoneyError};
use crate::text::{Name, TextError};
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};

mod accounts;
mod error_wire;
mod funding;
mod grievances;
mod projects;
mod proposals;
mod refusal;

pub use accounts::*;
pub use funding::*;
pub use grievances::*;
pub use projects::*;
pub use proposals::*;
pub use refusal::Refusal;

/// Parses one field of a request, reporting a problem against that field's name.
pub(crate) fn field<T, E: Into<Problem>>(name: &str, parsed: Result<T, E>) -> Result<T, ApiError> {
    parsed.map_err(|e| ApiError::invalid(name, e))
}

/// Reads a snake_case enum value (a category, a choice) from its wire name.
pub fn choice<T: serde::de::DeserializeOwned>(name: &str, value: &str) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| ApiError::invalid(name, Problem::UnknownValue))
}

/// What is wrong with one field of a request. Read back by `error_wire`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    Required,
    Empty,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    ControlCharacter,
    NotANumber,
    NotWholeTenge,
    Negative,
    Zero,
    TooLarge,
    OutOfRange {
        min: i64,
        max: i64,
    },
    ReasonRequired,
    /// The value is not one of those allowed (an unknown category, say).
    UnknownValue,
    /// The value has the wrong shape (a malformed id or date, say).
    Malformed,
    /// A code's check symbol does not match: a symbol was mistyped.
    Typo,
    /// The phone number and password do not match an account.
    WrongCredentials,
    /// No such code or record.
    Unknown,
    /// The code has expired.
    Expired,
    /// The code has been used already.
    AlreadyUsed,
    /// The code was withdrawn by whoever issued it.
    Revoked,
    /// Another account already has this value (a phone number, say).
    Taken,
    /// The allocations add up to more than the budget, by this much.
    OverBudget {
        over_by: Money,
    },
    /// The same value appears twice (a council among the allocations, say).
    Duplicate,
    /// A date after today where only today or earlier makes sense (a milestone done tomorrow).
    InTheFuture,
    /// An end that is not after its start (a reception until 09:00 that begins at 10:00).
    EndsBeforeStart,
}

impl From<TextError> for Problem {
    fn from(e: TextError) -> Self {
        match e {
            TextError::Empty => Problem::Empty,
            TextError::TooShort { min } => Problem::TooShort { min },
            TextError::TooLong { max } => Problem::TooLong { max },
            TextError::ControlCharacter => Problem::ControlCharacter,
        }
    }
}

impl From<MoneyError> for Problem {
    fn from(e: MoneyError) -> Self {
        match e {
            MoneyError::Empty => Problem::Empty,
            MoneyError::NotANumber => Problem::NotANumber,
            MoneyError::NotWholeTenge => Problem::NotWholeTenge,
            MoneyError::Negative => Problem::Negative,
            MoneyError::Zero => Problem::Zero,
            MoneyError::TooLarge | MoneyError::Overflow => Problem::TooLarge,
        }
    }
}

/// Every error the API answers with. Each variant has a stable code (the `error` tag), an HTTP
/// status, and where it concerns one field, that field, so the app can show a translated message
/// next to it. Read back by `error_wire`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ApiError {
    /// The body is not valid JSON, or not the JSON this route expects.
    MalformedBody,
    /// The body is not `application/json` (or not an accepted image type, for uploads).
    UnsupportedMediaType,
    /// The body is larger than this route accepts.
    PayloadTooLarge {
        max_bytes: u64,
    },
    /// One field is invalid.
    Invalid {
        field: String,
        problem: Problem,
    },
    /// Signing in is required.
    Unauthorized,
    /// Signed in, but not allowed to do this.
    Forbidden,
    /// Nothing here, or nothing this user may see.
    NotFound,
    MethodNotAllowed,
    /// The request is valid but the record's state does not allow it now.
    Conflict {
        reason: Refusal,
    },
    /// An approval larger than what remains of the council's allocation or of the year's budget.
    InsufficientFunds {
        remaining: Money,
        of: FundsScope,
    },
    /// Too many attempts; try again after this many seconds.
    RateLimited {
        retry_after_seconds: u32,
    },
    /// A record's history does not verify: the event with this sequence number (counting from
    /// 0) is not the link its chain holds, so the history was changed outside Kenes.
    BrokenHistory {
        seq: u64,
    },
    /// Something failed on our side; nothing was changed.
    Internal,
    /// The database or storage could not be reached; try again shortly.
    Unavailable,
}

/// Whose money ran short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum FundsScope {
    /// The council's allocation for the year.
    Allocation,
    /// The programme's budget for the year.
    Budget,
}

impl WireName for FundsScope {
    const ALL: &'static [Self] = &[FundsScope::Allocation, FundsScope::Budget];
    fn wire_name(self) -> &'static str {
        match self {
            FundsScope::Allocation => "allocation",
            FundsScope::Budget => "budget",
        }
    }
}

serde_by_wire_name!(FundsScope);

impl ApiError {
    pub fn invalid(field: &str, problem: impl Into<Problem>) -> Self {
        ApiError::Invalid {
            field: field.to_owned(),
            problem: problem.into(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            ApiError::MalformedBody => 400,
            ApiError::Unauthorized => 401,
            ApiError::Forbidden => 403,
            ApiError::NotFound => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Conflict { .. } | ApiError::InsufficientFunds { .. } => 409,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::UnsupportedMediaType => 415,
            ApiError::Invalid { .. } => 422,
            ApiError::RateLimited { .. } => 429,
            ApiError::Internal | ApiError::BrokenHistory { .. } => 500,
            ApiError::Unavailable => 503,
        }
    }

    /// The stable code: the same string as the `error` tag on the wire.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedBody => "malformed_body",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::Invalid { .. } => "invalid",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict { .. } => "conflict",
            ApiError::InsufficientFunds { .. } => "insufficient_funds",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::BrokenHistory { .. } => "broken_history",
            ApiError::Internal => "internal",
            ApiError::Unavailable => "unavailable",
        }
    }

    /// Whether sending the same request again may succeed: after a failure on our side, a pause,
    /// or a write still being done. Anything else needs the request or the page changed first.
    pub fn worth_retrying(&self) -> bool {
        matches!(
            self,
            ApiError::Internal
                | ApiError::Unavailable
                | ApiError::RateLimited { .. }
                | ApiError::Conflict {
                    reason: Refusal::InProgress
                }
        )
    }

    /// The field the error concerns, if it concerns one.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.field() {
            Some(field) => write!(f, "{} ({field})", self.code()),
            None => f.write_str(self.code()),
        }
    }
}

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when every check passed, `degraded` otherwise.
    pub status: HealthStatus,
    /// The build's version.
    pub version: String,
    pub database: DatabaseCheck,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum HealthStatus {
    Ok,
    Degraded,
}

impl WireName for HealthStatus {
    const ALL: &'static [Self] = &[HealthStatus::Ok, HealthStatus::Degraded];
    fn wire_name(self) -> &'static str {
        match self {
            HealthStatus::Ok => "ok",
            HealthStatus::Degraded => "degraded",
        }
    }
}

serde_by_wire_name!(HealthStatus);

/// The result of a real query against the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatabaseCheck {
    pub ok: bool,
    /// The number of migrations applied, as the database reports it.
    pub migrations: Option<u32>,
}

/// A council as listed publicly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilSummary {
    pub id: CouncilId,
    pub name: Name,
}

/// A programme as listed publicly, with its councils.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeSummary {
    pub id: ProgrammeId,
    pub name: Name,
    pub operator: Name,
    pub region: Name,
    pub councils: Vec<CouncilSummary>,
    /// The years whose plan is set up, newest first.
    #[serde(default)]
    pub years: Vec<u16>,
}

/// `GET /api/programmes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeList {
    pub programmes: Vec<ProgrammeSummary>,
}

/// `POST /api/demo`: whether the demo data was loaded now, or was there already.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoLoaded {
    pub loaded: bool,
    pub programmes: u32,
    /// The demo's accounts, to sign in with.
    pub accounts: Vec<DemoAccount>,
}

/// A demo account: public knowledge, only on a deployment with demo data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoAccount {
    pub programme: String,
    pub role: crate::roles::Role,
    pub phone: String,
    pub password: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One of each error.
    pub(crate) fn every_error() -> Vec<ApiError> {
        vec![
            ApiError::MalformedBody,
            ApiError::UnsupportedMediaType,
            ApiError::PayloadTooLarge {
                max_bytes: 5_000_000,
            },
            ApiError::invalid("title", Problem::Required),
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::MethodNotAllowed,
            ApiError::Conflict {
                reason: Refusal::VoteClosed,
            },
            ApiError::InsufficientFunds {
                remaining: Money::tenge(12),
                of: FundsScope::Budget,
            },
            ApiError::RateLimited {
                retry_after_seconds: 60,
            },
            ApiError::BrokenHistory { seq: 3 },
            ApiError::Internal,
            ApiError::Unavailable,
        ]
    }

    #[test]
    fn an_error_is_tagged_with_its_code_on_the_wire() {
        let e = ApiError::invalid("title", TextError::TooShort { min: 5 });
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["error"], e.code());
        assert_eq!(json["field"], "title");
        assert_eq!(json["problem"]["code"], "too_short");
        assert_eq!(json["problem"]["min"], 5);
    }

    #[test]
    fn every_error_code_matches_its_tag_and_maps_to_a_client_or_server_status() {
        for e in every_error() {
            assert_eq!(serde_json::to_value(&e).unwrap()["error"], e.code());
            let client_error = (400..500).contains(&e.status());
            let server_error = matches!(
                e,
                ApiError::Internal | ApiError::Unavailable | ApiError::BrokenHistory { .. }
            );
            assert!(client_error != server_error, "{e:?}");
        }
    }

    #[test]
    fn an_error_reads_back_from_the_wire() {
        let e = ApiError::RateLimited {
            retry_after_seconds: 30,
        };
        let back: ApiError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }
}
