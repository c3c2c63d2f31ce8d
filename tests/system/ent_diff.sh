#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# Differential test: churn's ent statistics against Debian's ent, byte for
# byte, in ent's text and terse (-t) formats, bytes and bits (-b).
# usage: ent_diff.sh CHURN_ENT_PRINT PEERS_DIR
# Exit 0 all identical, 1 a difference (the input is kept and named), 77 skip
# (no reference ent unpacked).
set -euo pipefail

tool=$1
peers=$2
gen_tool=$3  # rngtest-gen: seeded, reproducible "good" bytes
ent="$peers/usr/bin/ent"
if [[ ! -x "$ent" ]]; then
  echo "SKIP: no reference ent at $ent" >&2
  exit 77
fi
export LD_LIBRARY_PATH="$peers/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Inputs. perl-base is Essential on Debian, so it is always there.
gen() {  # name perl-expression-producing-the-bytes
  perl -e "srand(6); binmode STDOUT; $2" > "$work/$1"
}
"$gen_tool" good 6 1000003 > "$work/good"
"$gen_tool" good 7 20000000 > "$work/good-20M"
gen biased 'print pack("C*", map { int(rand() ** 3 * 256) } 1 .. 300001);'
gen ramp 'print pack("C*", map { $_ % 256 } 0 .. 65538);'
gen correlated-bits 'my $b = 0; my @out; for (1 .. 200000) { my $v = 0;
  for (1 .. 8) { $b ^= 1 if rand() < 0.2; $v = ($v << 1) | $b } push @out, $v } print pack("C*", @out);'
gen zeros 'print "\0" x 4096;'
gen ones 'print "\xff" x 4097;'
gen text 'print "The quick brown fox jumps over the lazy dog.\n" x 500;'
for n in 0 1 2 5 6 7 12 13; do
  head -c "$n" "$work/good" > "$work/short-$n"
done

failures=0
checked=0
for input in "$work"/*; do
  for mode in "" -t -b -bt; do
    # shellcheck disable=SC2086
    if ! diff <("$tool" $mode "$input") <("$ent" $mode "$input") > "$work/.diff" 2>&1; then
      echo "DIFFERENT: ent $mode $(basename "$input")" >&2
      cat "$work/.diff" >&2
      cp "$input" "/tmp/ent_diff-$(basename "$input")"
      echo "input kept as /tmp/ent_diff-$(basename "$input")" >&2
      failures=$((failures + 1))
    fi
    checked=$((checked + 1))
  done
  # stdin (a pipe) must give the same as the file.
  if ! diff <("$tool" < "$input") <("$ent" < "$input") > /dev/null; then
    echo "DIFFERENT through a pipe: $(basename "$input")" >&2
    failures=$((failures + 1))
  fi
done
echo "ent_diff: $checked comparisons, $failures different"
[[ $failures -eq 0 ]]
