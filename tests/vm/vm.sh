#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The VM boot tier: Debian's own kernel booted under QEMU with churnd in a busybox initramfs,
# one boot per case, results read from the serial console.
#
#   vm.sh prepare              fetch the kernel and busybox (once per build tree), build the initramfs
#   vm.sh CASE                 boot the case and assert what it proves (a ctest test)
#   vm.sh boot CASE [QEMU...]  boot once and print the result lines (for bench/compare_boot.sh)
#
# Cases: kernel once haveged initscript virtio-rng icount cpu-max sigterm (README, "VM boot tier").
# The churnd package booted in a Debian root under systemd and sysvinit: tests/vm/vm_package.sh.
# Settings come from the environment, which tests/vm/CMakeLists.txt sets:
#   CHURN_VM_DIR      where downloads, the initramfs and the boot logs live (in the build tree)
#   CHURN_CHURND      the churnd binary to put in the guest
#   CHURN_PEERS_DIR   where contrib/setup.sh unpacked the peers (haveged)
#   CHURN_INITSCRIPT  contrib/init.d/churnd
#   CHURN_VM_ACCEL    tcg (default) or kvm
#   CHURN_VM_TIMEOUT  hard limit of one boot in seconds (default 120)
# Exit codes: 0 the case held; 1 it did not (the reason is printed); 77 skipped (the reason is
# printed: no QEMU, no Debian archive); 2 usage.
#
# What is downloaded: busybox-static and the linux-image-*-amd64 package that linux-image-amd64
# depends on, with apt-get download into $CHURN_VM_DIR/debs; only the kernel and the virtio
# modules are unpacked. QEMU itself (qemu-system-x86) is installed by contrib/setup.sh.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vm_dir=${CHURN_VM_DIR:?CHURN_VM_DIR must name the VM folder of the build tree}
accel=${CHURN_VM_ACCEL:-tcg}
boot_timeout=${CHURN_VM_TIMEOUT:-120}
qemu=${CHURN_QEMU:-qemu-system-x86_64}
debs=$vm_dir/debs
kroot=$vm_dir/kernel
initrd=$vm_dir/initramfs.cpio
logs=$vm_dir/logs

# Three harvester properties are asserted (1, the default since the per-source harvester) or
# only recorded (0): a deterministic timer detected (icount), hwrng contributing beside HAVEGE
# (virtio-rng) and SIGTERM answered with a silent source (sigterm).
assert_harvester=${CHURN_VM_ASSERT_HARVESTER:-1}

say() { printf 'vm: %s\n' "$*" >&2; }
# expect CONDITION-MET MESSAGE: a failure, or only a note while assert_harvester is 0.
expect() {
  if [ "$1" = 0 ]; then
    if [ "$assert_harvester" = 1 ]; then fail "$2"; else say "recorded, not asserted yet: $2"; fi
  fi
}
skip() { say "SKIP: $*"; exit 77; }
fail() { say "FAIL: $*"; failed=1; }

# ---- preparation -------------------------------------------------------------------------

# The versioned kernel package that linux-image-amd64 depends on, e.g. linux-image-6.1.0-57-amd64.
kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

fetch() {
  command -v "$qemu" >/dev/null || skip "$qemu not found (contrib/setup.sh test installs qemu-system-x86)"
  [ -e /dev/kvm ] || [ "$accel" = tcg ] || skip "accel $accel asked for but /dev/kvm is absent"
  if [ -f "$kroot/.complete" ] && [ -x "$vm_dir/busybox" ]; then
    return 0
  fi
  mkdir -p "$debs" "$kroot"
  local kpkg
  kpkg=$(kernel_package)
  if [ -z "$kpkg" ]; then
    apt-get update -qq >/dev/null 2>&1
    kpkg=$(kernel_package)
  fi
  [ -n "$kpkg" ] || skip "apt-cache knows no linux-image-amd64 (no Debian archive reachable)"
  say "downloading $kpkg and busybox-static (once per build tree)"
  (cd "$debs" && apt-get download -qq "$kpkg" busybox-static 2>/dev/null) ||
    skip "apt-get download $kpkg busybox-static failed (no Debian archive reachable)"
  # Only the kernel and the modules virtio-rng needs; the whole package unpacks to ~400 MB.
  dpkg-deb --fsys-tarfile "$debs/${kpkg}"_*.deb | tar -x -C "$kroot" --wildcards \
    './boot/vmlinuz-*' './lib/modules/*/kernel/drivers/virtio/*' \
    './lib/modules/*/kernel/drivers/char/hw_random/virtio-rng.ko*' ||
    { fail "cannot unpack $kpkg"; exit 1; }
  local bb
  bb=$(mktemp -d)
  dpkg-deb -x "$debs"/busybox-static_*.deb "$bb" && cp "$bb/bin/busybox" "$vm_dir/busybox"
  rm -rf "$bb"
  [ -x "$vm_dir/busybox" ] || { fail "busybox-static has no bin/busybox"; exit 1; }
  touch "$kroot/.complete"
}

# Copies a dynamically linked program and everything ldd says it loads into the image root.
copy_with_libs() {
  local prog=$1 dest=$2 root=$3 lib
  install -D -m 0755 "$prog" "$root$dest"
  # Debug sections are most of a RelWithDebInfo binary; the guest needs none of them.
  strip --strip-debug "$root$dest" 2>/dev/null || true
  for lib in $(ldd "$prog" | awk '/=> \// { print $3 } /^\t\// { print $1 }'); do
    # A library of an unpacked peer goes where its package would have put it.
    local at=${lib#"${CHURN_PEERS_DIR:-/nonexistent}"}
    [ -e "$root$at" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$at"
  done
}

build_initramfs() {
  local churnd=${CHURN_CHURND:?CHURN_CHURND must name the churnd binary}
  local peers=${CHURN_PEERS_DIR:-} initscript=${CHURN_INITSCRIPT:-}
  local root
  root=$(mktemp -d "$vm_dir/root.XXXXXX")
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/init.d,proc,sys,dev,run,tmp,lib/modules}
  install -m 0755 "$vm_dir/busybox" "$root/bin/busybox"
  # /bin/sh is dash, as on Debian: busybox's own shell would run its applets (start-stop-daemon
  # among them) in place of the programs on PATH.
  copy_with_libs "$(readlink -f /bin/dash)" /bin/dash "$root"
  ln -s dash "$root/bin/sh"
  install -m 0755 "$here/guest_init.sh" "$root/init"
  copy_with_libs "$churnd" /usr/sbin/churnd "$root"
  if [ -n "$peers" ] && [ -x "$peers/usr/sbin/haveged" ]; then
    # haveged links libhavege from its own package, unpacked beside it.
    LD_LIBRARY_PATH="$peers/usr/lib/x86_64-linux-gnu" copy_with_libs "$peers/usr/sbin/haveged" /usr/sbin/haveged "$root"
  fi
  if [ -n "$initscript" ] && [ -f "$initscript" ]; then
    install -m 0755 "$initscript" "$root/etc/init.d/churnd"
  fi
  # Debian's start-stop-daemon (busybox's lacks --status and --retry schedules) and LSB
  # helpers, as an init script on a Debian system finds them.
  copy_with_libs "$(command -v start-stop-daemon)" /sbin/start-stop-daemon "$root"
  if [ -d /lib/lsb ]; then mkdir -p "$root/lib" && cp -r /lib/lsb "$root/lib/"; fi
  cp -r "$kroot"/lib/modules/* "$root/lib/modules/"
  (cd "$root" && find . -mindepth 1 | cpio -o -H newc --quiet >"$initrd.tmp") &&
    mv "$initrd.tmp" "$initrd"
  rm -rf "$root"
}

prepare() {
  mkdir -p "$vm_dir" "$logs"
  fetch
  build_initramfs || { say "FAIL: cannot build the initramfs"; exit 1; }
  say "initramfs $(du -h "$initrd" | cut -f1) with churnd$([ -n "${CHURN_PEERS_DIR:-}" ] && [ -x "${CHURN_PEERS_DIR}/usr/sbin/haveged" ] && echo ' and haveged')"
}

# ---- booting -----------------------------------------------------------------------------

# boot CASE LOG [QEMU ARGS...]: one boot; the serial console goes to LOG.
boot() {
  local case=$1 log=$2
  shift 2
  local cpu=qemu64 wait=${CHURN_VM_WAIT:-15}
  local vmlinuz
  vmlinuz=$(ls "$kroot"/boot/vmlinuz-* | head -n 1)
  local extra=()
  case "$case" in
    cpu-max) cpu=max ;;
    # Enough for haveged's start-up tests on an emulated CPU and its filling of the pool.
    haveged) wait=${CHURN_VM_WAIT:-25} ;;
    # The daemon's start-up (HAVEGE's assessment on an emulated CPU) can take seconds on a
    # busy host; the case ends as soon as the CRNG is ready.
    initscript) wait=${CHURN_VM_WAIT:-60} ;;
    virtio-rng) extra+=(-device virtio-rng-pci) ;;
    # The guest TSC follows the instruction count (2^3 ns per instruction); with sleep=off the
    # virtual clock never warps to host time, and a fixed RTC base keeps the host's date out of
    # the guest's boot-time randomness (with the host's date, ASLR and hash seeds differ, so do
    # instruction counts, and two boots' streams differ).
    icount) extra+=(-icount shift=3,sleep=off -rtc base=2026-01-01T00:00:00,clock=vm) ;;
  esac
  [ -f "$initrd" ] || { say "FAIL: no initramfs (run vm.sh prepare)"; return 1; }
  : >"$log"
  timeout -k 5 "$boot_timeout" "$qemu" -nodefaults -no-user-config -machine pc -accel "$accel" \
    -cpu "$cpu" -smp 1 -m 512 -display none -no-reboot -serial "file:$log" \
    -kernel "$vmlinuz" -initrd "$initrd" \
    -append "console=ttyS0 quiet panic=-1 random.trust_cpu=off random.trust_bootloader=off churn.case=$case churn.wait=$wait" \
    "${extra[@]}" "$@" </dev/null
  local rc=$?
  [ "$rc" = 124 ] && say "boot of $case hit the ${boot_timeout}s limit"
  return "$rc"
}

# Result lines of one boot: "key value..." for the case (the "CHURN-VM case " prefix removed).
results() { tr -d '\r' <"$1" | sed -n "s/^.*CHURN-VM $2 //p"; }
value() { awk -v k="$2" '$1 == k { sub(/^[^ ]+ /, ""); print; exit }' "$1"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

# run_case CASE: boots and leaves the result lines in $logs/CASE.res.
run_case() {
  local case=$1 tag=${2:-$1}
  local log=$logs/$tag.log
  local t0 t1
  t0=$(date +%s.%N)
  boot "$case" "$log"
  local rc=$?
  t1=$(date +%s.%N)
  results "$log" "$case" >"$logs/$tag.res"
  boot_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  if [ "$rc" != 0 ] || ! grep -q '^end ' "$logs/$tag.res"; then
    say "FAIL: the $case boot did not finish (qemu exit $rc); last console lines:"
    tail -n 20 "$log" >&2
    exit 1
  fi
}

# The verdict word(s) and credit of a probe verdict line: "havege usable 1 bits/sample ...".
probe_verdict() { awk -v s="$2" '$1 == "probe_verdict" && $2 == s { v = $3; if ($4 == "usable") v = v " " $4; print v; exit }' "$1"; }
probe_credit() { awk -v s="$2" '$1 == "probe_verdict" && $2 == s { for (i = 3; i <= NF; i++) if ($i == "bits/sample") { print $(i - 1); exit } }' "$1"; }

# churnd --once -v says "credited N bits"; the sum over its log lines.
once_credit() {
  awk '$1 == "once_log" { for (i = 2; i < NF; i++) if ($(i + 1) ~ /^bits/ && $i ~ /^[0-9]+$/ && $(i - 1) == "credited") s += $i } END { print s + 0 }' "$1"
}

check_case() {
  local case=$1 res
  failed=0
  fetch
  [ -f "$initrd" ] || { say "FAIL: no initramfs: the vm_prepare test must run first"; exit 1; }
  case "$case" in
    haveged)
      [ -x "${CHURN_PEERS_DIR:-/nonexistent}/usr/sbin/haveged" ] ||
        skip "haveged is not unpacked (contrib/setup.sh peers)" ;;
  esac
  run_case "$case"
  res=$logs/$case.res
  local crng
  crng=$(value "$res" crng_ready)
  case "$case" in
    kernel)
      # The baseline the other cases are measured against: without help, no CRNG within the wait.
      [ "$crng" = none ] || fail "the kernel alone had its CRNG ready at $crng s: the baseline changed"
      say "kernel alone: CRNG not ready after $(value "$res" waited) s of uptime (boot $boot_seconds s)"
      ;;
    once)
      local rc end
      rc=$(value "$res" once_exit) end=$(value "$res" once_end)
      [ "$rc" = 0 ] || fail "churnd --once exited $rc"
      [ "$crng" != none ] || fail "the CRNG was never ready"
      # $end is read from /proc/uptime, which truncates to hundredths of a second; the kernel's
      # timestamp has microseconds: "before the end" allows the 0.01 s the uptime drops.
      [ "$crng" != none ] && ! le "$crng" "$(awk -v e="$end" 'BEGIN { print e + 0.01 }')" &&
        fail "CRNG ready at $crng s, after churnd --once ended at $end s"
      say "churnd --once: exit $rc at $end s, CRNG ready at $crng s, credited $(once_credit "$res") bits (boot $boot_seconds s)"
      ;;
    haveged)
      # The peer, measured: haveged 1.9 tops entropy_avail up to just under the 256 bits that
      # 6.1's CRNG needs and leaves the rest to the kernel's own slow trickle. Asserted: it ran
      # and credited the kernel; reported: whether and when the CRNG became ready.
      local ea
      ea=$(value "$res" entropy_avail_at_wait)
      grep -q '^haveged_log .*ver: ' "$res" || fail "haveged did not start (no version line)"
      [ "${ea:-0}" -ge 128 ] || fail "haveged left entropy_avail at ${ea:-?} bits after $(value "$res" waited) s"
      say "haveged: started at $(value "$res" haveged_start) s; at $(value "$res" waited) s entropy_avail $ea bits, CRNG ready at $(value "$res" crng_ready_at_wait) s; stopped by SIG$([ "$(value "$res" haveged_exit)" = 137 ] && echo KILL || echo TERM) (boot $boot_seconds s)"
      ;;
    initscript)
      local start status stop after
      start=$(value "$res" start_exit) status=$(value "$res" status_exit)
      stop=$(value "$res" stop_exit) after=$(value "$res" after_stop)
      [ "$start" = 0 ] || fail "/etc/init.d/churnd start exited $start"
      [ "$(value "$res" pid)" != none ] || fail "no pidfile after start"
      [ "$(value "$res" after_start)" = running ] || fail "no churnd running with the pid of the pidfile after start"
      [ "$status" = 0 ] || fail "/etc/init.d/churnd status exited $status (0: running)"
      [ "$crng" != none ] || fail "the daemon did not get the CRNG ready"
      [ "$stop" = 0 ] || fail "/etc/init.d/churnd stop exited $stop"
      [ "$after" = gone ] || fail "churnd still running after stop"
      say "init script under busybox init: start $start, status $status, CRNG ready at $crng s, stop $stop, daemon $after (boot $boot_seconds s)"
      ;;
    virtio-rng)
      local dev drv verdict out
      dev=$(value "$res" hwrng_device) drv=$(value "$res" hwrng_driver)
      verdict=$(probe_verdict "$res" hwrng)
      out=$(awk '$1 == "output_bytes" && $2 == "hwrng" { print $3 }' "$res")
      [ "$dev" = present ] || fail "/dev/hwrng is absent"
      case "$drv" in virtio_rng*) ;; *) fail "hwrng driver is '$drv', not virtio_rng" ;; esac
      [ "$verdict" = usable ] || fail "churnd --probe says hwrng '$verdict'"
      expect "$([ "${out:-0}" != 0 ] && echo 1 || echo 0)" "hwrng contributed no output bytes in 8 s of churnd -F"
      [ "$(value "$res" daemon_exit)" = 0 ] || fail "churnd -F exited $(value "$res" daemon_exit) after SIGTERM"
      say "virtio-rng: $drv, probe '$verdict' at $(probe_credit "$res" hwrng) bits/sample, hwrng output ${out:-0} bytes in 8 s, CRNG ready at $crng s (boot $boot_seconds s)"
      ;;
    icount)
      # Two boots of the same instruction-counted guest.
      local res2 sum1 sum2 b1=$boot_seconds
      run_case icount icount-2
      res2=$logs/icount-2.res
      sum1=$(value "$res" raw_sha256) sum2=$(value "$res2" raw_sha256)
      [ -n "$sum1" ] || fail "no raw HAVEGE stream from the first boot"
      [ "$sum1" = "$sum2" ] || fail "the raw HAVEGE streams of two icount boots differ: the TSC is not deterministic here, so this case proves nothing"
      local verdict credit once_bits
      verdict=$(probe_verdict "$res" havege) credit=$(probe_credit "$res" havege)
      once_bits=$(once_credit "$res")
      expect "$([ "$verdict" = "not usable" ] && echo 1 || echo 0)" "churnd --probe says havege '$verdict' on a deterministic timer"
      expect "$([ "$once_bits" = 0 ] && echo 1 || echo 0)" "churnd --once credited $once_bits bits from a deterministic timer"
      say "icount: raw HAVEGE sha256 ${sum1:0:16}… both boots $([ "$sum1" = "$sum2" ] && echo identical || echo different); probe havege '$verdict' credit $credit bits/sample; --once credited $once_bits bits, CRNG ready at $crng s (boots $b1 s and $boot_seconds s)"
      ;;
    cpu-max)
      local rdrand rdseed rc
      rdrand=$(probe_verdict "$res" rdrand) rdseed=$(probe_verdict "$res" rdseed) rc=$(value "$res" once_exit)
      [ "$rdrand" = usable ] || fail "churnd --probe says rdrand '$rdrand' under -cpu max"
      # QEMU's TCG emulates RDSEED only in some versions: the guest's cpuinfo says which.
      if [ "$(awk '$1 == "cpuinfo" && $2 == "rdseed" { print $3 }' "$res")" = yes ]; then
        [ "$rdseed" = usable ] || fail "churnd --probe says rdseed '$rdseed' under -cpu max"
      else
        [ "$rdseed" = "not usable" ] || fail "churnd --probe says rdseed '$rdseed' where the CPU has none"
      fi
      [ "$rc" = 0 ] || fail "churnd --once exited $rc"
      [ "$crng" != none ] || fail "the CRNG was never ready"
      say "cpu-max: rdrand '$rdrand', rdseed '$rdseed' (cpuinfo: $(awk '$1 == "cpuinfo" { printf "%s %s ", $2, $3 }' "$res")), --once exit $rc at $(value "$res" once_end) s, CRNG ready at $crng s (boot $boot_seconds s)"
      ;;
    sigterm)
      local lat rc
      lat=$(value "$res" stop_latency) rc=$(value "$res" daemon_exit)
      expect "$([ "$lat" != none ] && le "$lat" 1 && echo 1 || echo 0)" "churnd -F with a silent hwrng took ${lat/none/more than 5} s to exit after SIGTERM (limit 1 s)"
      say "sigterm with a silent hwrng: stop latency ${lat} s, exit $rc (boot $boot_seconds s)"
      ;;
    *) say "unknown case $case"; exit 2 ;;
  esac
  # The whole record of the boot (what churnd printed, its exit codes, the probe's verdicts),
  # pass or fail, for the test log.
  say "result lines of the $case boot (console: $logs/$case.log):"
  sed 's/^/  /' "$res" >&2
  [ "$failed" = 0 ] || exit 1
  exit 0
}

case "${1:-}" in
  prepare) prepare ;;
  boot)
    [ $# -ge 2 ] || { say "usage: vm.sh boot CASE [QEMU ARGS...]"; exit 2; }
    fetch
    mkdir -p "$logs"
    c=$2; shift 2
    boot "$c" "$logs/$c.boot.log" "$@"; rc=$?
    results "$logs/$c.boot.log" "$c"
    exit "$rc"
    ;;
  kernel|once|haveged|initscript|virtio-rng|icount|cpu-max|sigterm) check_case "$1" ;;
  *) say "usage: vm.sh prepare|boot CASE|kernel|once|haveged|initscript|virtio-rng|icount|cpu-max|sigterm"; exit 2 ;;
esac
