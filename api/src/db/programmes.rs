//! Programmes, councils and programme years.

use super::events::Appender;
use super::{int, text, Db};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::api::{CouncilSummary, ProgrammeSummary};
use shared::events::Event;
use shared::funding::ProgrammeYear;
use shared::programmes::{Council, Programme};
use shared::text::Name;
use shared::time::Timestamp;
use shared::voting::VoteRules;
use shared::{CouncilId, ProgrammeId};

#[derive(Deserialize)]
struct ProgrammeRow {
    id: String,
    name: String,
    operator: String,
    region: String,
}

#[derive(Deserialize)]
struct CouncilRow {
    id: String,
    programme_id: String,
    name: String,
}

fn name(value: &str) -> ApiResult<Name> {
    Name::parse(value).map_err(|_| super::corrupt("name"))
}

pub async fn count(db: &Db) -> ApiResult<u32> {
    #[derive(Deserialize)]
    struct Count {
        n: u32,
    }
    let row: Option<Count> = db
        .first("SELECT COUNT(*) AS n FROM programmes", &[])
        .await?;
    Ok(row.map_or(0, |r| r.n))
}

#[derive(Deserialize)]
struct YearRow {
    programme_id: String,
    year: u16,
}

/// A programme's name; None when there is no such programme.
pub async fn name_of(db: &Db, programme: ProgrammeId) -> ApiResult<Option<Name>> {
    #[derive(Deserialize)]
    struct Row {
        name: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT name FROM programmes WHERE id = ?1",
            &[text(programme.to_string())],
        )
        .await?;
    row.map(|r| name(&r.name)).transpose()
}

/// Every programme with its councils, both by name.
pub async fn list(db: &Db) -> ApiResult<Vec<ProgrammeSummary>> {
    let programmes: Vec<ProgrammeRow> = db
        .all(
            "SELECT id, name, operator, region FROM programmes ORDER BY name",
            &[],
        )
        .await?;
    let councils: Vec<CouncilRow> = db
        .all(
            "SELECT id, programme_id, name FROM councils ORDER BY name",
            &[],
        )
        .await?;
    let years: Vec<YearRow> = db
        .all(
            "SELECT programme_id, year FROM programme_years ORDER BY year DESC",
            &[],
        )
        .await?;
    programmes
        .into_iter()
        .map(|p| {
            let years = years
                .iter()
                .filter(|y| y.programme_id == p.id)
                .map(|y| y.year)
                .collect();
            let councils = councils
                .iter()
                .filter(|c| c.programme_id == p.id)
                .map(|c| {
                    Ok(CouncilSummary {
                        id: c
                            .id
                            .parse::<CouncilId>()
                            .map_err(|_| super::corrupt("council id"))?,
                        name: name(&c.name)?,
                    })
                })
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(ProgrammeSummary {
                id: p
                    .id
                    .parse::<ProgrammeId>()
                    .map_err(|_| super::corrupt("programme id"))?,
                name: name(&p.name)?,
                operator: name(&p.operator)?,
                region: name(&p.region)?,
                councils,
                years,
            })
        })
        .collect()
}

/// Creates a programme with its councils, recording each creation in the programme's history.
pub async fn create(
    db: &Db,
    programme: &Programme,
    councils: &[Council],
    events: &[Event],
    now: Timestamp,
) -> ApiResult<()> {
    let statements = create_statements(db, programme, councils, events, now).await?;
    db.batch(statements).await
}

/// The statements of [`create`], for a caller that adds its own to the same transaction.
pub async fn create_statements(
    db: &Db,
    programme: &Programme,
    councils: &[Council],
    events: &[Event],
    now: Timestamp,
) -> ApiResult<Vec<worker::D1PreparedStatement>> {
    let mut statements = vec![db.statement(
        "INSERT INTO programmes (id, name, operator, region, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            text(programme.id.to_string()),
            text(programme.name.as_str()),
            text(programme.operator.as_str()),
            text(programme.region.as_str()),
            text(now.to_string()),
        ],
    )?];
    for council in councils {
        statements.push(db.statement(
            "INSERT INTO councils (id, programme_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
            &[
                text(council.id.to_string()),
                text(council.programme.to_string()),
                text(council.name.as_str()),
                text(now.to_string()),
            ],
        )?);
    }
    let mut appender = Appender::default();
    for event in events {
        statements.push(appender.statement(db, event).await?);
    }
    Ok(statements)
}

/// Whether a programme of this name exists.
pub async fn name_taken(db: &Db, name: &str) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Row {}
    let row: Option<Row> = db
        .first(
            "SELECT 1 AS one FROM programmes WHERE name = ?1",
            &[text(name)],
        )
        .await?;
    Ok(row.is_some())
}

/// Stores a programme year with its allocations.
pub async fn create_year(db: &Db, year: &ProgrammeYear, event: &Event) -> ApiResult<()> {
    let mut statements = vec![db.statement(
        "INSERT INTO programme_years (id, programme_id, year, budget, rubric, assessors_required, vote_rules, grievance_deadlines, closed) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[
            text(year.id.to_string()),
            text(year.programme.to_string()),
            int(i64::from(year.year)),
            int(year.budget.amount()),
            text(json(&year.rubric)),
            int(i64::from(year.assessors_required)),
            text(json(&year.vote_rules)),
            text(json(&year.grievance_deadlines)),
            int(i64::from(year.closed)),
        ],
    )?];
    for allocation in &year.allocations {
        statements.push(db.statement(
            "INSERT INTO allocations (year_id, council_id, amount) VALUES (?1, ?2, ?3)",
            &[
                text(year.id.to_string()),
                text(allocation.council.to_string()),
                int(allocation.amount.amount()),
            ],
        )?);
    }
    statements.push(Appender::default().statement(db, event).await?);
    db.batch(statements).await
}

/// Settings that the shared crate defines are stored as its JSON.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The programme a council belongs to, if the council exists.
pub async fn council_programme(db: &Db, council: CouncilId) -> ApiResult<Option<ProgrammeId>> {
    #[derive(Deserialize)]
    struct Row {
        programme_id: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT programme_id FROM councils WHERE id = ?1",
            &[text(council.to_string())],
        )
        .await?;
    row.map(|r| {
        r.programme_id
            .parse()
            .map_err(|_| super::corrupt("programme id"))
    })
    .transpose()
}

/// Adds a council to its programme and records it in the programme's history.
pub async fn add_council(
    db: &Db,
    council: &Council,
    event: &Event,
    now: Timestamp,
) -> ApiResult<()> {
    let insert = db.statement(
        "INSERT INTO councils (id, programme_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
        &[
            text(council.id.to_string()),
            text(council.programme.to_string()),
            text(council.name.as_str()),
            text(now.to_string()),
        ],
    )?;
    let event = Appender::default().statement(db, event).await?;
    db.batch(vec![insert, event]).await
}

/// The vote rules the programme set for a year, if it has set up that year.
pub async fn vote_rules(
    db: &Db,
    programme: ProgrammeId,
    year: i32,
) -> ApiResult<Option<VoteRules>> {
    #[derive(Deserialize)]
    struct Row {
        vote_rules: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT vote_rules FROM programme_years WHERE programme_id = ?1 AND year = ?2",
            &[text(programme.to_string()), int(i64::from(year))],
        )
        .await?;
    row.map(|r| serde_json::from_str(&r.vote_rules).map_err(|_| super::corrupt("vote rules")))
        .transpose()
}

/// The councils of one programme, by name.
pub async fn councils(db: &Db, programme: ProgrammeId) -> ApiResult<Vec<CouncilSummary>> {
    let rows: Vec<CouncilRow> = db
        .all(
            "SELECT id, programme_id, name FROM councils WHERE programme_id = ?1 ORDER BY name",
            &[text(programme.to_string())],
        )
        .await?;
    rows.iter()
        .map(|c| {
            Ok(CouncilSummary {
                id: super::stored_id(&c.id)?,
                name: name(&c.name)?,
            })
        })
        .collect()
}
