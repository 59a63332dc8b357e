//! The history. Every change of state is an [`Event`] appended to a log that is never edited.
//! Each stored event carries the SHA-256 of the previous event's hash and its own canonical
//! JSON, so that an edit anywhere in the log breaks the chain at that point; [`check_stored`]
//! finds the first broken link.

use crate::assessment::AssessmentResult;
use crate::grievances::{Channel, GrievanceCategory};
use crate::ids::{CouncilId, GrievanceId, ProgrammeId, ProjectId, ProposalId};
use crate::money::Money;
use crate::projects::{MonitoringRating, Unit};
use crate::roles::{ActorRef, Role};
use crate::text::{Name, Reason};
use crate::time::Timestamp;
use crate::voting::{Outcome, Tally};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

mod wire;

/// The record an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Programme(ProgrammeId),
    Proposal(ProposalId),
    Project(ProjectId),
    Grievance(GrievanceId),
}

impl Subject {
    /// The kind of record, as stored beside its id: each kind is its own id space, so an id
    /// chosen by a client for one kind can never reach another kind's history.
    pub fn kind(self) -> &'static str {
        match self {
            Subject::Programme(_) => "programme",
            Subject::Proposal(_) => "proposal",
            Subject::Project(_) => "project",
            Subject::Grievance(_) => "grievance",
        }
    }

    /// The record's id as text.
    pub fn id_text(self) -> String {
        match self {
            Subject::Programme(id) => id.to_string(),
            Subject::Proposal(id) => id.to_string(),
            Subject::Project(id) => id.to_string(),
            Subject::Grievance(id) => id.to_string(),
        }
    }

    /// The subject named by a kind and an id, as a public link names it.
    pub fn parse(kind: &str, id: &str) -> Option<Subject> {
        Some(match kind {
            "programme" => Subject::Programme(id.parse().ok()?),
            "proposal" => Subject::Proposal(id.parse().ok()?),
            "project" => Subject::Project(id.parse().ok()?),
            "grievance" => Subject::Grievance(id.parse().ok()?),
            _ => return None,
        })
    }
}

/// What happened. Read back by [`wire`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    ProgrammeCreated {
        name: Name,
    },
    CouncilCreated {
        council: CouncilId,
        name: Name,
    },
    ProgrammeYearSet {
        year: u16,
        budget: Money,
    },
    /// The year's plan is final: no more changes, no more approvals.
    ProgrammeYearClosed {
        year: u16,
    },
    ActivityPlanned {
        year: u16,
        half: u8,
        expected_cost: Money,
    },
    ActivityMarked {
        year: u16,
        done: bool,
    },
    ProposalDrafted,
    ProposalEdited,
    ProposalWithdrawn,
    ProposalSubmitted {
        deadline: Timestamp,
        members: u32,
    },
    VoteClosed {
        outcome: Outcome,
        tally: Tally,
    },
    AssessorsAssigned {
        count: u32,
    },
    ConflictDeclared,
    ScoresSubmitted,
    ProposalAssessed {
        result: AssessmentResult,
    },
    ProposalApproved {
        amount: Money,
        reason: Reason,
    },
    ProposalDeclined {
        reason: Reason,
    },
    ProposalDeferred {
        reason: Reason,
        to_year: u16,
    },
    ProjectStarted {
        budget: Money,
    },
    MilestoneAdded,
    MilestoneDone,
    SpendingRecorded {
        amount: Money,
    },
    OutputRecorded {
        quantity: u64,
        unit: Unit,
    },
    BeneficiariesSet {
        count: u32,
    },
    UpdatePosted,
    MonitoringReported {
        rating: MonitoringRating,
    },
    MonitoringAnswered,
    GrievanceFiled {
        category: GrievanceCategory,
        channel: Channel,
    },
    GrievanceAcknowledged,
    GrievanceReviewStarted,
    GrievanceAnswered,
    GrievanceAppealed,
    GrievanceClosed,
    /// A manager published hours of personal reception.
    ReceptionPublished,
    ReceptionWithdrawn,
}

/// A change of state: who, when, what, to which record. Read back by [`wire`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub at: Timestamp,
    pub actor: ActorRef,
    pub subject: Subject,
    #[serde(flatten)]
    pub change: Change,
}

/// One line of a record's public history: when, which role, what changed. Read back by
/// `wire`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub at: Timestamp,
    pub role: Option<Role>,
    #[serde(flatten)]
    pub change: Change,
}

/// A SHA-256 digest, written in lower-case hex.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Hash(pub [u8; 32]);

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl Hash {
    pub fn parse(hex: &str) -> Option<Hash> {
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(Hash(out))
    }
}

impl Serialize for Hash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Hash::parse(&text).ok_or_else(|| serde::de::Error::custom("expected 64 hex digits"))
    }
}

impl Event {
    /// The event as hashed: serde's JSON of its fields in declaration order. The model holds no
    /// maps, so the same event always gives the same bytes.
    pub fn canonical_json(&self) -> String {
        // Serialising plain data to a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// This event's link in the chain that ends in `previous`.
    pub fn chain_hash(&self, previous: &Hash) -> Hash {
        link(previous, &self.canonical_json())
    }
}

/// The link of an event whose canonical JSON is `body` after `previous`.
pub fn link(previous: &Hash, body: &str) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update(previous.0);
    hasher.update(body.as_bytes());
    Hash(hasher.finalize().into())
}

/// An event as the database holds it: the stored text is what is checked, byte for byte, so
/// that an edit which reads back as the same event still shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub seq: u64,
    pub body: String,
    pub hash: String,
}

/// What a check of a whole stored chain found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainCheck {
    /// How many events the chain has.
    pub length: u64,
    /// The last stored hash (the zero hash for an empty chain): whoever kept it can later prove
    /// that nothing before it was changed, by checking that the chain still leads to it.
    pub head: Hash,
    /// The first link that does not follow from the one before it, if any.
    pub broken: Option<BrokenLink>,
}

/// Checks a subject's whole chain as stored, from its first event (sequence 0): every sequence
/// number in order, every hash the link of its own body after the one before, every body an
/// event of this subject.
pub fn check_stored(subject: Subject, log: &[StoredEvent]) -> ChainCheck {
    let mut previous = Hash::default();
    let mut broken = None;
    for (expected_seq, stored) in (0u64..).zip(log) {
        let follows = stored.seq == expected_seq
            && Hash::parse(&stored.hash) == Some(link(&previous, &stored.body))
            && serde_json::from_str::<Event>(&stored.body)
                .is_ok_and(|event| event.subject == subject);
        if !follows {
            broken = Some(BrokenLink { seq: stored.seq });
            break;
        }
        previous = link(&previous, &stored.body);
    }
    let head = log
        .last()
        .and_then(|last| Hash::parse(&last.hash))
        .unwrap_or_default();
    ChainCheck {
        length: u64::try_from(log.len()).unwrap_or(u64::MAX),
        head,
        broken,
    }
}

/// An event as stored: its place in the log and its link to the one before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub seq: u64,
    pub event: Event,
    pub hash: Hash,
}

/// The first link that does not follow from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    pub seq: u64,
}

/// Appends `event` after `previous` (the hash of the last stored event, or the zero hash).
pub fn append(previous: &Hash, seq: u64, event: Event) -> Recorded {
    let hash = event.chain_hash(previous);
    Recorded { seq, event, hash }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MemberId;
    use crate::roles::Role;
    use proptest::prelude::*;

    fn event(n: u8) -> Event {
        Event {
            at: Timestamp::from_millis(1_700_000_000_000 + i64::from(n) * 1000),
            actor: ActorRef::Member {
                member: MemberId::from_u128(u128::from(n)),
                role: Role::Manager,
            },
            subject: Subject::Proposal(ProposalId::from_u128(7)),
            change: Change::SpendingRecorded {
                amount: Money::tenge(i64::from(n) * 100),
            },
        }
    }

    fn log(n: u8) -> Vec<Recorded> {
        let mut out: Vec<Recorded> = Vec::new();
        for i in 0..n {
            let previous = out.last().map(|r| r.hash).unwrap_or_default();
            out.push(append(&previous, u64::from(i), event(i)));
        }
        out
    }

    #[test]
    fn an_untouched_log_verifies() {
        assert_eq!(check_stored(SUBJECT, &stored(&log(5))).broken, None);
        assert_eq!(check_stored(SUBJECT, &[]).broken, None);
    }

    #[test]
    fn a_removed_event_breaks_the_chain() {
        let mut l = log(5);
        l.remove(2);
        assert_eq!(
            check_stored(SUBJECT, &stored(&l)).broken,
            Some(BrokenLink { seq: 3 })
        );
    }

    fn stored(log: &[Recorded]) -> Vec<StoredEvent> {
        log.iter()
            .map(|r| StoredEvent {
                seq: r.seq,
                body: r.event.canonical_json(),
                hash: r.hash.to_string(),
            })
            .collect()
    }

    const SUBJECT: Subject = Subject::Proposal(ProposalId::from_u128(7));

    #[test]
    fn a_stored_chain_as_written_verifies_and_names_its_head() {
        let log = log(4);
        let check = check_stored(SUBJECT, &stored(&log));
        assert_eq!(check.broken, None);
        assert_eq!((check.length, check.head), (4, log[3].hash));
        assert_eq!(check_stored(SUBJECT, &[]).head, Hash::default());
    }

    #[test]
    fn an_edit_that_reads_back_as_the_same_event_still_breaks_the_chain() {
        let mut rows = stored(&log(3));
        rows[1].body = rows[1].body.replacen(':', ": ", 1);
        assert_eq!(
            check_stored(SUBJECT, &rows).broken,
            Some(BrokenLink { seq: 1 })
        );
    }

    #[test]
    fn a_chain_whose_first_events_were_removed_does_not_verify() {
        let rows = stored(&log(3));
        assert_eq!(
            check_stored(SUBJECT, &rows[1..]).broken,
            Some(BrokenLink { seq: 1 })
        );
    }

    #[test]
    fn another_records_event_in_a_chain_breaks_it() {
        let rows = stored(&log(2));
        let other = Subject::Project(ProjectId::from_u128(7));
        assert_eq!(
            check_stored(other, &rows).broken,
            Some(BrokenLink { seq: 0 })
        );
    }

    #[test]
    fn a_subject_reads_back_from_its_kind_and_id() {
        for subject in [
            SUBJECT,
            Subject::Project(ProjectId::from_u128(3)),
            Subject::Programme(ProgrammeId::from_u128(4)),
            Subject::Grievance(GrievanceId::from_u128(5)),
        ] {
            assert_eq!(
                Subject::parse(subject.kind(), &subject.id_text()),
                Some(subject)
            );
        }
        assert_eq!(Subject::parse("council", &SUBJECT.id_text()), None);
        assert_eq!(Subject::parse("proposal", "not-an-id"), None);
    }

    #[test]
    fn a_hash_reads_back_from_hex() {
        let h = log(1)[0].hash;
        assert_eq!(Hash::parse(&h.to_string()), Some(h));
    }

    #[test]
    fn an_event_is_written_flat_with_its_change() {
        let json = event(1).canonical_json();
        assert!(
            json.contains(r#""change":"spending_recorded","amount":100"#),
            "{json}"
        );
    }

    proptest! {
        #[test]
        fn any_edit_to_any_event_is_detected(index in 0usize..8, amount in any::<i64>(), at in any::<i64>()) {
            let original = log(8);
            let mut edited = original.clone();
            let target = &mut edited[index].event;
            if let Change::SpendingRecorded { amount: a } = &mut target.change {
                *a = Money::tenge(amount);
            }
            target.at = Timestamp::from_millis(at);
            prop_assume!(edited[index].event != original[index].event);
            // The edited event as it would be stored, its hash left as it was.
            let mut rows = stored(&original);
            rows[index].body = edited[index].event.canonical_json();
            prop_assert_eq!(check_stored(SUBJECT, &rows).broken, Some(BrokenLink { seq: index as u64 }));
        }

        #[test]
        fn any_change_to_any_stored_byte_is_detected(index in 0usize..6, at in any::<usize>(), byte in any::<u8>()) {
            let mut rows = stored(&log(6));
            let mut body = rows[index].body.clone().into_bytes();
            let at = at % body.len();
            prop_assume!(body[at] != byte);
            body[at] = byte;
            rows[index].body = String::from_utf8_lossy(&body).into_owned();
            prop_assert_eq!(check_stored(SUBJECT, &rows).broken, Some(BrokenLink { seq: index as u64 }));
        }
    }
}
