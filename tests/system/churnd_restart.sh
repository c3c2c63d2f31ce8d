#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The SP 800-90B 3.1.4 restart test fed the way an assessor feeds it: `churnd --raw SOURCE
# --restarts N -n COLS` writes N rows, each from a fresh start of the source (new tables, new
# start-up tests), and `churn-rngtest --restart-matrix NxCOLS` reads them.
#   - RDRAND, 400 x 400: churnd exits 0, writes exactly 160,000 bytes, the rows differ, and the
#     restart test passes. False-failure budget: 90B 3.1.4.3 sets the sanity check's cutoff so
#     that a source of H_I bits per sample fails with probability at most 1 % over the whole
#     matrix, but H_I is the assessed ~7.36 bits (the minimum of ten estimators with their
#     confidence bounds on 160,000 samples; cutoff 14) while RDRAND's bytes carry ~8: a value
#     seen 15 times among 400 uniform bytes (Poisson mean 1.56) has probability ~1e-10, so
#     over 256 values and 800 rows and columns the budget is ~2.4e-5 (H_I up to 7.5 keeps the
#     cutoff at 14); the row and column assessments need only H_I / 2.
#     Skipped (77) when the CPU has no RDRAND.
#   - HAVEGE, 10 x 1000 (each restart runs the start-up tests: ~1-3 s): churnd exits 0, writes
#     10,000 bytes, no two rows are equal (a restart that replays the same tables and timings
#     would repeat its row), and churn-rngtest reports the 10x1000 restart test in text and
#     JSON. Its pass or fail is reported, not asserted: ten rows are too few to budget.
#
#   churnd_restart.sh CHURND CHURN_RNGTEST
set -uo pipefail

churnd=$1
churn=$2
# shellcheck source=tests/system/check_lib.sh
. "$(dirname "$0")/check_lib.sh"
skips=0

# distinct_rows FILE ROWS COLS: prints how many distinct rows FILE has.
distinct_rows() {
  split -b "$3" -d -a 4 "$1" "$work/row." && sha256sum "$work"/row.* | cut -d' ' -f1 | sort -u |
    wc -l
  rm -f "$work"/row.*
}

# restart_rows SOURCE ROWS COLS: churnd --raw SOURCE --restarts ROWS -n COLS into $work/SOURCE;
# checks its size and that the rows are distinct, then runs the restart test on it (report in
# $work/SOURCE.err and .json). Returns 1 when churnd failed, else 0.
restart_rows() {
  local source=$1 nrows=$2 cols=$3 size rows
  if ! "$churnd" --raw "$source" --restarts "$nrows" -n "$cols" -f "$work/$source" \
      2> "$work/$source.log"; then
    fail "churnd --raw $source --restarts $nrows: $(cat "$work/$source.log")"
    return 1
  fi
  size=$(stat -c %s "$work/$source")
  if [ "$size" = $((nrows * cols)) ]; then ok "$source: $nrows rows of $cols samples"
  else fail "$source: wrote $size bytes, not $((nrows * cols))"; fi
  rows=$(distinct_rows "$work/$source" "$nrows" "$cols")
  if [ "$rows" = "$nrows" ]; then ok "$source: $nrows distinct rows"
  else fail "$source: only $rows distinct rows of $nrows"; fi
  "$churn" --suite sp800-90b --estimate-bytes $((nrows * cols)) \
    --restart-matrix "${nrows}x$cols" --json "$work/$source" \
    2> "$work/$source.err" > "$work/$source.json"
  return 0  # churn-rngtest's own status (FIPS failures on raw samples) is not the question
}

if grep -qw rdrand /proc/cpuinfo; then
  if restart_rows rdrand 400 400; then
    if grep -q '^churn-rngtest: SP 800-90B 3.1.4 restart test 400x400: sanity check pass .*: pass, min-entropy' \
        "$work/rdrand.err"; then
      ok "rdrand: restart test passes"
    else
      fail "rdrand: restart test"; grep -i 'restart' "$work/rdrand.err"
    fi
  fi
else
  echo "skip rdrand: this CPU has no RDRAND"
  skips=$((skips + 1))
fi

if restart_rows havege 10 1000; then
  if grep -q '^churn-rngtest: SP 800-90B 3.1.4 restart test 10x1000: sanity check ' \
      "$work/havege.err" &&
     grep -q '"restart":{"rows":10,"cols":1000,"ran":true' "$work/havege.json"; then
    ok "havege: restart test ran ($(grep -o 'restart test 10x1000: .*' "$work/havege.err" |
      sed 's/.*): //'))"
  else
    fail "havege: no restart test result"; cat "$work/havege.err"
  fi
fi

finish_checks
[ "$skips" = 0 ] || { echo "passed, $skips case(s) skipped"; exit 77; }
echo "all passed"
