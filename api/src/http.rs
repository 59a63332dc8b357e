//! The HTTP edge: reading request bodies into typed values and writing typed responses, with
//! the security headers every API response carries.

use serde::Serialize;
use shared::api::ApiError;
use worker::{Headers, Request, Response};

pub type ApiResult<T> = Result<T, ApiError>;

/// The largest JSON body any route accepts. Photos have their own, larger limit.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// A request body that has passed the checks every write route shares: a declared length within
/// the limit, a JSON content type, and well-formed JSON. Routes read their request type from it.
pub struct Body(Vec<u8>);

impl Body {
    pub fn empty() -> Body {
        Body(Vec::new())
    }

    /// Checks the body of a write request, before any route logic runs: within the limit, a
    /// JSON content type, and well-formed JSON.
    pub fn parse(req: &Request, bytes: Vec<u8>) -> ApiResult<Body> {
        if bytes.is_empty() {
            return Ok(Body::empty());
        }
        if bytes.len() > MAX_JSON_BYTES {
            return Err(too_large(MAX_JSON_BYTES));
        }
        let content_type = req
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .unwrap_or_default();
        let media_type = content_type.split(';').next().unwrap_or_default().trim();
        if !media_type.eq_ignore_ascii_case("application/json") {
            return Err(ApiError::UnsupportedMediaType);
        }
        serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
            .map_err(|_| ApiError::MalformedBody)?;
        Ok(Body(bytes))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The body as the route's request type; `MalformedBody` when absent or of another shape.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> ApiResult<T> {
        serde_json::from_slice(&self.0).map_err(|_| ApiError::MalformedBody)
    }
}

/// A write request's body as sent, read once before any route logic: the idempotency check and
/// the route both look at it. A declared length over `max` is refused without reading; a body
/// sent without a length (chunked) is read piece by piece and refused as soon as it passes `max`,
/// so that nobody can make the worker hold more than a route accepts.
pub async fn read_body(req: &mut Request, max: usize) -> ApiResult<Vec<u8>> {
    use futures_util::StreamExt;
    check_declared_length(req, max)?;
    if req.inner().body().is_none() {
        return Ok(Vec::new());
    }
    let mut stream = req.stream().map_err(|_| ApiError::MalformedBody)?;
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ApiError::MalformedBody)?;
        if body.len() + chunk.len() > max {
            return Err(too_large(max));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An uploaded photo that passed the shared crate's checks: within the size limit and, by its
/// first bytes, a JPEG, PNG or WebP image (whatever the declared content type says), with the
/// metadata a phone writes into it (where and when it was taken, the phone's make) removed.
/// Every photo Kenes stores is one of these: a member's GPS position is not published with
/// their photo of a project.
pub struct PhotoBody {
    pub kind: shared::photos::ImageKind,
    pub bytes: Vec<u8>,
}

impl PhotoBody {
    pub fn check(bytes: &[u8]) -> ApiResult<PhotoBody> {
        use shared::photos::{check, PhotoError, MAX_BYTES};
        match check(bytes) {
            Ok(kind) => Ok(PhotoBody {
                kind,
                bytes: shared::photos::without_metadata(kind, bytes)
                    .ok_or(ApiError::UnsupportedMediaType)?,
            }),
            Err(PhotoError::TooLarge) => Err(too_large(MAX_BYTES)),
            Err(PhotoError::NotAnImage) => Err(ApiError::UnsupportedMediaType),
            Err(PhotoError::Empty) => Err(ApiError::invalid("photo", shared::api::Problem::Empty)),
        }
    }
}

/// Refuses a body whose declared length is over `max` without reading it.
fn check_declared_length(req: &Request, max: usize) -> ApiResult<()> {
    let declared = req.headers().get("content-length").ok().flatten();
    match declared.map(|d| d.trim().parse::<u64>()) {
        Some(Ok(length)) if length > max as u64 => Err(too_large(max)),
        Some(Err(_)) => Err(ApiError::MalformedBody),
        _ => Ok(()),
    }
}

fn too_large(max: usize) -> ApiError {
    ApiError::PayloadTooLarge {
        max_bytes: max as u64,
    }
}

/// A JSON response. Serialising our own types cannot fail; if the platform refuses to build
/// the response, the caller still gets a bare status.
pub fn json<T: Serialize>(status: u16, body: &T) -> Response {
    Response::from_json(body).map_or_else(|_| bare(500), |r| r.with_status(status))
}

/// A 200 response; the `Result` lets a handler end with it.
#[allow(clippy::unnecessary_wraps)]
pub fn ok<T: Serialize>(body: &T) -> ApiResult<Response> {
    Ok(json(200, body))
}

/// A response that also sets (or clears) cookies.
pub fn with_cookies(response: Response, cookies: &[String]) -> Response {
    for cookie in cookies {
        let _ = response.headers().append("set-cookie", cookie);
    }
    response
}

pub fn no_content() -> Response {
    bare(204)
}

pub fn error(e: &ApiError) -> Response {
    let response = json(e.status(), e);
    if let ApiError::RateLimited {
        retry_after_seconds,
    } = e
    {
        let _ = response
            .headers()
            .set("retry-after", &retry_after_seconds.to_string());
    }
    response
}

fn bare(status: u16) -> Response {
    Response::builder().with_status(status).fixed(Vec::new())
}

/// Two years, with subdomains: what browsers' preload lists ask for.
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Headers for every API response: only ever over HTTPS (browsers ignore HSTS on plain HTTP, so
/// the local server is unaffected); nothing may be framed, sniffed, cached by shared caches or
/// leak the referrer; a JSON response needs no script, style or image.
pub fn secure(response: Response) -> Response {
    let headers: &Headers = response.headers();
    for (name, value) in [
        (
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
        ("strict-transport-security", HSTS),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-resource-policy", "same-origin"),
    ] {
        let _ = headers.set(name, value);
    }
    if !headers.has("cache-control").unwrap_or(false) {
        let _ = headers.set("cache-control", "no-store");
    }
    response
}
