// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "rngtest/rngtest_options.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

#include "tests/rngtest/rngtest_test_support.h"

namespace churn::stats {
namespace {

using test_support::Parse;
using test_support::Parsed;

TEST(RngtestOptionsTest, DefaultsMatchRngtest) {
  const Parsed p = Parse({});
  ASSERT_FALSE(p.ec);
  EXPECT_EQ(p.action, RngtestAction::kRun);
  EXPECT_FALSE(p.options.pipe_mode);
  EXPECT_EQ(p.options.block_count, 0u);
  EXPECT_EQ(p.options.stats_every_blocks, 0u);
  EXPECT_EQ(p.options.stats_interval.count(), 0);
  EXPECT_FALSE(p.options.json);
  EXPECT_TRUE(p.options.inputs.empty());
}

TEST(RngtestOptionsTest, ShortLongAttachedAndClusteredForms) {
  for (auto args : {std::initializer_list<const char*>{"-p", "-c", "5", "-b", "2", "-t", "3"},
                    std::initializer_list<const char*>{"-pc5", "-b2", "-t3"},
                    std::initializer_list<const char*>{"--pipe", "--blockcount=5",
                                                       "--blockstats", "2", "--timedstats=3"}}) {
    const Parsed p = Parse(args);
    ASSERT_FALSE(p.ec) << p.message;
    EXPECT_TRUE(p.options.pipe_mode);
    EXPECT_EQ(p.options.block_count, 5u);
    EXPECT_EQ(p.options.stats_every_blocks, 2u);
    EXPECT_EQ(p.options.stats_interval.count(), 3);
  }
}

TEST(RngtestOptionsTest, NumbersAreDecimalLikeRngtest) {
  EXPECT_EQ(Parse({"-c", "0x10"}).ec, std::errc::invalid_argument);
  EXPECT_EQ(Parse({"-c", "010"}).options.block_count, 10u);
}

TEST(RngtestOptionsTest, BadNumbersAreUsageErrors) {
  for (const char* bad : {"abc", "-1", "5x", "", "2147483648"}) {
    const Parsed p = Parse({"-c", bad});
    EXPECT_EQ(p.ec, std::errc::invalid_argument) << bad;
    EXPECT_NE(p.message.find("blockcount"), std::string::npos) << p.message;
  }
}

TEST(RngtestOptionsTest, UnknownOptionsAndMissingValuesAreUsageErrors) {
  EXPECT_TRUE(Parse({"-x"}).ec);
  EXPECT_TRUE(Parse({"--nope"}).ec);
  EXPECT_TRUE(Parse({"-c"}).ec);
  EXPECT_TRUE(Parse({"--blockcount"}).ec);
  EXPECT_TRUE(Parse({"--pipe=1"}).ec);
}

TEST(RngtestOptionsTest, FilesDashAndDoubleDash) {
  const Parsed p = Parse({"a.bin", "-", "-c", "1", "--", "-p"});
  ASSERT_FALSE(p.ec);
  EXPECT_EQ(p.options.inputs, (std::vector<std::string>{"a.bin", "-", "-p"}));
  EXPECT_FALSE(p.options.pipe_mode);
}

TEST(RngtestOptionsTest, JsonWithPipeIsRejected) {
  EXPECT_FALSE(Parse({"--json"}).ec);
  const Parsed p = Parse({"--json", "-p"});
  EXPECT_EQ(p.ec, std::errc::invalid_argument);
  EXPECT_NE(p.message.find("--json"), std::string::npos);
}

TEST(RngtestOptionsTest, HelpUsageVersion) {
  EXPECT_EQ(Parse({"-?"}).action, RngtestAction::kHelp);
  EXPECT_EQ(Parse({"--help"}).action, RngtestAction::kHelp);
  EXPECT_EQ(Parse({"--usage"}).action, RngtestAction::kUsage);
  EXPECT_EQ(Parse({"-V"}).action, RngtestAction::kVersion);
  const std::string help = RngtestHelpText();
  for (const char* option : {"--blockstats", "--blockcount", "--pipe", "--timedstats", "--json",
                             "--help", "--usage", "--version"}) {
    EXPECT_NE(help.find(option), std::string::npos) << option;
  }
  EXPECT_NE(help.find("default: 0"), std::string::npos);
}

}  // namespace
}  // namespace churn::stats
