//! A running `pressroom serve` or `pressroom watch`, for the live-preview
//! tests: spawn it on a site, read what it prints, ask it for pages, and
//! stop it with Ctrl-C (SIGINT) the way a user would.
//!
//! Every wait is bounded and polls (see [`eventually`]); nothing sleeps
//! for a fixed time hoping the server caught up.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a change may take to show: generous, because these machines
/// are shared, but bounded.
pub(crate) const WAIT: Duration = Duration::from_secs(10);
/// How long the first build may take before the server says where it is.
const START: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(100);

/// Polls `f` every 100 ms until it returns `Ok`, for at most [`WAIT`];
/// panics with `what` and the last `Err` (what was seen instead).
pub(crate) fn eventually<T>(what: &str, f: impl FnMut() -> Result<T, String>) -> T {
    eventually_within(WAIT, what, f)
}

pub(crate) fn eventually_within<T>(
    limit: Duration,
    what: &str,
    mut f: impl FnMut() -> Result<T, String>,
) -> T {
    let start = Instant::now();
    loop {
        match f() {
            Ok(v) => return v,
            Err(last) if start.elapsed() >= limit => {
                panic!("waited {limit:?} for {what}; last saw: {last}")
            }
            Err(_) => std::thread::sleep(POLL),
        }
    }
}

/// A `pressroom serve` or `pressroom watch` child process.
pub(crate) struct Running {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    /// The child's TMPDIR, so its preview folder is ours to inspect.
    tmp: tempfile::TempDir,
    /// `http://127.0.0.1:PORT/` for serve.
    url: String,
    /// Index in `lines` of the line announcing the server or watcher.
    started_at: usize,
    stopped: bool,
}

/// The line that `serve` prints once it listens, and `watch` once it watches.
const SERVING: &str = "Serving ";
const WATCHING: &str = "Watching ";

impl Running {
    /// `pressroom serve --port 0 --root ROOT ARGS`, once it says where it is.
    pub(crate) fn serve(root: &Path, args: &[&str]) -> Running {
        Running::serve_on(root, 0, args)
    }

    /// `pressroom serve --port PORT --root ROOT ARGS`.
    pub(crate) fn serve_on(root: &Path, port: u16, args: &[&str]) -> Running {
        let port = port.to_string();
        let mut all = vec!["serve", "--port", &port];
        all.extend_from_slice(args);
        let mut running = Running::spawn(root, &all, SERVING);
        let line = running.lines()[running.started_at].clone();
        // `Serving ROOT at http://127.0.0.1:PORT/ (press Ctrl-C to stop)`
        let url = line
            .rsplit_once(" at ")
            .and_then(|(_, rest)| rest.split_once(' '))
            .map(|(url, _)| url.to_string())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "unexpected URL in {line:?}"
        );
        running.url = url;
        running
    }

    /// `pressroom watch --root ROOT ARGS`, once it watches.
    pub(crate) fn watch(root: &Path, args: &[&str]) -> Running {
        let mut all = vec!["watch"];
        all.extend_from_slice(args);
        Running::spawn(root, &all, WATCHING)
    }

    fn spawn(root: &Path, args: &[&str], ready: &str) -> Running {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_pressroom"))
            .args(args)
            .arg("--root")
            .arg(root)
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push(line);
            }
        });
        let mut running = Running {
            child,
            lines,
            tmp,
            url: String::new(),
            started_at: 0,
            stopped: false,
        };
        running.started_at =
            eventually_within(START, &format!("`pressroom {}` to start", args.join(" ")), || {
                if let Ok(Some(status)) = running.child.try_wait() {
                    panic!(
                        "`pressroom {}` exited with {status} before starting:\n{}",
                        args.join(" "),
                        running.lines().join("\n")
                    );
                }
                let lines = running.lines();
                lines
                    .iter()
                    .position(|l| l.starts_with(ready))
                    .ok_or_else(|| format!("{lines:?}"))
            });
        running
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Every line printed to stderr so far.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// The one-line reports of rebuilds after the first build, in order
    /// (`WHAT: wrote N of M files in T ms`, or `WHAT: N problem(s); …`).
    pub(crate) fn rebuilds(&self) -> Vec<String> {
        self.lines()
            .into_iter()
            .skip(self.started_at + 1)
            .filter(|l| is_rebuild_line(l))
            .collect()
    }

    /// Waits until there are more than `seen` rebuild lines; returns them all.
    pub(crate) fn wait_for_rebuilds_after(&self, seen: usize) -> Vec<String> {
        eventually(&format!("a rebuild after the first {seen}"), || {
            let r = self.rebuilds();
            if r.len() > seen {
                Ok(r)
            } else {
                Err(format!("{:?}", self.lines()))
            }
        })
    }

    /// The server's address: `http://127.0.0.1:PORT/`.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn port(&self) -> u16 {
        self.url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap()
    }

    /// The child's temporary folder (its TMPDIR).
    pub(crate) fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// The private folder `serve` builds into and serves from.
    pub(crate) fn preview_dir(&self) -> PathBuf {
        self.tmp().join(format!("pressroom-serve-{}", self.pid()))
    }

    /// GETs `path` (starting with `/`) without following redirects.
    pub(crate) fn get(&self, path: &str) -> Response {
        get(&format!("{}{}", self.url.trim_end_matches('/'), path))
    }

    /// Waits until `path` answers 200 with a body for which `check` is Ok.
    pub(crate) fn wait_for_page(
        &self,
        path: &str,
        what: &str,
        check: impl Fn(&Response) -> Result<(), String>,
    ) -> Response {
        self.wait_for_page_within(WAIT, path, what, check)
    }

    /// [`Running::wait_for_page`] for at most `limit`.
    pub(crate) fn wait_for_page_within(
        &self,
        limit: Duration,
        path: &str,
        what: &str,
        check: impl Fn(&Response) -> Result<(), String>,
    ) -> Response {
        eventually_within(limit, &format!("{path} to show {what}"), || {
            let r = self.get(path);
            if r.status != 200 {
                return Err(format!("status {}", r.status));
            }
            check(&r).map(|()| r)
        })
    }

    /// Waits until `path` answers `status`.
    pub(crate) fn wait_for_status(&self, path: &str, status: u16) {
        eventually(&format!("{path} to answer {status}"), || {
            let r = self.get(path);
            if r.status == status {
                Ok(())
            } else {
                Err(format!("status {}", r.status))
            }
        })
    }

    /// Sends one request exactly as written (`GET TARGET HTTP/1.1`), so
    /// that no client library normalises the target.
    pub(crate) fn raw_get(&self, target: &str) -> RawResponse {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port())).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port()
        )
        .unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in the answer to {target}: {text:?}"));
        RawResponse { status, text }
    }

    /// Sends Ctrl-C (SIGINT) and waits for the process to exit; returns
    /// its status and how long it took to stop.
    /// Waits until the process has printed `line` on a line of its own.
    pub(crate) fn wait_for_line(&self, line: &str) {
        eventually(&format!("the line {line:?}"), || {
            let lines = self.lines();
            if lines.iter().any(|l| l == line) {
                Ok(())
            } else {
                Err(format!("{lines:?}"))
            }
        });
    }

    pub(crate) fn interrupt(&mut self) -> (ExitStatus, Duration) {
        self.stop_with("INT")
    }

    /// Sends SIGTERM (what `kill` and service managers send) and waits
    /// for the process to exit, like [`Running::interrupt`].
    pub(crate) fn terminate(&mut self) -> (ExitStatus, Duration) {
        self.stop_with("TERM")
    }

    fn stop_with(&mut self, name: &str) -> (ExitStatus, Duration) {
        let start = Instant::now();
        signal(self.pid(), name);
        // Polled finely: the time it took is what the caller checks.
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(start.elapsed() < WAIT, "still running {WAIT:?} after SIG{name}");
            std::thread::sleep(Duration::from_millis(10));
        };
        self.stopped = true;
        (status, start.elapsed())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.stopped && matches!(self.child.try_wait(), Ok(None)) {
            signal(self.pid(), "INT");
            let start = Instant::now();
            while matches!(self.child.try_wait(), Ok(None)) && start.elapsed() < Duration::from_secs(3) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!("--- what pressroom printed ---\n{}", self.lines().join("\n"));
        }
    }
}

/// Sends a signal to one process by its id (the shell's `kill`, since
/// this crate forbids `unsafe` and so direct calls to libc).
fn signal(pid: u32, name: &str) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -{name} {pid}"))
        .status()
        .unwrap();
    assert!(status.success(), "cannot send SIG{name} to {pid}");
}

/// What a rebuild line says changed (`content/x.md`, `content/x.md and 3
/// more files`), or None if `line` is not the one line a rebuild prints:
/// `WHAT: [rendered N, ]wrote N of M files[, removed N] in T ms`, or
/// `WHAT: N problem(s); the last good site …` (or `…; no site to serve
/// yet…` while no build has succeeded).
pub(crate) fn rebuild_what(line: &str) -> Option<&str> {
    static LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(.+?): (?:(?:\w+ \d+, )*wrote \d+ of \d+ files.* in \d+ ms|\d+ problem\(s\); (?:the last good site|no site to serve yet).*)$",
        )
        .unwrap()
    });
    LINE.captures(line).map(|c| c.get(1).unwrap().as_str())
}

fn is_rebuild_line(line: &str) -> bool {
    rebuild_what(line).is_some()
}

/// An HTTP answer, body read in full.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub body: String,
}

impl Response {
    pub(crate) fn page(&self) -> crate::support::Page {
        crate::support::Page(scraper::Html::parse_document(&self.body))
    }
}

/// A raw HTTP answer: status and the whole text, headers included.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub text: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(WAIT))
        .build()
        .into()
}

/// GETs `url` without following redirects.
pub(crate) fn get(url: &str) -> Response {
    try_get(url).unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

/// GETs `url` without following redirects; Err if nothing answers.
pub(crate) fn try_get(url: &str) -> Result<Response, String> {
    let mut response = agent().get(url).call().map_err(|e| e.to_string())?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let status = response.status().as_u16();
    let content_type = header("content-type").unwrap_or_default();
    let location = header("location");
    let bytes = response.body_mut().read_to_vec().map_err(|e| e.to_string())?;
    // The data folder's .gz files are read as the text they hold.
    let bytes = if url.ends_with(".gz") {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .map_err(|e| format!("gunzip: {e}"))?;
        text
    } else {
        bytes
    };
    let body = String::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    Ok(Response {
        status,
        content_type,
        location,
        body,
    })
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub kind: String,
    pub data: String,
}

/// A page's view of the live-reload channel: the events the server
/// pushes on `/__pressroom/events`, read on a thread as they come.
pub(crate) struct Events {
    rx: std::sync::mpsc::Receiver<Event>,
    seen: Vec<Event>,
}

impl Events {
    /// Connects and waits for the `hello` that says the server listens
    /// for this page, so no later event can be missed.
    pub(crate) fn connect(server: &Running) -> Events {
        let url = format!("{}__pressroom/events", server.url());
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .proxy(None)
            .timeout_connect(Some(WAIT))
            .build()
            .into();
        let response = agent
            .get(&url)
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{url} is not an event stream: {content_type}"
        );
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = BufReader::new(response.into_body().into_reader());
        std::thread::spawn(move || {
            let (mut kind, mut data) = (String::new(), Vec::<String>::new());
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if line.is_empty() {
                    if !kind.is_empty() || !data.is_empty() {
                        let event = Event {
                            kind: std::mem::take(&mut kind),
                            data: std::mem::take(&mut data).join("\n"),
                        };
                        if tx.send(event).is_err() {
                            break;
                        }
                    }
                } else if let Some(v) = line.strip_prefix("event:") {
                    kind = v.strip_prefix(' ').unwrap_or(v).to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                }
                // `:` comments (keep-alives), `id:` and `retry:` don't matter here.
            }
        });
        let mut events = Events { rx, seen: Vec::new() };
        events.next_within(WAIT, "hello");
        events
    }

    /// The next event, which must come within `limit` and be of `kind`.
    pub(crate) fn next_within(&mut self, limit: Duration, kind: &str) -> Event {
        let event = self.rx.recv_timeout(limit).unwrap_or_else(|e| {
            panic!(
                "no event within {limit:?} ({e}); expected `{kind}`, saw {:?}",
                self.seen
            )
        });
        self.seen.push(event.clone());
        assert_eq!(
            event.kind, kind,
            "expected a `{kind}` event, got {event:?}; before it: {:?}",
            self.seen
        );
        event
    }

    /// The next event, which must be of `kind`.
    pub(crate) fn next(&mut self, kind: &str) -> Event {
        self.next_within(WAIT, kind)
    }

    /// The next event, whatever its kind.
    pub(crate) fn next_any(&mut self) -> Event {
        let event = self
            .rx
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no event within {WAIT:?} ({e}); saw {:?}", self.seen));
        self.seen.push(event.clone());
        event
    }

    /// Events that arrived without waiting.
    pub(crate) fn pending(&mut self) -> Vec<Event> {
        let events: Vec<Event> = self.rx.try_iter().collect();
        self.seen.extend(events.iter().cloned());
        events
    }
}
