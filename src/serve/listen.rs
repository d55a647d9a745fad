//! Serve's connections: accepted on the listener and driven by hyper's
//! HTTP/1 server, until the stop flag is set.
//!
//! Two things `axum::serve` does not let us choose are set here: every
//! connection has TCP_NODELAY, and a client that does not finish its
//! request headers within [`HEADER_TIMEOUT`] is closed (which also closes
//! kept-alive connections left idle that long). A response being
//! streamed, such as the live-reload event stream, is not a request being
//! read, so it stays open.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a client may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until `stop` is set.
pub async fn run(listener: TcpListener, app: Router, stop: Arc<AtomicBool>) {
    let stopped = async move {
        while !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    // Long-lived event streams would hold a graceful shutdown open: stop
    // at once instead (nothing is written while serving a file).
    tokio::select! {
        () = accept(listener, app) => {}
        () = stopped => {}
    }
}

async fn accept(listener: TcpListener, app: Router) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // Out of file descriptors, most likely: wait for some to close.
                eprintln!("warning: cannot accept a connection: {e}; retrying in a second");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // A response goes out in several writes (head, then body chunks).
        // With Nagle's algorithm the last one waits for the client's
        // delayed ACK: ~40 ms per response on a kept-alive connection.
        let _ = stream.set_nodelay(true);
        let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        // A connection that fails (a timeout, a reset) concerns that client only.
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
}

/// Errors of one connection that went away before it was accepted.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}
