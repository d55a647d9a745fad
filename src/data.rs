//! The archive as data: the loaded site in, machine-readable files out.
//!
//! Each statement becomes a [`Record`]: every front-matter field, the body
//! as HTML and as plain text, its URLs, and its references, backlinks and
//! related statements by document id. [`statement_json`] writes one
//! record (the `index.json` beside a statement's page); [`bulk`] writes
//! the whole archive under `data/`: `statements.jsonl` and
//! `statements.csv` with gzip copies (split by year past
//! [`SPLIT_BYTES`]), a `datapackage.json` (Frictionless Data Package)
//! that describes each file with its schema, size and sha256, and a
//! README. Every byte is a function of the site: the same archive gives
//! the same files (gzip headers carry no time).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::Digest as _;

use crate::model::Statement;
use crate::render::SiteData;

/// The folder of the bulk files.
pub const DIR: &str = "data/";

/// Once the archive has more than this many statements, the bulk files
/// are written one per year instead. 5,000 statements of a typical length
/// (300 to 800 words) make a `statements.jsonl` of 15 to 30 MB: below it
/// one file is simplest to use; above it a year is what a study usually
/// takes, a spreadsheet opens it (a large archive's whole text passes
/// Excel's 1,048,576 rows and most editors' patience), every host takes it
/// (GitHub warns at 50 MB and refuses 100 MB), and the years are made in
/// parallel. A count rather than a size decides, so that the files the
/// site has are known before their bytes are made (which then happens
/// while the pages are written).
pub const SPLIT_ABOVE: usize = 5_000;

/// A speaker as data: the name as written and the role held that day.
#[derive(Serialize)]
struct SpeakerRecord<'a> {
    name: &'a str,
    role: Option<String>,
}

/// One statement as data.
#[derive(Serialize)]
pub struct Record<'a> {
    /// The stable document id.
    id: &'a str,
    /// The front matter's `id` (the publisher's document number), if any.
    document_number: &'a Option<String>,
    url: String,
    permanent_url: String,
    /// The file under content/.
    file: &'a str,
    title: &'a str,
    date: String,
    has_time: bool,
    updated: Option<String>,
    kind: &'a Option<String>,
    speakers: Vec<SpeakerRecord<'a>>,
    location: &'a Option<String>,
    topics: &'a [String],
    countries: &'a [String],
    /// The front matter's summary, else the body's opening sentences, lead-ins skipped.
    summary: &'a str,
    slug: &'a str,
    source: &'a Option<String>,
    /// Absolute URLs of the old addresses that redirect here.
    aliases: Vec<String>,
    draft: bool,
    extra: &'a Value,
    words: usize,
    /// Ids of the statements this one links to, of those that link to
    /// it, and of related ones (shared topics, countries, speakers).
    references: Vec<&'a str>,
    backlinks: Vec<&'a str>,
    related: Vec<&'a str>,
    /// With links absolute.
    #[serde(skip_serializing_if = "Option::is_none")]
    body_html: Option<std::borrow::Cow<'a, str>>,
    body_text: String,
}

/// What records are made from: the site and its content paths.
pub struct Records<'a> {
    site: SiteData<'a>,
    by_rel: foldhash::HashMap<&'a str, usize>,
}

impl<'a> Records<'a> {
    pub fn new(site: SiteData<'a>) -> Records<'a> {
        let by_rel = site
            .statements
            .iter()
            .enumerate()
            .map(|(i, s)| (s.rel.as_str(), i))
            .collect();
        Records { site, by_rel }
    }

    /// The statements statement `i`'s body links to, by index.
    pub fn references(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.site.bodies[i]
            .references
            .iter()
            .filter_map(|r| self.by_rel.get(r.as_str()).copied())
    }

    /// Statement `i` as data, with its body's HTML when `html`.
    pub fn record(&self, i: usize, html: bool) -> Record<'a> {
        let site = self.site;
        let s: &'a Statement = &site.statements[i];
        let body = &site.bodies[i];
        let base = &site.config.base_url;
        let ids = |items: &[usize]| -> Vec<&'a str> {
            items
                .iter()
                .map(|&j| site.statements[j].doc_id.as_str())
                .collect()
        };
        let roles = crate::cite::roles(s, site.people);
        Record {
            id: &s.doc_id,
            document_number: &s.id,
            url: base.absolute(&s.site_path),
            permanent_url: base.absolute(&s.id_path),
            file: &s.rel,
            title: &s.title,
            date: s.date.to_rfc3339(),
            has_time: s.has_time,
            updated: s.updated.map(|u| u.to_rfc3339()),
            kind: &s.kind,
            speakers: s
                .speakers
                .iter()
                .zip(roles)
                .map(|(name, role)| SpeakerRecord { name, role })
                .collect(),
            location: &s.location,
            topics: &s.topics,
            countries: &s.countries,
            summary: &body.summary,
            slug: &s.slug,
            source: &s.source,
            aliases: s.aliases.iter().map(|a| base.absolute(a)).collect(),
            draft: s.draft,
            extra: &s.extra,
            words: body.words,
            references: self
                .references(i)
                .map(|j| site.statements[j].doc_id.as_str())
                .collect(),
            backlinks: ids(&site.links.backlinks[i]),
            related: ids(&site.links.related[i]),
            body_html: html.then(|| match &body.html.get().feed_html {
                Some(absolute) => std::borrow::Cow::Borrowed(absolute.as_str()),
                None => crate::markdown::absolutize(&body.html.get().html, base),
            }),
            body_text: html_to_text(&body.html.get().html),
        }
    }
}

/// The `index.json` beside a statement's page: its record, with the body
/// as HTML (links absolute) and as plain text.
pub fn statement_json(records: &Records, i: usize) -> Vec<u8> {
    json_of(&records.record(i, true))
}

/// The bytes of an `index.json`: the record (with its body's HTML),
/// pretty-printed.
fn json_of(record: &Record) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(record).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Offered each statement whose lines a part makes: when `claim(i)`, the
/// part makes statement `i`'s `index.json` too, from the same record, and
/// hands it to `made(i, bytes)` (see [`crate::build::plan::OutputPlan::make_bulk`]).
pub struct Beside<'b> {
    pub claim: &'b (dyn Fn(usize) -> bool + Sync),
    pub made: &'b (dyn Fn(usize, Vec<u8>) + Sync),
}

/// Plain text of rendered body HTML: tags out, entities decoded, a blank
/// line between blocks, one line per list item or table row, cells
/// separated by tabs, scripts and styles left out.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut pre = 0usize;
    let mut skip: Option<&str> = None;
    let newline = |out: &mut String, n: usize| {
        let trailing = out.len() - out.trim_end_matches('\n').len();
        let keep = out.trim_end_matches([' ', '\t']).len();
        out.truncate(keep);
        if !out.is_empty() {
            for _ in trailing.min(n)..n {
                out.push('\n');
            }
        }
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip.is_none() {
                push_text(&mut out, rest, pre > 0);
            }
            break;
        };
        if skip.is_none() {
            push_text(&mut out, &rest[..lt], pre > 0);
        }
        rest = &rest[lt..];
        // A comment, a tag, or a `<` that is text.
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            if skip.is_none() {
                push_text(&mut out, rest, pre > 0);
            }
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let named = tag.trim_start_matches('/');
        let name = &named[..named
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(named.len())];
        let mut lower = [0u8; 10];
        let name = match lower.get_mut(..name.len()) {
            Some(lower) => {
                lower.copy_from_slice(name.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).unwrap_or("")
            }
            // No tag the text cares about has a name this long.
            None => "",
        };
        if let Some(until) = skip {
            if closing && name == until {
                skip = None;
            }
            continue;
        }
        match name {
            "script" | "style" if !closing => {
                skip = Some(if name == "script" { "script" } else { "style" });
            }
            "pre" => {
                if closing {
                    pre = pre.saturating_sub(1);
                } else {
                    pre += 1;
                }
                newline(&mut out, 2);
            }
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "ul" | "ol" | "table" | "hr"
            | "div" | "section" | "dl" => newline(&mut out, 2),
            "li" | "tr" | "dt" | "dd" | "br" => newline(&mut out, 1),
            "td" | "th" if !closing && !out.ends_with('\n') && !out.is_empty() => out.push('\t'),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Text between tags: entities decoded, runs of white space one space
/// (outside `<pre>`).
fn push_text(out: &mut String, text: &str, pre: bool) {
    let decoded = decode_entities(text);
    if pre {
        out.push_str(&decoded);
        return;
    }
    let is_space = |b: u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
    let bytes = decoded.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Copied as it is up to a run of white space other than one space
        // between two words (most text has no other kind).
        let mut run = at;
        // Eight bytes at a time while they hold no white space but lone
        // spaces between words (no byte below `!` but spaces, and none
        // of those spaces followed by a byte below `!`).
        if bytes.get(at).is_some_and(|&b| b > b' ') {
            while let Some(eight) = bytes.get(run..run + 9) {
                let word = u64::from_le_bytes([
                    eight[0], eight[1], eight[2], eight[3], eight[4], eight[5], eight[6], eight[7],
                ]);
                let low = below_bang(word);
                if low != 0 {
                    let spaces = zero_bytes(word ^ 0x2020_2020_2020_2020);
                    let next_low = (low >> 8) | (u64::from(eight[8] <= b' ') << 63);
                    if low & !spaces != 0 || spaces & next_low != 0 {
                        break;
                    }
                }
                run += 8;
            }
        }
        while let Some(&b) = bytes.get(run) {
            let lone_space = b == b' ' && run > at && bytes.get(run + 1).is_some_and(|&next| !is_space(next));
            if b > b' ' || lone_space || !is_space(b) {
                run += 1;
            } else {
                break;
            }
        }
        out.push_str(&decoded[at..run]);
        let end = bytes[run..]
            .iter()
            .position(|&b| !is_space(b))
            .map_or(bytes.len(), |n| run + n);
        if end > run && !out.is_empty() && !out.ends_with([' ', '\n', '\t']) {
            out.push(' ');
        }
        at = end;
    }
}

/// The high bit of each byte of `word` that is below `!` (a space or a
/// control character), exactly: no carry crosses a byte.
fn below_bang(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at_least = ((word & !HIGH) + 0x5f5f_5f5f_5f5f_5f5f) | word;
    !at_least & HIGH
}

/// The high bit of each byte of `word` that is zero, exactly.
fn zero_bytes(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let nonzero = ((word & !HIGH) + !HIGH) | word;
    !nonzero & HIGH
}

fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The columns of `statements.csv`, with their Table Schema types and
/// descriptions.
const CSV_FIELDS: &[(&str, &str, &str)] = &[
    (
        "id",
        "string",
        "The stable document id: the front matter's `id`, else derived from the file's path under content/.",
    ),
    (
        "document_number",
        "string",
        "The publisher's document number (the front matter's `id`); empty when none.",
    ),
    ("url", "string", "The statement's page."),
    (
        "permanent_url",
        "string",
        "The permanent address /id/<id>/, which redirects to the page.",
    ),
    (
        "date",
        "string",
        "When it was issued: an RFC 3339 date-time in the archive's time zone (midnight when only the day is known).",
    ),
    ("has_time", "boolean", "Whether the time of day is known."),
    (
        "updated",
        "string",
        "When it was last corrected (RFC 3339); empty when never.",
    ),
    ("title", "string", "The title."),
    (
        "kind",
        "string",
        "The kind (Press Statement, Remarks, …); empty when none.",
    ),
    ("speakers", "string", "The speakers, separated by \"; \"."),
    (
        "roles",
        "string",
        "Each speaker's role on that day, in the speakers' order, separated by \"; \" (empty where unknown).",
    ),
    ("location", "string", "Where it was given or issued."),
    ("topics", "string", "Topics, separated by \"; \"."),
    ("countries", "string", "Countries, separated by \"; \"."),
    (
        "summary",
        "string",
        "The front matter's summary, else the body's opening sentences, lead-ins skipped.",
    ),
    ("source", "string", "Where the original was published."),
    ("words", "integer", "Words in the body."),
    (
        "text",
        "string",
        "The body as plain text (blank lines between paragraphs).",
    ),
];

/// The fields of `statements.jsonl`, with their Table Schema types.
const JSONL_FIELDS: &[(&str, &str, &str)] = &[
    (
        "id",
        "string",
        "The stable document id: the front matter's `id`, else derived from the file's path under content/.",
    ),
    (
        "document_number",
        "string",
        "The publisher's document number (the front matter's `id`), or null.",
    ),
    ("url", "string", "The statement's page."),
    (
        "permanent_url",
        "string",
        "The permanent address /id/<id>/, which redirects to the page.",
    ),
    ("file", "string", "The statement's file under content/."),
    ("title", "string", "The title."),
    (
        "date",
        "string",
        "When it was issued: an RFC 3339 date-time in the archive's time zone.",
    ),
    ("has_time", "boolean", "Whether the time of day is known."),
    (
        "updated",
        "string",
        "When it was last corrected (RFC 3339), or null.",
    ),
    ("kind", "string", "The kind, or null."),
    (
        "speakers",
        "array",
        "The speakers: objects {name, role}, role being the one held that day, or null.",
    ),
    ("location", "string", "Where it was given or issued, or null."),
    ("topics", "array", "Topics (strings)."),
    ("countries", "array", "Countries (strings)."),
    (
        "summary",
        "string",
        "The front matter's summary, else the body's opening sentences, lead-ins skipped.",
    ),
    ("slug", "string", "The URL slug."),
    ("source", "string", "Where the original was published, or null."),
    (
        "aliases",
        "array",
        "Old addresses (absolute URLs) that redirect to the page.",
    ),
    (
        "draft",
        "boolean",
        "Marked as a draft (only in builds with --drafts).",
    ),
    ("extra", "object", "The front matter's free [extra] table."),
    ("words", "integer", "Words in the body."),
    ("references", "array", "Ids of the statements this one links to."),
    (
        "backlinks",
        "array",
        "Ids of the statements that link to this one.",
    ),
    (
        "related",
        "array",
        "Ids of related statements (shared topics, countries and speakers).",
    ),
    ("body_text", "string", "The body as plain text."),
];

fn join(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Statements in one chunk of a part: each chunk's lines are made, and
/// compressed, on their own (in parallel), and a chunk none of whose
/// statements changed is copied from the part's last files.
const CHUNK: usize = 256;

/// Where one chunk of a part is in the part's four files (in the order of
/// [`BulkPart::files`]: JSON Lines, its gzip copy, CSV, its gzip copy),
/// and the key of the ids its lines name. In a gzip copy a chunk is a
/// run of complete deflate blocks that starts afresh (no reference to the
/// chunk before it) and ends on a byte: the file is one ordinary gzip
/// member, as any reader expects, yet a chunk can be spliced in anew.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct Chunk {
    named: crate::key::Key,
    /// Start and length in each file.
    spans: [(u64, u64); 4],
}

/// One chunk's bytes in each of the four files, and its key.
struct ChunkBytes<'e> {
    named: crate::key::Key,
    bytes: [std::borrow::Cow<'e, [u8]>; 4],
}

/// The last build's part, with its files' bytes (in the order of
/// [`BulkPart::files`]), offered when a part is made again: its chunks
/// whose statements did not change are copied.
pub struct Earlier {
    pub part: std::sync::Arc<BulkPart>,
    pub files: Vec<Vec<u8>>,
}

impl Earlier {
    fn chunk(&self, c: usize) -> Option<ChunkBytes<'_>> {
        let chunk = self.part.chunks.get(c)?;
        let mut bytes: [std::borrow::Cow<'_, [u8]>; 4] = Default::default();
        for (n, &(at, len)) in chunk.spans.iter().enumerate() {
            let at = usize::try_from(at).ok()?;
            let end = at.checked_add(usize::try_from(len).ok()?)?;
            bytes[n] = std::borrow::Cow::Borrowed(self.files.get(n)?.get(at..end)?);
        }
        Some(ChunkBytes {
            named: chunk.named,
            bytes,
        })
    }
}

/// A part's lines and rows, by chunk: copied from `earlier` where the
/// chunk's statements are all `same` as last time and name the same ids,
/// else made (and compressed) anew.
fn part_chunks<'e>(
    records: &Records,
    items: &[usize],
    named: &[crate::key::Key],
    earlier: Option<&'e Earlier>,
    same: &(dyn Fn(usize) -> bool + Sync),
    beside: &Beside,
) -> Vec<ChunkBytes<'e>> {
    items
        .par_chunks(CHUNK)
        .zip(named)
        .enumerate()
        .map(|(c, (chunk, &named))| {
            if let Some(kept) = earlier.and_then(|e| e.chunk(c))
                && kept.named == named
                && chunk.iter().all(|&i| same(i))
            {
                return kept;
            }
            let (jsonl, csv) = lines(records, chunk, beside);
            let (jsonl_gz, csv_gz) = (deflate(&jsonl), deflate(&csv));
            ChunkBytes {
                named,
                bytes: [jsonl.into(), jsonl_gz.into(), csv.into(), csv_gz.into()],
            }
        })
        .collect()
}

fn lines(records: &Records, items: &[usize], beside: &Beside) -> (Vec<u8>, Vec<u8>) {
    let mut jsonl = Vec::new();
    let mut rows = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for &i in items {
        // A line is the record without the body's HTML, which its
        // index.json has.
        let claimed = (beside.claim)(i);
        let mut r = records.record(i, claimed);
        if claimed {
            (beside.made)(i, json_of(&r));
            r.body_html = None;
        }
        if serde_json::to_writer(&mut jsonl, &r).is_ok() {
            jsonl.push(b'\n');
        }
        let speakers = join(r.speakers.iter().map(|s| s.name));
        let roles = join(r.speakers.iter().map(|s| s.role.as_deref().unwrap_or("")));
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let _ = rows.write_record([
            r.id.to_string(),
            opt(r.document_number),
            r.url,
            r.permanent_url,
            r.date,
            r.has_time.to_string(),
            r.updated.unwrap_or_default(),
            r.title.to_string(),
            opt(r.kind),
            speakers,
            roles,
            opt(r.location),
            join(r.topics),
            join(r.countries),
            r.summary.to_string(),
            opt(r.source),
            r.words.to_string(),
            r.body_text,
        ]);
    }
    (jsonl, rows.into_inner().unwrap_or_default())
}

/// `bytes` as raw deflate blocks that start afresh and end on a byte
/// boundary (a full flush), not marked final: what [`gzip_of`] joins.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::fast(), false);
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    loop {
        let done = c.total_in() as usize;
        out.reserve(bytes.len().saturating_sub(done) / 2 + 1024);
        if c.compress_vec(
            &bytes[done.min(bytes.len())..],
            &mut out,
            flate2::FlushCompress::Full,
        )
        .is_err()
        {
            break;
        }
        // The flush is complete once it left room in the buffer.
        if c.total_in() as usize >= bytes.len() && out.len() < out.capacity() {
            break;
        }
    }
    out
}

/// A gzip file (one member, no name, time 0) of the blocks made by
/// [`deflate`] from the pieces of `plain`, in order.
fn gzip_of<'a>(blocks: impl Iterator<Item = &'a [u8]>, plain: &[u8]) -> Vec<u8> {
    // ID, deflate, no flags, no time, no extra flags, OS unknown.
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    for block in blocks {
        gz.extend_from_slice(block);
    }
    // A final, empty block with fixed codes.
    gz.extend_from_slice(&[0x03, 0x00]);
    let mut crc = flate2::Crc::new();
    crc.update(plain);
    gz.extend_from_slice(&crc.sum().to_le_bytes());
    gz.extend_from_slice(&(plain.len() as u32).to_le_bytes());
    gz
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn schema(fields: &[(&str, &str, &str)]) -> Value {
    json!({
        "fields": fields
            .iter()
            .map(|(name, kind, description)| json!({"name": name, "type": kind, "description": description}))
            .collect::<Vec<_>>(),
        "primaryKey": ["id"],
    })
}

/// One bulk file: name, description, bytes and Table Schema.
type BulkFile = (String, String, Vec<u8>, Value);

/// The files of `data/`, in the order [`bulk`] makes them: known before
/// any is made (from the number of statements and the years).
pub fn bulk_files(site: SiteData) -> Vec<String> {
    let stems: Vec<String> = if site.statements.len() > site.config.data_split_above {
        site.archive
            .years
            .iter()
            .map(|y| format!("statements-{:04}", y.year))
            .collect()
    } else {
        vec!["statements".into()]
    };
    let mut files: Vec<String> = stems
        .iter()
        .flat_map(|stem| ["jsonl", "jsonl.gz", "csv", "csv.gz"].map(|ext| format!("{DIR}{stem}.{ext}")))
        .collect();
    files.push(format!("{DIR}README.md"));
    files.push(format!("{DIR}datapackage.json"));
    files
}

/// One part of the bulk data, a year's or the whole archive's: its four
/// files (JSON Lines, CSV and their gzip copies), finished.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct BulkPart {
    year: Option<i32>,
    /// The statements (indexes) its lines were made from. While they, the
    /// site's structure (see [`crate::build::memo`]) and `named` are the
    /// same, so is the part.
    pub reads: Box<[u32]>,
    /// The key of the document ids its lines name ([`part_reads`]).
    pub named: crate::key::Key,
    pub files: Vec<BulkPartFile>,
    /// Where each chunk of its statements is in its files.
    chunks: Vec<Chunk>,
}

/// One file of a [`BulkPart`].
#[derive(serde::Serialize, serde::Deserialize)]
pub struct BulkPartFile {
    /// Its path (`data/statements.jsonl`).
    pub path: String,
    /// Its bytes; `None` once handed to the output as it was made (see
    /// [`bulk`]), and in a part the build cache restored, which keeps only
    /// the key (the file itself is in the output folder).
    #[serde(skip)]
    pub bytes: Option<Vec<u8>>,
    /// Handed to the output by this build, as soon as it was made.
    #[serde(skip)]
    pub handed: bool,
    pub key: crate::key::Key,
    /// The Data Package resource that describes it (size and sha256).
    #[serde(with = "crate::model::json_text")]
    pub resource: Value,
}

impl BulkPart {
    pub fn year(&self) -> Option<i32> {
        self.year
    }
}

/// The archive's data: the parts, then README.md and datapackage.json,
/// in the order of [`bulk_files`].
pub struct Bulk {
    pub parts: Vec<std::sync::Arc<BulkPart>>,
    /// How many of the parts the last build's were.
    pub kept: usize,
    pub tail: Vec<(String, Vec<u8>)>,
}

impl Bulk {
    /// File `n` of [`bulk_files`]: its bytes (`None` when a restored part
    /// has only its key, or when it was handed over already), its key, and
    /// whether it was handed over.
    pub fn file(&self, n: usize) -> Option<(Option<&[u8]>, crate::key::Key, bool)> {
        let in_parts = self.parts.len() * 4;
        if n < in_parts {
            let file = self.parts[n / 4].files.get(n % 4)?;
            Some((file.bytes.as_deref(), file.key, file.handed))
        } else {
            let (_, bytes) = self.tail.get(n - in_parts)?;
            Some((Some(bytes), crate::key::of_bytes(bytes), false))
        }
    }
}

/// What the lines of `items` read: the statements themselves, and per
/// chunk of them ([`CHUNK`]) the key of the document ids of those they
/// name (backlinks, related statements, references), with the key of
/// those keys. Of a named statement a line holds only its id, so an edit
/// of its body changes no part that merely names it.
/// A chunk's key is the one it had in `last` (the last build's part, of
/// the same statements, under the same structure) when every statement
/// it names is `same` as then.
fn part_reads(
    records: &Records,
    items: &[usize],
    last: Option<&BulkPart>,
    same: &(dyn Fn(usize) -> bool + Sync),
) -> (Box<[u32]>, Vec<crate::key::Key>, crate::key::Key) {
    let links = records.site.links;
    let statements = records.site.statements;
    let reads: Box<[u32]> = items.iter().map(|&i| i as u32).collect();
    let last = last.filter(|p| p.reads == reads);
    let names = |i: usize| {
        links.backlinks[i]
            .iter()
            .chain(&links.related[i])
            .copied()
            .chain(records.references(i))
    };
    let named: Vec<crate::key::Key> = items
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            if let Some(old) = last.and_then(|p| p.chunks.get(c))
                && chunk.iter().all(|&i| names(i).all(same))
            {
                return old.named;
            }
            let named: Vec<Vec<&str>> = chunk
                .iter()
                .map(|&i| names(i).map(|j| statements[j].doc_id.as_str()).collect())
                .collect();
            crate::key::of(&named)
        })
        .collect();
    let all = crate::key::of(&named);
    (reads, named, all)
}

/// Takes a bulk file as soon as it is made (its path, key and bytes), so
/// that the parts are not all held at once: gives the bytes back when it
/// did not take them.
pub type Hand<'h> = dyn Fn(&str, crate::key::Key, Vec<u8>) -> Option<Vec<u8>> + Sync + 'h;

/// The bulk files under `data/`, in the order of [`bulk_files`]
/// (datapackage.json last). `reuse(year)` gives a part the last build
/// made that still holds (`None`: the whole archive's), whose files are
/// at hand; `last(year)` the last build's part, made under the same
/// structure, and `earlier` its files' bytes, of which the chunks whose
/// statements are `same` are copied into a part made again. Each file of a part made again goes to `hand` when it is
/// made.
pub fn bulk(
    site: SiteData,
    reuse: &(dyn Fn(Option<i32>) -> Option<std::sync::Arc<BulkPart>> + Sync),
    last: &(dyn Fn(Option<i32>) -> Option<std::sync::Arc<BulkPart>> + Sync),
    earlier: &(dyn Fn(std::sync::Arc<BulkPart>) -> Option<Earlier> + Sync),
    same: &(dyn Fn(usize) -> bool + Sync),
    hand: &Hand,
    beside: &Beside,
) -> Bulk {
    let records = Records::new(site);
    let header = {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = w.write_record(CSV_FIELDS.iter().map(|f| f.0));
        w.into_inner().unwrap_or_default()
    };
    let header = (deflate(&header), header);
    let split = site.statements.len() > site.config.data_split_above;
    let kept = AtomicUsize::new(0);
    let all: Vec<usize>;
    let parts: Vec<(Option<i32>, &[usize])> = if split {
        site.archive
            .years
            .iter()
            .map(|y| (Some(y.year), y.statements.as_slice()))
            .collect()
    } else {
        // Newest first, as the years are.
        all = (0..site.statements.len()).collect();
        vec![(None, all.as_slice())]
    };
    let parts: Vec<std::sync::Arc<BulkPart>> = parts
        .par_iter()
        .map(|&(year, items)| {
            let last = last(year);
            let (reads, named, key) = part_reads(&records, items, last.as_deref(), same);
            if let Some(part) = reuse(year).filter(|p| p.named == key) {
                kept.fetch_add(1, Ordering::Relaxed);
                return part;
            }
            let earlier = last
                .filter(|p| p.reads == reads)
                .and_then(earlier)
                .filter(|e| e.files.len() == 4);
            let chunks = part_chunks(&records, items, &named, earlier.as_ref(), same, beside);
            std::sync::Arc::new(finish(year, chunks, &header, (reads, key), hand))
        })
        .collect();
    let resources: Vec<&Value> = parts
        .iter()
        .flat_map(|p| p.files.iter().map(|f| &f.resource))
        .collect();
    let config = site.config;
    let package = json!({
        "name": package_name(&config.title),
        "title": config.title,
        "description": format!(
            "Every statement of {}, as data: JSON Lines with the full text and CSV with metadata and plain text (each also gzip-compressed{}). Each statement's page also has an index.json beside it (every field, the body as HTML and as text) and citation files (cite.bib, cite.ris, cite.json).",
            config.title,
            if split { "; one file per year" } else { "" }
        ),
        "homepage": config.base_url.absolute(""),
        "publisher": config.publisher,
        "languages": [config.language],
        "created_by": concat!("pressroom ", env!("CARGO_PKG_VERSION")),
        "count": site.statements.len(),
        "resources": resources,
    });
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    Bulk {
        parts,
        kept: kept.into_inner(),
        tail: vec![
            (format!("{DIR}README.md"), readme(site).into_bytes()),
            (format!("{DIR}datapackage.json"), bytes),
        ],
    }
}

/// A part's four files, joined from its chunks (the CSV led by `header`,
/// given as it is and deflated), each described as a Data Package
/// resource with its size and sha256, and offered to `hand`.
fn finish(
    year: Option<i32>,
    chunks: Vec<ChunkBytes>,
    header: &(Vec<u8>, Vec<u8>),
    (reads, named): (Box<[u32]>, crate::key::Key),
    hand: &Hand,
) -> BulkPart {
    let join = |n: usize, lead: &[u8]| {
        let mut out = Vec::with_capacity(lead.len() + chunks.iter().map(|c| c.bytes[n].len()).sum::<usize>());
        out.extend_from_slice(lead);
        for c in &chunks {
            out.extend_from_slice(&c.bytes[n]);
        }
        out
    };
    let (jsonl, csv) = (join(0, &[]), join(2, &header.1));
    let (jsonl_gz, csv_gz) = rayon::join(
        || gzip_of(chunks.iter().map(|c| &*c.bytes[1]), &jsonl),
        || {
            gzip_of(
                std::iter::once(header.0.as_slice()).chain(chunks.iter().map(|c| &*c.bytes[3])),
                &csv,
            )
        },
    );
    // Where each chunk went: after the CSV's header, and after the gzip
    // header (and the CSV header's blocks).
    let mut at = [0u64, 10, header.1.len() as u64, 10 + header.0.len() as u64];
    let spans = chunks
        .iter()
        .map(|c| Chunk {
            named: c.named,
            spans: std::array::from_fn(|n| {
                let len = c.bytes[n].len() as u64;
                let span = (at[n], len);
                at[n] += len;
                span
            }),
        })
        .collect();
    drop(chunks);
    let stem = match year {
        Some(y) => format!("statements-{y:04}"),
        None => "statements".into(),
    };
    let of = match year {
        Some(y) => format!("statements of {y:04}"),
        None => "every statement".into(),
    };
    let json_schema = schema(JSONL_FIELDS);
    let csv_schema = schema(CSV_FIELDS);
    let files: Vec<BulkFile> = vec![
        (
            format!("{stem}.jsonl"),
            format!("The archive's {of}, newest first, one JSON object a line, with the full text."),
            jsonl,
            json_schema.clone(),
        ),
        (
            format!("{stem}.jsonl.gz"),
            format!("{stem}.jsonl, gzip-compressed."),
            jsonl_gz,
            json_schema,
        ),
        (
            format!("{stem}.csv"),
            format!(
                "The archive's {of}, newest first, one row each: metadata and plain text (RFC 4180, UTF-8, CR LF)."
            ),
            csv,
            csv_schema.clone(),
        ),
        (
            format!("{stem}.csv.gz"),
            format!("{stem}.csv, gzip-compressed."),
            csv_gz,
            csv_schema,
        ),
    ];
    // On every core: each file is hashed once, for its resource and its
    // key (the first 128 bits of its sha256).
    let files = files
        .into_par_iter()
        .map(|(name, description, bytes, schema)| {
            let (format, mediatype) = if name.contains(".jsonl") {
                ("jsonl", "application/jsonl")
            } else {
                ("csv", "text/csv")
            };
            let digest = sha2::Sha256::digest(&bytes);
            let mut resource = json!({
                "name": name.replace('.', "-"),
                "path": name,
                "type": "table",
                "scheme": "file",
                "format": format,
                "mediatype": mediatype,
                "encoding": "utf-8",
                "description": description,
                "bytes": bytes.len(),
                "hash": format!("sha256:{}", hex(&digest)),
                "schema": schema,
            });
            if name.ends_with(".gz") {
                resource["compression"] = json!("gz");
            }
            let path = format!("{DIR}{name}");
            let mut first = [0; 16];
            first.copy_from_slice(&digest[..16]);
            let key = crate::key::Key(u128::from_be_bytes(first));
            let bytes = hand(&path, key, bytes);
            BulkPartFile {
                handed: bytes.is_none(),
                path,
                key,
                bytes,
                resource,
            }
        })
        .collect();
    BulkPart {
        year,
        reads,
        named,
        files,
        chunks: spans,
    }
}

/// A Data Package name: lower case letters, digits, `-`, `_` and `.`.
fn package_name(title: &str) -> String {
    let slug = crate::permalink::slugify(title);
    if slug.is_empty() {
        "statements".into()
    } else {
        slug
    }
}

fn readme(site: SiteData) -> String {
    let years: Vec<String> = site.archive.years.iter().map(|y| y.year.to_string()).collect();
    let range = match (years.last(), years.first()) {
        (Some(a), Some(b)) if a != b => format!(", {a}–{b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let mut text = format!(
        "# {} as data\n\n{} statements{range}. Published by {}.\n\n",
        site.config.title,
        site.statements.len(),
        site.config.publisher
    );
    text.push_str(concat!(
        "- `statements.jsonl` — one JSON object a line, newest first: every front-matter field, ",
        "the speakers with the role each held that day, the body as plain text (`body_text`), the URLs, ",
        "and references, backlinks and related statements by id.\n",
        "- `statements.csv` — the same statements, one row each: metadata and plain text ",
        "(lists separated by \"; \"). RFC 4180, UTF-8, CR LF line ends.\n",
        "- `*.gz` — the same files, gzip-compressed.\n",
        "- `datapackage.json` — a Frictionless Data Package: every file's schema (field names, types, ",
        "descriptions), size and sha256. Check it with `frictionless validate data/datapackage.json`.\n\n",
    ));
    text.push_str(&format!(
        "When the archive has more than {} statements (site.toml's `[data] split_above`), there is one file per year instead (`statements-2021.jsonl`, …), all listed in datapackage.json.\n\n",
        site.config.data_split_above
    ));
    text.push_str(concat!(
        "Each statement's page has `index.json` beside it (the same fields, with the body as HTML too), ",
        "and `cite.bib`, `cite.ris` and `cite.json` (CSL-JSON). Each statement's permanent address is ",
        "`/id/<id>/`, which redirects to its page.\n",
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gunzip(gz: &[u8]) -> Vec<u8> {
        use std::io::Read as _;
        let mut out = Vec::new();
        let mut decoder = flate2::read::GzDecoder::new(gz);
        decoder.read_to_end(&mut out).expect("a valid gzip file");
        // One member: nothing follows it.
        let mut rest = Vec::new();
        decoder.into_inner().read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty(), "{} bytes after the gzip member", rest.len());
        out
    }

    #[test]
    fn pieces_deflated_apart_join_into_one_gzip_member_of_the_whole() {
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("line {i} of the archive, {}\n", i * 7919 % 1000).into_bytes())
            .collect();
        for cuts in [vec![], vec![0], vec![1, 5, 100_000], vec![3_000_000]] {
            let mut pieces = Vec::new();
            let mut at = 0;
            for cut in cuts.into_iter().chain([text.len()]) {
                let cut = cut.min(text.len()).max(at);
                pieces.push(&text[at..cut]);
                at = cut;
            }
            let blocks: Vec<Vec<u8>> = pieces.iter().map(|p| deflate(p)).collect();
            let gz = gzip_of(blocks.iter().map(Vec::as_slice), &text);
            assert_eq!(gunzip(&gz), text);
        }
        assert_eq!(gunzip(&gzip_of(std::iter::empty(), b"")), b"");
        // A piece replaced by the same bytes deflated again: the same file.
        let blocks: Vec<Vec<u8>> = text.chunks(50_000).map(deflate).collect();
        let mut again = blocks.clone();
        again[3] = deflate(&text[150_000..200_000]);
        assert_eq!(
            gzip_of(blocks.iter().map(Vec::as_slice), &text),
            gzip_of(again.iter().map(Vec::as_slice), &text)
        );
    }

    #[test]
    fn text_of_html() {
        let html = "<h2 id=\"a\">Head &amp; more</h2>\n<p>One <em>two</em>\nthree.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<script>x()</script><p>&#8220;Q&#x201D; &lt;b&gt;</p>";
        assert_eq!(
            html_to_text(html),
            "Head & more\n\nOne two three.\n\na\nb\n\n“Q” <b>"
        );
    }

    /// The rule `push_text` keeps, word by word: runs of white space
    /// are one space, none at the start of the output or after a space,
    /// a line break or a tab.
    fn push_text_word_by_word(out: &mut String, text: &str) {
        for (n, word) in text.split([' ', '\n', '\t', '\r']).enumerate() {
            if n > 0 && !out.is_empty() && !out.ends_with([' ', '\n', '\t']) {
                out.push(' ');
            }
            out.push_str(word);
        }
    }

    #[test]
    fn text_copied_eight_bytes_at_a_time_follows_the_word_by_word_rule() {
        let pieces = [
            "a", "bc", "defghij", " ", "  ", "\n", "\t", "\r", "\u{b}", "é", "\u{a0}", "x y",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut bits = seed;
            for _ in 0..(bits % 24) {
                bits = bits.rotate_right(5).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                text.push_str(pieces[(bits >> 59) as usize % pieces.len()]);
            }
            for start in ["", "x", "x ", "x\n"] {
                let (mut fast, mut slow) = (start.to_string(), start.to_string());
                push_text(&mut fast, &text, false);
                push_text_word_by_word(&mut slow, &text);
                assert_eq!(fast, slow, "{start:?} + {text:?}");
            }
        }
    }

    #[test]
    fn white_space_between_tags_is_one_space_and_text_is_copied_as_it_is() {
        for (html, text) in [
            ("<p>  a  b\n\tc </p>", "a b c"),
            ("<p>a <b>b</b> c</p>", "a b c"),
            ("<p>a<b> b </b>c</p>", "a b c"),
            ("<p>x</p>\n<p> y</p>", "x\n\ny"),
            ("<p>one two\r\nthree  four</p>", "one two three four"),
            ("<p>a\u{a0} b&nbsp; c</p>", "a\u{a0} b\u{a0} c"),
            ("<p>é ü\t\tß</p>", "é ü ß"),
            ("<pre>  kept\n  as is</pre>", "kept\n  as is"),
            ("<td>a</td><td> b</td>", "a\tb"),
        ] {
            assert_eq!(html_to_text(html), text, "{html:?}");
        }
    }
}
