#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn's SP 800-90B non-IID assessment side by side with NIST's ea_non_iid, same work: all
# ten estimators on the same 1,000,000 8-bit samples, on three inputs —
#   random    1,000,000 bytes of /dev/urandom
#   havege    1,000,000 raw HAVEGE samples (churnd --raw havege -n 1000000)
#   biased    1,000,000 bytes, each the smaller of two uniform bytes (churn-90b-gen minbyte)
# and prints a Markdown table of CPU seconds (user + sys), peak memory and the assessments
# (H_original, H_bitstring, min-entropy) of both; then the IID track (section 5) against
# NIST's ea_iid on IID data (see below). NIST's tool is not part of churn and is
# never built here: pass the cpp/ directory of a build of github.com/usnistgov/
# SP800-90B_EntropyAssessment (its Makefile: make non_iid). Without it the script says so
# and exits 77.
#
#   bench/compare_90b.sh NIST_CPP_DIR [BUILD_DIR]
#   IID_HAVEGE=1 bench/compare_90b.sh NIST_CPP_DIR    # also the IID track on raw HAVEGE
#   REPEAT=3 bench/compare_90b.sh NIST_CPP_DIR        # each run 3 times, the least CPU kept
#   PIN_CPU=1 bench/compare_90b.sh NIST_CPP_DIR       # both tools on CPU 1 (taskset)
#   IID_REPEAT=3 bench/compare_90b.sh NIST_CPP_DIR    # the IID table's runs 3 times too
#
# REPEAT (default 1) runs every command of the non-IID table that many times, churn's and
# NIST's in turn (churn, NIST, churn, NIST, ...), and keeps the lowest CPU time of each: on a
# shared machine other tenants only ever add time, and on a guest one vCPU can be much
# slower than the other for minutes at a time, so alternating the two tools and keeping
# each one's minimum is the steadiest figure of the work itself. PIN_CPU runs every command
# of both tables on that one CPU. IID_REPEAT (default 1) does for the IID table what REPEAT
# does for the other; its runs take up to minutes each.
# NIST runs with OMP_NUM_THREADS=1 (its CPU time is the same; the machine stays usable).
# NIST_COMMIT names the tool's commit when its directory is not a git checkout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
nist=${1:-}
build=${2:-$here/build}
if [ -z "$nist" ] || [ ! -x "$nist/ea_non_iid" ]; then
  echo "compare_90b: no NIST build given (bench/compare_90b.sh NIST_CPP_DIR [BUILD_DIR]);" \
       "skipped" >&2
  exit 77
fi
assess=$build/tests/stats/churn-90b-assess
gen=$build/tests/stats/churn-90b-gen
churnd=$build/daemon/churnd
for tool in "$assess" "$gen" "$churnd"; do
  [ -x "$tool" ] || { echo "compare_90b: missing $tool (build first)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

head -c 1000000 /dev/urandom > "$work/random"
"$churnd" --raw havege -n 1000000 -f "$work/havege" 2>/dev/null
"$gen" minbyte 1000000 2 > "$work/biased"

# "CPU_SECONDS PEAK_KB" of a command, its stdout in $work/out.
repeat=${REPEAT:-1}
case $repeat in '' | *[!0-9]* | 0) echo "compare_90b: REPEAT must be a positive integer" >&2; exit 2 ;; esac
pin=()
if [ -n "${PIN_CPU:-}" ]; then
  case $PIN_CPU in *[!0-9]*) echo "compare_90b: PIN_CPU must be a CPU number" >&2; exit 2 ;; esac
  pin=(taskset -c "$PIN_CPU")
fi
measure() {
  # A non-zero exit (churn-rngtest's FIPS failures on random data) still has its time: GNU
  # time then writes "Command exited with non-zero status N" first, the figures last.
  /usr/bin/time -f '%U %S %M' -o "$work/time" "${pin[@]}" "$@" > "$work/out" 2>&1 || true
  tail -n 1 "$work/time" | awk '{ printf "%.2f %d\n", $1 + $2, $3 }'
}
# "CPU_SECONDS PEAK_KB" of the run with the lowest CPU time so far: $1 holds the best so far
# ("" for none), $2 and $3 the new run's; the output of the best run is kept in $4.
keep_min() {
  local best=$1 cpu=$2 kb=$3 file=$4
  if [ -z "$best" ] || awk -v a="$cpu" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
    cp "$work/out" "$file"
    echo "$cpu $kb"
  else
    echo "$best"
  fi
}

echo "| input | churn CPU s | NIST ea_non_iid CPU s | ratio | churn MB | NIST MB | churn H_original / H_bitstring / min | NIST H_original / H_bitstring / min |"
echo "|---|---|---|---|---|---|---|---|"
for input in random havege biased; do
  cp "$work/$input" "$work/nist_in.bin"
  c_best=""
  n_best=""
  for ((k = 0; k < repeat; k++)); do
    read -r cpu kb < <(measure "$assess" "$work/$input" 8)
    c_best=$(keep_min "$c_best" "$cpu" "$kb" "$work/out_churn")
    read -r cpu kb < <(cd "$work" && OMP_NUM_THREADS=1 measure "$nist/ea_non_iid" -v nist_in.bin 8)
    n_best=$(keep_min "$n_best" "$cpu" "$kb" "$work/out_nist")
  done
  read -r c_cpu c_kb <<< "$c_best"
  read -r n_cpu n_kb <<< "$n_best"
  c_line=$(tail -1 "$work/out_churn")
  c_ho=$(awk '{print $2}' <<< "$c_line"); c_hb=$(awk '{print $4}' <<< "$c_line")
  c_min=$(awk '{print $6}' <<< "$c_line")
  cp "$work/out_nist" "$work/out"
  n_ho=$(grep -o 'H_original: [0-9.]*' "$work/out" | awk '{print $2}')
  n_hb=$(grep -o 'H_bitstring: [0-9.]*' "$work/out" | awk '{print $2}')
  n_min=$(grep -o 'X H_bitstring): [0-9.]*' "$work/out" | awk '{print $NF}')
  ratio=$(awk -v a="$n_cpu" -v b="$c_cpu" 'BEGIN { printf "%.1fx", a / b }')
  printf '| %s | %s | %s | %s | %d | %d | %.6f / %.6f / %.6f | %s / %s / %s |\n' \
    "$input" "$c_cpu" "$n_cpu" "$ratio" $((c_kb / 1024)) $((n_kb / 1024)) \
    "$c_ho" "$c_hb" "$c_min" "$n_ho" "$n_hb" "$n_min"
done
echo
commit=${NIST_COMMIT:-$(cd "$nist/.." && git rev-parse --short HEAD 2>/dev/null || echo unknown)}
echo "NIST: commit $commit (ea_non_iid -v FILE 8, OMP_NUM_THREADS=1); churn: churn-90b-assess FILE 8;" \
  "CPU s: the least of $repeat run(s) each, the two tools alternating${PIN_CPU:+, both on CPU $PIN_CPU}"

# The IID track (SP 800-90B section 5) side by side with NIST's ea_iid, same work: the chi-square
# and LRS tests, the 19 permutation statistics over up to 10,000 shuffles until every one has
# decided (both tools stop a statistic at the same rule), the verdict and, if IID, the most
# common value estimate, on 1,000,000 8-bit IID samples. How many shuffles a run needs is a
# property of the data (the most extreme statistic's rank), so both tools get the same files:
#   random   the /dev/urandom bytes above
#   uniform  1,000,000 bytes of churn-90b-gen uniform 1000000 1 (SplitMix64, reproducible)
#   havege   the raw HAVEGE samples above, only with IID_HAVEGE=1: they are not IID, so a
#            rejected statistic only decides at 9,995 shuffles, about 70 minutes of ea_iid
#            (which also runs bzip2 on every shuffle) against a minute or two of churn
#            (which leaves bzip2 out once another statistic has failed).
if [ ! -x "$nist/ea_iid" ]; then
  echo "compare_90b: no $nist/ea_iid (make iid); the IID track is not compared" >&2
  exit 0
fi
rngtest=$build/rngtest/churn-rngtest
[ -x "$rngtest" ] || { echo "compare_90b: missing $rngtest (build first)" >&2; exit 1; }
"$gen" uniform 1000000 1 > "$work/uniform"
echo
echo "| input | churn CPU s | NIST ea_iid CPU s | ratio | churn shuffles | churn IID / NIST IID | churn assessment | NIST assessment |"
echo "|---|---|---|---|---|---|---|---|"
iid_inputs="random uniform"
[ "${IID_HAVEGE:-0}" = 1 ] && iid_inputs="$iid_inputs havege"
iid_repeat=${IID_REPEAT:-1}
case $iid_repeat in '' | *[!0-9]* | 0) echo "compare_90b: IID_REPEAT must be a positive integer" >&2; exit 2 ;; esac
for input in $iid_inputs; do
  cp "$work/$input" "$work/nist_in.bin"
  c_best=""
  n_best=""
  for ((k = 0; k < iid_repeat; k++)); do
    read -r cpu kb < <(measure "$rngtest" --suite sp800-90b-iid < "$work/$input")
    c_best=$(keep_min "$c_best" "$cpu" "$kb" "$work/out_churn")
    read -r cpu kb < <(cd "$work" && OMP_NUM_THREADS=1 measure "$nist/ea_iid" -v nist_in.bin 8)
    n_best=$(keep_min "$n_best" "$cpu" "$kb" "$work/out_nist")
  done
  c_cpu=${c_best%% *}
  n_cpu=${n_best%% *}
  cp "$work/out_churn" "$work/out"
  c_iid=$(grep -q 'IID assumption: not rejected' "$work/out" && echo IID || echo rejected)
  c_h=$(grep -o 'most common value) [0-9.]*' "$work/out" | awk '{print $NF}')
  c_shuffles=$(grep -o '[0-9]* of 10000 shuffles' "$work/out" | awk '{print $1}')
  cp "$work/out_nist" "$work/out"
  n_iid=$(grep -q 'Failed IID permutation\|Chi square tests: Failed\|Failed chi square\|Failed length' \
            "$work/out" && echo rejected || echo IID)
  n_h=$(grep -o 'min(H_original, 8 X H_bitstring): [0-9.]*' "$work/out" | awk '{print $NF}')
  ratio=$(awk -v a="$n_cpu" -v b="$c_cpu" 'BEGIN { printf "%.1fx", a / b }')
  printf '| %s | %s | %s | %s | %s | %s / %s | %s | %s |\n' "$input" "$c_cpu" "$n_cpu" "$ratio" \
    "$c_shuffles" "$c_iid" "$n_iid" "${c_h:--}" "${n_h:--}"
done
echo
echo "NIST: ea_iid -v FILE 8 (OMP_NUM_THREADS=1); churn: churn-rngtest --suite sp800-90b-iid < FILE;" \
  "CPU s: the least of $iid_repeat run(s) each, the two tools alternating${PIN_CPU:+, both on CPU $PIN_CPU}"
