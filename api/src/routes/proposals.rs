//! Proposals: drafting (idempotent PUT with the app's id), reading, the public list, submitting
//! to the council vote, and casting ballots. A vote that is over is closed on the next read.

use crate::context::Cx;
use crate::db::programmes;
use crate::db::proposals::{self, Filter, Stored};
use crate::http::{self, ApiResult};
use crate::records::{close_if_over, close_if_over_with, load_visible, proposal_id, view};
use shared::api::{
    ApiError, BallotCast, BallotRequest, CouncilProposal, CouncilProposals, DraftRequest, OpenVote,
    OpenVotes, Problem, ProposalPage, ProposalView,
};
use shared::proposals::{Category, Proposal, ProposalError, ProposalStatus};
use shared::time::Timestamp;
use shared::voting::VoteError;
use worker::Response;

const PAGE_SIZE: u32 = 20;

#[utoipa::path(
    put,
    path = "/api/proposals/{id}",
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id, made by the app")),
    request_body = DraftRequest,
    responses(
        (status = 200, description = "The draft as stored; repeating the request changes nothing more", body = ProposalView),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only council members draft", body = ApiError),
        (status = 404, description = "The id belongs to another council's proposal", body = ApiError),
        (status = 409, description = "The proposal is no longer a draft (`wrong_status`)", body = ApiError),
        (status = 422, description = "A field is invalid", body = ApiError),
    )
)]
pub async fn put_draft(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let id = proposal_id(id)?;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    let content = body.json::<DraftRequest>()?.parse()?;
    match proposals::load(db, id).await? {
        None => {
            let (proposal, event) =
                Proposal::draft(id, content, &actor, now).map_err(ApiError::from)?;
            match proposals::insert(db, &proposal, &event).await {
                Ok(()) => {}
                // The same draft arrived twice at once: the first one is stored. An id that
                // another kind of record holds is refused.
                Err(refusal @ ApiError::Conflict { .. }) => {
                    if proposals::load(db, id).await?.is_none() {
                        return Err(refusal);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Some(stored)
            if stored.proposal.content == content
                && stored.proposal.status == ProposalStatus::Draft =>
        {
            // A retry of what is stored: nothing to do, but only for the council's members.
            if !stored.proposal.visible_to(Some(&actor))
                || !actor.is_member_of(stored.proposal.council)
            {
                return Err(ApiError::NotFound);
            }
        }
        Some(stored) => {
            if !stored.proposal.visible_to(Some(&actor)) {
                return Err(ApiError::NotFound);
            }
            let from = stored.proposal.status;
            let (proposal, event) = stored
                .proposal
                .edit(content, &actor, now)
                .map_err(ApiError::from)?;
            if !proposals::update(db, &proposal, from, &event, Vec::new()).await? {
                return Err(ApiError::from(ProposalError::WrongStatus(
                    ProposalStatus::CouncilVote,
                )));
            }
        }
    }
    let stored = proposals::load(db, id).await?.ok_or(ApiError::NotFound)?;
    http::ok(&view(db, &stored, Some(&actor), now).await?)
}

#[utoipa::path(
    get,
    path = "/api/proposals/{id}",
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "The proposal with its vote and history; the roll call for the council's members only", body = ProposalView),
        (status = 404, description = "No such proposal, or a draft of a council the reader is not in", body = ApiError),
    )
)]
pub async fn get(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let id = proposal_id(id)?;
    let db = &cx.db;
    let now = cx.now;
    let viewer = cx.actor;
    let stored = load_visible(db, id, viewer.as_ref(), now).await?;
    http::ok(&view(db, &stored, viewer.as_ref(), now).await?)
}

fn choice_param<T: serde::de::DeserializeOwned>(field: &str, value: &str) -> ApiResult<String> {
    shared::api::choice::<T>(field, value).map(|_| value.to_owned())
}

fn uuid_param(field: &str, value: &str) -> ApiResult<String> {
    uuid::Uuid::parse_str(value)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| ApiError::invalid(field, Problem::Malformed))
}

#[utoipa::path(
    get,
    path = "/api/proposals",
    tag = "proposals",
    params(
        ("programme" = Option<String>, Query, description = "A programme's id"),
        ("council" = Option<String>, Query, description = "A council's id"),
        ("category" = Option<String>, Query, description = "A category, such as `water`"),
        ("status" = Option<String>, Query, description = "A status, such as `council_vote`"),
        ("year" = Option<u16>, Query, description = "The year the proposal was made"),
        ("after" = Option<String>, Query, description = "The `next` of the previous page"),
    ),
    responses(
        (status = 200, description = "Public proposals, newest first, 20 a page", body = ProposalPage),
        (status = 422, description = "A filter is malformed", body = ApiError),
    )
)]
pub async fn list(cx: &Cx<'_>) -> ApiResult<Response> {
    let req = cx.req;
    let url = req.url().map_err(|_| ApiError::MalformedBody)?;
    let mut filter = Filter::default();
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "programme" => filter.programme = Some(uuid_param("programme", &value)?),
            "council" => filter.council = Some(uuid_param("council", &value)?),
            "category" => filter.category = Some(choice_param::<Category>("category", &value)?),
            "status" => filter.status = Some(choice_param::<ProposalStatus>("status", &value)?),
            "year" => {
                filter.year = Some(
                    value
                        .parse::<u16>()
                        .map(i64::from)
                        .map_err(|_| ApiError::invalid("year", Problem::Malformed))?,
                );
            }
            "after" => {
                let (at, id) = value
                    .split_once('_')
                    .filter(|(at, id)| {
                        Timestamp::parse(at).is_ok() && uuid::Uuid::parse_str(id).is_ok()
                    })
                    .ok_or_else(|| ApiError::invalid("after", Problem::Malformed))?;
                filter.after = Some((at.to_owned(), id.to_owned()));
            }
            _ => {}
        }
    }
    let db = &cx.db;
    let found = proposals::list(db, &filter, PAGE_SIZE).await?;
    let next = (found.len() == PAGE_SIZE as usize)
        .then(|| {
            found
                .last()
                .map(|s| format!("{}_{}", s.proposal.created_at, s.proposal.id))
        })
        .flatten();
    http::ok(&ProposalPage {
        proposals: found.iter().map(Stored::summary).collect(),
        next,
    })
}

#[utoipa::path(
    post,
    path = "/api/proposals/{id}/submit",
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    responses(
        (status = 200, description = "Submitted: the council vote is open", body = ProposalView),
        (status = 404, description = "No such draft in the member's council", body = ApiError),
        (status = 409, description = "Not a draft any more (`wrong_status`)", body = ApiError),
    )
)]
pub async fn submit(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let id = proposal_id(id)?;
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    let stored = load_visible(db, id, Some(&actor), now).await?;
    let electorate = proposals::council_members(db, stored.proposal.council).await?;
    let from = stored.proposal.status;
    // The rules of the proposal's programme year; the shared defaults until it is set up.
    let year = i32::from(stored.proposal.programme_year());
    let rules = programmes::vote_rules(db, stored.proposal.programme, year)
        .await?
        .unwrap_or_default();
    let (proposal, vote, event) = stored
        .proposal
        .submit(&actor, now, rules, electorate)
        .map_err(ApiError::from)?;
    let open_vote = proposals::insert_vote(db, id, &vote)?;
    if !proposals::update(db, &proposal, from, &event, vec![open_vote]).await? {
        return Err(ApiError::from(ProposalError::WrongStatus(
            ProposalStatus::CouncilVote,
        )));
    }
    let stored = proposals::load(db, id).await?.ok_or(ApiError::NotFound)?;
    http::ok(&view(db, &stored, Some(&actor), now).await?)
}

#[utoipa::path(
    put,
    path = "/api/proposals/{id}/ballot",
    tag = "proposals",
    params(("id" = String, Path, description = "The proposal's id")),
    request_body = BallotRequest,
    responses(
        (status = 200, description = "The ballot is cast (or changed); the vote as it now stands", body = BallotCast),
        (status = 403, description = "Not a member of the proposal's council when the vote opened", body = ApiError),
        (status = 409, description = "The vote has closed (`vote_closed`) or is not open (`wrong_status`)", body = ApiError),
        (status = 422, description = "The choice is not for, against or abstain", body = ApiError),
    )
)]
pub async fn cast_ballot(cx: &Cx<'_>) -> ApiResult<Response> {
    let id = cx.param("id");
    let body = &cx.body;
    let id = proposal_id(id)?;
    let choice = body.json::<BallotRequest>()?.parse()?;
    let db = &cx.db;
    let now = cx.now;
    // Every read at once: round trips to the database are what a ballot costs.
    let actor = cx.member()?;
    let (read, stored) = futures_util::try_join!(proposals::vote(db, id), proposals::load(db, id))?;
    let stored = stored
        .filter(|stored| stored.proposal.visible_to(Some(&actor)))
        .ok_or(ApiError::NotFound)?;
    if stored.proposal.status != ProposalStatus::CouncilVote {
        let reason = if matches!(
            stored.proposal.status,
            ProposalStatus::Forwarded | ProposalStatus::NotForwarded
        ) {
            ProposalError::Vote(VoteError::Closed)
        } else {
            ProposalError::WrongStatus(stored.proposal.status)
        };
        return Err(ApiError::from(reason));
    }
    let (vote, ballots) = read.ok_or(ApiError::NotFound)?;
    let ballot = match vote.cast(&ballots, actor.member, choice, now) {
        Ok(ballot) => ballot,
        Err(error) => {
            // Past its deadline: closed now, as any read of it would, then refused.
            if matches!(error, VoteError::Closed) {
                close_if_over_with(db, stored, &vote, &ballots, now).await?;
            }
            return Err(ApiError::from(ProposalError::Vote(error)));
        }
    };
    if !proposals::cast(db, id, &ballot).await? {
        // Closed between our read and the write (its deadline passed, or it was closed).
        close_if_over(db, stored, now).await?;
        return Err(ApiError::from(ProposalError::Vote(VoteError::Closed)));
    }
    // The ballots as stored now: this member's earlier ballot, if any, is replaced.
    let mut ballots = ballots;
    ballots.retain(|b| b.member != ballot.member);
    ballots.push(ballot);
    // The last member to vote closes it.
    let stored = close_if_over_with(db, stored, &vote, &ballots, now).await?;
    http::ok(&BallotCast {
        status: stored.proposal.status,
        deadline: vote.deadline,
        closed: vote.is_closed(&ballots, now),
        tally: vote.tally(&ballots),
        outcome: vote.outcome(&ballots, now).ok().map(|(o, _)| o),
        my_choice: choice,
    })
}

#[utoipa::path(
    get,
    path = "/api/council/proposals",
    tag = "proposals",
    responses(
        (status = 200, description = "The member's council's proposals in every status, drafts included, the most recently changed first (at most 200), each with who changed it last", body = CouncilProposals),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only council members have a council's list", body = ApiError),
    )
)]
pub async fn council_list(cx: &Cx<'_>) -> ApiResult<Response> {
    let db = &cx.db;
    let actor = cx.member()?;
    let council = actor
        .council
        .filter(|_| actor.role == shared::roles::Role::CouncilMember)
        .ok_or(ApiError::Forbidden)?;
    let listed = proposals::of_council(db, council).await?;
    // A vote past its deadline is closed now, as any read of it would.
    let voting: Vec<_> = listed
        .iter()
        .filter(|s| s.proposal.status == ProposalStatus::CouncilVote)
        .map(|s| s.proposal.id)
        .collect();
    let mut votes_of = proposals::votes_of(db, &voting).await?;
    let mut stored = Vec::with_capacity(listed.len());
    let mut closed_any = false;
    for entry in listed {
        match votes_of.remove(&entry.proposal.id) {
            Some((vote, ballots)) if vote.is_closed(&ballots, cx.now) => {
                closed_any = true;
                stored.push(close_if_over_with(db, entry, &vote, &ballots, cx.now).await?);
            }
            _ => stored.push(entry),
        }
    }
    if closed_any {
        stored.sort_by(|a, b| {
            (b.proposal.updated_at, b.proposal.id).cmp(&(a.proposal.updated_at, a.proposal.id))
        });
    }
    let mut changed_by = proposals::last_changed_by(db, council).await?;
    http::ok(&CouncilProposals {
        proposals: stored
            .iter()
            .map(|s| CouncilProposal {
                proposal: s.summary(),
                changed_by: changed_by
                    .remove(&s.proposal.id.to_string())
                    .unwrap_or_default(),
            })
            .collect(),
    })
}

#[utoipa::path(
    get,
    path = "/api/votes",
    tag = "proposals",
    responses(
        (status = 200, description = "The open votes of the member's council, soonest deadline first, with the member's own ballot", body = OpenVotes),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Only council members vote", body = ApiError),
    )
)]
pub async fn open_votes(cx: &Cx<'_>) -> ApiResult<Response> {
    let db = &cx.db;
    let now = cx.now;
    let actor = cx.member()?;
    let council = actor.council.ok_or(ApiError::Forbidden)?;
    let open = proposals::in_vote(db, council).await?;
    // Every vote and ballot in two reads, however many votes are open.
    let ids: Vec<_> = open.iter().map(|s| s.proposal.id).collect();
    let mut votes_of = proposals::votes_of(db, &ids).await?;
    let mut votes = Vec::new();
    for stored in open {
        let Some((vote, ballots)) = votes_of.remove(&stored.proposal.id) else {
            continue;
        };
        let proposal = stored.summary();
        // A vote past its deadline is closed now, as any read of it would (a write, not a read
        // per vote: it happens once to each vote).
        if vote.is_closed(&ballots, now) {
            let closed = close_if_over_with(db, stored, &vote, &ballots, now).await?;
            if closed.proposal.status != ProposalStatus::CouncilVote {
                continue;
            }
        }
        let my_choice = vote
            .current_ballots(&ballots)
            .iter()
            .find(|b| b.member == actor.member)
            .map(|b| b.choice);
        votes.push(OpenVote {
            proposal,
            deadline: vote.deadline,
            tally: vote.tally(&ballots),
            my_choice,
        });
    }
    http::ok(&OpenVotes { votes })
}
