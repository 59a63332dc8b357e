//! The wire types of running a project (milestones, spending, outputs, updates, the half-year
//! plan), of council members' monitoring, and of the public project page and year dashboard.

use super::{choice, field, ApiError, HistoryEntry, Problem, YearView};
use crate::category::Category;
use crate::ids::{CouncilId, PhotoId, ProgrammeId, ProjectId, ReportId, UpdateId};
use crate::money::{Money, MoneyError};
use crate::projects::{
    Budget, Milestone, MonitoringRating, Output, PlannedActivity, Progress, Project, ProjectError,
    ProjectStatus, Spending, Unit, Update,
};
use crate::proposals::ProposalStatus;
use crate::text::{Description, Name, Note, Reason};
use crate::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};

/// The most photos one update, report or spending entry may carry.
pub const MAX_ENTRY_PHOTOS: u32 = 5;

fn date(name: &str, typed: &str) -> Result<Date, ApiError> {
    if typed.trim().is_empty() {
        return Err(ApiError::invalid(name, Problem::Required));
    }
    Date::parse(typed.trim()).map_err(|_| ApiError::invalid(name, Problem::Malformed))
}

fn not_after_today(name: &str, day: Date, today: Date) -> Result<Date, ApiError> {
    if day > today {
        Err(ApiError::invalid(name, Problem::InTheFuture))
    } else {
        Ok(day)
    }
}

fn photos(list: &[PhotoId]) -> Result<(), ApiError> {
    if list.len() > MAX_ENTRY_PHOTOS as usize {
        return Err(ApiError::invalid(
            "photos",
            Problem::TooLong {
                max: MAX_ENTRY_PHOTOS,
            },
        ));
    }
    if list.iter().enumerate().any(|(i, p)| list[..i].contains(p)) {
        return Err(ApiError::invalid("photos", Problem::Duplicate));
    }
    Ok(())
}

/// A count as typed (`7 100`, `448,463`): whole and above zero.
pub fn parse_count(typed: &str) -> Result<u64, Problem> {
    match Money::parse(typed).and_then(Money::positive) {
        Ok(m) => u64::try_from(m.amount()).map_err(|_| Problem::TooLarge),
        Err(MoneyError::NotWholeTenge) => Err(Problem::NotANumber),
        Err(e) => Err(e.into()),
    }
}

/// `POST /api/projects/{id}/milestones`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneRequest {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due: String,
}

impl MilestoneRequest {
    pub fn parse(&self) -> Result<Milestone, ApiError> {
        Ok(Milestone {
            title: field("title", Note::parse(&self.title))?,
            due: date("due", &self.due)?,
            done: None,
        })
    }
}

/// `POST /api/projects/{id}/milestones/{n}/done`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneDoneRequest {
    /// `YYYY-MM-DD`, today or earlier.
    pub done: String,
}

impl MilestoneDoneRequest {
    pub fn parse(&self, today: Date) -> Result<Date, ApiError> {
        not_after_today("done", date("done", &self.done)?, today)
    }
}

/// `POST /api/projects/{id}/spending`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendingRequest {
    /// `YYYY-MM-DD`, today or earlier.
    pub date: String,
    /// The amount as typed: `1 500 000`, `1,500,000 ₸`...
    pub amount: String,
    pub purpose: String,
    /// A photo of the receipt, uploaded to the project first.
    #[serde(default)]
    pub receipt: Option<PhotoId>,
}

impl SpendingRequest {
    pub fn parse(&self, today: Date) -> Result<Spending, ApiError> {
        let day = date("date", &self.date)?;
        let amount = field(
            "amount",
            Money::parse(&self.amount).and_then(Money::positive),
        )?;
        let purpose = field("purpose", Note::parse(&self.purpose))?;
        let spending = Spending {
            date: not_after_today("date", day, today)?,
            amount,
            purpose,
        };
        spending.validate(today).map_err(|e| match e {
            ProjectError::SpentInTheFuture => ApiError::invalid("date", Problem::InTheFuture),
            _ => ApiError::invalid("amount", Problem::Zero),
        })
    }
}

/// `POST /api/projects/{id}/outputs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutputRequest {
    /// The quantity as typed: `7 100`.
    pub quantity: String,
    /// A [`Unit`] by its wire name, such as `trees`.
    pub unit: String,
    pub what: String,
}

impl OutputRequest {
    pub fn parse(&self) -> Result<Output, ApiError> {
        let quantity = field("quantity", parse_count(&self.quantity))?;
        if self.unit.trim().is_empty() {
            return Err(ApiError::invalid("unit", Problem::Required));
        }
        let unit = choice::<Unit>("unit", self.unit.trim())?;
        Ok(Output {
            quantity,
            unit,
            what: field("what", Note::parse(&self.what))?,
        })
    }
}

/// `PUT /api/projects/{id}/beneficiaries`: how many people the project reached.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BeneficiariesRequest {
    pub count: String,
}

impl BeneficiariesRequest {
    pub fn parse(&self) -> Result<u32, ApiError> {
        let count = field("count", parse_count(&self.count))?;
        u32::try_from(count).map_err(|_| ApiError::invalid("count", Problem::TooLarge))
    }
}

/// `POST /api/projects/{id}/updates`: a dated public update from the manager.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRequest {
    pub text: String,
    /// Photos uploaded to the project first; they become public with the update.
    #[serde(default)]
    pub photos: Vec<PhotoId>,
}

impl UpdateRequest {
    pub fn parse(&self, today: Date) -> Result<Update, ApiError> {
        photos(&self.photos)?;
        Ok(Update {
            date: today,
            text: field("text", Description::parse(&self.text))?,
        })
    }
}

/// `POST /api/projects/{id}/reports`: a council member's monitoring report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRequest {
    /// `on_track`, `concerns` or `problem`.
    pub rating: String,
    pub comment: String,
    /// Photos uploaded to the project first; they become public with the report.
    #[serde(default)]
    pub photos: Vec<PhotoId>,
}

impl ReportRequest {
    pub fn parse(&self) -> Result<(MonitoringRating, Description), ApiError> {
        if self.rating.trim().is_empty() {
            return Err(ApiError::invalid("rating", Problem::Required));
        }
        let rating = choice::<MonitoringRating>("rating", self.rating.trim())?;
        let comment = field("comment", Description::parse(&self.comment))?;
        photos(&self.photos)?;
        Ok((rating, comment))
    }
}

/// `POST /api/projects/{id}/reports/{report}/answer`: the manager's public answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerRequest {
    pub answer: String,
}

impl AnswerRequest {
    pub fn parse(&self) -> Result<Reason, ApiError> {
        field("answer", Reason::parse(&self.answer))
    }
}

/// `POST /api/years/{year}/plan`: an activity planned for a half of the year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRequest {
    pub title: String,
    /// 1 for January to June, 2 for July to December.
    pub half: u8,
    /// The expected cost as typed.
    pub expected_cost: String,
}

impl PlanRequest {
    pub fn parse(&self, year: u16) -> Result<PlannedActivity, ApiError> {
        let activity = PlannedActivity {
            title: field("title", Note::parse(&self.title))?,
            year,
            half: self.half,
            expected_cost: field(
                "expected_cost",
                Money::parse(&self.expected_cost).and_then(Money::positive),
            )?,
            done: None,
        };
        activity
            .validate()
            .map_err(|_| ApiError::invalid("half", Problem::OutOfRange { min: 1, max: 2 }))
    }
}

/// `PUT /api/years/{year}/plan/{n}`: whether a planned activity was carried out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDoneRequest {
    pub done: bool,
}

/// A milestone with its number in the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneView {
    pub id: i64,
    #[serde(flatten)]
    pub milestone: Milestone,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpendingView {
    pub id: i64,
    #[serde(flatten)]
    pub spending: Spending,
    pub receipt: Option<PhotoId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutputView {
    pub id: i64,
    #[serde(flatten)]
    pub output: Output,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateView {
    pub id: UpdateId,
    #[serde(flatten)]
    pub update: Update,
    pub photos: Vec<PhotoId>,
}

/// A monitoring report as the public sees it: no reporter's name, only their role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: ReportId,
    pub project: ProjectId,
    pub at: Timestamp,
    pub rating: MonitoringRating,
    pub comment: Description,
    pub photos: Vec<PhotoId>,
    pub answer: Option<Reason>,
    pub answered_at: Option<Timestamp>,
    /// A problem not yet answered.
    pub needs_answer: bool,
}

/// `GET /api/projects/{id}`: the public project page, with what the reader may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectView {
    pub project: Project,
    pub programme_name: Name,
    pub council_name: Name,
    pub status: ProjectStatus,
    pub progress: Progress,
    pub budget: Budget,
    pub overdue: u32,
    pub milestones: Vec<MilestoneView>,
    pub spending: Vec<SpendingView>,
    pub outputs: Vec<OutputView>,
    /// Newest first.
    pub updates: Vec<UpdateView>,
    /// Newest first.
    pub reports: Vec<ReportView>,
    pub history: Vec<HistoryEntry>,
    /// The reader manages the project's programme.
    pub may_manage: bool,
    /// The reader is a member of the project's council.
    pub may_monitor: bool,
}

/// A project as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    pub id: ProjectId,
    pub council: CouncilId,
    pub council_name: Name,
    pub title: crate::text::Title,
    pub category: Category,
    pub year: u16,
    pub status: ProjectStatus,
    pub progress: Progress,
    pub budget: Budget,
    pub overdue: u32,
    pub open_problems: u32,
    /// The hash of the last entry of the project's history (64 hex digits): kept with a printed
    /// or downloaded report, it shows whether the record was changed since.
    #[serde(default)]
    pub history_head: String,
}

/// `GET /api/reports/unanswered`: the manager's problem reports awaiting an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnansweredReport {
    pub project_title: crate::text::Title,
    pub council_name: Name,
    pub report: ReportView,
}

/// A planned activity with its number in the year's plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedView {
    pub id: i64,
    #[serde(flatten)]
    pub activity: PlannedActivity,
}

/// Approved and spent per category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryFunding {
    pub category: Category,
    pub projects: u32,
    pub approved: Money,
    pub spent: Money,
}

/// How many of the year's proposals are in one status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: ProposalStatus,
    pub count: u32,
}

/// `GET /api/programmes/{id}/years/{year}/dashboard`: the year's public report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub programme: ProgrammeId,
    pub programme_name: Name,
    pub year: YearView,
    pub categories: Vec<CategoryFunding>,
    /// Public proposals only: drafts are nobody's business but their council's.
    pub proposals: Vec<StatusCount>,
    pub projects: Vec<ProjectSummary>,
    pub plan: Vec<PlannedView>,
}

/// Approved and spent per category, in the order of [`Category::ALL`], leaving out categories
/// without projects.
pub fn category_totals(projects: &[ProjectSummary]) -> Result<Vec<CategoryFunding>, MoneyError> {
    let mut totals = Vec::new();
    for category in Category::ALL {
        let mine: Vec<&ProjectSummary> =
            projects.iter().filter(|p| p.category == category).collect();
        if mine.is_empty() {
            continue;
        }
        totals.push(CategoryFunding {
            category,
            projects: u32::try_from(mine.len()).unwrap_or(u32::MAX),
            approved: Money::sum(mine.iter().map(|p| p.budget.approved))?,
            spent: Money::sum(mine.iter().map(|p| p.budget.spent))?,
        });
    }
    Ok(totals)
}

/// How many proposals are in each status, in the order of [`ProposalStatus::ALL`], leaving out
/// statuses with none.
pub fn status_counts(statuses: impl IntoIterator<Item = ProposalStatus>) -> Vec<StatusCount> {
    let statuses: Vec<ProposalStatus> = statuses.into_iter().collect();
    ProposalStatus::ALL
        .into_iter()
        .map(|status| StatusCount {
            status,
            count: u32::try_from(statuses.iter().filter(|s| **s == status).count())
                .unwrap_or(u32::MAX),
        })
        .filter(|c| c.count > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 25).unwrap()
    }

    fn problem(e: ApiError) -> (String, Problem) {
        match e {
            ApiError::Invalid { field, problem } => (field, problem),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn a_spending_of_zero_or_less_is_refused_on_the_amount() {
        for (typed, expected) in [("0", Problem::Zero), ("-5 000", Problem::Negative)] {
            let request = SpendingRequest {
                date: "2026-11-20".into(),
                amount: typed.into(),
                purpose: "Saplings".into(),
                receipt: None,
            };
            assert_eq!(
                problem(request.parse(today()).unwrap_err()),
                ("amount".to_owned(), expected)
            );
        }
    }

    #[test]
    fn a_spending_dated_tomorrow_is_refused_and_today_is_accepted() {
        let mut request = SpendingRequest {
            date: "2026-11-26".into(),
            amount: "1 500 000".into(),
            purpose: "Saplings".into(),
            receipt: None,
        };
        assert_eq!(
            problem(request.parse(today()).unwrap_err()),
            ("date".to_owned(), Problem::InTheFuture)
        );
        request.date = "2026-11-25".into();
        assert_eq!(
            request.parse(today()).unwrap().amount,
            Money::tenge(1_500_000)
        );
    }

    #[test]
    fn a_milestone_cannot_be_marked_done_tomorrow() {
        let tomorrow = MilestoneDoneRequest {
            done: "2026-11-26".into(),
        };
        assert_eq!(
            problem(tomorrow.parse(today()).unwrap_err()),
            ("done".to_owned(), Problem::InTheFuture)
        );
        let malformed = MilestoneDoneRequest {
            done: "26.11.2026".into(),
        };
        assert_eq!(
            problem(malformed.parse(today()).unwrap_err()),
            ("done".to_owned(), Problem::Malformed)
        );
    }

    #[test]
    fn an_output_needs_a_known_unit_and_a_count_above_zero() {
        let mut request = OutputRequest {
            quantity: "7 100".into(),
            unit: String::new(),
            what: "Trees planted".into(),
        };
        assert_eq!(
            problem(request.clone().parse().unwrap_err()),
            ("unit".to_owned(), Problem::Required)
        );
        request.unit = "barrels".into();
        assert_eq!(
            problem(request.clone().parse().unwrap_err()),
            ("unit".to_owned(), Problem::UnknownValue)
        );
        request.unit = "trees".into();
        assert_eq!(request.clone().parse().unwrap().quantity, 7_100);
        request.quantity = "0".into();
        assert_eq!(
            problem(request.clone().parse().unwrap_err()),
            ("quantity".to_owned(), Problem::Zero)
        );
        request.quantity = "2.5".into();
        assert_eq!(
            problem(request.parse().unwrap_err()),
            ("quantity".to_owned(), Problem::NotANumber)
        );
    }

    #[test]
    fn a_report_names_a_rating_and_carries_at_most_five_distinct_photos() {
        let photo = |n| PhotoId::from_u128(n);
        let mut request = ReportRequest {
            rating: "problem".into(),
            comment: "The new pump leaks".into(),
            photos: (1..=6).map(photo).collect(),
        };
        assert_eq!(
            problem(request.clone().parse().unwrap_err()).0,
            "photos".to_owned()
        );
        request.photos = vec![photo(1), photo(1)];
        assert_eq!(
            problem(request.clone().parse().unwrap_err()),
            ("photos".to_owned(), Problem::Duplicate)
        );
        request.photos = vec![photo(1)];
        assert_eq!(
            request.clone().parse().unwrap().0,
            MonitoringRating::Problem
        );
        request.rating = "terrible".into();
        assert_eq!(
            problem(request.parse().unwrap_err()),
            ("rating".to_owned(), Problem::UnknownValue)
        );
    }

    fn summary(category: Category, approved: i64, spent: i64) -> ProjectSummary {
        let spending = [Spending {
            date: today(),
            amount: Money::tenge(spent),
            purpose: Note::parse("Work").unwrap(),
        }];
        ProjectSummary {
            history_head: String::new(),
            id: ProjectId::from_u128(1),
            council: CouncilId::from_u128(2),
            council_name: Name::parse("Balkhash").unwrap(),
            title: crate::text::Title::parse("Clean coast").unwrap(),
            category,
            year: 2023,
            status: ProjectStatus::Underway,
            progress: crate::projects::progress(&[]),
            budget: crate::projects::budget(Money::tenge(approved), &spending).unwrap(),
            overdue: 0,
            open_problems: 0,
        }
    }

    #[test]
    fn category_totals_add_up_each_category_and_leave_out_empty_ones() {
        let totals = category_totals(&[
            summary(Category::Environment, 100, 40),
            summary(Category::Water, 50, 60),
            summary(Category::Environment, 30, 30),
        ])
        .unwrap();
        assert_eq!(totals.len(), 2);
        let environment = totals
            .iter()
            .find(|t| t.category == Category::Environment)
            .unwrap();
        assert_eq!(
            (
                environment.projects,
                environment.approved,
                environment.spent
            ),
            (2, Money::tenge(130), Money::tenge(70))
        );
    }

    #[test]
    fn status_counts_count_each_status_present() {
        let counts = status_counts([
            ProposalStatus::Approved,
            ProposalStatus::Forwarded,
            ProposalStatus::Approved,
        ]);
        assert_eq!(counts.len(), 2);
        assert!(counts.contains(&StatusCount {
            status: ProposalStatus::Approved,
            count: 2
        }));
    }

    #[test]
    fn an_answer_is_a_reason_of_at_least_ten_characters() {
        let short = AnswerRequest {
            answer: "Soon".into(),
        };
        assert_eq!(
            problem(short.parse().unwrap_err()),
            ("answer".to_owned(), Problem::TooShort { min: 10 })
        );
    }
}
