//! The app's pages. The home page is part of the app shell; every other page is a split point
//! (see `components::lazy`): its code is a wasm module of its own, fetched when first shown.

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
use leptos::prelude::*;

/// Declares each page's split point: `name(args) => view` becomes `async fn name(args)`, which
/// loads the page's module, then builds the view (or fails with `ClientError::Network`).
macro_rules! split_pages {
    ($($name:ident($($arg:ident: $ty:ty),*) => $view:expr;)*) => {$(
        #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<AnyView, ClientError> {
            Ok($view.into_any())
        }
    )*};
}

split_pages! {
    programme_page(id: shared::ProgrammeId) => view! { <programme::ProgrammePage id/> };
    sign_in_page() => sign_in::SignInPage();
    join_page(code: String) => view! { <join::JoinPage code/> };
    manage_page() => manage::ManagePage();
    not_found_page() => not_found::NotFoundPage();
    proposals_page() => proposals::ProposalsPage();
    new_proposal_page() => draft::NewProposalPage();
    proposal_page(id: shared::ProposalId) => view! { <proposal::ProposalPage id/> };
    edit_proposal_page(id: shared::ProposalId) => view! { <draft::EditProposalPage id/> };
    votes_page() => votes::VotesPage();
    assessment_page() => assessment::AssessmentPage();
    year_setup_page() => year::YearSetupPage();
    year_page(programme: shared::ProgrammeId, year: u16) => view! { <dashboard::DashboardPage programme year/> };
    project_page(id: shared::ProjectId) => view! { <project::ProjectPage id/> };
    open_data_page() => open_data::OpenDataPage();
    monitoring_page() => monitoring::MonitoringPage();
    file_grievance_page() => grievance_file::FileGrievancePage();
    track_page(code: String) => view! { <track::TrackPage code/> };
    grievances_page() => grievances::GrievancesPage();
    grievance_page(id: shared::GrievanceId) => view! { <grievances::GrievancePage id/> };
    outbox_page() => outbox::OutboxPage();
}
