#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churnd through its LSB init script, with DAEMON, PIDFILE and the config overridden:
# start, status 0, SIGHUP (the config is re-read), SIGUSR1, metrics, idle CPU, stop within
# 1 s with the pidfile gone, status 3; kill -9 and a restart over the stale pidfile.
# Usage: churnd_init.sh CHURND INIT_SCRIPT
set -u
# shellcheck source=tests/system/churnd_lib.sh
. "$(dirname "$0")/churnd_lib.sh"
need_root
command -v start-stop-daemon >/dev/null || { echo "SKIP: no start-stop-daemon"; exit 77; }

export DAEMON=$1
init=$2
export PIDFILE=$CHURN_TMP/churnd.pid
export CHURND_DEFAULTS=/dev/null  # never read the machine's /etc/default/churnd
conf=$CHURN_TMP/churnd.conf
export DAEMON_ARGS="-c $conf"
cat >"$conf" <<CONF
no-credit = true
reseed-interval = 2
metrics = $CHURN_TMP/churnd.prom
CONF

note "status before start"
"$init" status >/dev/null
rc=$?
[ "$rc" = 3 ] || fail "status before start: $rc, want 3"

note "start"
"$init" start
rc=$?
[ "$rc" = 77 ] && { echo "SKIP: churnd has no CAP_SYS_ADMIN here"; exit 77; }
[ "$rc" = 0 ] || fail "start: exit $rc"
[ -s "$PIDFILE" ] || fail "no pidfile after start"
pid=$(cat "$PIDFILE")
track "$pid"
alive "$pid" || fail "pid $pid from the pidfile is not running"
[ "$(readlink "/proc/$pid/exe")" = "$(readlink -f "$DAEMON")" ] || fail "pid $pid is not churnd"

note "status while running"
"$init" status >/dev/null
rc=$?
[ "$rc" = 0 ] || fail "status while running: $rc, want 0"

note "start while running is a successful no-op"
"$init" start >/dev/null || fail "second start through the init script failed"
[ "$(cat "$PIDFILE")" = "$pid" ] || fail "second start replaced the daemon"

note "a second instance with the same pidfile is refused"
out=$("$DAEMON" --pidfile "$PIDFILE" -c "$conf" 2>&1)
rc=$?
[ "$rc" != 0 ] || fail "a second churnd started"
echo "$out" | grep -q "another churnd (pid $pid) is running" || fail "unclear refusal: $out"
alive "$pid" || fail "the first churnd died"
[ "$(cat "$PIDFILE")" = "$pid" ] || fail "the refused churnd touched the pidfile"

note "metrics"
wait_for_file "$CHURN_TMP/churnd.prom" 10 || fail "no metrics file"
check_metrics "$CHURN_TMP/churnd.prom"

note "SIGHUP re-reads the config"
sed -i "s|^metrics = .*|metrics = $CHURN_TMP/reloaded.prom|" "$conf"
"$init" reload >/dev/null || fail "reload"
wait_for_file "$CHURN_TMP/reloaded.prom" 10 || fail "no metrics at the reloaded path"
check_metrics "$CHURN_TMP/reloaded.prom"
alive "$pid" || fail "churnd died on SIGHUP"

note "reload with a bad config: LSB 6, the reason, and the running churnd keeps its config"
cp "$conf" "$CHURN_TMP/good.conf"
echo "sources =" >>"$conf"
out=$("$init" reload 2>&1)
rc=$?
[ "$rc" = 6 ] || fail "reload with a bad config: exit $rc, want 6 ($out)"
echo "$out" | grep -q "sources: empty value" || fail "reload does not say why: $out"
alive "$pid" || fail "churnd died on a bad reload"
cp "$CHURN_TMP/good.conf" "$conf"

note "churnd -F by hand while the init script's churnd runs: refused (one per machine)"
out=$("$DAEMON" -F --pidfile "$PIDFILE" -c "$conf" 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "a foreground churnd beside the daemon: exit $rc, want 1 ($out)"
echo "$out" | grep -q "another churnd (pid $pid) is running" || fail "unclear refusal: $out"

note "SIGUSR1"
kill -USR1 "$pid"
sleep 0.2
alive "$pid" || fail "churnd died on SIGUSR1"

note "idle CPU over 10 s (reseed every 2 s)"
assert_idle "$pid" idle

note "stop within 1 s"
t0=$(now_ms)
"$init" stop
rc=$?
t1=$(now_ms)
echo "   stop took $((t1 - t0)) ms"
[ "$rc" = 0 ] || fail "stop: exit $rc"
[ $((t1 - t0)) -lt 1000 ] || fail "stop took $((t1 - t0)) ms"
# start-stop-daemon counts churnd stopped once /proc/PID/exe no longer names it, which
# happens early in the kernel's exit (the address space goes first; under ASan that is a
# huge shadow mapping and takes a while): give the exit itself up to 1 s more.
wait_gone "$pid" 1 || fail "churnd still running 1 s after stop returned"
[ ! -e "$PIDFILE" ] || fail "pidfile left behind"
"$init" status >/dev/null
rc=$?
[ "$rc" = 3 ] || fail "status after stop: $rc, want 3"

note "kill -9, then start over the stale pidfile"
"$init" start || fail "start"
pid=$(cat "$PIDFILE")
track "$pid"
kill -KILL "$pid"
wait_gone "$pid" 2 || fail "kill -9 did not end churnd"
[ -e "$PIDFILE" ] || fail "the killed churnd removed its pidfile (cannot test the stale case)"
"$init" status >/dev/null
rc=$?
[ "$rc" = 1 ] || fail "status with a stale pidfile: $rc, want 1"
"$init" start || fail "start over a stale pidfile"
pid2=$(cat "$PIDFILE")
track "$pid2"
{ [ "$pid2" != "$pid" ] && alive "$pid2"; } || fail "no new churnd after the stale pidfile"
"$init" restart || fail "restart"
pid3=$(cat "$PIDFILE")
track "$pid3"
{ [ "$pid3" != "$pid2" ] && alive "$pid3"; } || fail "restart did not replace churnd"
"$init" stop || fail "final stop"
[ ! -e "$PIDFILE" ] || fail "pidfile left behind"

note "a bad config through the init script: LSB 6 (not configured) and churnd's reason"
echo "reseed-interval = 0" >"$conf"
out=$("$init" start 2>&1)
rc=$?
[ "$rc" = 6 ] || fail "bad config: exit $rc, want 6 ($out)"
echo "$out" | grep -q "reseed-interval" || fail "the error does not name the key: $out"
[ ! -e "$PIDFILE" ] || fail "pidfile left by a failed start"

note "no CAP_SYS_ADMIN (as nobody): LSB 4 (insufficient privilege), not churnd's 77"
if command -v setpriv >/dev/null; then
  # nobody must reach the script, churnd and the config wherever this tree was cloned (a
  # mktemp -d clone is mode 0700): copies in a directory of its own, under the temp dir
  # opened to others for the purpose.
  chmod 755 "$CHURN_TMP"
  mkdir -m 755 "$CHURN_TMP/nobody" "$CHURN_TMP/nobody/sbin" "$CHURN_TMP/nobody/init.d"
  cp "$DAEMON" "$CHURN_TMP/nobody/sbin/churnd"
  cp "$init" "$CHURN_TMP/nobody/init.d/churnd"
  echo "no-credit = true" >"$CHURN_TMP/nobody/churnd.conf"
  out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups env \
        DAEMON="$CHURN_TMP/nobody/sbin/churnd" PIDFILE="$CHURN_TMP/nobody/churnd.pid" \
        DAEMON_ARGS="-c $CHURN_TMP/nobody/churnd.conf" "$CHURN_TMP/nobody/init.d/churnd" \
        start 2>&1)
  rc=$?
  [ "$rc" = 4 ] || fail "start as nobody: exit $rc, want 4 ($out)"
  echo "$out" | grep -q "CAP_SYS_ADMIN" || fail "start as nobody does not say why: $out"
fi

note "reload when not running: LSB 7"
"$init" reload >/dev/null 2>&1
rc=$?
[ "$rc" = 7 ] || fail "reload when not running: exit $rc, want 7"

note "DAEMON not installed (removed, not purged): start exits 0 and starts nothing"
out=$(DAEMON=/nonexistent/churnd "$init" start 2>&1)
rc=$?
[ "$rc" = 0 ] || fail "start without the binary: exit $rc, want 0 ($out)"
[ -z "$out" ] || fail "start without the binary printed: $out"

echo "PASS"
