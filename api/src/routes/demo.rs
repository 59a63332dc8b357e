//! `POST /api/demo`: loads the demo programmes into an empty database. It exists only where the
//! deployment turns it on (`DEMO_DATA = "enabled"`, as the local run command does); elsewhere it
//! is not found.

use crate::context::Cx;
use crate::db::programmes;
use crate::http::{self, ApiResult};
use shared::api::{ApiError, DemoLoaded};
use worker::Response;

#[utoipa::path(
    post,
    path = "/api/demo",
    tag = "system",
    responses(
        (status = 201, description = "The demo data was loaded", body = DemoLoaded),
        (status = 200, description = "The database already held programmes; nothing was changed", body = DemoLoaded),
        (status = 404, description = "Demo data is not enabled on this deployment", body = ApiError),
    )
)]
pub async fn load(cx: &Cx<'_>) -> ApiResult<Response> {
    let body = &cx.body;
    let env = cx.env;
    if !body.is_empty() {
        // The demo takes no options: a body means the caller meant another route.
        return Err(ApiError::MalformedBody);
    }
    let enabled = env
        .var("DEMO_DATA")
        .is_ok_and(|v| v.to_string() == "enabled");
    if !enabled {
        return Err(ApiError::NotFound);
    }
    let db = &cx.db;
    let existing = programmes::count(db).await?;
    if existing > 0 {
        return http::ok(&DemoLoaded {
            loaded: false,
            programmes: existing,
            accounts: crate::demo::accounts(),
        });
    }
    let now = crate::routes::now();
    crate::demo::load(db, now).await?;
    let programmes = programmes::count(db).await?;
    Ok(http::json(
        201,
        &DemoLoaded {
            loaded: true,
            programmes,
            accounts: crate::demo::accounts(),
        },
    ))
}
