//! Serve: the archive in, a live preview on a loopback HTTP server out.
//!
//! `serve` = watch + HTTP + live reload + an error overlay. The site is
//! built (with base_url pointing at this server, so links stay local) into a
//! private temporary folder — never into the output folder, which keeps the
//! production build — and served from there by tower-http's `ServeDir`
//! (content types, `index.html` for folders, `/x` → `/x/` redirects, no
//! path traversal, byte ranges) with 404.html for misses. HTML responses
//! get a small script that listens on Server-Sent Events
//! (`/__pressroom/events`): `reload` after a rebuild, `moved` instead when
//! the rebuild gave statements new URLs (a JSON object from each old URL
//! path to the new one: a page open at an old one goes to the new one, the
//! others reload), `css` when only stylesheets changed, `errors` with the build's diagnostics (shown as an
//! overlay, the last good site still served) and `ok` when they are fixed.
//! EventSource reconnects by itself; a `hello` with a new generation makes
//! the page reload after the server restarts.
//!
//! pages.rs keeps the answers true to what is sent (HEAD, ranges) and
//! stands in for a site that never built; listen.rs drives the connections.

mod listen;
mod pages;

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::http::header;
use axum::middleware;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};

pub use listen::{HEADER_TIMEOUT, run};

use crate::diag::Diagnostics;

/// What the browser is told.
#[derive(Debug, Clone)]
pub enum Message {
    Reload,
    /// A reload, after which the pages at these URL paths (keys) are at
    /// others (values): a JSON object.
    Moved(String),
    Css,
    Errors(String),
    Ok,
}

/// Statements that a rebuild moved: (old URL path, new URL path).
pub type Moves = [(String, String)];

/// The state shared by the rebuild loop and the HTTP handlers.
pub struct Live {
    tx: broadcast::Sender<Message>,
    errors: RwLock<Option<String>>,
    /// Whether a build has succeeded, so that there is a site to serve.
    built: AtomicBool,
    /// Changes every time the server starts, so that pages reload after a
    /// restart.
    generation: String,
}

impl Live {
    pub fn new() -> Arc<Live> {
        let (tx, _) = broadcast::channel(64);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        Arc::new(Live {
            tx,
            errors: RwLock::new(None),
            built: AtomicBool::new(false),
            generation: format!("{}-{nanos}", std::process::id()),
        })
    }

    /// Tells every page the outcome of a rebuild: files written, whether
    /// they were stylesheets alone, and the statements that moved (old
    /// URL path, new URL path); or the errors.
    pub fn publish(&self, outcome: Result<(usize, bool, &Moves), &Diagnostics>) {
        let had_errors = self.errors.read().map(|e| e.is_some()).unwrap_or(false);
        let message = match outcome {
            Ok((written, css_only, moved)) => {
                self.built.store(true, Ordering::SeqCst);
                if let Ok(mut e) = self.errors.write() {
                    *e = None;
                }
                match (written, css_only) {
                    _ if !moved.is_empty() => {
                        let map: serde_json::Map<String, serde_json::Value> = moved
                            .iter()
                            .map(|(old, new)| (old.clone(), serde_json::Value::String(new.clone())))
                            .collect();
                        Message::Moved(serde_json::Value::Object(map).to_string())
                    }
                    (0, _) if had_errors => Message::Ok,
                    (0, _) => return,
                    (_, true) if !had_errors => Message::Css,
                    _ => Message::Reload,
                }
            }
            Err(diags) => {
                let text = diags.to_string();
                if let Ok(mut e) = self.errors.write() {
                    *e = Some(text.clone());
                }
                Message::Errors(text)
            }
        };
        let _ = self.tx.send(message);
    }

    /// Whether a build has succeeded: until then there is no site, only errors.
    pub fn has_site(&self) -> bool {
        self.built.load(Ordering::SeqCst)
    }

    /// The diagnostics of the last build, if it failed.
    pub fn errors(&self) -> Option<String> {
        self.errors.read().ok().and_then(|e| e.clone())
    }
}

const CLIENT_JS: &str = include_str!("serve/live.js");

/// The HTTP app serving `dir`.
pub fn app(dir: PathBuf, live: Arc<Live>) -> Router {
    let files = ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("404.html")));
    let events_live = live.clone();
    // The last layer added runs first.
    Router::new()
        .route("/__pressroom/events", get(move || events(events_live.clone())))
        .route(
            "/__pressroom/live.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    CLIENT_JS,
                )
            }),
        )
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(live, pages::unbuilt))
        .layer(middleware::map_response(pages::inject_script))
        .layer(middleware::from_fn(pages::whole_pages))
        .layer(middleware::from_fn(pages::head_as_get))
        .layer(middleware::map_request(local_target))
}

async fn events(live: Arc<Live>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.tx.subscribe();
    let mut first = vec![Event::default().event("hello").data(live.generation.clone())];
    if let Some(errors) = live.errors() {
        first.push(Event::default().event("errors").data(errors));
    }
    let initial = stream::iter(first.into_iter().map(Ok));
    let updates = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(message) => {
                    let event = match message {
                        Message::Reload => Event::default().event("reload").data("reload"),
                        Message::Moved(map) => Event::default().event("moved").data(map),
                        Message::Css => Event::default().event("css").data("css"),
                        Message::Errors(text) => Event::default().event("errors").data(text),
                        Message::Ok => Event::default().event("ok").data("ok"),
                    };
                    return Some((Ok(event), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(futures_util::StreamExt::chain(initial, updates)).keep_alive(KeepAlive::default())
}

/// Keeps only the path and query of a request target, with one leading
/// slash: `ServeDir` builds its `/x` → `/x/` redirect from the target, and
/// `//host/x` or `http://host/x` must not redirect to another host.
async fn local_target(mut request: axum::extract::Request) -> axum::extract::Request {
    let uri = request.uri();
    let path = format!("/{}", uri.path().trim_start_matches('/'));
    let target = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };
    if let Ok(local) = target.parse() {
        *request.uri_mut() = local;
    }
    request
}
