//! `pressroom watch`: rebuild into the output folder whenever an input changes.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::build;
use crate::cli::{Failure, SiteArgs};
use crate::diag::Diagnostic;
use crate::watch::{DevBuild, Inputs};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Poll for changes instead of using file system events (network and
    /// container file systems)
    #[arg(long)]
    poll: bool,
}

pub(super) fn run(args: Args) -> Result<(), Failure> {
    let options = args.site.options(None);
    let config = build::load_config(&options)?;
    let out_dir = build::output_dir(&options, &config)?;
    let ignored = vec![config.output_dir.clone(), out_dir.clone()];
    let mut inputs = Inputs::watch(&options.root, ignored, args.poll)?;
    let mut dev = DevBuild::new(options, out_dir);
    let mut warnings = Vec::new();
    report(&mut dev, None, "first build", &mut warnings);
    eprintln!(
        "Watching {} for changes; press Ctrl-C to stop",
        inputs.root().display()
    );

    let stop = stop_on_ctrl_c()?;
    while !stop.load(Ordering::SeqCst) {
        match inputs.next_batch(Duration::from_millis(200)) {
            Ok(Some(batch)) => report(
                &mut dev,
                batch.changes(),
                &batch.describe(inputs.root()),
                &mut warnings,
            ),
            Ok(None) => {}
            Err(_) => return Err(Failure::Runtime("the file watcher stopped".into())),
        }
    }
    dev.save_record();
    eprintln!("Stopped.");
    Ok(())
}

/// Rebuilds and prints one line (or the errors), after the warnings when
/// they changed since `last_warnings`.
fn report(
    dev: &mut DevBuild,
    changed: Option<&BTreeSet<PathBuf>>,
    what: &str,
    last_warnings: &mut Vec<Diagnostic>,
) {
    match dev.rebuild(changed) {
        Ok(r) => {
            print_new_warnings(&r.warnings, last_warnings);
            eprintln!("{what}: {}", r.line());
        }
        Err(diags) => {
            eprint!("{diags}");
            eprintln!("{what}: {} problem(s); the last good site is kept", diags.len());
        }
    }
}

/// Prints a rebuild's warnings when they are not those printed last (the
/// first build's, then each change to them), and remembers them.
pub(super) fn print_new_warnings(warnings: &[Diagnostic], last: &mut Vec<Diagnostic>) {
    if warnings != last.as_slice() {
        crate::cli::print_warnings(warnings);
        if warnings.is_empty() && !last.is_empty() {
            eprintln!("no warnings any more");
        }
        *last = warnings.to_vec();
    }
}

/// A flag that Ctrl-C (SIGINT) or SIGTERM sets. Both are caught from
/// the moment this returns, so neither kills the process half-way through
/// its cleanup.
pub(super) fn stop_on_ctrl_c() -> Result<Arc<AtomicBool>, Failure> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let cannot = |e: std::io::Error| Failure::Runtime(format!("cannot listen for Ctrl-C: {e}"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(cannot)?;
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        let _in_runtime = runtime.enter();
        (
            signal(SignalKind::interrupt()).map_err(cannot)?,
            signal(SignalKind::terminate()).map_err(cannot)?,
        )
    };
    std::thread::spawn(move || {
        runtime.block_on(async {
            #[cfg(unix)]
            {
                let (mut interrupt, mut terminate) = signals;
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            }
            #[cfg(not(unix))]
            let _ = tokio::signal::ctrl_c().await;
        });
        flag.store(true, Ordering::SeqCst);
    });
    Ok(stop)
}
