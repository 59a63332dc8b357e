//! Signing in and out, and who is signed in.

use crate::auth;
use crate::context::Cx;
use crate::crypto;
use crate::db::accounts;
use crate::http::{self, ApiResult};
use shared::accounts::Counted;
use shared::api::{ApiError, Me, Problem, SignInRequest};
use worker::Response;

#[utoipa::path(
    post,
    path = "/api/session",
    tag = "accounts",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 422, description = "A field is invalid, or the phone number and password do not match (`wrong_credentials` on `password`)", body = ApiError),
        (status = 429, description = "Too many attempts for this phone number or address", body = ApiError),
    )
)]
pub async fn sign_in(cx: &Cx<'_>) -> ApiResult<Response> {
    let req = cx.req;
    let body = &cx.body;
    let env = cx.env;
    let request: SignInRequest = body.json()?;
    let phone = request.parse()?;
    let db = &cx.db;
    let now = cx.now;
    let address = auth::client_address(req);
    auth::count_attempt(db, env, Counted::SignInFromAddress, &address, now).await?;
    let member = accounts::member_by_phone(db, phone.as_str()).await?;
    // A device this account signed in on before is counted on its own, so that strangers'
    // wrong passwords for the number do not keep its owner out.
    let device = match auth::device_token(req) {
        Some(token) => {
            let token_hash = crypto::sha256_hex(token.as_bytes());
            let holder = accounts::known_device(db, &token_hash, now.date()).await?;
            let account = member
                .as_ref()
                .and_then(|m| m.me().ok())
                .map(|me| me.member);
            (holder.is_some() && holder == account).then_some(token_hash)
        }
        None => None,
    };
    let (counted, value) = match &device {
        Some(token_hash) => (Counted::SignInFromKnownDevice, token_hash.clone()),
        None => (Counted::SignInToPhone, phone.as_str().to_owned()),
    };
    auth::count_attempt(db, env, counted, &value, now).await?;
    let matches = if let Some(m) = &member {
        auth::password_matches(
            request.password.as_bytes(),
            &m.password_hash,
            &m.password_salt,
            m.password_iterations,
        )
        .await?
    } else {
        // Take as long as a real check, so timing does not tell which numbers have accounts.
        auth::hash_password(request.password.as_bytes()).await?;
        false
    };
    let (Some(member), true) = (member, matches) else {
        return Err(ApiError::invalid("password", Problem::WrongCredentials));
    };
    let me = member.me()?;
    let (token, token_hash) = auth::new_token()?;
    let mut writes = vec![accounts::insert_session(db, &token_hash, me.member, now)?];
    let mut cookies = auth::session_cookies(&token).to_vec();
    if device.is_none() {
        let (device_token, device_hash) = auth::new_token()?;
        writes.extend(accounts::insert_known_device(
            db,
            &device_hash,
            me.member,
            now.date(),
        )?);
        cookies.push(auth::device_cookie(&device_token));
    }
    db.batch(writes).await?;
    Ok(http::with_cookies(http::json(200, &me), &cookies))
}

#[utoipa::path(
    get,
    path = "/api/session",
    tag = "accounts",
    responses(
        (status = 200, description = "The signed-in member", body = Me),
        (status = 401, description = "Nobody is signed in", body = ApiError),
    )
)]
pub async fn current(cx: &Cx<'_>) -> ApiResult<Response> {
    let req = cx.req;
    let db = &cx.db;
    match auth::me(req, db, cx.now).await? {
        Some((_, me)) => http::ok(&me),
        // Clear the app's hint that a session exists, so it stops asking.
        None => Ok(http::with_cookies(
            http::error(&ApiError::Unauthorized),
            &auth::cleared_cookies(),
        )),
    }
}

#[utoipa::path(
    delete,
    path = "/api/session",
    tag = "accounts",
    responses((status = 204, description = "Signed out: the session is ended on the server and the cookie cleared"))
)]
pub async fn sign_out(cx: &Cx<'_>) -> ApiResult<Response> {
    let req = cx.req;
    let db = &cx.db;
    if let Some((token_hash, _)) = auth::me(req, db, cx.now).await? {
        accounts::end_session(db, &token_hash).await?;
    }
    Ok(http::with_cookies(
        http::no_content(),
        &auth::cleared_cookies(),
    ))
}
