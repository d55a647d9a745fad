//! What the fuzz targets assert about pressroom's output, shared between
//! them: a problem in the user's input is a well-formed diagnostic, never a
//! panic, and it points inside the file it names.

use std::path::Path;

use pressroom::config::Config;
use pressroom::diag::Diagnostic;

/// A site.toml with every key the targets care about at a non-default
/// value: a time zone with daylight saving time (dates near midnight and in
/// DST gaps move days), `:kind` in the permalink.
pub const SITE_TOML: &str = r#"title = "Fuzz"
base_url = "https://example.org/archive/"
timezone = "America/New_York"
permalink = "/:year/:month/:day/:kind/:slug/"
"#;

/// The configuration of [`SITE_TOML`].
pub fn config() -> Config {
    match Config::parse(Path::new("/fuzz"), Path::new("site.toml"), SITE_TOML) {
        Ok(c) => c,
        Err(d) => panic!("the fuzz site.toml does not parse: {d}"),
    }
}

/// `d` is a diagnostic a user can act on: a message, and a position at
/// line ≥ 1, column ≥ 1. When `text` is the whole file `d` names, the
/// position is inside it (at most one past the end of a line, or the line
/// after the last).
pub fn check_diagnostic(d: &Diagnostic, text: Option<&str>) {
    assert!(
        !d.message.trim().is_empty(),
        "a diagnostic without a message: {d:?}"
    );
    assert!(d.line >= 1 && d.col >= 1, "a diagnostic at line/col 0: {d:?}");
    // Display must not panic either: it is what the user sees.
    let shown = d.to_string();
    assert!(!shown.is_empty());
    if let Some(text) = text {
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            d.line <= lines.len() + 1,
            "diagnostic at line {} of a file of {} lines: {d:?}",
            d.line,
            lines.len()
        );
        if let Some(line) = lines.get(d.line - 1) {
            let chars = line.chars().count();
            assert!(
                d.col <= chars + 1,
                "diagnostic at column {} of a line of {chars} characters: {d:?}",
                d.col
            );
        }
    }
}

/// Checks every diagnostic of a failed step; there must be at least one.
pub fn check_diagnostics<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    text_of: impl Fn(&Path) -> Option<&'a str>,
) {
    let mut n = 0;
    for d in diags {
        check_diagnostic(d, text_of(&d.path));
        n += 1;
    }
    assert!(n > 0, "an error without a diagnostic");
}

/// A site path as the permalink module promises it: relative (no leading
/// `/`), ending with `/`, with no empty, `.` or `..` segment.
pub fn check_site_path(path: &str) {
    assert!(path.ends_with('/'), "site path {path:?} does not end with /");
    assert!(!path.starts_with('/'), "site path {path:?} starts with /");
    for segment in path.trim_end_matches('/').split('/') {
        assert!(
            !segment.is_empty() && segment != "." && segment != "..",
            "site path {path:?} has a segment {segment:?}"
        );
    }
}
