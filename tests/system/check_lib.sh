# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
# shellcheck shell=bash
# Shared by the system tests that check many cases and report each (sourced): a scratch
# directory `$work` removed on exit, one line per case (`ok   ...` or `FAIL ...`), and
# `finish_checks`, which exits 1 when any case failed and returns otherwise.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }
finish_checks() { [ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }; }
