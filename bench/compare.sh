#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# Side-by-side timing of churn's tools against the programs they replace, printed as a
# Markdown table (median wall time of RUNS runs each).
#
#   bench/compare.sh [BUILD_DIR] [PEERS_DIR]
#
# BUILD_DIR defaults to ./build, PEERS_DIR to BUILD_DIR/peers/root (contrib/setup.sh peers).
# Environment: SIZE_MIB (default 256) input size, RUNS (default 3), WORK_DIR (default a
# temporary directory; the input file is written there and removed at the end).
#
# Each comparison is one function, compare_<tool>, that prints table rows; add haveged and
# ent comparisons the same way and list them in main.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build}
peers=${2:-$build/peers/root}
size_mib=${SIZE_MIB:-256}
runs=${RUNS:-3}
work=${WORK_DIR:-$(mktemp -d)}
cleanup_work=${WORK_DIR:+no}
trap '[ "${cleanup_work:-yes}" = no ] || rm -rf "$work"' EXIT

log() { printf 'compare: %s\n' "$*" >&2; }

# "WALL CPU" seconds of one run of a shell command (CPU = user + sys of every process in
# it, cat included). The command's status is ignored (rngtest exits 1 when a block fails,
# which is normal). CPU time is the fairer figure when other work shares the machine.
run_times() {
  local TIMEFORMAT='%R %U %S'
  { time bash -c "$1" > /dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}

# Median (by wall time) of RUNS runs: prints "WALL CPU".
median_time() {
  local i
  for ((i = 0; i < runs; i++)); do run_times "$1"; done |
    sort -n | awk '{ w[NR] = $1; c[NR] = $2 } END { m = int((NR + 1) / 2); print w[m], c[m] }'
}

mib_per_s() { awk -v n="$size_mib" -v t="$1" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

input_file() {
  local file=$work/input-${size_mib}MiB.bin
  if [ ! -f "$file" ]; then
    log "writing $size_mib MiB of test input to $file"
    "$build/tests/system/rngtest-gen" good 2026 $((size_mib * 1048576)) > "$file"
  fi
  echo "$file"
}

compare_rngtest() {
  local ref=$peers/usr/bin/rngtest ours=$build/rngtest/churn-rngtest file
  if [ ! -x "$ref" ] || [ ! -x "$ours" ]; then
    log "skipping rngtest: need $ref and $ours"
    return
  fi
  file=$(input_file)
  # Same verdicts first: a fast wrong answer is no answer.
  local a b
  a=$("$ref" < "$file" 2>&1 | grep -E 'successes|failures|\) [A-Z]' | sed 's/^rngtest: //' || true)
  b=$("$ours" < "$file" 2>&1 | grep -E 'successes|failures|\) [A-Z]' | sed 's/^churn-rngtest: //' || true)
  local same=yes
  [ "$a" = "$b" ] || same=NO
  log "timing rngtest ($runs runs of $size_mib MiB each; the reference takes a while)"
  local ref_w ref_c ours_w ours_c pipe_w pipe_c
  read -r ref_w ref_c < <(median_time "cat '$file' | '$ref'")
  read -r ours_w ours_c < <(median_time "'$ours' < '$file'")
  read -r pipe_w pipe_c < <(median_time "cat '$file' | '$ours'")
  echo "| rngtest (rng-tools-debian 2.3), \`cat file \| rngtest\` | $ref_w s | $ref_c s | $(mib_per_s "$ref_w") MiB/s | 1.0x | 1.0x | reference |"
  echo "| churn-rngtest, \`churn-rngtest < file\` | $ours_w s | $ours_c s | $(mib_per_s "$ours_w") MiB/s | $(ratio "$ref_w" "$ours_w")x | $(ratio "$ref_c" "$ours_c")x | $same |"
  echo "| churn-rngtest, \`cat file \| churn-rngtest\` | $pipe_w s | $pipe_c s | $(mib_per_s "$pipe_w") MiB/s | $(ratio "$ref_w" "$pipe_w")x | $(ratio "$ref_c" "$pipe_c")x | $same |"
}

main() {
  echo "Input: $size_mib MiB, median of $runs runs, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| command | wall time | CPU time | throughput (wall) | speed-up (wall) | speed-up (CPU) | same verdicts |"
  echo "|---|---|---|---|---|---|---|"
  compare_rngtest
}

main
