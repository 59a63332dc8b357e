//! `GET /api/openapi.json`: the API described from the shared wire types.

use crate::context::Cx;
use crate::http::{self, ApiResult};
use worker::Response;

#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "system",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json"))
)]
pub async fn get(_cx: &Cx<'_>) -> ApiResult<Response> {
    http::ok(&crate::openapi::document())
}
