//! `pressroom init DIR`: a new archive that builds at once.

use std::path::{Path, PathBuf};

use crate::cli::Failure;
use crate::diag::Diagnostic;

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The folder to create the archive in (created if missing; must be empty)
    dir: PathBuf,
}

const SITE_TOML: &str = r#"# pressroom site configuration: see the README for every key.
title = "Press Statements"
base_url = "https://example.org/"
description = "An archive of official statements."
language = "en"
timezone = "UTC"
# theme = "default"
# output_dir = "public"
# permalink = "/:year/:month/:day/:slug/"

[archive]
per_page = 50

[feeds]
limit = 50
full_content = true
"#;

const EXAMPLE: &str = r#"+++
title = "Welcome to the Archive"
date = 2026-01-01
kind = "Press Statement"
issuer = "Office of the Spokesperson"
topics = ["Archive"]
draft = true                           # a sample: never published (delete this file when you start)
+++
This is a sample statement, a draft: builds leave it out, and `pressroom
serve --drafts` shows it. Write each statement as a file like this one
under content/, or create one with `pressroom new "Title"`, and delete
this file.
"#;

pub(super) fn run(args: Args) -> Result<(), Failure> {
    create(&args.dir)?;
    eprintln!(
        "Created a new archive in {dir}\n  preview it: pressroom serve --drafts --root {dir}   (its sample statement is a draft)\n  add to it:  pressroom new \"Title\" --root {dir}\n  build it:   pressroom build --root {dir}\n  then delete the sample, {dir}/content/2026/welcome-to-the-archive.md",
        dir = args.dir.display()
    );
    Ok(())
}

/// Creates the archive's files in `dir`.
pub(super) fn create(dir: &Path) -> Result<(), Failure> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| Diagnostic::file(dir, format!("cannot read: {e}")))?;
        if entries.next().is_some() {
            return Err(Failure::Usage(format!(
                "{} is not empty; pressroom init only creates new archives (choose a new folder)",
                dir.display()
            )));
        }
    }
    let write = |rel: &str, text: &str| -> Result<(), Diagnostic> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::file(parent, format!("cannot create: {e}")))?;
        }
        std::fs::write(&path, text).map_err(|e| Diagnostic::file(&path, format!("cannot write: {e}")))
    };
    write("site.toml", SITE_TOML)?;
    write("content/2026/welcome-to-the-archive.md", EXAMPLE)?;
    write(".gitignore", "/public/\n/.pressroom/\n")?;
    Ok(())
}
