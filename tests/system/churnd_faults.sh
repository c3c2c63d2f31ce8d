#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churnd answers signals whatever its sources do. For each faulty hwrng (/dev/null, an empty
# file, a FIFO fed at 1 byte per second) and each way of running (-F, --once, -n), churnd
# either refuses at start-up with its documented code (69: no usable source) or is running
# and ends with 0 within 1 s of SIGTERM (and of SIGINT). Output blocked on a full pipe or on a
# FIFO without reader does not delay a stop either. SIGUSR1 and SIGHUP are answered within 1 s.
# With the default sources every source this machine has contributes fed bytes within 10 s.
# Every churnd here runs with --no-credit: nothing is credited to this machine's kernel.
# Each measured latency is printed ("latency ...") for the record.
set -u
churnd=$1 latency=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=churnd_lib.sh
. "$here/churnd_lib.sh"
need_root

limit_ms=1000
null=/dev/null
empty=$CHURN_TMP/empty
: >"$empty"
fifo=$CHURN_TMP/hwrng.fifo
mkfifo "$fifo"

# Runs churnd with the given arguments, waits $1 seconds, sends signal $2 and checks that it
# ended within $limit_ms with status 0 -- or that it had already ended at start-up with 69.
# $3 names the case.
stop_case() {
  local settle=$1 sig=$2 name=$3
  shift 3
  local log=$CHURN_TMP/case.log result
  result=$("$latency" "$(awk -v s="$settle" 'BEGIN { print int(s * 1000) }')" "$sig" "$log" -- \
           "$churnd" "$@")
  set -- $result
  case $1 in
    self)
      [ "$2" = 69 ] || fail "$name: ended by itself with $2: $(cat "$log")"
      grep -q 'no usable entropy source' "$log" || fail "$name: 69 without the reason: $(cat "$log")"
      echo "latency $name: refused at start-up (69): $(tail -1 "$log")" ;;
    answered)
      if [ "$3" = 69 ] && grep -q 'no usable entropy source' "$log"; then
        echo "latency $name: refused at start-up (69) as the signal came"
        return
      fi
      [ "$3" = 0 ] || fail "$name: exit $3 after SIG$sig: $(cat "$log")"
      [ "$2" -le $limit_ms ] || fail "$name: SIG$sig took $2 ms"
      echo "latency $name: SIG$sig answered in $2 ms" ;;
    *) fail "$name: SIG$sig not answered within 10 s: $(cat "$log")" ;;
  esac
}

# A FIFO fed one byte per second by a fresh writer (a writer dies of SIGPIPE when its reader
# goes away, so each case gets its own).
start_writer() {
  (exec 3>"$fifo"; while :; do printf x >&3; sleep 1; done) 2>/dev/null &
  writer=$!
  track "$writer"
}

# Runs one case, with a fresh 1 B/s writer when the device is the FIFO.
fault_case() {
  local dev=$1
  shift
  [ "$dev" = fifo ] && start_writer
  stop_case "$@"
  if [ "$dev" = fifo ]; then kill "$writer" 2>/dev/null || true; wait "$writer" 2>/dev/null || true; fi
}

for dev in null empty fifo; do
  path=${!dev}
  for sig in TERM INT; do
    fault_case $dev 1.5 "$sig" "-F hwrng=$dev" -F --no-credit --sources hwrng --hwrng "$path"
  done
  fault_case $dev 1.5 TERM "--once hwrng=$dev" --once --no-credit --sources hwrng --hwrng "$path"
  fault_case $dev 1.5 TERM "-n 1k hwrng=$dev" -n 1k -f "$CHURN_TMP/out" --sources hwrng --hwrng "$path"
  # With a working source beside it, the dead one must not make churnd deaf either.
  fault_case $dev 2 TERM "-F havege+hwrng=$dev" -F --no-credit --sources havege,hwrng --hwrng "$path"
done

# A silent source claimed so little that a block never fills (the old --rdrand-claim 1e-300).
if grep -qw rdrand /proc/cpuinfo; then
  stop_case 1 TERM "-F rdrand claim 1e-300" -F --no-credit --sources rdrand --rdrand-claim 1e-300
  "$churnd" -n 1k -f "$CHURN_TMP/tiny" --sources rdrand --rdrand-claim 1e-300 ||
    fail "-n 1k with --rdrand-claim 1e-300 did not finish"
fi

# --raw runs the same pipeline: start-up samples are never written, a dead or stuck source ends
# the run with 69 within seconds, --restarts N writes N rows.
head -c 2000 /dev/urandom >"$CHURN_TMP/short"
t0=$(now_ms)
"$churnd" --raw hwrng --hwrng "$CHURN_TMP/short" -n 1M -f "$CHURN_TMP/raw.out" 2>"$CHURN_TMP/raw.log"
status=$?
[ "$status" = 69 ] || fail "--raw on a 2000-byte file: exit $status: $(cat "$CHURN_TMP/raw.log")"
cmp -s "$CHURN_TMP/raw.out" <(tail -c +1025 "$CHURN_TMP/short") ||
  fail "--raw wrote $(stat -c %s "$CHURN_TMP/raw.out") bytes, not the 976 after the 1024 start-up samples"
echo "latency --raw on a file that ends: exit 69 after $(($(now_ms) - t0)) ms: $(tail -1 "$CHURN_TMP/raw.log")"
{ head -c 8192 /dev/urandom; head -c 16384 /dev/zero; } >"$CHURN_TMP/sticks"
t0=$(now_ms)
"$churnd" --raw hwrng --hwrng "$CHURN_TMP/sticks" -n 1M -f "$CHURN_TMP/raw.out" 2>"$CHURN_TMP/raw.log"
status=$?
[ "$status" = 69 ] || fail "--raw on a source that sticks: exit $status: $(cat "$CHURN_TMP/raw.log")"
cmp -s "$CHURN_TMP/raw.out" <(head -c 8192 "$CHURN_TMP/sticks" | tail -c +1025) ||
  fail "--raw on a source that sticks wrote $(stat -c %s "$CHURN_TMP/raw.out") bytes, not 7168"
grep -q 'quarantined' "$CHURN_TMP/raw.log" || fail "--raw: the stuck source is not reported"
echo "latency --raw on a source that sticks: exit 69 after $(($(now_ms) - t0)) ms"
start_writer
fault_case none 1.5 TERM "--raw hwrng=fifo" --raw hwrng --hwrng "$fifo" -n 1M -f "$CHURN_TMP/raw.out"
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null
"$churnd" --raw havege --restarts 3 -n 1000 -f "$CHURN_TMP/rows" 2>"$CHURN_TMP/rows.log" ||
  fail "--raw havege --restarts 3: $(cat "$CHURN_TMP/rows.log")"
[ "$(stat -c %s "$CHURN_TMP/rows")" = 3000 ] || fail "--restarts 3 -n 1000 wrote $(stat -c %s "$CHURN_TMP/rows") bytes"

# Output blocked: a pipe nobody reads, and a FIFO nobody opens.
mkfifo "$CHURN_TMP/full"
sleep 30 <"$CHURN_TMP/full" &  # holds the pipe open and never reads it
reader=$!
track "$reader"
stop_case 1.5 TERM "-n 0 into a full pipe" -n 0 -f "$CHURN_TMP/full" --sources havege
kill "$reader" 2>/dev/null || true
mkfifo "$CHURN_TMP/noreader"
stop_case 1 TERM "-n 1k into a FIFO without reader" -n 1k -f "$CHURN_TMP/noreader" --sources havege

# SIGUSR1 and SIGHUP are answered within a second, with a 1 B/s hwrng beside a live source.
start_writer
log=$CHURN_TMP/daemon.log
"$churnd" -F --no-credit --sources havege,hwrng --hwrng "$fifo" --metrics "$CHURN_TMP/m.prom" \
  2>"$log" &
pid=$!
track "$pid"
wait_for_file "$CHURN_TMP/m.prom" 10 || fail "no metrics: $(cat "$log")"
for sig in USR1 HUP; do
  want=$([ "$sig" = USR1 ] && echo 'statistics:' || echo 'SIGHUP: configuration re-read')
  before=$(grep -c "$want" "$log" || true)
  t0=$(now_ms); kill -"$sig" "$pid"
  while [ "$(grep -c "$want" "$log" || true)" = "$before" ]; do
    [ $(($(now_ms) - t0)) -le $limit_ms ] || fail "SIG$sig not answered in 1 s: $(cat "$log")"
    sleep 0.01
  done
  echo "latency SIG$sig answered in $(($(now_ms) - t0)) ms"
done
grep -q 'source hwrng: starting' "$log" || fail "the 1 B/s hwrng is not reported starting: $(cat "$log")"
kill -TERM "$pid"; wait_gone "$pid" 2 || fail "SIGTERM after SIGHUP ignored"

# With the default sources, every source this machine has is fed within 10 s.
"$churnd" -F --no-credit --metrics "$CHURN_TMP/all.prom" 2>"$CHURN_TMP/all.log" &
pid=$!
track "$pid"
sleep 10
kill -USR1 "$pid"
sleep 0.5
kill -TERM "$pid"; wait_gone "$pid" 2 || fail "default sources: SIGTERM ignored"
cat "$CHURN_TMP/all.log"; echo "-- metrics"
check_metrics "$CHURN_TMP/all.prom"
expected="havege"
grep -qw rdseed /proc/cpuinfo && expected="$expected rdseed" || echo "SKIP rdseed: this CPU has no RDSEED"
grep -qw rdrand /proc/cpuinfo && expected="$expected rdrand" || echo "SKIP rdrand: this CPU has no RDRAND"
[ -r /dev/hwrng ] && expected="$expected hwrng" || echo "SKIP hwrng: no /dev/hwrng"
for s in $expected; do
  grep -Eq "^churn_source_output_bytes_total\{source=\"$s\"\} [1-9][0-9]*$" "$CHURN_TMP/all.prom" ||
    fail "$s fed nothing within 10 s: $(grep "source=\"$s\"" "$CHURN_TMP/all.prom")"
  grep -Eq "source $s: healthy.* fed [1-9][0-9]* bytes" "$CHURN_TMP/all.log" ||
    fail "SIGUSR1 statistics show no bytes fed from $s"
  echo "first contribution $s: $(sed -n "s/.*source $s: .*first fed after \([0-9.]* s\).*/\1/p" "$CHURN_TMP/all.log")"
done
echo "PASS"
