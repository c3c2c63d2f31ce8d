// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "stats/health_tests.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace churn::stats {
namespace {

// Independent CRITBINOM: sums the CDF upwards in long double with the pmf recurrence
// pmf(k+1) = pmf(k) * (n-k)/(k+1) * p/(1-p); the library sums the upper tail in log-space.
int ReferenceCritBinom(int n, long double p, long double alpha) {
  long double pmf = std::pow(1.0L - p, static_cast<long double>(n));
  long double cdf = pmf;
  int k = 0;
  while (cdf < 1.0L - alpha && k < n) {
    pmf *= static_cast<long double>(n - k) / static_cast<long double>(k + 1) * p / (1.0L - p);
    cdf += pmf;
    ++k;
  }
  return k;
}

// --h-claim accepts any claim above 0: 1e-9 bits makes 1 + ceil(20 / H) = 2e10, which does
// not fit an int (converting it was undefined behaviour, found by tests/fuzz/suites_fuzz).
TEST(HealthTestsTest, TinyClaimGetsTheLargestCutoffInsteadOfOverflowing) {
  EXPECT_EQ(RepetitionCountCutoff(1e-9), std::numeric_limits<int>::max());
  const HealthTests tests(1e-9, /*binary=*/false);
  (void)tests;
}

TEST(HealthTestsTest, RepetitionCountCutoffIsOnePlusCeilTwentyOverH) {
  for (const double h : {0.05, 0.125, 0.5, 1.0, 2.0, 3.0, 4.0, 7.5, 8.0, 32.0}) {
    EXPECT_EQ(RepetitionCountCutoff(h), 1 + static_cast<int>(std::ceil(20.0 / h))) << h;
  }
  EXPECT_EQ(RepetitionCountCutoff(1.0), 21);  // SP 800-90B 4.4.1's example
  EXPECT_EQ(RepetitionCountCutoff(8.0), 4);
}

TEST(HealthTestsTest, AdaptiveProportionCutoffMatchesIndependentBinomial) {
  const long double alpha = std::pow(2.0L, -20.0L);
  for (const int window : {kAptWindowNonBinary, kAptWindowBinary}) {
    for (const double h : {0.2, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0}) {
      const int expected =
          1 + ReferenceCritBinom(window, std::pow(2.0L, static_cast<long double>(-h)), alpha);
      EXPECT_EQ(AdaptiveProportionCutoff(h, window), std::max(2, std::min(expected, window)))
          << "H=" << h << " W=" << window;
    }
  }
}

TEST(HealthTestsTest, AdaptiveProportionCutoffMatchesStandardTable) {
  // SP 800-90B Table 2 (W = 512, alpha = 2^-20).
  EXPECT_EQ(AdaptiveProportionCutoff(0.5, 512), 410);
  EXPECT_EQ(AdaptiveProportionCutoff(1.0, 512), 311);
  EXPECT_EQ(AdaptiveProportionCutoff(2.0, 512), 177);
  EXPECT_EQ(AdaptiveProportionCutoff(4.0, 512), 62);
  EXPECT_EQ(AdaptiveProportionCutoff(8.0, 512), 13);
}

TEST(HealthTestsTest, AdaptiveProportionCutoffNeverLetsTheFirstSampleFailAlone) {
  EXPECT_EQ(AdaptiveProportionCutoff(32.0, 512), 2);
  EXPECT_EQ(AdaptiveProportionCutoff(64.0, 512), 2);
}

TEST(HealthTestsTest, BinomialCriticalValueHandlesLargeTrials) {
  const int k = BinomialCriticalValue(1000000, 0.5, -20.0);
  // Normal approximation: mean 500000, sd 500, z(1 - 2^-20) ~ 4.76.
  EXPECT_NEAR(k, 500000 + 4.76 * 500, 30);
}

TEST(HealthTestsTest, RepetitionCountFailsExactlyAtCutoff) {
  RepetitionCountTest rct(RepetitionCountCutoff(4.0));  // C = 6
  ASSERT_EQ(rct.cutoff(), 6);
  EXPECT_TRUE(rct.Feed(1));
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(rct.Feed(7));  // a different value, 4 times
  for (int i = 1; i < 6; ++i) EXPECT_TRUE(rct.Feed(9)) << i;  // 5 in a row pass
  EXPECT_FALSE(rct.Feed(9));                                    // the 6th fails
}

TEST(HealthTestsTest, AdaptiveProportionFailsExactlyAtCutoff) {
  AdaptiveProportionTest apt(512, AdaptiveProportionCutoff(4.0, 512));  // C = 62
  ASSERT_EQ(apt.cutoff(), 62);
  // First window: 61 occurrences of the first value then distinct values: passes.
  std::uint64_t other = 1000;
  int fed = 0;
  for (int i = 0; i < 61; ++i, ++fed) {
    EXPECT_TRUE(apt.Feed(5));
    EXPECT_TRUE(apt.Feed(other++));
    ++fed;
  }
  while (fed < 512) {
    EXPECT_TRUE(apt.Feed(other++));
    ++fed;
  }
  // Second window: the 62nd occurrence fails.
  for (int i = 0; i < 61; ++i) {
    EXPECT_TRUE(apt.Feed(5)) << i;
    EXPECT_TRUE(apt.Feed(other++));
  }
  EXPECT_FALSE(apt.Feed(5));
}

TEST(HealthTestsTest, CombinedReportsWhichTestFailed) {
  HealthTests stuck(8.0, false);
  EXPECT_EQ(stuck.Feed(3), HealthResult::kPass);
  EXPECT_EQ(stuck.Feed(3), HealthResult::kPass);
  EXPECT_EQ(stuck.Feed(3), HealthResult::kPass);
  EXPECT_EQ(stuck.Feed(3), HealthResult::kRepetitionCountFailure);  // C = 4

  HealthTests biased(8.0, false);  // APT C = 13, RCT C = 4: alternate so no run reaches 4
  HealthResult last = HealthResult::kPass;
  int fed = 0;
  for (std::uint64_t i = 0; last == HealthResult::kPass && fed < 512; ++i) {
    last = biased.Feed(i % 2 == 0 ? 42 : 1000 + i);
    ++fed;
  }
  EXPECT_EQ(last, HealthResult::kAdaptiveProportionFailure);
  EXPECT_EQ(fed, 2 * 12 + 1);  // the 13th occurrence of 42 is sample 25
}

}  // namespace
}  // namespace churn::stats
