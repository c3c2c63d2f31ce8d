// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The real sources of this machine (label hardware). Each test skips when its source is
// absent. Statistical budget: a FIPS 140-2 block from an ideal source fails with probability
// about 8e-4 (1 in 1250); we allow 2 failures in 20 blocks, so a good source fails a test with
// probability C(20,3) * (8e-4)^3 < 1e-6.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "harvest/cycle_counter.h"
#include "harvest/errors.h"
#include "harvest/harvester.h"
#include "harvest/source_registry.h"
#include "harvest/stream.h"
#include "stats/fips140.h"

namespace churn::harvest {
namespace {

int FipsFailures(const std::vector<std::uint8_t>& data) {
  stats::Fips140Tester tester(stats::Fips140Word(std::span(data).first<4>()));
  int failures = 0;
  for (std::size_t off = 4; off + stats::kFips140BlockBytes <= data.size();
       off += stats::kFips140BlockBytes) {
    if (!tester.TestBlock(stats::Fips140Block(data.data() + off, stats::kFips140BlockBytes))
             .Passed()) {
      ++failures;
    }
  }
  return failures;
}

void HarvestAndTest(const std::string& name, int blocks) {
  HarvesterConfig config;
  config.sources = {name};
  SourceSpec probe;
  const std::error_code build = BuildSource(name, config, &probe);
  if (build) GTEST_SKIP() << name << " not available: " << build.message();
  if (!probe.source) GTEST_SKIP() << name << " absent: " << probe.absent_reason.message();
  std::printf("%s: claim %.3f bits/sample (%s)\n", name.c_str(), probe.claim_bits_per_sample,
              probe.note.c_str());
  probe = SourceSpec{};
  std::unique_ptr<Harvester> h;
  ASSERT_FALSE(MakeHarvester(config, &h));
  std::vector<std::uint8_t> out(4 + static_cast<std::size_t>(blocks) * stats::kFips140BlockBytes);
  std::uint64_t bits = 0;
  // The collector fills a bounded buffer in the background: take until `out` is full.
  std::size_t filled = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (filled < out.size() && std::chrono::steady_clock::now() < deadline) {
    std::size_t taken = 0;
    std::uint64_t taken_bits = 0;
    h->Take(std::span(out).subspan(filled), std::chrono::milliseconds(100), &taken, &taken_bits);
    filled += taken;
    bits += taken_bits;
  }
  ASSERT_EQ(filled, out.size());
  // A credited source's output is credited exactly 8 bits per byte; a source claimed at 0
  // (a coarse or deterministic timer) contributes with no credit at all. The claim is the
  // harvester's, once its start-up assessment has run.
  const bool credited = h->Stats().at(0).claim_bits_per_sample > 0.0;
  EXPECT_EQ(bits, credited ? 8u * out.size() : 0u);
  EXPECT_LE(FipsFailures(out), blocks >= 20 ? 2 : 1);
  const SourceStats s = h->Stats().at(0);
  EXPECT_EQ(s.output_bytes, out.size());
  EXPECT_EQ(s.credited_bits, bits);
}

// The real cycle counter (rdtsc, cntvct_el0 or clock_gettime): a million back-to-back reads
// never go backwards on one CPU. Here rather than in the unit label: it reads the machine.
TEST(CycleCounterTest, NeverRunsBackwardsOnOneCpu) {
  cpu_set_t one{};
  CPU_ZERO(&one);
  cpu_set_t saved{};
  ASSERT_EQ(sched_getaffinity(0, sizeof saved, &saved), 0);
  std::size_t cpu = 0;
  while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &saved)) ++cpu;
  CPU_SET(cpu, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  std::uint64_t last = ReadCycleCounter();
  std::uint64_t steps_back = 0;
  for (int i = 0; i < 1000000; ++i) {
    const std::uint64_t now = ReadCycleCounter();
    if (now < last) ++steps_back;
    last = now;
  }
  ASSERT_EQ(sched_setaffinity(0, sizeof saved, &saved), 0);
  EXPECT_EQ(steps_back, 0u) << CycleCounterName();
}

TEST(HardwareSourceTest, RdseedPassesFips) { HarvestAndTest("rdseed", 20); }
TEST(HardwareSourceTest, RdrandPassesFips) { HarvestAndTest("rdrand", 20); }
TEST(HardwareSourceTest, HavegePassesFips) { HarvestAndTest("havege", 20); }
// virtio-rng gives ~10 KiB/s and the claim is 2 bits per byte: 2 blocks take a few seconds.
TEST(HardwareSourceTest, HwrngPassesFips) {
  if (access("/dev/hwrng", R_OK) != 0) GTEST_SKIP() << "no readable /dev/hwrng";
  HarvestAndTest("hwrng", 2);
}

std::string TempPath(const char* tag) {
  return std::string("/tmp/churn-stream-") + tag + "-" + std::to_string(getpid());
}

TEST(StreamTest, WritesExactlyTheRequestedSizeThroughTheDrbg) {
  StreamOptions options;
  options.size_bytes = (3u << 20) + 5;  // crosses two reseeds
  options.path = TempPath("drbg");
  options.harvester.sources = {"havege"};
  const std::atomic<bool> stop{false};
  ASSERT_FALSE(RunStream(options, stop));
  struct stat st{};
  ASSERT_EQ(stat(options.path.c_str(), &st), 0);
  EXPECT_EQ(static_cast<std::uint64_t>(st.st_size), options.size_bytes);
  std::FILE* f = std::fopen(options.path.c_str(), "rb");
  std::vector<std::uint8_t> data(options.size_bytes);
  ASSERT_EQ(std::fread(data.data(), 1, data.size(), f), data.size());
  std::fclose(f);
  unlink(options.path.c_str());
  // ~1258 blocks: expect ~1 failure; allow 8 (Poisson(1.01) tail beyond 8 is < 1e-6).
  EXPECT_LE(FipsFailures(data), 8);
}

TEST(StreamTest, FullEntropyAndRawModesWriteTheRequestedSize) {
  for (const StreamMode mode : {StreamMode::kFullEntropy, StreamMode::kRaw}) {
    StreamOptions options;
    options.size_bytes = 10000;
    options.path = TempPath("mode");
    options.mode = mode;
    options.raw_source = "havege";
    options.harvester.sources = {"havege"};
    const std::atomic<bool> stop{false};
    ASSERT_FALSE(RunStream(options, stop));
    struct stat st{};
    ASSERT_EQ(stat(options.path.c_str(), &st), 0);
    EXPECT_EQ(st.st_size, 10000);
    unlink(options.path.c_str());
  }
}

TEST(StreamTest, ClosedPipeEndsWithSuccess) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  StreamOptions options;
  options.path = "/proc/self/fd/" + std::to_string(fds[1]);
  options.harvester.sources = {"havege"};
  const std::atomic<bool> stop{false};
  ::signal(SIGPIPE, SIG_IGN);  // the caller's part of RunStream's contract, as in churnd
  EXPECT_FALSE(RunStream(options, stop));  // size 0: until stopped, i.e. until EPIPE
  close(fds[1]);
}

TEST(StreamTest, StopEndsAnEndlessStream) {
  StreamOptions options;
  options.path = "/dev/null";
  options.harvester.sources = {"havege"};
  std::atomic<bool> stop{false};
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
  });
  EXPECT_FALSE(RunStream(options, stop));
  stopper.join();
}

TEST(StreamTest, UnknownRawSourceIsAnError) {
  StreamOptions options;
  options.path = "/dev/null";
  options.mode = StreamMode::kRaw;
  options.raw_source = "dice";
  const std::atomic<bool> stop{false};
  EXPECT_EQ(RunStream(options, stop), HarvestErrc::kUnknownSource);
}

}  // namespace
}  // namespace churn::harvest
