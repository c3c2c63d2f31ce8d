// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/min_entropy.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace churn::harvest {

double MostCommonValueEstimate(std::span<const std::uint8_t> samples) {
  if (samples.size() < 2) return 0.0;
  std::array<std::size_t, 256> counts{};
  for (const std::uint8_t s : samples) ++counts[s];
  const double n = static_cast<double>(samples.size());
  const double p = static_cast<double>(*std::max_element(counts.begin(), counts.end())) / n;
  // 2.576: the 99% upper confidence bound SP 800-90B uses for every estimator.
  const double p_upper = std::min(1.0, p + 2.576 * std::sqrt(p * (1.0 - p) / (n - 1.0)));
  return -std::log2(p_upper);
}

}  // namespace churn::harvest
