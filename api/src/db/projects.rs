//! Projects with their milestones, spending and outputs, and the programme year's plan.

use super::events::Appender;
use super::{int, optional_text, text, wire_name, Db};
use crate::http::ApiResult;
use shared::events::Event;
use shared::projects::{Milestone, Output, PlannedActivity, Project, Spending};
use shared::time::Timestamp;
use shared::ProgrammeYearId;

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
) -> ApiResult<()> {
    let statements = activities
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
    db.batch(statements).await
}
