// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-rngtest's command line (rngtest/rngtest_options.h, ParseRngtestOptions) over arbitrary
// arguments split at NUL bytes. Properties: no crash, no undefined behaviour (under UBSan),
// a usage error is one line, an accepted command line passes the suites' own validation and
// keeps --h-claim in (0, 8] and --bits-per-sample in 1..8 as --help documents.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rngtest/rngtest_options.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using churn::fuzz::Require;
  namespace stats = churn::stats;
  std::vector<std::string> args = churn::fuzz::SplitArgs(data, size, 32);
  std::vector<const char*> argv = {"churn-rngtest"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());

  stats::RngtestOptions options;
  stats::RngtestAction action = stats::RngtestAction::kRun;
  std::string message;
  const std::error_code ec = stats::ParseRngtestOptions(argv, options, action, message);
  if (ec) {
    // One line, unless the offending argument itself holds a newline (it is quoted as given).
    Require(!message.empty(), "a usage error has a message");
    Require(churn::fuzz::IsOneLine(message) || churn::fuzz::AnyHasNewline(args),
            "a usage error is one line");
    return 0;
  }
  if (action != stats::RngtestAction::kRun) return 0;
  std::string validation;
  Require(!stats::ValidateSuiteOptions(options.suite, validation),
          "an accepted command line passes ValidateSuiteOptions");
  Require(options.suite.h_claim_bits > 0.0 && options.suite.h_claim_bits <= 8.0,
          "--h-claim within (0, 8]");
  Require(options.suite.bits_per_sample >= 1 && options.suite.bits_per_sample <= 8,
          "--bits-per-sample within 1..8");
  Require(options.suite.estimate_bytes <= stats::kMaxEstimateBytes,
          "--estimate-bytes at most the documented maximum");
  return 0;
}
