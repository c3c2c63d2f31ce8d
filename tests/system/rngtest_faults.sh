#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn-rngtest's output faults as a whole binary:
#  - SIGTERM/SIGINT while -p is blocked on a full pipe whose reader never reads: it stops at
#    once (rngtest does), prints its statistics and exits by the blocks tested (0 or 1);
#  - --json to /dev/full or to a closed stdout: "error writing to output" and exit 11;
#  - a sample wider than --bits-per-sample: refused with its offset unless --mask-samples.
#
#   rngtest_faults.sh CHURN_RNGTEST RNGTEST_GEN
set -uo pipefail

churn=$1
gen=$2
work=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

"$gen" good 1 $((4 + 400 * 2500)) > "$work/good"

for sig in TERM INT; do
  # The reader sleeps and never reads: the 64 KiB pipe fills and -p blocks on it.
  mkfifo "$work/fifo.$sig"
  sleep 30 < "$work/fifo.$sig" &
  reader=$!
  pids+=("$reader")
  "$churn" -p < "$work/good" > "$work/fifo.$sig" 2> "$work/err.$sig" &
  tester=$!
  pids+=("$tester")
  sleep 1
  kill -s "$sig" "$tester"
  # It must end within 3 s of the signal, long before the reader goes away.
  for _ in $(seq 30); do
    kill -0 "$tester" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$tester" 2>/dev/null; then
    fail "SIG$sig while blocked on output: still running 3 s later"
    kill -KILL "$tester" 2>/dev/null
    wait "$tester" 2>/dev/null
  else
    wait "$tester"
    rc=$?
    if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
      fail "SIG$sig while blocked on output: exit status $rc, expected 0 or 1"
    elif ! grep -q '^churn-rngtest: FIPS 140-2 successes: ' "$work/err.$sig"; then
      fail "SIG$sig while blocked on output: no statistics"
    else
      ok "SIG$sig while blocked on output: stopped, statistics printed, status $rc"
    fi
  fi
  kill "$reader" 2>/dev/null
  wait "$reader" 2>/dev/null
done

head -c $((4 + 20 * 2500)) "$work/good" > "$work/small"
"$churn" --json < "$work/small" > /dev/full 2> "$work/full.err"
rc=$?
if [ "$rc" = 11 ] && grep -q '^churn-rngtest: error writing to output: No space left on device' \
    "$work/full.err"; then
  ok "--json to /dev/full: exit 11 with the error"
else
  fail "--json to /dev/full: exit status $rc"; head -3 "$work/full.err"
fi
"$churn" --json < "$work/small" >&- 2> "$work/closed.err"
rc=$?
if [ "$rc" = 11 ] && grep -q '^churn-rngtest: error writing to output: ' "$work/closed.err"; then
  ok "--json to a closed stdout: exit 11 with the error"
else
  fail "--json to a closed stdout: exit status $rc"; head -3 "$work/closed.err"
fi

# A sample wider than --bits-per-sample is refused with its offset (NIST's tool refuses it);
# --mask-samples keeps the low bits instead.
{ head -c 5 /dev/zero; printf '\037'; head -c 3000 /dev/zero; } > "$work/wide"
"$churn" --suite sp800-90b --bits-per-sample 4 --estimate-bytes 3000 < "$work/wide" \
  2> "$work/wide.err"
if grep -q 'estimators: not run: the sample at offset 5 is 31, wider than 4 bits' "$work/wide.err"; then
  ok "a 5-bit sample with --bits-per-sample 4: refused at offset 5"
else
  fail "a 5-bit sample with --bits-per-sample 4 was not refused"; grep estimators "$work/wide.err"
fi
"$churn" --suite sp800-90b --bits-per-sample 4 --mask-samples --estimate-bytes 3000 \
  < "$work/wide" 2> "$work/mask.err"
if grep -q 'SP 800-90B min-entropy: ' "$work/mask.err"; then
  ok "--mask-samples: assessed"
else
  fail "--mask-samples: no assessment"; grep estimators "$work/mask.err"
fi

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all passed"
