//! `pressroom new "Title"`: writes content/YYYY/<slug>.md, dated today in
//! the site's time zone, a draft with a placeholder body; never overwrites.

use chrono::Datelike;

use crate::cli::{Failure, RootArg};
use crate::config::Config;
use crate::dates;
use crate::diag::Diagnostic;
use crate::permalink;

#[derive(Debug, clap::Args)]
pub(super) struct Args {
    /// The statement's title
    title: String,
    /// Who made it (repeat for several speakers)
    #[arg(long)]
    speaker: Vec<String>,
    /// One of site.toml's kinds
    #[arg(long)]
    kind: Option<String>,
    /// Its date (2017-07-05 or 2017-07-05T10:30:00); default: today in the site's time zone
    #[arg(long)]
    date: Option<String>,
    #[command(flatten)]
    root: RootArg,
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub(super) fn run(args: Args) -> Result<(), Failure> {
    let config = Config::load(&args.root.root)?;
    let title = args.title.trim();
    if title.is_empty() {
        return Err(Failure::Usage("the title is empty".into()));
    }
    let (date_text, date) = match &args.date {
        Some(d) => {
            let parsed = dates::from_str(d, config.timezone)
                .map_err(|msg| Failure::Usage(format!("--date: {msg}; {}", dates::DATE_HINT)))?;
            (d.trim().to_string(), parsed.at)
        }
        None => {
            let now = chrono::Utc::now().with_timezone(&config.timezone).fixed_offset();
            (now.format("%Y-%m-%d").to_string(), now)
        }
    };
    if let Some(kind) = &args.kind
        && !config.kinds.contains(kind)
    {
        return Err(Failure::Usage(format!(
            "--kind: unknown kind \"{kind}\"\n  hint: {}",
            crate::content::unknown_kind_hint(kind.trim(), &config.kinds)
        )));
    }
    // A statement without a kind is filed under none: the stub takes the
    // first of site.toml's kinds, for the author to change.
    let kind = args.kind.as_ref().or(config.kinds.first());
    let slug = permalink::slugify(title);
    if slug.is_empty() {
        return Err(Failure::Usage(
            "the title gives an empty slug; use a title with letters or digits".into(),
        ));
    }
    let path = config
        .content_dir()
        .join(format!("{:04}", date.year()))
        .join(format!("{slug}.md"));
    let mut text = format!("+++\ntitle = {}\ndate = {date_text}\n", toml_str(title));
    if let Some(kind) = kind {
        text.push_str(&format!("kind = {}\n", toml_str(kind)));
    }
    match args.speaker.as_slice() {
        [] => {}
        [one] => text.push_str(&format!("speaker = {}\n", toml_str(one))),
        many => {
            let list: Vec<String> = many.iter().map(|s| toml_str(s)).collect();
            text.push_str(&format!("speakers = [{}]\n", list.join(", ")));
        }
    }
    // A draft until its author says otherwise: a stub never reaches readers
    // by accident, and its placeholder body is a warning in every build.
    text.push_str(&format!(
        "topics = []\ndraft = true                  # remove this line to publish\n+++\n{}\n",
        crate::check::PLACEHOLDER
    ));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::file(parent, format!("cannot create: {e}")))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Failure::Usage(format!(
                "{} already exists; pressroom new never overwrites (choose another title, or edit that file)",
                path.display()
            )));
        }
        Err(e) => return Err(Diagnostic::file(&path, format!("cannot write: {e}")).into()),
    };
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Diagnostic::file(&path, format!("cannot write: {e}")))?;
    println!("{}", path.display());
    eprintln!(
        "Wrote a draft: replace its placeholder text, then remove `draft = true` to publish it (`pressroom serve --drafts` previews drafts)"
    );
    Ok(())
}
