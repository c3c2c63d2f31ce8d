#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churnd's daemon hygiene, strict config, logging and legacy-kernel behaviour on the real
# binary. The body runs in a private mount namespace whose /dev is a small tmpfs (null, zero,
# random, urandom) with /dev/log pointing at log-sink, so syslog lines are read back without
# the machine's syslog; the legacy case bind-mounts an emulated /proc/sys/kernel/random
# (poolsize 4096) read-only. Every churnd runs with no-credit = true; all are killed on exit.
# Usage: churnd_hygiene.sh CHURND LOG_SINK
set -u
churnd=$(readlink -f "$1")
log_sink=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${CHURN_HYGIENE_NS:-}" ]; then
  [ "$(id -u)" = 0 ] || { echo "SKIP: needs root (mount namespace, CAP_SYS_ADMIN)"; exit 77; }
  command -v unshare >/dev/null || { echo "SKIP: no unshare"; exit 77; }
  unshare -m --propagation private true 2>/dev/null ||
    { echo "SKIP: cannot make a mount namespace here"; exit 77; }
  CHURN_HYGIENE_NS=1 exec unshare -m --propagation private "$0" "$@"
fi

# shellcheck source=tests/system/churnd_lib.sh
. "$here/churnd_lib.sh"
mount -t tmpfs -o mode=755 tmpfs /dev || fail "tmpfs on /dev"
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/random c 1 8
mknod -m 666 /dev/urandom c 1 9
ln -s /proc/self/fd /dev/fd
ln -s "$CHURN_TMP/log.sock" /dev/log
log=$CHURN_TMP/syslog
"$log_sink" "$CHURN_TMP/log.sock" "$log" &
track $!
for _ in $(seq 100); do [ -S "$CHURN_TMP/log.sock" ] && break; sleep 0.05; done

conf=$CHURN_TMP/churnd.conf
cat >"$conf" <<CONF
no-credit = true
reseed-interval = 1
sources = havege
CONF

# Waits up to $2 s for the syslog to hold a line matching $1.
wait_for_log() {
  local deadline=$(( $(now_ms) + $2 * 1000 ))
  until grep -q -- "$1" "$log" 2>/dev/null; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
stop() {
  kill -TERM "$1" 2>/dev/null
  wait_gone "$1" 5 || fail "churnd $1 did not stop on SIGTERM"
}

note "daemonised: start-up and harvester lines reach syslog (facility daemon), prefix churnd"
pidfile=$CHURN_TMP/d.pid
err=$("$churnd" -c "$conf" --pidfile "$pidfile" --sources havege,hwrng \
      --hwrng /dev/churn-no-such-hwrng 2>&1)
rc=$?
[ "$rc" = 77 ] && { echo "SKIP: no CAP_SYS_ADMIN here"; exit 77; }
[ "$rc" = 0 ] || fail "start: exit $rc: $err"
pid=$(cat "$pidfile")
track "$pid"
wait_for_log "churnd\[$pid\]: started" 5 || fail "no 'started' line in syslog: $(cat "$log")"
# <28>: LOG_DAEMON (3 << 3) | LOG_WARNING (4).
grep -Eq "^<28>.*churnd\[$pid\]: source hwrng (unavailable|absent)" "$log" ||
  fail "the harvester's line is not in syslog at daemon.warning: $(cat "$log")"
echo "$err" | grep -Eq "^churnd: source hwrng (unavailable|absent)" ||
  fail "the caller did not see the start-up line with churnd's prefix: $err"
! grep -q "churn: " "$log" || fail "a line with another prefix: $(grep "churn: " "$log")"

note "a bad reload is refused, logged, and the running config kept"
cp "$conf" "$CHURN_TMP/good.conf"
echo "sources =" >>"$conf"
kill -HUP "$pid"
wait_for_log "churnd\[$pid\]: SIGHUP: .*sources: empty value.*keeping the running configuration" 5 ||
  fail "no refused-reload line: $(tail -3 "$log")"
alive "$pid" || fail "churnd died on a bad reload"
cp "$CHURN_TMP/good.conf" "$conf"
ls -l "/proc/$pid/fd/2" | grep -q '/dev/null' || fail "stderr of the daemon is not /dev/null"
stop "$pid"

note "READY=1 reaches NOTIFY_SOCKET with --no-credit"
"$log_sink" "$CHURN_TMP/notify.sock" "$CHURN_TMP/notify" &
track $!
for _ in $(seq 100); do [ -S "$CHURN_TMP/notify.sock" ] && break; sleep 0.05; done
NOTIFY_SOCKET=$CHURN_TMP/notify.sock "$churnd" -F -c "$conf" --pidfile "$CHURN_TMP/n.pid" 2>/dev/null &
pid=$!
track "$pid"
deadline=$(( $(now_ms) + 10000 ))
until grep -qx "READY=1" "$CHURN_TMP/notify" 2>/dev/null; do
  [ "$(now_ms)" -lt "$deadline" ] || fail "no READY=1: $(cat "$CHURN_TMP/notify" 2>/dev/null)"
  sleep 0.05
done
stop "$pid"
grep -qx "STOPPING=1" "$CHURN_TMP/notify" || fail "no STOPPING=1 on SIGTERM"

note "inherited descriptors are closed: a pipe held by the caller sees EOF at once"
t0=$(now_ms)
out=$(timeout 20 sh -c "\"$churnd\" -c \"$conf\" --pidfile \"$pidfile\" 7>&1 8>>\"$CHURN_TMP/inherited\"; echo started")
rc=$?
t1=$(now_ms)
[ "$rc" = 0 ] || fail "the caller waited for the daemon's copy of its pipe (exit $rc, $((t1 - t0)) ms)"
echo "   start through a pipe returned in $((t1 - t0)) ms"
pid=$(cat "$pidfile")
track "$pid"
for fd in /proc/"$pid"/fd/*; do
  target=$(readlink "$fd")
  case "$target" in
    "$CHURN_TMP/inherited"|pipe:*) fail "inherited descriptor $fd -> $target kept open" ;;
  esac
done
stop "$pid"

note "started with 0 and 2 closed: the pidfile does not become stderr; logs go to syslog"
"$churnd" -F -c "$conf" --pidfile "$CHURN_TMP/closed.pid" <&- 2>&- &
pid=$!
track "$pid"
wait_for_file "$CHURN_TMP/closed.pid" 5 || fail "no pidfile"
wait_for_log "churnd\[$pid\]: started" 5 || fail "the foreground churnd without stderr did not log to syslog"
sleep 1.5  # at least one status interval
[ "$(cat "$CHURN_TMP/closed.pid")" = "$pid" ] ||
  fail "pidfile holds more than the pid: $(head -c 200 "$CHURN_TMP/closed.pid")"
for fd in 0 2; do
  [ "$(readlink "/proc/$pid/fd/$fd")" = /dev/null ] || fail "fd $fd is $(readlink "/proc/$pid/fd/$fd")"
done
stop "$pid"

note "relative --pidfile and --metrics are resolved before chdir(/)"
mkdir -p "$CHURN_TMP/rel"
(cd "$CHURN_TMP/rel" && "$churnd" -c "$conf" --pidfile rel.pid --metrics rel.prom) ||
  fail "start with relative paths"
pid=$(cat "$CHURN_TMP/rel/rel.pid") || fail "no pidfile at the relative path"
track "$pid"
wait_for_file "$CHURN_TMP/rel/rel.prom" 10 || fail "no metrics at the relative path"
[ ! -e /rel.prom ] || { rm -f /rel.prom; fail "metrics written to /rel.prom"; }
stop "$pid"
[ ! -e "$CHURN_TMP/rel/rel.pid" ] || fail "relative pidfile left behind"

note "an unwritable metrics path fails start-up with one line"
out=$("$churnd" -F -c "$conf" --pidfile "$CHURN_TMP/m.pid" --metrics /proc/churn-no-dir/churnd.prom 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "unwritable metrics: exit $rc, want 1 ($out)"
[ "$(echo "$out" | wc -l)" = 1 ] || fail "more than one line: $out"
echo "$out" | grep -q "^churnd: metrics: cannot write '/proc/churn-no-dir/churnd.prom'" ||
  fail "unclear message: $out"

note "strict config on the command line and in the file"
expect64() {
  local what=$1 pattern=$2 out rc
  shift 2
  out=$(timeout 10 "$churnd" "$@" 2>&1)
  rc=$?
  [ "$rc" = 64 ] || fail "$what: exit $rc, want 64 ($out)"
  echo "$out" | grep -q -- "$pattern" || fail "$what: message lacks '$pattern': $out"
  [ "$(echo "$out" | wc -l)" = 1 ] || fail "$what: more than one line: $out"
}
expect64 "--write 1024 (an abbreviation)" "write" --write 1024 -c "$conf"
expect64 "--fore" "fore" --fore -c "$conf"
expect64 "-c /dev/zero --probe" "is not a regular file" -c /dev/zero --probe
expect64 "-c DIRECTORY" "is not a regular file" -c "$CHURN_TMP" -F
printf 'foreground = true\n' >"$CHURN_TMP/mode.conf"
expect64 "foreground in the file" "'foreground' changes what churnd does" -c "$CHURN_TMP/mode.conf"
printf 'number = 1k\n' >"$CHURN_TMP/mode.conf"
expect64 "number in the file" "'number' changes what churnd does" -c "$CHURN_TMP/mode.conf"
printf 'sources = \033[2J\001havege\n' >"$CHURN_TMP/ctl.conf"
expect64 "control bytes" 'x1b\[2J\\x01havege' -c "$CHURN_TMP/ctl.conf" -F
out=$("$churnd" --check-config -c "$conf")
[ $? = 0 ] || fail "--check-config on a good file"
echo "$out" | grep -q "configuration valid" || fail "--check-config: $out"
expect64 "--check-config on a bad file" "'number' changes" --check-config -c "$CHURN_TMP/mode.conf"

note "a /dev/random that is not 1:8 is refused"
mount --bind /dev/urandom /dev/random
out=$("$churnd" -F -c "$conf" --pidfile "$CHURN_TMP/u.pid" 2>&1)
rc=$?
umount /dev/random
[ "$rc" = 1 ] || fail "/dev/random as /dev/urandom: exit $rc, want 1 ($out)"
echo "$out" | grep -q "not the kernel's random device (character device 1:8)" || fail "unclear: $out"

note "legacy kernel emulated (poolsize 4096), read-only /proc/sys: -w warns, no busy loop"
mkdir -p "$CHURN_TMP/proc"
echo 4096 >"$CHURN_TMP/proc/poolsize"
echo 1024 >"$CHURN_TMP/proc/write_wakeup_threshold"
echo 4096 >"$CHURN_TMP/proc/entropy_avail"
mount --bind "$CHURN_TMP/proc" /proc/sys/kernel/random || fail "bind mount over /proc/sys/kernel/random"
mount -o remount,ro,bind /proc/sys/kernel/random || fail "read-only remount"
"$churnd" -F -v -c "$conf" -w 2048 --pidfile "$CHURN_TMP/l.pid" 2>"$CHURN_TMP/legacy.err" &
pid=$!
track "$pid"
deadline=$(( $(now_ms) + 10000 ))
until grep -q "kernel RNG: legacy" "$CHURN_TMP/legacy.err"; do
  alive "$pid" || fail "churnd exited on a legacy kernel: $(cat "$CHURN_TMP/legacy.err")"
  [ "$(now_ms)" -lt "$deadline" ] || fail "no start: $(cat "$CHURN_TMP/legacy.err")"
  sleep 0.05
done
grep -q "write-wakeup-threshold: cannot write .*using the kernel's 1024 bits" "$CHURN_TMP/legacy.err" ||
  fail "no warning for the unwritable threshold: $(cat "$CHURN_TMP/legacy.err")"
assert_idle "$pid" legacy
stop "$pid"
umount /proc/sys/kernel/random

echo "PASS"
