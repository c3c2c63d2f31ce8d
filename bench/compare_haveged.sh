#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# Stream mode against haveged and openssl rand, side by side on this machine, as a Markdown
# table:
#   churnd -n SIZE -f /dev/null   vs   haveged -n SIZE -f /dev/null
#                                 vs   openssl rand -out /dev/null BYTES
# median wall time of RUNS runs each, MiB/s, the ratio, and peak RSS (/usr/bin/time -v when
# installed, else VmHWM sampled from /proc). Then churnd --full-entropy per source in bits/s.
# No daemon is started: haveged -n writes and exits.
#
#   bench/compare_haveged.sh [BUILD_DIR] [PEERS_DIR]
#
# BUILD_DIR defaults to ./build, PEERS_DIR to BUILD_DIR/peers/root (haveged + libhavege2
# unpacked by contrib/setup.sh with apt-get download + dpkg-deb -x). Environment: SIZE (default
# 1G), RUNS (default 3), FE_BYTES (bytes per --full-entropy run, default 256k).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build}
peers=${2:-$build/peers/root}
size=${SIZE:-1G}
runs=${RUNS:-3}
fe_bytes=${FE_BYTES:-262144}
churnd=$build/daemon/churnd
haveged=$peers/usr/sbin/haveged
export LD_LIBRARY_PATH=$peers/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

[ -x "$churnd" ] || { echo "no churnd at $churnd" >&2; exit 77; }

bytes_of() {  # 1G -> 1073741824
  local n=${1%[kKmMgGtT]} s=${1##*[0-9]}
  case $s in k|K) n=$((n << 10));; m|M) n=$((n << 20));; g|G) n=$((n << 30));; t|T) n=$((n << 40));; esac
  echo "$n"
}

# Runs "$@" once; prints "seconds peak_rss_kib".
measure() {
  if [ -x /usr/bin/time ]; then
    local log; log=$(mktemp)
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
    t1=$(date +%s.%N)
    local rss; rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$log")
    rm -f "$log"
    echo "$(echo "$t1 - $t0" | bc -l) $rss"
  else
    local t0 t1 pid peak=0 hwm
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 & pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
      sleep 0.02
    done
    wait "$pid"
    t1=$(date +%s.%N)
    echo "$(echo "$t1 - $t0" | bc -l) $peak"
  fi
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Prints "median_seconds max_rss_kib" over $runs runs of "$@".
bench() {
  local times=() rss=0 out t r
  for _ in $(seq "$runs"); do
    out=$(measure "$@"); t=${out% *}; r=${out#* }
    times+=("$t"); [ "$r" -gt "$rss" ] && rss=$r
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $rss"
}

total=$(bytes_of "$size")
mib=$(echo "$total / 1048576" | bc -l)
echo "| program | command | median s | MiB/s | peak RSS MiB |"
echo "|---|---|---|---|---|"
ratios=""
read -r c_s c_rss < <(bench "$churnd" -n "$size" -f /dev/null)
c_rate=$(echo "$mib / $c_s" | bc -l)
printf '| churnd | `churnd -n %s -f /dev/null` | %.2f | %.0f | %.1f |\n' "$size" "$c_s" "$c_rate" "$(echo "$c_rss / 1024" | bc -l)"
if [ -x "$haveged" ]; then
  read -r h_s h_rss < <(bench "$haveged" -n "$size" -f /dev/null)
  h_rate=$(echo "$mib / $h_s" | bc -l)
  printf '| haveged 1.9 | `haveged -n %s -f /dev/null` | %.2f | %.0f | %.1f |\n' "$size" "$h_s" "$h_rate" "$(echo "$h_rss / 1024" | bc -l)"
  ratios+=$(printf 'churnd / haveged throughput: **%.2fx**' "$(echo "$c_rate / $h_rate" | bc -l)")
else
  ratios+="(haveged not found at $haveged: run contrib/setup.sh)"
fi
# What people use to make random files: OpenSSL's own CTR_DRBG, same size, same sink.
if command -v openssl >/dev/null; then
  read -r o_s o_rss < <(bench openssl rand -out /dev/null "$total")
  o_rate=$(echo "$mib / $o_s" | bc -l)
  printf '| openssl rand | `openssl rand -out /dev/null %s` | %.2f | %.0f | %.1f |\n' "$total" "$o_s" "$o_rate" "$(echo "$o_rss / 1024" | bc -l)"
  ratios+=$(printf '; churnd / openssl rand throughput: **%.2fx**' "$(echo "$c_rate / $o_rate" | bc -l)")
fi
printf '\n%s\n' "$ratios"

echo
echo "| source | \`churnd --full-entropy --sources S -n $fe_bytes\` | credited bits/s |"
echo "|---|---|---|"
for src in havege rdseed rdrand hwrng; do
  bytes=$fe_bytes
  [ "$src" = hwrng ] && bytes=$((fe_bytes / 64 > 2500 ? fe_bytes / 64 : 2500))
  if out=$(measure "$churnd" --full-entropy --sources "$src" -n "$bytes" -f /dev/null 2>/dev/null); then
    s=${out% *}
    printf '| %s | %d bytes in %.2f s | %.0f |\n' "$src" "$bytes" "$s" "$(echo "$bytes * 8 / $s" | bc -l)"
  else
    printf '| %s | unavailable | - |\n' "$src"
  fi
done
