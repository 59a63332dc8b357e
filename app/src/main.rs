//! The Kenes web app: rendered in the browser, served as static files from the same origin as
//! the API. Everything it shows comes through [`api`]; every text through [`i18n`].

mod api;
mod clock;
mod components;
mod i18n;
mod pages;
mod router;
mod session;

use components::header::Header;
use leptos::prelude::*;
use router::Route;

fn main() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let i18n = i18n::provide();
    let route = router::provide();
    session::provide();
    view! {
        <a class="skip" href="#main">{move || i18n.t().skip_to_content}</a>
        <Header/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Route::Home => pages::home::HomePage().into_any(),
                Route::Programme(id) => view! { <pages::programme::ProgrammePage id/> }.into_any(),
                Route::SignIn => pages::sign_in::SignInPage().into_any(),
                Route::Join(code) => view! { <pages::join::JoinPage code/> }.into_any(),
                Route::Manage => pages::manage::ManagePage().into_any(),
                Route::NotFound => pages::not_found::NotFoundPage().into_any(),
            }}
        </main>
    }
}
