#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churnd in the foreground and from the command line: the per-interval status line, SIGUSR1
# statistics and SIGHUP in the log, SIGINT, --once, bad configuration (64), and an
# unprivileged user (77 naming CAP_SYS_ADMIN).
# Usage: churnd_cli.sh CHURND
set -u
# shellcheck source=tests/system/churnd_lib.sh
. "$(dirname "$0")/churnd_lib.sh"
need_root
churnd=$CHURN_TMP/churnd
cp "$1" "$churnd"  # somewhere the unprivileged user can reach
chmod 755 "$churnd"
conf=$CHURN_TMP/churnd.conf
printf 'no-credit = true\nreseed-interval = 1\n' >"$conf"
chmod 644 "$conf"

note "bad values and unknown options exit 64 naming the key"
out=$("$churnd" -F -c "$conf" --reseed-interval 0 2>&1)
[ $? = 64 ] || fail "bad reseed-interval: not 64"
echo "$out" | grep -q "reseed-interval.*1 to 86400" || fail "message: $out"
out=$("$churnd" -F --bogus 2>&1)
[ $? = 64 ] || fail "unknown option: not 64"
echo "$out" | grep -q "bogus" || fail "message: $out"
out=$("$churnd" -F -c "$CHURN_TMP/missing.conf" 2>&1)
[ $? = 64 ] || fail "missing -c file: not 64"
printf 'reseed-interval = 60\nsources = rdseed,dice\n' >"$CHURN_TMP/bad.conf"
out=$("$churnd" -F -c "$CHURN_TMP/bad.conf" 2>&1)
[ $? = 64 ] || fail "bad sources in the config file: not 64"
echo "$out" | grep -q "sources" || fail "message: $out"

note "an unprivileged user gets 77 and a pointer to stream mode"
if command -v setpriv >/dev/null; then
  out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$churnd" -F -c "$conf" 2>&1)
  rc=$?
  [ "$rc" = 77 ] || fail "unprivileged: exit $rc, want 77 ($out)"
  [ "$(echo "$out" | wc -l)" = 1 ] || fail "not one line: $out"
  echo "$out" | grep -q "CAP_SYS_ADMIN" || fail "message does not name CAP_SYS_ADMIN: $out"
  echo "$out" | grep -q "churnd -n" || fail "message does not point to stream mode: $out"
else
  echo "   (setpriv missing: skipped)"
fi

note "--once on this machine"
out=$("$churnd" --once -c "$conf" 2>&1)
rc=$?
[ "$rc" = 77 ] && { echo "SKIP: churnd has no CAP_SYS_ADMIN here"; exit 77; }
[ "$rc" = 0 ] || fail "--once: exit $rc ($out)"
echo "$out" | grep -q -- "--once: done" || fail "--once said: $out"

note "foreground: status lines, SIGUSR1, SIGHUP, SIGINT"
log=$CHURN_TMP/fg.log
"$churnd" -F -v -c "$conf" --pidfile "$CHURN_TMP/fg.pid" 2>"$log" &
pid=$!
track "$pid"
wait_for_file "$CHURN_TMP/fg.pid" 10 || fail "no pidfile with --pidfile in the foreground"
deadline=$(( $(now_ms) + 10000 ))
until [ "$(grep -c 'status: ' "$log")" -ge 2 ]; do
  [ "$(now_ms)" -lt "$deadline" ] || fail "fewer than 2 status lines in 10 s: $(cat "$log")"
  sleep 0.1
done
grep -q "kernel RNG: \(modern\|legacy\) (poolsize [0-9]* bits)" "$log" ||
  fail "the kernel generation is not logged"
kill -USR1 "$pid"
kill -HUP "$pid"
deadline=$(( $(now_ms) + 5000 ))
until grep -q "SIGHUP: configuration re-read" "$log"; do
  [ "$(now_ms)" -lt "$deadline" ] || fail "no SIGHUP line: $(cat "$log")"
  sleep 0.05
done
grep -q "^churnd: source [a-z]*: " "$log" || fail "no per-source statistics on SIGUSR1"
t0=$(now_ms)
kill -INT "$pid"
wait "$pid"
rc=$?
t1=$(now_ms)
[ "$rc" = 0 ] || fail "SIGINT: exit $rc"
[ $((t1 - t0)) -lt 1000 ] || fail "SIGINT took $((t1 - t0)) ms"
[ ! -e "$CHURN_TMP/fg.pid" ] || fail "pidfile left behind"
grep -q "credited 0 bits" "$log" || fail "the status line does not show the (zero) credit"

echo "PASS"
