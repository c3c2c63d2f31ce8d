// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The statistics churn-rngtest keeps and the text it prints: rngtest's stderr lines (same
// wording and order, so scripts that grep them keep working) and a JSON summary.
#ifndef CHURN_RNGTEST_RNGTEST_REPORT_H_
#define CHURN_RNGTEST_RNGTEST_REPORT_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "stats/fips140.h"

namespace churn::stats {

// Throughput over timed samples (one per read, per batch of tested blocks, per write).
// min/max are over the samples' rates; avg is total bits over total time, so
// min <= avg <= max always holds.
class RateStat {
 public:
  // Records `bits` moved in `elapsed`; a zero duration counts as 1 ns (clock granularity).
  void Add(std::uint64_t bits, std::chrono::nanoseconds elapsed);

  [[nodiscard]] bool empty() const { return samples_ == 0; }
  [[nodiscard]] double MinBitsPerSecond() const { return min_bps_; }
  [[nodiscard]] double MaxBitsPerSecond() const { return max_bps_; }
  [[nodiscard]] double AvgBitsPerSecond() const;

 private:
  std::uint64_t samples_ = 0;
  std::uint64_t total_bits_ = 0;
  std::uint64_t total_ns_ = 0;
  double min_bps_ = 0;
  double max_bps_ = 0;
};

struct RngtestStats {
  std::uint64_t bytes_received = 0;  // every byte read, seed and partial tail included
  std::uint64_t bytes_sent = 0;      // -p: bytes written to stdout
  std::uint64_t successes = 0;
  std::uint64_t failures = 0;
  std::array<std::uint64_t, kFips140TestCount> test_failures{};  // by Fips140Test
  std::uint64_t untested_trailing_bytes = 0;  // bytes after the last whole block
  RateStat input;
  RateStat fips;
  RateStat output;
};

// One rngtest-style rate line without prefix or newline:
// "input channel speed: (min=1.234; avg=2.345; max=3.456)Mibits/s".
[[nodiscard]] std::string FormatRateLine(std::string_view label, const RateStat& rate);

// The statistics dump, one line per item, each starting with `prefix` ("churn-rngtest: ").
// `pipe_mode` adds the "bits sent to output" and "output channel speed" lines.
[[nodiscard]] std::string FormatStatsDump(std::string_view prefix, const RngtestStats& stats,
                                          bool pipe_mode, std::chrono::microseconds run_time);

// The final summary as one JSON object and a newline. `exit_code` is what the program
// returns; `end` says why it stopped ("end of input", "block count", "signal", "error").
[[nodiscard]] std::string FormatJsonSummary(const RngtestStats& stats,
                                            std::chrono::microseconds run_time, int exit_code,
                                            std::string_view end);

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_RNGTEST_REPORT_H_
