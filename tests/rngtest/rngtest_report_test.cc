// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "rngtest/rngtest_report.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace churn::stats {
namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;

TEST(RngtestReportTest, EmptyRateLineMatchesRngtest) {
  EXPECT_EQ(FormatRateLine("input channel speed", RateStat{}),
            "input channel speed: (min=0.000; avg=0.000; max=0.000)bits/s");
}

TEST(RngtestReportTest, RatesScaleBy1024WhileAllThreeAllowIt) {
  RateStat r;
  r.Add(20000, nanoseconds(1000000));  // 20,000,000 bits/s
  r.Add(20000, nanoseconds(500000));   // 40,000,000 bits/s
  // avg = 40000 bits / 1.5 ms = 26,666,666.67 bits/s; all three in Mibits.
  EXPECT_EQ(FormatRateLine("x", r), "x: (min=19.073; avg=25.431; max=38.147)Mibits/s");
  RateStat mixed;
  mixed.Add(8, nanoseconds(1000000000));  // 8 bits/s keeps the whole line in bits
  mixed.Add(8000000, nanoseconds(1000000000));
  EXPECT_NE(FormatRateLine("x", mixed).find(")bits/s"), std::string::npos);
}

TEST(RngtestReportTest, AverageIsTheTimeWeightedRate) {
  // 1000 bits in 1 us (1e9 bit/s) and 1000 bits in 3 us (3.33e8 bit/s): rngtest's average is
  // all bits over all time, 2000 bits / 4 us = 5e8 bit/s, not the mean of the rates (6.67e8).
  RateStat r;
  r.Add(1000, nanoseconds(1000));
  r.Add(1000, nanoseconds(3000));
  EXPECT_DOUBLE_EQ(r.MinBitsPerSecond(), 1000 * 1e9 / 3000);
  EXPECT_DOUBLE_EQ(r.MaxBitsPerSecond(), 1e9);
  EXPECT_DOUBLE_EQ(r.AvgBitsPerSecond(), 5e8);
}

TEST(RngtestReportTest, AverageOfEqualRatesIsThatRateToTheLastUlp) {
  // Two reads at exactly the same rate, b/n = 2b/2n. Computed from the totals, 3b * 1e9 / 3n
  // rounds one ulp below b * 1e9 / n (33017090529486728 vs ...732): without the clamp the
  // average would lie outside [min, max] and the report would print avg < min.
  constexpr std::uint64_t kBits = 1606248437169;
  constexpr std::int64_t kNs = 48649;
  RateStat r;
  r.Add(kBits, nanoseconds(kNs));
  r.Add(2 * kBits, nanoseconds(2 * kNs));
  ASSERT_EQ(r.MinBitsPerSecond(), r.MaxBitsPerSecond());
  EXPECT_EQ(r.AvgBitsPerSecond(), r.MinBitsPerSecond());
}

TEST(RngtestReportTest, ZeroDurationCountsAsOneNanosecond) {
  RateStat r;
  r.Add(5, nanoseconds(0));
  EXPECT_DOUBLE_EQ(r.MaxBitsPerSecond(), 5e9);
  EXPECT_DOUBLE_EQ(r.AvgBitsPerSecond(), 5e9);
}

TEST(RngtestReportTest, StatsDumpLinesAndOrder) {
  RngtestStats s;
  s.bytes_received = 2508;
  s.bytes_sent = 2500;
  s.successes = 1;
  s.failures = 2;
  s.test_failures = {1, 2, 0, 1, 0};
  const std::string pipe = FormatStatsDump("p: ", s, true, microseconds(42));
  EXPECT_EQ(pipe,
            "p: bits received from input: 20064\n"
            "p: bits sent to output: 20000\n"
            "p: FIPS 140-2 successes: 1\n"
            "p: FIPS 140-2 failures: 2\n"
            "p: FIPS 140-2(2001-10-10) Monobit: 1\n"
            "p: FIPS 140-2(2001-10-10) Poker: 2\n"
            "p: FIPS 140-2(2001-10-10) Runs: 0\n"
            "p: FIPS 140-2(2001-10-10) Long run: 1\n"
            "p: FIPS 140-2(2001-10-10) Continuous run: 0\n"
            "p: input channel speed: (min=0.000; avg=0.000; max=0.000)bits/s\n"
            "p: FIPS tests speed: (min=0.000; avg=0.000; max=0.000)bits/s\n"
            "p: output channel speed: (min=0.000; avg=0.000; max=0.000)bits/s\n"
            "p: Program run time: 42 microseconds\n");
  const std::string plain = FormatStatsDump("p: ", s, false, microseconds(42));
  EXPECT_EQ(plain.find("bits sent"), std::string::npos);
  EXPECT_EQ(plain.find("output channel"), std::string::npos);
}

TEST(RngtestReportTest, JsonSummaryHasEveryCount) {
  RngtestStats s;
  s.bytes_received = 10;
  s.successes = 3;
  s.failures = 4;
  s.test_failures = {5, 6, 7, 8, 9};
  s.untested_trailing_bytes = 6;
  const std::string json = FormatJsonSummary(s, microseconds(7), 1, "end of input");
  for (const char* part :
       {"\"bits_received\":80", "\"successes\":3", "\"failures\":4", "\"monobit\":5",
        "\"poker\":6", "\"runs\":7", "\"long_run\":8", "\"continuous_run\":9",
        "\"untested_trailing_bytes\":6", "\"run_time_us\":7", "\"end\":\"end of input\"",
        "\"exit_code\":1"}) {
    EXPECT_NE(json.find(part), std::string::npos) << part << " in " << json;
  }
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.substr(json.size() - 2), "}\n");
}

}  // namespace
}  // namespace churn::stats
