// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B (January 2018) section 6.3 min-entropy estimators for non-IID
// samples: most common value (6.3.1), collision (6.3.2), Markov (6.3.3),
// compression (6.3.4), t-tuple (6.3.5), longest repeated substring (6.3.6) and
// the four predictors of predictors.h: MultiMCW (6.3.7), Lag (6.3.8), MultiMMC
// (6.3.9) and LZ78Y (6.3.10).

#ifndef CHURN_STATS_ESTIMATORS_H_
#define CHURN_STATS_ESTIMATORS_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace churn::stats {

enum class EstimatorErrc {
  kTooFewSamples = 1,     // fewer than kMinEstimatorSamples samples
  kBadBitsPerSample = 2,  // bits_per_sample outside 1..8
  kSampleOutOfRange = 3,  // a sample >= 2^bits_per_sample
};
[[nodiscard]] const std::error_category& EstimatorCategory();
[[nodiscard]] std::error_code make_error_code(EstimatorErrc e);

// Below this many samples the estimators refuse to run. 90B asks for at least
// 1,000,000 samples for a validation; EstimatorReport::below_standard_size
// says when fewer were given. Individual estimators that need more data than
// they were given (compression: more than 1000 6-bit blocks; t-tuple: a value
// seen 35 times) are reported as not applicable and left out of the minimum,
// as NIST's reference tool does.
inline constexpr std::size_t kMinEstimatorSamples = 1000;
inline constexpr std::size_t kStandardEstimatorSamples = 1000000;

enum class Estimator {
  kMostCommonValue,           // 6.3.1
  kCollision,                 // 6.3.2, binary samples only
  kMarkov,                    // 6.3.3, binary samples only
  kCompression,               // 6.3.4, binary samples only
  kTTuple,                    // 6.3.5
  kLongestRepeatedSubstring,  // 6.3.6
  kMultiMcw,                  // 6.3.7
  kLag,                       // 6.3.8
  kMultiMmc,                  // 6.3.9
  kLz78y,                     // 6.3.10
};
[[nodiscard]] std::string_view EstimatorName(Estimator e);     // "most_common_value", ...
[[nodiscard]] std::string_view EstimatorSection(Estimator e);  // "6.3.1", ...

struct EstimatorResult {
  Estimator estimator = Estimator::kMostCommonValue;
  bool applicable = false;        // false: too little data for this estimator
  double min_entropy_bits = 0.0;  // per sample of the sequence it ran on
};

// 90B's non-IID assessment of one data set. For binary data (exactly two
// distinct sample values) every estimator runs on the samples; otherwise the
// estimators that apply to any alphabet run on the samples (H_original) and
// all of them run on the samples' bits, bits_per_sample per sample, most
// significant first (H_bitstring, per bit). The assessment is, as in 90B
// section 3.1.3 and NIST's reference tool:
//   min(bits_per_sample, H_original, bits_per_sample * H_bitstring).
struct EstimatorReport {
  int bits_per_sample = 8;
  std::uint64_t samples = 0;
  bool binary = false;               // exactly two distinct values
  bool below_standard_size = false;  // fewer than 1,000,000 samples
  std::vector<EstimatorResult> original;   // on the samples
  std::vector<EstimatorResult> bitstring;  // on the bits (non-binary only)
  double h_original_bits = 0.0;            // per sample
  double h_bitstring_bits = 1.0;           // per bit (1 when not computed)
  double min_entropy_bits = 0.0;           // per sample: the assessment
};

// Runs the ten estimators on `samples`, each a value below 2^bits_per_sample.
// All samples equal gives min_entropy_bits = 0 without running the rest.
// Fails with kTooFewSamples, kBadBitsPerSample or kSampleOutOfRange and leaves
// *report unspecified. Memory: about 3 bytes per bit of the bitstring for the
// t-tuple/LRS counts, about 16 (24 at most) when the bits repeat 256 or more at
// a time (the suffix array, t_tuple_lrs.cc), plus the predictors' bounded
// dictionaries (predictors.h).
// Runs on the calling thread only. Thread-safe for distinct reports.
[[nodiscard]] std::error_code EstimateMinEntropy(std::span<const std::uint8_t> samples,
                                                 int bits_per_sample, EstimatorReport* report);

// The single estimators, exposed for tests and for churnd --probe. `symbols`
// are sample values; `alphabet_bits` their width (1 for binary). Binary-only
// estimators require values 0/1. Each returns applicable = false when the data
// is too short for it.
[[nodiscard]] EstimatorResult MostCommonValueEstimate(std::span<const std::uint8_t> symbols);
[[nodiscard]] EstimatorResult CollisionEstimate(std::span<const std::uint8_t> bits);
[[nodiscard]] EstimatorResult MarkovEstimate(std::span<const std::uint8_t> bits);
[[nodiscard]] EstimatorResult CompressionEstimate(std::span<const std::uint8_t> bits);
// t-tuple (6.3.5) and LRS (6.3.6) share one sort of the data: both results in one call
// (t_tuple_lrs.cc).
struct TupleEstimates {
  EstimatorResult t_tuple;
  EstimatorResult lrs;
};
[[nodiscard]] TupleEstimates TupleAndLrsEstimates(std::span<const std::uint8_t> symbols);

// The length of the longest substring that occurs at least twice in `symbols`
// (occurrences may overlap); 0 for fewer than 2 symbols. Used by the IID track's LRS test
// (SP 800-90B 5.2.3). Same memory as TupleAndLrsEstimates.
[[nodiscard]] std::uint64_t LongestRepeatedSubstringLength(std::span<const std::uint8_t> symbols);

// The checks both assessments (EstimateMinEntropy and the IID track's AssessIid) make first:
// bits_per_sample in 1..8 (kBadBitsPerSample), at least kMinEstimatorSamples samples
// (kTooFewSamples), every sample below 2^bits_per_sample (kSampleOutOfRange). Trims *samples
// to INT32_MAX / 16 (the suffix array's int32 indexes; 90B data sets are far smaller) and sets
// *distinct to the number of distinct values.
[[nodiscard]] std::error_code CheckAssessmentSamples(std::span<const std::uint8_t>* samples,
                                                     int bits_per_sample, int* distinct);

// Samples of `bits_per_sample` bits as one bit per byte, most significant first: the
// bitstring of SP 800-90B 3.1.3 (samples.size() * bits_per_sample bytes).
[[nodiscard]] std::vector<std::uint8_t> ToBitstring(std::span<const std::uint8_t> samples,
                                                    int bits_per_sample);

}  // namespace churn::stats

template <>
struct std::is_error_code_enum<churn::stats::EstimatorErrc> : std::true_type {};

#endif  // CHURN_STATS_ESTIMATORS_H_
