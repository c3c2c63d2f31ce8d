// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Command line of churn-rngtest: rngtest's options plus input files and --json.
#ifndef CHURN_RNGTEST_RNGTEST_OPTIONS_H_
#define CHURN_RNGTEST_RNGTEST_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "rngtest/suite_options.h"

namespace churn::stats {

// Parsed once, then passed by const reference.
struct RngtestOptions {
  bool pipe_mode = false;                     // -p: echo passed blocks to stdout, no banner
  std::uint64_t block_count = 0;              // -c: stop after this many blocks; 0 = no limit
  std::uint64_t stats_every_blocks = 0;       // -b: dump statistics every n blocks; 0 = never
  std::chrono::seconds stats_interval{0};     // -t: dump statistics every n seconds; 0 = never
  bool json = false;                          // --json: summary as one JSON object on stdout
  std::vector<std::string> inputs;            // read in order as one stream; empty = stdin
  SuiteOptions suite;                         // --suite and friends (rngtest/suite_options.h)
};

// What the command line asks for.
enum class RngtestAction { kRun, kHelp, kUsage, kVersion };

// Parses argv (args[0] is the program name). On success fills `options` and `action`. On a
// usage error returns std::errc::invalid_argument and sets `message` to one line naming the
// problem (the caller prints it and exits with status 10). Numbers accept decimal, 0x hex
// and 0 octal, like rngtest's "%i", but trailing garbage is an error. Thread-compatible.
[[nodiscard]] std::error_code ParseRngtestOptions(std::span<const char* const> args,
                                                  RngtestOptions& options,
                                                  RngtestAction& action, std::string& message);

// The --help text: every option with its default.
[[nodiscard]] std::string RngtestHelpText();
// The --usage text.
[[nodiscard]] std::string RngtestUsageText();

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_RNGTEST_OPTIONS_H_
