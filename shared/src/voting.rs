//! The council vote. When a draft is submitted, every member of the council at that moment may
//! vote once: for, against or abstain, changeable until the vote closes. It closes at its
//! deadline or as soon as every member has voted. It passes when turnout is more than the
//! quorum fraction of members and "for" beats "against".

use crate::ids::MemberId;
use crate::time::Timestamp;
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A fraction of the council's members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fraction {
    pub numerator: u32,
    pub denominator: u32,
}

/// How a programme's councils vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRules {
    /// Turnout must be more than this fraction of members.
    pub quorum: Fraction,
    /// Days from submission to the deadline.
    pub duration_days: u16,
}

impl Default for VoteRules {
    fn default() -> Self {
        Self {
            quorum: Fraction {
                numerator: 1,
                denominator: 2,
            },
            duration_days: 7,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteRulesError {
    /// The quorum is not a fraction from 0 up to (but not including) 1.
    QuorumOutOfRange,
    /// The vote must last from 1 to 60 days.
    DurationOutOfRange,
}

impl VoteRules {
    pub const MAX_DURATION_DAYS: u16 = 60;

    pub fn validate(self) -> Result<Self, VoteRulesError> {
        let Fraction {
            numerator,
            denominator,
        } = self.quorum;
        // "More than 1/1 of members" could never be met.
        if denominator == 0 || numerator >= denominator {
            return Err(VoteRulesError::QuorumOutOfRange);
        }
        if self.duration_days == 0 || self.duration_days > Self::MAX_DURATION_DAYS {
            return Err(VoteRulesError::DurationOutOfRange);
        }
        Ok(self)
    }

    /// Whether `turnout` of `members` is more than the quorum fraction.
    pub fn quorum_met(self, turnout: u32, members: u32) -> bool {
        u64::from(turnout) * u64::from(self.quorum.denominator)
            > u64::from(members) * u64::from(self.quorum.numerator)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Choice {
    For,
    Against,
    Abstain,
}

impl WireName for Choice {
    const ALL: &'static [Self] = &[Choice::For, Choice::Against, Choice::Abstain];
    fn wire_name(self) -> &'static str {
        match self {
            Choice::For => "for",
            Choice::Against => "against",
            Choice::Abstain => "abstain",
        }
    }
}

serde_by_wire_name!(Choice);

/// One member's vote as last cast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ballot {
    pub member: MemberId,
    pub choice: Choice,
    pub cast_at: Timestamp,
}

/// An open or closed council vote on one proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub rules: VoteRules,
    pub opened_at: Timestamp,
    pub deadline: Timestamp,
    /// The council's members when the vote opened: only they may vote.
    pub electorate: Vec<MemberId>,
}

/// The public count of a vote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    #[serde(rename = "for")]
    pub in_favour: u32,
    pub against: u32,
    pub abstain: u32,
    /// Members entitled to vote.
    pub members: u32,
}

impl Tally {
    pub fn turnout(&self) -> u32 {
        self.in_favour + self.against + self.abstain
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Outcome {
    /// Forwarded to the company.
    Passed,
    /// Too few members voted.
    NoQuorum,
    /// "For" did not beat "against".
    Rejected,
}

impl WireName for Outcome {
    const ALL: &'static [Self] = &[Outcome::Passed, Outcome::NoQuorum, Outcome::Rejected];
    fn wire_name(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::NoQuorum => "no_quorum",
            Outcome::Rejected => "rejected",
        }
    }
}

serde_by_wire_name!(Outcome);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteError {
    /// The voter was not a member of the council when the vote opened.
    NotEligible,
    /// The vote has closed; the ballot cannot be cast or changed.
    Closed,
    /// The vote is still open, so it has no outcome yet.
    StillOpen,
}

impl Vote {
    /// Opens a vote at `now` for the given members.
    pub fn open(rules: VoteRules, electorate: Vec<MemberId>, now: Timestamp) -> Self {
        let mut electorate = electorate;
        electorate.sort_unstable();
        electorate.dedup();
        Self {
            rules,
            opened_at: now,
            deadline: now.plus_days(i64::from(rules.duration_days)),
            electorate,
        }
    }

    pub fn members(&self) -> u32 {
        u32::try_from(self.electorate.len()).unwrap_or(u32::MAX)
    }

    /// Whether the vote has closed by `now` given the ballots cast so far.
    pub fn is_closed(&self, ballots: &[Ballot], now: Timestamp) -> bool {
        now >= self.deadline || self.tally(ballots).turnout() >= self.members()
    }

    /// Checks a member's ballot; the caller stores it, replacing any earlier one of the member.
    pub fn cast(
        &self,
        ballots: &[Ballot],
        member: MemberId,
        choice: Choice,
        now: Timestamp,
    ) -> Result<Ballot, VoteError> {
        if self.electorate.binary_search(&member).is_err() {
            return Err(VoteError::NotEligible);
        }
        if self.is_closed(ballots, now) {
            return Err(VoteError::Closed);
        }
        Ok(Ballot {
            member,
            choice,
            cast_at: now,
        })
    }

    /// The latest ballot of each eligible member, however often they changed their mind.
    pub fn current_ballots(&self, ballots: &[Ballot]) -> Vec<Ballot> {
        let mut latest: BTreeMap<MemberId, Ballot> = BTreeMap::new();
        for ballot in ballots {
            if self.electorate.binary_search(&ballot.member).is_err() {
                continue;
            }
            let newer = latest.get(&ballot.member).is_none_or(|held| {
                (ballot.cast_at, ballot.choice as u8) > (held.cast_at, held.choice as u8)
            });
            if newer {
                latest.insert(ballot.member, *ballot);
            }
        }
        latest.into_values().collect()
    }

    /// The count the public sees: one ballot per member.
    pub fn tally(&self, ballots: &[Ballot]) -> Tally {
        let mut tally = Tally {
            members: self.members(),
            ..Tally::default()
        };
        for ballot in self.current_ballots(ballots) {
            match ballot.choice {
                Choice::For => tally.in_favour += 1,
                Choice::Against => tally.against += 1,
                Choice::Abstain => tally.abstain += 1,
            }
        }
        tally
    }

    /// The outcome, once the vote has closed.
    pub fn outcome(
        &self,
        ballots: &[Ballot],
        now: Timestamp,
    ) -> Result<(Outcome, Tally), VoteError> {
        if !self.is_closed(ballots, now) {
            return Err(VoteError::StillOpen);
        }
        let tally = self.tally(ballots);
        let outcome = if !self.rules.quorum_met(tally.turnout(), tally.members) {
            Outcome::NoQuorum
        } else if tally.in_favour > tally.against {
            Outcome::Passed
        } else {
            Outcome::Rejected
        };
        Ok((outcome, tally))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn member(n: u128) -> MemberId {
        MemberId::from_u128(n)
    }

    fn t(day: i64) -> Timestamp {
        Timestamp::from_millis(0).plus_days(day)
    }

    fn five_member_vote() -> Vote {
        Vote::open(VoteRules::default(), (1..=5).map(member).collect(), t(0))
    }

    fn ballot(n: u128, choice: Choice, day: i64) -> Ballot {
        Ballot {
            member: member(n),
            choice,
            cast_at: t(day),
        }
    }

    #[test]
    fn the_deadline_is_seven_days_after_submission_by_default() {
        assert_eq!(five_member_vote().deadline, t(7));
    }

    #[test]
    fn a_member_of_another_council_cannot_vote() {
        let vote = five_member_vote();
        assert_eq!(
            vote.cast(&[], member(99), Choice::For, t(1)),
            Err(VoteError::NotEligible)
        );
    }

    #[test]
    fn a_ballot_after_the_deadline_is_refused() {
        let vote = five_member_vote();
        assert_eq!(
            vote.cast(&[], member(1), Choice::For, t(7)),
            Err(VoteError::Closed)
        );
    }

    #[test]
    fn a_member_may_change_their_vote_and_only_the_last_counts() {
        let vote = five_member_vote();
        let ballots = [ballot(1, Choice::Against, 1), ballot(1, Choice::For, 2)];
        let tally = vote.tally(&ballots);
        assert_eq!((tally.in_favour, tally.against, tally.turnout()), (1, 0, 1));
    }

    #[test]
    fn the_vote_closes_when_every_member_has_voted() {
        let vote = five_member_vote();
        let ballots: Vec<_> = (1..=5).map(|n| ballot(n, Choice::For, 1)).collect();
        assert!(vote.is_closed(&ballots, t(1)));
        assert_eq!(
            vote.cast(&ballots, member(1), Choice::Against, t(1)),
            Err(VoteError::Closed)
        );
    }

    #[test]
    fn an_open_vote_has_no_outcome() {
        let vote = five_member_vote();
        assert_eq!(
            vote.outcome(&[ballot(1, Choice::For, 1)], t(2)),
            Err(VoteError::StillOpen)
        );
    }

    #[test]
    fn three_of_five_in_favour_passes() {
        let vote = five_member_vote();
        let ballots = [
            ballot(1, Choice::For, 1),
            ballot(2, Choice::For, 1),
            ballot(3, Choice::Against, 1),
        ];
        assert_eq!(
            vote.outcome(&ballots, t(7)).map(|o| o.0),
            Ok(Outcome::Passed)
        );
    }

    #[test]
    fn half_of_the_members_is_not_a_quorum() {
        let vote = Vote::open(VoteRules::default(), (1..=4).map(member).collect(), t(0));
        let ballots = [ballot(1, Choice::For, 1), ballot(2, Choice::For, 1)];
        assert_eq!(
            vote.outcome(&ballots, t(7)).map(|o| o.0),
            Ok(Outcome::NoQuorum)
        );
    }

    #[test]
    fn a_tie_between_for_and_against_is_rejected() {
        let vote = five_member_vote();
        let ballots = [
            ballot(1, Choice::For, 1),
            ballot(2, Choice::Against, 1),
            ballot(3, Choice::Abstain, 1),
        ];
        assert_eq!(
            vote.outcome(&ballots, t(7)).map(|o| o.0),
            Ok(Outcome::Rejected)
        );
    }

    #[test]
    fn ballots_of_people_outside_the_electorate_are_ignored() {
        let vote = five_member_vote();
        assert_eq!(vote.tally(&[ballot(42, Choice::For, 1)]).turnout(), 0);
    }

    #[test]
    fn a_quorum_of_a_whole_or_more_is_refused() {
        let rules = VoteRules {
            quorum: Fraction {
                numerator: 1,
                denominator: 1,
            },
            duration_days: 7,
        };
        assert_eq!(rules.validate(), Err(VoteRulesError::QuorumOutOfRange));
        let zero_days = VoteRules {
            duration_days: 0,
            ..VoteRules::default()
        };
        assert_eq!(
            zero_days.validate(),
            Err(VoteRulesError::DurationOutOfRange)
        );
    }

    fn choice() -> impl Strategy<Value = Choice> {
        prop_oneof![
            Just(Choice::For),
            Just(Choice::Against),
            Just(Choice::Abstain)
        ]
    }

    proptest! {
        #[test]
        fn the_order_of_ballots_never_changes_the_outcome(
            raw in proptest::collection::vec((1u128..=7, choice(), 0i64..6), 0..40),
            seed in any::<u64>(),
        ) {
            let vote = Vote::open(VoteRules::default(), (1..=7).map(member).collect(), t(0));
            let ballots: Vec<_> = raw.iter().map(|&(m, c, d)| ballot(m, c, d)).collect();
            let mut shuffled = ballots.clone();
            // A deterministic shuffle driven by the seed.
            let len = shuffled.len();
            for i in (1..len).rev() {
                let j = usize::try_from(seed.rotate_left(u32::try_from(i % 64).unwrap()) % (i as u64 + 1)).unwrap();
                shuffled.swap(i, j);
            }
            prop_assert_eq!(vote.outcome(&ballots, t(7)), vote.outcome(&shuffled, t(7)));
        }

        #[test]
        fn changing_a_vote_never_counts_twice(
            raw in proptest::collection::vec((1u128..=7, choice(), 0i64..6), 0..40),
        ) {
            let vote = Vote::open(VoteRules::default(), (1..=7).map(member).collect(), t(0));
            let ballots: Vec<_> = raw.iter().map(|&(m, c, d)| ballot(m, c, d)).collect();
            let voters: std::collections::BTreeSet<_> = raw.iter().map(|r| r.0).collect();
            let tally = vote.tally(&ballots);
            prop_assert_eq!(tally.turnout() as usize, voters.len());
            prop_assert!(tally.turnout() <= tally.members);
        }
    }
}
