//! Serve: the archive in, a live preview on a loopback HTTP server out.
//!
//! `serve` = watch + HTTP + live reload + an error overlay. The site is
//! built (with base_url pointing at this server, so links stay local) into a
//! private temporary folder — never into the output folder, which keeps the
//! production build — and served from there by tower-http's `ServeDir`
//! (content types, `index.html` for folders, `/x` → `/x/` redirects, no
//! path traversal) with 404.html for misses. HTML responses get a small
//! script that listens on Server-Sent Events (`/__pressroom/events`):
//! `reload` after a rebuild, `css` when only stylesheets changed, `errors`
//! with the build's diagnostics (shown as an overlay, the last good site
//! still served) and `ok` when they are fixed. EventSource reconnects by
//! itself; a `hello` with a new generation makes the page reload after the
//! server restarts.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};

use crate::diag::Diagnostics;

/// What the browser is told.
#[derive(Debug, Clone)]
pub enum Message {
    Reload,
    Css,
    Errors(String),
    Ok,
}

/// The state shared by the rebuild loop and the HTTP handlers.
pub struct Live {
    tx: broadcast::Sender<Message>,
    errors: RwLock<Option<String>>,
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
            generation: format!("{}-{nanos}", std::process::id()),
        })
    }

    /// Tells every page the outcome of a rebuild.
    pub fn publish(&self, outcome: Result<(usize, bool), &Diagnostics>) {
        let had_errors = self.errors.read().map(|e| e.is_some()).unwrap_or(false);
        let message = match outcome {
            Ok((written, css_only)) => {
                if let Ok(mut e) = self.errors.write() {
                    *e = None;
                }
                match (written, css_only) {
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
}

const CLIENT_JS: &str = include_str!("serve/live.js");
const SCRIPT_TAG: &str = "<script src=\"/__pressroom/live.js\"></script>";

/// The HTTP app serving `dir`.
pub fn app(dir: PathBuf, live: Arc<Live>) -> Router {
    let files = ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("404.html")));
    let events_live = live.clone();
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
        .layer(axum::middleware::map_response(inject_script))
        .layer(axum::middleware::map_request(local_target))
}

async fn events(live: Arc<Live>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.tx.subscribe();
    let mut first = vec![Event::default().event("hello").data(live.generation.clone())];
    if let Some(errors) = live.errors.read().ok().and_then(|e| e.clone()) {
        first.push(Event::default().event("errors").data(errors));
    }
    let initial = stream::iter(first.into_iter().map(Ok));
    let updates = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(message) => {
                    let event = match message {
                        Message::Reload => Event::default().event("reload").data("reload"),
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

/// Adds the live-reload script to HTML pages (served pages only: the
/// files on disk never contain it) and turns off caching.
async fn inject_script(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let is_html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "cannot read page").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let html = match html.rfind("</body>") {
        Some(i) => format!("{}{SCRIPT_TAG}\n{}", &html[..i], &html[i..]),
        None => format!("{html}{SCRIPT_TAG}\n"),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    Response::from_parts(parts, Body::from(html))
}

/// Runs the server on `listener` until `stop` is set.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: Arc<AtomicBool>,
) -> std::io::Result<()> {
    let stopped = async move {
        while !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    // Long-lived event streams would hold a graceful shutdown open: stop
    // at once instead (nothing is written while serving a file).
    tokio::select! {
        result = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()) => result,
        () = stopped => Ok(()),
    }
}
