//! The app's few routes, read from and written to the address bar. Links are plain `<a href>`s;
//! a click on a link to this origin changes the page without reloading it.

use leptos::ev;
use leptos::prelude::*;
use shared::{GrievanceId, ProgrammeId, ProjectId, ProposalId};
use wasm_bindgen::JsCast;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Programme(ProgrammeId),
    SignIn,
    /// Redeeming an invitation, with the code from the link if there is one.
    Join(String),
    Manage,
    Proposals,
    NewProposal,
    Proposal(ProposalId),
    EditProposal(ProposalId),
    Votes,
    Assessment,
    YearSetup,
    Year(ProgrammeId, u16),
    Project(ProjectId),
    OpenData,
    Monitoring,
    FileGrievance,
    /// Following a grievance, with the code typed or from the link (empty: not yet typed).
    Track(String),
    Grievances,
    Grievance(GrievanceId),
    /// The writes waiting on this phone for the signal, sent, or refused.
    Outbox,
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["programmes", id] => id.parse().map_or(Route::NotFound, Route::Programme),
            ["sign-in"] => Route::SignIn,
            ["join"] => Route::Join(String::new()),
            ["join", code] => Route::Join((*code).to_owned()),
            ["manage"] => Route::Manage,
            ["proposals"] => Route::Proposals,
            ["proposals", "new"] => Route::NewProposal,
            ["proposals", id] => id.parse().map_or(Route::NotFound, Route::Proposal),
            ["proposals", id, "edit"] => id.parse().map_or(Route::NotFound, Route::EditProposal),
            ["votes"] => Route::Votes,
            ["assessment"] => Route::Assessment,
            ["year"] => Route::YearSetup,
            ["programmes", id, "years", year] => match (id.parse(), year.parse()) {
                (Ok(id), Ok(year)) => Route::Year(id, year),
                _ => Route::NotFound,
            },
            ["projects", id] => id.parse().map_or(Route::NotFound, Route::Project),
            ["open-data"] => Route::OpenData,
            ["monitoring"] => Route::Monitoring,
            ["grievances", "new"] => Route::FileGrievance,
            ["grievances"] => Route::Grievances,
            ["grievances", id] => id.parse().map_or(Route::NotFound, Route::Grievance),
            ["track"] => Route::Track(String::new()),
            ["track", code] => Route::Track(decoded(code)),
            ["outbox"] => Route::Outbox,
            _ => Route::NotFound,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "/".to_owned(),
            Route::Programme(id) => format!("/programmes/{id}"),
            Route::SignIn => "/sign-in".to_owned(),
            Route::Join(code) if code.is_empty() => "/join".to_owned(),
            Route::Join(code) => format!("/join/{code}"),
            Route::Manage => "/manage".to_owned(),
            Route::Proposals => "/proposals".to_owned(),
            Route::NewProposal => "/proposals/new".to_owned(),
            Route::Proposal(id) => format!("/proposals/{id}"),
            Route::EditProposal(id) => format!("/proposals/{id}/edit"),
            Route::Votes => "/votes".to_owned(),
            Route::Assessment => "/assessment".to_owned(),
            Route::YearSetup => "/year".to_owned(),
            Route::Year(programme, year) => format!("/programmes/{programme}/years/{year}"),
            Route::Project(id) => format!("/projects/{id}"),
            Route::OpenData => "/open-data".to_owned(),
            Route::Monitoring => "/monitoring".to_owned(),
            Route::FileGrievance => "/grievances/new".to_owned(),
            Route::Track(code) if code.is_empty() => "/track".to_owned(),
            Route::Track(code) => format!("/track/{}", encoded(code)),
            Route::Grievances => "/grievances".to_owned(),
            Route::Grievance(id) => format!("/grievances/{id}"),
            Route::Outbox => "/outbox".to_owned(),
        }
    }
}

/// Text as one path segment: anything but letters, digits and `-._~` percent-escaped.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A path segment with its percent-escapes undone (an escape that is not one is kept as is).
fn decoded(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The link that a click landed on, if following it can stay inside the app.
fn internal_link(event: &ev::MouseEvent) -> Option<web_sys::HtmlAnchorElement> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let anchor = target
        .closest("a[href]")
        .ok()??
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    let same_origin = anchor.origin() == window().location().origin().ok()?;
    let opens_elsewhere = anchor.has_attribute("download") || !anchor.target().is_empty();
    let same_page_anchor = anchor.pathname() == current_path() && !anchor.hash().is_empty();
    (same_origin
        && !opens_elsewhere
        && !same_page_anchor
        && !anchor.pathname().starts_with("/api/"))
    .then_some(anchor)
}

/// Moves between pages; taken from the context while rendering, usable later (after a
/// request completes, say).
#[derive(Clone, Copy)]
pub struct Navigator(RwSignal<Route>);

impl Navigator {
    /// Goes to `route` as if a link to it was followed.
    pub fn go(self, route: &Route) {
        if let Ok(history) = window().history() {
            let _ =
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.href()));
        }
        self.0.set(route.clone());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// Goes to `route` in place of the current address (Back skips it).
    pub fn replace(self, route: &Route) {
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&route.href()),
            );
        }
        self.0.set(route.clone());
    }
}

pub fn use_navigator() -> Navigator {
    Navigator(use_context::<RwSignal<Route>>().unwrap_or_else(|| RwSignal::new(Route::Home)))
}

pub fn provide() -> RwSignal<Route> {
    let route = RwSignal::new(Route::parse(&current_path()));
    let _ = window_event_listener(ev::popstate, move |_| {
        route.set(Route::parse(&current_path()));
    });
    let _ = window_event_listener(ev::click, move |event| {
        let Some(anchor) = internal_link(&event) else {
            return;
        };
        event.prevent_default();
        let path = anchor.pathname();
        // The query and fragment stay in the address for the page to read (`?fix=`, say).
        let address = format!("{path}{}{}", anchor.search(), anchor.hash());
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
        }
        route.set(Route::parse(&path));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    provide_context(route);
    route
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_reads_back_from_its_address() {
        let programme = ProgrammeId::from_u128(0x6b65);
        let proposal = ProposalId::from_u128(0x7072);
        for route in [
            Route::Home,
            Route::Programme(programme),
            Route::SignIn,
            Route::Join(String::new()),
            Route::Join("ABCD-EFGH".to_owned()),
            Route::Manage,
            Route::Proposals,
            Route::NewProposal,
            Route::Proposal(proposal),
            Route::EditProposal(proposal),
            Route::Votes,
            Route::Assessment,
            Route::YearSetup,
            Route::Year(programme, 2026),
            Route::Project(ProjectId::from_u128(0x7072_6f6a)),
            Route::OpenData,
            Route::Monitoring,
            Route::FileGrievance,
            Route::Track(String::new()),
            Route::Track("KX7P-3M9Q-T2HV-C".to_owned()),
            Route::Track("kx7p 3m9q/т2".to_owned()),
            Route::Grievances,
            Route::Grievance(GrievanceId::from_u128(0x6772)),
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn a_malformed_or_unknown_address_is_not_found() {
        assert_eq!(Route::parse("/programmes/not-a-uuid"), Route::NotFound);
        assert_eq!(Route::parse("/proposals/not-a-uuid/edit"), Route::NotFound);
        assert_eq!(Route::parse("/no/such/page"), Route::NotFound);
        assert_eq!(Route::parse("//"), Route::Home);
    }
}
