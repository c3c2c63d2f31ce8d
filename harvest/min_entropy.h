// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_MIN_ENTROPY_H_
#define CHURN_HARVEST_MIN_ENTROPY_H_

#include <cstdint>
#include <span>

namespace churn::harvest {

// SP 800-90B 6.3.1 most-common-value estimate over byte samples, in bits per sample:
// p = max count / L, p_u = min(1, p + 2.576 sqrt(p (1 - p) / (L - 1))), H = -log2(p_u).
// Returns 0 for fewer than 2 samples. Pure function.
double MostCommonValueEstimate(std::span<const std::uint8_t> samples);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_MIN_ENTROPY_H_
