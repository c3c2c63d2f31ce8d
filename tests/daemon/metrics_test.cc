// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/metrics.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace churn::daemon {
namespace {

MetricsSnapshot Sample() {
  MetricsSnapshot snapshot;
  snapshot.generation = KernelGeneration::kModern;
  snapshot.poolsize_bits = 256;
  snapshot.crng_ready = true;
  snapshot.entropy_avail_bits = 256;
  snapshot.totals.fed_bytes = 640;
  snapshot.totals.credited_bits = 5120;
  snapshot.totals.reseeds = 10;
  snapshot.totals.harvest_errors = 2;
  snapshot.last_feed_unix_seconds = 1767225600.25;
  snapshot.start_unix_seconds = 1767225000.0;
  harvest::SourceStats rdseed;
  rdseed.name = "rdseed";
  rdseed.state = harvest::SourceState::kHealthy;
  rdseed.raw_bytes = 4096;
  rdseed.credited_bits = 4000;
  rdseed.apt_failures = 3;
  harvest::SourceStats hwrng;
  hwrng.name = "hwrng";
  hwrng.state = harvest::SourceState::kQuarantined;
  hwrng.rct_failures = 7;
  hwrng.quarantines = 1;
  snapshot.sources = {rdseed, hwrng};
  return snapshot;
}

bool HasLine(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (l == line) return true;
  }
  return false;
}

TEST(MetricsTest, EveryLineIsValidPrometheusTextAndNamedChurn) {
  const std::string text = RenderMetrics(Sample());
  const std::regex sample(
      R"(churn_[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9]+(\.[0-9]+)?)");
  const std::regex help(R"(# HELP churn_[a-z_]+ .+)");
  const std::regex type(R"(# TYPE churn_[a-z_]+ (counter|gauge))");
  std::istringstream in(text);
  std::string line;
  std::set<std::string> typed;
  int samples = 0;
  while (std::getline(in, line)) {
    if (line.rfind("# TYPE ", 0) == 0) {
      ASSERT_TRUE(std::regex_match(line, type)) << line;
      const std::string name = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_TRUE(typed.insert(name).second) << "duplicate family " << name;
    } else if (line.rfind("# HELP ", 0) == 0) {
      ASSERT_TRUE(std::regex_match(line, help)) << line;
    } else {
      ASSERT_TRUE(std::regex_match(line, sample)) << line;
      const std::string name = line.substr(0, line.find_first_of("{ "));
      // Counters end in _total; each sample belongs to a family declared before it.
      EXPECT_EQ(typed.count(name), 1U) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 20);
}

TEST(MetricsTest, ReportsPerSourceAndKernelFigures) {
  const std::string text = RenderMetrics(Sample());
  EXPECT_TRUE(HasLine(text, R"(churn_source_raw_bytes_total{source="rdseed"} 4096)")) << text;
  EXPECT_TRUE(HasLine(text, R"(churn_source_credited_bits_total{source="rdseed"} 4000)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_health_failures_total{source="rdseed",test="apt"} 3)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_health_failures_total{source="hwrng",test="rct"} 7)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_state{source="hwrng",state="quarantined"} 1)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_state{source="hwrng",state="healthy"} 0)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_state{source="rdseed",state="healthy"} 1)"));
  EXPECT_TRUE(HasLine(text, R"(churn_kernel_info{generation="modern",poolsize_bits="256"} 1)"));
  EXPECT_TRUE(HasLine(text, "churn_kernel_crng_ready 1"));
  EXPECT_TRUE(HasLine(text, "churn_credited_bits_total 5120"));
  EXPECT_TRUE(HasLine(text, "churn_fed_bytes_total 640"));
  EXPECT_TRUE(HasLine(text, "churn_last_feed_timestamp_seconds 1767225600.250"));
  EXPECT_TRUE(HasLine(text, R"(churn_errors_total{where="harvest"} 2)"));
}

TEST(MetricsTest, LegacyKernelAndUnknownEntropyAvail) {
  MetricsSnapshot snapshot = Sample();
  snapshot.generation = KernelGeneration::kLegacy;
  snapshot.poolsize_bits = 4096;
  snapshot.crng_ready = false;
  snapshot.entropy_avail_bits = -1;
  const std::string text = RenderMetrics(snapshot);
  EXPECT_TRUE(HasLine(text, R"(churn_kernel_info{generation="legacy",poolsize_bits="4096"} 1)"));
  EXPECT_TRUE(HasLine(text, "churn_kernel_crng_ready 0"));
  EXPECT_EQ(text.find("churn_kernel_entropy_avail_bits"), std::string::npos);
}

TEST(MetricsTest, WriteFileAtomicallyReplacesTheFileAndLeavesNoTemporary) {
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "churn-metrics-test.prom";
  std::ofstream(path) << "old\n";
  ASSERT_FALSE(WriteFileAtomically(path, "new contents\n"));
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "new contents");
  struct stat st;
  EXPECT_NE(stat((path + ".tmp." + std::to_string(getpid())).c_str(), &st), 0);
  unlink(path.c_str());
}

TEST(MetricsTest, WriteFileAtomicallyReportsAMissingDirectory) {
  EXPECT_EQ(WriteFileAtomically("/nonexistent-dir/churn.prom", "x\n"),
            std::errc::no_such_file_or_directory);
}

}  // namespace
}  // namespace churn::daemon
