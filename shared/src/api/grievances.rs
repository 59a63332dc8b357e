//! The wire types of grievances: filing one (named or anonymous, on the web or logged by a
//! manager from another channel), following it by its code, handling it, the reception
//! schedules, and the public statistics.

use super::{choice, field, ApiError, HistoryEntry, Problem};
use crate::accounts::PhoneNumber;
use crate::grievances::{
    Channel, Filer, GrievanceCategory, GrievanceStatus, Overdue, TrackingCode,
};
use crate::ids::{GrievanceId, PhotoId, ProgrammeId};
use crate::receptions::{Hours, SpokenLanguage, TimeOfDay, Weekday};
use crate::text::{Description, Name, Reason};
use crate::time::Timestamp;
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};

/// `POST /api/grievances`: anyone may file on the web, with contact details or anonymously; a
/// manager logs one that arrived by another channel.
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
    /// A [`Channel`]: `web` (the default) for the public form; another one only from a manager.
    #[serde(default)]
    pub channel: String,
    /// The language of a hotline call (`kk`, `ru`, `ky`, `en`, `zh`); required for the hotline.
    #[serde(default)]
    pub language: String,
    /// Left empty by people; the form hides it, and automated spam fills it.
    #[serde(default)]
    pub website: String,
}

/// A grievance as filed, checked field by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGrievance {
    pub programme: ProgrammeId,
    pub village: Name,
    pub category: GrievanceCategory,
    pub description: Description,
    pub filer: Filer,
    pub channel: Channel,
    pub language: Option<SpokenLanguage>,
}

impl GrievanceRequest {
    pub fn parse(&self) -> Result<NewGrievance, ApiError> {
        if !self.website.is_empty() {
            return Err(ApiError::invalid("website", Problem::Malformed));
        }
        let channel = if self.channel.is_empty() {
            Channel::Web
        } else {
            choice("channel", &self.channel)?
        };
        let language = match (channel, self.language.trim()) {
            (Channel::Hotline, "") => return Err(ApiError::invalid("language", Problem::Required)),
            (_, "") => None,
            (_, language) => Some(choice("language", language)?),
        };
        let programme = self
            .programme
            .parse()
            .map_err(|_| ApiError::invalid("programme", Problem::Malformed))?;
        let village = field("village", Name::parse(&self.village))?;
        let category = choice("category", &self.category)?;
        let description = field("description", Description::parse(&self.description))?;
        let filer = if self.anonymous {
            Filer::Anonymous
        } else {
            Filer::Named {
                name: field("name", Name::parse(&self.name))?,
                phone: field("phone", PhoneNumber::parse(&self.phone))?,
            }
        };
        Ok(NewGrievance {
            programme,
            village,
            category,
            description,
            filer,
            channel,
            language,
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

/// The steps of a grievance in order, with their times and texts; shared by what the holder of
/// the code and what a manager sees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceCourse {
    pub status: GrievanceStatus,
    pub category: GrievanceCategory,
    pub channel: Channel,
    pub village: Name,
    pub description: Description,
    pub filed_at: Timestamp,
    pub acknowledge_due: Timestamp,
    pub answer_due: Timestamp,
    pub overdue: Option<Overdue>,
    pub acknowledged_at: Option<Timestamp>,
    pub answer: Option<Reason>,
    pub answered_at: Option<Timestamp>,
    /// Why the filer appealed the answer.
    pub appeal: Option<Reason>,
    pub appealed_at: Option<Timestamp>,
    pub appeal_answer: Option<Reason>,
    pub appeal_answered_at: Option<Timestamp>,
    pub photos: Vec<PhotoId>,
    pub history: Vec<HistoryEntry>,
}

/// `GET /api/track/{code}`: what the holder of the code sees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceStatusView {
    #[serde(flatten)]
    pub course: GrievanceCourse,
    pub can_appeal: bool,
}

/// `POST /api/track/{code}/appeal`: the holder of the code is not satisfied with the answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealRequest {
    pub reason: String,
}

impl AppealRequest {
    pub fn parse(&self) -> Result<Reason, ApiError> {
        field("reason", Reason::parse(&self.reason))
    }
}

/// A manager's step on a grievance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum GrievanceStep {
    Acknowledge,
    Review,
    Answer,
    Close,
}

impl WireName for GrievanceStep {
    const ALL: &'static [Self] = &[
        GrievanceStep::Acknowledge,
        GrievanceStep::Review,
        GrievanceStep::Answer,
        GrievanceStep::Close,
    ];
    fn wire_name(self) -> &'static str {
        match self {
            GrievanceStep::Acknowledge => "acknowledge",
            GrievanceStep::Review => "review",
            GrievanceStep::Answer => "answer",
            GrievanceStep::Close => "close",
        }
    }
}

serde_by_wire_name!(GrievanceStep);

/// `POST /api/grievances/{id}/steps`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepRequest {
    /// A [`GrievanceStep`] by its wire name.
    pub step: String,
    /// The answer, for the `answer` step: at least 10 characters, public to the holder of the code.
    #[serde(default)]
    pub answer: String,
}

impl StepRequest {
    pub fn parse(&self) -> Result<(GrievanceStep, Option<Reason>), ApiError> {
        let step = choice("step", &self.step)?;
        let answer = match step {
            GrievanceStep::Answer => Some(field("answer", Reason::parse(&self.answer))?),
            _ => None,
        };
        Ok((step, answer))
    }
}

/// A line of the manager's list: overdue first, then the oldest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceSummary {
    pub id: GrievanceId,
    pub status: GrievanceStatus,
    pub category: GrievanceCategory,
    pub channel: Channel,
    pub village: Name,
    pub filed_at: Timestamp,
    pub answer_due: Timestamp,
    pub overdue: Option<Overdue>,
    pub appealed: bool,
}

/// `GET /api/grievances`: the manager's programme's open grievances, overdue first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceList {
    pub grievances: Vec<GrievanceSummary>,
}

/// `GET /api/grievances/{id}`: one grievance as a manager of its programme handles it. Only here
/// is a named filer's contact shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandledGrievance {
    pub id: GrievanceId,
    #[serde(flatten)]
    pub course: GrievanceCourse,
    pub filer: Filer,
    /// The language of a hotline call.
    pub language: Option<SpokenLanguage>,
    /// The steps a manager may take now.
    pub steps: Vec<GrievanceStep>,
}

/// `POST /api/receptions`: a manager publishes a personal reception.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceptionRequest {
    /// Who receives: a name and position.
    pub receiver: String,
    pub place: String,
    /// Days of the week by wire name (`mon` … `sun`).
    pub days: Vec<String>,
    /// `HH:MM` on the local clock.
    pub from: String,
    pub until: String,
    /// Languages by code (`kk`, `ru`, `ky`, `en`, `zh`).
    pub languages: Vec<String>,
}

/// A personal reception, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reception {
    pub receiver: Name,
    pub place: Name,
    pub hours: Hours,
    pub languages: Vec<SpokenLanguage>,
}

impl ReceptionRequest {
    pub fn parse(&self) -> Result<Reception, ApiError> {
        let receiver = field("receiver", Name::parse(&self.receiver))?;
        let place = field("place", Name::parse(&self.place))?;
        let mut days = self
            .days
            .iter()
            .map(|d| choice::<Weekday>("days", d))
            .collect::<Result<Vec<_>, _>>()?;
        days.sort_unstable();
        days.dedup();
        if days.is_empty() {
            return Err(ApiError::invalid("days", Problem::Required));
        }
        let time = |name: &str, text: &str| {
            if text.trim().is_empty() {
                return Err(ApiError::invalid(name, Problem::Required));
            }
            TimeOfDay::parse(text).ok_or_else(|| ApiError::invalid(name, Problem::Malformed))
        };
        let from = time("from", &self.from)?;
        let until = time("until", &self.until)?;
        if until <= from {
            return Err(ApiError::invalid("until", Problem::EndsBeforeStart));
        }
        let mut languages = self
            .languages
            .iter()
            .map(|l| choice::<SpokenLanguage>("languages", l))
            .collect::<Result<Vec<_>, _>>()?;
        languages.sort_unstable();
        languages.dedup();
        if languages.is_empty() {
            return Err(ApiError::invalid("languages", Problem::Required));
        }
        Ok(Reception {
            receiver,
            place,
            hours: Hours { days, from, until },
            languages,
        })
    }
}

/// A published reception, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceptionView {
    pub id: i64,
    #[serde(flatten)]
    pub reception: Reception,
}

/// `GET /api/programmes/{id}/receptions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceptionList {
    pub receptions: Vec<ReceptionView>,
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
            ..GrievanceRequest::default()
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

    #[test]
    fn a_named_grievance_needs_a_phone_number_that_is_one() {
        let named = GrievanceRequest {
            anonymous: false,
            phone: "call me".into(),
            ..request()
        };
        assert_eq!(
            named.parse().err(),
            Some(ApiError::invalid("phone", Problem::Malformed))
        );
    }

    #[test]
    fn a_form_with_the_hidden_field_filled_is_refused() {
        let spam = GrievanceRequest {
            website: "http://spam.example".into(),
            ..request()
        };
        assert_eq!(
            spam.parse().err(),
            Some(ApiError::invalid("website", Problem::Malformed))
        );
    }

    #[test]
    fn a_hotline_call_names_its_language() {
        let call = GrievanceRequest {
            channel: "hotline".into(),
            ..request()
        };
        assert_eq!(
            call.parse().err(),
            Some(ApiError::invalid("language", Problem::Required))
        );
        let call = GrievanceRequest {
            language: "zh".into(),
            ..call
        };
        assert_eq!(
            call.parse().unwrap().language,
            Some(SpokenLanguage::Chinese)
        );
        assert_eq!(request().parse().unwrap().channel, Channel::Web);
    }

    #[test]
    fn only_an_answer_step_carries_an_answer() {
        let step = StepRequest {
            step: "answer".into(),
            answer: "short".into(),
        };
        assert_eq!(
            step.parse().err(),
            Some(ApiError::invalid("answer", Problem::TooShort { min: 10 }))
        );
        let ack = StepRequest {
            step: "acknowledge".into(),
            answer: String::new(),
        };
        assert_eq!(ack.parse(), Ok((GrievanceStep::Acknowledge, None)));
        let bad = StepRequest {
            step: "ignore".into(),
            answer: String::new(),
        };
        assert_eq!(
            bad.parse().err(),
            Some(ApiError::invalid("step", Problem::UnknownValue))
        );
    }

    fn reception() -> ReceptionRequest {
        ReceptionRequest {
            receiver: "A. Nurlanov, deputy director".into(),
            place: "Administration building, room 12".into(),
            days: vec!["wed".into(), "mon".into(), "mon".into()],
            from: "9:00".into(),
            until: "12:00".into(),
            languages: vec!["ru".into(), "kk".into()],
        }
    }

    #[test]
    fn a_reception_sorts_its_days_and_languages_once_each() {
        let r = reception().parse().unwrap();
        assert_eq!(r.hours.days, vec![Weekday::Mon, Weekday::Wed]);
        assert_eq!(
            r.languages,
            vec![SpokenLanguage::Kazakh, SpokenLanguage::Russian]
        );
    }

    #[test]
    fn a_reception_must_end_after_it_starts_and_name_its_days_and_languages() {
        let cases = [
            (
                ReceptionRequest {
                    until: "08:00".into(),
                    ..reception()
                },
                "until",
                Problem::EndsBeforeStart,
            ),
            (
                ReceptionRequest {
                    from: "25:00".into(),
                    ..reception()
                },
                "from",
                Problem::Malformed,
            ),
            (
                ReceptionRequest {
                    days: vec![],
                    ..reception()
                },
                "days",
                Problem::Required,
            ),
            (
                ReceptionRequest {
                    days: vec!["someday".into()],
                    ..reception()
                },
                "days",
                Problem::UnknownValue,
            ),
            (
                ReceptionRequest {
                    languages: vec![],
                    ..reception()
                },
                "languages",
                Problem::Required,
            ),
        ];
        for (request, name, problem) in cases {
            assert_eq!(
                request.parse().err(),
                Some(ApiError::invalid(name, problem))
            );
        }
    }
}
