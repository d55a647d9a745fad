//! Permalinks: the URL pattern of statement pages (`/:year/:month/:day/:slug/`)
//! and the slugs that fill it.
//!
//! A site path is what this module returns: relative to the site root, no
//! leading slash, ending with `/` (`2017/07/05/some-title/`). base_url turns
//! it into a link; the output stage turns it into `…/index.html`.

use chrono::{DateTime, Datelike, FixedOffset};

/// The slug of a title or a taxonomy term: lowercase ASCII words joined by
/// hyphens (`Côte d’Ivoire` → `cote-d-ivoire`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
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
                s => Part::Literal(s.to_string()),
            };
            parts.push(part);
        }
        if !has_slug {
            return Err("it must contain `:slug` so that every statement gets its own URL".into());
        }
        Ok(Permalink { parts })
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
    fn patterns_are_checked() {
        assert!(Permalink::parse("/:year/:slug/").is_ok());
        assert!(Permalink::parse("/:year/").is_err());
        assert!(Permalink::parse("/:yr/:slug/").is_err());
        assert!(Permalink::parse(":slug").is_err());
    }
}
