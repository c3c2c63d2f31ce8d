// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B section 3.1.4, the restart test: the noise source is restarted `rows` times and
// `cols` samples are taken after each restart (90B: 1000 x 1000). Row i of the matrix holds
// the samples after restart i.
//   3.1.4.3 sanity check: F is the largest count of one value in any row or column; with
//     p = 2^-H_I and alpha = 1 - 0.99^(1/(rows + cols)), the test fails when F exceeds the
//     cutoff U: the smallest u with P(F_row > u) <= alpha for the worst-case source of
//     most likely value probability p, floor(1/p) values of probability p and one value with
//     the rest q (n the row or column length; the larger U of the two). churn bounds that
//     probability by floor(1/p) P(Binomial(n, p) > u) + P(Binomial(n, q) > u) (a union bound
//     over the values, each count binomial); NIST's tool (ea_restart) simulates the same
//     worst case instead and prints the same U (test vectors in the unit test). The sanity
//     check's false-failure probability is so at most about 1% for the whole matrix.
//   3.1.4.2 validation: the rows, read row after row, and the columns, read column after
//     column, are each assessed by the ten non-IID estimators (EstimateMinEntropy): H_r and
//     H_c. The test passes when the sanity check passes and min(H_r, H_c) >= H_I / 2; the
//     validated estimate is then min(H_r, H_c, H_I).
// Pure; memory that of two EstimateMinEntropy runs on rows x cols samples. Thread-safe.
#ifndef CHURN_STATS_RESTART_TEST_H_
#define CHURN_STATS_RESTART_TEST_H_

#include <cstdint>
#include <span>
#include <system_error>

#include "stats/estimators.h"

namespace churn::stats {

struct RestartReport {
  int rows = 0;
  int cols = 0;
  double h_initial_bits = 0.0;       // H_I, per sample
  std::uint64_t max_frequency = 0;   // F
  std::uint64_t cutoff = 0;          // U
  bool sanity_passed = false;
  EstimatorReport by_rows;           // H_r = by_rows.min_entropy_bits
  EstimatorReport by_cols;           // H_c = by_cols.min_entropy_bits
  bool passed = false;               // sanity and min(H_r, H_c) >= H_I / 2
  double min_entropy_bits = 0.0;     // min(H_r, H_c, H_I) when passed, else 0
};

// U of the 3.1.4.3 sanity check above, for a rows x cols matrix and H_I = h_initial_bits
// (> 0, at most the sample width; U does not depend on the width). Pure; thread-safe.
[[nodiscard]] std::uint64_t RestartSanityCutoff(int rows, int cols, double h_initial_bits);

// Runs the restart test on the first rows * cols `samples` (row after row). Fails with
// EstimatorErrc::kTooFewSamples when there are fewer or when rows * cols < 1000,
// kBadBitsPerSample, or kSampleOutOfRange (a sample of more than bits_per_sample bits);
// h_initial_bits must be in (0, bits_per_sample].
[[nodiscard]] std::error_code RestartTest(std::span<const std::uint8_t> samples, int rows,
                                          int cols, int bits_per_sample, double h_initial_bits,
                                          RestartReport* report);

}  // namespace churn::stats

#endif  // CHURN_STATS_RESTART_TEST_H_
