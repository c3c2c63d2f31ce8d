// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "rngtest/rngtest_counter.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "tests/support/test_util.h"

namespace churn::stats {
namespace {

TEST(BlockCounterTest, TwoThreadsGiveTheSequentialCountsInOrder) {
  const std::uint64_t seed = test_util::SeedFromTestName();
  std::mt19937_64 rng(seed);
  for (unsigned threads : {1u, 2u}) {
    BlockCounter counter(threads);
    EXPECT_EQ(counter.threads(), threads);
    for (std::size_t blocks : {0u, 1u, 15u, 16u, 17u, 101u}) {
      std::vector<std::uint8_t> data(blocks * kFips140BlockBytes + 11);
      for (auto& b : data) b = static_cast<std::uint8_t>(rng() & (blocks % 2 ? 0xff : 0x7f));
      std::vector<Fips140Counts> out(blocks + 1);
      counter.Count(data, out);
      for (std::size_t i = 0; i < blocks; ++i) {
        ASSERT_EQ(out[i], CountFips140Block(Fips140Block(data.data() + i * kFips140BlockBytes,
                                                         kFips140BlockBytes)))
            << threads << " threads, block " << i << " of " << blocks;
      }
    }
  }
}

}  // namespace
}  // namespace churn::stats
