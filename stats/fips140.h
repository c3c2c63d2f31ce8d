// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// FIPS 140-2 (change notice 1, 2001-10-10, section 4.9.1) statistical tests on 20,000-bit
// blocks, plus the 32-bit continuous test, with the verdicts of Debian's rngtest
// (rng-tools-debian 2.3). See fips140.cc for the derivation of every bound.
#ifndef CHURN_STATS_FIPS140_H_
#define CHURN_STATS_FIPS140_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace churn::stats {

// One test block: 20,000 bits, read most significant bit first in each byte.
inline constexpr std::size_t kFips140BlockBytes = 2500;
inline constexpr std::size_t kFips140BlockBits = kFips140BlockBytes * 8;
// The continuous test compares aligned 32-bit words; rngtest seeds it with 4 bytes.
inline constexpr std::size_t kFips140SeedBytes = 4;

using Fips140Block = std::span<const std::uint8_t, kFips140BlockBytes>;

// The five tests, in the order rngtest reports them.
enum class Fips140Test : std::uint8_t {
  kMonobit = 0,
  kPoker = 1,
  kRuns = 2,
  kLongRun = 3,
  kContinuousRun = 4,
};
inline constexpr std::size_t kFips140TestCount = 5;
inline constexpr std::array<Fips140Test, kFips140TestCount> kAllFips140Tests = {
    Fips140Test::kMonobit, Fips140Test::kPoker, Fips140Test::kRuns, Fips140Test::kLongRun,
    Fips140Test::kContinuousRun};

// Short human name: "Monobit", "Poker", "Runs", "Long run", "Continuous run".
[[nodiscard]] std::string_view Fips140TestName(Fips140Test test);

// The verdict on one block: the set of tests it failed. Cheap value type.
class Fips140Result {
 public:
  constexpr Fips140Result() = default;
  [[nodiscard]] static constexpr Fips140Result FromMask(std::uint8_t mask) {
    Fips140Result r;
    r.mask_ = mask;
    return r;
  }
  [[nodiscard]] constexpr bool Passed() const { return mask_ == 0; }
  [[nodiscard]] constexpr bool Failed(Fips140Test test) const {
    return (mask_ & Bit(test)) != 0;
  }
  constexpr void Fail(Fips140Test test) { mask_ = static_cast<std::uint8_t>(mask_ | Bit(test)); }
  [[nodiscard]] constexpr std::uint8_t mask() const { return mask_; }
  friend constexpr bool operator==(Fips140Result, Fips140Result) = default;

 private:
  static constexpr std::uint8_t Bit(Fips140Test test) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(test));
  }
  std::uint8_t mask_ = 0;
};

// The statistics of one block that the four block tests judge.
struct Fips140Counts {
  std::uint32_t ones = 0;
  // How often each 4-bit value occurs among the 5,000 nibbles of the block.
  std::array<std::uint32_t, 16> nibbles{};
  // runs[bit][k]: runs of `bit` of length k + 1; k = 5 counts runs of 6 bits or more. Runs
  // end at the block edges: a run is never joined with the previous or next block.
  std::array<std::array<std::uint32_t, 6>, 2> runs{};
  // A run of 26 bits or more somewhere in the block.
  bool long_run = false;

  friend bool operator==(const Fips140Counts&, const Fips140Counts&) = default;
};

// Counts one block (the fast path: word-at-a-time, about a microsecond per block). Pure.
[[nodiscard]] Fips140Counts CountFips140Block(Fips140Block block);

// Implementations of CountFips140Block, in order of preference; all give identical counts.
// Exposed so tests and benchmarks can check and time each one.
enum class Fips140Kernel { kPortable = 0, kPopcnt = 1, kAvx2 = 2 };
// The fastest kernel this CPU runs (detected once). Thread-safe.
[[nodiscard]] Fips140Kernel BestFips140Kernel();
[[nodiscard]] bool Fips140KernelSupported(Fips140Kernel kernel);
// Counts with a given kernel, which must be supported.
[[nodiscard]] Fips140Counts CountFips140BlockWith(Fips140Kernel kernel, Fips140Block block);

// Sum over the 16 nibble values of count², the integer form of the poker statistic.
[[nodiscard]] std::uint64_t PokerSumOfSquares(const Fips140Counts& counts);

// Judges monobit, poker, runs and long run from counts (never the continuous test).
[[nodiscard]] Fips140Result JudgeFips140Counts(const Fips140Counts& counts);

// The continuous-test word at `bytes`: little-endian, b0 | b1 << 8 | b2 << 16 | b3 << 24.
[[nodiscard]] std::uint32_t Fips140Word(std::span<const std::uint8_t, 4> bytes);

// Runs all five tests over a stream of blocks. The continuous test carries the last 32-bit
// word from block to block (the first block is compared with the seed word). Not
// thread-safe; one instance per stream.
class Fips140Tester {
 public:
  explicit Fips140Tester(std::uint32_t seed_word) : last_word_(seed_word) {}

  // Tests the next block of the stream and returns the tests it failed.
  [[nodiscard]] Fips140Result TestBlock(Fips140Block block);

  // The same, with `counts` = CountFips140Block(block) computed beforehand (possibly on
  // another thread): judges them and runs the continuous test, which must see the blocks
  // in stream order.
  [[nodiscard]] Fips140Result TestCountedBlock(Fips140Block block, const Fips140Counts& counts);

  // The word the next block's first word is compared with.
  [[nodiscard]] std::uint32_t last_word() const { return last_word_; }

 private:
  std::uint32_t last_word_;
};

// FIPS 140-2 bounds (section 4.9.1, change notice 1), inclusive on the passing side.
inline constexpr std::uint32_t kMonobitMinOnes = 9726;   // fails at 9725 or fewer
inline constexpr std::uint32_t kMonobitMaxOnes = 10274;  // fails at 10275 or more
inline constexpr std::uint64_t kPokerMinSum = 1563176;   // 2.16 < X
inline constexpr std::uint64_t kPokerMaxSum = 1576928;   // X < 46.17
inline constexpr std::array<std::uint32_t, 6> kRunsMin = {2315, 1114, 527, 240, 103, 103};
inline constexpr std::array<std::uint32_t, 6> kRunsMax = {2685, 1386, 723, 384, 209, 209};
inline constexpr std::uint32_t kLongRunBits = 26;  // a run this long or longer fails

}  // namespace churn::stats

#endif  // CHURN_STATS_FIPS140_H_
