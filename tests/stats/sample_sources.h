// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Deterministic synthetic noise sources of known min-entropy, defined bit for bit here (a
// SplitMix64 stream, no library distribution) so that the same samples can be written to a
// file by churn-90b-gen and assessed by NIST's SP800-90B_EntropyAssessment outside this
// repository: its printed figures are the vectors in predictors_test.cc.
//   walk     random walk mod 128, steps -1, 0, +1 equally likely: H = log2(3) = 1.585 bits
//   minbyte  the smaller of two uniform bytes: p_max = P(0) = 511/65536, H = 7.0016 bits
//   uniform  uniform bytes: H = 8 bits
//   bits70   bits, P(1) = 0.7: H = -log2(0.7) = 0.5146 bits
//   period   the 43-byte pattern 0, 7, 14, ... (7 i mod 256) repeated: H = 0
#ifndef CHURN_TESTS_STATS_SAMPLE_SOURCES_H_
#define CHURN_TESTS_STATS_SAMPLE_SOURCES_H_

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace churn::stats::test_support {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// `n` samples of source `name` from `seed`; empty for an unknown name.
inline std::vector<std::uint8_t> GenerateSource(std::string_view name, std::size_t n,
                                                std::uint64_t seed) {
  std::vector<std::uint8_t> out(n);
  SplitMix64 rng(seed);
  if (name == "walk") {
    unsigned pos = 0;
    for (auto& s : out) {
      pos = (pos + 127 + static_cast<unsigned>(rng.Next() % 3)) % 128;
      s = static_cast<std::uint8_t>(pos);
    }
  } else if (name == "minbyte") {
    for (auto& s : out) {
      const std::uint64_t x = rng.Next();
      s = static_cast<std::uint8_t>(std::min(x & 0xff, (x >> 8) & 0xff));
    }
  } else if (name == "uniform") {
    for (auto& s : out) s = static_cast<std::uint8_t>(rng.Next() >> 56);
  } else if (name == "bits70") {
    // P(1) = 0.7 from the top 53 bits.
    for (auto& s : out) s = (rng.Next() >> 11) < 6305039478318694ULL ? 1 : 0;
  } else if (name == "period") {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>((7 * (i % 43)) & 0xff);
  } else {
    out.clear();
  }
  return out;
}

}  // namespace churn::stats::test_support

#endif  // CHURN_TESTS_STATS_SAMPLE_SOURCES_H_
