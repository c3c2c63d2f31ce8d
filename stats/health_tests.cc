// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B (January 2018) section 4.4: the two approved continuous health tests.
//
// Repetition Count Test. With min-entropy H per sample, a given value repeats with probability
// at most 2^-H, so a run of C identical samples has probability at most 2^(-H(C-1)). Requiring
// that to be at most alpha = 2^-20 gives C = 1 + ceil(20 / H) (4.4.1).
//
// Adaptive Proportion Test. In a window of W samples the count B of the window's first value
// behaves at worst like a binomial with success probability 2^-H. 4.4.2 sets the cutoff to
// C = 1 + CRITBINOM(W, 2^-H, 1 - alpha), the spreadsheet function: the smallest k with
// CDF(k) >= 1 - alpha. We compute CRITBINOM by summing the upper tail P(X > k) from k = n
// downwards in log-space (log-gamma for the binomial coefficient, log-sum-exp for the sum), and
// stop at the first k whose tail would exceed alpha. The terms are never formed as plain
// probabilities, so nothing underflows for small p or overflows for large n.
//
// Note: B counts the first sample too, so B - 1 is binomial with W - 1 trials; the comments on
// the final 90B (UL, 2019) suggest 2 + CRITBINOM(W - 1, ...). The published formula is kept so
// our cutoffs match the standard's Table 2 and external validators; the two differ by at most
// one. For very high H (64-bit RDSEED words), CRITBINOM is 0 and C would be 1, which the first
// sample alone reaches: C is clamped to at least 2 (any repeat of the first value fails), whose
// false-positive rate (W - 1) * 2^-H is below alpha for H >= 29.
#include "stats/health_tests.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "stats/special_functions.h"

namespace churn::stats {
namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

double LogBinomialPmf(int n, int k, double log_p, double log_q) {
  return LogGamma(n + 1.0) - LogGamma(k + 1.0) - LogGamma(n - k + 1.0) +
         k * log_p + (n - k) * log_q;
}

// log(exp(a) + exp(b)), stable for a or b = -infinity.
double LogAddExp(double a, double b) {
  if (a == kMinusInfinity) return b;
  if (b == kMinusInfinity) return a;
  const double hi = std::max(a, b);
  return hi + std::log1p(std::exp(std::min(a, b) - hi));
}

}  // namespace

int RepetitionCountCutoff(double min_entropy_bits) {
  assert(min_entropy_bits > 0.0);
  // A claim so small that C would not fit an int (below about 1e-8 bits) gets the largest
  // cutoff: such a test never fails, which is what the formula says in the limit.
  const double cutoff = 1.0 + std::ceil(-kHealthTestAlphaLog2 / min_entropy_bits);
  constexpr double kMaxCutoff = static_cast<double>(std::numeric_limits<int>::max());
  return cutoff < kMaxCutoff ? static_cast<int>(cutoff) : std::numeric_limits<int>::max();
}

int BinomialCriticalValue(int trials, double p, double alpha_log2) {
  assert(trials >= 0 && p >= 0.0 && p <= 1.0);
  if (p <= 0.0) return 0;
  if (p >= 1.0) return trials;
  const double log_p = std::log(p);
  const double log_q = std::log1p(-p);
  const double log_alpha = alpha_log2 * std::log(2.0);
  // tail = log P(X > k); starts at k = trials where the tail is empty.
  double log_tail = kMinusInfinity;
  int k = trials;
  while (k > 0) {
    const double next = LogAddExp(log_tail, LogBinomialPmf(trials, k, log_p, log_q));
    if (next > log_alpha) break;  // P(X > k - 1) > alpha: k is the smallest good value
    log_tail = next;
    --k;
  }
  return k;
}

int AdaptiveProportionCutoff(double min_entropy_bits, int window) {
  assert(min_entropy_bits > 0.0 && window >= 2);
  const int crit =
      BinomialCriticalValue(window, std::exp2(-min_entropy_bits), kHealthTestAlphaLog2);
  return std::clamp(1 + crit, 2, window);
}

bool RepetitionCountTest::Feed(std::uint64_t sample) {
  if (count_ > 0 && sample == last_) {
    if (++count_ >= cutoff_) {
      count_ = 1;  // restart the run at the failing sample
      return false;
    }
    return true;
  }
  last_ = sample;
  count_ = 1;
  return true;
}

bool AdaptiveProportionTest::Feed(std::uint64_t sample) {
  if (seen_ == 0) {
    first_ = sample;
    count_ = 1;
    seen_ = 1;
    return true;
  }
  ++seen_;
  bool ok = true;
  if (sample == first_ && ++count_ >= cutoff_) {
    ok = false;
    seen_ = 0;
    return ok;
  }
  if (seen_ >= window_) seen_ = 0;
  return ok;
}

HealthTests::HealthTests(double min_entropy_bits, bool binary)
    : rct_(RepetitionCountCutoff(min_entropy_bits)),
      apt_(binary ? kAptWindowBinary : kAptWindowNonBinary,
           AdaptiveProportionCutoff(min_entropy_bits,
                                    binary ? kAptWindowBinary : kAptWindowNonBinary)) {}

HealthResult HealthTests::Feed(std::uint64_t sample) {
  // Both tests see every sample so neither loses its place after the other fails.
  const bool rct_ok = rct_.Feed(sample);
  const bool apt_ok = apt_.Feed(sample);
  if (!rct_ok) return HealthResult::kRepetitionCountFailure;
  if (!apt_ok) return HealthResult::kAdaptiveProportionFailure;
  return HealthResult::kPass;
}

void HealthTests::Reset() {
  rct_.Reset();
  apt_.Reset();
}

}  // namespace churn::stats
