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
# When churnd.service last became active (READY=1), in seconds of CLOCK_MONOTONIC, the clock
# of the kernel log's timestamps.
active_enter_s() {
  systemctl show -p ActiveEnterTimestampMonotonic --value churnd.service |
    awk '{ printf "%.3f", $1 / 1e6 }'
}
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
    # Booted with DAEMON_ARGS="--no-credit" in /etc/default/churnd and the CRNG unseeded
    # (random.trust_cpu=off random.trust_bootloader=off): churnd cannot seed it, and READY=1
    # must come after its first feed all the same, or the unit never becomes active.
    say pid1 "$(cat /proc/1/comm)"
    say is_enabled "$(systemctl is-enabled churnd.service 2>&1)"
    say is_active "$(systemctl is-active churnd.service 2>&1)"
    pid=$(systemctl show -p MainPID --value churnd.service)
    say main_pid "$pid"
    say main_pid_comm "$(cat "/proc/$pid/comm" 2>/dev/null || echo none)"
    say main_pid_args "$(tr '\000' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
    say active_enter_s "$(active_enter_s)"
    say crng_ready_at_check "$(crng_ready_at)"
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
    # Then README's "Install on Debian" commands as an administrator types them (vm_package.sh
    # put them in /root/readme-install, the packages in /root): after a purge, so the package
    # is installed, enabled and started afresh, with its own /etc/default/churnd (credit on).
    # Its start returns once READY=1 came, which churnd then sends only with the CRNG seeded.
    dpkg --purge churnd churn-rngtest >/tmp/out 2>&1
    say purge_exit "$?"
    mkdir -p /root/churn
    n=0
    while IFS= read -r cmd; do
      n=$((n + 1))
      (cd /root/churn && DEBIAN_FRONTEND=noninteractive sh -c "$cmd" </dev/null >/tmp/out 2>&1)
      say readme_exit "$n $? $cmd"
      say_lines "readme_out_$n" /tmp/out
    done </root/readme-install
    say credited_is_active "$(systemctl is-active churnd.service 2>&1)"
    pid3=$(systemctl show -p MainPID --value churnd.service)
    say credited_main_pid_args "$(tr '\000' ' ' <"/proc/$pid3/cmdline" 2>/dev/null)"
    say credited_active_enter_s "$(active_enter_s)"
    say crng_ready_at_credited "$(crng_ready_at)"
    journalctl -b -u churnd.service --no-pager -o cat >/tmp/journal.all2 2>&1
    tail -n +"$(($(grep -c . /tmp/journal.all) + 1))" /tmp/journal.all2 >/tmp/journal.credited
    say_lines journal_credited /tmp/journal.credited
    systemctl stop churnd.service
    say credited_stop_exit "$?"
    say credited_after_stop "$(systemctl is-active churnd.service 2>&1)"
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
