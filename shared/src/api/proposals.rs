//! The wire types of proposals, council votes, assessment and decisions. Requests carry text as
//! typed, so that each field's problem is reported against that field and the form can show it
//! next to the right input.

use super::{choice, field, ApiError, Problem};
use crate::assessment::{AssessmentResult, CriterionScore, Score, Scorecard, Submission};
use crate::category::Category;
use crate::funding::Decision;
use crate::ids::{CouncilId, MemberId, PhotoId, ProgrammeId, ProposalId};
use crate::money::Money;
use crate::proposals::{GeoPoint, ProposalContent, ProposalStatus};
use crate::roles::{ActorRef, Role};
use crate::text::{Description, Name, Reason, Title};
use crate::time::Timestamp;
use crate::voting::{Choice, Outcome, Tally};
use serde::{Deserialize, Serialize};

/// `PUT /api/proposals/{id}`: creates or updates a draft; repeating it changes nothing more.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftRequest {
    pub title: String,
    pub description: String,
    /// A [`Category`] by its wire name, such as `water`.
    pub category: String,
    pub village: String,
    /// The cost as typed: `24 370 628`, `24,370,628 ₸`...
    pub estimated_cost: String,
    pub beneficiaries: u32,
    pub location: Option<GeoPoint>,
}

impl DraftRequest {
    /// The proposal's content, or the first field that is wrong.
    pub fn parse(&self) -> Result<ProposalContent, ApiError> {
        let content = ProposalContent {
            title: field("title", Title::parse(&self.title))?,
            description: field("description", Description::parse(&self.description))?,
            category: choice::<Category>("category", &self.category)?,
            village: field("village", Name::parse(&self.village))?,
            estimated_cost: field(
                "estimated_cost",
                Money::parse(&self.estimated_cost).and_then(Money::positive),
            )?,
            beneficiaries: self.beneficiaries,
            location: self.location,
        };
        if content.beneficiaries > ProposalContent::MAX_BENEFICIARIES {
            return Err(ApiError::invalid(
                "beneficiaries",
                Problem::OutOfRange {
                    min: 0,
                    max: i64::from(ProposalContent::MAX_BENEFICIARIES),
                },
            ));
        }
        if let Some(point) = content.location {
            if point.validate().is_err() {
                return Err(ApiError::invalid(
                    "location",
                    Problem::OutOfRange {
                        min: -180,
                        max: 180,
                    },
                ));
            }
        }
        Ok(content)
    }
}

/// A proposal as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalSummary {
    pub id: ProposalId,
    pub programme: ProgrammeId,
    pub council: CouncilId,
    pub council_name: Name,
    pub title: Title,
    pub category: Category,
    pub status: ProposalStatus,
    pub estimated_cost: Money,
    pub updated_at: Timestamp,
}

/// One page of proposals, newest first; `next` continues the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalPage {
    pub proposals: Vec<ProposalSummary>,
    pub next: Option<String>,
}

/// A proposal with everything its reader may see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalView {
    pub summary: ProposalSummary,
    pub content: ProposalContent,
    pub photos: Vec<PhotoId>,
    pub vote: Option<VoteView>,
    pub assessment: Option<AssessmentResult>,
    pub history: Vec<HistoryEntry>,
    /// The project an approval started.
    #[serde(default)]
    pub project: Option<crate::ids::ProjectId>,
}

/// `PUT /api/proposals/{id}/ballot`: the member's vote, changeable until the vote closes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotRequest {
    /// `for`, `against` or `abstain`.
    pub choice: String,
}

impl BallotRequest {
    pub fn parse(&self) -> Result<Choice, ApiError> {
        choice("choice", &self.choice)
    }
}

/// `PUT /api/proposals/{id}/ballot` answers with the vote as it stands after the ballot and not
/// the whole proposal: on a weak signal a ballot costs one small answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotCast {
    /// `forwarded` or `not_forwarded` when this ballot was the last and closed the vote.
    pub status: ProposalStatus,
    pub deadline: Timestamp,
    pub closed: bool,
    pub tally: Tally,
    pub outcome: Option<Outcome>,
    /// The ballot as counted.
    pub my_choice: Choice,
}

/// The council vote: the public sees the tally; members of the council also see the roll call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteView {
    pub deadline: Timestamp,
    pub closed: bool,
    pub tally: Tally,
    pub outcome: Option<Outcome>,
    /// Only for members of the council.
    pub roll_call: Option<Vec<RollCallEntry>>,
}

/// `GET /api/votes`: the open votes of the member's council, soonest deadline first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenVotes {
    pub votes: Vec<OpenVote>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenVote {
    pub proposal: ProposalSummary,
    pub deadline: Timestamp,
    pub tally: Tally,
    /// The member's own ballot, if they have voted.
    pub my_choice: Option<Choice>,
}

/// `GET /api/council/proposals`: the member's council's proposals in every status, drafts
/// included, the most recently changed first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilProposals {
    pub proposals: Vec<CouncilProposal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilProposal {
    /// Its `updated_at` is when it last changed.
    pub proposal: ProposalSummary,
    pub changed_by: ChangedBy,
}

/// Who made a proposal's last change, as its council is told: a fellow member by name, the
/// company's people by role only (a council is not told who assesses it), and neither when
/// Kenes itself did it (a vote closed at its deadline).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangedBy {
    pub name: Option<Name>,
    pub role: Option<Role>,
}

impl ChangedBy {
    /// `name` is the display name of the member the actor names, if they have one.
    pub fn shown(actor: ActorRef, name: Option<Name>) -> ChangedBy {
        match actor {
            ActorRef::Member {
                role: Role::CouncilMember,
                ..
            } => ChangedBy {
                name,
                role: Some(Role::CouncilMember),
            },
            ActorRef::Member { role, .. } => ChangedBy {
                name: None,
                role: Some(role),
            },
            ActorRef::Public | ActorRef::System => ChangedBy::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RollCallEntry {
    pub member: MemberId,
    pub name: Name,
    pub choice: Option<Choice>,
}

pub use crate::events::HistoryEntry;

/// One criterion as the assessor typed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionRequest {
    pub score: u8,
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/proposals/{id}/assessment`: scores on every criterion, or a conflict of interest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssessmentRequest {
    Scored {
        community_need: CriterionRequest,
        technical_feasibility: CriterionRequest,
        budget_fit: CriterionRequest,
        sustainability: CriterionRequest,
    },
    Conflict {
        note: String,
    },
}

fn criterion(name: &str, typed: &CriterionRequest) -> Result<CriterionScore, ApiError> {
    let score = Score::new(typed.score)
        .map_err(|_| ApiError::invalid(name, Problem::OutOfRange { min: 0, max: 5 }))?;
    let reason = if typed.reason.trim().is_empty() {
        None
    } else {
        Some(field(
            &format!("{name}.reason"),
            Reason::parse(&typed.reason),
        )?)
    };
    if score.value() <= Score::NEEDS_REASON_AT_OR_BELOW && reason.is_none() {
        return Err(ApiError::invalid(
            &format!("{name}.reason"),
            Problem::ReasonRequired,
        ));
    }
    Ok(CriterionScore { score, reason })
}

impl AssessmentRequest {
    pub fn parse(&self) -> Result<Submission, ApiError> {
        match self {
            AssessmentRequest::Scored {
                community_need,
                technical_feasibility,
                budget_fit,
                sustainability,
            } => Ok(Submission::Scored {
                scorecard: Scorecard {
                    community_need: criterion("community_need", community_need)?,
                    technical_feasibility: criterion(
                        "technical_feasibility",
                        technical_feasibility,
                    )?,
                    budget_fit: criterion("budget_fit", budget_fit)?,
                    sustainability: criterion("sustainability", sustainability)?,
                },
            }),
            AssessmentRequest::Conflict { note } => Ok(Submission::Conflict {
                note: field("note", Reason::parse(note))?,
            }),
        }
    }
}

/// `POST /api/proposals/{id}/decision`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRequest {
    /// `approve`, `decline` or `defer`.
    pub decision: String,
    /// The approved amount as typed; only for `approve`.
    #[serde(default)]
    pub amount: String,
    pub reason: String,
}

impl DecisionRequest {
    pub fn parse(&self) -> Result<Decision, ApiError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Approve,
            Decline,
            Defer,
        }
        let kind: Kind = choice("decision", &self.decision)?;
        let reason = field("reason", Reason::parse(&self.reason))?;
        Ok(match kind {
            Kind::Approve => Decision::Approve {
                amount: field(
                    "amount",
                    Money::parse(&self.amount).and_then(Money::positive),
                )?,
                reason,
            },
            Kind::Decline => Decision::Decline { reason },
            Kind::Defer => Decision::Defer { reason },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> DraftRequest {
        DraftRequest {
            title: "Clean water for Aksai school".into(),
            description: "A filter and a tank for 300 pupils.".into(),
            category: "water".into(),
            village: "Aksai".into(),
            estimated_cost: "4 500 000 ₸".into(),
            beneficiaries: 300,
            location: None,
        }
    }

    #[test]
    fn a_council_is_told_its_members_by_name_and_the_company_by_role_only() {
        let member = crate::ids::MemberId::from_u128(7);
        let name = || Some(Name::parse("Айгүл Серікова").unwrap());
        let by = |role| ActorRef::Member { member, role };
        assert_eq!(
            ChangedBy::shown(by(Role::CouncilMember), name()),
            ChangedBy {
                name: name(),
                role: Some(Role::CouncilMember)
            }
        );
        for staff in [Role::Assessor, Role::Manager] {
            assert_eq!(
                ChangedBy::shown(by(staff), name()),
                ChangedBy {
                    name: None,
                    role: Some(staff)
                }
            );
        }
        assert_eq!(
            ChangedBy::shown(ActorRef::System, None),
            ChangedBy::default()
        );
    }

    #[test]
    fn a_draft_as_typed_becomes_a_proposal() {
        let content = draft().parse().unwrap();
        assert_eq!(content.estimated_cost, Money::tenge(4_500_000));
        assert_eq!(content.category, Category::Water);
    }

    #[test]
    fn a_short_title_is_reported_against_the_title() {
        let request = DraftRequest {
            title: "Well".into(),
            ..draft()
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid("title", Problem::TooShort { min: 5 }))
        );
    }

    #[test]
    fn an_unknown_category_is_reported_against_the_category() {
        let request = DraftRequest {
            category: "rockets".into(),
            ..draft()
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid("category", Problem::UnknownValue))
        );
    }

    #[test]
    fn a_negative_cost_is_reported_against_the_cost() {
        let request = DraftRequest {
            estimated_cost: "-5".into(),
            ..draft()
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid("estimated_cost", Problem::Negative))
        );
    }

    #[test]
    fn a_ballot_must_be_for_against_or_abstain() {
        assert_eq!(
            BallotRequest {
                choice: "for".into()
            }
            .parse(),
            Ok(Choice::For)
        );
        assert_eq!(
            BallotRequest {
                choice: "maybe".into()
            }
            .parse(),
            Err(ApiError::invalid("choice", Problem::UnknownValue))
        );
    }

    fn typed(score: u8, reason: &str) -> CriterionRequest {
        CriterionRequest {
            score,
            reason: reason.into(),
        }
    }

    #[test]
    fn a_low_score_without_a_reason_is_reported_against_that_reason() {
        let request = AssessmentRequest::Scored {
            community_need: typed(4, ""),
            technical_feasibility: typed(4, ""),
            budget_fit: typed(2, " "),
            sustainability: typed(4, ""),
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid(
                "budget_fit.reason",
                Problem::ReasonRequired
            ))
        );
    }

    #[test]
    fn a_score_above_five_is_out_of_range() {
        let request = AssessmentRequest::Scored {
            community_need: typed(6, ""),
            technical_feasibility: typed(4, ""),
            budget_fit: typed(4, ""),
            sustainability: typed(4, ""),
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid(
                "community_need",
                Problem::OutOfRange { min: 0, max: 5 }
            ))
        );
    }

    #[test]
    fn an_approval_needs_a_positive_amount() {
        let request = DecisionRequest {
            decision: "approve".into(),
            amount: "0".into(),
            reason: "Fits the council's allocation".into(),
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid("amount", Problem::Zero))
        );
    }

    #[test]
    fn a_decline_needs_no_amount_but_a_reason() {
        let request = DecisionRequest {
            decision: "decline".into(),
            amount: String::new(),
            reason: "short".into(),
        };
        assert_eq!(
            request.parse().err(),
            Some(ApiError::invalid("reason", Problem::TooShort { min: 10 }))
        );
    }
}

/// `GET /api/history/{kind}/{id}`: where a record's history stands, so that whoever kept an
/// earlier head can check that the record still leads to it, and anyone can see whether the
/// stored chain holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryCheck {
    /// `programme`, `proposal`, `project` or `grievance`.
    pub kind: String,
    pub id: String,
    /// How many events the history has.
    pub length: u64,
    /// The hash of the last event, 64 hex digits.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub head: crate::events::Hash,
    /// Whether every event follows from the one before it.
    pub verifies: bool,
    /// The first event (counting from 0) that does not, if any.
    pub broken_at: Option<u64>,
}
