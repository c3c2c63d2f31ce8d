// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// What churn-rngtest's suites report, interim or final, and its text and JSON
// forms. The JSON carries the same values as the text, at full precision.
#ifndef CHURN_RNGTEST_SUITE_REPORT_H_
#define CHURN_RNGTEST_SUITE_REPORT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "stats/ent.h"
#include "stats/estimators.h"
#include "stats/fips140.h"
#include "stats/iid_tests.h"
#include "stats/restart_test.h"
#include "stats/stream_health.h"
#include "rngtest/suite_options.h"
#include "stats/verdict.h"

namespace churn::stats {

// FIPS 140-2 counts at some point of the stream.
struct FipsCounts {
  std::uint64_t blocks = 0;
  std::uint64_t failures = 0;
  std::array<std::uint64_t, kFips140TestCount> test_failures{};
};

// One report. Which parts are filled follows the options it was built with.
struct SuiteSnapshot {
  bool final = false;
  std::uint64_t bytes = 0;  // bytes seen by the suites (every byte read)
  FipsCounts fips;
  std::string fips_json;  // final only: rngtest's JSON summary object, no newline
  EntReport ent;
  StreamHealthReport health;
  bool estimators_ran = false;
  std::uint64_t estimator_samples_requested = 0;
  std::uint64_t estimator_samples_available = 0;
  std::error_code estimator_error;  // set when they could not run
  // With kSampleOutOfRange: the first sample wider than --bits-per-sample (offset from the
  // start of the input, and its value).
  std::uint64_t estimator_wide_offset = 0;
  int estimator_wide_value = 0;
  EstimatorReport estimators;
  bool restart_ran = false;        // final only, with --restart-matrix
  std::error_code restart_error;   // why it could not run
  RestartReport restart;
  bool iid_ran = false;         // final only, with the sp800-90b-iid suite
  std::error_code iid_error;    // why it could not run
  IidReport iid;
  bool verdict_available = false;
  std::string verdict_note;  // why there is no verdict
  Verdict verdict;
  int exit_code = 0;  // final only
};

// The shortest input a verdict accepts from each suite (FIPS: one block).
// ent: the chi-square approximation wants 5 expected per byte value.
inline constexpr std::uint64_t kVerdictMinEntBytes = 5 * 256;
// SP 800-90B health: one whole APT window of 8-bit samples.
inline constexpr std::uint64_t kVerdictMinHealthBytes = 512;

// Fills snapshot.verdict (Holm over the selected suites' p-values: FIPS failed
// blocks, ent's five, the health tests) or, when the input is too short for a
// selected suite (the minimums above), verdict_available = false and a note.
void ComputeSuiteVerdict(const SuiteOptions& options, SuiteSnapshot& snapshot);

// Exit status for a verdict: 0 pass, 2 suspicious, 3 fail, 1 none.
[[nodiscard]] int VerdictExitCode(const SuiteSnapshot& snapshot);

// The final report for stderr: the ent block exactly as ent prints it, then
// one `prefix`ed line per further item.
[[nodiscard]] std::string FormatSuiteText(const SuiteOptions& options,
                                          const SuiteSnapshot& snapshot,
                                          std::string_view prefix);
// One interim report as one line (with newline) for stderr.
[[nodiscard]] std::string FormatProgressiveLine(const SuiteOptions& options,
                                                const SuiteSnapshot& snapshot,
                                                std::string_view prefix);
// The report as one JSON object on one line, with a newline.
[[nodiscard]] std::string FormatSuiteJson(const SuiteOptions& options,
                                          const SuiteSnapshot& snapshot);

// Shortest text that reads back as the same double, as used in the JSON;
// NaN and infinities are not JSON and become null.
[[nodiscard]] std::string JsonNumber(double value);

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_SUITE_REPORT_H_
