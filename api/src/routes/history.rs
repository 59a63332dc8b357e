//! `GET /api/history/{kind}/{id}`: the head of a record's hash chain and whether it verifies,
//! for whoever may see the record.

use crate::context::Cx;
use crate::db::grievances;
use crate::http::{self, ApiResult};
use shared::api::{ApiError, HistoryCheck};
use shared::events::Subject;
use worker::Response;

#[utoipa::path(
    get,
    path = "/api/history/{kind}/{id}",
    tag = "proposals",
    params(
        ("kind" = String, Path, description = "`programme`, `proposal`, `project` or `grievance`"),
        ("id" = String, Path, description = "The record's id"),
    ),
    responses(
        (status = 200, description = "The chain's length, head hash and whether it verifies", body = HistoryCheck),
        (status = 404, description = "No such record, or one the reader may not see", body = ApiError),
    )
)]
pub async fn check(cx: &Cx<'_>) -> ApiResult<Response> {
    let kind = cx.param("kind");
    let id = cx.param("id");
    let subject = Subject::parse(kind, id).ok_or(ApiError::NotFound)?;
    let db = &cx.db;
    let now = cx.now;
    match subject {
        // Programmes and projects are public from their first event.
        Subject::Programme(_) | Subject::Project(_) => {}
        Subject::Proposal(proposal) => {
            let viewer = cx.actor;
            crate::records::load_visible(db, proposal, viewer.as_ref(), now).await?;
        }
        // A grievance's course is its programme's managers' (and its filer's, by the code).
        Subject::Grievance(grievance) => {
            let actor = cx.member()?;
            let stored = grievances::by_id(db, grievance)
                .await?
                .ok_or(ApiError::NotFound)?;
            if !actor.is_manager_of(stored.programme) {
                return Err(ApiError::NotFound);
            }
        }
    }
    let check = crate::db::events::check(db, subject).await?;
    if check.length == 0 {
        return Err(ApiError::NotFound);
    }
    http::ok(&HistoryCheck {
        kind: subject.kind().to_owned(),
        id: subject.id_text(),
        length: check.length,
        head: check.head,
        verifies: check.broken.is_none(),
        broken_at: check.broken.map(|b| b.seq),
    })
}
