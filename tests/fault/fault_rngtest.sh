#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn-rngtest under injected OS faults (libchurn_fault.so, see fault_shim.cc):
#   read of stdin  EINTR, EAGAIN, short reads: the same report as without the fault;
#                  EIO: "error reading input: stdin: Input/output error", exit 11
#   open of a file ENOENT, EACCES: one line naming the file and the error, exit 11
#   write of -p    EINTR, EAGAIN, short writes: every passed block written, byte for byte;
#                  ENOSPC, EPIPE: "error writing to output: ...", exit 11
# usage: fault_rngtest.sh LIBCHURN_FAULT CHURN_RNGTEST RNGTEST_GEN
set -uo pipefail
shim=$1 rngtest=$2 gen=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# 4000 blocks plus the 4 seed bytes (and 4 more for -p's discarded word), about ten 1 MiB
# reads and ~1 MB writes; some blocks planted with a long run so that there are failures
# to count too.
"$gen" longrun 11 10000008 40 > "$work/in"

# run NAME FAULT ARGS... : churn-rngtest under the fault, stdin from the input file.
run() {
  local name=$1 fault=$2
  shift 2
  CHURN_FAULT=$fault CHURN_FAULT_LOG="$work/$name.log" LD_PRELOAD=$shim \
    "$rngtest" "$@" < "$work/in" > "$work/$name.out" 2> "$work/$name.err"
  echo $? > "$work/$name.rc"
  grep -q '^loaded' "$work/$name.log" 2>/dev/null || fail "$name: the shim was not loaded"
  # An errno fault that was never injected tests nothing.
  case $fault in
    *:E[A-Z]*) grep -q -- '-> E' "$work/$name.log" || fail "$name: $fault was never injected" ;;
  esac
}
counts() { grep -E 'FIPS 140-2( |\(2001-10-10\) )[A-Za-z ]*: ' "$1" | sed 's/^churn-rngtest: //'; }
rc() { cat "$work/$1.rc"; }
injected() { grep -c -- "-> $2" "$work/$1.log" 2>/dev/null || true; }

CHURN_FAULT_LOG="$work/base.log" LD_PRELOAD=$shim "$rngtest" < "$work/in" > /dev/null \
  2> "$work/base.err"
base_rc=$?
counts "$work/base.err" > "$work/base.counts"
[ -s "$work/base.counts" ] || fail "no report without a fault"
"$rngtest" -p < "$work/in" > "$work/base-p.out" 2> /dev/null
[ -s "$work/base-p.out" ] || fail "no -p output without a fault"

# Faults on stdin that must change nothing.
for fault in read:EINTR:fd0:0:5 read:EAGAIN:fd0:1:5 read:SHORT4093:fd0 read:SHORT2500:fd0; do
  name=${fault//:/_}
  run "$name" "$fault"
  counts "$work/$name.err" > "$work/$name.counts"
  if [ "$(rc "$name")" = "$base_rc" ] && cmp -s "$work/base.counts" "$work/$name.counts"; then
    ok "$fault: same report and exit $base_rc"
  else
    fail "$fault: exit $(rc "$name") (want $base_rc), report differs:"
    diff "$work/base.counts" "$work/$name.counts" | head -5
  fi
done
[ "$(injected read_EINTR_fd0_0_5 EINTR)" = 5 ] || fail "EINTR was injected $(injected read_EINTR_fd0_0_5 EINTR) times, not 5"

# A failed read: rngtest's exit 11 and one line naming stdin and the error.
run eio read:EIO:fd0:2
if [ "$(rc eio)" = 11 ] &&
   grep -qx 'churn-rngtest: error reading input: stdin: Input/output error' "$work/eio.err"; then
  ok "read EIO: exit 11, 'error reading input: stdin: Input/output error'"
else
  fail "read EIO: exit $(rc eio): $(grep -v '^churn-rngtest: FIPS\|bits\|speed\|run time' "$work/eio.err" | tail -3)"
fi

# Opening a named input file.
cp "$work/in" "$work/named"
for pair in ENOENT:'No such file or directory' EACCES:'Permission denied'; do
  err=${pair%%:*} text=${pair#*:}
  CHURN_FAULT=open:$err:named CHURN_FAULT_LOG="$work/open-$err.log" LD_PRELOAD=$shim \
    "$rngtest" "$work/named" > /dev/null 2> "$work/open-$err.err"
  status=$?
  if [ "$status" = 11 ] && grep -q "^churn-rngtest: .*$work/named: $text\$" "$work/open-$err.err"; then
    ok "open $err: exit 11, one line naming the file"
  else
    fail "open $err: exit $status: $(tail -2 "$work/open-$err.err")"
  fi
done

# Pipe mode: nothing written may be lost or duplicated.
for fault in write:EINTR:fd1:0:5 write:EAGAIN:fd1:1:5 write:SHORT100000:fd1 write:SHORT1:fd1:0:3; do
  name=p_${fault//:/_}
  run "$name" "$fault" -p
  if [ "$(rc "$name")" = "$base_rc" ] && cmp -s "$work/base-p.out" "$work/$name.out"; then
    ok "-p with $fault: every passed block written once, exit $base_rc"
  else
    fail "-p with $fault: exit $(rc "$name") (want $base_rc), $(stat -c %s "$work/$name.out") bytes written (want $(stat -c %s "$work/base-p.out")): $(tail -1 "$work/$name.err")"
  fi
done

for pair in ENOSPC:'No space left on device' EPIPE:'Broken pipe'; do
  err=${pair%%:*} text=${pair#*:}
  run "p_$err" "write:$err:fd1:2" -p
  if [ "$(rc "p_$err")" = 11 ] &&
     grep -qx "churn-rngtest: error writing to output: $text" "$work/p_$err.err"; then
    ok "-p write $err: exit 11, 'error writing to output: $text'"
  else
    fail "-p write $err: exit $(rc "p_$err"): $(tail -2 "$work/p_$err.err")"
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
