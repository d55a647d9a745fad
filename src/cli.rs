//! The command line: arguments in, an exit status out (0 success, 1 content
//! errors or a failure while running, 2 bad usage). One file per subcommand under cli/.

mod build;
mod check;
mod import;
mod init;
mod new;
mod serve;
mod watch;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;

#[derive(Debug, Parser)]
#[command(
    name = "pressroom",
    version,
    about = "Build a website from an archive of official statements"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/)
    Build(build::Args),
    /// Validate content, templates and links; write nothing
    Check(check::Args),
    /// Turn .txt and .html exports of statements into statement files
    Import(import::Args),
    /// Create a new archive in DIR that builds at once
    Init(init::Args),
    /// Write a new statement, content/YYYY/<slug>.md, dated today
    New(new::Args),
    /// Preview the site on a local web server, rebuilding and reloading on every change
    Serve(serve::Args),
    /// Rebuild the output folder whenever content, templates or config change
    Watch(watch::Args),
}

/// The archive folder option shared by most commands.
#[derive(Debug, clap::Args)]
pub struct RootArg {
    /// The archive's folder (where site.toml is)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// The options of the commands that write the site (build, watch).
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Write the site here instead of site.toml's output_dir
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include statements marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
    /// Replace the output folder even if it holds files pressroom did not
    /// write (dot files at its top, such as .git, are kept)
    #[arg(long)]
    pub force: bool,
}

impl SiteArgs {
    /// Build options for these arguments (no cache, no progress display).
    pub fn options(self, base_url: Option<String>) -> crate::build::BuildOptions {
        crate::build::BuildOptions {
            root: self.root.root,
            output: self.output,
            base_url,
            drafts: self.drafts,
            force: self.force,
            ..Default::default()
        }
    }
}

/// How a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the user's content: exit 1.
    Content(Diagnostics),
    /// The command was used wrongly: exit 2.
    Usage(String),
    /// The command was used rightly but could not do its work (a port in
    /// use, a server that stopped): exit 1.
    Runtime(String),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Content(d)
    }
}

impl From<crate::diag::Diagnostic> for Failure {
    fn from(d: crate::diag::Diagnostic) -> Self {
        Failure::Content(d.into())
    }
}

/// Prints warnings (see [`crate::check::warnings`]) to stderr, with how
/// many there are and how to make them fail a build.
pub(crate) fn print_warnings(warnings: &[crate::diag::Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    for w in warnings {
        eprintln!("{w}");
    }
    let n = warnings.len();
    eprintln!(
        "{n} warning{} (they do not stop the build; --strict makes them errors)",
        if n == 1 { "" } else { "s" }
    );
}

/// Runs pressroom with these arguments; returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Import(args) => match import::run(args) {
            Ok(status) => return status,
            Err(failure) => Err(failure),
        },
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Watch(args) => watch::run(args),
    };
    match result {
        Ok(()) => 0,
        Err(Failure::Content(diags)) => {
            eprint!("{diags}");
            let n = diags.len();
            eprintln!("error: {n} problem{} found", if n == 1 { "" } else { "s" });
            1
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            2
        }
        Err(Failure::Runtime(msg)) => {
            eprintln!("error: {msg}");
            1
        }
    }
}
