// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3.5 (t-tuple) and 6.3.6 (LRS), as the assessment runs them. The public
// entry points, TupleAndLrsEstimates and LongestRepeatedSubstringLength, are declared in
// estimators.h; t_tuple_lrs.cc implements both and this call.
#ifndef CHURN_STATS_T_TUPLE_LRS_H_
#define CHURN_STATS_T_TUPLE_LRS_H_

#include <cstdint>
#include <span>

#include "stats/estimators.h"

namespace churn::stats::internal {

// TupleAndLrsEstimates with two controls for EstimateMinEntropy:
//   try_window: false skips the one-window path for samples wider than one bit when the
//     caller knows it would fail (a repeat that fills a 64-bit window), saving its pass;
//   longest_repeat: when not null, receives the longest repeated substring's length in
//     symbols (0 for fewer than 2 symbols), the same figure as
//     LongestRepeatedSubstringLength.
// Memory as TupleAndLrsEstimates. Thread-safe: no shared state.
[[nodiscard]] TupleEstimates TupleAndLrs(std::span<const std::uint8_t> symbols, bool try_window,
                                         std::int64_t* longest_repeat);

}  // namespace churn::stats::internal

#endif  // CHURN_STATS_T_TUPLE_LRS_H_
