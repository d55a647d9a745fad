#!/usr/bin/env bash
# Search benchmark: what the index costs a build, and what a query costs a
# reader, at generated archives of N statements; Pagefind beside it.
#
#   benches/search.sh [SIZE...]          # default: 1000 10000 100000
#
# For each size N (corpus from examples/gen_corpus, cached as build.sh
# caches it, under $CARGO_TARGET_DIR/bench-corpus/N):
#   - builds it RUNS times with search and RUNS times without ([search]
#     enabled = false, on a hard-linked copy of the corpus), alternating,
#     each into a new folder: wall time (best) and peak RSS (largest);
#   - compares the index files of two clean builds (the same input must give
#     the same bytes; needs RUNS >= 2);
#   - edits one statement's body (a new word), builds into the last folder
#     (the cached build) and counts the index files whose bytes changed;
#   - runs cold queries in headless Chromium (benches/search_queries.py,
#     queries chosen by benches/search_pick.py): gzip bytes of every file
#     fetched, requests before the first results, time to first results;
#   - at PAGEFIND_AT sizes (default 10000): runs Pagefind 1.6 (npm package
#     `pagefind`, installed under $CARGO_TARGET_DIR/pagefind) on the built
#     site, timed, and the same word queries through its JS API, loading
#     the first 20 results' data as our page loads 20 results.
# Writes results.md and the raw JSON under
# $CARGO_TARGET_DIR/bench-out/search-<run-id>/.
#
# Environment: RUNS (default 3; 2 for N >= 100000), SEED (default 1),
# PAGEFIND_AT (sizes to compare at; "none" to skip), QUERY_RUNS (default 3),
# KEEP_OUTPUT=1 (keep the built sites, about 25 GB at 100,000 statements).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
seed=${SEED:-1}
pagefind_at=" ${PAGEFIND_AT:-10000} "
say() { printf '%s\n' "$*" >&2; }

command -v chromium >/dev/null && command -v chromedriver >/dev/null || {
    say "needs chromium and chromedriver (apt-get install chromium chromium-driver)"
    exit 1
}
say "building release binaries"
cargo build --release --quiet --bin pressroom --example gen_corpus
pressroom=$target/release/pressroom
gen=$target/release/examples/gen_corpus

run_id=$(date -u +%Y%m%dT%H%M%SZ)-$$
out_base=$target/bench-out/search-$run_id
mkdir -p "$out_base"
results=$out_base/results.md
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src themes Cargo.toml 2>/dev/null || rev="$rev+changes"

# timed LOG CMD...: sets $wall (s) and $rss (kB).
timed() {
    local log=$1
    shift
    /usr/bin/time -f '%e %M' -o "$log.time" "$@" >"$log" 2>&1 || { say "FAILED: $*"; tail -n 20 "$log" >&2; return 1; }
    read -r wall rss < <(tail -n 1 "$log.time")
}
min() { awk -v a="$1" -v b="$2" 'BEGIN {print (b == "" || a < b) ? a : b}'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN {print (b == "" || a > b) ? a : b}'; }
# Index files of a built site with their checksums (search/ but its page).
sums() { (cd "$1/search" && find . -type f ! -name index.html -printf '%P\n' | sort | xargs -r -d '\n' md5sum); }

{
    echo "## Search benchmark $run_id"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo). pressroom $rev; seed $seed."
    echo
} >"$results"
build_rows=""
query_rows=""
pf_rows=""

for n in "${sizes[@]}"; do
    corpus=$target/bench-corpus/$n
    stamp="$n $seed $(cksum <examples/gen_corpus.rs | cut -d' ' -f1)"
    if [ "$(cat "$corpus/.complete" 2>/dev/null)" != "$stamp" ]; then
        say "[$n] generating the corpus"
        [ ! -e "$corpus" ] || mv "$corpus" "$out_base/stale-$n"
        "$gen" "$n" "$corpus" --seed "$seed"
        echo "$stamp" >"$corpus/.complete"
    fi
    out=$out_base/$n
    mkdir -p "$out"
    # The same corpus without search: hard links, and site.toml with search off.
    plain=$out/corpus-without-search
    mkdir -p "$plain"
    cp -al "$corpus/content" "$plain/content"
    { cat "$corpus/site.toml"; printf '\n[search]\nenabled = false\n'; } >"$plain/site.toml"
    runs=${RUNS:-$([ "$n" -ge 100000 ] && echo 2 || echo 3)}
    s_wall="" s_rss="" p_wall="" p_rss=""
    for r in $(seq 1 "$runs"); do
        say "[$n] run $r/$runs: build with search"
        timed "$out/with-$r.log" "$pressroom" build --no-cache --root "$corpus" --output "$out/with-$r" --base-url https://example.org/
        s_wall=$(min "$wall" "$s_wall") s_rss=$(max "$rss" "$s_rss")
        say "[$n] run $r/$runs: build without search"
        timed "$out/without-$r.log" "$pressroom" build --no-cache --root "$plain" --output "$out/without-$r" --base-url https://example.org/
        p_wall=$(min "$wall" "$p_wall") p_rss=$(max "$rss" "$p_rss")
    done
    index_files=$(find "$out/with-1/search" -type f ! -name index.html | wc -l)
    index_bytes=$(find "$out/with-1/search" -type f ! -name index.html -printf '%s\n' | awk '{s+=$1} END {print s+0}')
    index_gzip=$(cd "$out/with-1/search" && find . -type f ! -name index.html -print0 | xargs -0 -n 500 sh -c 'for f; do gzip -6 -c "$f" | wc -c; done' _ | awk '{s+=$1} END {print s+0}')
    same="one run"
    if [ "$runs" -ge 2 ]; then
        if diff -rq "$out/with-1/search" "$out/with-2/search" >"$out/same.diff"; then same="identical"; else same="DIFFERENT ($out/same.diff)"; fi
    fi
    # One body edited: a cached build into the last folder (the build cache
    # remembers it), and the index files that changed.
    last=$out/with-$runs
    "$pressroom" build --root "$corpus" --output "$last" --base-url https://example.org/ >"$out/cache-prime.log" 2>&1
    sums "$last" >"$out/before.sums"
    victim=$(find "$corpus/content" -path "$corpus/content/people" -prune -o -name '*.md' -print | sort | sed -n "$((n / 2 + 1))p")
    cp -p "$victim" "$out/victim.md"
    printf '\nA paragraph added for the benchmark, with a new word: zqxjvbench.\n' >>"$victim"
    timed "$out/edit.log" "$pressroom" build --root "$corpus" --output "$last" --base-url https://example.org/
    e_wall=$wall
    e_written=$(grep -o '([0-9]* changed' "$out/edit.log" | grep -o '[0-9]*' || echo "?")
    # Restored with a new modification time, so that the cache sees it.
    cp "$out/victim.md" "$victim"
    sums "$last" >"$out/after.sums"
    changed=$(diff <(cat "$out/before.sums") <(cat "$out/after.sums") | grep -c '^>' || true)
    changed_names=$(diff "$out/before.sums" "$out/after.sums" | grep '^>' | awk '{print $3}' | head -8 | tr '\n' ' ' || true)
    "$pressroom" build --root "$corpus" --output "$last" --base-url https://example.org/ >"$out/undo.log" 2>&1
    build_rows+="| $n | $s_wall | $p_wall | $(awk -v a="$s_wall" -v b="$p_wall" 'BEGIN {printf "%+.0f%%", (a / b - 1) * 100}') | $((s_rss / 1024)) | $((p_rss / 1024)) | $(awk -v a="$s_rss" -v b="$p_rss" 'BEGIN {printf "%+.0f%%", (a / b - 1) * 100}') | $index_files | $(awk -v b="$index_bytes" 'BEGIN {printf "%.1f", b / 1048576}') | $(awk -v b="$index_gzip" 'BEGIN {printf "%.1f", b / 1048576}') | $same | $changed of $index_files (${changed_names% }); $e_written files written in all, in $e_wall s |"$'\n'

    say "[$n] queries in Chromium"
    python3 benches/search_pick.py "$out/with-1" >"$out/queries.json"
    mkdir -p "$out/shots"
    RUNS=${QUERY_RUNS:-3} SHOTS=$out/shots python3 benches/search_queries.py "$out/with-1" "$out/queries.json" "$out/queries-result.json"
    query_rows+=$(python3 - "$n" "$out/queries.json" "$out/queries-result.json" <<'EOF'
import json, sys
n, qs, rs = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
for q, r in zip(qs, rs):
    ms = "–" if r["ms_to_first_results"] is None else f"{r['ms_to_first_results']:.0f}"
    print(f"| {n} | {q['name']} | `{q['path']}` | {r['status']} | {r['gzip_bytes']/1024:.0f} | {r['index_gzip_bytes']/1024:.0f} | {r['requests']} | {r['index_requests_before_first_results']} | {ms} |")
EOF
)$'\n'

    if [[ "$pagefind_at" == *" $n "* ]]; then
        pfdir=$target/pagefind
        if [ ! -x "$pfdir/node_modules/.bin/pagefind" ]; then
            say "installing pagefind 1.6.0 from npm into $pfdir"
            mkdir -p "$pfdir" && (cd "$pfdir" && npm init -y >/dev/null && npm install --no-audit --no-fund pagefind@1.6.0 >/dev/null)
        fi
        site=$out/with-1
        say "[$n] pagefind"
        # Statement pages only, as our index has them (not listings, term pages or feeds).
        timed "$out/pagefind.log" "$pfdir/node_modules/.bin/pagefind" --site "$site" --output-subdir pagefind --glob "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"
        pf_wall=$wall pf_rss=$rss
        pf_files=$(find "$site/pagefind" -type f | wc -l)
        pf_bytes=$(find "$site/pagefind" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
        cat >"$site/pagefind-bench.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Pagefind bench</title></head><body>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const q = new URLSearchParams(location.search).get("q");
const search = await pagefind.search(q);
const top = search.results.slice(0, 20);
if (top.length) { await top[0].data(); performance.mark("pressroom-search-results"); }
await Promise.all(top.map(r => r.data()));
document.body.dataset.count = search.results.length + " results";
document.body.dataset.done = "1";
</script></body></html>
EOF
        python3 - "$out/queries.json" >"$out/pagefind-queries.json" <<'EOF'
import json, sys, urllib.parse
qs = [q for q in json.load(open(sys.argv[1])) if q["words"] and "facet" not in q["name"] and "speaker" not in q["name"]]
for q in qs:
    text = " ".join(q["words"])
    if q["name"] == "phrase":
        text = '"' + text + '"'
    q["path"] = "pagefind-bench.html?q=" + urllib.parse.quote(text)
print(json.dumps(qs))
EOF
        RUNS=${QUERY_RUNS:-3} python3 benches/search_queries.py "$site" "$out/pagefind-queries.json" "$out/pagefind-result.json"
        pf_rows+=$(python3 - "$n" "$pf_wall" "$pf_rss" "$pf_files" "$pf_bytes" "$out/pagefind-queries.json" "$out/pagefind-result.json" "$out/queries-result.json" "$s_wall" "$p_wall" "$index_files" "$index_bytes" <<'EOF'
import json, sys
n, wall, rss, files, size = sys.argv[1:6]
qs, rs, ours = json.load(open(sys.argv[6])), json.load(open(sys.argv[7])), {r["name"]: r for r in json.load(open(sys.argv[8]))}
s_wall, p_wall, our_files, our_bytes = float(sys.argv[9]), float(sys.argv[10]), sys.argv[11], int(sys.argv[12])
print(f"| {n} | index | pagefind: {wall} s, {int(rss)//1024} MB peak, {files} files, {int(size)/1048576:.1f} MB | pressroom: +{s_wall - p_wall:.1f} s over a build without search, {our_files} files, {our_bytes/1048576:.1f} MB |")
for q, r in zip(qs, rs):
    o = ours[q["name"]]
    ms = lambda x: "–" if x is None else f"{x:.0f} ms"
    print(f"| {n} | {q['name']} ({' '.join(q['words'])}) | pagefind: {r['gzip_bytes']/1024:.0f} KB, {r['requests']} requests, {r['status']}, first results {ms(r['ms_to_first_results'])} | pressroom: {o['gzip_bytes']/1024:.0f} KB, {o['requests']} requests, {o['status']}, first results {ms(o['ms_to_first_results'])} |")
EOF
)$'\n'
    fi
    # The built sites (about 25 GB at 100,000 statements in all) go once
    # measured; logs and JSON stay. KEEP_OUTPUT=1 keeps them.
    if [ "${KEEP_OUTPUT:-0}" != 1 ]; then
        for d in "$out"/with-* "$out"/without-* "$plain"; do
            [ ! -d "$d" ] || rm -rf "$d"
        done
    fi
done

{
    echo "### Build cost"
    echo
    echo "| statements | with search (s) | without (s) | time added | peak RSS with (MB) | without (MB) | memory added | index files | index (MB) | index gzipped (MB) | two clean builds' index | one body edited: index files changed |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    printf '%s' "$build_rows"
    echo
    echo "### Cold queries (Chromium, loopback; bytes are the gzip sizes of every file fetched, the search page, its CSS and script included)"
    echo
    echo "| statements | query | address | page says | KB fetched | of which index (KB) | requests | index requests before first results | ms to first results (median) |"
    echo "|---:|---|---|---|---:|---:|---:|---:|---:|"
    printf '%s' "$query_rows"
    if [ -n "$pf_rows" ]; then
        echo
        echo "### Beside Pagefind 1.6.0"
        echo
        echo "| statements | what | Pagefind | pressroom |"
        echo "|---:|---|---|---|"
        printf '%s' "$pf_rows"
    fi
} >>"$results"
cat "$results"
say "results in $results"
