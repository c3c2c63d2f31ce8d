#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn-rngtest --suite sp800-90b-iid (SP 800-90B section 5) as a whole binary: 20,000 IID
# 4-bit samples keep the IID assumption and get the most common value estimate, the same seed
# gives the same report and another seed other counters; a 43-byte period is rejected; the
# JSON carries the verdict; the compression statistic is left out after another statistic
# failed unless --iid-all-statistics asks for it; --iid-seed and --iid-all-statistics are
# usage errors without the suite. The inputs are fixed by their seeds (churn-90b-gen), so the
# outcomes are too: ideal data would be rejected by an unlucky seed with probability at most
# about 2.6 % (churn-rngtest(1)).
#
#   rngtest_iid.sh CHURN_RNGTEST CHURN_90B_GEN
set -uo pipefail

churn=$1
gen=$2
# shellcheck source=tests/system/check_lib.sh
. "$(dirname "$0")/check_lib.sh"

"$gen" uniform 20000 6 > "$work/iid"
"$gen" period 1000 1 > "$work/period"
iid=(--suite sp800-90b-iid --bits-per-sample 4 --mask-samples)

"$churn" "${iid[@]}" "$work/iid" 2> "$work/a.err" > /dev/null
"$churn" "${iid[@]}" "$work/iid" 2> "$work/b.err" > /dev/null
"$churn" "${iid[@]}" --iid-seed 7 --json "$work/iid" 2> "$work/c.err" > "$work/c.json"
if grep -q '^churn-rngtest: SP 800-90B IID assumption: not rejected; min-entropy (6.3.1 most common value) 3\.[0-9]* bits per sample' \
    "$work/a.err" &&
   grep -q 'permutation tests: seed 3747906, [0-9]* of 10000 shuffles .*: pass' "$work/a.err" &&
   [ "$(grep -c 'SP 800-90B 5\.1\.[0-9]* [a-z_0-9]*: t .* C0 [0-9]* C1 [0-9]* C2 [0-9]*: pass' \
         "$work/a.err")" = 19 ]; then
  ok "IID samples keep the IID assumption, 19 statistics pass"
else
  fail "IID samples"; grep 'SP 800-90B' "$work/a.err"
fi
if cmp -s <(grep 'SP 800-90B' "$work/a.err") <(grep 'SP 800-90B' "$work/b.err") &&
   grep -q 'seed 7,' "$work/c.err" &&
   ! cmp -s <(grep 'SP 800-90B 5\.1' "$work/a.err") <(grep 'SP 800-90B 5\.1' "$work/c.err"); then
  ok "the seed reproduces the report; another seed gives other counters"
else
  fail "seed reproducibility"
fi
if grep -q '"suites":\["sp800-90b-iid"\]' "$work/c.json" &&
   grep -q '"sp800_90b_iid":{.*"permutation":{"seed":7,.*"iid":true,.*"min_entropy_bits":3\.' \
    "$work/c.json"; then
  ok "JSON carries the IID track"
else
  fail "JSON"; cat "$work/c.json"
fi

"$churn" --suite sp800-90b-iid "$work/period" 2> "$work/p.err" > /dev/null
if grep -q 'SP 800-90B IID assumption: REJECTED' "$work/p.err" &&
   grep -q '5.2.3 longest repeated substring: W 957, .*: FAIL' "$work/p.err" &&
   grep -q '5.1.9 periodicity_1: .*: FAIL' "$work/p.err"; then
  ok "a 43-byte period is rejected"
else
  fail "periodic data"; grep 'SP 800-90B' "$work/p.err"
fi
# Once another statistic failed, bzip2 is left out unless --iid-all-statistics asks for it
# (as NIST's ea_iid computes it); everything else in the report is the same either way.
"$churn" --suite sp800-90b-iid --iid-all-statistics --json "$work/period" 2> "$work/pa.err" \
  > "$work/pa.json"
if grep -q '5.1.11 compression: t [0-9]*, C0 0 C1 0 C2 0: not computed (another statistic failed' \
     "$work/p.err" &&
   grep -Eq '5.1.11 compression: t [0-9]*, C0 [0-9]+ C1 [0-9]+ C2 [0-9]+: (pass|FAIL)$' \
     "$work/pa.err" &&
   ! grep -q 'C0 0 C1 0 C2 0' "$work/pa.err" &&
   cmp -s <(grep 'SP 800-90B' "$work/p.err" | grep -v '5.1.11') \
          <(grep 'SP 800-90B' "$work/pa.err" | grep -v '5.1.11') &&
   grep -q '"name":"compression","section":"5.1.11","original":[0-9]*,"counters":\[[0-9]*,[0-9]*,[0-9]*\],"computed":true,"passed":' \
     "$work/pa.json"; then
  ok "compression is left out after another failure, computed with --iid-all-statistics"
else
  fail "--iid-all-statistics"; grep '5.1.11' "$work/p.err" "$work/pa.err"
fi
"$churn" --suite sp800-90b-iid --json "$work/period" 2> /dev/null > "$work/p.json"
if grep -q '"name":"compression","section":"5.1.11","original":[0-9]*,"counters":\[0,0,0\],"computed":false,"passed":null' \
     "$work/p.json"; then
  ok "JSON: compression not computed, passed null"
else
  fail "JSON of a statistic not computed"; grep -o '"name":"compression"[^}]*' "$work/p.json"
fi

"$churn" --iid-seed 5 < /dev/null 2> "$work/usage.err"
rc=$?
if [ "$rc" = 10 ] && grep -q 'iid-seed applies to the sp800-90b-iid suite' "$work/usage.err"; then
  ok "--iid-seed without the suite: usage error"
else
  fail "--iid-seed without the suite: exit $rc"
fi
"$churn" --iid-all-statistics < /dev/null 2> "$work/usage3.err"
rc=$?
if [ "$rc" = 10 ] && grep -q 'iid-all-statistics applies to the sp800-90b-iid suite' "$work/usage3.err"; then
  ok "--iid-all-statistics without the suite: usage error"
else
  fail "--iid-all-statistics without the suite: exit $rc"
fi
"$churn" --suite sp800-90b-iid --iid-seed 0x10 < /dev/null 2> "$work/usage2.err"
rc=$?
if [ "$rc" = 10 ] && grep -q "invalid value for --iid-seed: '0x10'" "$work/usage2.err"; then
  ok "--iid-seed reads decimal only"
else
  fail "--iid-seed 0x10: exit $rc"
fi

finish_checks
echo "all passed"
