//! Grievances. Anyone may file one, with their name or anonymously, and follow it by an
//! unguessable tracking code. Managers acknowledge it within 7 days and answer within 30 (set per
//! programme year). The filer may appeal an answer once, which reopens it.
//!
//! ```text
//! Received ──> Acknowledged ──> UnderReview ──> Answered ──> Closed
//!                                   ^               │
//!                                   └───appeal──────┘ (once)
//! ```

use crate::roles::{Actor, Role};
use crate::text::Reason;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrievanceCategory {
    Environment,
    Land,
    Employment,
    CommunityProject,
    /// Conduct of staff or contractors.
    Conduct,
    CharitableAssistance,
    Other,
}

/// How the grievance reached the company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Hotline,
    ComplaintBox,
    PersonalReception,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrievanceStatus {
    Received,
    Acknowledged,
    UnderReview,
    Answered,
    Closed,
}

/// Days allowed to acknowledge and to answer, counted from filing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadlines {
    pub acknowledge_days: u16,
    pub answer_days: u16,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            acknowledge_days: 7,
            answer_days: 30,
        }
    }
}

/// Who filed. An anonymous grievance carries nothing that identifies a person; a named one's
/// contact is seen only by managers of its programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Filer {
    Anonymous,
    Named {
        name: crate::text::Name,
        phone: crate::text::Name,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrievanceError {
    WrongStatus(GrievanceStatus),
    /// Only managers of the grievance's programme handle it.
    NotPermitted,
    /// An answer may be appealed once.
    AlreadyAppealed,
    /// Deadlines must be at least a day, the answer no sooner than the acknowledgement.
    DeadlinesOutOfRange,
}

impl Deadlines {
    pub fn validate(self) -> Result<Self, GrievanceError> {
        let ok = self.acknowledge_days >= 1
            && self.answer_days >= self.acknowledge_days
            && self.answer_days <= 365;
        ok.then_some(self)
            .ok_or(GrievanceError::DeadlinesOutOfRange)
    }
}

/// Where a grievance stands, with the times that the deadlines are measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceState {
    pub status: GrievanceStatus,
    pub filed_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub answered_at: Option<Timestamp>,
    pub appealed: bool,
}

/// Which deadline has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Overdue {
    Acknowledgement,
    Answer,
}

impl GrievanceState {
    pub fn filed(now: Timestamp) -> Self {
        Self {
            status: GrievanceStatus::Received,
            filed_at: now,
            acknowledged_at: None,
            answered_at: None,
            appealed: false,
        }
    }

    pub fn acknowledge_due(&self, deadlines: Deadlines) -> Timestamp {
        self.filed_at
            .plus_days(i64::from(deadlines.acknowledge_days))
    }

    pub fn answer_due(&self, deadlines: Deadlines) -> Timestamp {
        self.filed_at.plus_days(i64::from(deadlines.answer_days))
    }

    /// The deadline that has passed without the step it calls for, if any.
    pub fn overdue(&self, deadlines: Deadlines, now: Timestamp) -> Option<Overdue> {
        let late = |done: Option<Timestamp>, due: Timestamp| match done {
            Some(at) => at > due,
            None => now > due,
        };
        if self.status == GrievanceStatus::Closed {
            return None;
        }
        if self.acknowledged_at.is_none() && late(None, self.acknowledge_due(deadlines)) {
            return Some(Overdue::Acknowledgement);
        }
        let open = matches!(
            self.status,
            GrievanceStatus::Received
                | GrievanceStatus::Acknowledged
                | GrievanceStatus::UnderReview
        );
        (open && late(None, self.answer_due(deadlines))).then_some(Overdue::Answer)
    }

    /// Whether the answer came within its deadline (`None` while unanswered).
    pub fn answered_in_time(&self, deadlines: Deadlines) -> Option<bool> {
        self.answered_at.map(|at| at <= self.answer_due(deadlines))
    }

    pub fn acknowledge(self, by: &Actor, now: Timestamp) -> Result<Self, GrievanceError> {
        require_manager(by)?;
        self.require(GrievanceStatus::Received)?;
        Ok(Self {
            status: GrievanceStatus::Acknowledged,
            acknowledged_at: Some(now),
            ..self
        })
    }

    pub fn start_review(self, by: &Actor) -> Result<Self, GrievanceError> {
        require_manager(by)?;
        self.require(GrievanceStatus::Acknowledged)?;
        Ok(Self {
            status: GrievanceStatus::UnderReview,
            ..self
        })
    }

    /// Answers the grievance; the answer itself is stored with the event.
    pub fn answer(
        self,
        by: &Actor,
        now: Timestamp,
        _answer: &Reason,
    ) -> Result<Self, GrievanceError> {
        require_manager(by)?;
        if !matches!(
            self.status,
            GrievanceStatus::Acknowledged | GrievanceStatus::UnderReview
        ) {
            return Err(GrievanceError::WrongStatus(self.status));
        }
        Ok(Self {
            status: GrievanceStatus::Answered,
            answered_at: Some(now),
            ..self
        })
    }

    /// The holder of the tracking code appeals the answer: back under review, once.
    pub fn appeal(self) -> Result<Self, GrievanceError> {
        self.require(GrievanceStatus::Answered)?;
        if self.appealed {
            return Err(GrievanceError::AlreadyAppealed);
        }
        Ok(Self {
            status: GrievanceStatus::UnderReview,
            appealed: true,
            ..self
        })
    }

    pub fn close(self, by: &Actor) -> Result<Self, GrievanceError> {
        require_manager(by)?;
        self.require(GrievanceStatus::Answered)?;
        Ok(Self {
            status: GrievanceStatus::Closed,
            ..self
        })
    }

    fn require(&self, status: GrievanceStatus) -> Result<(), GrievanceError> {
        if self.status == status {
            Ok(())
        } else {
            Err(GrievanceError::WrongStatus(self.status))
        }
    }
}

fn require_manager(by: &Actor) -> Result<(), GrievanceError> {
    // The caller has already matched the actor's programme to the grievance's.
    if by.role == Role::Manager {
        Ok(())
    } else {
        Err(GrievanceError::NotPermitted)
    }
}

/// Crockford's base 32: no I, L, O or U, so a code survives being read aloud and copied by hand.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DATA_SYMBOLS: usize = 12;

/// A grievance's tracking code: 12 random symbols (60 bits) and a check symbol, written
/// `KX7P-3M9Q-T2HV-C`. The check symbol catches any single mistyped symbol and any two
/// neighbours swapped.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TrackingCode([u8; DATA_SYMBOLS + 1]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackingCodeError {
    /// Too many or too few symbols.
    WrongLength,
    /// A character that is not in the code's alphabet.
    InvalidCharacter,
    /// The check symbol does not match: there is a typo.
    Typo,
}

fn symbol_value(c: u8) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|p| u8::try_from(p).ok())
}

/// Doubling in GF(32) (modulo x^5 + x^2 + 1).
fn times_two(value: u8) -> u8 {
    let doubled = value << 1;
    if doubled & 0b10_0000 == 0 {
        doubled
    } else {
        (doubled ^ 0b10_0101) & 0b1_1111
    }
}

/// Damm's check over the quasigroup `i * d = 2i + d` in GF(32), which is totally anti-symmetric:
/// the check catches every single changed symbol and every swap of two different neighbours.
fn damm(values: &[u8]) -> u8 {
    values.iter().fold(0, |interim, &v| times_two(interim) ^ v)
}

fn check_symbol(values: &[u8]) -> u8 {
    // The symbol that brings the running check to zero.
    times_two(damm(values))
}

impl TrackingCode {
    /// A new code from 8 random bytes (the caller's source of randomness); 60 bits are used.
    pub fn from_random(bytes: [u8; 8]) -> Self {
        let mut bits = u64::from_le_bytes(bytes);
        let mut values = [0u8; DATA_SYMBOLS + 1];
        for value in values.iter_mut().take(DATA_SYMBOLS) {
            *value = u8::try_from(bits & 31).unwrap_or(0);
            bits >>= 5;
        }
        values[DATA_SYMBOLS] = check_symbol(&values[..DATA_SYMBOLS]);
        Self(values)
    }

    /// Reads a code as typed: any case, with or without dashes and spaces; O is read as 0 and
    /// I or L as 1.
    pub fn parse(text: &str) -> Result<Self, TrackingCodeError> {
        let mut values = [0u8; DATA_SYMBOLS + 1];
        let mut count = 0;
        for c in text.bytes().filter(|c| !matches!(c, b'-' | b' ')) {
            let v = symbol_value(c).ok_or(TrackingCodeError::InvalidCharacter)?;
            *values
                .get_mut(count)
                .ok_or(TrackingCodeError::WrongLength)? = v;
            count += 1;
        }
        if count != DATA_SYMBOLS + 1 {
            return Err(TrackingCodeError::WrongLength);
        }
        if damm(&values) != 0 {
            return Err(TrackingCodeError::Typo);
        }
        Ok(Self(values))
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, &v) in self.0.iter().enumerate() {
            if i > 0 && i % 4 == 0 {
                f.write_str("-")?;
            }
            write!(f, "{}", char::from(ALPHABET[usize::from(v)]))?;
        }
        Ok(())
    }
}

impl Serialize for TrackingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TrackingCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        TrackingCode::parse(&text).map_err(|_| serde::de::Error::custom("not a tracking code"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{MemberId, ProgrammeId};
    use proptest::prelude::*;

    fn manager() -> Actor {
        Actor {
            member: MemberId::from_u128(1),
            role: Role::Manager,
            programme: ProgrammeId::from_u128(1),
            council: None,
        }
    }

    fn t(day: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000).plus_days(day)
    }

    fn reason() -> Reason {
        Reason::parse("The dust is from the new road; watering starts Monday").unwrap()
    }

    #[test]
    fn a_code_is_written_in_groups_of_four_with_a_check_symbol() {
        let code = TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8]).to_string();
        assert_eq!(code.len(), 16);
        assert_eq!(code.matches('-').count(), 3);
    }

    #[test]
    fn a_code_is_read_back_in_lower_case_without_dashes() {
        let code = TrackingCode::from_random([9; 8]);
        let typed = code.to_string().replace('-', "").to_lowercase();
        assert_eq!(TrackingCode::parse(&typed), Ok(code));
    }

    #[test]
    fn a_letter_o_is_read_as_zero() {
        let code = TrackingCode::from_random([0; 8]);
        let typed = code.to_string().replace('0', "O");
        assert_eq!(TrackingCode::parse(&typed), Ok(code));
    }

    #[test]
    fn a_code_of_the_wrong_length_is_refused() {
        assert_eq!(
            TrackingCode::parse("ABCD-EFGH"),
            Err(TrackingCodeError::WrongLength)
        );
        assert_eq!(
            TrackingCode::parse("ABCD-EFGH-JKMN-PQ"),
            Err(TrackingCodeError::WrongLength)
        );
    }

    #[test]
    fn a_code_with_a_foreign_character_is_refused() {
        assert_eq!(
            TrackingCode::parse("ABCD-EFGH-JKMN-*"),
            Err(TrackingCodeError::InvalidCharacter)
        );
        assert_eq!(
            TrackingCode::parse("ABCD-EFGH-JKMN-Ж"),
            Err(TrackingCodeError::InvalidCharacter)
        );
    }

    proptest! {
        #[test]
        fn every_single_mistyped_symbol_is_caught(bytes: [u8; 8], position in 0usize..13, shift in 1u8..32) {
            let code = TrackingCode::from_random(bytes);
            let mut typo = code.0;
            typo[position] = (typo[position] + shift) % 32;
            let text: String = typo.iter().map(|&v| char::from(ALPHABET[usize::from(v)])).collect();
            prop_assert_eq!(TrackingCode::parse(&text), Err(TrackingCodeError::Typo));
        }

        #[test]
        fn every_swap_of_two_different_neighbours_is_caught(bytes: [u8; 8], position in 0usize..12) {
            let code = TrackingCode::from_random(bytes);
            let mut swapped = code.0;
            prop_assume!(swapped[position] != swapped[position + 1]);
            swapped.swap(position, position + 1);
            let text: String = swapped.iter().map(|&v| char::from(ALPHABET[usize::from(v)])).collect();
            prop_assert_eq!(TrackingCode::parse(&text), Err(TrackingCodeError::Typo));
        }
    }

    #[test]
    fn acknowledgement_is_due_seven_days_after_filing_by_default() {
        let g = GrievanceState::filed(t(0));
        assert_eq!(g.acknowledge_due(Deadlines::default()), t(7));
        assert_eq!(g.answer_due(Deadlines::default()), t(30));
    }

    #[test]
    fn an_unacknowledged_grievance_is_overdue_after_seven_days() {
        let g = GrievanceState::filed(t(0));
        assert_eq!(g.overdue(Deadlines::default(), t(7)), None);
        assert_eq!(
            g.overdue(Deadlines::default(), t(8)),
            Some(Overdue::Acknowledgement)
        );
    }

    #[test]
    fn an_acknowledged_grievance_is_overdue_when_unanswered_after_thirty_days() {
        let g = GrievanceState::filed(t(0))
            .acknowledge(&manager(), t(1))
            .unwrap();
        assert_eq!(g.overdue(Deadlines::default(), t(20)), None);
        assert_eq!(
            g.overdue(Deadlines::default(), t(31)),
            Some(Overdue::Answer)
        );
        let answered = g.answer(&manager(), t(31), &reason()).unwrap();
        assert_eq!(answered.overdue(Deadlines::default(), t(40)), None);
        assert_eq!(answered.answered_in_time(Deadlines::default()), Some(false));
    }

    #[test]
    fn an_answer_may_be_appealed_once() {
        let g = GrievanceState::filed(t(0))
            .acknowledge(&manager(), t(1))
            .unwrap()
            .answer(&manager(), t(2), &reason())
            .unwrap();
        let appealed = g.appeal().unwrap();
        assert_eq!(appealed.status, GrievanceStatus::UnderReview);
        let answered_again = appealed.answer(&manager(), t(3), &reason()).unwrap();
        assert_eq!(
            answered_again.appeal(),
            Err(GrievanceError::AlreadyAppealed)
        );
    }

    #[test]
    fn a_grievance_cannot_be_answered_before_it_is_acknowledged() {
        let g = GrievanceState::filed(t(0));
        assert_eq!(
            g.answer(&manager(), t(1), &reason()),
            Err(GrievanceError::WrongStatus(GrievanceStatus::Received))
        );
    }

    #[test]
    fn only_a_manager_handles_grievances() {
        let mut assessor = manager();
        assessor.role = Role::Assessor;
        assert_eq!(
            GrievanceState::filed(t(0)).acknowledge(&assessor, t(1)),
            Err(GrievanceError::NotPermitted)
        );
    }

    #[test]
    fn an_unanswered_grievance_cannot_be_closed() {
        let g = GrievanceState::filed(t(0))
            .acknowledge(&manager(), t(1))
            .unwrap();
        assert_eq!(
            g.close(&manager()),
            Err(GrievanceError::WrongStatus(GrievanceStatus::Acknowledged))
        );
    }

    #[test]
    fn deadlines_must_leave_the_answer_after_the_acknowledgement() {
        let d = Deadlines {
            acknowledge_days: 10,
            answer_days: 5,
        };
        assert_eq!(d.validate(), Err(GrievanceError::DeadlinesOutOfRange));
    }
}
