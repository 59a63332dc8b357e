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
use crate::components::lazy::with_signed_in_texts;
use crate::components::load::Loader;
use leptos::prelude::*;
use project::ManagerForm;
use shared::api::{ProjectView, ProposalView};
use shared::voting::Choice;
use shared::{GrievanceId, Money, ProgrammeId, ProjectId, ProposalId};

/// Declares the split points: `group: name(args) => view` becomes `async fn name(args)`, which
/// loads the group's module, then builds the view (or fails with `ClientError::Network`). A page
/// of a signed-in group is built once the signed-in texts are here, fetched by its module.
macro_rules! split_views {
    ($($group:ident: $name:ident($($arg:ident: $ty:ty),*) => $view:expr;)*) => {$(
        #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name($($arg: $ty),*) -> Result<AnyView, ClientError> {
            Ok(group_view!($group, $view))
        }
    )*};
}

/// A page of `group`: the signed-in groups (`i18n::SIGNED_IN_GROUPS`, which a test holds to
/// these rules) wait for their texts. Decided as the macro expands, so a public group's module
/// carries none of that code.
macro_rules! group_view {
    (member, $view:expr) => {
        with_signed_in_texts(Box::new(move || $view.into_any()))
    };
    (staff, $view:expr) => {
        with_signed_in_texts(Box::new(move || $view.into_any()))
    };
    ($public:ident, $view:expr) => {
        $view.into_any()
    };
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
    member: draft_actions(id: ProposalId, loader: Loader<ProposalView>) => view! { <draft::DraftActions id loader/> };
    member: ballot(id: ProposalId, mine: Option<Choice>, loader: Loader<ProposalView>) => view! { <votes::Ballot id mine loader/> };
    member: report_form(id: ProjectId, loader: Loader<ProjectView>) => view! { <project_forms::ReportForm id loader/> };
    // The company's staff: assessors and programme managers.
    staff: manage_page() => manage::ManagePage();
    staff: assessment_page() => assessment::AssessmentPage();
    staff: year_setup_page() => year::YearSetupPage();
    staff: monitoring_page() => monitoring::MonitoringPage();
    staff: grievances_page() => grievances::GrievancesPage();
    staff: grievance_page(id: GrievanceId) => view! { <grievances::GrievancePage id/> };
    staff: assessor_actions(id: ProposalId, loader: Loader<ProposalView>) => view! { <assessment::AssessorActions id loader/> };
    staff: decision_form(id: ProposalId, estimate: Money, loader: Loader<ProposalView>) => view! { <assessment::DecisionForm id estimate loader/> };
    staff: project_manager_forms(id: ProjectId, form: ManagerForm, loader: Loader<ProjectView>) => project_forms::manager_form(id, form, loader);
}

#[cfg(test)]
mod tests {
    use leptos::prelude::*;
    use std::cell::Cell;

    thread_local! {
        static WAITED: Cell<bool> = const { Cell::new(false) };
    }

    /// Stands in for the component that waits, to see which groups' pages go through it.
    #[allow(clippy::needless_pass_by_value)]
    fn with_signed_in_texts(_page: Box<dyn FnOnce() -> AnyView>) -> AnyView {
        WAITED.set(true);
        ().into_any()
    }

    macro_rules! waits_for_signed_in_texts {
        ($group:ident) => {{
            WAITED.set(false);
            let _ = group_view!($group, ());
            WAITED.get()
        }};
    }

    #[test]
    fn the_groups_whose_pages_wait_for_the_signed_in_texts_are_those_whose_texts_are_apart() {
        let groups = [
            ("proposals", waits_for_signed_in_texts!(proposals)),
            ("projects", waits_for_signed_in_texts!(projects)),
            ("grievance", waits_for_signed_in_texts!(grievance)),
            ("member", waits_for_signed_in_texts!(member)),
            ("staff", waits_for_signed_in_texts!(staff)),
        ];
        for (group, waits) in groups {
            assert_eq!(
                waits,
                crate::i18n::SIGNED_IN_GROUPS.contains(&group),
                "{group}"
            );
        }
    }
}
