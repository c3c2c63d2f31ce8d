// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The harvester: one collector per source, each filling its own bounded buffer of tested
// output in the background, and one failure policy.
//
//   source ─raw─▶ SP 800-90B RCT + APT ─▶ [FIPS 140-2 on raw] ─▶ SHA-512 conditioner ─▶ ready
//            (timer sources: the deterministic-timer test and the 90B assessment set the claim)
//
// Collection is independent of demand: a collector reads its source whenever its ready buffer
// is below kReadyBytes and sleeps on a condition variable when it is full, so an idle daemon
// costs no CPU and a slow or blocked source never delays another source or the caller.
// Harvest() never blocks: it takes what the buffers hold or says kNotReady.
//
// Mixing rule. Every feed takes an equal share from every source that has output ready (a
// source with less than its share gives all it has and the others make up the rest), and the
// pieces are concatenated. So every usable source contributes to every feed, a source that is
// bad in a way no test sees controls only its share, and the credit is exact: each byte carries
// its source's credit (8 bits per conditioned byte of a credited source, 0 otherwise) and the
// feed's credit is their sum. Concatenation keeps that sum honest without assuming the sources
// independent, which XOR-ing them would need.
//
// Where FIPS 140-2 sits. On the raw output of sources whose raw output should already be
// uniform (RDSEED, RDRAND, /dev/hwrng), as rngd tests them: there a failure means the device
// is broken. On conditioned output it could only catch a broken SHA-512, which the start-up
// known-answer test covers, and it would make a slow source wait for 2,500 bytes of its own
// conditioned output (~20 KB of hwrng input) before contributing anything; on raw output a
// 2,500-byte block costs the same 2,500 bytes. HAVEGE's raw timer deltas are not uniform by
// design and are covered by RCT/APT and the deterministic-timer test instead.
//
// The failure policy (the one place it is written down; README and churnd(8) summarise it):
//   starting     the first kStartupSamples samples (after every restart too) only feed the health
//                tests and are thrown away; timer sources also run the deterministic-timer test
//                and the SP 800-90B assessment here. A failure quarantines the source.
//   healthy      producing output. An intermittent failure (RCT, APT, FIPS block, read error)
//                discards the data it touched (the conditioner's pool, the FIPS block) and is
//                counted; kMaxFailures failures with fewer than kCleanSamples passing samples
//                and no passing FIPS block between them quarantine the source.
//   quarantined  not read; after a back-off that doubles from kInitialBackoff to kMaxBackoff it
//                is restarted (a fresh instance: fresh tables, reopened device) with a fresh
//                start-up. The back-off returns to kInitialBackoff after kBackoffReset healthy.
//   stalled      no data for kStallTime: reported once, still polled; data ends it.
//   absent       the device is missing or gone (open failed, end of file): reported, reopened
//                every kReopenInterval and on ReopenAbsent() (SIGHUP).
// None of these ends the harvester: after start-up it keeps collecting from whatever recovers.
// At start-up (StartupVerdict) every source failing its start-up tests is kSelfTestFailed and
// no source alive at all is kNoUsableSource (churnd exits 70 and 69).
//
// Credit: a conditioned block is finished once the absorbed samples carry kConditionerInputBits
// (1024) of claimed entropy, and is then credited 8 bits per output byte, half the input claim.
// A source claimed at 0 still contributes blocks, finished after kUncreditedBlockBytes raw
// bytes, credited 0; so does one whose claim would need more than kMaxBlockInputBytes.
#include "harvest/harvester.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "harvest/conditioner.h"
#include "harvest/errors.h"
#include "harvest/source_registry.h"
#include "harvest/timer_noise.h"
#include "stats/estimators.h"
#include "stats/fips140.h"
#include "stats/health_tests.h"

namespace churn::harvest {

const char* SourceStateName(SourceState state) {
  switch (state) {
    case SourceState::kStarting:
      return "starting";
    case SourceState::kHealthy:
      return "healthy";
    case SourceState::kQuarantined:
      return "quarantined";
    case SourceState::kStalled:
      return "stalled";
    case SourceState::kAbsent:
      return "absent";
  }
  return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kStartupSamples = 1024;        // SP 800-90B 4.3: at least 1024
constexpr std::size_t kChunkBytes = 4096;            // raw bytes per read
constexpr std::size_t kUncreditedBlockBytes = 4096;  // raw bytes per uncredited block
// A claim so small that a credited block would need more raw input than this (below 1/128 bit
// per byte) is not worth waiting for: the block is finished here and credited 0.
constexpr std::size_t kMaxBlockInputBytes = 1u << 20;
constexpr std::size_t kReadyBytes = 4096;            // ready buffer per source (conditioned)
constexpr std::size_t kRawReadyBytes = 1u << 18;     // ready buffer in raw mode
constexpr int kMaxFailures = 3;
constexpr std::uint64_t kCleanSamples = 1u << 16;
constexpr milliseconds kInitialBackoff{1000};
constexpr milliseconds kMaxBackoff{300000};
constexpr milliseconds kBackoffReset{60000};
constexpr milliseconds kStallTime{5000};
constexpr milliseconds kReopenInterval{30000};
constexpr milliseconds kReassessInterval{600000};
// Empty reads back off from 1 ms to kBusyNap while the source gave data within the last
// second (a slow device such as virtio-rng refills its buffer in a few ms; measured: ~10 kB/s
// with 2-5 ms naps, as fast as blocking reads), and to kMaxNap after that. Every wait is cut
// into naps no longer than kMaxNap so a stop or an injected clock is seen within it.
constexpr milliseconds kBusyNap{4};
constexpr milliseconds kMaxNap{50};
// Identical-work timings taken per raw chunk of a timer source for the continuous test.
constexpr std::size_t kContinuousNoisePerChunk = 16;
static_assert(kTimerNoiseRepetitions % kContinuousNoisePerChunk == 0);

struct Block {
  std::array<std::uint8_t, kConditionerBlockBytes> bytes{};
  std::size_t begin = 0, end = 0;
  bool credited = false;
};

// An SP 800-90B assessment running in its own detached thread on its own copy of the samples,
// so a stop or a reload never waits for the estimators (~0.2 s, more on a loaded machine).
struct AssessJob {
  std::mutex mu;
  bool done = false;
  double bits = 0.0;
};

struct Slot {
  // ---- guarded by HarvesterImpl::mu_ ----
  SourceStats stats;
  std::deque<Block> ready;
  std::size_t ready_bytes = 0;
  bool reopen_now = false;
  EntropySource* live = nullptr;  // for Interrupt()
  // ---- the collector's own ----
  SourceSpec spec;
  stats::HealthTests health;
  std::unique_ptr<Conditioner> conditioner;
  std::size_t startup_left = kStartupSamples;
  double claim = 0.0;
  double pool_bits = 0.0;
  std::size_t pool_bytes = 0;
  std::vector<std::uint8_t> fips_staging;
  bool fips_seeded = false;
  stats::Fips140Tester fips{0};
  int failures = 0;
  std::uint64_t clean_samples = 0;
  milliseconds backoff = kInitialBackoff;
  Clock::time_point retry_at{}, last_data{}, healthy_since{}, next_reopen{}, next_assess{};
  milliseconds nap{1};
  SourceState before_stall = SourceState::kStarting;
  // timer sources
  bool deterministic = false;
  double assessed = -1.0;
  std::vector<std::uint64_t> noise_window;
  std::vector<std::uint8_t> assess_samples;
  bool assessing = false;
  std::shared_ptr<AssessJob> job;      // an assessment in flight (background mode)
  bool awaiting_assessment = false;    // start-up is over but for the assessment

  Slot(SourceSpec s, std::unique_ptr<Conditioner> c)
      : spec(std::move(s)), health(spec.health_bits_per_sample, false), conditioner(std::move(c)) {
    stats.name = spec.name.empty() && spec.source ? std::string(spec.source->Name()) : spec.name;
    claim = spec.claim_bits_per_sample;
    stats.claim_bits_per_sample = claim;
    stats.backoff_seconds = std::chrono::duration<double>(backoff).count();
  }
  bool timer() const { return spec.assess_cap_bits >= 0.0; }
};

// What a collector does after a step.
struct Next {
  enum Kind { kNow, kUntil, kSpace } kind = kNow;
  Clock::time_point until{};
};

class HarvesterImpl final : public Harvester {
 public:
  HarvesterImpl(std::vector<std::unique_ptr<Slot>> slots, const HarvesterConfig& config)
      : slots_(std::move(slots)),
        log_(config.log),
        now_(config.now ? config.now : NowFunction([] { return Clock::now(); })),
        injected_clock_(static_cast<bool>(config.now)),
        raw_(config.raw_output),
        capacity_(config.raw_output ? kRawReadyBytes : kReadyBytes),
        start_(now_()) {
    for (auto& slot : slots_) {
      slot->last_data = start_;
      slot->live = slot->spec.source.get();
      if (!slot->spec.source) {
        slot->stats.state = SourceState::kAbsent;
        slot->next_reopen = start_ + kReopenInterval;
        pending_logs_.push_back("source " + slot->stats.name + " absent: " +
                                slot->spec.absent_reason.message());
      }
    }
    background_ = config.background;
    if (background_) StartThreads();
  }
  ~HarvesterImpl() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      for (auto& slot : slots_) {
        if (slot->live) slot->live->Interrupt();
      }
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  std::error_code Harvest(std::span<std::uint8_t> out, std::uint64_t* entropy_bits) override;
  void Take(std::span<std::uint8_t> out, milliseconds max_wait, std::size_t* taken,
            std::uint64_t* entropy_bits) override;
  bool WaitForStartup(milliseconds max_wait) override;
  std::error_code StartupVerdict() const override;
  bool AnyUsable() const override {
    std::lock_guard lock(mu_);
    return std::any_of(slots_.begin(), slots_.end(), [](const auto& s) { return Alive(*s); });
  }
  void ReopenAbsent() override {
    {
      std::lock_guard lock(mu_);
      for (auto& slot : slots_) slot->reopen_now = true;
    }
    cv_.notify_all();
  }
  void Step() override {
    if (background_) return;
    FlushLogs();
    for (auto& slot : slots_) {
      (void)StepSlot(*slot);
      FlushLogs();
    }
  }
  std::vector<SourceStats> Stats() const override {
    std::lock_guard lock(mu_);
    std::vector<SourceStats> all;
    for (const auto& s : slots_) {
      all.push_back(s->stats);
      all.back().buffered_bytes = s->ready_bytes;
    }
    return all;
  }

 private:
  static bool Alive(const Slot& s) {
    return s.stats.state == SourceState::kStarting || s.stats.state == SourceState::kHealthy ||
           s.stats.state == SourceState::kStalled;
  }
  void StartThreads();
  void Collect(Slot& slot);
  Next StepSlot(Slot& slot);
  void Read(Slot& slot, Clock::time_point now, Next* next);
  void Process(Slot& slot, std::span<const std::uint8_t> raw, Clock::time_point now);
  void Fail(Slot& slot, const std::string& why, Clock::time_point now);
  void Quarantine(Slot& slot, const std::string& why, Clock::time_point now);
  void Restart(Slot& slot, Clock::time_point now);
  void GoAbsent(Slot& slot, const std::string& why, Clock::time_point now);
  void SetState(Slot& slot, SourceState state);
  void FipsStage(Slot& slot, std::span<const std::uint8_t> raw);
  void Absorb(Slot& slot, std::span<const std::uint8_t> raw);
  void Push(Slot& slot, std::span<const std::uint8_t> bytes, bool credited);
  void TimerStartup(Slot& slot);
  void ContinuousNoise(Slot& slot);
  void Assess(Slot& slot);
  void ApplyAssessment(Slot& slot, double bits);
  void BecomeHealthy(Slot& slot, Clock::time_point now);
  void UpdateClaim(Slot& slot);
  void Log(std::string line) {
    std::lock_guard lock(mu_);
    pending_logs_.push_back(std::move(line));
  }
  void FlushLogs() {
    std::vector<std::string> lines;
    {
      std::lock_guard lock(mu_);
      lines.swap(pending_logs_);
    }
    for (const std::string& line : lines) {
      if (log_) {
        log_(line);
      } else {
        std::fprintf(stderr, "churn: %s\n", line.c_str());
      }
    }
  }
  double Seconds(Clock::time_point t) const {
    return std::chrono::duration<double>(t - start_).count();
  }

  std::vector<std::unique_ptr<Slot>> slots_;
  std::function<void(const std::string&)> log_;
  NowFunction now_;
  bool background_ = false;  // set before the collectors start, never changed
  bool injected_clock_;
  bool raw_;
  std::size_t capacity_;
  Clock::time_point start_;
  mutable std::mutex mu_;
  std::condition_variable cv_;  // data produced, space freed, stop, reopen
  bool stopping_ = false;
  std::vector<std::string> pending_logs_;
  std::vector<std::thread> threads_;
  std::array<std::uint8_t, kChunkBytes> chunk_{};  // Step()'s buffer (manual mode)
};

void HarvesterImpl::StartThreads() {
  // Collectors never take signals: they must reach the thread that waits for them (signalfd,
  // or the stream's write() interrupted by SIGTERM).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  for (auto& slot : slots_) threads_.emplace_back([this, s = slot.get()] { Collect(*s); });
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

void HarvesterImpl::Collect(Slot& slot) {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    const Next next = StepSlot(slot);
    FlushLogs();
    if (next.kind == Next::kNow) continue;
    // A full buffer waits for Harvest() to make room (no timeout: an idle churnd wakes up for
    // nothing). A timed wait sleeps until its deadline on the real clock; on a clock injected
    // by a test, which moves without notifying anyone, in naps of at most kMaxNap.
    std::unique_lock lock(mu_);
    auto wake = [&] {
      if (stopping_ || slot.reopen_now) return true;
      return next.kind == Next::kSpace && slot.ready_bytes < capacity_;
    };
    if (next.kind == Next::kSpace) {
      cv_.wait(lock, wake);
    } else {
      Clock::duration nap = next.until - now_();
      if (injected_clock_) nap = std::min<Clock::duration>(nap, kMaxNap);
      cv_.wait_until(lock, Clock::now() + std::max<Clock::duration>(nap, {}), wake);
    }
    if (stopping_) return;
  }
}

void HarvesterImpl::SetState(Slot& slot, SourceState state) {
  std::lock_guard lock(mu_);
  slot.stats.state = state;
}

Next HarvesterImpl::StepSlot(Slot& slot) {
  const Clock::time_point now = now_();
  SourceState state;
  bool reopen_now;
  std::size_t buffered;
  {
    std::lock_guard lock(mu_);
    state = slot.stats.state;
    reopen_now = slot.reopen_now;
    slot.reopen_now = false;
    buffered = slot.ready_bytes;
  }
  if (state == SourceState::kAbsent) {
    if (now < slot.next_reopen && !reopen_now) return {Next::kUntil, slot.next_reopen};
    std::unique_ptr<EntropySource> fresh;
    const std::error_code ec = slot.spec.reopen ? slot.spec.reopen(&fresh)
                                                : make_error_code(HarvestErrc::kEndOfData);
    if (ec) {
      slot.next_reopen = now + kReopenInterval;
      return {Next::kUntil, slot.next_reopen};
    }
    {
      std::lock_guard lock(mu_);
      slot.spec.source = std::move(fresh);
      slot.live = slot.spec.source.get();
      ++slot.stats.reopens;
    }
    Log("source " + slot.stats.name + " reopened, restarting its start-up tests");
    Restart(slot, now);
    return {};
  }
  if (state == SourceState::kQuarantined) {
    if (now < slot.retry_at) return {Next::kUntil, slot.retry_at};
    if (slot.spec.reopen) {
      std::unique_ptr<EntropySource> fresh;
      if (!slot.spec.reopen(&fresh)) {
        std::lock_guard lock(mu_);
        slot.spec.source = std::move(fresh);
        slot.live = slot.spec.source.get();
      }
    }
    Log("source " + slot.stats.name + " leaves quarantine, restarting its start-up tests");
    Restart(slot, now);
    return {};
  }
  if (state == SourceState::kHealthy && now - slot.healthy_since >= kBackoffReset &&
      slot.backoff != kInitialBackoff) {
    slot.backoff = kInitialBackoff;
    std::lock_guard lock(mu_);
    slot.stats.backoff_seconds = std::chrono::duration<double>(slot.backoff).count();
  }
  if (slot.job) {
    bool done = false;
    double bits = 0.0;
    {
      std::lock_guard lock(slot.job->mu);
      done = slot.job->done;
      bits = slot.job->bits;
    }
    if (done) {
      slot.job.reset();
      ApplyAssessment(slot, bits);
      if (slot.awaiting_assessment) {
        slot.awaiting_assessment = false;
        BecomeHealthy(slot, now);
      }
    } else if (slot.awaiting_assessment) {
      return {Next::kUntil, now + milliseconds(5)};
    }
  }
  if (buffered >= capacity_) return {Next::kSpace, {}};
  Next next;
  Read(slot, now, &next);
  return next;
}

void HarvesterImpl::Read(Slot& slot, Clock::time_point now, Next* next) {
  EntropySource& source = *slot.spec.source;
  const std::size_t sample_bytes = source.SampleBytes();
  if (slot.timer() && slot.stats.state == SourceState::kStarting &&
      slot.startup_left == kStartupSamples && !slot.assessing) {
    TimerStartup(slot);
  }
  std::size_t want = kChunkBytes;
  want = std::max(want - want % sample_bytes, sample_bytes);
  std::uint8_t* buffer = chunk_.data();
  if (background_) {
    thread_local std::array<std::uint8_t, kChunkBytes> per_thread{};
    buffer = per_thread.data();
  }
  std::size_t got = 0;
  const std::error_code ec = source.Read(std::span(buffer, want), &got);
  if (ec == HarvestErrc::kEndOfData || ec == std::errc::no_such_device) {
    // ENODEV: /dev/hwrng exists but no driver is behind it (no virtio-rng backend, say).
    GoAbsent(slot, ec == HarvestErrc::kEndOfData ? "end of file: the device is gone"
                                                 : "no such device behind it",
             now);
    *next = {Next::kUntil, slot.next_reopen};
    return;
  }
  if (ec) {
    {
      std::lock_guard lock(mu_);
      ++slot.stats.read_errors;
    }
    Fail(slot, "read error: " + ec.message(), now);
    *next = {Next::kUntil, now + slot.nap};
    slot.nap = std::min(slot.nap * 2, kMaxNap);
    return;
  }
  got -= got % sample_bytes;
  if (got == 0) {
    const SourceState state = slot.stats.state;  // only this thread writes it
    if (now - slot.last_data >= kStallTime &&
        (state == SourceState::kStarting || state == SourceState::kHealthy)) {
      slot.before_stall = state;
      {
        std::lock_guard lock(mu_);
        slot.stats.state = SourceState::kStalled;
        ++slot.stats.stalls;
      }
      Log("source " + slot.stats.name + " stalled: no data for " +
          std::to_string(kStallTime.count() / 1000) + " s; still polling it");
    }
    *next = {Next::kUntil, now + slot.nap};
    const bool recent = now - slot.last_data < std::chrono::seconds(1);
    slot.nap = std::min(slot.nap * 2, recent ? kBusyNap : kMaxNap);
    return;
  }
  slot.nap = milliseconds{1};
  slot.last_data = now;
  if (slot.stats.state == SourceState::kStalled) {
    SetState(slot, slot.before_stall);
    Log("source " + slot.stats.name + " resumed after a stall");
  }
  {
    std::lock_guard lock(mu_);
    slot.stats.raw_bytes += got;
  }
  Process(slot, std::span<const std::uint8_t>(buffer, got), now);
  if (slot.timer() && slot.stats.state == SourceState::kHealthy) ContinuousNoise(slot);
  *next = {};
}

void HarvesterImpl::Process(Slot& slot, std::span<const std::uint8_t> raw, Clock::time_point now) {
  const std::size_t sample_bytes = slot.spec.source->SampleBytes();
  std::size_t healthy_begin = 0;
  for (std::size_t off = 0; off < raw.size(); off += sample_bytes) {
    const stats::HealthResult result = slot.health.Feed(LoadSample(raw.data() + off, sample_bytes));
    if (result != stats::HealthResult::kPass) {
      {
        std::lock_guard lock(mu_);
        if (result == stats::HealthResult::kRepetitionCountFailure) ++slot.stats.rct_failures;
        if (result == stats::HealthResult::kAdaptiveProportionFailure) ++slot.stats.apt_failures;
      }
      Fail(slot,
           result == stats::HealthResult::kRepetitionCountFailure
               ? "SP 800-90B repetition count test failed"
               : "SP 800-90B adaptive proportion test failed",
           now);
      return;  // the rest of the chunk is discarded with the block it would have joined
    }
    ++slot.clean_samples;
    if (slot.stats.state == SourceState::kStarting) {
      healthy_begin = off + sample_bytes;  // start-up samples are tested, never used
      if (slot.assessing) slot.assess_samples.push_back(raw[off]);
      if (slot.startup_left > 0) --slot.startup_left;
      const bool assessed = !slot.assessing || slot.assess_samples.size() >= kHavegeEstimateSamples;
      if (slot.startup_left == 0 && assessed && !slot.awaiting_assessment) {
        if (slot.assessing) Assess(slot);
        if (slot.job) {
          slot.awaiting_assessment = true;  // healthy once the assessment is in (StepSlot)
        } else {
          BecomeHealthy(slot, now);
        }
      }
    } else if (slot.assessing) {
      slot.assess_samples.push_back(raw[off]);
      if (slot.assess_samples.size() >= kHavegeEstimateSamples) Assess(slot);
    }
  }
  if (slot.timer() && !slot.assessing && now >= slot.next_assess &&
      slot.stats.state == SourceState::kHealthy) {
    slot.assessing = true;  // re-measure from the next chunk on
    slot.assess_samples.clear();
  }
  const auto healthy = raw.subspan(healthy_begin);
  if (healthy.empty()) return;
  if (raw_) {
    for (std::size_t off = 0; off < healthy.size(); off += kConditionerBlockBytes) {
      Push(slot, healthy.subspan(off, std::min(kConditionerBlockBytes, healthy.size() - off)),
           false);
    }
    return;
  }
  if (slot.spec.fips_on_raw) {
    FipsStage(slot, healthy);
  } else {
    Absorb(slot, healthy);
  }
}

void HarvesterImpl::FipsStage(Slot& slot, std::span<const std::uint8_t> raw) {
  if (!slot.fips_seeded) {
    // The continuous test needs a first word to compare with; it is never used.
    if (raw.size() < 4) return;
    slot.fips = stats::Fips140Tester(stats::Fips140Word(raw.first<4>()));
    slot.fips_seeded = true;
    raw = raw.subspan(4);
  }
  while (!raw.empty()) {
    const std::size_t n =
        std::min(raw.size(), stats::kFips140BlockBytes - slot.fips_staging.size());
    slot.fips_staging.insert(slot.fips_staging.end(), raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(n));
    raw = raw.subspan(n);
    if (slot.fips_staging.size() < stats::kFips140BlockBytes) continue;
    const stats::Fips140Result result = slot.fips.TestBlock(
        stats::Fips140Block(slot.fips_staging.data(), slot.fips_staging.size()));
    if (!result.Passed()) {
      {
        std::lock_guard lock(mu_);
        ++slot.stats.fips_failures;
      }
      slot.fips_staging.clear();
      Fail(slot, "FIPS 140-2 test failed on raw output", now_());
      return;
    }
    // An ideal source fails about 1 block in 1,250 (rngtest saw 2 in 838 of raw RDRAND here):
    // only failures without a passing block between them count towards quarantine.
    slot.failures = 0;
    Absorb(slot, slot.fips_staging);
    slot.fips_staging.clear();
  }
}

void HarvesterImpl::Absorb(Slot& slot, std::span<const std::uint8_t> raw) {
  const std::size_t sample_bytes = slot.spec.source->SampleBytes();
  while (!raw.empty()) {
    std::size_t take = raw.size();
    if (slot.claim > 0.0) {
      const double samples_needed = (kConditionerInputBits - slot.pool_bits) / slot.claim;
      // A tiny claim (1e-300) needs more samples than a size_t holds: the block-size cap
      // below bounds the take anyway, so saturate before converting.
      const double max_samples = static_cast<double>(kMaxBlockInputBytes);
      const auto samples = samples_needed + 0.999999 < max_samples
                               ? static_cast<std::size_t>(samples_needed + 0.999999)
                               : kMaxBlockInputBytes;
      take = std::min({take, std::max<std::size_t>(samples, 1) * sample_bytes,
                       kMaxBlockInputBytes - slot.pool_bytes});
    } else {
      take = std::min(take, kUncreditedBlockBytes - slot.pool_bytes);
    }
    if (slot.conditioner->Absorb(raw.first(take))) return;  // OpenSSL failure: drop, retry later
    slot.pool_bits += static_cast<double>(take / sample_bytes) * slot.claim;
    slot.pool_bytes += take;
    raw = raw.subspan(take);
    const bool credited = slot.claim > 0.0 && slot.pool_bits >= kConditionerInputBits;
    const std::size_t limit = slot.claim > 0.0 ? kMaxBlockInputBytes : kUncreditedBlockBytes;
    if (credited || slot.pool_bytes >= limit) {
      std::array<std::uint8_t, kConditionerBlockBytes> block{};
      slot.pool_bits = 0.0;
      slot.pool_bytes = 0;
      if (slot.conditioner->Finish(block)) return;
      Push(slot, block, credited);
      std::memset(block.data(), 0, block.size());
    }
  }
}

void HarvesterImpl::Push(Slot& slot, std::span<const std::uint8_t> bytes, bool credited) {
  Block block;
  std::memcpy(block.bytes.data(), bytes.data(), bytes.size());
  block.end = bytes.size();
  block.credited = credited;
  {
    std::lock_guard lock(mu_);
    slot.ready.push_back(block);
    slot.ready_bytes += bytes.size();
    slot.stats.conditioned_bytes += bytes.size();
    if (slot.stats.first_ready_seconds < 0) slot.stats.first_ready_seconds = Seconds(now_());
  }
  cv_.notify_all();
}

void HarvesterImpl::Fail(Slot& slot, const std::string& why, Clock::time_point now) {
  // Discard the block being built: it may hold samples from before the failure was detectable.
  slot.pool_bits = 0.0;
  slot.pool_bytes = 0;
  slot.fips_staging.clear();
  (void)slot.conditioner->Discard();
  if (slot.stats.state == SourceState::kStarting) {
    Quarantine(slot, "start-up test: " + why, now);
    return;
  }
  slot.failures = slot.clean_samples < kCleanSamples ? slot.failures + 1 : 1;
  slot.clean_samples = 0;
  if (slot.failures >= kMaxFailures) {
    Quarantine(slot, why + " (" + std::to_string(kMaxFailures) + " times)", now);
  } else if (slot.failures > 1) {
    // A lone failure is the tests' own false-alarm rate (FIPS 140-2: 1 block in ~1,250):
    // counted, not logged. A second one close behind is worth a line.
    Log("source " + slot.stats.name + ": " + why + "; data discarded (" +
        std::to_string(slot.failures) + " of " + std::to_string(kMaxFailures) +
        " failures before quarantine)");
  }
}

void HarvesterImpl::Quarantine(Slot& slot, const std::string& why, Clock::time_point now) {
  slot.retry_at = now + slot.backoff;
  {
    std::lock_guard lock(mu_);
    slot.stats.state = SourceState::kQuarantined;
    ++slot.stats.quarantines;
    pending_logs_.push_back("source " + slot.stats.name + " quarantined for " +
                            std::to_string(slot.backoff.count()) + " ms: " + why);
    slot.backoff = std::min(slot.backoff * 2, kMaxBackoff);
    slot.stats.backoff_seconds = std::chrono::duration<double>(slot.backoff).count();
  }
}

void HarvesterImpl::GoAbsent(Slot& slot, const std::string& why, Clock::time_point now) {
  slot.next_reopen = now + kReopenInterval;
  {
    std::lock_guard lock(mu_);
    slot.stats.state = SourceState::kAbsent;
    slot.live = nullptr;
    pending_logs_.push_back("source " + slot.stats.name + " absent: " + why + "; reopening it every " +
                            std::to_string(kReopenInterval.count() / 1000) + " s and on SIGHUP");
  }
  slot.spec.source.reset();
}

void HarvesterImpl::Restart(Slot& slot, Clock::time_point now) {
  slot.startup_left = kStartupSamples;
  slot.health.Reset();
  slot.pool_bits = 0.0;
  slot.pool_bytes = 0;
  slot.fips_staging.clear();
  slot.fips_seeded = false;
  slot.failures = 0;
  slot.clean_samples = 0;
  slot.last_data = now;
  slot.assessing = false;
  slot.assess_samples.clear();
  slot.job.reset();  // a result still in flight belongs to the old instance
  slot.awaiting_assessment = false;
  slot.noise_window.clear();
  (void)slot.conditioner->Discard();
  SetState(slot, SourceState::kStarting);
}

void HarvesterImpl::TimerStartup(Slot& slot) {
  std::vector<std::uint64_t> deltas(kTimerNoiseRepetitions);
  if (!slot.spec.source->TimeIdenticalWork(deltas)) return;
  const TimerNoiseVerdict verdict = JudgeTimerNoise(deltas);
  slot.deterministic = verdict.deterministic;
  {
    std::lock_guard lock(mu_);
    slot.stats.timer_spread_bits = verdict.spread_bits;
    slot.stats.timer_deterministic = verdict.deterministic;
    if (verdict.deterministic) ++slot.stats.noise_failures;
  }
  if (verdict.deterministic) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "source %s: the timer is deterministic (identical work timed %zu times: %zu "
                  "distinct timings, the most common %.1f %%): credited 0",
                  slot.stats.name.c_str(), deltas.size(), verdict.distinct,
                  100.0 * verdict.mode_share);
    Log(line);
  }
  slot.assessing = true;
  slot.assess_samples.clear();
  slot.assess_samples.reserve(kHavegeEstimateSamples);
}

void HarvesterImpl::ContinuousNoise(Slot& slot) {
  std::array<std::uint64_t, kContinuousNoisePerChunk> deltas{};
  if (!slot.spec.source->TimeIdenticalWork(deltas)) return;
  slot.noise_window.insert(slot.noise_window.end(), deltas.begin(), deltas.end());
  if (slot.noise_window.size() < kTimerNoiseRepetitions) return;
  const TimerNoiseVerdict verdict = JudgeTimerNoise(slot.noise_window);
  slot.noise_window.clear();
  const bool was = slot.deterministic;
  slot.deterministic = verdict.deterministic;
  {
    std::lock_guard lock(mu_);
    slot.stats.timer_spread_bits = verdict.spread_bits;
    slot.stats.timer_deterministic = verdict.deterministic;
    if (verdict.deterministic) ++slot.stats.noise_failures;
  }
  if (was != verdict.deterministic) {
    Log("source " + slot.stats.name +
        (verdict.deterministic ? ": the timer became deterministic: credited 0"
                               : ": the timer varies again: credit restored"));
  }
  UpdateClaim(slot);
}

void HarvesterImpl::BecomeHealthy(Slot& slot, Clock::time_point now) {
  {
    std::lock_guard lock(mu_);
    slot.stats.state = SourceState::kHealthy;
  }
  slot.healthy_since = now;
  slot.failures = 0;
}

namespace {
double AssessSamples(std::span<const std::uint8_t> samples) {
  stats::EstimatorReport report;
  const std::error_code ec = stats::EstimateMinEntropy(samples, 8, &report);
  return ec ? 0.0 : report.min_entropy_bits;
}
}  // namespace

void HarvesterImpl::Assess(Slot& slot) {
  slot.assessing = false;
  slot.next_assess = now_() + kReassessInterval;
  if (!background_) {  // step-driven tests: at once, deterministically
    ApplyAssessment(slot, AssessSamples(slot.assess_samples));
    slot.assess_samples.clear();
    return;
  }
  auto job = std::make_shared<AssessJob>();
  slot.job = job;
  std::thread([job, samples = std::move(slot.assess_samples)] {
    const double bits = AssessSamples(samples);
    std::lock_guard lock(job->mu);
    job->bits = bits;
    job->done = true;
  }).detach();
  slot.assess_samples = {};
}

void HarvesterImpl::ApplyAssessment(Slot& slot, double bits) {
  slot.assessed = bits;
  {
    std::lock_guard lock(mu_);
    slot.stats.assessed_bits_per_sample = slot.assessed;
  }
  // The cutoffs follow the claim the assessment supports (at least the floor the registry uses
  // for uncredited sources), so a deterministic-but-varied timer is still health-tested
  // sensibly and the cutoffs are never tighter than the claim needs.
  const double h =
      std::max(TimerClaim(false, slot.assessed, slot.spec.assess_cap_bits), 0.05);
  if (std::abs(h - slot.spec.health_bits_per_sample) > 1e-9) {
    slot.spec.health_bits_per_sample = h;
    slot.health = stats::HealthTests(h, false);
  }
  UpdateClaim(slot);
}

void HarvesterImpl::UpdateClaim(Slot& slot) {
  if (slot.assessed < 0.0) return;  // not assessed yet: stays 0
  const double claim = TimerClaim(slot.deterministic, slot.assessed, slot.spec.assess_cap_bits);
  if (claim == slot.claim) return;
  slot.claim = claim;
  std::lock_guard lock(mu_);
  slot.stats.claim_bits_per_sample = claim;
}

std::error_code HarvesterImpl::Harvest(std::span<std::uint8_t> out,
                                       std::uint64_t* entropy_bits) {
  *entropy_bits = 0;
  std::uint64_t credit = 0;
  {
    std::lock_guard lock(mu_);
    std::size_t total = 0;
    std::vector<std::size_t> share(slots_.size(), 0);
    for (std::size_t i = 0; i < slots_.size(); ++i) total += slots_[i]->ready_bytes;
    if (total < out.size()) return HarvestErrc::kNotReady;
    // Equal shares; what a short source cannot give is spread over the others.
    std::size_t left = out.size();
    while (left > 0) {
      std::size_t open = 0;
      for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (share[i] < slots_[i]->ready_bytes) ++open;
      }
      const std::size_t each = std::max<std::size_t>(1, left / open);
      for (std::size_t i = 0; i < slots_.size() && left > 0; ++i) {
        const std::size_t n = std::min({each, slots_[i]->ready_bytes - share[i], left});
        share[i] += n;
        left -= n;
      }
    }
    std::size_t pos = 0;
    const Clock::time_point now = now_();
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      Slot& slot = *slots_[i];
      std::size_t want = share[i];
      if (want == 0) continue;
      if (slot.stats.first_output_seconds < 0) slot.stats.first_output_seconds = Seconds(now);
      slot.stats.output_bytes += want;
      slot.ready_bytes -= want;
      while (want > 0) {
        Block& block = slot.ready.front();
        const std::size_t n = std::min(want, block.end - block.begin);
        std::memcpy(out.data() + pos, block.bytes.data() + block.begin, n);
        block.begin += n;
        pos += n;
        want -= n;
        if (block.credited) {
          slot.stats.credited_bits += 8 * n;
          credit += 8 * n;
        }
        if (block.begin == block.end) {
          std::memset(block.bytes.data(), 0, block.bytes.size());
          slot.ready.pop_front();
        }
      }
    }
  }
  cv_.notify_all();
  *entropy_bits = credit;
  return {};
}

void HarvesterImpl::Take(std::span<std::uint8_t> out, milliseconds max_wait, std::size_t* taken,
                         std::uint64_t* entropy_bits) {
  *taken = 0;
  *entropy_bits = 0;
  std::size_t ready = 0;
  {
    std::unique_lock lock(mu_);
    auto total = [&] {
      std::size_t t = 0;
      for (const auto& s : slots_) t += s->ready_bytes;
      return t;
    };
    if (!background_) {
      ready = total();
    } else {
      cv_.wait_for(lock, max_wait, [&] { return total() > 0 || stopping_; });
      ready = total();
    }
  }
  if (ready == 0) return;
  const std::size_t n = std::min(ready, out.size());
  if (!Harvest(out.first(n), entropy_bits)) *taken = n;
}

bool HarvesterImpl::WaitForStartup(milliseconds max_wait) {
  auto settled = [&] {
    return std::all_of(slots_.begin(), slots_.end(), [](const auto& s) {
      const SourceState st = s->stats.state;
      return (st == SourceState::kHealthy && s->ready_bytes > 0) ||
             st == SourceState::kQuarantined || st == SourceState::kAbsent;
    });
  };
  FlushLogs();
  std::unique_lock lock(mu_);
  if (!background_) return settled();
  const bool done = cv_.wait_for(lock, max_wait, settled);
  lock.unlock();
  FlushLogs();
  return done;
}

std::error_code HarvesterImpl::StartupVerdict() const {
  std::lock_guard lock(mu_);
  bool any_alive = false, any_quarantined = false;
  for (const auto& s : slots_) {
    any_alive |= Alive(*s);
    any_quarantined |= s->stats.state == SourceState::kQuarantined;
  }
  if (any_alive) return {};
  return any_quarantined ? HarvestErrc::kSelfTestFailed : HarvestErrc::kNoUsableSource;
}

}  // namespace

std::error_code MakeHarvesterFromSources(std::vector<SourceSpec> sources,
                                         const HarvesterConfig& config,
                                         std::unique_ptr<Harvester>* out) {
  if (Conditioner::SelfTest()) return HarvestErrc::kSelfTestFailed;
  if (sources.empty()) return HarvestErrc::kNoUsableSource;
  if (std::none_of(sources.begin(), sources.end(), [](const SourceSpec& s) { return s.source != nullptr; })) {
    return HarvestErrc::kNoUsableSource;
  }
  std::vector<std::unique_ptr<Slot>> slots;
  for (SourceSpec& spec : sources) {
    std::unique_ptr<Conditioner> conditioner;
    if (const std::error_code ec = Conditioner::Create(&conditioner)) return ec;
    slots.push_back(std::make_unique<Slot>(std::move(spec), std::move(conditioner)));
  }
  *out = std::make_unique<HarvesterImpl>(std::move(slots), config);
  return {};
}

}  // namespace churn::harvest
