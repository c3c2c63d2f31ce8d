#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# churn-rngtest --restart-matrix (SP 800-90B 3.1.4) as a whole binary: a 400 x 400 matrix of
# IID bytes passes; one whose rows all start with the same 10 samples
# fails the sanity check; the JSON carries the same figures.
#
#   rngtest_restart.sh CHURN_RNGTEST CHURN_90B_GEN
set -uo pipefail

churn=$1
gen=$2
# shellcheck source=tests/system/check_lib.sh
. "$(dirname "$0")/check_lib.sh"

"$gen" uniform 160000 21 > "$work/iid"
# Every restart begins with the same 10 samples, then 390 IID ones.
"$gen" uniform 10 22 > "$work/start"
for i in $(seq 400); do cat "$work/start"; "$gen" uniform 390 $((100 + i)); done > "$work/alike"

"$churn" --suite sp800-90b --estimate-bytes 160000 --restart-matrix 400x400 "$work/iid" \
  2> "$work/iid.err" > /dev/null
if grep -q '^churn-rngtest: SP 800-90B 3.1.4 restart test 400x400: sanity check pass .*: pass, min-entropy' \
    "$work/iid.err"; then
  ok "IID matrix passes"
else
  fail "IID matrix"; grep 'restart' "$work/iid.err"
fi
"$churn" --suite sp800-90b --estimate-bytes 160000 --restart-matrix 400x400 --json \
  "$work/alike" 2> "$work/alike.err" > "$work/alike.json"
if grep -q 'restart test 400x400: sanity check FAIL (most frequent value 400 times' \
    "$work/alike.err" &&
   grep -q '"restart":{"rows":400,"cols":400,"ran":true,.*"sanity_passed":false,.*"passed":false' \
    "$work/alike.json"; then
  ok "rows that all start alike fail"
else
  fail "rows that all start alike"; grep 'restart' "$work/alike.err"
fi
"$churn" --restart-matrix 400x400 < /dev/null 2> "$work/usage.err"
rc=$?
if [ "$rc" = 10 ] && grep -q 'apply to the sp800-90b suite' "$work/usage.err"; then
  ok "--restart-matrix without the sp800-90b suite: usage error"
else
  fail "--restart-matrix without the suite: exit $rc"
fi

finish_checks
echo "all passed"
