// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The IID track of SP 800-90B (January 2018) section 5: the permutation tests of 5.1
// (permutation_tests.cc), the chi-square tests of 5.2.1/5.2.2 (chi_square_tests.cc), the
// longest repeated substring test of 5.2.3 and, when the IID assumption stands, the most
// common value estimate of 6.3.1 as the assessment (iid_track.cc).
//
// Sample values: the tests see the values as given (excursion, covariance and compression
// use them directly; ordering and equality are all the others need). Data with exactly two
// distinct values is "binary": the smaller is 0, the larger 1, and 5.1's conversions apply.

#ifndef CHURN_STATS_IID_TESTS_H_
#define CHURN_STATS_IID_TESTS_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <system_error>

namespace churn::stats {

// 5.1: 10,000 permutations; a statistic fails when its original value t ranks among the
// top or bottom 5 of the 10,001 values: C0 + C1 <= 5 or C0 >= 9995 (C0 counts permuted
// values above t, C1 equal ones, C2 those below).
inline constexpr int kIidPermutations = 10000;
inline constexpr int kIidRankCutoff = 5;
// 5.2: the chi-square and LRS tests fail below this p-value.
inline constexpr double kIidTestAlpha = 0.001;
// The shuffles' seed when none is given (--iid-seed): any fixed value keeps runs
// reproducible; this one is "90B" in ASCII.
inline constexpr std::uint64_t kDefaultIidSeed = 0x393042;

// The 19 statistics of 5.1.1-5.1.11, in the standard's (and NIST's tool's) order.
enum class PermutationStatistic {
  kExcursion,              // 5.1.1
  kDirectionalRuns,        // 5.1.2 number of directional runs
  kDirectionalRunLength,   // 5.1.3 length of the longest directional run
  kIncreasesDecreases,     // 5.1.4 max(number of increases, number of decreases)
  kMedianRuns,             // 5.1.5 number of runs based on the median
  kMedianRunLength,        // 5.1.6 longest run based on the median
  kAverageCollision,       // 5.1.7
  kMaximumCollision,       // 5.1.8
  kPeriodicity1,           // 5.1.9, lags 1, 2, 8, 16, 32
  kPeriodicity2,
  kPeriodicity8,
  kPeriodicity16,
  kPeriodicity32,
  kCovariance1,            // 5.1.10, lags 1, 2, 8, 16, 32
  kCovariance2,
  kCovariance8,
  kCovariance16,
  kCovariance32,
  kCompression,            // 5.1.11, bzip2 (block size 5) of the values as decimal text
};
inline constexpr int kPermutationStatisticCount = 19;
[[nodiscard]] std::string_view PermutationStatisticName(PermutationStatistic s);  // "excursion"
[[nodiscard]] std::string_view PermutationStatisticSection(PermutationStatistic s);  // "5.1.1"

using PermutationValues = std::array<double, kPermutationStatisticCount>;

// The 19 statistics of `samples` (at least 2, at most 2^27: the excursion's integer
// L S_i then fits 63 bits), with the mean and median
// taken from `samples` themselves. Binary data: the directional tests (5.1.2-5.1.4),
// periodicity and covariance run on Conversion I (ones per 8-bit block, a last short block
// included), the collision tests on Conversion II (8-bit blocks as bytes), the median is
// 0.5. Excursion is max |S_i - i * mean|, covariance sum s_i s_(i+p), compression the
// bzip2 size in bytes. Pure; thread-safe.
[[nodiscard]] PermutationValues PermutationStatistics(std::span<const std::uint8_t> samples);

// How much of 5.1 PermutationTests computes.
enum class PermutationScope {
  // Only what the outcome needs: the compression statistic (5.1.11, one bzip2 per shuffle,
  // about 100 times the other 18 together) is left out once another statistic has failed,
  // since the permutation tests then fail whatever it says. Its t is still computed.
  kUntilVerdict,
  // Every statistic until its counters decide it, as NIST's ea_iid does
  // (churn-rngtest --iid-all-statistics).
  kAllStatistics,
};

struct PermutationTestReport {
  std::uint64_t seed = kDefaultIidSeed;
  PermutationScope scope = PermutationScope::kUntilVerdict;
  int shuffles = 0;                 // permutations drawn (at most kIidPermutations)
  PermutationValues original{};     // t_i on the data as given
  std::array<std::array<int, 3>, kPermutationStatisticCount> counters{};  // C0, C1, C2
  // False only for the compression statistic under kUntilVerdict after another statistic
  // failed: its counters are then 0 and its passed false (neither pass nor fail).
  std::array<bool, kPermutationStatisticCount> computed{};
  std::array<bool, kPermutationStatisticCount> passed{};
  bool passed_all = false;
};

// 5.1 on `samples` (2 to 2^27): Fisher-Yates shuffles drawn from
// xoshiro256** seeded through SplitMix64 from `seed` (unbiased bounded draws, Lemire's
// multiply-and-reject), so a seed and input give the same counters on every machine.
// Early end (exact, not a heuristic): a statistic is no longer computed once its counters
// decide it — pass when C0 + C1 >= 6 and C1 + C2 >= 6, fail when C0 or C2 reaches 9995 —
// and the run ends when all 19 have decided, so the verdict equals that of all 10,000
// shuffles. With kUntilVerdict the compression statistic runs after the other 18, over the
// same shuffles again, and only if none of them failed; every statistic computed has the
// counters a single pass gives (kAllStatistics). Memory: two copies of the samples plus
// bzip2's buffers (about 9 bytes per sample). Runs on the calling thread; thread-safe for
// distinct reports.
void PermutationTests(std::span<const std::uint8_t> samples, std::uint64_t seed,
                      PermutationTestReport* report,
                      PermutationScope scope = PermutationScope::kUntilVerdict);

// One chi-square test of 5.2.1/5.2.2: statistic, degrees of freedom and the upper tail.
struct ChiSquareTestResult {
  bool applicable = false;  // false: too few samples for any bin (then it passes)
  double statistic = 0.0;
  int degrees_of_freedom = 0;
  double p_value = 1.0;
  bool passed = true;  // p_value >= kIidTestAlpha
};

// 5.2.1 chi-square independence. Non-binary: expected counts p_i p_j floor(L/2) of the
// non-overlapping pairs, pairs sorted by expectation and merged into bins of expectation
// >= 5 (a short last bin joins the one before), df = bins - k for k distinct values.
// Binary: m-bit non-overlapping tuples, m the largest of 2..11 with
// min(p0, p1)^m floor(L/m) >= 5, df = 2^m - 2.
[[nodiscard]] ChiSquareTestResult ChiSquareIndependence(std::span<const std::uint8_t> samples);
// 5.2.2 chi-square goodness of fit over 10 consecutive subsets of floor(L/10) samples.
// Non-binary: expectations p_i floor(L/10) binned as above, df = 9 (bins - 1). Binary:
// zeros and ones per subset, df = 9.
[[nodiscard]] ChiSquareTestResult ChiSquareGoodnessOfFit(std::span<const std::uint8_t> samples);

// 5.2.3: W, the length of the longest repeated substring, P_col = sum p_i^2 and
// Pr(X >= 1) = 1 - (1 - P_col^W)^C(L - W + 1, 2); fails when Pr(X >= 1) < 0.001.
struct LrsTestResult {
  std::uint64_t longest_repeat = 0;  // W
  double p_col = 0.0;
  double p_at_least_one = 1.0;  // Pr(X >= 1)
  bool passed = true;
};
[[nodiscard]] LrsTestResult LongestRepeatedSubstringTest(std::span<const std::uint8_t> samples);

// The whole track on one data set.
struct IidReport {
  int bits_per_sample = 8;
  std::uint64_t samples = 0;
  bool binary = false;
  bool single_value = false;  // one value only: nothing tested, iid false, assessment 0
  ChiSquareTestResult independence;
  ChiSquareTestResult goodness_of_fit;
  LrsTestResult lrs;
  PermutationTestReport permutation;
  bool iid = false;  // every test above passed: the IID assumption stands
  // Only when iid: 6.3.1 on the samples and on their bits (non-binary), per sample and
  // per bit, and the assessment min(bits_per_sample, H_original, width * H_bitstring)
  // (3.1.3). Otherwise all 0: the non-IID track (estimators.h) applies.
  double h_original_bits = 0.0;
  double h_bitstring_bits = 0.0;
  double min_entropy_bits = 0.0;
};

// Runs 5.2.1, 5.2.2, 5.2.3 and 5.1 (all of them, whatever the first ones say; 5.1 within
// `scope`, as for PermutationTests), then the verdict. Fails with EstimatorErrc::kTooFewSamples (fewer
// than kMinEstimatorSamples), kBadBitsPerSample or kSampleOutOfRange (estimators.h).
// A single repeated value is not IID-tested: iid = false and an assessment of 0.
[[nodiscard]] std::error_code AssessIid(
    std::span<const std::uint8_t> samples, int bits_per_sample, std::uint64_t seed,
    IidReport* report, PermutationScope scope = PermutationScope::kUntilVerdict);

}  // namespace churn::stats

#endif  // CHURN_STATS_IID_TESTS_H_
