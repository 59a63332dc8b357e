//! Grievances: filed by anyone on the web (anonymously if they wish) or logged by a manager from
//! another channel; followed and appealed by the holder of the tracking code; handled by the
//! managers of the programme. Also the published hours of personal reception and the public
//! statistics of a programme year.
//!
//! The anonymity promise: a grievance filed on the web never looks at who is signed in, stores
//! no name, phone or address unless the filer gave a name and phone, and no route returns a
//! named filer's contact to anyone but a manager of the grievance's programme.

use crate::auth;
use crate::context::Cx;
use crate::crypto;
use crate::db::grievances::{self as store, NewRecord, StepTexts, StoredGrievance};
use crate::db::{funding, programmes, Db};
use crate::http::{self, ApiResult, PhotoBody};
use shared::accounts::Counted;
use shared::api::{
    ApiError, AppealRequest, GrievanceCourse, GrievanceList, GrievanceReceipt, GrievanceRequest,
    GrievanceStatusView, GrievanceStep, GrievanceSummary, HandledGrievance, Problem, ReceptionList,
    ReceptionRequest, StepRequest,
};
use shared::events::Subject;
use shared::grievances::{
    Channel, Deadlines, GrievanceError, GrievanceState, GrievanceStats, GrievanceStatus,
    PhotoRetention, TrackingCode,
};
use shared::roles::{Actor, ActorRef, Role};
use shared::time::Timestamp;
use shared::{GrievanceId, PhotoId, ProgrammeId};
use worker::Response;

/// The same text filed twice within this many days is refused as a repeat.
const REPEAT_DAYS: i64 = 1;

/// The signed-in manager, or why not.
fn manager(cx: &Cx<'_>) -> ApiResult<Actor> {
    let actor = cx.member()?;
    if actor.role != Role::Manager {
        return Err(ApiError::Forbidden);
    }
    Ok(actor)
}

/// A grievance of the signed-in manager's programme; another programme's is not found.
async fn handled(cx: &Cx<'_>, id: &str) -> ApiResult<(Actor, StoredGrievance)> {
    let actor = manager(cx)?;
    let id: GrievanceId = id.parse().map_err(|_| ApiError::NotFound)?;
    let grievance = store::by_id(&cx.db, id)
        .await?
        .filter(|g| g.programme == actor.programme)
        .ok_or(ApiError::NotFound)?;
    Ok((actor, grievance))
}

async fn course(db: &Db, g: &StoredGrievance, now: Timestamp) -> ApiResult<GrievanceCourse> {
    let (photos, history) = futures_util::try_join!(
        store::photos(db, g.id),
        crate::db::events::history(db, Subject::Grievance(g.id))
    )?;
    Ok(GrievanceCourse {
        status: g.state.status,
        category: g.category,
        channel: g.channel,
        village: g.village.clone(),
        description: g.description.clone(),
        filed_at: g.state.filed_at,
        acknowledge_due: g.state.acknowledge_due(g.deadlines),
        answer_due: g.state.answer_due(g.deadlines),
        overdue: g.state.overdue(g.deadlines, now),
        acknowledged_at: g.state.acknowledged_at,
        answer: g.answer.clone(),
        answered_at: g.state.answered_at,
        appeal: g.appeal.clone(),
        appealed_at: g.state.appealed_at,
        appeal_answer: g.appeal_answer.clone(),
        appeal_answered_at: g.state.appeal_answered_at,
        photos,
        history,
    })
}

/// The steps a manager may take on a grievance as it stands.
fn steps(state: &GrievanceState) -> Vec<GrievanceStep> {
    match state.status {
        GrievanceStatus::Received => vec![GrievanceStep::Acknowledge],
        GrievanceStatus::Acknowledged => vec![GrievanceStep::Review, GrievanceStep::Answer],
        GrievanceStatus::UnderReview => vec![GrievanceStep::Answer],
        GrievanceStatus::Answered => vec![GrievanceStep::Close],
        GrievanceStatus::Closed => vec![],
    }
}

async fn handled_view(db: &Db, g: &StoredGrievance, now: Timestamp) -> ApiResult<HandledGrievance> {
    Ok(HandledGrievance {
        id: g.id,
        course: course(db, g, now).await?,
        filer: g.filer.clone(),
        language: g.language,
        steps: steps(&g.state),
    })
}

async fn status_view(
    db: &Db,
    g: &StoredGrievance,
    now: Timestamp,
) -> ApiResult<GrievanceStatusView> {
    Ok(GrievanceStatusView {
        course: course(db, g, now).await?,
        can_appeal: g.state.can_appeal(),
    })
}

#[utoipa::path(
    post,
    path = "/api/grievances",
    tag = "grievances",
    request_body = GrievanceRequest,
    responses(
        (status = 201, description = "Filed: the tracking code and the deadlines", body = GrievanceReceipt),
        (status = 401, description = "A channel other than the web needs a signed-in manager", body = ApiError),
        (status = 403, description = "Only managers of the programme log grievances from other channels", body = ApiError),
        (status = 422, description = "A field is invalid, the programme is unknown, or the same text was filed today (`duplicate`)", body = ApiError),
        (status = 429, description = "Too many grievances from this address this hour", body = ApiError),
    )
)]
pub async fn file(cx: &Cx<'_>) -> ApiResult<Response> {
    let req = cx.req;
    let body = &cx.body;
    let env = cx.env;
    let new = body.json::<GrievanceRequest>()?.parse()?;
    let db = &cx.db;
    let now = cx.now;
    let actor = if new.channel == Channel::Web {
        // The web form is the public's: who may be signed in on this browser is not looked at.
        let address = auth::client_address(req);
        auth::count_attempt(db, env, Counted::FilingFromAddress, &address, now).await?;
        ActorRef::Public
    } else {
        let actor = manager(cx)?;
        if actor.programme != new.programme {
            return Err(ApiError::Forbidden);
        }
        actor.as_ref()
    };
    if programmes::name_of(db, new.programme).await?.is_none() {
        return Err(ApiError::invalid("programme", Problem::Unknown));
    }
    if new.channel == Channel::Web
        && store::filed_since(
            db,
            new.programme,
            &new.description,
            now.plus_days(-REPEAT_DAYS),
        )
        .await?
    {
        return Err(ApiError::invalid("description", Problem::Duplicate));
    }
    let year = u16::try_from(now.date().year()).map_err(|_| ApiError::Internal)?;
    let deadlines = funding::year(db, new.programme, year)
        .await?
        .map_or_else(Deadlines::default, |plan| plan.grievance_deadlines);
    let code = TrackingCode::from_random(crypto::random::<8>()?);
    let id = GrievanceId::from_random_bytes(crypto::random::<16>()?);
    let filed = shared::steps::grievance_filed(id, actor, now, new.category, new.channel);
    let hash = crate::records::code_hash(&code);
    store::insert(
        db,
        &NewRecord {
            id,
            code_hash: &hash,
            grievance: &new,
            year,
            deadlines,
            now,
        },
        &filed,
    )
    .await?;
    let state = GrievanceState::filed(now);
    Ok(http::json(
        201,
        &GrievanceReceipt {
            code,
            acknowledge_due: state.acknowledge_due(deadlines),
            answer_due: state.answer_due(deadlines),
        },
    ))
}

#[utoipa::path(
    get,
    path = "/api/track/{code}",
    tag = "grievances",
    params(("code" = String, Path, description = "The tracking code, as typed: dashes and case do not matter")),
    responses(
        (status = 200, description = "The grievance's status, deadlines, answers and history", body = GrievanceStatusView),
        (status = 404, description = "No grievance has this code", body = ApiError),
        (status = 422, description = "Not a code (`malformed`), or a symbol was mistyped (`typo`)", body = ApiError),
    )
)]
pub async fn track(cx: &Cx<'_>) -> ApiResult<Response> {
    let code = cx.param("code");
    let db = &cx.db;
    let now = cx.now;
    let grievance = crate::records::by_code(db, code).await?;
    private(http::ok(&status_view(db, &grievance, now).await?))
}

/// A response about one grievance stays out of shared caches.
fn private(response: ApiResult<Response>) -> ApiResult<Response> {
    let mut response = response?;
    let _ = response
        .headers_mut()
        .set("cache-control", "private, no-store");
    Ok(response)
}

#[utoipa::path(
    post,
    path = "/api/track/{code}/appeal",
    tag = "grievances",
    params(("code" = String, Path, description = "The tracking code")),
    request_body = AppealRequest,
    responses(
        (status = 200, description = "Appealed: under review again, with a new answer deadline", body = GrievanceStatusView),
        (status = 404, description = "No grievance has this code", body = ApiError),
        (status = 409, description = "Not answered (`grievance_moved_on`), or appealed once already (`already_appealed`)", body = ApiError),
        (status = 422, description = "The code or the reason is invalid", body = ApiError),
    )
)]
pub async fn appeal(cx: &Cx<'_>) -> ApiResult<Response> {
    let code = cx.param("code");
    let body = &cx.body;
    let reason = body.json::<AppealRequest>()?.parse()?;
    let db = &cx.db;
    let now = cx.now;
    let grievance = crate::records::by_code(db, code).await?;
    let (next, appealed) = shared::steps::grievance_appealed(grievance.id, grievance.state, now)?;
    let texts = StepTexts {
        appeal: Some(&reason),
        ..StepTexts::default()
    };
    if !store::advance(db, &grievance, &next, &texts, &appealed).await? {
        return Err(ApiError::from(GrievanceError::AlreadyAppealed));
    }
    let stored = store::by_id(db, grievance.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    private(http::ok(&status_view(db, &stored, now).await?))
}

#[utoipa::path(
    put,
    path = "/api/track/{code}/photos/{photo}",
    tag = "grievances",
    params(
        ("code" = String, Path, description = "The tracking code"),
        ("photo" = String, Path, description = "The photo's id, made by the app"),
    ),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "A JPEG, PNG or WebP image of at most 10 MB"),
    responses(
        (status = 204, description = "Stored with the grievance without its metadata (EXIF, XMP, comments), seen by managers of its programme only; repeating the upload changes nothing"),
        (status = 404, description = "No grievance has this code", body = ApiError),
        (status = 409, description = "Closed, or filed more than a week ago (`grievance_moved_on`), or five photos already (`too_many_photos`)", body = ApiError),
        (status = 413, description = "Larger than 10 MB", body = ApiError),
        (status = 415, description = "Not a JPEG, PNG or WebP image, or a broken one", body = ApiError),
        (status = 422, description = "The code is invalid", body = ApiError),
    )
)]
pub async fn put_photo(cx: &Cx<'_>) -> ApiResult<Response> {
    let code = cx.param("code");
    let photo = cx.param("photo");
    let bytes = cx.take_photo();
    let env = cx.env;
    let photo: PhotoId = photo.parse().map_err(|_| ApiError::NotFound)?;
    let db = &cx.db;
    let grievance = crate::records::by_code(db, code).await?;
    // Where and with which phone a photo was taken is the filer's to keep: it is stripped.
    let body = PhotoBody::check(&bytes)?;
    match store::photo(db, photo).await? {
        Some((of, _)) if of == grievance.id => return Ok(http::no_content()),
        Some(_) => return Err(ApiError::NotFound),
        None if crate::db::photos::id_in_use(db, photo).await? => return Err(ApiError::NotFound),
        None => {}
    }
    let now = cx.now;
    if grievance.state.status == GrievanceStatus::Closed
        || !PhotoRetention::accepts(grievance.state.filed_at, now)
    {
        return Err(ApiError::from(GrievanceError::WrongStatus(
            GrievanceStatus::Closed,
        )));
    }
    let bucket = crate::photo_store::store(env, photo, &body).await?;
    let recorded =
        store::add_photo(db, photo, grievance.id, body.kind, body.bytes.len(), now).await;
    crate::photo_store::settle(&bucket, photo, recorded).await
}

#[utoipa::path(
    get,
    path = "/api/grievances",
    tag = "grievances",
    responses(
        (status = 200, description = "The manager's programme's grievances not yet closed: overdue first, then the oldest", body = GrievanceList),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers", body = ApiError),
    )
)]
pub async fn list(cx: &Cx<'_>) -> ApiResult<Response> {
    let db = &cx.db;
    let now = cx.now;
    let actor = manager(cx)?;
    let mut grievances: Vec<GrievanceSummary> = store::open(db, actor.programme)
        .await?
        .into_iter()
        .map(|g| GrievanceSummary {
            id: g.id,
            status: g.state.status,
            category: g.category,
            channel: g.channel,
            village: g.village,
            filed_at: g.state.filed_at,
            answer_due: g.state.answer_due(g.deadlines),
            overdue: g.state.overdue(g.deadlines, now),
            appealed: g.state.appealed_at.is_some(),
        })
        .collect();
    // Overdue first; the sort is stable, so each group stays oldest first.
    grievances.sort_by_key(|g| g.overdue.is_none());
    private(http::ok(&GrievanceList { grievances }))
}

#[utoipa::path(
    get,
    path = "/api/grievances/{id}",
    tag = "grievances",
    params(("id" = String, Path, description = "The grievance's id")),
    responses(
        (status = 200, description = "The grievance with a named filer's contact, its history and the steps possible now", body = HandledGrievance),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers", body = ApiError),
        (status = 404, description = "No such grievance in the manager's programme", body = ApiError),
    )
)]
pub async fn get(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let db = &cx.db;
    let now = cx.now;
    let (_, grievance) = handled(cx, id).await?;
    private(http::ok(&handled_view(db, &grievance, now).await?))
}

#[utoipa::path(
    post,
    path = "/api/grievances/{id}/steps",
    tag = "grievances",
    params(("id" = String, Path, description = "The grievance's id")),
    request_body = StepRequest,
    responses(
        (status = 200, description = "Done; the grievance as it now stands", body = HandledGrievance),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers", body = ApiError),
        (status = 404, description = "No such grievance in the manager's programme", body = ApiError),
        (status = 409, description = "The step does not fit the grievance's status (`grievance_moved_on`)", body = ApiError),
        (status = 422, description = "An unknown step, or an answer that is too short", body = ApiError),
    )
)]
pub async fn step(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let (step, answer) = body.json::<StepRequest>()?.parse()?;
    let db = &cx.db;
    let now = cx.now;
    let (actor, grievance) = handled(cx, id).await?;
    let state = grievance.state;
    let (next, done) = shared::steps::grievance_step(grievance.id, state, &actor, now, step)?;
    let texts = StepTexts {
        answer: answer.as_ref(),
        ..StepTexts::default()
    };
    if !store::advance(db, &grievance, &next, &texts, &done).await? {
        return Err(ApiError::from(GrievanceError::WrongStatus(state.status)));
    }
    let stored = store::by_id(db, grievance.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    private(http::ok(&handled_view(db, &stored, now).await?))
}

fn programme_id(id: &str) -> ApiResult<ProgrammeId> {
    id.parse().map_err(|_| ApiError::NotFound)
}

#[utoipa::path(
    get,
    path = "/api/programmes/{id}/receptions",
    tag = "grievances",
    params(("id" = String, Path, description = "The programme's id")),
    responses(
        (status = 200, description = "The programme's published hours of personal reception, in the order published (the app puts the next upcoming first by the reader's clock)", body = ReceptionList),
        (status = 404, description = "No such programme", body = ApiError),
    )
)]
pub async fn receptions(cx: &Cx<'_>) -> ApiResult<Response> {
    let programme = cx.param("id");
    let programme = programme_id(programme)?;
    let db = &cx.db;
    if programmes::name_of(db, programme).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    http::ok(&ReceptionList {
        receptions: store::receptions(db, programme).await?,
    })
}

#[utoipa::path(
    post,
    path = "/api/receptions",
    tag = "grievances",
    request_body = ReceptionRequest,
    responses(
        (status = 201, description = "Published; the programme's receptions", body = ReceptionList),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers", body = ApiError),
        (status = 422, description = "A field is invalid", body = ApiError),
    )
)]
pub async fn publish_reception(cx: &Cx<'_>) -> ApiResult<Response> {
    let body = &cx.body;
    let reception = body.json::<ReceptionRequest>()?.parse()?;
    let db = &cx.db;
    let now = cx.now;
    let actor = manager(cx)?;
    let published = shared::steps::reception(&actor, now, true)?;
    store::publish_reception(
        db,
        actor.programme,
        &reception,
        actor.member,
        &published,
        now,
    )
    .await?;
    Ok(http::json(
        201,
        &ReceptionList {
            receptions: store::receptions(db, actor.programme).await?,
        },
    ))
}

#[utoipa::path(
    delete,
    path = "/api/receptions/{id}",
    tag = "grievances",
    params(("id" = i64, Path, description = "The reception's number")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers", body = ApiError),
        (status = 404, description = "No such published reception in the manager's programme", body = ApiError),
    )
)]
pub async fn withdraw_reception(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let db = &cx.db;
    let now = cx.now;
    let actor = manager(cx)?;
    let withdrawn = shared::steps::reception(&actor, now, false)?;
    if !store::withdraw_reception(db, actor.programme, id, &withdrawn, now).await? {
        return Err(ApiError::NotFound);
    }
    Ok(http::no_content())
}

#[utoipa::path(
    get,
    path = "/api/programmes/{id}/years/{year}/grievances",
    tag = "grievances",
    params(
        ("id" = String, Path, description = "The programme's id"),
        ("year" = u16, Path, description = "The calendar year of filing"),
    ),
    responses(
        (status = 200, description = "Counts by category and channel, median days to acknowledge and to answer, and how many were answered within the deadline; nothing about any one grievance", body = GrievanceStats),
        (status = 404, description = "No such programme or year", body = ApiError),
    )
)]
pub async fn stats(cx: &Cx<'_>) -> ApiResult<Response> {
    let programme = cx.param("id");
    let year = cx.param("year");
    let programme = programme_id(programme)?;
    let year: u16 = year
        .parse()
        .ok()
        .filter(|y| (2000..=9999).contains(y))
        .ok_or(ApiError::NotFound)?;
    let db = &cx.db;
    if programmes::name_of(db, programme).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let now = cx.now;
    let counted = store::counted(db, programme, year).await?;
    http::ok(&GrievanceStats::of(&counted, now))
}
