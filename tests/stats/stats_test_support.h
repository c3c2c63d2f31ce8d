// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Helpers shared by the stats_test files: the per-test seed, temporary input
// files and the literal t-tuple/LRS formulas with the check that compares them.
#ifndef CHURN_TESTS_STATS_STATS_TEST_SUPPORT_H_
#define CHURN_TESTS_STATS_STATS_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <system_error>
#include <vector>

#include "stats/estimators.h"
#include "tests/support/test_util.h"

namespace churn::stats::test_support {

// Seeds from the test name and temporary files: the shared test support (tests/support).
using churn::test_util::SeedFromTestName;
using churn::test_util::TempFile;

// SP 800-90B 6.3.5 / 6.3.6 transcribed literally with a map of tuples: the
// reference for TupleAndLrsEstimates on small inputs.
inline TupleEstimates LiteralTupleEstimates(const std::vector<std::uint8_t>& s) {
  const double n = static_cast<double>(s.size());
  auto bound = [&](double p) {
    return std::min(1.0, p + 2.576 * std::sqrt(p * (1 - p) / (n - 1)));
  };
  std::vector<std::uint64_t> q(1, 0);
  std::vector<double> pairs(1, 0.0);
  for (std::size_t w = 1;; ++w) {
    // Tuples as std::string keys: the same bytes, and GCC 12 at -O3 does not mistake the
    // comparison of two vectors in a map for an over-long memcmp (-Wstringop-overread).
    std::map<std::string, std::uint64_t> counts;
    for (std::size_t i = 0; i + w <= s.size(); ++i) {
      ++counts[std::string(reinterpret_cast<const char*>(s.data()) + i, w)];
    }
    std::uint64_t best = 0;
    double pr = 0;
    for (const auto& [k, c] : counts) {
      best = std::max(best, c);
      pr += static_cast<double>(c) * static_cast<double>(c - 1) / 2;
    }
    if (best < 2) break;
    q.push_back(best);
    pairs.push_back(pr);
  }
  TupleEstimates out{{Estimator::kTTuple, false, 0},
                     {Estimator::kLongestRepeatedSubstring, false, 0}};
  std::size_t t = 0;
  for (std::size_t w = 1; w < q.size(); ++w) {
    if (q[w] >= 35) t = w;
  }
  double pm = 0;
  for (std::size_t w = 1; w <= t; ++w) {
    pm = std::max(pm, std::pow(static_cast<double>(q[w]) / (n - static_cast<double>(w) + 1),
                               1.0 / static_cast<double>(w)));
  }
  if (t > 0) out.t_tuple = {Estimator::kTTuple, true, -std::log2(bound(pm))};
  pm = 0;
  const std::size_t v = q.size() - 1;
  for (std::size_t w = t + 1; w <= v; ++w) {
    const double m = n - static_cast<double>(w) + 1;
    pm = std::max(pm, std::pow(pairs[w] / (m * (m - 1) / 2), 1.0 / static_cast<double>(w)));
  }
  if (v >= t + 1) out.lrs = {Estimator::kLongestRepeatedSubstring, true, -std::log2(bound(pm))};
  return out;
}

// The longest repeat in `s`, literally: the longest run of s[i] == s[i + d] over all shifts
// d (quadratic; small inputs).
inline std::uint64_t LiteralLongestRepeat(const std::vector<std::uint8_t>& s) {
  std::uint64_t longest = 0;
  for (std::size_t d = 1; d < s.size(); ++d) {
    std::uint64_t run = 0;
    for (std::size_t i = 0; i + d < s.size(); ++i) {
      run = s[i] == s[i + d] ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  }
  return longest;
}

// TupleAndLrsEstimates on `s` against the literal formulas (exactly), and, when
// `longest_repeat` is set, LongestRepeatedSubstringLength against LiteralLongestRepeat;
// `what` names the input in a failure.
inline void ExpectTupleMatchesLiteral(const std::vector<std::uint8_t>& s, const std::string& what,
                                      bool longest_repeat = false) {
  const TupleEstimates fast = TupleAndLrsEstimates(s);
  const TupleEstimates slow = LiteralTupleEstimates(s);
  EXPECT_EQ(fast.t_tuple.applicable, slow.t_tuple.applicable) << what;
  EXPECT_EQ(fast.lrs.applicable, slow.lrs.applicable) << what;
  // Exactly: the same counts through the same arithmetic (pow per W, as NIST's tool does).
  EXPECT_EQ(fast.t_tuple.min_entropy_bits, slow.t_tuple.min_entropy_bits) << what;
  EXPECT_EQ(fast.lrs.min_entropy_bits, slow.lrs.min_entropy_bits) << what;
  if (longest_repeat) {
    EXPECT_EQ(LongestRepeatedSubstringLength(s), LiteralLongestRepeat(s)) << what;
  }
}

}  // namespace churn::stats::test_support

#endif  // CHURN_TESTS_STATS_STATS_TEST_SUPPORT_H_
