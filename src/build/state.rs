//! What `pressroom build` keeps for the next build in `.pressroom/`,
//! besides the record of the output folder ([`super::cache`]): the loaded
//! archive and the last build's keys.
//!
//! - `load.bin`: every statement file as the loader last read it — the
//!   file's path, size and modification time, the parsed statement
//!   (without its Markdown) and its heading ids — and its rendered body's
//!   metadata (summary, references, links, word count) with what it was
//!   rendered against ([`super::load`]). The next build reads again only
//!   the files whose size or modification time changed, and renders again
//!   only the bodies whose file or `@/` targets changed; so it loads what a
//!   build without the cache loads. With them, the archive and cross-links
//!   with the key of what they were computed from, reused when that key
//!   is the same. It is written in frames (a 4-byte little-endian length,
//!   then postcard): the first holds the header, the store's name and the
//!   archive; each of the others 2,048 statement files, read on every core.
//! - `html-*.bin`: the bodies' HTML, appended as builds render it, and read
//!   back only for the pages and feeds a build makes again (see
//!   [`crate::model::Html`]). Each record is a 4-byte little-endian length
//!   and the [`Rendered`] value in postcard. When more than half of the
//!   file is bodies no longer used, the next save writes a new one.
//! - `memo.bin`: the last successful build's [`Memo`] (each page's key and
//!   the statements it read), so that a build after one edit works out
//!   only the keys the edit can have changed.
//!
//! All three are postcard (a fixed, documented format) of plain data, led
//! by a format number and pressroom's version: anything that does not read
//! back, or was written by another version or for another configuration,
//! is ignored, and the build loads everything as without a cache. The
//! statement's fields are listed once, below, checked by the compiler
//! against [`Statement`] (serde's remote derive).

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::os::unix::fs::FileExt as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use rayon::prelude::*;

use super::load::{CachedBody, LoadCache, Parsed, Structure};
use super::memo::Memo;
use crate::archive::Archive;
use crate::config::Config;
use crate::key::Key;
use crate::links::LinkGraph;
use crate::model::{Body, Html, HtmlSource, LocalLink, Rendered, Statement};

/// Changes whenever what these files hold changes shape, or what is in
/// them is made differently (3: default summaries skip lead-in lines;
/// terms and people changed shape; 4: the memo keeps the data parts;
/// 5: and the key of the claims; 6: the memo lists the files in the
/// plan's order; 7: and the data parts their chunks).
const FORMAT: u32 = 7;

fn dir(config: &Config) -> PathBuf {
    config.root.join(".pressroom")
}

/// What leads every file: only a file of this format, version and
/// configuration is read.
#[derive(Serialize, Deserialize, PartialEq)]
struct Header {
    format: u32,
    version: String,
    config: Key,
}

impl Header {
    fn of(config: &Config) -> Header {
        Header {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").into(),
            config: config.key,
        }
    }
}

/// The first frame of `load.bin`: what the rest is read with.
#[derive(Deserialize)]
struct Head {
    header: Header,
    /// The file name of the HTML store, in `.pressroom/`.
    html: String,
    /// The archive and cross-links of the last load, with their key.
    structure: Option<(u64, Archive, LinkGraph)>,
    /// The hash of the statements' URL claims the last time no two of
    /// them were one (see [`LoadCache`]).
    unique_urls: Option<u64>,
}

/// [`Head`] as it is written, borrowing what it holds.
#[derive(Serialize)]
struct HeadOut<'a> {
    header: Header,
    html: &'a str,
    structure: Option<(u64, &'a Archive, &'a LinkGraph)>,
    unique_urls: Option<u64>,
}

/// Statement files are written in frames of this many, read on every core.
const FRAME: usize = 2048;

#[derive(Deserialize)]
struct FileState {
    path: PathBuf,
    rel: String,
    #[serde(with = "StatementDef")]
    statement: Statement,
    heading_ids: Vec<String>,
    target_key: u64,
    text_key: Key,
    stamp: (u64, u128),
    body: Option<BodyState>,
}

/// [`FileState`] as it is written.
#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a Path,
    rel: &'a str,
    #[serde(serialize_with = "statement_out")]
    statement: &'a Statement,
    heading_ids: &'a [String],
    target_key: u64,
    text_key: Key,
    stamp: (u64, u128),
    body: Option<BodyOut<'a>>,
}

#[derive(Deserialize)]
struct BodyState {
    deps: Vec<(String, Option<u64>)>,
    version: Key,
    #[serde(with = "BodyDef")]
    body: Body,
    /// Where its HTML is in the store, and the record's length.
    at: u64,
    len: u32,
}

/// [`BodyState`] as it is written.
#[derive(Serialize)]
struct BodyOut<'a> {
    deps: &'a [(String, Option<u64>)],
    version: Key,
    #[serde(serialize_with = "body_out")]
    body: &'a Body,
    at: u64,
    len: u32,
}

fn statement_out<S: serde::Serializer>(s: &&Statement, serializer: S) -> Result<S::Ok, S::Error> {
    StatementDef::serialize(s, serializer)
}

fn body_out<S: serde::Serializer>(b: &&Body, serializer: S) -> Result<S::Ok, S::Error> {
    BodyDef::serialize(b, serializer)
}

/// Frames: each a 4-byte little-endian length and that many bytes; with
/// where each starts (its length) in `bytes`.
pub(super) fn frames(mut bytes: &[u8]) -> Option<Vec<(u64, &[u8])>> {
    let mut frames = Vec::new();
    let mut at = 0;
    while !bytes.is_empty() {
        let (len, rest) = bytes.split_at_checked(4)?;
        let len = u32::from_le_bytes(len.try_into().ok()?) as usize;
        let (frame, rest) = rest.split_at_checked(len)?;
        frames.push((at, frame));
        at += 4 + len as u64;
        bytes = rest;
    }
    Some(frames)
}

/// A frame of statement files in the `load.bin` a build was restored
/// from: a save copies it as it is when none of its files changed.
struct FrameAt {
    /// The path of its first file.
    first: PathBuf,
    count: usize,
    /// Where it starts in the file (its length), and its length with it.
    at: u64,
    len: u64,
}

pub(super) fn push_frame(out: &mut Vec<u8>, value: &impl Serialize) -> Result<(), String> {
    let bytes = postcard::to_stdvec(value).map_err(|e| e.to_string())?;
    let len = u32::try_from(bytes.len()).map_err(|_| "a frame over 4 GB")?;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&bytes);
    Ok(())
}

/// [`Statement`], every field, for the build cache: the Markdown body is
/// left out (a statement whose body must be rendered again is read again),
/// and `extra` is kept as JSON text (postcard cannot read a JSON value).
#[derive(Serialize, Deserialize)]
#[serde(remote = "Statement")]
struct StatementDef {
    path: PathBuf,
    rel: String,
    title: String,
    date: DateTime<FixedOffset>,
    has_time: bool,
    kind: Option<String>,
    speakers: Vec<String>,
    role: Option<String>,
    roles: Vec<String>,
    issuer: Option<String>,
    location: Option<String>,
    topics: Vec<String>,
    countries: Vec<String>,
    summary: Option<String>,
    slug: String,
    source: Option<String>,
    id: Option<String>,
    doc_id: String,
    id_path: String,
    id_position: (usize, usize),
    updated: Option<DateTime<FixedOffset>>,
    updated_has_time: bool,
    aliases: Vec<String>,
    alias_positions: Vec<(usize, usize)>,
    draft: bool,
    #[serde(with = "crate::model::json_text")]
    extra: serde_json::Value,
    #[serde(skip)]
    body: String,
    body_line: usize,
    site_path: String,
    url_position: (usize, usize),
}

/// [`Body`] without its HTML, which is kept in the store.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Body")]
struct BodyDef {
    #[serde(skip)]
    html: Html,
    summary: String,
    heading_ids: Vec<String>,
    references: Vec<String>,
    words: usize,
    #[serde(with = "local_links")]
    local_links: Vec<LocalLink>,
    unresolved: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct LocalLinkDef {
    target: String,
    line: usize,
    col: usize,
}

mod local_links {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::LocalLinkDef;
    use crate::model::LocalLink;

    pub(super) fn serialize<S: Serializer>(links: &[LocalLink], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(links.iter().map(|l| LocalLinkDef {
            target: l.target.clone(),
            line: l.line,
            col: l.col,
        }))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LocalLink>, D::Error> {
        let links = Vec::<LocalLinkDef>::deserialize(d)?;
        Ok(links
            .into_iter()
            .map(|l| LocalLink {
                target: l.target,
                line: l.line,
                col: l.col,
            })
            .collect())
    }
}

/// The store of bodies' HTML that a build read from (see the module's
/// documentation).
pub struct Kept {
    name: String,
    file: std::fs::File,
    /// Record lengths by offset.
    lens: HashMap<u64, u32>,
    failed: Mutex<Option<String>>,
    /// The `load.bin` restored from (open, so that a save may copy from
    /// it after replacing it), and its frames of statement files.
    load: Option<(std::fs::File, Vec<FrameAt>)>,
}

impl Kept {
    fn try_read(&self, at: u64) -> Result<Rendered, String> {
        let len = *self.lens.get(&at).ok_or("no such record")? as usize;
        let mut bytes = vec![0; len];
        self.file
            .read_exact_at(&mut bytes, at)
            .map_err(|e| e.to_string())?;
        let (size, record) = bytes.split_at_checked(4).ok_or("a record too short")?;
        let size = u32::from_le_bytes(size.try_into().map_err(|_| "a record too short")?) as usize;
        if size != record.len() {
            return Err("a record of the wrong length".into());
        }
        postcard::from_bytes(record).map_err(|e| e.to_string())
    }

    /// Why a body could not be read back, if one could not.
    pub fn failure(&self) -> Option<String> {
        self.failed.lock().ok().and_then(|f| f.clone())
    }
}

impl HtmlSource for Kept {
    fn read(&self, at: u64) -> Rendered {
        self.try_read(at).unwrap_or_else(|e| {
            if let Ok(mut failed) = self.failed.lock() {
                failed.get_or_insert(format!("{}: {e}", self.name));
            }
            Rendered::default()
        })
    }
}

/// The loader's cache as the last build kept it, and the store its bodies'
/// HTML is read from; `None` when there is none that holds for `config`.
pub fn restore(config: &Config) -> Option<(LoadCache, Arc<Kept>)> {
    let bytes = std::fs::read(dir(config).join("load.bin")).ok()?;
    let frames = frames(&bytes)?;
    let ((_, head), rest) = frames.split_first()?;
    let head: Head = postcard::from_bytes(head).ok()?;
    if head.header != Header::of(config) || head.html.contains(['/', '\\']) {
        return None;
    }
    let chunks: Vec<Vec<FileState>> = rest
        .par_iter()
        .map(|(_, frame)| postcard::from_bytes(frame).ok())
        .collect::<Option<_>>()?;
    let at: Vec<FrameAt> = rest
        .iter()
        .zip(&chunks)
        .filter_map(|((at, frame), files)| {
            Some(FrameAt {
                first: files.first()?.path.clone(),
                count: files.len(),
                at: *at,
                len: frame.len() as u64 + 4,
            })
        })
        .collect();
    let load = std::fs::File::open(dir(config).join("load.bin")).ok();
    let file = std::fs::File::open(dir(config).join(&head.html)).ok()?;
    let lens: HashMap<u64, u32> = chunks
        .iter()
        .flatten()
        .filter_map(|f| f.body.as_ref().map(|b| (b.at, b.len)))
        .collect();
    // A store shorter than its records were written is not read at all.
    let end = lens
        .iter()
        .map(|(at, len)| at + u64::from(*len))
        .max()
        .unwrap_or(0);
    if file.metadata().ok()?.len() < end {
        return None;
    }
    let kept = Arc::new(Kept {
        name: head.html,
        file,
        lens,
        failed: Mutex::new(None),
        load: load.map(|file| (file, at)),
    });
    let source: Arc<dyn HtmlSource> = kept.clone();
    // Kept in path order: the map is built from the sorted list at once.
    let mut files = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    let mut bodies = HashMap::new();
    for f in chunks.into_iter().flatten() {
        let statement = Arc::new(f.statement);
        if let Some(b) = f.body {
            let body = Body {
                html: Html::kept(source.clone(), b.at),
                ..b.body
            };
            bodies.insert(
                f.rel.clone(),
                CachedBody {
                    statement: statement.clone(),
                    deps: b.deps,
                    body: Arc::new(body),
                    version: b.version,
                },
            );
        }
        files.push((
            f.path,
            Parsed {
                rel: f.rel,
                result: Ok(statement),
                heading_ids: f.heading_ids,
                target_key: f.target_key,
                text_key: f.text_key,
                stamp: f.stamp,
                markdown: false,
                from_cache: true,
            },
        ));
    }
    let files: BTreeMap<PathBuf, Parsed> = files.into_iter().collect();
    let structure = head.structure.map(|(key, archive, links)| Structure {
        key,
        archive: Arc::new(archive),
        links: Arc::new(links),
    });
    let mut cache = LoadCache::restored(config.key, files, bodies, structure);
    cache.unique_urls = head.unique_urls;
    Some((cache, kept))
}

/// How many statement files may differ from `load.bin` (read again by
/// every build) before a build writes it again.
const STALE_AT_MOST: usize = 64;

/// Keeps what `cache` holds for the next build: its statements, and the
/// HTML of the bodies `kept` (the store it was restored from, if any) does
/// not hold yet; or nothing, when it was restored from the build cache and
/// at most [`STALE_AT_MOST`] of its files changed since, the structure
/// the same. Failing only costs the next build its shortcuts.
pub fn save(config: &Config, cache: &LoadCache, kept: Option<&Arc<Kept>>) -> Result<(), String> {
    if cache.config_key() != Some(config.key) {
        return Ok(());
    }
    let dir = dir(config);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let lock = std::fs::File::create(dir.join("state.lock")).map_err(|e| e.to_string())?;
    lock.lock().map_err(|e| e.to_string())?;
    let source: Option<Arc<dyn HtmlSource>> = kept.map(|k| k.clone() as Arc<dyn HtmlSource>);
    // The statements, each with its body when it is still the one used.
    let live: Vec<(&PathBuf, &Parsed, &Arc<Statement>, Option<&CachedBody>)> = cache
        .files
        .iter()
        .filter_map(|(path, parsed)| {
            let statement = parsed.result.as_ref().ok()?;
            let body = cache
                .bodies
                .get(&parsed.rel)
                .filter(|c| Arc::ptr_eq(&c.statement, statement));
            Some((path, parsed, statement, body))
        })
        .collect();
    let kept_at = |c: &CachedBody| {
        let (kept, source) = (kept?, source.as_ref()?);
        let at = c.body.html.kept_at(source)?;
        Some((at, *kept.lens.get(&at)?))
    };
    // A few files changed since the cache was restored, the structure
    // the same: the cache is left as it is, and the next build reads
    // those files again (cheaper than writing it all again).
    let stale = live
        .iter()
        .filter(|(_, parsed, _, c)| !(parsed.from_cache && c.is_none_or(|c| kept_at(c).is_some())))
        .count();
    let structure = cache.structure().map(|s| s.key);
    if cache.restored_as == Some((live.len(), structure))
        && cache.files.len() == live.len()
        && stale <= STALE_AT_MOST
    {
        return Ok(());
    }
    let kept_bytes: u64 = live
        .iter()
        .filter_map(|(_, _, _, c)| kept_at((*c)?))
        .map(|(_, len)| u64::from(len))
        .sum();
    let store_len = kept.and_then(|k| k.file.metadata().ok()).map_or(0, |m| m.len());
    // A new store when there is none, or when most of it is dead.
    let fresh_store = kept.is_none() || store_len > 2 * kept_bytes + (64 << 20);
    let name = match kept {
        Some(k) if !fresh_store => k.name.clone(),
        _ => format!("html-{}.bin", unique_suffix()),
    };
    let path = dir.join(&name);
    let mut store = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| e.to_string())?;
    let mut offset = store.metadata().map_err(|e| e.to_string())?.len();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut store);
    let mut files = Vec::with_capacity(live.len());
    // Per file: as it was restored (file and body).
    let mut same = Vec::with_capacity(live.len());
    for (path, parsed, statement, cached) in live {
        same.push(parsed.from_cache && cached.is_none_or(|c| kept_at(c).is_some()));
        let body = match cached {
            None => None,
            Some(c) => {
                let at = if fresh_store { None } else { kept_at(c) };
                let (at, len) = match at {
                    Some(at) => at,
                    None => {
                        let record = postcard::to_stdvec(c.body.html.get()).map_err(|e| e.to_string())?;
                        let len = u32::try_from(record.len() + 4).map_err(|_| "a body over 4 GB")?;
                        out.write_all(&(len - 4).to_le_bytes())
                            .map_err(|e| e.to_string())?;
                        out.write_all(&record).map_err(|e| e.to_string())?;
                        let at = offset;
                        offset += u64::from(len);
                        (at, len)
                    }
                };
                Some(BodyOut {
                    deps: &c.deps,
                    version: c.version,
                    body: &c.body,
                    at,
                    len,
                })
            }
        };
        files.push(FileOut {
            path,
            rel: &parsed.rel,
            statement,
            heading_ids: &parsed.heading_ids,
            target_key: parsed.target_key,
            text_key: parsed.text_key,
            stamp: parsed.stamp,
            body,
        });
    }
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    // Bodies written from a store that could not be read are not kept.
    if let Some(failure) = kept.and_then(|k| k.failure()) {
        if fresh_store {
            let _ = std::fs::remove_file(&path);
        }
        return Err(failure);
    }
    let head = HeadOut {
        header: Header::of(config),
        html: &name,
        structure: cache
            .structure()
            .map(|st| (st.key, st.archive.as_ref(), st.links.as_ref())),
        unique_urls: cache.unique_urls,
    };
    let mut bytes = Vec::with_capacity(files.len() * 1024);
    push_frame(&mut bytes, &head)?;
    // Files in the order of the frames they were restored from: a frame
    // none of whose files changed is copied as it was.
    let old = kept.and_then(|k| k.load.as_ref()).filter(|_| !fresh_store);
    let frame_of = |path: &Path| {
        let frames = &old?.1;
        Some(
            frames
                .partition_point(|f| f.first.as_path() <= path)
                .saturating_sub(1),
        )
    };
    let mut start = 0;
    while start < files.len() {
        let j = frame_of(files[start].path);
        let end = start + files[start..].partition_point(|f| frame_of(f.path) == j);
        let group = &files[start..end];
        let copy = match (old, j) {
            (Some((file, frames)), Some(j))
                if group.len() == frames[j].count && same[start..end].iter().all(|&s| s) =>
            {
                let mut raw = vec![0; frames[j].len as usize];
                file.read_exact_at(&mut raw, frames[j].at).ok().map(|()| raw)
            }
            _ => None,
        };
        match copy {
            Some(raw) => bytes.extend_from_slice(&raw),
            None => {
                for chunk in group.chunks(FRAME) {
                    push_frame(&mut bytes, &chunk)?;
                }
            }
        }
        start = end;
    }
    write_atomically(&dir.join("load.bin"), &bytes)?;
    // Stores no state names any more.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if file.starts_with("html-") && file.ends_with(".bin") && file != name {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// The last successful build's memo, when it was made for `config`.
pub fn restore_memo(config: &Config) -> Option<Memo> {
    let bytes = std::fs::read(dir(config).join("memo.bin")).ok()?;
    let (header, memo): (Header, Memo) = postcard::from_bytes(&bytes).ok()?;
    (header == Header::of(config)).then_some(memo)
}

/// Keeps a successful build's memo for the next build.
pub fn save_memo(config: &Config, memo: &Memo) -> Result<(), String> {
    let bytes = postcard::to_stdvec(&(Header::of(config), memo)).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir(config)).map_err(|e| e.to_string())?;
    write_atomically(&dir(config).join("memo.bin"), &bytes)
}

/// Forgets the loaded archive and the memo (after a body could not be
/// read back): the next build loads everything.
pub fn forget(config: &Config) {
    let dir = dir(config);
    let _ = std::fs::remove_file(dir.join("load.bin"));
    let _ = std::fs::remove_file(dir.join("memo.bin"));
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, path).map_err(|e| e.to_string())
}

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!("{nanos:x}-{}", std::process::id())
}
