#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churnd --probe (issue 5): `churnd --probe --json` exits 0 and prints one JSON object whose
# every field is present and sane; the text report has a verdict per source; --json alone is a
# usage error (64); as an unprivileged user the probe still runs and says the kernel cannot be
# fed. The probe never credits entropy: its only kernel write is RNDADDENTROPY with 0 bytes
# and 0 credit. No python: the JSON is flattened to path=value lines by the awk below.
#
#   churnd_probe.sh CHURND
set -uo pipefail

churnd=${1:?usage: churnd_probe.sh CHURND}
tmp=$(mktemp -d /tmp/churnd-probe-test.XXXXXX)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
note() { echo "-- $*"; }

# Flattens one JSON document into lines "a.b.0.c=value" (strings keep their quotes).
flatten() {
  awk '
    function path(   p, k) {
      p = ""
      for (k = 1; k <= depth; k++) p = p (k > 1 ? "." : "") key[k]
      return p
    }
    { s = s $0 }
    END {
      n = length(s); depth = 0; i = 1
      while (i <= n) {
        c = substr(s, i, 1)
        if (c == "{") { depth++; type[depth] = "o"; key[depth] = ""; i++; continue }
        if (c == "[") { depth++; type[depth] = "a"; key[depth] = 0; i++; continue }
        if (c == "}" || c == "]") { depth--; i++; continue }
        if (c == ",") { if (type[depth] == "a") key[depth]++; i++; continue }
        if (c == ":" || c == " ") { i++; continue }
        if (c == "\"") {
          j = i + 1; str = ""
          while (j <= n) {
            d = substr(s, j, 1)
            if (d == "\\") { str = str d substr(s, j + 1, 1); j += 2; continue }
            if (d == "\"") break
            str = str d; j++
          }
          i = j + 1
          if (type[depth] == "o" && substr(s, i, 1) == ":") { key[depth] = str; continue }
          print path() "=\"" str "\""
          continue
        }
        j = i
        while (j <= n && substr(s, j, 1) !~ /[,}\]]/) j++
        print path() "=" substr(s, i, j - i)
        i = j
      }
    }'
}

get() { awk -v k="$1" 'index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$tmp/flat"; }

# check PATH KIND [ARGS]: KIND is bool, string (non-empty), anystring, int MIN MAX,
# num MIN MAX (a JSON number), numornull MIN MAX, oneof "A|B|C".
check() {
  local k=$1 kind=$2 v
  if ! grep -q "^$k=" "$tmp/flat"; then
    fail "field $k missing"
    return
  fi
  v=$(get "$k")
  case $kind in
    bool) [[ $v == true || $v == false ]] || fail "$k=$v is not a boolean" ;;
    string) [[ $v == \"?*\" ]] || fail "$k=$v is not a non-empty string" ;;
    anystring) [[ $v == \"*\" ]] || fail "$k=$v is not a string" ;;
    oneof) [[ "|$3|" == *"|${v//\"/}|"* && $v == \"*\" ]] || fail "$k=$v is not one of $3" ;;
    int | num | numornull)
      if [[ $kind == numornull && $v == null ]]; then return; fi
      if [[ $kind == int ]]; then
        [[ $v =~ ^[0-9]+$ ]] || { fail "$k=$v is not an integer"; return; }
      else
        [[ $v =~ ^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]] || { fail "$k=$v is not a number"; return; }
      fi
      awk -v v="$v" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v + 0 >= lo + 0 && v + 0 <= hi + 0) }' ||
        fail "$k=$v is outside [$3, $4]"
      ;;
    *) fail "unknown check kind $kind" ;;
  esac
}

is_true() { [ "$(get "$1")" = true ]; }

note "churnd --probe --json"
"$churnd" --probe --json > "$tmp/probe.json" 2> "$tmp/probe.err"
rc=$?
[ "$rc" = 0 ] || fail "churnd --probe --json exited $rc: $(cat "$tmp/probe.err")"
[ "$(wc -l < "$tmp/probe.json")" = 1 ] || fail "the JSON is not one line"
[[ $(head -c 1 "$tmp/probe.json") == "{" ]] || fail "stdout does not start with {"
grep -q 'havege' "$tmp/probe.err" || fail "no progress on stderr"
flatten < "$tmp/probe.json" > "$tmp/flat"
# Balanced: the flattener ends at depth 0 only for a complete document.
opens=$(tr -cd '{[' < "$tmp/probe.json" | wc -c)
closes=$(tr -cd '}]' < "$tmp/probe.json" | wc -c)
[ "$opens" = "$closes" ] || fail "unbalanced JSON ($opens opening, $closes closing)"

# Bounded: a few seconds of sampling, whatever the machine (a sanity bound, not a target).
check seconds num 0 120

check machine.virtualised bool
check machine.hypervisor_bit bool
check machine.hypervisor_vendor anystring
check machine.dmi_sys_vendor anystring
check machine.dmi_product_name anystring
check machine.cpu_model anystring
check machine.online_cpus int 1 100000
check machine.kernel_release string
if is_true machine.hypervisor_bit; then
  is_true machine.virtualised || fail "hypervisor bit set but not virtualised"
fi

check counter.name oneof "rdtsc|cntvct_el0|clock_gettime"
check counter.reads int 1000 1000000000
check counter.resolution_ticks int 1 1000000000
check counter.zero_deltas int 0 1000000000
check counter.backwards int 0 1000000000
check counter.monotonic bool
check counter.ticks_per_read num 0 1000000000
check counter.ns_per_read num 0 1000000
check counter.ticks_per_ns num 0 1000

check havege.samples int 1000000 100000000
check havege.chunks int 1 100000
check havege.discarded_chunks int 0 100000
check havege.seconds num 0 120
check havege.distinct_values int 1 256
check havege.mean num 0 255
check havege.shannon_bits num 0 8
check havege.top_values.0.value int 0 255
check havege.top_values.0.count int 1 100000000
for bin in $(seq 0 15); do check "havege.histogram16.$bin" int 0 100000000; done
for e in most_common_value t_tuple lrs assessment collision markov compression; do
  check "havege.min_entropy_bits.$e" numornull 0 8
done
check havege.min_entropy_bits.most_common_value num 0 8
check havege.min_entropy_bits.assessment num 0 8
awk -v a="$(get havege.min_entropy_bits.assessment)" -v m="$(get havege.min_entropy_bits.most_common_value)" \
  'BEGIN { exit !(a <= m + 1e-9) }' || fail "the assessment is above the MCV estimate"
# Histogram bins add up to the samples.
sum=0
for bin in $(seq 0 15); do sum=$((sum + $(get "havege.histogram16.$bin"))); done
[ "$sum" = "$(get havege.samples)" ] || fail "histogram sums to $sum, not $(get havege.samples)"

verdicts='usable|weak|not usable'
for s in havege rdseed rdrand hwrng; do
  check "$s.verdict" oneof "$verdicts"
  check "$s.reason" string
  check "$s.claim_bits_per_sample" num 0 64
  check "$s.credit_bits_per_second" num 0 1e12
  if [ "$(get "$s.verdict")" = '"not usable"' ]; then
    # Not usable means not credited: the credit rate says so.
    awk -v c="$(get "$s.credit_bits_per_second")" 'BEGIN { exit !(c == 0) }' ||
      fail "$s is not usable but credits $(get "$s.credit_bits_per_second") bits/s"
  fi
done
# HAVEGE never claims more than its ceiling of 1 bit per byte unless configured.
check havege.claim_bits_per_sample num 0 1

for s in rdseed rdrand; do
  check "$s.cpuid" bool
  check "$s.cpuinfo" bool
  check "$s.bytes" int 0 1e15
  check "$s.attempts" int 0 1e15
  check "$s.failures" int 0 1e15
  check "$s.read_errors" int 0 1e15
  check "$s.seconds" numornull 0 60
  check "$s.bytes_per_second" numornull 0 1e12
  check "$s.failure_rate" numornull 0 1
  check "$s.error" anystring
  if is_true "$s.cpuid" && is_true "$s.cpuinfo"; then
    check "$s.bytes" int 8 1e15
    check "$s.seconds" num 0.01 60
  else
    [ "$(get "$s.verdict")" = '"not usable"' ] || fail "$s absent but not 'not usable'"
  fi
done
check rdseed.claim_bits_per_sample num 0 64

check hwrng.path string
check hwrng.rng_current anystring
check hwrng.rng_available anystring
check hwrng.quality numornull 0 1024
check hwrng.default_quality numornull 0 1024
check hwrng.current_quality numornull 0 1024
check hwrng.rng_quality numornull 0 1024
check hwrng.kernel_feeds bool
check hwrng.kthread_seen bool
check hwrng.opened bool
check hwrng.bytes int 0 1e12
check hwrng.error anystring
if is_true hwrng.opened; then
  check hwrng.seconds num 0.1 3  # a short, bounded read
  check hwrng.bytes_per_second num 0 1e12
else
  [ "$(get hwrng.verdict)" = '"not usable"' ] || fail "hwrng not opened but not 'not usable'"
fi
if is_true hwrng.kernel_feeds; then
  [ "$(get hwrng.rng_current)" != '"none"' ] && [ "$(get hwrng.rng_current)" != '""' ] ||
    fail "kernel_feeds without a current driver"
fi

check kernel.poolsize_bits int 256 4096
check kernel.generation oneof "modern|legacy|unknown"
case $(get kernel.poolsize_bits) in
  256) [ "$(get kernel.generation)" = '"modern"' ] || fail "poolsize 256 is not 'modern'" ;;
  4096) [ "$(get kernel.generation)" = '"legacy"' ] || fail "poolsize 4096 is not 'legacy'" ;;
esac
check kernel.entropy_avail_bits int 0 "$(get kernel.poolsize_bits)"
check kernel.write_wakeup_threshold_bits numornull 0 1000000
check kernel.crng_ready bool
check kernel.can_feed bool
check kernel.feed_error anystring
if ! is_true kernel.can_feed; then check kernel.feed_error string; fi

note "churnd --probe (text)"
"$churnd" --probe > "$tmp/probe.txt" 2> /dev/null || fail "churnd --probe exited $?"
for s in havege rdseed rdrand hwrng; do
  grep -Eq "^  $s +(usable|weak|not usable) " "$tmp/probe.txt" || fail "no verdict line for $s"
done

note "--json without --probe is a usage error"
"$churnd" --json > /dev/null 2>&1
rc=$?
[ "$rc" = 64 ] || fail "--json alone exited $rc, not 64"

if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  note "as nobody: the probe runs and says the kernel cannot be fed"
  setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$churnd" --probe --json > "$tmp/nobody.json" 2> /dev/null
  rc=$?
  [ "$rc" = 0 ] || fail "unprivileged probe exited $rc"
  flatten < "$tmp/nobody.json" > "$tmp/flat"
  [ "$(get kernel.can_feed)" = false ] || fail "nobody can feed the kernel?"
  grep -q 'CAP_SYS_ADMIN' "$tmp/flat" || fail "the unprivileged probe does not name CAP_SYS_ADMIN"
else
  note "skipping the unprivileged run (not root, or no setpriv)"
fi

if [ "$failures" != 0 ]; then
  echo "churnd_probe: $failures failure(s); the JSON was:" >&2
  cat "$tmp/probe.json" >&2
  exit 1
fi
echo "churnd_probe: all checks passed"
