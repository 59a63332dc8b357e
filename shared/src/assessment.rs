//! Assessment. Company assessors score a forwarded proposal on four criteria, 0 to 5 each; a
//! score of 2 or less must come with a written reason. An assessor with a conflict of interest
//! declares it instead of scoring. Once the required number of assessors (2 by default) have
//! scored, the proposal is assessed and its score is the weighted mean of their scorecards.

use crate::text::Reason;
use crate::wire_name::{serde_by_wire_name, WireName};
use serde::{Deserialize, Serialize};

/// The criteria of the rubric, in the order the weights and scores are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    serde(rename_all = "snake_case")
)]
pub enum Criterion {
    CommunityNeed,
    TechnicalFeasibility,
    BudgetFit,
    Sustainability,
}

impl WireName for Criterion {
    const ALL: &'static [Self] = &Criterion::ALL;
    fn wire_name(self) -> &'static str {
        match self {
            Criterion::CommunityNeed => "community_need",
            Criterion::TechnicalFeasibility => "technical_feasibility",
            Criterion::BudgetFit => "budget_fit",
            Criterion::Sustainability => "sustainability",
        }
    }
}

serde_by_wire_name!(Criterion);

impl Criterion {
    pub const ALL: [Criterion; 4] = [
        Criterion::CommunityNeed,
        Criterion::TechnicalFeasibility,
        Criterion::BudgetFit,
        Criterion::Sustainability,
    ];
}

/// The weight of each criterion, set per programme year. Weights are relative: 2, 1, 1, 1
/// counts community need twice as much as each other criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rubric {
    pub community_need: u32,
    pub technical_feasibility: u32,
    pub budget_fit: u32,
    pub sustainability: u32,
}

impl Default for Rubric {
    fn default() -> Self {
        Self {
            community_need: 1,
            technical_feasibility: 1,
            budget_fit: 1,
            sustainability: 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RubricError {
    /// Every weight is zero, so no score could be computed.
    AllZero,
    /// A weight above 100.
    WeightTooLarge,
}

impl Rubric {
    pub const MAX_WEIGHT: u32 = 100;

    pub fn validate(self) -> Result<Self, RubricError> {
        let weights = self.weights();
        if weights.iter().any(|&w| w > Self::MAX_WEIGHT) {
            return Err(RubricError::WeightTooLarge);
        }
        if weights.iter().all(|&w| w == 0) {
            return Err(RubricError::AllZero);
        }
        Ok(self)
    }

    pub fn weights(self) -> [u32; 4] {
        [
            self.community_need,
            self.technical_feasibility,
            self.budget_fit,
            self.sustainability,
        ]
    }
}

/// One criterion's score, 0 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

impl Score {
    pub const MAX: u8 = 5;
    /// Scores at or below this need a written reason.
    pub const NEEDS_REASON_AT_OR_BELOW: u8 = 2;

    pub fn new(value: u8) -> Result<Self, AssessmentError> {
        if value > Self::MAX {
            Err(AssessmentError::ScoreOutOfRange)
        } else {
            Ok(Self(value))
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = &'static str;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Score::new(value).map_err(|_| "a score is from 0 to 5")
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

/// One criterion as an assessor scored it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriterionScore {
    pub score: Score,
    pub reason: Option<Reason>,
}

/// One assessor's scores on every criterion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scorecard {
    pub community_need: CriterionScore,
    pub technical_feasibility: CriterionScore,
    pub budget_fit: CriterionScore,
    pub sustainability: CriterionScore,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssessmentError {
    ScoreOutOfRange,
    /// A score of 2 or less has no reason.
    ReasonRequired(Criterion),
    /// The assessor was not assigned to this proposal.
    NotAssigned,
    /// The assessor has already scored or declared a conflict.
    AlreadySubmitted,
}

impl Scorecard {
    pub fn criteria(&self) -> [(Criterion, &CriterionScore); 4] {
        [
            (Criterion::CommunityNeed, &self.community_need),
            (Criterion::TechnicalFeasibility, &self.technical_feasibility),
            (Criterion::BudgetFit, &self.budget_fit),
            (Criterion::Sustainability, &self.sustainability),
        ]
    }

    /// Checks that every low score carries a reason.
    pub fn validate(self) -> Result<Self, AssessmentError> {
        for (criterion, entry) in self.criteria() {
            if entry.score.0 <= Score::NEEDS_REASON_AT_OR_BELOW && entry.reason.is_none() {
                return Err(AssessmentError::ReasonRequired(criterion));
            }
        }
        Ok(self)
    }

    fn scores(&self) -> [u8; 4] {
        self.criteria().map(|(_, e)| e.score.0)
    }
}

/// What an assigned assessor handed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Submission {
    Scored {
        scorecard: Scorecard,
    },
    /// The assessor has a conflict of interest; the manager assigns someone else.
    Conflict {
        note: Reason,
    },
}

/// A score in hundredths, so that 3.75 is exact on both sides of the wire: 375.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Hundredths(pub u32);

impl std::fmt::Display for Hundredths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The public result of an assessment: per-criterion averages and the final weighted score,
/// without saying which assessor gave which score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentResult {
    pub community_need: Hundredths,
    pub technical_feasibility: Hundredths,
    pub budget_fit: Hundredths,
    pub sustainability: Hundredths,
    pub score: Hundredths,
    pub assessors: u32,
}

fn rounded_ratio(numerator: u64, denominator: u64) -> u32 {
    u32::try_from((numerator + denominator / 2) / denominator.max(1)).unwrap_or(u32::MAX)
}

/// The result once at least `required` valid scorecards exist; `None` before.
pub fn result(rubric: Rubric, scorecards: &[Scorecard], required: u32) -> Option<AssessmentResult> {
    let count = u32::try_from(scorecards.len()).ok()?;
    if count == 0 || count < required {
        return None;
    }
    let weights = rubric.weights().map(u64::from);
    let weight_total: u64 = weights.iter().sum();
    if weight_total == 0 {
        return None;
    }
    let mut sums = [0u64; 4];
    for card in scorecards {
        for (sum, score) in sums.iter_mut().zip(card.scores()) {
            *sum += u64::from(score);
        }
    }
    let n = u64::from(count);
    let averages = sums.map(|s| rounded_ratio(s * 100, n));
    // The weighted mean over every score of every assessor, rounded once at the end.
    let weighted: u64 = sums.iter().zip(weights).map(|(s, w)| s * w).sum();
    Some(AssessmentResult {
        community_need: Hundredths(averages[0]),
        technical_feasibility: Hundredths(averages[1]),
        budget_fit: Hundredths(averages[2]),
        sustainability: Hundredths(averages[3]),
        score: Hundredths(rounded_ratio(weighted * 100, weight_total * n)),
        assessors: count,
    })
}

/// An assessor assigned to a proposal, and what they handed in so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub assessor: crate::ids::MemberId,
    pub submission: Option<Submission>,
}

/// Checks an assessor's submission against the assignments of the proposal: only an assigned
/// assessor may hand in, once, and a scorecard must give reasons for its low scores.
pub fn check_submission(
    assignments: &[Assignment],
    assessor: crate::ids::MemberId,
    submission: Submission,
) -> Result<Submission, AssessmentError> {
    let assignment = assignments
        .iter()
        .find(|a| a.assessor == assessor)
        .ok_or(AssessmentError::NotAssigned)?;
    if assignment.submission.is_some() {
        return Err(AssessmentError::AlreadySubmitted);
    }
    match submission {
        Submission::Scored { scorecard } => Ok(Submission::Scored {
            scorecard: scorecard.validate()?,
        }),
        conflict @ Submission::Conflict { .. } => Ok(conflict),
    }
}

/// The valid scorecards handed in so far: conflicts of interest do not count.
pub fn scorecards(assignments: &[Assignment]) -> Vec<Scorecard> {
    assignments
        .iter()
        .filter_map(|a| match &a.submission {
            Some(Submission::Scored { scorecard }) => Some(scorecard.clone()),
            _ => None,
        })
        .collect()
}

/// Assessors who declared a conflict: the manager is asked to assign someone else.
pub fn conflicts(assignments: &[Assignment]) -> usize {
    assignments
        .iter()
        .filter(|a| matches!(a.submission, Some(Submission::Conflict { .. })))
        .count()
}

/// Scores stay independent: an assessor sees the others' scorecards only after handing in
/// their own.
pub fn may_see_other_scores(assignments: &[Assignment], assessor: crate::ids::MemberId) -> bool {
    assignments
        .iter()
        .any(|a| a.assessor == assessor && a.submission.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(score: u8, reason: Option<&str>) -> CriterionScore {
        CriterionScore {
            score: Score::new(score).unwrap(),
            reason: reason.map(|r| Reason::parse(r).unwrap()),
        }
    }

    fn card(scores: [u8; 4]) -> Scorecard {
        let reason = |s: u8| (s <= 2).then_some("Explained in the site visit notes");
        Scorecard {
            community_need: entry(scores[0], reason(scores[0])),
            technical_feasibility: entry(scores[1], reason(scores[1])),
            budget_fit: entry(scores[2], reason(scores[2])),
            sustainability: entry(scores[3], reason(scores[3])),
        }
    }

    #[test]
    fn a_score_above_five_is_refused() {
        assert_eq!(Score::new(6), Err(AssessmentError::ScoreOutOfRange));
        assert!(serde_json::from_str::<Score>("6").is_err());
        assert!(Score::new(0).is_ok());
    }

    #[test]
    fn a_score_of_two_or_less_needs_a_reason() {
        let mut c = card([5, 5, 5, 5]);
        c.budget_fit = entry(2, None);
        assert_eq!(
            c.validate(),
            Err(AssessmentError::ReasonRequired(Criterion::BudgetFit))
        );
    }

    #[test]
    fn a_score_of_three_needs_no_reason() {
        let c = Scorecard {
            community_need: entry(3, None),
            technical_feasibility: entry(3, None),
            budget_fit: entry(3, None),
            sustainability: entry(3, None),
        };
        assert!(c.validate().is_ok());
    }

    #[test]
    fn there_is_no_result_until_enough_assessors_have_scored() {
        assert_eq!(result(Rubric::default(), &[card([4, 4, 4, 4])], 2), None);
        assert!(result(
            Rubric::default(),
            &[card([4, 4, 4, 4]), card([3, 3, 3, 3])],
            2
        )
        .is_some());
    }

    #[test]
    fn the_score_is_the_weighted_mean() {
        let rubric = Rubric {
            community_need: 2,
            technical_feasibility: 1,
            budget_fit: 1,
            sustainability: 0,
        };
        // Means per criterion: 4.5, 3, 2, 1 -> (2*4.5 + 3 + 2) / 4 = 3.5
        let r = result(rubric, &[card([5, 4, 2, 1]), card([4, 2, 2, 1])], 2).unwrap();
        assert_eq!(r.score, Hundredths(350));
        assert_eq!(r.community_need, Hundredths(450));
        assert_eq!(r.score.to_string(), "3.50");
    }

    fn assigned(n: u128, submission: Option<Submission>) -> Assignment {
        Assignment {
            assessor: crate::ids::MemberId::from_u128(n),
            submission,
        }
    }

    fn scored(scores: [u8; 4]) -> Submission {
        Submission::Scored {
            scorecard: card(scores),
        }
    }

    #[test]
    fn an_assessor_not_assigned_cannot_score() {
        let assignments = [assigned(1, None)];
        assert_eq!(
            check_submission(
                &assignments,
                crate::ids::MemberId::from_u128(2),
                scored([4, 4, 4, 4])
            ),
            Err(AssessmentError::NotAssigned)
        );
    }

    #[test]
    fn an_assessor_cannot_score_twice() {
        let assignments = [assigned(1, Some(scored([4, 4, 4, 4])))];
        assert_eq!(
            check_submission(
                &assignments,
                crate::ids::MemberId::from_u128(1),
                scored([3, 3, 3, 3])
            ),
            Err(AssessmentError::AlreadySubmitted)
        );
    }

    #[test]
    fn a_conflict_of_interest_is_not_a_score() {
        let conflict = Submission::Conflict {
            note: Reason::parse("My brother runs the contractor").unwrap(),
        };
        let assignments = [
            assigned(1, Some(conflict)),
            assigned(2, Some(scored([4, 4, 4, 4]))),
        ];
        assert_eq!(scorecards(&assignments).len(), 1);
        assert_eq!(conflicts(&assignments), 1);
        assert_eq!(
            result(Rubric::default(), &scorecards(&assignments), 2),
            None
        );
    }

    #[test]
    fn an_assessor_sees_other_scores_only_after_handing_in() {
        let assignments = [assigned(1, None), assigned(2, Some(scored([4, 4, 4, 4])))];
        assert!(!may_see_other_scores(
            &assignments,
            crate::ids::MemberId::from_u128(1)
        ));
        assert!(may_see_other_scores(
            &assignments,
            crate::ids::MemberId::from_u128(2)
        ));
    }

    #[test]
    fn weights_that_are_all_zero_are_refused() {
        let rubric = Rubric {
            community_need: 0,
            technical_feasibility: 0,
            budget_fit: 0,
            sustainability: 0,
        };
        assert_eq!(rubric.validate(), Err(RubricError::AllZero));
    }
}
