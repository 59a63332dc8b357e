//! The app's pages. The home page is part of the app shell; every other page, and the members'
//! and staff's forms on public pages, is a split point (see `components::lazy`): its code
//! arrives with its group's wasm module the first time one of the group is shown.
//!
//! Few groups, by who reads them: a module is fetched whole, and code shared by several
//! modules goes into a chunk per set of modules sharing it, so each group added multiplies the
//! files a page needs (one per page made a proposal page 160 files). Within a group, pages are
//! those its reader goes between.

pub mod assessment;
pub mod dashboard;
pub mod draft;
pub mod grievance_file;
pub mod grievances;
pub mod home;
pub mod join;
pub mod manage;
pub mod monitoring;
pub mod not_found;
pub mod open_data;
pub mod outbox;
pub mod programme;
pub mod project;
pub mod project_forms;
pub mod proposal;
pub mod proposals;
pub mod receptions;
pub mod sign_in;
pub mod track;
pub mod votes;
pub mod year;

use crate::api::ClientError;
use crate::components::load::Loader;
use leptos::prelude::*;
use project_forms::ManagerForm;
use shared::api::{ProjectView, ProposalView};
use shared::voting::Choice;
use shared::{GrievanceId, Money, ProgrammeId, ProjectId, ProposalId};

/// Declares the split points: `group: name(args) => view` becomes `async fn name(args)`, which
/// loads the group's module, then builds the view (or fails with `ClientError::Network`).
macro_rules! split_views {
    ($($group:ident: $name:ident($($arg:ident: $ty:ty),*) => $view:expr;)*) => {$(
        #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<AnyView, ClientError> {
            Ok($view.into_any())
        }
    )*};
}

split_views! {
    // The public, reading: the proposals and the programmes they belong to.
    proposals: programme_page(id: ProgrammeId) => view! { <programme::ProgrammePage id/> };
    proposals: proposals_page() => proposals::ProposalsPage();
    proposals: proposal_page(id: ProposalId) => view! { <proposal::ProposalPage id/> };
    proposals: not_found_page() => not_found::NotFoundPage();
    // The public, reading: the funded projects, their year and the open data.
    projects: year_page(programme: ProgrammeId, year: u16) => view! { <dashboard::DashboardPage programme year/> };
    projects: project_page(id: ProjectId) => view! { <project::ProjectPage id/> };
    projects: open_data_page() => open_data::OpenDataPage();
    // Anyone with a grievance.
    grievance: file_grievance_page() => grievance_file::FileGrievancePage();
    grievance: track_page(code: String) => view! { <track::TrackPage code/> };
    // Council members (signing in and joining come first).
    member: sign_in_page() => sign_in::SignInPage();
    member: join_page(code: String) => view! { <join::JoinPage code/> };
    member: new_proposal_page() => draft::NewProposalPage();
    member: edit_proposal_page(id: ProposalId) => view! { <draft::EditProposalPage id/> };
    member: votes_page() => votes::VotesPage();
    member: outbox_page() => outbox::OutboxPage();
    member: draft_actions(id: ProposalId, loader: Loader<ProposalView>) => view! { <proposal::DraftActions id loader/> };
    member: ballot(id: ProposalId, mine: Option<Choice>, loader: Loader<ProposalView>) => view! { <proposal::Ballot id mine loader/> };
    member: report_form(id: ProjectId, loader: Loader<ProjectView>) => view! { <project_forms::ReportForm id loader/> };
    // The company's staff: assessors and programme managers.
    staff: manage_page() => manage::ManagePage();
    staff: assessment_page() => assessment::AssessmentPage();
    staff: year_setup_page() => year::YearSetupPage();
    staff: monitoring_page() => monitoring::MonitoringPage();
    staff: grievances_page() => grievances::GrievancesPage();
    staff: grievance_page(id: GrievanceId) => view! { <grievances::GrievancePage id/> };
    staff: assessor_actions(id: ProposalId, loader: Loader<ProposalView>) => view! { <proposal::AssessorActions id loader/> };
    staff: decision_form(id: ProposalId, estimate: Money, loader: Loader<ProposalView>) => view! { <assessment::DecisionForm id estimate loader/> };
    staff: project_manager_forms(id: ProjectId, form: ManagerForm, loader: Loader<ProjectView>) => project_forms::manager_form(id, form, loader);
}
