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

use crate::http::{self, ApiResult, Body};
use shared::api::ApiError;
use worker::{Env, Request, Response};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Health,
    OpenApi,
    Programmes,
    LoadDemo,
    CreateCouncil,
    SignIn,
    CurrentSession,
    SignOut,
    CreateInvitation,
    ListInvitations,
    RevokeInvitation,
    RedeemInvitation,
    Bootstrap,
    PutDraft,
    GetProposal,
    ListProposals,
    SubmitProposal,
    CastBallot,
    OpenVotes,
    PutPhoto,
    DeletePhoto,
    GetPhoto,
    PutYear,
    GetYear,
    AssignAssessors,
    SubmitAssessment,
    Decide,
    AssessmentQueue,
    CloseYear,
    GetProject,
    AddMilestone,
    MilestoneDone,
    AddSpending,
    AddOutput,
    SetBeneficiaries,
    PostUpdate,
    PostReport,
    AnswerReport,
    UnansweredReports,
    PutProjectPhoto,
    DeleteProjectPhoto,
    Dashboard,
    OpenData,
    PlanActivity,
    MarkActivity,
    FileGrievance,
    TrackGrievance,
    AppealGrievance,
    PutGrievancePhoto,
    ListGrievances,
    GetGrievance,
    GrievanceStep,
    ListReceptions,
    PublishReception,
    WithdrawReception,
    GrievanceStats,
    HistoryCheck,
}

impl Route {
    pub const ALL: [Route; 57] = [
        Route::Health,
        Route::OpenApi,
        Route::Programmes,
        Route::LoadDemo,
        Route::CreateCouncil,
        Route::SignIn,
        Route::CurrentSession,
        Route::SignOut,
        Route::CreateInvitation,
        Route::ListInvitations,
        Route::RevokeInvitation,
        Route::RedeemInvitation,
        Route::Bootstrap,
        Route::PutDraft,
        Route::GetProposal,
        Route::ListProposals,
        Route::SubmitProposal,
        Route::CastBallot,
        Route::OpenVotes,
        Route::PutPhoto,
        Route::DeletePhoto,
        Route::GetPhoto,
        Route::PutYear,
        Route::GetYear,
        Route::AssignAssessors,
        Route::SubmitAssessment,
        Route::Decide,
        Route::AssessmentQueue,
        Route::CloseYear,
        Route::GetProject,
        Route::AddMilestone,
        Route::MilestoneDone,
        Route::AddSpending,
        Route::AddOutput,
        Route::SetBeneficiaries,
        Route::PostUpdate,
        Route::PostReport,
        Route::AnswerReport,
        Route::UnansweredReports,
        Route::PutProjectPhoto,
        Route::DeleteProjectPhoto,
        Route::Dashboard,
        Route::OpenData,
        Route::PlanActivity,
        Route::MarkActivity,
        Route::FileGrievance,
        Route::TrackGrievance,
        Route::AppealGrievance,
        Route::PutGrievancePhoto,
        Route::ListGrievances,
        Route::GetGrievance,
        Route::GrievanceStep,
        Route::ListReceptions,
        Route::PublishReception,
        Route::WithdrawReception,
        Route::GrievanceStats,
        Route::HistoryCheck,
    ];

    pub fn method(self) -> &'static str {
        match self {
            Route::Health
            | Route::OpenApi
            | Route::Programmes
            | Route::CurrentSession
            | Route::ListInvitations
            | Route::GetProposal
            | Route::ListProposals
            | Route::OpenVotes
            | Route::GetPhoto
            | Route::GetYear
            | Route::AssessmentQueue
            | Route::GetProject
            | Route::UnansweredReports
            | Route::Dashboard
            | Route::OpenData
            | Route::TrackGrievance
            | Route::ListGrievances
            | Route::GetGrievance
            | Route::ListReceptions
            | Route::GrievanceStats
            | Route::HistoryCheck => "GET",
            Route::LoadDemo
            | Route::CreateCouncil
            | Route::SignIn
            | Route::CreateInvitation
            | Route::RedeemInvitation
            | Route::Bootstrap
            | Route::SubmitProposal
            | Route::AssignAssessors
            | Route::SubmitAssessment
            | Route::Decide
            | Route::CloseYear
            | Route::AddMilestone
            | Route::MilestoneDone
            | Route::AddSpending
            | Route::AddOutput
            | Route::PostUpdate
            | Route::PostReport
            | Route::AnswerReport
            | Route::PlanActivity
            | Route::FileGrievance
            | Route::AppealGrievance
            | Route::GrievanceStep
            | Route::PublishReception => "POST",
            Route::PutDraft
            | Route::CastBallot
            | Route::PutPhoto
            | Route::PutYear
            | Route::SetBeneficiaries
            | Route::PutProjectPhoto
            | Route::MarkActivity
            | Route::PutGrievancePhoto => "PUT",
            Route::SignOut
            | Route::RevokeInvitation
            | Route::DeletePhoto
            | Route::DeleteProjectPhoto
            | Route::WithdrawReception => "DELETE",
        }
    }

    /// Whether a repeat of this write is answered from the first answer. Signing out is not: it
    /// does nothing twice by itself, and its repeat comes with no session, so it could never be
    /// matched to the first under the rule that a repeat is the same actor's.
    pub fn replays_answers(self) -> bool {
        !matches!(self, Route::SignOut)
    }

    /// Uploads take an image body, not JSON.
    pub fn takes_a_photo(self) -> bool {
        matches!(
            self,
            Route::PutPhoto | Route::PutProjectPhoto | Route::PutGrievancePhoto
        )
    }

    pub fn template(self) -> &'static str {
        match self {
            Route::Health => "/api/health",
            Route::OpenApi => "/api/openapi.json",
            Route::Programmes => "/api/programmes",
            Route::LoadDemo => "/api/demo",
            Route::CreateCouncil => "/api/councils",
            Route::SignIn | Route::CurrentSession | Route::SignOut => "/api/session",
            Route::CreateInvitation | Route::ListInvitations => "/api/invitations",
            Route::RevokeInvitation => "/api/invitations/{id}",
            Route::RedeemInvitation => "/api/invitations/redeem",
            Route::Bootstrap => "/api/bootstrap",
            Route::PutDraft | Route::GetProposal => "/api/proposals/{id}",
            Route::ListProposals => "/api/proposals",
            Route::SubmitProposal => "/api/proposals/{id}/submit",
            Route::CastBallot => "/api/proposals/{id}/ballot",
            Route::OpenVotes => "/api/votes",
            Route::PutPhoto | Route::DeletePhoto => "/api/proposals/{id}/photos/{photo}",
            Route::GetPhoto => "/api/photos/{photo}",
            Route::PutYear => "/api/years/{year}",
            Route::GetYear => "/api/programmes/{id}/years/{year}",
            Route::AssignAssessors => "/api/proposals/{id}/assessors",
            Route::SubmitAssessment => "/api/proposals/{id}/assessment",
            Route::Decide => "/api/proposals/{id}/decision",
            Route::AssessmentQueue => "/api/assessment",
            Route::CloseYear => "/api/years/{year}/close",
            Route::GetProject => "/api/projects/{id}",
            Route::AddMilestone => "/api/projects/{id}/milestones",
            Route::MilestoneDone => "/api/projects/{id}/milestones/{milestone}/done",
            Route::AddSpending => "/api/projects/{id}/spending",
            Route::AddOutput => "/api/projects/{id}/outputs",
            Route::SetBeneficiaries => "/api/projects/{id}/beneficiaries",
            Route::PostUpdate => "/api/projects/{id}/updates",
            Route::PostReport => "/api/projects/{id}/reports",
            Route::AnswerReport => "/api/projects/{id}/reports/{report}/answer",
            Route::UnansweredReports => "/api/reports/unanswered",
            Route::PutProjectPhoto | Route::DeleteProjectPhoto => {
                "/api/projects/{id}/photos/{photo}"
            }
            Route::Dashboard => "/api/programmes/{id}/years/{year}/dashboard",
            Route::OpenData => "/api/programmes/{id}/years/{year}/data/{file}",
            Route::PlanActivity => "/api/years/{year}/plan",
            Route::MarkActivity => "/api/years/{year}/plan/{activity}",
            Route::FileGrievance | Route::ListGrievances => "/api/grievances",
            Route::GetGrievance => "/api/grievances/{id}",
            Route::GrievanceStep => "/api/grievances/{id}/steps",
            Route::TrackGrievance => "/api/track/{code}",
            Route::AppealGrievance => "/api/track/{code}/appeal",
            Route::PutGrievancePhoto => "/api/track/{code}/photos/{photo}",
            Route::ListReceptions => "/api/programmes/{id}/receptions",
            Route::PublishReception => "/api/receptions",
            Route::WithdrawReception => "/api/receptions/{id}",
            Route::GrievanceStats => "/api/programmes/{id}/years/{year}/grievances",
            Route::HistoryCheck => "/api/history/{kind}/{id}",
        }
    }
}

/// The current time, from the platform's clock.
pub fn now() -> shared::Timestamp {
    let millis = worker::Date::now().as_millis();
    shared::Timestamp::from_millis(i64::try_from(millis).unwrap_or(i64::MAX))
}

/// Values of a template's `{placeholders}`, in order.
pub type Params = Vec<String>;

fn matches(template: &str, path: &str) -> Option<Params> {
    let mut params = Vec::new();
    let mut template_parts = template.split('/');
    let mut path_parts = path.split('/');
    loop {
        match (template_parts.next(), path_parts.next()) {
            (None, None) => return Some(params),
            (Some(t), Some(p)) if t.starts_with('{') && !p.is_empty() => params.push(p.to_owned()),
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
    for route in Route::ALL {
        if let Some(params) = matches(route.template(), path) {
            if route.method() == method || (method == "HEAD" && route.method() == "GET") {
                return Ok((route, params));
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
    if !matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE") {
        return run(route, &params, &req, Vec::new(), env).await;
    }
    crate::auth::require_same_origin(&req)?;
    let key = crate::idempotency::key_of(&req)?.filter(|_| route.replays_answers());
    let db = crate::db::Db::from_env(env)?;
    // Who is signed in, read once for both: an upload needs a session before its body is read,
    // and a repeat is answered only to whoever made the first (the same member, or nobody).
    let member = if route.takes_a_photo() || key.is_some() {
        crate::auth::me(&req, &db, now())
            .await?
            .map(|(_, me)| me.member)
    } else {
        None
    };
    let max = if route.takes_a_photo() {
        // Ten megabytes are read only for someone who may upload at all.
        may_upload(route, &params, member, &db).await?;
        shared::photos::MAX_BYTES
    } else {
        http::MAX_JSON_BYTES
    };
    let body = http::read_body(&mut req, max).await?;
    let Some(key) = key else {
        return run(route, &params, &req, body, env).await;
    };
    let actor = crate::idempotency::actor_tag(member);
    let digest = crate::idempotency::request_digest(&key, &actor, &method, &req.path(), &body);
    let write = async {
        run(route, &params, &req, body, env)
            .await
            .unwrap_or_else(|e| http::error(&e))
    };
    crate::idempotency::once(&db, &key, &digest, now(), write).await
}

/// Whether the request may upload a photo to this route at all, checked before its body is
/// read: a session for a proposal's or project's photo, a tracking code that names a grievance
/// for a grievance's. The route itself then decides whether this actor may add to this record.
async fn may_upload(
    route: Route,
    params: &Params,
    member: Option<shared::MemberId>,
    db: &crate::db::Db,
) -> ApiResult<()> {
    match route {
        Route::PutGrievancePhoto => {
            let code = params.first().map_or("", String::as_str);
            grievances::by_code(db, code).await.map(|_| ())
        }
        _ => member.map(|_| ()).ok_or(ApiError::Unauthorized),
    }
}

/// Runs the route on a request whose body has been read.
async fn run(
    route: Route,
    params: &Params,
    req: &Request,
    body: Vec<u8>,
    env: &Env,
) -> ApiResult<Response> {
    // A photo is an image, not JSON: its route checks it with the photo rules.
    let (body, photo) = if route.takes_a_photo() {
        (Body::empty(), body)
    } else {
        (Body::parse(req, body)?, Vec::new())
    };
    let param = |i: usize| params.get(i).map_or("", String::as_str);
    match route {
        Route::Health => health::get(env).await,
        Route::OpenApi => docs::get(),
        Route::Programmes => programmes::list(env).await,
        Route::LoadDemo => demo::load(&body, env).await,
        Route::CreateCouncil => councils::create(req, &body, env).await,
        Route::SignIn => session::sign_in(req, &body, env).await,
        Route::CurrentSession => session::current(req, env).await,
        Route::SignOut => session::sign_out(req, env).await,
        Route::CreateInvitation => invitations::create(req, &body, env).await,
        Route::ListInvitations => invitations::list(req, env).await,
        Route::RevokeInvitation => invitations::revoke(req, param(0), env).await,
        Route::RedeemInvitation => invitations::redeem(req, &body, env).await,
        Route::Bootstrap => bootstrap::create(req, &body, env).await,
        Route::PutDraft => proposals::put_draft(req, param(0), &body, env).await,
        Route::GetProposal => proposals::get(req, param(0), env).await,
        Route::ListProposals => proposals::list(req, env).await,
        Route::SubmitProposal => proposals::submit(req, param(0), env).await,
        Route::CastBallot => proposals::cast_ballot(req, param(0), &body, env).await,
        Route::OpenVotes => proposals::open_votes(req, env).await,
        Route::DeletePhoto => photos::delete(req, param(0), param(1), env).await,
        Route::GetPhoto => photos::get(req, param(0), env).await,
        Route::PutYear => years::put(req, param(0), &body, env).await,
        Route::GetYear => years::get(param(0), param(1), env).await,
        Route::AssignAssessors => assessment::assign(req, param(0), &body, env).await,
        Route::SubmitAssessment => assessment::assess(req, param(0), &body, env).await,
        Route::Decide => assessment::decide(req, param(0), &body, env).await,
        Route::AssessmentQueue => assessment::queue(req, env).await,
        Route::CloseYear => years::close(req, param(0), env).await,
        Route::GetProject => projects::get(req, param(0), env).await,
        Route::AddMilestone => projects::add_milestone(req, param(0), &body, env).await,
        Route::MilestoneDone => projects::milestone_done(req, param(0), param(1), &body, env).await,
        Route::AddSpending => projects::add_spending(req, param(0), &body, env).await,
        Route::AddOutput => projects::add_output(req, param(0), &body, env).await,
        Route::SetBeneficiaries => projects::set_beneficiaries(req, param(0), &body, env).await,
        Route::PostUpdate => projects::post_update(req, param(0), &body, env).await,
        Route::PostReport => projects::post_report(req, param(0), &body, env).await,
        Route::AnswerReport => projects::answer_report(req, param(0), param(1), &body, env).await,
        Route::UnansweredReports => projects::unanswered(req, env).await,
        Route::DeleteProjectPhoto => photos::delete_project(req, param(0), param(1), env).await,
        Route::Dashboard => years::dashboard(param(0), param(1), env).await,
        Route::OpenData => years::open_data(param(0), param(1), param(2), env).await,
        Route::PlanActivity => years::plan_activity(req, param(0), &body, env).await,
        Route::MarkActivity => years::mark_activity(req, param(0), param(1), &body, env).await,
        Route::FileGrievance => grievances::file(req, &body, env).await,
        Route::TrackGrievance => grievances::track(param(0), env).await,
        Route::AppealGrievance => grievances::appeal(param(0), &body, env).await,
        Route::ListGrievances => grievances::list(req, env).await,
        Route::GetGrievance => grievances::get(req, param(0), env).await,
        Route::GrievanceStep => grievances::step(req, param(0), &body, env).await,
        Route::ListReceptions => grievances::receptions(param(0), env).await,
        Route::PublishReception => grievances::publish_reception(req, &body, env).await,
        Route::WithdrawReception => grievances::withdraw_reception(req, param(0), env).await,
        Route::GrievanceStats => grievances::stats(param(0), param(1), env).await,
        Route::HistoryCheck => history::check(req, param(0), param(1), env).await,
        Route::PutPhoto => photos::put(req, param(0), param(1), photo, env).await,
        Route::PutProjectPhoto => photos::put_project(req, param(0), param(1), photo, env).await,
        Route::PutGrievancePhoto => grievances::put_photo(param(0), param(1), photo, env).await,
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
            Some(vec!["abc".to_owned()])
        );
        assert_eq!(matches("/api/proposals/{id}", "/api/proposals/"), None);
        assert_eq!(matches("/api/proposals/{id}", "/api/proposals/a/b"), None);
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
