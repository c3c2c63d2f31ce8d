// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors

#include "stats/stream_health.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "stats/health_tests.h"

namespace churn::stats {
namespace {

struct Reference {
  std::uint64_t rct = 0;
  std::uint64_t apt = 0;
  std::vector<StreamHealthFailure> failures;
};

// The per-sample classes of health_tests.h, fed one byte at a time.
Reference RunReference(const std::vector<std::uint8_t>& data, double claim) {
  RepetitionCountTest rct(RepetitionCountCutoff(claim));
  AdaptiveProportionTest apt(kAptWindowNonBinary,
                             AdaptiveProportionCutoff(claim, kAptWindowNonBinary));
  Reference ref;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!rct.Feed(data[i])) {
      ++ref.rct;
      ref.failures.push_back({StreamHealthTest::kRepetitionCount, i});
    }
    if (!apt.Feed(data[i])) {
      ++ref.apt;
      ref.failures.push_back({StreamHealthTest::kAdaptiveProportion, i});
    }
  }
  return ref;
}

std::vector<std::uint8_t> NastyStream(std::size_t n, std::uint64_t seed) {
  // Runs of random length and a skewed alphabet so both tests fire often.
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> out;
  while (out.size() < n) {
    const auto value = static_cast<std::uint8_t>(rng() % 5);
    const std::size_t run = rng() % 9 == 0 ? 1 + rng() % 12 : 1;
    for (std::size_t i = 0; i < run && out.size() < n; ++i) out.push_back(value);
  }
  return out;
}

TEST(StreamHealthTest, DecidesExactlyAsThePerSampleTestsInAnyChunking) {
  for (double claim : {1.0, 2.0, 6.0}) {
    const auto data = NastyStream(200000, static_cast<std::uint64_t>(claim * 7));
    const Reference ref = RunReference(data, claim);
    StreamHealth health(claim);
    std::size_t offset = 0;
    std::size_t step = 1;
    while (offset < data.size()) {
      const std::size_t n = std::min(step, data.size() - offset);
      health.Update({data.data() + offset, n});
      offset += n;
      step = step * 7 % 2039 + 1;
    }
    const StreamHealthReport r = health.Report();
    SCOPED_TRACE(claim);
    EXPECT_GT(ref.rct + ref.apt, 0u);
    EXPECT_EQ(r.rct_failures, ref.rct);
    EXPECT_EQ(r.apt_failures, ref.apt);
    // Positions: the same set (the reference lists RCT before APT per byte).
    ASSERT_EQ(r.failures.size(), std::min(ref.failures.size(), kMaxReportedHealthFailures));
    for (std::size_t i = 0; i < r.failures.size(); ++i) {
      EXPECT_EQ(r.failures[i].byte_offset, ref.failures[i].byte_offset) << i;
    }
  }
}

TEST(StreamHealthTest, DefaultClaimUsesCutoffFive) {
  StreamHealth health;
  EXPECT_EQ(health.Report().rct_cutoff, 5);
  EXPECT_EQ(health.Report().apt_window, 512);
}

// False-failure budget: uniform bytes trip the RCT at cutoff 5 with
// probability 256^-4 per byte, 2.4e-4 in 1 MiB; the APT far less.
TEST(StreamHealthTest, UniformBytesPassAtTheDefaultClaim) {
  std::mt19937_64 rng(2024);
  std::vector<std::uint8_t> data(1 << 20);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng() >> 56);
  StreamHealth health;
  health.Update(data);
  const StreamHealthReport r = health.Report();
  EXPECT_EQ(r.rct_failures + r.apt_failures, 0u);
  EXPECT_EQ(r.p_value, 1.0);
  EXPECT_LT(r.ideal_expected_failures, 1e-3);
}

TEST(StreamHealthTest, StuckSourceFailsWithTinyPValue) {
  std::vector<std::uint8_t> data(100000, 0x42);
  StreamHealth health;
  health.Update(data);
  const StreamHealthReport r = health.Report();
  EXPECT_GT(r.rct_failures, 20000u);
  EXPECT_GT(r.apt_failures, 100u);
  EXPECT_EQ(r.failures.front().byte_offset, 4u);  // fifth equal byte
  EXPECT_LT(r.p_value, 1e-100);
}

}  // namespace
}  // namespace churn::stats
