//! Invitations: managers invite people into their programme; the invited redeem the code.

use crate::auth;
use crate::context::Cx;
use crate::crypto;
use crate::db::{accounts, programmes};
use crate::http::{self, ApiResult};
use shared::accounts::{Counted, Invitation, InvitationCode, InvitationError};
use shared::api::{
    ApiError, InvitationCreated, InvitationList, InvitationRequest, Me, Problem, RedeemRequest,
};
use shared::roles::{Actor, Role};
use shared::InvitationId;
use worker::Response;

fn require_manager(actor: &Actor) -> ApiResult<()> {
    if actor.role == Role::Manager {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

fn code_hash(code: &InvitationCode) -> String {
    crypto::sha256_hex(code.to_string().as_bytes())
}

#[utoipa::path(
    post,
    path = "/api/invitations",
    tag = "accounts",
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "The invitation; its code is shown this once", body = InvitationCreated),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers invite", body = ApiError),
        (status = 422, description = "An unknown role, or a council not in the manager's programme", body = ApiError),
    )
)]
pub async fn create(cx: &Cx<'_>) -> ApiResult<Response> {
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    require_manager(&actor)?;
    let asked = body.json::<InvitationRequest>()?.parse()?;
    let (role, council) = (asked.role, asked.council);
    if let Some(council) = council {
        if programmes::council_programme(db, council).await? != Some(actor.programme) {
            return Err(ApiError::invalid("council", Problem::Unknown));
        }
    }
    let invitation = Invitation::new(actor.programme, role, council, now)
        .map_err(|_| ApiError::invalid("council", Problem::Required))?;
    let code = InvitationCode::from_random(crypto::random::<17>()?);
    let id = InvitationId::from_random_bytes(crypto::random::<16>()?);
    accounts::create_invitation(
        db,
        id,
        &code_hash(&code),
        &invitation,
        asked.note.as_ref(),
        actor.member,
        now,
    )
    .await?;
    let created = InvitationCreated {
        id,
        code: code.to_string(),
        role,
        council,
        expires_at: invitation.expires_at,
    };
    Ok(http::json(201, &created))
}

#[utoipa::path(
    get,
    path = "/api/invitations",
    tag = "accounts",
    responses(
        (status = 200, description = "The programme's invitations, newest first", body = InvitationList),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers see invitations", body = ApiError),
    )
)]
pub async fn list(cx: &Cx<'_>) -> ApiResult<Response> {
    let db = &cx.db;
    let actor = cx.member()?;
    require_manager(&actor)?;
    let invitations = accounts::invitations(db, actor.programme).await?;
    http::ok(&InvitationList { invitations })
}

#[utoipa::path(
    delete,
    path = "/api/invitations/{id}",
    tag = "accounts",
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 204, description = "Revoked: the code no longer works"),
        (status = 404, description = "No such invitation in the manager's programme", body = ApiError),
        (status = 409, description = "The invitation has been used already", body = ApiError),
    )
)]
pub async fn revoke(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    require_manager(&actor)?;
    let id: InvitationId = id.parse().map_err(|_| ApiError::NotFound)?;
    accounts::revoke_invitation(db, id, actor.programme, now).await?;
    Ok(http::no_content())
}

#[utoipa::path(
    post,
    path = "/api/invitations/redeem",
    tag = "accounts",
    request_body = RedeemRequest,
    responses(
        (status = 201, description = "The account is created and signed in", body = Me),
        (status = 422, description = "A field is invalid; on `code`: `typo`, `unknown`, `expired`, `already_used` or `revoked`; on `phone`: `taken`", body = ApiError),
        (status = 429, description = "Too many attempts from this address", body = ApiError),
    )
)]
pub async fn redeem(cx: &Cx<'_>) -> ApiResult<Response> {
    let req = cx.req;
    let body = &cx.body;
    let env = cx.env;
    let request: RedeemRequest = body.json()?;
    let db = &cx.db;
    let now = cx.now;
    let address = auth::client_address(req);
    auth::count_attempt(db, env, Counted::SignInFromAddress, &address, now).await?;
    let redemption = request.parse()?;
    let row = accounts::invitation_by_code_hash(db, &code_hash(&redemption.code))
        .await?
        .ok_or_else(|| ApiError::invalid("code", Problem::Unknown))?;
    let invitation = row.invitation()?;
    invitation.check_redeemable(now).map_err(|e| {
        let problem = match e {
            InvitationError::Expired => Problem::Expired,
            InvitationError::Used => Problem::AlreadyUsed,
            InvitationError::Revoked => Problem::Revoked,
            InvitationError::CouncilMismatch => Problem::Unknown,
        };
        ApiError::invalid("code", problem)
    })?;
    let phone = redemption.phone.as_str();
    auth::count_attempt(db, env, Counted::SignInToPhone, phone, now).await?;
    if accounts::phone_taken(db, redemption.phone.as_str()).await? {
        return Err(ApiError::invalid("phone", Problem::Taken));
    }
    let (hash, salt, iterations) = auth::hash_password(redemption.password.as_bytes()).await?;
    let member = accounts::NewMember {
        id: shared::MemberId::from_random_bytes(crypto::random::<16>()?),
        programme: invitation.programme,
        council: invitation.council,
        role: invitation.role,
        name: &redemption.name,
        phone: redemption.phone.as_str(),
        password_hash: &hash,
        password_salt: &salt,
        password_iterations: iterations,
    };
    let (token, token_hash) = auth::new_token()?;
    let won = match accounts::redeem(db, &row.id, &member, &token_hash, now).await {
        Ok(won) => won,
        // The phone number was taken by a request that raced this one.
        Err(ApiError::Conflict { .. }) => return Err(ApiError::invalid("phone", Problem::Taken)),
        Err(e) => return Err(e),
    };
    if !won {
        return Err(ApiError::invalid("code", Problem::AlreadyUsed));
    }
    let me = Me {
        member: member.id,
        name: member.name.clone(),
        role: member.role,
        programme: member.programme,
        council: member.council,
    };
    Ok(http::with_cookies(
        http::json(201, &me),
        &auth::session_cookies(&token),
    ))
}
