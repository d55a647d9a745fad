//! Links: the statements and their bodies in, the web between them out —
//! backlinks, related statements, and previous/next by the same speaker.
//!
//! Everything is computed through indexes (by reference target, by term,
//! by speaker), never by comparing all pairs of statements: the cost is
//! linear in the archive's size, with a bounded window around each
//! statement in very common terms.

use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{Body, People, Statement, normalize_name};

/// How far around a statement, within one term's (date-ordered) list, the
/// search for related statements looks. Bounds the work for terms that
/// thousands of statements share, whose weight is low anyway.
const RELATED_WINDOW: usize = 64;

/// The cross-links of an archive; each vector is indexed like the
/// statements (newest first).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct LinkGraph {
    /// Statements that reference each statement, oldest first.
    pub backlinks: Vec<Vec<usize>>,
    /// Up to `[links] related` statements, most related first.
    pub related: Vec<Vec<usize>>,
    /// The previous (older) and next (newer) statement by the first speaker.
    pub previous_by_speaker: Vec<Option<usize>>,
    pub next_by_speaker: Vec<Option<usize>>,
}

/// The speaker key that matches aliases of one person together.
fn speaker_key(name: &str, people: &People) -> String {
    match people.find(name) {
        Some(p) => format!("person:{}", people.list[p].slug),
        None => normalize_name(name),
    }
}

pub fn build(
    statements: &[Arc<Statement>],
    bodies: &[Arc<Body>],
    people: &People,
    related_count: usize,
) -> LinkGraph {
    let n = statements.len();
    let t = std::time::Instant::now();

    let by_rel: foldhash::HashMap<&str, usize> = statements
        .iter()
        .enumerate()
        .map(|(i, s)| (s.rel.as_str(), i))
        .collect();
    let references: Vec<Vec<usize>> = bodies
        .iter()
        .map(|b| {
            b.references
                .iter()
                .filter_map(|r| by_rel.get(r.as_str()).copied())
                .collect()
        })
        .collect();
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, refs) in references.iter().enumerate() {
        for &to in refs {
            if to != from {
                backlinks[to].push(from);
            }
        }
    }
    // Oldest first: larger indexes are older.
    for list in &mut backlinks {
        list.sort_unstable_by(|a, b| b.cmp(a));
        list.dedup();
    }

    // Term index: (field, normalised name) -> statements, newest first.
    let mut by_term: foldhash::HashMap<(u8, String), Vec<usize>> = Default::default();
    let mut keys: Vec<Vec<(u8, String)>> = Vec::with_capacity(n);
    for (i, s) in statements.iter().enumerate() {
        let mut mine = Vec::new();
        for t in &s.topics {
            mine.push((0, normalize_name(t)));
        }
        for c in &s.countries {
            mine.push((1, normalize_name(c)));
        }
        for sp in &s.speakers {
            mine.push((2, speaker_key(sp, people)));
        }
        mine.sort();
        mine.dedup();
        for k in &mine {
            by_term.entry(k.clone()).or_default().push(i);
        }
        keys.push(mine);
    }

    crate::diag::timing("    term index", t);
    let total = n.max(1) as f64;
    // Looked up for every candidate: kept dense rather than behind each
    // statement's pointer.
    let times: Vec<i64> = statements.iter().map(|s| s.date.timestamp()).collect();
    // `score` holds a score for every statement, `touched` the ones scored.
    let relate = |i: usize, score: &mut [u64], touched: &mut Vec<usize>| -> Vec<usize> {
        if related_count == 0 {
            return Vec::new();
        }
        for key in &keys[i] {
            let Some(list) = by_term.get(key) else { continue };
            if list.len() < 2 {
                continue;
            }
            // Rarer terms weigh more (inverse document frequency),
            // in fixed point: sums are exact whatever their order.
            let weight = (((total / list.len() as f64).ln() + 1.0) * 65536.0) as u64;
            let pos = list.binary_search(&i).unwrap_or_else(|p| p);
            let lo = pos.saturating_sub(RELATED_WINDOW);
            let hi = (pos + RELATED_WINDOW + 1).min(list.len());
            for &j in &list[lo..hi] {
                if score[j] == 0 {
                    touched.push(j);
                }
                score[j] += weight;
            }
        }
        // Statements already linked from or to this one are shown
        // as such; related ones are the others.
        for &j in backlinks[i].iter().chain(&references[i]).chain([&i]) {
            score[j] = 0;
        }
        // Highest score first; ties go to the statement nearest in
        // time, then to the newer one. Only the best few are sorted.
        let at = times[i];
        let mut ranked: Vec<(u64, i64, usize)> = touched
            .drain(..)
            .filter_map(|j| {
                let sum = std::mem::take(&mut score[j]);
                (sum > 0).then(|| (sum, (times[j] - at).abs(), j))
            })
            .collect();
        let order = |a: &(u64, i64, usize), b: &(u64, i64, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.cmp(&b.1))
                .then_with(|| a.2.cmp(&b.2))
        };
        if ranked.len() > related_count {
            ranked.select_nth_unstable_by(related_count, order);
            ranked.truncate(related_count);
        }
        ranked.sort_by(order);
        // Not `into_iter().map().collect()`, which would keep `ranked`'s
        // whole allocation for the few numbers kept.
        let mut best = Vec::with_capacity(ranked.len());
        best.extend(ranked.iter().map(|&(_, _, j)| j));
        best
    };
    // A few chunks per core, each with its own scratch: the scratch is as
    // long as the archive, so it is made a few times, not once a statement.
    let chunk = n.div_ceil(rayon::current_num_threads() * 4).max(1);
    let chunks: Vec<Vec<Vec<usize>>> = (0..n)
        .step_by(chunk)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|lo| {
            let mut score = vec![0u64; n];
            let mut touched = Vec::new();
            (lo..(lo + chunk).min(n))
                .map(|i| relate(i, &mut score, &mut touched))
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    let related: Vec<Vec<usize>> = chunks.into_iter().flatten().collect();

    crate::diag::timing("    related", t);
    let mut previous_by_speaker = vec![None; n];
    let mut next_by_speaker = vec![None; n];
    for (i, s) in statements.iter().enumerate() {
        let Some(first) = s.speakers.first() else { continue };
        let Some(list) = by_term.get(&(2, speaker_key(first, people))) else {
            continue;
        };
        if let Ok(pos) = list.binary_search(&i) {
            previous_by_speaker[i] = list.get(pos + 1).copied();
            next_by_speaker[i] = pos.checked_sub(1).map(|p| list[p]);
        }
    }

    LinkGraph {
        backlinks,
        related,
        previous_by_speaker,
        next_by_speaker,
    }
}
