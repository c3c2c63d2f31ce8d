// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "stats/fips140.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "tests/stats/stats_test_support.h"

namespace churn::stats {
namespace {

using test_support::SeedFromTestName;

using Block = std::array<std::uint8_t, kFips140BlockBytes>;

// The obvious bit-by-bit definition, kept as simple as possible: the fast path must agree.
Fips140Counts ReferenceCounts(const Block& block) {
  Fips140Counts c;
  auto bit = [&block](std::size_t i) { return (block[i / 8] >> (7 - i % 8)) & 1; };
  for (std::size_t i = 0; i < kFips140BlockBits; ++i) c.ones += static_cast<std::uint32_t>(bit(i));
  for (std::uint8_t b : block) {
    ++c.nibbles[b >> 4];
    ++c.nibbles[b & 15];
  }
  std::size_t start = 0;
  while (start < kFips140BlockBits) {
    std::size_t end = start;
    while (end < kFips140BlockBits && bit(end) == bit(start)) ++end;
    const std::size_t length = end - start;
    ++c.runs[static_cast<std::size_t>(bit(start))][std::min<std::size_t>(length, 6) - 1];
    if (length >= 26) c.long_run = true;
    start = end;
  }
  return c;
}

Block RandomBlock(std::mt19937_64& rng) {
  Block b;
  for (auto& byte : b) byte = static_cast<std::uint8_t>(rng());
  return b;
}

// A block from a Markov chain: each bit repeats the previous with probability `stay`.
Block MarkovBlock(std::mt19937_64& rng, double stay) {
  Block b{};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  int bit = static_cast<int>(rng() & 1);
  for (std::size_t i = 0; i < kFips140BlockBits; ++i) {
    if (unit(rng) >= stay) bit ^= 1;
    if (bit) b[i / 8] = static_cast<std::uint8_t>(b[i / 8] | (0x80u >> (i % 8)));
  }
  return b;
}

void SetBit(Block& b, std::size_t i, int value) {
  const auto mask = static_cast<std::uint8_t>(0x80u >> (i % 8));
  b[i / 8] = static_cast<std::uint8_t>(value ? (b[i / 8] | mask) : (b[i / 8] & ~mask));
}

// A block with exactly `ones` one bits, spread so no other test is near a bound: ones are
// taken from a random permutation of positions.
Block BlockWithOnes(std::mt19937_64& rng, std::size_t ones) {
  std::vector<std::size_t> positions(kFips140BlockBits);
  for (std::size_t i = 0; i < positions.size(); ++i) positions[i] = i;
  std::shuffle(positions.begin(), positions.end(), rng);
  Block b{};
  for (std::size_t i = 0; i < ones; ++i) SetBit(b, positions[i], 1);
  return b;
}

// Every kernel this CPU supports must give the reference counts.
::testing::AssertionResult AllKernelsMatch(const Block& b) {
  const Fips140Counts reference = ReferenceCounts(b);
  for (Fips140Kernel k : {Fips140Kernel::kPortable, Fips140Kernel::kPopcnt, Fips140Kernel::kAvx2}) {
    if (!Fips140KernelSupported(k)) continue;
    if (!(CountFips140BlockWith(k, b) == reference)) {
      return ::testing::AssertionFailure() << "kernel " << static_cast<int>(k) << " differs";
    }
  }
  if (!(CountFips140Block(b) == reference)) {
    return ::testing::AssertionFailure() << "default kernel differs";
  }
  return ::testing::AssertionSuccess();
}

TEST(Fips140Test, FastCountsMatchBitByBitReferenceOnRandomBlocks) {
  const std::uint64_t seed = SeedFromTestName();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 300; ++i) {
    const Block b = RandomBlock(rng);
    ASSERT_TRUE(AllKernelsMatch(b)) << "block " << i;
  }
}

TEST(Fips140Test, FastCountsMatchReferenceOnCorrelatedAndSparseBlocks) {
  const std::uint64_t seed = SeedFromTestName();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  // Stay probabilities up to 0.97 give long runs everywhere, including across word and
  // block edges; the low ones give alternating patterns.
  for (double stay : {0.02, 0.3, 0.5, 0.52, 0.7, 0.9, 0.95, 0.97}) {
    for (int i = 0; i < 20; ++i) {
      const Block b = MarkovBlock(rng, stay);
      ASSERT_TRUE(AllKernelsMatch(b)) << "stay " << stay << " block " << i;
    }
  }
  Block zeros{};
  EXPECT_TRUE(AllKernelsMatch(zeros));
  Block ones;
  ones.fill(0xff);
  EXPECT_TRUE(AllKernelsMatch(ones));
}

TEST(Fips140Test, LongRunDetectedAtEveryOffsetAndLength) {
  const std::uint64_t seed = SeedFromTestName();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  // Plant runs of 24..28 bits of both values at offsets around word edges, the block start
  // and the block end; the bits next to the run are the other value so its length is exact.
  const std::vector<std::size_t> bases = {0, 1, 37, 64 - 26, 64 - 13, 64 * 100 + 7, 19968 - 20,
                                          20000 - 28, 20000 - 26, 20000 - 25, 20000 - 24};
  for (std::size_t base : bases) {
    for (std::size_t length = 24; length <= 28; ++length) {
      for (int value = 0; value <= 1; ++value) {
        if (base + length > kFips140BlockBits) continue;
        Block b = RandomBlock(rng);
        for (std::size_t i = base; i < base + length; ++i) SetBit(b, i, value);
        if (base > 0) SetBit(b, base - 1, 1 - value);
        if (base + length < kFips140BlockBits) SetBit(b, base + length, 1 - value);
        const Fips140Counts reference = ReferenceCounts(b);
        ASSERT_TRUE(AllKernelsMatch(b)) << "base " << base << " length " << length;
        if (length >= 26) {
          EXPECT_TRUE(reference.long_run);
        }
      }
    }
  }
}

TEST(Fips140Test, BitsAreReadMostSignificantFirst) {
  Block b{};
  b[0] = 0x80;  // first bit 1, then 19,999 zeros: one 1-run of length 1 and one long 0-run
  const Fips140Counts c = CountFips140Block(b);
  EXPECT_EQ(c.ones, 1u);
  EXPECT_EQ(c.runs[1][0], 1u);
  EXPECT_EQ(c.runs[0][5], 1u);
  EXPECT_EQ(c.nibbles[8], 1u);
  EXPECT_EQ(c.nibbles[0], 4999u);
  b[0] = 0x01;  // bit 7 set: zero-run of 7 then a one-run of 1, then zeros
  const Fips140Counts d = CountFips140Block(b);
  EXPECT_EQ(d.runs[0][5], 2u);
  EXPECT_EQ(d.runs[1][0], 1u);
}

TEST(Fips140Test, MonobitBoundaries) {
  std::mt19937_64 rng(SeedFromTestName());
  struct Case {
    std::size_t ones;
    bool fails;
  };
  for (const Case& c : {Case{9725, true}, Case{9726, false}, Case{10274, false},
                        Case{10275, true}}) {
    const Block b = BlockWithOnes(rng, c.ones);
    const Fips140Counts counts = CountFips140Block(b);
    ASSERT_EQ(counts.ones, c.ones);
    EXPECT_EQ(JudgeFips140Counts(counts).Failed(Fips140Test::kMonobit), c.fails) << c.ones;
  }
}

// Nibble counts with a given sum of squares S, judged directly: the bound is on S alone.
// Twelve counts of 312 and four more from a sum-of-four-squares decomposition of the rest.
// (Real blocks only reach even S, since S ≡ Σf = 5000 mod 2; the odd sums check the
// comparison itself.)
bool NibblesWithSumOfSquares(std::uint64_t target, Fips140Counts& c) {
  const std::uint64_t fixed = 12ULL * 312 * 312;
  if (target < fixed) return false;
  const std::uint64_t rest = target - fixed;
  auto isqrt = [](std::uint64_t v) {
    std::uint64_t r = 0;
    while ((r + 1) * (r + 1) <= v) ++r;
    return r;
  };
  for (std::uint64_t a = isqrt(rest); a > 0; --a) {
    for (std::uint64_t b = isqrt(rest - a * a); b + 1 > 0; --b) {
      const std::uint64_t r2 = rest - a * a - b * b;
      for (std::uint64_t d = isqrt(r2); d + 1 > 0 && d * d * 2 >= r2; --d) {
        const std::uint64_t e = isqrt(r2 - d * d);
        if (e * e == r2 - d * d) {
          c.nibbles.fill(312);
          c.nibbles[12] = static_cast<std::uint32_t>(a);
          c.nibbles[13] = static_cast<std::uint32_t>(b);
          c.nibbles[14] = static_cast<std::uint32_t>(d);
          c.nibbles[15] = static_cast<std::uint32_t>(e);
          return true;
        }
        if (d == 0) break;
      }
      if (b == 0) break;
    }
  }
  return false;
}

TEST(Fips140Test, PokerBoundariesOnSumOfSquares) {
  struct Case {
    std::uint64_t sum;
    bool fails;
  };
  for (const Case& k : {Case{1563174, true}, Case{1563175, true}, Case{1563176, false},
                        Case{1576928, false}, Case{1576929, true}, Case{1576930, true}}) {
    Fips140Counts c;
    c.ones = 10000;
    c.runs[0] = c.runs[1] = {2500, 1250, 625, 312, 156, 156};
    ASSERT_TRUE(NibblesWithSumOfSquares(k.sum, c)) << k.sum;
    ASSERT_EQ(PokerSumOfSquares(c), k.sum);
    const Fips140Result r = JudgeFips140Counts(c);
    EXPECT_EQ(r.Failed(Fips140Test::kPoker), k.fails) << k.sum;
    EXPECT_FALSE(r.Failed(Fips140Test::kRuns));
    EXPECT_FALSE(r.Failed(Fips140Test::kMonobit));
  }
}

TEST(Fips140Test, PokerSumFromRealBlockMatchesReference) {
  std::mt19937_64 rng(SeedFromTestName());
  const Block b = MarkovBlock(rng, 0.55);
  const Fips140Counts c = CountFips140Block(b);
  std::uint64_t s = 0;
  for (auto f : ReferenceCounts(b).nibbles) s += std::uint64_t{f} * f;
  EXPECT_EQ(PokerSumOfSquares(c), s);
}

TEST(Fips140Test, RunsBoundariesForEveryBucket) {
  for (std::size_t bit = 0; bit < 2; ++bit) {
    for (std::size_t k = 0; k < 6; ++k) {
      Fips140Counts c;
      c.ones = 10000;
      ASSERT_TRUE(NibblesWithSumOfSquares(1570000, c));
      c.runs[0] = c.runs[1] = {2500, 1250, 625, 312, 156, 156};
      ASSERT_TRUE(JudgeFips140Counts(c).Passed());
      c.runs[bit][k] = kRunsMin[k] - 1;
      EXPECT_TRUE(JudgeFips140Counts(c).Failed(Fips140Test::kRuns)) << bit << " " << k;
      c.runs[bit][k] = kRunsMin[k];
      EXPECT_FALSE(JudgeFips140Counts(c).Failed(Fips140Test::kRuns)) << bit << " " << k;
      c.runs[bit][k] = kRunsMax[k];
      EXPECT_FALSE(JudgeFips140Counts(c).Failed(Fips140Test::kRuns)) << bit << " " << k;
      c.runs[bit][k] = kRunsMax[k] + 1;
      EXPECT_TRUE(JudgeFips140Counts(c).Failed(Fips140Test::kRuns)) << bit << " " << k;
    }
  }
  EXPECT_EQ(kRunsMin[0], 2315u);
  EXPECT_EQ(kRunsMax[0], 2685u);
}

TEST(Fips140Test, RunOf25PassesAndRunOf26FailsLongRun) {
  std::mt19937_64 rng(SeedFromTestName());
  for (std::size_t length : {25u, 26u}) {
    Block b = RandomBlock(rng);
    // Clear any accidental long run first: alternate every 20th bit.
    for (std::size_t i = 0; i < kFips140BlockBits; i += 20) SetBit(b, i, static_cast<int>(i / 20 % 2));
    const std::size_t base = 5000;
    for (std::size_t i = base; i < base + length; ++i) SetBit(b, i, 1);
    SetBit(b, base - 1, 0);
    SetBit(b, base + length, 0);
    ASSERT_TRUE(AllKernelsMatch(b));
    const Fips140Counts c = CountFips140Block(b);
    EXPECT_EQ(JudgeFips140Counts(c).Failed(Fips140Test::kLongRun), length == 26);
  }
}

TEST(Fips140Test, LongRunAtBlockEdgeIsNotJoinedWithNextBlock) {
  std::mt19937_64 rng(SeedFromTestName());
  // 13 ones at the end of block 1 and 13 at the start of block 2: 26 in the stream, but
  // runs end at block edges, so neither block fails (as rngtest 2.3 counts).
  Block a = RandomBlock(rng);
  Block b = RandomBlock(rng);
  for (std::size_t i = 0; i < kFips140BlockBits; i += 20) {
    SetBit(a, i, static_cast<int>(i / 20 % 2));
    SetBit(b, i, static_cast<int>(i / 20 % 2));
  }
  for (std::size_t i = kFips140BlockBits - 13; i < kFips140BlockBits; ++i) SetBit(a, i, 1);
  SetBit(a, kFips140BlockBits - 14, 0);
  for (std::size_t i = 0; i < 13; ++i) SetBit(b, i, 1);
  SetBit(b, 13, 0);
  Fips140Tester tester(0x12345678);
  EXPECT_FALSE(tester.TestBlock(a).Failed(Fips140Test::kLongRun));
  EXPECT_FALSE(tester.TestBlock(b).Failed(Fips140Test::kLongRun));
  // A 26-bit run ending exactly at the last bit of a block fails that block.
  for (std::size_t i = kFips140BlockBits - 26; i < kFips140BlockBits; ++i) SetBit(a, i, 0);
  SetBit(a, kFips140BlockBits - 27, 1);
  EXPECT_TRUE(tester.TestBlock(a).Failed(Fips140Test::kLongRun));
}

TEST(Fips140Test, ContinuousRunInsideBlockAtEdgeAndAgainstSeed) {
  std::mt19937_64 rng(SeedFromTestName());
  Block a = RandomBlock(rng);
  const std::uint32_t seed = Fips140Word(std::span<const std::uint8_t, 4>(a.data(), 4));
  {
    Fips140Tester tester(seed);  // first word equals the seed word
    EXPECT_TRUE(tester.TestBlock(a).Failed(Fips140Test::kContinuousRun));
  }
  {
    Fips140Tester tester(seed ^ 1);
    EXPECT_FALSE(tester.TestBlock(a).Failed(Fips140Test::kContinuousRun));
    EXPECT_EQ(tester.last_word(),
              Fips140Word(std::span<const std::uint8_t, 4>(a.data() + kFips140BlockBytes - 4, 4)));
    // Next block starts with the last word of the previous block: fails at the edge.
    Block b = RandomBlock(rng);
    std::copy(a.end() - 4, a.end(), b.begin());
    EXPECT_TRUE(tester.TestBlock(b).Failed(Fips140Test::kContinuousRun));
    // A repeat inside a block, at word 300.
    Block c = RandomBlock(rng);
    std::copy(c.begin() + 1196, c.begin() + 1200, c.begin() + 1200);
    EXPECT_TRUE(tester.TestBlock(c).Failed(Fips140Test::kContinuousRun));
    // Equal bytes that are not word-aligned do not count.
    Block d = RandomBlock(rng);
    std::copy(d.begin() + 1197, d.begin() + 1201, d.begin() + 1201);
    EXPECT_FALSE(tester.TestBlock(d).Failed(Fips140Test::kContinuousRun));
  }
}

TEST(Fips140Test, SeedWordIsLittleEndian) {
  const std::array<std::uint8_t, 4> bytes = {0x01, 0x02, 0x03, 0x04};
  EXPECT_EQ(Fips140Word(bytes), 0x04030201u);
}

TEST(Fips140Test, MultiFailureBlockReportsEveryFailedTest) {
  Block zeros{};
  Fips140Tester tester(0);
  const Fips140Result r = tester.TestBlock(zeros);
  EXPECT_FALSE(r.Passed());
  for (Fips140Test t : kAllFips140Tests) EXPECT_TRUE(r.Failed(t)) << Fips140TestName(t);
}

TEST(Fips140Test, GoodRandomBlocksMostlyPass) {
  // An ideal source fails about 1 block in 1,250 (FIPS 140-2); with 200 blocks the chance of
  // more than 3 failures is below 1e-6, our false-failure budget for this test.
  std::mt19937_64 rng(SeedFromTestName());
  Fips140Tester tester(0);
  int failures = 0;
  for (int i = 0; i < 200; ++i) failures += tester.TestBlock(RandomBlock(rng)).Passed() ? 0 : 1;
  EXPECT_LE(failures, 3);
}

// The dispatcher picks the fastest kernel the CPU runs, judged from the kernel's own account
// of the CPU (/proc/cpuinfo flags) rather than from the compiler builtins the dispatcher uses:
// AVX2 (with POPCNT), else POPCNT, else the portable one; and exactly the kernels up to that
// one are supported. Off x86-64 only the portable kernel exists.
TEST(Fips140Test, BestKernelIsTheFastestTheCpuRuns) {
  Fips140Kernel expected = Fips140Kernel::kPortable;
#if defined(__x86_64__)
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  std::string flags;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) == 0) {
      flags = line.substr(line.find(':') + 1) + " ";
      break;
    }
  }
  if (flags.empty()) GTEST_SKIP() << "no flags line in /proc/cpuinfo";
  const bool popcnt = flags.find(" popcnt ") != std::string::npos;
  const bool avx2 = flags.find(" avx2 ") != std::string::npos;
  expected = avx2 && popcnt ? Fips140Kernel::kAvx2
             : popcnt       ? Fips140Kernel::kPopcnt
                            : Fips140Kernel::kPortable;
#endif
  EXPECT_EQ(BestFips140Kernel(), expected);
  for (const Fips140Kernel k :
       {Fips140Kernel::kPortable, Fips140Kernel::kPopcnt, Fips140Kernel::kAvx2}) {
    EXPECT_EQ(Fips140KernelSupported(k), static_cast<int>(k) <= static_cast<int>(expected))
        << static_cast<int>(k);
  }
}

TEST(Fips140Test, TestNamesMatchRngtestLines) {
  EXPECT_EQ(Fips140TestName(Fips140Test::kMonobit), "Monobit");
  EXPECT_EQ(Fips140TestName(Fips140Test::kLongRun), "Long run");
  EXPECT_EQ(Fips140TestName(Fips140Test::kContinuousRun), "Continuous run");
}

}  // namespace
}  // namespace churn::stats
