#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 60), one after another, in
# one process with one job (libFuzzer's default), so that the machine stays
# usable. Not part of CI.
#
#   fuzz/run.sh [SECONDS] [TARGET…]
#
# Installs cargo-fuzz when it is missing (it needs the nightly toolchain).
# Seeds: the committed fuzz/seeds/<target>/ and, generated here into the
# working corpus fuzz/corpus/<target>/ (not committed), the repository's
# content/, tests/fixtures/ and ../shared/seeds/. Crashes are written to
# fuzz/artifacts/<target>/; keep the ones worth keeping in
# fuzz/artifacts-kept/<target>/. Prints the runs and exec/s of each target;
# exits 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd .. && pwd)

secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter import site_toml build_site)

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# Safe Rust throughout (unsafe_code is denied): AddressSanitizer would
# find little and halve the speed. Overflow checks and debug assertions
# stay on (cargo-fuzz's default).
flags=(-s none --codegen-units 16)

# --- seeds -----------------------------------------------------------------
seed() { # seed TARGET NAME < bytes
  mkdir -p "corpus/$1"
  cat > "corpus/$1/seed-$2"
}
for f in "$repo"/content/*/*.md "$repo"/tests/fixtures/*/*/content/*/*.md; do
  [ -f "$f" ] && seed front_matter "$(basename "$f")" < "$f"
done
for f in "$repo"/tests/fixtures/import/*/* "$repo"/../shared/seeds/*; do
  [ -f "$f" ] && seed import "$(basename "$f")" < "$f"
done
seed site_toml example.toml < "$repo/site.toml"
for f in "$repo"/tests/fixtures/*/*/site.toml; do
  [ -f "$f" ] && seed site_toml "$(basename "$(dirname "$f")").toml" < "$f"
done
# A site per fixture: site.toml, its first three statements, a people file.
for site in "$repo"/tests/fixtures/*/*/ "$repo/"; do
  [ -f "$site/site.toml" ] || continue
  mds=$(find "$site/content" -name '*.md' -size -3k 2>/dev/null | sort | head -3 || true)
  people=$(find "$site/content/people" -name '*.toml' 2>/dev/null | sort | head -1 || true)
  [ -n "$mds" ] || continue
  {
    cat "$site/site.toml"
    for f in $mds $people; do printf '\n%%%%%%\n'; cat "$f"; done
  } | seed build_site "$( [ "$site" = "$repo/" ] && echo example || basename "$site").txt"
done

# --- run -------------------------------------------------------------------
cargo +nightly fuzz build "${flags[@]}"

scratch=$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/pressroom-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export PRESSROOM_FUZZ_DIR=$scratch # build_site builds its sites in there
export RAYON_NUM_THREADS=1         # one core for the builds, one for the others

status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" logs
  # Big enough for the seeds; longer inputs only slow the line-by-line
  # import and the builds down.
  case $t in import) max_len=4096 ;; build_site) max_len=16384 ;; *) max_len=8192 ;; esac
  log="logs/$t.log"
  echo "fuzzing $t for ${secs}s (log: fuzz/$log)"
  set +e
  cargo +nightly fuzz run "${flags[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -max_len="$max_len" -timeout=30 \
    -dict="dicts/$t.dict" -print_final_stats=1 > "$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  line=$(printf '%-13s %10s runs %8s exec/s' "$t" "${runs:-?}" "${rate:-?}")
  if [ $rc -ne 0 ]; then
    status=1
    artifact=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/Test unit written to //')
    line="$line  CRASH ${artifact:-see $log}"
  fi
  summary+=("$line")
done
echo
printf '%s\n' "${summary[@]}"
exit $status
