#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# Writes the seed corpora of the libFuzzer targets (tests/fuzz) into OUT/<target>/:
#   make_corpus.sh OUT RNGTEST_GEN CHURND_CONF
# Reproducible (rngtest-gen with fixed seeds, fixed text); only adds or rewrites seed-* files,
# so what the fuzzers found in earlier runs stays. No binary file lives in the repository.
set -euo pipefail
out=$1 gen=$2 conf=$3

mkdir -p "$out"/{churnd_config_file,churnd_options,rngtest_options,suites,estimators,reports}

# NUL-separated argument lists, one seed per line of the here-document (fields split on '|').
args_seeds() {
  local dir=$1 n=0 line
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" | tr '|' '\0' >"$dir/seed-$n"
  done
}

# churnd's config file: the example file, each key alone, and near-misses.
c=$out/churnd_config_file
cp "$conf" "$c/seed-example"
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%b' "$line" >"$c/seed-$n"
done <<'SEEDS'
sources = havege,rdseed,rdrand,hwrng\n
sources = all\nhwrng = /dev/hwrng\nhwrng-claim = 2\n
havege-claim = 0.5\nrdseed-claim = 64\nrdrand-claim = default\n
reseed-interval = 86400\nwrite-wakeup-threshold = 4096\n
reseed-interval = 0x10\n
foreground = true\nonce = true\nno-credit = true\nverbose = true\n
number = 1G\nfile = /dev/null\nfull-entropy = true\n
number = 16T\nraw = havege\n
metrics = /run/churnd.prom\npidfile = /run/churnd.pid\n
# comment\n\n[section]\nsources = havege\n
havege-claim = 1e-9\n
havege-claim = nan\n
write-wakeup-threshold = 99999999999999999999\n
config = /etc/churn/churnd.conf\n
unknown-key = 1\n
SEEDS

args_seeds "$out/churnd_options" <<'SEEDS'
-F|-v|--reseed-interval|10
--once|--no-credit|--sources=havege
-n|32M|-f|-|--full-entropy
-n|0|--raw|havege
--probe|--json
--help
--version
-w|64|--pidfile|/run/churnd.pid|--metrics|/tmp/m
--havege-claim|0.125|--rdseed-claim=8|--hwrng-claim=8
-n|18446744073709551615
-Fv|-n1k
SEEDS

args_seeds "$out/rngtest_options" <<'SEEDS'
-p|-c|10|-b|5|-t|2
--pipe|--blockcount=0x10|--blockstats=010
--suite=fips,ent,sp800-90b|--verdict|--json
--suite=ent|--ent-bits
--suite=sp800-90b|--h-claim=1e-9|--estimate-bytes=1000|--bits-per-sample=1
--suite|sp800-90b|--h-claim|8|--estimate-bytes|10000000
--progressive|--json|a|b|-
--help
-V
--usage
-c|99999999999999999999999
SEEDS

# Byte streams from rngtest-gen: uniform, biased, correlated, long runs, repeated words.
s=$out/suites e=$out/estimators r=$out/reports
i=0
for spec in "good 1 3000" "bias 2 3000 0.6" "markov 3 3000 0.7" "longrun 4 5200 40" \
            "repeat 5 5200" "good 6 1200"; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  "$gen" $spec >"$s/seed-$i"
  # The option bytes come from the end of the input, last byte first (FuzzedDataProvider):
  # fips, ent, sp800-90b on, --ent-bits off, --verdict on, --progressive off, --json on, the
  # default claim and width, --estimate-bytes 1100 (0x044c), then three chunk sizes.
  printf '\x10\x07\x20\x01\x05\x09\x03\x4c\x04\x00\x00\x01\x00\x01\x00\x01\x01\x01' >>"$s/seed-$i"
  # The estimators: width byte (1 + byte % 8 bits), then what runs (byte % 11: estimator
  # 0-9 or 10, the whole assessment; (byte / 11) % 2: on the bitstring): the assessment on
  # 8-bit samples, then single estimators on 1-bit and 4-bit samples.
  { printf '\x07\x0a'; head -c 2000 "$s/seed-$i"; } >"$e/seed-8bit-all-$i"
  { printf '\x00'; printf "\\x$(printf %02x $((i - 1)))"; head -c 600 "$s/seed-$i"; } \
    >"$e/seed-1bit-$i"
  { printf '\x03'; printf "\\x$(printf %02x $((i + 3)))"; head -c 500 "$s/seed-$i"; } \
    >"$e/seed-4bit-$i"
  head -c 600 "$s/seed-$i" >"$r/seed-$i"
done
printf 'x' >"$s/seed-empty"
printf '\x00' >"$e/seed-tiny"
# Every estimator on 8-bit samples and on their bitstring, 400 samples of the uniform stream.
for m in $(seq 0 21); do
  { printf '\x07'; printf "\\x$(printf %02x "$m")"; head -c 400 "$s/seed-1"; } >"$e/seed-mode-$m"
done
