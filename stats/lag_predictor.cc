// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3.8, the Lag prediction estimate. 128 sub-predictors: lag d guesses that the
// next sample equals the one d places back. A scoreboard counts their correct guesses in
// order d = 1..128, the winner being the last one whose score reached the highest; the
// overall guess is the winner's. Predictions start at the second sample (N = L - 1).
// Only the lags that guess right change a score, and those are the places where the current
// value occurred in the last 128 samples: each value keeps a ring of its last 128 positions,
// walked newest first (d ascending) until a position is 128 or more places back. Work per
// sample is the number of right lags, about 128/k for k equally likely values.

#include <array>
#include <vector>

#include "stats/predictors.h"

namespace churn::stats {
namespace {

constexpr std::size_t kLags = 128;  // 6.3.8 step 1: D = 128

struct Ring {
  std::array<std::uint32_t, kLags> pos;
  std::uint32_t size = 0;
  std::uint32_t head = 0;  // next slot to write
};

}  // namespace

PredictorCounts LagCounts(std::span<const std::uint8_t> s) {
  PredictorCounts out;
  const std::size_t n = s.size();
  if (n < 3 || n > UINT32_MAX) return out;
  std::vector<Ring> rings(256);
  std::array<std::uint64_t, kLags + 1> score{};
  std::size_t winner = 1;
  std::uint64_t run = 0;
  {
    Ring& r0 = rings[s[0]];
    r0.pos[0] = 0;
    r0.size = 1;
    r0.head = 1;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const std::uint8_t x = s[i];
    if (i >= winner && s[i - winner] == x) {
      ++out.correct;
      if (++run > out.longest_run) out.longest_run = run;
    } else {
      run = 0;
    }
    Ring& r = rings[x];
    std::uint32_t slot = r.head;
    std::uint32_t kept = 0;
    for (; kept < r.size; ++kept) {
      slot = (slot + kLags - 1) % kLags;
      const std::size_t d = i - r.pos[slot];
      if (d > kLags) break;
      if (++score[d] >= score[winner]) winner = d;
    }
    r.size = kept;  // older positions can never be within 128 again
    r.pos[r.head] = static_cast<std::uint32_t>(i);
    r.head = (r.head + 1) % kLags;
    if (r.size < kLags) ++r.size;
  }
  out.predictions = n - 1;
  return out;
}

}  // namespace churn::stats
