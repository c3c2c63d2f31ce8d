// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/metrics.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
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

// A metric name: churn_ then [a-z_]+. Advances `i` past it.
bool Name(const std::string& line, std::size_t* i) {
  if (line.compare(*i, 6, "churn_") != 0) return false;
  *i += 6;
  const std::size_t start = *i;
  while (*i < line.size() && ((line[*i] >= 'a' && line[*i] <= 'z') || line[*i] == '_')) ++*i;
  return *i > start;
}

// A sample line of the text format: name{key="value",...} number. (No std::regex: GCC 12
// warns inside it under the sanitizers.)
bool ValidSample(const std::string& line) {
  std::size_t i = 0;
  if (!Name(line, &i)) return false;
  if (i < line.size() && line[i] == '{') {
    do {
      ++i;
      const std::size_t key = i;
      while (i < line.size() && ((line[i] >= 'a' && line[i] <= 'z') || line[i] == '_')) ++i;
      if (i == key || line.compare(i, 2, "=\"") != 0) return false;
      i = line.find('"', i + 2);
      if (i == std::string::npos) return false;
      ++i;
    } while (i < line.size() && line[i] == ',');
    if (i >= line.size() || line[i] != '}') return false;
    ++i;
  }
  if (i >= line.size() || line[i] != ' ') return false;
  const std::string value = line.substr(i + 1);
  if (value.empty()) return false;
  std::size_t digits = 0, dots = 0;
  for (char c : value) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else {
      return false;
    }
  }
  return digits > 0 && dots <= 1 && value.front() != '.' && value.back() != '.';
}

// "# HELP name text" or "# TYPE name counter|gauge".
bool ValidComment(const std::string& line) {
  std::size_t i = 7;
  if (line.rfind("# HELP ", 0) == 0) {
    return Name(line, &i) && i + 1 < line.size() && line[i] == ' ';
  }
  if (line.rfind("# TYPE ", 0) == 0) {
    if (!Name(line, &i)) return false;
    const std::string type = line.substr(i);
    return type == " counter" || type == " gauge";
  }
  return false;
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
  std::istringstream in(text);
  std::string line;
  std::set<std::string> typed;
  int samples = 0;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) {
      ASSERT_TRUE(ValidComment(line)) << line;
      if (line.rfind("# TYPE ", 0) == 0) {
        const std::string name = line.substr(7, line.find(' ', 7) - 7);
        EXPECT_TRUE(typed.insert(name).second) << "duplicate family " << name;
      }
    } else {
      ASSERT_TRUE(ValidSample(line)) << line;
      const std::string name = line.substr(0, line.find_first_of("{ "));
      // Each sample belongs to a family declared before it.
      EXPECT_EQ(typed.count(name), 1U) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 20);
}

TEST(MetricsTest, TheLineValidatorRejectsMalformedLines) {
  EXPECT_TRUE(ValidSample(R"(churn_x{a="b",c="d"} 1.5)"));
  EXPECT_FALSE(ValidSample(R"(other_x 1)"));
  EXPECT_FALSE(ValidSample(R"(churn_x{a="b" 1)"));
  EXPECT_FALSE(ValidSample(R"(churn_x 1.)"));
  EXPECT_FALSE(ValidSample(R"(churn_x  1)"));
  EXPECT_FALSE(ValidComment("# TYPE churn_x histogram"));
}

TEST(MetricsTest, ReportsPerSourceAndKernelFigures) {
  const std::string text = RenderMetrics(Sample());
  EXPECT_TRUE(HasLine(text, R"(churn_source_raw_bytes_total{source="rdseed"} 4096)")) << text;
  EXPECT_TRUE(HasLine(text, R"(churn_source_credited_entropy_total{source="rdseed"} 4000)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_health_failures_total{source="rdseed",test="apt"} 3)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_health_failures_total{source="hwrng",test="rct"} 7)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_state{source="hwrng",state="quarantined"} 1)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_state{source="hwrng",state="healthy"} 0)"));
  EXPECT_TRUE(HasLine(text, R"(churn_source_state{source="rdseed",state="healthy"} 1)"));
  EXPECT_TRUE(HasLine(text, R"(churn_kernel_info{generation="modern",poolsize_bits="256"} 1)"));
  EXPECT_TRUE(HasLine(text, "churn_kernel_crng_ready 1"));
  EXPECT_TRUE(HasLine(text, "churn_kernel_entropy_avail 256"));
  EXPECT_TRUE(HasLine(text, "churn_credited_entropy_total 5120"));
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
  EXPECT_EQ(text.find("churn_kernel_entropy_avail"), std::string::npos);
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
