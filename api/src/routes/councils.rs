//! Councils: a manager adds the village councils of their programme.

use crate::context::Cx;
use crate::crypto;
use crate::db::programmes;
use crate::http::{self, ApiResult};
use shared::api::{ApiError, CouncilRequest, CouncilSummary, Problem};
use shared::events::{Change, Event, Subject};
use shared::programmes::Council;
use shared::roles::Role;
use shared::CouncilId;
use worker::Response;

#[utoipa::path(
    post,
    path = "/api/councils",
    tag = "programmes",
    request_body = CouncilRequest,
    responses(
        (status = 201, description = "The council, added to the manager's programme", body = CouncilSummary),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers add councils", body = ApiError),
        (status = 422, description = "The name is invalid, or the programme already has a council of that name (`taken`)", body = ApiError),
    )
)]
pub async fn create(cx: &Cx<'_>) -> ApiResult<Response> {
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    if actor.role != Role::Manager {
        return Err(ApiError::Forbidden);
    }
    let name = body.json::<CouncilRequest>()?.parse()?;
    let council = Council {
        id: CouncilId::from_random_bytes(crypto::random::<16>()?),
        programme: actor.programme,
        name,
    };
    let event = Event {
        at: now,
        actor: actor.as_ref(),
        subject: Subject::Programme(actor.programme),
        change: Change::CouncilCreated {
            council: council.id,
            name: council.name.clone(),
        },
    };
    match programmes::add_council(db, &council, &event, now).await {
        Err(ApiError::Conflict { .. }) => Err(ApiError::invalid("name", Problem::Taken)),
        other => other,
    }?;
    Ok(http::json(
        201,
        &CouncilSummary {
            id: council.id,
            name: council.name,
        },
    ))
}
