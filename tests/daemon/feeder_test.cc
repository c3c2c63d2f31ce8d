// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/feeder.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include "daemon/errors.h"
#include "harvest/errors.h"
#include "tests/support/fake_harvester.h"
#include "tests/support/fake_kernel_sink.h"

namespace churn::daemon {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::FakeHarvester;
using testing::FakeKernelSink;

// A fake /proc/sys/kernel/random with the given poolsize and write_wakeup_threshold.
class ProcDir {
 public:
  ProcDir(int poolsize_bits, int threshold_bits) {
    std::string pattern = ::testing::TempDir() + "churn-proc-XXXXXX";
    path_ = mkdtemp(pattern.data());
    if (poolsize_bits > 0) std::ofstream(path_ + "/poolsize") << poolsize_bits << "\n";
    std::ofstream(path_ + "/write_wakeup_threshold") << threshold_bits << "\n";
  }
  ~ProcDir() {
    unlink((path_ + "/poolsize").c_str());
    unlink((path_ + "/write_wakeup_threshold").c_str());
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  int ReadThreshold() const {
    int value = 0;
    std::ifstream(path_ + "/write_wakeup_threshold") >> value;
    return value;
  }

 private:
  std::string path_;
};

FeederOptions Options(const ProcDir& proc) {
  FeederOptions options;
  options.proc_random_dir = proc.path();
  options.reseed_interval = seconds(60);
  return options;
}

const steady_clock::time_point kT0 = steady_clock::time_point() + std::chrono::hours(1);

TEST(FeederTest, DetectsModernKernelByPoolsize) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  EXPECT_EQ(feeder.generation(), KernelGeneration::kModern);
  EXPECT_EQ(feeder.poolsize_bits(), 256);
}

TEST(FeederTest, DetectsLegacyKernelByPoolsize) {
  ProcDir proc(4096, 896);
  auto sink = FakeKernelSink::Legacy(0);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  EXPECT_EQ(feeder.generation(), KernelGeneration::kLegacy);
  EXPECT_EQ(feeder.write_wakeup_threshold_bits(), 896);
}

TEST(FeederTest, MissingPoolsizeIsAnError) {
  ProcDir proc(0, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  EXPECT_EQ(feeder.Start(), std::errc::no_such_file_or_directory);
}

TEST(FeederTest, ModernUnseededKernelIsFedUntilCrngReady) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(false, 256);
  FakeHarvester harvester({"havege"}, 1.0);  // 64 bits per 64-byte chunk: 4 chunks to 256
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  const FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.fatal);
  EXPECT_TRUE(sink.crng_ready());
  EXPECT_TRUE(report.crng_ready);
  EXPECT_TRUE(report.became_ready);
  ASSERT_EQ(sink.calls().size(), 4U);
  for (const auto& call : sink.calls()) {
    EXPECT_EQ(call.bytes, 64U);
    EXPECT_EQ(call.credited_bits, 64U);
    EXPECT_FALSE(call.crng_ready_before);
  }
  EXPECT_TRUE(sink.bytes_were_nonzero());
  EXPECT_EQ(report.credited_bits, 256U);
  EXPECT_EQ(sink.reseed_requests(), 0);  // it would be ENODATA before readiness
  EXPECT_EQ(report.next_wait, seconds(60));
}

TEST(FeederTest, ModernSeedingIsBoundedPerRunSoSignalsAreSeen) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(false, 256);
  FakeHarvester harvester({"havege"}, 0.125);  // 8 bits per chunk: 32 chunks to 256
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.crng_ready);
  EXPECT_EQ(sink.calls().size(), 16U);
  EXPECT_EQ(report.next_wait, steady_clock::duration::zero());
  report = feeder.RunOnce(kT0);
  EXPECT_TRUE(report.crng_ready);
  EXPECT_TRUE(report.became_ready);
  EXPECT_EQ(sink.calls().size(), 32U);
}

TEST(FeederTest, UncreditedDataCannotSeedSoTheFeederBacksOff) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(false, 256);
  FakeHarvester harvester({"havege"}, 8.0);
  FeederOptions options = Options(proc);
  options.no_credit = true;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  const FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.crng_ready);
  ASSERT_EQ(sink.calls().size(), 1U);
  EXPECT_EQ(sink.calls()[0].credited_bits, 0U);
  EXPECT_EQ(report.next_wait, seconds(1));
}

TEST(FeederTest, ModernSeededKernelGetsFreshEntropyAndAReseedEveryInterval) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed", "hwrng"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());

  FeedReport report = feeder.RunOnce(kT0);  // at start: at once
  EXPECT_TRUE(report.became_ready);
  EXPECT_TRUE(report.reseeded);
  EXPECT_TRUE(report.cycle_completed);
  EXPECT_EQ(sink.calls().size(), 1U);
  EXPECT_EQ(sink.reseeds(), 1);
  EXPECT_EQ(report.next_wait, seconds(60));

  report = feeder.RunOnce(kT0 + seconds(30));  // early wake-up (a signal): nothing to do
  EXPECT_FALSE(report.became_ready);
  EXPECT_FALSE(report.cycle_completed);
  EXPECT_EQ(sink.calls().size(), 1U);
  EXPECT_EQ(report.next_wait, seconds(30));

  report = feeder.RunOnce(kT0 + seconds(60));
  EXPECT_TRUE(report.reseeded);
  EXPECT_EQ(sink.calls().size(), 2U);
  EXPECT_EQ(sink.reseeds(), 2);
  EXPECT_EQ(feeder.totals().reseeds, 2U);
  EXPECT_EQ(feeder.totals().fed_bytes, 128U);
  // Credit stays honest after seeding even though the kernel ignores it.
  EXPECT_EQ(sink.calls()[1].credited_bits, 512U);
  EXPECT_TRUE(sink.calls()[1].crng_ready_before);
}

TEST(FeederTest, CreditFollowsTheHarvesterClaim) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdrand"}, 2.5);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  (void)feeder.RunOnce(kT0);
  ASSERT_EQ(sink.calls().size(), 1U);
  EXPECT_EQ(sink.calls()[0].credited_bits, 160U);  // 2.5 bits x 64 bytes
  EXPECT_EQ(feeder.totals().credit_clamps, 0U);
}

TEST(FeederTest, CreditIsNeverAboveEightBitsPerByte) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(false, 256);
  FakeHarvester harvester({"rdseed"}, 9.5);  // a harvester that over-claims
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  const FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.error) << report.error.message();
  ASSERT_EQ(sink.calls().size(), 1U);
  EXPECT_EQ(sink.calls()[0].credited_bits, 8U * 64U);
  EXPECT_EQ(feeder.totals().credit_clamps, 1U);
}

TEST(FeederTest, NoCreditMixesButCreditsZero) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  FeederOptions options = Options(proc);
  options.no_credit = true;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  (void)feeder.RunOnce(kT0);
  (void)feeder.RunOnce(kT0 + seconds(60));
  ASSERT_EQ(sink.calls().size(), 2U);
  EXPECT_EQ(sink.total_credited_bits(), 0U);
  EXPECT_EQ(feeder.totals().credited_bits, 0U);
  EXPECT_EQ(feeder.totals().fed_bytes, 128U);
}

TEST(FeederTest, LegacyKernelIsToppedUpToTheWakeupThreshold) {
  ProcDir proc(4096, 1024);
  auto sink = FakeKernelSink::Legacy(100);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  FeedReport report = feeder.RunOnce(kT0);
  EXPECT_GE(report.entropy_avail_bits, 1024);
  // The 924-bit deficit, rounded up to whole bytes at most.
  EXPECT_GE(sink.total_credited_bits(), 924U);
  EXPECT_LT(sink.total_credited_bits(), 924U + 8U);
  EXPECT_TRUE(report.wait_for_writable);
  EXPECT_TRUE(report.cycle_completed);
  EXPECT_EQ(report.next_wait, seconds(60));
  EXPECT_EQ(sink.reseed_requests(), 0);  // legacy policy never asks for reseeds

  const std::size_t calls = sink.calls().size();
  report = feeder.RunOnce(kT0 + seconds(60));  // full: nothing to do
  EXPECT_EQ(sink.calls().size(), calls);

  sink.Drain(800);  // a reader took entropy: POLLOUT would fire
  report = feeder.RunOnce(kT0 + seconds(61));
  EXPECT_GT(sink.calls().size(), calls);
  EXPECT_GE(report.entropy_avail_bits, 1024);
}

TEST(FeederTest, LegacyWriteWakeupThresholdOptionIsWrittenToTheKernel) {
  ProcDir proc(4096, 896);
  auto sink = FakeKernelSink::Legacy(0);
  FakeHarvester harvester({"rdseed"}, 8.0);
  FeederOptions options = Options(proc);
  options.write_wakeup_threshold_bits = 2048;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  EXPECT_EQ(proc.ReadThreshold(), 2048);
  (void)feeder.RunOnce(kT0);
  EXPECT_GE(sink.total_credited_bits(), 2048U);
}

TEST(FeederTest, ModernKernelIgnoresTheWakeupThresholdOption) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  FeederOptions options = Options(proc);
  options.write_wakeup_threshold_bits = 2048;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  EXPECT_EQ(proc.ReadThreshold(), 64);
}

TEST(FeederTest, LegacyWithoutCreditDoesNotSpinOnPollout) {
  ProcDir proc(4096, 1024);
  auto sink = FakeKernelSink::Legacy(0);
  FakeHarvester harvester({"rdseed"}, 8.0);
  FeederOptions options = Options(proc);
  options.no_credit = true;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  const FeedReport report = feeder.RunOnce(kT0);
  EXPECT_EQ(sink.calls().size(), 1U);
  EXPECT_FALSE(report.wait_for_writable);
  EXPECT_EQ(report.next_wait, seconds(60));
}

// A legacy kernel whose /dev/random polls writable although the pool is full (as when a
// distribution links it to /dev/urandom): with nothing to feed the feeder waits the interval
// alone, or POLLOUT would wake it at once forever (~90% CPU).
TEST(FeederTest, LegacyWithNothingToFeedWaitsTheIntervalNotPollout) {
  ProcDir proc(4096, 1024);
  auto sink = FakeKernelSink::Legacy(4096);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  for (int i = 0; i < 3; ++i) {
    const FeedReport report = feeder.RunOnce(kT0 + seconds(i));
    EXPECT_FALSE(report.wait_for_writable) << i;
    EXPECT_EQ(report.next_wait, seconds(60)) << i;
  }
  EXPECT_EQ(feeder.totals().feeds, 0U);
}

// -w on a read-only /proc/sys: a warning (threshold_write_error) and the kernel's threshold.
// The threshold file here is the kernel's poolsize (a 0444 sysctl no one may write, root
// included), so the "kernel's threshold" read back is that number.
TEST(FeederTest, LegacyUnwritableThresholdKeepsTheKernels) {
  ProcDir proc(4096, 896);
  const std::string threshold = proc.path() + "/write_wakeup_threshold";
  unlink(threshold.c_str());
  ASSERT_EQ(symlink("/proc/sys/kernel/random/poolsize", threshold.c_str()), 0);
  int kernel_value = 0;
  std::ifstream("/proc/sys/kernel/random/poolsize") >> kernel_value;
  ASSERT_GT(kernel_value, 0);
  FeederOptions options = Options(proc);
  options.write_wakeup_threshold_bits = 2048;
  auto sink = FakeKernelSink::Legacy(0);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  EXPECT_TRUE(feeder.threshold_write_error());
  EXPECT_EQ(feeder.write_wakeup_threshold_bits(), kernel_value);
}

TEST(FeederTest, ASourceFailingMidRunIsQuarantinedAndFeedingGoesOn) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed", "hwrng"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  (void)feeder.RunOnce(kT0);
  ASSERT_EQ(sink.calls().size(), 1U);
  harvester.Quarantine("hwrng");
  const FeedReport report = feeder.RunOnce(kT0 + seconds(60));
  // What the feeder did with one source gone: the same feed as before, to the kernel, with
  // the same credit, and a reseed; no error, nothing fatal, nothing counted as a failure.
  EXPECT_FALSE(report.fatal);
  EXPECT_FALSE(report.error);
  EXPECT_TRUE(report.reseeded);
  ASSERT_EQ(sink.calls().size(), 2U);
  EXPECT_EQ(sink.calls()[1].bytes, sink.calls()[0].bytes);
  EXPECT_EQ(sink.calls()[1].credited_bits, sink.calls()[0].credited_bits);
  EXPECT_EQ(report.fed_bytes, sink.calls()[1].bytes);
  EXPECT_EQ(report.credited_bits, sink.calls()[1].credited_bits);
  EXPECT_EQ(feeder.totals().feeds, 2U);
  EXPECT_EQ(feeder.totals().reseeds, 2U);
  EXPECT_EQ(feeder.totals().harvest_errors, 0U);
}

TEST(FeederTest, ATransientHarvestErrorIsCountedAndRetried) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  harvester.FailNext(harvest::HarvestErrc::kHealthTestFailed);
  FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.fatal);
  EXPECT_EQ(report.error, harvest::HarvestErrc::kHealthTestFailed);
  EXPECT_EQ(report.next_wait, seconds(1));
  EXPECT_TRUE(sink.calls().empty());  // failed data is never given to the kernel
  EXPECT_EQ(feeder.totals().harvest_errors, 1U);
  report = feeder.RunOnce(kT0 + seconds(1));
  EXPECT_FALSE(report.error);
  EXPECT_EQ(sink.calls().size(), 1U);
}

TEST(FeederTest, AllSourcesQuarantinedKeepsFeedingAliveAndResumes) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed", "havege"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  (void)feeder.RunOnce(kT0);
  harvester.Quarantine("rdseed");
  harvester.Quarantine("havege");
  FeedReport report = feeder.RunOnce(kT0 + seconds(60));
  EXPECT_FALSE(report.fatal);
  EXPECT_FALSE(report.error);
  EXPECT_TRUE(report.starved);
  EXPECT_FALSE(report.cycle_completed);
  EXPECT_LE(report.next_wait, seconds(1));  // retried soon, not fatal
  EXPECT_EQ(sink.calls().size(), 1U);
  harvester.Recover("havege");
  report = feeder.RunOnce(kT0 + seconds(61));
  EXPECT_FALSE(report.fatal);
  EXPECT_TRUE(report.reseeded);
  EXPECT_EQ(sink.calls().size(), 2U);
  EXPECT_EQ(feeder.totals().starved_runs, 1U);
}

TEST(FeederTest, NothingReadyWhileSeedingIsRetriedNotFatal) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(false);
  FakeHarvester harvester({"havege"}, 8.0);
  harvester.Quarantine("havege");
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  const FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.fatal);
  EXPECT_TRUE(report.starved);
  EXPECT_FALSE(report.once_done);
  EXPECT_TRUE(sink.calls().empty());
}

TEST(FeederTest, ReloadAppliesAShorterIntervalAtOnce) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  FeederOptions options = Options(proc);
  options.reseed_interval = seconds(40);
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  EXPECT_TRUE(feeder.RunOnce(kT0).reseeded);
  FeedReport report = feeder.RunOnce(kT0 + seconds(5));
  EXPECT_FALSE(report.reseeded);
  EXPECT_EQ(report.next_wait, seconds(35));
  options.reseed_interval = seconds(2);
  feeder.Reconfigure(options, &harvester);
  // The last reseed was 5 s ago: with a 2 s interval the next one is due now.
  report = feeder.RunOnce(kT0 + seconds(5));
  EXPECT_TRUE(report.reseeded);
  EXPECT_EQ(report.next_wait, seconds(2));
  report = feeder.RunOnce(kT0 + seconds(6));
  EXPECT_FALSE(report.reseeded);
  EXPECT_EQ(report.next_wait, seconds(1));
}

TEST(FeederTest, OnceWithoutCreditOnAnUnseededKernelEndsAndSaysSo) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(false);
  FakeHarvester harvester({"havege"}, 0.0);  // a deterministic timer: credited 0
  FeederOptions options = Options(proc);
  options.once = true;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  const FeedReport report = feeder.RunOnce(kT0);
  EXPECT_TRUE(report.once_done);
  EXPECT_TRUE(report.once_uncredited);
  EXPECT_FALSE(report.crng_ready);
  EXPECT_EQ(feeder.totals().credited_bits, 0U);
}

TEST(FeederTest, EpermFromTheKernelIsFatalWithExit77) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  sink.FailAddEntropy(std::make_error_code(std::errc::operation_not_permitted));
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  EXPECT_EQ(ExitCodeFor(feeder.RunOnce(kT0).fatal), 77);
}

TEST(FeederTest, AKernelIoErrorIsSurvived) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  sink.FailAddEntropy(std::make_error_code(std::errc::io_error));
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.fatal);
  EXPECT_EQ(report.error, std::errc::io_error);
  EXPECT_EQ(feeder.totals().sink_errors, 1U);
  report = feeder.RunOnce(kT0 + seconds(1));
  EXPECT_FALSE(report.error);
  EXPECT_EQ(sink.calls().size(), 1U);
}

TEST(FeederTest, OnceOnAnUnseededKernelEndsWhenTheCrngIsReady) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(false, 256);
  FakeHarvester harvester({"havege"}, 0.125);
  FeederOptions options = Options(proc);
  options.once = true;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  FeedReport report = feeder.RunOnce(kT0);
  EXPECT_FALSE(report.once_done);
  report = feeder.RunOnce(kT0);
  EXPECT_TRUE(report.once_done);
  EXPECT_TRUE(sink.crng_ready());
}

TEST(FeederTest, OnceOnASeededKernelFeedsOneIntervalsWorth) {
  ProcDir proc(256, 64);
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  FeederOptions options = Options(proc);
  options.once = true;
  Feeder feeder(options, &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  const FeedReport report = feeder.RunOnce(kT0);
  EXPECT_TRUE(report.once_done);
  EXPECT_EQ(sink.calls().size(), 1U);
  EXPECT_EQ(sink.reseeds(), 1);
}

}  // namespace
}  // namespace churn::daemon
