//! Sessions and who may do what. The actor of a request comes only from its session cookie,
//! never from ids in the URL or the body. State-changing requests must come from this origin.

use crate::crypto;
use crate::db::{accounts, Db};
use crate::http::ApiResult;
use shared::accounts::Counted;
use shared::api::{ApiError, Me, Refusal, WRITTEN_FOR_HEADER};
use shared::roles::Actor;
use shared::time::Timestamp;
use worker::{Env, Request};

/// The session cookie. `__Host-` makes the browser refuse it unless it is Secure, for this host
/// only and for every path, so no other site or subdomain can set or shadow it.
const COOKIE: &str = "__Host-kenes_session";

/// A cookie holding a token of 64 hex digits, as Kenes sets them.
fn cookie(req: &Request, name: &str) -> Option<String> {
    let header = req.headers().get("cookie").ok().flatten()?;
    header.split(';').find_map(|pair| {
        let (found, value) = pair.trim().split_once('=')?;
        (found == name && value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| value.to_owned())
    })
}

fn session_token(req: &Request) -> Option<String> {
    cookie(req, COOKIE)
}

/// The signed-in member, if the request carries a valid session.
pub async fn me(req: &Request, db: &Db, now: Timestamp) -> ApiResult<Option<(String, Me)>> {
    let Some(token) = session_token(req) else {
        return Ok(None);
    };
    let token_hash = crypto::sha256_hex(token.as_bytes());
    let me = accounts::member_by_session(db, &token_hash, now).await?;
    Ok(me.map(|me| (token_hash, me)))
}

/// Who is signed in, as the dispatcher hands it to a route: for a route only members may call
/// (`required`), `Unauthorized` without a session, and the request must have been written for
/// this member.
pub async fn actor(
    req: &Request,
    db: &Db,
    now: Timestamp,
    required: bool,
) -> ApiResult<Option<Actor>> {
    match me(req, db, now).await? {
        Some((_, me)) => {
            if required {
                written_for(req, &me)?;
            }
            Ok(Some(accounts::actor(&me)))
        }
        None if required => Err(ApiError::Unauthorized),
        None => Ok(None),
    }
}

/// Refuses a request the app made for another member than the session's (see
/// [`shared::api::WRITTEN_FOR_HEADER`]); one without the header is the session's own.
fn written_for(req: &Request, me: &Me) -> ApiResult<()> {
    let Some(named) = req.headers().get(WRITTEN_FOR_HEADER).ok().flatten() else {
        return Ok(());
    };
    if named.trim() == me.member.to_string() {
        Ok(())
    } else {
        Err(ApiError::from(Refusal::OtherMember))
    }
}

/// Refuses a state-changing request that a browser did not send from this origin, so another
/// site cannot act with a member's cookie. Non-browser clients must send `Origin` too.
pub fn require_same_origin(req: &Request) -> ApiResult<()> {
    let url = req.url().map_err(|_| ApiError::Forbidden)?;
    let own = url.origin().ascii_serialization();
    let origin = req.headers().get("origin").ok().flatten();
    let fetch_site = req.headers().get("sec-fetch-site").ok().flatten();
    match (origin.as_deref(), fetch_site.as_deref()) {
        (Some(origin), _) if origin == own => Ok(()),
        (None, Some("same-origin")) => Ok(()),
        _ => Err(ApiError::Forbidden),
    }
}

/// A new session token: 256 random bits, sent in the cookie; only its hash is stored.
pub fn new_token() -> ApiResult<(String, String)> {
    let token = crypto::hex(&crypto::random::<32>()?);
    let hash = crypto::sha256_hex(token.as_bytes());
    Ok((token, hash))
}

/// A cookie the app can read, holding no secret: it tells the app that a session may exist, so
/// that a public visitor's browser does not ask who is signed in on every visit.
const SIGNED_IN_HINT: &str = "kenes_signed_in";

/// The cookies that open a session: the secret token (HttpOnly) and the hint.
pub fn session_cookies(token: &str) -> [String; 2] {
    let max_age = shared::accounts::SessionTimes::ABSOLUTE_DAYS * 86_400;
    [
        format!("{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age}"),
        format!("{SIGNED_IN_HINT}=1; Path=/; Secure; SameSite=Strict; Max-Age={max_age}"),
    ]
}

pub fn cleared_cookies() -> [String; 2] {
    [
        format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"),
        format!("{SIGNED_IN_HINT}=; Path=/; Secure; SameSite=Strict; Max-Age=0"),
    ]
}

/// The secret that rate-limit keys are derived under: the `RATE_LIMIT_KEY` secret (README,
/// deploying), or where it is not set a random one made when this instance of the worker
/// started, so that a key is never a plain hash whatever the configuration.
fn limit_secret(env: &Env) -> Vec<u8> {
    thread_local! {
        static FALLBACK: std::cell::OnceCell<[u8; 32]> = const { std::cell::OnceCell::new() };
    }
    let configured = env
        .secret("RATE_LIMIT_KEY")
        .or_else(|_| env.var("RATE_LIMIT_KEY"))
        .ok()
        .map(|s| s.to_string())
        .filter(|s| s.len() >= 32);
    if let Some(secret) = configured {
        return secret.into_bytes();
    }
    FALLBACK.with(|fallback| {
        fallback
            .get_or_init(|| crypto::random::<32>().unwrap_or_else(|_| crypto::sha256(b"unset")))
            .to_vec()
    })
}

/// The key a count is kept under: a keyed hash of what is counted, under its own purpose.
fn limit_key(env: &Env, counted: Counted, value: &str) -> String {
    let data = format!("{}\n{value}", counted.purpose());
    crypto::hmac_sha256_hex(&limit_secret(env), data.as_bytes())
}

/// Counts an attempt against `value` (an address, a phone number, a device) under its limit;
/// `RateLimited` with the wait when over it.
pub async fn count_attempt(
    db: &Db,
    env: &Env,
    counted: Counted,
    value: &str,
    now: Timestamp,
) -> ApiResult<()> {
    accounts::admit(db, &limit_key(env, counted, value), counted.limit(), now).await
}

/// The client's address as the platform reports it, for rate limits only, never stored: an IPv4
/// address whole, an IPv6 address by its /64 network, which one subscriber holds whole.
pub fn client_address(req: &Request) -> String {
    let reported = req
        .headers()
        .get("cf-connecting-ip")
        .ok()
        .flatten()
        .unwrap_or_default();
    match reported.trim().parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Err(_) => "unknown".to_owned(),
    }
}

const DEVICE_COOKIE: &str = "__Host-kenes_device";

/// The device token the request carries, if any: set at a successful sign-in, it lets that
/// device past the per-phone limit that strangers share.
pub fn device_token(req: &Request) -> Option<String> {
    cookie(req, DEVICE_COOKIE)
}

/// The cookie that marks a device as known to an account, for a year.
pub fn device_cookie(token: &str) -> String {
    format!(
        "{DEVICE_COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        365 * 86_400
    )
}

/// Hashes a password with a fresh salt: (hash, salt, iterations), hex-encoded.
pub async fn hash_password(password: &[u8]) -> ApiResult<(String, String, u32)> {
    let salt = crypto::random::<16>()?;
    let iterations = crypto::PBKDF2_ITERATIONS;
    let hash = crypto::pbkdf2(password, &salt, iterations).await?;
    Ok((crypto::hex(&hash), crypto::hex(&salt), iterations))
}

/// Whether the password matches a stored hash.
pub async fn password_matches(
    password: &[u8],
    hash: &str,
    salt: &str,
    iterations: u32,
) -> ApiResult<bool> {
    let (Some(expected), Some(salt)) = (crypto::from_hex(hash), crypto::from_hex(salt)) else {
        return Err(crate::db::corrupt("password hash"));
    };
    let actual = crypto::pbkdf2(password, &salt, iterations).await?;
    Ok(crypto::same(&actual, &expected))
}
