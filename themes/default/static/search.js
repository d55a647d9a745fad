// pressroom's search page: queries the index the build writes under
// search/ (its format is in the default theme's README, "The search
// index") in the reader's browser, fetching only index.json, the
// dictionary blocks and postings of the words asked for, the files of
// the statements shown (and their pages, for snippets) and the columns
// of the facets shown. No other script and no other host is involved.
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script.getAttribute("data-index");
  var siteUrl = script.getAttribute("data-site");
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var newest = document.getElementById("search-newest");
  var from = document.getElementById("search-from");
  var to = document.getElementById("search-to");
  var facetsBox = document.getElementById("search-facets");
  var status = document.getElementById("search-status");
  var notes = document.getElementById("search-notes");
  var help = document.getElementById("search-help");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 20;
  // A phrase is checked in the text of the statements with all its
  // words: all of them when there are at most this many, else those shown.
  var CHECK_ALL = 50;
  var LABELS = { kind: "Kind", speaker: "Speaker", topic: "Topic", country: "Country", year: "Year" };
  var OPEN = { kind: true, year: true };
  var SHOW = 15;

  var fetched = new Map();
  function get(path, asText) {
    if (!fetched.has(path)) {
      var url = path.indexOf("//") >= 0 || path.charAt(0) === "/" ? path : indexUrl + path;
      fetched.set(path, fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return asText ? r.text() : r.json();
      }));
    }
    return fetched.get(path);
  }

  // ---- Words, exactly as src/search/text.rs makes them ----
  var GROUP = /[\p{Alphabetic}\p{N}]+(?:[-\u2010\u2011'\u2019.][\p{Alphabetic}\p{N}]+)*/gu;
  var JOINER = /[-\u2010\u2011'\u2019.]/u;
  function fold(text, meta) {
    var table = meta.fold;
    return Array.from(text.toLowerCase()).map(function (c) {
      return Object.prototype.hasOwnProperty.call(table, c) ? table[c] : c;
    }).join("");
  }
  // Every token of a folded text: [word, "word" | "part" | "compound"].
  function tokens(folded) {
    var out = [];
    var groups = folded.match(GROUP) || [];
    groups.forEach(function (g) {
      var parts = g.split(JOINER);
      if (parts.length === 1) {
        out.push([g, "word"]);
      } else {
        parts.forEach(function (p) { out.push([p, "part"]); });
        out.push([parts.join(""), "compound"]);
      }
    });
    return out;
  }
  function indexed(word, meta) {
    return Array.from(word).length >= 2 && meta.stopSet.indexOf(word) < 0;
  }

  // ---- The query ----
  // Terms: {words, phrase, exclude, prefix, text}; words the index does
  // not have (one letter, or a stop word) are listed in `ignored`.
  function parse(query, meta) {
    var terms = [];
    var ignored = [];
    var re = /(-?)"([^"]*)"?|(\S+)/g;
    var m;
    var lastBare = null;
    while ((m = re.exec(query)) !== null) {
      if (m[3] !== undefined) {
        var raw = m[3];
        var exclude = raw.length > 1 && raw.charAt(0) === "-";
        if (exclude) raw = raw.slice(1);
        var words = tokens(fold(raw, meta)).filter(function (t) { return t[1] !== "part"; }).map(function (t) { return t[0]; });
        words.forEach(function (w, k) {
          if (!indexed(w, meta)) { ignored.push(w); return; }
          var term = { words: [w], phrase: false, exclude: exclude, prefix: false, text: w };
          terms.push(term);
          if (!exclude && k === words.length - 1 && re.lastIndex === query.length) lastBare = term;
        });
      } else {
        var base = tokens(fold(m[2], meta)).filter(function (t) { return t[1] !== "compound"; }).map(function (t) { return t[0]; });
        var kept = base.filter(function (w) { return indexed(w, meta); });
        base.forEach(function (w) { if (!indexed(w, meta)) ignored.push(w); });
        if (kept.length === 0) continue;
        terms.push({ words: kept, phrase: base.length > 1, sequence: base, exclude: m[1] === "-", prefix: false, text: "\u201c" + m[2].trim() + "\u201d" });
      }
    }
    if (lastBare && !/\s$/.test(query)) lastBare.prefix = true;
    return { terms: terms, ignored: ignored };
  }

  // Compares by code points, as Rust compares strings.
  function cmp(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var k = 0; k < Math.min(x.length, y.length); k++) {
      var d = x[k].codePointAt(0) - y[k].codePointAt(0);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }
  function blockOf(meta, word) {
    var lo = 0, hi = meta.blocks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (cmp(meta.blocks[mid][0], word) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  // Decodes `[gap × 16 + impact, …]`: the statement numbers, ascending,
  // and their impacts.
  function decode(list) {
    var ids = new Uint32Array(list.length);
    var impacts = new Uint8Array(list.length);
    var n = 0;
    for (var k = 0; k < list.length; k++) {
      var p = list[k];
      n += Math.floor(p / 16);
      ids[k] = n;
      impacts[k] = p % 16;
    }
    return { ids: ids, impacts: impacts };
  }
  async function postingsOf(entry) {
    if (typeof entry === "string") return decode(await get("w/" + entry + ".json"));
    return decode(entry);
  }
  function idf(meta, df) {
    return Math.log(1 + (meta.count - df + 0.5) / (df + 0.5));
  }
  // Hits are {ids, scores}: statement numbers, ascending, and their scores.
  var NONE = { ids: new Uint32Array(0), scores: new Float64Array(0) };
  function scored(meta, postings, factor) {
    var weight = idf(meta, postings.ids.length) * factor;
    var scores = new Float64Array(postings.ids.length);
    for (var k = 0; k < scores.length; k++) scores[k] = postings.impacts[k] * weight;
    return { ids: postings.ids, scores: scores };
  }
  // The statements of either, with the larger score of the two.
  function union(a, b) {
    if (a.ids.length === 0) return b;
    if (b.ids.length === 0) return a;
    var ids = new Uint32Array(a.ids.length + b.ids.length);
    var scores = new Float64Array(ids.length);
    var i = 0, j = 0, m = 0;
    while (i < a.ids.length || j < b.ids.length) {
      var x = i < a.ids.length ? a.ids[i] : Infinity, y = j < b.ids.length ? b.ids[j] : Infinity;
      if (x === y) { ids[m] = x; scores[m++] = Math.max(a.scores[i++], b.scores[j++]); }
      else if (x < y) { ids[m] = x; scores[m++] = a.scores[i++]; }
      else { ids[m] = y; scores[m++] = b.scores[j++]; }
    }
    return { ids: ids.subarray(0, m), scores: scores.subarray(0, m) };
  }
  // The statements of both, their scores added.
  function intersect(a, b) {
    var ids = new Uint32Array(Math.min(a.ids.length, b.ids.length));
    var scores = new Float64Array(ids.length);
    var i = 0, j = 0, m = 0;
    while (i < a.ids.length && j < b.ids.length) {
      var x = a.ids[i], y = b.ids[j];
      if (x === y) { ids[m] = x; scores[m++] = a.scores[i++] + b.scores[j++]; }
      else if (x < y) i++;
      else j++;
    }
    return { ids: ids.subarray(0, m), scores: scores.subarray(0, m) };
  }
  // The statements of `a` that are not in `b`.
  function without(a, b) {
    var ids = new Uint32Array(a.ids.length);
    var scores = new Float64Array(ids.length);
    var i = 0, j = 0, m = 0;
    while (i < a.ids.length) {
      while (j < b.ids.length && b.ids[j] < a.ids[i]) j++;
      if (j >= b.ids.length || b.ids[j] !== a.ids[i]) { ids[m] = a.ids[i]; scores[m++] = a.scores[i]; }
      i++;
    }
    return { ids: ids.subarray(0, m), scores: scores.subarray(0, m) };
  }
  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }
  // The hits of one word, or of every word a prefix begins.
  async function hitsOf(meta, word, prefix) {
    if (meta.blocks.length === 0) return NONE;
    var common = has(meta.common, word) ? meta.common[word] : null;
    var at = blockOf(meta, word);
    // A common word's postings, without its block unless the word is a
    // prefix too (both fetched at once).
    var exact = common !== null ? postingsOf(common) : null;
    var block = common === null || prefix ? await get("d/" + meta.blocks[at][1] + ".json") : {};
    var hits = NONE;
    function add(postings, factor) { hits = union(hits, scored(meta, postings, factor)); }
    if (exact !== null) add(await exact, 1);
    else if (has(block, word)) add(await postingsOf(block[word]), 1);
    if (prefix) {
      var blocks = [block];
      for (var k = at + 1; k < meta.blocks.length && k < at + 3 && meta.blocks[k][0].startsWith(word); k++) {
        blocks.push(await get("d/" + meta.blocks[k][1] + ".json"));
      }
      var frequent = [];
      for (var b = 0; b < blocks.length; b++) {
        for (var key in blocks[b]) {
          if (key === word || !key.startsWith(word)) continue;
          if (typeof blocks[b][key] === "string") frequent.push(key); else add(decode(blocks[b][key]), 0.8);
        }
      }
      // The closest few frequent words the prefix begins, not all of
      // them; none when the word is a frequent word itself (typing it is
      // most likely done, and each would be a file to fetch).
      frequent.sort(function (x, y) { return x.length - y.length || cmp(x, y); });
      var chosen = common !== null ? [] : frequent.slice(0, 3);
      var lists = await Promise.all(chosen.map(function (w) {
        var owner = blocks.find(function (bl) { return has(bl, w); });
        return postingsOf(owner[w]);
      }));
      lists.forEach(function (p) { add(p, 0.8); });
    }
    return hits;
  }

  // ---- Facets ----
  // Parsed files, by path: a column or a value's list is parsed once.
  var parsedFiles = new Map();
  function parsedFile(path, asText, parse) {
    if (!parsedFiles.has(path)) parsedFiles.set(path, get(path, asText).then(parse));
    return parsedFiles.get(path);
  }
  // A facet's column: the values of statement n are
  // values[start[n]] … values[start[n + 1] − 1].
  function column(meta, param) {
    return parsedFile("facets/" + param + ".txt", true, function (text) {
      var start = new Uint32Array(meta.count + 1);
      var values = new Uint32Array((text.length >> 1) + 1);
      var n = 0, m = 0, v = -1;
      for (var k = 0; k < text.length && n < meta.count; k++) {
        var c = text.charCodeAt(k);
        if (c === 10) {
          if (v >= 0) values[m++] = v;
          v = -1;
          start[++n] = m;
        } else if (c === 44) {
          values[m++] = v;
          v = -1;
        } else {
          var d = c <= 57 ? c - 48 : c - 87;
          v = v < 0 ? d : v * 36 + d;
        }
      }
      for (; n < meta.count; n++) start[n + 1] = m;
      return { start: start, values: values };
    });
  }
  // The numbers of the statements that have value `id` of facet `f`.
  function valueList(f, id) {
    var v = f.values[id];
    return parsedFile("facets/" + f.param + "/" + (v[3] || v[0]) + ".json", false, function (gaps) {
      var ids = new Uint32Array(gaps.length);
      var n = 0;
      for (var k = 0; k < gaps.length; k++) ids[k] = n += gaps[k];
      return ids;
    });
  }
  // The numbers of the chosen values of facet `f`.
  function chosenValues(f, slugs) {
    var ids = [];
    f.values.forEach(function (v, id) { if (slugs.indexOf(v[0]) >= 0) ids.push(id); });
    return ids;
  }
  function yearOf(meta, n) {
    var y = meta.years;
    var lo = 0, hi = y.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (y[mid][1] <= n) lo = mid; else hi = mid - 1;
    }
    return y[lo][0];
  }
  // The numbers [first, end) of the statements dated from..to.
  async function dateRange(meta, fromDate, toDate) {
    if (!fromDate && !toDate) return null;
    var days = await get("dates.json");
    function firstOn(day) {
      for (var k = 0; k < days.length; k++) if (days[k][0] >= day) return days[k][1];
      return meta.count;
    }
    var a = fromDate ? firstOn(parseInt(fromDate.replace(/-/g, ""), 10)) : 0;
    var b = toDate ? firstOn(parseInt(toDate.replace(/-/g, ""), 10) + 1) : meta.count;
    return [a, b];
  }

  // ---- State in the address ----
  function readState() {
    var p = new URLSearchParams(location.search);
    var state = { q: p.get("q") || "", sort: p.get("sort") === "newest" || p.get("newest") === "1" ? "newest" : "", from: p.get("from") || "", to: p.get("to") || "", facets: {} };
    ["kind", "speaker", "topic", "country", "year"].forEach(function (param) {
      var values = p.getAll(param).filter(Boolean);
      if (values.length) state.facets[param] = values;
    });
    return state;
  }
  function writeState(state, push) {
    var p = new URLSearchParams();
    if (state.q.trim()) p.set("q", state.q.trim());
    Object.keys(state.facets).forEach(function (param) {
      state.facets[param].forEach(function (v) { p.append(param, v); });
    });
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    if (state.sort) p.set("sort", state.sort);
    var search = p.toString();
    var url = search ? "?" + search : location.pathname;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }
  function stateFromForm() {
    var facets = {};
    facetsBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (facets[box.name] = facets[box.name] || []).push(box.value);
    });
    return { q: input.value, sort: newest.checked ? "newest" : "", from: from.value, to: to.value, facets: facets };
  }

  // ---- Finding ----
  // The statements that match the words of the query, with their scores;
  // every statement, unscored, for a query of facets only. Every file
  // the words need is fetched at once.
  async function match(meta, parsed) {
    var wanted = [];
    parsed.terms.forEach(function (t) {
      if (!t.exclude) t.words.forEach(function (w) { wanted.push(hitsOf(meta, w, t.prefix)); });
    });
    // (An excluded phrase is checked in the text, with the others.)
    var excluded = parsed.terms.filter(function (t) { return t.exclude && !t.phrase; }).map(function (t) {
      return Promise.all(t.words.map(function (x) { return hitsOf(meta, x, false); }));
    });
    var lists = await Promise.all(wanted);
    var hits = null;
    if (lists.length === 0) {
      var all = new Uint32Array(meta.count);
      for (var n = 0; n < all.length; n++) all[n] = n;
      hits = { ids: all, scores: new Float64Array(meta.count) };
    } else {
      // Shortest first: each intersection is at most as long.
      lists.sort(function (a, b) { return a.ids.length - b.ids.length; });
      hits = lists[0];
      for (var k = 1; k < lists.length && hits.ids.length > 0; k++) hits = intersect(hits, lists[k]);
    }
    var sets = await Promise.all(excluded);
    sets.forEach(function (words) { hits = without(hits, words.reduce(intersect)); });
    return hits;
  }

  // The facets whose every value is counted: those open by default (kind
  // and year, a column of a few values) while open, and those the reader
  // opened or asked to count. A chosen facet not counted counts its chosen
  // values only, from their lists: a speaker's list is a few KB, the
  // speakers' column a hundred at 100,000 statements.
  var countAll = new Set();
  function countedFacets(meta) {
    return meta.facets.map(function (f) { return f.param; }).filter(function (p) {
      var details = facetsBox.querySelector("details[data-param=" + p + "]");
      var open = details ? details.open : OPEN[p];
      return open && (OPEN[p] || countAll.has(p));
    });
  }
  // Starts fetching what filter() will read: the columns of the facets
  // `counting`, the lists of the values chosen in the others.
  function facetFiles(meta, state, counting) {
    return meta.facets.map(function (f) {
      if (counting.indexOf(f.param) >= 0) return column(meta, f.param).then(function (c) { return { f: f, column: c }; });
      if (!state.facets[f.param]) return null;
      var chosen = chosenValues(f, state.facets[f.param]);
      return Promise.all(chosen.map(function (id) { return valueList(f, id); })).then(function (lists) {
        return { f: f, chosen: chosen, lists: lists };
      });
    });
  }
  // Keeps the hits that the chosen facets, years and dates let through
  // (AND across facets, OR within one), and counts the values of each
  // facet over the hits that fail no other facet (unless `keepOnly`).
  async function filter(meta, hits, state, counting, keepOnly) {
    var range = await dateRange(meta, state.from, state.to);
    var facets = (await Promise.all(facetFiles(meta, state, counting))).filter(Boolean);
    if (keepOnly && !range && !state.facets.year && facets.length === 0) {
      // Nothing to keep out and nothing to count.
      return { kept: hits.ids, scores: hits.scores, counts: { year: null }, known: {}, partial: {} };
    }
    var YEAR = facets.length;
    facets.forEach(function (e) {
      var chosen = state.facets[e.f.param];
      e.selected = !!chosen;
      e.counts = new Int32Array(e.f.values.length);
      if (e.column) {
        e.on = new Uint8Array(e.f.values.length);
        if (chosen) chosenValues(e.f, chosen).forEach(function (id) { e.on[id] = 1; });
      } else {
        e.at = new Uint32Array(e.lists.length);
        e.has = new Uint8Array(e.lists.length);
      }
    });
    var years = state.facets.year ? new Set(state.facets.year.map(Number)) : null;
    var yearCounts = new Map();
    var kept = new Uint32Array(hits.ids.length), keptScores = new Float64Array(hits.ids.length), m = 0;
    var y = 0, nextYear = meta.years.length > 1 ? meta.years[1][1] : Infinity;
    for (var k = 0; k < hits.ids.length; k++) {
      var n = hits.ids[k];
      if (range && (n < range[0] || n >= range[1])) continue;
      while (n >= nextYear) nextYear = ++y + 1 < meta.years.length ? meta.years[y + 1][1] : Infinity;
      var year = meta.years.length ? meta.years[y][0] : 0;
      var failed = -1, fails = 0;
      for (var j = 0; j < facets.length; j++) {
        var e = facets[j];
        if (!e.selected) continue;
        var ok = false;
        if (e.column) {
          for (var v = e.column.start[n]; v < e.column.start[n + 1]; v++) if (e.on[e.column.values[v]]) ok = true;
        } else {
          for (var c = 0; c < e.lists.length; c++) {
            var list = e.lists[c];
            while (e.at[c] < list.length && list[e.at[c]] < n) e.at[c]++;
            e.has[c] = e.at[c] < list.length && list[e.at[c]] === n ? 1 : 0;
            if (e.has[c]) ok = true;
          }
        }
        if (!ok) { failed = j; fails++; }
      }
      if (years && !years.has(year)) { failed = YEAR; fails++; }
      if (fails > 1) continue;
      for (j = 0; j < facets.length; j++) {
        e = facets[j];
        if (fails === 1 && failed !== j) continue;
        if (e.column) {
          for (v = e.column.start[n]; v < e.column.start[n + 1]; v++) e.counts[e.column.values[v]]++;
        } else {
          for (c = 0; c < e.lists.length; c++) if (e.has[c]) e.counts[e.chosen[c]]++;
        }
      }
      if (fails === 0 || failed === YEAR) yearCounts.set(year, (yearCounts.get(year) || 0) + 1);
      if (fails === 0) { kept[m] = n; keptScores[m++] = hits.scores[k]; }
    }
    var counts = { year: yearCounts }, known = {}, partial = {};
    facets.forEach(function (e) {
      var map = new Map();
      e.counts.forEach(function (count, id) { if (count > 0) map.set(id, count); });
      if (!e.column) e.chosen.forEach(function (id) { if (!map.has(id)) map.set(id, 0); });
      counts[e.f.param] = map;
      if (e.column) known[e.f.param] = true; else partial[e.f.param] = true;
    });
    return { kept: kept.subarray(0, m), scores: keptScores.subarray(0, m), counts: counts, known: known, partial: partial };
  }
  // The kept statements in the order shown: best score first (newest
  // first among equal scores, to 2^-25 of the best), or newest first.
  function order(kept, scores, byDate) {
    var out = new Uint32Array(kept.length);
    var k;
    if (byDate) {
      for (k = 0; k < kept.length; k++) out[k] = kept[kept.length - 1 - k];
      return out;
    }
    // Score and number in one number that sorts natively: numbers are
    // below 2^27, and scores are scaled to at most 2^25 (relative to the
    // best: a very common word's scores are all tiny).
    var best = 0;
    for (k = 0; k < kept.length; k++) if (scores[k] > best) best = scores[k];
    var scale = best > 0 ? 33554432 / best : 0;
    var keys = new Float64Array(kept.length);
    for (k = 0; k < kept.length; k++) keys[k] = Math.round(scores[k] * scale) * 134217728 + kept[k];
    keys.sort();
    for (k = 0; k < kept.length; k++) out[k] = keys[kept.length - 1 - k] % 134217728;
    return out;
  }

  // ---- Showing ----
  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // `known`: the facets whose every value is counted; `partial`: those
  // whose chosen values alone are.
  function renderFacets(meta, state, counts, known, partial) {
    partial = partial || {};
    var open = {};
    facetsBox.querySelectorAll("details[data-param]").forEach(function (d) { open[d.dataset.param] = d.open; });
    facetsBox.textContent = "";
    var groups = meta.facets.map(function (f) {
      return { param: f.param, values: f.values.map(function (v, id) { return { slug: v[0], name: v[1], id: id }; }) };
    });
    groups.push({ param: "year", values: meta.years.map(function (y) { return { slug: String(y[0]), name: String(y[0]), id: y[0] }; }).reverse() });
    groups.forEach(function (g) {
      var details = element("details", "facet");
      details.dataset.param = g.param;
      var chosen = state.facets[g.param] || [];
      details.open = open[g.param] !== undefined ? open[g.param] : (OPEN[g.param] || chosen.length > 0);
      var summary = element("summary", null, LABELS[g.param] || g.param);
      details.appendChild(summary);
      var fieldset = element("fieldset");
      var legend = element("legend", "visually-hidden", LABELS[g.param] || g.param);
      fieldset.appendChild(legend);
      var all = g.param === "year" || known[g.param];
      var some = !all && partial[g.param];
      var values = g.values.map(function (v) {
        var on = chosen.indexOf(v.slug) >= 0;
        var count = all || (some && on) ? (counts[g.param].get(v.id) || 0) : null;
        return { v: v, count: count, on: on };
      }).filter(function (x) { return x.on || x.count === null || x.count > 0; });
      if (g.param !== "year") values.sort(function (a, b) { return (b.count || 0) - (a.count || 0) || cmp(a.v.name, b.v.name); });
      var shown = values.filter(function (x, k) { return x.on || k < SHOW; });
      shown.forEach(function (x) {
        var id = "facet-" + g.param + "-" + x.v.slug;
        var row = element("div", "facet-value");
        var box = element("input");
        box.type = "checkbox";
        box.name = g.param;
        box.value = x.v.slug;
        box.id = id;
        box.checked = x.on;
        var label = element("label", null, x.v.name + " ");
        label.htmlFor = id;
        if (x.count !== null) label.appendChild(element("span", "facet-count", "(" + x.count + ")"));
        row.appendChild(box);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      if (shown.length === 0) fieldset.appendChild(element("p", "facet-none", "None"));
      if (values.length > shown.length) fieldset.appendChild(element("p", "facet-more", (values.length - shown.length) + " more not shown"));
      if (some) {
        // The other values' counts need the facet's whole column.
        var count = element("button", "facet-count-all", "Count the others");
        count.type = "button";
        count.addEventListener("click", function () { countAll.add(g.param); run(false); });
        fieldset.appendChild(count);
      }
      details.appendChild(fieldset);
      // Opened by the reader: its counts (its column) are fetched.
      summary.addEventListener("click", function () {
        setTimeout(function () {
          if (details.open && !all) { countAll.add(g.param); run(false); }
        }, 0);
      });
      facetsBox.appendChild(details);
    });
  }

  function card(doc) {
    var li = element("li", "card");
    var h = element("h2", "card-title");
    var a = element("a", null, doc[1]);
    a.href = siteUrl + doc[0];
    h.appendChild(a);
    li.appendChild(h);
    var meta = element("p", "meta");
    var time = element("time", null, doc[3]);
    time.dateTime = doc[2];
    meta.appendChild(time);
    var rest = [doc[4]].concat(doc[5].join(", ")).filter(Boolean);
    if (rest.length) meta.appendChild(document.createTextNode(" · " + rest.join(" · ")));
    li.appendChild(meta);
    return li;
  }

  // The text of a statement's body, fetched once: `body_text` of the
  // statement's data beside its page (index.json, half the bytes of the
  // page), or, when the site has no data beside its pages ([data]
  // enabled = false), the page itself.
  var beside = true;
  function pageText(path) {
    function fromPage() {
      return get(siteUrl + path, true).then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var body = page.querySelector("article.statement .body") || page.querySelector("main");
        return body ? body.textContent.replace(/\s+/g, " ").trim() : "";
      });
    }
    if (!beside) return fromPage();
    return get(siteUrl + path + "index.json").then(function (data) {
      return String(data.body_text || "").replace(/\s+/g, " ").trim();
    }, function () {
      beside = false;
      return fromPage();
    });
  }
  // The words and parts of a text, in order.
  function sequence(text, meta) {
    return tokens(fold(text, meta)).filter(function (t) { return t[1] !== "compound"; }).map(function (t) { return t[0]; });
  }
  function hasPhrase(words, phrase) {
    outer: for (var k = 0; k + phrase.length <= words.length; k++) {
      for (var j = 0; j < phrase.length; j++) if (words[k + j] !== phrase[j]) continue outer;
      return true;
    }
    return false;
  }
  function phrasesHold(parsed, doc, text, meta) {
    var words = sequence(doc[1] + " . " + text, meta);
    return parsed.terms.every(function (t) { return !t.phrase || hasPhrase(words, t.sequence) !== t.exclude; });
  }
  // Does a group of letters (as the page has it) match a word asked for?
  function matches(group, parsed, meta) {
    return tokens(fold(group, meta)).some(function (t) {
      return parsed.terms.some(function (term) {
        return !term.exclude && term.words.some(function (w) { return t[0] === w || (term.prefix && t[0].startsWith(w)); });
      });
    });
  }
  // About 200 characters of the text around its first match, the matches
  // marked.
  function snippet(text, parsed, meta) {
    var groups = [];
    var m;
    var group = new RegExp(GROUP.source, "gu");
    while ((m = group.exec(text)) !== null) {
      if (matches(m[0], parsed, meta)) groups.push([m.index, m.index + m[0].length]);
    }
    var start = groups.length ? Math.max(0, groups[0][0] - 80) : 0;
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    var end = Math.min(text.length, start + 220);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    var p = element("p", "summary search-snippet");
    var at = start;
    if (start > 0) p.appendChild(document.createTextNode("… "));
    groups.forEach(function (g) {
      if (g[0] < at || g[1] > end) return;
      p.appendChild(document.createTextNode(text.slice(at, g[0])));
      p.appendChild(element("mark", null, text.slice(g[0], g[1])));
      at = g[1];
    });
    p.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
    return p;
  }

  var current = null;
  async function docOf(meta, n) {
    var chunk = await get("docs/" + Math.floor(n / meta.chunk) + ".json");
    return chunk[n % meta.chunk];
  }
  function place(result, doc) {
    var meta = result.meta;
    var li = card(doc);
    list.appendChild(li);
    // When the first results show, for benches/search.sh.
    if (result.shown++ === 0) {
      if (performance.mark) performance.mark("pressroom-search-results");
      result.onFirst();
    }
    // The snippet once the card is on screen: the statement's page is
    // fetched for the results the reader sees, not for all twenty.
    var fill = function () {
      pageText(doc[0]).then(function (text) {
        if (result === current) li.appendChild(snippet(text, result.parsed, meta));
      }, function () {});
    };
    if (!("IntersectionObserver" in window)) return fill();
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        seen.disconnect();
        fill();
      }
    }, { rootMargin: "200px" });
    seen.observe(li);
  }
  async function showMore(result) {
    var meta = result.meta;
    // Unless every statement was checked, a phrase is checked in the
    // statements shown.
    var check = !result.checked;
    while (result.shown < PAGE * result.pages && result.next < result.ids.length) {
      var ids = Array.from(result.ids.subarray(result.next, result.next + PAGE * result.pages - result.shown));
      result.next += ids.length;
      if (!check) {
        // The first result alone, so that it shows after one request.
        var first = await docOf(meta, ids[0]);
        if (result !== current) return;
        place(result, first);
        var rest = await Promise.all(ids.slice(1).map(function (n) { return docOf(meta, n); }));
        if (result !== current) return;
        rest.forEach(function (doc) { place(result, doc); });
        continue;
      }
      var docs = await Promise.all(ids.map(function (n) { return docOf(meta, n); }));
      var texts = await Promise.all(docs.map(function (d) { return pageText(d[0]); }));
      if (result !== current) return;
      docs.forEach(function (doc, k) {
        if (phrasesHold(result.parsed, doc, texts[k], meta)) place(result, doc); else result.dropped++;
      });
      // At most this many statements checked at a time: "More results"
      // checks the next ones.
      if (result.next >= CHECK_ALL * 2 * result.pages) break;
    }
    more.hidden = result.next >= result.ids.length;
  }


  function say(result) {
    var n = result.ids.length - (result.checked ? 0 : result.dropped);
    var q = result.state.q.trim();
    var what = n === 0 ? "No statements match" + (q ? " \u201c" + q + "\u201d" : "") + "."
      : n === 1 ? "1 statement matches." : n + " statements match.";
    if (!result.checked) {
      what = result.shown + " of the first " + result.next + " statements with these words have the phrase"
        + (result.next < result.ids.length ? "; " + (result.ids.length - result.next) + " more to check with \u201cMore results\u201d." : ".");
    }
    status.textContent = what;
  }

  async function run(push) {
    var state = stateFromForm();
    writeState(state, push);
    var empty = !state.q.trim() && !Object.keys(state.facets).length && !state.from && !state.to;
    help.hidden = !empty;
    var meta;
    try {
      meta = await get("index.json");
      meta.stopSet = meta.stop;
    } catch (e) {
      status.textContent = "Search is not available: " + e.message;
      return;
    }
    var parsed = parse(state.q, meta);
    var result = { meta: meta, state: state, parsed: parsed, ids: [], shown: 0, next: 0, pages: 1, dropped: 0, checked: true, onFirst: function () {} };
    current = result;
    notes.textContent = parsed.ignored.length
      ? "Left out, as too short or too common to search for: " + parsed.ignored.map(function (w) { return "\u201c" + w + "\u201d"; }).join(", ") + "."
      : "";
    if (empty || (state.q.trim() && parsed.terms.length === 0)) {
      list.textContent = "";
      more.hidden = true;
      facetsBox.textContent = "";
      status.textContent = empty ? "" : "Type a word of two letters or more.";
      if (empty) {
        // Every statement: the counts index.json has.
        var all = { year: new Map() }, known = {};
        meta.facets.forEach(function (f) {
          all[f.param] = new Map(f.values.map(function (v, id) { return [id, v[2]]; }));
          known[f.param] = true;
        });
        meta.years.forEach(function (y, k) {
          all.year.set(y[0], (k + 1 < meta.years.length ? meta.years[k + 1][1] : meta.count) - y[1]);
        });
        renderFacets(meta, state, all, known);
      }
      return;
    }
    try {
      // What the first results need, all at once: the words' files, the
      // lists of the chosen values (the columns of chosen facets that are
      // counted anyway), the days; the other counted facets' columns once
      // the first results show.
      var counting = countedFacets(meta);
      var first = counting.filter(function (p) { return state.facets[p]; });
      facetFiles(meta, state, first).forEach(function (p) { if (p) p.catch(function () {}); });
      dateRange(meta, state.from, state.to).catch(function () {});
      var hits = await match(meta, parsed);
      var filtered = await filter(meta, hits, state, first, true);
      if (result !== current) return;
      var byDate = state.sort === "newest" || parsed.terms.every(function (t) { return t.exclude; });
      var ids = order(filtered.kept, filtered.scores, byDate);
      if (parsed.terms.some(function (t) { return t.phrase; })) {
        if (ids.length <= CHECK_ALL) {
          var docs = await Promise.all(Array.from(ids, function (n) { return docOf(meta, n); }));
          var texts = await Promise.all(docs.map(function (d) { return pageText(d[0]); }));
          ids = ids.filter(function (n, k) { return phrasesHold(parsed, docs[k], texts[k], meta); });
        } else {
          result.checked = false;
        }
      }
      if (result !== current) return;
      result.ids = ids;
      list.textContent = "";
      var firstShown = new Promise(function (resolve) { result.onFirst = resolve; });
      var shown = showMore(result);
      await Promise.race([firstShown, shown]);
      var counted = await filter(meta, hits, state, counting);
      if (result !== current) return;
      renderFacets(meta, state, counted.counts, counted.known, counted.partial);
      await shown;
      if (result !== current) return;
      // Said once the results are there, for screen readers and tests alike.
      say(result);
    } catch (e) {
      if (result === current) status.textContent = "Search is not available: " + e.message;
    }
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(false); }, 120);
  });
  [newest, from, to].forEach(function (e) { e.addEventListener("change", function () { run(true); }); });
  facetsBox.addEventListener("change", function () { run(true); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(true);
  });
  more.addEventListener("click", function () {
    if (current) { current.pages++; showMore(current).then(function () { say(current); }); }
  });
  function load() {
    var state = readState();
    input.value = state.q;
    newest.checked = state.sort === "newest";
    from.value = state.from;
    to.value = state.to;
    facetsBox.textContent = "";
    // Checkboxes for the chosen values, so that the first run reads them.
    Object.keys(state.facets).forEach(function (param) {
      state.facets[param].forEach(function (v) {
        var box = element("input");
        box.type = "checkbox"; box.name = param; box.value = v; box.checked = true; box.hidden = true;
        facetsBox.appendChild(box);
      });
    });
    run(false);
  }
  window.addEventListener("popstate", load);
  // For tests: the words of a text as the index has them.
  window.pressroomSearch = { tokens: function (text) { return get("index.json").then(function (meta) { return tokens(fold(text, meta)); }); } };
  load();
})();
