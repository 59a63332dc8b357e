//! The Kenes API: a Cloudflare Worker. Every request under `/api/` comes here, and the pages of
//! public proposals and projects, which get their first view written in ([`first_view`]);
//! everything else is a static file of the app, served by the platform before the worker runs.
//!
//! A request flows one way: route -> parse into shared types -> authorise -> load -> the shared
//! rule decides -> store (one D1 batch) -> typed response. Errors are [`shared::api::ApiError`]s;
//! nothing here panics on bad input.

mod auth;
mod context;
mod crypto;
mod db;
mod demo;
mod first_view;
mod http;
mod idempotency;
mod openapi;
mod photo_store;
mod records;
mod routes;

use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let path = req.path();
    if path.starts_with("/proposals/") || path.starts_with("/projects/") {
        return Ok(first_view::page(&req, &env).await);
    }
    Ok(routes::handle(req, &env).await)
}

/// The cron trigger (wrangler.toml): closes the votes whose deadline has passed, so outcomes are
/// recorded even when nobody opens the proposal, forgets old answers to repeated writes, drops
/// the rate-limit counts of windows that have ended and deletes grievance photos past their
/// retention.
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    if let Err(e) = records::close_due_votes(&env).await {
        worker::console_error!("closing due votes: {e}");
    }
    let db = match db::Db::from_env(&env) {
        Ok(db) => db,
        Err(e) => {
            worker::console_error!("scheduled: {e}");
            return;
        }
    };
    if let Err(e) = idempotency::forget_old(&db, routes::now()).await {
        worker::console_error!("forgetting old answers: {e}");
    }
    if let Err(e) = db::accounts::forget_ended_windows(&db, routes::now()).await {
        worker::console_error!("forgetting ended rate-limit windows: {e}");
    }
    if let Err(e) = photo_store::delete_expired_grievance_photos(&env, routes::now()).await {
        worker::console_error!("deleting grievance photos past their retention: {e}");
    }
}

/// The build, as `GET /api/health` reports it: the crate version, and the commit it was built
/// from when the build command sets `KENES_COMMIT`.
pub fn version() -> String {
    let commit = option_env!("KENES_COMMIT").unwrap_or("local");
    format!("{}+{commit}", env!("CARGO_PKG_VERSION"))
}
