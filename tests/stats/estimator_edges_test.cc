// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B estimators at the edges where NIST's reference tool (commit 68ed165f) decides
// something particular: the compression estimate with exactly one block after its 1,000-block
// dictionary (one distance: infinite sample variance, p = 1, 0 bits) and below it (not
// applicable); samples wider than the stated width (refused). Deterministic inputs.

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "stats/estimators.h"

namespace churn::stats {
namespace {

std::vector<std::uint8_t> RandomBits(std::size_t n) {
  std::mt19937_64 rng(1001);
  std::vector<std::uint8_t> bits(n);
  for (auto& b : bits) b = static_cast<std::uint8_t>(rng() >> 63);
  return bits;
}

TEST(EstimatorEdgesTest, CompressionWithOneBlockPastTheDictionaryIsZero) {
  const EstimatorResult r = CompressionEstimate(RandomBits(6 * 1001));
  EXPECT_TRUE(r.applicable);
  EXPECT_EQ(r.min_entropy_bits, 0.0);
}

TEST(EstimatorEdgesTest, CompressionNeedsMoreThanTheDictionary) {
  EXPECT_FALSE(CompressionEstimate(RandomBits(6 * 1000 + 5)).applicable);
  const EstimatorResult two = CompressionEstimate(RandomBits(6 * 1002));
  EXPECT_TRUE(two.applicable);
}

TEST(EstimatorEdgesTest, SamplesWiderThanTheWidthAreRefused) {
  std::vector<std::uint8_t> s(2000, 3);
  s[1] = 2;
  s[777] = 16;  // five bits
  EstimatorReport r;
  EXPECT_EQ(EstimateMinEntropy(s, 4, &r), EstimatorErrc::kSampleOutOfRange);
  s[777] = 15;
  EXPECT_FALSE(EstimateMinEntropy(s, 4, &r));
}

}  // namespace
}  // namespace churn::stats
