//! Members, invitations, sessions and rate-limit counters.

use super::{
    from_wire_name, int, optional_text, stored_id as id, stored_time as time, text, wire_name, Db,
};
use crate::http::ApiResult;
use serde::Deserialize;
use shared::accounts::{Invitation, RateLimit, SessionTimes};
use shared::api::{ApiError, InvitationSummary, Me, Refusal};
use shared::roles::{Actor, Role};
use shared::text::Name;
use shared::time::Timestamp;
use shared::{CouncilId, InvitationId, MemberId, ProgrammeId};
use wasm_bindgen::JsValue;
use worker::D1PreparedStatement;

fn optional_time(text: Option<&str>) -> ApiResult<Option<Timestamp>> {
    text.map(time).transpose()
}

/// A member as stored, with their password hash for signing in.
#[derive(Deserialize)]
pub struct MemberRow {
    id: String,
    programme_id: String,
    council_id: Option<String>,
    role: String,
    display_name: String,
    pub password_hash: String,
    pub password_salt: String,
    pub password_iterations: u32,
}

impl MemberRow {
    pub fn me(&self) -> ApiResult<Me> {
        Ok(Me {
            member: id(&self.id)?,
            name: Name::parse(&self.display_name).map_err(|_| super::corrupt("name"))?,
            role: from_wire_name::<Role>(&self.role)?,
            programme: id(&self.programme_id)?,
            council: self.council_id.as_deref().map(id).transpose()?,
        })
    }
}

pub fn actor(me: &Me) -> Actor {
    Actor {
        member: me.member,
        role: me.role,
        programme: me.programme,
        council: me.council,
    }
}

const MEMBER_COLUMNS: &str = "m.id, m.programme_id, m.council_id, m.role, m.display_name, m.password_hash, m.password_salt, m.password_iterations";

pub async fn member_by_phone(db: &Db, phone: &str) -> ApiResult<Option<MemberRow>> {
    db.first(
        &format!("SELECT {MEMBER_COLUMNS} FROM members m WHERE m.phone = ?1"),
        &[text(phone)],
    )
    .await
}

pub async fn phone_taken(db: &Db, phone: &str) -> ApiResult<bool> {
    Ok(member_by_phone(db, phone).await?.is_some())
}

/// What a new account is made of: the password already hashed.
pub struct NewMember<'a> {
    pub id: MemberId,
    pub programme: ProgrammeId,
    pub council: Option<CouncilId>,
    pub role: Role,
    pub name: &'a Name,
    pub phone: &'a str,
    pub password_hash: &'a str,
    pub password_salt: &'a str,
    pub password_iterations: u32,
}

fn member_values(m: &NewMember<'_>, now: Timestamp) -> Vec<JsValue> {
    vec![
        text(m.id.to_string()),
        text(m.programme.to_string()),
        optional_text(m.council.map(|c| c.to_string())),
        text(wire_name(&m.role)),
        text(m.name.as_str()),
        text(m.phone),
        text(m.password_hash),
        text(m.password_salt),
        int(i64::from(m.password_iterations)),
        text(now.to_string()),
    ]
}

const INSERT_MEMBER: &str = "INSERT INTO members (id, programme_id, council_id, role, display_name, phone, password_hash, password_salt, password_iterations, created_at)";

pub fn insert_member(
    db: &Db,
    member: &NewMember<'_>,
    now: Timestamp,
) -> ApiResult<D1PreparedStatement> {
    db.statement(
        &format!("{INSERT_MEMBER} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        &member_values(member, now),
    )
}

pub fn insert_session(
    db: &Db,
    token_hash: &str,
    member: MemberId,
    now: Timestamp,
) -> ApiResult<D1PreparedStatement> {
    // Inserted only if the member exists, so a redemption that lost a race makes no session.
    db.statement(
        "INSERT INTO sessions (token_hash, member_id, created_at, last_seen_at) SELECT ?1, ?2, ?3, ?3 WHERE EXISTS (SELECT 1 FROM members WHERE id = ?2)",
        &[text(token_hash), text(member.to_string()), text(now.to_string())],
    )
}

#[derive(Deserialize)]
struct SessionRow {
    #[serde(flatten)]
    member: MemberRow,
    created_at: String,
    last_seen_at: String,
}

/// The member signed in with this session, if it is still valid; an expired session is ended.
pub async fn member_by_session(db: &Db, token_hash: &str, now: Timestamp) -> ApiResult<Option<Me>> {
    let row: Option<SessionRow> = db
        .first(
            &format!(
                "SELECT {MEMBER_COLUMNS}, s.created_at, s.last_seen_at FROM sessions s JOIN members m ON m.id = s.member_id WHERE s.token_hash = ?1"
            ),
            &[text(token_hash)],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let times = SessionTimes {
        created_at: time(&row.created_at)?,
        last_seen_at: time(&row.last_seen_at)?,
    };
    if !times.is_valid(now) {
        end_session(db, token_hash).await?;
        return Ok(None);
    }
    // Record use at most hourly: the idle timeout is counted in days.
    if now.millis() - times.last_seen_at.millis() > 3_600_000 {
        db.run(
            "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
            &[text(token_hash), text(now.to_string())],
        )
        .await?;
    }
    row.member.me().map(Some)
}

pub async fn end_session(db: &Db, token_hash: &str) -> ApiResult<()> {
    db.run(
        "DELETE FROM sessions WHERE token_hash = ?1",
        &[text(token_hash)],
    )
    .await?;
    Ok(())
}

#[derive(Deserialize)]
pub struct InvitationRow {
    pub id: String,
    programme_id: String,
    council_id: Option<String>,
    role: String,
    created_at: String,
    expires_at: String,
    used_at: Option<String>,
    revoked_at: Option<String>,
    /// Read for the managers' list only, with the council's and the inviter's names.
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    council_name: Option<String>,
    #[serde(default)]
    invited_by: Option<String>,
}

impl InvitationRow {
    pub fn invitation(&self) -> ApiResult<Invitation> {
        Ok(Invitation {
            programme: id(&self.programme_id)?,
            role: from_wire_name::<Role>(&self.role)?,
            council: self.council_id.as_deref().map(id).transpose()?,
            expires_at: time(&self.expires_at)?,
            used_at: optional_time(self.used_at.as_deref())?,
            revoked_at: optional_time(self.revoked_at.as_deref())?,
        })
    }

    fn summary(&self) -> ApiResult<InvitationSummary> {
        let invitation = self.invitation()?;
        let name = |text: &str| Name::parse(text).map_err(|_| super::corrupt("name"));
        Ok(InvitationSummary {
            id: id(&self.id)?,
            role: invitation.role,
            council: invitation.council,
            council_name: self.council_name.as_deref().map(name).transpose()?,
            note: self.note.as_deref().map(name).transpose()?,
            invited_by: name(self.invited_by.as_deref().unwrap_or_default())?,
            created_at: time(&self.created_at)?,
            expires_at: invitation.expires_at,
            used_at: invitation.used_at,
            revoked_at: invitation.revoked_at,
        })
    }
}

const INVITATION_COLUMNS: &str =
    "id, programme_id, council_id, role, created_at, expires_at, used_at, revoked_at";

pub async fn invitation_by_code_hash(db: &Db, code_hash: &str) -> ApiResult<Option<InvitationRow>> {
    db.first(
        &format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE code_hash = ?1"),
        &[text(code_hash)],
    )
    .await
}

pub async fn create_invitation(
    db: &Db,
    invitation_id: InvitationId,
    code_hash: &str,
    invitation: &Invitation,
    note: Option<&Name>,
    by: MemberId,
    now: Timestamp,
) -> ApiResult<()> {
    db.run(
        "INSERT INTO invitations (id, code_hash, programme_id, council_id, role, created_by, created_at, expires_at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[
            text(invitation_id.to_string()),
            text(code_hash),
            text(invitation.programme.to_string()),
            optional_text(invitation.council.map(|c| c.to_string())),
            text(wire_name(&invitation.role)),
            text(by.to_string()),
            text(now.to_string()),
            text(invitation.expires_at.to_string()),
            optional_text(note.map(Name::to_string)),
        ],
    )
    .await?;
    Ok(())
}

pub async fn invitations(db: &Db, programme: ProgrammeId) -> ApiResult<Vec<InvitationSummary>> {
    let rows: Vec<InvitationRow> = db
        .all(
            "SELECT i.id, i.programme_id, i.council_id, i.role, i.created_at, i.expires_at, i.used_at, i.revoked_at, \
             i.note, c.name AS council_name, m.display_name AS invited_by FROM invitations i \
             JOIN members m ON m.id = i.created_by LEFT JOIN councils c ON c.id = i.council_id \
             WHERE i.programme_id = ?1 ORDER BY i.created_at DESC LIMIT 200",
            &[text(programme.to_string())],
        )
        .await?;
    rows.iter().map(InvitationRow::summary).collect()
}

/// Revokes an unused invitation of the programme; `NotFound` for another programme's.
pub async fn revoke_invitation(
    db: &Db,
    invitation: InvitationId,
    programme: ProgrammeId,
    now: Timestamp,
) -> ApiResult<()> {
    let changed = db
        .run(
            "UPDATE invitations SET revoked_at = ?3 WHERE id = ?1 AND programme_id = ?2 AND used_at IS NULL AND revoked_at IS NULL",
            &[text(invitation.to_string()), text(programme.to_string()), text(now.to_string())],
        )
        .await?;
    if changed == 1 {
        return Ok(());
    }
    let exists: Option<InvitationRow> = db
        .first(
            &format!(
                "SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = ?1 AND programme_id = ?2"
            ),
            &[text(invitation.to_string()), text(programme.to_string())],
        )
        .await?;
    match exists {
        // Already used or revoked: revoking again changes nothing and is not an error.
        Some(row) if row.revoked_at.is_some() => Ok(()),
        Some(_) => Err(ApiError::from(Refusal::InvitationUsed)),
        None => Err(ApiError::NotFound),
    }
}

/// Creates the member, marks the invitation used and opens a session, in one transaction that
/// does nothing if the invitation was used or revoked in the meantime. Returns whether it won.
pub async fn redeem(
    db: &Db,
    invitation: &str,
    member: &NewMember<'_>,
    token_hash: &str,
    now: Timestamp,
) -> ApiResult<bool> {
    let mut values = member_values(member, now);
    values.push(text(invitation));
    let guarded_insert = db.statement(
        &format!(
            "{INSERT_MEMBER} SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE EXISTS (SELECT 1 FROM invitations WHERE id = ?11 AND used_at IS NULL AND revoked_at IS NULL)"
        ),
        &values,
    )?;
    let mark_used = db.statement(
        "UPDATE invitations SET used_at = ?2, used_by = ?3 WHERE id = ?1 AND used_at IS NULL AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM members WHERE id = ?3)",
        &[text(invitation), text(now.to_string()), text(member.id.to_string())],
    )?;
    let session = insert_session(db, token_hash, member.id, now)?;
    let changes = db
        .batch_results(vec![guarded_insert, mark_used, session])
        .await?;
    Ok(changes.first() == Some(&1))
}

/// Counts an attempt against `key`; `RateLimited` with the wait when over the limit. The count
/// is one statement, so parallel attempts cannot all read the same count and pass together;
/// windows that have ended are dropped in the same transaction.
pub async fn admit(db: &Db, key: &str, limit: RateLimit, now: Timestamp) -> ApiResult<()> {
    #[derive(Deserialize)]
    struct Counted {
        count: u32,
    }
    let purge = ended_windows(db, now)?;
    let count = db.statement(
        "INSERT INTO rate_limits (key, window_start, window_end, count) VALUES (?1, ?2, ?3, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END, \
           window_start = excluded.window_start, window_end = excluded.window_end \
         RETURNING count",
        &[
            text(key),
            text(limit.window_start(now).to_string()),
            text(limit.window_end(now).to_string()),
        ],
    )?;
    let counted: Vec<Counted> = db.batch_last_rows(vec![purge, count]).await?;
    let count = counted
        .first()
        .map(|c| c.count)
        .ok_or_else(|| super::corrupt("rate limit count"))?;
    limit
        .judge(count, now)
        .map_err(|retry_after_seconds| ApiError::RateLimited {
            retry_after_seconds,
        })
}

/// Drops the counts whose window has ended (run by the cron trigger too, so that a count of a
/// filing nobody followed does not outlive its hour by more than a quarter).
pub async fn forget_ended_windows(db: &Db, now: Timestamp) -> ApiResult<()> {
    db.batch(vec![ended_windows(db, now)?]).await
}

fn ended_windows(db: &Db, now: Timestamp) -> ApiResult<D1PreparedStatement> {
    db.statement(
        "DELETE FROM rate_limits WHERE window_end <= ?1",
        &[text(now.to_string())],
    )
}

/// The member a device token was given to, while it is valid.
pub async fn known_device(
    db: &Db,
    token_hash: &str,
    today: shared::Date,
) -> ApiResult<Option<MemberId>> {
    #[derive(Deserialize)]
    struct Row {
        member_id: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT member_id FROM known_devices WHERE token_hash = ?1 AND expires_on > ?2",
            &[text(token_hash), text(today.to_string())],
        )
        .await?;
    row.map(|r| super::stored_id(&r.member_id)).transpose()
}

/// Remembers a device the member signed in on, for a year; drops their expired ones.
pub fn insert_known_device(
    db: &Db,
    token_hash: &str,
    member: MemberId,
    today: shared::Date,
) -> ApiResult<Vec<D1PreparedStatement>> {
    Ok(vec![
        db.statement(
            "DELETE FROM known_devices WHERE member_id = ?1 AND expires_on <= ?2",
            &[text(member.to_string()), text(today.to_string())],
        )?,
        db.statement(
            "INSERT INTO known_devices (token_hash, member_id, expires_on) VALUES (?1, ?2, ?3)",
            &[
                text(token_hash),
                text(member.to_string()),
                text(today.plus_days(365).to_string()),
            ],
        )?,
    ])
}
