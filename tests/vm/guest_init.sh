#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# /init of the VM tier's initramfs: busybox, churnd (with its shared libraries and loader), the
# peer haveged and this script. The kernel command line names one case (churn.case=NAME); the
# case runs, prints machine-readable result lines on the serial console and powers the guest
# off. Result lines read
#   CHURN-VM <case> <key> <value...>
# and the last one is "CHURN-VM <case> end <status>"; vm.sh reads them and asserts. Every
# time is the guest's uptime in seconds (/proc/uptime, 10 ms resolution).
#
# Nothing here credits entropy that churnd or haveged did not decide to credit: the guest's
# kernel is the one being seeded, never the host's.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin
/bin/busybox --install -s /bin 2>/dev/null

if [ "$$" = 1 ] && [ ! -e /proc/self ]; then
  mount -t proc proc /proc
  mount -t sysfs sysfs /sys
  mount -t devtmpfs devtmpfs /dev
  mkdir -p /run /tmp /var/log
  mount -t tmpfs tmpfs /run
  mount -t tmpfs tmpfs /tmp
fi

arg() { sed -n "s/.*[[:space:]]$1=\\([^[:space:]]*\\).*/\\1/p" /proc/cmdline; }
case_name=${1:-$(arg churn.case)}
wait_s=$(arg churn.wait)
: "${wait_s:=20}"

say() { echo "CHURN-VM $case_name $*" >/dev/console; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# The uptime at which the kernel said its CRNG was ready, or "none".
crng_ready_at() {
  t=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] random: crng init done.*/\1/p' | head -n 1)
  echo "${t:-none}"
}
# Waits until the CRNG is ready or `$1` seconds of uptime have passed.
wait_crng() {
  until [ "$(crng_ready_at)" != none ]; do
    awk -v u="$(uptime_s)" -v l="$1" 'BEGIN { exit !(u >= l) }' && return 1
    # The time comes from the kernel's own line; polling only decides when to stop waiting.
    sleep 0.5
  done
}
# Prints a file's lines as result lines, control bytes removed.
say_lines() {
  key=$1 file=$2
  [ -s "$file" ] || return 0
  tr -d '\000-\010\013-\037' <"$file" | head -n 40 | while IFS= read -r line; do
    say "$key" "$line"
  done
}
finish() {
  # Anything the kernel said about our processes (a crash, a trap) is part of the result.
  dmesg | grep -iE 'segfault|general protection|traps:|churnd|haveged' >/tmp/dmesg.sel
  say_lines kernel_log /tmp/dmesg.sel
  say entropy_avail "$(cat /proc/sys/kernel/random/entropy_avail)"
  say crng_ready "$(crng_ready_at)"
  say end "${1:-done}"
  sync
  poweroff -f
  sleep 10
}

load_virtio_rng() {
  # Debian builds virtio and virtio-rng as modules; load them in dependency order.
  for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio-rng; do
    f=$(find /lib/modules -name "$m.ko" | head -n 1)
    [ -n "$f" ] || { say insmod "$m" "not in the image"; continue; }
    insmod "$f" 2>/tmp/insmod.err || say insmod "$m" "$(tr -d '\n' </tmp/insmod.err)"
  done
  i=0
  while [ ! -e /dev/hwrng ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  say hwrng_device "$([ -e /dev/hwrng ] && echo present || echo absent)"
  say hwrng_driver "$(cat /sys/class/misc/hw_random/rng_current 2>/dev/null || echo none)"
}

# churnd --probe: its exit code and its verdict lines ("source verdict N bits/sample ...").
probe() {
  churnd --probe >/tmp/probe.out 2>/tmp/probe.err
  say probe_exit $?
  sed -n '/^Verdicts/,$p' /tmp/probe.out | sed 1d >/tmp/probe.verdicts
  say_lines probe_verdict /tmp/probe.verdicts
}

# churnd --once: the time it took, its exit code and what it said.
once() {
  t0=$(uptime_s)
  churnd --once -v "$@" >/tmp/once.out 2>&1
  rc=$?
  say once_exit "$rc"
  say once_start "$t0"
  say once_end "$(uptime_s)"
  say_lines once_log /tmp/once.out
}

# "running" when PID is a live churnd (not a zombie, not a reused pid), else "gone".
is_churnd() {
  if [ -n "$1" ] && [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = /usr/sbin/churnd ] &&
     ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; then
    echo running
  else
    echo gone
  fi
}

# stop_pid PID: SIGTERM, then SIGKILL after 5 s; the exit status in $stop_rc, the seconds it
# took in $stop_latency ("none" when SIGKILL was needed).
stop_pid() {
  t0=$(uptime_s)
  kill -TERM "$1"
  i=0
  while [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null && [ $i -lt 100 ]; do
    sleep 0.05
    i=$((i + 1))
  done
  t1=$(uptime_s)
  if [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; then
    stop_latency=none
    kill -KILL "$1"
  else
    stop_latency=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  fi
  wait "$1"
  stop_rc=$?
}

metric() {  # metric FILE NAME SOURCE -> value or 0
  sed -n "s/^$2{source=\"$3\"} \\([0-9.e+]*\\)\$/\\1/p" "$1" | head -n 1
}

case "$case_name" in
  kernel)
    # The kernel alone: how long until its CRNG is ready, within the wait.
    wait_crng "$wait_s"
    say waited "$(uptime_s)"
    say entropy_avail_at_wait "$(cat /proc/sys/kernel/random/entropy_avail)"
    finish
    ;;
  once)
    once
    finish
    ;;
  haveged)
    t0=$(uptime_s)
    haveged -F -v 1 >/tmp/haveged.out 2>&1 &
    pid=$!
    say haveged_start "$t0"
    wait_crng "$wait_s"
    say waited "$(uptime_s)"
    say entropy_avail_at_wait "$(cat /proc/sys/kernel/random/entropy_avail)"
    say crng_ready_at_wait "$(crng_ready_at)"
    stop_pid "$pid"
    say haveged_exit "$stop_rc"
    say_lines haveged_log /tmp/haveged.out
    finish
    ;;
  initscript)
    # A sysvinit-style boot: busybox init runs rcS, which starts runlevel 2's S* scripts; the
    # "check" case below then runs as an inittab "wait" entry.
    mkdir -p /etc/rc2.d
    ln -s ../init.d/churnd /etc/rc2.d/S01churnd
    cat >/etc/init.d/rcS <<'EOF'
#!/bin/sh
for s in /etc/rc2.d/S*; do "$s" start >/tmp/start.out 2>&1; echo $? >/tmp/start.rc; done
EOF
    chmod +x /etc/init.d/rcS
    cat >/etc/inittab <<'EOF'
::sysinit:/etc/init.d/rcS
::wait:/init initscript-check
EOF
    say start_at "$(uptime_s)"
    exec /bin/init
    ;;
  initscript-check) ;;
  virtio-rng)
    load_virtio_rng
    probe
    t0=$(uptime_s)
    churnd -F -v --reseed-interval 1 --metrics /tmp/metrics.prom >/tmp/daemon.out 2>&1 &
    pid=$!
    sleep 8
    stop_pid "$pid"
    say stop_latency "$stop_latency"
    say daemon_exit "$stop_rc"
    for s in havege hwrng; do
      say output_bytes "$s" "$(metric /tmp/metrics.prom churn_source_output_bytes_total "$s")"
      say credited_bits "$s" "$(metric /tmp/metrics.prom churn_source_credited_entropy_total "$s")"
    done
    say daemon_start "$t0"
    say_lines daemon_log /tmp/daemon.out
    finish
    ;;
  icount)
    # An instruction-counted TSC: the raw HAVEGE stream, hashed, is compared across two boots.
    churnd --raw havege -n 64k 2>/tmp/raw.err | sha256sum >/tmp/raw.sum
    say raw_sha256 "$(cut -d' ' -f1 /tmp/raw.sum)"
    say_lines raw_log /tmp/raw.err
    probe
    once
    finish
    ;;
  cpu-max)
    for f in rdrand rdseed; do
      say cpuinfo "$f" "$(grep -qw "$f" /proc/cpuinfo && echo yes || echo no)"
    done
    probe
    once
    finish
    ;;
  sigterm)
    # A silent hwrng: a FIFO held open for writing by a process that never writes, so reads
    # block and never see end-of-file.
    mkfifo /tmp/silent
    sleep 600 <>/tmp/silent &
    holder=$!
    churnd -F --no-credit --sources hwrng --hwrng /tmp/silent >/tmp/daemon.out 2>&1 &
    pid=$!
    sleep 2
    stop_pid "$pid"
    say stop_latency "$stop_latency"
    say daemon_exit "$stop_rc"
    kill "$holder"
    say_lines daemon_log /tmp/daemon.out
    finish
    ;;
  *)
    say error "unknown case"
    finish error
    ;;
esac

# initscript-check: runs under busybox init after rcS started churnd.
case_name=initscript
say start_exit "$(cat /tmp/start.rc 2>/dev/null || echo none)"
say_lines start_log /tmp/start.out
pid=$(cat /run/churnd/churnd.pid 2>/dev/null)
say pid "${pid:-none}"
say after_start "$(is_churnd "$pid")"
/etc/init.d/churnd status >/tmp/status.out 2>&1
say status_exit $?
wait_crng "$wait_s"
say waited "$(uptime_s)"
/etc/init.d/churnd stop >/tmp/stop.out 2>&1
say stop_exit $?
say_lines stop_log /tmp/stop.out
say after_stop "$(is_churnd "$pid")"
finish
