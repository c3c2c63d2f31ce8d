#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The throwaway Debian 12 root the package tests install churn into (the package_root
# fixture of churn_package_install, vm_package_systemd and vm_package_sysvinit): mmdebstrap
# --variant=minbase from Debian's archive, plus what churnd links against, procps, and both
# init systems side by side: sysvinit-core owns /sbin/init, systemd is installed without
# systemd-sysv and boots with init=/lib/systemd/systemd, the combination Debian documents for
# trying systemd on a sysvinit system. Made once per build tree, as a tar; every test unpacks
# its own copy.
# Usage: package_root.sh ROOT_TAR
# Exit codes: 0 made (or already there), 1 mmdebstrap failed, 77 skipped (reason printed).
set -u
cache=$1

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (mmdebstrap in root mode)"; exit 77; }
command -v mmdebstrap >/dev/null || { echo "SKIP: no mmdebstrap (contrib/setup.sh deps)"; exit 77; }
if [ -s "$cache" ]; then
  echo "-- $cache is already there ($(du -h "$cache" | cut -f1))"
  exit 0
fi
mkdir -p "$(dirname "$cache")"
deps=init-system-helpers,sysvinit-utils,procps,libboost-program-options1.74.0,libssl3
deps=$deps,systemd,sysvinit-core
echo "-- mmdebstrap --variant=minbase --include=$deps bookworm (once per build tree)"
start=$(date +%s)
# Faster, same root: mmdebstrap's merged-/usr hook makes the /usr symlinks itself and installs
# usr-is-merged, where apt would otherwise pick usrmerge, which converts the root and pulls in
# perl; dpkg skips its fsync calls (force-unsafe-io) in a root that is thrown away anyway.
# A plain PATH: mmdebstrap's helpers are Debian's, not a user's tool shims. --format: the
# format is not guessed from the ".tmp" ending.
hooks=()
merged=/usr/share/mmdebstrap/hooks/merged-usr
[ -d "$merged" ] && hooks=(--hook-dir="$merged")
if ! env PATH=/usr/sbin:/usr/bin:/sbin:/bin mmdebstrap --quiet --variant=minbase --format=tar \
     "${hooks[@]}" --dpkgopt=force-unsafe-io --include="$deps" bookworm "$cache.tmp"; then
  rm -rf "$cache.tmp"
  # Without the archive there is nothing to test; anything else is a failure.
  probe=$(mktemp -d)
  (cd "$probe" && timeout 60 apt-get download -qq base-files >/dev/null 2>&1)
  reached=$?
  rm -rf "$probe"
  if [ "$reached" != 0 ]; then
    echo "SKIP: mmdebstrap could not reach the Debian archive"
    exit 77
  fi
  echo "FAIL: mmdebstrap failed" >&2
  exit 1
fi
mv "$cache.tmp" "$cache"
echo "-- made $cache ($(du -h "$cache" | cut -f1)) in $(( $(date +%s) - start )) s"
