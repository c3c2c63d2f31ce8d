// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Faults of churn-rngtest found by feeding it hostile options and outputs, each checked at
// the level where it lives (the whole-binary cases, signals and closed outputs, are in
// tests/system/rngtest_faults.sh):
//  - -c/-b/-t are decimal, as rngtest reads them ("010" is ten; "0x10" is refused);
//  - --h-claim is bounded so that no health-test cutoff overflows;
//  - a non-blocking output that says EAGAIN is waited for, not an output error;
//  - a statistic that cannot be computed has no p-value (not p = 1) and stays out of the
//    verdict.

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <climits>
#include <cmath>
#include <random>
#include <thread>

#include "rngtest/rngtest_driver.h"
#include "rngtest/suite_report.h"
#include "stats/ent.h"
#include "stats/fips140.h"
#include "stats/health_tests.h"
#include "stats/verdict.h"
#include "tests/rngtest/rngtest_test_support.h"

namespace churn::stats {
namespace {

using test_support::Parse;
using test_support::TempFile;

TEST(RngtestFaultsTest, CountsAreDecimalAsInRngtest) {
  for (const char* opt : {"-c", "-b", "-t"}) {
    SCOPED_TRACE(opt);
    const auto ten = Parse({opt, "010"});
    ASSERT_FALSE(ten.ec);
    const auto eight = Parse({opt, "08"});
    ASSERT_FALSE(eight.ec);
    EXPECT_TRUE(Parse({opt, "0x10"}).ec);
    if (std::string_view(opt) == "-c") {
      EXPECT_EQ(ten.options.block_count, 10u);
      EXPECT_EQ(eight.options.block_count, 8u);
    } else if (std::string_view(opt) == "-b") {
      EXPECT_EQ(ten.options.stats_every_blocks, 10u);
      EXPECT_EQ(eight.options.stats_every_blocks, 8u);
    } else {
      EXPECT_EQ(ten.options.stats_interval, std::chrono::seconds(10));
      EXPECT_EQ(eight.options.stats_interval, std::chrono::seconds(8));
    }
  }
}

TEST(RngtestFaultsTest, HClaimIsBoundedSoNoCutoffOverflows) {
  EXPECT_TRUE(Parse({"--suite", "sp800-90b", "--h-claim", "1e-9"}).ec);
  EXPECT_TRUE(Parse({"--suite", "sp800-90b", "--h-claim", "0.009"}).ec);
  const auto floor = Parse({"--suite", "sp800-90b", "--h-claim", "0.01"});
  ASSERT_FALSE(floor.ec);
  EXPECT_EQ(RepetitionCountCutoff(floor.options.suite.h_claim_bits), 2001);
  // The library itself saturates instead of overflowing.
  EXPECT_EQ(RepetitionCountCutoff(1e-9), INT_MAX);
  EXPECT_GT(AdaptiveProportionCutoff(1e-9, kAptWindowNonBinary), 1);
}

// -p into a non-blocking pipe whose reader is slow: rngtest waits; so must churn-rngtest.
TEST(RngtestFaultsTest, NonBlockingOutputIsWaitedFor) {
  std::mt19937_64 rng(7);
  std::vector<std::uint8_t> data(8 + 200 * kFips140BlockBytes);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  TempFile file(data);
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK), 0);
  RngtestOptions options;
  options.pipe_mode = true;
  options.inputs = {file.path()};
  RngtestInput input(options.inputs);
  std::string err;
  const RngtestSinks sinks{[&err](std::string_view t) { err.append(t); },
                           [](std::string_view) {}};
  int status = -1;
  std::thread writer([&] {
    status = RunRngtest(options, input, fds[1], sinks, nullptr, std::chrono::steady_clock::now(),
                        "t: ");
    ::close(fds[1]);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the pipe fills: EAGAIN
  const int flags = ::fcntl(fds[0], F_GETFL);
  ASSERT_EQ(::fcntl(fds[0], F_SETFL, flags & ~O_NONBLOCK), 0);
  std::size_t got = 0;
  char buf[65536];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) got += static_cast<std::size_t>(n);
  writer.join();
  ::close(fds[0]);
  EXPECT_NE(status, kRngtestExitIo) << err;
  EXPECT_EQ(err.find("error writing"), std::string::npos) << err;
  EXPECT_GE(got, 190 * kFips140BlockBytes);  // all passed blocks (about 1 in 1250 fails)
  EXPECT_EQ(got % kFips140BlockBytes, 0u);
}

TEST(RngtestFaultsTest, UncomputableStatisticsHaveNoPValue) {
  EntStats s(EntMode::kBytes);
  const std::vector<std::uint8_t> three = {'a', 'b', 'c'};
  s.Update(three);
  const EntReport r = s.Report();
  EXPECT_TRUE(std::isnan(r.monte_carlo_p));  // no 6-byte group yet
  for (const PValue& p : EntPValues(r)) {
    EXPECT_NE(p.name, "ent_monte_carlo_pi");
    EXPECT_FALSE(std::isnan(p.p)) << p.name;
  }
  const EntReport empty = EntStats(EntMode::kBytes).Report();
  EXPECT_TRUE(std::isnan(empty.chi_square_two_sided_p));
  EXPECT_TRUE(std::isnan(empty.mean_p));
  EXPECT_TRUE(std::isnan(empty.serial_correlation_p));
  EXPECT_TRUE(EntPValues(empty).empty());
  EXPECT_EQ(JsonNumber(r.monte_carlo_p), "null");
}

}  // namespace
}  // namespace churn::stats
