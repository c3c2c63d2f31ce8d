// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churnd --probe: verdicts driven by replayed and shaped timers (the case haveged misses: a
// constant or coarse timer), the x86 and hwrng verdicts on scripted measurements, sysfs
// parsing on a temporary tree, and the two output formats. Deterministic: every timer is a
// replay; the shaped-jitter timer is seeded from the test name.
#include "daemon/probe.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/errors.h"
#include "harvest/cycle_counter.h"
#include "harvest/source_registry.h"
#include "tests/support/fake_entropy_source.h"
#include "tests/support/test_util.h"

namespace churn::daemon {
namespace {

using churn::testing::ReplayCycleCounter;

ProbeOptions SmallOptions() {
  ProbeOptions options;
  options.havege_samples = 1u << 16;  // enough for every estimator; fast with a replay
  options.counter_reads = 4096;
  return options;
}

using test_util::SeedFromTestName;

// A timer that really advances `work_ticks` (+ `jitter` uniform ticks) per read, seen through
// a counter that only ticks every `resolution` ticks: a coarse or trapped timer in a VM.
ReplayCycleCounter CoarseTimer(std::uint64_t work_ticks, std::uint64_t jitter,
                               std::uint64_t resolution, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> values;
  std::uint64_t t = 0;
  for (int i = 0; i < 1 << 16; ++i) {
    t += work_ticks + (jitter == 0 ? 0 : rng() % jitter);
    values.push_back(t / resolution * resolution);
  }
  return ReplayCycleCounter(std::move(values));
}

TEST(ProbeHavegeTest, ConstantTimerIsNotUsable) {
  const HavegeProbe p =
      ProbeHavege(harvest::FunctionCounter(ReplayCycleCounter::Stuck(123456789)), SmallOptions());
  EXPECT_EQ(p.samples, 1u << 16);
  EXPECT_EQ(p.distinct_values, 1u);
  EXPECT_EQ(p.assessment_bits, 0.0);
  EXPECT_EQ(p.verdict.verdict, Verdict::kNotUsable) << p.verdict.reason;
  EXPECT_EQ(p.verdict.claim_bits_per_sample, 0.0);
  EXPECT_EQ(p.verdict.credit_bits_per_second, 0.0);
}

TEST(ProbeHavegeTest, ConstantTimerIsNotUsableEvenWithAConfiguredClaim) {
  ProbeOptions options = SmallOptions();
  options.harvester.havege_claim_bits = 4.0;  // an administrator's optimistic override
  const HavegeProbe p =
      ProbeHavege(harvest::FunctionCounter(ReplayCycleCounter::Stuck(7)), options);
  EXPECT_EQ(p.verdict.verdict, Verdict::kNotUsable) << p.verdict.reason;
  EXPECT_EQ(p.verdict.claim_bits_per_sample, 0.0);
}

TEST(ProbeHavegeTest, CoarseTimerIsNotUsable) {
  // 300 ticks of work per sample (jittering by up to 32) through a counter with a resolution
  // of 10000 ticks: 97% of the deltas are 0, the rest 10000 (low byte 0x10).
  const HavegeProbe p = ProbeHavege(
      harvest::FunctionCounter(CoarseTimer(300, 32, 10000, SeedFromTestName())), SmallOptions());
  EXPECT_EQ(p.discarded_chunks, 0u);
  EXPECT_LE(p.distinct_values, 3u);
  EXPECT_LT(p.mcv_bits, harvest::kHavegeFloorBits);
  EXPECT_EQ(p.verdict.verdict, Verdict::kNotUsable) << p.verdict.reason;
  EXPECT_EQ(p.verdict.claim_bits_per_sample, 0.0);
  // The identical-work timings are 97 % zeros too: the timer test already rejects it.
  EXPECT_TRUE(p.timer_deterministic);
  EXPECT_NE(p.verdict.reason.find("the timer is deterministic"), std::string::npos)
      << p.verdict.reason;
}

TEST(ProbeHavegeTest, CoarsePowerOfTwoTimerLeavesTheLowByteConstant) {
  // A 4096-tick resolution with 2000 ticks of jittery work: deltas are 0 or 4096, whose low
  // byte is 0 either way — one value, however much the real time varies.
  const HavegeProbe p = ProbeHavege(
      harvest::FunctionCounter(CoarseTimer(2000, 2000, 4096, SeedFromTestName())), SmallOptions());
  EXPECT_EQ(p.distinct_values, 1u);
  EXPECT_EQ(p.verdict.verdict, Verdict::kNotUsable) << p.verdict.reason;
}

TEST(ProbeHavegeTest, BackwardsTimerIsNotUsable) {
  // A counter that only goes down: the source discards every chunk.
  std::vector<std::uint64_t> values;
  for (std::uint64_t v = 1u << 20; v > 0; v -= 16) values.push_back(v);
  const HavegeProbe p = ProbeHavege(
      harvest::FunctionCounter(ReplayCycleCounter(std::move(values), /*wrap_raw=*/true)),
      SmallOptions());
  EXPECT_EQ(p.samples, 0u);
  EXPECT_GT(p.discarded_chunks, 0u);
  EXPECT_EQ(p.verdict.verdict, Verdict::kNotUsable);
  EXPECT_NE(p.verdict.reason.find("backwards"), std::string::npos) << p.verdict.reason;
}

TEST(ProbeHavegeTest, FineJitteryTimerIsUsable) {
  // The counterpart, so the verdict is not "not usable" whatever the input: a 1-tick counter
  // whose deltas vary uniformly over 256 ticks gives ~8 bits by every estimator, so the claim
  // is the 1-bit ceiling and the 90B assessment supports it.
  const HavegeProbe p = ProbeHavege(
      harvest::FunctionCounter(CoarseTimer(900, 256, 1, SeedFromTestName())), SmallOptions());
  EXPECT_GT(p.distinct_values, 250u);
  EXPECT_GT(p.mcv_bits, 6.0);
  EXPECT_GE(p.assessment_bits, harvest::kHavegeCeilingBits);
  EXPECT_EQ(p.verdict.claim_bits_per_sample, harvest::kHavegeCeilingBits);
  EXPECT_EQ(p.verdict.verdict, Verdict::kUsable) << p.verdict.reason;
  EXPECT_GT(p.verdict.credit_bits_per_second, 0.0);
}

TEST(ProbeHavegeTest, ClaimIsTheAssessmentWhenBelowTheCeiling) {
  HavegeProbe p;
  p.samples = 1000000;
  p.chunks = 16;
  p.seconds = 0.5;
  p.distinct_values = 40;
  p.mcv_bits = 2.0;         // MCV alone would give the 1-bit ceiling
  p.assessment_bits = 0.6;  // but another estimator says less: churnd credits that
  const SourceVerdict v = JudgeHavege(p, -1.0);
  EXPECT_EQ(v.verdict, Verdict::kUsable) << v.reason;
  EXPECT_EQ(v.claim_bits_per_sample, 0.6);
  EXPECT_EQ(JudgeHavege(p, 0.5).claim_bits_per_sample, 0.5);  // a configured cap below it
}

TEST(ProbeHavegeTest, ADeterministicTimerIsNotUsableWhateverItsSamplesLookLike) {
  HavegeProbe p;
  p.samples = 1000000;
  p.chunks = 16;
  p.seconds = 0.5;
  p.distinct_values = 47;
  p.mcv_bits = 1.5;  // what the estimators said of an instruction-counted guest
  p.assessment_bits = 1.5;
  p.timer_tested = true;
  p.timer_distinct = 1;
  p.timer_mode_share = 1.0;
  p.timer_deterministic = true;
  const SourceVerdict v = JudgeHavege(p, 4.0);
  EXPECT_EQ(v.verdict, Verdict::kNotUsable);
  EXPECT_EQ(v.claim_bits_per_sample, 0.0);
  EXPECT_NE(v.reason.find("the timer is deterministic"), std::string::npos) << v.reason;
}

TEST(ProbeHavegeTest, AnInstructionCountedCounterFailsTheTimerTest) {
  // Every read advances the counter by the same amount: the identical work always takes the
  // same ticks, while the walk's samples (read over varied work) look the same as ever.
  const HavegeProbe p = ProbeHavege(
      harvest::FunctionCounter(ReplayCycleCounter::FromDeltas({37})), SmallOptions());
  EXPECT_TRUE(p.timer_tested);
  EXPECT_TRUE(p.timer_deterministic);
  EXPECT_EQ(p.timer_distinct, 1u);
  EXPECT_EQ(p.verdict.verdict, Verdict::kNotUsable) << p.verdict.reason;
}

TEST(ProbeHavegeTest, ClaimFollowsTheRegistryRule) {
  EXPECT_EQ(HavegeClaimFromMcv(0.0), 0.0);
  EXPECT_EQ(HavegeClaimFromMcv(harvest::kHavegeFloorBits / 2), 0.0);
  EXPECT_EQ(HavegeClaimFromMcv(harvest::kHavegeFloorBits), harvest::kHavegeFloorBits);
  EXPECT_EQ(HavegeClaimFromMcv(0.5), 0.5);
  EXPECT_EQ(HavegeClaimFromMcv(7.5), harvest::kHavegeCeilingBits);
}

TEST(ProbeCounterTest, MeasuresResolutionAndRepeats) {
  // Steps of 0, 0, 40 repeated: resolution 40, two thirds repeated values.
  ProbeOptions options = SmallOptions();
  options.counter_reads = 3000;
  const CounterProbe c = ProbeCounter(
      harvest::FunctionCounter(ReplayCycleCounter::FromDeltas({0, 0, 40})), "replay", options);
  EXPECT_EQ(c.resolution_ticks, 40u);
  EXPECT_EQ(c.backwards, 0u);
  EXPECT_NEAR(static_cast<double>(c.zero_deltas), 2000.0, 2.0);
  EXPECT_NEAR(c.ticks_per_read, 40.0 / 3.0, 0.1);
}

TEST(ProbeCounterTest, CountsBackwardSteps) {
  ProbeOptions options = SmallOptions();
  options.counter_reads = 1000;
  // 10, 20, 5 repeated without unwrapping: one backward step per three reads.
  const CounterProbe c =
      ProbeCounter(harvest::FunctionCounter(ReplayCycleCounter({10, 20, 5}, /*wrap_raw=*/true)),
                   "replay", options);
  EXPECT_NEAR(static_cast<double>(c.backwards), 999.0 / 3, 2.0);
  EXPECT_EQ(c.resolution_ticks, 5u);
}

X86RandomProbe MeasuredRdseed() {
  X86RandomProbe p;
  p.name = "rdseed";
  p.cpuid = p.cpuinfo = true;
  p.bytes = 1 << 20;
  p.seconds = 0.25;
  p.bytes_per_second = 4.0e6;
  p.attempts = 500000;
  p.failures = 375000;
  p.failure_rate = 0.75;
  return p;
}

TEST(ProbeX86Test, RdseedWithRoutineFailuresIsUsable) {
  const SourceVerdict v = JudgeX86Random(MeasuredRdseed(), -1.0);
  EXPECT_EQ(v.verdict, Verdict::kUsable) << v.reason;
  EXPECT_EQ(v.claim_bits_per_sample, harvest::kRdseedClaimBits);
  EXPECT_DOUBLE_EQ(v.credit_bits_per_second, 4.0e6 / 8 * harvest::kRdseedClaimBits);
}

TEST(ProbeX86Test, HiddenOrDisabledInstructionIsNotUsable) {
  X86RandomProbe p = MeasuredRdseed();
  p.cpuinfo = false;
  EXPECT_EQ(JudgeX86Random(p, -1.0).verdict, Verdict::kNotUsable);
  p.cpuid = false;
  EXPECT_EQ(JudgeX86Random(p, -1.0).verdict, Verdict::kNotUsable);
}

TEST(ProbeX86Test, RejectedChunksAreWeakAndNoOutputIsNotUsable) {
  X86RandomProbe p = MeasuredRdseed();
  p.read_errors = 2;
  EXPECT_EQ(JudgeX86Random(p, -1.0).verdict, Verdict::kWeak);
  p.bytes = 0;
  EXPECT_EQ(JudgeX86Random(p, -1.0).verdict, Verdict::kNotUsable);
}

TEST(ProbeX86Test, ZeroClaimIsNotUsableAndSlowIsWeak) {
  X86RandomProbe p = MeasuredRdseed();
  EXPECT_EQ(JudgeX86Random(p, 0.0).verdict, Verdict::kNotUsable);
  p.bytes_per_second = 40.0;  // 5 words/s x 32 bits = 160 bits/s
  EXPECT_EQ(JudgeX86Random(p, -1.0).verdict, Verdict::kWeak);
}

class ProbeHwrngTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        std::filesystem::temp_directory_path() / ("churn-probe-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(root_ / "class/misc/hw_random");
    std::filesystem::create_directories(root_ / "module/rng_core/parameters");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& relative, const std::string& text) {
    std::ofstream(root_ / relative) << text;
  }
  ProbeOptions Options() {
    ProbeOptions options;
    options.sysfs_root = root_.string();
    options.proc_root = (root_ / "noproc").string();
    options.hwrng_seconds = 0.05;
    options.harvester.hwrng_path = (root_ / "hwrng").string();
    return options;
  }
  std::filesystem::path root_;
};

TEST_F(ProbeHwrngTest, ReadsSysfsAndTheDevice) {
  Write("class/misc/hw_random/rng_current", "virtio_rng.0\n");
  Write("class/misc/hw_random/rng_available", "virtio_rng.0 none\n");
  Write("module/rng_core/parameters/default_quality", "1024\n");
  Write("hwrng", std::string(3000, 'x'));  // a regular file stands in for the device
  const HwrngProbe p = ProbeHwrng(Options());
  EXPECT_EQ(p.rng_current, "virtio_rng.0");
  EXPECT_EQ(p.rng_available, "virtio_rng.0 none");
  EXPECT_EQ(EffectiveHwrngQuality(p), 1024);
  EXPECT_TRUE(p.kernel_feeds);
  EXPECT_FALSE(p.kthread_seen);
  EXPECT_TRUE(p.opened);
  EXPECT_EQ(p.bytes, 3000u);
  EXPECT_EQ(p.verdict.claim_bits_per_sample, harvest::kHwrngClaimBits);
  EXPECT_NE(p.verdict.reason.find("already feeds"), std::string::npos) << p.verdict.reason;
}

TEST_F(ProbeHwrngTest, QualityZeroMeansTheKernelDoesNotFeed) {
  Write("class/misc/hw_random/rng_current", "tpm-rng-0\n");
  Write("class/misc/hw_random/rng_quality", "0\n");
  Write("module/rng_core/parameters/default_quality", "1024\n");  // rng_quality wins
  const HwrngProbe p = ProbeHwrng(Options());
  EXPECT_EQ(EffectiveHwrngQuality(p), 0);
  EXPECT_FALSE(p.kernel_feeds);
}

TEST_F(ProbeHwrngTest, MissingDeviceIsNotUsable) {
  const HwrngProbe p = ProbeHwrng(Options());
  EXPECT_FALSE(p.opened);
  EXPECT_TRUE(p.rng_current.empty());
  EXPECT_FALSE(p.kernel_feeds);
  EXPECT_EQ(p.verdict.verdict, Verdict::kNotUsable);
  EXPECT_NE(p.verdict.reason.find("cannot open"), std::string::npos) << p.verdict.reason;
}

TEST(ProbeHwrngVerdictTest, SlowDeviceIsWeak) {
  HwrngProbe p;
  p.opened = true;
  p.bytes = 5;
  p.seconds = 0.5;
  p.bytes_per_second = 10.0;  // 20 bits/s at 2 bits per byte
  EXPECT_EQ(JudgeHwrng(p, -1.0).verdict, Verdict::kWeak);
  p.bytes_per_second = 10240.0;
  EXPECT_EQ(JudgeHwrng(p, -1.0).verdict, Verdict::kUsable);
  p.bytes = 0;
  EXPECT_EQ(JudgeHwrng(p, -1.0).verdict, Verdict::kNotUsable);
}

ProbeReport ScriptedReport() {
  ProbeReport r;
  r.machine.hypervisor_bit = true;
  r.machine.hypervisor_vendor = "Quote\"Back\\slash";
  r.counter.name = "replay";
  r.havege.samples = 10;
  r.havege.counts[3] = 10;
  r.havege.top_values = {{3, 10}};
  r.havege.verdict.reason = "line\nbreak";
  r.rdseed.name = "rdseed";
  r.rdrand.name = "rdrand";
  r.kernel.generation = "modern";
  return r;
}

TEST(ProbeFormatTest, JsonEscapesAndNullsUnknowns) {
  const std::string json = FormatProbeJson(ScriptedReport());
  EXPECT_NE(json.find(R"("hypervisor_vendor":"Quote\"Back\\slash")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("reason":"line\u000abreak")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("ns_per_read":null)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("top_values":[{"value":3,"count":10}])"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("histogram16":[10,0,)"), std::string::npos) << json;
  for (const char* key : {"\"machine\":", "\"counter\":", "\"havege\":", "\"rdseed\":",
                          "\"rdrand\":", "\"hwrng\":", "\"kernel\":", "\"verdict\":"}) {
    EXPECT_NE(json.find(key), std::string::npos) << key;
  }
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (in_string) {
      if (json[i] == '\\')
        ++i;
      else if (json[i] == '"')
        in_string = false;
      continue;
    }
    if (json[i] == '"') in_string = true;
    if (json[i] == '{' || json[i] == '[') ++depth;
    if (json[i] == '}' || json[i] == ']') --depth;
    ASSERT_GE(depth, 0) << "at " << i;
  }
  EXPECT_EQ(depth, 0);
  EXPECT_EQ(json.back(), '\n');
}

TEST(ProbeFormatTest, TextHasAVerdictPerSource) {
  const std::string text = FormatProbeText(ScriptedReport());
  for (const char* line : {"  havege  not usable", "  rdseed  not usable", "  rdrand  not usable",
                           "  hwrng   not usable"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  EXPECT_NE(text.find("stream mode still works"), std::string::npos);  // can_feed is false
}

TEST(ProbeConfigTest, JsonNeedsProbe) {
  Config config;
  std::string message;
  EXPECT_EQ(ParseConfig({"--json", "-c", "/dev/null"}, &config, &message), DaemonErrc::kBadConfig);
  EXPECT_NE(message.find("json"), std::string::npos) << message;
  ASSERT_FALSE(ParseConfig({"--probe", "--json", "-c", "/dev/null"}, &config, &message)) << message;
  EXPECT_TRUE(config.probe);
  EXPECT_TRUE(config.probe_json);
}

}  // namespace
}  // namespace churn::daemon
