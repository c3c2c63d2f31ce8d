// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The harvester: per-source health testing, conditioning and output testing, and the
// quarantine policy. Each source has its own pipeline so a failure is attributed to it and
// never contaminates the output of the others:
//
//   raw chunk ─▶ SP 800-90B RCT + APT per sample ─▶ SHA-512 conditioner ─▶ FIPS 140-2 ─▶ ready
//
// Start-up: the first kStartupSamples samples of a source (and again after every quarantine)
// only feed the health tests and are then thrown away; a failure there quarantines the source.
// Intermittent failure: a health-test failure discards the block being conditioned (all raw
// data absorbed since the last finished block) and the rest of the chunk. A FIPS 140-2 block
// failure discards that 2,500-byte block of conditioned output (an ideal source fails about 1
// block in 1,250, so one failure is not a fault). kMaxConsecutiveFailures failures without a
// passing FIPS block in between quarantine the source for a back-off that doubles from
// kInitialBackoff to kMaxBackoff; a passing FIPS block resets both.
//
// Credit: a conditioned block is finished once the absorbed samples carry at least
// kConditionerInputBits (1024) of claimed entropy, and then credited 8 bits per output byte,
// i.e. half the input claim. A source claimed at 0 (below the jitter floor) still contributes
// blocks, finished after kUncreditedBlockBytes raw bytes, credited 0.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "harvest/conditioner.h"
#include "harvest/errors.h"
#include "harvest/harvester.h"
#include "harvest/source_registry.h"
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
    case SourceState::kUnsupported:
      return "unsupported";
  }
  return "unknown";
}
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kStartupSamples = 1024;        // SP 800-90B 4.3: at least 1024
constexpr std::size_t kChunkBytes = 4096;            // raw bytes per read
constexpr std::size_t kUncreditedBlockBytes = 4096;  // raw bytes per uncredited block
constexpr int kMaxConsecutiveFailures = 3;
constexpr std::chrono::milliseconds kInitialBackoff{1000};
constexpr std::chrono::milliseconds kMaxBackoff{300000};
// How long MakeHarvester waits for slow sources (hwrng) to finish their start-up test.
constexpr std::chrono::milliseconds kStartupDeadline{3000};

struct Slot {
  SourceSpec spec;
  SourceStats stats;
  stats::HealthTests health;
  std::unique_ptr<Conditioner> conditioner;
  std::size_t startup_left = kStartupSamples;
  double pool_bits = 0.0;
  std::size_t pool_bytes = 0;
  std::array<std::uint8_t, stats::kFips140BlockBytes> staging{};
  std::size_t staged = 0;
  bool fips_seeded = false;
  stats::Fips140Tester fips{0};
  std::array<std::uint8_t, stats::kFips140BlockBytes> ready{};
  std::size_t ready_begin = 0, ready_end = 0;
  int consecutive_failures = 0;
  std::chrono::milliseconds backoff = kInitialBackoff;
  Clock::time_point retry_at{};

  Slot(SourceSpec s, std::unique_ptr<Conditioner> c)
      : spec(std::move(s)), health(spec.health_bits_per_sample, false), conditioner(std::move(c)) {
    stats.name = std::string(spec.source->Name());
    stats.claim_bits_per_sample = spec.claim_bits_per_sample;
  }
  bool credited() const { return spec.claim_bits_per_sample > 0.0; }
};

class HarvesterImpl final : public Harvester {
 public:
  HarvesterImpl(std::vector<std::unique_ptr<Slot>> slots, std::function<void(const std::string&)> log)
      : slots_(std::move(slots)), log_(std::move(log)) {}

  std::error_code Harvest(std::span<std::uint8_t> out, std::uint64_t* entropy_bits) override;
  bool AnyUsable() const override {
    return std::any_of(slots_.begin(), slots_.end(), [](const auto& s) {
      return s->stats.state != SourceState::kUnsupported;
    });
  }
  std::vector<SourceStats> Stats() const override {
    std::vector<SourceStats> all;
    for (const auto& s : slots_) all.push_back(s->stats);
    return all;
  }

  // Reads one chunk from `slot` and pushes it through the pipeline. Returns true when the
  // source produced any data. Errors are fatal only for crypto failures.
  std::error_code Pump(Slot& slot, bool* produced);
  // Start-up of every slot, bounded by kStartupDeadline for slow ones.
  std::error_code StartUp();

 private:
  void Log(const std::string& line) const {
    if (log_) {
      log_(line);
    } else {
      std::fprintf(stderr, "churn: %s\n", line.c_str());
    }
  }
  std::error_code Fail(Slot& slot, const char* why);
  void Quarantine(Slot& slot, const char* why);
  void Restart(Slot& slot);
  std::error_code Absorb(Slot& slot, std::span<const std::uint8_t> raw);
  std::error_code FinishBlock(Slot& slot);

  std::vector<std::unique_ptr<Slot>> slots_;
  std::function<void(const std::string&)> log_;
  std::size_t next_ = 0;
  std::array<std::uint8_t, kChunkBytes> chunk_{};
};

void HarvesterImpl::Quarantine(Slot& slot, const char* why) {
  slot.stats.state = SourceState::kQuarantined;
  ++slot.stats.quarantines;
  slot.retry_at = Clock::now() + slot.backoff;
  Log("source " + slot.stats.name + " quarantined for " +
      std::to_string(slot.backoff.count()) + " ms: " + why);
  slot.backoff = std::min(slot.backoff * 2, kMaxBackoff);
}

void HarvesterImpl::Restart(Slot& slot) {
  slot.stats.state = SourceState::kStarting;
  slot.startup_left = kStartupSamples;
  slot.health.Reset();
  slot.pool_bits = 0.0;
  slot.pool_bytes = 0;
  slot.staged = 0;
  slot.consecutive_failures = 0;
  (void)slot.conditioner->Discard();
}

std::error_code HarvesterImpl::Fail(Slot& slot, const char* why) {
  // Discard the block being built: it may hold samples from before the failure was detectable.
  slot.pool_bits = 0.0;
  slot.pool_bytes = 0;
  if (const std::error_code ec = slot.conditioner->Discard()) return ec;
  if (slot.stats.state == SourceState::kStarting) {
    Quarantine(slot, why);
    return {};
  }
  if (++slot.consecutive_failures >= kMaxConsecutiveFailures) Quarantine(slot, why);
  return {};
}

std::error_code HarvesterImpl::FinishBlock(Slot& slot) {
  std::array<std::uint8_t, kConditionerBlockBytes> block{};
  if (const std::error_code ec = slot.conditioner->Finish(block)) return ec;
  slot.pool_bits = 0.0;
  slot.pool_bytes = 0;
  std::span<const std::uint8_t> rest(block);
  if (!slot.fips_seeded) {
    // The continuous test needs a first word to compare with; it is never output.
    slot.fips = stats::Fips140Tester(stats::Fips140Word(rest.first<4>()));
    slot.fips_seeded = true;
    rest = rest.subspan(4);
  }
  while (!rest.empty()) {
    const std::size_t n = std::min(rest.size(), slot.staging.size() - slot.staged);
    std::memcpy(slot.staging.data() + slot.staged, rest.data(), n);
    slot.staged += n;
    rest = rest.subspan(n);
    if (slot.staged < slot.staging.size()) continue;
    slot.staged = 0;
    const stats::Fips140Result result =
        slot.fips.TestBlock(stats::Fips140Block(slot.staging.data(), slot.staging.size()));
    if (!result.Passed()) {
      ++slot.stats.fips_failures;
      if (const std::error_code ec = Fail(slot, "FIPS 140-2 test failed")) return ec;
      continue;
    }
    slot.consecutive_failures = 0;
    slot.backoff = kInitialBackoff;
    // The ready buffer is drained before the next pump, so it is empty here.
    std::memcpy(slot.ready.data(), slot.staging.data(), slot.staging.size());
    slot.ready_begin = 0;
    slot.ready_end = slot.staging.size();
  }
  return {};
}

std::error_code HarvesterImpl::Absorb(Slot& slot, std::span<const std::uint8_t> raw) {
  if (raw.empty()) return {};
  if (const std::error_code ec = slot.conditioner->Absorb(raw)) return ec;
  const double samples = static_cast<double>(raw.size() / slot.spec.source->SampleBytes());
  slot.pool_bits += samples * slot.spec.claim_bits_per_sample;
  slot.pool_bytes += raw.size();
  const bool full = slot.credited() ? slot.pool_bits >= kConditionerInputBits
                                    : slot.pool_bytes >= kUncreditedBlockBytes;
  if (full) return FinishBlock(slot);
  return {};
}

std::error_code HarvesterImpl::Pump(Slot& slot, bool* produced) {
  *produced = false;
  if (slot.stats.state == SourceState::kQuarantined) {
    if (Clock::now() < slot.retry_at) return {};
    Log("source " + slot.stats.name + " leaves quarantine, restarting its start-up test");
    Restart(slot);
  }
  const std::size_t sample_bytes = slot.spec.source->SampleBytes();
  // A credited block needs 1024 claimed bits; read no more than that (plus a sample) at a time
  // so a ready 2,500-byte block is never overwritten, and slow claims read full chunks.
  std::size_t want = kChunkBytes;
  if (slot.credited()) {
    const double samples_needed =
        (kConditionerInputBits - slot.pool_bits) / slot.spec.claim_bits_per_sample + 1.0;
    want = std::min(want, static_cast<std::size_t>(samples_needed) * sample_bytes);
  } else {
    want = std::min(want, kUncreditedBlockBytes - slot.pool_bytes);
  }
  want = std::max(want - want % sample_bytes, sample_bytes);
  std::size_t got = 0;
  const std::error_code read_error = slot.spec.source->Read(std::span(chunk_.data(), want), &got);
  if (read_error) {
    ++slot.stats.read_errors;
    return Fail(slot, "read error");
  }
  got -= got % sample_bytes;
  if (got == 0) return {};
  *produced = true;
  slot.stats.raw_bytes += got;
  std::size_t healthy_begin = 0;
  for (std::size_t off = 0; off < got; off += sample_bytes) {
    const stats::HealthResult result =
        slot.health.Feed(LoadSample(chunk_.data() + off, sample_bytes));
    if (result != stats::HealthResult::kPass) {
      if (result == stats::HealthResult::kRepetitionCountFailure) ++slot.stats.rct_failures;
      if (result == stats::HealthResult::kAdaptiveProportionFailure) ++slot.stats.apt_failures;
      return Fail(slot, result == stats::HealthResult::kRepetitionCountFailure
                            ? "SP 800-90B repetition count test failed"
                            : "SP 800-90B adaptive proportion test failed");
    }
    if (slot.stats.state == SourceState::kStarting) {
      healthy_begin = off + sample_bytes;  // start-up samples are tested, never used
      if (--slot.startup_left == 0) {
        slot.stats.state = SourceState::kHealthy;
      }
    }
  }
  return Absorb(slot, std::span(chunk_.data() + healthy_begin, got - healthy_begin));
}

std::error_code HarvesterImpl::StartUp() {
  const Clock::time_point deadline = Clock::now() + kStartupDeadline;
  for (;;) {
    bool pending = false;
    for (auto& slot : slots_) {
      if (slot->stats.state != SourceState::kStarting) continue;
      pending = true;
      bool produced = false;
      if (const std::error_code ec = Pump(*slot, &produced)) return ec;
    }
    if (!pending || Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  const bool any_healthy = std::any_of(slots_.begin(), slots_.end(), [](const auto& s) {
    return s->stats.state == SourceState::kHealthy || s->stats.state == SourceState::kStarting;
  });
  if (any_healthy) return {};
  return HarvestErrc::kSelfTestFailed;  // every source failed its start-up health test
}

std::error_code HarvesterImpl::Harvest(std::span<std::uint8_t> out, std::uint64_t* entropy_bits) {
  *entropy_bits = 0;
  std::uint64_t credit = 0;
  while (!out.empty()) {
    bool progress = false;
    bool all_quarantined = true;
    for (std::size_t i = 0; i < slots_.size() && !out.empty(); ++i) {
      Slot& slot = *slots_[next_];
      next_ = (next_ + 1) % slots_.size();
      if (slot.stats.state != SourceState::kQuarantined) all_quarantined = false;
      if (slot.ready_begin == slot.ready_end) {
        bool produced = false;
        if (const std::error_code ec = Pump(slot, &produced)) return ec;
        progress |= produced;
      }
      const std::size_t n = std::min(out.size(), slot.ready_end - slot.ready_begin);
      if (n == 0) continue;
      std::memcpy(out.data(), slot.ready.data() + slot.ready_begin, n);
      slot.ready_begin += n;
      out = out.subspan(n);
      slot.stats.output_bytes += n;
      if (slot.credited()) {
        slot.stats.credited_bits += 8 * n;
        credit += 8 * n;
      }
      progress = true;
    }
    if (all_quarantined) {
      // Data already harvested into `out` is dropped with this error: the caller must not
      // use a partially filled buffer.
      return HarvestErrc::kNoUsableSource;
    }
    if (!progress) std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  *entropy_bits = credit;
  return {};
}

}  // namespace

std::error_code MakeHarvesterFromSources(std::vector<SourceSpec> sources,
                                         const HarvesterConfig& config,
                                         std::unique_ptr<Harvester>* out) {
  if (Conditioner::SelfTest()) return HarvestErrc::kSelfTestFailed;
  if (sources.empty()) return HarvestErrc::kNoUsableSource;
  std::vector<std::unique_ptr<Slot>> slots;
  for (SourceSpec& spec : sources) {
    std::unique_ptr<Conditioner> conditioner;
    if (const std::error_code ec = Conditioner::Create(&conditioner)) return ec;
    slots.push_back(std::make_unique<Slot>(std::move(spec), std::move(conditioner)));
  }
  auto harvester = std::make_unique<HarvesterImpl>(std::move(slots), config.log);
  if (const std::error_code ec = harvester->StartUp()) return ec;
  *out = std::move(harvester);
  return {};
}

}  // namespace churn::harvest
