//! The wire types of the company side: the programme year (budget, allocations, rubric), the
//! year at a glance, assigning assessors and their queues.

use super::{field, ApiError, Problem};
use crate::assessment::Rubric;
use crate::funding::{Allocation, ProgrammeYear};
use crate::grievances::Deadlines;
use crate::ids::{CouncilId, MemberId, ProgrammeId, ProgrammeYearId};
use crate::money::Money;
use crate::text::Name;
use crate::voting::{Fraction, VoteRules};
use serde::{Deserialize, Serialize};

/// One council's allocation as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllocationRequest {
    pub council: CouncilId,
    /// The amount as typed: `150 000 000`...
    pub amount: String,
}

/// `PUT /api/years/{year}`: sets up (or changes, until it is closed) the manager's programme's
/// plan for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearRequest {
    /// The total budget as typed.
    pub budget: String,
    pub allocations: Vec<AllocationRequest>,
    #[serde(default)]
    pub rubric: Rubric,
    #[serde(default = "two")]
    pub assessors_required: u32,
    /// Days a council vote stays open.
    #[serde(default = "seven")]
    pub vote_days: u16,
    #[serde(default)]
    pub grievance_deadlines: Deadlines,
}

fn two() -> u32 {
    2
}

fn seven() -> u16 {
    7
}

impl YearRequest {
    /// The year's plan, or the first field that is wrong. The allocations' councils are checked
    /// against the programme by the API, which knows them.
    pub fn parse(
        &self,
        id: ProgrammeYearId,
        programme: ProgrammeId,
        year: u16,
    ) -> Result<ProgrammeYear, ApiError> {
        let budget = field(
            "budget",
            Money::parse(&self.budget).and_then(Money::positive),
        )?;
        let mut allocations = Vec::with_capacity(self.allocations.len());
        for (i, typed) in self.allocations.iter().enumerate() {
            let amount = field(
                &format!("allocations.{i}.amount"),
                Money::parse(&typed.amount).and_then(Money::non_negative),
            )?;
            allocations.push(Allocation {
                council: typed.council,
                amount,
            });
        }
        let rubric = self
            .rubric
            .validate()
            .map_err(|_| ApiError::invalid("rubric", Problem::OutOfRange { min: 0, max: 100 }))?;
        let vote_rules = VoteRules {
            quorum: Fraction {
                numerator: 1,
                denominator: 2,
            },
            duration_days: self.vote_days,
        }
        .validate()
        .map_err(|_| ApiError::invalid("vote_days", Problem::OutOfRange { min: 1, max: 60 }))?;
        let plan = ProgrammeYear {
            id,
            programme,
            year,
            budget,
            allocations,
            rubric,
            assessors_required: self.assessors_required,
            vote_rules,
            grievance_deadlines: self.grievance_deadlines,
            closed: false,
        };
        plan.validate().map_err(|e| match e {
            // The plan's only amount a money error can be about is its budget.
            crate::funding::FundingError::Money(_) => {
                ApiError::invalid("budget", Problem::TooLarge)
            }
            other => other.into(),
        })
    }
}

/// One council's line of the year at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouncilFunding {
    pub council: CouncilId,
    pub name: Name,
    pub allocated: Money,
    pub approved: Money,
    pub spent: Money,
    pub remaining: Money,
}

/// `GET /api/programmes/{id}/years/{year}`: the year at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearView {
    pub plan: ProgrammeYear,
    pub allocated: Money,
    pub approved: Money,
    pub spent: Money,
    /// The budget less what is approved.
    pub remaining: Money,
    pub councils: Vec<CouncilFunding>,
}

/// `POST /api/proposals/{id}/assessors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignRequest {
    pub assessors: Vec<MemberId>,
}

/// An assessor a manager can assign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessorSummary {
    pub id: MemberId,
    pub name: Name,
}

/// A proposal in the company's queue, with where its assessment stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub proposal: super::ProposalSummary,
    /// The assessors assigned, by id (for the manager; an assessor sees only their own).
    pub assessors: Vec<MemberId>,
    /// Scorecards handed in, conflicts declared, and how many scorecards the year requires.
    pub scored: u32,
    pub conflicts: u32,
    pub required: u32,
    /// For an assessor: whether they have handed in theirs.
    pub handed_in: bool,
}

/// `GET /api/assessment`: the manager's queue (to assign, under assessment, to decide) with the
/// programme's assessors, or an assessor's own proposals to score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentQueue {
    pub items: Vec<QueueItem>,
    pub assessors: Vec<AssessorSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAMME: ProgrammeId = ProgrammeId::from_u128(1);

    fn request(budget: &str, allocations: &[(u128, &str)]) -> YearRequest {
        YearRequest {
            budget: budget.into(),
            allocations: allocations
                .iter()
                .map(|(c, a)| AllocationRequest {
                    council: CouncilId::from_u128(*c),
                    amount: (*a).into(),
                })
                .collect(),
            rubric: Rubric::default(),
            assessors_required: 2,
            vote_days: 7,
            grievance_deadlines: Deadlines::default(),
        }
    }

    fn parse(r: &YearRequest) -> Result<ProgrammeYear, ApiError> {
        r.parse(ProgrammeYearId::from_u128(9), PROGRAMME, 2026)
    }

    #[test]
    fn a_year_as_typed_becomes_a_plan() {
        let plan = parse(&request(
            "150 000 000",
            &[(1, "100 000 000"), (2, "50,000,000")],
        ))
        .unwrap();
        assert_eq!(plan.budget, Money::tenge(150_000_000));
        assert_eq!(plan.allocated(), Ok(Money::tenge(150_000_000)));
        assert_eq!(plan.vote_rules.duration_days, 7);
    }

    #[test]
    fn allocations_over_the_budget_say_by_how_much() {
        assert_eq!(
            parse(&request("100", &[(1, "80"), (2, "30")])).err(),
            Some(ApiError::invalid(
                "allocations",
                Problem::OverBudget {
                    over_by: Money::tenge(10)
                }
            ))
        );
    }

    #[test]
    fn each_field_is_reported_against_itself() {
        assert_eq!(
            parse(&request("0", &[]))
                .err()
                .and_then(|e| e.field().map(str::to_owned)),
            Some("budget".to_owned())
        );
        assert_eq!(
            parse(&request("100", &[(1, "ten")]))
                .err()
                .and_then(|e| e.field().map(str::to_owned)),
            Some("allocations.0.amount".to_owned())
        );
        assert_eq!(
            parse(&request("100", &[(1, "10"), (1, "20")])).err(),
            Some(ApiError::invalid("allocations", Problem::Duplicate))
        );
        let mut r = request("100", &[]);
        r.assessors_required = 0;
        assert_eq!(
            parse(&r).err().and_then(|e| e.field().map(str::to_owned)),
            Some("assessors_required".to_owned())
        );
        let mut r = request("100", &[]);
        r.vote_days = 0;
        assert_eq!(
            parse(&r).err().and_then(|e| e.field().map(str::to_owned)),
            Some("vote_days".to_owned())
        );
    }
}
