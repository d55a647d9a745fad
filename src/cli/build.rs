//! `pressroom build`: the archive in, the output folder out.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::build::{self, BuildOptions, Progress};
use crate::cli::{Failure, SiteArgs};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    site: SiteArgs,
    /// Use this base URL instead of site.toml's base_url
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Build everything anew, into a new folder, without reading the build cache (the record of what it wrote is kept)
    #[arg(long)]
    no_cache: bool,
    /// Fail (exit 1, write nothing) when there are warnings
    #[arg(long)]
    strict: bool,
    /// Check every file the last build wrote (size and time) and write again those edited or removed; without it, a build trusts its record of the output folder
    #[arg(long)]
    mend: bool,
}

pub(super) fn run(args: Args) -> Result<(), Failure> {
    let options = BuildOptions {
        use_cache: !args.no_cache,
        strict: args.strict,
        mend: args.mend,
        keep_record: true,
        progress: Some(Arc::new(Progress::default())),
        ..args.site.options(args.base_url)
    };
    eprintln!("Building {}", options.root.display());
    let shown = options.progress.clone().map(show_progress);
    let report = build::build(&options);
    if let Some(shown) = shown {
        shown.finish();
    }
    let report = report.inspect_err(|_| {
        // A commit that stopped part way (a full disk while moving files
        // in) leaves its journal: the folder is part old, part new.
        let moving = build::load_config(&options)
            .ok()
            .map(|config| crate::output::commit::Beside::new(&crate::output::guard::resolve(&config.output_dir)).journal)
            .filter(|journal| journal.exists());
        match moving {
            Some(_) => eprintln!(
                "The build stopped while moving its files into the output folder, which is part old, part new until the next pressroom run into it finishes the move."
            ),
            None => eprintln!("The build stopped: the output folder was left as it was."),
        }
    })?;
    crate::cli::print_warnings(&report.warnings);
    if report.up_to_date {
        eprintln!(
            "Nothing changed since the last build: {} is up to date ({} files; --no-cache builds anyway)",
            report.output_dir.display(),
            report.files
        );
        return Ok(());
    }
    let changed = if report.written < report.files {
        format!(" ({} changed, the others already there)", report.written)
    } else {
        String::new()
    };
    eprintln!(
        "Built {} statements into {} files{changed} in {} in {:.2?}",
        report.statements,
        report.files,
        report.output_dir.display(),
        report.elapsed
    );
    if let Ok(config) = build::load_config(&options)
        && let Some(note) = base_path_note(&config.base_url)
    {
        eprintln!("{note}");
    }
    Ok(())
}

/// A note for a base_url with a path: the site works only when served at
/// that path, which a server started in the output folder is not.
fn base_path_note(base: &crate::config::BaseUrl) -> Option<String> {
    (base.path != "/").then(|| {
        format!(
            "note: base_url has the path {path}, so every link starts with {path}: a server started in the output folder (python3 -m http.server) shows the site unstyled and its links broken. Preview with `pressroom serve`, or build with --base-url http://localhost:8000/ for such a server (README: Previewing public/ with another server)",
            path = base.path
        )
    })
}

/// Shows a build's progress on stderr while it runs: a bar on a terminal,
/// a plain line every few seconds otherwise (only for long builds).
struct Shown {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Shown {
    fn finish(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn show_progress(progress: Arc<Progress>) -> Shown {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let thread = std::thread::spawn(move || {
        let terminal = std::io::stderr().is_terminal();
        let started = Instant::now();
        let mut last_line = Instant::now();
        let mut bar: Option<indicatif::ProgressBar> = None;
        while !flag.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(100));
            let (done, total) = (
                progress.done.load(Ordering::Relaxed),
                progress.total.load(Ordering::Relaxed),
            );
            if total == 0 || started.elapsed() < Duration::from_millis(500) {
                continue;
            }
            if terminal {
                let bar = bar.get_or_insert_with(|| {
                    let b = indicatif::ProgressBar::new(total as u64);
                    b.set_style(
                        indicatif::ProgressStyle::with_template(
                            "  rendering {bar:40} {pos}/{len} files ({eta} left)",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    b
                });
                bar.set_position(done as u64);
            } else if done > 0 && last_line.elapsed() >= Duration::from_secs(5) {
                eprintln!("  rendered {done} of {total} files");
                last_line = Instant::now();
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    });
    Shown {
        stop,
        thread: Some(thread),
    }
}
