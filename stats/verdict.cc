// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The verdict combines p-values from tests that are far from independent (the
// ent chi-square and entropy measure nearly the same thing; FIPS monobit and
// the ent mean too), so the correction must not assume independence: Holm's
// step-down Bonferroni (Holm 1979) controls the family-wise error rate under
// any dependence. The decision uses the smallest adjusted p-value, which is
// m * min p, so
//   P(verdict != pass | ideal source) <= 1e-3 and P(fail | ideal) <= 1e-6,
// and less when the tests agree with each other or are discrete (FIPS counts,
// health-test counts), which makes them conservative. Holm's per-test
// adjusted p-values are reported so a reader sees which tests drove it.
//
// FIPS: an ideal source fails a 20,000-bit block with probability about
// 1/1250 (the sum of the four FIPS 140-2 tests' false-failure rates at their bounds); failures of distinct blocks
// are independent, so the count is binomial, and Poisson(blocks / 1250) to
// within 1/1250 relative. The p-value is the upper tail: a single failure in
// 10 MB (4000 blocks, mean 3.2) is what ideal data does, not a failure.

#include "stats/verdict.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "stats/special_functions.h"

namespace churn::stats {

std::string_view VerdictName(VerdictLevel level) {
  switch (level) {
    case VerdictLevel::kPass: return "pass";
    case VerdictLevel::kSuspicious: return "suspicious";
    case VerdictLevel::kFail: return "fail";
  }
  return "fail";
}

Verdict ComputeVerdict(std::vector<PValue> tests) {
  Verdict v;
  const std::size_t m = tests.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tests[a].p < tests[b].p; });
  double running = 0.0;
  for (std::size_t rank = 0; rank < m; ++rank) {
    PValue& t = tests[order[rank]];
    const double adjusted = std::min(1.0, static_cast<double>(m - rank) * t.p);
    running = std::max(running, adjusted);
    t.adjusted_p = running;
  }
  if (m > 0) {
    v.min_adjusted_p = tests[order[0]].adjusted_p;
    v.worst = tests[order[0]].name;
  }
  if (v.min_adjusted_p < kFailP) {
    v.level = VerdictLevel::kFail;
  } else if (v.min_adjusted_p < kSuspiciousP) {
    v.level = VerdictLevel::kSuspicious;
  }
  v.tests = std::move(tests);
  return v;
}

double FipsFailedBlocksPValue(std::uint64_t failed, std::uint64_t blocks) {
  return PoissonUpperTail(failed, static_cast<double>(blocks) * kFipsIdealBlockFailure);
}

std::vector<PValue> EntPValues(const EntReport& r) {
  std::vector<PValue> all = {
      {"ent_chi_square", r.chi_square_two_sided_p, 1.0},
      {"ent_entropy", r.entropy_p, 1.0},
      {"ent_mean", r.mean_p, 1.0},
      {"ent_monte_carlo_pi", r.monte_carlo_p, 1.0},
      {"ent_serial_correlation", r.serial_correlation_p, 1.0},
  };
  // A statistic that could not be computed is not a test that passed.
  std::erase_if(all, [](const PValue& p) { return std::isnan(p.p); });
  return all;
}

}  // namespace churn::stats
