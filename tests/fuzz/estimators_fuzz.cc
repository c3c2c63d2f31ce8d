// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The SP 800-90B section 6.3 estimators (stats/estimators.h, stats/predictors.h) on short
// arbitrary inputs. The first byte picks bits_per_sample (1 + byte % 8); the second picks what
// runs: byte % 11 is one of the ten estimators (6.3.1-6.3.10, in Estimator's order) or, at 10,
// the whole assessment (EstimateMinEntropy); for a single estimator, (byte / 11) % 2 runs it
// on the samples' bitstring instead of the samples (the binary-only collision, Markov and
// compression estimates always take bits). The rest are the samples, masked to the width.
// A single estimator takes any length (too short is "not applicable"), so most inputs cost
// one estimator on a few hundred samples, not the ten on 1,000 or more.
// Properties: no crash, no undefined behaviour; an applicable estimate is a number in
// [0, width] (a min-entropy cannot exceed the symbol width, SP 800-90B 6.3; width 1 on bits)
// and names the estimator asked for; a predictor counts no more correct guesses than guesses
// and no longer a run than its correct guesses; an LRS is shorter than its input; the
// assessment is the minimum of its estimates and within [0, bits_per_sample]; too few samples
// is the assessment's documented error, nothing else fails.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "stats/estimators.h"
#include "stats/predictors.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace stats = churn::stats;
using churn::fuzz::Require;

void RequireEstimate(const stats::EstimatorResult& r, stats::Estimator asked, double width) {
  Require(r.estimator == asked, "the result names the estimator that ran");
  if (!r.applicable) return;
  Require(!std::isnan(r.min_entropy_bits), "an estimate is a number");
  Require(r.min_entropy_bits >= 0.0 && r.min_entropy_bits <= width + 1e-9,
          "an estimate lies in [0, symbol width]");
}

void RequireCounts(const stats::PredictorCounts& c, std::size_t symbols) {
  Require(c.predictions <= symbols, "no more predictions than symbols");
  Require(c.correct <= c.predictions, "no more correct predictions than predictions");
  Require(c.longest_run <= c.correct, "the longest run of correct predictions is within them");
}

int Distinct(std::span<const std::uint8_t> symbols) {
  std::array<bool, 256> seen{};
  for (const std::uint8_t s : symbols) seen[s] = true;
  return static_cast<int>(std::count(seen.begin(), seen.end(), true));
}

void OneEstimator(stats::Estimator e, std::span<const std::uint8_t> symbols, double width) {
  const int k = std::max(2, Distinct(symbols));
  switch (e) {
    case stats::Estimator::kMostCommonValue:
      RequireEstimate(stats::MostCommonValueEstimate(symbols), e, width);
      break;
    case stats::Estimator::kCollision:
      RequireEstimate(stats::CollisionEstimate(symbols), e, width);
      break;
    case stats::Estimator::kMarkov:
      RequireEstimate(stats::MarkovEstimate(symbols), e, width);
      break;
    case stats::Estimator::kCompression:
      RequireEstimate(stats::CompressionEstimate(symbols), e, width);
      break;
    case stats::Estimator::kTTuple:
    case stats::Estimator::kLongestRepeatedSubstring: {
      const stats::TupleEstimates t = stats::TupleAndLrsEstimates(symbols);
      RequireEstimate(t.t_tuple, stats::Estimator::kTTuple, width);
      RequireEstimate(t.lrs, stats::Estimator::kLongestRepeatedSubstring, width);
      const std::uint64_t lrs = stats::LongestRepeatedSubstringLength(symbols);
      Require(symbols.empty() ? lrs == 0 : lrs < symbols.size(),
              "an LRS is shorter than its input");
      break;
    }
    case stats::Estimator::kMultiMcw:
      RequireCounts(stats::MultiMcwCounts(symbols, k), symbols.size());
      RequireEstimate(stats::MultiMcwEstimate(symbols, k), e, width);
      break;
    case stats::Estimator::kLag:
    case stats::Estimator::kMultiMmc:
    case stats::Estimator::kLz78y: {
      auto counts = stats::LagCounts;
      auto estimate = stats::LagEstimate;
      if (e == stats::Estimator::kMultiMmc) {
        counts = stats::MultiMmcCounts;
        estimate = stats::MultiMmcEstimate;
      } else if (e == stats::Estimator::kLz78y) {
        counts = stats::Lz78yCounts;
        estimate = stats::Lz78yEstimate;
      }
      RequireCounts(counts(symbols), symbols.size());
      RequireEstimate(estimate(symbols, k), e, width);
      break;
    }
  }
}

void Assessment(std::span<const std::uint8_t> samples, int bits) {
  stats::EstimatorReport report;
  const std::error_code ec = stats::EstimateMinEntropy(samples, bits, &report);
  if (samples.size() < stats::kMinEstimatorSamples) {
    Require(ec == stats::EstimatorErrc::kTooFewSamples, "too few samples is refused");
    return;
  }
  Require(!ec, "masked samples of a valid width are accepted");
  const double top = bits;
  for (const auto* list : {&report.original, &report.bitstring}) {
    for (const stats::EstimatorResult& r : *list) {
      RequireEstimate(r, r.estimator, list == &report.bitstring ? 1.0 : top);
    }
  }
  Require(!std::isnan(report.min_entropy_bits), "the assessment is a number");
  Require(report.min_entropy_bits >= 0.0 && report.min_entropy_bits <= top + 1e-9,
          "the assessment lies in [0, bits_per_sample]");
  Require(report.min_entropy_bits <= report.h_original_bits + 1e-9,
          "the assessment is at most the estimate on the samples");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int bits = 1 + data[0] % 8;
  const int mode = data[1] % 11;
  const bool on_bits = (data[1] / 11) % 2 == 1;
  const auto mask = static_cast<std::uint8_t>((1u << bits) - 1u);
  std::vector<std::uint8_t> samples(data + 2, data + size);
  for (std::uint8_t& s : samples) s &= mask;

  if (mode == 10) {
    Assessment(samples, bits);
    return 0;
  }
  const auto e = static_cast<stats::Estimator>(mode);
  const bool binary_only = e == stats::Estimator::kCollision || e == stats::Estimator::kMarkov ||
                           e == stats::Estimator::kCompression;
  if (bits == 1 || binary_only || on_bits) {
    const std::vector<std::uint8_t> bitstring =
        bits == 1 ? samples : stats::ToBitstring(samples, bits);
    OneEstimator(e, bitstring, 1.0);
  } else {
    OneEstimator(e, samples, bits);
  }
  return 0;
}
