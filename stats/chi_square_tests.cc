// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 5.2.1 and 5.2.2: chi-square tests of independence and goodness of fit.
//
// Non-binary data (k >= 3 distinct values): the values are ranked 0..k-1 and their
// proportions p_i = count_i / L estimated from all L samples. Each category (a pair of
// values for independence, a value for goodness of fit) gets its expected count; sorted by
// that expectation (ties by category), categories fill bins in turn, a bin closing once
// its expectation reaches 5, and a last bin short of 5 joins the one before, so every bin
// expects at least 5 as the chi-square approximation wants. Independence counts the L/2
// non-overlapping pairs (s_1 s_2), (s_3 s_4), ... with expectation p_i p_j floor(L/2) and
// df = bins - k (k - 1 proportions estimated, one constraint); goodness of fit counts each
// of 10 consecutive subsets of floor(L/10) samples against p_i floor(L/10), df = 9 (bins - 1).
//
// Binary data: independence counts non-overlapping m-bit tuples, m the largest of 2..11
// with min(p0, p1)^m floor(L/m) >= 5, each tuple of w ones expecting p1^w p0^(m-w) floor(L/m),
// df = 2^m - 2; goodness of fit counts zeros and ones in each of the 10 subsets, df = 9.
// No m >= 2 fits (too few or too skewed samples): the independence test does not apply.
//
// These follow the standard's steps, with the floors and the tuple bit order (first sample
// most significant) of NIST's reference tool. Categories are ordered by their exact count
// products (ties by category): NIST's tool sums 1/L once per sample for p_i, so equal
// expectations differ there in the last bits and its bins, hence its independence
// statistic, can differ from churn's (on 100,000 uniform bytes 9122.8 against 9149.6, same
// df and verdict); with its proportions churn reproduces its statistic to the last digit.
#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "stats/iid_tests.h"
#include "stats/special_functions.h"

namespace churn::stats {
namespace {

constexpr double kMinBinExpectation = 5.0;
constexpr int kMaxBinaryTupleBits = 11;
constexpr int kSubsets = 10;

struct Category {
  std::uint64_t weight = 0;  // count_i count_j (or count_i): orders the bins exactly
  double expectation = 0.0;
  int index = 0;  // the pair i k + j, or the value's rank
  int bin = 0;
};

// Assigns bins in place; returns each bin's expectation.
std::vector<double> AllocateBins(std::vector<Category>& categories) {
  std::vector<Category*> order;
  for (auto& c : categories) order.push_back(&c);
  std::sort(order.begin(), order.end(), [](const Category* a, const Category* b) {
    return a->weight != b->weight ? a->weight < b->weight : a->index < b->index;
  });
  std::vector<double> bins;
  double current = 0.0;
  for (Category* c : order) {
    if (current >= kMinBinExpectation) {
      bins.push_back(current);
      current = 0.0;
    }
    c->bin = static_cast<int>(bins.size());
    current += c->expectation;
  }
  if (!bins.empty() && current < kMinBinExpectation) {
    const int last = static_cast<int>(bins.size());
    for (Category* c : order) {
      if (c->bin == last) c->bin = last - 1;
    }
    bins.back() += current;
  } else {
    bins.push_back(current);
  }
  return bins;
}

double Statistic(const std::vector<double>& expected, const std::vector<std::uint64_t>& seen) {
  double t = 0.0;
  for (std::size_t b = 0; b < expected.size(); ++b) {
    const double d = static_cast<double>(seen[b]) - expected[b];
    t += d * d / expected[b];
  }
  return t;
}

ChiSquareTestResult Finish(double statistic, int df) {
  ChiSquareTestResult r;
  r.applicable = true;
  r.statistic = statistic;
  r.degrees_of_freedom = df;
  r.p_value = df > 0 ? ChiSquareUpperTail(statistic, df) : 1.0;
  r.passed = r.p_value >= kIidTestAlpha;
  return r;
}

// Ranks of the values (0..k-1) and their proportions.
struct Ranked {
  std::vector<std::uint8_t> ranks;
  std::vector<double> p;
  std::vector<std::uint64_t> counts;
};
Ranked Rank(std::span<const std::uint8_t> samples) {
  std::uint64_t counts[256] = {};
  for (const std::uint8_t b : samples) ++counts[b];
  std::uint8_t rank_of[256] = {};
  Ranked r;
  for (int b = 0; b < 256; ++b) {
    if (counts[b] == 0) continue;
    rank_of[b] = static_cast<std::uint8_t>(r.p.size());
    r.p.push_back(static_cast<double>(counts[b]) / static_cast<double>(samples.size()));
    r.counts.push_back(counts[b]);
  }
  r.ranks.reserve(samples.size());
  for (const std::uint8_t b : samples) r.ranks.push_back(rank_of[b]);
  return r;
}

ChiSquareTestResult BinaryIndependence(const Ranked& d) {
  const std::size_t n = d.ranks.size();
  double ones = 0.0;
  for (const std::uint8_t b : d.ranks) ones += b;
  const double p1 = ones / static_cast<double>(n);
  const double p0 = 1.0 - p1;
  const double min_p = std::min(p0, p1);
  int m = kMaxBinaryTupleBits;
  while (m > 1 && std::pow(min_p, m) * static_cast<double>(n / static_cast<std::size_t>(m)) <
                      kMinBinExpectation) {
    --m;
  }
  if (m < 2) return ChiSquareTestResult{};
  const std::size_t tuples = n / static_cast<std::size_t>(m);
  std::vector<std::uint64_t> seen(std::size_t{1} << m, 0);
  for (std::size_t t = 0; t < tuples; ++t) {
    unsigned v = 0;
    for (int j = 0; j < m; ++j) v = v << 1 | d.ranks[t * static_cast<std::size_t>(m) + static_cast<std::size_t>(j)];
    ++seen[v];
  }
  std::vector<double> expected(seen.size());
  for (std::size_t v = 0; v < seen.size(); ++v) {
    const int w = std::popcount(static_cast<unsigned>(v));
    expected[v] = std::pow(p1, w) * std::pow(p0, m - w) * static_cast<double>(tuples);
  }
  return Finish(Statistic(expected, seen), (1 << m) - 2);
}

}  // namespace

ChiSquareTestResult ChiSquareIndependence(std::span<const std::uint8_t> samples) {
  if (samples.size() < 2) return ChiSquareTestResult{};
  const Ranked d = Rank(samples);
  const std::size_t k = d.p.size();
  if (k < 2) return ChiSquareTestResult{};
  if (k == 2) return BinaryIndependence(d);
  const double pairs = std::floor(static_cast<double>(samples.size()) / 2.0);
  std::vector<Category> categories(k * k);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      Category& c = categories[i * k + j];
      c.index = static_cast<int>(i * k + j);
      c.weight = d.counts[i] * d.counts[j];
      c.expectation = d.p[i] * d.p[j] * pairs;
    }
  }
  const std::vector<double> bins = AllocateBins(categories);
  std::vector<std::uint64_t> seen(bins.size(), 0);
  for (std::size_t i = 0; i + 1 < d.ranks.size(); i += 2) {
    ++seen[static_cast<std::size_t>(categories[d.ranks[i] * k + d.ranks[i + 1]].bin)];
  }
  return Finish(Statistic(bins, seen),
                static_cast<int>(bins.size()) - static_cast<int>(k));
}

ChiSquareTestResult ChiSquareGoodnessOfFit(std::span<const std::uint8_t> samples) {
  const std::size_t sub = samples.size() / kSubsets;
  if (sub == 0) return ChiSquareTestResult{};
  const Ranked d = Rank(samples);
  const std::size_t k = d.p.size();
  if (k < 2) return ChiSquareTestResult{};
  if (k == 2) {
    const double p1 = [&] {
      double ones = 0.0;
      for (const std::uint8_t b : d.ranks) ones += b;
      return ones / static_cast<double>(samples.size());
    }();
    const double e1 = p1 * static_cast<double>(sub);
    const double e0 = (1.0 - p1) * static_cast<double>(sub);
    double t = 0.0;
    for (std::size_t s = 0; s < kSubsets; ++s) {
      std::uint64_t ones = 0;
      for (std::size_t i = 0; i < sub; ++i) ones += d.ranks[s * sub + i];
      const double o1 = static_cast<double>(ones);
      const double o0 = static_cast<double>(sub) - o1;
      t += (o0 - e0) * (o0 - e0) / e0 + (o1 - e1) * (o1 - e1) / e1;
    }
    return Finish(t, kSubsets - 1);
  }
  std::vector<Category> categories(k);
  for (std::size_t i = 0; i < k; ++i) {
    categories[i].index = static_cast<int>(i);
    categories[i].weight = d.counts[i];
    categories[i].expectation = d.p[i] * static_cast<double>(sub);
  }
  const std::vector<double> bins = AllocateBins(categories);
  double t = 0.0;
  for (std::size_t s = 0; s < kSubsets; ++s) {
    std::vector<std::uint64_t> seen(bins.size(), 0);
    for (std::size_t i = 0; i < sub; ++i) {
      ++seen[static_cast<std::size_t>(categories[d.ranks[s * sub + i]].bin)];
    }
    t += Statistic(bins, seen);
  }
  return Finish(t, (kSubsets - 1) * (static_cast<int>(bins.size()) - 1));
}

}  // namespace churn::stats
