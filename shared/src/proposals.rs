//! Proposals and their lifecycle.
//!
//! ```text
//! Draft ──submit──> CouncilVote ──passes──> Forwarded ──> UnderAssessment ──> Assessed ──> Approved
//!   │                   │ fails                                                  ├──> Declined
//!   └─withdraw          └──> NotForwarded                                        └──> Deferred
//! ```
//!
//! Each transition is a function of the current proposal, the actor and the time that returns
//! the next proposal and the event to record, or the reason it is refused. The API stores what
//! these functions return and nothing else.

use crate::assessment::AssessmentResult;
use crate::events::{Change, Event, Subject};
use crate::funding::{can_approve, Approved, Decision, FundingError, ProgrammeYear};
use crate::ids::{CouncilId, MemberId, ProgrammeId, ProposalId};
use crate::money::{Money, MoneyError};
use crate::roles::{Actor, ActorRef, Role};
use crate::text::{Description, Name, Title};
use crate::time::Timestamp;
use crate::voting::{Ballot, Outcome, Tally, Vote, VoteError, VoteRules};
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};

pub use crate::category::Category;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum ProposalStatus {
    Draft,
    Withdrawn,
    CouncilVote,
    NotForwarded,
    Forwarded,
    UnderAssessment,
    Assessed,
    Approved,
    Declined,
    Deferred,
}

impl WireName for ProposalStatus {
    const ALL: &'static [Self] = &ProposalStatus::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            ProposalStatus::Draft => "draft",
            ProposalStatus::Withdrawn => "withdrawn",
            ProposalStatus::CouncilVote => "council_vote",
            ProposalStatus::NotForwarded => "not_forwarded",
            ProposalStatus::Forwarded => "forwarded",
            ProposalStatus::UnderAssessment => "under_assessment",
            ProposalStatus::Assessed => "assessed",
            ProposalStatus::Approved => "approved",
            ProposalStatus::Declined => "declined",
            ProposalStatus::Deferred => "deferred",
        }
    }
}

serde_by_wire_name!(ProposalStatus);

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 10] = [
        ProposalStatus::Draft,
        ProposalStatus::Withdrawn,
        ProposalStatus::CouncilVote,
        ProposalStatus::NotForwarded,
        ProposalStatus::Forwarded,
        ProposalStatus::UnderAssessment,
        ProposalStatus::Assessed,
        ProposalStatus::Approved,
        ProposalStatus::Declined,
        ProposalStatus::Deferred,
    ];

    /// Drafts and withdrawn drafts are seen only by the council; everything else is public.
    pub fn is_public(self) -> bool {
        !matches!(self, ProposalStatus::Draft | ProposalStatus::Withdrawn)
    }
}

/// A point on the map, in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

impl GeoPoint {
    pub fn validate(self) -> Result<Self, ProposalError> {
        let ok =
            (-90.0..=90.0).contains(&self.latitude) && (-180.0..=180.0).contains(&self.longitude);
        ok.then_some(self).ok_or(ProposalError::LocationOutOfRange)
    }
}

/// What the council member writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalContent {
    pub title: Title,
    pub description: Description,
    pub category: Category,
    pub village: Name,
    pub estimated_cost: Money,
    pub beneficiaries: u32,
    pub location: Option<GeoPoint>,
}

impl ProposalContent {
    pub const MAX_BENEFICIARIES: u32 = 10_000_000;

    pub fn validate(self) -> Result<Self, ProposalError> {
        self.estimated_cost
            .positive()
            .map_err(ProposalError::Cost)?;
        if self.beneficiaries > Self::MAX_BENEFICIARIES {
            return Err(ProposalError::BeneficiariesOutOfRange);
        }
        if let Some(point) = self.location {
            point.validate()?;
        }
        Ok(self)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: ProposalId,
    pub programme: ProgrammeId,
    pub council: CouncilId,
    pub author: MemberId,
    pub content: ProposalContent,
    pub status: ProposalStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The most photos one proposal may carry.
pub const MAX_PHOTOS: usize = 5;

/// Why a proposal or a change to it was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalError {
    Cost(MoneyError),
    BeneficiariesOutOfRange,
    LocationOutOfRange,
    /// The proposal is not in a state that allows this.
    WrongStatus(ProposalStatus),
    /// The actor's role may not do this.
    WrongRole,
    /// The actor is not a member of the proposal's council.
    WrongCouncil,
    /// The actor works for another programme.
    WrongProgramme,
    /// A council with no members cannot vote.
    NoElectorate,
    Vote(VoteError),
    /// Fewer assessors than the year requires.
    NotEnoughAssessors {
        required: u32,
    },
    /// Not enough valid scores yet.
    NotYetAssessed,
    Funding(FundingError),
}

type Transition = Result<(Proposal, Event), ProposalError>;

impl Proposal {
    /// The programme year a proposal belongs to, whose budget, rubric, assessors and vote rules
    /// apply to it: the year it was drafted in.
    pub fn programme_year(&self) -> u16 {
        u16::try_from(self.created_at.date().year()).unwrap_or(0)
    }

    /// A council member starts a draft for their own council.
    pub fn draft(
        id: ProposalId,
        content: ProposalContent,
        by: &Actor,
        now: Timestamp,
    ) -> Transition {
        let (Role::CouncilMember, Some(council)) = (by.role, by.council) else {
            return Err(ProposalError::WrongRole);
        };
        let content = content.validate()?;
        let proposal = Proposal {
            id,
            programme: by.programme,
            council,
            author: by.member,
            content,
            status: ProposalStatus::Draft,
            created_at: now,
            updated_at: now,
        };
        let event = proposal.event(by.as_ref(), now, Change::ProposalDrafted);
        Ok((proposal, event))
    }

    /// A council member revises a draft of their council.
    pub fn edit(self, content: ProposalContent, by: &Actor, now: Timestamp) -> Transition {
        self.require_council_member(by)?;
        self.require_status(ProposalStatus::Draft)?;
        let content = content.validate()?;
        let proposal = Proposal {
            content,
            updated_at: now,
            ..self
        };
        let event = proposal.event(by.as_ref(), now, Change::ProposalEdited);
        Ok((proposal, event))
    }

    /// A council member withdraws a draft.
    pub fn withdraw(self, by: &Actor, now: Timestamp) -> Transition {
        self.require_council_member(by)?;
        self.require_status(ProposalStatus::Draft)?;
        Ok(self.moved(
            by.as_ref(),
            now,
            ProposalStatus::Withdrawn,
            Change::ProposalWithdrawn,
        ))
    }

    /// A council member submits a draft, which opens the council vote among `electorate`.
    pub fn submit(
        self,
        by: &Actor,
        now: Timestamp,
        rules: VoteRules,
        electorate: Vec<MemberId>,
    ) -> Result<(Proposal, Vote, Event), ProposalError> {
        self.require_council_member(by)?;
        self.require_status(ProposalStatus::Draft)?;
        if electorate.is_empty() {
            return Err(ProposalError::NoElectorate);
        }
        let vote = Vote::open(rules, electorate, now);
        let change = Change::ProposalSubmitted {
            deadline: vote.deadline,
            members: vote.members(),
        };
        let (proposal, event) = self.moved(by.as_ref(), now, ProposalStatus::CouncilVote, change);
        Ok((proposal, vote, event))
    }

    /// Closes the council vote once it is over: forwarded if it passed, not forwarded if not.
    /// Nobody has to click: this runs on the next read and on a schedule.
    pub fn close_vote(self, vote: &Vote, ballots: &[Ballot], now: Timestamp) -> Transition {
        self.require_status(ProposalStatus::CouncilVote)?;
        let (outcome, tally): (Outcome, Tally) =
            vote.outcome(ballots, now).map_err(ProposalError::Vote)?;
        let status = if outcome == Outcome::Passed {
            ProposalStatus::Forwarded
        } else {
            ProposalStatus::NotForwarded
        };
        Ok(self.moved(
            ActorRef::System,
            now,
            status,
            Change::VoteClosed { outcome, tally },
        ))
    }

    /// A manager of the programme assigns assessors to a forwarded proposal, or more assessors
    /// to one under assessment (after a conflict of interest).
    pub fn assign_assessors(
        self,
        by: &Actor,
        now: Timestamp,
        assessors: &[MemberId],
        already_assigned: u32,
        required: u32,
    ) -> Transition {
        self.require_manager(by)?;
        if !matches!(
            self.status,
            ProposalStatus::Forwarded | ProposalStatus::UnderAssessment
        ) {
            return Err(self
                .require_status(ProposalStatus::Forwarded)
                .err()
                .unwrap_or(ProposalError::WrongStatus(self.status)));
        }
        let total =
            already_assigned.saturating_add(u32::try_from(assessors.len()).unwrap_or(u32::MAX));
        if assessors.is_empty() || total < required {
            return Err(ProposalError::NotEnoughAssessors { required });
        }
        let change = Change::AssessorsAssigned {
            count: u32::try_from(assessors.len()).unwrap_or(u32::MAX),
        };
        Ok(self.moved(by.as_ref(), now, ProposalStatus::UnderAssessment, change))
    }

    /// The proposal becomes Assessed once the shared assessment rules yield a result.
    pub fn complete_assessment(
        self,
        result: Option<AssessmentResult>,
        now: Timestamp,
    ) -> Transition {
        self.require_status(ProposalStatus::UnderAssessment)?;
        let result = result.ok_or(ProposalError::NotYetAssessed)?;
        Ok(self.moved(
            ActorRef::System,
            now,
            ProposalStatus::Assessed,
            Change::ProposalAssessed { result },
        ))
    }

    /// A manager decides on an assessed proposal within the year's budget.
    pub fn decide(
        self,
        by: &Actor,
        now: Timestamp,
        decision: Decision,
        year: &ProgrammeYear,
        approved: Approved,
    ) -> Transition {
        self.require_manager(by)?;
        self.require_status(ProposalStatus::Assessed)?;
        let (status, change) = match decision {
            Decision::Approve { amount, reason } => {
                can_approve(year, self.council, approved, amount)
                    .map_err(ProposalError::Funding)?;
                (
                    ProposalStatus::Approved,
                    Change::ProposalApproved { amount, reason },
                )
            }
            Decision::Decline { reason } => (
                ProposalStatus::Declined,
                Change::ProposalDeclined { reason },
            ),
            Decision::Defer { reason } => (
                ProposalStatus::Deferred,
                Change::ProposalDeferred {
                    reason,
                    to_year: year.year.saturating_add(1),
                },
            ),
        };
        Ok(self.moved(by.as_ref(), now, status, change))
    }

    /// Whether `viewer` (or the public, for `None`) may see this proposal.
    /// Photos are added and removed by the council's members while the proposal is a draft.
    pub fn may_change_photos(&self, by: &Actor) -> Result<(), ProposalError> {
        self.require_council_member(by)?;
        self.require_status(ProposalStatus::Draft)
    }

    pub fn visible_to(&self, viewer: Option<&Actor>) -> bool {
        self.status.is_public() || viewer.is_some_and(|a| a.is_member_of(self.council))
    }

    /// Asked of the company's side too early, a proposal says what it waits for (its council's
    /// vote, its scorecards); asked too late, that it has moved on.
    fn require_status(&self, status: ProposalStatus) -> Result<(), ProposalError> {
        use ProposalStatus::{Assessed, CouncilVote, Forwarded, UnderAssessment};
        if self.status == status {
            return Ok(());
        }
        Err(match (status, self.status) {
            (Forwarded | UnderAssessment | Assessed, CouncilVote) => {
                ProposalError::Vote(VoteError::StillOpen)
            }
            (Assessed, Forwarded | UnderAssessment) => ProposalError::NotYetAssessed,
            _ => ProposalError::WrongStatus(self.status),
        })
    }

    fn require_council_member(&self, by: &Actor) -> Result<(), ProposalError> {
        if by.role != Role::CouncilMember {
            Err(ProposalError::WrongRole)
        } else if !by.is_member_of(self.council) {
            Err(ProposalError::WrongCouncil)
        } else {
            Ok(())
        }
    }

    fn require_manager(&self, by: &Actor) -> Result<(), ProposalError> {
        if by.role != Role::Manager {
            Err(ProposalError::WrongRole)
        } else if !by.is_manager_of(self.programme) {
            Err(ProposalError::WrongProgramme)
        } else {
            Ok(())
        }
    }

    fn moved(
        self,
        actor: ActorRef,
        now: Timestamp,
        status: ProposalStatus,
        change: Change,
    ) -> (Proposal, Event) {
        let proposal = Proposal {
            status,
            updated_at: now,
            ..self
        };
        let event = proposal.event(actor, now, change);
        (proposal, event)
    }

    fn event(&self, actor: ActorRef, at: Timestamp, change: Change) -> Event {
        Event {
            at,
            actor,
            subject: Subject::Proposal(self.id),
            change,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Hundredths, Rubric};
    use crate::funding::Allocation;
    use crate::grievances::Deadlines;
    use crate::ids::ProgrammeYearId;
    use crate::text::Reason;
    use crate::voting::Choice;

    const PROGRAMME: ProgrammeId = ProgrammeId::from_u128(1);

    fn t(day: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000).plus_days(day)
    }

    fn member(n: u128, council: u128) -> Actor {
        Actor {
            member: MemberId::from_u128(n),
            role: Role::CouncilMember,
            programme: PROGRAMME,
            council: Some(CouncilId::from_u128(council)),
        }
    }

    fn staff(n: u128, role: Role, programme: ProgrammeId) -> Actor {
        Actor {
            member: MemberId::from_u128(n),
            role,
            programme,
            council: None,
        }
    }

    fn content() -> ProposalContent {
        ProposalContent {
            title: Title::parse("Clean water for Aksai school").unwrap(),
            description: Description::parse("A filter and a tank for 300 pupils.").unwrap(),
            category: Category::Water,
            village: Name::parse("Aksai").unwrap(),
            estimated_cost: Money::tenge(4_500_000),
            beneficiaries: 300,
            location: None,
        }
    }

    fn drafted() -> Proposal {
        Proposal::draft(ProposalId::from_u128(9), content(), &member(1, 7), t(0))
            .unwrap()
            .0
    }

    fn in_vote() -> (Proposal, Vote) {
        let electorate = (1..=3).map(MemberId::from_u128).collect();
        let (p, vote, _) = drafted()
            .submit(&member(1, 7), t(1), VoteRules::default(), electorate)
            .unwrap();
        (p, vote)
    }

    fn assessed() -> Proposal {
        let mut p = drafted();
        p.status = ProposalStatus::Assessed;
        p
    }

    fn year(allocation: i64) -> ProgrammeYear {
        ProgrammeYear {
            id: ProgrammeYearId::from_u128(1),
            programme: PROGRAMME,
            year: 2026,
            budget: Money::tenge(100_000_000),
            allocations: vec![Allocation {
                council: CouncilId::from_u128(7),
                amount: Money::tenge(allocation),
            }],
            rubric: Rubric::default(),
            assessors_required: 2,
            vote_rules: VoteRules::default(),
            grievance_deadlines: Deadlines::default(),
            closed: false,
        }
    }

    fn reason() -> Reason {
        Reason::parse("Meets the council's most urgent need").unwrap()
    }

    #[test]
    fn a_member_drafts_for_their_own_council() {
        let (p, event) =
            Proposal::draft(ProposalId::from_u128(9), content(), &member(1, 7), t(0)).unwrap();
        assert_eq!(
            (p.council, p.status),
            (CouncilId::from_u128(7), ProposalStatus::Draft)
        );
        assert_eq!(event.change, Change::ProposalDrafted);
    }

    #[test]
    fn an_assessor_cannot_draft_a_proposal() {
        let assessor = staff(2, Role::Assessor, PROGRAMME);
        assert_eq!(
            Proposal::draft(ProposalId::from_u128(9), content(), &assessor, t(0)).err(),
            Some(ProposalError::WrongRole)
        );
    }

    #[test]
    fn a_draft_with_a_zero_cost_is_refused() {
        let mut c = content();
        c.estimated_cost = Money::ZERO;
        assert_eq!(
            Proposal::draft(ProposalId::from_u128(9), c, &member(1, 7), t(0)).err(),
            Some(ProposalError::Cost(MoneyError::Zero))
        );
    }

    #[test]
    fn a_location_off_the_globe_is_refused() {
        let mut c = content();
        c.location = Some(GeoPoint {
            latitude: 91.0,
            longitude: 0.0,
        });
        assert_eq!(c.validate().err(), Some(ProposalError::LocationOutOfRange));
    }

    #[test]
    fn a_member_of_another_council_cannot_edit_the_draft() {
        assert_eq!(
            drafted().edit(content(), &member(5, 8), t(1)).err(),
            Some(ProposalError::WrongCouncil)
        );
    }

    #[test]
    fn a_draft_can_be_withdrawn_but_a_submitted_proposal_cannot() {
        assert_eq!(
            drafted().withdraw(&member(1, 7), t(1)).unwrap().0.status,
            ProposalStatus::Withdrawn
        );
        let (p, _) = in_vote();
        assert_eq!(
            p.withdraw(&member(1, 7), t(2)).err(),
            Some(ProposalError::WrongStatus(ProposalStatus::CouncilVote))
        );
    }

    #[test]
    fn submitting_opens_a_vote_with_a_deadline() {
        let (p, vote) = in_vote();
        assert_eq!(p.status, ProposalStatus::CouncilVote);
        assert_eq!(vote.deadline, t(8));
    }

    #[test]
    fn a_submitted_proposal_cannot_be_edited() {
        let (p, _) = in_vote();
        assert_eq!(
            p.edit(content(), &member(1, 7), t(2)).err(),
            Some(ProposalError::WrongStatus(ProposalStatus::CouncilVote))
        );
    }

    #[test]
    fn photos_change_only_in_a_draft_and_only_by_its_council() {
        assert_eq!(drafted().may_change_photos(&member(2, 7)), Ok(()));
        assert_eq!(
            drafted().may_change_photos(&member(5, 8)),
            Err(ProposalError::WrongCouncil)
        );
        assert_eq!(
            drafted().may_change_photos(&staff(9, Role::Manager, PROGRAMME)),
            Err(ProposalError::WrongRole)
        );
        let (p, _) = in_vote();
        assert_eq!(
            p.may_change_photos(&member(1, 7)),
            Err(ProposalError::WrongStatus(ProposalStatus::CouncilVote))
        );
    }

    #[test]
    fn a_council_without_members_cannot_vote() {
        assert_eq!(
            drafted()
                .submit(&member(1, 7), t(1), VoteRules::default(), vec![])
                .err(),
            Some(ProposalError::NoElectorate)
        );
    }

    #[test]
    fn a_vote_still_open_cannot_be_closed() {
        let (p, vote) = in_vote();
        assert_eq!(
            p.close_vote(&vote, &[], t(2)).err(),
            Some(ProposalError::Vote(VoteError::StillOpen))
        );
    }

    #[test]
    fn a_passed_vote_forwards_the_proposal() {
        let (p, vote) = in_vote();
        let ballots: Vec<_> = (1..=3)
            .map(|n| Ballot {
                member: MemberId::from_u128(n),
                choice: Choice::For,
                cast_at: t(2),
            })
            .collect();
        let (p, event) = p.close_vote(&vote, &ballots, t(2)).unwrap();
        assert_eq!(p.status, ProposalStatus::Forwarded);
        assert_eq!(event.actor, ActorRef::System);
    }

    #[test]
    fn a_failed_vote_does_not_forward() {
        let (p, vote) = in_vote();
        assert_eq!(
            p.close_vote(&vote, &[], t(9)).unwrap().0.status,
            ProposalStatus::NotForwarded
        );
    }

    #[test]
    fn the_company_acting_too_early_is_told_what_the_proposal_waits_for() {
        let manager = staff(3, Role::Manager, PROGRAMME);
        let (in_vote, _) = in_vote();
        assert_eq!(
            in_vote
                .clone()
                .assign_assessors(&manager, t(2), &[MemberId::from_u128(4)], 0, 1)
                .err(),
            Some(ProposalError::Vote(VoteError::StillOpen))
        );
        let decline = |p: Proposal| {
            p.decide(
                &manager,
                t(2),
                Decision::Decline { reason: reason() },
                &year(1),
                Approved::default(),
            )
            .err()
        };
        assert_eq!(
            decline(in_vote),
            Some(ProposalError::Vote(VoteError::StillOpen))
        );
        for waiting in [ProposalStatus::Forwarded, ProposalStatus::UnderAssessment] {
            let mut p = drafted();
            p.status = waiting;
            assert_eq!(decline(p), Some(ProposalError::NotYetAssessed));
        }
        // Too late stays "moved on".
        let mut decided = drafted();
        decided.status = ProposalStatus::Approved;
        assert_eq!(
            decline(decided),
            Some(ProposalError::WrongStatus(ProposalStatus::Approved))
        );
    }

    #[test]
    fn assigning_fewer_assessors_than_required_is_refused() {
        let mut p = drafted();
        p.status = ProposalStatus::Forwarded;
        let manager = staff(3, Role::Manager, PROGRAMME);
        assert_eq!(
            p.assign_assessors(&manager, t(2), &[MemberId::from_u128(4)], 0, 2)
                .err(),
            Some(ProposalError::NotEnoughAssessors { required: 2 })
        );
    }

    #[test]
    fn a_manager_of_another_programme_cannot_assign_assessors() {
        let mut p = drafted();
        p.status = ProposalStatus::Forwarded;
        let outsider = staff(3, Role::Manager, ProgrammeId::from_u128(2));
        let assessors = [MemberId::from_u128(4), MemberId::from_u128(5)];
        assert_eq!(
            p.assign_assessors(&outsider, t(2), &assessors, 0, 2).err(),
            Some(ProposalError::WrongProgramme)
        );
    }

    #[test]
    fn a_proposal_is_not_assessed_without_a_result() {
        let mut p = drafted();
        p.status = ProposalStatus::UnderAssessment;
        assert_eq!(
            p.clone().complete_assessment(None, t(3)).err(),
            Some(ProposalError::NotYetAssessed)
        );
        let result = AssessmentResult {
            community_need: Hundredths(400),
            technical_feasibility: Hundredths(400),
            budget_fit: Hundredths(400),
            sustainability: Hundredths(400),
            score: Hundredths(400),
            assessors: 2,
        };
        assert_eq!(
            p.complete_assessment(Some(result), t(3)).unwrap().0.status,
            ProposalStatus::Assessed
        );
    }

    #[test]
    fn an_approval_past_the_allocation_is_refused() {
        let manager = staff(3, Role::Manager, PROGRAMME);
        let decision = Decision::Approve {
            amount: Money::tenge(5_000_000),
            reason: reason(),
        };
        assert_eq!(
            assessed()
                .decide(
                    &manager,
                    t(4),
                    decision,
                    &year(4_000_000),
                    Approved::default()
                )
                .err(),
            Some(ProposalError::Funding(FundingError::ExceedsAllocation {
                remaining: Money::tenge(4_000_000)
            }))
        );
    }

    #[test]
    fn an_approval_within_the_allocation_approves() {
        let manager = staff(3, Role::Manager, PROGRAMME);
        let decision = Decision::Approve {
            amount: Money::tenge(4_000_000),
            reason: reason(),
        };
        let (p, event) = assessed()
            .decide(
                &manager,
                t(4),
                decision,
                &year(4_000_000),
                Approved::default(),
            )
            .unwrap();
        assert_eq!(p.status, ProposalStatus::Approved);
        assert!(
            matches!(event.change, Change::ProposalApproved { amount, .. } if amount == Money::tenge(4_000_000))
        );
    }

    #[test]
    fn a_deferral_is_to_the_next_year() {
        let manager = staff(3, Role::Manager, PROGRAMME);
        let (p, event) = assessed()
            .decide(
                &manager,
                t(4),
                Decision::Defer { reason: reason() },
                &year(1),
                Approved::default(),
            )
            .unwrap();
        assert_eq!(p.status, ProposalStatus::Deferred);
        assert!(matches!(
            event.change,
            Change::ProposalDeferred { to_year: 2027, .. }
        ));
    }

    #[test]
    fn a_council_member_cannot_decide() {
        let decision = Decision::Decline { reason: reason() };
        assert_eq!(
            assessed()
                .decide(&member(1, 7), t(4), decision, &year(1), Approved::default())
                .err(),
            Some(ProposalError::WrongRole)
        );
    }

    #[test]
    fn a_proposal_cannot_be_decided_before_it_is_assessed() {
        let manager = staff(3, Role::Manager, PROGRAMME);
        let decision = Decision::Decline { reason: reason() };
        assert_eq!(
            drafted()
                .decide(&manager, t(4), decision, &year(1), Approved::default())
                .err(),
            Some(ProposalError::WrongStatus(ProposalStatus::Draft))
        );
    }

    #[test]
    fn a_draft_is_visible_only_to_its_council() {
        let p = drafted();
        assert!(p.visible_to(Some(&member(2, 7))));
        assert!(!p.visible_to(Some(&member(2, 8))));
        assert!(!p.visible_to(Some(&staff(3, Role::Manager, PROGRAMME))));
        assert!(!p.visible_to(None));
        assert!(in_vote().0.visible_to(None));
    }
}
