// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B section 4.4 over a byte stream. Cutoffs come from
// stats/health_tests.h (RCT C = 1 + ceil(20/H), 4.4.1; APT window 512 for
// 8-bit samples, cutoff 1 + CRITBINOM(512, 2^-H, 1 - 2^-20), 4.4.2), and the
// semantics are those of its per-sample classes: after an RCT failure the run
// restarts at the failing sample; after an APT failure a new window starts at
// the next sample. Here they run on whole buffers: the RCT is a branch that is
// almost never taken; the APT counts matches of the window's first value over
// the rest of the window in a vectorisable loop and only walks byte by byte
// when that count could reach the cutoff, to find the failing offset.
//
// Ideal-source calibration (for the verdict): for IID uniform bytes a given
// sample completes a run of C equal samples with probability at most
// 256^-(C-1), so the expected RCT failures are at most samples * 256^-(C-1);
// a window fails when its first value recurs C - 1 more times among the next
// W - 1 samples, probability P(Binomial(W - 1, 1/256) >= C - 1), once per
// window. The total is treated as Poisson (rare, nearly independent events),
// which gives the p-value of the observed count.

#include "stats/stream_health.h"

#include <algorithm>
#include <cassert>
#include <bit>
#include <cmath>
#include <cstring>
#include <iterator>

#include "stats/health_tests.h"
#include "stats/special_functions.h"

namespace churn::stats {
namespace {

constexpr std::uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;

std::uint64_t Load64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Exact zero-byte mask (no carries across bytes): the top bit of each byte of
// the result is set iff that byte of x is zero.
std::uint64_t ZeroBytes(std::uint64_t x) { return ~(((x & kLow7) + kLow7) | x | kLow7); }
bool HasZeroByte(std::uint64_t x) { return ZeroBytes(x) != 0; }

// How many of p[0..n) equal `value`, eight bytes at a time.
int CountByte(const std::uint8_t* p, std::size_t n, std::uint8_t value) {
  const std::uint64_t pattern = 0x0101010101010101ULL * value;
  int count = 0;
  std::size_t j = 0;
  // Each matching byte leaves 0x80: shifted to 0x01 and summed into the top
  // byte by the multiply (at most 8, no carry), avoiding a libgcc popcount
  // call on builds without -mpopcnt.
  for (; j + 8 <= n; j += 8) {
    const std::uint64_t ones = ZeroBytes(Load64(p + j) ^ pattern) >> 7;
    count += static_cast<int>((ones * 0x0101010101010101ULL) >> 56);
  }
  for (; j < n; ++j) count += p[j] == value ? 1 : 0;
  return count;
}

}  // namespace

StreamHealth::StreamHealth(double claim_bits)
    : claim_bits_(claim_bits),
      rct_cutoff_(RepetitionCountCutoff(claim_bits)),
      apt_window_(kAptWindowNonBinary),
      apt_cutoff_(AdaptiveProportionCutoff(claim_bits, kAptWindowNonBinary)) {
  assert(claim_bits > 0.0 && claim_bits <= 8.0);
  ideal_rct_rate_ = std::pow(256.0, -(rct_cutoff_ - 1));
  ideal_apt_rate_ = BinomialUpperTail(static_cast<std::uint64_t>(apt_cutoff_ - 1),
                                      static_cast<std::uint64_t>(apt_window_ - 1), 1.0 / 256.0);
}

void StreamHealth::Record(StreamHealthTest test, std::uint64_t offset) {
  auto& list = test == StreamHealthTest::kRepetitionCount ? rct_positions_ : apt_positions_;
  if (list.size() < kMaxReportedHealthFailures) list.push_back({test, offset});
}

void StreamHealth::Update(std::span<const std::uint8_t> bytes) {
  const std::uint8_t* p = bytes.data();
  const std::size_t n = bytes.size();
  const std::uint64_t base = samples_;

  // Repetition Count Test.
  {
    int count = rct_count_;
    std::uint8_t last = rct_last_;
    std::size_t i = 0;
    while (i < n) {
      // Fast path: none of the next 9 bytes equals its predecessor and the
      // first differs from the carried value, so 8 bytes only reset the run.
      if (i + 9 <= n && (count == 0 || p[i] != last) &&
          !HasZeroByte(Load64(p + i) ^ Load64(p + i + 1))) {
        last = p[i + 7];
        count = 1;
        i += 8;
        continue;
      }
      if (count > 0 && p[i] == last) {
        if (++count >= rct_cutoff_) {
          count = 1;
          ++rct_failures_;
          Record(StreamHealthTest::kRepetitionCount, base + i);
        }
      } else {
        last = p[i];
        count = 1;
      }
      ++i;
    }
    rct_count_ = count;
    rct_last_ = last;
  }

  // Adaptive Proportion Test.
  std::size_t i = 0;
  while (i < n) {
    if (apt_seen_ == 0) {
      apt_first_ = p[i];
      apt_count_ = 1;
      apt_seen_ = 1;
      ++apt_windows_;
      ++i;
      continue;
    }
    const std::size_t span = std::min(n - i, static_cast<std::size_t>(apt_window_ - apt_seen_));
    const std::uint8_t first = apt_first_;
    const int matches = CountByte(p + i, span, first);
    if (apt_count_ + matches < apt_cutoff_) {
      apt_count_ += matches;
      apt_seen_ += static_cast<int>(span);
      if (apt_seen_ >= apt_window_) apt_seen_ = 0;
      i += span;
      continue;
    }
    // The cutoff is reached inside this span: find where.
    for (std::size_t j = 0; j < span; ++j) {
      ++apt_seen_;
      if (p[i + j] == first && ++apt_count_ >= apt_cutoff_) {
        ++apt_failures_;
        Record(StreamHealthTest::kAdaptiveProportion, base + i + j);
        apt_seen_ = 0;
        i += j + 1;
        break;
      }
    }
  }
  samples_ += n;
}

StreamHealthReport StreamHealth::Report() const {
  StreamHealthReport r;
  r.claim_bits = claim_bits_;
  r.rct_cutoff = rct_cutoff_;
  r.apt_window = apt_window_;
  r.apt_cutoff = apt_cutoff_;
  r.samples = samples_;
  r.rct_failures = rct_failures_;
  r.apt_failures = apt_failures_;
  // Merge by offset; at the same offset the RCT is listed first.
  std::merge(rct_positions_.begin(), rct_positions_.end(), apt_positions_.begin(),
             apt_positions_.end(), std::back_inserter(r.failures),
             [](const StreamHealthFailure& a, const StreamHealthFailure& b) {
               return a.byte_offset < b.byte_offset;
             });
  if (r.failures.size() > kMaxReportedHealthFailures) r.failures.resize(kMaxReportedHealthFailures);
  r.ideal_expected_failures = static_cast<double>(samples_) * ideal_rct_rate_ +
                              static_cast<double>(apt_windows_) * ideal_apt_rate_;
  r.p_value = PoissonUpperTail(rct_failures_ + apt_failures_, r.ideal_expected_failures);
  return r;
}

}  // namespace churn::stats
