// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3 estimators against sources of known min-entropy and against
// direct (slow) transcriptions of the standard's formulas on small inputs.
// Tolerances are stated per test: each estimator is a 99% upper confidence
// bound on p_max, so on n samples it sits about 2.576 sqrt(p(1-p)/n) below
// the truth in probability, plus its own modelling bias.

#include "stats/estimators.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "tests/stats/stats_test_support.h"

namespace churn::stats {
namespace {

std::vector<std::uint8_t> Iid(std::size_t n, std::uint64_t seed, int bits) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> out(n);
  for (auto& s : out) s = static_cast<std::uint8_t>(rng() >> (64 - bits));
  return out;
}

std::vector<std::uint8_t> Bernoulli(std::size_t n, double p_one, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution d(p_one);
  std::vector<std::uint8_t> out(n);
  for (auto& s : out) s = d(rng) ? 1 : 0;
  return out;
}

double Get(const std::vector<EstimatorResult>& v, Estimator e) {
  for (const auto& r : v) {
    if (r.estimator == e) {
      EXPECT_TRUE(r.applicable) << EstimatorName(e);
      return r.min_entropy_bits;
    }
  }
  ADD_FAILURE() << "missing " << EstimatorName(e);
  return -1.0;
}

TEST(EstimatorsTest, AllEqualSamplesGiveZero) {
  std::vector<std::uint8_t> data(5000, 7);
  EstimatorReport r;
  ASSERT_FALSE(EstimateMinEntropy(data, 8, &r));
  EXPECT_EQ(r.min_entropy_bits, 0.0);
}

TEST(EstimatorsTest, TooFewSamplesIsAClearError) {
  std::vector<std::uint8_t> data(999, 1);
  EstimatorReport r;
  const std::error_code ec = EstimateMinEntropy(data, 8, &r);
  EXPECT_EQ(ec, EstimatorErrc::kTooFewSamples);
  EXPECT_NE(ec.message().find("1000"), std::string::npos);
  data.resize(1000);
  EXPECT_EQ(EstimateMinEntropy(data, 0, &r), EstimatorErrc::kBadBitsPerSample);
  EXPECT_EQ(EstimateMinEntropy(data, 9, &r), EstimatorErrc::kBadBitsPerSample);
  data[5] = 2;
  EXPECT_EQ(EstimateMinEntropy(data, 1, &r), EstimatorErrc::kSampleOutOfRange);
}

// Symbol 0 with p = 1/2, the other 255 values share the rest: H = 1 bit.
// MCV on 200,000 samples: p_u = 0.5 + 2.576 * sqrt(0.25 / 2e5) = 0.5029 ->
// 0.9917 bits; sampling noise adds 3 sd = 0.0034 in p. Tolerance 0.03 bits.
TEST(EstimatorsTest, BiasedSymbolSourceMatchesMinusLog2PMax) {
  std::mt19937_64 rng(61);
  std::vector<std::uint8_t> data(200000);
  for (auto& s : data) s = (rng() & 1) != 0 ? 0 : static_cast<std::uint8_t>(1 + rng() % 255);
  EstimatorReport r;
  ASSERT_FALSE(EstimateMinEntropy(data, 8, &r));
  EXPECT_NEAR(Get(r.original, Estimator::kMostCommonValue), 1.0, 0.03);
  EXPECT_NEAR(Get(r.original, Estimator::kTTuple), 1.0, 0.03);
  // The assessment is the minimum: at most the truth (plus noise), and the
  // bitstring view of this source cannot push it below half of it.
  EXPECT_LE(r.min_entropy_bits, 1.0 + 0.01);
  EXPECT_GE(r.min_entropy_bits, 0.5);
}

// Binary p(1) = 0.6: H = -log2(0.6) = 0.737 bits. On 400,000 samples the
// confidence bound costs 2.576 * sqrt(0.24 / 4e5) = 0.002 in p (0.005 bits).
TEST(EstimatorsTest, BinaryPointSixSource) {
  const auto data = Bernoulli(400000, 0.6, 62);
  const double truth = -std::log2(0.6);
  EstimatorReport r;
  ASSERT_FALSE(EstimateMinEntropy(data, 1, &r));
  EXPECT_TRUE(r.binary);
  EXPECT_TRUE(r.bitstring.empty());
  EXPECT_NEAR(Get(r.original, Estimator::kMostCommonValue), truth, 0.02);
  // Collision: E[t] = 2 + 2pq at p = 0.6; its CI on ~160,000 pieces is wider.
  EXPECT_NEAR(Get(r.original, Estimator::kCollision), truth, 0.04);
  // Markov of IID data: the all-ones sequence, 0.6^128, exactly H.
  EXPECT_NEAR(Get(r.original, Estimator::kMarkov), truth, 0.02);
  // Compression is known to under-estimate; bounded below by half the truth.
  const double compression = Get(r.original, Estimator::kCompression);
  EXPECT_LE(compression, truth + 0.02);
  EXPECT_GE(compression, 0.5 * truth);
  EXPECT_NEAR(Get(r.original, Estimator::kTTuple), truth, 0.03);
  // LRS measures collision entropy, p^W-tuple pairs -> (p^2 + q^2)^W, so its
  // centre is -log2(0.52) = 0.943; its longest tuples (few pairs) pull it down
  // towards min-entropy. Bounded by [H_min - 0.03, H_2 + 0.03].
  const double lrs = Get(r.original, Estimator::kLongestRepeatedSubstring);
  EXPECT_GE(lrs, truth - 0.03);
  EXPECT_LE(lrs, -std::log2(0.52) + 0.03);
  EXPECT_LE(r.min_entropy_bits, truth + 0.01);
}

// IID uniform bytes: the literal estimates are near 8 (MCV on 200,000
// samples: 2.576 sqrt(p/n) with p = 1/256 bounds it at about 7.75); the
// bitstring ones near 1 except compression, 90B's weakest (~0.85-0.9).
TEST(EstimatorsTest, UniformBytes) {
  const auto data = Iid(200000, 63, 8);
  EstimatorReport r;
  ASSERT_FALSE(EstimateMinEntropy(data, 8, &r));
  EXPECT_FALSE(r.binary);
  EXPECT_TRUE(r.below_standard_size);
  EXPECT_GT(Get(r.original, Estimator::kMostCommonValue), 7.6);
  EXPECT_GT(Get(r.original, Estimator::kTTuple), 7.6);
  EXPECT_GT(Get(r.original, Estimator::kLongestRepeatedSubstring), 7.6);
  for (const auto& b : r.bitstring) {
    EXPECT_TRUE(b.applicable) << EstimatorName(b.estimator);
    EXPECT_GT(b.min_entropy_bits, 0.75) << EstimatorName(b.estimator);
    EXPECT_LE(b.min_entropy_bits, 1.0) << EstimatorName(b.estimator);
  }
  EXPECT_GT(r.min_entropy_bits, 6.0);
  EXPECT_LE(r.min_entropy_bits, 8.0);
}

TEST(EstimatorsTest, FourBitSamplesUseFourBitsPerSample) {
  const auto data = Iid(100000, 64, 4);
  EstimatorReport r;
  ASSERT_FALSE(EstimateMinEntropy(data, 4, &r));
  // MCV alone gives 3.95 here; LRS's longest tuples pull H_original lower.
  EXPECT_GT(Get(r.original, Estimator::kMostCommonValue), 3.9);
  EXPECT_GT(r.h_original_bits, 3.5);
  EXPECT_LE(r.min_entropy_bits, 4.0);
  EXPECT_GT(r.min_entropy_bits, 3.0);
}

// 6.3.2: for a binary alphabet the standard's expected collision time equals
// 2 + 2p(1-p), the closed form the estimator inverts.
TEST(EstimatorsTest, CollisionClosedFormMatchesTheStandardsExpression) {
  for (double p : {0.5, 0.55, 0.6, 0.75, 0.9, 0.99}) {
    const double q = 1.0 - p;
    const double z = 1.0 / q;
    // F(1/z) = Gamma(3, z) z^-3 e^z with Gamma(3, z) = e^-z (z^2 + 2z + 2).
    const double f = (z * z + 2 * z + 2) / (z * z * z);
    const double standard = p / (q * q) * (1 + 0.5 * (1 / p - 1 / q)) * f -
                            p / q * 0.5 * (1 / p - 1 / q);
    EXPECT_NEAR(standard, 2 + 2 * p * q, 1e-12) << p;
  }
}

// 6.3.2 steps 1-3 as the standard writes them: from each start, the first sample that
// repeats an earlier one since that start ends a collision of t = (its index - start + 1),
// and the scan goes on after it. Returns {v, number of t = 3}; for bits every t is 2 or 3.
std::pair<std::uint64_t, std::uint64_t> LiteralCollisions(const std::vector<std::uint8_t>& s) {
  std::uint64_t v = 0;
  std::uint64_t threes = 0;
  std::size_t start = 0;
  while (start < s.size()) {
    std::vector<bool> seen(256, false);
    std::size_t j = start;
    for (; j < s.size() && !seen[s[j]]; ++j) seen[s[j]] = true;
    if (j == s.size()) break;  // no repeat before the end
    ++v;
    if (j - start + 1 == 3) ++threes;
    start = j + 1;
  }
  return {v, threes};
}

// The collision estimate depends on the collisions alone: any bitstring gives what a
// bitstring built with the same literal v and number of t = 3 gives ("00" and "010"
// pieces, then one bit that ends no collision). Every length from 2 to 40 bits, random
// bits and runs, so that the last collision falls at every place, the end included.
TEST(EstimatorsTest, CollisionCountsFollowTheStandardStepByStep) {
  std::mt19937_64 rng(632);
  for (std::size_t n = 2; n <= 40; ++n) {
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<std::uint8_t> bits(n);
      for (auto& b : bits) {
        b = static_cast<std::uint8_t>(trial % 2 == 0 ? rng() & 1 : rng() % 4 == 0);
      }
      const auto [v, threes] = LiteralCollisions(bits);
      std::vector<std::uint8_t> same;
      for (std::uint64_t k = 0; k < v - threes; ++k) same.insert(same.end(), {0, 0});
      for (std::uint64_t k = 0; k < threes; ++k) same.insert(same.end(), {0, 1, 0});
      same.push_back(1);
      SCOPED_TRACE(::testing::Message() << n << " bits, v = " << v << ", t = 3: " << threes);
      const EstimatorResult got = CollisionEstimate(bits);
      const EstimatorResult want = CollisionEstimate(same);
      EXPECT_EQ(got.applicable, want.applicable);
      EXPECT_EQ(got.min_entropy_bits, want.min_entropy_bits);
    }
  }
}

// 6.3.1 depends on the most common value's count and L alone: any input gives what an input
// of the same length and top count gives (value 7 that many times, then distinct values),
// at every length from 2 to 40 (inputs counted four samples at a time, then the rest).
TEST(EstimatorsTest, MostCommonValueCountsEverySample) {
  std::mt19937_64 rng(631);
  for (std::size_t n = 2; n <= 40; ++n) {
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<std::uint8_t> s(n);
      const auto alphabet = static_cast<std::uint64_t>(2 + trial % 5);
      for (auto& v : s) v = static_cast<std::uint8_t>(rng() % alphabet);
      std::vector<std::size_t> count(256, 0);
      for (const std::uint8_t v : s) ++count[v];
      const std::size_t top = *std::max_element(count.begin(), count.end());
      std::vector<std::uint8_t> same(top, 7);
      for (std::size_t k = top; k < n; ++k) same.push_back(static_cast<std::uint8_t>(100 + k));
      SCOPED_TRACE(::testing::Message() << n << " samples, top count " << top);
      EXPECT_EQ(MostCommonValueEstimate(s).min_entropy_bits,
                MostCommonValueEstimate(same).min_entropy_bits);
    }
  }
}

// 6.3.4 transcribed literally: the O(L^2) double sum G and a bisection.
double SlowCompression(const std::vector<std::uint8_t>& bits) {
  const std::int64_t blocks = static_cast<std::int64_t>(bits.size() / 6);
  const std::int64_t d = 1000;
  const double nu = static_cast<double>(blocks - d);
  std::vector<std::int64_t> dict(64, 0);
  std::vector<double> logs;
  for (std::int64_t i = 1; i <= blocks; ++i) {
    int v = 0;
    for (int b = 0; b < 6; ++b) v = v * 2 + bits[static_cast<std::size_t>((i - 1) * 6 + b)];
    auto& slot = dict[static_cast<std::size_t>(v)];
    if (i > d) logs.push_back(std::log2(static_cast<double>(slot != 0 ? i - slot : i)));
    slot = i;
  }
  double sum = 0, sum_sq = 0;
  for (double l : logs) {
    sum += l;
    sum_sq += l * l;
  }
  const double mean = sum / nu;
  const double sd = 0.5907 * std::sqrt(sum_sq / (nu - 1) - mean * mean);
  const double x = mean - 2.576 * sd / std::sqrt(nu);
  auto g = [&](double z) {
    double total = 0;
    for (std::int64_t t = d + 1; t <= blocks; ++t) {
      for (std::int64_t u = 1; u <= t; ++u) {
        const double f = u < t ? z * z * std::pow(1 - z, static_cast<double>(u - 1))
                               : z * std::pow(1 - z, static_cast<double>(t - 1));
        total += std::log2(static_cast<double>(u)) * f;
      }
    }
    return total / nu;
  };
  auto expected = [&](double p) { return g(p) + 63 * g((1 - p) / 63); };
  double lo = 1.0 / 64, hi = 1.0;
  if (x >= expected(lo)) return 1.0;
  for (int i = 0; i < 40; ++i) {
    const double mid = (lo + hi) / 2;
    (expected(mid) > x ? lo : hi) = mid;
  }
  return -std::log2((lo + hi) / 2) / 6;
}

TEST(EstimatorsTest, CompressionMatchesTheLiteralFormula) {
  for (double p_one : {0.5, 0.7}) {
    const auto bits = Bernoulli(6 * 1400, p_one, 65);
    const EstimatorResult fast = CompressionEstimate(bits);
    ASSERT_TRUE(fast.applicable);
    EXPECT_NEAR(fast.min_entropy_bits, SlowCompression(bits), 1e-6) << p_one;
  }
}

TEST(EstimatorsTest, TupleAndLrsMatchTheLiteralFormula) {
  std::vector<std::vector<std::uint8_t>> inputs = {Iid(3000, 66, 2), Iid(3000, 67, 1),
                                                   Iid(2000, 68, 8)};
  std::vector<std::uint8_t> periodic;  // long repeats: stresses the LCP machinery
  for (int i = 0; i < 3000; ++i) periodic.push_back(static_cast<std::uint8_t>((i % 37) % 5));
  periodic[1500] = 9;
  inputs.push_back(periodic);
  // Bytes up to 255 with a 200-byte repeat: the suffix array over a text of 32-bit symbols
  // (the one above has 1-byte symbols).
  std::vector<std::uint8_t> wide = Iid(3000, 69, 8);
  wide[10] = 255;
  for (std::size_t i = 0; i < 200; ++i) wide[2000 + i] = wide[i];
  inputs.push_back(wide);
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    test_support::ExpectTupleMatchesLiteral(inputs[k], "input " + std::to_string(k),
                                            /*longest_repeat=*/true);
  }
}

// The last positions of the data are shorter than the sort keys and are counted apart; here
// they repeat each other and earlier data. 8-bit samples: a 20-byte repeat and a last 26
// alternating between two values (repeats of 8 to 31 bytes: the deep path), and a 6-byte
// repeat at the end (one window); bits whose last 60 repeat a 6-bit pattern.
TEST(EstimatorsTest, TupleAndLrsMatchTheLiteralFormulaWhenTheTailRepeats) {
  std::vector<std::vector<std::uint8_t>> inputs;
  std::vector<std::uint8_t> deep = Iid(2000, 70, 8);
  for (std::size_t i = 0; i < 20; ++i) deep[500 + i] = deep[100 + i];
  for (std::size_t i = deep.size() - 26; i < deep.size(); ++i) deep[i] = i % 2 == 0 ? 3 : 5;
  inputs.push_back(deep);
  std::vector<std::uint8_t> shallow = Iid(2000, 72, 8);
  for (std::size_t i = 0; i < 6; ++i) {
    shallow[500 + i] = shallow[100 + i];
    shallow[shallow.size() - 6 + i] = shallow[100 + i];
  }
  inputs.push_back(shallow);
  std::vector<std::uint8_t> bits = Iid(3000, 71, 1);
  for (std::size_t i = bits.size() - 60; i < bits.size(); ++i) bits[i] = (i % 6) < 2 ? 1 : 0;
  inputs.push_back(bits);
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    test_support::ExpectTupleMatchesLiteral(inputs[k], "input " + std::to_string(k),
                                            /*longest_repeat=*/true);
  }
}

// Bitstrings have a path of their own (the bits packed, every position sorted by up to 256
// bits): runs of equal 64-bit windows from repeats of 100 and 200 bits, the last 80 bits a
// repeat, a string repeated three times whose order depends on its third window, biased bits
// that crowd the radix buckets, a 300-bit repeat (the suffix array instead), and inputs
// shorter than one window.
TEST(EstimatorsTest, TupleAndLrsOnBitsMatchTheLiteralFormula) {
  std::vector<std::vector<std::uint8_t>> inputs;
  std::vector<std::uint8_t> deep = Iid(3000, 73, 1);
  for (std::size_t i = 0; i < 100; ++i) deep[1000 + i] = deep[200 + i];
  for (std::size_t i = 0; i < 200; ++i) deep[2200 + i] = deep[1500 + i];
  for (std::size_t i = 0; i < 80; ++i) deep[deep.size() - 80 + i] = deep[600 + i];
  inputs.push_back(deep);
  // One 150-bit string three times, the first and last followed by the same 30 bits and the
  // middle one by other bits: only sorting by the bits past the first window puts the first
  // and last next to each other (180 shared bits).
  std::vector<std::uint8_t> triple = Iid(3000, 77, 1);
  for (std::size_t i = 0; i < 180; ++i) triple[2000 + i] = triple[100 + i];
  for (std::size_t i = 0; i < 150; ++i) triple[1000 + i] = triple[100 + i];
  triple[1150] = static_cast<std::uint8_t>(1 - triple[250]);
  inputs.push_back(triple);
  inputs.push_back(Bernoulli(4000, 0.85, 74));
  std::vector<std::uint8_t> beyond = Iid(2000, 75, 1);
  for (std::size_t i = 0; i < 300; ++i) beyond[1500 + i] = beyond[100 + i];
  inputs.push_back(beyond);
  inputs.push_back(Iid(40, 76, 1));
  inputs.push_back({1, 0});
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    test_support::ExpectTupleMatchesLiteral(inputs[k], "input " + std::to_string(k),
                                            /*longest_repeat=*/true);
  }
}

TEST(EstimatorsTest, MarkovSeesADeterministicAlternation) {
  std::vector<std::uint8_t> bits(10000);
  for (std::size_t i = 0; i < bits.size(); ++i) bits[i] = static_cast<std::uint8_t>(i & 1);
  const EstimatorResult r = MarkovEstimate(bits);
  ASSERT_TRUE(r.applicable);
  EXPECT_LT(r.min_entropy_bits, 0.01);  // MCV would say 1 bit
  EXPECT_GT(MostCommonValueEstimate(bits).min_entropy_bits, 0.9);
}

}  // namespace
}  // namespace churn::stats
