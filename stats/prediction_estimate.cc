// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3.7 steps 4-6 (repeated in 6.3.8-6.3.10): from a predictor's N predictions,
// C correct and longest run of correct ones, a global and a local bound on the probability
// of predicting a sample.
//   P_global' is the upper 99% bound on C/N (z = 2.576), or 1 - 0.01^(1/N) when C = 0.
//   P_local is the p at which a run of r = longest + 1 correct predictions in N trials has
//     probability 0.01: with q = 1 - p and x the smallest root above 1 of
//     1 - x + q p^r x^(r+1) (1/p is the other root; the iteration x <- 1 + q p^r x^(r+1)
//     from 1 climbs monotonically to the smaller one), the chance of no such run is
//     (1 - p x) / ((r + 1 - r x) q) / x^(N+1); it falls as p grows, so bisection finds where
//     it equals 0.99. Computed in logs and long double: N reaches 10^7.
// The estimate is -log2 of the largest of P_global', P_local and 1/k. P_local is only sought
// when it could exceed the other two: when the no-run probability at their maximum is still
// above 0.99.

#include <algorithm>
#include <cmath>

#include "stats/predictors.h"

namespace churn::stats {
namespace {

constexpr double kZ99 = 2.576;         // 90B's 99% normal quantile
constexpr long double kLogAlpha = -0.010050335853501441L;  // ln(0.99)

// ln of the probability that N predictions of success probability p hold no run of r.
long double LogNoRun(long double p, std::uint64_t r, std::uint64_t n) {
  const long double q = 1.0L - p;
  const long double rl = static_cast<long double>(r);
  const long double pr = std::pow(p, rl);
  long double x = 1.0L;
  for (int i = 0; i < 10000; ++i) {
    const long double next = 1.0L + q * pr * std::pow(x, rl + 1.0L);
    if (next - x <= x * 1e-19L) {
      x = next;
      break;
    }
    x = next;
  }
  return std::log(1.0L - p * x) - std::log((rl + 1.0L - rl * x) * q) -
         (static_cast<long double>(n) + 1.0L) * std::log(x);
}

}  // namespace

EstimatorResult PredictionEstimate(Estimator estimator, const PredictorCounts& counts,
                                   int alphabet_size) {
  EstimatorResult result{estimator, false, 0.0};
  if (counts.predictions == 0 || alphabet_size < 2) return result;
  const auto n = static_cast<double>(counts.predictions);
  const double p_global = static_cast<double>(counts.correct) / n;
  double p_global_bound;
  if (counts.correct == 0) {
    p_global_bound = 1.0 - std::pow(0.01, 1.0 / n);
  } else if (counts.predictions == 1) {
    p_global_bound = 1.0;
  } else {
    p_global_bound =
        std::min(1.0, p_global + kZ99 * std::sqrt(p_global * (1.0 - p_global) / (n - 1.0)));
  }
  double p = std::max(p_global_bound, 1.0 / alphabet_size);
  const std::uint64_t r = counts.longest_run + 1;
  if (p < 1.0 && LogNoRun(static_cast<long double>(p), r, counts.predictions) > kLogAlpha) {
    long double lo = static_cast<long double>(p);
    long double hi = 1.0L;
    for (int i = 0; i < 80 && hi - lo > 1e-17L; ++i) {
      const long double mid = 0.5L * (lo + hi);
      if (LogNoRun(mid, r, counts.predictions) > kLogAlpha) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    p = std::max(p, static_cast<double>(0.5L * (lo + hi)));
  }
  result.applicable = true;
  result.min_entropy_bits = p >= 1.0 ? 0.0 : -std::log2(p);
  return result;
}

EstimatorResult MultiMcwEstimate(std::span<const std::uint8_t> symbols, int alphabet_size) {
  return PredictionEstimate(Estimator::kMultiMcw, MultiMcwCounts(symbols, alphabet_size),
                            alphabet_size);
}

EstimatorResult LagEstimate(std::span<const std::uint8_t> symbols, int alphabet_size) {
  return PredictionEstimate(Estimator::kLag, LagCounts(symbols), alphabet_size);
}

EstimatorResult MultiMmcEstimate(std::span<const std::uint8_t> symbols, int alphabet_size) {
  return PredictionEstimate(Estimator::kMultiMmc, MultiMmcCounts(symbols), alphabet_size);
}

EstimatorResult Lz78yEstimate(std::span<const std::uint8_t> symbols, int alphabet_size) {
  return PredictionEstimate(Estimator::kLz78y, Lz78yCounts(symbols), alphabet_size);
}

PredictorKernel BestPredictorKernel() {
  static const PredictorKernel best = [] {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) {
      return PredictorKernel::kAvx2;
    }
#endif
    return PredictorKernel::kPortable;
  }();
  return best;
}

}  // namespace churn::stats
