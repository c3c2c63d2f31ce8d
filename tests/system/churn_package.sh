#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The Debian package, as an administrator meets it: `dpkg-buildpackage -us -uc -b` on a copy
# of the source tree, then the packages' file lists (FULL install paths: /etc, not /usr/etc;
# stripped binaries, compressed man pages, copyright), conffiles, maintainer scripts
# (update-rc.d and deb-systemd-helper for churnd, churnd-once installed but not enabled),
# lintian (no errors; warnings are failures unless overridden with a reason in debian/),
# `insserv -n` of the installed init script among a Debian base system's scripts (no loop;
# churnd before networking), and systemd-analyze security of the units beside haveged's.
# Nothing is installed on this machine and no service starts.
# Usage: churn_package.sh SOURCE_DIR WORK_DIR INITSCRIPTS_ROOT PEERS_ROOT
set -u
src=$1
work=$2
initscripts=$3
peers=$4

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "-- $*"; }

for tool in dpkg-buildpackage dh lintian insserv; do
  command -v "$tool" >/dev/null || { echo "SKIP: no $tool (contrib/setup.sh deps installs it)"; exit 77; }
done
[ -x "$initscripts/etc/init.d/networking" ] ||
  { echo "SKIP: no base init scripts in $initscripts (contrib/setup.sh peers)"; exit 77; }

version=$(sed -n '1s/^churn (\([^)]*\)).*/\1/p' "$src/debian/changelog")
[ -n "$version" ] || fail "no version in debian/changelog"
arch=$(dpkg --print-architecture)
rm -rf "$work"
tree=$work/churn-$version
mkdir -p "$tree"

note "copy the source tree (what git tracks, or everything but build trees)"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$src" && git ls-files -co --exclude-standard | grep -v '^build' | tar -cf - -T -) |
    tar -xf - -C "$tree" || fail "copying the tracked files"
else
  (cd "$src" && tar --exclude='./build*' -cf - .) | tar -xf - -C "$tree" || fail "copying"
fi

note "dpkg-buildpackage -us -uc -b"
t0=$(date +%s)
(cd "$tree" && DEB_BUILD_OPTIONS="parallel=$(nproc) nocheck" dpkg-buildpackage -us -uc -b) \
  >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; fail "dpkg-buildpackage"; }
echo "   package build took $(( $(date +%s) - t0 )) s"
daemon_deb=$work/churnd_${version}_${arch}.deb
tester_deb=$work/churn-rngtest_${version}_${arch}.deb
for deb in "$daemon_deb" "$tester_deb"; do
  [ -s "$deb" ] || fail "no $(basename "$deb")"
done

note "file lists"
dpkg-deb -c "$daemon_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/churnd.files"
dpkg-deb -c "$tester_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/churn-rngtest.files"
for f in /usr/sbin/churnd /etc/churn/churnd.conf /etc/default/churnd /etc/init.d/churnd \
         /lib/systemd/system/churnd.service /lib/systemd/system/churnd-once.service \
         /usr/share/man/man8/churnd.8.gz /usr/share/doc/churnd/copyright \
         /usr/share/doc/churnd/changelog.gz; do
  grep -qx "$f" "$work/churnd.files" || fail "churnd lacks $f"
done
for f in /usr/bin/churn-rngtest /usr/share/man/man1/churn-rngtest.1.gz \
         /usr/share/doc/churn-rngtest/copyright; do
  grep -qx "$f" "$work/churn-rngtest.files" || fail "churn-rngtest lacks $f"
done
! grep -q '^/usr/etc' "$work/churnd.files" || fail "files under /usr/etc"
! grep -q 'churn-rngtest' "$work/churnd.files" || fail "the tester is in the daemon package"
! grep -q 'churnd' "$work/churn-rngtest.files" || fail "the daemon is in the tester package"
mkdir -p "$work/x"
dpkg-deb -x "$daemon_deb" "$work/x"
dpkg-deb -x "$tester_deb" "$work/x"
for bin in "$work/x/usr/sbin/churnd" "$work/x/usr/bin/churn-rngtest"; do
  ! readelf -S "$bin" | grep -q '\.symtab' || fail "$bin is not stripped"
  readelf -d "$bin" | grep -q 'BIND_NOW' || fail "$bin is not linked with -z now"
done
grep -q '^ExecStart=/usr/sbin/churnd ' "$work/x/lib/systemd/system/churnd.service" ||
  fail "the unit does not run /usr/sbin/churnd"
grep -q '^: "${DAEMON:=/usr/sbin/churnd}"' "$work/x/etc/init.d/churnd" ||
  fail "the init script does not run /usr/sbin/churnd"
"$work/x/usr/sbin/churnd" --version | grep -qx "churnd $version" || fail "churnd --version"

note "conffiles"
dpkg-deb -e "$daemon_deb" "$work/control"
sort "$work/control/conffiles" >"$work/conffiles"
printf '%s\n' /etc/churn/churnd.conf /etc/default/churnd /etc/init.d/churnd | sort |
  diff -u - "$work/conffiles" || fail "conffiles differ"

note "maintainer scripts"
postinst=$work/control/postinst
grep -q 'update-rc.d churnd defaults' "$postinst" || fail "postinst does not register the init script"
grep -q "deb-systemd-helper enable 'churnd.service'" "$postinst" || fail "postinst does not enable churnd.service"
grep -q "deb-systemd-invoke \$_dh_action 'churnd.service'" "$postinst" ||
  fail "postinst does not start churnd.service"
grep -q "deb-systemd-invoke .*churnd-once" "$postinst" && fail "postinst starts churnd-once.service"
grep -q "debian-installed 'churnd-once.service'" "$postinst" ||
  fail "churnd-once.service is enabled on installation"
grep -q 'invoke-rc.d --skip-systemd-native churnd stop' "$work/control/prerm" ||
  fail "prerm does not stop churnd"
grep -q 'update-rc.d churnd remove' "$work/control/postrm" || fail "postrm does not unregister"
grep -q 'deb-systemd-helper purge' "$work/control/postrm" || fail "postrm does not purge the units"
for s in postinst prerm postrm; do sh -n "$work/control/$s" || fail "$s: syntax"; done

note "lintian"
lintian --fail-on error,warning --info "$work"/churn_"${version}"_"${arch}".changes \
  >"$work/lintian.log" 2>&1
rc=$?
cat "$work/lintian.log"
[ "$rc" = 0 ] || fail "lintian: exit $rc"

note "insserv -n with a Debian base system's init scripts"
ins=$work/insserv
mkdir -p "$ins/init.d" "$ins"/rc{0,1,2,3,4,5,6,S}.d
cp "$initscripts"/etc/init.d/* "$ins/init.d/"
cp "$work/x/etc/init.d/churnd" "$ins/init.d/churnd"
(cd "$ins" && insserv -n -p init.d churnd) >"$work/insserv.log" 2>&1
rc=$?
cat "$work/insserv.log"
[ "$rc" = 0 ] || fail "insserv -n refused the init script (exit $rc)"
! grep -qi 'loop\|warning' "$work/insserv.log" || fail "insserv warns"
start_of() { sed -n "s/^S:\([0-9]*\):S:$1\$/\1/p" "$work/insserv.order"; }
(cd "$ins" && insserv -s -p init.d) >"$work/insserv.order" 2>/dev/null
churnd_seq=$(start_of churnd)
net_seq=$(start_of networking)
fs_seq=$(start_of mountall.sh)
echo "   rcS order: mountall.sh $fs_seq, churnd $churnd_seq, networking $net_seq"
[ -n "$churnd_seq" ] && [ -n "$net_seq" ] && [ -n "$fs_seq" ] || fail "churnd is not in rcS"
[ "$churnd_seq" -gt "$fs_seq" ] || fail "churnd starts before the local file systems"
[ "$churnd_seq" -lt "$net_seq" ] || fail "churnd starts after networking"

note "units: verify, churnd-once and churnd coexist, Conflicts with the peers"
units=$work/x/lib/systemd/system
if command -v systemd-analyze >/dev/null; then
  (cd "$work/x" && systemd-analyze verify --man=no --root=. lib/systemd/system/churnd.service \
    lib/systemd/system/churnd-once.service) >"$work/verify.log" 2>&1 ||
    { cat "$work/verify.log"; fail "systemd-analyze verify"; }
  [ ! -s "$work/verify.log" ] || { cat "$work/verify.log"; fail "systemd-analyze verify warns"; }
fi
# Enabled together, a Conflicts= between them would make systemd drop one start job.
! grep -q '^Conflicts=.*churnd\.service' "$units/churnd-once.service" ||
  fail "churnd-once.service conflicts with churnd.service"
grep -q '^After=.*churnd-once\.service' "$units/churnd.service" ||
  fail "churnd.service is not ordered after churnd-once.service"
for peer in haveged rngd rng-tools rng-tools-debian jitterentropy; do
  grep -q "^Conflicts=.* $peer\.service" "$units/churnd.service" ||
    fail "churnd.service does not conflict with $peer.service"
done
grep -q '^EnvironmentFile=-/etc/default/churnd$' "$units/churnd.service" ||
  fail "churnd.service does not read /etc/default/churnd"

note "systemd-analyze security, beside haveged's"
if command -v systemd-analyze >/dev/null; then
  score() { systemd-analyze security --offline=true "$1" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p'; }
  ours=$(score "$work/x/lib/systemd/system/churnd.service")
  once=$(score "$work/x/lib/systemd/system/churnd-once.service")
  haveged=$(score "$peers/lib/systemd/system/haveged.service")
  echo "   exposure: churnd.service $ours, churnd-once.service $once, haveged.service ${haveged:-n/a}"
  [ -n "$ours" ] || fail "no score for churnd.service"
  awk -v a="$ours" 'BEGIN { exit !(a <= 3.2) }' || fail "churnd.service exposure $ours > 3.2"
  if [ -n "$haveged" ]; then
    awk -v a="$ours" -v b="$haveged" 'BEGIN { exit !(a <= b) }' ||
      fail "churnd.service ($ours) is less hardened than haveged.service ($haveged)"
  fi
else
  echo "   (no systemd-analyze: scores not measured)"
fi
echo "PASS"
