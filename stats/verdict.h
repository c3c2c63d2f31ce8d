// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// One calibrated verdict from many tests: "pass", "suspicious" or "fail".

#ifndef CHURN_STATS_VERDICT_H_
#define CHURN_STATS_VERDICT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stats/ent.h"
#include "stats/stream_health.h"

namespace churn::stats {

// Family-wise thresholds on the smallest Holm-adjusted p-value.
inline constexpr double kSuspiciousP = 1e-3;
inline constexpr double kFailP = 1e-6;
// Probability that one 20,000-bit block of ideal data fails a FIPS 140-2 test
// (about 1 block in 1250: the four FIPS 140-2 tests' bounds together).
inline constexpr double kFipsIdealBlockFailure = 1.0 / 1250.0;

enum class VerdictLevel { kPass, kSuspicious, kFail };
[[nodiscard]] std::string_view VerdictName(VerdictLevel level);  // "pass", ...

// A named p-value: the probability, for an ideal source, of a result at
// least this extreme.
struct PValue {
  std::string name;
  double p = 1.0;
  double adjusted_p = 1.0;  // filled in by ComputeVerdict (Holm)
};

struct Verdict {
  VerdictLevel level = VerdictLevel::kPass;
  double min_adjusted_p = 1.0;
  std::string worst;            // name of the test with the smallest p
  std::vector<PValue> tests;    // in input order, with adjusted_p
};

// Holm-Bonferroni over `tests`: sorted ascending, p_(i) is adjusted to
// max_{j<=i} min(1, (m - j + 1) p_(j)). The verdict compares the smallest
// adjusted p (= m * min p) with kFailP and kSuspiciousP, so for an ideal
// source P(fail) <= 1e-6 and P(not pass) <= 1e-3 whatever the dependence
// between the tests. An empty list passes.
[[nodiscard]] Verdict ComputeVerdict(std::vector<PValue> tests);

// P(at least `failed` of `blocks` FIPS blocks fail) for an ideal source:
// Poisson with mean blocks / 1250. One-sided: few failures are not suspect.
[[nodiscard]] double FipsFailedBlocksPValue(std::uint64_t failed, std::uint64_t blocks);

// The ent p-values that go into the verdict: chi-square two-sided, entropy
// (G-test), mean, Monte Carlo pi and serial correlation.
[[nodiscard]] std::vector<PValue> EntPValues(const EntReport& report);

}  // namespace churn::stats

#endif  // CHURN_STATS_VERDICT_H_
