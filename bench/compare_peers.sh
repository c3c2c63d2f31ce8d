#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The side-by-side comparison with the peers, in one run on one machine: churn against the
# programs it replaces, as one Markdown summary table plus an SVG bar chart.
#
#   stream     churnd -n 1G -f /dev/null              vs  haveged -n 1G -f /dev/null
#   rngtest    cat FILE | churn-rngtest               vs  cat FILE | rngtest      (256 MiB)
#   ent        churn-rngtest --suite ent < FILE       vs  ent FILE                (256 MiB)
#
# Each figure is the median wall time of RUNS (default 3) runs. The stream and rngtest rows
# come from the scripts that own them, bench/compare_haveged.sh and bench/compare.sh, whose
# tables are parsed here and kept in full under "Details"; the ent row is timed here (no
# other script covers it) and is skipped when this churn-rngtest has no --suite option.
#
#   bench/compare_peers.sh [BUILD_DIR]
#
# BUILD_DIR defaults to ./build. Environment: PEERS (default BUILD_DIR/peers/root, where
# contrib/setup.sh unpacks the Debian packages; haveged, libhavege2, rng-tools-debian, ent),
# OUT_DIR (default BUILD_DIR/compare: compare.md and compare.svg), RUNS, SIZE (stream size,
# default 1G), SIZE_MIB (rngtest/ent input, default 256). No daemon is started: haveged -n
# writes and exits. Not part of CI: it takes a few minutes (the reference rngtest runs at
# ~20 MB/s).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
peers=${PEERS:-$build/peers/root}
out_dir=${OUT_DIR:-$build/compare}
export RUNS=${RUNS:-3}
export SIZE=${SIZE:-1G}
export SIZE_MIB=${SIZE_MIB:-256}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out_dir"

log() { printf 'compare_peers: %s\n' "$*" >&2; }

# ---- the rows, tab-separated: name, churn command, peer command, churn MiB/s, peer MiB/s, note
rows=$work/rows

# Splits a Markdown table row into fields on unescaped '|' (compare.sh writes `a \| b`).
md_field() {  # md_field LINE N -> the Nth field, trimmed, escaped pipes restored
  printf '%s\n' "$1" | sed 's/\\|/\x01/g' | awk -F'|' -v n="$2" '{
    f = $(n + 1); gsub(/^ +| +$/, "", f); gsub(/\x01/, "|", f); gsub(/`/, "", f); print f }'
}
md_column() {  # md_column HEADER_LINE NAME -> the field number of the column called NAME
  printf '%s\n' "$1" | awk -F'|' -v name="$2" '{
    for (i = 2; i <= NF; i++) { f = $i; gsub(/^ +| +$/, "", f); if (f == name) { print i - 1; exit } } }'
}
number() { printf '%s\n' "$1" | grep -Eo '[0-9]+(\.[0-9]+)?' | head -n 1; }

stream_rows() {
  log "stream: bench/compare_haveged.sh ($RUNS x $SIZE each for churnd and haveged)"
  FE_BYTES=${FE_BYTES:-65536} "$here/bench/compare_haveged.sh" "$build" "$peers" \
    > "$work/haveged.md" || { log "compare_haveged.sh failed"; return; }
  local churn peer
  churn=$(grep -m1 '^| churnd |' "$work/haveged.md" || true)
  peer=$(grep -m1 '^| haveged' "$work/haveged.md" || true)
  if [ -z "$churn" ] || [ -z "$peer" ]; then
    log "stream: no churnd/haveged rows (is haveged unpacked under $peers?)"
    return
  fi
  printf 'stream %s\t%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$(md_field "$churn" 2)" "$(md_field "$peer" 2)" \
    "$(number "$(md_field "$churn" 4)")" "$(number "$(md_field "$peer" 4)")" \
    "$(md_field "$peer" 1), peak RSS $(md_field "$churn" 5) vs $(md_field "$peer" 5) MiB" \
    >> "$rows"
}

rngtest_rows() {
  log "rngtest: bench/compare.sh ($RUNS x $SIZE_MIB MiB; the reference takes a while)"
  WORK_DIR=$work "$here/bench/compare.sh" "$build" "$peers" > "$work/rngtest.md" ||
    { log "compare.sh failed"; return; }
  local ref ours
  ref=$(grep -m1 '^| rngtest' "$work/rngtest.md" || true)
  ours=$(grep -m1 '^| churn-rngtest, `cat' "$work/rngtest.md" || true)
  if [ -z "$ref" ] || [ -z "$ours" ]; then
    log "rngtest: no rows (is rng-tools-debian unpacked under $peers?)"
    return
  fi
  # Columns are found by their header, so compare.sh may add columns without breaking this.
  local header rate_col verdict_col
  header=$(grep -m1 '^| command' "$work/rngtest.md")
  rate_col=$(md_column "$header" 'throughput (wall)')
  verdict_col=$(md_column "$header" 'same verdicts')
  printf 'rngtest %s MiB, pipe\t%s\t%s\t%s\t%s\t%s\n' "$SIZE_MIB" "$(md_field "$ours" 1 | sed 's/^churn-rngtest, //')" \
    "$(md_field "$ref" 1 | sed 's/^.*, //')" "$(number "$(md_field "$ours" "$rate_col")")" \
    "$(number "$(md_field "$ref" "$rate_col")")" "same verdicts: $(md_field "$ours" "$verdict_col")" >> "$rows"
}

# The ent row: compare.sh left its input in $work (WORK_DIR), reuse it.
median_seconds() {  # median_seconds CMD: median wall time of RUNS runs of a shell command
  local i s e times=()
  for ((i = 0; i < RUNS; i++)); do
    s=$(date +%s%N)
    bash -c "$1" > /dev/null 2>&1 || true
    e=$(date +%s%N)
    times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

ent_rows() {
  local ours=$build/rngtest/churn-rngtest ref=$peers/usr/bin/ent file
  file=$(find "$work" -maxdepth 1 -name "input-*.bin" | head -n 1)
  if [ -z "$file" ]; then
    file=$work/input-${SIZE_MIB}MiB.bin
    "$build/tests/system/rngtest-gen" good 2026 $((SIZE_MIB * 1048576)) > "$file"
  fi
  if [ ! -x "$ref" ]; then
    log "ent: no reference ent at $ref"
    return
  fi
  # "--suite ent" is a newer option; an older churn-rngtest rejects it (usage, exit 10).
  local rc=0
  head -c 65536 "$file" | "$ours" --suite ent > /dev/null 2>&1 || rc=$?
  if [ "$rc" = 10 ] || [ "$rc" = 127 ] || [ "$rc" = 126 ]; then
    log "ent: this churn-rngtest has no --suite ent; row skipped"
    printf 'ent %s MiB\tchurn-rngtest --suite ent < file\tent file\t\t\tnot available in this build\n' \
      "$SIZE_MIB" >> "$rows"
    return
  fi
  log "ent: $RUNS x $SIZE_MIB MiB each"
  local t_ours t_ref
  t_ours=$(median_seconds "'$ours' --suite ent < '$file'")
  t_ref=$(median_seconds "'$ref' '$file'")
  printf 'ent %s MiB\tchurn-rngtest --suite ent < file\tent file\t%s\t%s\tmedian of %s\n' "$SIZE_MIB" \
    "$(awk -v n="$SIZE_MIB" -v t="$t_ours" 'BEGIN { printf "%.1f", n / t }')" \
    "$(awk -v n="$SIZE_MIB" -v t="$t_ref" 'BEGIN { printf "%.1f", n / t }')" "$RUNS" >> "$rows"
}

# ---- output ----

markdown() {
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo |
    sed 's/.*: //'), kernel $(uname -r)); median of $RUNS runs each; throughput in MiB/s."
  echo
  echo "| comparison | churn | peer | churn MiB/s | peer MiB/s | churn / peer | note |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '{
    for (k = 1; k <= NF; k++) gsub(/\|/, "\\|", $k)  # a pipe inside a Markdown cell
    ratio = ($4 != "" && $5 > 0) ? sprintf("**%.1fx**", $4 / $5) : "-"
    printf "| %s | `%s` | `%s` | %s | %s | %s | %s |\n", $1, $2, $3,
      ($4 == "" ? "-" : $4), ($5 == "" ? "-" : $5), ratio, $6 }' "$rows"
  echo
  echo "<details><summary>Details (the tables of compare_haveged.sh and compare.sh)</summary>"
  echo
  [ -f "$work/haveged.md" ] && cat "$work/haveged.md" && echo
  [ -f "$work/rngtest.md" ] && cat "$work/rngtest.md" && echo
  echo "</details>"
}

# A horizontal bar chart: per comparison two bars (churn, peer), scaled to the larger of the
# two so each row reads on its own (the rates differ by 100x between rows); the figures and
# the ratio are printed beside the bars. Plain SVG 1.1 text, written by awk.
svg() {
  awk -F'\t' '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
    $4 != "" && $5 > 0 { n++; name[n] = $1; c[n] = $4 + 0; p[n] = $5 + 0 }
    END {
      w = 760; left = 170; barw = 400; row = 74; top = 54
      h = top + (n > 0 ? n : 1) * row + 30
      printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">\n", w, h, w, h
      printf "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
      printf "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">churn vs haveged, rngtest and ent (MiB/s, median of runs)</text>\n", 12
      printf "<rect x=\"%d\" y=\"34\" width=\"12\" height=\"12\" fill=\"#2a7ab9\"/><text x=\"%d\" y=\"45\">churn</text>\n", left, left + 16
      printf "<rect x=\"%d\" y=\"34\" width=\"12\" height=\"12\" fill=\"#b0b0b0\"/><text x=\"%d\" y=\"45\">peer</text>\n", left + 80, left + 96
      printf "<text x=\"%d\" y=\"45\" fill=\"#555\">bars scaled per row</text>\n", left + 160
      if (n == 0) printf "<text x=\"12\" y=\"%d\">no measurements</text>\n", top + 30
      for (i = 1; i <= n; i++) {
        y = top + (i - 1) * row
        m = c[i] > p[i] ? c[i] : p[i]
        cw = barw * c[i] / m; pw = barw * p[i] / m
        printf "<text x=\"12\" y=\"%d\" font-weight=\"bold\">%s</text>\n", y + 30, esc(name[i])
        printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"#2a7ab9\"/>\n", left, y + 8, cw
        printf "<text x=\"%.1f\" y=\"%d\">%.1f</text>\n", left + cw + 6, y + 24, c[i]
        printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"#b0b0b0\"/>\n", left, y + 34, pw
        printf "<text x=\"%.1f\" y=\"%d\">%.1f</text>\n", left + pw + 6, y + 50, p[i]
        printf "<text x=\"%d\" y=\"%d\" font-size=\"18\" font-weight=\"bold\">%.1fx</text>\n", left + barw + 90, y + 38, c[i] / p[i]
      }
      printf "</svg>\n"
    }' "$rows"
}

main() {
  : > "$rows"
  [ -x "$build/daemon/churnd" ] || { log "no churnd in $build (build first)"; exit 1; }
  stream_rows
  rngtest_rows
  ent_rows
  markdown > "$out_dir/compare.md"
  svg > "$out_dir/compare.svg"
  cat "$out_dir/compare.md"
  log "wrote $out_dir/compare.md and $out_dir/compare.svg"
}

main
