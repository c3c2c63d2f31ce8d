#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn-rngtest's suites side by side with the tools they replace, as a Markdown
# table: the same SIZE_MIB file through a pipe, median of RUNS runs each, for
#   churn-rngtest --suite fips,ent,sp800-90b --estimate-bytes 0   (FIPS + ent + 90B health)
#   churn-rngtest --suite fips,ent,sp800-90b                      (the same + estimators)
#   ent (Debian), rngtest (Debian rng-tools-debian)
# and the time of the SP 800-90B estimators on 1,000,000 8-bit samples (churn_bench
# BM_Estimators and the whole binary on a 1,000,000-byte file). Their side-by-side comparison
# with NIST's ea_non_iid, same work, is bench/compare_90b.sh, which needs a build of NIST's
# tool; this script gives no ratio for them.
#
#   bench/compare_stats.sh [BUILD_DIR] [PEERS_DIR]
#
# BUILD_DIR defaults to ./build, PEERS_DIR to BUILD_DIR/peers/root. Environment: SIZE_MIB
# (default 256), RUNS (default 3), WORK_DIR (default: a temporary directory, removed).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build}
peers=${2:-$build/peers/root}
size_mib=${SIZE_MIB:-256}
runs=${RUNS:-3}
work=${WORK_DIR:-$(mktemp -d)}
keep=${WORK_DIR:+yes}
trap '[ "${keep:-no}" = yes ] || rm -rf "$work"' EXIT

churn=$build/rngtest/churn-rngtest
gen=$build/tests/system/rngtest-gen
bench=$build/bench/churn_bench
export LD_LIBRARY_PATH="$peers/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

log() { printf 'compare_stats: %s\n' "$*" >&2; }

for tool in "$churn" "$gen"; do
  [ -x "$tool" ] || { log "missing $tool (build first)"; exit 1; }
done

# "WALL CPU" seconds of one run (CPU = user + sys of the whole pipeline, cat included).
# Exit statuses are ignored: rngtest exits 1 when any block fails, which ideal data does.
one_run() {
  local TIMEFORMAT='%R %U %S'
  { time bash -c "$1" > /dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}
median() {  # median by wall time of RUNS runs: "WALL CPU"
  local i
  for ((i = 0; i < runs; i++)); do one_run "$1"; done |
    sort -n | awk '{ w[NR] = $1; c[NR] = $2 } END { m = int((NR + 1) / 2); print w[m], c[m] }'
}
rate() { awk -v n="$size_mib" -v t="$1" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

file=$work/stats-${size_mib}MiB.bin
log "writing $size_mib MiB of generated input to $file"
"$gen" good 2026 $((size_mib * 1048576)) > "$file"

declare -A wall cpu
measure() {  # KEY COMMAND
  log "timing: $2"
  read -r "wall[$1]" "cpu[$1]" < <(median "$2")
}
measure health "cat '$file' | '$churn' --suite fips,ent,sp800-90b --estimate-bytes 0"
measure full "cat '$file' | '$churn' --suite fips,ent,sp800-90b"
measure fips "cat '$file' | '$churn'"
have_ent=no
have_rngtest=no
if [ -x "$peers/usr/bin/ent" ]; then
  have_ent=yes
  measure ent "cat '$file' | '$peers/usr/bin/ent'"
fi
if [ -x "$peers/usr/bin/rngtest" ]; then
  have_rngtest=yes
  measure rngtest "cat '$file' | '$peers/usr/bin/rngtest'"
fi

# Estimators on 1,000,000 samples.
head -c 1000000 "$file" > "$work/1M.bin"
measure est_tool "'$churn' --suite sp800-90b '$work/1M.bin'"
est_bench=""
if [ -x "$bench" ]; then
  log "timing: churn_bench BM_Estimators/1000000/8"
  est_bench=$("$bench" --benchmark_filter='BM_Estimators/1000000/8$' --benchmark_format=csv \
      --benchmark_repetitions="$runs" --benchmark_report_aggregates_only=true 2> /dev/null |
    awk -F, '$1 ~ /_median"?$/ { printf "%.3f", $3 / 1000 }')
fi

echo
echo "Input: $size_mib MiB of generated data (rngtest-gen good 2026) through a pipe;"
echo "median of $runs runs; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| command | wall s | CPU s | MiB/s | vs ent | vs rngtest |"
echo "|---|---:|---:|---:|---:|---:|"
row() {  # LABEL KEY
  local w=${wall[$2]} c=${cpu[$2]} vs_ent="-" vs_rng="-"
  [ "$have_ent" = yes ] && vs_ent="$(ratio "${wall[ent]}" "$w")x"
  [ "$have_rngtest" = yes ] && vs_rng="$(ratio "${wall[rngtest]}" "$w")x"
  echo "| $1 | $w | $c | $(rate "$w") | $vs_ent | $vs_rng |"
}
row "churn-rngtest --suite fips,ent,sp800-90b --estimate-bytes 0 (FIPS + ent + health)" health
row "churn-rngtest --suite fips,ent,sp800-90b (+ estimators on the first 1e6 bytes)" full
row "churn-rngtest (FIPS only, rngtest's default)" fips
[ "$have_ent" = yes ] && row "ent (Debian)" ent
[ "$have_rngtest" = yes ] && row "rngtest (Debian rng-tools-debian)" rngtest
echo
echo "| SP 800-90B estimators, 1,000,000 8-bit samples | wall s |"
echo "|---|---:|"
if [ -n "$est_bench" ]; then
  echo "| churn_bench BM_Estimators/1000000/8 (median) | $est_bench |"
fi
echo "| churn-rngtest --suite sp800-90b on a 1,000,000-byte file (whole run) | ${wall[est_tool]} |"
echo
echo "Against NIST's ea_non_iid, same work: bench/compare_90b.sh NIST_CPP_DIR."
