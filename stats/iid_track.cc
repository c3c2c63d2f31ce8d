// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 5.2.3 (the longest repeated substring test) and the IID track's verdict.
//
// LRS test: with P_col = sum p_i^2 the chance that two given W-long strings of an IID
// source are equal is P_col^W, so among the C(L - W + 1, 2) pairs of W-long substrings at
// least one repeat has probability Pr(X >= 1) = 1 - (1 - P_col^W)^N. A longest repeat W
// so long that this falls below 0.001 rejects the IID assumption. The power is taken as
// exp(N log1p(-P_col^W)) in long double: P_col^W can be far below the double epsilon.
// Data of one value (P_col = 1) repeats at every length: Pr(X >= 1) = 1.
//
// The verdict (5, opening): the data is taken as IID only when the chi-square tests, the
// LRS test and all 19 permutation statistics pass. Then the entropy is assessed with the
// most common value estimate alone (6.3.1; 3.1.3 for the bitstring). Ideal data is wrongly
// rejected with probability at most 2.3 % (permutations) + 0.2 % (chi-square) + 0.1 % (LRS).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "stats/estimators.h"
#include "stats/iid_tests.h"

namespace churn::stats {

LrsTestResult LongestRepeatedSubstringTest(std::span<const std::uint8_t> samples) {
  LrsTestResult r;
  if (samples.size() < 2) return r;
  std::uint64_t counts[256] = {};
  for (const std::uint8_t b : samples) ++counts[b];
  const auto n = static_cast<long double>(samples.size());
  long double p_col = 0.0L;
  for (const std::uint64_t c : counts) {
    const long double p = static_cast<long double>(c) / n;
    p_col += p * p;
  }
  r.p_col = static_cast<double>(p_col);
  r.longest_repeat = LongestRepeatedSubstringLength(samples);
  if (p_col > 1.0L - std::numeric_limits<long double>::epsilon()) return r;
  const std::uint64_t m = samples.size() - r.longest_repeat + 1;
  const long double pairs = static_cast<long double>(m) * static_cast<long double>(m - 1) / 2.0L;
  const long double log_none =
      pairs * std::log1p(-std::pow(p_col, static_cast<long double>(r.longest_repeat)));
  r.p_at_least_one = static_cast<double>(-std::expm1(log_none));
  r.passed = std::log(1.0L - static_cast<long double>(kIidTestAlpha)) >= log_none;
  return r;
}

std::error_code AssessIid(std::span<const std::uint8_t> samples, int bits_per_sample,
                          std::uint64_t seed, IidReport* report, PermutationScope scope) {
  // The LRS test's suffix array has the estimators' int32 limit too.
  int distinct = 0;
  if (const std::error_code ec = CheckAssessmentSamples(&samples, bits_per_sample, &distinct)) {
    return ec;
  }
  IidReport r;
  r.bits_per_sample = bits_per_sample;
  r.samples = samples.size();
  r.binary = distinct == 2;
  r.permutation.seed = seed;
  if (distinct <= 1) {
    r.single_value = true;
    *report = r;
    return {};
  }
  r.independence = ChiSquareIndependence(samples);
  r.goodness_of_fit = ChiSquareGoodnessOfFit(samples);
  r.lrs = LongestRepeatedSubstringTest(samples);
  PermutationTests(samples, seed, &r.permutation, scope);
  r.iid = r.independence.passed && r.goodness_of_fit.passed && r.lrs.passed &&
          r.permutation.passed_all;
  if (r.iid) {
    const EstimatorResult original = MostCommonValueEstimate(samples);
    r.h_original_bits = original.min_entropy_bits;
    r.h_bitstring_bits = 1.0;
    double h = std::min(static_cast<double>(bits_per_sample), r.h_original_bits);
    if (!r.binary && bits_per_sample > 1) {
      const std::vector<std::uint8_t> bits = ToBitstring(samples, bits_per_sample);
      r.h_bitstring_bits = MostCommonValueEstimate(bits).min_entropy_bits;
      h = std::min(h, bits_per_sample * r.h_bitstring_bits);
    }
    r.min_entropy_bits = h;
  }
  *report = r;
  return {};
}

}  // namespace churn::stats
