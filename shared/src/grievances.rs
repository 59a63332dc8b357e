//! Grievances. Anyone may file one, with their name or anonymously, and follow it by an
//! unguessable tracking code. Managers acknowledge it within 7 days and answer within 30 (set per
//! programme year). The filer may appeal an answer once, which reopens it.
//!
//! ```text
//! Received ──> Acknowledged ──> UnderReview ──> Answered ──> Closed
//!                                   ^               │
//!                                   └───appeal──────┘ (once)
//! ```

use crate::codes;
use crate::roles::{Actor, Role};
use crate::time::Timestamp;
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
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

impl WireName for GrievanceCategory {
    const ALL: &'static [Self] = &GrievanceCategory::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            GrievanceCategory::Environment => "environment",
            GrievanceCategory::Land => "land",
            GrievanceCategory::Employment => "employment",
            GrievanceCategory::CommunityProject => "community_project",
            GrievanceCategory::Conduct => "conduct",
            GrievanceCategory::CharitableAssistance => "charitable_assistance",
            GrievanceCategory::Other => "other",
        }
    }
}

serde_by_wire_name!(GrievanceCategory);

impl GrievanceCategory {
    pub const ALL: [GrievanceCategory; 7] = [
        GrievanceCategory::Environment,
        GrievanceCategory::Land,
        GrievanceCategory::Employment,
        GrievanceCategory::CommunityProject,
        GrievanceCategory::Conduct,
        GrievanceCategory::CharitableAssistance,
        GrievanceCategory::Other,
    ];
}

/// How the grievance reached the company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Channel {
    Web,
    Hotline,
    ComplaintBox,
    PersonalReception,
}

impl WireName for Channel {
    const ALL: &'static [Self] = &Channel::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Hotline => "hotline",
            Channel::ComplaintBox => "complaint_box",
            Channel::PersonalReception => "personal_reception",
        }
    }
}

serde_by_wire_name!(Channel);

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Web,
        Channel::Hotline,
        Channel::ComplaintBox,
        Channel::PersonalReception,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum GrievanceStatus {
    Received,
    Acknowledged,
    UnderReview,
    Answered,
    Closed,
}

impl WireName for GrievanceStatus {
    const ALL: &'static [Self] = &[
        GrievanceStatus::Received,
        GrievanceStatus::Acknowledged,
        GrievanceStatus::UnderReview,
        GrievanceStatus::Answered,
        GrievanceStatus::Closed,
    ];
    fn wire_name(self) -> &'static str {
        match self {
            GrievanceStatus::Received => "received",
            GrievanceStatus::Acknowledged => "acknowledged",
            GrievanceStatus::UnderReview => "under_review",
            GrievanceStatus::Answered => "answered",
            GrievanceStatus::Closed => "closed",
        }
    }
}

serde_by_wire_name!(GrievanceStatus);

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
        phone: crate::accounts::PhoneNumber,
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

/// A grievance may carry this many photos.
pub const MAX_PHOTOS: u32 = 5;

/// How long a grievance's photos are taken and kept. The filer's phone sends them right after
/// filing; a week covers a signal that comes back late, and no more photos can be piled onto
/// a grievance by its tracking code after that. They are kept for a year from filing (past
/// every answer and appeal deadline, which are at most a year), then deleted.
pub struct PhotoRetention;

impl PhotoRetention {
    pub const ACCEPTED_DAYS: i64 = 7;
    pub const KEPT_DAYS: i64 = 365;

    /// Whether a photo may still be added to a grievance filed at `filed_at`.
    pub fn accepts(filed_at: Timestamp, now: Timestamp) -> bool {
        now < filed_at.plus_days(Self::ACCEPTED_DAYS)
    }

    /// Photos of grievances filed before this are deleted.
    pub fn keep_from(now: Timestamp) -> Timestamp {
        now.plus_days(-Self::KEPT_DAYS)
    }
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
    /// The first answer: the one measured against the answer deadline.
    pub answered_at: Option<Timestamp>,
    pub appealed_at: Option<Timestamp>,
    /// The answer to the appeal.
    pub appeal_answered_at: Option<Timestamp>,
}

/// Which deadline has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Overdue {
    Acknowledgement,
    Answer,
}

impl WireName for Overdue {
    const ALL: &'static [Self] = &[Overdue::Acknowledgement, Overdue::Answer];
    fn wire_name(self) -> &'static str {
        match self {
            Overdue::Acknowledgement => "acknowledgement",
            Overdue::Answer => "answer",
        }
    }
}

serde_by_wire_name!(Overdue);

impl GrievanceState {
    pub fn filed(now: Timestamp) -> Self {
        Self {
            status: GrievanceStatus::Received,
            filed_at: now,
            acknowledged_at: None,
            answered_at: None,
            appealed_at: None,
            appeal_answered_at: None,
        }
    }

    pub fn acknowledge_due(&self, deadlines: Deadlines) -> Timestamp {
        self.filed_at
            .plus_days(i64::from(deadlines.acknowledge_days))
    }

    /// The answer is due `answer_days` after filing; after an appeal, that many days after it.
    pub fn answer_due(&self, deadlines: Deadlines) -> Timestamp {
        self.appealed_at
            .unwrap_or(self.filed_at)
            .plus_days(i64::from(deadlines.answer_days))
    }

    /// Whether the filer may still appeal: once, against an answer.
    pub fn can_appeal(&self) -> bool {
        self.status == GrievanceStatus::Answered && self.appealed_at.is_none()
    }

    /// The deadline that has passed without the step it calls for, if any.
    pub fn overdue(&self, deadlines: Deadlines, now: Timestamp) -> Option<Overdue> {
        if self.acknowledged_at.is_none() && now > self.acknowledge_due(deadlines) {
            return Some(Overdue::Acknowledgement);
        }
        let open = matches!(
            self.status,
            GrievanceStatus::Received
                | GrievanceStatus::Acknowledged
                | GrievanceStatus::UnderReview
        );
        (open && now > self.answer_due(deadlines)).then_some(Overdue::Answer)
    }

    /// Whether the first answer came within its deadline (`None` while unanswered).
    pub fn answered_in_time(&self, deadlines: Deadlines) -> Option<bool> {
        let due = self.filed_at.plus_days(i64::from(deadlines.answer_days));
        self.answered_at.map(|at| at <= due)
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

    /// Answers the grievance, or its appeal; the answer itself is stored with the event.
    pub fn answer(self, by: &Actor, now: Timestamp) -> Result<Self, GrievanceError> {
        require_manager(by)?;
        if !matches!(
            self.status,
            GrievanceStatus::Acknowledged | GrievanceStatus::UnderReview
        ) {
            return Err(GrievanceError::WrongStatus(self.status));
        }
        let (answered_at, appeal_answered_at) = match self.appealed_at {
            None => (Some(now), None),
            Some(_) => (self.answered_at, Some(now)),
        };
        Ok(Self {
            status: GrievanceStatus::Answered,
            answered_at,
            appeal_answered_at,
            ..self
        })
    }

    /// The holder of the tracking code appeals the answer: back under review, once.
    pub fn appeal(self, now: Timestamp) -> Result<Self, GrievanceError> {
        self.require(GrievanceStatus::Answered)?;
        if self.appealed_at.is_some() {
            return Err(GrievanceError::AlreadyAppealed);
        }
        Ok(Self {
            status: GrievanceStatus::UnderReview,
            appealed_at: Some(now),
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

/// What is public about a programme year's grievances: counts and times, nothing about any one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrievanceStats {
    pub total: u32,
    /// Every category, in the order of [`GrievanceCategory::ALL`], with its count (maybe 0).
    pub by_category: Vec<CategoryCount>,
    /// Every channel, in the order of [`Channel::ALL`].
    pub by_channel: Vec<ChannelCount>,
    /// Median days from filing to acknowledgement, to a tenth of a day; `None` before any.
    pub median_days_to_acknowledge: Option<f64>,
    /// Median days from filing to the first answer.
    pub median_days_to_answer: Option<f64>,
    /// Grievances answered within the deadline, out of those whose answer is in or overdue.
    pub answered_in_time: u32,
    pub answer_due: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    pub category: GrievanceCategory,
    pub count: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelCount {
    pub channel: Channel,
    pub count: u32,
}

/// One grievance as the statistics see it.
#[derive(Clone, Copy, Debug)]
pub struct Counted {
    pub category: GrievanceCategory,
    pub channel: Channel,
    pub state: GrievanceState,
    pub deadlines: Deadlines,
}

impl GrievanceStats {
    pub fn of(grievances: &[Counted], now: Timestamp) -> Self {
        let count = |keep: &dyn Fn(&Counted) -> bool| {
            u32::try_from(grievances.iter().filter(|g| keep(g)).count()).unwrap_or(u32::MAX)
        };
        let median_days = |step: fn(&GrievanceState) -> Option<Timestamp>| {
            let mut ms: Vec<i64> = grievances
                .iter()
                .filter_map(|g| step(&g.state).map(|at| at.millis() - g.state.filed_at.millis()))
                .collect();
            median(&mut ms).map(|m| (m / 8_640_000.0).round() / 10.0)
        };
        Self {
            total: count(&|_| true),
            by_category: GrievanceCategory::ALL
                .iter()
                .map(|&category| CategoryCount {
                    category,
                    count: count(&|g| g.category == category),
                })
                .collect(),
            by_channel: Channel::ALL
                .iter()
                .map(|&channel| ChannelCount {
                    channel,
                    count: count(&|g| g.channel == channel),
                })
                .collect(),
            median_days_to_acknowledge: median_days(|s| s.acknowledged_at),
            median_days_to_answer: median_days(|s| s.answered_at),
            answered_in_time: count(&|g| g.state.answered_in_time(g.deadlines) == Some(true)),
            answer_due: count(&|g| {
                g.state.answered_at.is_some()
                    || now
                        > g.state
                            .filed_at
                            .plus_days(i64::from(g.deadlines.answer_days))
            }),
        }
    }
}

/// The median, in the same unit, of a list that is sorted here; `None` when empty.
#[allow(clippy::cast_precision_loss)] // milliseconds of a few years fit f64 exactly
fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some(f64::midpoint(
            values[n / 2 - 1] as f64,
            values[n / 2] as f64,
        )),
    }
}

/// A grievance's tracking code: 12 random symbols (60 bits) and a check symbol, written
/// `KX7P-3M9Q-T2HV-C`; see [`crate::codes`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TrackingCode(Vec<u8>);

pub use crate::codes::CodeError as TrackingCodeError;

impl TrackingCode {
    const DATA_SYMBOLS: usize = 12;

    /// A new code from 8 random bytes (the caller's source of randomness); 60 bits are used.
    pub fn from_random(bytes: [u8; 8]) -> Self {
        Self(codes::from_bits(&bytes, Self::DATA_SYMBOLS))
    }

    /// Reads a code as typed; see [`crate::codes`].
    pub fn parse(text: &str) -> Result<Self, TrackingCodeError> {
        codes::parse(text, Self::DATA_SYMBOLS + 1).map(Self)
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&codes::display(&self.0))
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

    #[test]
    fn a_code_is_written_in_groups_of_four_with_a_check_symbol() {
        let code = TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8]).to_string();
        assert_eq!(code.len(), 16);
        assert_eq!(code.matches('-').count(), 3);
        assert_eq!(TrackingCode::parse(&code).map(|c| c.to_string()), Ok(code));
    }

    #[test]
    fn a_mistyped_code_is_a_typo() {
        let code = TrackingCode::from_random([9; 8]).to_string();
        let first = code.chars().next().unwrap();
        let typo = code.replacen(first, if first == 'A' { "B" } else { "A" }, 1);
        assert_eq!(TrackingCode::parse(&typo), Err(TrackingCodeError::Typo));
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
        let answered = g.answer(&manager(), t(31)).unwrap();
        assert_eq!(answered.overdue(Deadlines::default(), t(40)), None);
        assert_eq!(answered.answered_in_time(Deadlines::default()), Some(false));
    }

    #[test]
    fn an_answer_may_be_appealed_once() {
        let g = GrievanceState::filed(t(0))
            .acknowledge(&manager(), t(1))
            .unwrap()
            .answer(&manager(), t(2))
            .unwrap();
        let appealed = g.appeal(t(3)).unwrap();
        assert_eq!(appealed.status, GrievanceStatus::UnderReview);
        let answered_again = appealed.answer(&manager(), t(3)).unwrap();
        assert_eq!(
            answered_again.appeal(t(3)),
            Err(GrievanceError::AlreadyAppealed)
        );
    }

    #[test]
    fn a_grievance_cannot_be_answered_before_it_is_acknowledged() {
        let g = GrievanceState::filed(t(0));
        assert_eq!(
            g.answer(&manager(), t(1)),
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

    #[test]
    fn an_appeal_sets_a_new_answer_deadline_and_keeps_the_first_answer_for_the_record() {
        let answered = GrievanceState::filed(t(0))
            .acknowledge(&manager(), t(1))
            .unwrap()
            .answer(&manager(), t(10))
            .unwrap();
        let appealed = answered.appeal(t(40)).unwrap();
        assert_eq!(appealed.answer_due(Deadlines::default()), t(70));
        assert_eq!(appealed.overdue(Deadlines::default(), t(41)), None);
        assert_eq!(
            appealed.overdue(Deadlines::default(), t(71)),
            Some(Overdue::Answer)
        );
        let again = appealed.answer(&manager(), t(50)).unwrap();
        assert_eq!(again.answered_at, Some(t(10)));
        assert_eq!(again.appeal_answered_at, Some(t(50)));
        assert_eq!(again.answered_in_time(Deadlines::default()), Some(true));
        assert!(!again.can_appeal());
    }

    fn counted(category: GrievanceCategory, channel: Channel, state: GrievanceState) -> Counted {
        Counted {
            category,
            channel,
            state,
            deadlines: Deadlines::default(),
        }
    }

    #[test]
    fn statistics_count_by_category_and_channel_and_take_medians_in_days() {
        let m = manager();
        let fast = GrievanceState::filed(t(0))
            .acknowledge(&m, t(1))
            .unwrap()
            .answer(&m, t(4))
            .unwrap();
        let slow = GrievanceState::filed(t(0))
            .acknowledge(&m, t(3))
            .unwrap()
            .answer(&m, t(40))
            .unwrap();
        let waiting = GrievanceState::filed(t(0));
        let list = [
            counted(GrievanceCategory::Environment, Channel::Web, fast),
            counted(GrievanceCategory::Environment, Channel::Hotline, slow),
            counted(GrievanceCategory::Land, Channel::Web, waiting),
        ];
        let stats = GrievanceStats::of(&list, t(50));
        assert_eq!(stats.total, 3);
        let counts = |list: &[CategoryCount]| list.iter().map(|c| c.count).collect::<Vec<_>>();
        assert_eq!(counts(&stats.by_category), [2, 1, 0, 0, 0, 0, 0]);
        assert_eq!(stats.by_category.len(), GrievanceCategory::ALL.len());
        assert_eq!(
            stats.by_channel.iter().map(|c| c.count).collect::<Vec<_>>(),
            [2, 1, 0, 0]
        );
        assert_eq!(stats.median_days_to_acknowledge, Some(2.0));
        assert_eq!(stats.median_days_to_answer, Some(22.0));
        // The waiting one is overdue at day 50, so it counts against the share.
        assert_eq!((stats.answered_in_time, stats.answer_due), (1, 3));
        let early = GrievanceStats::of(&list, t(5));
        assert_eq!((early.answered_in_time, early.answer_due), (1, 2));
    }

    #[test]
    fn statistics_of_no_grievances_have_no_medians() {
        let stats = GrievanceStats::of(&[], t(0));
        assert_eq!(stats.total, 0);
        assert_eq!(stats.median_days_to_answer, None);
    }

    #[test]
    fn photos_are_taken_for_a_week_after_filing_and_kept_for_a_year() {
        let filed = Timestamp::from_millis(1_800_000_000_000);
        assert!(PhotoRetention::accepts(filed, filed.plus_days(6)));
        assert!(!PhotoRetention::accepts(filed, filed.plus_days(7)));
        let a_year_on = filed.plus_days(365);
        assert_eq!(PhotoRetention::keep_from(a_year_on), filed);
    }
}
