//! Councils: a manager adds the village councils of their programme.

use crate::context::Cx;
use crate::crypto;
use crate::db::programmes;
use crate::http::{self, ApiResult};
use shared::api::{ApiError, CouncilRequest, CouncilSummary, Problem};
use shared::roles::Role;
use shared::CouncilId;
use worker::Response;

/// How often a council whose event collided with another's in the programme's history is tried
/// again.
const CHAIN_RETRIES: usize = 4;

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
    let id = CouncilId::from_random_bytes(crypto::random::<16>()?);
    let (council, event) = shared::steps::create_council(id, name, &actor, now)?;
    let mut added = false;
    for _ in 0..CHAIN_RETRIES {
        match programmes::add_council(db, &council, &event, now).await {
            Ok(()) => {
                added = true;
                break;
            }
            // The name is taken, or another council took this place in the programme's history
            // at the same moment: told apart by what is stored, and the latter tried again.
            Err(ApiError::Conflict { .. }) => {
                let councils = programmes::councils(db, actor.programme).await?;
                if councils.iter().any(|c| c.name == council.name) {
                    return Err(ApiError::invalid("name", Problem::Taken));
                }
            }
            Err(e) => return Err(e),
        }
    }
    if !added {
        return Err(ApiError::Unavailable);
    }
    Ok(http::json(
        201,
        &CouncilSummary {
            id: council.id,
            name: council.name,
        },
    ))
}
