// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "rngtest/suite_options.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "rngtest/rngtest_options.h"
#include "tests/rngtest/rngtest_test_support.h"

namespace churn::stats {
namespace {

using test_support::Parse;
using test_support::Parsed;

TEST(SuiteOptionsTest, DefaultIsFipsOnlyAndInactive) {
  const Parsed p = Parse({});
  ASSERT_FALSE(p.ec);
  EXPECT_TRUE(p.options.suite.fips);
  EXPECT_FALSE(p.options.suite.ent);
  EXPECT_FALSE(p.options.suite.sp800_90b);
  EXPECT_FALSE(p.options.suite.Active());
  EXPECT_EQ(p.options.suite.estimate_bytes, kDefaultEstimateBytes);
  EXPECT_EQ(p.options.suite.bits_per_sample, 8);
  EXPECT_DOUBLE_EQ(p.options.suite.h_claim_bits, kDefaultStreamHealthClaimBits);
}

TEST(SuiteOptionsTest, SuiteListsAndAll) {
  Parsed p = Parse({"--suite", "ent"});
  ASSERT_FALSE(p.ec) << p.message;
  EXPECT_FALSE(p.options.suite.fips);
  EXPECT_TRUE(p.options.suite.ent);
  EXPECT_TRUE(p.options.suite.Active());
  EXPECT_EQ(p.options.suite.SuiteList(), "ent");

  p = Parse({"--suite=fips,sp800-90b"});
  ASSERT_FALSE(p.ec) << p.message;
  EXPECT_EQ(p.options.suite.SuiteList(), "fips,sp800-90b");

  p = Parse({"--suite=all", "file"});
  ASSERT_FALSE(p.ec) << p.message;
  EXPECT_EQ(p.options.suite.SuiteList(), "fips,ent,sp800-90b");
  EXPECT_EQ(p.options.inputs, std::vector<std::string>{"file"});
}

TEST(SuiteOptionsTest, ValuesAreParsed) {
  const Parsed p = Parse({"--suite=all", "--ent-bits", "--h-claim=4.5", "--estimate-bytes",
                          "2000", "--bits-per-sample=3", "--verdict", "--progressive", "--json",
                          "-c", "7"});
  ASSERT_FALSE(p.ec) << p.message;
  EXPECT_TRUE(p.options.suite.ent_bits);
  EXPECT_DOUBLE_EQ(p.options.suite.h_claim_bits, 4.5);
  EXPECT_EQ(p.options.suite.estimate_bytes, 2000u);
  EXPECT_EQ(p.options.suite.bits_per_sample, 3);
  EXPECT_TRUE(p.options.suite.verdict);
  EXPECT_TRUE(p.options.suite.progressive);
  EXPECT_TRUE(p.options.json);
  EXPECT_EQ(p.options.block_count, 7u);
}

TEST(SuiteOptionsTest, VerdictAloneActivatesTheRunnerWithFips) {
  const Parsed p = Parse({"--verdict"});
  ASSERT_FALSE(p.ec);
  EXPECT_TRUE(p.options.suite.Active());
  EXPECT_EQ(p.options.suite.SuiteList(), "fips");
}

TEST(SuiteOptionsTest, UsageErrorsNameTheProblem) {
  const struct {
    std::initializer_list<const char*> args;
    const char* needle;
  } cases[] = {
      {{"--suite=dieharder"}, "unknown suite 'dieharder'"},
      {{"--suite="}, "--suite needs a list"},
      {{"--suite"}, "needs a value"},
      {{"--suite=ent", "--h-claim=0"}, "--h-claim"},
      {{"--suite=sp800-90b", "--h-claim=9"}, "--h-claim"},
      {{"--suite=sp800-90b", "--h-claim=6x"}, "--h-claim"},
      {{"--suite=sp800-90b", "--bits-per-sample=0"}, "--bits-per-sample"},
      {{"--suite=sp800-90b", "--bits-per-sample=9"}, "--bits-per-sample"},
      {{"--suite=sp800-90b", "--estimate-bytes=999"}, "--estimate-bytes"},
      {{"--suite=sp800-90b", "--estimate-bytes=10000001"}, "--estimate-bytes"},
      {{"--suite=sp800-90b", "--estimate-bytes=-5"}, "--estimate-bytes"},
      {{"--ent-bits"}, "add --suite ent"},
      {{"--suite=fips", "--h-claim=5"}, "add --suite sp800-90b"},
      {{"--bits-per-sample=4"}, "add --suite sp800-90b"},
      {{"--verdict=yes"}, "takes no value"},
      {{"--suite=sp800-90b-iid", "--verdict"}, "--verdict judges the fips, ent and sp800-90b"},
      {{"--suite=ent", "--json", "-p"}, "--json cannot be combined"},
  };
  for (const auto& c : cases) {
    const Parsed p = Parse(c.args);
    EXPECT_EQ(p.ec, std::errc::invalid_argument) << c.needle;
    EXPECT_NE(p.message.find(c.needle), std::string::npos) << p.message;
  }
}

TEST(SuiteOptionsTest, ZeroEstimateBytesSkipsTheEstimators) {
  const Parsed p = Parse({"--suite=sp800-90b", "--estimate-bytes=0"});
  ASSERT_FALSE(p.ec) << p.message;
  EXPECT_EQ(p.options.suite.estimate_bytes, 0u);
}

TEST(SuiteOptionsTest, IidSuiteTakesTheSampleOptionsAndASeed) {
  Parsed p = Parse({"--suite=sp800-90b-iid", "--bits-per-sample=4", "--mask-samples",
                    "--estimate-bytes=20000", "--iid-seed", "18446744073709551615"});
  ASSERT_FALSE(p.ec) << p.message;
  EXPECT_TRUE(p.options.suite.sp800_90b_iid);
  EXPECT_FALSE(p.options.suite.sp800_90b);
  EXPECT_TRUE(p.options.suite.Active());
  EXPECT_TRUE(p.options.suite.Samples());
  EXPECT_EQ(p.options.suite.bits_per_sample, 4);
  EXPECT_EQ(p.options.suite.estimate_bytes, 20000u);
  EXPECT_EQ(p.options.suite.iid_seed, UINT64_MAX);
  EXPECT_EQ(p.options.suite.SuiteList(), "sp800-90b-iid");
  p = Parse({"--suite=all"});
  EXPECT_FALSE(p.options.suite.sp800_90b_iid);  // named explicitly: it can take long
  EXPECT_EQ(Parse({"--suite=sp800-90b-iid"}).options.suite.iid_seed, kDefaultIidSeed);
  EXPECT_FALSE(Parse({"--suite=sp800-90b-iid"}).options.suite.iid_all_statistics);
  p = Parse({"--suite=sp800-90b-iid", "--iid-all-statistics"});
  ASSERT_FALSE(p.ec) << p.message;
  EXPECT_TRUE(p.options.suite.iid_all_statistics);
  for (std::initializer_list<const char*> bad :
       {std::initializer_list<const char*>{"--iid-seed=5"},
        {"--iid-all-statistics"},
        {"--suite=sp800-90b", "--iid-all-statistics"},
        {"--suite=sp800-90b-iid", "--iid-seed=0x10"},
        {"--suite=sp800-90b-iid", "--iid-seed=18446744073709551616"},
        {"--suite=sp800-90b-iid", "--iid-seed=-1"},
        {"--suite=sp800-90b-iid", "--estimate-bytes=0"},
        {"--suite=sp800-90b-iid", "--h-claim=4"}}) {
    const Parsed q = Parse(bad);
    EXPECT_TRUE(q.ec) << *bad.begin();
    EXPECT_FALSE(q.message.empty());
  }
}

TEST(SuiteOptionsTest, HelpListsEveryOptionWithItsDefault) {
  const std::string help = RngtestHelpText();
  for (const char* s : {"--suite=LIST", "--ent-bits", "--h-claim=H", "(default: 6)",
                        "--estimate-bytes=N", "default: 1000000", "--bits-per-sample=K",
                        "--verdict", "--progressive", "exit 0 pass, 2", "-c, --blockcount",
                        "sp800-90b-iid", "--iid-seed=N", "default: 3747906",
                        "--iid-all-statistics", "(default: off"}) {
    EXPECT_NE(help.find(s), std::string::npos) << s;
  }
  EXPECT_NE(RngtestUsageText().find("[--suite=LIST]"), std::string::npos);
}

// Every long option that --help describes (an option line: "--name" or "-x, --name") is in
// --usage too.
TEST(SuiteOptionsTest, UsageNamesEveryOptionOfTheHelp) {
  const std::string usage = RngtestUsageText();
  std::istringstream help(RngtestHelpText());
  int options = 0;
  for (std::string line; std::getline(help, line);) {
    // Option lines are indented 2 or 6 columns; descriptions continue at column 24.
    std::size_t at = line.find_first_not_of(' ');
    if (at == 0 || at == std::string::npos || at > 8) continue;
    if (line.compare(at, 1, "-") == 0 && line.compare(at, 2, "--") != 0) {
      at = line.find("--", at);  // "-c, --blockcount=n"
      if (at == std::string::npos) continue;
    }
    if (line.compare(at, 2, "--") != 0) continue;
    const std::size_t end = line.find_first_of(" =", at);
    const std::string name = line.substr(at, end - at);
    ++options;
    EXPECT_NE(usage.find("[" + name), std::string::npos) << name << " is not in --usage";
  }
  EXPECT_GE(options, 20);
}

}  // namespace
}  // namespace churn::stats
