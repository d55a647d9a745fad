#!/bin/bash
# What the archive's data (`index.json` beside each statement and data/)
# adds to a full build: `pressroom build --no-cache` of one corpus with the
# default [data] and of a hard-linked copy with `[data] enabled = false`,
# alternating, each into a new folder. The folder of the build before is
# removed before each build and not timed (removing 600,000 files takes
# seconds of its own).
#
#   benches/data_cost.sh BIN CORPUS [ROUNDS]
#
# BIN: a release pressroom; CORPUS: a folder with site.toml and content/
# (e.g. `target/release/examples/gen_corpus 100000 DIR --seed 1`), whose
# site.toml has no [data] table. OUT_PARENT (default /dev/shm) holds the
# output. Prints one line per build: wall, user and system seconds, peak
# memory (GNU time), and the load average at its start.
set -euo pipefail
bin=$(realpath "$1")
corpus=$(realpath "$2")
rounds=${3:-3}
out=${OUT_PARENT:-/dev/shm}/pressroom-data-cost
off=$(mktemp -d "${TMPDIR:-/tmp}/data-off.XXXXXX")
trap 'rm -rf "$out" "$off"' EXIT
if grep -q '^\[data\]' "$corpus/site.toml"; then
    echo "$corpus/site.toml has a [data] table: give a corpus without one" >&2
    exit 2
fi
cp -al "$corpus/content" "$off/content"
cp "$corpus/site.toml" "$off/site.toml"
printf '\n[data]\nenabled = false\n' >> "$off/site.toml"
for round in $(seq 1 "$rounds"); do
    for which in default off; do
        root=$corpus
        [ "$which" = off ] && root=$off
        rm -rf "$out"
        sync
        sleep 2
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        /usr/bin/time -f "$round $which: %e s wall, %U s user, %S s sys, %M KB peak (load $load)" \
            "$bin" build --root "$root" --output "$out" --no-cache 2>&1 | grep ' wall, '
    done
done
