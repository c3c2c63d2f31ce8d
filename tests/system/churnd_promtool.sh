#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# The metrics file judged by Prometheus' own linter: `promtool check metrics` (Debian's
# prometheus package, `apt-get download` + `dpkg-deb -x` into CACHE_DIR once per build tree;
# nothing installed, no service started) prints no problem and exits 0 on the file churnd
# --once --no-credit writes. Every family churnd writes must be in the file, so no name escapes
# the check; and the same promtool must flag a "_bits" name (what churnd used to write), so a
# linter that checks nothing cannot pass.
# Usage: churnd_promtool.sh CHURND CACHE_DIR
set -u
# shellcheck source=tests/system/churnd_lib.sh
. "$(dirname "$0")/churnd_lib.sh"
need_root
churnd=$1
cache=$2
promtool=$cache/root/usr/bin/promtool

if [ ! -x "$promtool" ]; then
  note "fetching Debian's prometheus package for promtool (once per build tree, in $cache)"
  rm -rf "$cache/debs" "$cache/root.tmp"
  mkdir -p "$cache/debs"
  (cd "$cache/debs" && apt-get download -qq prometheus >/dev/null 2>&1) ||
    { echo "SKIP: apt-get download prometheus failed (no Debian archive reachable?)"; exit 77; }
  dpkg-deb -x "$cache"/debs/prometheus_*.deb "$cache/root.tmp" ||
    fail "dpkg-deb -x of $(ls "$cache"/debs)"
  rm -rf "$cache/root" && mv "$cache/root.tmp" "$cache/root"
  rm -rf "$cache/debs"
fi
"$promtool" --version 2>&1 | head -n 1

note "churnd --once --no-credit --metrics"
prom=$CHURN_TMP/churnd.prom
"$churnd" -F --once --no-credit -c /dev/null --metrics "$prom" 2>"$CHURN_TMP/log"
rc=$?
[ "$rc" = 77 ] && { echo "SKIP: churnd has no CAP_SYS_ADMIN here"; exit 77; }
[ "$rc" = 0 ] || { cat "$CHURN_TMP/log" >&2; fail "churnd --once: exit $rc"; }
check_metrics "$prom"
families=$(sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' "$prom" | sort | tr '\n' ' ')
echo "   families: $families"
for f in churn_credited_entropy_total churn_source_credited_entropy_total \
         churn_source_claimed_entropy_per_sample churn_kernel_entropy_avail \
         churn_fed_bytes_total churn_source_raw_bytes_total churn_last_feed_timestamp_seconds; do
  case " $families" in *" $f "*) ;; *) fail "no family $f in the metrics file" ;; esac
done

note "promtool check metrics"
out=$("$promtool" check metrics <"$prom" 2>&1)
rc=$?
[ "$rc" = 0 ] && [ -z "$out" ] || fail "promtool check metrics: exit $rc: $out"
echo "   clean: exit 0, no output"

note "promtool flags a _bits name (the linter is live)"
sed 's/churn_credited_entropy_total/churn_credited_bits_total/' "$prom" >"$CHURN_TMP/bits.prom"
out=$("$promtool" check metrics <"$CHURN_TMP/bits.prom" 2>&1)
rc=$?
[ "$rc" != 0 ] && printf '%s\n' "$out" | grep -q 'churn_credited_bits_total.*"bits"' ||
  fail "promtool did not flag churn_credited_bits_total: exit $rc: $out"
echo "   $out"
echo PASS
