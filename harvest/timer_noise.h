// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_TIMER_NOISE_H_
#define CHURN_HARVEST_TIMER_NOISE_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace churn::harvest {

// The deterministic-timer test; timer_noise.cc gives the noise model and the thresholds.
// Repetitions of identical work timed per verdict, at start-up and per continuous window.
inline constexpr std::size_t kTimerNoiseRepetitions = 1024;
// A timer is deterministic when more than this share of identical-work timings equal the most
// common one (or fewer than two distinct timings occur).
inline constexpr double kTimerNoiseMaxModeShare = 0.95;

struct TimerNoiseVerdict {
  std::size_t distinct = 0;       // distinct timings
  double mode_share = 1.0;        // share of the most common timing
  double spread_bits = 0.0;       // SP 800-90B 6.3.1 MCV entropy of the timings, per timing
  bool deterministic = true;      // the test failed: the timer carries no usable noise
};

// Judges counter differences of identical work (EntropySource::TimeIdenticalWork). Fewer than
// 2 deltas are judged deterministic. Pure function.
TimerNoiseVerdict JudgeTimerNoise(std::span<const std::uint64_t> deltas);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_TIMER_NOISE_H_
