#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The SP 800-90B 3.1.4 restart test fed the way an assessor feeds it: `churnd --raw SOURCE
# --restarts N -n COLS` writes N rows, each from a fresh start of the source (new tables, new
# start-up tests), and `churn-rngtest --restart-matrix NxCOLS` reads them.
#   - RDRAND, 400 x 400: churnd exits 0, writes exactly 160,000 bytes, the rows differ, and the
#     restart test passes. False-failure budget: 90B 3.1.4.3 sets the sanity check's cutoff so
#     that a source of H_I bits per sample fails with probability 1 % over the whole matrix,
#     but H_I is the assessed ~6.6 bits (cutoff 15) while RDRAND's bytes carry ~8: a value
#     seen 16 times among 400 uniform bytes (Poisson mean 1.56) has probability ~1e-11, so
#     over 256 values and 800 rows and columns the budget is ~3e-6; the row and column
#     assessments need only H_I / 2.
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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
skips=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# distinct_rows FILE ROWS COLS: prints how many distinct rows FILE has.
distinct_rows() {
  split -b "$3" -d -a 4 "$1" "$work/row." && sha256sum "$work"/row.* | cut -d' ' -f1 | sort -u |
    wc -l
  rm -f "$work"/row.*
}

if grep -qw rdrand /proc/cpuinfo; then
  if "$churnd" --raw rdrand --restarts 400 -n 400 -f "$work/rdrand" 2> "$work/rdrand.log"; then
    size=$(stat -c %s "$work/rdrand")
    if [ "$size" = 160000 ]; then ok "rdrand: 400 rows of 400 bytes"
    else fail "rdrand: wrote $size bytes, not 160000"; fi
    rows=$(distinct_rows "$work/rdrand" 400 400)
    if [ "$rows" = 400 ]; then ok "rdrand: 400 distinct rows"
    else fail "rdrand: only $rows distinct rows of 400"; fi
    "$churn" --suite sp800-90b --estimate-bytes 160000 --restart-matrix 400x400 \
      "$work/rdrand" 2> "$work/rdrand.err" > /dev/null
    if grep -q '^churn-rngtest: SP 800-90B 3.1.4 restart test 400x400: sanity check pass .*: pass, min-entropy' \
        "$work/rdrand.err"; then
      ok "rdrand: restart test passes"
    else
      fail "rdrand: restart test"; grep -i 'restart' "$work/rdrand.err"
    fi
  else
    fail "churnd --raw rdrand --restarts 400: $(cat "$work/rdrand.log")"
  fi
else
  echo "skip rdrand: this CPU has no RDRAND"
  skips=$((skips + 1))
fi

if "$churnd" --raw havege --restarts 10 -n 1000 -f "$work/havege" 2> "$work/havege.log"; then
  size=$(stat -c %s "$work/havege")
  if [ "$size" = 10000 ]; then ok "havege: 10 rows of 1000 samples"
  else fail "havege: wrote $size bytes, not 10000"; fi
  rows=$(distinct_rows "$work/havege" 10 1000)
  if [ "$rows" = 10 ]; then ok "havege: 10 distinct rows"
  else fail "havege: only $rows distinct rows of 10"; fi
  "$churn" --suite sp800-90b --estimate-bytes 10000 --restart-matrix 10x1000 --json \
    "$work/havege" 2> "$work/havege.err" > "$work/havege.json"
  if grep -q '^churn-rngtest: SP 800-90B 3.1.4 restart test 10x1000: sanity check ' \
      "$work/havege.err" &&
     grep -q '"restart":{"rows":10,"cols":1000,"ran":true' "$work/havege.json"; then
    ok "havege: restart test ran ($(grep -o 'restart test 10x1000: .*' "$work/havege.err" |
      sed 's/.*): //'))"
  else
    fail "havege: no restart test result"; cat "$work/havege.err"
  fi
else
  fail "churnd --raw havege --restarts 10: $(cat "$work/havege.log")"
fi

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
[ "$skips" = 0 ] || { echo "passed, $skips case(s) skipped"; exit 77; }
echo "all passed"
