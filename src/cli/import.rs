//! `pressroom import SOURCE… --into DIR [--report FILE.csv]`: text and HTML
//! exports in, one statement file per export out; the report on stderr
//! (and, with `--report`, one CSV row per export). Exit 1 when an export
//! was skipped.

use std::path::{Path, PathBuf};

use crate::cli::{Failure, RootArg};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::import::{self, Options, Rules};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// Export files or folders of them (.txt, .html)
    #[arg(required = true, value_name = "SOURCE")]
    sources: Vec<PathBuf>,
    /// The folder to write statements into, as YYYY/<slug>.md (e.g. content/)
    #[arg(long, value_name = "DIR")]
    into: PathBuf,
    /// Show what would be written; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Replace existing statement files that differ
    #[arg(long)]
    force: bool,
    /// Also write the report as CSV, one row per export (source, result, reason, file, action, fields)
    #[arg(long, value_name = "FILE.csv")]
    report: Option<PathBuf>,
    #[command(flatten)]
    root: RootArg,
}

/// The site's kinds, drop patterns, permalink and time zone: site.toml's
/// when the root has one, else the defaults.
fn rules(root: &Path) -> Result<Rules, Failure> {
    let path = root.join("site.toml");
    if !path.is_file() {
        return Ok(Rules::defaults());
    }
    let config = Config::load(root)?;
    Rules::for_site(&config).map_err(|(pattern, message)| {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let quoted = toml::Value::String(pattern.clone()).to_string();
        let diagnostic = match text.find(&quoted) {
            Some(offset) => Diagnostic::at_offset(&path, &text, offset, String::new()),
            None => Diagnostic::file(&path, String::new()),
        };
        Failure::from(Diagnostic {
            message: format!(
                "`[import] drop` pattern {quoted} is not a regular expression: {}",
                message.lines().last().unwrap_or_default().trim().trim_start_matches("error: ")
            ),
            hint: Some(
                "patterns are regular expressions matched against each paragraph, e.g. \"^PRN: \"; escape . ( [ * + ? with a backslash for the character itself".into(),
            ),
            ..diagnostic
        })
    })
}

/// Runs the import; `Ok` holds the exit status (1 when something was skipped).
pub(super) fn run(args: Args) -> Result<u8, Failure> {
    let rules = rules(&args.root.root)?;
    // The archive's other statements keep their URLs too.
    let content = Some(args.root.root.join("content")).filter(|c| c.is_dir() && *c != args.into);
    let options = Options {
        sources: args.sources,
        into: args.into,
        content,
        dry_run: args.dry_run,
        force: args.force,
    };
    let report = import::import(&options, &rules).map_err(Failure::Usage)?;
    if let Some(csv) = &args.report {
        std::fs::write(csv, report.to_csv())
            .map_err(|e| Failure::Runtime(format!("cannot write the report {}: {e}", csv.display())))?;
    }
    for w in &report.written {
        println!(
            "{} {} (from {})",
            w.action.verb(report.dry_run),
            w.path.display(),
            w.source.display()
        );
    }
    eprint!("{report}");
    Ok(if report.skipped.is_empty() { 0 } else { 1 })
}
