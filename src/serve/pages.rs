//! What serve changes in its answers, and how it keeps HTTP honest about it.
//!
//! Pages (HTML) get the live-reload script, so they are not the bytes on
//! disk: their length, ETag and byte ranges are not the file's. Hence a
//! HEAD request is answered as a GET without its body (the same headers,
//! Content-Length included), and a Range request for a page is answered
//! with the whole page (200, no `Accept-Ranges`), while files served
//! unchanged keep answering ranges. Until a build has succeeded there is
//! no site: every request outside `/__pressroom/` gets a page of the
//! errors instead, which reloads into the site once they are fixed.

use std::sync::Arc;

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Live;

/// Where serve's own files live; the site never has this folder.
pub(super) const OWN_PREFIX: &str = "/__pressroom/";
const SCRIPT_TAG: &str = "<script src=\"/__pressroom/live.js\"></script>";
/// Pages are read whole to add the script; none is anywhere near this.
const MAX_PAGE: usize = 64 * 1024 * 1024;

/// Answers HEAD with exactly the headers GET would, and no body.
pub(super) async fn head_as_get(mut request: Request, next: Next) -> Response {
    if request.method() != Method::HEAD {
        return next.run(request).await;
    }
    *request.method_mut() = Method::GET;
    let (mut parts, body) = next.run(request).await.into_parts();
    if !parts.headers.contains_key(header::CONTENT_LENGTH)
        && let Some(length) = body.size_hint().exact()
    {
        parts.headers.insert(header::CONTENT_LENGTH, length.into());
    }
    Response::from_parts(parts, Body::empty())
}

/// Serves a Range request for a page as a request for all of it (the
/// ranges of the file on disk are not the ranges of the page served);
/// other files answer the range themselves.
pub(super) async fn whole_pages(request: Request, next: Next) -> Response {
    if !request.headers().contains_key(header::RANGE) {
        return next.run(request).await;
    }
    // Whether the answer is a page is known only once it is made, so the
    // request is first made without its range (GET and HEAD have no body
    // to lose by this).
    let (parts, body) = request.into_parts();
    let mut plain = parts.clone();
    plain.headers.remove(header::RANGE);
    plain.headers.remove(header::IF_RANGE);
    let whole = next.clone().run(Request::from_parts(plain, Body::empty())).await;
    if is_html(&whole) {
        return whole;
    }
    next.run(Request::from_parts(parts, body)).await
}

/// Adds the live-reload script to HTML pages (served pages only: the
/// files on disk never contain it) and turns off caching.
pub(super) async fn inject_script(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if !is_html_type(parts.headers.get(header::CONTENT_TYPE)) {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read page").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let html = match html.rfind("</body>") {
        Some(i) => format!("{}{SCRIPT_TAG}\n{}", &html[..i], &html[i..]),
        None => format!("{html}{SCRIPT_TAG}\n"),
    };
    // Hyper counts the new length; what described the file does not hold.
    for name in [
        header::CONTENT_LENGTH,
        header::ETAG,
        header::LAST_MODIFIED,
        header::ACCEPT_RANGES,
    ] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::from(html))
}

/// While no build has succeeded, answers every request for the site with
/// the page of the errors.
pub(super) async fn unbuilt(State(live): State<Arc<Live>>, request: Request, next: Next) -> Response {
    if live.has_site() || request.uri().path().starts_with(OWN_PREFIX) {
        return next.run(request).await;
    }
    let errors = live.errors().unwrap_or_default();
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        errors_page(&errors),
    )
        .into_response()
}

/// The page that stands in for a site that was never built. live.js
/// keeps `#pressroom-errors` up to date and reloads on the fix.
fn errors_page(errors: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>pressroom: the site has problems</title>\n\
         <style>body{{margin:2rem;font:16px/1.5 system-ui,sans-serif;color:#2b0b0b}}\
         pre{{background:#2b0b0b;color:#ffe9e9;padding:1rem 1.25rem;white-space:pre-wrap;\
         border-top:4px solid #ff5c5c;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace}}</style>\n\
         </head>\n<body>\n<h1>The site cannot be built yet</h1>\n\
         <p>pressroom found these problems in the archive. Fix them and this page \
         becomes the site by itself.</p>\n<pre id=\"pressroom-errors\">{}</pre>\n</body>\n</html>\n",
        escape(errors)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn is_html(response: &Response) -> bool {
    is_html_type(response.headers().get(header::CONTENT_TYPE))
}

fn is_html_type(content_type: Option<&HeaderValue>) -> bool {
    content_type
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
