//! The history: appending events to their subject's hash chain and reading it back. A chain
//! belongs to a kind of record and its id; every read checks the whole chain it serves.

use super::{int, text, Db};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::api::ApiError;
use shared::events::{self, ChainCheck, Event, Hash, StoredEvent, Subject};
use std::collections::HashMap;
use worker::D1PreparedStatement;

/// Collects events for one batch, chaining each after the last stored event of its subject (or
/// after the one before it in the same batch).
#[derive(Default)]
pub struct Appender {
    heads: HashMap<(&'static str, String), (u64, Hash)>,
}

#[derive(Deserialize)]
struct Head {
    seq: i64,
    hash: String,
}

/// The sequence number and previous hash for the next event of a stored chain.
async fn head(db: &Db, kind: &str, subject_id: &str) -> ApiResult<(u64, Hash)> {
    let head: Option<Head> = db
        .first(
            "SELECT seq, hash FROM events WHERE subject_kind = ?1 AND subject_id = ?2 ORDER BY seq DESC LIMIT 1",
            &[text(kind), text(subject_id)],
        )
        .await?;
    let Some(head) = head else {
        return Ok((0, Hash::default()));
    };
    let hash = Hash::parse(&head.hash).ok_or_else(|| super::corrupt("event hash"))?;
    Ok((u64::try_from(head.seq).unwrap_or(0) + 1, hash))
}

impl Appender {
    pub async fn statement(&mut self, db: &Db, event: &Event) -> ApiResult<D1PreparedStatement> {
        self.build(db, event, None).await
    }

    /// An append that happens only when `condition` (SQL, which may use `?7` for `value`) holds
    /// as the batch runs: for an event of a write that the database itself may refuse.
    pub async fn conditional_statement(
        &mut self,
        db: &Db,
        event: &Event,
        condition: &str,
        value: wasm_bindgen::JsValue,
    ) -> ApiResult<D1PreparedStatement> {
        self.build(db, event, Some((condition, value))).await
    }

    async fn build(
        &mut self,
        db: &Db,
        event: &Event,
        condition: Option<(&str, wasm_bindgen::JsValue)>,
    ) -> ApiResult<D1PreparedStatement> {
        let (kind, id) = (event.subject.kind(), event.subject.id_text());
        let (next_seq, previous) = if let Some(&(seq, hash)) = self.heads.get(&(kind, id.clone())) {
            (seq + 1, hash)
        } else {
            head(db, kind, &id).await?
        };
        let recorded = events::append(&previous, next_seq, event.clone());
        self.heads
            .insert((kind, id.clone()), (next_seq, recorded.hash));
        let mut values = vec![
            text(kind),
            text(&id),
            int(i64::try_from(next_seq).unwrap_or(i64::MAX)),
            text(event.at.to_string()),
            text(event.canonical_json()),
            text(recorded.hash.to_string()),
        ];
        match condition {
            None => db.statement(
                "INSERT INTO events (subject_kind, subject_id, seq, at, body, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                &values,
            ),
            Some((condition, value)) => {
                values.push(value);
                db.statement(
                    &format!(
                        "INSERT INTO events (subject_kind, subject_id, seq, at, body, hash) \
                         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE {condition}"
                    ),
                    &values,
                )
            }
        }
    }
}

/// Runs a guarded update with its event, in one batch: the event is written only when the
/// update changed a row, and the answer says whether it did (false: nothing matched the guard).
pub async fn with_guarded_update(
    db: &Db,
    update: worker::D1PreparedStatement,
    event: &Event,
) -> ApiResult<bool> {
    let record = Appender::default()
        .conditional_statement(db, event, "changes() > ?7", super::int(0))
        .await?;
    let changes = db.batch_results(vec![update, record]).await?;
    Ok(changes.first().copied().unwrap_or(0) > 0)
}

#[derive(Deserialize)]
struct StoredRow {
    seq: i64,
    body: String,
    hash: String,
}

/// A subject's chain as stored, oldest first.
async fn stored(db: &Db, subject: Subject) -> ApiResult<Vec<StoredEvent>> {
    let rows: Vec<StoredRow> = db
        .all(
            "SELECT seq, body, hash FROM events WHERE subject_kind = ?1 AND subject_id = ?2 ORDER BY seq",
            &[text(subject.kind()), text(subject.id_text())],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| StoredEvent {
            // A negative sequence number cannot follow any link: it is reported as broken.
            seq: u64::try_from(r.seq).unwrap_or(u64::MAX),
            body: r.body,
            hash: r.hash,
        })
        .collect())
}

/// The records a year's heads are asked for: a kind of record and the table that lists them.
#[derive(Clone, Copy)]
pub enum OfYear {
    Proposals,
    Projects,
}

/// The last hash of the history of every proposal or project of a programme year, by id, in one
/// query: the year's open data names each record's head, so that whoever keeps a copy can later
/// show that a record was changed.
pub async fn heads_of_year(
    db: &Db,
    records: OfYear,
    programme: shared::ProgrammeId,
    year: u16,
) -> ApiResult<HashMap<String, String>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        hash: String,
    }
    let (kind, table) = match records {
        OfYear::Proposals => ("proposal", "proposals"),
        OfYear::Projects => ("project", "projects"),
    };
    let rows: Vec<Row> = db
        .all(
            &format!(
                "SELECT e.subject_id AS id, e.hash AS hash FROM events e \
                 JOIN (SELECT subject_id, MAX(seq) AS seq FROM events \
                       WHERE subject_kind = ?1 AND subject_id IN (SELECT id FROM {table} WHERE programme_id = ?2 AND year = ?3) \
                       GROUP BY subject_id) last \
                 ON e.subject_kind = ?1 AND e.subject_id = last.subject_id AND e.seq = last.seq"
            ),
            &[text(kind), text(programme.to_string()), int(i64::from(year))],
        )
        .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.hash)).collect())
}

/// Checks a subject's whole chain without reading its events out.
pub async fn check(db: &Db, subject: Subject) -> ApiResult<ChainCheck> {
    Ok(events::check_stored(subject, &stored(db, subject).await?))
}

/// A subject's history as the public sees it (the actor's role, never their name), oldest first,
/// after checking the whole chain: a chain edited outside Kenes is refused, naming the first
/// event that does not follow, rather than shown as if it were the record.
pub async fn history(db: &Db, subject: Subject) -> ApiResult<Vec<shared::api::HistoryEntry>> {
    let log = stored(db, subject).await?;
    if let Some(broken) = events::check_stored(subject, &log).broken {
        worker::console_error!(
            "history of {} {} breaks at event {}",
            subject.kind(),
            subject.id_text(),
            broken.seq
        );
        return Err(ApiError::BrokenHistory { seq: broken.seq });
    }
    log.iter()
        .map(|r| {
            let event: Event =
                serde_json::from_str(&r.body).map_err(|_| super::corrupt("event"))?;
            Ok(shared::api::HistoryEntry {
                at: event.at,
                role: event.actor.role(),
                change: event.change,
            })
        })
        .collect()
}
