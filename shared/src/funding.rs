//! Funding. A programme year (the annual Social Performance Plan) has a total budget and an
//! allocation per council. A manager approves an assessed proposal with an amount, declines it
//! or defers it to next year, always with a published reason. An approval that would take a
//! council past its allocation, or the year past its budget, is refused.

use crate::assessment::Rubric;
use crate::grievances::Deadlines;
use crate::ids::{CouncilId, ProgrammeId, ProgrammeYearId};
use crate::money::{Money, MoneyError};
use crate::text::Reason;
use crate::voting::VoteRules;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Allocation {
    pub council: CouncilId,
    pub amount: Money,
}

/// A programme's plan for one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeYear {
    pub id: ProgrammeYearId,
    pub programme: ProgrammeId,
    pub year: u16,
    pub budget: Money,
    pub allocations: Vec<Allocation>,
    pub rubric: Rubric,
    pub assessors_required: u32,
    pub vote_rules: VoteRules,
    pub grievance_deadlines: Deadlines,
    pub closed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FundingError {
    Money(MoneyError),
    /// The allocations add up to more than the year's budget.
    AllocationsExceedBudget {
        over_by: Money,
    },
    /// A council appears twice among the allocations.
    DuplicateAllocation(CouncilId),
    /// The council has no allocation this year.
    NoAllocation,
    /// The approval would take the council past its allocation.
    ExceedsAllocation {
        remaining: Money,
    },
    /// The approval would take the year past its budget.
    ExceedsBudget {
        remaining: Money,
    },
    /// At least one assessor is required per proposal, and at most 10.
    AssessorsOutOfRange,
    /// The allocation at this place of the plan is for a council of another programme.
    UnknownCouncil {
        index: usize,
    },
    /// The allocation at this place is below what the council already has approved.
    BelowApproved {
        index: usize,
        approved: Money,
        budget: Money,
    },
    /// A council with approvals this year is left out of the plan.
    ApprovedLeftOut {
        approved: Money,
        budget: Money,
    },
    /// The year is closed and can no longer change.
    YearClosed,
}

impl From<MoneyError> for FundingError {
    fn from(e: MoneyError) -> Self {
        FundingError::Money(e)
    }
}

impl ProgrammeYear {
    pub const MAX_ASSESSORS: u32 = 10;
    /// How many assessors score each proposal until the year says otherwise.
    pub const DEFAULT_ASSESSORS: u32 = 2;

    /// How many scorecards a proposal needs in this year, or by default before it is set up.
    pub fn assessors_required_in(year: Option<&ProgrammeYear>) -> u32 {
        year.map_or(Self::DEFAULT_ASSESSORS, |y| y.assessors_required)
    }

    /// Checks the plan as a whole: a positive budget, allocations that fit within it.
    pub fn validate(self) -> Result<Self, FundingError> {
        self.budget.positive()?;
        let mut seen = Vec::with_capacity(self.allocations.len());
        for allocation in &self.allocations {
            allocation.amount.non_negative()?;
            if seen.contains(&allocation.council) {
                return Err(FundingError::DuplicateAllocation(allocation.council));
            }
            seen.push(allocation.council);
        }
        let allocated = self.allocated()?;
        if allocated > self.budget {
            return Err(FundingError::AllocationsExceedBudget {
                over_by: allocated.checked_sub(self.budget)?,
            });
        }
        if self.assessors_required == 0 || self.assessors_required > Self::MAX_ASSESSORS {
            return Err(FundingError::AssessorsOutOfRange);
        }
        Ok(self)
    }

    /// Whether this plan may replace what is stored: every allocation is for one of the
    /// programme's `councils`, and no council gets less than it already has `approved` (a
    /// council left out would keep approvals with no allocation to cover them).
    pub fn allocations_hold(
        &self,
        councils: &[CouncilId],
        approved: &[(CouncilId, Money)],
    ) -> Result<(), FundingError> {
        let approved_for = |council: CouncilId| {
            approved
                .iter()
                .find(|(c, _)| *c == council)
                .map_or(Money::ZERO, |(_, m)| *m)
        };
        for (index, allocation) in self.allocations.iter().enumerate() {
            if !councils.contains(&allocation.council) {
                return Err(FundingError::UnknownCouncil { index });
            }
            let already = approved_for(allocation.council);
            if allocation.amount < already {
                return Err(FundingError::BelowApproved {
                    index,
                    approved: already,
                    budget: self.budget,
                });
            }
        }
        for &(council, already) in approved {
            if self.allocation(council).is_none() && already.amount() > 0 {
                return Err(FundingError::ApprovedLeftOut {
                    approved: already,
                    budget: self.budget,
                });
            }
        }
        Ok(())
    }

    pub fn allocated(&self) -> Result<Money, FundingError> {
        Ok(Money::sum(self.allocations.iter().map(|a| a.amount))?)
    }

    pub fn allocation(&self, council: CouncilId) -> Option<Money> {
        self.allocations
            .iter()
            .find(|a| a.council == council)
            .map(|a| a.amount)
    }
}

/// What has been approved so far, read from the records just before the decision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Approved {
    pub council: Money,
    pub year: Money,
}

/// Checks that approving `amount` for `council` fits what remains of its allocation and of the
/// year's budget. The app calls this to warn; the API calls it to refuse.
pub fn can_approve(
    year: &ProgrammeYear,
    council: CouncilId,
    approved: Approved,
    amount: Money,
) -> Result<(), FundingError> {
    if year.closed {
        return Err(FundingError::YearClosed);
    }
    amount.positive()?;
    let allocation = year.allocation(council).ok_or(FundingError::NoAllocation)?;
    let council_remaining = allocation.checked_sub(approved.council)?;
    if amount > council_remaining {
        return Err(FundingError::ExceedsAllocation {
            remaining: council_remaining.max(Money::ZERO),
        });
    }
    let year_remaining = year.budget.checked_sub(approved.year)?;
    if amount > year_remaining {
        return Err(FundingError::ExceedsBudget {
            remaining: year_remaining.max(Money::ZERO),
        });
    }
    Ok(())
}

/// A manager's decision on an assessed proposal. Every decision is published with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Approve {
        amount: Money,
        reason: Reason,
    },
    Decline {
        reason: Reason,
    },
    /// To be considered again in the next programme year.
    Defer {
        reason: Reason,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn council(n: u128) -> CouncilId {
        CouncilId::from_u128(n)
    }

    fn year(budget: i64, allocations: &[(u128, i64)]) -> ProgrammeYear {
        ProgrammeYear {
            id: ProgrammeYearId::from_u128(1),
            programme: ProgrammeId::from_u128(1),
            year: 2026,
            budget: Money::tenge(budget),
            allocations: allocations
                .iter()
                .map(|&(c, a)| Allocation {
                    council: council(c),
                    amount: Money::tenge(a),
                })
                .collect(),
            rubric: Rubric::default(),
            assessors_required: 2,
            vote_rules: VoteRules::default(),
            grievance_deadlines: Deadlines::default(),
            closed: false,
        }
    }

    #[test]
    fn allocations_may_not_add_up_to_more_than_the_budget() {
        let plan = year(1_000, &[(1, 600), (2, 500)]);
        assert_eq!(
            plan.validate(),
            Err(FundingError::AllocationsExceedBudget {
                over_by: Money::tenge(100)
            })
        );
    }

    #[test]
    fn a_council_is_allocated_once() {
        let plan = year(1_000, &[(1, 100), (1, 200)]);
        assert_eq!(
            plan.validate(),
            Err(FundingError::DuplicateAllocation(council(1)))
        );
    }

    #[test]
    fn an_approval_within_the_allocation_is_allowed() {
        let plan = year(1_000, &[(1, 600)]);
        let approved = Approved {
            council: Money::tenge(100),
            year: Money::tenge(100),
        };
        assert_eq!(
            can_approve(&plan, council(1), approved, Money::tenge(500)),
            Ok(())
        );
    }

    #[test]
    fn an_approval_past_the_allocation_is_refused_with_what_remains() {
        let plan = year(1_000, &[(1, 600)]);
        let approved = Approved {
            council: Money::tenge(400),
            year: Money::tenge(400),
        };
        assert_eq!(
            can_approve(&plan, council(1), approved, Money::tenge(201)),
            Err(FundingError::ExceedsAllocation {
                remaining: Money::tenge(200)
            })
        );
    }

    #[test]
    fn an_approval_past_the_years_budget_is_refused_even_within_the_allocation() {
        let plan = year(1_000, &[(1, 600), (2, 400)]);
        let approved = Approved {
            council: Money::ZERO,
            year: Money::tenge(900),
        };
        assert_eq!(
            can_approve(&plan, council(1), approved, Money::tenge(200)),
            Err(FundingError::ExceedsBudget {
                remaining: Money::tenge(100)
            })
        );
    }

    #[test]
    fn zero_and_negative_approvals_are_refused() {
        let plan = year(1_000, &[(1, 600)]);
        assert_eq!(
            can_approve(&plan, council(1), Approved::default(), Money::ZERO),
            Err(FundingError::Money(MoneyError::Zero))
        );
        assert_eq!(
            can_approve(&plan, council(1), Approved::default(), Money::tenge(-5)),
            Err(FundingError::Money(MoneyError::Negative))
        );
    }

    #[test]
    fn a_council_without_an_allocation_cannot_be_funded() {
        let plan = year(1_000, &[(1, 600)]);
        assert_eq!(
            can_approve(&plan, council(2), Approved::default(), Money::tenge(1)),
            Err(FundingError::NoAllocation)
        );
    }

    #[test]
    fn a_closed_year_approves_nothing() {
        let mut plan = year(1_000, &[(1, 600)]);
        plan.closed = true;
        assert_eq!(
            can_approve(&plan, council(1), Approved::default(), Money::tenge(1)),
            Err(FundingError::YearClosed)
        );
    }

    proptest! {
        #[test]
        fn no_sequence_of_approvals_exceeds_an_allocation(
            allocation in 1i64..10_000_000,
            requests in proptest::collection::vec(1i64..5_000_000, 0..30),
        ) {
            let plan = year(allocation * 2, &[(1, allocation)]);
            let mut approved = Approved::default();
            for request in requests {
                let amount = Money::tenge(request);
                if can_approve(&plan, council(1), approved, amount).is_ok() {
                    approved.council = approved.council.checked_add(amount).unwrap();
                    approved.year = approved.year.checked_add(amount).unwrap();
                }
            }
            prop_assert!(approved.council <= Money::tenge(allocation));
        }
    }
}
