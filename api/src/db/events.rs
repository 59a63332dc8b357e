//! The history: appending events to their subject's hash chain and reading it back.

use super::{int, text, Db};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::events::{self, Event, Hash, Subject};
use std::collections::HashMap;
use worker::D1PreparedStatement;

fn subject_key(subject: Subject) -> (&'static str, String) {
    match subject {
        Subject::Programme(id) => ("programme", id.to_string()),
        Subject::Proposal(id) => ("proposal", id.to_string()),
        Subject::Project(id) => ("project", id.to_string()),
        Subject::Grievance(id) => ("grievance", id.to_string()),
    }
}

/// Collects events for one batch, chaining each after the last stored event of its subject (or
/// after the one before it in the same batch).
#[derive(Default)]
pub struct Appender {
    heads: HashMap<String, (u64, Hash)>,
}

#[derive(Deserialize)]
struct Head {
    seq: i64,
    hash: String,
}

/// The sequence number and previous hash for the next event of a stored chain.
async fn head(db: &Db, subject_id: &str) -> ApiResult<(u64, Hash)> {
    let head: Option<Head> = db
        .first(
            "SELECT seq, hash FROM events WHERE subject_id = ?1 ORDER BY seq DESC LIMIT 1",
            &[text(subject_id)],
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
        let (kind, id) = subject_key(event.subject);
        let (next_seq, previous) = if let Some(&(seq, hash)) = self.heads.get(&id) {
            (seq + 1, hash)
        } else {
            head(db, &id).await?
        };
        let recorded = events::append(&previous, next_seq, event.clone());
        self.heads.insert(id.clone(), (next_seq, recorded.hash));
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

/// A subject's history as the public sees it (the actor's role, never their name), oldest first.
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

pub async fn history(db: &Db, subject_id: &str) -> ApiResult<Vec<shared::api::HistoryEntry>> {
    #[derive(Deserialize)]
    struct Row {
        body: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT body FROM events WHERE subject_id = ?1 ORDER BY seq",
            &[text(subject_id)],
        )
        .await?;
    rows.iter()
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
