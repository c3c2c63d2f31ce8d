#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn-rngtest on bad input and on what rngtest cannot do: files as arguments, --json,
# a vanished pipe reader, signals. Each case checks the exit status and one clear line.
#
#   rngtest_errors.sh CHURN_RNGTEST RNGTEST_GEN
set -uo pipefail

churn=$1
gen=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS [PATTERN FILE]
  local name=$1 want=$2 got=$3
  if [ "$want" != "$got" ]; then
    echo "FAIL $name: exit status $got, expected $want"
    failures=$((failures + 1))
    return
  fi
  if [ $# -ge 5 ] && ! grep -q -e "$4" "$5"; then
    echo "FAIL $name: no line matching '$4' in:"
    head -5 "$5"
    failures=$((failures + 1))
    return
  fi
  echo "ok   $name"
}

"$gen" good 1 $((4 + 40 * 2500 + 100)) > "$work/good"
head -c 50000 "$work/good" > "$work/part1"
tail -c +50001 "$work/good" > "$work/part2"

"$churn" < "$work/good" 2> "$work/whole.err"; rc=$?
check "stdin" 0 $rc "untested trailing bytes: 100" "$work/whole.err"

"$churn" "$work/part1" - < "$work/part2" 2> "$work/split.err"; rc=$?
check "files and - read as one stream" 0 $rc "FIPS 140-2 successes: 40" "$work/split.err"
grep 'bits received' "$work/whole.err" > "$work/a"
grep 'bits received' "$work/split.err" > "$work/b"
cmp -s "$work/a" "$work/b"; check "same bits received as one stream" 0 $?

"$churn" "$work" 2> "$work/dir.err"; rc=$?
check "directory" 11 $rc "Is a directory" "$work/dir.err"

"$churn" "$work/does-not-exist" 2> "$work/missing.err"; rc=$?
check "missing file" 11 $rc "No such file or directory" "$work/missing.err"

# /proc/self/mem fails to read at offset 0 (EIO), a read error that even root gets.
"$churn" /proc/self/mem 2> "$work/eio.err"; rc=$?
check "unreadable file" 11 $rc "error reading input" "$work/eio.err"

"$churn" "$work/part1" "$work/does-not-exist" 2> "$work/late.err"; rc=$?
check "missing second file after tested blocks" 11 $rc "FIPS 140-2 successes: 19" "$work/late.err"

"$churn" < /dev/null 2> "$work/empty.err"; rc=$?
check "empty input" 1 $rc "entropy source exhausted!" "$work/empty.err"

"$churn" --json < "$work/good" > "$work/json.out" 2> /dev/null; rc=$?
check "--json" 0 $rc '"successes":40,"failures":0' "$work/json.out"
if command -v python3 > /dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["untested_trailing_bytes"]==100' \
    "$work/json.out"
  check "--json parses" 0 $?
fi

"$churn" --json -p < "$work/good" > /dev/null 2> "$work/jp.err"; rc=$?
check "--json with -p is a usage error" 10 $rc "cannot be combined" "$work/jp.err"

"$churn" --help > "$work/help.out"; rc=$?
check "--help lists defaults" 0 $rc "blockcount=n.*default: 0" "$work/help.out"
"$churn" -V > "$work/v.out"; rc=$?
check "-V" 0 $rc "^churn-rngtest " "$work/v.out"

# The reader of -p output goes away: no SIGPIPE death, one line, status 11.
"$gen" good 2 $((8 + 4000 * 2500)) > "$work/big"
("$churn" -p < "$work/big" 2> "$work/epipe.err"; echo $? > "$work/epipe.rc") | head -c 1000 > /dev/null
check "reader of -p output goes away" 11 "$(cat "$work/epipe.rc")" "error writing to output" "$work/epipe.err"

# SIGINT while waiting on a pipe: statistics are printed, status from the blocks so far.
mkfifo "$work/fifo"
"$churn" < "$work/fifo" 2> "$work/int.err" &
pid=$!
exec 3> "$work/fifo"
head -c $((4 + 3 * 2500)) "$work/good" >&3
sleep 0.5
kill -INT $pid
wait $pid; rc=$?
exec 3>&-
check "SIGINT prints statistics" 0 $rc "FIPS 140-2 successes: 3" "$work/int.err"

# -t 1: a block tested more than a second after the start dumps the statistics once.
mkfifo "$work/fifo2"
"$churn" -t 1 < "$work/fifo2" 2> "$work/timed.err" &
pid=$!
exec 4> "$work/fifo2"
head -c $((4 + 2 * 2500)) "$work/good" >&4
sleep 1.2
tail -c +$((4 + 2 * 2500 + 1)) "$work/good" | head -c $((2 * 2500)) >&4
exec 4>&-
wait $pid; rc=$?
dumps=$(grep -c 'Program run time' "$work/timed.err")
check "-t 1 dumps once after a second, then at the end" 0 $rc "FIPS 140-2 successes: 3" "$work/timed.err"
[ "$dumps" = 2 ] || { echo "FAIL -t 1: $dumps dumps, expected 2"; failures=$((failures + 1)); }

[ "$failures" = 0 ] && echo "all error cases pass"
[ "$failures" = 0 ]
