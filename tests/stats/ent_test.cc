// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors

#include "stats/ent.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "tests/stats/ent_vectors.h"

namespace churn::stats {
namespace {

std::vector<std::uint8_t> RandomBytes(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng() >> 56);
  return out;
}

EntReport RunEnt(const std::vector<std::uint8_t>& data, EntMode mode = EntMode::kBytes) {
  EntStats s(mode);
  s.Update(data);
  return s.Report();
}

TEST(EntTest, ThreeBytesMatchHandComputation) {
  const EntReport r = RunEnt({'a', 'b', 'c'});
  EXPECT_EQ(r.samples, 3u);
  EXPECT_NEAR(r.entropy_bits_per_sample, std::log2(3.0), 1e-12);
  EXPECT_DOUBLE_EQ(r.mean, 98.0);
  // Circular: (3 * (97*98 + 98*99 + 99*97) - 294^2) / (3 * (97^2+98^2+99^2) - 294^2).
  EXPECT_NEAR(r.serial_correlation, -0.5, 1e-12);
  // chi2 = 3 * (1 - 3/256)^2 / (3/256) + 253 * (3/256) = 253.
  EXPECT_NEAR(r.chi_square, 253.0, 1e-9);
  EXPECT_EQ(r.monte_carlo_points, 0u);
  EXPECT_TRUE(std::isnan(r.monte_carlo_pi));
}

TEST(EntTest, MonteCarloUsesTwo24BitCoordinates) {
  // Six zero bytes: (0, 0) is inside. Six 0xff: (R, R) is outside.
  // (R, 0) with R = 2^24 - 1 is on the circle: inside (<=).
  const EntReport r = RunEnt({0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                           0xff, 0xff, 0xff, 0, 0, 0});
  EXPECT_EQ(r.monte_carlo_points, 3u);
  EXPECT_EQ(r.monte_carlo_inside, 2u);
  EXPECT_DOUBLE_EQ(r.monte_carlo_pi, 4.0 * 2.0 / 3.0);
}

TEST(EntTest, SplittingTheStreamNeverChangesTheResult) {
  const auto data = RandomBytes(100003, 11);
  for (EntMode mode : {EntMode::kBytes, EntMode::kBits}) {
    const EntReport whole = RunEnt(data, mode);
    EntStats pieces(mode);
    std::size_t offset = 0;
    std::size_t step = 1;
    while (offset < data.size()) {
      const std::size_t n = std::min(step, data.size() - offset);
      pieces.Update({data.data() + offset, n});
      offset += n;
      step = step * 3 % 1031 + 1;
    }
    const EntReport r = pieces.Report();
    EXPECT_EQ(r.samples, whole.samples);
    EXPECT_EQ(r.entropy_bits_per_sample, whole.entropy_bits_per_sample);
    EXPECT_EQ(r.chi_square, whole.chi_square);
    EXPECT_EQ(r.mean, whole.mean);
    EXPECT_EQ(r.monte_carlo_inside, whole.monte_carlo_inside);
    EXPECT_EQ(r.serial_correlation, whole.serial_correlation);
  }
}

TEST(EntTest, BitModeCountsBitsMostSignificantFirst) {
  // 0x80 0x01: bits 1000000000000001; circular adjacent ones: last-to-first.
  const EntReport r = RunEnt({0x80, 0x01}, EntMode::kBits);
  EXPECT_EQ(r.samples, 16u);
  EXPECT_DOUBLE_EQ(r.mean, 2.0 / 16.0);
  // S1 = 1 (wrap), S2 = 2, S3 = 2: (16 * 1 - 4) / (16 * 2 - 4) = 12 / 28.
  EXPECT_NEAR(r.serial_correlation, 12.0 / 28.0, 1e-12);
  EXPECT_EQ(r.chi_square_df, 1);
}

TEST(EntTest, AllEqualSamplesHaveUndefinedCorrelation) {
  const EntReport r = RunEnt(std::vector<std::uint8_t>(1000, 0x55));
  EXPECT_FALSE(r.serial_correlation_defined);
  EXPECT_EQ(r.entropy_bits_per_sample, 0.0);
  EXPECT_EQ(r.serial_correlation_p, 0.0);
  EXPECT_NE(FormatEntClassic(r).find("undefined (all values equal!)"), std::string::npos);
}

TEST(EntTest, ClassicFormatIsEntsText) {
  const EntReport r = RunEnt({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  const std::string text = FormatEntClassic(r);
  EXPECT_NE(text.find("Entropy = 3.584963 bits per byte.\n"), std::string::npos) << text;
  EXPECT_NE(text.find("of this 12 byte file by 55 percent.\n\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Arithmetic mean value of data bytes is 6.5000 (127.5 = random).\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(FormatEntTerse(r).rfind("0,File-bytes,Entropy,", 0), 0u);
}

// Debian's ent printed these texts for these bytes (tests/stats/ent_vectors.h): churn's
// text must be the same, character for character, in every mode and format. Each input is
// also fed in odd-sized pieces, as a pipe delivers it.
TEST(EntTest, TextIsWhatDebiansEntPrintedForTheSameBytes) {
  for (const EntVector& v : kEntVectors) {
    SCOPED_TRACE(std::string("ent") + (v.mode == EntMode::kBits ? " -b" : "") +
                 (v.terse ? " -t" : "") + " on " + v.input);
    const std::vector<std::uint8_t> bytes = EntVectorInput(v.input);
    EntStats whole(v.mode);
    whole.Update(bytes);
    EntStats pieces(v.mode);
    for (std::size_t off = 0; off < bytes.size(); off += 4093) {
      pieces.Update(std::span(bytes).subspan(off, std::min<std::size_t>(4093, bytes.size() - off)));
    }
    for (const EntStats* stats : {&whole, &pieces}) {
      const EntReport r = stats->Report();
      EXPECT_EQ(v.terse ? FormatEntTerse(r) : FormatEntClassic(r), v.text);
    }
  }
}

// False-failure budget: with an ideal generator each p-value is uniform, so
// each of the five checks below fails with probability 1e-6 (the data is
// seeded, so the run is deterministic anyway).
TEST(EntTest, GoodDataHasUnremarkablePValues) {
  const EntReport r = RunEnt(RandomBytes(1 << 20, 12345));
  EXPECT_GT(r.chi_square_two_sided_p, 1e-6);
  EXPECT_GT(r.entropy_p, 1e-6);
  EXPECT_GT(r.mean_p, 1e-6);
  EXPECT_GT(r.monte_carlo_p, 1e-6);
  EXPECT_GT(r.serial_correlation_p, 1e-6);
  EXPECT_NEAR(r.chi_square_upper_p, r.chi_square_ent_tail, 1e-3);
}

TEST(EntTest, BiasedAndCorrelatedDataHaveTinyPValues) {
  const std::vector<std::uint8_t> data = RandomBytes(1 << 20, 99);
  // Built element by element rather than copied from `data`: GCC 12 at -O3 reports the
  // copies' destruction as -Wfree-nonheap-object, a false positive.
  std::vector<std::uint8_t> biased(data.size());
  std::transform(data.begin(), data.end(), biased.begin(), [](std::uint8_t b) {
    return static_cast<std::uint8_t>(b % 200);  // values 200..255 missing
  });
  const EntReport rb = RunEnt(biased);
  EXPECT_LT(rb.chi_square_two_sided_p, 1e-12);
  EXPECT_LT(rb.mean_p, 1e-12);
  EXPECT_LT(rb.entropy_p, 1e-12);

  std::vector<std::uint8_t> walk;  // a random walk: strong serial correlation
  walk.reserve(data.size());
  std::uint8_t level = 0;
  for (const std::uint8_t step : data) {
    level = static_cast<std::uint8_t>(level + (step & 7));
    walk.push_back(level);
  }
  EXPECT_LT(RunEnt(walk).serial_correlation_p, 1e-12);
}

}  // namespace
}  // namespace churn::stats
