//! Photo records: what each stored image belongs to. The images are in R2 (see `storage`).

use super::{int, stored_id, text, Db};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::photos::ImageKind;
use shared::time::Timestamp;
use shared::PhotoId;

/// A photo's record.
pub struct PhotoRecord {
    pub subject: String,
    pub kind: ImageKind,
    pub holder: Holder,
}

/// What a photo belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    /// A proposal: seen by whoever may see the proposal.
    Proposal,
    /// Uploaded to a project but not yet posted: seen by its uploader only.
    Pending { project: String, uploader: String },
    /// Posted with a project's update, monitoring report or spending entry: public.
    Published { project: String },
}

#[derive(Deserialize)]
struct Row {
    subject_id: String,
    media_type: String,
    subject_kind: String,
    uploaded_by: Option<String>,
    project_id: Option<String>,
}

pub async fn find(db: &Db, photo: PhotoId) -> ApiResult<Option<PhotoRecord>> {
    let row: Option<Row> = db
        .first(
            "SELECT subject_id, media_type, subject_kind, uploaded_by, project_id FROM photos WHERE id = ?1",
            &[text(photo.to_string())],
        )
        .await?;
    row.map(|r| {
        let project = || {
            r.project_id
                .clone()
                .ok_or_else(|| super::corrupt("photo project"))
        };
        let holder = match r.subject_kind.as_str() {
            "proposal" => Holder::Proposal,
            "pending" => Holder::Pending {
                project: project()?,
                uploader: r
                    .uploaded_by
                    .clone()
                    .ok_or_else(|| super::corrupt("photo uploader"))?,
            },
            _ => Holder::Published {
                project: project()?,
            },
        };
        Ok(PhotoRecord {
            kind: ImageKind::from_media_type(&r.media_type)
                .ok_or_else(|| super::corrupt("media type"))?,
            subject: r.subject_id,
            holder,
        })
    })
    .transpose()
}

/// Whether a photo id is already held anywhere: by a proposal or project photo, or by a
/// grievance's. Images share one key space in storage, so a new upload under an id in use
/// would replace another record's image.
pub async fn id_in_use(db: &Db, photo: PhotoId) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Found {
        n: u32,
    }
    let found: Option<Found> = db
        .first(
            "SELECT (SELECT COUNT(*) FROM photos WHERE id = ?1) + (SELECT COUNT(*) FROM grievance_photos WHERE id = ?1) AS n",
            &[text(photo.to_string())],
        )
        .await?;
    Ok(found.is_some_and(|f| f.n > 0))
}

/// The photos of a proposal, oldest first. Photos of every kind share the table: the kind is
/// part of what is asked for, so a proposal whose id names another record lists only its own.
pub async fn of(db: &Db, subject: &str) -> ApiResult<Vec<PhotoId>> {
    #[derive(Deserialize)]
    struct IdRow {
        id: String,
    }
    let rows: Vec<IdRow> = db
        .all(
            "SELECT id FROM photos WHERE subject_kind = 'proposal' AND subject_id = ?1 ORDER BY created_at, id",
            &[text(subject)],
        )
        .await?;
    rows.iter().map(|r| stored_id(&r.id)).collect()
}

/// Records a photo unless its subject has `limit` already; the count and the insert are one
/// statement, so parallel uploads cannot pass the limit together. False when at the limit.
pub async fn insert(
    db: &Db,
    photo: PhotoId,
    subject: &str,
    kind: ImageKind,
    bytes: usize,
    limit: usize,
    now: Timestamp,
) -> ApiResult<bool> {
    let written = db
        .run(
            "INSERT INTO photos (id, subject_id, media_type, bytes, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE (SELECT COUNT(*) FROM photos WHERE subject_kind = 'proposal' AND subject_id = ?2) < ?6",
            &[
                text(photo.to_string()),
                text(subject),
                text(kind.media_type()),
                int(i64::try_from(bytes).unwrap_or(i64::MAX)),
                text(now.to_string()),
                int(i64::try_from(limit).unwrap_or(i64::MAX)),
            ],
        )
        .await?;
    Ok(written == 1)
}

pub async fn delete(db: &Db, photo: PhotoId) -> ApiResult<()> {
    db.run(
        "DELETE FROM photos WHERE id = ?1",
        &[text(photo.to_string())],
    )
    .await?;
    Ok(())
}
