//! The wire types of grievances: filing one (named or anonymous) and following it by its code.

use super::{choice, field, ApiError, Problem};
use crate::grievances::{Filer, GrievanceCategory, GrievanceStatus, Overdue, TrackingCode};
use crate::ids::ProgrammeId;
use crate::text::{Description, Name, Reason};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// `POST /api/grievances`: anyone may file, with contact details or anonymously.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceRequest {
    pub programme: String,
    pub village: String,
    /// A [`GrievanceCategory`] by its wire name, such as `environment`.
    pub category: String,
    pub description: String,
    pub anonymous: bool,
    /// Ignored when anonymous: nothing that identifies the filer is kept.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

/// A grievance as filed, checked field by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGrievance {
    pub programme: ProgrammeId,
    pub village: Name,
    pub category: GrievanceCategory,
    pub description: Description,
    pub filer: Filer,
}

impl GrievanceRequest {
    pub fn parse(&self) -> Result<NewGrievance, ApiError> {
        let filer = if self.anonymous {
            Filer::Anonymous
        } else {
            Filer::Named {
                name: field("name", Name::parse(&self.name))?,
                phone: field("phone", Name::parse(&self.phone))?,
            }
        };
        Ok(NewGrievance {
            programme: self
                .programme
                .parse()
                .map_err(|_| ApiError::invalid("programme", Problem::Malformed))?,
            village: field("village", Name::parse(&self.village))?,
            category: choice("category", &self.category)?,
            description: field("description", Description::parse(&self.description))?,
            filer,
        })
    }
}

/// What the filer gets back: the code to follow the grievance, and when to expect answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceReceipt {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "KX7P-3M9Q-T2HV-C"))]
    pub code: TrackingCode,
    pub acknowledge_due: Timestamp,
    pub answer_due: Timestamp,
}

/// `GET /api/grievances/{code}`: what the holder of the code sees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceStatusView {
    pub status: GrievanceStatus,
    pub filed_at: Timestamp,
    pub acknowledge_due: Timestamp,
    pub answer_due: Timestamp,
    pub overdue: Option<Overdue>,
    pub answer: Option<Reason>,
    pub answered_at: Option<Timestamp>,
    pub can_appeal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> GrievanceRequest {
        GrievanceRequest {
            programme: "6b656e65-0000-4000-8000-000000000100".into(),
            village: "Aksai".into(),
            category: "environment".into(),
            description: "Dust from the new road covers the school yard".into(),
            anonymous: true,
            name: "Aigerim".into(),
            phone: "+77001234567".into(),
        }
    }

    #[test]
    fn an_anonymous_grievance_keeps_no_name_or_phone_even_when_typed() {
        assert_eq!(request().parse().unwrap().filer, Filer::Anonymous);
    }

    #[test]
    fn a_named_grievance_needs_a_name() {
        let named = GrievanceRequest {
            anonymous: false,
            name: " ".into(),
            ..request()
        };
        assert_eq!(
            named.parse().err(),
            Some(ApiError::invalid("name", Problem::Empty))
        );
    }

    #[test]
    fn an_unknown_category_is_reported_against_the_category() {
        let bad = GrievanceRequest {
            category: "weather".into(),
            ..request()
        };
        assert_eq!(
            bad.parse().err(),
            Some(ApiError::invalid("category", Problem::UnknownValue))
        );
    }

    #[test]
    fn an_empty_description_is_reported_against_the_description() {
        let bad = GrievanceRequest {
            description: String::new(),
            ..request()
        };
        assert_eq!(
            bad.parse().err(),
            Some(ApiError::invalid("description", Problem::Empty))
        );
    }
}
