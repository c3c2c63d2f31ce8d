#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The packages built by churn_package, installed with apt-get (as README says) into a
# throwaway Debian root made by mmdebstrap from Debian's packages (minbase; package_root.sh),
# entered with chroot and a policy-rc.d that forbids starting services during installation: the
# maintainer scripts run cleanly, the init script is registered in rcS, churnd.service is
# enabled and churnd-once.service is not, the conffiles are registered; then the init script
# starts churnd (DAEMON_ARGS=--no-credit in /etc/default/churnd: nothing is credited to this
# machine's kernel), reports status, reloads and stops it; finally a purge leaves no
# conffile, link or state behind.
# Usage: churn_package_install.sh PACKAGE_DIR ROOT_CACHE
set -u
pkg=$1
cache=$2

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "-- $*"; }

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (chroot)"; exit 77; }
command -v mmdebstrap >/dev/null || { echo "SKIP: no mmdebstrap (contrib/setup.sh deps)"; exit 77; }
# The root's /proc, /dev and /run mounts live in a private mount namespace, so nothing stays
# mounted on this machine whatever happens to the test.
if [ -z "${CHURN_INSTALL_NS:-}" ] && unshare -m --propagation private true 2>/dev/null; then
  CHURN_INSTALL_NS=1 exec unshare -m --propagation private "$0" "$@"
fi
debs=$(ls "$pkg"/churnd_*.deb "$pkg"/churn-rngtest_*.deb 2>/dev/null | grep -v dbgsym)
[ -n "$debs" ] || fail "no packages in $pkg (the churn_package test builds them)"

# The root (tests/system/package_root.sh, the package_root fixture) is made once per build
# tree and unpacked afresh for every run.
[ -s "$cache" ] || { echo "SKIP: no Debian root in $cache (the package_root test makes it)"; exit 77; }
root=$(mktemp -d /tmp/churn-root.XXXXXX)
mounted=""
cleanup() {
  local m pid
  for pid in $(cat "$root/run/churnd/churnd.pid" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  for m in $mounted; do umount -l "$m" 2>/dev/null; done
  rm -rf "$root"
}
trap cleanup EXIT
tar -xf "$cache" -C "$root" || fail "unpacking the root"
# True while process $1 exists and is not a zombie (a daemon's orphan stays a zombie until
# this machine's init reaps it).
alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

note "apt-get install (as README says) with a policy-rc.d that forbids starting services"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mkdir -p "$root/tmp/debs"
# shellcheck disable=SC2086
cp $debs "$root/tmp/debs/"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/debs/*.deb' >"$root/../churn-install.log" 2>&1 ||
  { cat "$root/../churn-install.log"; fail "apt-get install of the packages"; }
cat "$root/../churn-install.log"
rm -f "$root/../churn-install.log"
in_root dpkg-query -W -f='${Status}\n' churnd | grep -qx 'install ok installed' ||
  fail "churnd is not installed"
in_root dpkg-query -W -f='${Status}\n' churn-rngtest | grep -qx 'install ok installed' ||
  fail "churn-rngtest is not installed"

note "registered: rcS link, churnd.service enabled, churnd-once.service not, conffiles"
ls "$root"/etc/rcS.d/S*churnd >/dev/null 2>&1 || fail "no rcS.d link: $(ls "$root/etc/rcS.d")"
ls "$root"/etc/rc0.d/K*churnd >/dev/null 2>&1 || fail "no rc0.d stop link"
[ -L "$root/etc/systemd/system/sysinit.target.wants/churnd.service" ] ||
  fail "churnd.service is not enabled"
[ ! -e "$root/etc/systemd/system/sysinit.target.wants/churnd-once.service" ] ||
  fail "churnd-once.service is enabled"
conffiles=$(in_root dpkg-query -W -f='${Conffiles}\n' churnd | awk 'NF { print $1 }' | sort | tr '\n' ' ')
[ "$conffiles" = "/etc/churn/churnd.conf /etc/default/churnd /etc/init.d/churnd " ] ||
  fail "conffiles: $conffiles"
in_root churnd --check-config | grep -q "configuration valid (/etc/churn/churnd.conf)" ||
  fail "the installed churnd does not read /etc/churn/churnd.conf"
[ ! -e "$root/usr/etc" ] || fail "/usr/etc exists"

note "the init script in the root: start, status, reload, stop (no credit)"
mount --bind /proc "$root/proc" && mounted="$root/proc $mounted"
mount --bind /dev "$root/dev" && mounted="$root/dev $mounted"
mount -t tmpfs tmpfs "$root/run" && mounted="$root/run $mounted"
echo 'DAEMON_ARGS="--no-credit"' >"$root/etc/default/churnd"
out=$(in_root /etc/init.d/churnd start 2>&1)
rc=$?
[ "$rc" = 4 ] && { echo "SKIP: no CAP_SYS_ADMIN here ($out)"; exit 77; }
[ "$rc" = 0 ] || fail "init script start: exit $rc: $out"
echo "   $out"
pid=$(cat "$root/run/churnd/churnd.pid") || fail "no pidfile in /run/churnd"
[ "$(readlink "/proc/$pid/root")" = "$root" ] || fail "pid $pid is not the root's churnd"
in_root /etc/init.d/churnd status || fail "status while running"
in_root /etc/init.d/churnd reload || fail "reload"
alive "$pid" || fail "churnd died on reload"
in_root /etc/init.d/churnd stop || fail "stop"
! alive "$pid" || fail "churnd still runs after stop"
in_root /etc/init.d/churnd status
rc=$?
[ "$rc" = 3 ] || fail "status after stop: $rc, want 3"
for m in $mounted; do umount -l "$m"; done
mounted=""

note "dpkg --purge leaves nothing behind"
in_root dpkg --purge churnd churn-rngtest >/dev/null || fail "purge"
for f in /etc/churn /etc/default/churnd /etc/init.d/churnd \
         /etc/systemd/system/sysinit.target.wants/churnd.service /usr/sbin/churnd; do
  [ ! -e "$root$f" ] || fail "$f left after purge"
done
! ls "$root"/etc/rc?.d/*churnd >/dev/null 2>&1 || fail "rc links left after purge"
echo PASS
