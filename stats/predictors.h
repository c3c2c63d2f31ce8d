// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B (January 2018) sections 6.3.7-6.3.10: the four prediction estimators. Each
// predictor walks the samples once, guesses every next sample from the ones before it and
// counts its correct guesses and its longest run of them; PredictionEstimate (6.3.7 steps
// 4-6, shared by all four) turns the counts into a min-entropy bound.
//   multi_mcw.cc      6.3.7  MultiMCW: most common value in windows of 63, 255, 1023, 4095
//   lag_predictor.cc  6.3.8  Lag: the sample 1..128 places back
//   multi_mmc.cc      6.3.9  MultiMMC: Markov models of order 1..16 (100,000 entries each)
//   lz78y.cc          6.3.10 LZ78Y: a 16-deep LZ78-like dictionary of 65,536 strings
// Symbols are sample values 0..255 (or 0/1 for bitstrings); `alphabet_size` is k, the number
// of distinct values (2 for bitstrings), which sets the 1/k floor of the estimate. Ties
// between predictions are broken as 90B says: the most recent value (MultiMCW), the larger
// value (MultiMMC, LZ78Y), the later sub-predictor on the scoreboard.
// All functions are pure, allocate only what they say and are thread-safe.
#ifndef CHURN_STATS_PREDICTORS_H_
#define CHURN_STATS_PREDICTORS_H_

#include <cstdint>
#include <span>

#include "stats/estimators.h"

namespace churn::stats {

// What a predictor did: N predictions, C of them correct, and the longest run of correct
// predictions (90B calls r the longest run plus one).
struct PredictorCounts {
  std::uint64_t predictions = 0;
  std::uint64_t correct = 0;
  std::uint64_t longest_run = 0;
};

// 6.3.7 steps 4-6: P_global' = min(1, C/N + 2.576 sqrt(P(1-P)/(N-1))) (1 - 0.01^(1/N) when
// C = 0); P_local solves 0.99 = (1 - p x) / ((r + 1 - r x) q) x^-(N+1), q = 1 - p, with x the
// root in (1, 1/p] of 1 - x + q p^r x^(r+1) found by fixed-point iteration from 1, by
// bisection on p; the estimate is -log2(max(P_global', P_local, 1/k)). Not applicable when N
// is 0.
[[nodiscard]] EstimatorResult PredictionEstimate(Estimator estimator,
                                                 const PredictorCounts& counts,
                                                 int alphabet_size);

// The predictors' counts. MultiMCW needs more than 4095 symbols, LZ78Y more than 17, the others
// more than 2; with fewer they return zero predictions (not applicable). Memory: MultiMCW and
// Lag a few KiB; MultiMMC on samples 3 bytes per sample plus one order's dictionary at a
// time (at most 100,000 strings of about 80 bytes, each with its first seven followers'
// counters, and 100,000 later pairs of about 32 bytes), for bits at most 2 MiB of tables
// (less than 16 x 48 bytes per bit on short inputs); LZ78Y 65,536 strings of about 80 bytes
// plus about 32 bytes per later distinct (string, next value) pair (at most 16 new pairs per
// symbol; for bits at most 1 MiB of tables). Every table is sized from the input: a short input costs
// in proportion to its length.
[[nodiscard]] PredictorCounts MultiMcwCounts(std::span<const std::uint8_t> symbols,
                                             int alphabet_size);
[[nodiscard]] PredictorCounts LagCounts(std::span<const std::uint8_t> symbols);
[[nodiscard]] PredictorCounts MultiMmcCounts(std::span<const std::uint8_t> symbols);
[[nodiscard]] PredictorCounts Lz78yCounts(std::span<const std::uint8_t> symbols);

// The counts turned into estimates (alphabet_size = k as above).
[[nodiscard]] EstimatorResult MultiMcwEstimate(std::span<const std::uint8_t> symbols,
                                               int alphabet_size);
[[nodiscard]] EstimatorResult LagEstimate(std::span<const std::uint8_t> symbols,
                                          int alphabet_size);
[[nodiscard]] EstimatorResult MultiMmcEstimate(std::span<const std::uint8_t> symbols,
                                               int alphabet_size);
[[nodiscard]] EstimatorResult Lz78yEstimate(std::span<const std::uint8_t> symbols,
                                            int alphabet_size);

// The instruction sets the predictors' inner loops can use. BestPredictorKernel is kAvx2 on
// a CPU with AVX2 and popcnt (the MultiMMC scoreboard then keeps its sixteen scores in two
// vector registers, Lag finds and counts its 128 lags' guesses with them), else
// kPortable; it is detected once and thread-safe. Every kernel gives the same counts.
enum class PredictorKernel { kPortable, kAvx2 };
[[nodiscard]] PredictorKernel BestPredictorKernel();

namespace internal {

// MultiMmcCounts with the given kernel, which the CPU must support: for tests that every
// kernel gives the standard's counts.
[[nodiscard]] PredictorCounts MultiMmcCountsWith(std::span<const std::uint8_t> samples,
                                                 PredictorKernel kernel);
// LagCounts likewise.
[[nodiscard]] PredictorCounts LagCountsWith(std::span<const std::uint8_t> samples,
                                            PredictorKernel kernel);

// Lz78yCounts on samples of any width, through the code for samples wider than one bit,
// with room for `max_dictionary` strings (at least 16) instead of 6.3.10's 65,536: for
// tests of what happens once the dictionary is full, on inputs short enough to check
// against the standard's steps written out literally. Zero predictions when `samples` has
// 17 or fewer, or `max_dictionary` is below 16.
[[nodiscard]] PredictorCounts Lz78yCountsWithDictionary(std::span<const std::uint8_t> samples,
                                                        std::uint32_t max_dictionary);

}  // namespace internal
}  // namespace churn::stats

#endif  // CHURN_STATS_PREDICTORS_H_
