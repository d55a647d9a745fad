//! Permalinks: the URL pattern of statement pages (`/:year/:month/:day/:slug/`)
//! and the slugs that fill it.
//!
//! A site path is what this module returns: relative to the site root, no
//! leading slash, ending with `/` (`2017/07/05/some-title/`). base_url turns
//! it into a link; the output stage turns it into `…/index.html`.
//!
//! Every site path is also a path on disk, so its length is bounded:
//! [`MAX_SEGMENT`] bytes per part and [`MAX_PATH`] in all ([`too_long`]).
//! A title too long for that gets a shortened slug ([`title_slug`]); a
//! `slug`, an alias or a permalink that is too long is an error.

use chrono::{DateTime, Datelike, FixedOffset};

/// The slug of a title or a taxonomy term: lowercase ASCII words joined by
/// hyphens (`Côte d’Ivoire` → `cote-d-ivoire`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// A statement's stable document id and the site path of its permanent
/// address (`id/<slug>/`). The id is the front matter's `id` when given;
/// else it is derived from the file's path under content/ without `.md`
/// (`2017/syria-statement.md` → `2017-syria-statement`), which correcting
/// the title does not change (renaming or moving the file does: give such
/// a statement an `id`).
pub fn document_id(id: Option<&str>, rel: &str) -> (String, String) {
    let doc_id = match id {
        Some(id) => id.to_string(),
        None => {
            let mut derived = slugify(rel.strip_suffix(".md").unwrap_or(rel));
            if derived.len() > MAX_SEGMENT {
                let mut cut = MAX_SEGMENT;
                while !derived.is_char_boundary(cut) {
                    cut -= 1;
                }
                derived.truncate(cut);
                derived = derived.trim_end_matches('-').to_string();
            }
            if derived.is_empty() {
                // A file name of no letters or digits: a hash of its path.
                use std::hash::Hasher as _;
                let mut h = siphasher::sip::SipHasher13::new();
                h.write(rel.as_bytes());
                derived = format!("s{:016x}", h.finish());
            }
            derived
        }
    };
    let path = format!("id/{}/", slugify(&doc_id));
    (doc_id, path)
}

/// The most bytes one part of a site path (one folder or file name of the
/// output) may have. File systems allow 255 per name; the rest is room for
/// the names written beside a file while it is replaced
/// (`.index.html.pressroom-tmp`).
pub const MAX_SEGMENT: usize = 240;

/// The most bytes a whole site path may have. Systems allow 4,096 for a
/// whole file path, which also holds the output folder's own path.
pub const MAX_PATH: usize = 1024;

/// The most characters of a title's slug that is cut because it is longer
/// than [`MAX_SEGMENT`].
pub const CUT_SLUG: usize = 80;

/// The slug a statement without `slug` gets: the slug of its title, or,
/// when that is longer than [`MAX_SEGMENT`] bytes (too long for a file
/// name), its words that fit in [`CUT_SLUG`] characters. Slugs that fit
/// are never cut, so that no URL that could be written changes.
pub fn title_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_SEGMENT {
        return slug;
    }
    cut(&slug, CUT_SLUG).to_string()
}

/// `slug` cut to at most `max` bytes: at its last hyphen that leaves at
/// most `max`, or, when its first word alone is longer, in that word.
pub fn cut(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    // A hyphen at `end` itself ends the last word that fits.
    let head = &slug[..end];
    let at_word = if slug[end..].starts_with('-') {
        Some(end)
    } else {
        head.rfind('-')
    };
    match at_word {
        Some(i) if !slug[..i].trim_end_matches('-').is_empty() => slug[..i].trim_end_matches('-'),
        _ => head,
    }
}

/// Why `site_path` is too long to be written, when it is: a part longer
/// than [`MAX_SEGMENT`] bytes, or more than [`MAX_PATH`] in all.
pub fn too_long(site_path: &str) -> Option<String> {
    if let Some(part) = site_path.split('/').find(|p| p.len() > MAX_SEGMENT) {
        return Some(format!(
            "its part \"{}\" is {} bytes long, and one part of a URL may have at most {MAX_SEGMENT} (a file name, which file systems limit to 255)",
            preview(part),
            part.len()
        ));
    }
    if site_path.len() > MAX_PATH {
        return Some(format!(
            "it is {} bytes long, and a URL path may have at most {MAX_PATH}",
            site_path.len()
        ));
    }
    None
}

/// The start of a long text, to quote in a message.
pub fn preview(text: &str) -> String {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Is `s` already a slug (what a user may write in `slug = "…"`)?
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.')
        && !s.starts_with(['-', '.'])
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Year,
    Month,
    Day,
    Slug,
    Kind,
}

/// A parsed permalink pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalink {
    parts: Vec<Part>,
}

impl Default for Permalink {
    fn default() -> Self {
        Permalink::parse("/:year/:month/:day/:slug/").unwrap_or(Permalink {
            parts: vec![Part::Slug],
        })
    }
}

impl Permalink {
    pub fn parse(pattern: &str) -> Result<Permalink, String> {
        if !pattern.starts_with('/') || !pattern.ends_with('/') {
            return Err(format!("`{pattern}` must start and end with `/`"));
        }
        let mut parts = Vec::new();
        let mut has_slug = false;
        for segment in pattern.trim_matches('/').split('/') {
            let part = match segment {
                ":year" => Part::Year,
                ":month" => Part::Month,
                ":day" => Part::Day,
                ":slug" => {
                    has_slug = true;
                    Part::Slug
                }
                ":kind" => Part::Kind,
                s if s.starts_with(':') => return Err(format!("unknown placeholder `{s}`")),
                "" => return Err("empty path segment (`//`)".into()),
                s if s.contains(['?', '#', '\\']) || s == "." || s == ".." => {
                    return Err(format!("`{s}` cannot be part of a URL path"));
                }
                s if s.len() > MAX_SEGMENT => {
                    return Err(format!(
                        "its part \"{}\" is {} bytes long; one part of a URL may have at most {MAX_SEGMENT}",
                        preview(s),
                        s.len()
                    ));
                }
                s => Part::Literal(s.to_string()),
            };
            parts.push(part);
        }
        if !has_slug {
            return Err("it must contain `:slug` so that every statement gets its own URL".into());
        }
        Ok(Permalink { parts })
    }

    /// Does the pattern have `:kind` (so that every statement needs a kind)?
    pub fn uses_kind(&self) -> bool {
        self.parts.contains(&Part::Kind)
    }

    /// The site path of a statement dated `date` (already in the site's time zone).
    pub fn site_path(&self, date: &DateTime<FixedOffset>, slug: &str, kind_slug: &str) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Year => out.push_str(&format!("{:04}", date.year())),
                Part::Month => out.push_str(&format!("{:02}", date.month())),
                Part::Day => out.push_str(&format!("{:02}", date.day())),
                Part::Slug => out.push_str(slug),
                Part::Kind => out.push_str(kind_slug),
            }
            out.push('/');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_slugs() {
        assert_eq!(slugify("Côte d’Ivoire"), "cote-d-ivoire");
        assert_eq!(slugify("José Mário Vaz"), "jose-mario-vaz");
    }

    #[test]
    fn a_long_slug_is_cut_at_a_word() {
        assert_eq!(cut("one-two-three", 9), "one-two");
        assert_eq!(cut("one-two-three", 7), "one-two");
        assert_eq!(cut("one-two-three", 20), "one-two-three");
        assert_eq!(cut("onetwothree-x", 5), "onetw");
        assert_eq!(cut("one--two", 5), "one");
    }

    #[test]
    fn only_a_title_slug_too_long_for_a_file_name_is_cut() {
        let fits = "word ".repeat(MAX_SEGMENT / 5);
        assert_eq!(title_slug(&fits), slugify(&fits));
        let long = format!("{fits} more words");
        let slug = title_slug(&long);
        assert!(slug.len() <= CUT_SLUG && slug.len() > CUT_SLUG - 5, "{slug}");
        assert!(slug.ends_with("word"), "{slug}");
    }

    #[test]
    fn site_paths_too_long_for_the_file_system_are_named() {
        assert!(too_long("2017/07/05/short/").is_none());
        let part = "x".repeat(MAX_SEGMENT + 1);
        assert!(too_long(&format!("2017/{part}/")).is_some_and(|m| m.contains("241 bytes")));
        let deep = "abcdefghi/".repeat(MAX_PATH / 10 + 1);
        assert!(too_long(&deep).is_some_and(|m| m.contains("at most 1024")));
    }

    #[test]
    fn patterns_are_checked() {
        assert!(Permalink::parse("/:year/:slug/").is_ok());
        assert!(Permalink::parse("/:year/").is_err());
        assert!(Permalink::parse("/:yr/:slug/").is_err());
        assert!(Permalink::parse(":slug").is_err());
        let long = format!("/{}/:slug/", "x".repeat(MAX_SEGMENT + 1));
        assert!(Permalink::parse(&long).is_err());
        assert!(Permalink::parse("/:kind/:slug/").is_ok_and(|p| p.uses_kind()));
    }
}
