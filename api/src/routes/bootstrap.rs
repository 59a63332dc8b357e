//! `POST /api/bootstrap`: the one-time way to create a programme and its first manager on a new
//! deployment. It answers only where the operator set the `BOOTSTRAP_TOKEN` secret, and only to
//! a request that carries it; the README says how, and to delete the secret afterwards.

use crate::auth;
use crate::context::Cx;
use crate::crypto;
use crate::db::{accounts, programmes};
use crate::http::{self, ApiResult};
use shared::api::{ApiError, BootstrapRequest, Me, Problem};
use shared::programmes::Programme;
use shared::roles::Role;
use shared::{MemberId, ProgrammeId};
use worker::{Env, Response};

fn bootstrap_token(env: &Env) -> Option<String> {
    env.secret("BOOTSTRAP_TOKEN")
        .or_else(|_| env.var("BOOTSTRAP_TOKEN"))
        .ok()
        .map(|t| t.to_string())
        .filter(|t| t.len() >= 16)
}

#[utoipa::path(
    post,
    path = "/api/bootstrap",
    tag = "accounts",
    request_body = BootstrapRequest,
    params(("authorization" = String, Header, description = "`Bearer <BOOTSTRAP_TOKEN>`")),
    responses(
        (status = 201, description = "The programme and its first manager exist; sign in with the phone and password", body = Me),
        (status = 401, description = "The token is missing or wrong", body = ApiError),
        (status = 404, description = "No bootstrap token is set on this deployment", body = ApiError),
        (status = 422, description = "A field is invalid, or the programme name or phone number is taken (`taken`)", body = ApiError),
    )
)]
pub async fn create(cx: &Cx<'_>) -> ApiResult<Response> {
    let req = cx.req;
    let body = &cx.body;
    let env = cx.env;
    let expected = bootstrap_token(env).ok_or(ApiError::NotFound)?;
    let given = req
        .headers()
        .get("authorization")
        .ok()
        .flatten()
        .and_then(|h| h.strip_prefix("Bearer ").map(str::to_owned))
        .unwrap_or_default();
    let matches = crypto::same(
        crypto::sha256_hex(given.as_bytes()).as_bytes(),
        crypto::sha256_hex(expected.as_bytes()).as_bytes(),
    );
    if !matches {
        return Err(ApiError::Unauthorized);
    }
    let bootstrap = body.json::<BootstrapRequest>()?.parse()?;
    let db = &cx.db;
    let now = cx.now;
    if programmes::name_taken(db, bootstrap.programme_name.as_str()).await? {
        return Err(ApiError::invalid("programme_name", Problem::Taken));
    }
    if accounts::phone_taken(db, bootstrap.phone.as_str()).await? {
        return Err(ApiError::invalid("phone", Problem::Taken));
    }
    let programme = Programme {
        id: ProgrammeId::from_random_bytes(crypto::random::<16>()?),
        name: bootstrap.programme_name,
        operator: bootstrap.operator,
        region: bootstrap.region,
    };
    let created = shared::steps::programme_created(&programme, now);
    let (hash, salt, iterations) = auth::hash_password(bootstrap.password.as_bytes()).await?;
    let member = accounts::NewMember {
        id: MemberId::from_random_bytes(crypto::random::<16>()?),
        programme: programme.id,
        council: None,
        role: Role::Manager,
        name: &bootstrap.manager_name,
        phone: bootstrap.phone.as_str(),
        password_hash: &hash,
        password_salt: &salt,
        password_iterations: iterations,
    };
    let mut statements =
        programmes::create_statements(db, &programme, &[], &[created], now).await?;
    statements.push(accounts::insert_member(db, &member, now)?);
    match db.batch(statements).await {
        Err(ApiError::Conflict { .. }) => return Err(ApiError::invalid("phone", Problem::Taken)),
        other => other?,
    }
    let me = Me {
        member: member.id,
        name: member.name.clone(),
        role: Role::Manager,
        programme: programme.id,
        council: None,
    };
    Ok(http::json(201, &me))
}
