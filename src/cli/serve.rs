//! `pressroom serve`: a live preview on a local web server.

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::build::{self, BuildOptions};
use crate::cli::watch::stop_on_ctrl_c;
use crate::cli::{Failure, RootArg};
use crate::serve;
use crate::watch::{DevBuild, Inputs};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    root: RootArg,
    /// The address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// The port to listen on (0: any free port, printed)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in a browser
    #[arg(long)]
    open: bool,
    /// Include statements marked `draft = true`
    #[arg(long)]
    drafts: bool,
    /// Poll for changes instead of using file system events
    #[arg(long)]
    poll: bool,
}

/// Removes the preview folder when serve ends, however it ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) fn run(args: Args) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot start the server: {e}")))?;
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Failure::Runtime(format!(
                "{addr} is already in use; stop the other server, or pass --port N (--port 0 picks any free port)"
            ))
        } else {
            Failure::Runtime(format!("cannot listen on {addr}: {e}"))
        }
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::Runtime(format!("cannot listen on {addr}: {e}")))?;
    let url = format!("http://{local}/");
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: serving on {local}, which other machines may reach; the preview is meant for this machine"
        );
    }

    let options = BuildOptions {
        root: args.root.root,
        output: None,
        base_url: Some(url.clone()),
        drafts: args.drafts,
        use_cache: false,
        progress: None,
        force: false,
        strict: false,
        mend: false,
        keep_record: false,
    };
    let config = build::load_config(&options)?;
    let preview = TempDir(std::env::temp_dir().join(format!("pressroom-serve-{}", std::process::id())));
    let mut inputs = Inputs::watch(
        &options.root,
        vec![config.output_dir.clone(), preview.0.clone()],
        args.poll,
    )?;
    let mut dev = DevBuild::new(
        BuildOptions {
            output: Some(preview.0.clone()),
            ..options
        },
        preview.0.clone(),
    );

    let live = serve::Live::new();
    let mut warnings = Vec::new();
    publish(&live, &mut dev, None, "first build", &mut warnings);
    eprintln!(
        "Serving {} at {url} (press Ctrl-C to stop)",
        inputs.root().display()
    );
    if args.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    }

    let stop = stop_on_ctrl_c()?;
    let rebuild_live = live.clone();
    let rebuild_stop = stop.clone();
    let rebuilder = std::thread::spawn(move || {
        while !rebuild_stop.load(Ordering::SeqCst) {
            match inputs.next_batch(Duration::from_millis(100)) {
                Ok(Some(batch)) => publish(
                    &rebuild_live,
                    &mut dev,
                    batch.changes(),
                    &batch.describe(inputs.root()),
                    &mut warnings,
                ),
                Ok(None) => {}
                Err(_) => break,
            }
        }
    });
    let app = serve::app(preview.0.clone(), live);
    runtime.block_on(serve::run(listener, app, stop.clone()));
    stop.store(true, Ordering::SeqCst);
    let _ = rebuilder.join();
    eprintln!("Stopped.");
    Ok(())
}

fn publish(
    live: &serve::Live,
    dev: &mut DevBuild,
    changed: Option<&BTreeSet<PathBuf>>,
    what: &str,
    last_warnings: &mut Vec<crate::diag::Diagnostic>,
) {
    match dev.rebuild(changed) {
        Ok(r) => {
            crate::cli::watch::print_new_warnings(&r.warnings, last_warnings);
            eprintln!("{what}: {}", r.line());
            for (old, new) in &r.moved {
                eprintln!("  moved: {old} is now {new} (open pages follow)");
            }
            live.publish(Ok((r.sync.written + r.sync.removed, r.sync.css_only, &r.moved)));
        }
        Err(diags) => {
            eprint!("{diags}");
            let served = if live.has_site() {
                "the last good site is still served"
            } else {
                "no site to serve yet: every page shows these errors until they are fixed"
            };
            eprintln!("{what}: {} problem(s); {served}", diags.len());
            live.publish(Err(&diags));
        }
    }
}
