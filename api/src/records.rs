//! What more than one route needs: a record read as its viewer may see it (a proposal, with its
//! vote closed if it is over, and the page built from it; a project; a grievance by its code),
//! and the programme year that applies to a proposal. Route files use this, never each other.

use crate::crypto;
use crate::db::grievances::{self as store, StoredGrievance};
use crate::db::projects;
use crate::db::projects::StoredProject;
use crate::db::proposals::{self, Stored};
use crate::db::{funding, Db};
use crate::http::ApiResult;
use shared::api::{ApiError, Problem, ProposalView, VoteView};
use shared::assessment;
use shared::funding::ProgrammeYear;
use shared::grievances::{TrackingCode, TrackingCodeError};
use shared::proposals::{Proposal, ProposalStatus};
use shared::roles::{Actor, Role};
use shared::time::Timestamp;
use shared::voting::{Ballot, Vote};
use shared::{GrievanceId, ProjectId, ProposalId};
use worker::Env;

pub fn proposal_id(id: &str) -> ApiResult<ProposalId> {
    id.parse().map_err(|_| ApiError::NotFound)
}

/// The proposal if `viewer` may see it; `NotFound` otherwise, so drafts stay unknown outside
/// their council. A vote that is over is closed first.
pub async fn load_visible(
    db: &Db,
    id: ProposalId,
    viewer: Option<&Actor>,
    now: Timestamp,
) -> ApiResult<Stored> {
    let stored = proposals::load(db, id).await?.ok_or(ApiError::NotFound)?;
    if !stored.proposal.visible_to(viewer) {
        return Err(ApiError::NotFound);
    }
    close_if_over(db, stored, now).await
}

pub async fn close_if_over(db: &Db, stored: Stored, now: Timestamp) -> ApiResult<Stored> {
    if stored.proposal.status != ProposalStatus::CouncilVote {
        return Ok(stored);
    }
    let Some((vote, ballots)) = proposals::vote(db, stored.proposal.id).await? else {
        return Ok(stored);
    };
    close_if_over_with(db, stored, &vote, &ballots, now).await
}

/// [`close_if_over`] with the vote and its ballots already read.
pub async fn close_if_over_with(
    db: &Db,
    stored: Stored,
    vote: &Vote,
    ballots: &[Ballot],
    now: Timestamp,
) -> ApiResult<Stored> {
    let id = stored.proposal.id;
    let (mut stored, mut vote, mut ballots) = (stored, vote.clone(), ballots.to_vec());
    // The outcome is recorded from the ballots as stored when it is written: a ballot cast while
    // the vote closes makes this count again, so the tally and the outcome always agree.
    for _ in 0..CLOSE_RETRIES {
        if stored.proposal.status != ProposalStatus::CouncilVote || !vote.is_closed(&ballots, now) {
            return Ok(stored);
        }
        let (closed, event) = stored
            .proposal
            .clone()
            .close_vote(&vote, &ballots, now)
            .map_err(ApiError::from)?;
        if proposals::close_vote(db, &closed, &event, &ballots).await? {
            break;
        }
        stored = proposals::load(db, id).await?.ok_or(ApiError::NotFound)?;
        (vote, ballots) = proposals::vote(db, id).await?.ok_or(ApiError::NotFound)?;
    }
    proposals::load(db, id).await?.ok_or(ApiError::NotFound)
}

/// How often closing a vote counts again when ballots keep arriving as it closes.
pub const CLOSE_RETRIES: usize = 4;

/// Closes every vote whose deadline has passed; returns how many it closed.
pub async fn close_due_votes(env: &Env) -> ApiResult<usize> {
    let db = Db::from_env(env)?;
    let now = crate::routes::now();
    let mut closed = 0;
    for id in proposals::votes_due(&db, now).await? {
        if let Some(stored) = proposals::load(&db, id).await? {
            if close_if_over(&db, stored, now).await?.proposal.status != ProposalStatus::CouncilVote
            {
                closed += 1;
            }
        }
    }
    Ok(closed)
}

pub async fn view(
    db: &Db,
    stored: &Stored,
    viewer: Option<&Actor>,
    now: Timestamp,
) -> ApiResult<ProposalView> {
    view_with(db, stored, viewer, now, None).await
}

/// The proposal as `viewer` sees it; `read` is its vote and ballots when the caller has them.
/// The parts are read concurrently: none depends on another.
pub async fn view_with(
    db: &Db,
    stored: &Stored,
    viewer: Option<&Actor>,
    now: Timestamp,
    read: Option<(Vote, Vec<Ballot>)>,
) -> ApiResult<ProposalView> {
    let p = &stored.proposal;
    let vote = async {
        let read = match read {
            Some(read) => Some(read),
            None => proposals::vote(db, p.id).await?,
        };
        let Some((vote, ballots)) = read else {
            return Ok(None);
        };
        let member = viewer.is_some_and(|a| a.is_member_of(p.council));
        Ok(Some(VoteView {
            deadline: vote.deadline,
            closed: vote.is_closed(&ballots, now),
            tally: vote.tally(&ballots),
            outcome: vote.outcome(&ballots, now).ok().map(|(o, _)| o),
            roll_call: if member {
                Some(proposals::roll_call(db, &vote, &ballots).await?)
            } else {
                None
            },
        }))
    };
    let project = async {
        if p.status == ProposalStatus::Approved {
            crate::db::projects::of_proposal(db, p.id).await
        } else {
            Ok(None)
        }
    };
    let id = p.id.to_string();
    let (vote, photos, assessment, history, project) = futures_util::try_join!(
        vote,
        crate::db::photos::of(db, &id),
        assessment_result(db, p),
        proposals::history(db, p.id),
        project,
    )?;
    Ok(ProposalView {
        summary: stored.summary(),
        content: p.content.clone(),
        photos,
        vote,
        assessment,
        history,
        project,
    })
}

/// The public result of an assessed proposal: per-criterion averages and the weighted score,
/// never who gave which score.
pub async fn assessment_result(
    db: &Db,
    p: &Proposal,
) -> ApiResult<Option<shared::assessment::AssessmentResult>> {
    use ProposalStatus::{Approved, Assessed, Declined, Deferred};
    if !matches!(p.status, Assessed | Approved | Declined | Deferred) {
        return Ok(None);
    }
    let assignments = crate::db::funding::assignments(db, p.id).await?;
    let year = plan(db, p).await?;
    Ok(result_of(year.as_ref(), &assignments))
}

pub async fn plan(db: &Db, proposal: &Proposal) -> ApiResult<Option<ProgrammeYear>> {
    funding::year(db, proposal.programme, proposal.programme_year()).await
}

/// The assessment's result under the year's rubric and required number of scorecards (the
/// shared defaults until the year is set up); `None` until enough have scored.
pub fn result_of(
    year: Option<&ProgrammeYear>,
    assignments: &[assessment::Assignment],
) -> Option<shared::assessment::AssessmentResult> {
    assessment::result(
        year.map(|y| y.rubric).unwrap_or_default(),
        &assessment::scorecards(assignments),
        ProgrammeYear::assessors_required_in(year),
    )
}

pub fn project_id(id: &str) -> ApiResult<ProjectId> {
    id.parse().map_err(|_| ApiError::NotFound)
}

pub async fn load(db: &Db, id: &str) -> ApiResult<StoredProject> {
    projects::load(db, project_id(id)?)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Photos of a grievance are seen by managers of its programme only.
pub async fn may_see_photo(
    db: &Db,
    viewer: Option<Actor>,
    grievance: GrievanceId,
) -> ApiResult<bool> {
    let Some(viewer) = viewer else {
        return Ok(false);
    };
    let programme = store::by_id(db, grievance).await?.map(|g| g.programme);
    Ok(viewer.role == Role::Manager && programme == Some(viewer.programme))
}

pub async fn by_code(db: &Db, code: &str) -> ApiResult<StoredGrievance> {
    store::by_code(db, &code_hash(&parse_code(code)?))
        .await?
        .ok_or(ApiError::NotFound)
}

pub fn code_hash(code: &TrackingCode) -> String {
    crypto::sha256_hex(code.to_string().as_bytes())
}

/// A tracking code as typed: a mistyped symbol is told apart from something that is no code.
pub fn parse_code(text: &str) -> ApiResult<TrackingCode> {
    let decoded = js_sys::decode_uri_component(text)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    TrackingCode::parse(&decoded).map_err(|e| {
        ApiError::invalid(
            "code",
            match e {
                TrackingCodeError::Typo => Problem::Typo,
                _ => Problem::Malformed,
            },
        )
    })
}
