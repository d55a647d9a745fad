#!/usr/bin/env bash
# Cached builds as a user meets them: for each pressroom binary given, a
# full build of CORPUS into OUT (both best on tmpfs), then 5 body edits,
# 3 builds with nothing changed and 3 title edits, each timed by
# /usr/bin/time (wall, user, system, peak RSS). The binaries run one
# after the other, each with its own cache (formats differ between
# versions): read each row's spread beside the ratio.
#
#   benches/cached.sh BIN... [CORPUS=dir] [OUT=dir]
#
# Needs root to drop the kernel's caches before each binary's full build
# (skipped otherwise). CORPUS is made by examples/gen_corpus (seed 1);
# its .pressroom/ and OUT are removed before each binary. OUT needs
# about 8 GB at 100,000 statements: keep one output at a time.
set -eu
corpus=${CORPUS:-/dev/shm/c/100k}
out=${OUT:-/dev/shm/out100k}
cd "$corpus"
body=$(find content -name '*.md' -path '*2015*' | sort | head -1)
title=$(find content -name '*.md' -path '*2019*' | sort | sed -n 7p)
for bin in "$@"; do
  name=$(basename "$bin")
  rm -rf "$out" .pressroom
  sync
  [ -w /proc/sys/vm/drop_caches ] && echo 3 > /proc/sys/vm/drop_caches
  /usr/bin/time -f "$name full %e s %U u %S s %M KB" "$bin" build --output "$out" 2>&1 | grep -E " full "
  for i in 1 2 3 4 5; do
    echo "Run $i of $name." >> "$body"
    /usr/bin/time -f "$name body %e s %U u %S s %M KB" "$bin" build --output "$out" 2>&1 | grep -E " body "
  done
  for i in 1 2 3; do
    /usr/bin/time -f "$name nothing %e s %U u %S s %M KB" "$bin" build --output "$out" 2>&1 | grep -E " nothing "
  done
  for i in 1 2 3; do
    sed -i "0,/^title = \"/s//title = \"$name $i /" "$title"
    /usr/bin/time -f "$name title %e s %U u %S s %M KB" "$bin" build --output "$out" 2>&1 | grep -E " title "
  done
done
