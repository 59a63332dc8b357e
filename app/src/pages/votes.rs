//! The member's open votes: each proposal of their council in a vote, soonest deadline first,
//! with the tally so far and their own ballot.

use crate::api;
use crate::components::load::{Loaded, Loader};
use crate::components::status::NotForYou;
use crate::i18n::{choice_label, date_time, fill, use_i18n};
use crate::router::Route;
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::OpenVote;
use shared::roles::Role;

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
