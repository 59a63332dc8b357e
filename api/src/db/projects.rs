//! Projects with their milestones, spending, outputs, updates and monitoring reports, and the
//! programme year's half-year plan.

use super::events::Appender;
use super::{
    corrupt, from_wire_name, int, optional_text, stored_id, stored_time, text, wire_name, Db,
};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::api::{OutputView, PlannedView, ReportView, SpendingView, UpdateView};
use shared::events::Event;
use shared::projects::{Milestone, Output, PlannedActivity, Project, Spending, Update};
use shared::text::{Description, Name, Note, Reason, Title};
use shared::time::{Date, Timestamp};
use shared::{
    MemberId, Money, PhotoId, ProgrammeId, ProgrammeYearId, ProjectId, ReportId, UpdateId,
};
use worker::D1PreparedStatement;

/// What a project holds, all stored together when the project is recorded.
pub struct ProjectRecord<'a> {
    pub project: &'a Project,
    pub milestones: &'a [Milestone],
    pub spending: &'a [Spending],
    pub outputs: &'a [Output],
}

pub async fn create(
    db: &Db,
    record: &ProjectRecord<'_>,
    events: &[Event],
    now: Timestamp,
) -> ApiResult<()> {
    let project = record.project;
    let id = project.id.to_string();
    let mut statements = vec![db.statement(
        "INSERT INTO projects (id, programme_id, council_id, proposal_id, title, category, year, budget, beneficiaries, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &[
            text(&id),
            text(project.programme.to_string()),
            text(project.council.to_string()),
            optional_text(project.proposal.map(|p| p.to_string())),
            text(project.title.as_str()),
            text(wire_name(&project.category)),
            int(i64::from(project.year)),
            int(project.budget.amount()),
            int(i64::from(project.beneficiaries)),
            text(now.to_string()),
        ],
    )?];
    for m in record.milestones {
        statements.push(db.statement(
            "INSERT INTO milestones (project_id, title, due, done) VALUES (?1, ?2, ?3, ?4)",
            &[
                text(&id),
                text(m.title.as_str()),
                text(m.due.to_string()),
                optional_text(m.done.map(|d| d.to_string())),
            ],
        )?);
    }
    for s in record.spending {
        statements.push(db.statement(
            "INSERT INTO spending (project_id, date, amount, purpose) VALUES (?1, ?2, ?3, ?4)",
            &[
                text(&id),
                text(s.date.to_string()),
                int(s.amount.amount()),
                text(s.purpose.as_str()),
            ],
        )?);
    }
    for o in record.outputs {
        statements.push(db.statement(
            "INSERT INTO outputs (project_id, quantity, unit, what) VALUES (?1, ?2, ?3, ?4)",
            &[
                text(&id),
                int(i64::try_from(o.quantity).unwrap_or(i64::MAX)),
                text(wire_name(&o.unit)),
                text(o.what.as_str()),
            ],
        )?);
    }
    let mut appender = Appender::default();
    for event in events {
        statements.push(appender.statement(db, event).await?);
    }
    db.batch(statements).await
}

pub async fn plan_activities(
    db: &Db,
    year: ProgrammeYearId,
    activities: &[PlannedActivity],
    event: Option<&Event>,
) -> ApiResult<()> {
    let mut statements = activities
        .iter()
        .map(|a| {
            db.statement(
                "INSERT INTO planned_activities (year_id, title, year, half, expected_cost, done) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                &[
                    text(year.to_string()),
                    text(a.title.as_str()),
                    int(i64::from(a.year)),
                    int(i64::from(a.half)),
                    int(a.expected_cost.amount()),
                    a.done.map_or(wasm_bindgen::JsValue::NULL, |d| int(i64::from(d))),
                ],
            )
        })
        .collect::<ApiResult<Vec<_>>>()?;
    if let Some(event) = event {
        statements.push(Appender::default().statement(db, event).await?);
    }
    db.batch(statements).await
}

fn stored_date(value: &str) -> ApiResult<Date> {
    Date::parse(value).map_err(|_| corrupt("date"))
}

fn stored_text<T>(parsed: Result<T, shared::text::TextError>) -> ApiResult<T> {
    parsed.map_err(|_| corrupt("text"))
}

/// A project with the names the page shows.
pub struct StoredProject {
    pub project: Project,
    pub programme_name: Name,
    pub council_name: Name,
}

#[derive(Deserialize)]
struct ProjectRow {
    id: String,
    programme_id: String,
    council_id: String,
    proposal_id: Option<String>,
    title: String,
    category: String,
    year: i64,
    budget: i64,
    beneficiaries: i64,
    programme_name: String,
    council_name: String,
}

const PROJECT_COLUMNS: &str = "p.id, p.programme_id, p.council_id, p.proposal_id, p.title, p.category, p.year, p.budget, \
     p.beneficiaries, g.name AS programme_name, c.name AS council_name \
     FROM projects p JOIN programmes g ON g.id = p.programme_id JOIN councils c ON c.id = p.council_id";

impl ProjectRow {
    fn read(&self) -> ApiResult<StoredProject> {
        Ok(StoredProject {
            project: Project {
                id: stored_id(&self.id)?,
                programme: stored_id(&self.programme_id)?,
                council: stored_id(&self.council_id)?,
                proposal: self
                    .proposal_id
                    .as_deref()
                    .filter(|p| !p.is_empty())
                    .map(stored_id)
                    .transpose()?,
                title: stored_text(Title::parse(&self.title))?,
                category: from_wire_name(&self.category)?,
                year: u16::try_from(self.year).map_err(|_| corrupt("year"))?,
                budget: Money::tenge(self.budget),
                beneficiaries: u32::try_from(self.beneficiaries).unwrap_or(0),
            },
            programme_name: stored_text(Name::parse(&self.programme_name))?,
            council_name: stored_text(Name::parse(&self.council_name))?,
        })
    }
}

pub async fn load(db: &Db, project: ProjectId) -> ApiResult<Option<StoredProject>> {
    let row: Option<ProjectRow> = db
        .first(
            &format!("SELECT {PROJECT_COLUMNS} WHERE p.id = ?1"),
            &[text(project.to_string())],
        )
        .await?;
    row.map(|r| r.read()).transpose()
}

/// The project an approval started, if any.
pub async fn of_proposal(db: &Db, proposal: shared::ProposalId) -> ApiResult<Option<ProjectId>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT id FROM projects WHERE proposal_id = ?1",
            &[text(proposal.to_string())],
        )
        .await?;
    row.map(|r| stored_id(&r.id)).transpose()
}

/// The projects of a programme year, in the order they were started.
pub async fn of_year(db: &Db, programme: ProgrammeId, year: u16) -> ApiResult<Vec<StoredProject>> {
    let rows: Vec<ProjectRow> = db
        .all(
            &format!(
                "SELECT {PROJECT_COLUMNS} WHERE p.programme_id = ?1 AND p.year = ?2 ORDER BY p.created_at, p.id"
            ),
            &[text(programme.to_string()), int(i64::from(year))],
        )
        .await?;
    rows.iter().map(ProjectRow::read).collect()
}

#[derive(Deserialize)]
struct MilestoneRow {
    id: i64,
    project_id: String,
    title: String,
    due: String,
    done: Option<String>,
}

/// Milestones of the given projects (one project, or a whole year), each with its project.
async fn milestone_rows(
    db: &Db,
    filter: &str,
    values: &[wasm_bindgen::JsValue],
) -> ApiResult<Vec<(ProjectId, i64, Milestone)>> {
    let rows: Vec<MilestoneRow> = db
        .all(
            &format!(
                "SELECT m.id, m.project_id, m.title, m.due, m.done FROM milestones m JOIN projects p ON p.id = m.project_id \
                 WHERE {filter} ORDER BY m.due, m.id"
            ),
            values,
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                stored_id(&r.project_id)?,
                r.id,
                Milestone {
                    title: stored_text(Note::parse(&r.title))?,
                    due: stored_date(&r.due)?,
                    done: r.done.as_deref().map(stored_date).transpose()?,
                },
            ))
        })
        .collect()
}

#[derive(Deserialize)]
struct SpendingRow {
    id: i64,
    project_id: String,
    date: String,
    amount: i64,
    purpose: String,
    receipt: Option<String>,
}

async fn spending_rows(
    db: &Db,
    filter: &str,
    values: &[wasm_bindgen::JsValue],
) -> ApiResult<Vec<(ProjectId, SpendingView)>> {
    let rows: Vec<SpendingRow> = db
        .all(
            &format!(
                "SELECT s.id, s.project_id, s.date, s.amount, s.purpose, s.receipt FROM spending s JOIN projects p ON p.id = s.project_id \
                 WHERE {filter} ORDER BY s.date, s.id"
            ),
            values,
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                stored_id(&r.project_id)?,
                SpendingView {
                    id: r.id,
                    spending: Spending {
                        date: stored_date(&r.date)?,
                        amount: Money::tenge(r.amount),
                        purpose: stored_text(Note::parse(&r.purpose))?,
                    },
                    receipt: r.receipt.as_deref().map(stored_id).transpose()?,
                },
            ))
        })
        .collect()
}

#[derive(Deserialize)]
struct OutputRow {
    id: i64,
    project_id: String,
    quantity: i64,
    unit: String,
    what: String,
}

async fn output_rows(
    db: &Db,
    filter: &str,
    values: &[wasm_bindgen::JsValue],
) -> ApiResult<Vec<(ProjectId, OutputView)>> {
    let rows: Vec<OutputRow> = db
        .all(
            &format!(
                "SELECT o.id, o.project_id, o.quantity, o.unit, o.what FROM outputs o JOIN projects p ON p.id = o.project_id \
                 WHERE {filter} ORDER BY o.id"
            ),
            values,
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                stored_id(&r.project_id)?,
                OutputView {
                    id: r.id,
                    output: Output {
                        quantity: u64::try_from(r.quantity).map_err(|_| corrupt("quantity"))?,
                        unit: from_wire_name(&r.unit)?,
                        what: stored_text(Note::parse(&r.what))?,
                    },
                },
            ))
        })
        .collect()
}

const ONE_PROJECT: &str = "p.id = ?1";
const ONE_YEAR: &str = "p.programme_id = ?1 AND p.year = ?2";

fn year_values(programme: ProgrammeId, year: u16) -> [wasm_bindgen::JsValue; 2] {
    [text(programme.to_string()), int(i64::from(year))]
}

/// A project's own records, as listed on its page.
pub struct Records {
    pub milestones: Vec<(i64, Milestone)>,
    pub spending: Vec<SpendingView>,
    pub outputs: Vec<OutputView>,
}

pub async fn records(db: &Db, project: ProjectId) -> ApiResult<Records> {
    let id = [text(project.to_string())];
    Ok(Records {
        milestones: milestone_rows(db, ONE_PROJECT, &id)
            .await?
            .into_iter()
            .map(|(_, n, m)| (n, m))
            .collect(),
        spending: spending_rows(db, ONE_PROJECT, &id)
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect(),
        outputs: output_rows(db, ONE_PROJECT, &id)
            .await?
            .into_iter()
            .map(|(_, o)| o)
            .collect(),
    })
}

/// Every milestone, spending entry and output of a programme year's projects.
pub struct YearRecords {
    pub milestones: Vec<(ProjectId, i64, Milestone)>,
    pub spending: Vec<(ProjectId, SpendingView)>,
    pub outputs: Vec<(ProjectId, OutputView)>,
}

pub async fn year_records(db: &Db, programme: ProgrammeId, year: u16) -> ApiResult<YearRecords> {
    let values = year_values(programme, year);
    Ok(YearRecords {
        milestones: milestone_rows(db, ONE_YEAR, &values).await?,
        spending: spending_rows(db, ONE_YEAR, &values).await?,
        outputs: output_rows(db, ONE_YEAR, &values).await?,
    })
}

/// Unanswered problem reports per project of a programme year.
pub async fn open_problems(
    db: &Db,
    programme: ProgrammeId,
    year: u16,
) -> ApiResult<Vec<(ProjectId, u32)>> {
    #[derive(Deserialize)]
    struct Row {
        project_id: String,
        n: u32,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT r.project_id, COUNT(*) AS n FROM monitoring_reports r JOIN projects p ON p.id = r.project_id \
             WHERE p.programme_id = ?1 AND p.year = ?2 AND r.rating = 'problem' AND r.answered_at IS NULL GROUP BY r.project_id",
            &year_values(programme, year),
        )
        .await?;
    rows.iter()
        .map(|r| Ok((stored_id(&r.project_id)?, r.n)))
        .collect()
}

#[derive(Deserialize)]
struct PhotoRow {
    id: String,
    subject_id: String,
}

/// The published photos of a project's entries of one kind, by entry.
async fn entry_photos(
    db: &Db,
    project: ProjectId,
    kind: &str,
) -> ApiResult<Vec<(String, PhotoId)>> {
    let rows: Vec<PhotoRow> = db
        .all(
            "SELECT id, subject_id FROM photos WHERE project_id = ?1 AND subject_kind = ?2 ORDER BY created_at, id",
            &[text(project.to_string()), text(kind)],
        )
        .await?;
    photo_pairs(&rows)
}

fn photo_pairs(rows: &[PhotoRow]) -> ApiResult<Vec<(String, PhotoId)>> {
    rows.iter()
        .map(|r| Ok((r.subject_id.clone(), stored_id(&r.id)?)))
        .collect()
}

fn photos_of(all: &[(String, PhotoId)], entry: &str) -> Vec<PhotoId> {
    all.iter()
        .filter(|(subject, _)| subject == entry)
        .map(|(_, p)| *p)
        .collect()
}

/// The project's updates, newest first.
pub async fn updates(db: &Db, project: ProjectId) -> ApiResult<Vec<UpdateView>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        date: String,
        body: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT id, date, body FROM project_updates WHERE project_id = ?1 ORDER BY posted_at DESC, id",
            &[text(project.to_string())],
        )
        .await?;
    let photos = entry_photos(db, project, "update").await?;
    rows.iter()
        .map(|r| {
            Ok(UpdateView {
                id: stored_id(&r.id)?,
                update: Update {
                    date: stored_date(&r.date)?,
                    text: stored_text(Description::parse(&r.body))?,
                },
                photos: photos_of(&photos, &r.id),
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct ReportRow {
    id: String,
    project_id: String,
    rating: String,
    comment: String,
    reported_at: String,
    answer: Option<String>,
    answered_at: Option<String>,
}

impl ReportRow {
    fn read(&self, photos: Vec<PhotoId>) -> ApiResult<ReportView> {
        let rating = from_wire_name(&self.rating)?;
        let answer = self
            .answer
            .as_deref()
            .map(|a| stored_text(Reason::parse(a)))
            .transpose()?;
        let report = shared::projects::MonitoringReport {
            rating,
            comment: stored_text(Description::parse(&self.comment))?,
            answer,
        };
        Ok(ReportView {
            id: stored_id(&self.id)?,
            project: stored_id(&self.project_id)?,
            at: stored_time(&self.reported_at)?,
            needs_answer: report.needs_answer(),
            rating: report.rating,
            comment: report.comment,
            answer: report.answer,
            answered_at: self.answered_at.as_deref().map(stored_time).transpose()?,
            photos,
        })
    }
}

const REPORT_COLUMNS: &str =
    "r.id, r.project_id, r.rating, r.comment, r.reported_at, r.answer, r.answered_at";

/// The project's monitoring reports, newest first.
pub async fn reports(db: &Db, project: ProjectId) -> ApiResult<Vec<ReportView>> {
    let rows: Vec<ReportRow> = db
        .all(
            &format!("SELECT {REPORT_COLUMNS} FROM monitoring_reports r WHERE r.project_id = ?1 ORDER BY r.reported_at DESC, r.id"),
            &[text(project.to_string())],
        )
        .await?;
    let photos = entry_photos(db, project, "report").await?;
    rows.iter()
        .map(|r| r.read(photos_of(&photos, &r.id)))
        .collect()
}

/// One report of a project.
pub async fn report(
    db: &Db,
    project: ProjectId,
    report: ReportId,
) -> ApiResult<Option<ReportView>> {
    let row: Option<ReportRow> = db
        .first(
            &format!("SELECT {REPORT_COLUMNS} FROM monitoring_reports r WHERE r.id = ?1 AND r.project_id = ?2"),
            &[text(report.to_string()), text(project.to_string())],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let photos = entry_photos(db, project, "report").await?;
    row.read(photos_of(&photos, &row.id)).map(Some)
}

/// A programme's problem reports not yet answered, oldest first, with their project.
pub async fn unanswered(
    db: &Db,
    programme: ProgrammeId,
) -> ApiResult<Vec<(ReportView, Title, Name)>> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        report: ReportRow,
        title: String,
        council_name: String,
    }
    let rows: Vec<Row> = db
        .all(
            &format!(
                "SELECT {REPORT_COLUMNS}, p.title, c.name AS council_name FROM monitoring_reports r \
                 JOIN projects p ON p.id = r.project_id JOIN councils c ON c.id = p.council_id \
                 WHERE p.programme_id = ?1 AND r.rating = 'problem' AND r.answered_at IS NULL ORDER BY r.reported_at, r.id"
            ),
            &[text(programme.to_string())],
        )
        .await?;
    // The photos of every listed report, in one read.
    let photo_rows: Vec<PhotoRow> = db
        .all(
            "SELECT ph.id, ph.subject_id FROM photos ph \
             JOIN monitoring_reports r ON r.id = ph.subject_id AND r.project_id = ph.project_id \
             JOIN projects p ON p.id = r.project_id \
             WHERE ph.subject_kind = 'report' AND p.programme_id = ?1 AND r.rating = 'problem' AND r.answered_at IS NULL \
             ORDER BY ph.created_at, ph.id",
            &[text(programme.to_string())],
        )
        .await?;
    let photos = photo_pairs(&photo_rows)?;
    rows.iter()
        .map(|row| {
            Ok((
                row.report.read(photos_of(&photos, &row.report.id))?,
                stored_text(Title::parse(&row.title))?,
                stored_text(Name::parse(&row.council_name))?,
            ))
        })
        .collect()
}

/// Whether every listed photo was uploaded to this project by this member and not yet posted.
pub async fn pending_photos_are(
    db: &Db,
    project: ProjectId,
    uploader: MemberId,
    photos: &[PhotoId],
) -> ApiResult<bool> {
    for photo in photos {
        let row: Option<PhotoRow> = db
            .first(
                "SELECT id, subject_id FROM photos WHERE id = ?1 AND project_id = ?2 AND uploaded_by = ?3 AND subject_kind = 'pending'",
                &[text(photo.to_string()), text(project.to_string()), text(uploader.to_string())],
            )
            .await?;
        if row.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Publishes pending photos with the entry that carries them.
fn attach_photos(
    db: &Db,
    project: ProjectId,
    uploader: MemberId,
    kind: &str,
    entry: &str,
    photos: &[PhotoId],
) -> ApiResult<Vec<D1PreparedStatement>> {
    photos
        .iter()
        .map(|photo| {
            db.statement(
                "UPDATE photos SET subject_kind = ?4, subject_id = ?5 WHERE id = ?1 AND project_id = ?2 AND uploaded_by = ?3 AND subject_kind = 'pending'",
                &[
                    text(photo.to_string()),
                    text(project.to_string()),
                    text(uploader.to_string()),
                    text(kind),
                    text(entry),
                ],
            )
        })
        .collect()
}

/// Runs a write with its event, in one batch.
async fn with_event(
    db: &Db,
    mut statements: Vec<D1PreparedStatement>,
    event: &Event,
) -> ApiResult<()> {
    statements.push(Appender::default().statement(db, event).await?);
    db.batch_results(statements).await.map(|_| ())
}

pub async fn add_milestone(
    db: &Db,
    project: ProjectId,
    milestone: &Milestone,
    event: &Event,
    now: Timestamp,
) -> ApiResult<()> {
    let insert = db.statement(
        "INSERT INTO milestones (project_id, title, due, done, added_at) VALUES (?1, ?2, ?3, NULL, ?4)",
        &[
            text(project.to_string()),
            text(milestone.title.as_str()),
            text(milestone.due.to_string()),
            text(now.to_string()),
        ],
    )?;
    with_event(db, vec![insert], event).await
}

/// Marks a milestone of the project done; false when it is done already (or not this project's).
pub async fn milestone_done(
    db: &Db,
    project: ProjectId,
    milestone: i64,
    done: Date,
    event: &Event,
) -> ApiResult<bool> {
    let update = db.statement(
        "UPDATE milestones SET done = ?3 WHERE id = ?1 AND project_id = ?2 AND done IS NULL",
        &[
            int(milestone),
            text(project.to_string()),
            text(done.to_string()),
        ],
    )?;
    super::events::with_guarded_update(db, update, event).await
}

pub async fn milestone_exists(
    db: &Db,
    project: ProjectId,
    milestone: i64,
) -> ApiResult<Option<bool>> {
    #[derive(Deserialize)]
    struct Row {
        done: Option<String>,
    }
    let row: Option<Row> = db
        .first(
            "SELECT done FROM milestones WHERE id = ?1 AND project_id = ?2",
            &[int(milestone), text(project.to_string())],
        )
        .await?;
    Ok(row.map(|r| r.done.is_some()))
}

pub struct NewSpending<'a> {
    pub spending: &'a Spending,
    pub receipt: Option<PhotoId>,
    pub recorded_by: MemberId,
}

pub async fn add_spending(
    db: &Db,
    project: ProjectId,
    entry: &NewSpending<'_>,
    event: &Event,
    now: Timestamp,
) -> ApiResult<()> {
    let receipt = entry.receipt.map(|r| r.to_string());
    let mut statements = vec![db.statement(
        "INSERT INTO spending (project_id, date, amount, purpose, receipt, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            text(project.to_string()),
            text(entry.spending.date.to_string()),
            int(entry.spending.amount.amount()),
            text(entry.spending.purpose.as_str()),
            optional_text(receipt.as_deref()),
            text(now.to_string()),
        ],
    )?];
    if let Some(receipt) = entry.receipt {
        let key = receipt.to_string();
        statements.extend(attach_photos(
            db,
            project,
            entry.recorded_by,
            "receipt",
            &key,
            &[receipt],
        )?);
    }
    with_event(db, statements, event).await
}

pub async fn add_output(
    db: &Db,
    project: ProjectId,
    output: &Output,
    event: &Event,
) -> ApiResult<()> {
    let insert = db.statement(
        "INSERT INTO outputs (project_id, quantity, unit, what) VALUES (?1, ?2, ?3, ?4)",
        &[
            text(project.to_string()),
            int(i64::try_from(output.quantity).unwrap_or(i64::MAX)),
            text(wire_name(&output.unit)),
            text(output.what.as_str()),
        ],
    )?;
    with_event(db, vec![insert], event).await
}

pub async fn set_beneficiaries(
    db: &Db,
    project: ProjectId,
    count: u32,
    event: &Event,
) -> ApiResult<()> {
    let update = db.statement(
        "UPDATE projects SET beneficiaries = ?2 WHERE id = ?1",
        &[text(project.to_string()), int(i64::from(count))],
    )?;
    with_event(db, vec![update], event).await
}

pub struct NewEntry<'a> {
    pub project: ProjectId,
    pub author: MemberId,
    pub photos: &'a [PhotoId],
    pub now: Timestamp,
}

pub async fn post_update(
    db: &Db,
    entry: &NewEntry<'_>,
    id: UpdateId,
    update: &Update,
    event: &Event,
) -> ApiResult<()> {
    let key = id.to_string();
    let mut statements = vec![db.statement(
        "INSERT INTO project_updates (id, project_id, date, body, posted_by, posted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            text(&key),
            text(entry.project.to_string()),
            text(update.date.to_string()),
            text(update.text.as_str()),
            text(entry.author.to_string()),
            text(entry.now.to_string()),
        ],
    )?];
    statements.extend(attach_photos(
        db,
        entry.project,
        entry.author,
        "update",
        &key,
        entry.photos,
    )?);
    with_event(db, statements, event).await
}

pub async fn post_report(
    db: &Db,
    entry: &NewEntry<'_>,
    id: ReportId,
    rating: shared::projects::MonitoringRating,
    comment: &Description,
    event: &Event,
) -> ApiResult<()> {
    let key = id.to_string();
    let mut statements = vec![db.statement(
        "INSERT INTO monitoring_reports (id, project_id, member_id, rating, comment, reported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            text(&key),
            text(entry.project.to_string()),
            text(entry.author.to_string()),
            text(wire_name(&rating)),
            text(comment.as_str()),
            text(entry.now.to_string()),
        ],
    )?];
    statements.extend(attach_photos(
        db,
        entry.project,
        entry.author,
        "report",
        &key,
        entry.photos,
    )?);
    with_event(db, statements, event).await
}

/// Records the manager's answer; false when the report was answered already.
pub async fn answer_report(
    db: &Db,
    project: ProjectId,
    report: ReportId,
    answer: &Reason,
    manager: MemberId,
    event: &Event,
    now: Timestamp,
) -> ApiResult<bool> {
    let update = db.statement(
        "UPDATE monitoring_reports SET answer = ?3, answered_by = ?4, answered_at = ?5 WHERE id = ?1 AND project_id = ?2 AND answered_at IS NULL",
        &[
            text(report.to_string()),
            text(project.to_string()),
            text(answer.as_str()),
            text(manager.to_string()),
            text(now.to_string()),
        ],
    )?;
    super::events::with_guarded_update(db, update, event).await
}

/// The year's planned activities, by half and in the order they were planned.
pub async fn plan(db: &Db, year: ProgrammeYearId) -> ApiResult<Vec<PlannedView>> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        title: String,
        year: i64,
        half: i64,
        expected_cost: i64,
        done: Option<i64>,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT id, title, year, half, expected_cost, done FROM planned_activities WHERE year_id = ?1 ORDER BY half, id",
            &[text(year.to_string())],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PlannedView {
                id: r.id,
                activity: PlannedActivity {
                    title: stored_text(Note::parse(&r.title))?,
                    year: u16::try_from(r.year).map_err(|_| corrupt("year"))?,
                    half: u8::try_from(r.half).map_err(|_| corrupt("half"))?,
                    expected_cost: Money::tenge(r.expected_cost),
                    done: r.done.map(|d| d != 0),
                },
            })
        })
        .collect()
}

/// Marks a planned activity carried out or not; false when it is not in this year's plan.
pub async fn mark_activity(
    db: &Db,
    year: ProgrammeYearId,
    activity: i64,
    done: bool,
    event: &Event,
) -> ApiResult<bool> {
    let update = db.statement(
        "UPDATE planned_activities SET done = ?3 WHERE id = ?1 AND year_id = ?2",
        &[int(activity), text(year.to_string()), int(i64::from(done))],
    )?;
    super::events::with_guarded_update(db, update, event).await
}

/// Photos one member has uploaded to a project and not yet posted with an entry: at most this many.
pub const MAX_PENDING_PHOTOS: usize = 10;

/// Records an uploaded project photo as pending unless the uploader has the most pending
/// already; the count and the insert are one statement. False when at the limit.
pub async fn insert_pending_photo(
    db: &Db,
    photo: PhotoId,
    project: ProjectId,
    uploader: MemberId,
    kind: shared::photos::ImageKind,
    bytes: usize,
    now: Timestamp,
) -> ApiResult<bool> {
    let written = db
        .run(
            "INSERT INTO photos (id, subject_id, media_type, bytes, created_at, subject_kind, uploaded_by, project_id) \
             SELECT ?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?2 \
             WHERE (SELECT COUNT(*) FROM photos WHERE project_id = ?2 AND uploaded_by = ?6 AND subject_kind = 'pending') < ?7",
            &[
                text(photo.to_string()),
                text(project.to_string()),
                text(kind.media_type()),
                int(i64::try_from(bytes).unwrap_or(i64::MAX)),
                text(now.to_string()),
                text(uploader.to_string()),
                int(i64::try_from(MAX_PENDING_PHOTOS).unwrap_or(i64::MAX)),
            ],
        )
        .await?;
    Ok(written == 1)
}
