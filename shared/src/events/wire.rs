//! Reading events and history lines back from JSON. They are written flat: the envelope's
//! fields, the `change` tag and that change's fields side by side. serde's derive reads that
//! shape (an internally tagged enum flattened into a struct) by buffering every field and trying
//! each variant, which costs tens of KB of wasm and most of the time spent on a record's
//! history in the app. Here one flat struct holds every field any change has, and the tag picks
//! which of them to take.

use super::{Change, Event, HistoryEntry, Subject};
use crate::assessment::AssessmentResult;
use crate::grievances::{Channel, GrievanceCategory};
use crate::ids::CouncilId;
use crate::money::Money;
use crate::projects::{MonitoringRating, Unit};
use crate::roles::{ActorRef, Role};
use crate::text::{Name, Reason};
use crate::time::Timestamp;
use crate::voting::{Outcome, Tally};
use serde::de::Error;
use serde::{Deserialize, Deserializer};

/// The `change` tag: which change, with no fields.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
#[serde(rename_all = "snake_case")]
enum Kind {
    ProgrammeCreated,
    CouncilCreated,
    ProgrammeYearSet,
    ProgrammeYearClosed,
    ActivityPlanned,
    ActivityMarked,
    ProposalDrafted,
    ProposalEdited,
    ProposalWithdrawn,
    ProposalSubmitted,
    VoteClosed,
    AssessorsAssigned,
    ConflictDeclared,
    ScoresSubmitted,
    ProposalAssessed,
    ProposalApproved,
    ProposalDeclined,
    ProposalDeferred,
    ProjectStarted,
    MilestoneAdded,
    MilestoneDone,
    SpendingRecorded,
    OutputRecorded,
    BeneficiariesSet,
    UpdatePosted,
    MonitoringReported,
    MonitoringAnswered,
    GrievanceFiled,
    GrievanceAcknowledged,
    GrievanceReviewStarted,
    GrievanceAnswered,
    GrievanceAppealed,
    GrievanceClosed,
    ReceptionPublished,
    ReceptionWithdrawn,
}

/// Every field an event, a history line or any change can have.
#[derive(Deserialize)]
struct Flat {
    at: Option<Timestamp>,
    actor: Option<ActorRef>,
    subject: Option<Subject>,
    role: Option<Role>,
    change: Kind,
    name: Option<Name>,
    council: Option<CouncilId>,
    year: Option<u16>,
    budget: Option<Money>,
    half: Option<u8>,
    expected_cost: Option<Money>,
    done: Option<bool>,
    deadline: Option<Timestamp>,
    members: Option<u32>,
    outcome: Option<Outcome>,
    tally: Option<Tally>,
    count: Option<u32>,
    result: Option<AssessmentResult>,
    amount: Option<Money>,
    reason: Option<Reason>,
    to_year: Option<u16>,
    quantity: Option<u64>,
    unit: Option<Unit>,
    rating: Option<MonitoringRating>,
    category: Option<GrievanceCategory>,
    channel: Option<Channel>,
}

/// A field the change needs, or the name of the one that is missing.
fn needed<T>(value: Option<T>, field: &'static str) -> Result<T, &'static str> {
    value.ok_or(field)
}

impl Flat {
    /// The change the tag names, built from its fields.
    fn take_change(&mut self) -> Result<Change, &'static str> {
        use Change as C;
        Ok(match self.change {
            Kind::ProgrammeCreated => C::ProgrammeCreated {
                name: needed(self.name.take(), "name")?,
            },
            Kind::CouncilCreated => C::CouncilCreated {
                council: needed(self.council, "council")?,
                name: needed(self.name.take(), "name")?,
            },
            Kind::ProgrammeYearSet => C::ProgrammeYearSet {
                year: needed(self.year, "year")?,
                budget: needed(self.budget, "budget")?,
            },
            Kind::ProgrammeYearClosed => C::ProgrammeYearClosed {
                year: needed(self.year, "year")?,
            },
            Kind::ActivityPlanned => C::ActivityPlanned {
                year: needed(self.year, "year")?,
                half: needed(self.half, "half")?,
                expected_cost: needed(self.expected_cost, "expected_cost")?,
            },
            Kind::ActivityMarked => C::ActivityMarked {
                year: needed(self.year, "year")?,
                done: needed(self.done, "done")?,
            },
            Kind::ProposalDrafted => C::ProposalDrafted,
            Kind::ProposalEdited => C::ProposalEdited,
            Kind::ProposalWithdrawn => C::ProposalWithdrawn,
            Kind::ProposalSubmitted => C::ProposalSubmitted {
                deadline: needed(self.deadline, "deadline")?,
                members: needed(self.members, "members")?,
            },
            Kind::VoteClosed => C::VoteClosed {
                outcome: needed(self.outcome, "outcome")?,
                tally: needed(self.tally.take(), "tally")?,
            },
            Kind::AssessorsAssigned => C::AssessorsAssigned {
                count: needed(self.count, "count")?,
            },
            Kind::ConflictDeclared => C::ConflictDeclared,
            Kind::ScoresSubmitted => C::ScoresSubmitted,
            Kind::ProposalAssessed => C::ProposalAssessed {
                result: needed(self.result.take(), "result")?,
            },
            Kind::ProposalApproved => C::ProposalApproved {
                amount: needed(self.amount, "amount")?,
                reason: needed(self.reason.take(), "reason")?,
            },
            Kind::ProposalDeclined => C::ProposalDeclined {
                reason: needed(self.reason.take(), "reason")?,
            },
            Kind::ProposalDeferred => C::ProposalDeferred {
                reason: needed(self.reason.take(), "reason")?,
                to_year: needed(self.to_year, "to_year")?,
            },
            Kind::ProjectStarted => C::ProjectStarted {
                budget: needed(self.budget, "budget")?,
            },
            Kind::MilestoneAdded => C::MilestoneAdded,
            Kind::MilestoneDone => C::MilestoneDone,
            Kind::SpendingRecorded => C::SpendingRecorded {
                amount: needed(self.amount, "amount")?,
            },
            Kind::OutputRecorded => C::OutputRecorded {
                quantity: needed(self.quantity, "quantity")?,
                unit: needed(self.unit, "unit")?,
            },
            Kind::BeneficiariesSet => C::BeneficiariesSet {
                count: needed(self.count, "count")?,
            },
            Kind::UpdatePosted => C::UpdatePosted,
            Kind::MonitoringReported => C::MonitoringReported {
                rating: needed(self.rating, "rating")?,
            },
            Kind::MonitoringAnswered => C::MonitoringAnswered,
            Kind::GrievanceFiled => C::GrievanceFiled {
                category: needed(self.category, "category")?,
                channel: needed(self.channel, "channel")?,
            },
            Kind::GrievanceAcknowledged => C::GrievanceAcknowledged,
            Kind::GrievanceReviewStarted => C::GrievanceReviewStarted,
            Kind::GrievanceAnswered => C::GrievanceAnswered,
            Kind::GrievanceAppealed => C::GrievanceAppealed,
            Kind::GrievanceClosed => C::GrievanceClosed,
            Kind::ReceptionPublished => C::ReceptionPublished,
            Kind::ReceptionWithdrawn => C::ReceptionWithdrawn,
        })
    }
}

impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Flat::deserialize(d)?
            .take_change()
            .map_err(D::Error::missing_field)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut flat = Flat::deserialize(d)?;
        let change = flat.take_change().map_err(D::Error::missing_field)?;
        Ok(Event {
            at: flat.at.ok_or_else(|| D::Error::missing_field("at"))?,
            actor: flat.actor.ok_or_else(|| D::Error::missing_field("actor"))?,
            subject: flat
                .subject
                .ok_or_else(|| D::Error::missing_field("subject"))?,
            change,
        })
    }
}

impl<'de> Deserialize<'de> for HistoryEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut flat = Flat::deserialize(d)?;
        let change = flat.take_change().map_err(D::Error::missing_field)?;
        Ok(HistoryEntry {
            at: flat.at.ok_or_else(|| D::Error::missing_field("at"))?,
            role: flat.role,
            change,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Hundredths;
    use crate::ids::{MemberId, ProposalId};
    use crate::wire_test::assert_every_variant_reads_back;

    fn every_change() -> Vec<Change> {
        use Change as C;
        let name = Name::parse("Torangy").unwrap();
        let reason = Reason::parse("Within the year's budget").unwrap();
        let amount = Money::tenge(1_500_000);
        vec![
            C::ProgrammeCreated { name: name.clone() },
            C::CouncilCreated {
                council: CouncilId::from_u128(3),
                name,
            },
            C::ProgrammeYearSet {
                year: 2026,
                budget: amount,
            },
            C::ProgrammeYearClosed { year: 2026 },
            C::ActivityPlanned {
                year: 2026,
                half: 2,
                expected_cost: amount,
            },
            C::ActivityMarked {
                year: 2026,
                done: true,
            },
            C::ProposalDrafted,
            C::ProposalEdited,
            C::ProposalWithdrawn,
            C::ProposalSubmitted {
                deadline: Timestamp::from_millis(1_800_000_000_000),
                members: 9,
            },
            C::VoteClosed {
                outcome: Outcome::NoQuorum,
                tally: Tally {
                    in_favour: 3,
                    against: 1,
                    abstain: 0,
                    members: 9,
                },
            },
            C::AssessorsAssigned { count: 3 },
            C::ConflictDeclared,
            C::ScoresSubmitted,
            C::ProposalAssessed {
                result: AssessmentResult {
                    community_need: Hundredths(450),
                    technical_feasibility: Hundredths(400),
                    budget_fit: Hundredths(367),
                    sustainability: Hundredths(300),
                    score: Hundredths(393),
                    assessors: 3,
                },
            },
            C::ProposalApproved {
                amount,
                reason: reason.clone(),
            },
            C::ProposalDeclined {
                reason: reason.clone(),
            },
            C::ProposalDeferred {
                reason,
                to_year: 2027,
            },
            C::ProjectStarted { budget: amount },
            C::MilestoneAdded,
            C::MilestoneDone,
            C::SpendingRecorded {
                amount: Money::tenge(-20),
            },
            C::OutputRecorded {
                quantity: 400,
                unit: Unit::Trees,
            },
            C::BeneficiariesSet { count: 1200 },
            C::UpdatePosted,
            C::MonitoringReported {
                rating: MonitoringRating::Problem,
            },
            C::MonitoringAnswered,
            C::GrievanceFiled {
                category: GrievanceCategory::Land,
                channel: Channel::Hotline,
            },
            C::GrievanceAcknowledged,
            C::GrievanceReviewStarted,
            C::GrievanceAnswered,
            C::GrievanceAppealed,
            C::GrievanceClosed,
            C::ReceptionPublished,
            C::ReceptionWithdrawn,
        ]
    }

    /// Each change's tag, by hand: a change added to `Change` does not compile here until it has
    /// its `Kind`, and `take_change`, which matches every `Kind`, then has to read it.
    fn kind_of(change: &Change) -> Kind {
        use Change as C;
        match change {
            C::ProgrammeCreated { .. } => Kind::ProgrammeCreated,
            C::CouncilCreated { .. } => Kind::CouncilCreated,
            C::ProgrammeYearSet { .. } => Kind::ProgrammeYearSet,
            C::ProgrammeYearClosed { .. } => Kind::ProgrammeYearClosed,
            C::ActivityPlanned { .. } => Kind::ActivityPlanned,
            C::ActivityMarked { .. } => Kind::ActivityMarked,
            C::ProposalDrafted => Kind::ProposalDrafted,
            C::ProposalEdited => Kind::ProposalEdited,
            C::ProposalWithdrawn => Kind::ProposalWithdrawn,
            C::ProposalSubmitted { .. } => Kind::ProposalSubmitted,
            C::VoteClosed { .. } => Kind::VoteClosed,
            C::AssessorsAssigned { .. } => Kind::AssessorsAssigned,
            C::ConflictDeclared => Kind::ConflictDeclared,
            C::ScoresSubmitted => Kind::ScoresSubmitted,
            C::ProposalAssessed { .. } => Kind::ProposalAssessed,
            C::ProposalApproved { .. } => Kind::ProposalApproved,
            C::ProposalDeclined { .. } => Kind::ProposalDeclined,
            C::ProposalDeferred { .. } => Kind::ProposalDeferred,
            C::ProjectStarted { .. } => Kind::ProjectStarted,
            C::MilestoneAdded => Kind::MilestoneAdded,
            C::MilestoneDone => Kind::MilestoneDone,
            C::SpendingRecorded { .. } => Kind::SpendingRecorded,
            C::OutputRecorded { .. } => Kind::OutputRecorded,
            C::BeneficiariesSet { .. } => Kind::BeneficiariesSet,
            C::UpdatePosted => Kind::UpdatePosted,
            C::MonitoringReported { .. } => Kind::MonitoringReported,
            C::MonitoringAnswered => Kind::MonitoringAnswered,
            C::GrievanceFiled { .. } => Kind::GrievanceFiled,
            C::GrievanceAcknowledged => Kind::GrievanceAcknowledged,
            C::GrievanceReviewStarted => Kind::GrievanceReviewStarted,
            C::GrievanceAnswered => Kind::GrievanceAnswered,
            C::GrievanceAppealed => Kind::GrievanceAppealed,
            C::GrievanceClosed => Kind::GrievanceClosed,
            C::ReceptionPublished => Kind::ReceptionPublished,
            C::ReceptionWithdrawn => Kind::ReceptionWithdrawn,
        }
    }

    fn event(change: Change) -> Event {
        Event {
            at: Timestamp::from_millis(1_764_000_000_000),
            actor: ActorRef::Member {
                member: MemberId::from_u128(5),
                role: Role::Manager,
            },
            subject: Subject::Proposal(ProposalId::from_u128(7)),
            change,
        }
    }

    #[test]
    fn every_change_reads_back_as_written_alone_in_an_event_and_in_a_history_line() {
        let changes = every_change();
        assert_every_variant_reads_back(&changes, "change", kind_of);
        let events: Vec<Event> = changes.iter().cloned().map(event).collect();
        assert_every_variant_reads_back(&events, "change", |e| kind_of(&e.change));
        for role in [Some(Role::CouncilMember), None] {
            let entries: Vec<HistoryEntry> = changes
                .iter()
                .map(|change| HistoryEntry {
                    at: Timestamp::from_millis(1_764_000_000_000),
                    role,
                    change: change.clone(),
                })
                .collect();
            assert_every_variant_reads_back(&entries, "change", |e| kind_of(&e.change));
        }
    }

    #[test]
    fn a_change_without_its_fields_is_refused_by_name() {
        let error = serde_json::from_str::<Change>(r#"{"change":"proposal_approved","amount":5}"#)
            .unwrap_err();
        assert!(
            error.to_string().contains("missing field `reason`"),
            "{error}"
        );
        let mut json = serde_json::to_value(event(Change::ProposalDrafted)).unwrap();
        json.as_object_mut().unwrap().remove("actor");
        let error = serde_json::from_value::<Event>(json).unwrap_err();
        assert!(
            error.to_string().contains("missing field `actor`"),
            "{error}"
        );
        let error =
            serde_json::from_str::<HistoryEntry>(r#"{"change":"proposal_drafted"}"#).unwrap_err();
        assert!(error.to_string().contains("missing field `at`"), "{error}");
    }

    #[test]
    fn an_unknown_change_or_a_wrong_type_is_refused() {
        assert!(serde_json::from_str::<Change>(r#"{"change":"proposal_eaten"}"#).is_err());
        assert!(serde_json::from_str::<Change>(r#"{"amount":5}"#).is_err());
        assert!(
            serde_json::from_str::<Change>(r#"{"change":"spending_recorded","amount":"5"}"#)
                .is_err()
        );
    }
}
