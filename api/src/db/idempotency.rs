//! Writes sent with an Idempotency-Key and their sealed answers (migration 0008).

use super::{text, Db};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::Timestamp;

#[derive(Deserialize)]
pub struct Remembered {
    pub request: String,
    pub answer: Option<String>,
}

/// Marks the write as being done. False when the key is already taken: by a write done or still
/// being done since `abandoned_before`. A write started earlier and never finished is taken
/// over, since its attempt failed without an answer.
pub async fn claim(
    db: &Db,
    id: &str,
    request: &str,
    now: Timestamp,
    abandoned_before: Timestamp,
) -> ApiResult<bool> {
    let changed = db
        .run(
            "INSERT INTO idempotent_writes (id, request, started_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (id) DO UPDATE SET request = excluded.request, started_at = excluded.started_at \
             WHERE idempotent_writes.answer IS NULL AND idempotent_writes.started_at < ?4",
            &[
                text(id),
                text(request),
                text(now.to_string()),
                text(abandoned_before.to_string()),
            ],
        )
        .await?;
    Ok(changed > 0)
}

pub async fn remembered(db: &Db, id: &str) -> ApiResult<Option<Remembered>> {
    db.first(
        "SELECT request, answer FROM idempotent_writes WHERE id = ?1",
        &[text(id)],
    )
    .await
}

pub async fn remember(db: &Db, id: &str, sealed_answer: &str) -> ApiResult<()> {
    db.run(
        "UPDATE idempotent_writes SET answer = ?2 WHERE id = ?1",
        &[text(id), text(sealed_answer)],
    )
    .await
    .map(|_| ())
}

/// Frees the key of a write that was refused, so that its repeat is judged again.
pub async fn release(db: &Db, id: &str) -> ApiResult<()> {
    db.run(
        "DELETE FROM idempotent_writes WHERE id = ?1 AND answer IS NULL",
        &[text(id)],
    )
    .await
    .map(|_| ())
}

/// Drops the answers of writes started before `before`.
pub async fn forget_before(db: &Db, before: Timestamp) -> ApiResult<usize> {
    db.run(
        "DELETE FROM idempotent_writes WHERE started_at < ?1",
        &[text(before.to_string())],
    )
    .await
}
