//! Themes: the layered template and static files a site renders with.
//!
//! Layers, later ones overriding earlier ones file by file:
//! 1. the default theme embedded in the binary (so an archive without a
//!    themes/ folder builds),
//! 2. `ROOT/themes/<theme>/` (`templates/` and `static/`),
//! 3. the site's own `ROOT/templates/` and `ROOT/static/`.
//!
//! The result names every file with where it came from, for diagnostics and
//! for the watcher's dependency tracking.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl Source {
    pub fn read(&self) -> Result<std::borrow::Cow<'static, [u8]>, Diagnostic> {
        match self {
            Source::Embedded(bytes) => Ok((*bytes).into()),
            Source::Disk(path) => std::fs::read(path)
                .map(Into::into)
                .map_err(|e| Diagnostic::file(path, format!("cannot read: {e}"))),
        }
    }

    /// A path to name in diagnostics.
    pub fn display_path(&self, name: &str, kind: &str) -> PathBuf {
        match self {
            Source::Embedded(_) => PathBuf::from(format!("(built-in theme)/{kind}/{name}")),
            Source::Disk(p) => p.clone(),
        }
    }
}

/// The files of the layered theme, by path relative to `templates/` or `static/`.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    pub templates: BTreeMap<String, Source>,
    pub statics: BTreeMap<String, Source>,
}

impl ThemeFiles {
    pub fn load(config: &Config) -> Result<ThemeFiles, Diagnostics> {
        let mut files = ThemeFiles::default();
        add_embedded(&DEFAULT_THEME, &mut files);
        let theme_dir = config.root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            add_dir(&theme_dir.join("templates"), &mut files.templates)?;
            add_dir(&theme_dir.join("static"), &mut files.statics)?;
        } else if config.theme != "default" {
            return Err(Diagnostic::file(
                config.root.join("site.toml"),
                format!(
                    "theme \"{}\" not found: there is no folder {}",
                    config.theme,
                    theme_dir.display()
                ),
            )
            .with_hint("put the theme in themes/<name>/, or remove `theme` to use the built-in default theme")
            .into());
        }
        add_dir(&config.root.join("templates"), &mut files.templates)?;
        add_dir(&config.root.join("static"), &mut files.statics)?;
        Ok(files)
    }

    /// The built-in default theme alone (for `init`).
    pub fn embedded() -> &'static Dir<'static> {
        &DEFAULT_THEME
    }
}

fn add_embedded(dir: &'static Dir<'static>, files: &mut ThemeFiles) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_embedded(sub, files);
        } else if let Some(file) = entry.as_file() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                files
                    .templates
                    .insert(name.to_string(), Source::Embedded(file.contents()));
            } else if let Some(name) = path.strip_prefix("static/") {
                files
                    .statics
                    .insert(name.to_string(), Source::Embedded(file.contents()));
            }
        }
    }
}

fn add_dir(dir: &Path, into: &mut BTreeMap<String, Source>) -> Result<(), Diagnostics> {
    if !dir.is_dir() {
        return Ok(());
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::paths::is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry =
            entry.map_err(|e| Diagnostic::file(e.path().unwrap_or(dir), format!("cannot read: {e}")))?;
        if entry.file_type().is_file() {
            let name = crate::paths::rel_path(dir, entry.path());
            into.insert(name, Source::Disk(entry.into_path()));
        }
    }
    Ok(())
}
