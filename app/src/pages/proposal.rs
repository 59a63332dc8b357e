//! One proposal as its reader may see it: what is proposed, its photos, the council vote (the
//! tally for everyone, the roll call and the ballot for the council's members) and its history.
//! A draft shows its council's members the way to edit and submit it.

use crate::api;
use crate::components::lazy::lazy_part;
use crate::components::load::{Loaded, Loader};
use crate::i18n::{
    category_label, choice_label, criterion_label, date_time, decimal, fill, outcome_label,
    status_label, use_i18n, wire,
};
use crate::router::Route;
use crate::session::use_session;
use leptos::prelude::*;
use shared::api::{ProposalView, VoteView};
use shared::assessment::{AssessmentResult, Criterion, Hundredths};
use shared::proposals::ProposalStatus;
use shared::roles::Role;
use shared::voting::Choice;
use shared::ProposalId;

#[component]
pub fn ProposalPage(id: ProposalId) -> impl IntoView {
    let i18n = use_i18n();
    let proposal = Loader::new(move || api::proposal(id));
    view! {
        <section class="page">
            <p><a class="back" href=Route::Proposals.href()>{move || i18n.t().back_to_proposals()}</a></p>
            <Loaded loader=proposal ready=move |view| view! { <ProposalDetail view loader=proposal/> }/>
        </section>
    }
}

#[component]
fn ProposalDetail(view: ProposalView, loader: Loader<ProposalView>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let summary = view.summary;
    let content = view.content;
    let (status, category, cost, council) = (
        summary.status,
        content.category,
        content.estimated_cost,
        summary.council,
    );
    let member = move || session.get().is_some_and(|me| me.council == Some(council));
    let location = content.location.map(|point| {
        let geo = format!("geo:{},{}", point.latitude, point.longitude);
        let shown = format!("{:.5}, {:.5}", point.latitude, point.longitude);
        view! { <dt>{move || i18n.t().location_label()}</dt><dd><a href=geo>{shown}</a></dd> }
    });
    view! {
        <h1>{summary.title.to_string()}</h1>
        <p class="meta">
            <span class=format!("badge status-{}", wire(&status))>{move || status_label(i18n.t(), status)}</span>
            " " {summary.council_name.to_string()}
        </p>
        <dl class="facts">
            <dt>{move || i18n.t().category_label()}</dt>
            <dd>{move || category_label(i18n.t(), category)}</dd>
            <dt>{move || i18n.t().village_label()}</dt>
            <dd>{content.village.to_string()}</dd>
            <dt>{move || i18n.t().cost_label()}</dt>
            <dd class="amount">{move || cost.format(i18n.locale())}</dd>
            <dt>{move || i18n.t().beneficiaries_label()}</dt>
            <dd>{content.beneficiaries}</dd>
            {location}
        </dl>
        <p class="description">{content.description.to_string()}</p>
        {(!view.photos.is_empty()).then(|| view! {
            <div class="photos">
                {view.photos.iter().map(|photo| view! {
                    <img src=api::photo_url(*photo) alt=move || i18n.t().photo_alt() loading="lazy" width="320" height="240"/>
                }).collect_view()}
            </div>
        })}
        {move || (status == ProposalStatus::Draft && member()).then(|| {
            let id = summary.id;
            lazy_part(move || crate::pages::draft_actions(id, loader))
        })}
        {view.vote.map(|vote| view! { <VoteSection id=summary.id vote loader/> })}
        {view.assessment.map(|result| view! { <AssessmentSummary result/> })}
        {view.project.map(|project| view! { <p><a class="button quiet" href=Route::Project(project).href()>{move || i18n.t().proposal_project_link()}</a></p> })}
        {move || session.get().and_then(|me| {
            let id = summary.id;
            let ours = me.programme == summary.programme;
            match (me.role, status) {
                (Role::Manager, ProposalStatus::Assessed) if ours => {
                    Some(lazy_part(move || crate::pages::decision_form(id, cost, loader)).into_any())
                }
                (Role::Assessor, ProposalStatus::UnderAssessment) if ours => {
                    Some(lazy_part(move || crate::pages::assessor_actions(id, loader)).into_any())
                }
                _ => None,
            }
        })}
        <crate::components::history::History entries=view.history/>
    }
}

#[component]
fn VoteSection(id: ProposalId, vote: VoteView, loader: Loader<ProposalView>) -> impl IntoView {
    let i18n = use_i18n();
    let tally = vote.tally;
    let deadline = vote.deadline;
    let outcome = vote.outcome;
    let closed = vote.closed;
    // Set through the style object, which the content security policy allows (an inline
    // style attribute it would refuse).
    let bar = move |count: u32| {
        let share = (count * 100).checked_div(tally.members).unwrap_or(0);
        format!("{share}%")
    };
    let rows = [
        (Choice::For, tally.in_favour),
        (Choice::Against, tally.against),
        (Choice::Abstain, tally.abstain),
    ];
    view! {
        <section class="vote" aria-labelledby="vote-title">
            <h2 id="vote-title">{move || i18n.t().vote_title()}</h2>
            <p>
                {move || if closed {
                    outcome.map(|o| outcome_label(i18n.t(), o).to_owned()).unwrap_or_default()
                } else {
                    fill(i18n.t().vote_open_until(), &[("date", &date_time(i18n.t(), deadline))])
                }}
            </p>
            <ul class="tally">
                {rows.into_iter().map(|(choice, count)| view! {
                    <li>
                        <span>{move || choice_label(i18n.t(), choice)}</span>
                        <span class="bar"><span style:width=bar(count)></span></span>
                        <strong>{count}</strong>
                    </li>
                }).collect_view()}
            </ul>
            <p class="hint">{move || fill(i18n.t().vote_turnout(), &[("voted", &tally.turnout().to_string()), ("members", &tally.members.to_string())])}</p>
            {vote.roll_call.map(|roll_call| {
                // Reactive: a page opened by reload may arrive before the session does.
                let session = use_session();
                let choices: Vec<_> = roll_call.iter().map(|entry| (entry.member, entry.choice)).collect();
                let ballot = move || {
                    let me = session.get()?.member;
                    let mine = choices.iter().find(|(member, _)| *member == me).and_then(|(_, choice)| *choice);
                    (!closed).then(|| lazy_part(move || crate::pages::ballot(id, mine, loader)))
                };
                view! {
                    {ballot}
                    <h3>{move || i18n.t().roll_call_title()}</h3>
                    <ul class="list">
                        {roll_call.into_iter().map(|entry| view! {
                            <li>
                                {entry.name.to_string()} ": "
                                {move || entry.choice.map_or(i18n.t().not_voted_yet(), |c| choice_label(i18n.t(), c))}
                            </li>
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}

/// The public result: each criterion's average and the final score, out of 5.
#[component]
pub fn AssessmentSummary(result: AssessmentResult) -> impl IntoView {
    let i18n = use_i18n();
    let rows: [(Criterion, Hundredths); 4] = [
        (Criterion::CommunityNeed, result.community_need),
        (
            Criterion::TechnicalFeasibility,
            result.technical_feasibility,
        ),
        (Criterion::BudgetFit, result.budget_fit),
        (Criterion::Sustainability, result.sustainability),
    ];
    view! {
        <section class="vote" aria-labelledby="assessment-title">
            <h2 id="assessment-title">{move || i18n.t().assessment_result_title()}</h2>
            <p class="score">{move || fill(i18n.t().assessment_score(), &[("score", &decimal(result.score, i18n.locale()))])}</p>
            <ul class="tally">
                {rows.into_iter().map(|(criterion, average)| view! {
                    <li>
                        <span>{move || criterion_label(i18n.t(), criterion)}</span>
                        <span class="bar"><span style:width=format!("{}%", average.0 / 5)></span></span>
                        <strong>{move || decimal(average, i18n.locale())}</strong>
                    </li>
                }).collect_view()}
            </ul>
            <p class="hint">{move || fill(i18n.t().assessment_by(), &[("count", &result.assessors.to_string())])}</p>
        </section>
    }
}
