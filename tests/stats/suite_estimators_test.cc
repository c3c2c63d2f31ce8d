// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The t-tuple/LRS statistics of t_tuple_lrs.cc come from sorted 64-bit windows
// when no repeat fills a window, else from positions sorted by four windows,
// else from the suffix array. Both must give
// the literal 90B formulas (6.3.5, 6.3.6) on every kind of input, including
// the last positions that hold less than a window and repeats right at the
// window length.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "stats/estimators.h"
#include "tests/stats/stats_test_support.h"

namespace churn::stats {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes Iid(std::size_t n, int bits, std::uint64_t seed, double p_one = 0.5) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution coin(p_one);
  Bytes out(n);
  for (auto& b : out) {
    if (bits == 1) {
      b = coin(rng) ? 1 : 0;
    } else {
      b = static_cast<std::uint8_t>(rng() >> (64 - bits));
    }
  }
  return out;
}


TEST(SuiteEstimatorsTest, WindowedTuplesMatchTheLiteralFormulaForEveryWidth) {
  for (int bits = 1; bits <= 8; ++bits) {
    test_support::ExpectTupleMatchesLiteral(
        Iid(1500, bits, 100 + static_cast<std::uint64_t>(bits)), "iid");
  }
  test_support::ExpectTupleMatchesLiteral(Iid(4000, 1, 7, 0.6), "binary p(1) = 0.6");
  test_support::ExpectTupleMatchesLiteral(Iid(4000, 1, 8, 0.8), "binary p(1) = 0.8: long repeats");
}

TEST(SuiteEstimatorsTest, ShortTailPositionsAreCounted) {
  // A tail equal to an earlier run: the last window-less positions repeat it.
  Bytes s = Iid(600, 1, 11);
  s.insert(s.end(), s.begin() + 100, s.begin() + 160);  // 60-bit repeat at the end
  test_support::ExpectTupleMatchesLiteral(s, "tail repeat");
  Bytes bytes = Iid(700, 8, 12);
  bytes.insert(bytes.end(), bytes.begin() + 3, bytes.begin() + 10);  // 7 of 8 symbols
  test_support::ExpectTupleMatchesLiteral(bytes, "byte tail repeat");
  // Tails that repeat among themselves only.
  Bytes zeros = Iid(500, 2, 13);
  zeros.insert(zeros.end(), 20, 3);
  test_support::ExpectTupleMatchesLiteral(zeros, "constant tail");
}

TEST(SuiteEstimatorsTest, RepeatsAtTheWindowLengthFallBackExactly) {
  for (std::size_t len : {63u, 64u, 65u, 130u}) {
    Bytes s = Iid(800, 1, 20 + len);
    s.insert(s.end(), s.begin() + 5, s.begin() + 5 + static_cast<std::ptrdiff_t>(len));
    s.insert(s.end(), 1, 1);
    const Bytes more = Iid(300, 1, 40 + len);
    s.insert(s.end(), more.begin(), more.end());
    test_support::ExpectTupleMatchesLiteral(s, "planted repeat");
  }
}

TEST(SuiteEstimatorsTest, DeepWindowsWithShortTailsMatchTheLiteralFormula) {
  // A repeat of 12 bytes (more than one 8-byte window, less than four) sends
  // 8-bit data to the four-window path; the tail repeats 20 earlier bytes
  // inside the last 31 positions, which that path counts by binary search.
  Bytes bytes = Iid(900, 8, 31);
  bytes.insert(bytes.begin() + 500, bytes.begin() + 100, bytes.begin() + 112);
  bytes.insert(bytes.end(), bytes.begin() + 40, bytes.begin() + 60);
  test_support::ExpectTupleMatchesLiteral(bytes, "bytes: 12-byte repeat and 20-byte tail");
  // Low-entropy 4-bit samples (values 0..2 mostly), and bits with long
  // planted repeats of 100 and 200 bits plus a repeating tail.
  std::mt19937_64 rng(32);
  Bytes low(1500);
  for (auto& v : low) v = static_cast<std::uint8_t>(rng() % 16 == 0 ? 15 : rng() % 3);
  test_support::ExpectTupleMatchesLiteral(low, "low-entropy 4-bit");
  Bytes bits = Iid(1200, 1, 33);
  bits.insert(bits.begin() + 700, bits.begin() + 50, bits.begin() + 150);
  bits.insert(bits.begin() + 900, bits.begin() + 300, bits.begin() + 500);
  bits.insert(bits.end(), bits.begin() + 10, bits.begin() + 90);
  test_support::ExpectTupleMatchesLiteral(bits, "bits: 100- and 200-bit repeats, 80-bit tail");
}

}  // namespace
}  // namespace churn::stats
