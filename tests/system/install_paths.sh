#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# `cmake --install` of this build tree (into a DESTDIR) puts every file under the configured
# prefix's GNUInstallDirs FULL paths, and the installed churnd, init script and units name the
# same config file and binary: nothing under PREFIX/etc when the prefix is /usr (that is
# /etc), nothing in /usr/etc ever. (The /usr prefix itself is checked by churn_package.)
# Usage: install_paths.sh BUILD_DIR PREFIX SYSCONFDIR
set -euo pipefail
build=$1
prefix=$2
sysconf=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR=$dest cmake --install "$build" >/dev/null || fail "cmake --install"
(cd "$dest" && find . -type f | sed 's|^\.||' | sort) >"$dest.list"
cat "$dest.list"
for f in "$prefix/sbin/churnd" "$prefix/bin/churn-rngtest" "$sysconf/churn/churnd.conf" \
         "$sysconf/default/churnd" "$sysconf/init.d/churnd" \
         "$prefix/share/man/man8/churnd.8" "$prefix/share/man/man1/churn-rngtest.1"; do
  grep -qx "$f" "$dest.list" || fail "$f not installed"
done
! grep -q '^/usr/etc/' "$dest.list" || fail "files under /usr/etc"
"$dest$prefix/sbin/churnd" --check-config -c /dev/null >/dev/null || fail "installed churnd"
# The compiled-in default config path is the installed one.
help=$("$dest$prefix/sbin/churnd" --help) || fail "churnd --help"
grep -q "default: $sysconf/churn/churnd.conf" <<<"$help" ||
  fail "churnd does not read $sysconf/churn/churnd.conf"
grep -q "^: \"\${DAEMON:=$prefix/sbin/churnd}\"" "$dest$sysconf/init.d/churnd" ||
  fail "the init script does not run $prefix/sbin/churnd"
grep -q "CHURND_DEFAULTS:=$sysconf/default/churnd}" "$dest$sysconf/init.d/churnd" ||
  fail "the init script does not read $sysconf/default/churnd"
unit=$(grep -l 'ExecStart=' "$dest"/"$prefix"/lib/systemd/system/churnd.service 2>/dev/null || true)
[ -n "$unit" ] || fail "no churnd.service under $prefix/lib/systemd/system"
grep -q "^ExecStart=$prefix/sbin/churnd " "$unit" || fail "the unit does not run $prefix/sbin/churnd"
grep -q "^EnvironmentFile=-$sysconf/default/churnd$" "$unit" || fail "the unit's EnvironmentFile"
rm -f "$dest.list"
echo PASS
