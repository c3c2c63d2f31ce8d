#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# Stream mode against haveged and openssl rand, side by side on this machine, as a Markdown
# table:
#   churnd -n SIZE -f /dev/null   vs   haveged -n SIZE -f /dev/null
#                                 vs   openssl rand -out /dev/null BYTES
# The three run interleaved (churnd, haveged, openssl; RUNS rounds), so a change in the
# machine's load hits all three alike. Per program: median wall time over the rounds, the
# fastest and slowest run, MiB/s at the median, peak RSS (the largest of the rounds) and CPU
# seconds (user + system, median), from /usr/bin/time when installed (else wall time from date
# and VmHWM sampled from /proc, CPU not shown). Ratios: of the medians, and the spread of the
# per-round ratios. Then churnd --full-entropy per source in bits/s.
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

# Runs "$@" once; prints "seconds peak_rss_kib cpu_seconds" (cpu_seconds "-" without time -v).
measure() {
  if [ -x /usr/bin/time ]; then
    local log; log=$(mktemp)
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
    t1=$(date +%s.%N)
    local rss cpu
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$log")
    cpu=$(awk -F: '/User time|System time/ {gsub(/ /,"",$2); s += $2} END {printf "%.3f", s}' "$log")
    rm -f "$log"
    echo "$(echo "$t1 - $t0" | bc -l) $rss $cpu"
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
    echo "$(echo "$t1 - $t0" | bc -l) $peak -"
  fi
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

total=$(bytes_of "$size")
mib=$(echo "$total / 1048576" | bc -l)

# The programs, in the order each round runs them.
names=(churnd)
cmds=("$churnd -n $size -f /dev/null")
labels=("churnd")
if [ -x "$haveged" ]; then
  names+=(haveged); cmds+=("$haveged -n $size -f /dev/null"); labels+=("haveged 1.9")
fi
if command -v openssl >/dev/null; then
  # What people use to make random files: OpenSSL's own CTR_DRBG, same size, same sink.
  names+=(openssl); cmds+=("openssl rand -out /dev/null $total"); labels+=("openssl rand")
fi
shows=("\`churnd -n $size -f /dev/null\`" "\`haveged -n $size -f /dev/null\`"
       "\`openssl rand -out /dev/null $total\`")

# results[name] = "s rss cpu" per round, one line each
declare -A results
for ((round = 1; round <= runs; round++)); do
  for i in "${!names[@]}"; do
    # shellcheck disable=SC2086
    results[${names[$i]}]+="$(measure ${cmds[$i]})"$'\n'
  done
done

column() { printf '%s' "${results[$1]}" | awk -v c="$2" 'NF {print $c}'; }
echo "| program | command | median s | MiB/s | peak RSS MiB | fastest–slowest s | CPU s (median) |"
echo "|---|---|---|---|---|---|---|"
declare -A med
for i in "${!names[@]}"; do
  n=${names[$i]}
  med[$n]=$(column "$n" 1 | median)
  rss=$(column "$n" 2 | sort -g | tail -n 1)
  fast=$(column "$n" 1 | sort -g | head -n 1)
  slow=$(column "$n" 1 | sort -g | tail -n 1)
  cpu=$(column "$n" 3 | median)
  show=${shows[0]}
  [ "$n" = haveged ] && show=${shows[1]}
  [ "$n" = openssl ] && show=${shows[2]}
  printf '| %s | %s | %.2f | %.0f | %.1f | %.2f–%.2f | %s |\n' "${labels[$i]}" "$show" "${med[$n]}" \
    "$(echo "$mib / ${med[$n]}" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$fast" "$slow" "$cpu"
done

# "median ratio (per-round lowest–highest)" of churnd's throughput over a peer's.
ratio() {
  local peer=$1 lo hi
  read -r lo hi < <(paste <(column churnd 1) <(column "$peer" 1) |
    awk '{r = $2 / $1; if (NR == 1 || r < lo) lo = r; if (NR == 1 || r > hi) hi = r}
         END {printf "%.2f %.2f\n", lo, hi}')
  printf '**%.2fx** (rounds: %.2f–%.2fx)' "$(echo "${med[$peer]} / ${med[churnd]}" | bc -l)" "$lo" "$hi"
}
echo
ratios="Median of $runs interleaved rounds."
if [ -n "${med[haveged]:-}" ]; then
  ratios+=" churnd / haveged throughput: $(ratio haveged)"
else
  ratios+=" (haveged not found at $haveged: run contrib/setup.sh)"
fi
[ -n "${med[openssl]:-}" ] && ratios+="; churnd / openssl rand throughput: $(ratio openssl)"
printf '%s\n' "$ratios"

echo
echo "| source | \`churnd --full-entropy --sources S -n $fe_bytes\` | credited bits/s |"
echo "|---|---|---|"
for src in havege rdseed rdrand hwrng; do
  bytes=$fe_bytes
  [ "$src" = hwrng ] && bytes=$((fe_bytes / 64 > 2500 ? fe_bytes / 64 : 2500))
  if out=$(measure "$churnd" --full-entropy --sources "$src" -n "$bytes" -f /dev/null 2>/dev/null); then
    s=${out%% *}
    printf '| %s | %d bytes in %.2f s | %.0f |\n' "$src" "$bytes" "$s" "$(echo "$bytes * 8 / $s" | bc -l)"
  else
    printf '| %s | unavailable | - |\n' "$src"
  fi
done
