// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B section 4.4 health tests (RCT and APT) over a whole byte stream,
// one 8-bit sample per byte, at a claimed min-entropy, reporting where they
// fail and how surprising that many failures would be for an ideal source.

#ifndef CHURN_STATS_STREAM_HEALTH_H_
#define CHURN_STATS_STREAM_HEALTH_H_

#include <cstdint>
#include <span>
#include <vector>

namespace churn::stats {

// Default claim for churn-rngtest: 6 bits per byte. With the claim at the
// ideal 8 bits the RCT cutoff is 4 and perfect data trips it once per 16 MiB
// (256^-3 per byte); at 6 bits the cutoff is 5 (one false alarm expected per
// 4 GiB of perfect data) and the APT cutoff is far out of reach of uniform
// bytes, while a source worse than 6 bits per byte is still caught.
inline constexpr double kDefaultStreamHealthClaimBits = 6.0;
// At most this many failure positions are kept; the counts are exact.
inline constexpr std::size_t kMaxReportedHealthFailures = 100;

enum class StreamHealthTest { kRepetitionCount, kAdaptiveProportion };

struct StreamHealthFailure {
  StreamHealthTest test = StreamHealthTest::kRepetitionCount;
  std::uint64_t byte_offset = 0;  // offset of the failing sample in the stream
};

struct StreamHealthReport {
  double claim_bits = kDefaultStreamHealthClaimBits;
  int rct_cutoff = 0;
  int apt_window = 0;
  int apt_cutoff = 0;
  std::uint64_t samples = 0;
  std::uint64_t rct_failures = 0;
  std::uint64_t apt_failures = 0;
  std::vector<StreamHealthFailure> failures;  // the first kMaxReportedHealthFailures
  // Failures an IID uniform byte source would show on average in this many
  // samples, and P(at least this many failures) for it (Poisson).
  double ideal_expected_failures = 0.0;
  double p_value = 1.0;
};

// Streaming RCT + APT with the cutoffs of stats/health_tests.h, deciding
// exactly as its RepetitionCountTest and AdaptiveProportionTest fed one byte
// at a time (checked in the tests), but on whole buffers. Constant memory;
// not thread-safe.
class StreamHealth {
 public:
  // `claim_bits` in (0, 8].
  explicit StreamHealth(double claim_bits = kDefaultStreamHealthClaimBits);

  void Update(std::span<const std::uint8_t> bytes);
  [[nodiscard]] StreamHealthReport Report() const;

 private:
  void Record(StreamHealthTest test, std::uint64_t offset);

  double claim_bits_;
  int rct_cutoff_;
  int apt_window_;
  int apt_cutoff_;
  double ideal_rct_rate_;     // expected RCT failures per sample, ideal source
  double ideal_apt_rate_;     // expected APT failures per window, ideal source
  std::uint64_t samples_ = 0;
  // RCT state: run length (0 before the first sample) and its value.
  int rct_count_ = 0;
  std::uint8_t rct_last_ = 0;
  // APT state: samples seen in the window (0: none yet), count of its first.
  int apt_seen_ = 0;
  int apt_count_ = 0;
  std::uint8_t apt_first_ = 0;
  std::uint64_t apt_windows_ = 0;
  std::uint64_t rct_failures_ = 0;
  std::uint64_t apt_failures_ = 0;
  // The first kMaxReportedHealthFailures of each test, merged in Report().
  std::vector<StreamHealthFailure> rct_positions_;
  std::vector<StreamHealthFailure> apt_positions_;
};

}  // namespace churn::stats

#endif  // CHURN_STATS_STREAM_HEALTH_H_
