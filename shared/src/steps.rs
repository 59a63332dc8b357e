//! The steps people take on projects, programme years, councils, grievances and assessments:
//! each judged here by its rules (who may, whether it can still be done) and returned with the
//! event that records it in the record's history. The API loads the record, asks here, and
//! stores what comes back; it makes no event of its own (a check of the test command holds it to
//! that). Proposals have theirs in [`crate::proposals`].

use crate::api::{ApiError, GrievanceStep, Refusal};
use crate::assessment::Submission;
use crate::events::{Change, Event, Subject};
use crate::funding::ProgrammeYear;
use crate::grievances::{Channel, GrievanceCategory, GrievanceState};
use crate::ids::{CouncilId, GrievanceId, ProjectId, ProposalId};
use crate::money::Money;
use crate::programmes::{Council, Programme};
use crate::projects::{MonitoringRating, Project, Unit};
use crate::proposals::Proposal;
use crate::roles::{Actor, ActorRef, Role};
use crate::text::Name;
use crate::time::Timestamp;

fn by(actor: &Actor, at: Timestamp, subject: Subject, change: Change) -> Event {
    Event {
        at,
        actor: actor.as_ref(),
        subject,
        change,
    }
}

fn manager(actor: &Actor) -> Result<(), ApiError> {
    if actor.role == Role::Manager {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// A line of the history of a record loaded as demo data: written by the system, since the
/// demo's records were taken from published reports rather than made step by step here.
pub fn demo_history(subject: Subject, at: Timestamp, change: Change) -> Event {
    Event {
        at,
        actor: ActorRef::System,
        subject,
        change,
    }
}

/// A new programme, set up by the operator (no member exists yet to act).
pub fn programme_created(programme: &Programme, at: Timestamp) -> Event {
    Event {
        at,
        actor: ActorRef::System,
        subject: Subject::Programme(programme.id),
        change: Change::ProgrammeCreated {
            name: programme.name.clone(),
        },
    }
}

/// A manager adds a council to their programme.
pub fn create_council(
    id: CouncilId,
    name: Name,
    by_manager: &Actor,
    at: Timestamp,
) -> Result<(Council, Event), ApiError> {
    manager(by_manager)?;
    let council = Council {
        id,
        programme: by_manager.programme,
        name,
    };
    let change = Change::CouncilCreated {
        council: council.id,
        name: council.name.clone(),
    };
    let event = by(
        by_manager,
        at,
        Subject::Programme(council.programme),
        change,
    );
    Ok((council, event))
}

/// What is done to a project, with what its rules need to judge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectStep {
    AddMilestone,
    MarkMilestoneDone { done_already: bool },
    RecordSpending { amount: Money },
    RecordOutput { quantity: u64, unit: Unit },
    SetBeneficiaries { count: u32 },
    PostUpdate,
    Report { rating: MonitoringRating },
    Answer { answered_already: bool },
}

/// The programme's managers keep a project's record; members of its council report on it. A
/// milestone is done once and a report answered once.
pub fn project_step(
    project: &Project,
    actor: &Actor,
    at: Timestamp,
    step: ProjectStep,
) -> Result<Event, ApiError> {
    let allowed = match step {
        ProjectStep::Report { .. } => project.may_monitor(actor),
        _ => project.may_manage(actor),
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    let change = match step {
        ProjectStep::AddMilestone => Change::MilestoneAdded,
        ProjectStep::MarkMilestoneDone { done_already: true } => {
            return Err(Refusal::AlreadyDone.into())
        }
        ProjectStep::MarkMilestoneDone {
            done_already: false,
        } => Change::MilestoneDone,
        ProjectStep::RecordSpending { amount } => Change::SpendingRecorded { amount },
        ProjectStep::RecordOutput { quantity, unit } => Change::OutputRecorded { quantity, unit },
        ProjectStep::SetBeneficiaries { count } => Change::BeneficiariesSet { count },
        ProjectStep::PostUpdate => Change::UpdatePosted,
        ProjectStep::Report { rating } => Change::MonitoringReported { rating },
        ProjectStep::Answer {
            answered_already: true,
        } => return Err(Refusal::AlreadyAnswered.into()),
        ProjectStep::Answer {
            answered_already: false,
        } => Change::MonitoringAnswered,
    };
    Ok(by(actor, at, Subject::Project(project.id), change))
}

/// The project an approval starts, for the approved amount, in the proposal's programme year.
pub fn project_from_approval(
    id: ProjectId,
    proposal: &Proposal,
    year: u16,
    amount: Money,
    by_manager: &Actor,
    at: Timestamp,
) -> (Project, Event) {
    let project = Project {
        id,
        programme: proposal.programme,
        council: proposal.council,
        proposal: Some(proposal.id),
        title: proposal.content.title.clone(),
        category: proposal.content.category,
        year,
        budget: amount,
        beneficiaries: proposal.content.beneficiaries,
    };
    let started = Change::ProjectStarted { budget: amount };
    let event = by(by_manager, at, Subject::Project(id), started);
    (project, event)
}

/// An assessor hands in their scorecard, or declares a conflict of interest.
pub fn hand_in(
    proposal: ProposalId,
    submission: &Submission,
    assessor: &Actor,
    at: Timestamp,
) -> Event {
    let change = match submission {
        Submission::Scored { .. } => Change::ScoresSubmitted,
        Submission::Conflict { .. } => Change::ConflictDeclared,
    };
    by(assessor, at, Subject::Proposal(proposal), change)
}

/// A manager sets up (or changes) their programme's year; a closed year no longer changes.
pub fn set_year(
    plan: &ProgrammeYear,
    existing: Option<&ProgrammeYear>,
    by_manager: &Actor,
    at: Timestamp,
) -> Result<Event, ApiError> {
    manager(by_manager)?;
    if existing.is_some_and(|e| e.closed) {
        return Err(Refusal::YearClosed.into());
    }
    let change = Change::ProgrammeYearSet {
        year: plan.year,
        budget: plan.budget,
    };
    Ok(by(
        by_manager,
        at,
        Subject::Programme(plan.programme),
        change,
    ))
}

/// What is done to a programme year's plan of activities, or to the year itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearStep {
    Close,
    PlanActivity { half: u8, expected_cost: Money },
    MarkActivity { done: bool },
}

/// A manager of the year's programme closes the year or keeps its plan; a closed year is final.
pub fn year_step(
    plan: &ProgrammeYear,
    by_manager: &Actor,
    at: Timestamp,
    step: YearStep,
) -> Result<Event, ApiError> {
    manager(by_manager)?;
    if by_manager.programme != plan.programme {
        return Err(ApiError::Forbidden);
    }
    let year = plan.year;
    let change = match step {
        YearStep::Close | YearStep::PlanActivity { .. } if plan.closed => {
            return Err(Refusal::YearClosed.into())
        }
        YearStep::Close => Change::ProgrammeYearClosed { year },
        YearStep::PlanActivity {
            half,
            expected_cost,
        } => Change::ActivityPlanned {
            year,
            half,
            expected_cost,
        },
        YearStep::MarkActivity { done } => Change::ActivityMarked { year, done },
    };
    Ok(by(
        by_manager,
        at,
        Subject::Programme(plan.programme),
        change,
    ))
}

/// A grievance is filed: by the public (who may be anonymous) or logged by a manager.
pub fn grievance_filed(
    id: GrievanceId,
    filer: ActorRef,
    at: Timestamp,
    category: GrievanceCategory,
    channel: Channel,
) -> Event {
    Event {
        at,
        actor: filer,
        subject: Subject::Grievance(id),
        change: Change::GrievanceFiled { category, channel },
    }
}

/// A manager takes a grievance one step on.
pub fn grievance_step(
    id: GrievanceId,
    state: GrievanceState,
    by_manager: &Actor,
    at: Timestamp,
    step: GrievanceStep,
) -> Result<(GrievanceState, Event), ApiError> {
    let (next, change) = match step {
        GrievanceStep::Acknowledge => (
            state.acknowledge(by_manager, at),
            Change::GrievanceAcknowledged,
        ),
        GrievanceStep::Review => (
            state.start_review(by_manager),
            Change::GrievanceReviewStarted,
        ),
        GrievanceStep::Answer => (state.answer(by_manager, at), Change::GrievanceAnswered),
        GrievanceStep::Close => (state.close(by_manager), Change::GrievanceClosed),
    };
    let next = next?;
    Ok((next, by(by_manager, at, Subject::Grievance(id), change)))
}

/// The holder of the tracking code appeals the answer, once.
pub fn grievance_appealed(
    id: GrievanceId,
    state: GrievanceState,
    at: Timestamp,
) -> Result<(GrievanceState, Event), ApiError> {
    let next = state.appeal(at)?;
    let event = Event {
        at,
        actor: ActorRef::Public,
        subject: Subject::Grievance(id),
        change: Change::GrievanceAppealed,
    };
    Ok((next, event))
}

/// A manager publishes, or withdraws, their programme's hours of personal reception.
pub fn reception(by_manager: &Actor, at: Timestamp, published: bool) -> Result<Event, ApiError> {
    manager(by_manager)?;
    let change = if published {
        Change::ReceptionPublished
    } else {
        Change::ReceptionWithdrawn
    };
    Ok(by(
        by_manager,
        at,
        Subject::Programme(by_manager.programme),
        change,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{MemberId, ProgrammeId};

    fn actor(role: Role, council: Option<CouncilId>) -> Actor {
        Actor {
            member: MemberId::from_random_bytes([1; 16]),
            role,
            programme: ProgrammeId::from_random_bytes([2; 16]),
            council,
        }
    }

    fn project(council: CouncilId) -> Project {
        Project {
            id: ProjectId::from_random_bytes([3; 16]),
            programme: ProgrammeId::from_random_bytes([2; 16]),
            council,
            proposal: None,
            title: crate::text::Title::parse("Water for the clinic").unwrap(),
            category: crate::category::Category::Water,
            year: 2026,
            budget: Money::tenge(1_000_000),
            beneficiaries: 300,
        }
    }

    #[test]
    fn a_milestone_is_done_once_and_a_report_answered_once() {
        let council = CouncilId::from_random_bytes([4; 16]);
        let p = project(council);
        let m = actor(Role::Manager, None);
        let at = Timestamp::from_millis(0);
        let done = |done_already| ProjectStep::MarkMilestoneDone { done_already };
        assert_eq!(
            project_step(&p, &m, at, done(false)).unwrap().change,
            Change::MilestoneDone
        );
        assert_eq!(
            project_step(&p, &m, at, done(true)),
            Err(Refusal::AlreadyDone.into())
        );
        let answer = ProjectStep::Answer {
            answered_already: true,
        };
        assert_eq!(
            project_step(&p, &m, at, answer),
            Err(Refusal::AlreadyAnswered.into())
        );
    }

    #[test]
    fn managers_keep_a_project_and_its_council_reports_on_it() {
        let council = CouncilId::from_random_bytes([4; 16]);
        let p = project(council);
        let member = actor(Role::CouncilMember, Some(council));
        let at = Timestamp::from_millis(0);
        let report = ProjectStep::Report {
            rating: MonitoringRating::Problem,
        };
        assert!(project_step(&p, &member, at, report).is_ok());
        assert_eq!(
            project_step(&p, &member, at, ProjectStep::PostUpdate),
            Err(ApiError::Forbidden)
        );
        let manager = actor(Role::Manager, None);
        assert_eq!(
            project_step(&p, &manager, at, report),
            Err(ApiError::Forbidden)
        );
    }
}
