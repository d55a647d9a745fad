//! `pressroom check`: validate everything a build would; write nothing.

use crate::build::{self, BuildOptions};
use crate::cli::{Failure, RootArg};

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    root: RootArg,
    /// Check drafts too
    #[arg(long)]
    drafts: bool,
    /// Warnings are errors; also report speakers without a people file
    /// and people files that match no statement
    #[arg(long)]
    strict: bool,
}

pub(super) fn run(args: Args) -> Result<(), Failure> {
    let options = BuildOptions {
        root: args.root.root,
        drafts: args.drafts,
        ..Default::default()
    };
    let (files, warnings) = build::check(&options, args.strict)?;
    crate::cli::print_warnings(&warnings);
    eprintln!("No problems found ({files} files would be written)");
    Ok(())
}
