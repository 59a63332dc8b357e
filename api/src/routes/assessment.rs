//! The company side of a proposal: a manager assigns assessors to a forwarded proposal, each
//! assessor scores it on the rubric (or declares a conflict of interest), and once enough have
//! scored, a manager decides within the year's budget. Approving starts the project.

use crate::context::Cx;
use crate::crypto;
use crate::db::events::Appender;
use crate::db::{funding, proposals, Db};
use crate::http::{self, ApiResult};
use crate::records::{load_visible, plan, proposal_id, result_of, view};
use shared::api::{
    ApiError, AssessmentQueue, AssessmentRequest, AssignRequest, DecisionRequest, Problem,
    ProposalView, QueueItem, Refusal,
};
use shared::assessment::{self};
use shared::funding::{Decision, ProgrammeYear};
use shared::proposals::{ProposalError, ProposalStatus};
use shared::roles::Role;
use shared::ProjectId;
use worker::Response;

#[utoipa::path(
    post,
    path = "/api/proposals/{id}/assessors",
    tag = "assessment",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = AssignRequest,
    responses(
        (status = 200, description = "Assigned: the proposal is under assessment", body = ProposalView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the proposal's programme assign", body = ApiError),
        (status = 404, description = "No such proposal", body = ApiError),
        (status = 409, description = "Still in its council's vote (`vote_open`), decided already (`wrong_status`), or fewer assessors than the year requires (`not_enough_assessors`)", body = ApiError),
        (status = 422, description = "Someone who is not an assessor of the programme (`unknown`)", body = ApiError),
    )
)]
pub async fn assign(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let id = proposal_id(id)?;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    let request = body.json::<AssignRequest>()?;
    let stored = load_visible(db, id, Some(&actor), now).await?;
    let proposal = stored.proposal.clone();
    if !actor.is_manager_of(proposal.programme) {
        return Err(ApiError::Forbidden);
    }
    let known = funding::assessors(db, proposal.programme).await?;
    let mut chosen = Vec::new();
    for (i, assessor) in request.assessors.iter().enumerate() {
        if known.iter().all(|k| k.id != *assessor) {
            return Err(ApiError::invalid(
                &format!("assessors.{i}"),
                Problem::Unknown,
            ));
        }
        if !chosen.contains(assessor) {
            chosen.push(*assessor);
        }
    }
    let existing = funding::assignments(db, id).await?;
    chosen.retain(|a| existing.iter().all(|e| e.assessor != *a));
    // Those who declared a conflict of interest do not count towards the required number.
    let counting = existing.len() - assessment::conflicts(&existing);
    let required = ProgrammeYear::assessors_required_in(plan(db, &proposal).await?.as_ref());
    let from = proposal.status;
    let (moved, event) = proposal
        .assign_assessors(
            &actor,
            now,
            &chosen,
            u32::try_from(counting).unwrap_or(u32::MAX),
            required,
        )
        .map_err(ApiError::from)?;
    let statements = chosen
        .iter()
        .map(|a| funding::assign(db, id, *a, now))
        .collect::<ApiResult<Vec<_>>>()?;
    if !proposals::update(db, &moved, from, &event, statements).await? {
        return Err(ApiError::from(ProposalError::WrongStatus(from)));
    }
    answer(db, id, &actor, now).await
}

async fn answer(
    db: &Db,
    id: shared::ProposalId,
    actor: &shared::roles::Actor,
    now: shared::Timestamp,
) -> ApiResult<Response> {
    let stored = proposals::load(db, id).await?.ok_or(ApiError::NotFound)?;
    http::ok(&view(db, &stored, Some(actor), now).await?)
}

#[utoipa::path(
    post,
    path = "/api/proposals/{id}/assessment",
    tag = "assessment",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = AssessmentRequest,
    responses(
        (status = 200, description = "Handed in; once enough assessors have scored, the proposal is assessed", body = ProposalView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not an assessor assigned to this proposal", body = ApiError),
        (status = 409, description = "Not under assessment (`wrong_status`), or already handed in (`already_submitted`)", body = ApiError),
        (status = 422, description = "A score out of 0–5, or a score of 2 or less without a reason", body = ApiError),
    )
)]
pub async fn assess(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let id = proposal_id(id)?;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    let submission = body.json::<AssessmentRequest>()?.parse()?;
    let stored = load_visible(db, id, Some(&actor), now).await?;
    let proposal = stored.proposal.clone();
    if !actor.is_assessor_in(proposal.programme) {
        return Err(ApiError::Forbidden);
    }
    let assignments = funding::assignments(db, id).await?;
    let submission = assessment::check_submission(&assignments, actor.member, submission)
        .map_err(ApiError::from)?;
    if proposal.status != ProposalStatus::UnderAssessment {
        return Err(ApiError::from(ProposalError::WrongStatus(proposal.status)));
    }
    let handed_in = shared::steps::hand_in(id, &submission, &actor, now);
    // Two assessors handing in at once append to the same history: the one whose event lost the
    // race for its place in the chain stored nothing, and tries again behind the other.
    let mut stored_it = false;
    for _ in 0..CHAIN_RETRIES {
        let statements = vec![
            funding::submit(db, id, actor.member, &submission, now)?,
            Appender::default()
                .conditional_statement(db, &handed_in, "changes() > ?7", crate::db::int(0))
                .await?,
        ];
        match db.batch_results(statements).await {
            Ok(changes) if changes.first() == Some(&1) => {
                stored_it = true;
                break;
            }
            Ok(_) => return Err(ApiError::from(Refusal::AlreadySubmitted)),
            Err(ApiError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    if !stored_it {
        return Err(ApiError::Unavailable);
    }
    // Read again after our own write, so that of two assessors handing in together the later one
    // always sees both scorecards; the guarded update lets only one of them complete it.
    complete_if_scored(db, id, now).await?;
    answer(db, id, &actor, now).await
}

/// How often a write whose event collided with another's in the same history is tried again.
const CHAIN_RETRIES: usize = 4;

/// Marks the proposal assessed once enough scorecards are in, if it is still under assessment.
async fn complete_if_scored(
    db: &Db,
    id: shared::ProposalId,
    now: shared::Timestamp,
) -> ApiResult<()> {
    for _ in 0..CHAIN_RETRIES {
        let Some(stored) = proposals::load(db, id).await? else {
            return Ok(());
        };
        let proposal = stored.proposal;
        if proposal.status != ProposalStatus::UnderAssessment {
            return Ok(());
        }
        let assignments = funding::assignments(db, id).await?;
        let Some(result) = result_of(plan(db, &proposal).await?.as_ref(), &assignments) else {
            return Ok(());
        };
        let (assessed, event) = proposal
            .complete_assessment(Some(result), now)
            .map_err(ApiError::from)?;
        let update = proposals::update_statement(db, &assessed, ProposalStatus::UnderAssessment)?;
        match crate::db::events::with_guarded_update(db, update, &event).await {
            Ok(_) => return Ok(()),
            // Another request completed it, or appended to the history first: look again.
            Err(ApiError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[utoipa::path(
    post,
    path = "/api/proposals/{id}/decision",
    tag = "assessment",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "Decided, with the reason published; an approval starts the project", body = ProposalView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only managers of the proposal's programme decide", body = ApiError),
        (status = 409, description = "Still in its council's vote (`vote_open`), waiting for scorecards (`not_assessed`), decided already (`wrong_status`), no year or allocation set up (`no_year`, `no_allocation`), or more than remains (`insufficient_funds`, with the remaining amount)", body = ApiError),
        (status = 422, description = "No reason, an unknown decision, or an amount that is not positive", body = ApiError),
    )
)]
pub async fn decide(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let id = proposal_id(id)?;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    let decision = body.json::<DecisionRequest>()?.parse()?;
    let stored = load_visible(db, id, Some(&actor), now).await?;
    let proposal = stored.proposal.clone();
    if !actor.is_manager_of(proposal.programme) {
        return Err(ApiError::Forbidden);
    }
    let year = plan(db, &proposal)
        .await?
        .ok_or_else(|| ApiError::from(Refusal::NoYear))?;
    let approved = funding::approved(db, &year, proposal.council).await?;
    let (decided, event) = proposal
        .clone()
        .decide(&actor, now, decision.clone(), &year, approved)
        .map_err(ApiError::from)?;
    let mut appender = Appender::default();
    let mut statements = vec![
        funding::decide(db, &year, id, proposal.council, &decision, now)?,
        funding::decided_status(db, id, decided.status, now)?,
        funding::event_if_decided(db, &mut appender, id, &event).await?,
    ];
    if let Decision::Approve { amount, .. } = decision {
        let project_id = ProjectId::from_random_bytes(crypto::random::<16>()?);
        let (project, started) = shared::steps::project_from_approval(
            project_id, &proposal, year.year, amount, &actor, now,
        );
        statements.push(funding::start_project(db, &project, now)?);
        statements.push(funding::event_if_decided(db, &mut appender, id, &started).await?);
    }
    match db.batch_results(statements).await {
        Ok(changes) if changes.first() == Some(&1) => {}
        // Another approval took the money between the check above and this write: say what is
        // left now.
        Ok(_) => {
            let year = plan(db, &proposal)
                .await?
                .ok_or_else(|| ApiError::from(Refusal::NoYear))?;
            let approved = funding::approved(db, &year, proposal.council).await?;
            let refusal = proposal
                .decide(&actor, now, decision, &year, approved)
                .err()
                .map_or(ApiError::from(Refusal::Funding), ApiError::from);
            return Err(refusal);
        }
        // Decided by another request meanwhile.
        Err(ApiError::Conflict { .. }) => {
            return Err(ApiError::from(ProposalError::WrongStatus(
                ProposalStatus::Approved,
            )))
        }
        Err(e) => return Err(e),
    }
    answer(db, id, &actor, now).await
}

#[utoipa::path(
    get,
    path = "/api/assessment",
    tag = "assessment",
    responses(
        (status = 200, description = "A manager's queue (to assign, under assessment, to decide) with the programme's assessors; an assessor's proposals to score", body = AssessmentQueue),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Council members have no assessment queue", body = ApiError),
    )
)]
pub async fn queue(cx: &Cx<'_>) -> ApiResult<Response> {
    let db = &cx.db;
    let actor = cx.member()?;
    let (stored, assessors) = match actor.role {
        Role::Manager => (
            proposals::awaiting_company(db, actor.programme).await?,
            funding::assessors(db, actor.programme).await?,
        ),
        Role::Assessor => (proposals::assigned_to(db, actor.member).await?, Vec::new()),
        Role::CouncilMember => return Err(ApiError::Forbidden),
    };
    // Two reads for the whole queue, however long: every assignment, every year of the plan.
    let ids: Vec<_> = stored.iter().map(|s| s.proposal.id).collect();
    let (mut assignments_of, years) = futures_util::try_join!(
        funding::assignments_of(db, &ids),
        funding::years(db, actor.programme)
    )?;
    let mut items = Vec::with_capacity(stored.len());
    for s in &stored {
        let assignments = assignments_of.remove(&s.proposal.id).unwrap_or_default();
        let year = years
            .iter()
            .find(|y| y.programme == s.proposal.programme && y.year == s.proposal.programme_year());
        let required = ProgrammeYear::assessors_required_in(year);
        let mine = assignments.iter().find(|a| a.assessor == actor.member);
        items.push(QueueItem {
            proposal: s.summary(),
            // An assessor does not learn who else assesses: scores stay independent.
            assessors: if actor.role == Role::Manager {
                assignments.iter().map(|a| a.assessor).collect()
            } else {
                Vec::new()
            },
            scored: u32::try_from(assessment::scorecards(&assignments).len()).unwrap_or(u32::MAX),
            conflicts: u32::try_from(assessment::conflicts(&assignments)).unwrap_or(u32::MAX),
            required,
            handed_in: mine.is_some_and(|a| a.submission.is_some()),
        });
    }
    http::ok(&AssessmentQueue { items, assessors })
}
