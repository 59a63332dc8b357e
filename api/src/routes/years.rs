//! The programme year (the annual Social Performance Plan): a manager sets its budget, the
//! allocation of each council, the rubric and the rules; anyone sees it at a glance.

use crate::auth;
use crate::crypto;
use crate::db::{funding, programmes, Db};
use crate::http::{self, ApiResult, Body};
use shared::api::{ApiError, CouncilFunding, Problem, YearRequest, YearView};
use shared::events::{Change, Event, Subject};
use shared::roles::Role;
use shared::{Money, ProgrammeId, ProgrammeYearId};
use worker::{Env, Request, Response};

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
pub async fn put(req: &Request, year: &str, body: &Body, env: &Env) -> ApiResult<Response> {
    let year = year_param(year)?;
    let db = Db::from_env(env)?;
    let now = super::now();
    let actor = auth::require(req, &db, now).await?;
    if actor.role != Role::Manager {
        return Err(ApiError::Forbidden);
    }
    let request = body.json::<YearRequest>()?;
    let existing = funding::year(&db, actor.programme, year).await?;
    let id = match &existing {
        Some(plan) => plan.id,
        None => ProgrammeYearId::from_random_bytes(crypto::random::<16>()?),
    };
    let plan = request.parse(id, actor.programme, year)?;
    // Councils are the programme's own; an allocation may not drop below what is approved.
    let approved = match &existing {
        Some(existing) => funding::approved_by_council(&db, existing).await?,
        None => Vec::new(),
    };
    for (i, allocation) in plan.allocations.iter().enumerate() {
        if programmes::council_programme(&db, allocation.council).await? != Some(actor.programme) {
            return Err(ApiError::invalid(
                &format!("allocations.{i}.council"),
                Problem::Unknown,
            ));
        }
        let already = approved
            .iter()
            .find(|(c, _)| *c == allocation.council)
            .map_or(Money::ZERO, |(_, m)| *m);
        if allocation.amount < already {
            return Err(ApiError::invalid(
                &format!("allocations.{i}.amount"),
                Problem::OutOfRange {
                    min: already.amount(),
                    max: plan.budget.amount(),
                },
            ));
        }
    }
    // A council left out of the plan would keep its approvals with no allocation to cover them.
    for (council, already) in &approved {
        if plan.allocation(*council).is_none() && already.amount() > 0 {
            return Err(ApiError::invalid(
                "allocations",
                Problem::OutOfRange {
                    min: already.amount(),
                    max: plan.budget.amount(),
                },
            ));
        }
    }
    let event = Event {
        at: now,
        actor: actor.as_ref(),
        subject: Subject::Programme(actor.programme),
        change: Change::ProgrammeYearSet {
            year,
            budget: plan.budget,
        },
    };
    if existing.as_ref().is_some_and(|e| e.closed) || !funding::put_year(&db, &plan, &event).await?
    {
        return Err(ApiError::Conflict {
            reason: "year_closed".to_owned(),
        });
    }
    http::ok(&view(&db, actor.programme, year).await?)
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
pub async fn get(programme: &str, year: &str, env: &Env) -> ApiResult<Response> {
    let programme: ProgrammeId = programme.parse().map_err(|_| ApiError::NotFound)?;
    let year = year_param(year)?;
    let db = Db::from_env(env)?;
    http::ok(&view(&db, programme, year).await?)
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
pub async fn close(req: &Request, year: &str, env: &Env) -> ApiResult<Response> {
    let year = year_param(year)?;
    let db = Db::from_env(env)?;
    let now = super::now();
    let actor = auth::require(req, &db, now).await?;
    if actor.role != Role::Manager {
        return Err(ApiError::Forbidden);
    }
    let plan = funding::year(&db, actor.programme, year)
        .await?
        .ok_or(ApiError::NotFound)?;
    let event = Event {
        at: now,
        actor: actor.as_ref(),
        subject: Subject::Programme(actor.programme),
        change: Change::ProgrammeYearClosed { year },
    };
    if plan.closed || !funding::close_year(&db, &plan, &event).await? {
        return Err(ApiError::Conflict {
            reason: "year_closed".to_owned(),
        });
    }
    http::ok(&view(&db, actor.programme, year).await?)
}
