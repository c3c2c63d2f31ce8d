#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn-rngtest installed as `rngtest` (a symlink, as a Debian alternative would make): every
# statistics line is byte for byte Debian's rngtest's, prefix "rngtest: " included, except
# the timing lines (speeds, run time) and churn's one extra line (untested trailing bytes).
#   rngtest_as_rngtest.sh CHURN_RNGTEST RNGTEST_GEN PEERS_DIR
set -euo pipefail
churn=$(readlink -f "$1")
gen=$2
ref=$3/usr/bin/rngtest
[ -x "$ref" ] || { echo "SKIP: reference rngtest not found at $ref (contrib/setup.sh peers)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$churn" "$work/rngtest"
"$gen" good 7 $((4 + 2500 * 400)) >"$work/good"
"$gen" markov 8 $((4 + 2500 * 200)) 0.52 >"$work/markov"
keep() {
  grep '^rngtest: ' "$1" |
    grep -v -e 'speed: ' -e 'Program run time: ' -e 'untested trailing bytes: ' || true
}
for input in good markov; do
  ref_rc=0 ours_rc=0
  "$ref" <"$work/$input" 2>"$work/ref.err" || ref_rc=$?
  "$work/rngtest" <"$work/$input" 2>"$work/ours.err" || ours_rc=$?
  [ "$ref_rc" = "$ours_rc" ] || { echo "FAIL $input: exit $ref_rc vs $ours_rc"; exit 1; }
  grep -q '^rngtest: FIPS 140-2 successes: [0-9]' "$work/ours.err" ||
    { echo "FAIL $input: no 'rngtest: FIPS 140-2 successes' line"; cat "$work/ours.err"; exit 1; }
  ! grep -q 'churn-rngtest: ' "$work/ours.err" ||
    { echo "FAIL $input: churn-rngtest prefix as rngtest"; exit 1; }
  if ! diff <(keep "$work/ref.err") <(keep "$work/ours.err"); then
    echo "FAIL $input: lines differ (< rngtest, > churn-rngtest as rngtest)"
    exit 1
  fi
  echo "ok   $input (exit $ref_rc; $(keep "$work/ref.err" | grep -c .) lines identical)"
done
echo PASS
