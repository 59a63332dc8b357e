//! Proposals, council votes and ballots.

use super::events::Appender;
use super::{from_wire_name, int, stored_id as id, stored_time as time, text, wire_name, Db};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::api::{ApiError, ChangedBy, HistoryEntry, ProposalSummary, Refusal, RollCallEntry};
use shared::events::Event;
use shared::proposals::{GeoPoint, Proposal, ProposalContent, ProposalStatus};
use shared::roles::ActorRef;
use shared::text::{Description, Name, Title};
use shared::time::Timestamp;
use shared::voting::{Ballot, Choice, Vote};
use shared::{CouncilId, MemberId, ProgrammeId, ProposalId};
use std::fmt::Write as _;
use wasm_bindgen::JsValue;
use worker::D1PreparedStatement;

#[derive(Deserialize)]
struct ProposalRow {
    id: String,
    programme_id: String,
    council_id: String,
    council_name: String,
    author_id: String,
    title: String,
    description: String,
    category: String,
    village: String,
    estimated_cost: i64,
    beneficiaries: u32,
    latitude: Option<f64>,
    longitude: Option<f64>,
    status: String,
    created_at: String,
    updated_at: String,
}

/// A stored proposal with its council's name.
pub struct Stored {
    pub proposal: Proposal,
    pub council_name: Name,
}

impl Stored {
    pub fn summary(&self) -> ProposalSummary {
        let p = &self.proposal;
        ProposalSummary {
            id: p.id,
            programme: p.programme,
            council: p.council,
            council_name: self.council_name.clone(),
            title: p.content.title.clone(),
            category: p.content.category,
            status: p.status,
            estimated_cost: p.content.estimated_cost,
            updated_at: p.updated_at,
        }
    }
}

impl ProposalRow {
    fn stored(self) -> ApiResult<Stored> {
        let bad = |what: &str| super::corrupt(what);
        let location = match (self.latitude, self.longitude) {
            (Some(latitude), Some(longitude)) => Some(GeoPoint {
                latitude,
                longitude,
            }),
            _ => None,
        };
        Ok(Stored {
            proposal: Proposal {
                id: id(&self.id)?,
                programme: id(&self.programme_id)?,
                council: id(&self.council_id)?,
                author: id(&self.author_id)?,
                content: ProposalContent {
                    title: Title::parse(&self.title).map_err(|_| bad("title"))?,
                    description: Description::parse(&self.description)
                        .map_err(|_| bad("description"))?,
                    category: from_wire_name(&self.category)?,
                    village: Name::parse(&self.village).map_err(|_| bad("village"))?,
                    estimated_cost: shared::Money::tenge(self.estimated_cost),
                    beneficiaries: self.beneficiaries,
                    location,
                },
                status: from_wire_name(&self.status)?,
                created_at: time(&self.created_at)?,
                updated_at: time(&self.updated_at)?,
            },
            council_name: Name::parse(&self.council_name).map_err(|_| bad("council name"))?,
        })
    }
}

const SELECT: &str = "SELECT p.id, p.programme_id, p.council_id, c.name AS council_name, p.author_id, p.title, p.description, p.category, p.village, p.estimated_cost, p.beneficiaries, p.latitude, p.longitude, p.status, p.created_at, p.updated_at FROM proposals p JOIN councils c ON c.id = p.council_id";

pub async fn load(db: &Db, proposal: ProposalId) -> ApiResult<Option<Stored>> {
    let row: Option<ProposalRow> = db
        .first(
            &format!("{SELECT} WHERE p.id = ?1"),
            &[text(proposal.to_string())],
        )
        .await?;
    row.map(ProposalRow::stored).transpose()
}

/// Filters of the public list; every one optional.
#[derive(Default)]
pub struct Filter {
    pub programme: Option<String>,
    pub council: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub year: Option<i64>,
    /// Continue after this (created_at, id).
    pub after: Option<(String, String)>,
}

/// Public proposals, newest first: drafts and withdrawn drafts are never listed.
pub async fn list(db: &Db, filter: &Filter, limit: u32) -> ApiResult<Vec<Stored>> {
    let mut sql = format!("{SELECT} WHERE p.status NOT IN ('draft', 'withdrawn')");
    let mut values: Vec<JsValue> = Vec::new();
    let mut bind = |value: JsValue| {
        values.push(value);
        values.len()
    };
    for (column, value) in [
        ("p.programme_id", &filter.programme),
        ("p.council_id", &filter.council),
        ("p.category", &filter.category),
        ("p.status", &filter.status),
    ] {
        if let Some(value) = value {
            let n = bind(text(value));
            let _ = write!(sql, " AND {column} = ?{n}");
        }
    }
    if let Some(year) = filter.year {
        let n = bind(int(year));
        let _ = write!(sql, " AND p.year = ?{n}");
    }
    if let Some((created_at, after_id)) = &filter.after {
        let a = bind(text(created_at));
        let b = bind(text(after_id));
        let _ = write!(
            sql,
            " AND (p.created_at < ?{a} OR (p.created_at = ?{a} AND p.id < ?{b}))"
        );
    }
    let _ = write!(sql, " ORDER BY p.created_at DESC, p.id DESC LIMIT {limit}");
    let rows: Vec<ProposalRow> = db.all(&sql, &values).await?;
    rows.into_iter().map(ProposalRow::stored).collect()
}

fn content_values(p: &Proposal) -> Vec<JsValue> {
    let c = &p.content;
    vec![
        text(p.id.to_string()),
        text(c.title.as_str()),
        text(c.description.as_str()),
        text(wire_name(&c.category)),
        text(c.village.as_str()),
        int(c.estimated_cost.amount()),
        int(i64::from(c.beneficiaries)),
        c.location
            .map_or(JsValue::NULL, |l| JsValue::from_f64(l.latitude)),
        c.location
            .map_or(JsValue::NULL, |l| JsValue::from_f64(l.longitude)),
        text(wire_name(&p.status)),
        text(p.updated_at.to_string()),
    ]
}

/// Stores a new draft and its event.
pub async fn insert(db: &Db, p: &Proposal, event: &Event) -> ApiResult<()> {
    let mut values = content_values(p);
    values.extend([
        text(p.programme.to_string()),
        text(p.council.to_string()),
        text(p.author.to_string()),
        int(i64::from(p.created_at.date().year())),
        text(p.created_at.to_string()),
    ]);
    let insert = db.statement(
        &format!(
            "INSERT INTO proposals (id, title, description, category, village, estimated_cost, beneficiaries, latitude, longitude, status, updated_at, programme_id, council_id, author_id, year, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16 WHERE {}",
            id_unused("?1")
        ),
        &values,
    )?;
    let event = Appender::default()
        .conditional_statement(db, event, "changes() > ?7", int(0))
        .await?;
    let changes = db.batch_results(vec![insert, event]).await?;
    if changes.first().copied().unwrap_or(0) == 0 {
        return Err(ApiError::from(Refusal::IdInUse));
    }
    Ok(())
}

/// Every table whose records have an id of the same form as a proposal's, which the app chooses.
const RECORDS_WITH_UUIDS: [&str; 11] = [
    "programmes",
    "councils",
    "programme_years",
    "projects",
    "members",
    "invitations",
    "photos",
    "project_updates",
    "monitoring_reports",
    "grievances",
    "grievance_photos",
];

/// SQL that holds when `param` is the id of no record of any kind: a new draft may not take an id
/// that another record has, whatever it is.
fn id_unused(param: &str) -> String {
    RECORDS_WITH_UUIDS
        .iter()
        .map(|table| format!("NOT EXISTS (SELECT 1 FROM {table} WHERE id = {param})"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The statement that stores a proposal's new content and status, if it is still in `from`.
pub fn update_statement(
    db: &Db,
    p: &Proposal,
    from: ProposalStatus,
) -> ApiResult<D1PreparedStatement> {
    let mut values = content_values(p);
    values.push(text(wire_name(&from)));
    db.statement(
        "UPDATE proposals SET title = ?2, description = ?3, category = ?4, village = ?5, estimated_cost = ?6, beneficiaries = ?7, latitude = ?8, longitude = ?9, status = ?10, updated_at = ?11 \
         WHERE id = ?1 AND status = ?12",
        &values,
    )
}

/// Stores a proposal's new content and status with its event, if it is still in `from`.
/// Returns false when another request changed its status first.
pub async fn update(
    db: &Db,
    p: &Proposal,
    from: ProposalStatus,
    event: &Event,
    extra: Vec<D1PreparedStatement>,
) -> ApiResult<bool> {
    let update = update_statement(db, p, from)?;
    let event = Appender::default().statement(db, event).await?;
    let mut statements = vec![update];
    statements.extend(extra);
    statements.push(event);
    match db.batch_results(statements).await {
        Ok(changes) => Ok(changes.first() == Some(&1)),
        // The event collided with one appended meanwhile: another request moved it first.
        Err(ApiError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The members of a council, who may vote on its proposals.
pub async fn council_members(db: &Db, council: CouncilId) -> ApiResult<Vec<MemberId>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT id FROM members WHERE council_id = ?1 AND role = 'council_member'",
            &[text(council.to_string())],
        )
        .await?;
    rows.iter().map(|r| id(&r.id)).collect()
}

pub fn insert_vote(db: &Db, proposal: ProposalId, vote: &Vote) -> ApiResult<D1PreparedStatement> {
    db.statement(
        "INSERT INTO votes (proposal_id, opened_at, deadline, rules, electorate) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            text(proposal.to_string()),
            text(vote.opened_at.to_string()),
            text(vote.deadline.to_string()),
            text(serde_json::to_string(&vote.rules).unwrap_or_default()),
            text(serde_json::to_string(&vote.electorate).unwrap_or_default()),
        ],
    )
}

/// The votes of these proposals with their ballots, in two reads however many there are.
pub async fn votes_of(
    db: &Db,
    proposals: &[ProposalId],
) -> ApiResult<std::collections::HashMap<ProposalId, (Vote, Vec<Ballot>)>> {
    #[derive(Deserialize)]
    struct VoteRow {
        proposal_id: String,
        opened_at: String,
        deadline: String,
        rules: String,
        electorate: String,
    }
    #[derive(Deserialize)]
    struct BallotRow {
        proposal_id: String,
        member_id: String,
        choice: String,
        cast_at: String,
    }
    let ids: Vec<String> = proposals.iter().map(ToString::to_string).collect();
    let key = [text(
        serde_json::to_string(&ids).map_err(|_| ApiError::Internal)?,
    )];
    let (votes, ballots) = futures_util::try_join!(
        db.all::<VoteRow>(
            "SELECT proposal_id, opened_at, deadline, rules, electorate FROM votes \
             WHERE proposal_id IN (SELECT value FROM json_each(?1))",
            &key,
        ),
        db.all::<BallotRow>(
            "SELECT proposal_id, member_id, choice, cast_at FROM ballots \
             WHERE proposal_id IN (SELECT value FROM json_each(?1))",
            &key,
        ),
    )?;
    let mut of = std::collections::HashMap::new();
    for row in &votes {
        let vote = Vote {
            rules: serde_json::from_str(&row.rules).map_err(|_| super::corrupt("vote rules"))?,
            opened_at: time(&row.opened_at)?,
            deadline: time(&row.deadline)?,
            electorate: serde_json::from_str(&row.electorate)
                .map_err(|_| super::corrupt("electorate"))?,
        };
        let cast = ballots
            .iter()
            .filter(|b| b.proposal_id == row.proposal_id)
            .map(|b| {
                Ok(Ballot {
                    member: id(&b.member_id)?,
                    choice: from_wire_name::<Choice>(&b.choice)?,
                    cast_at: time(&b.cast_at)?,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?;
        of.insert(id(&row.proposal_id)?, (vote, cast));
    }
    Ok(of)
}

/// A proposal's vote with its ballots, if it was put to the vote.
pub async fn vote(db: &Db, proposal: ProposalId) -> ApiResult<Option<(Vote, Vec<Ballot>)>> {
    Ok(votes_of(db, &[proposal]).await?.remove(&proposal))
}

/// Records a member's ballot, or their changed one (the key allows one per member), only while the vote is open as the statement
/// runs (the proposal still in its vote, the deadline not passed): false when it had closed, so a
/// ballot can never land after the outcome was counted.
pub async fn cast(db: &Db, proposal: ProposalId, ballot: &Ballot) -> ApiResult<bool> {
    let written = db
        .run(
            "INSERT INTO ballots (proposal_id, member_id, choice, cast_at) SELECT ?1, ?2, ?3, ?4 \
             WHERE EXISTS (SELECT 1 FROM proposals WHERE id = ?1 AND status = 'council_vote') \
             AND EXISTS (SELECT 1 FROM votes WHERE proposal_id = ?1 AND deadline > ?4) \
             ON CONFLICT (proposal_id, member_id) DO UPDATE SET choice = excluded.choice, cast_at = excluded.cast_at",
            &[
                text(proposal.to_string()),
                text(ballot.member.to_string()),
                text(wire_name(&ballot.choice)),
                text(ballot.cast_at.to_string()),
            ],
        )
        .await?;
    Ok(written > 0)
}

/// Closes a vote with the outcome counted from `ballots`, only if the proposal is still in its
/// vote and its ballots as stored are exactly those: a ballot cast or changed meanwhile makes the
/// caller count again. False when nothing was closed.
pub async fn close_vote(
    db: &Db,
    closed: &Proposal,
    event: &Event,
    ballots: &[Ballot],
) -> ApiResult<bool> {
    // Every ballot as stored, in the order of the members' ids: the outcome's own ballots.
    let mut counted: Vec<String> = ballots
        .iter()
        .map(|b| format!("{}:{}:{}", b.member, wire_name(&b.choice), b.cast_at))
        .collect();
    counted.sort();
    let close = db.statement(
        "UPDATE proposals SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'council_vote' \
         AND COALESCE((SELECT group_concat(member_id || ':' || choice || ':' || cast_at, ',') FROM \
           (SELECT member_id, choice, cast_at FROM ballots WHERE proposal_id = ?1 ORDER BY member_id)), '') = ?4",
        &[
            text(closed.id.to_string()),
            text(wire_name(&closed.status)),
            text(closed.updated_at.to_string()),
            text(counted.join(",")),
        ],
    )?;
    match super::events::with_guarded_update(db, close, event).await {
        Ok(closed) => Ok(closed),
        // Another request appended to the history first: it closed the vote, or will.
        Err(ApiError::Conflict { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The council's proposals in their council vote, soonest deadline first.
pub async fn in_vote(db: &Db, council: CouncilId) -> ApiResult<Vec<Stored>> {
    let rows: Vec<ProposalRow> = db
        .all(
            &format!(
                "{SELECT} JOIN votes v ON v.proposal_id = p.id WHERE p.council_id = ?1 AND p.status = 'council_vote' ORDER BY v.deadline LIMIT 200"
            ),
            &[text(council.to_string())],
        )
        .await?;
    rows.into_iter().map(ProposalRow::stored).collect()
}

/// A council's proposals in every status, drafts included, the most recently changed first.
pub async fn of_council(db: &Db, council: CouncilId) -> ApiResult<Vec<Stored>> {
    let rows: Vec<ProposalRow> = db
        .all(
            &format!(
                "{SELECT} WHERE p.council_id = ?1 ORDER BY p.updated_at DESC, p.id DESC LIMIT 200"
            ),
            &[text(council.to_string())],
        )
        .await?;
    rows.into_iter().map(ProposalRow::stored).collect()
}

/// Who made the last change of each of a council's proposals, by proposal id, in one query: the
/// actor of the newest event of each one's history, and that member's display name.
pub async fn last_changed_by(
    db: &Db,
    council: CouncilId,
) -> ApiResult<std::collections::HashMap<String, ChangedBy>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        actor: String,
        name: Option<String>,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT e.subject_id AS id, json_extract(e.body, '$.actor') AS actor, m.display_name AS name FROM events e \
             JOIN (SELECT subject_id, MAX(seq) AS seq FROM events \
                   WHERE subject_kind = 'proposal' AND subject_id IN (SELECT id FROM proposals WHERE council_id = ?1) \
                   GROUP BY subject_id) last \
             ON e.subject_kind = 'proposal' AND e.subject_id = last.subject_id AND e.seq = last.seq \
             LEFT JOIN members m ON m.id = json_extract(e.body, '$.actor.member')",
            &[text(council.to_string())],
        )
        .await?;
    rows.into_iter()
        .map(|r| {
            let actor: ActorRef =
                serde_json::from_str(&r.actor).map_err(|_| super::corrupt("event actor"))?;
            let name = r.name.and_then(|n| Name::parse(&n).ok());
            Ok((r.id, ChangedBy::shown(actor, name)))
        })
        .collect()
}

/// Proposals still in their council vote whose deadline has passed, oldest deadline first.
pub async fn votes_due(db: &Db, now: Timestamp) -> ApiResult<Vec<ProposalId>> {
    #[derive(Deserialize)]
    struct Row {
        proposal_id: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT v.proposal_id FROM votes v JOIN proposals p ON p.id = v.proposal_id \
             WHERE p.status = 'council_vote' AND v.deadline <= ?1 ORDER BY v.deadline LIMIT 500",
            &[text(now.to_string())],
        )
        .await?;
    rows.iter().map(|r| id(&r.proposal_id)).collect()
}

/// The roll call: every member entitled to vote with their name and current choice.
pub async fn roll_call(db: &Db, vote: &Vote, ballots: &[Ballot]) -> ApiResult<Vec<RollCallEntry>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        display_name: String,
    }
    let current = vote.current_ballots(ballots);
    // One read for the whole electorate, however large the council.
    let electorate: Vec<String> = vote.electorate.iter().map(ToString::to_string).collect();
    let electorate = serde_json::to_string(&electorate).map_err(|_| ApiError::Internal)?;
    let rows: Vec<Row> = db
        .all(
            "SELECT id, display_name FROM members WHERE id IN (SELECT value FROM json_each(?1))",
            &[text(electorate)],
        )
        .await?;
    let by_id: std::collections::HashMap<&str, &Row> =
        rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut entries = Vec::with_capacity(vote.electorate.len());
    // In the electorate's order.
    for member in &vote.electorate {
        let Some(row) = by_id.get(member.to_string().as_str()) else {
            continue;
        };
        entries.push(RollCallEntry {
            member: id(&row.id)?,
            name: Name::parse(&row.display_name).map_err(|_| super::corrupt("name"))?,
            choice: current
                .iter()
                .find(|b| b.member == *member)
                .map(|b| b.choice),
        });
    }
    Ok(entries)
}

/// The proposal's public history, oldest first.
pub async fn history(db: &Db, proposal: ProposalId) -> ApiResult<Vec<HistoryEntry>> {
    super::events::history(db, shared::events::Subject::Proposal(proposal)).await
}

/// A programme's proposals awaiting the company: forwarded (to assign), under assessment, and
/// assessed (to decide), oldest change first.
pub async fn awaiting_company(db: &Db, programme: ProgrammeId) -> ApiResult<Vec<Stored>> {
    let rows: Vec<ProposalRow> = db
        .all(
            &format!(
                "{SELECT} WHERE p.programme_id = ?1 AND p.status IN ('forwarded', 'under_assessment', 'assessed') ORDER BY p.updated_at LIMIT 200"
            ),
            &[text(programme.to_string())],
        )
        .await?;
    rows.into_iter().map(ProposalRow::stored).collect()
}

/// The proposals under assessment that are assigned to an assessor.
pub async fn assigned_to(db: &Db, assessor: MemberId) -> ApiResult<Vec<Stored>> {
    let rows: Vec<ProposalRow> = db
        .all(
            &format!(
                "{SELECT} JOIN assignments a ON a.proposal_id = p.id WHERE a.assessor_id = ?1 AND p.status = 'under_assessment' ORDER BY a.assigned_at LIMIT 200"
            ),
            &[text(assessor.to_string())],
        )
        .await?;
    rows.into_iter().map(ProposalRow::stored).collect()
}

/// A programme year's public proposals (drafts and withdrawn drafts left out), oldest first.
pub async fn public_of_year(db: &Db, programme: ProgrammeId, year: u16) -> ApiResult<Vec<Stored>> {
    let rows: Vec<ProposalRow> = db
        .all(
            &format!(
                "{SELECT} WHERE p.programme_id = ?1 AND p.year = ?2 ORDER BY p.created_at, p.id"
            ),
            &[text(programme.to_string()), int(i64::from(year))],
        )
        .await?;
    let stored = rows
        .into_iter()
        .map(ProposalRow::stored)
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(stored
        .into_iter()
        .filter(|s| s.proposal.status.is_public())
        .collect())
}
