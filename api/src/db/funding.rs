//! Programme years with their allocations, assessors' assignments, and the managers' decisions
//! with the budget check made in the same statement as the write.

use super::events::Appender;
use super::{int, stored_id, text, wire_name, Db};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::api::{ApiError, AssessorSummary};
use shared::assessment::{Assignment, Submission};
use shared::events::Event;
use shared::funding::{Allocation, Approved, Decision, ProgrammeYear};
use shared::projects::Project;
use shared::text::Name;
use shared::time::Timestamp;
use shared::{CouncilId, MemberId, Money, ProgrammeId, ProposalId};
use worker::D1PreparedStatement;

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn from_json<T: serde::de::DeserializeOwned>(value: &str, what: &str) -> ApiResult<T> {
    serde_json::from_str(value).map_err(|_| super::corrupt(what))
}

#[derive(Deserialize)]
struct YearRow {
    id: String,
    year: i64,
    budget: i64,
    rubric: String,
    assessors_required: i64,
    vote_rules: String,
    grievance_deadlines: String,
    closed: i64,
}

#[derive(Deserialize)]
struct AllocationRow {
    year_id: String,
    council_id: String,
    amount: i64,
}

const YEAR_COLUMNS: &str =
    "id, year, budget, rubric, assessors_required, vote_rules, grievance_deadlines, closed";

fn plan_of(
    programme: ProgrammeId,
    row: &YearRow,
    allocations: &[AllocationRow],
) -> ApiResult<ProgrammeYear> {
    Ok(ProgrammeYear {
        id: stored_id(&row.id)?,
        programme,
        year: u16::try_from(row.year).map_err(|_| super::corrupt("year"))?,
        budget: Money::tenge(row.budget),
        allocations: allocations
            .iter()
            .filter(|a| a.year_id == row.id)
            .map(|a| {
                Ok(Allocation {
                    council: stored_id(&a.council_id)?,
                    amount: Money::tenge(a.amount),
                })
            })
            .collect::<ApiResult<_>>()?,
        rubric: from_json(&row.rubric, "rubric")?,
        assessors_required: u32::try_from(row.assessors_required)
            .unwrap_or(ProgrammeYear::DEFAULT_ASSESSORS),
        vote_rules: from_json(&row.vote_rules, "vote rules")?,
        grievance_deadlines: from_json(&row.grievance_deadlines, "deadlines")?,
        closed: row.closed != 0,
    })
}

/// A programme's plan for a year, with its allocations.
pub async fn year(db: &Db, programme: ProgrammeId, year: u16) -> ApiResult<Option<ProgrammeYear>> {
    let row: Option<YearRow> = db
        .first(
            &format!(
                "SELECT {YEAR_COLUMNS} FROM programme_years WHERE programme_id = ?1 AND year = ?2"
            ),
            &[text(programme.to_string()), int(i64::from(year))],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let allocations: Vec<AllocationRow> = db
        .all(
            "SELECT year_id, council_id, amount FROM allocations WHERE year_id = ?1 ORDER BY council_id",
            &[text(&row.id)],
        )
        .await?;
    plan_of(programme, &row, &allocations).map(Some)
}

/// Every year a programme has set up, with its allocations: two reads, however many years and
/// proposals ask for them.
pub async fn years(db: &Db, programme: ProgrammeId) -> ApiResult<Vec<ProgrammeYear>> {
    let key = [text(programme.to_string())];
    let years = format!("SELECT {YEAR_COLUMNS} FROM programme_years WHERE programme_id = ?1");
    let (rows, allocations) = futures_util::try_join!(
        db.all::<YearRow>(&years, &key),
        db.all::<AllocationRow>(
            "SELECT a.year_id, a.council_id, a.amount FROM allocations a \
             JOIN programme_years y ON y.id = a.year_id WHERE y.programme_id = ?1 ORDER BY a.council_id",
            &key,
        ),
    )?;
    rows.iter()
        .map(|row| plan_of(programme, row, &allocations))
        .collect()
}

/// Stores a year's plan (new, or replacing one that is not closed) with its event. False when
/// the year is closed.
pub async fn put_year(db: &Db, plan: &ProgrammeYear, event: &Event) -> ApiResult<bool> {
    let id = plan.id.to_string();
    let mut statements = vec![db.statement(
        "INSERT INTO programme_years (id, programme_id, year, budget, rubric, assessors_required, vote_rules, grievance_deadlines, closed) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0) \
         ON CONFLICT (programme_id, year) DO UPDATE SET budget = ?4, rubric = ?5, assessors_required = ?6, \
         vote_rules = ?7, grievance_deadlines = ?8 WHERE closed = 0",
        &[
            text(&id),
            text(plan.programme.to_string()),
            int(i64::from(plan.year)),
            int(plan.budget.amount()),
            text(json(&plan.rubric)),
            int(i64::from(plan.assessors_required)),
            text(json(&plan.vote_rules)),
            text(json(&plan.grievance_deadlines)),
        ],
    )?];
    // Allocations are replaced only while the year is open, under the id the year is stored
    // with: two first plans racing both write to the row the first one made, so the year's
    // allocations are always those of the plan whose budget it holds.
    let stored_id =
        "(SELECT id FROM programme_years WHERE programme_id = ?1 AND year = ?2 AND closed = 0)";
    let (programme, year) = (text(plan.programme.to_string()), int(i64::from(plan.year)));
    // What the council has approved as the batch runs: an allocation below it is written as -1,
    // which the table refuses, so a plan racing an approval fails whole instead of leaving more
    // approved than allocated; the route then judges it again against what is stored.
    let approved = format!(
        "(SELECT COALESCE(SUM(amount), 0) FROM decisions WHERE year_id = {stored_id} AND council_id = ?3 AND decision = 'approve')"
    );
    statements.push(db.statement(
        &format!("DELETE FROM allocations WHERE year_id = {stored_id}"),
        &[programme.clone(), year.clone()],
    )?);
    for allocation in &plan.allocations {
        statements.push(db.statement(
            &format!(
                "INSERT INTO allocations (year_id, council_id, amount) \
                 SELECT {stored_id}, ?3, CASE WHEN ?4 >= {approved} THEN ?4 ELSE -1 END \
                 WHERE {stored_id} IS NOT NULL"
            ),
            &[
                programme.clone(),
                year.clone(),
                text(allocation.council.to_string()),
                int(allocation.amount.amount()),
            ],
        )?);
    }
    // A council left out while it has approvals: the same refusal by the table.
    statements.push(db.statement(
        &format!(
            "INSERT INTO allocations (year_id, council_id, amount) \
             SELECT d.year_id, d.council_id, -1 FROM decisions d \
             WHERE d.year_id = {stored_id} AND d.decision = 'approve' AND d.amount > 0 \
             AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.year_id = d.year_id AND a.council_id = d.council_id) \
             LIMIT 1"
        ),
        &[programme.clone(), year.clone()],
    )?);
    // The event only if the plan was written: a closed year changes nothing, in its history too.
    statements.push(
        Appender::default()
            .conditional_statement(
                db,
                event,
                "EXISTS (SELECT 1 FROM programme_years WHERE programme_id = ?7 AND closed = 0 AND year = json_extract(?5, '$.year'))",
                text(plan.programme.to_string()),
            )
            .await?,
    );
    let changes = db.batch_results(statements).await?;
    Ok(changes.first() == Some(&1))
}

/// Closes a year with its event; false when it was closed already.
pub async fn close_year(db: &Db, plan: &ProgrammeYear, event: &Event) -> ApiResult<bool> {
    let close = db.statement(
        "UPDATE programme_years SET closed = 1 WHERE id = ?1 AND closed = 0",
        &[text(plan.id.to_string())],
    )?;
    let event = Appender::default()
        .conditional_statement(
            db,
            event,
            "EXISTS (SELECT 1 FROM programme_years WHERE id = ?7 AND closed = 1)",
            text(plan.id.to_string()),
        )
        .await?;
    match db.batch_results(vec![close, event]).await {
        Ok(changes) => Ok(changes.first() == Some(&1)),
        Err(ApiError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct Sum {
    council_id: String,
    total: i64,
}

/// Approved amounts per council of a year.
pub async fn approved_by_council(
    db: &Db,
    year: &ProgrammeYear,
) -> ApiResult<Vec<(CouncilId, Money)>> {
    let rows: Vec<Sum> = db
        .all(
            "SELECT council_id, SUM(amount) AS total FROM decisions WHERE year_id = ?1 AND decision = 'approve' GROUP BY council_id",
            &[text(year.id.to_string())],
        )
        .await?;
    rows.iter()
        .map(|r| Ok((stored_id(&r.council_id)?, Money::tenge(r.total))))
        .collect()
}

/// Spending recorded on the year's projects, per council.
pub async fn spent_by_council(db: &Db, year: &ProgrammeYear) -> ApiResult<Vec<(CouncilId, Money)>> {
    let rows: Vec<Sum> = db
        .all(
            "SELECT p.council_id AS council_id, SUM(s.amount) AS total FROM spending s JOIN projects p ON p.id = s.project_id \
             WHERE p.programme_id = ?1 AND p.year = ?2 GROUP BY p.council_id",
            &[text(year.programme.to_string()), int(i64::from(year.year))],
        )
        .await?;
    rows.iter()
        .map(|r| Ok((stored_id(&r.council_id)?, Money::tenge(r.total))))
        .collect()
}

/// What is approved so far for a council and for the whole year.
pub async fn approved(db: &Db, year: &ProgrammeYear, council: CouncilId) -> ApiResult<Approved> {
    let by_council = approved_by_council(db, year).await?;
    let council_total = by_council
        .iter()
        .find(|(c, _)| *c == council)
        .map_or(Money::ZERO, |(_, m)| *m);
    let year_total = Money::sum(by_council.iter().map(|(_, m)| *m))
        .map_err(|_| super::corrupt("approved total"))?;
    Ok(Approved {
        council: council_total,
        year: year_total,
    })
}

/// The members of a programme who are assessors, by name.
pub async fn assessors(db: &Db, programme: ProgrammeId) -> ApiResult<Vec<AssessorSummary>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT id, display_name AS name FROM members WHERE programme_id = ?1 AND role = 'assessor' ORDER BY display_name",
            &[text(programme.to_string())],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(AssessorSummary {
                id: stored_id(&r.id)?,
                name: Name::parse(&r.name).map_err(|_| super::corrupt("name"))?,
            })
        })
        .collect()
}

/// The assessors of a proposal and what each handed in.
/// The assignments of each of these proposals, in one read.
pub async fn assignments_of(
    db: &Db,
    proposals: &[ProposalId],
) -> ApiResult<std::collections::HashMap<ProposalId, Vec<Assignment>>> {
    #[derive(Deserialize)]
    struct Row {
        proposal_id: String,
        assessor_id: String,
        submission: Option<String>,
    }
    let ids: Vec<String> = proposals.iter().map(ToString::to_string).collect();
    let ids = serde_json::to_string(&ids).map_err(|_| ApiError::Internal)?;
    let rows: Vec<Row> = db
        .all(
            "SELECT proposal_id, assessor_id, submission FROM assignments \
             WHERE proposal_id IN (SELECT value FROM json_each(?1)) ORDER BY assigned_at, assessor_id",
            &[text(ids)],
        )
        .await?;
    let mut of = std::collections::HashMap::<ProposalId, Vec<Assignment>>::new();
    for r in &rows {
        of.entry(stored_id(&r.proposal_id)?)
            .or_default()
            .push(Assignment {
                assessor: stored_id(&r.assessor_id)?,
                submission: r
                    .submission
                    .as_deref()
                    .map(|s| from_json::<Submission>(s, "submission"))
                    .transpose()?,
            });
    }
    Ok(of)
}

pub async fn assignments(db: &Db, proposal: ProposalId) -> ApiResult<Vec<Assignment>> {
    Ok(assignments_of(db, &[proposal])
        .await?
        .remove(&proposal)
        .unwrap_or_default())
}

pub fn assign(
    db: &Db,
    proposal: ProposalId,
    assessor: MemberId,
    now: Timestamp,
) -> ApiResult<D1PreparedStatement> {
    db.statement(
        "INSERT OR IGNORE INTO assignments (proposal_id, assessor_id, assigned_at) VALUES (?1, ?2, ?3)",
        &[text(proposal.to_string()), text(assessor.to_string()), text(now.to_string())],
    )
}

/// Records a submission unless one was handed in already (a repeat or a race).
pub fn submit(
    db: &Db,
    proposal: ProposalId,
    assessor: MemberId,
    submission: &Submission,
    now: Timestamp,
) -> ApiResult<D1PreparedStatement> {
    db.statement(
        "UPDATE assignments SET submission = ?3, submitted_at = ?4 WHERE proposal_id = ?1 AND assessor_id = ?2 AND submission IS NULL",
        &[
            text(proposal.to_string()),
            text(assessor.to_string()),
            text(json(submission)),
            text(now.to_string()),
        ],
    )
}

/// The statements that record a decision. An approval is inserted only if, at that moment,
/// it fits what remains of the council's allocation and of the year's budget; every statement
/// after it only acts if it was inserted, so a refused approval changes nothing. The first
/// statement's change count says whether it was recorded.
pub fn decide(
    db: &Db,
    year: &ProgrammeYear,
    proposal: ProposalId,
    council: CouncilId,
    decision: &Decision,
    now: Timestamp,
) -> ApiResult<D1PreparedStatement> {
    let (kind, amount, reason) = match decision {
        Decision::Approve { amount, reason } => ("approve", *amount, reason),
        Decision::Decline { reason } => ("decline", Money::ZERO, reason),
        Decision::Defer { reason } => ("defer", Money::ZERO, reason),
    };
    let allocation = year.allocation(council).unwrap_or(Money::ZERO);
    db.statement(
        "INSERT INTO decisions (proposal_id, year_id, council_id, decision, amount, reason, decided_at) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 \
         WHERE ?4 <> 'approve' OR ( \
           (SELECT COALESCE(SUM(amount), 0) FROM decisions WHERE year_id = ?2 AND council_id = ?3 AND decision = 'approve') + ?5 \
             <= MIN(?8, (SELECT amount FROM allocations WHERE year_id = ?2 AND council_id = ?3)) \
           AND (SELECT COALESCE(SUM(amount), 0) FROM decisions WHERE year_id = ?2 AND decision = 'approve') + ?5 \
             <= MIN(?9, (SELECT budget FROM programme_years WHERE id = ?2 AND closed = 0)))",
        &[
            text(proposal.to_string()),
            text(year.id.to_string()),
            text(council.to_string()),
            text(kind),
            int(amount.amount()),
            text(reason.as_str()),
            text(now.to_string()),
            int(allocation.amount()),
            int(year.budget.amount()),
        ],
    )
}

/// Moves the proposal to `status` only if its decision was recorded in the same batch.
pub fn decided_status(
    db: &Db,
    proposal: ProposalId,
    status: shared::proposals::ProposalStatus,
    now: Timestamp,
) -> ApiResult<D1PreparedStatement> {
    db.statement(
        "UPDATE proposals SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'assessed' \
         AND EXISTS (SELECT 1 FROM decisions WHERE proposal_id = ?1)",
        &[
            text(proposal.to_string()),
            text(wire_name(&status)),
            text(now.to_string()),
        ],
    )
}

/// The project an approval starts, only if the approval was recorded.
pub fn start_project(db: &Db, project: &Project, now: Timestamp) -> ApiResult<D1PreparedStatement> {
    let proposal = project.proposal.map(|p| p.to_string()).unwrap_or_default();
    db.statement(
        "INSERT INTO projects (id, programme_id, council_id, proposal_id, title, category, year, budget, beneficiaries, created_at) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 \
         WHERE EXISTS (SELECT 1 FROM decisions WHERE proposal_id = ?4 AND decision = 'approve')",
        &[
            text(project.id.to_string()),
            text(project.programme.to_string()),
            text(project.council.to_string()),
            text(proposal),
            text(project.title.as_str()),
            text(wire_name(&project.category)),
            int(i64::from(project.year)),
            int(project.budget.amount()),
            int(i64::from(project.beneficiaries)),
            text(now.to_string()),
        ],
    )
}

/// An event appended only if the proposal's decision was recorded.
pub async fn event_if_decided(
    db: &Db,
    appender: &mut Appender,
    proposal: ProposalId,
    event: &Event,
) -> ApiResult<D1PreparedStatement> {
    appender
        .conditional_statement(
            db,
            event,
            "EXISTS (SELECT 1 FROM decisions WHERE proposal_id = ?7)",
            text(proposal.to_string()),
        )
        .await
}

/// A decision as published in the year's open data.
pub struct PublishedDecision {
    pub proposal: ProposalId,
    pub council_name: Name,
    pub decision: String,
    pub amount: Money,
    pub reason: String,
    pub decided_at: Timestamp,
}

/// The decisions of a programme year, oldest first.
pub async fn decisions_of_year(db: &Db, year: &ProgrammeYear) -> ApiResult<Vec<PublishedDecision>> {
    #[derive(Deserialize)]
    struct Row {
        proposal_id: String,
        council_name: String,
        decision: String,
        amount: i64,
        reason: String,
        decided_at: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT d.proposal_id, c.name AS council_name, d.decision, d.amount, d.reason, d.decided_at \
             FROM decisions d JOIN councils c ON c.id = d.council_id WHERE d.year_id = ?1 ORDER BY d.decided_at, d.proposal_id",
            &[text(year.id.to_string())],
        )
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PublishedDecision {
                proposal: stored_id(&r.proposal_id)?,
                council_name: Name::parse(&r.council_name).map_err(|_| super::corrupt("name"))?,
                decision: r.decision,
                amount: Money::tenge(r.amount),
                reason: r.reason,
                decided_at: super::stored_time(&r.decided_at)?,
            })
        })
        .collect()
}
