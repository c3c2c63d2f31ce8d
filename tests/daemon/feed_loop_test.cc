// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The service loop (daemon/feed_loop.h) driven by scripted signals on an injected clock, over
// the fake harvester and kernel sink. Deterministic: no real time passes.
#include "daemon/feed_loop.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/fake_harvester.h"
#include "tests/support/fake_kernel_sink.h"

namespace churn::daemon {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::FakeHarvester;
using testing::FakeKernelSink;

// Signals at given times; Wait() moves the clock to the next one or by the whole timeout.
class ScriptedSignals final : public SignalSource {
 public:
  explicit ScriptedSignals(std::vector<std::pair<steady_clock::duration, int>> script)
      : script_(std::move(script)) {}
  int Wait(milliseconds timeout, int, bool* writable) override {
    *writable = false;
    ++waits_;
    if (next_ < script_.size() && script_[next_].first <= now_ + timeout) {
      now_ = std::max(now_, script_[next_].first);
      return script_[next_++].second;
    }
    now_ += timeout;
    return 0;
  }
  steady_clock::time_point Now() const { return steady_clock::time_point(now_); }
  int waits() const { return waits_; }

 private:
  std::vector<std::pair<steady_clock::duration, int>> script_;
  std::size_t next_ = 0;
  steady_clock::duration now_{seconds(1000)};
  int waits_ = 0;
};

class ProcDir {
 public:
  ProcDir() {
    std::string pattern = ::testing::TempDir() + "churn-loop-XXXXXX";
    path_ = mkdtemp(pattern.data());
    std::ofstream(path_ + "/poolsize") << 256 << "\n";
  }
  ~ProcDir() {
    unlink((path_ + "/poolsize").c_str());
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct LoopRun {
  std::vector<std::pair<double, FeedReport>> reports;  // seconds since the start
  std::vector<std::string> events;
  int code = -1;
};

LoopRun RunScript(Feeder* feeder, ScriptedSignals* signals, std::function<void()> reload = {}) {
  LoopRun run;
  const auto start = signals->Now();
  FeedLoopHooks hooks;
  hooks.on_report = [&](const FeedReport& report, int*) {
    run.reports.emplace_back(std::chrono::duration<double>(signals->Now() - start).count(),
                             report);
    return false;
  };
  hooks.on_stop = [&](int signo) { run.events.push_back(signo == SIGTERM ? "TERM" : "INT"); };
  hooks.on_reload = [&] {
    run.events.push_back("HUP");
    if (reload) reload();
  };
  hooks.on_statistics = [&] { run.events.push_back("USR1"); };
  run.code = RunFeedLoop(feeder, signals, [signals] { return signals->Now(); }, hooks);
  return run;
}

FeederOptions Options(const ProcDir& proc, seconds interval) {
  FeederOptions options;
  options.proc_random_dir = proc.path();
  options.reseed_interval = interval;
  return options;
}

TEST(FeedLoopTest, SigtermEndsTheLoopEvenWhenNoSourceEverDelivers) {
  ProcDir proc;
  auto sink = FakeKernelSink::Modern(false);
  FakeHarvester harvester({"hwrng"}, 8.0);
  harvester.Quarantine("hwrng");  // nothing ever ready
  Feeder feeder(Options(proc, seconds(60)), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  ScriptedSignals signals({{seconds(1005), SIGTERM}});
  const LoopRun run = RunScript(&feeder, &signals);
  EXPECT_EQ(run.code, 0);
  ASSERT_EQ(run.events, std::vector<std::string>{"TERM"});
  // It kept retrying (every 100 ms) and was stopped at 5 s, not at some later deadline.
  EXPECT_GE(run.reports.size(), 40u);
  EXPECT_NEAR(run.reports.back().first, 5.0, 0.11);
  EXPECT_TRUE(sink.calls().empty());
}

TEST(FeedLoopTest, SighupAppliesAShorterIntervalAtOnce) {
  ProcDir proc;
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc, seconds(40)), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  // Reseed at 0 s; at 5 s SIGHUP sets a 2 s interval; SIGTERM at 10 s.
  ScriptedSignals signals({{seconds(1005), SIGHUP}, {seconds(1010), SIGTERM}});
  const LoopRun run = RunScript(&feeder, &signals, [&] {
    feeder.Reconfigure(Options(proc, seconds(2)), &harvester);
  });
  EXPECT_EQ(run.code, 0);
  std::vector<double> reseeds;
  for (const auto& [t, report] : run.reports) {
    if (report.reseeded) reseeds.push_back(t);
  }
  // 0 s, then at once after the reload (5 s), then every 2 s: 7, 9.
  ASSERT_EQ(reseeds.size(), 4u);
  EXPECT_DOUBLE_EQ(reseeds[0], 0.0);
  EXPECT_DOUBLE_EQ(reseeds[1], 5.0);
  EXPECT_DOUBLE_EQ(reseeds[2], 7.0);
  EXPECT_DOUBLE_EQ(reseeds[3], 9.0);
  EXPECT_EQ(run.events, (std::vector<std::string>{"HUP", "TERM"}));
}

TEST(FeedLoopTest, SigusrOneIsAnsweredWithoutAnExtraFeed) {
  ProcDir proc;
  auto sink = FakeKernelSink::Modern(true);
  FakeHarvester harvester({"rdseed"}, 8.0);
  Feeder feeder(Options(proc, seconds(60)), &sink, &harvester);
  ASSERT_FALSE(feeder.Start());
  ScriptedSignals signals({{seconds(1003), SIGUSR1}, {seconds(1004), SIGUSR1}, {seconds(1070), SIGINT}});
  const LoopRun run = RunScript(&feeder, &signals);
  EXPECT_EQ(run.code, 0);
  EXPECT_EQ(run.events, (std::vector<std::string>{"USR1", "USR1", "INT"}));
  EXPECT_EQ(sink.calls().size(), 2u);  // at 0 s and at 60 s only
}

}  // namespace
}  // namespace churn::daemon
