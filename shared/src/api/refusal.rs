//! Why a valid request was refused because of the state of the record (409 `conflict`): a closed
//! list, so that the API cannot answer a refusal the app has no words for, and the app's match
//! over it names every one. Each domain error that is a refusal becomes its wire form here, once.

use super::{ApiError, FundsScope, Problem};
use crate::assessment::AssessmentError;
use crate::funding::FundingError;
use crate::grievances::GrievanceError;
use crate::proposals::ProposalError;
use crate::voting::VoteError;
use crate::wire_name::{serde_by_wire_name, WireName};

/// The `reason` of a `conflict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Refusal {
    /// The proposal has moved on (submitted, decided) since the page was opened.
    WrongStatus,
    /// The council's vote is over.
    VoteClosed,
    /// The council's vote is still open.
    VoteOpen,
    /// The record has as many photos as it may have.
    TooManyPhotos,
    /// Photos of the draft are still being sent (decided in the app, before submitting).
    PhotosWaiting,
    /// The council has no member who may vote.
    NoElectorate,
    /// The assessor has handed in their assessment already.
    AlreadySubmitted,
    /// The programme year is not set up.
    NoYear,
    /// The council has no allocation this year.
    NoAllocation,
    /// The programme year is closed.
    YearClosed,
    /// The grievance's answer has been appealed already.
    AlreadyAppealed,
    /// The grievance has moved on since the page was opened.
    GrievanceMovedOn,
    /// The app wrote this for another member than the one signed in now.
    OtherMember,
    /// Fewer assessors than the year requires.
    NotEnoughAssessors,
    /// Not enough scorecards to decide on.
    NotAssessed,
    /// The year's money changed while the decision was being made.
    Funding,
    /// The invitation being revoked was used meanwhile: its person has joined.
    InvitationUsed,
    /// The same write, with the same Idempotency-Key, is still being done.
    InProgress,
    /// Another write changed the record meanwhile (a database constraint held).
    Constraint,
    /// The milestone is marked done already.
    AlreadyDone,
    /// The monitoring report has been answered already.
    AlreadyAnswered,
    /// The id names another record.
    IdInUse,
}

impl Refusal {
    pub const ALL: [Refusal; 22] = [
        Refusal::WrongStatus,
        Refusal::VoteClosed,
        Refusal::VoteOpen,
        Refusal::TooManyPhotos,
        Refusal::PhotosWaiting,
        Refusal::NoElectorate,
        Refusal::AlreadySubmitted,
        Refusal::NoYear,
        Refusal::NoAllocation,
        Refusal::YearClosed,
        Refusal::AlreadyAppealed,
        Refusal::GrievanceMovedOn,
        Refusal::OtherMember,
        Refusal::NotEnoughAssessors,
        Refusal::NotAssessed,
        Refusal::Funding,
        Refusal::InvitationUsed,
        Refusal::InProgress,
        Refusal::Constraint,
        Refusal::AlreadyDone,
        Refusal::AlreadyAnswered,
        Refusal::IdInUse,
    ];
}

impl WireName for Refusal {
    const ALL: &'static [Self] = &Refusal::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            Refusal::WrongStatus => "wrong_status",
            Refusal::VoteClosed => "vote_closed",
            Refusal::VoteOpen => "vote_open",
            Refusal::TooManyPhotos => "too_many_photos",
            Refusal::PhotosWaiting => "photos_waiting",
            Refusal::NoElectorate => "no_electorate",
            Refusal::AlreadySubmitted => "already_submitted",
            Refusal::NoYear => "no_year",
            Refusal::NoAllocation => "no_allocation",
            Refusal::YearClosed => "year_closed",
            Refusal::AlreadyAppealed => "already_appealed",
            Refusal::GrievanceMovedOn => "grievance_moved_on",
            Refusal::OtherMember => "other_member",
            Refusal::NotEnoughAssessors => "not_enough_assessors",
            Refusal::NotAssessed => "not_assessed",
            Refusal::Funding => "funding",
            Refusal::InvitationUsed => "invitation_used",
            Refusal::InProgress => "in_progress",
            Refusal::Constraint => "constraint",
            Refusal::AlreadyDone => "already_done",
            Refusal::AlreadyAnswered => "already_answered",
            Refusal::IdInUse => "id_in_use",
        }
    }
}

serde_by_wire_name!(Refusal);

impl From<Refusal> for ApiError {
    fn from(reason: Refusal) -> Self {
        ApiError::Conflict { reason }
    }
}

impl From<FundingError> for ApiError {
    fn from(e: FundingError) -> Self {
        match e {
            FundingError::Money(m) => ApiError::invalid("amount", m),
            FundingError::AllocationsExceedBudget { over_by } => {
                ApiError::invalid("allocations", Problem::OverBudget { over_by })
            }
            FundingError::DuplicateAllocation(_) => {
                ApiError::invalid("allocations", Problem::Duplicate)
            }
            FundingError::AssessorsOutOfRange => ApiError::invalid(
                "assessors_required",
                Problem::OutOfRange {
                    min: 1,
                    max: i64::from(crate::funding::ProgrammeYear::MAX_ASSESSORS),
                },
            ),
            FundingError::UnknownCouncil { index } => {
                ApiError::invalid(&format!("allocations.{index}.council"), Problem::Unknown)
            }
            FundingError::BelowApproved {
                index,
                approved,
                budget,
            } => ApiError::invalid(
                &format!("allocations.{index}.amount"),
                Problem::OutOfRange {
                    min: approved.amount(),
                    max: budget.amount(),
                },
            ),
            FundingError::ApprovedLeftOut { approved, budget } => ApiError::invalid(
                "allocations",
                Problem::OutOfRange {
                    min: approved.amount(),
                    max: budget.amount(),
                },
            ),
            FundingError::NoAllocation => Refusal::NoAllocation.into(),
            FundingError::ExceedsAllocation { remaining } => ApiError::InsufficientFunds {
                remaining,
                of: FundsScope::Allocation,
            },
            FundingError::ExceedsBudget { remaining } => ApiError::InsufficientFunds {
                remaining,
                of: FundsScope::Budget,
            },
            FundingError::YearClosed => Refusal::YearClosed.into(),
        }
    }
}

impl From<ProposalError> for ApiError {
    fn from(e: ProposalError) -> Self {
        match e {
            ProposalError::Cost(m) => ApiError::invalid("estimated_cost", m),
            ProposalError::BeneficiariesOutOfRange => {
                ApiError::invalid("beneficiaries", Problem::TooLarge)
            }
            ProposalError::LocationOutOfRange => ApiError::invalid("location", Problem::Malformed),
            ProposalError::WrongRole
            | ProposalError::WrongProgramme
            | ProposalError::Vote(VoteError::NotEligible) => ApiError::Forbidden,
            // Members of another council may not even learn that a draft exists.
            ProposalError::WrongCouncil => ApiError::NotFound,
            ProposalError::WrongStatus(_) => Refusal::WrongStatus.into(),
            ProposalError::NoElectorate => Refusal::NoElectorate.into(),
            ProposalError::Vote(VoteError::Closed) => Refusal::VoteClosed.into(),
            ProposalError::Vote(VoteError::StillOpen) => Refusal::VoteOpen.into(),
            ProposalError::NotEnoughAssessors { .. } => Refusal::NotEnoughAssessors.into(),
            ProposalError::NotYetAssessed => Refusal::NotAssessed.into(),
            ProposalError::Funding(f) => f.into(),
        }
    }
}

impl From<AssessmentError> for ApiError {
    fn from(e: AssessmentError) -> Self {
        match e {
            AssessmentError::NotAssigned => ApiError::Forbidden,
            AssessmentError::AlreadySubmitted => Refusal::AlreadySubmitted.into(),
            AssessmentError::ReasonRequired(criterion) => {
                let name = serde_json::to_value(criterion)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                ApiError::invalid(&format!("{name}.reason"), Problem::ReasonRequired)
            }
            AssessmentError::ScoreOutOfRange => {
                ApiError::invalid("scores", Problem::OutOfRange { min: 0, max: 5 })
            }
        }
    }
}

impl From<GrievanceError> for ApiError {
    fn from(e: GrievanceError) -> Self {
        match e {
            GrievanceError::NotPermitted => ApiError::Forbidden,
            GrievanceError::AlreadyAppealed => Refusal::AlreadyAppealed.into(),
            GrievanceError::WrongStatus(_) | GrievanceError::DeadlinesOutOfRange => {
                Refusal::GrievanceMovedOn.into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_listed_in_all() {
        // A variant left out of ALL would have no test of its texts: the match fails to compile.
        for r in Refusal::ALL {
            match r {
                Refusal::WrongStatus
                | Refusal::VoteClosed
                | Refusal::VoteOpen
                | Refusal::TooManyPhotos
                | Refusal::PhotosWaiting
                | Refusal::NoElectorate
                | Refusal::AlreadySubmitted
                | Refusal::NoYear
                | Refusal::NoAllocation
                | Refusal::YearClosed
                | Refusal::AlreadyAppealed
                | Refusal::GrievanceMovedOn
                | Refusal::OtherMember
                | Refusal::NotEnoughAssessors
                | Refusal::NotAssessed
                | Refusal::Funding
                | Refusal::InvitationUsed
                | Refusal::InProgress
                | Refusal::Constraint
                | Refusal::AlreadyDone
                | Refusal::AlreadyAnswered
                | Refusal::IdInUse => {}
            }
        }
    }

    #[test]
    fn a_refusal_reads_back_from_the_wire_and_an_unknown_one_does_not() {
        for reason in Refusal::ALL {
            let e = ApiError::from(reason);
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<ApiError>(&json).unwrap(), e);
        }
        assert!(
            serde_json::from_str::<ApiError>(r#"{"error":"conflict","reason":"free_text"}"#)
                .is_err()
        );
    }

    #[test]
    fn a_refused_approval_says_whose_money_ran_short() {
        let e = ApiError::from(ProposalError::Funding(FundingError::ExceedsBudget {
            remaining: crate::money::Money::tenge(5),
        }));
        assert_eq!(
            e,
            ApiError::InsufficientFunds {
                remaining: crate::money::Money::tenge(5),
                of: FundsScope::Budget
            }
        );
        assert_eq!(
            ApiError::from(AssessmentError::ReasonRequired(
                crate::assessment::Criterion::BudgetFit
            ))
            .field(),
            Some("budget_fit.reason")
        );
        assert_eq!(
            ApiError::from(ProposalError::Vote(VoteError::StillOpen)),
            ApiError::Conflict {
                reason: Refusal::VoteOpen
            }
        );
    }

    #[test]
    fn only_a_write_still_being_done_is_worth_sending_again_as_it_is() {
        let retried: Vec<_> = Refusal::ALL
            .into_iter()
            .filter(|&reason| ApiError::Conflict { reason }.worth_retrying())
            .collect();
        assert_eq!(retried, [Refusal::InProgress]);
        assert!(ApiError::Unavailable.worth_retrying());
        assert!(!ApiError::NotFound.worth_retrying());
        assert!(!ApiError::invalid("title", crate::api::Problem::Required).worth_retrying());
    }
}
