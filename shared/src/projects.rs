//! Projects: what an approved proposal becomes. The manager records milestones, spending,
//! outputs and updates; council members post monitoring reports. Progress, spending against the
//! approved budget, overspend and overdue milestones are derived here and never typed.

use crate::category::Category;
use crate::ids::{CouncilId, ProgrammeId, ProjectId, ProposalId};
use crate::money::{Money, MoneyError};
use crate::roles::{Actor, Role};
use crate::text::{Note, Title};
use crate::time::Date;
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    pub id: ProjectId,
    pub programme: ProgrammeId,
    pub council: CouncilId,
    /// The proposal it was approved from.
    pub proposal: Option<ProposalId>,
    pub title: Title,
    pub category: Category,
    pub year: u16,
    /// The approved budget.
    pub budget: Money,
    pub beneficiaries: u32,
}

impl Project {
    /// Managers of the project's programme run it: milestones, spending, outputs, updates,
    /// answers to monitoring reports.
    pub fn may_manage(&self, actor: &Actor) -> bool {
        actor.role == Role::Manager && actor.programme == self.programme
    }

    /// Members of the project's council monitor it.
    pub fn may_monitor(&self, actor: &Actor) -> bool {
        actor.programme == self.programme && actor.is_member_of(self.council)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub title: Note,
    pub due: Date,
    pub done: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spending {
    pub date: Date,
    pub amount: Money,
    pub purpose: Note,
}

/// What an output is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Unit {
    Pieces,
    Trees,
    Fish,
    Tons,
    Km,
    SquareMetres,
    People,
    Other,
}

impl WireName for Unit {
    const ALL: &'static [Self] = &Unit::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            Unit::Pieces => "pieces",
            Unit::Trees => "trees",
            Unit::Fish => "fish",
            Unit::Tons => "tons",
            Unit::Km => "km",
            Unit::SquareMetres => "square_metres",
            Unit::People => "people",
            Unit::Other => "other",
        }
    }
}

serde_by_wire_name!(Unit);

impl Unit {
    pub const ALL: [Unit; 8] = [
        Unit::Pieces,
        Unit::Trees,
        Unit::Fish,
        Unit::Tons,
        Unit::Km,
        Unit::SquareMetres,
        Unit::People,
        Unit::Other,
    ];
}

/// A result that can be counted, such as 7,100 trees planted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Output {
    pub quantity: u64,
    pub unit: Unit,
    pub what: Note,
}

/// An activity planned for a coming half-year, later marked done or not, so that a report can
/// show plan against actual.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedActivity {
    pub title: Note,
    pub year: u16,
    /// 1 for January to June, 2 for July to December.
    pub half: u8,
    pub expected_cost: Money,
    pub done: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum MonitoringRating {
    OnTrack,
    Concerns,
    /// Listed for the manager until answered.
    Problem,
}

impl WireName for MonitoringRating {
    const ALL: &'static [Self] = &[
        MonitoringRating::OnTrack,
        MonitoringRating::Concerns,
        MonitoringRating::Problem,
    ];
    fn wire_name(self) -> &'static str {
        match self {
            MonitoringRating::OnTrack => "on_track",
            MonitoringRating::Concerns => "concerns",
            MonitoringRating::Problem => "problem",
        }
    }
}

serde_by_wire_name!(MonitoringRating);

/// A dated public update from the manager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Update {
    pub date: Date,
    pub text: crate::text::Description,
}

/// A council member's monitoring report on a project of their council.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonitoringReport {
    pub rating: MonitoringRating,
    pub comment: crate::text::Description,
    /// The manager's public answer.
    pub answer: Option<crate::text::Reason>,
}

impl MonitoringReport {
    /// A problem report stays on the manager's list until it is answered.
    pub fn needs_answer(&self) -> bool {
        self.rating == MonitoringRating::Problem && self.answer.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectError {
    Money(MoneyError),
    /// A milestone cannot be done on a date that has not come yet.
    DoneInTheFuture,
    /// An output of nothing.
    ZeroQuantity,
    /// A spending entry dated after today.
    SpentInTheFuture,
    /// A half-year is 1 or 2.
    HalfOutOfRange,
}

impl Milestone {
    pub fn validate(self, today: Date) -> Result<Self, ProjectError> {
        match self.done {
            Some(done) if done > today => Err(ProjectError::DoneInTheFuture),
            _ => Ok(self),
        }
    }

    pub fn is_overdue(&self, today: Date) -> bool {
        self.done.is_none() && self.due < today
    }
}

impl Spending {
    /// Amounts spent are positive and dated no later than today. An entry may take the project
    /// past its budget: that happened, so it is recorded and flagged, not refused.
    pub fn validate(self, today: Date) -> Result<Self, ProjectError> {
        self.amount.positive().map_err(ProjectError::Money)?;
        if self.date > today {
            return Err(ProjectError::SpentInTheFuture);
        }
        Ok(self)
    }
}

impl Output {
    pub fn validate(self) -> Result<Self, ProjectError> {
        if self.quantity == 0 {
            Err(ProjectError::ZeroQuantity)
        } else {
            Ok(self)
        }
    }
}

impl PlannedActivity {
    pub fn validate(self) -> Result<Self, ProjectError> {
        if !(1..=2).contains(&self.half) {
            return Err(ProjectError::HalfOutOfRange);
        }
        self.expected_cost.positive().map_err(ProjectError::Money)?;
        Ok(self)
    }
}

/// Done milestones over all milestones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub done: u32,
    pub total: u32,
    /// Rounded down, so 100 means every milestone is done.
    pub percent: u8,
}

pub fn progress(milestones: &[Milestone]) -> Progress {
    let total = u32::try_from(milestones.len()).unwrap_or(u32::MAX);
    let done =
        u32::try_from(milestones.iter().filter(|m| m.done.is_some()).count()).unwrap_or(u32::MAX);
    let percent = if total == 0 {
        0
    } else {
        u8::try_from(u64::from(done) * 100 / u64::from(total)).unwrap_or(100)
    };
    Progress {
        done,
        total,
        percent,
    }
}

/// Spending against the approved budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Budget {
    pub approved: Money,
    pub spent: Money,
    /// Negative when overspent.
    pub remaining: Money,
    pub overspent: bool,
}

pub fn budget(approved: Money, spending: &[Spending]) -> Result<Budget, MoneyError> {
    let spent = Money::sum(spending.iter().map(|s| s.amount))?;
    let remaining = approved.checked_sub(spent)?;
    Ok(Budget {
        approved,
        spent,
        remaining,
        overspent: remaining.is_negative(),
    })
}

/// Where a project stands, derived from its milestones and spending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum ProjectStatus {
    /// Nothing done and nothing spent yet.
    NotStarted,
    Underway,
    /// Every milestone done.
    Completed,
}

impl WireName for ProjectStatus {
    const ALL: &'static [Self] = &[
        ProjectStatus::NotStarted,
        ProjectStatus::Underway,
        ProjectStatus::Completed,
    ];
    fn wire_name(self) -> &'static str {
        match self {
            ProjectStatus::NotStarted => "not_started",
            ProjectStatus::Underway => "underway",
            ProjectStatus::Completed => "completed",
        }
    }
}

serde_by_wire_name!(ProjectStatus);

pub fn status(milestones: &[Milestone], spending: &[Spending]) -> ProjectStatus {
    let p = progress(milestones);
    if p.total > 0 && p.done == p.total {
        ProjectStatus::Completed
    } else if p.done == 0 && spending.is_empty() {
        ProjectStatus::NotStarted
    } else {
        ProjectStatus::Underway
    }
}

/// Everything derived about a project on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub status: ProjectStatus,
    pub progress: Progress,
    pub budget: Budget,
    pub overdue: u32,
}

pub fn standing(
    approved: Money,
    milestones: &[Milestone],
    spending: &[Spending],
    today: Date,
) -> Result<Standing, MoneyError> {
    Ok(Standing {
        status: status(milestones, spending),
        progress: progress(milestones),
        budget: budget(approved, spending)?,
        overdue: u32::try_from(overdue(milestones, today).count()).unwrap_or(u32::MAX),
    })
}

/// The milestones past their due date and not done.
pub fn overdue(milestones: &[Milestone], today: Date) -> impl Iterator<Item = &Milestone> {
    milestones.iter().filter(move |m| m.is_overdue(today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i32) -> Date {
        Date::from_days(19_000 + n)
    }

    fn milestone(due: i32, done: Option<i32>) -> Milestone {
        Milestone {
            title: Note::parse("Saplings planted").unwrap(),
            due: day(due),
            done: done.map(day),
        }
    }

    fn spending(amount: i64) -> Spending {
        Spending {
            date: day(0),
            amount: Money::tenge(amount),
            purpose: Note::parse("Saplings").unwrap(),
        }
    }

    #[test]
    fn progress_is_done_milestones_over_all() {
        let p = progress(&[
            milestone(1, Some(1)),
            milestone(2, None),
            milestone(3, None),
        ]);
        assert_eq!((p.done, p.total, p.percent), (1, 3, 33));
    }

    #[test]
    fn a_project_without_milestones_has_no_progress() {
        assert_eq!(progress(&[]).percent, 0);
    }

    #[test]
    fn spending_past_the_budget_is_flagged_as_overspent() {
        let b = budget(Money::tenge(1_000), &[spending(600), spending(500)]).unwrap();
        assert_eq!(b.spent, Money::tenge(1_100));
        assert_eq!(b.remaining, Money::tenge(-100));
        assert!(b.overspent);
    }

    #[test]
    fn spending_exactly_the_budget_is_not_an_overspend() {
        assert!(
            !budget(Money::tenge(1_000), &[spending(1_000)])
                .unwrap()
                .overspent
        );
    }

    #[test]
    fn a_milestone_past_due_and_not_done_is_overdue() {
        let milestones = [
            milestone(1, None),
            milestone(1, Some(2)),
            milestone(10, None),
        ];
        assert_eq!(overdue(&milestones, day(5)).count(), 1);
    }

    #[test]
    fn a_milestone_cannot_be_done_in_the_future() {
        assert_eq!(
            milestone(1, Some(6)).validate(day(5)),
            Err(ProjectError::DoneInTheFuture)
        );
        assert!(milestone(1, Some(5)).validate(day(5)).is_ok());
    }

    #[test]
    fn a_spending_entry_of_zero_or_less_is_refused() {
        assert_eq!(
            spending(0).validate(day(1)),
            Err(ProjectError::Money(MoneyError::Zero))
        );
        assert_eq!(
            spending(-1).validate(day(1)),
            Err(ProjectError::Money(MoneyError::Negative))
        );
    }

    #[test]
    fn a_problem_report_waits_for_an_answer_and_other_ratings_do_not() {
        let mut report = MonitoringReport {
            rating: MonitoringRating::Problem,
            comment: crate::text::Description::parse("The new pump leaks").unwrap(),
            answer: None,
        };
        assert!(report.needs_answer());
        report.answer =
            Some(crate::text::Reason::parse("The contractor replaces it on Friday").unwrap());
        assert!(!report.needs_answer());
        report.rating = MonitoringRating::Concerns;
        report.answer = None;
        assert!(!report.needs_answer());
    }

    #[test]
    fn a_project_is_completed_when_every_milestone_is_done() {
        assert_eq!(status(&[], &[]), ProjectStatus::NotStarted);
        assert_eq!(
            status(&[milestone(1, None)], &[spending(10)]),
            ProjectStatus::Underway
        );
        assert_eq!(
            status(&[milestone(1, Some(1)), milestone(2, None)], &[]),
            ProjectStatus::Underway
        );
        assert_eq!(
            status(&[milestone(1, Some(1))], &[]),
            ProjectStatus::Completed
        );
    }

    #[test]
    fn a_standing_counts_overdue_milestones_and_flags_overspend() {
        let s = standing(
            Money::tenge(100),
            &[milestone(1, None), milestone(9, None)],
            &[spending(150)],
            day(5),
        )
        .unwrap();
        assert_eq!(s.overdue, 1);
        assert!(s.budget.overspent);
        assert_eq!(s.status, ProjectStatus::Underway);
    }

    #[test]
    fn managers_of_the_programme_run_a_project_and_members_of_its_council_monitor_it() {
        let project = Project {
            id: ProjectId::from_u128(1),
            programme: ProgrammeId::from_u128(2),
            council: CouncilId::from_u128(3),
            proposal: None,
            title: Title::parse("Clean water").unwrap(),
            category: Category::Water,
            year: 2026,
            budget: Money::tenge(1_000),
            beneficiaries: 0,
        };
        let actor = |role, programme, council: Option<u128>| Actor {
            member: crate::MemberId::from_u128(9),
            role,
            programme: ProgrammeId::from_u128(programme),
            council: council.map(CouncilId::from_u128),
        };
        assert!(project.may_manage(&actor(Role::Manager, 2, None)));
        assert!(!project.may_manage(&actor(Role::Manager, 7, None)));
        assert!(!project.may_manage(&actor(Role::Assessor, 2, None)));
        assert!(!project.may_manage(&actor(Role::CouncilMember, 2, Some(3))));
        assert!(project.may_monitor(&actor(Role::CouncilMember, 2, Some(3))));
        assert!(!project.may_monitor(&actor(Role::CouncilMember, 2, Some(4))));
        assert!(!project.may_monitor(&actor(Role::Manager, 2, None)));
    }

    #[test]
    fn an_output_of_nothing_is_refused() {
        let output = Output {
            quantity: 0,
            unit: Unit::Trees,
            what: Note::parse("Trees").unwrap(),
        };
        assert_eq!(output.validate(), Err(ProjectError::ZeroQuantity));
    }
}
