// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The SP 800-90B predictors (6.3.7-6.3.10) and the ten-estimator assessment:
//  - against figures printed by NIST's SP800-90B_EntropyAssessment (github usnistgov,
//    commit 68ed165f, built outside this repository with its own Makefile) for the synthetic
//    sources of sample_sources.h, written with
//      churn-90b-gen SOURCE N SEED > FILE && ea_non_iid -v -v FILE BITS
//    (200,000 samples, seed 1; walk also 1,000,000). Tolerance 2e-5 bits: NIST bisects
//    P_local to a relative 1e-15 in x87 long double with -ffloat-store, churn to 1e-17;
//    the counts (C, N, r) are identical.
//  - against the standard's own formulas: P_local checked by an exact dynamic programme for
//    the probability of no run, and sources whose min-entropy is known.
// Deterministic: every input is generated from a fixed seed.

#include "stats/predictors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "stats/estimators.h"
#include "stats/predictor_dictionary.h"
#include "tests/stats/sample_sources.h"

namespace churn::stats {
namespace {

using test_support::GenerateSource;
using test_support::SplitMix64;

constexpr double kNistTolerance = 2e-5;

struct NistFigures {
  const char* source;
  // MultiMCW, Lag, MultiMMC, LZ78Y on the samples, then on the bitstring.
  double literal[4];
  double bitstring[4];
  double h_original;
  double h_bitstring;
};

// ea_non_iid -v -v on churn-90b-gen SOURCE 200000 1, 8 bits per sample ("min entropy = ").
constexpr NistFigures kNist200k[] = {
    {"walk",
     {1.9854844797133984, 1.5761509300694632, 1.5763592748737947, 1.5752600522881486},
     {0.50996770681715531, 0.25654496869934412, 0.14593228120037902, 0.50996857747839075},
     1.5752600522881486, 0.14593228120037902},
    {"minbyte",
     {7.0046056781705417, 7.532536161896302, 7.2274692411968848, 7.2262413742233793},
     {0.82872437534459531, 0.93813016553317585, 0.82790215304128545, 0.82787744209955871},
     6.8760993104496393, 0.63020331350331793},
    {"uniform",
     {7.7855898877837344, 7.9020882628908566, 7.8471966603895558, 7.8540514429802197},
     {0.99736295853808599, 0.99659097761124704, 0.99641917130186941, 0.99564852238326862},
     7.7306131342850808, 0.87878167697968135},
};

// The counts a predictor gave against those of the standard written out.
void ExpectSameCounts(const PredictorCounts& got, const PredictorCounts& want) {
  EXPECT_EQ(got.predictions, want.predictions);
  EXPECT_EQ(got.correct, want.correct);
  EXPECT_EQ(got.longest_run, want.longest_run);
}

std::vector<std::uint8_t> Bits(const std::vector<std::uint8_t>& samples) {
  std::vector<std::uint8_t> bits;
  bits.reserve(samples.size() * 8);
  for (const std::uint8_t s : samples) {
    for (int b = 7; b >= 0; --b) bits.push_back(static_cast<std::uint8_t>((s >> b) & 1));
  }
  return bits;
}

int Distinct(const std::vector<std::uint8_t>& s) {
  bool seen[256] = {};
  int k = 0;
  for (const std::uint8_t v : s) {
    if (!seen[v]) {
      seen[v] = true;
      ++k;
    }
  }
  return k;
}

std::array<EstimatorResult, 4> Predictors(const std::vector<std::uint8_t>& s, int k) {
  return {MultiMcwEstimate(s, k), LagEstimate(s, k), MultiMmcEstimate(s, k),
          Lz78yEstimate(s, k)};
}

TEST(PredictorsTest, MatchNistOnSyntheticSources) {
  for (const NistFigures& f : kNist200k) {
    SCOPED_TRACE(f.source);
    const auto samples = GenerateSource(f.source, 200000, 1);
    const auto literal = Predictors(samples, Distinct(samples));
    const auto bits = Predictors(Bits(samples), 2);
    for (std::size_t p = 0; p < 4; ++p) {
      ASSERT_TRUE(literal[p].applicable) << EstimatorName(literal[p].estimator);
      EXPECT_NEAR(literal[p].min_entropy_bits, f.literal[p], kNistTolerance)
          << "literal " << EstimatorName(literal[p].estimator);
      ASSERT_TRUE(bits[p].applicable) << EstimatorName(bits[p].estimator);
      EXPECT_NEAR(bits[p].min_entropy_bits, f.bitstring[p], kNistTolerance)
          << "bitstring " << EstimatorName(bits[p].estimator);
    }
    EstimatorReport r;
    ASSERT_FALSE(EstimateMinEntropy(samples, 8, &r));
    EXPECT_EQ(r.original.size(), 7u);
    EXPECT_EQ(r.bitstring.size(), 10u);
    EXPECT_NEAR(r.h_original_bits, f.h_original, kNistTolerance);
    EXPECT_NEAR(r.h_bitstring_bits, f.h_bitstring, kNistTolerance);
  }
}

// The case that made churn overstate entropy before the predictors: a random walk mod 128
// with steps -1, 0, +1 (truth log2 3 = 1.585 bits). NIST, 1,000,000 samples of
// churn-90b-gen walk 1000000 1: H_original 1.5780170126530739, H_bitstring
// 0.14369813286215166, assessment 8 x 0.1437 = 1.1495850628972133 (set by the bitstring
// MultiMMC). churn must not assess more than NIST + 0.01.
TEST(PredictorsTest, RandomWalkIsNotOverstated) {
  const auto samples = GenerateSource("walk", 1000000, 1);
  EstimatorReport r;
  ASSERT_FALSE(EstimateMinEntropy(samples, 8, &r));
  EXPECT_LE(r.min_entropy_bits, 1.1495850628972133 + 0.01);
  EXPECT_NEAR(r.min_entropy_bits, 1.1495850628972133, kNistTolerance);
  EXPECT_NEAR(r.h_original_bits, 1.5780170126530739, kNistTolerance);
  EXPECT_LT(r.min_entropy_bits, std::log2(3.0));
}

// Probability that n Bernoulli(p) trials hold no run of r successes: exact recursion over
// the length of the current run (the standard's P_local is defined by this being 0.99).
double NoRunProbability(double p, int r, int n) {
  std::vector<double> state(static_cast<std::size_t>(r), 0.0);  // [current run length]
  state[0] = 1.0;
  for (int t = 0; t < n; ++t) {
    std::vector<double> next(state.size(), 0.0);
    for (std::size_t len = 0; len < state.size(); ++len) {
      next[0] += state[len] * (1.0 - p);
      if (len + 1 < state.size()) next[len + 1] += state[len] * p;
    }
    state.swap(next);
  }
  double sum = 0.0;
  for (const double v : state) sum += v;
  return sum;
}

TEST(PredictorsTest, LocalBoundGivesNinetyNinePercentNoRun) {
  // N = 2000 predictions, 20 right in all but a run of 9 (r = 10): P_local dominates.
  const PredictorCounts c{2000, 20, 9};
  const EstimatorResult e = PredictionEstimate(Estimator::kLag, c, 256);
  ASSERT_TRUE(e.applicable);
  const double p_local = std::exp2(-e.min_entropy_bits);
  EXPECT_NEAR(NoRunProbability(p_local, 10, 2000), 0.99, 1e-6);
  EXPECT_GT(p_local, 20.0 / 2000 + 2.576 * std::sqrt(0.01 * 0.99 / 1999));
}

TEST(PredictorsTest, GlobalBoundWithoutCorrectGuesses) {
  const PredictorCounts c{1000000, 0, 0};
  const EstimatorResult e = PredictionEstimate(Estimator::kMultiMcw, c, 1 << 30);
  ASSERT_TRUE(e.applicable);
  // 90B 6.3.7 step 4: P_global' = 1 - 0.01^(1/N) when C = 0.
  EXPECT_NEAR(std::exp2(-e.min_entropy_bits), 1.0 - std::pow(0.01, 1e-6), 1e-12);
}

TEST(PredictorsTest, GlobalBoundIsTheUpperConfidenceBound) {
  const PredictorCounts c{100000, 30000, 3};
  const EstimatorResult e = PredictionEstimate(Estimator::kMultiMmc, c, 2);
  const double p = 0.3 + 2.576 * std::sqrt(0.3 * 0.7 / 99999);
  EXPECT_NEAR(e.min_entropy_bits, std::min(1.0, -std::log2(std::max(p, 0.5))), 1e-12);
}

// IID bits with P(1) = 0.7: no predictor can beat p_max = 0.7 (H = 0.5146) beyond its
// confidence bound (about 0.003 in probability at 1.6 million bits, < 0.01 bits), and the
// ones that learn the majority (MultiMCW, MultiMMC, LZ78Y) reach it within 0.01 bits.
TEST(PredictorsTest, IidBiasedBitsAreAssessedAtTheirMinEntropy) {
  const auto bits = GenerateSource("bits70", 1600000, 3);
  const double truth = -std::log2(0.7);
  const auto p = Predictors(bits, 2);
  for (const auto& e : p) {
    ASSERT_TRUE(e.applicable);
    EXPECT_GT(e.min_entropy_bits, truth - 0.01) << EstimatorName(e.estimator);
  }
  EXPECT_NEAR(p[0].min_entropy_bits, truth, 0.01);
  EXPECT_NEAR(p[2].min_entropy_bits, truth, 0.01);
  EXPECT_NEAR(p[3].min_entropy_bits, truth, 0.01);
}

// A 43-sample period is perfectly predictable once seen: Lag (lag 43), MultiMMC and LZ78Y
// see it; MultiMCW's most common value does not, and the ten-estimator minimum is near 0.
TEST(PredictorsTest, PeriodicSamplesArePredicted) {
  const auto s = GenerateSource("period", 100000, 0);
  const auto p = Predictors(s, Distinct(s));
  EXPECT_LT(p[1].min_entropy_bits, 0.01);
  EXPECT_LT(p[2].min_entropy_bits, 0.01);
  EXPECT_LT(p[3].min_entropy_bits, 0.01);
  EstimatorReport r;
  ASSERT_FALSE(EstimateMinEntropy(s, 8, &r));
  EXPECT_LT(r.min_entropy_bits, 0.05);
}

// 6.3.10 step by step, the way the standard writes it (a map from each string to its
// followers' counts, strings looked up longest first at every sample), for the counts that
// Lz78yCounts must give. Slow, but independent of churn's dictionaries and of its shortcut
// once the dictionary is full.
PredictorCounts LiteralLz78yCounts(const std::vector<std::uint8_t>& s,
                                   std::size_t max_dictionary_size = 65536) {
  constexpr std::size_t kB = 16;
  PredictorCounts out;
  if (s.size() < kB + 2) return out;
  std::map<std::string, std::map<std::uint8_t, std::uint64_t>> dictionary;
  auto str = [&](std::size_t end, std::size_t j) {  // the j samples before `end`
    return std::string(s.begin() + static_cast<std::ptrdiff_t>(end - j),
                       s.begin() + static_cast<std::ptrdiff_t>(end));
  };
  for (std::size_t j = 1; j <= kB; ++j) dictionary[str(kB, j)][s[kB]] = 1;
  std::uint64_t run = 0;
  for (std::size_t i = kB + 1; i < s.size(); ++i) {
    std::uint64_t max_count = 0;
    int guess = -1;
    for (std::size_t j = kB; j >= 1; --j) {
      const std::string key = str(i, j);
      auto it = dictionary.find(key);
      if (it == dictionary.end()) {
        if (dictionary.size() < max_dictionary_size) dictionary[key][s[i]] = 1;
        continue;
      }
      std::uint8_t y = 0;
      std::uint64_t y_count = 0;
      for (const auto& [value, count] : it->second) {
        if (count >= y_count) {  // ascending values: ties go to the larger
          y = value;
          y_count = count;
        }
      }
      if (y_count > max_count) {
        max_count = y_count;
        guess = y;
      }
      ++it->second[s[i]];
    }
    ++out.predictions;
    if (guess == s[i]) {
      ++out.correct;
      out.longest_run = std::max(out.longest_run, ++run);
    } else {
      run = 0;
    }
  }
  return out;
}

// The follower counters held next to a string: every held value is found at its own
// counter and no other value is found, for sets that put 0 next to 1 and 0xFF next to 0xFE
// (where a compare of all bytes at once could flag a neighbour), and the eighth value finds
// the record full.
TEST(PredictorsTest, FollowersFindEachHeldValueAndNoOther) {
  const std::vector<std::vector<std::uint8_t>> sets = {
      {0, 1, 2, 3, 4, 5, 6}, {1, 0, 255, 254, 128, 127, 7}, {255, 0, 1}, {9}, {}, {0}};
  for (const auto& set : sets) {
    internal::Followers f;
    for (const std::uint8_t v : set) f.Add(v);
    ASSERT_EQ(f.Size(), set.size());
    EXPECT_EQ(f.Full(), set.size() == internal::Followers::kInline);
    for (int v = 0; v < 256; ++v) {
      const auto at = std::find(set.begin(), set.end(), v);
      std::uint32_t* c = f.Find(static_cast<std::uint8_t>(v));
      if (at == set.end()) {
        EXPECT_EQ(c, nullptr) << "value " << v;
      } else {
        ASSERT_NE(c, nullptr) << "value " << v;
        EXPECT_EQ(c, &f.counts[static_cast<std::size_t>(at - set.begin())]) << "value " << v;
        EXPECT_EQ(*c, 1u);
      }
    }
  }
  // The most frequent follower, ties to the larger value.
  internal::Followers f;
  f.Add(3);
  f.Counted(1, 3);
  f.Add(5);
  f.Counted(1, 5);
  EXPECT_EQ(f.best_value, 5);
  ++*f.Find(3);
  f.Counted(2, 3);
  EXPECT_EQ(f.best_value, 3);
  EXPECT_EQ(f.best_count, 2u);
}

// Wider samples, through the dictionary filling up. At 6.3.10's size (65,536 strings) the
// random walk on 5 bits (seed found by search) fills it with a string whose shorter suffix
// found no room and meets that string three times later; with a dictionary of 40 to 4,000
// strings that happens early and often, on every source.
TEST(PredictorsTest, Lz78yCountsFollowTheStandardStepByStep) {
  struct Case {
    const char* source;
    std::size_t n;
    std::uint8_t mask;
    std::uint64_t seed;
  };
  for (const Case& c : {Case{"walk", 60000, 31, 8}, Case{"minbyte", 30000, 255, 1},
                        Case{"period", 3000, 255, 1}}) {
    auto samples = GenerateSource(c.source, c.n, c.seed);
    for (auto& v : samples) v = static_cast<std::uint8_t>(v & c.mask);
    SCOPED_TRACE(std::string(c.source) + " " + std::to_string(c.n) + " & " +
                 std::to_string(c.mask) + " seed " + std::to_string(c.seed));
    const PredictorCounts want = LiteralLz78yCounts(samples);
    const PredictorCounts got = Lz78yCounts(samples);
    ExpectSameCounts(got, want);
  }
  for (const char* source : {"walk", "minbyte", "uniform", "period"}) {
    for (const int mask : {3, 7, 255}) {
      for (const std::uint32_t room : {40u, 400u, 4000u}) {
        auto samples = GenerateSource(source, 5000, room);
        for (auto& v : samples) v = static_cast<std::uint8_t>(v & mask);
        SCOPED_TRACE(std::string(source) + " & " + std::to_string(mask) + ", room for " +
                     std::to_string(room));
        const PredictorCounts want = LiteralLz78yCounts(samples, room);
        const PredictorCounts got = internal::Lz78yCountsWithDictionary(samples, room);
        ExpectSameCounts(got, want);
      }
    }
  }
}

// Bitstrings: short ones (hash tables), and from 32,768 bits (tables indexed by the
// strings) through the dictionary filling up, after which known strings are taken shortest
// first; the periodic and walk bits make offers of equal counts from strings of different
// lengths, which the longest must win.
TEST(PredictorsTest, Lz78yCountsOnBitsFollowTheStandardStepByStep) {
  struct Case {
    const char* source;
    std::size_t bytes;
    std::uint64_t seed;
  };
  for (const Case& c : {Case{"uniform", 2000, 1}, Case{"uniform", 8000, 2},
                        Case{"minbyte", 8000, 3}, Case{"walk", 8000, 4},
                        Case{"period", 8000, 5}, Case{"walk", 3000, 6}}) {
    const std::vector<std::uint8_t> bits = Bits(GenerateSource(c.source, c.bytes, c.seed));
    SCOPED_TRACE(std::string(c.source) + " " + std::to_string(bits.size()) + " bits, seed " +
                 std::to_string(c.seed));
    ExpectSameCounts(Lz78yCounts(bits), LiteralLz78yCounts(bits));
  }
}

// A named input for the step-by-step tests below.
struct Case {
  std::string name;
  std::vector<std::uint8_t> s;
};

// 6.3.9 step by step with maps, in the order the header of multi_mmc.cc states (NIST's):
// the counts MultiMmcCounts must give, independent of its tables and of the packed,
// branch-free form its bitstring loop takes on long inputs.
PredictorCounts LiteralMultiMmcCounts(const std::vector<std::uint8_t>& s) {
  constexpr std::size_t kD = 16;
  constexpr std::size_t kMaxEntries = 100000;
  PredictorCounts out;
  if (s.size() < 3) return out;
  std::vector<std::map<std::string, std::map<std::uint8_t, std::uint64_t>>> model(kD);
  std::vector<std::size_t> entries(kD, 0);
  auto str = [&](std::size_t end, std::size_t j) {  // the j samples before `end`
    return std::string(s.begin() + static_cast<std::ptrdiff_t>(end - j),
                       s.begin() + static_cast<std::ptrdiff_t>(end));
  };
  for (std::size_t d = 0; d < kD && d + 2 < s.size(); ++d) {
    model[d][str(d + 1, d + 1)][s[d + 1]] = 1;
    entries[d] = 1;
  }
  std::vector<std::uint64_t> score(kD, 0);
  std::size_t winner = 0;
  std::uint64_t run = 0;
  for (std::size_t i = 2; i < s.size(); ++i) {
    const std::size_t round_winner = winner;
    bool known = true;
    for (std::size_t d = 0; d < kD && d + 2 <= i; ++d) {
      auto& followers = model[d][str(i, d + 1)];
      known = known && !followers.empty();
      if (known) {
        std::uint8_t guess = 0;
        std::uint64_t best = 0;
        for (const auto& [value, count] : followers) {
          if (count >= best) {  // ascending values: ties go to the larger
            guess = value;
            best = count;
          }
        }
        const bool right = guess == s[i];
        if (right && ++score[d] >= score[winner]) winner = d;
        if (d == round_winner) {
          if (right) {
            ++out.correct;
            out.longest_run = std::max(out.longest_run, ++run);
          } else {
            run = 0;
          }
        }
      }
      auto it = followers.find(s[i]);
      if (it != followers.end()) {
        ++it->second;
      } else if (entries[d] < kMaxEntries) {
        followers[s[i]] = 1;
        ++entries[d];
      }
    }
  }
  out.predictions = s.size() - 2;
  return out;
}

// Bitstrings short (hash tables, the general loop) and long (the packed tables), wider
// samples, and the order-16 model full: 200,000 random bits give it more than 100,000
// (string, follower) pairs, then 200,000 bits of a 16-bit feedback shift register, which
// only that model could learn, were it not full (a model that ignores maxEntries there
// counts about 8,000 more correct guesses).
std::vector<Case> MultiMmcCases() {
  std::vector<std::uint8_t> full = Bits(GenerateSource("uniform", 200000 / 8, 5));
  std::uint32_t lfsr = 0xACE1u;  // x^16 + x^14 + x^13 + x^11 + 1, period 65,535
  for (int i = 0; i < 200000; ++i) {
    const std::uint32_t bit = (lfsr ^ (lfsr >> 2) ^ (lfsr >> 3) ^ (lfsr >> 5)) & 1u;
    lfsr = (lfsr >> 1) | (bit << 15);
    full.push_back(static_cast<std::uint8_t>(bit));
  }
  std::vector<Case> cases = {{"order 16 full", full}};
  cases.push_back({"walk bits", Bits(GenerateSource("walk", 8000, 3))});
  cases.push_back({"walk bits, long", Bits(GenerateSource("walk", 40000, 7))});
  cases.push_back({"minbyte bits", Bits(GenerateSource("minbyte", 6000, 3))});
  cases.push_back({"bits70", GenerateSource("bits70", 40000, 3)});
  cases.push_back({"uniform bits, short", Bits(GenerateSource("uniform", 3000, 3))});
  cases.push_back({"walk samples", GenerateSource("walk", 3000, 3)});
  cases.push_back({"period bits", Bits(GenerateSource("period", 3000, 3))});
  return cases;
}

TEST(PredictorsTest, MultiMmcCountsFollowTheStandardStepByStep) {
  std::vector<Case> cases = MultiMmcCases();
  // Bytes enough to fill the two-sample model's 100,000 pairs (its strings are indexed
  // directly, the longer ones' hashed). Here only: the scoreboard kernels differ in no way
  // this case adds to the others, and the steps written out take seconds on it.
  cases.push_back({"uniform samples", GenerateSource("uniform", 120000, 3)});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const PredictorCounts want = LiteralMultiMmcCounts(c.s);
    ExpectSameCounts(MultiMmcCounts(c.s), want);
    ExpectSameCounts(internal::MultiMmcCountsWith(c.s, PredictorKernel::kPortable), want);
  }
}

// The scoreboard in AVX2 registers, which MultiMmcCounts uses on a CPU with AVX2: for
// samples wider than a bit and for bitstrings of 131,072 bits or more (the first three
// cases).
TEST(PredictorsTest, MultiMmcAvx2KernelFollowsTheStandardStepByStep) {
  if (BestPredictorKernel() != PredictorKernel::kAvx2) {
    GTEST_SKIP() << "this CPU has no AVX2 and popcnt";
  }
  for (const Case& c : MultiMmcCases()) {
    SCOPED_TRACE(c.name);
    ExpectSameCounts(internal::MultiMmcCountsWith(c.s, PredictorKernel::kAvx2),
                     LiteralMultiMmcCounts(c.s));
  }
}

// 6.3.7 step by step for bits: each window's most common value counted afresh at every
// step (the windows are odd, so it is the majority), the scoreboard in window order with
// ties to the later window. The counts MultiMcwCounts must give on a bitstring.
PredictorCounts LiteralMultiMcwBitCounts(const std::vector<std::uint8_t>& s) {
  constexpr std::size_t kW[4] = {63, 255, 1023, 4095};
  PredictorCounts out;
  std::uint64_t score[4] = {};
  std::size_t winner = 0;
  std::uint64_t run = 0;
  for (std::size_t i = kW[0]; i < s.size(); ++i) {
    int guess[4] = {};
    for (std::size_t j = 0; j < 4 && kW[j] <= i; ++j) {
      std::size_t ones = 0;
      for (std::size_t t = i - kW[j]; t < i; ++t) ones += s[t];
      guess[j] = 2 * ones > kW[j] ? 1 : 0;
    }
    ++out.predictions;
    if (guess[winner] == s[i]) {
      ++out.correct;
      out.longest_run = std::max(out.longest_run, ++run);
    } else {
      run = 0;
    }
    for (std::size_t j = 0; j < 4 && kW[j] <= i; ++j) {
      if (guess[j] == s[i] && ++score[j] >= score[winner]) winner = j;
    }
  }
  return out;
}

TEST(PredictorsTest, MultiMcwBitCountsFollowTheStandardStepByStep) {
  for (const char* source : {"uniform", "walk", "minbyte", "period"}) {
    SCOPED_TRACE(source);
    const auto s = Bits(GenerateSource(source, 4000, 2));
    const PredictorCounts want = LiteralMultiMcwBitCounts(s);
    const PredictorCounts got = MultiMcwCounts(s, 2);
    ExpectSameCounts(got, want);
  }
}

// 6.3.8 step by step: every lag's guess at every step, the scoreboard in lag order with
// ties to the later lag. The counts LagCounts must give.
PredictorCounts LiteralLagCounts(const std::vector<std::uint8_t>& s) {
  constexpr std::size_t kD = 128;
  PredictorCounts out;
  std::vector<std::uint64_t> score(kD + 1, 0);
  std::size_t winner = 1;
  std::uint64_t run = 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    ++out.predictions;
    if (winner <= i && s[i - winner] == s[i]) {
      ++out.correct;
      out.longest_run = std::max(out.longest_run, ++run);
    } else {
      run = 0;
    }
    for (std::size_t d = 1; d <= kD && d <= i; ++d) {
      if (s[i - d] == s[i] && ++score[d] >= score[winner]) winner = d;
    }
  }
  return out;
}

// Bitstrings (taken 64 bits at a time) and wider samples (the walk over the right lags),
// bits that repeat themselves 64, 1, 128, 63, 65 or 127 places back nine times in ten, so
// that those lags lead, and bits whose leading lag changes within blocks or exactly at a
// block's end.
std::vector<Case> LagCases() {
  std::vector<Case> cases;
  for (const std::size_t lag : {64u, 1u, 128u, 63u, 65u, 127u}) {
    SplitMix64 rng(lag);
    std::vector<std::uint8_t> s(20000);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const bool repeat = i >= lag && rng.Next() % 10 != 0;
      s[i] = static_cast<std::uint8_t>(repeat ? s[i - lag] : rng.Next() & 1);
    }
    cases.push_back({"bits repeating at lag " + std::to_string(lag), s});
  }
  SplitMix64 rng(5100);
  std::vector<std::uint8_t> shift(40000);
  for (std::size_t i = 0; i < shift.size(); ++i) {
    const std::size_t lag = i < 10000 ? 5 : 100;
    const bool repeat = i >= lag && rng.Next() % 4 != 0;
    shift[i] = static_cast<std::uint8_t>(repeat ? shift[i - lag] : rng.Next() & 1);
  }
  cases.push_back({"bits repeating at lag 5, then 100", shift});
  // Lag 1 leads, then alternating bits: the odd lags guess nothing right, the even ones all,
  // and a lag that ends a block exactly on the leader's score takes the lead there (with
  // these seeds that happens 4 and 3 times).
  for (const std::uint64_t seed : {10u, 24u}) {
    SplitMix64 walk(seed);
    std::vector<std::uint8_t> bits;
    for (std::size_t i = 0; i < 2000 + seed % 64; ++i) {
      const bool repeat = i >= 1 && walk.Next() % 4 != 0;
      bits.push_back(static_cast<std::uint8_t>(repeat ? bits[i - 1] : walk.Next() & 1));
    }
    for (std::size_t i = 0; i < 3000; ++i) bits.push_back(bits.back() ^ 1u);
    cases.push_back({"lag 1, then alternating bits, seed " + std::to_string(seed), bits});
  }
  cases.push_back({"uniform bits", Bits(GenerateSource("uniform", 3000, 4))});
  // Lag 1 right 60 % of the time, far ahead of the others, and once right 45 times in a row
  // inside one block of 64 samples (the 150th): the longest run lies within a block.
  SplitMix64 burst_rng(77);
  std::vector<std::uint8_t> burst(20000);
  for (std::size_t i = 0; i < burst.size(); ++i) {
    const bool repeat = i >= 1 && burst_rng.Next() % 10 < 2;
    burst[i] = static_cast<std::uint8_t>(repeat ? burst[i - 1] : burst_rng.Next() & 1);
  }
  const std::size_t inside = 129 + 64 * 150 + 10;
  for (std::size_t k = 0; k < 45; ++k) burst[inside + k] = burst[inside - 1];
  cases.push_back({"bits with a run of 45 right guesses inside a block", burst});
  cases.push_back({"minbyte bits", Bits(GenerateSource("minbyte", 3000, 4))});
  cases.push_back({"walk samples", GenerateSource("walk", 20000, 4)});
  std::vector<std::uint8_t> few = GenerateSource("minbyte", 20000, 5);
  for (auto& v : few) v = static_cast<std::uint8_t>(v >> 5);  // 8 values, mostly small
  cases.push_back({"samples of 8 values", few});
  return cases;
}

TEST(PredictorsTest, LagCountsFollowTheStandardStepByStep) {
  for (const Case& c : LagCases()) {
    SCOPED_TRACE(c.name);
    const PredictorCounts want = LiteralLagCounts(c.s);
    ExpectSameCounts(LagCounts(c.s), want);
    ExpectSameCounts(internal::LagCountsWith(c.s, PredictorKernel::kPortable), want);
  }
}

// The AVX2 kernel (bitstrings), which LagCounts uses on a CPU with AVX2 and popcnt.
TEST(PredictorsTest, LagAvx2KernelFollowsTheStandardStepByStep) {
  if (BestPredictorKernel() != PredictorKernel::kAvx2) {
    GTEST_SKIP() << "this CPU has no AVX2 and popcnt";
  }
  for (const Case& c : LagCases()) {
    SCOPED_TRACE(c.name);
    ExpectSameCounts(internal::LagCountsWith(c.s, PredictorKernel::kAvx2), LiteralLagCounts(c.s));
  }
}

TEST(PredictorsTest, TooShortInputsAreNotApplicable) {
  const std::vector<std::uint8_t> s(4095, 1);
  EXPECT_FALSE(MultiMcwEstimate(s, 2).applicable);  // needs more than 4095
  EXPECT_TRUE(LagEstimate(s, 2).applicable);
  EXPECT_FALSE(Lz78yEstimate(std::vector<std::uint8_t>(17, 1), 2).applicable);
  EXPECT_FALSE(MultiMmcEstimate(std::vector<std::uint8_t>(2, 1), 2).applicable);
}

}  // namespace
}  // namespace churn::stats
