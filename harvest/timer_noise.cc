// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The deterministic-timer test: does the timer carry physical noise at all?
//
// Noise model. A timer source's entropy is the unpredictability of how long work takes. When
// the same work (same instructions, same addresses, same branch outcomes, same starting data)
// is timed again and again, a physical clock sees it take a varying number of ticks: cache and
// TLB state, the out-of-order window, interrupts, frequency changes, SMT siblings and, in a VM,
// the host's scheduling. A counter that is a function of the work done (QEMU's -icount, where
// the guest TSC advances with the instruction count; a replayed or emulated clock) gives the
// same difference every time. HAVEGE's data-dependent walk hides that: its varied work yields
// varied timings even from a deterministic counter, and the SP 800-90B estimators, which only
// see the samples, still report bits of entropy. The spread of identical-work timings cannot
// be faked that way, so it gates the credit (the idea of jitterentropy's stuck test, applied
// to whole repeated measurements instead of consecutive deltas).
//
// The test. kTimerNoiseRepetitions timings of identical work; the timer is deterministic when
// fewer than two distinct values occur or the most common one takes more than
// kTimerNoiseMaxModeShare of them. Rare outliers (an interrupt landing in one window of an
// instruction-counted guest) therefore do not pass it: a deterministic guest needs more than 5 %
// of its repetitions disturbed, which instruction counting does not do. On physical timers the
// most common timing takes far less (measured on a 2-vCPU KVM guest, Xeon, TSC step 21:
// 0.70-0.80; see README), and with 1024 repetitions the binomial chance of a mode share above
// 0.95 when the true share is 0.80 is below 1e-40, so false rejections come from timers that
// really are nearly deterministic, not from sampling. spread_bits (the MCV estimate of the
// timings) is reported, not credited: the credit stays the SP 800-90B assessment of the raw
// samples, capped, and is 0 whenever this test fails.
#include "harvest/timer_noise.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace churn::harvest {

TimerNoiseVerdict JudgeTimerNoise(std::span<const std::uint64_t> deltas) {
  TimerNoiseVerdict verdict;
  if (deltas.size() < 2) return verdict;
  std::vector<std::uint64_t> sorted(deltas.begin(), deltas.end());
  std::sort(sorted.begin(), sorted.end());
  std::size_t mode = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    mode = std::max(mode, j - i);
    ++verdict.distinct;
    i = j;
  }
  const double n = static_cast<double>(sorted.size());
  const double p = static_cast<double>(mode) / n;
  verdict.mode_share = p;
  // 2.576: the 99 % upper confidence bound of SP 800-90B 6.3.1.
  const double p_upper = std::min(1.0, p + 2.576 * std::sqrt(p * (1.0 - p) / (n - 1.0)));
  verdict.spread_bits = -std::log2(p_upper);
  verdict.deterministic = verdict.distinct < 2 || p > kTimerNoiseMaxModeShare;
  return verdict;
}

}  // namespace churn::harvest
