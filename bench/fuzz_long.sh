#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The long fuzzing budget: runs every libFuzzer target of tests/fuzz for RUNS executions
# (default 10,000,000) or MAX_SECONDS (default: no limit) each, whichever comes first, and
# prints a Markdown table (target, executions, wall seconds, executions/s, corpus size,
# findings, slow units). Findings are the crash-/leak-/timeout-/oom- files libFuzzer leaves in
# BUILD/fuzz-long/artifacts (the exit status is 1 when there is any); slow units (an input
# that took over 10 s) are counted apart.
#
#   bench/fuzz_long.sh [BUILD]          BUILD: a tree configured with -DCHURN_BUILD_FUZZ=ON
#                                       (default build-asan, as contrib/setup.sh hardening makes)
#   RUNS=1000000 MAX_SECONDS=600 TARGETS="suites reports" bench/fuzz_long.sh
# Not part of CI (ctest -L fuzz runs each target for CHURN_FUZZ_SECONDS instead).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build-asan}" && pwd)
runs=${RUNS:-10000000}
max_seconds=${MAX_SECONDS:-0}
targets=${TARGETS:-churnd_config_file churnd_options rngtest_options suites estimators reports}
out=$build/fuzz-long
mkdir -p "$out/artifacts"

"$here/tests/fuzz/make_corpus.sh" "$out/corpus" "$build/tests/system/rngtest-gen" \
  "$here/contrib/churnd.conf"

echo "| target | executions | wall s | exec/s | corpus files | findings | slow units |"
echo "|---|---:|---:|---:|---:|---:|---:|"
status=0
for t in $targets; do
  bin=$build/tests/fuzz/${t}_fuzz
  [ -x "$bin" ] || { echo "no $bin (configure with -DCHURN_BUILD_FUZZ=ON)" >&2; exit 1; }
  case $t in estimators) max_len=2100 ;; churnd_config_file | suites) max_len=8192 ;; *) max_len=4096 ;; esac
  start=$(date +%s.%N)
  set +e
  "$bin" -runs="$runs" -max_total_time="$max_seconds" -timeout=20 -rss_limit_mb=2048 \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
    "$out/corpus/$t" > "$out/$t.log" 2>&1
  rc=$?
  set -e
  end=$(date +%s.%N)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -1)
  findings=$(find "$out/artifacts" -name "$t-*" ! -name "$t-slow-unit-*" | wc -l)
  slow=$(find "$out/artifacts" -name "$t-slow-unit-*" | wc -l)
  files=$(find "$out/corpus/$t" -type f | wc -l)
  [ "$rc" = 0 ] && [ "$findings" = 0 ] || status=1
  awk -v t="$t" -v e="${execs:-0}" -v s="$start" -v f="$end" -v c="$files" -v n="$findings" \
    -v u="$slow" 'BEGIN { w = f - s; printf "| %s | %d | %.0f | %.1f | %d | %d | %d |\n", t, e, w, e / w, c, n, u }'
done
exit "$status"
