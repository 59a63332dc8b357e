//! Projects: the public project page, the manager's records (milestones, spending, outputs,
//! beneficiaries, updates, answers), council members' monitoring reports, and the photos that go
//! with them.

use crate::context::Cx;
use crate::crypto;
use crate::db::projects::{self, NewEntry, NewSpending, StoredProject};
use crate::db::Db;
use crate::http::{self, ApiResult};
use crate::records::load;
use shared::api::{
    AnswerRequest, ApiError, BeneficiariesRequest, MilestoneDoneRequest, MilestoneRequest,
    MilestoneView, OutputRequest, Problem, ProjectView, Refusal, ReportRequest, SpendingRequest,
    UnansweredReport, UpdateRequest,
};
use shared::projects::standing;
use shared::roles::Actor;
use shared::roles::Role;
use shared::steps::ProjectStep;
use shared::time::Timestamp;
use shared::{PhotoId, ProjectId, ReportId, UpdateId};
use worker::Response;

/// The signed-in manager of the project's programme, or why not.
async fn manager(cx: &Cx<'_>, id: &str) -> ApiResult<(Actor, StoredProject)> {
    let actor = cx.member()?;
    let stored = load(&cx.db, id).await?;
    if !stored.project.may_manage(&actor) {
        return Err(ApiError::Forbidden);
    }
    Ok((actor, stored))
}

/// The project page as `viewer` sees it.
pub async fn view(
    db: &Db,
    stored: StoredProject,
    viewer: Option<&Actor>,
    now: Timestamp,
) -> ApiResult<ProjectView> {
    let project = stored.project;
    let records = projects::records(db, project.id).await?;
    let milestones: Vec<_> = records.milestones.iter().map(|(_, m)| m.clone()).collect();
    let spending: Vec<_> = records
        .spending
        .iter()
        .map(|s| s.spending.clone())
        .collect();
    let today = now.date();
    let standing =
        standing(project.budget, &milestones, &spending, today).map_err(|_| ApiError::Internal)?;
    Ok(ProjectView {
        may_manage: viewer.is_some_and(|a| project.may_manage(a)),
        may_monitor: viewer.is_some_and(|a| project.may_monitor(a)),
        milestones: records
            .milestones
            .into_iter()
            .map(|(id, milestone)| MilestoneView {
                id,
                overdue: milestone.is_overdue(today),
                milestone,
            })
            .collect(),
        spending: records.spending,
        outputs: records.outputs,
        updates: projects::updates(db, project.id).await?,
        reports: projects::reports(db, project.id).await?,
        history: crate::db::events::history(db, shared::events::Subject::Project(project.id))
            .await?,
        status: standing.status,
        progress: standing.progress,
        budget: standing.budget,
        overdue: standing.overdue,
        programme_name: stored.programme_name,
        council_name: stored.council_name,
        project,
    })
}

async fn answer_with_view(
    db: &Db,
    id: ProjectId,
    actor: &Actor,
    now: Timestamp,
    status: u16,
) -> ApiResult<Response> {
    let stored = projects::load(db, id).await?.ok_or(ApiError::NotFound)?;
    Ok(http::json(
        status,
        &view(db, stored, Some(actor), now).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/projects/{id}",
    tag = "projects",
    params(("id" = String, Path, description = "The project's id")),
    responses(
        (status = 200, description = "The project: progress, budget against spending, milestones, outputs, updates, monitoring reports and history", body = ProjectView),
        (status = 404, description = "No such project", body = ApiError),
    )
)]
pub async fn get(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let db = &cx.db;
    let now = cx.now;
    let stored = load(db, id).await?;
    let viewer = cx.actor;
    http::ok(&view(db, stored, viewer.as_ref(), now).await?)
}

#[utoipa::path(
    post,
    path = "/api/projects/{id}/milestones",
    tag = "projects",
    params(("id" = String, Path, description = "The project's id")),
    request_body = MilestoneRequest,
    responses(
        (status = 201, description = "Added; the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the project's programme", body = ApiError),
        (status = 404, description = "No such project", body = ApiError),
        (status = 422, description = "A field is invalid", body = ApiError),
    )
)]
pub async fn add_milestone(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let (actor, stored) = manager(cx, id).await?;
    let milestone = body.json::<MilestoneRequest>()?.parse()?;
    let project = stored.project.id;
    let e = shared::steps::project_step(&stored.project, &actor, now, ProjectStep::AddMilestone)?;
    projects::add_milestone(db, project, &milestone, &e, now).await?;
    answer_with_view(db, project, &actor, now, 201).await
}

#[utoipa::path(
    post,
    path = "/api/projects/{id}/milestones/{milestone}/done",
    tag = "projects",
    params(
        ("id" = String, Path, description = "The project's id"),
        ("milestone" = i64, Path, description = "The milestone's number"),
    ),
    request_body = MilestoneDoneRequest,
    responses(
        (status = 200, description = "Marked done; the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the project's programme", body = ApiError),
        (status = 404, description = "No such milestone in this project", body = ApiError),
        (status = 409, description = "Done already (`already_done`)", body = ApiError),
        (status = 422, description = "The date is malformed or after today (`in_the_future`)", body = ApiError),
    )
)]
pub async fn milestone_done(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let milestone = cx.param("milestone");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let (actor, stored) = manager(cx, id).await?;
    let project = stored.project.id;
    let milestone: i64 = milestone.parse().map_err(|_| ApiError::NotFound)?;
    let done = body
        .json::<MilestoneDoneRequest>()?
        .parse(now.latest_date())?;
    let done_already = projects::milestone_exists(db, project, milestone)
        .await?
        .ok_or(ApiError::NotFound)?;
    let e = shared::steps::project_step(
        &stored.project,
        &actor,
        now,
        ProjectStep::MarkMilestoneDone { done_already },
    )?;
    // Marked done by another request since it was read.
    if !projects::milestone_done(db, project, milestone, done, &e).await? {
        return Err(ApiError::from(Refusal::AlreadyDone));
    }
    answer_with_view(db, project, &actor, now, 200).await
}

/// Photos named by an entry must be the author's own, uploaded to this project, not yet posted.
async fn check_photos(
    db: &Db,
    project: ProjectId,
    author: &Actor,
    photos: &[PhotoId],
) -> ApiResult<()> {
    if projects::pending_photos_are(db, project, author.member, photos).await? {
        Ok(())
    } else {
        Err(ApiError::invalid("photos", Problem::Unknown))
    }
}

#[utoipa::path(
    post,
    path = "/api/projects/{id}/spending",
    tag = "projects",
    params(("id" = String, Path, description = "The project's id")),
    request_body = SpendingRequest,
    responses(
        (status = 201, description = "Recorded, even past the budget (then flagged as overspent); the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the project's programme", body = ApiError),
        (status = 404, description = "No such project", body = ApiError),
        (status = 422, description = "A field is invalid: an amount of zero or less, a date after today, a receipt that is not the manager's upload", body = ApiError),
    )
)]
pub async fn add_spending(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let (actor, stored) = manager(cx, id).await?;
    let request = body.json::<SpendingRequest>()?;
    let spending = request.parse(now.latest_date())?;
    let project = stored.project.id;
    if let Some(receipt) = request.receipt {
        check_photos(db, project, &actor, &[receipt])
            .await
            .map_err(|_| ApiError::invalid("receipt", Problem::Unknown))?;
    }
    let amount = spending.amount;
    let e = shared::steps::project_step(
        &stored.project,
        &actor,
        now,
        ProjectStep::RecordSpending { amount },
    )?;
    let entry = NewSpending {
        spending: &spending,
        receipt: request.receipt,
        recorded_by: actor.member,
    };
    projects::add_spending(db, project, &entry, &e, now).await?;
    answer_with_view(db, project, &actor, now, 201).await
}

#[utoipa::path(
    post,
    path = "/api/projects/{id}/outputs",
    tag = "projects",
    params(("id" = String, Path, description = "The project's id")),
    request_body = OutputRequest,
    responses(
        (status = 201, description = "Recorded; the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the project's programme", body = ApiError),
        (status = 404, description = "No such project", body = ApiError),
        (status = 422, description = "A field is invalid: a quantity of zero, no unit or an unknown one", body = ApiError),
    )
)]
pub async fn add_output(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let (actor, stored) = manager(cx, id).await?;
    let output = body.json::<OutputRequest>()?.parse()?;
    let project = stored.project.id;
    let (quantity, unit) = (output.quantity, output.unit);
    let e = shared::steps::project_step(
        &stored.project,
        &actor,
        now,
        ProjectStep::RecordOutput { quantity, unit },
    )?;
    projects::add_output(db, project, &output, &e).await?;
    answer_with_view(db, project, &actor, now, 201).await
}

#[utoipa::path(
    put,
    path = "/api/projects/{id}/beneficiaries",
    tag = "projects",
    params(("id" = String, Path, description = "The project's id")),
    request_body = BeneficiariesRequest,
    responses(
        (status = 200, description = "Set; the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the project's programme", body = ApiError),
        (status = 404, description = "No such project", body = ApiError),
        (status = 422, description = "Not a whole number above zero", body = ApiError),
    )
)]
pub async fn set_beneficiaries(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let (actor, stored) = manager(cx, id).await?;
    let count = body.json::<BeneficiariesRequest>()?.parse()?;
    let project = stored.project.id;
    if count != stored.project.beneficiaries {
        let e = shared::steps::project_step(
            &stored.project,
            &actor,
            now,
            ProjectStep::SetBeneficiaries { count },
        )?;
        projects::set_beneficiaries(db, project, count, &e).await?;
    }
    answer_with_view(db, project, &actor, now, 200).await
}

#[utoipa::path(
    post,
    path = "/api/projects/{id}/updates",
    tag = "projects",
    params(("id" = String, Path, description = "The project's id")),
    request_body = UpdateRequest,
    responses(
        (status = 201, description = "Posted, with its photos now public; the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the project's programme", body = ApiError),
        (status = 404, description = "No such project", body = ApiError),
        (status = 422, description = "A field is invalid, or a photo is not the manager's upload to this project", body = ApiError),
    )
)]
pub async fn post_update(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let (actor, stored) = manager(cx, id).await?;
    let request = body.json::<UpdateRequest>()?;
    let update = request.parse(now.date())?;
    let project = stored.project.id;
    check_photos(db, project, &actor, &request.photos).await?;
    let e = shared::steps::project_step(&stored.project, &actor, now, ProjectStep::PostUpdate)?;
    let entry = NewEntry {
        project,
        author: actor.member,
        photos: &request.photos,
        now,
    };
    let update_id = UpdateId::from_random_bytes(crypto::random::<16>()?);
    projects::post_update(db, &entry, update_id, &update, &e).await?;
    answer_with_view(db, project, &actor, now, 201).await
}

#[utoipa::path(
    post,
    path = "/api/projects/{id}/reports",
    tag = "projects",
    params(("id" = String, Path, description = "The project's id")),
    request_body = ReportRequest,
    responses(
        (status = 201, description = "Posted, with its photos now public; the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only members of the project's council", body = ApiError),
        (status = 404, description = "No such project", body = ApiError),
        (status = 422, description = "A field is invalid, or a photo is not the member's upload to this project", body = ApiError),
    )
)]
pub async fn post_report(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    let stored = load(db, id).await?;
    if !stored.project.may_monitor(&actor) {
        return Err(ApiError::Forbidden);
    }
    let request = body.json::<ReportRequest>()?;
    let (rating, comment) = request.parse()?;
    let project = stored.project.id;
    check_photos(db, project, &actor, &request.photos).await?;
    let e =
        shared::steps::project_step(&stored.project, &actor, now, ProjectStep::Report { rating })?;
    let entry = NewEntry {
        project,
        author: actor.member,
        photos: &request.photos,
        now,
    };
    let report_id = ReportId::from_random_bytes(crypto::random::<16>()?);
    projects::post_report(db, &entry, report_id, rating, &comment, &e).await?;
    answer_with_view(db, project, &actor, now, 201).await
}

#[utoipa::path(
    post,
    path = "/api/projects/{id}/reports/{report}/answer",
    tag = "projects",
    params(
        ("id" = String, Path, description = "The project's id"),
        ("report" = String, Path, description = "The monitoring report's id"),
    ),
    request_body = AnswerRequest,
    responses(
        (status = 200, description = "Answered in public; the project as it now stands", body = ProjectView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the project's programme", body = ApiError),
        (status = 404, description = "No such report on this project", body = ApiError),
        (status = 409, description = "Answered already (`already_answered`)", body = ApiError),
        (status = 422, description = "The answer is shorter than 10 characters", body = ApiError),
    )
)]
pub async fn answer_report(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let report = cx.param("report");
    let body = &cx.body;
    let db = &cx.db;
    let now = cx.now;
    let (actor, stored) = manager(cx, id).await?;
    let project = stored.project.id;
    let report: ReportId = report.parse().map_err(|_| ApiError::NotFound)?;
    let answer = body.json::<AnswerRequest>()?.parse()?;
    let existing = projects::report(db, project, report)
        .await?
        .ok_or(ApiError::NotFound)?;
    let answered_already = existing.answer.is_some();
    let e = shared::steps::project_step(
        &stored.project,
        &actor,
        now,
        ProjectStep::Answer { answered_already },
    )?;
    // Answered by another request since it was read.
    if !projects::answer_report(db, project, report, &answer, actor.member, &e, now).await? {
        return Err(ApiError::from(Refusal::AlreadyAnswered));
    }
    answer_with_view(db, project, &actor, now, 200).await
}

#[utoipa::path(
    get,
    path = "/api/reports/unanswered",
    tag = "projects",
    responses(
        (status = 200, description = "The manager's programme's problem reports awaiting an answer, oldest first", body = Vec<UnansweredReport>),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers", body = ApiError),
    )
)]
pub async fn unanswered(cx: &Cx<'_>) -> ApiResult<Response> {
    let db = &cx.db;
    let actor = cx.member()?;
    if actor.role != Role::Manager {
        return Err(ApiError::Forbidden);
    }
    let list: Vec<UnansweredReport> = projects::unanswered(db, actor.programme)
        .await?
        .into_iter()
        .map(|(report, project_title, council_name)| UnansweredReport {
            project_title,
            council_name,
            report,
        })
        .collect();
    http::ok(&list)
}
