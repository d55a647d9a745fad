// pressroom's search page: queries the index the build writes under
// search/ (see src/search.rs for its format) in the reader's browser,
// fetching only the shards of the words asked for and the chunks of the
// statements shown. No other script and no other host is involved.
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script.getAttribute("data-index");
  var siteUrl = script.getAttribute("data-site");
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var newest = document.getElementById("search-newest");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 20;

  var fetched = new Map();
  function get(path) {
    if (!fetched.has(path)) {
      fetched.set(path, fetch(indexUrl + path).then(function (r) {
        if (!r.ok) throw new Error(indexUrl + path + ": HTTP " + r.status);
        return r.json();
      }));
    }
    return fetched.get(path);
  }

  // The same words as the index has (src/search.rs): lowercased, Latin
  // diacritics folded as the index's table says, runs of letters and
  // digits of two characters or more, stop words left out.
  function words(text, meta, stop) {
    var fold = meta.fold || {};
    var folded = Array.from(text.toLowerCase()).map(function (c) {
      return Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c;
    }).join("");
    var found = folded.match(/[\p{Alphabetic}\p{N}]+/gu) || [];
    return found.filter(function (w) { return Array.from(w).length >= 2 && !stop.has(w); });
  }
  function shardOf(word) {
    return Array.from(word).slice(0, 2).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_";
    }).join("");
  }

  // Statement number -> weight, for one word of the query (or, for the
  // word being typed, every word it begins).
  async function hitsFor(meta, word, prefix) {
    var shard = shardOf(word);
    var postings = meta.shards.indexOf(shard) >= 0 ? await get("terms/" + shard + ".json") : {};
    var hits = new Map();
    function add(list, exact) {
      var id = 0;
      for (var k = 0; k < list.length; k++) {
        id += Math.floor(list[k] / 4);
        var weight = (list[k] % 4) * (exact ? 2 : 1);
        if (!(hits.get(id) >= weight)) hits.set(id, weight);
      }
    }
    if (Object.prototype.hasOwnProperty.call(postings, word)) add(postings[word], true);
    if (prefix) {
      for (var key in postings) {
        if (key !== word && key.startsWith(word)) add(postings[key], false);
      }
    }
    return hits;
  }

  // Statements with every word of the query, best first (or newest).
  async function find(query, byDate) {
    var meta = await get("index.json");
    var stop = new Set(meta.stop);
    var asked = words(query, meta, stop);
    if (asked.length === 0) return null;
    var typing = !/\s$/.test(query);
    var scores = null;
    for (var k = 0; k < asked.length; k++) {
      var hits = await hitsFor(meta, asked[k], typing && k === asked.length - 1);
      if (scores === null) {
        scores = hits;
      } else {
        var both = new Map();
        scores.forEach(function (score, id) {
          if (hits.has(id)) both.set(id, score + hits.get(id));
        });
        scores = both;
      }
      if (scores.size === 0) break;
    }
    var ids = Array.from(scores.keys());
    ids.sort(function (a, b) {
      return byDate ? a - b : (scores.get(b) - scores.get(a)) || a - b;
    });
    return { meta: meta, ids: ids };
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
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
    if (doc[6]) li.appendChild(element("p", "summary", doc[6]));
    return li;
  }

  var current = null;
  var shown = 0;
  async function showMore(result) {
    var ids = result.ids.slice(shown, shown + PAGE);
    var chunk = result.meta.chunk;
    var chunks = await Promise.all(ids.map(function (id) {
      return get("docs/" + Math.floor(id / chunk) + ".json");
    }));
    if (result !== current) return;
    ids.forEach(function (id, k) { list.appendChild(card(chunks[k][id % chunk])); });
    shown += ids.length;
    more.hidden = shown >= result.ids.length;
  }

  async function run() {
    var query = input.value;
    var result = null;
    try {
      result = await find(query, newest.checked);
    } catch (e) {
      status.textContent = "Search is not available: " + e.message;
      return;
    }
    if (query !== input.value) return;
    current = result;
    shown = 0;
    list.textContent = "";
    more.hidden = true;
    if (result === null) {
      status.textContent = query.trim() ? "Type a word of two letters or more." : "";
      return;
    }
    var n = result.ids.length;
    await showMore(result);
    if (result !== current) return;
    // Said once the results are there, for screen readers and tests alike.
    status.textContent = n === 0 ? "No statements match “" + query.trim() + "”."
      : n === 1 ? "1 statement matches." : n + " statements match.";
  }

  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    if (newest.checked) params.set("newest", "1");
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(); run(); }, 120);
  });
  newest.addEventListener("change", function () { remember(); run(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember();
    run();
  });
  more.addEventListener("click", function () { if (current) showMore(current); });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  newest.checked = params.get("newest") === "1";
  if (input.value) run();
})();
