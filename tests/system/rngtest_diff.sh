#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# Differential test: churn-rngtest against Debian's rngtest (rng-tools-debian 2.3) on
# reproducible generated inputs. For every case it compares each statistics line except the
# timing ones (speeds, run time), the exit status, and in pipe mode the echoed bytes.
# Includes thousands of blocks that sit on the runs and poker bounds, where the old rngtest
# runs-counting bug would change the verdicts.
#
#   rngtest_diff.sh CHURN_RNGTEST RNGTEST_GEN PEERS_DIR
# Exit 77 (skip) when the reference rngtest is not unpacked.
set -euo pipefail

churn=$1
gen=$2
peers=$3
ref=$peers/usr/bin/rngtest
if [ ! -x "$ref" ]; then
  echo "SKIP: reference rngtest not found at $ref (run contrib/setup.sh peers)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
cases=0

# Statistics lines without prefix; timing lines, banners and our extra line dropped.
normalise() {
  sed -n -e 's/^rngtest: //p' -e 's/^churn-rngtest: //p' "$1" |
    grep -v -e 'speed: ' -e '^Program run time: ' -e '^untested trailing bytes: ' || true
}

# compare NAME INPUT [ARGS...]
compare() {
  local name=$1 input=$2
  shift 2
  cases=$((cases + 1))
  local ref_rc=0 churn_rc=0
  "$ref" "$@" < "$input" > "$work/ref.out" 2> "$work/ref.err" || ref_rc=$?
  "$churn" "$@" < "$input" > "$work/churn.out" 2> "$work/churn.err" || churn_rc=$?
  local ok=1
  if [ "$ref_rc" != "$churn_rc" ]; then
    echo "FAIL $name: exit status rngtest $ref_rc, churn-rngtest $churn_rc"
    ok=0
  fi
  if ! diff <(normalise "$work/ref.err") <(normalise "$work/churn.err") > "$work/diff"; then
    echo "FAIL $name: statistics differ (< rngtest, > churn-rngtest):"
    head -20 "$work/diff"
    ok=0
  fi
  if ! cmp -s "$work/ref.out" "$work/churn.out"; then
    echo "FAIL $name: stdout differs ($(wc -c < "$work/ref.out") vs $(wc -c < "$work/churn.out") bytes)"
    ok=0
  fi
  if [ "$ok" = 1 ]; then
    echo "ok   $name (exit $ref_rc; $(normalise "$work/ref.err" | grep -c . ) lines equal)"
  else
    failures=$((failures + 1))
  fi
}

blk=2500
"$gen" good 1 $((4 + 800 * blk)) > "$work/good"
"$gen" bias 2 $((4 + 400 * blk)) 0.505 > "$work/bias"
"$gen" markov 3 $((4 + 400 * blk)) 0.52 > "$work/markov"
"$gen" markov 4 $((4 + 200 * blk)) 0.9 > "$work/correlated"
"$gen" longrun 5 $((8 + 300 * blk)) 26 > "$work/longrun26"
"$gen" longrun 6 $((8 + 300 * blk)) 25 > "$work/longrun25"
"$gen" longrun 7 $((8 + 300 * blk)) 40 > "$work/longrun40"
"$gen" repeat 8 $((8 + 300 * blk)) > "$work/repeat"
"$gen" good 9 $((4 + 10 * blk + 1234)) > "$work/partial"
for seed in 11 12 13; do
  "$gen" marginal $seed $((8 + 1200 * blk + 17)) > "$work/marginal$seed"
done
: > "$work/empty"
"$gen" good 14 3 > "$work/three"
"$gen" good 15 7 > "$work/seven"
"$gen" good 16 8 > "$work/eight"

compare good "$work/good"
compare good-pipe "$work/good" -p
compare bias "$work/bias"
compare markov "$work/markov"
compare correlated "$work/correlated" -p
compare longrun26 "$work/longrun26"
compare longrun26-pipe "$work/longrun26" -p
compare longrun25 "$work/longrun25"
compare longrun40-pipe "$work/longrun40" -p
compare repeat "$work/repeat"
compare repeat-pipe "$work/repeat" -p
compare partial "$work/partial"
compare partial-pipe "$work/partial" -p
for seed in 11 12 13; do
  compare "marginal$seed" "$work/marginal$seed"
  compare "marginal$seed-pipe" "$work/marginal$seed" -p
done
compare count "$work/marginal11" -c 37
compare count-pipe "$work/marginal11" -p -c 20 -b 5
compare blockstats "$work/marginal12" -b 113
compare blockstats-count "$work/good" -b 10 -c 30
compare count-beyond-input "$work/partial" -c 500
compare empty "$work/empty"
compare empty-pipe "$work/empty" -p
compare three-bytes "$work/three"
compare seven-bytes-pipe "$work/seven" -p
compare eight-bytes "$work/eight"
compare eight-bytes-pipe "$work/eight" -p
# Usage errors: only the status is comparable (the messages are worded differently).
for args in "-c abc" "-c -1" "-x" "--nosuch"; do
  cases=$((cases + 1))
  ref_rc=0 churn_rc=0
  # shellcheck disable=SC2086
  "$ref" $args < "$work/good" > /dev/null 2>&1 || ref_rc=$?
  # shellcheck disable=SC2086
  "$churn" $args < "$work/good" > /dev/null 2>&1 || churn_rc=$?
  if [ "$ref_rc" = "$churn_rc" ]; then
    echo "ok   usage '$args' (exit $ref_rc)"
  else
    echo "FAIL usage '$args': exit status rngtest $ref_rc, churn-rngtest $churn_rc"
    failures=$((failures + 1))
  fi
done

# The marginal inputs only test the runs-counting question if many blocks sit on the bounds.
for seed in 11 12 13; do
  runs=$( ("$churn" < "$work/marginal$seed" 2>&1 || true) | sed -n 's/.*Runs: //p')
  if [ "${runs:-0}" -lt 200 ]; then
    echo "FAIL marginal$seed: only ${runs:-0} runs failures; the input is not marginal enough"
    failures=$((failures + 1))
  fi
done

echo "$((cases - failures)) of $cases cases agree"
[ "$failures" = 0 ]
