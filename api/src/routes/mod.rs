//! The route table and the dispatcher. Each route is declared once, with its method and path
//! template in OpenAPI form; the matcher reads the same templates, and a test checks that the
//! OpenAPI document describes every one of them.

pub mod assessment;
pub mod bootstrap;
pub mod councils;
pub mod demo;
pub mod docs;
pub mod grievances;
pub mod health;
pub mod history;
pub mod invitations;
pub mod photos;
pub mod programmes;
pub mod projects;
pub mod proposals;
pub mod session;
pub mod years;

pub use crate::context::Access;
use crate::context::Cx;
use crate::http::{self, ApiResult, Body};
use shared::api::ApiError;
use worker::{Env, Request, Response};

/// Declares every route once: its name, who may call it, what its body is, and its handler. The
/// handler's `#[utoipa::path]` holds its method, its path with named parameters and its OpenAPI
/// operation; the matcher, the dispatcher and the OpenAPI document are all made from this table.
macro_rules! routes {
    ($($name:ident => $module:ident :: $handler:ident, $access:ident $(, $flag:ident)*;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Route {
            $($name,)*
        }

        impl Route {
            pub const ALL: &'static [Route] = &[$(Route::$name,)*];

            pub fn access(self) -> Access {
                match self {
                    $(Route::$name => Access::$access,)*
                }
            }

            fn flags(self) -> &'static [Flag] {
                match self {
                    $(Route::$name => &[$(Flag::$flag,)*],)*
                }
            }

            /// The method and path template of the handler's OpenAPI operation.
            fn declared(self) -> (Vec<utoipa::openapi::path::HttpMethod>, String) {
                match self {
                    $(Route::$name => paste::paste! {(
                        <$module::[<__path_ $handler>] as utoipa::Path>::methods(),
                        <$module::[<__path_ $handler>] as utoipa::Path>::path(),
                    )},)*
                }
            }

            async fn run(self, cx: &Cx<'_>) -> ApiResult<Response> {
                match self {
                    $(Route::$name => $module::$handler(cx).await,)*
                }
            }
        }

        /// Every route's OpenAPI operation, merged into the document by `crate::openapi`.
        #[derive(utoipa::OpenApi)]
        #[openapi(paths($($module::$handler,)*))]
        pub struct Operations;
    };
}

/// What sets a route apart beyond who may call it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flag {
    /// The body is an image, not JSON.
    Photo,
    /// A repeat is not answered from the first answer (see [`Route::replays_answers`]).
    NotReplayed,
}

routes! {
    Health => health::get, Public;
    OpenApi => docs::get, Public;
    Programmes => programmes::list, Public;
    LoadDemo => demo::load, Public;
    CreateCouncil => councils::create, Member;
    SignIn => session::sign_in, Public;
    CurrentSession => session::current, Public;
    SignOut => session::sign_out, Public, NotReplayed;
    CreateInvitation => invitations::create, Member;
    ListInvitations => invitations::list, Member;
    RevokeInvitation => invitations::revoke, Member;
    RedeemInvitation => invitations::redeem, Public;
    Bootstrap => bootstrap::create, Public;
    PutDraft => proposals::put_draft, Member;
    GetProposal => proposals::get, Reader;
    ListProposals => proposals::list, Reader;
    SubmitProposal => proposals::submit, Member;
    CastBallot => proposals::cast_ballot, Member;
    OpenVotes => proposals::open_votes, Member;
    CouncilProposals => proposals::council_list, Member;
    PutPhoto => photos::put, Member, Photo;
    DeletePhoto => photos::delete, Member;
    GetPhoto => photos::get, Reader;
    PutYear => years::put, Member;
    GetYear => years::get, Public;
    AssignAssessors => assessment::assign, Member;
    SubmitAssessment => assessment::assess, Member;
    Decide => assessment::decide, Member;
    AssessmentQueue => assessment::queue, Member;
    CloseYear => years::close, Member;
    GetProject => projects::get, Reader;
    AddMilestone => projects::add_milestone, Member;
    MilestoneDone => projects::milestone_done, Member;
    AddSpending => projects::add_spending, Member;
    AddOutput => projects::add_output, Member;
    SetBeneficiaries => projects::set_beneficiaries, Member;
    PostUpdate => projects::post_update, Member;
    PostReport => projects::post_report, Member;
    AnswerReport => projects::answer_report, Member;
    UnansweredReports => projects::unanswered, Member;
    PutProjectPhoto => photos::put_project, Member, Photo;
    DeleteProjectPhoto => photos::delete_project, Member;
    Dashboard => years::dashboard, Public;
    OpenData => years::open_data, Public;
    PlanActivity => years::plan_activity, Member;
    MarkActivity => years::mark_activity, Member;
    FileGrievance => grievances::file, Reader;
    TrackGrievance => grievances::track, Public;
    AppealGrievance => grievances::appeal, Public;
    PutGrievancePhoto => grievances::put_photo, Public, Photo;
    ListGrievances => grievances::list, Member;
    GetGrievance => grievances::get, Member;
    GrievanceStep => grievances::step, Member;
    ListReceptions => grievances::receptions, Public;
    PublishReception => grievances::publish_reception, Member;
    WithdrawReception => grievances::withdraw_reception, Member;
    GrievanceStats => grievances::stats, Public;
    HistoryCheck => history::check, Reader;
}

/// A route's method and template, read from its operation once per worker.
struct Declared {
    route: Route,
    method: &'static str,
    template: String,
}

fn declared() -> &'static [Declared] {
    static TABLE: std::sync::OnceLock<Vec<Declared>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        use utoipa::openapi::path::HttpMethod;
        Route::ALL
            .iter()
            .map(|&route| {
                let (methods, template) = route.declared();
                let method = match methods.first() {
                    Some(HttpMethod::Post) => "POST",
                    Some(HttpMethod::Put) => "PUT",
                    Some(HttpMethod::Delete) => "DELETE",
                    Some(HttpMethod::Patch) => "PATCH",
                    _ => "GET",
                };
                Declared {
                    route,
                    method,
                    template,
                }
            })
            .collect()
    })
}

impl Route {
    pub fn method(self) -> &'static str {
        declared()
            .iter()
            .find(|d| d.route == self)
            .map_or("GET", |d| d.method)
    }

    pub fn template(self) -> &'static str {
        declared()
            .iter()
            .find(|d| d.route == self)
            .map_or("", |d| d.template.as_str())
    }

    /// Whether a repeat of this write is answered from the first answer. Signing out is not: it
    /// does nothing twice by itself, and its repeat comes with no session, so it could never be
    /// matched to the first under the rule that a repeat is the same actor's.
    pub fn replays_answers(self) -> bool {
        !self.flags().contains(&Flag::NotReplayed)
    }

    /// Uploads take an image body, not JSON.
    pub fn takes_a_photo(self) -> bool {
        self.flags().contains(&Flag::Photo)
    }
}

/// The current time, from the platform's clock.
pub fn now() -> shared::Timestamp {
    let millis = worker::Date::now().as_millis();
    shared::Timestamp::from_millis(i64::try_from(millis).unwrap_or(i64::MAX))
}

/// The path's parameters by name: `{id}` of `/api/proposals/{id}` and its value.
pub type Params = Vec<(&'static str, String)>;

fn matches(template: &'static str, path: &str) -> Option<Params> {
    let mut params = Vec::new();
    let mut template_parts = template.split('/');
    let mut path_parts = path.split('/');
    loop {
        match (template_parts.next(), path_parts.next()) {
            (None, None) => return Some(params),
            (Some(t), Some(p)) if t.starts_with('{') && !p.is_empty() => {
                let name = t.trim_start_matches('{').trim_end_matches('}');
                params.push((name, p.to_owned()));
            }
            (Some(t), Some(p)) if t == p => {}
            _ => return None,
        }
    }
}

/// The route for a method and path: `NotFound` when no template matches the path,
/// `MethodNotAllowed` when one does but not for this method.
pub fn resolve(method: &str, path: &str) -> ApiResult<(Route, Params)> {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let mut path_known = false;
    for declared in declared() {
        if let Some(params) = matches(declared.template.as_str(), path) {
            if declared.method == method || (method == "HEAD" && declared.method == "GET") {
                return Ok((declared.route, params));
            }
            path_known = true;
        }
    }
    Err(if path_known {
        ApiError::MethodNotAllowed
    } else {
        ApiError::NotFound
    })
}

/// Answers one request; never fails and never panics on bad input.
pub async fn handle(req: Request, env: &Env) -> Response {
    let response = match dispatch(req, env).await {
        Ok(response) => response,
        Err(e) => http::error(&e),
    };
    http::secure(response)
}

async fn dispatch(mut req: Request, env: &Env) -> ApiResult<Response> {
    let method = req.method().to_string();
    let (route, params) = resolve(&method, &req.path())?;
    let write = matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE");
    if write {
        crate::auth::require_same_origin(&req)?;
    }
    let key = if write {
        crate::idempotency::key_of(&req)?.filter(|_| route.replays_answers())
    } else {
        None
    };
    let db = crate::db::Db::from_env(env)?;
    let now = now();
    // Who is signed in, read once: for the route, for an upload (which needs a session before its
    // body is read), and for a repeat (answered only to whoever made the first).
    let actor = if route.access() != Access::Public || route.takes_a_photo() || key.is_some() {
        crate::auth::actor(&req, &db, now, route.access() == Access::Member).await?
    } else {
        None
    };
    let max = if route.takes_a_photo() {
        // Ten megabytes are read only for someone who may upload at all.
        may_upload(route, &params, actor.as_ref(), &db).await?;
        shared::photos::MAX_BYTES
    } else {
        http::MAX_JSON_BYTES
    };
    let bytes = if write {
        http::read_body(&mut req, max).await?
    } else {
        Vec::new()
    };
    let digest = key.as_ref().map(|key| {
        let tag = crate::idempotency::actor_tag(actor.map(|a| a.member));
        crate::idempotency::request_digest(key, &tag, &method, &req.path(), &bytes)
    });
    let cx = Cx::new(&req, env, db, now, actor, params);
    // A photo is an image, not JSON: its route checks it with the photo rules.
    let cx = if route.takes_a_photo() {
        cx.with_photo(bytes)
    } else {
        cx.with_body(Body::parse(&req, bytes)?)
    };
    let response = match (key, digest) {
        (Some(key), Some(digest)) => {
            let write = async { route.run(&cx).await.unwrap_or_else(|e| http::error(&e)) };
            crate::idempotency::once(&cx.db, &key, &digest, now, write).await
        }
        _ => route.run(&cx).await,
    };
    show_round_trips(env, &cx.db, response)
}

/// Where `ROUND_TRIPS_SHOWN` is set (the test servers), tells how many round trips to the
/// database the request made, so tests can hold a page's reads to a fixed number however many items it has.
fn show_round_trips(
    env: &Env,
    db: &crate::db::Db,
    response: ApiResult<Response>,
) -> ApiResult<Response> {
    let shown = env
        .var("ROUND_TRIPS_SHOWN")
        .is_ok_and(|v| v.to_string() == "yes");
    if !shown {
        return response;
    }
    let count = db.round_trips().to_string();
    let mut response = response.unwrap_or_else(|e| http::error(&e));
    let _ = response.headers_mut().set("kenes-db-round-trips", &count);
    Ok(response)
}

/// Whether the request may upload a photo to this route at all, checked before its body is
/// read: a session for a proposal's or project's photo, a tracking code that names a grievance
/// for a grievance's. The route itself then decides whether this actor may add to this record.
async fn may_upload(
    route: Route,
    params: &Params,
    actor: Option<&shared::roles::Actor>,
    db: &crate::db::Db,
) -> ApiResult<()> {
    match route {
        Route::PutGrievancePhoto => {
            let code = params
                .iter()
                .find(|(name, _)| *name == "code")
                .map_or("", |(_, v)| v.as_str());
            crate::records::by_code(db, code).await.map(|_| ())
        }
        _ => actor.map(|_| ()).ok_or(ApiError::Unauthorized),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_path_resolves_to_its_route() {
        assert_eq!(resolve("GET", "/api/health").unwrap().0, Route::Health);
        assert_eq!(
            resolve("GET", "/api/programmes/").unwrap().0,
            Route::Programmes
        );
    }

    #[test]
    fn an_unknown_path_is_not_found() {
        assert_eq!(
            resolve("GET", "/api/nothing-here").err(),
            Some(ApiError::NotFound)
        );
        assert_eq!(
            resolve("GET", "/api/health/extra").err(),
            Some(ApiError::NotFound)
        );
    }

    #[test]
    fn a_known_path_with_the_wrong_method_is_not_allowed() {
        assert_eq!(
            resolve("DELETE", "/api/health").err(),
            Some(ApiError::MethodNotAllowed)
        );
    }

    #[test]
    fn a_placeholder_captures_one_segment() {
        assert_eq!(
            matches("/api/proposals/{id}", "/api/proposals/abc"),
            Some(vec![("id", "abc".to_owned())])
        );
        assert_eq!(matches("/api/proposals/{id}", "/api/proposals/"), None);
        assert_eq!(matches("/api/proposals/{id}", "/api/proposals/a/b"), None);
    }

    /// The matcher's time per request over every route's path, as a figure for the budgets part
    /// (`cargo test -p kenes-api --release -- --ignored --nocapture dispatch_figures`).
    #[test]
    #[ignore = "a figure, not a check"]
    fn dispatch_figures() {
        let requests: Vec<(&str, String)> = Route::ALL
            .iter()
            .map(|r| (r.method(), r.template().replace('{', "x").replace('}', "")))
            .collect();
        let mut per_request = Vec::new();
        for _ in 0..200 {
            let start = std::time::Instant::now();
            for _ in 0..20 {
                for (method, path) in &requests {
                    std::hint::black_box(resolve(method, path).is_ok());
                }
            }
            let requests_done = u32::try_from(20 * requests.len()).unwrap();
            per_request.push(start.elapsed() / requests_done);
        }
        per_request.sort();
        println!(
            "route dispatch over {} routes: p50 {:?}, p99 {:?} per request",
            requests.len(),
            per_request[per_request.len() / 2],
            per_request[per_request.len() * 99 / 100]
        );
    }

    #[test]
    fn every_route_is_described_in_the_openapi_document() {
        let doc = crate::openapi::document();
        for route in Route::ALL {
            let item = doc.paths.paths.get(route.template());
            let described = item.is_some_and(|item| {
                let operation = match route.method() {
                    "GET" => &item.get,
                    "POST" => &item.post,
                    "PUT" => &item.put,
                    "DELETE" => &item.delete,
                    "PATCH" => &item.patch,
                    _ => &None,
                };
                operation.is_some()
            });
            assert!(
                described,
                "{} {} is not in the OpenAPI document",
                route.method(),
                route.template()
            );
        }
    }

    #[test]
    fn the_openapi_document_describes_no_route_that_does_not_exist() {
        let doc = crate::openapi::document();
        for path in doc.paths.paths.keys() {
            assert!(
                Route::ALL.iter().any(|r| r.template() == path),
                "{path} has no route"
            );
        }
    }
}
