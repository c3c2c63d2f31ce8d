#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The boot table: how long Debian's kernel, booted under QEMU (TCG, -cpu qemu64: no RDRAND,
# no RDSEED, no virtio-rng; random.trust_cpu=off random.trust_bootloader=off), takes to get its
# CRNG ready
#   - alone (nothing feeds it),
#   - with `churnd --once` as the first thing /init runs,
#   - with haveged (the peer, `haveged -F`) started at the same point,
# as the median of BOOTS boots each, in seconds of guest uptime, with the kernel's own
# "random: crng init done" line as the clock. Each boot waits at most WAIT seconds of uptime.
# Prints a Markdown table. The boots are those of the VM tier (tests/vm/vm.sh), so run
# `ctest --test-dir BUILD -R vm_prepare` (or the whole vm label) first.
#
#   bench/compare_boot.sh [BUILD_DIR]
#
# Environment: BOOTS (default 3), WAIT (default 120), CHURN_VM_ACCEL (tcg).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build}
boots=${BOOTS:-3}
wait_s=${WAIT:-120}
export CHURN_VM_DIR=$build/tests/vm
export CHURN_CHURND=$build/daemon/churnd
export CHURN_PEERS_DIR=${CHURN_PEERS_DIR:-$build/peers/root}
export CHURN_INITSCRIPT=$here/contrib/init.d/churnd
export CHURN_VM_WAIT=$wait_s
export CHURN_VM_TIMEOUT=$((wait_s + 120))
vm=$here/tests/vm/vm.sh

[ -f "$CHURN_VM_DIR/initramfs.cpio" ] ||
  { echo "no initramfs in $CHURN_VM_DIR: run ctest --test-dir $build -R vm_prepare first" >&2; exit 77; }

# The median of numbers, with "none" (not ready within the wait) counted as larger than any.
median() {
  tr ' ' '\n' | awk 'NF { v[n++] = ($1 == "none" ? 1e18 : $1) }
    END { if (n == 0) { print "-"; exit }
          for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
          m = v[int((n - 1) / 2)]; if (m >= 1e18) print "none"; else printf "%.2f\n", m }'
}

row() {  # row LABEL CASE: boots CASE $boots times; prints the table row
  local label=$1 case=$2 i res ready=() start=() ea=()
  for ((i = 1; i <= boots; i++)); do
    printf '%s: boot %d of %d\n' "$case" "$i" "$boots" >&2
    res=$("$vm" boot "$case" 2>/dev/null) || true
    ready+=("$(awk '$1 == "crng_ready_at_wait" { print $2; f = 1 } $1 == "crng_ready" && !f { r = $2 } END { if (!f) print r }' <<<"$res")")
    start+=("$(awk '$1 == "once_start" || $1 == "haveged_start" { print $2 }' <<<"$res")")
    ea+=("$(awk '$1 == "entropy_avail_at_wait" { print $2; f = 1 } $1 == "entropy_avail" && !f { e = $2 } END { if (!f) print e }' <<<"$res")")
  done
  local med
  med=$(echo "${ready[*]}" | median)
  [ "$med" = none ] && med="not ready after ${wait_s} s"
  local each
  each=$(printf '%s\n' "${ready[@]}" | awk '{ printf "%s%s", (NR > 1 ? ", " : ""), ($1 == "none" ? "none" : sprintf("%.2f", $1)) }')
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$med" "$each" "$(echo "${start[*]:-}" | median)" "$(echo "${ea[*]}" | sed 's/ /, /g')"
}

echo "| guest | CRNG ready at (median, s of uptime) | each boot | helper started at (median) | entropy_avail at the end (each boot) |"
echo "|---|---|---|---|---|"
row "kernel alone" kernel
row "\`churnd --once\` first in /init" once
row "haveged (\`haveged -F\`) first in /init" haveged
