#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The check that runs inside a booted Debian root with the churnd package installed (the
# package-systemd and package-sysvinit cases of the VM tier, tests/vm/vm_package.sh). Under
# systemd it is a oneshot unit ordered after churnd.service and multi-user.target; under
# sysvinit an rc script that insserv orders last in runlevel 2. It drives the service the way
# an administrator does (systemctl, /etc/init.d/churnd), prints result lines
#   CHURN-VM <case> <key> <value...>
# on the console, "CHURN-VM <case> end done" last, and powers the guest off. vm_package.sh
# reads them and asserts.
# Usage: guest_package.sh systemd|sysvinit

init=$1
case_name=package-$init
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

say() { echo "CHURN-VM $case_name $*" >/dev/console; }
say_lines() {
  key=$1 file=$2
  [ -s "$file" ] || return 0
  tr -d '\000-\010\013-\037' <"$file" | head -n 40 | while IFS= read -r line; do
    say "$key" "$line"
  done
}
uptime_s() { cut -d' ' -f1 /proc/uptime; }
crng_ready_at() {
  t=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] random: crng init done.*/\1/p' | head -n 1)
  echo "${t:-none}"
}
# running PID: "running" while the process exists and is not a zombie, else "gone".
state_of() {
  s=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
  if [ -n "$s" ] && [ "$s" != Z ]; then echo running; else echo gone; fi
}
pidfile=/run/churnd/churnd.pid

say uptime_at_check "$(uptime_s)"
case "$init" in
  systemd)
    say pid1 "$(cat /proc/1/comm)"
    say is_enabled "$(systemctl is-enabled churnd.service 2>&1)"
    say is_active "$(systemctl is-active churnd.service 2>&1)"
    pid=$(systemctl show -p MainPID --value churnd.service)
    say main_pid "$pid"
    say main_pid_comm "$(cat "/proc/$pid/comm" 2>/dev/null || echo none)"
    say pidfile "$(cat "$pidfile" 2>/dev/null || echo none)"
    # What churnd wrote to the journal since it started (its start-up and status lines).
    journalctl -b -u churnd.service --no-pager -o cat >/tmp/journal.start 2>&1
    say journal_start_lines "$(grep -c . /tmp/journal.start)"
    say journal_churnd_lines "$(journalctl -b _COMM=churnd --no-pager -o cat 2>/dev/null | grep -c .)"
    say_lines journal /tmp/journal.start
    systemctl reload churnd.service
    say reload_exit "$?"
    sleep 1
    say after_reload "$(systemctl is-active churnd.service) $(systemctl show -p MainPID --value churnd.service)"
    systemctl stop churnd.service
    say stop_exit "$?"
    say after_stop "$(systemctl is-active churnd.service 2>&1)"
    say process_after_stop "$(state_of "$pid")"
    journalctl -b -u churnd.service --no-pager -o cat >/tmp/journal.all 2>&1
    say journal_all_lines "$(grep -c . /tmp/journal.all)"
    tail -n +"$(($(grep -c . /tmp/journal.start) + 1))" /tmp/journal.all >/tmp/journal.tail
    say_lines journal_after /tmp/journal.tail
    ;;
  sysvinit)
    say pid1 "$(cat /proc/1/comm)"
    say runlevel "$(runlevel 2>&1)"
    # rcS started churnd at boot; the pidfile names the daemon.
    pid=$(cat "$pidfile" 2>/dev/null || echo none)
    say boot_pid "$pid"
    say boot_state "$(state_of "$pid")"
    say boot_comm "$(cat "/proc/$pid/comm" 2>/dev/null || echo none)"
    /etc/init.d/churnd status >/tmp/out 2>&1
    say status_exit "$?"
    say_lines status_out /tmp/out
    /etc/init.d/churnd reload >/tmp/out 2>&1
    say reload_exit "$?"
    say_lines reload_out /tmp/out
    sleep 1
    say after_reload "$(state_of "$pid") $(cat "$pidfile" 2>/dev/null || echo none)"
    /etc/init.d/churnd stop >/tmp/out 2>&1
    say stop_exit "$?"
    say_lines stop_out /tmp/out
    say after_stop "$(state_of "$pid")"
    /etc/init.d/churnd status >/tmp/out 2>&1
    say status_stopped_exit "$?"
    /etc/init.d/churnd reload >/tmp/out 2>&1
    say reload_stopped_exit "$?"
    /etc/init.d/churnd start >/tmp/out 2>&1
    say start_exit "$?"
    say_lines start_out /tmp/out
    pid2=$(cat "$pidfile" 2>/dev/null || echo none)
    say start_state "$(state_of "$pid2")"
    /etc/init.d/churnd status >/tmp/out 2>&1
    say status2_exit "$?"
    /etc/init.d/churnd stop >/tmp/out 2>&1
    say stop2_exit "$?"
    say after_stop2 "$(state_of "$pid2")"
    ;;
esac
dmesg | grep -iE 'segfault|general protection|traps:|churnd' >/tmp/dmesg.sel
say_lines kernel_log /tmp/dmesg.sel
say crng_ready "$(crng_ready_at)"
say end "done"
sync
case "$init" in
  systemd) systemctl poweroff --force --force ;;
  *) poweroff -f ;;
esac
sleep 10
