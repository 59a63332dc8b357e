//! The first view of a public proposal or project: the app's page (index.html) with the record's
//! title and what it is about written into it, so that a reader who opens a shared link on a weak
//! signal reads them as soon as the page arrives, seconds before the app's code has. Until the
//! app has drawn the page itself, the first view stands alone (public/styles.css); then the app
//! removes it in the same frame (app/src/start.rs, `first_view_done`), so nothing moves.
//!
//! Only what anyone may read is written here: a record the public cannot see, an unknown one or
//! the address of another page gets the app's page unchanged, and the app says what it says.

use crate::db::{self, Db};
use crate::http;
use crate::records::{project_id, proposal_id};
use shared::api::ApiError;
use worker::{Env, Method, Request, Response};

/// What the first view shows: the page's heading, the line under it, and a paragraph.
#[derive(Debug, PartialEq)]
struct FirstView {
    title: String,
    meta: String,
    about: Option<String>,
}

/// The page at `req`'s address, with its first view where it has one.
pub async fn page(req: &Request, env: &Env) -> Response {
    let (Ok(url), Ok(assets)) = (req.url(), env.assets("ASSETS")) else {
        return http::error(&ApiError::Unavailable);
    };
    // Asked for afresh, without the browser's If-None-Match: what is sent is not the stored file.
    let Ok(mut shell) = assets.fetch(url.to_string(), None).await else {
        return http::error(&ApiError::Unavailable);
    };
    if shell.status_code() != 200 || req.method() != Method::Get {
        return shell;
    }
    let Some(view) = first_view(url.path(), env).await else {
        return shell;
    };
    let Ok(html) = shell.text().await else {
        return http::error(&ApiError::Unavailable);
    };
    let html = with_first_view(&html, &view).unwrap_or(html);
    let Ok(response) = Response::from_html(html) else {
        return http::error(&ApiError::Unavailable);
    };
    // The page's own headers, its Content-Security-Policy above all, for the new body.
    let headers = response.headers();
    for (name, value) in shell.headers().entries() {
        if !matches!(name.as_str(), "etag" | "content-length" | "content-type") {
            let _ = headers.set(&name, &value);
        }
    }
    let _ = headers.set("cache-control", "no-cache");
    response
}

/// The first view of the public record at `path`, if it is one.
async fn first_view(path: &str, env: &Env) -> Option<FirstView> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let (kind, id) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let db = Db::from_env(env).ok()?;
    match kind {
        "proposals" => {
            let stored = db::proposals::load(&db, proposal_id(id).ok()?)
                .await
                .ok()??;
            let content = &stored.proposal.content;
            stored.proposal.visible_to(None).then(|| FirstView {
                title: content.title.to_string(),
                meta: stored.council_name.to_string(),
                about: Some(content.description.to_string()),
            })
        }
        "projects" => {
            let stored = db::projects::load(&db, project_id(id).ok()?).await.ok()??;
            Some(FirstView {
                title: stored.project.title.to_string(),
                meta: format!("{} · {}", stored.council_name, stored.programme_name),
                about: None,
            })
        }
        _ => None,
    }
}

/// `shell` with `view` first in its body, marked so that it stands alone until the app takes
/// over; `None` if the page is not the app's (it has no plain `<body>`).
fn with_first_view(shell: &str, view: &FirstView) -> Option<String> {
    let (head, body) = shell.split_once("<body>")?;
    let mut html = String::with_capacity(shell.len() + 1024);
    html.push_str(head);
    html.push_str(concat!(
        r#"<body class="first-view"><div id="first-view">"#,
        r#"<header class="top"><a class="brand" href="/"><span class="brand-name">Kenes</span></a></header>"#,
        r#"<div class="first-page"><section class="page"><h1>"#
    ));
    html.push_str(&escaped(&view.title));
    html.push_str(r#"</h1><p class="meta">"#);
    html.push_str(&escaped(&view.meta));
    html.push_str("</p>");
    if let Some(about) = &view.about {
        html.push_str(r#"<p class="description">"#);
        html.push_str(&escaped(about));
        html.push_str("</p>");
    }
    html.push_str("</section></div></div>");
    html.push_str(body);
    Some(html)
}

/// Text as HTML shows it, whatever it holds.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!doctype html><html><head><title>Kenes</title></head><body>\n<p id=\"no-texts\" hidden>…</p></body></html>";

    fn view(title: &str) -> FirstView {
        FirstView {
            title: title.to_owned(),
            meta: "Balkhash · Torangy-2023".to_owned(),
            about: Some("A new well & pump for the school".to_owned()),
        }
    }

    #[test]
    fn the_first_view_opens_the_body_and_keeps_the_rest_of_the_page() {
        let html = with_first_view(SHELL, &view("Clean water")).unwrap();
        assert!(html.starts_with(
            r#"<!doctype html><html><head><title>Kenes</title></head><body class="first-view"><div id="first-view"><header"#
        ));
        assert!(html.contains(
            r#"<section class="page"><h1>Clean water</h1><p class="meta">Balkhash · Torangy-2023</p><p class="description">A new well &amp; pump for the school</p></section></div></div>"#
        ));
        assert!(html.ends_with("\n<p id=\"no-texts\" hidden>…</p></body></html>"));
    }

    #[test]
    fn what_people_wrote_cannot_become_markup() {
        let html = with_first_view(SHELL, &view("<script>alert('x')</script> \"quoted\"")).unwrap();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot;"));
    }

    #[test]
    fn a_project_has_no_paragraph_and_a_page_without_a_plain_body_is_left_alone() {
        let project = FirstView {
            about: None,
            ..view("Road repair")
        };
        let html = with_first_view(SHELL, &project).unwrap();
        assert!(html.contains(
            "<h1>Road repair</h1><p class=\"meta\">Balkhash · Torangy-2023</p></section>"
        ));
        assert_eq!(
            with_first_view("<html><body class=\"x\"></body></html>", &project),
            None
        );
    }
}
