//! The search index kept for the next build, in `.pressroom/search.bin`.
//!
//! In: an [`Index`] (its statements' versions, its postings and the key of
//! the people files' names). Out: the file, and the index read back from
//! it. A cached `pressroom build` reads it, patches it (re-reading only
//! the statements whose version changed, see [`Index::patch`]) and keeps
//! it again: the index is no longer made from every body on every build.
//! With it, the keys of the files it made: a file whose words and
//! statements did not change, and which the output folder holds made with
//! its key, is not made again.
//!
//! The file is postcard (as the rest of `.pressroom/`): a header (this
//! format's number, pressroom's version, the people key, and the key of
//! the bytes that follow), then the versions and the postings, each
//! list's numbers as gaps. Invariant: a file that is missing, of another
//! format or version, damaged or inconsistent reads as `None`, and the
//! build makes the index anew — with the same bytes as any other build.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Facet, File, Index, Postings};
use crate::key::Key;

/// Changes whenever the file's shape, or how words and impacts are made
/// (`src/search/text.rs`, the weights), changes.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize, PartialEq)]
struct Header {
    format: u32,
    version: String,
    people: u128,
    /// The key of the bytes after the header.
    body: Key,
}

#[derive(Serialize, Deserialize)]
struct Body {
    versions: Vec<Key>,
    /// Each word (in order) with its postings: `gap << 4 | impact`, the
    /// gap counted from the number of the posting before (from 0).
    postings: Vec<(String, Vec<u32>)>,
    /// The files the index last made, by path and key: dictionary blocks
    /// (by first word, with their number of words), postings files (by
    /// word) and statement files (in order).
    blocks: Vec<(String, usize, String, Key)>,
    frequent: Vec<(String, String, Key)>,
    chunks: Vec<(String, Key)>,
    /// The key of what the facets read, each facet's values (without the
    /// values of each statement, which only its files hold), and the
    /// files made from them and from the dates.
    facets: Option<SavedFacets>,
}

type SavedFacets = (
    Key,
    Vec<(String, Vec<(String, String, usize)>)>,
    Vec<(String, Key)>,
);

/// Keeps `index` at `path` (written beside it, then moved in place).
pub(super) fn save(path: &Path, index: &Index) -> Result<(), String> {
    let postings = index
        .postings
        .iter()
        .map(|(word, list)| {
            let mut last = 0;
            let gaps = list
                .iter()
                .map(|p| {
                    let (number, impact) = (p >> 4, p & 15);
                    let gap = number - last;
                    last = number;
                    (gap << 4) | impact
                })
                .collect();
            (word.clone(), gaps)
        })
        .collect();
    let mut blocks: Vec<(String, usize, String, Key)> = index
        .blocks
        .iter()
        .map(|(first, (count, file))| (first.clone(), *count, file.path.clone(), file.key))
        .collect();
    blocks.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut frequent: Vec<(String, String, Key)> = index
        .frequent
        .iter()
        .map(|(word, file)| (word.clone(), file.path.clone(), file.key))
        .collect();
    frequent.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let body = postcard::to_stdvec(&Body {
        versions: index.versions.clone(),
        postings,
        blocks,
        frequent,
        chunks: index.chunks.iter().map(|f| (f.path.clone(), f.key)).collect(),
        facets: index.facets.as_ref().map(|(key, facets, files)| {
            (
                *key,
                facets
                    .iter()
                    .map(|f| (f.param.to_string(), f.values.clone()))
                    .collect(),
                files.iter().map(|f| (f.path.clone(), f.key)).collect(),
            )
        }),
    })
    .map_err(|e| e.to_string())?;
    let header = Header {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").into(),
        people: index.people,
        body: crate::key::of_bytes(&body),
    };
    let mut bytes = postcard::to_stdvec(&header).map_err(|e| e.to_string())?;
    bytes.extend_from_slice(&body);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let partial = path.with_extension("bin.partial");
    std::fs::write(&partial, &bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The index kept at `path`, when there is one of this format and
/// version, whole and consistent, made with these people files' names.
pub(super) fn load(path: &Path, people: u128) -> Option<Index> {
    let bytes = std::fs::read(path).ok()?;
    let (header, rest): (Header, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    let want = Header {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").into(),
        people,
        body: crate::key::of_bytes(rest),
    };
    if header != want {
        return None;
    }
    let body: Body = postcard::from_bytes(rest).ok()?;
    let count = u32::try_from(body.versions.len()).ok()?;
    let mut postings = Postings::new();
    let mut last_word: Option<&str> = None;
    for (word, gaps) in &body.postings {
        // Words in order, each once; lists not empty, numbers rising and
        // below the count, impacts 1 to 15.
        if last_word.is_some_and(|last| last >= word.as_str()) || gaps.is_empty() {
            return None;
        }
        last_word = Some(word);
        let mut number = 0u32;
        let mut list = Vec::with_capacity(gaps.len());
        for (k, g) in gaps.iter().enumerate() {
            let (gap, impact) = (g >> 4, g & 15);
            if (k > 0 && gap == 0) || impact == 0 {
                return None;
            }
            number = number.checked_add(gap)?;
            if number >= count {
                return None;
            }
            list.push((number << 4) | impact);
        }
        postings.insert(word.clone(), list);
    }
    let mut index = Index::of(body.versions, postings, people);
    // The files are known by their keys: the build makes again those that
    // changed, and those the output folder does not hold as made.
    index.blocks = body
        .blocks
        .into_iter()
        .map(|(first, count, path, key)| (first, (count, File::kept(path, key))))
        .collect();
    index.frequent = body
        .frequent
        .into_iter()
        .map(|(word, path, key)| (word, File::kept(path, key)))
        .collect();
    index.chunks = body
        .chunks
        .into_iter()
        .map(|(path, key)| File::kept(path, key))
        .collect();
    index.facets = body.facets.and_then(|(key, facets, files)| {
        let facets = facets
            .into_iter()
            .map(|(param, values)| {
                let (param, _) = super::FACETS.iter().find(|(p, _)| *p == param)?;
                Some(Facet {
                    param,
                    values,
                    of: Vec::new(),
                })
            })
            .collect::<Option<Vec<Facet>>>()?;
        let files = files
            .into_iter()
            .map(|(path, key)| File::kept(path, key))
            .collect();
        Some((key, facets, files))
    });
    index.dirty = Some(Default::default());
    index.loaded = Some((index.facets.as_ref().map(|f| f.0), 0));
    Some(index)
}
