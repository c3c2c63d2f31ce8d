// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The SP 800-90B section 6.3 estimators (stats/estimators.h) on short arbitrary inputs: the
// first byte picks bits_per_sample (1..8), the rest are the samples, masked to that width.
// Properties: no crash, no undefined behaviour; every applicable estimate and the assessment
// lie in [0, bits_per_sample] (a min-entropy cannot exceed the sample width, SP 800-90B 6.3)
// and are not NaN; the assessment is the minimum of the estimates; too few samples is the
// documented error, nothing else fails.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "stats/estimators.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using churn::fuzz::Require;
  namespace stats = churn::stats;
  if (size < 1) return 0;
  const int bits = 1 + data[0] % 8;
  const auto mask = static_cast<std::uint8_t>((1u << bits) - 1u);
  std::vector<std::uint8_t> samples(data + 1, data + size);
  for (std::uint8_t& s : samples) s &= mask;

  stats::EstimatorReport report;
  const std::error_code ec = stats::EstimateMinEntropy(samples, bits, &report);
  if (samples.size() < stats::kMinEstimatorSamples) {
    Require(ec == stats::EstimatorErrc::kTooFewSamples, "too few samples is refused");
    return 0;
  }
  Require(!ec, "masked samples of a valid width are accepted");
  const double top = bits;
  for (const auto* list : {&report.original, &report.bitstring}) {
    for (const stats::EstimatorResult& r : *list) {
      if (!r.applicable) continue;
      const double width = list == &report.bitstring ? 1.0 : top;
      Require(!std::isnan(r.min_entropy_bits), "an estimate is a number");
      Require(r.min_entropy_bits >= 0.0 && r.min_entropy_bits <= width + 1e-9,
              "an estimate lies in [0, sample width]");
    }
  }
  Require(!std::isnan(report.min_entropy_bits), "the assessment is a number");
  Require(report.min_entropy_bits >= 0.0 && report.min_entropy_bits <= top + 1e-9,
          "the assessment lies in [0, bits_per_sample]");
  Require(report.min_entropy_bits <= report.h_original_bits + 1e-9,
          "the assessment is at most the estimate on the samples");
  return 0;
}
