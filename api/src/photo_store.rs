//! Photos in R2: stored under `photos/<id>`, read back, deleted; the routes of proposals,
//! projects and grievances and the cron share these.

use crate::db::Db;
use crate::http::{self, ApiResult, PhotoBody};
use shared::api::{ApiError, Refusal};
use shared::PhotoId;
use worker::{Bucket, Env, HttpMetadata, Response};

pub fn bucket(env: &Env) -> ApiResult<Bucket> {
    env.bucket("PHOTOS").map_err(|e| storage_failed(&e))
}

pub fn storage_failed(e: &worker::Error) -> ApiError {
    worker::console_error!("storage: {e}");
    ApiError::Unavailable
}

/// Deletes the photos of grievances past their retention (`shared::grievances::PhotoRetention`):
/// the image first, then the row, so that a failure leaves the row to try again. Run by the cron.
pub async fn delete_expired_grievance_photos(
    env: &Env,
    now: shared::Timestamp,
) -> ApiResult<usize> {
    let db = Db::from_env(env)?;
    let cutoff = shared::grievances::PhotoRetention::keep_from(now);
    let expired = crate::db::grievances::photos_filed_before(&db, cutoff).await?;
    let bucket = bucket(env)?;
    for photo in &expired {
        bucket
            .delete(key(*photo))
            .await
            .map_err(|e| storage_failed(&e))?;
        crate::db::grievances::forget_photo(&db, *photo).await?;
    }
    Ok(expired.len())
}

pub fn key(photo: PhotoId) -> String {
    format!("photos/{photo}")
}

pub fn too_many() -> ApiError {
    ApiError::from(Refusal::TooManyPhotos)
}

/// Puts the image in R2 under the photo's key.
pub async fn store(env: &Env, photo: PhotoId, body: &PhotoBody) -> ApiResult<Bucket> {
    let bucket = bucket(env)?;
    bucket
        .put(key(photo), body.bytes.clone())
        .http_metadata(HttpMetadata {
            content_type: Some(body.kind.media_type().to_owned()),
            ..HttpMetadata::default()
        })
        .execute()
        .await
        .map_err(|e| storage_failed(&e))?;
    Ok(bucket)
}

/// The answer to an upload once its record was (or was not) written after the image.
pub async fn settle(
    bucket: &Bucket,
    photo: PhotoId,
    recorded: ApiResult<bool>,
) -> ApiResult<Response> {
    match recorded {
        // Parallel uploads passed the count together; this one lost.
        Ok(false) => {
            bucket
                .delete(key(photo))
                .await
                .map_err(|e| storage_failed(&e))?;
            Err(too_many())
        }
        // Stored, or the same upload arrived twice at once and the first one is stored.
        Ok(true) | Err(ApiError::Conflict { .. }) => Ok(http::no_content()),
        Err(e) => Err(e),
    }
}

/// The bytes of a stored image.
pub async fn read(env: &Env, photo: PhotoId) -> ApiResult<Vec<u8>> {
    bucket(env)?
        .get(key(photo))
        .execute()
        .await
        .map_err(|e| storage_failed(&e))?
        .ok_or(ApiError::NotFound)?
        .body()
        .ok_or(ApiError::NotFound)?
        .bytes()
        .await
        .map_err(|e| storage_failed(&e))
}
