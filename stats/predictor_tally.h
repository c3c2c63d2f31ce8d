// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Scoring a block of the overall guesses at once, for the predictors that take their input
// 64 samples at a time (MultiMCW and Lag on bits): internal to the stats library.

#ifndef CHURN_STATS_PREDICTOR_TALLY_H_
#define CHURN_STATS_PREDICTOR_TALLY_H_

#include <algorithm>
#include <bit>
#include <cstdint>

#include "stats/predictors.h"

namespace churn::stats::internal {

// The overall guesses of 64 samples made by one sub-predictor, bit t of `right` set when
// the guess of the t-th sample was right: the right ones counted into out.correct, the run
// of right guesses carried into and out of the block in `run`, and out.longest_run raised to
// the longest run, across the block's start or within it (6.3.7-6.3.10: C and r). The
// builtin popcount expands in the caller's target (popcnt where the caller has it).
[[gnu::always_inline]] inline void TallyWord(std::uint64_t right, std::uint64_t& run,
                                             PredictorCounts& out) {
  out.correct += static_cast<std::uint64_t>(__builtin_popcountll(right));
  if (right == ~std::uint64_t{0}) {
    run += 64;
    out.longest_run = std::max(out.longest_run, run);
    return;
  }
  out.longest_run =
      std::max(out.longest_run, run + static_cast<std::uint64_t>(std::countr_one(right)));
  std::uint64_t inner = 0;  // longest run of ones in `right`: shrink every run by one
  for (std::uint64_t x = right; x != 0; x &= x << 1) ++inner;
  out.longest_run = std::max(out.longest_run, inner);
  run = static_cast<std::uint64_t>(std::countl_one(right));
}

}  // namespace churn::stats::internal

#endif  // CHURN_STATS_PREDICTOR_TALLY_H_
