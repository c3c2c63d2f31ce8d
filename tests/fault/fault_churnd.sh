#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churnd under injected OS faults (libchurn_fault.so, see fault_shim.cc).
# Stream mode (-n):
#   write EINTR, EAGAIN, short writes: exactly SIZE bytes written, exit 0
#   write ENOSPC: "churnd: stream: No space left on device", exit 1
#   write EPIPE: the reader went away, exit 0
#   open of -f FILE EACCES: one line with the error, exit 1
#   open of the hwrng device ENOENT with --sources hwrng: exit 69
# Daemon mode (--once -F), RNDADDENTROPY answered by the shim, never by the kernel, and run
# without CAP_SYS_ADMIN (setpriv) so that even a shim that failed to load could credit nothing:
#   ioctl EPERM: one line naming CAP_SYS_ADMIN, exit 77
#   no fault: each RNDADDENTROPY credits exactly 8 bits per byte (hwrng claimed at 8)
#   hwrng reads failing EIO from the first read: exit 70 (start-up self-test), nothing credited
#   hwrng reads failing EIO after start-up: --once ends with exit 0, no feed above 8 bits/byte
# usage: fault_churnd.sh LIBCHURN_FAULT CHURND RNGTEST_GEN
set -uo pipefail
shim=$1 churnd=$2 gen=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# shimmed NAME FAULT CMD... : runs CMD with the shim; status in $work/NAME.rc.
shimmed() {
  local name=$1 fault=$2
  shift 2
  CHURN_FAULT=$fault CHURN_FAULT_LOG="$work/$name.log" LD_PRELOAD=$shim "$@" \
    > "$work/$name.out" 2> "$work/$name.err"
  echo $? > "$work/$name.rc"
  grep -q '^loaded' "$work/$name.log" 2>/dev/null || fail "$name: the shim was not loaded"
}
rc() { cat "$work/$1.rc"; }

# ---- stream mode ----
size=1048576
for fault in write:EINTR:fd1:0:5 write:EAGAIN:fd1:1:5 write:SHORT1000:fd1 write:SHORT1:fd1:0:3; do
  name=${fault//:/_}
  shimmed "$name" "$fault" "$churnd" -n 1M
  got=$(stat -c %s "$work/$name.out")
  if [ "$(rc "$name")" = 0 ] && [ "$got" = "$size" ]; then
    ok "-n 1M with $fault: exactly $size bytes, exit 0"
  else
    fail "-n 1M with $fault: exit $(rc "$name"), $got bytes (want $size): $(tail -1 "$work/$name.err")"
  fi
done

shimmed enospc write:ENOSPC:fd1:2 "$churnd" -n 1M
if [ "$(rc enospc)" = 1 ] && grep -qx 'churnd: stream: No space left on device' "$work/enospc.err"; then
  ok "write ENOSPC: exit 1, 'stream: No space left on device'"
else
  fail "write ENOSPC: exit $(rc enospc): $(tail -2 "$work/enospc.err")"
fi
shimmed epipe write:EPIPE:fd1:2 "$churnd" -n 1M
if [ "$(rc epipe)" = 0 ] && [ ! -s "$work/epipe.err" ]; then
  ok "write EPIPE: the reader went away, exit 0, nothing on stderr"
else
  fail "write EPIPE: exit $(rc epipe): $(tail -2 "$work/epipe.err")"
fi

shimmed open_out open:EACCES:out.bin "$churnd" -n 1k -f "$work/out.bin"
if [ "$(rc open_out)" = 1 ] && [ "$(wc -l < "$work/open_out.err")" = 1 ] &&
   grep -q 'Permission denied' "$work/open_out.err"; then
  ok "open -f FILE EACCES: exit 1, one line: $(cat "$work/open_out.err")"
else
  fail "open -f FILE EACCES: exit $(rc open_out): $(cat "$work/open_out.err")"
fi

"$gen" good 21 4194304 > "$work/hwrng"
shimmed open_hwrng open:ENOENT:hwrng "$churnd" -n 1k --sources hwrng --hwrng "$work/hwrng"
if [ "$(rc open_hwrng)" = 69 ]; then
  ok "open of the hwrng ENOENT: exit 69: $(tail -1 "$work/open_hwrng.err")"
else
  fail "open of the hwrng ENOENT: exit $(rc open_hwrng): $(tail -2 "$work/open_hwrng.err")"
fi

# ---- daemon mode ----
if ! command -v setpriv > /dev/null; then
  echo "SKIP: no setpriv to drop CAP_SYS_ADMIN (stream-mode checks: $failures failure(s))"
  [ "$failures" -eq 0 ] && exit 77
  exit 1
fi
# No CAP_SYS_ADMIN, whatever the shim does; the kernel would refuse any RNDADDENTROPY.
nocap=(setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin)
daemon=("$churnd" --once -F --sources hwrng --hwrng "$work/hwrng" --hwrng-claim 8
        --pidfile "$work/churnd.pid")

shimmed eperm ioctl:EPERM "${nocap[@]}" "${daemon[@]}"
if [ "$(rc eperm)" = 77 ] && grep -q 'CAP_SYS_ADMIN' "$work/eperm.err"; then
  ok "RNDADDENTROPY EPERM: exit 77: $(grep CAP_SYS_ADMIN "$work/eperm.err" | head -1)"
else
  fail "RNDADDENTROPY EPERM: exit $(rc eperm): $(tail -2 "$work/eperm.err")"
fi

# Without a fault: one feed, credited exactly 8 bits per byte (--hwrng-claim 8, 2x
# oversampling), never more.
shimmed nofault "" "${nocap[@]}" "${daemon[@]}"
feeds=$(grep -c '^RNDADDENTROPY bytes=[1-9]' "$work/nofault.log")
over=$(awk -F'[ =]' '/^RNDADDENTROPY/ && $5 != 8 * $3 { n++ } END { print n + 0 }' "$work/nofault.log")
if [ "$(rc nofault)" = 0 ] && [ "$feeds" -ge 1 ] && [ "$over" = 0 ]; then
  ok "--once without a fault: exit 0, $feeds feed(s), each credited 8 bits per byte"
else
  fail "--once without a fault: exit $(rc nofault), $feeds feeds, $over not at 8 bits/byte: $(tail -2 "$work/nofault.err")"
fi

# Every hwrng read fails with EIO from the first: the start-up self-test never passes (exit 70;
# 69 would say no source at all) and no byte of a failed read is ever credited.
shimmed eio read:EIO:hwrng:0:-1 "${nocap[@]}" "${daemon[@]}"
credited=$(grep -c '^RNDADDENTROPY bytes=[0-9]* bits=[1-9]' "$work/eio.log")
if { [ "$(rc eio)" = 70 ] || [ "$(rc eio)" = 69 ]; } && grep -q 'Input/output error' "$work/eio.err" &&
   [ "$credited" = 0 ]; then
  ok "hwrng reads failing with EIO from the start: exit $(rc eio), nothing credited"
else
  fail "hwrng reads failing with EIO from the start: exit $(rc eio), $credited credited feeds: $(tail -2 "$work/eio.err")"
fi

# The hwrng passes its start-up test, then every read fails with EIO: after start-up a failing
# source never ends churnd; --once ends with what was collected before the failures, each
# feed credited at most 8 bits per byte.
shimmed eio_late read:EIO:hwrng:8:-1 "${nocap[@]}" "${daemon[@]}"
over=$(awk '/^RNDADDENTROPY bytes=/ { split($2, b, "="); split($3, c, "="); if (c[2] > 8 * b[2]) n++ } END { print n + 0 }' "$work/eio_late.log")
if [ "$(rc eio_late)" = 0 ] && [ "$over" = 0 ]; then
  ok "hwrng reads failing with EIO after start-up: exit 0, no feed above 8 bits per byte"
else
  fail "hwrng reads failing with EIO after start-up: exit $(rc eio_late), $over feeds above 8 bits/byte: $(tail -3 "$work/eio_late.err")"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
