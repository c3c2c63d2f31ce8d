// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 3.1.4 restart test on 320 x 320 matrices (90B's is 1000 x 1000; the statistics
// are the same): an IID matrix passes, one whose rows all start alike fails the sanity check.
// False-failure budget of the IID case: the sanity check's alpha is at most 1% by
// construction (1 - 0.99^(1/(r+c)) per row or column, union-bounded over the values), the
// seed is fixed, so the test is deterministic.

#include "stats/restart_test.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/stats/sample_sources.h"

namespace churn::stats {
namespace {

constexpr int kSide = 320;

TEST(RestartTest, IidMatrixPasses) {
  const auto m = test_support::GenerateSource("uniform", kSide * kSide, 11);
  RestartReport r;
  ASSERT_FALSE(RestartTest(m, kSide, kSide, 8, 7.0, &r));
  EXPECT_TRUE(r.sanity_passed) << "F " << r.max_frequency << " U " << r.cutoff;
  EXPECT_GT(r.by_rows.min_entropy_bits, 6.0);
  EXPECT_GT(r.by_cols.min_entropy_bits, 6.0);
  EXPECT_TRUE(r.passed);
  EXPECT_DOUBLE_EQ(r.min_entropy_bits, std::min({7.0, r.by_rows.min_entropy_bits,
                                                 r.by_cols.min_entropy_bits}));
}

TEST(RestartTest, RowsThatAllStartAlikeFail) {
  auto m = test_support::GenerateSource("uniform", kSide * kSide, 12);
  // The first 8 samples after every restart are the same: those columns are constant.
  for (int i = 0; i < kSide; ++i) {
    for (int j = 0; j < 8; ++j) m[static_cast<std::size_t>(i * kSide + j)] = static_cast<std::uint8_t>(j);
  }
  RestartReport r;
  ASSERT_FALSE(RestartTest(m, kSide, kSide, 8, 7.0, &r));
  EXPECT_EQ(r.max_frequency, static_cast<std::uint64_t>(kSide));
  EXPECT_FALSE(r.sanity_passed);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.min_entropy_bits, 0.0);
}

TEST(RestartTest, LowColumnEntropyFailsValidation) {
  // Each column is a slow walk across restarts while rows look random: H_c << H_I / 2.
  const auto walk = test_support::GenerateSource("walk", kSide * kSide, 13);
  std::vector<std::uint8_t> m(walk.size());
  for (int i = 0; i < kSide; ++i) {
    for (int j = 0; j < kSide; ++j) {
      // Column j holds a stretch of the walk: transposed placement.
      m[static_cast<std::size_t>(i * kSide + j)] = walk[static_cast<std::size_t>(j * kSide + i)];
    }
  }
  RestartReport r;
  ASSERT_FALSE(RestartTest(m, kSide, kSide, 8, 7.0, &r));
  EXPECT_LT(r.by_cols.min_entropy_bits, 3.5);
  EXPECT_FALSE(r.passed);
}

// The cutoffs NIST's reference tool printed (SP800-90B_EntropyAssessment commit 68ed165f,
// `ea_restart -v FILE BITS H_I` on 1,000,000 bytes from /dev/urandom, masked to BITS bits:
// "ALPHA: 5.0251553006530614e-06, X_cutoff: U"). The tool finds U by simulating 5,000,000
// rows of its worst-case distribution; churn computes a union bound over the same worst case
// (a simulated quantile could land one off at a boundary; none of these does).
TEST(RestartTest, SanityCutoffIsNistsFor1000By1000) {
  struct Vector {
    int bits;
    double h_initial;
    std::uint64_t nist_cutoff;
  };
  for (const Vector& v : {Vector{8, 1.0, 572}, Vector{8, 4.0, 104}, Vector{8, 7.0, 27},
                          Vector{8, 7.357222, 23}, Vector{1, 0.9, 605},
                          Vector{1, 0.5, 769}}) {
    EXPECT_EQ(RestartSanityCutoff(1000, 1000, v.h_initial), v.nist_cutoff)
        << v.bits << " bits, H_I " << v.h_initial;
  }
}

// Uniform bytes hold 256 values that each may reach the maximum: the cutoff must leave room
// for the largest of them, not for one value's count alone. On 400 x 400 RDRAND bytes with
// H_I 7.357222 a row's most frequent value reached 12 (a one-value binomial bound gave 11).
TEST(RestartTest, SanityCutoffCoversTheMaximumOverAllValues) {
  EXPECT_GE(RestartSanityCutoff(400, 400, 7.357222), 13u);
}

TEST(RestartTest, TooSmallOrShortInputIsAnError) {
  const std::vector<std::uint8_t> m(999, 1);
  RestartReport r;
  EXPECT_EQ(RestartTest(m, 27, 37, 8, 1.0, &r), EstimatorErrc::kTooFewSamples);
  EXPECT_EQ(RestartTest(m, 100, 100, 8, 1.0, &r), EstimatorErrc::kTooFewSamples);
}

}  // namespace
}  // namespace churn::stats
