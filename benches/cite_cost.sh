#!/usr/bin/env bash
# What the citation and data outputs (cite.bib, cite.ris, cite.json and
# index.json beside each statement, /id/<id>/ redirects, data/) add to a
# full build: the same corpus built by a pressroom from before them
# (BASE, a release binary) and by this one, alternately, each into a new
# output folder, best of RUNS.
#
#   BASE=/path/to/old/pressroom benches/cite_cost.sh N [RUNS]
#
# The corpus is examples/gen_corpus's (cached in target/bench-corpus/N,
# as benches/build.sh caches it).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: BASE=old-binary benches/cite_cost.sh N [RUNS]}
runs=${2:-3}
target=${CARGO_TARGET_DIR:-target}
new="$target/release/pressroom"
base=${BASE:?set BASE to a release build of pressroom from before the citation outputs}
corpus="$target/bench-corpus/$n"
[ -d "$corpus" ] || cargo run --release --example gen_corpus -- "$n" "$corpus"
out="$target/bench-out/cite-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
best() { sort -n | head -1; }
time_one() { # binary label run
  local dest="$out/$2-$3"
  local t0 t1
  t0=$(date +%s.%N)
  "$1" build --root "$corpus" --output "$dest" --no-cache >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
: > "$out/base.txt"; : > "$out/new.txt"
for r in $(seq 1 "$runs"); do
  time_one "$base" base "$r" >> "$out/base.txt"
  time_one "$new" new "$r" >> "$out/new.txt"
done
b=$(best < "$out/base.txt"); w=$(best < "$out/new.txt")
files_b=$(find "$out/base-1" -type f | wc -l); files_w=$(find "$out/new-1" -type f | wc -l)
bytes_b=$(du -sb "$out/base-1" | cut -f1); bytes_w=$(du -sb "$out/new-1" | cut -f1)
printf 'statements %s, runs %s\n' "$n" "$runs"
printf 'before: %.2f s, %s files, %s bytes\n' "$b" "$files_b" "$bytes_b"
printf 'after:  %.2f s, %s files, %s bytes\n' "$w" "$files_w" "$bytes_w"
printf 'added:  %.1f %% of the wall time\n' "$(echo "($w - $b) * 100 / $b" | bc -l)"
rm -rf "$out"/base-* "$out"/new-*
