// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_STATS_HEALTH_TESTS_H_
#define CHURN_STATS_HEALTH_TESTS_H_

#include <cstdint>

namespace churn::stats {

// NIST SP 800-90B section 4.4 continuous health tests, on raw noise-source samples.
// Samples are opaque 64-bit values (a timer-delta byte, a 64-bit RDSEED word, ...): the tests
// only compare them for equality.

// The false-positive probability both tests are tuned to: alpha = 2^-20 (SP 800-90B 4.4).
inline constexpr double kHealthTestAlphaLog2 = -20.0;

// APT window sizes, SP 800-90B 4.4.2: 1024 for binary samples, 512 for all others.
inline constexpr int kAptWindowBinary = 1024;
inline constexpr int kAptWindowNonBinary = 512;

// RCT cutoff C = 1 + ceil(-log2(alpha) / H) = 1 + ceil(20 / H) for a claimed min-entropy of
// `min_entropy_bits` per sample (SP 800-90B 4.4.1), INT_MAX (never reached) when that does not
// fit an int. Requires min_entropy_bits > 0.
int RepetitionCountCutoff(double min_entropy_bits);

// APT cutoff C = 1 + CRITBINOM(W, 2^-H, 1 - alpha): one plus the smallest k with
// P(Binomial(W, 2^-H) <= k) >= 1 - alpha (SP 800-90B 4.4.2), clamped to [2, W] so that the
// window's first sample alone never fails. Requires min_entropy_bits > 0 and window >= 2.
int AdaptiveProportionCutoff(double min_entropy_bits, int window);

// Smallest k with P(Binomial(trials, p) <= k) >= 1 - 2^alpha_log2, computed by summing the
// upper tail in log-space (no overflow or underflow for trials up to millions).
int BinomialCriticalValue(int trials, double p, double alpha_log2);

// SP 800-90B 4.4.1: fails when one value repeats `cutoff` times in a row. After a failure the
// count restarts at the failing sample. Not thread-safe; cheap to copy.
class RepetitionCountTest {
 public:
  explicit RepetitionCountTest(int cutoff) : cutoff_(cutoff) {}
  // Returns false when this sample completes a run of `cutoff` equal samples.
  bool Feed(std::uint64_t sample);
  void Reset() { count_ = 0; }
  int cutoff() const { return cutoff_; }

 private:
  int cutoff_;
  int count_ = 0;  // length of the current run; 0 before the first sample
  std::uint64_t last_ = 0;
};

// SP 800-90B 4.4.2: in each window of `window` samples, fails when the window's first sample
// occurs `cutoff` times. After a failure a new window starts at the next sample.
class AdaptiveProportionTest {
 public:
  AdaptiveProportionTest(int window, int cutoff) : window_(window), cutoff_(cutoff) {}
  // Returns false when this sample brings the count of the window's first value to `cutoff`.
  bool Feed(std::uint64_t sample);
  void Reset() { seen_ = 0; }
  int window() const { return window_; }
  int cutoff() const { return cutoff_; }

 private:
  int window_;
  int cutoff_;
  int seen_ = 0;   // samples of the current window seen so far; 0: window not started
  int count_ = 0;  // occurrences of first_ in the current window
  std::uint64_t first_ = 0;
};

enum class HealthResult { kPass, kRepetitionCountFailure, kAdaptiveProportionFailure };

// Both tests with cutoffs computed from one min-entropy claim.
class HealthTests {
 public:
  // `min_entropy_bits` > 0 per sample; `binary` selects the 1024-sample APT window.
  HealthTests(double min_entropy_bits, bool binary);
  HealthResult Feed(std::uint64_t sample);
  void Reset();
  const RepetitionCountTest& rct() const { return rct_; }
  const AdaptiveProportionTest& apt() const { return apt_; }

 private:
  RepetitionCountTest rct_;
  AdaptiveProportionTest apt_;
};

}  // namespace churn::stats

#endif  // CHURN_STATS_HEALTH_TESTS_H_
