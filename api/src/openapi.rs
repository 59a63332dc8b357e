//! The OpenAPI 3.1 document, generated from the route annotations and the shared wire types.

use crate::routes;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kenes API",
        description = "The public record of community projects: proposals, council votes, assessment, funding decisions, projects and grievances. Errors are `ApiError` objects tagged by `error`."
    ),
    paths(
        routes::health::get,
        routes::docs::get,
        routes::programmes::list,
        routes::demo::load,
        routes::councils::create,
        routes::session::sign_in,
        routes::session::current,
        routes::session::sign_out,
        routes::invitations::create,
        routes::invitations::list,
        routes::invitations::revoke,
        routes::invitations::redeem,
        routes::bootstrap::create,
        routes::proposals::put_draft,
        routes::proposals::get,
        routes::proposals::list,
        routes::proposals::submit,
        routes::proposals::cast_ballot,
        routes::proposals::open_votes,
        routes::photos::put,
        routes::photos::delete,
        routes::photos::get,
        routes::years::put,
        routes::years::get,
        routes::years::close,
        routes::assessment::assign,
        routes::assessment::assess,
        routes::assessment::decide,
        routes::assessment::queue,
        routes::projects::get,
        routes::projects::add_milestone,
        routes::projects::milestone_done,
        routes::projects::add_spending,
        routes::projects::add_output,
        routes::projects::set_beneficiaries,
        routes::projects::post_update,
        routes::projects::post_report,
        routes::projects::answer_report,
        routes::projects::unanswered,
        routes::photos::put_project,
        routes::photos::delete_project,
        routes::years::dashboard,
        routes::years::open_data,
        routes::years::plan_activity,
        routes::years::mark_activity,
        routes::grievances::file,
        routes::grievances::track,
        routes::grievances::appeal,
        routes::grievances::put_photo,
        routes::grievances::list,
        routes::grievances::get,
        routes::grievances::step,
        routes::grievances::receptions,
        routes::grievances::publish_reception,
        routes::grievances::withdraw_reception,
        routes::grievances::stats,
        routes::history::check,
    ),
    components(schemas(shared::api::ApiError, shared::api::Problem)),
    tags(
        (name = "system", description = "Health, this document and demo data"),
        (name = "programmes", description = "Programmes and their councils"),
        (name = "accounts", description = "Invitations, signing in and out"),
        (name = "proposals", description = "Drafts, the public list, council votes"),
        (name = "photos", description = "Photos of proposals, served as their proposal is visible"),
        (name = "funding", description = "The programme year: budget, allocations, rubric"),
        (name = "assessment", description = "Assessors, scores and funding decisions"),
        (name = "projects", description = "Projects, monitoring, the year's dashboard and open data"),
    )
)]
struct KenesApi;

pub fn document() -> utoipa::openapi::OpenApi {
    KenesApi::openapi()
}
