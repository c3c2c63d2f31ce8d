// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Helpers shared by churn-rngtest's unit tests (the stats helpers come along).
#ifndef CHURN_TESTS_RNGTEST_RNGTEST_TEST_SUPPORT_H_
#define CHURN_TESTS_RNGTEST_RNGTEST_TEST_SUPPORT_H_

#include <initializer_list>
#include <string>
#include <system_error>
#include <vector>

#include "rngtest/rngtest_options.h"
#include "tests/stats/stats_test_support.h"

namespace churn::stats::test_support {

// ParseRngtestOptions on "churn-rngtest" followed by `args`.
struct Parsed {
  std::error_code ec;
  RngtestOptions options;
  RngtestAction action = RngtestAction::kRun;
  std::string message;
};

inline Parsed Parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv = {"churn-rngtest"};
  argv.insert(argv.end(), args.begin(), args.end());
  Parsed p;
  p.ec = ParseRngtestOptions(argv, p.options, p.action, p.message);
  return p;
}

}  // namespace churn::stats::test_support

#endif  // CHURN_TESTS_RNGTEST_RNGTEST_TEST_SUPPORT_H_
