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

# Wall time of one run of a shell command, in seconds with millisecond precision. The
# command's status is ignored (rngtest exits 1 when a block fails, which is normal).
wall_time() {
  local start end
  start=$(date +%s%N)
  bash -c "$1" > /dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) / 1e9 }'
}

# Median of RUNS timings of a command.
median_time() {
  local i times=()
  for ((i = 0; i < runs; i++)); do times+=("$(wall_time "$1")"); done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
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
  local ref=$peers/usr/bin/rngtest ours=$build/stats/churn-rngtest file
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
  local t_ref t_ours t_ours_pipe
  t_ref=$(median_time "cat '$file' | '$ref'")
  t_ours=$(median_time "'$ours' < '$file'")
  t_ours_pipe=$(median_time "cat '$file' | '$ours'")
  echo "| rngtest (rng-tools-debian 2.3), \`cat file \| rngtest\` | $t_ref s | $(mib_per_s "$t_ref") MiB/s | 1.0x | reference |"
  echo "| churn-rngtest, \`churn-rngtest < file\` | $t_ours s | $(mib_per_s "$t_ours") MiB/s | $(ratio "$t_ref" "$t_ours")x | $same |"
  echo "| churn-rngtest, \`cat file \| churn-rngtest\` | $t_ours_pipe s | $(mib_per_s "$t_ours_pipe") MiB/s | $(ratio "$t_ref" "$t_ours_pipe")x | $same |"
}

main() {
  echo "Input: $size_mib MiB, median of $runs runs, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| command | wall time | throughput | speed-up | same verdicts |"
  echo "|---|---|---|---|---|"
  compare_rngtest
}

main
