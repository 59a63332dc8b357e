//! Photos of proposals: added and removed by the council's members while the proposal is a
//! draft, served to whoever may see the proposal. Photos of projects: uploaded by a manager of
//! the programme or a member of the project's council, seen by the uploader alone until posted
//! with an update, monitoring report or receipt, then public.

use crate::context::Cx;
use crate::db::photos::{self, Holder};
use crate::http::{self, ApiResult, PhotoBody};
use crate::photo_store::{bucket, key, read, settle, storage_failed, store, too_many};
use crate::records::{load_visible, proposal_id};
use shared::api::{ApiError, Refusal};
use shared::photos::ImageKind;
use shared::proposals::MAX_PHOTOS;
use shared::PhotoId;
use worker::Response;

fn photo_id(id: &str) -> ApiResult<PhotoId> {
    id.parse().map_err(|_| ApiError::NotFound)
}

/// Whether the signed-in member may change the draft's photos (its council's, while it is a
/// draft), or why not.
async fn may_change_draft_photos(cx: &Cx<'_>, proposal: shared::ProposalId) -> ApiResult<()> {
    let actor = cx.member()?;
    let stored = load_visible(&cx.db, proposal, Some(&actor), cx.now).await?;
    stored
        .proposal
        .may_change_photos(&actor)
        .map_err(ApiError::from)
}

#[utoipa::path(
    put,
    path = "/api/proposals/{id}/photos/{photo}",
    tag = "photos",
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("photo" = String, Path, description = "The photo's id, made by the app"),
    ),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "A JPEG, PNG or WebP image of at most 10 MB"),
    responses(
        (status = 204, description = "Stored; repeating the upload changes nothing"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only council members add photos", body = ApiError),
        (status = 404, description = "No such draft in the member's council", body = ApiError),
        (status = 409, description = "Not a draft any more (`wrong_status`) or five photos already (`too_many_photos`)", body = ApiError),
        (status = 413, description = "Larger than 10 MB", body = ApiError),
        (status = 415, description = "Not a JPEG, PNG or WebP image", body = ApiError),
    )
)]
pub async fn put(cx: &Cx<'_>) -> ApiResult<Response> {
    let proposal = cx.param("id");
    let photo = cx.param("photo");
    let bytes = cx.take_photo();
    let env = cx.env;
    let proposal = proposal_id(proposal)?;
    let photo = photo_id(photo)?;
    let body = PhotoBody::check(&bytes)?;
    let db = &cx.db;
    may_change_draft_photos(cx, proposal).await?;
    let subject = proposal.to_string();
    match photos::find(db, photo).await? {
        Some(existing) if existing.holder == Holder::Proposal && existing.subject == subject => {
            return Ok(http::no_content())
        }
        Some(_) => return Err(ApiError::NotFound),
        None if photos::id_in_use(db, photo).await? => return Err(ApiError::NotFound),
        None => {}
    }
    if photos::of(db, &subject).await?.len() >= MAX_PHOTOS {
        return Err(too_many());
    }
    let bucket = store(env, photo, &body).await?;
    let recorded = photos::insert(
        db,
        photo,
        &subject,
        body.kind,
        body.bytes.len(),
        MAX_PHOTOS,
        cx.now,
    )
    .await;
    settle(&bucket, photo, recorded).await
}

/// Someone who may add photos to the project: its programme's manager or its council's member.
async fn project_author(
    cx: &Cx<'_>,
    project: &str,
) -> ApiResult<(shared::roles::Actor, shared::ProjectId)> {
    let actor = cx.member()?;
    let stored = crate::records::load(&cx.db, project).await?;
    if !(stored.project.may_manage(&actor) || stored.project.may_monitor(&actor)) {
        return Err(ApiError::Forbidden);
    }
    Ok((actor, stored.project.id))
}

#[utoipa::path(
    put,
    path = "/api/projects/{id}/photos/{photo}",
    tag = "photos",
    params(
        ("id" = String, Path, description = "The project's id"),
        ("photo" = String, Path, description = "The photo's id, made by the app"),
    ),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "A JPEG, PNG or WebP image of at most 10 MB"),
    responses(
        (status = 204, description = "Stored, visible to the uploader alone until posted with an update, report or receipt; repeating the upload changes nothing"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the programme and members of the project's council", body = ApiError),
        (status = 404, description = "No such project", body = ApiError),
        (status = 409, description = "Ten photos already wait to be posted (`too_many_photos`)", body = ApiError),
        (status = 413, description = "Larger than 10 MB", body = ApiError),
        (status = 415, description = "Not a JPEG, PNG or WebP image", body = ApiError),
    )
)]
pub async fn put_project(cx: &Cx<'_>) -> ApiResult<Response> {
    let project = cx.param("id");
    let photo = cx.param("photo");
    let bytes = cx.take_photo();
    let env = cx.env;
    let photo = photo_id(photo)?;
    let body = PhotoBody::check(&bytes)?;
    let db = &cx.db;
    let now = cx.now;
    let (actor, project) = project_author(cx, project).await?;
    match photos::find(db, photo).await? {
        Some(existing)
            if existing.holder
                == (Holder::Pending {
                    project: project.to_string(),
                    uploader: actor.member.to_string(),
                }) =>
        {
            return Ok(http::no_content())
        }
        Some(_) => return Err(ApiError::NotFound),
        None if photos::id_in_use(db, photo).await? => return Err(ApiError::NotFound),
        None => {}
    }
    let bucket = store(env, photo, &body).await?;
    let recorded = crate::db::projects::insert_pending_photo(
        db,
        photo,
        project,
        actor.member,
        body.kind,
        body.bytes.len(),
        now,
    )
    .await;
    settle(&bucket, photo, recorded).await
}

#[utoipa::path(
    delete,
    path = "/api/projects/{id}/photos/{photo}",
    tag = "photos",
    params(
        ("id" = String, Path, description = "The project's id"),
        ("photo" = String, Path, description = "The photo's id"),
    ),
    responses(
        (status = 204, description = "Removed (or already gone)"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the programme and members of the project's council", body = ApiError),
        (status = 404, description = "No such project, or a photo that is not the reader's own upload", body = ApiError),
        (status = 409, description = "Posted already: a published photo stays (`wrong_status`)", body = ApiError),
    )
)]
pub async fn delete_project(cx: &Cx<'_>) -> ApiResult<Response> {
    let project = cx.param("id");
    let photo = cx.param("photo");
    let env = cx.env;
    let photo = photo_id(photo)?;
    let db = &cx.db;
    let (actor, project) = project_author(cx, project).await?;
    let pending = Holder::Pending {
        project: project.to_string(),
        uploader: actor.member.to_string(),
    };
    match photos::find(db, photo).await? {
        Some(existing) if existing.holder == pending => {
            photos::delete(db, photo).await?;
            bucket(env)?
                .delete(key(photo))
                .await
                .map_err(|e| storage_failed(&e))?;
            Ok(http::no_content())
        }
        Some(existing)
            if existing.holder
                == (Holder::Published {
                    project: project.to_string(),
                }) =>
        {
            Err(ApiError::from(Refusal::WrongStatus))
        }
        Some(_) => Err(ApiError::NotFound),
        None => Ok(http::no_content()),
    }
}

#[utoipa::path(
    delete,
    path = "/api/proposals/{id}/photos/{photo}",
    tag = "photos",
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("photo" = String, Path, description = "The photo's id"),
    ),
    responses(
        (status = 204, description = "Removed (or already gone)"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only council members remove photos", body = ApiError),
        (status = 404, description = "No such draft in the member's council", body = ApiError),
        (status = 409, description = "Not a draft any more (`wrong_status`)", body = ApiError),
    )
)]
pub async fn delete(cx: &Cx<'_>) -> ApiResult<Response> {
    let proposal = cx.param("id");
    let photo = cx.param("photo");
    let env = cx.env;
    let proposal = proposal_id(proposal)?;
    let photo = photo_id(photo)?;
    let db = &cx.db;
    may_change_draft_photos(cx, proposal).await?;
    match photos::find(db, photo).await? {
        Some(existing)
            if existing.holder == Holder::Proposal && existing.subject == proposal.to_string() =>
        {
            photos::delete(db, photo).await?;
            bucket(env)?
                .delete(key(photo))
                .await
                .map_err(|e| storage_failed(&e))?;
            Ok(http::no_content())
        }
        Some(_) => Err(ApiError::NotFound),
        None => Ok(http::no_content()),
    }
}

#[utoipa::path(
    get,
    path = "/api/photos/{photo}",
    tag = "photos",
    params(("photo" = String, Path, description = "The photo's id")),
    responses(
        (status = 200, description = "The image", content_type = "image/jpeg"),
        (status = 404, description = "No such photo, or one of a draft the reader may not see", body = ApiError),
    )
)]
pub async fn get(cx: &Cx<'_>) -> ApiResult<Response> {
    let photo = cx.param("photo");
    let env = cx.env;
    let photo = photo_id(photo)?;
    let db = &cx.db;
    let now = cx.now;
    let Some(record) = photos::find(db, photo).await? else {
        return grievance_photo(cx, photo).await;
    };
    let viewer = cx.actor;
    // A photo never changes under its id; one not yet public stays out of shared caches.
    let public = match &record.holder {
        Holder::Proposal => {
            let proposal = proposal_id(&record.subject)?;
            let stored = load_visible(db, proposal, viewer.as_ref(), now).await?;
            stored.proposal.status.is_public()
        }
        Holder::Pending { uploader, .. } => {
            if viewer.as_ref().map(|v| v.member.to_string()).as_ref() != Some(uploader) {
                return Err(ApiError::NotFound);
            }
            false
        }
        Holder::Published { .. } => true,
    };
    let bytes = read(env, photo).await?;
    let caching = if public {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    image(bytes, record.kind, caching)
}

/// A grievance's photo: seen by managers of its programme only, never cached on the way.
async fn grievance_photo(cx: &Cx<'_>, photo: PhotoId) -> ApiResult<Response> {
    let (db, env) = (&cx.db, cx.env);
    let (grievance, kind) = crate::db::grievances::photo(db, photo)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !crate::records::may_see_photo(db, cx.actor, grievance).await? {
        return Err(ApiError::NotFound);
    }
    image(read(env, photo).await?, kind, "private, no-store")
}

fn image(bytes: Vec<u8>, kind: ImageKind, caching: &str) -> ApiResult<Response> {
    let mut response = Response::from_bytes(bytes).map_err(|e| storage_failed(&e))?;
    let headers = response.headers_mut();
    let _ = headers.set("content-type", kind.media_type());
    let _ = headers.set("cache-control", caching);
    Ok(response)
}
