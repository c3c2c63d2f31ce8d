// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 3.1.4 restart test; see restart_test.h for the formulas. The sanity check counts
// each row's and each column's values in one pass over the matrix (a 256-entry table per
// column, reused for the rows), the binomial critical value comes from health_tests.h's
// log-space tail sum, and the two assessments are EstimateMinEntropy on the row-major and
// the column-major copies.

#include "stats/restart_test.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/health_tests.h"
#include "stats/special_functions.h"

namespace churn::stats {

std::uint64_t RestartSanityCutoff(int rows, int cols, double h_initial_bits) {
  const double p = std::exp2(-h_initial_bits);
  const double alpha = 1.0 - std::pow(0.99, 1.0 / static_cast<double>(rows + cols));
  // The worst case for F: floor(1/p) values of probability p and one value with the rest, q
  // (H_I <= bits_per_sample, so the alphabet holds them all). The union bound over them:
  // P(F_row > u) <= floor(1/p) P(Bin(n, p) > u) + P(Bin(n, q) > u).
  const double k = std::floor(1.0 / p);
  const double q = std::max(0.0, 1.0 - k * p);
  std::uint64_t cutoff = 0;
  for (const int n : {rows, cols}) {
    // Without q's term the bound is a binomial critical value; q's term may add a little.
    auto u = static_cast<std::uint64_t>(
        BinomialCriticalValue(n, p, std::log2(alpha) - std::log2(k)));
    const auto trials = static_cast<std::uint64_t>(n);
    while (u < trials && k * BinomialUpperTail(u + 1, trials, p) +
                                 BinomialUpperTail(u + 1, trials, q) > alpha) {
      ++u;
    }
    cutoff = std::max(cutoff, u);
  }
  return cutoff;
}

std::error_code RestartTest(std::span<const std::uint8_t> samples, int rows, int cols,
                            int bits_per_sample, double h_initial_bits, RestartReport* report) {
  if (bits_per_sample < 1 || bits_per_sample > 8) return EstimatorErrc::kBadBitsPerSample;
  if (rows < 1 || cols < 1) return EstimatorErrc::kTooFewSamples;
  const auto r = static_cast<std::size_t>(rows);
  const auto c = static_cast<std::size_t>(cols);
  if (r * c < kMinEstimatorSamples || samples.size() < r * c) {
    return EstimatorErrc::kTooFewSamples;
  }
  const std::span<const std::uint8_t> m = samples.first(r * c);
  RestartReport out;
  out.rows = rows;
  out.cols = cols;
  out.h_initial_bits = h_initial_bits;

  // 3.1.4.3: the most frequent value in each row and each column.
  std::vector<std::uint32_t> col_counts(c * 256, 0);
  std::vector<std::uint32_t> row_counts(256);
  std::uint64_t f = 0;
  for (std::size_t i = 0; i < r; ++i) {
    std::fill(row_counts.begin(), row_counts.end(), 0);
    for (std::size_t j = 0; j < c; ++j) {
      const std::uint8_t v = m[i * c + j];
      if (v >> bits_per_sample != 0) return EstimatorErrc::kSampleOutOfRange;
      f = std::max<std::uint64_t>(f, ++row_counts[v]);
      f = std::max<std::uint64_t>(f, ++col_counts[j * 256 + v]);
    }
  }
  out.max_frequency = f;
  out.cutoff = RestartSanityCutoff(rows, cols, h_initial_bits);
  out.sanity_passed = f <= out.cutoff;

  // 3.1.4.2: the row data set is the matrix as it is; the column data set its transpose.
  if (const std::error_code ec = EstimateMinEntropy(m, bits_per_sample, &out.by_rows)) return ec;
  std::vector<std::uint8_t> transposed(r * c);
  for (std::size_t i = 0; i < r; ++i) {
    for (std::size_t j = 0; j < c; ++j) transposed[j * r + i] = m[i * c + j];
  }
  if (const std::error_code ec = EstimateMinEntropy(transposed, bits_per_sample, &out.by_cols)) {
    return ec;
  }
  const double h_rc = std::min(out.by_rows.min_entropy_bits, out.by_cols.min_entropy_bits);
  out.passed = out.sanity_passed && h_rc >= h_initial_bits / 2.0;
  out.min_entropy_bits = out.passed ? std::min(h_rc, h_initial_bits) : 0.0;
  *report = std::move(out);
  return {};
}

}  // namespace churn::stats
