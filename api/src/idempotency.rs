//! A write sent again with the same `Idempotency-Key` is answered with the first answer and done
//! once (see `shared::idempotency`). Nothing readable is kept: the row's id is one hash of the
//! key, and the answer, which may hold a tracking code, an invitation code or a session cookie,
//! is sealed under another, so only whoever holds the key can read it back.

use crate::crypto;
use crate::db::{idempotency as store, Db};
use crate::http::ApiResult;
use serde::{Deserialize, Serialize};
use shared::api::{ApiError, Problem, Refusal};
use shared::idempotency::{remembers, IdempotencyKey, ABANDONED_AFTER_SECONDS, HEADER};
use shared::Timestamp;
use std::future::Future;
use worker::{console_error, Headers, Request, Response, ResponseBody};

/// The key sent with a request, if any; a malformed one is refused before anything is done.
pub fn key_of(req: &Request) -> ApiResult<Option<IdempotencyKey>> {
    let Some(value) = req.headers().get(HEADER).ok().flatten() else {
        return Ok(None);
    };
    IdempotencyKey::parse(value.trim())
        .map(Some)
        .map_err(|problem| ApiError::invalid("idempotency_key", problem))
}

/// Who a write is made by, as far as a repeat of it must match: a member's id under a session
/// (any session of theirs), or nobody for a write made with no account.
pub fn actor_tag(member: Option<shared::MemberId>) -> String {
    member.map_or_else(|| "public".to_owned(), |m| format!("member {m}"))
}

/// What identifies the request behind a key: the same key with another request, or by another
/// actor, is refused, so whoever sees a key (and the body) gets nothing of the first answer
/// under another session or none. The digest is keyed by the key itself: the database alone
/// cannot be used to test guesses of a password or a code in the body against it.
pub fn request_digest(
    key: &IdempotencyKey,
    actor: &str,
    method: &str,
    path: &str,
    body: &[u8],
) -> String {
    let mut data = Vec::with_capacity(64 + key.as_str().len() + path.len() + body.len());
    for part in [
        "kenes idempotency request".as_bytes(),
        key.as_str().as_bytes(),
        actor.as_bytes(),
        method.as_bytes(),
        path.as_bytes(),
    ] {
        data.extend_from_slice(part);
        data.push(b'\n');
    }
    data.extend_from_slice(body);
    crypto::sha256_hex(&data)
}

/// Headers of the first answer that a repeat gets back too; the security headers are added to
/// every answer anyway.
const KEPT_HEADERS: [&str; 4] = ["content-type", "set-cookie", "location", "cache-control"];

#[derive(Serialize, Deserialize)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Secrets {
    id: String,
    seal_key: [u8; 32],
}

fn secrets(key: &IdempotencyKey) -> Secrets {
    let derive =
        |purpose: &str| crypto::sha256(format!("kenes {purpose}\n{}", key.as_str()).as_bytes());
    Secrets {
        id: crypto::hex(&derive("idempotency id")),
        seal_key: derive("idempotency seal"),
    }
}

/// Does `write` once for this key: the first time it runs and, when it was done, its answer is
/// kept; a repeat of the same request gets that answer back; another request with the same key
/// is refused; a repeat arriving while the first is still being done is asked to wait.
pub async fn once(
    db: &Db,
    key: &IdempotencyKey,
    digest: &str,
    now: Timestamp,
    write: impl Future<Output = Response>,
) -> ApiResult<Response> {
    let secrets = secrets(key);
    let abandoned_before = Timestamp::from_millis(now.millis() - ABANDONED_AFTER_SECONDS * 1000);
    if !store::claim(db, &secrets.id, digest, now, abandoned_before).await? {
        return repeat(db, &secrets, digest).await;
    }
    let response = write.await;
    if !remembers(response.status_code()) {
        store::release(db, &secrets.id).await?;
        return Ok(response);
    }
    let (answer, response) = answer_of(response);
    let sealed = serde_json::to_vec(&answer).map_err(|_| ApiError::Internal)?;
    match crypto::seal(&secrets.seal_key, &sealed).await {
        Ok(sealed) => store::remember(db, &secrets.id, &crypto::hex(&sealed)).await?,
        // The write is done; the caller hears of it. Only a repeat could act again.
        Err(e) => console_error!("idempotency: the answer could not be sealed: {e:?}"),
    }
    Ok(response)
}

async fn repeat(db: &Db, secrets: &Secrets, digest: &str) -> ApiResult<Response> {
    let Some(remembered) = store::remembered(db, &secrets.id).await? else {
        // Released between our claim and this read: the first attempt was refused.
        return Err(in_progress());
    };
    if remembered.request != digest {
        return Err(ApiError::invalid("idempotency_key", Problem::AlreadyUsed));
    }
    let Some(sealed) = remembered.answer else {
        return Err(in_progress());
    };
    let sealed = crypto::from_hex(&sealed).ok_or_else(|| crate::db::corrupt("sealed answer"))?;
    let plain = crypto::open(&secrets.seal_key, &sealed)
        .await?
        .ok_or_else(|| crate::db::corrupt("sealed answer"))?;
    let answer: Answer =
        serde_json::from_slice(&plain).map_err(|_| crate::db::corrupt("sealed answer"))?;
    Ok(response_of(answer))
}

/// Drops the answers no phone is expected to ask for again (run by the cron trigger).
pub async fn forget_old(db: &Db, now: Timestamp) -> ApiResult<usize> {
    store::forget_before(db, now.plus_days(-shared::idempotency::REMEMBERED_DAYS)).await
}

fn in_progress() -> ApiError {
    ApiError::from(Refusal::InProgress)
}

/// The answer to keep, and the response to send now (rebuilt, since its body was taken).
fn answer_of(response: Response) -> (Answer, Response) {
    let status = response.status_code();
    let headers: Vec<(String, String)> = response
        .headers()
        .entries()
        .filter(|(name, _)| KEPT_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
        .collect();
    let (builder, body) = response.into_parts();
    let body = match body {
        ResponseBody::Body(bytes) => bytes,
        _ => Vec::new(),
    };
    let response = builder.fixed(body.clone());
    (
        Answer {
            status,
            headers,
            body,
        },
        response,
    )
}

fn response_of(answer: Answer) -> Response {
    let headers = Headers::new();
    for (name, value) in &answer.headers {
        let _ = headers.append(name, value);
    }
    let _ = headers.set("idempotent-replay", "true");
    Response::builder()
        .with_status(answer.status)
        .with_headers(headers)
        .fixed(answer.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> IdempotencyKey {
        IdempotencyKey::parse(text).unwrap()
    }

    #[test]
    fn the_digest_tells_requests_keys_and_actors_apart() {
        let k = key("3f2b8c1e-9a4d-4e7f-b6a1-0c5d2e8f7a90");
        let public = actor_tag(None);
        let one = request_digest(&k, &public, "POST", "/api/grievances", b"{\"a\":1}");
        assert_eq!(
            one,
            request_digest(&k, &public, "POST", "/api/grievances", b"{\"a\":1}")
        );
        assert_ne!(
            one,
            request_digest(&k, &public, "POST", "/api/grievances", b"{\"a\":2}")
        );
        assert_ne!(
            one,
            request_digest(&k, &public, "PUT", "/api/grievances", b"{\"a\":1}")
        );
        assert_ne!(
            one,
            request_digest(&k, &public, "POST", "/api/receptions", b"{\"a\":1}")
        );
        let member = actor_tag(Some(shared::MemberId::from_u128(1)));
        assert_ne!(
            one,
            request_digest(&k, &member, "POST", "/api/grievances", b"{\"a\":1}")
        );
        let other = key("9a4d3f2b-8c1e-4e7f-b6a1-0c5d2e8f7a91");
        assert_ne!(
            one,
            request_digest(&other, &public, "POST", "/api/grievances", b"{\"a\":1}")
        );
    }

    #[test]
    fn the_digest_of_a_sign_in_is_not_a_digest_of_its_body_alone() {
        let body = br#"{"phone":"+77011234567","password":"a long password"}"#;
        let k = key("3f2b8c1e-9a4d-4e7f-b6a1-0c5d2e8f7a90");
        let stored = request_digest(&k, &actor_tag(None), "POST", "/api/session", body);
        let mut plain = b"POST\n/api/session\n".to_vec();
        plain.extend_from_slice(body);
        assert_ne!(stored, crypto::sha256_hex(&plain));
        assert_ne!(stored, crypto::sha256_hex(body));
    }

    #[test]
    fn the_stored_id_and_the_seal_key_differ_and_neither_is_the_key() {
        let key = key("3f2b8c1e-9a4d-4e7f-b6a1-0c5d2e8f7a90");
        let secrets = secrets(&key);
        assert!(!secrets.id.contains(key.as_str()));
        assert_ne!(secrets.id, crypto::hex(&secrets.seal_key));
        assert_eq!(
            secrets.id,
            super::secrets(&key).id,
            "the same key finds the same row"
        );
    }
}
