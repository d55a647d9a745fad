//! People: `content/people/<slug>.toml` in, [`Person`]s out.
//!
//! A person file names someone who speaks in the archive: `name`, other
//! spellings in `aliases`, a Markdown `bio`, an optional `image` (a path
//! under static/) and `[[roles]]` with `title`, `from` and optional `to`.
//! Errors get the same `path:line:col` diagnostics as statements; two
//! people claiming one name is an error.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::dates;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::model::{Person, Role, normalize_name};
use crate::paths::is_ignored_name;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: Option<toml::Spanned<String>>,
    sort_name: Option<toml::Spanned<String>>,
    #[serde(default)]
    aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    bio: String,
    image: Option<toml::Spanned<String>>,
    #[serde(default)]
    roles: Vec<RawRole>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    title: toml::Spanned<String>,
    from: toml::Spanned<toml::Value>,
    to: Option<toml::Spanned<toml::Value>>,
}

const ROLE_DATE_HINT: &str =
    "write a role's dates as 2017-07-05 (no quotes needed); leave out `to` while the role goes on";

const PERSON_KEYS: &[&str] = &[
    "name",
    "sort_name",
    "aliases",
    "bio",
    "image",
    "roles",
    "title",
    "from",
    "to",
];

/// Loads every person file in `people_dir` (none when it does not exist).
pub fn load_all(people_dir: &Path) -> Result<Vec<Person>, Diagnostics> {
    if !people_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut diags = Diagnostics::default();
    let mut entries = Vec::new();
    let listing = std::fs::read_dir(people_dir)
        .map_err(|e| Diagnostic::file(people_dir, format!("cannot read this folder: {e}")))?;
    for entry in listing {
        match entry {
            Ok(e) => entries.push(e.path()),
            Err(e) => diags.push(Diagnostic::file(
                people_dir,
                format!("cannot read this folder: {e}"),
            )),
        }
    }
    entries.retain(|p| {
        p.extension().is_some_and(|x| x == "toml")
            && p.file_name()
                .is_some_and(|n| !is_ignored_name(&n.to_string_lossy()))
    });
    entries.sort();
    let mut people = Vec::new();
    for path in entries {
        match super::read(&path) {
            Ok(text) => match parse(&path, &text) {
                Ok(p) => people.push(p),
                Err(d) => diags.extend(d),
            },
            Err(d) => diags.push(d),
        }
    }
    // One name, one person.
    let mut claimed: HashMap<String, &Person> = HashMap::new();
    for person in &people {
        let names = std::iter::once(&person.name).chain(&person.aliases);
        for (name, &(line, col)) in names.zip(&person.name_positions) {
            match claimed.get(&normalize_name(name)) {
                Some(other) if other.slug != person.slug => diags.push(
                    Diagnostic::new(
                        &person.path,
                        line,
                        col,
                        format!("the name \"{name}\" is also used by {}", other.path.display()),
                    )
                    .with_hint("each name or alias may belong to one person only"),
                ),
                _ => {
                    claimed.insert(normalize_name(name), person);
                }
            }
        }
    }
    diags.into_result(people)
}

/// Parses one person file.
pub fn parse(path: &Path, text: &str) -> Result<Person, Vec<Diagnostic>> {
    let raw: RawPerson =
        toml::from_str(text).map_err(|e| vec![diag::toml_error(path, text, 0, &e, PERSON_KEYS)])?;
    let mut diags = Vec::new();
    let at = |span: std::ops::Range<usize>, msg: String| Diagnostic::at_offset(path, text, span.start, msg);
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match &raw.name {
        Some(n) if !n.get_ref().trim().is_empty() => {
            n.get_ref().split_whitespace().collect::<Vec<_>>().join(" ")
        }
        Some(n) => {
            diags.push(at(n.span(), "`name` is empty".into()));
            String::new()
        }
        None => {
            diags.push(
                Diagnostic::new(path, 1, 1, "missing `name`")
                    .with_hint("add a line such as: name = \"Rex W. Tillerson\""),
            );
            String::new()
        }
    };
    if !crate::permalink::is_slug(&slug) {
        diags.push(
            Diagnostic::new(path, 1, 1, format!("the file name `{slug}` is not a slug")).with_hint(format!(
                "rename it {}.toml: the file name is the person's URL",
                crate::permalink::slugify(&name)
            )),
        );
    }
    if let Some(image) = &raw.image
        && let Err((message, hint)) = crate::markdown::check_static_path(image.get_ref())
    {
        diags.push(at(image.span(), message).with_hint(hint));
    }
    let mut roles = Vec::new();
    for r in &raw.roles {
        let from = dates::naive_date_from_toml(r.from.get_ref())
            .map_err(|m| diags.push(at(r.from.span(), format!("bad `from`: {m}")).with_hint(ROLE_DATE_HINT)))
            .ok();
        let to = match &r.to {
            Some(to) => dates::naive_date_from_toml(to.get_ref())
                .map(Some)
                .map_err(|m| diags.push(at(to.span(), format!("bad `to`: {m}")).with_hint(ROLE_DATE_HINT)))
                .ok()
                .flatten(),
            None => None,
        };
        if let (Some(from), Some(to), Some(span)) = (from, to, r.to.as_ref().map(|t| t.span()))
            && to < from
        {
            diags.push(at(
                span,
                format!("the role ends ({to}) before it starts ({from})"),
            ));
        }
        if let Some(from) = from {
            roles.push(Role {
                title: r.title.get_ref().trim().to_string(),
                from,
                to,
            });
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    roles.sort_by_key(|r| r.from);
    let kept: Vec<&toml::Spanned<String>> = raw
        .aliases
        .iter()
        .filter(|a| !a.get_ref().trim().is_empty())
        .collect();
    let position = |span: std::ops::Range<usize>| diag::line_col(text, span.start);
    let name_positions = std::iter::once(raw.name.as_ref().map_or((1, 1), |n| position(n.span())))
        .chain(kept.iter().map(|a| position(a.span())))
        .collect();
    Ok(Person {
        path: path.to_path_buf(),
        slug,
        name,
        sort_name: raw
            .sort_name
            .map(|n| n.into_inner().split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty()),
        aliases: kept.iter().map(|a| a.get_ref().trim().to_string()).collect(),
        name_positions,
        bio: raw.bio,
        image: raw.image.map(toml::Spanned::into_inner),
        roles,
    })
}
