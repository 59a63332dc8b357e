//! Public listing of programmes and their councils.

use crate::context::Cx;
use crate::db::{self};
use crate::http::{self, ApiResult};
use shared::api::ProgrammeList;
use worker::Response;

#[utoipa::path(
    get,
    path = "/api/programmes",
    tag = "programmes",
    responses(
        (status = 200, description = "Every programme with its councils, by name", body = ProgrammeList),
        (status = 503, description = "The database could not be reached", body = shared::api::ApiError),
    )
)]
pub async fn list(cx: &Cx<'_>) -> ApiResult<Response> {
    let db = &cx.db;
    let programmes = db::programmes::list(db).await?;
    http::ok(&ProgrammeList { programmes })
}
