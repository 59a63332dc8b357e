//! `GET /api/health`: is the worker up, which build is it, and does the database answer.

use crate::context::Cx;
use crate::db::Db;
use crate::http::{self, ApiResult};
use shared::api::{DatabaseCheck, Health, HealthStatus};
use worker::Response;

#[utoipa::path(
    get,
    path = "/api/health",
    tag = "system",
    responses((status = 200, description = "The worker is up; `status` says whether the database answered", body = Health))
)]
pub async fn get(cx: &Cx<'_>) -> ApiResult<Response> {
    let env = cx.env;
    let migrations = match Db::from_env(env) {
        Ok(db) => db.migrations_applied().await.ok(),
        Err(_) => None,
    };
    let database = DatabaseCheck {
        ok: migrations.is_some(),
        migrations,
    };
    let status = if database.ok {
        HealthStatus::Ok
    } else {
        HealthStatus::Degraded
    };
    http::ok(&Health {
        status,
        version: crate::version(),
        database,
    })
}
