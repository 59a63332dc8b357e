//! The programme year (the annual Social Performance Plan): a manager sets its budget, the
//! allocation of each council, the rubric and the rules; anyone sees it at a glance.

use crate::context::Cx;
use crate::crypto;
use crate::db::events::{heads_of_year, OfYear};
use crate::db::{funding, programmes, projects, proposals, wire_name, Db};
use crate::http::{self, ApiResult};
use shared::api::{
    category_totals, status_counts, ApiError, CouncilFunding, Dashboard, PlanDoneRequest,
    PlanRequest, PlannedView, ProjectSummary, Refusal, YearRequest, YearView,
};
use shared::funding::ProgrammeYear;
use shared::open_data::{Dataset, NamedRow, Table};
use shared::roles::Role;
use shared::steps::YearStep;
use shared::{Money, ProgrammeId, ProgrammeYearId};
use worker::Response;

fn year_param(year: &str) -> ApiResult<u16> {
    year.parse::<u16>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(
    put,
    path = "/api/years/{year}",
    tag = "funding",
    params(("year" = u16, Path, description = "The calendar year, such as 2026")),
    request_body = YearRequest,
    responses(
        (status = 200, description = "The year as stored, at a glance", body = YearView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers set the year, of their own programme", body = ApiError),
        (status = 409, description = "The year is closed (`year_closed`)", body = ApiError),
        (status = 422, description = "A field is invalid: allocations over the budget (`over_budget`), a council of another programme (`unknown`), an allocation below what is approved (`out_of_range`)...", body = ApiError),
    )
)]
pub async fn put(cx: &Cx<'_>) -> ApiResult<Response> {
    let year = cx.param("year");
    let body = &cx.body;
    let year = year_param(year)?;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    if actor.role != Role::Manager {
        return Err(ApiError::Forbidden);
    }
    let request = body.json::<YearRequest>()?;
    let existing = funding::year(db, actor.programme, year).await?;
    let id = match &existing {
        Some(plan) => plan.id,
        None => ProgrammeYearId::from_random_bytes(crypto::random::<16>()?),
    };
    let plan = request.parse(id, actor.programme, year)?;
    allocations_hold(db, actor.programme, existing.as_ref(), &plan).await?;
    let event = shared::steps::set_year(&plan, existing.as_ref(), &actor, now)?;
    match funding::put_year(db, &plan, &event).await {
        Ok(true) => {}
        // Closed meanwhile.
        Ok(false) => return Err(ApiError::from(Refusal::YearClosed)),
        // An approval came in while the plan was written and the plan would now allocate less
        // than is approved: nothing was written; judged again against what is stored.
        Err(refusal @ ApiError::Conflict { .. }) => {
            let stored = funding::year(db, actor.programme, year).await?;
            allocations_hold(db, actor.programme, stored.as_ref(), &plan).await?;
            return Err(refusal);
        }
        Err(e) => return Err(e),
    }
    http::ok(&view(db, actor.programme, year).await?)
}

/// Councils are the programme's own, and no council's allocation drops below what it has
/// approved (nor goes, while it has approvals).
async fn allocations_hold(
    db: &Db,
    programme: shared::ProgrammeId,
    existing: Option<&ProgrammeYear>,
    plan: &ProgrammeYear,
) -> ApiResult<()> {
    let approved = match existing {
        Some(existing) => funding::approved_by_council(db, existing).await?,
        None => Vec::new(),
    };
    // The programme's councils in one read, however many the plan allocates to.
    let councils: Vec<_> = programmes::councils(db, programme)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    plan.allocations_hold(&councils, &approved)?;
    Ok(())
}

#[utoipa::path(
    get,
    path = "/api/programmes/{id}/years/{year}",
    tag = "funding",
    params(
        ("id" = String, Path, description = "The programme's id"),
        ("year" = u16, Path, description = "The calendar year"),
    ),
    responses(
        (status = 200, description = "Budget, allocated, approved, spent and remaining, in all and per council", body = YearView),
        (status = 404, description = "The programme has not set up this year", body = ApiError),
    )
)]
pub async fn get(cx: &Cx<'_>) -> ApiResult<Response> {
    let programme = cx.param("id");
    let year = cx.param("year");
    let programme: ProgrammeId = programme.parse().map_err(|_| ApiError::NotFound)?;
    let year = year_param(year)?;
    let db = &cx.db;
    http::ok(&view(db, programme, year).await?)
}

async fn view(db: &Db, programme: ProgrammeId, year: u16) -> ApiResult<YearView> {
    let plan = funding::year(db, programme, year)
        .await?
        .ok_or(ApiError::NotFound)?;
    let approved = funding::approved_by_council(db, &plan).await?;
    let spent = funding::spent_by_council(db, &plan).await?;
    let names = programmes::councils(db, programme).await?;
    let of = |list: &[(shared::CouncilId, Money)], council| {
        list.iter()
            .find(|(c, _)| *c == council)
            .map_or(Money::ZERO, |(_, m)| *m)
    };
    let total = |list: &[(shared::CouncilId, Money)]| {
        Money::sum(list.iter().map(|(_, m)| *m)).map_err(|_| ApiError::Internal)
    };
    let councils = plan
        .allocations
        .iter()
        .filter_map(|a| {
            let name = names.iter().find(|c| c.id == a.council)?.name.clone();
            let approved_here = of(&approved, a.council);
            Some(CouncilFunding {
                council: a.council,
                name,
                allocated: a.amount,
                approved: approved_here,
                spent: of(&spent, a.council),
                remaining: a.amount.checked_sub(approved_here).unwrap_or(Money::ZERO),
            })
        })
        .collect();
    let approved_total = total(&approved)?;
    Ok(YearView {
        allocated: plan.allocated().map_err(|_| ApiError::Internal)?,
        approved: approved_total,
        spent: total(&spent)?,
        remaining: plan
            .budget
            .checked_sub(approved_total)
            .unwrap_or(Money::ZERO),
        councils,
        plan,
    })
}

/// The signed-in manager and their programme's plan for `year`, or why not.
async fn managed_year(cx: &Cx<'_>, year: u16) -> ApiResult<(shared::roles::Actor, ProgrammeYear)> {
    let actor = cx.member()?;
    let db = &cx.db;
    if actor.role != Role::Manager {
        return Err(ApiError::Forbidden);
    }
    let plan = funding::year(db, actor.programme, year)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((actor, plan))
}

#[utoipa::path(
    post,
    path = "/api/years/{year}/close",
    tag = "funding",
    params(("year" = u16, Path, description = "The calendar year")),
    responses(
        (status = 200, description = "Closed: the plan no longer changes and nothing more is approved", body = YearView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers close their programme's year", body = ApiError),
        (status = 404, description = "The year is not set up", body = ApiError),
        (status = 409, description = "Closed already (`year_closed`)", body = ApiError),
    )
)]
pub async fn close(cx: &Cx<'_>) -> ApiResult<Response> {
    let year = cx.param("year");
    let year = year_param(year)?;
    let db = &cx.db;
    let now = cx.now;
    let (actor, plan) = managed_year(cx, year).await?;
    let event = shared::steps::year_step(&plan, &actor, now, YearStep::Close)?;
    if !funding::close_year(db, &plan, &event).await? {
        return Err(ApiError::from(Refusal::YearClosed));
    }
    http::ok(&view(db, actor.programme, year).await?)
}

/// The year's projects as listed, with what the shared crate derives about each.
async fn project_summaries(
    db: &Db,
    programme: ProgrammeId,
    year: u16,
    stored: &[projects::StoredProject],
    today: shared::Date,
) -> ApiResult<Vec<ProjectSummary>> {
    let records = projects::year_records(db, programme, year).await?;
    let problems = projects::open_problems(db, programme, year).await?;
    let heads = heads_of_year(db, OfYear::Projects, programme, year).await?;
    stored
        .iter()
        .map(|s| {
            let p = &s.project;
            let milestones: Vec<_> = records
                .milestones
                .iter()
                .filter(|(id, _, _)| *id == p.id)
                .map(|(_, _, m)| m.clone())
                .collect();
            let spending: Vec<_> = records
                .spending
                .iter()
                .filter(|(id, _)| *id == p.id)
                .map(|(_, s)| s.spending.clone())
                .collect();
            let standing = shared::projects::standing(p.budget, &milestones, &spending, today)
                .map_err(|_| ApiError::Internal)?;
            Ok(ProjectSummary {
                id: p.id,
                council: p.council,
                council_name: s.council_name.clone(),
                title: p.title.clone(),
                category: p.category,
                year: p.year,
                status: standing.status,
                progress: standing.progress,
                budget: standing.budget,
                overdue: standing.overdue,
                open_problems: problems
                    .iter()
                    .find(|(id, _)| *id == p.id)
                    .map_or(0, |(_, n)| *n),
                history_head: heads.get(&p.id.to_string()).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

#[utoipa::path(
    get,
    path = "/api/programmes/{id}/years/{year}/dashboard",
    tag = "projects",
    params(
        ("id" = String, Path, description = "The programme's id"),
        ("year" = u16, Path, description = "The calendar year"),
    ),
    responses(
        (status = 200, description = "The year's public report: funding per council and per category, proposals by status, projects with their progress and spending, the half-year plan", body = Dashboard),
        (status = 404, description = "The programme has not set up this year", body = ApiError),
    )
)]
pub async fn dashboard(cx: &Cx<'_>) -> ApiResult<Response> {
    let programme = cx.param("id");
    let year = cx.param("year");
    let programme: ProgrammeId = programme.parse().map_err(|_| ApiError::NotFound)?;
    let year = year_param(year)?;
    let db = &cx.db;
    let now = cx.now;
    let view = view(db, programme, year).await?;
    let programme_name = programmes::name_of(db, programme)
        .await?
        .ok_or(ApiError::NotFound)?;
    let stored = projects::of_year(db, programme, year).await?;
    let projects = project_summaries(db, programme, year, &stored, now.date()).await?;
    let proposals = proposals::public_of_year(db, programme, year).await?;
    http::ok(&Dashboard {
        programme,
        programme_name,
        categories: category_totals(&projects).map_err(|_| ApiError::Internal)?,
        proposals: status_counts(proposals.iter().map(|p| p.proposal.status)),
        plan: projects::plan(db, view.plan.id).await?,
        projects,
        year: view,
    })
}

#[utoipa::path(
    get,
    path = "/api/programmes/{id}/years/{year}/data/{file}",
    tag = "projects",
    params(
        ("id" = String, Path, description = "The programme's id"),
        ("year" = u16, Path, description = "The calendar year"),
        ("file" = String, Path, description = "`proposals`, `decisions`, `projects`, `spending` or `outputs`, with `.csv` or `.json`"),
    ),
    responses(
        (status = 200, description = "The dataset, with the columns documented on the app's open-data page", content_type = "text/csv"),
        (status = 404, description = "No such dataset, or the programme has not set up this year", body = ApiError),
    )
)]
pub async fn open_data(cx: &Cx<'_>) -> ApiResult<Response> {
    let programme = cx.param("id");
    let year = cx.param("year");
    let file = cx.param("file");
    let programme: ProgrammeId = programme.parse().map_err(|_| ApiError::NotFound)?;
    let year = year_param(year)?;
    let (dataset, format) = Dataset::from_file_name(file).ok_or(ApiError::NotFound)?;
    let db = &cx.db;
    let now = cx.now;
    let plan = funding::year(db, programme, year)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut table = Table::new(dataset);
    for row in dataset_rows(db, &plan, dataset, now.date()).await? {
        table.push(row).map_err(|_| ApiError::Internal)?;
    }
    let mut response = Response::ok(table.render(format)).map_err(|_| ApiError::Internal)?;
    let headers = response.headers_mut();
    let _ = headers.set("content-type", format.media_type());
    let _ = headers.set(
        "content-disposition",
        &format!(
            "attachment; filename=\"kenes-{year}-{}\"",
            dataset.file_name(format)
        ),
    );
    Ok(response)
}

/// A dataset's rows for one programme year, in its documented column order.
async fn dataset_rows(
    db: &Db,
    plan: &ProgrammeYear,
    dataset: Dataset,
    today: shared::Date,
) -> ApiResult<Vec<NamedRow>> {
    let (programme, year) = (plan.programme, plan.year);
    Ok(match dataset {
        Dataset::Proposals => {
            let heads = heads_of_year(db, OfYear::Proposals, programme, year).await?;
            proposals::public_of_year(db, programme, year)
                .await?
                .into_iter()
                .map(|s| {
                    let p = s.proposal;
                    let head = heads.get(&p.id.to_string()).cloned().unwrap_or_default();
                    vec![
                        ("proposal_id", p.id.to_string().into()),
                        ("council", s.council_name.as_str().into()),
                        ("village", p.content.village.as_str().into()),
                        ("title", p.content.title.as_str().into()),
                        ("category", wire_name(&p.content.category).into()),
                        ("status", wire_name(&p.status).into()),
                        (
                            "estimated_cost_tenge",
                            p.content.estimated_cost.amount().into(),
                        ),
                        ("beneficiaries", p.content.beneficiaries.into()),
                        ("created_at", p.created_at.to_string().into()),
                        ("history_head", head.into()),
                    ]
                })
                .collect()
        }
        Dataset::Decisions => funding::decisions_of_year(db, plan)
            .await?
            .into_iter()
            .map(|d| {
                vec![
                    ("proposal_id", d.proposal.to_string().into()),
                    ("council", d.council_name.as_str().into()),
                    ("decision", d.decision.into()),
                    ("amount_tenge", d.amount.amount().into()),
                    ("reason", d.reason.into()),
                    ("decided_at", d.decided_at.to_string().into()),
                ]
            })
            .collect(),
        Dataset::Projects => project_rows(db, plan, today).await?,
        Dataset::Spending => projects::year_records(db, programme, year)
            .await?
            .spending
            .into_iter()
            .map(|(project, s)| {
                vec![
                    ("project_id", project.to_string().into()),
                    ("date", s.spending.date.to_string().into()),
                    ("amount_tenge", s.spending.amount.amount().into()),
                    ("purpose", s.spending.purpose.as_str().into()),
                ]
            })
            .collect(),
        Dataset::Outputs => projects::year_records(db, programme, year)
            .await?
            .outputs
            .into_iter()
            .map(|(project, o)| {
                let quantity = i64::try_from(o.output.quantity).unwrap_or(i64::MAX);
                vec![
                    ("project_id", project.to_string().into()),
                    ("quantity", quantity.into()),
                    ("unit", wire_name(&o.output.unit).into()),
                    ("what", o.output.what.as_str().into()),
                ]
            })
            .collect(),
    })
}

/// The projects dataset's rows, in its documented column order.
async fn project_rows(
    db: &Db,
    plan: &ProgrammeYear,
    today: shared::Date,
) -> ApiResult<Vec<NamedRow>> {
    let (programme, year) = (plan.programme, plan.year);
    let stored = projects::of_year(db, programme, year).await?;
    Ok(project_summaries(db, programme, year, &stored, today)
        .await?
        .into_iter()
        .map(|p| {
            let project = stored.iter().find(|s| s.project.id == p.id);
            let proposal = project.and_then(|s| s.project.proposal);
            vec![
                ("project_id", p.id.to_string().into()),
                ("proposal_id", proposal.map(|id| id.to_string()).into()),
                ("council", p.council_name.as_str().into()),
                ("title", p.title.as_str().into()),
                ("category", wire_name(&p.category).into()),
                ("budget_tenge", p.budget.approved.amount().into()),
                ("spent_tenge", p.budget.spent.amount().into()),
                ("overspent", p.budget.overspent.into()),
                ("milestones", p.progress.total.into()),
                ("milestones_done", p.progress.done.into()),
                ("milestones_overdue", p.overdue.into()),
                (
                    "beneficiaries",
                    project.map_or(0, |s| s.project.beneficiaries).into(),
                ),
                ("history_head", p.history_head.clone().into()),
            ]
        })
        .collect())
}

#[utoipa::path(
    post,
    path = "/api/years/{year}/plan",
    tag = "projects",
    params(("year" = u16, Path, description = "The calendar year")),
    request_body = PlanRequest,
    responses(
        (status = 201, description = "Planned; the year's plan", body = Vec<PlannedView>),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers plan their programme's year", body = ApiError),
        (status = 404, description = "The year is not set up", body = ApiError),
        (status = 409, description = "The year is closed (`year_closed`)", body = ApiError),
        (status = 422, description = "A field is invalid", body = ApiError),
    )
)]
pub async fn plan_activity(cx: &Cx<'_>) -> ApiResult<Response> {
    let year = cx.param("year");
    let body = &cx.body;
    let year = year_param(year)?;
    let db = &cx.db;
    let now = cx.now;
    let (actor, plan) = managed_year(cx, year).await?;
    let activity = body.json::<PlanRequest>()?.parse(year)?;
    // A closed year's plan is final: nothing is added to it.
    let step = YearStep::PlanActivity {
        half: activity.half,
        expected_cost: activity.expected_cost,
    };
    let event = shared::steps::year_step(&plan, &actor, now, step)?;
    projects::plan_activities(db, plan.id, &[activity], Some(&event)).await?;
    Ok(http::json(201, &projects::plan(db, plan.id).await?))
}

#[utoipa::path(
    put,
    path = "/api/years/{year}/plan/{activity}",
    tag = "projects",
    params(
        ("year" = u16, Path, description = "The calendar year"),
        ("activity" = i64, Path, description = "The planned activity's number"),
    ),
    request_body = PlanDoneRequest,
    responses(
        (status = 200, description = "Marked; the year's plan", body = Vec<PlannedView>),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the programme", body = ApiError),
        (status = 404, description = "No such activity in the year's plan", body = ApiError),
    )
)]
pub async fn mark_activity(cx: &Cx<'_>) -> ApiResult<Response> {
    let year = cx.param("year");
    let activity = cx.param("activity");
    let body = &cx.body;
    let year = year_param(year)?;
    let activity: i64 = activity.parse().map_err(|_| ApiError::NotFound)?;
    let db = &cx.db;
    let now = cx.now;
    let (actor, plan) = managed_year(cx, year).await?;
    let done = body.json::<PlanDoneRequest>()?.done;
    let event = shared::steps::year_step(&plan, &actor, now, YearStep::MarkActivity { done })?;
    if !projects::mark_activity(db, plan.id, activity, done, &event).await? {
        return Err(ApiError::NotFound);
    }
    http::ok(&projects::plan(db, plan.id).await?)
}
