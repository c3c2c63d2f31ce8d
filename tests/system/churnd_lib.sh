# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
# shellcheck shell=bash
# Shared helpers of the churnd system tests (sourced). Every churnd these tests start is
# configured with no-credit = true: they mix entropy into this machine's kernel but never
# credit a bit. Everything started is killed on exit.

CHURN_PIDS=""
CHURN_TMP=$(mktemp -d /tmp/churnd-test.XXXXXX)
chmod 755 "$CHURN_TMP"

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "-- $*"; }

cleanup() {
  local pid
  for pid in $CHURN_PIDS $(cat "$CHURN_TMP"/*.pid 2>/dev/null); do
    kill -KILL "$pid" 2>/dev/null
  done
  rm -rf "$CHURN_TMP"
}
trap cleanup EXIT

# Remembers a pid to kill on exit.
track() { CHURN_PIDS="$CHURN_PIDS $1"; }

need_root() {
  [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (CAP_SYS_ADMIN)"; exit 77; }
  # An unprivileged container has uid 0 but no CAP_SYS_ADMIN in the initial namespace:
  # churnd itself says so with exit 77, which skips the test too.
}

now_ms() { date +%s%3N; }

# Waits up to $2 seconds for file $1 to exist.
wait_for_file() {
  local deadline=$(( $(now_ms) + $2 * 1000 ))
  while [ ! -s "$1" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

# True while process $1 exists and is not a zombie (an orphaned daemon that exited stays a
# zombie until init reaps it, which some minimal inits do late).
alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Waits up to $2 seconds for process $1 to end.
wait_gone() {
  local deadline=$(( $(now_ms) + $2 * 1000 ))
  while alive "$1"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.01
  done
}

# Checks that $1 is a valid Prometheus text file of churn metrics.
check_metrics() {
  local file=$1 bad
  [ -s "$file" ] || fail "no metrics in $file"
  bad=$(grep -Ev '^# (HELP|TYPE) churn_[a-z_]+ .+$|^churn_[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9]+(\.[0-9]+)?$' "$file")
  [ -z "$bad" ] || fail "invalid metrics lines in $file: $bad"
  grep -q '^churn_kernel_crng_ready [01]$' "$file" || fail "no churn_kernel_crng_ready"
  grep -Eq '^churn_kernel_info\{generation="(modern|legacy)",poolsize_bits="[0-9]+"\} 1$' \
    "$file" || fail "no churn_kernel_info"
  grep -Eq '^churn_source_state\{source="[a-z]+",state="healthy"\} [01]$' "$file" ||
    fail "no per-source state"
  grep -Eq '^churn_source_health_failures_total\{source="[a-z]+",test="rct"\} [0-9]+$' "$file" ||
    fail "no per-source health failures"
  # These tests never credit entropy to the kernel.
  grep -q '^churn_credited_entropy_total 0$' "$file" || fail "credited bits are not 0"
  grep -Eq '^churn_fed_bytes_total [1-9][0-9]*$' "$file" || fail "nothing was fed"
  grep -Eq '^churn_last_feed_timestamp_seconds [1-9][0-9]*\.[0-9]+$' "$file" ||
    fail "no last feed time"
}

# utime + stime of process $1, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# assert_idle PID LABEL: fails unless process PID uses under 1 % of a CPU (fewer than 0.1 s of
# CPU) over 10 s. The sources' own start-up (HAVEGE's timer test and SP 800-90B assessment,
# seconds of CPU in a sanitizer build) is not idling: it is let finish (8 s) before counting.
assert_idle() {
  local ticks_per_s before after used
  ticks_per_s=$(getconf CLK_TCK)
  sleep 8
  before=$(cpu_ticks "$1")
  sleep 10
  after=$(cpu_ticks "$1")
  used=$((after - before))
  echo "   $2: $used ticks of $((10 * ticks_per_s)) in 10 s"
  [ $((used * 10)) -lt "$ticks_per_s" ] || fail "$2: churnd used $used ticks in 10 s (>= 1% CPU)"
}
