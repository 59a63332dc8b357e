//! The member's open votes: each proposal of their council in a vote, soonest deadline first,
//! with the tally so far and their own ballot.

use crate::api::{self, ClientError};
use crate::components::form::{send, FormError, FormNotice};
use crate::components::load::{Loaded, Loader};
use crate::components::status::NotForYou;
use crate::i18n::{choice_label, date_time, fill, use_i18n, wire};
use crate::router::Route;
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::{BallotRequest, OpenVote, ProposalView};
use shared::roles::Role;
use shared::voting::Choice;
use shared::ProposalId;

#[component]
pub fn VotesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || {
        match session.get() {
        Some(me) if me.role == Role::CouncilMember => view! { <OpenVotesList/> }.into_any(),
        _ => view! { <NotForYou title=Signal::derive(move || i18n.t().votes_title().to_owned()) notice=|t| t.votes_only_members()/> }.into_any(),
    }
    }
}

#[component]
fn OpenVotesList() -> impl IntoView {
    let i18n = use_i18n();
    let votes = Loader::new(api::open_votes);
    view! {
        <section class="page">
            <h1>{move || i18n.t().votes_title()}</h1>
            <Loaded loader=votes ready=move |list| {
                if list.votes.is_empty() {
                    view! { <p class="empty">{move || i18n.t().votes_empty()}</p> }.into_any()
                } else {
                    view! { <ul class="cards">{list.votes.into_iter().map(|vote| view! { <VoteCard vote/> }).collect_view()}</ul> }.into_any()
                }
            }/>
        </section>
    }
}

#[component]
fn VoteCard(vote: OpenVote) -> impl IntoView {
    let i18n = use_i18n();
    let deadline = vote.deadline;
    let tally = vote.tally;
    let mine = vote.my_choice;
    view! {
        <li class="card">
            <a href=Route::Proposal(vote.proposal.id).href()>{vote.proposal.title.to_string()}</a>
            <p class="meta">{move || fill(i18n.t().vote_open_until(), &[("date", &date_time(i18n.t(), deadline))])}</p>
            <p class="meta">{move || fill(i18n.t().vote_turnout(), &[
                ("voted", &tally.turnout().to_string()),
                ("members", &tally.members.to_string()),
            ])}</p>
            <p class=if mine.is_some() { "voted" } else { "not-voted" }>{move || match mine {
                Some(choice) => fill(i18n.t().you_voted(), &[("choice", choice_label(i18n.t(), choice))]),
                None => i18n.t().cast_your_vote().to_owned(),
            }}</p>
        </li>
    }
}

/// The member's ballot: three buttons, the current choice pressed; changeable until the close.
#[component]
pub fn Ballot(id: ProposalId, mine: Option<Choice>, loader: Loader<ProposalView>) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let error = FormError::new();
    // The choice as this phone knows it: a ballot kept in the outbox shows as cast.
    let mine = RwSignal::new(mine);
    let queued = RwSignal::new(false);
    let cast = move |choice: Choice| {
        send(pending, async move {
            let request = BallotRequest {
                choice: wire(&choice),
            };
            match api::cast(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    queued.set(false);
                    loader.reload();
                }
                Err(ClientError::Queued) => {
                    error.set(None);
                    mine.set(Some(choice));
                    queued.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="ballot" role="group" aria-label=move || i18n.t().your_vote()>
            <p>{move || match mine.get() {
                Some(choice) => fill(i18n.t().you_voted(), &[("choice", choice_label(i18n.t(), choice))]),
                None => i18n.t().cast_your_vote().to_owned(),
            }}</p>
            {[Choice::For, Choice::Against, Choice::Abstain].into_iter().map(|choice| view! {
                <button
                    type="button"
                    class="choice"
                    class:chosen=move || mine.get() == Some(choice)
                    aria-pressed=move || (mine.get() == Some(choice)).to_string()
                    disabled=move || pending.get()
                    on:click=move |_| cast(choice)
                >
                    {move || choice_label(i18n.t(), choice)}
                </button>
            }).collect_view()}
            {move || queued.get().then(|| view! {
                <p class="notice queued" role="status">{move || i18n.t().vote_queued()} " "
                    <a href=Route::Outbox.href()>{move || i18n.t().outbox_title()}</a>
                </p>
            })}
            <FormNotice error/>
        </div>
    }
}
