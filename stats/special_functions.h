// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Distribution tails used by the ent statistics, the SP 800-90B estimators and
// the verdict. Pure functions of their arguments; thread-safe.

#ifndef CHURN_STATS_SPECIAL_FUNCTIONS_H_
#define CHURN_STATS_SPECIAL_FUNCTIONS_H_

#include <cstdint>

namespace churn::stats {

// log Γ(a) for a > 0. Thread-safe (lgamma_r: plain lgamma writes the global signgam).
[[nodiscard]] double LogGamma(double a);

// Regularized upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a), a > 0,
// x >= 0. Relative accuracy about 1e-13 where the result is above 1e-300.
[[nodiscard]] double GammaQ(double a, double x);
// Regularized lower incomplete gamma P(a, x) = 1 - Q(a, x), computed directly
// so that small values keep their precision.
[[nodiscard]] double GammaP(double a, double x);

// P(X >= x) for X ~ chi-square with `df` degrees of freedom.
[[nodiscard]] double ChiSquareUpperTail(double x, double df);

// P(|Z| >= |z|) for a standard normal Z (two-sided p-value).
[[nodiscard]] double NormalTwoSided(double z);

// P(X >= k) for X ~ Poisson(mean); 1 when k == 0.
[[nodiscard]] double PoissonUpperTail(std::uint64_t k, double mean);

// P(X >= k) for X ~ Binomial(n, p).
[[nodiscard]] double BinomialUpperTail(std::uint64_t k, std::uint64_t n, double p);

// ent's chi-square tail: the published approximation it uses (Hill & Pike,
// CACM algorithm 299, with Ibbetson's normal tail, CACM algorithm 209), so the
// percentage churn prints rounds exactly as ent's does. Not for p-values.
[[nodiscard]] double EntChiSquareTail(double x, int df);

}  // namespace churn::stats

#endif  // CHURN_STATS_SPECIAL_FUNCTIONS_H_
