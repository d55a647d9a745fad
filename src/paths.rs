//! Small path helpers shared by the stages that read folders.

use std::path::Path;

/// Is this a file an editor or the OS left behind, not content?
/// (`.x` hidden files, `.#x` and `#x#` Emacs locks, `x~` backups,
/// `.x.swp` Vim swap files, `4913` Vim's write test, `*.tmp`.)
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// `path` relative to `base`, with `/` separators.
pub fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The output file of a site path: folders (`x/`, or the root ``) get
/// `index.html`; a path with a file name (`404.html`) is that file.
pub fn output_file(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

/// Runs `work` (stating many files) on a pool with more threads than
/// cores: a stat waits on the disk far more than it computes, and a
/// virtual disk answers many at once. Falls back to the global pool.
pub fn stating<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().num_threads(16).build().ok());
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// [`stating`] beside other work (the output folder, while the archive
/// loads): one thread a core, not more, so that the loading keeps its
/// share of a core. On 2 cores at 100,000 statements, in the page cache,
/// 16 threads slowed the loading by as much as they saved.
pub fn stating_beside<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let pool = POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok());
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}
