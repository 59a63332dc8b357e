//! Public listing of programmes and their councils.

use crate::db::{self, Db};
use crate::http::{self, ApiResult};
use shared::api::ProgrammeList;
use worker::{Env, Response};

#[utoipa::path(
    get,
    path = "/api/programmes",
    tag = "programmes",
    responses(
        (status = 200, description = "Every programme with its councils, by name", body = ProgrammeList),
        (status = 503, description = "The database could not be reached", body = shared::api::ApiError),
    )
)]
pub async fn list(env: &Env) -> ApiResult<Response> {
    let db = Db::from_env(env)?;
    let programmes = db::programmes::list(&db).await?;
    http::ok(&ProgrammeList { programmes })
}
