#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The churnd package booted with the VM tier's kernel: a copy of the Debian 12 root that
# tests/system/package_root.sh made (minbase with sysvinit-core and systemd side by side), the
# churnd .deb built by churn_package installed into it with dpkg in a chroot (a policy-rc.d
# forbids starting services meanwhile and is removed afterwards), packed as an initramfs and
# booted with the VM tier's Debian kernel under QEMU, PID 1 being systemd
# (rdinit=/lib/systemd/systemd) or sysvinit (/sbin/init). tests/vm/guest_package.sh runs
# inside as a oneshot unit (systemd) or an rc script (sysvinit), drives the service and prints
# result lines on the serial console; this script asserts them.
#
#   vm_package.sh systemd|sysvinit PACKAGE_DIR ROOT_TAR
#
# Asserted, systemd: booted with DAEMON_ARGS="--no-credit" in /etc/default/churnd on a kernel
# whose CRNG is not seeded (random.trust_cpu=off random.trust_bootloader=off): churnd.service
# enabled by the package and active after boot (READY=1 after the first feed, which cannot
# seed the CRNG: the CRNG was still unseeded when the unit became active), its main process
# churnd with --no-credit, its lines in the journal (journalctl -u churnd, "started" among
# them), reload keeps it active with the same main PID and churnd logs the SIGHUP, stop exits
# 0 and leaves it inactive with the process gone. Then, after dpkg --purge, the commands of
# README's "Install on Debian" that run on the installed machine (all but setup.sh deps,
# dpkg-buildpackage and lintian, which churn_package runs on the build host), each exiting 0:
# the packages installed, churnd.service enabled and started with the package's
# /etc/default/churnd (credit on) and active, the CRNG seeded no later than READY=1, "the
# kernel's CRNG is seeded" in the journal; stop leaves it inactive.
# sysvinit: the rcS link started churnd at boot (pidfile, live process), then
# /etc/init.d/churnd status 0, reload 0 (same process), stop 0 (process gone), status 3,
# reload 7, start 0, status 0, stop 0 (LSB codes).
# Environment: CHURN_VM_DIR (the VM tier's folder: kernel from vm.sh prepare), CHURN_VM_ACCEL
# (tcg), CHURN_VM_TIMEOUT (seconds, default 480: a loaded machine slows TCG several times).
# Exit codes: 0 held, 1 did not (reason printed), 77 skipped (reason printed), 2 usage.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
init=${1:-}
pkg=${2:-}
cache=${3:-}
case "$init" in systemd|sysvinit) ;; *) echo "usage: vm_package.sh systemd|sysvinit PACKAGE_DIR ROOT_TAR" >&2; exit 2 ;; esac
case_name=package-$init
vm_dir=${CHURN_VM_DIR:?CHURN_VM_DIR must name the VM folder of the build tree}
accel=${CHURN_VM_ACCEL:-tcg}
boot_timeout=${CHURN_VM_TIMEOUT:-480}
qemu=${CHURN_QEMU:-qemu-system-x86_64}
kroot=$vm_dir/kernel
logs=$vm_dir/logs

say() { printf 'vm: %s\n' "$*" >&2; }
skip() { say "SKIP: $*"; exit 77; }
failed=0
fail() { say "FAIL: $*"; failed=1; }
die() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root (chroot, dpkg in the root)"
command -v "$qemu" >/dev/null || skip "$qemu not found (contrib/setup.sh test installs qemu-system-x86)"
command -v cpio >/dev/null || skip "no cpio (contrib/setup.sh deps)"
# All three come from fixtures that skip when the Debian archive or debhelper is missing.
[ -f "$kroot/.complete" ] || skip "no kernel in $kroot (the vm_prepare test fetches it)"
deb=""
for f in "$pkg"/churnd_*_*.deb; do [ -f "$f" ] && deb=$f && break; done
[ -n "$deb" ] || skip "no churnd package in $pkg (the churn_package test builds it)"
tester_deb=$(ls "$pkg"/churn-rngtest_*_*.deb 2>/dev/null | grep -v dbgsym | head -n 1)
[ -n "$tester_deb" ] || skip "no churn-rngtest package in $pkg (the churn_package test builds it)"
readme=$here/../../README.md

[ -s "$cache" ] || skip "no Debian root in $cache (the package_root test makes it)"

# ---- the root: a fresh copy, churnd installed -----------------------------------------------
mkdir -p "$logs"
work=$(mktemp -d "$vm_dir/package-$init.XXXXXX")
# shellcheck disable=SC2317 # called by the trap
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
root=$work/root
initrd=$work/initramfs.cpio
mkdir -p "$root"
t0=$(date +%s.%N)
tar -xf "$cache" -C "$root" || die "unpacking $cache"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  dpkg -i "/tmp/$(basename "$deb")" >"$logs/$case_name.dpkg.log" 2>&1 ||
  { cat "$logs/$case_name.dpkg.log" >&2; die "dpkg -i $(basename "$deb") in the $init root"; }
rm -f "$root/usr/sbin/policy-rc.d" "$root/tmp/$(basename "$deb")"
[ -f "$root/etc/default/churnd" ] || die "the package installed no /etc/default/churnd"

# The check, run by the root's own init.
install -m 0755 "$here/guest_package.sh" "$root/usr/local/sbin/churn-vm-check"
case "$init" in
  systemd)
    cat >"$root/etc/systemd/system/churn-vm-check.service" <<'EOF'
[Unit]
Description=churn VM tier: check churnd.service, then power off
After=multi-user.target churnd.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/churn-vm-check systemd
StandardOutput=journal+console
[Install]
WantedBy=multi-user.target
EOF
    # The boot runs churnd with --no-credit, as an administrator would configure it; the
    # check puts the package's file back for the credited start.
    echo 'DAEMON_ARGS="--no-credit"' >>"$root/etc/default/churnd"
    # README's install block, minus what runs on the build host, and the packages it names
    # (../NAME from the directory it runs in, /root/churn).
    awk '/^## Install on Debian/ { s = 1 } s && /^```sh/ { b = 1; next } b && /^```/ { exit } b && NF' \
      "$readme" | grep -Ev '^(bash contrib/setup\.sh|dpkg-buildpackage|lintian) ' >"$root/root/readme-install"
    grep -q '^apt-get install \.\./churnd_' "$root/root/readme-install" ||
      die "README's Install on Debian has no 'apt-get install ../churnd_...' line"
    cp "$root/root/readme-install" "$logs/$case_name.readme"
    cp "$deb" "$tester_deb" "$root/root/"
    ln -s /etc/systemd/system/churn-vm-check.service \
      "$root/etc/systemd/system/multi-user.target.wants/churn-vm-check.service"
    # minbase has no udev, so the serial getty would wait 90 s for dev-ttyS0.device; nobody
    # logs in here.
    for u in getty.target serial-getty@ttyS0.service; do
      ln -sf /dev/null "$root/etc/systemd/system/$u"
    done
    ;;
  sysvinit)
    cat >"$root/etc/init.d/churn-vm-check" <<'EOF'
#!/bin/sh
### BEGIN INIT INFO
# Provides:          churn-vm-check
# Required-Start:    $all
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:
# Short-Description: churn VM tier: check the churnd init script, then power off
### END INIT INFO
[ "$1" = start ] && exec /usr/local/sbin/churn-vm-check sysvinit
exit 0
EOF
    chmod 755 "$root/etc/init.d/churn-vm-check"
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
      update-rc.d churn-vm-check defaults >>"$logs/$case_name.dpkg.log" 2>&1 ||
      die "update-rc.d churn-vm-check in the sysvinit root"
    # No logins on virtual consoles nobody looks at.
    sed -i 's/^\([1-6]:.*getty.*\)$/#\1/' "$root/etc/inittab"
    ;;
esac
# Both inits are in the root; the kernel runs rdinit= from an initramfs.
case "$init" in
  systemd) pid1=/lib/systemd/systemd ;;
  sysvinit) pid1=/sbin/init ;;
esac
ln -sf /sbin/init "$root/init"
# Nothing at boot reads documentation, translations, perl's full library, character set
# converters, time zones or apt's lists; without them the initramfs is smaller and loads and
# unpacks faster under TCG.
rm -rf "$root"/usr/share/perl "$root"/usr/lib/x86_64-linux-gnu/perl \
  "$root"/usr/lib/x86_64-linux-gnu/gconv "$root"/usr/share/zoneinfo \
  "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/locale "$root"/usr/share/info \
  "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/*_Packages
(cd "$root" && find . -mindepth 1 | cpio -o -H newc --quiet >"$initrd") || die "packing the initramfs"
t1=$(date +%s.%N)
say "root with churnd: $(du -sh "$root" | cut -f1), initramfs $(du -h "$initrd" | cut -f1), made in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
rm -rf "$root"

# ---- the boot ------------------------------------------------------------------------------
log=$logs/$case_name.log
res=$logs/$case_name.res
vmlinuz=$(ls "$kroot"/boot/vmlinuz-* | head -n 1)
: >"$log"
t0=$(date +%s.%N)
timeout -k 5 "$boot_timeout" "$qemu" -nodefaults -no-user-config -machine pc -accel "$accel" \
  -cpu qemu64 -smp 1 -m 1024 -display none -no-reboot -serial "file:$log" \
  -kernel "$vmlinuz" -initrd "$initrd" \
  -append "console=ttyS0 panic=-1 rdinit=$pid1 random.trust_cpu=off random.trust_bootloader=off" </dev/null
rc=$?
t1=$(date +%s.%N)
boot_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
tr -d '\r' <"$log" | sed -n "s/^.*CHURN-VM $case_name //p" >"$res"
if [ "$rc" != 0 ] || ! grep -q '^end ' "$res"; then
  [ "$rc" = 124 ] && say "the boot hit the ${boot_timeout}s limit"
  say "FAIL: the $case_name boot did not finish (qemu exit $rc, $boot_seconds s); last console lines:"
  tail -n 40 "$log" >&2
  exit 1
fi

value() { awk -v k="$2" '$1 == k { sub(/^[^ ]+ ?/, ""); print; exit }' "$1"; }
want() { # want KEY EXPECTED WHAT
  local got
  got=$(value "$res" "$1")
  [ "$got" = "$2" ] || fail "$3: $1 is '$got', want '$2'"
}
case "$init" in
  systemd)
    want pid1 systemd "PID 1"
    want is_enabled enabled "the package did not enable churnd.service"
    want is_active active "churnd.service after boot"
    want main_pid_comm churnd "the main process of churnd.service"
    case " $(value "$res" main_pid_args) " in *" --no-credit "*) ;;
      *) fail "churnd.service did not run with --no-credit from /etc/default/churnd: $(value "$res" main_pid_args)" ;;
    esac
    # READY=1 with --no-credit on an unseeded kernel: the unit was active before the CRNG
    # was seeded (by the kernel itself: churnd credits nothing), or the CRNG is unseeded still.
    ready=$(value "$res" active_enter_s)
    crng=$(value "$res" crng_ready_at_check)
    if [ "$crng" != none ] && awk -v r="$ready" -v c="$crng" 'BEGIN { exit !(c <= r) }'; then
      fail "the CRNG was seeded at $crng s, before churnd.service became active at $ready s: READY=1 with --no-credit on an unseeded kernel was not exercised"
    fi
    [ "$(value "$res" pidfile)" = "$(value "$res" main_pid)" ] ||
      fail "the pidfile names $(value "$res" pidfile), the main PID is $(value "$res" main_pid)"
    [ "$(value "$res" journal_churnd_lines)" -ge 1 ] 2>/dev/null ||
      fail "no line of churnd in the journal (journalctl _COMM=churnd)"
    [ "$(value "$res" journal_start_lines)" -ge 1 ] 2>/dev/null ||
      fail "journalctl -u churnd shows nothing"
    grep -q '^journal churnd: started (pid' "$res" || fail "no 'churnd: started' line in the journal"
    grep -q '^journal_after churnd: SIGHUP' "$res" || fail "churnd logged no SIGHUP after systemctl reload"
    want reload_exit 0 "systemctl reload churnd"
    want after_reload "active $(value "$res" main_pid)" "after reload (state and main PID)"
    want stop_exit 0 "systemctl stop churnd"
    want after_stop inactive "churnd.service after stop"
    want process_after_stop gone "churnd's process after stop"
    want purge_exit 0 "dpkg --purge churnd churn-rngtest"
    [ "$(grep -c '^readme_exit ' "$res")" = "$(grep -c . "$logs/$case_name.readme")" ] ||
      fail "not every command of README's install block ran"
    bad=$(awk '$1 == "readme_exit" && $3 != 0' "$res")
    [ -z "$bad" ] || fail "README's install commands that failed (number, exit, command): $bad"
    want credited_is_active active "churnd.service after the credited start"
    case " $(value "$res" credited_main_pid_args) " in *" --no-credit "*)
      fail "the package installed by README's commands ran --no-credit" ;; esac
    ready2=$(value "$res" credited_active_enter_s)
    crng2=$(value "$res" crng_ready_at_credited)
    [ "$crng2" != none ] && awk -v r="$ready2" -v c="$crng2" 'BEGIN { exit !(c <= r + 0.05) }' ||
      fail "the credited churnd.service became active at $ready2 s, the CRNG was seeded at $crng2 s: READY=1 before a seeded CRNG"
    grep -q "^journal_credited churnd: the kernel's CRNG is seeded" "$res" ||
      fail "no \"the kernel's CRNG is seeded\" in the credited run's journal"
    want credited_stop_exit 0 "systemctl stop churnd after README's install"
    want credited_after_stop inactive "churnd.service after the credited stop"
    say "systemd: churnd.service $(value "$res" is_enabled), --no-credit: active at $ready s (READY=1; CRNG seeded at $crng s), $(value "$res" journal_start_lines) journal lines, reload $(value "$res" reload_exit), stop $(value "$res" stop_exit) -> $(value "$res" after_stop); README's install: $(awk '$1 == "readme_exit"' "$res" | wc -l) commands, exits $(awk '$1 == "readme_exit" { printf "%s", $3 }' "$res"), active at $ready2 s, CRNG seeded at $crng2 s, stop $(value "$res" credited_stop_exit); CRNG ready at $(value "$res" crng_ready) s (boot $boot_seconds s)"
    ;;
  sysvinit)
    want pid1 init "PID 1"
    want boot_state running "churnd started by rcS at boot"
    want boot_comm churnd "the process of the pidfile"
    want status_exit 0 "/etc/init.d/churnd status while running"
    want reload_exit 0 "/etc/init.d/churnd reload"
    want after_reload "running $(value "$res" boot_pid)" "after reload (process, pidfile)"
    want stop_exit 0 "/etc/init.d/churnd stop"
    want after_stop gone "churnd after stop"
    want status_stopped_exit 3 "/etc/init.d/churnd status when stopped (LSB: 3 not running)"
    want reload_stopped_exit 7 "/etc/init.d/churnd reload when stopped (LSB: 7 not running)"
    want start_exit 0 "/etc/init.d/churnd start"
    want start_state running "churnd after start"
    want status2_exit 0 "/etc/init.d/churnd status after start"
    want stop2_exit 0 "/etc/init.d/churnd stop, second time"
    want after_stop2 gone "churnd after the second stop"
    say "sysvinit: started by rcS (pid $(value "$res" boot_pid)), status $(value "$res" status_exit), reload $(value "$res" reload_exit), stop $(value "$res" stop_exit), status $(value "$res" status_stopped_exit), reload $(value "$res" reload_stopped_exit), start $(value "$res" start_exit), status $(value "$res" status2_exit), stop $(value "$res" stop2_exit); CRNG ready at $(value "$res" crng_ready) s (boot $boot_seconds s)"
    ;;
esac
say "result lines of the $case_name boot (console: $log):"
sed 's/^/  /' "$res" >&2
[ "$failed" = 0 ] || exit 1
exit 0
