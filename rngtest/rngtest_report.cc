// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "rngtest/rngtest_report.h"

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>

namespace churn::stats {
namespace {

[[gnu::format(printf, 1, 2)]] std::string Printf(const char* format, ...) {
  char buf[256];
  std::va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return std::string(buf, n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n),
                                                              sizeof buf - 1));
}

std::string JsonRate(const RateStat& r) {
  return Printf("{\"min\":%.3f,\"avg\":%.3f,\"max\":%.3f}", r.MinBitsPerSecond(),
                r.AvgBitsPerSecond(), r.MaxBitsPerSecond());
}

}  // namespace

void RateStat::Add(std::uint64_t bits, std::chrono::nanoseconds elapsed) {
  const std::uint64_t ns =
      elapsed.count() > 0 ? static_cast<std::uint64_t>(elapsed.count()) : std::uint64_t{1};
  const double bps = static_cast<double>(bits) * 1e9 / static_cast<double>(ns);
  if (samples_ == 0 || bps < min_bps_) min_bps_ = bps;
  if (samples_ == 0 || bps > max_bps_) max_bps_ = bps;
  ++samples_;
  total_bits_ += bits;
  total_ns_ += ns;
}

double RateStat::AvgBitsPerSecond() const {
  if (samples_ == 0) return 0;
  const double avg = static_cast<double>(total_bits_) * 1e9 / static_cast<double>(total_ns_);
  // The time-weighted mean of the sample rates lies between them; clamp the last ulp.
  return std::clamp(avg, min_bps_, max_bps_);
}

std::string FormatRateLine(std::string_view label, const RateStat& rate) {
  double lo = rate.MinBitsPerSecond();
  double avg = rate.AvgBitsPerSecond();
  double hi = rate.MaxBitsPerSecond();
  // rngtest's scaling: divide all three by 1024 while all three are at least 1024.
  static constexpr char kMultipliers[] = "KMGTPE";
  std::size_t mult = 0;
  while (lo >= 1024.0 && avg >= 1024.0 && hi >= 1024.0 && mult + 1 < sizeof kMultipliers) {
    lo /= 1024.0;
    avg /= 1024.0;
    hi /= 1024.0;
    ++mult;
  }
  const std::string unit =
      mult == 0 ? std::string("bits") : std::string(1, kMultipliers[mult - 1]) + "ibits";
  return std::string(label) + Printf(": (min=%.3f; avg=%.3f; max=%.3f)", lo, avg, hi) + unit +
         "/s";
}

std::string FormatStatsDump(std::string_view prefix, const RngtestStats& stats, bool pipe_mode,
                            std::chrono::microseconds run_time) {
  std::string out;
  auto line = [&out, prefix](std::string_view text) {
    out.append(prefix);
    out.append(text);
    out.push_back('\n');
  };
  auto counter = [&line](std::string_view label, std::uint64_t value) {
    line(std::string(label) + Printf(": %" PRIu64, value));
  };
  counter("bits received from input", stats.bytes_received * 8);
  if (pipe_mode) counter("bits sent to output", stats.bytes_sent * 8);
  counter("FIPS 140-2 successes", stats.successes);
  counter("FIPS 140-2 failures", stats.failures);
  for (Fips140Test t : kAllFips140Tests) {
    counter("FIPS 140-2(2001-10-10) " + std::string(Fips140TestName(t)),
            stats.test_failures[static_cast<std::size_t>(t)]);
  }
  line(FormatRateLine("input channel speed", stats.input));
  line(FormatRateLine("FIPS tests speed", stats.fips));
  if (pipe_mode) line(FormatRateLine("output channel speed", stats.output));
  line(Printf("Program run time: %" PRIu64 " microseconds",
              static_cast<std::uint64_t>(std::max<std::int64_t>(run_time.count(), 0))));
  return out;
}

std::string FormatJsonSummary(const RngtestStats& stats, std::chrono::microseconds run_time,
                              int exit_code, std::string_view end) {
  std::string out = "{";
  out += Printf("\"bits_received\":%" PRIu64 ",", stats.bytes_received * 8);
  out += Printf("\"successes\":%" PRIu64 ",\"failures\":%" PRIu64 ",", stats.successes,
                stats.failures);
  out += "\"failures_by_test\":{";
  static constexpr const char* kKeys[] = {"monobit", "poker", "runs", "long_run",
                                          "continuous_run"};
  for (std::size_t i = 0; i < kFips140TestCount; ++i) {
    out += Printf("%s\"%s\":%" PRIu64, i == 0 ? "" : ",", kKeys[i], stats.test_failures[i]);
  }
  out += "},";
  out += Printf("\"untested_trailing_bytes\":%" PRIu64 ",", stats.untested_trailing_bytes);
  out += "\"input_bits_per_second\":" + JsonRate(stats.input) + ",";
  out += "\"fips_bits_per_second\":" + JsonRate(stats.fips) + ",";
  out += Printf("\"run_time_us\":%" PRId64 ",", static_cast<std::int64_t>(run_time.count()));
  out += "\"end\":\"" + std::string(end) + "\",";
  out += Printf("\"exit_code\":%d}\n", exit_code);
  return out;
}

}  // namespace churn::stats
