#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The long fuzzing budget: runs the libFuzzer targets of tests/fuzz one after another (one
# process, so one core, under `nice -n 10`) for RUNS executions each (default 10,000,000,
# libFuzzer's -runs) or MAX_SECONDS (default: no limit), whichever comes first, and prints a
# Markdown table: target, executions, wall seconds, executions/s, coverage (libFuzzer's cov
# and ft at the end), corpus files, findings, slow units. Findings are the crash-, leak-,
# timeout- and oom- inputs libFuzzer leaves in LOG_DIR/artifacts (the exit status is 1 when
# there is any, or when a target ends with an error); slow units (an input that took over
# 10 s, usually a loaded machine) are counted apart.
#
# The build is the hardening tier's ASan+UBSan tree (`contrib/setup.sh hardening`: clang 14,
# -fsanitize=address,undefined and every churn target instrumented for libFuzzer), the same
# instrumentation as the `fuzz` label, so a long run can find what the 20 s runs can.
#
#   bench/fuzz_long.sh [BUILD]          BUILD: a tree configured with -DCHURN_BUILD_FUZZ=ON
#                                       (default build-asan)
#   RUNS=1000000 MAX_SECONDS=600 TARGETS="suites reports" LOG_DIR=/tmp/fuzz bench/fuzz_long.sh
# LOG_DIR (default BUILD/fuzz-long) receives one libFuzzer log per target, the corpora
# (seeded by tests/fuzz/make_corpus.sh, grown by each run) and the artifacts.
# Not part of CI (ctest -L fuzz runs each target for CHURN_FUZZ_SECONDS instead).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build-asan}" && pwd)
runs=${RUNS:-10000000}
max_seconds=${MAX_SECONDS:-0}
targets=${TARGETS:-churnd_config_file churnd_options rngtest_options suites estimators reports}
out=${LOG_DIR:-$build/fuzz-long}
mkdir -p "$out/artifacts"
# As the hardening tier runs them (any sanitizer report aborts, so libFuzzer saves the input),
# with ASan's quarantine of freed memory cut from 256 MB to 32 MB: one execution frees far
# less than that, so a use after free within an execution is still caught, and cycling 256 MB
# of fresh pages cost a quarter of the parsers' CPU time in page faults.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:quarantine_size_mb=32}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

"$here/tests/fuzz/make_corpus.sh" "$out/corpus" "$build/tests/system/rngtest-gen" \
  "$here/contrib/churnd.conf"

compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
commit=$(git -C "$here" rev-parse --short HEAD)
# The commit of what the fuzz binaries were built from (this script and README aside).
git -C "$here" diff --quiet HEAD -- . ':!bench/fuzz_long.sh' ':!README.md' || commit="$commit+changes"
echo "$("$compiler" --version | head -1), libFuzzer $(dpkg-query -W -f='${Version}' \
  libfuzzer-14-dev 2>/dev/null || echo '?'), churn $commit, RUNS=$runs MAX_SECONDS=$max_seconds"
echo "ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS, $(nproc) CPUs, logs in $out"
echo
echo "| target | executions | wall s | exec/s | cov | ft | corpus files | findings | slow units |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
status=0
for t in $targets; do
  bin=$build/tests/fuzz/${t}_fuzz
  [ -x "$bin" ] || { echo "no $bin (configure with -DCHURN_BUILD_FUZZ=ON)" >&2; exit 1; }
  # The longest input, as in tests/fuzz/CMakeLists.txt.
  case $t in estimators) max_len=2100 ;; churnd_config_file | suites) max_len=8192 ;; *) max_len=4096 ;; esac
  start=$(date +%s.%N)
  set +e
  nice -n 10 "$bin" -runs="$runs" -max_total_time="$max_seconds" -timeout=20 -rss_limit_mb=2048 \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
    "$out/corpus/$t" > "$out/$t.log" 2>&1
  rc=$?
  set -e
  end=$(date +%s.%N)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -1)
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$out/$t.log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  findings=$(find "$out/artifacts" -name "$t-*" ! -name "$t-slow-unit-*" | wc -l)
  slow=$(find "$out/artifacts" -name "$t-slow-unit-*" | wc -l)
  files=$(find "$out/corpus/$t" -type f | wc -l)
  [ "$rc" = 0 ] && [ "$findings" = 0 ] || status=1
  awk -v t="$t" -v e="${execs:-0}" -v s="$start" -v f="$end" -v cv="${cov:-?}" -v ft="${ft:-?}" \
    -v c="$files" -v n="$findings" -v u="$slow" -v rc="$rc" 'BEGIN {
      w = f - s
      printf "| %s | %d | %.0f | %.0f | %s | %s | %d | %d%s | %d |\n", t, e, w, e / w, cv, ft, c, n,
             rc == 0 ? "" : " (exit " rc ")", u }'
done
exit "$status"
