//! `pressroom build`: the archive in, the output folder out.

use std::path::PathBuf;

use crate::build::{self, BuildOptions};
use crate::cli::{Failure, RootArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Write the site here instead of site.toml's output_dir
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's base_url
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include statements marked `draft = true`
    #[arg(long)]
    drafts: bool,
    /// Build even if nothing changed since the last build
    #[arg(long)]
    no_cache: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let options = BuildOptions {
        root: args.root.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        use_cache: !args.no_cache,
    };
    eprintln!("Building {}", options.root.display());
    let report = build::build(&options).inspect_err(|_| {
        eprintln!("The build stopped: the output folder was left as it was.");
    })?;
    if report.up_to_date {
        eprintln!(
            "Nothing changed since the last build: {} is up to date ({} files; --no-cache builds anyway)",
            report.output_dir.display(),
            report.files
        );
        return Ok(());
    }
    eprintln!(
        "Built {} statements into {} files in {} in {:.2?}",
        report.statements,
        report.files,
        report.output_dir.display(),
        report.elapsed
    );
    Ok(())
}
