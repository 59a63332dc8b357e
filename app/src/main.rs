//! The Kenes web app: rendered in the browser, served as static files from the same origin as
//! the API. Everything it shows comes through [`api`]; every text through [`i18n`].

mod api;
mod clock;
mod components;
mod i18n;
mod offline;
mod pages;
mod router;
mod session;
mod start;

use components::header::Header;
use components::lazy::lazy_page;
use leptos::prelude::*;
use router::Route;

fn main() {
    start::app_running();
    // Leptos's own task spawner starts with the mount; until then, the browser's.
    wasm_bindgen_futures::spawn_local(async {
        // Starting the module (its compilation finished, instantiated) is a long task of its own
        // on a slow phone; reading the texts and compiling the code that does it is the next.
        start::next_task().await;
        let locale = i18n::initial_locale();
        match i18n::load(locale).await {
            Some(texts) => {
                start::next_task().await;
                leptos::mount::mount_to_body(move || view! { <App locale texts/> });
            }
            // No texts, so nothing to say in any language: the page's own line says it.
            None => show_no_texts(),
        }
    });
}

/// Shows the page's own three-language line for when the app cannot start (public/index.html).
fn show_no_texts() {
    start::show_beside_first_view();
    if let Some(line) = document().get_element_by_id("no-texts") {
        let _ = line.remove_attribute("hidden");
    }
}

#[component]
fn App(locale: shared::Locale, texts: &'static i18n::Texts) -> impl IntoView {
    let i18n = i18n::provide(locale, texts);
    let route = router::provide();
    let session = session::provide();
    offline::start(Signal::derive(move || session.get().is_some()));
    // A new page shows its own data: whether it is the phone's copy is for its reads to say.
    Effect::new(move |first: Option<()>| {
        route.track();
        offline::answered(None);
        if first.is_some() {
            start::forget_read();
            start::first_view_done();
        }
    });
    view! {
        <a class="skip" href="#main">{move || i18n.t().skip_to_content()}</a>
        <Header/>
        <offline::OfflineBar/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Home => pages::home::HomePage().into_any(),
                Route::Programme(id) => lazy_page(move || pages::programme_page(id)).into_any(),
                Route::SignIn => lazy_page(pages::sign_in_page).into_any(),
                Route::Join(code) => lazy_page(move || pages::join_page(code.clone())).into_any(),
                Route::Manage => lazy_page(pages::manage_page).into_any(),
                Route::Proposals => lazy_page(pages::proposals_page).into_any(),
                Route::NewProposal => lazy_page(pages::new_proposal_page).into_any(),
                Route::Proposal(id) => lazy_page(move || pages::proposal_page(id)).into_any(),
                Route::EditProposal(id) => lazy_page(move || pages::edit_proposal_page(id)).into_any(),
                Route::Votes => lazy_page(pages::votes_page).into_any(),
                Route::Assessment => lazy_page(pages::assessment_page).into_any(),
                Route::YearSetup => lazy_page(pages::year_setup_page).into_any(),
                Route::Year(programme, year) => lazy_page(move || pages::year_page(programme, year)).into_any(),
                Route::Project(id) => lazy_page(move || pages::project_page(id)).into_any(),
                Route::OpenData => lazy_page(pages::open_data_page).into_any(),
                Route::Monitoring => lazy_page(pages::monitoring_page).into_any(),
                Route::FileGrievance => lazy_page(pages::file_grievance_page).into_any(),
                Route::Track(code) => lazy_page(move || pages::track_page(code.clone())).into_any(),
                Route::Grievances => lazy_page(pages::grievances_page).into_any(),
                Route::Grievance(id) => lazy_page(move || pages::grievance_page(id)).into_any(),
                Route::Outbox => lazy_page(pages::outbox_page).into_any(),
                Route::NotFound => lazy_page(pages::not_found_page).into_any(),
            }}
        </main>
    }
}
