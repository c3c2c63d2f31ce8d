// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_HARVESTER_H_
#define CHURN_HARVEST_HARVESTER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <system_error>
#include <vector>

namespace churn::harvest {

// The harvester's notion of time (a seam: tests hand in a clock they advance by hand).
// Now() must be monotonic and thread-safe; it is read by every collector thread.
using NowFunction = std::function<std::chrono::steady_clock::time_point()>;

// Which sources a Harvester runs and what it may claim. Immutable once built.
struct HarvesterConfig {
  // Source names as the registry knows them: "havege", "rdseed", "rdrand", "hwrng".
  // Empty means every source this machine supports.
  std::vector<std::string> sources;
  std::string hwrng_path = "/dev/hwrng";
  // Overrides of the per-source min-entropy claim in bits per raw sample; a negative value
  // keeps the registry's conservative default. For havege the value is a cap: the claim is
  // min(cap, the SP 800-90B assessment), and 0 whenever the deterministic-timer test fails.
  double havege_claim_bits = -1.0;
  double rdseed_claim_bits = -1.0;
  double rdrand_claim_bits = -1.0;
  double hwrng_claim_bits = -1.0;
  // Where state changes (quarantine, stall, absence, recovery) are reported; empty: standard
  // error. Called from collector threads, never with a harvester lock held.
  std::function<void(const std::string& line)> log;
  // true: one collector thread per source (churnd). false: nothing runs until the caller calls
  // Harvester::Step(), which collects once from every source (deterministic unit tests).
  bool background = true;
  // The clock; empty: std::chrono::steady_clock::now.
  NowFunction now;
  // --raw: the single source's health-tested raw samples (start-up samples never included) go
  // to the ready buffer instead of conditioned output; Take() hands them out, credited 0.
  bool raw_output = false;
};

// The failure policy's states; harvester.cc documents the transitions.
enum class SourceState {
  kStarting,     // start-up tests running (1024 samples; havege: the deterministic-timer test)
  kHealthy,      // producing tested output (intermittent failures are discarded and counted)
  kQuarantined,  // failed repeatedly: not read until its doubling back-off expires, then restarted
  kStalled,      // no data for kStallTime: reported once, still polled
  kAbsent,       // the device is missing or gone (open failed, end of file): reopened slowly
};

// The state's name as logs and metrics print it: "starting", "healthy", "quarantined",
// "stalled", "absent".
const char* SourceStateName(SourceState state);

// Counters of one source since the Harvester was built. Plain data, copied out.
struct SourceStats {
  std::string name;
  SourceState state = SourceState::kStarting;
  double claim_bits_per_sample = 0.0;  // the min-entropy claim in force
  double assessed_bits_per_sample = -1.0;  // havege: the last SP 800-90B assessment; else -1
  double timer_spread_bits = -1.0;     // havege: MCV entropy of identical-work timings; else -1
  bool timer_deterministic = false;    // havege: the deterministic-timer test failed
  std::uint64_t raw_bytes = 0;         // raw sample bytes read from the source
  std::uint64_t conditioned_bytes = 0; // tested output this source produced (ready or taken)
  std::uint64_t buffered_bytes = 0;    // of which waiting in its ready buffer now
  std::uint64_t output_bytes = 0;      // bytes of its output handed out (fed, streamed)
  std::uint64_t credited_bits = 0;     // entropy bits credited for those bytes
  std::uint64_t rct_failures = 0;      // SP 800-90B Repetition Count Test failures
  std::uint64_t apt_failures = 0;      // SP 800-90B Adaptive Proportion Test failures
  std::uint64_t fips_failures = 0;     // FIPS 140-2 failures of its raw output
  std::uint64_t noise_failures = 0;    // deterministic-timer test failures
  std::uint64_t quarantines = 0;       // times it was quarantined
  std::uint64_t stalls = 0;            // times it stalled
  std::uint64_t read_errors = 0;       // failed reads (EIO, all-zero RDRAND, ...)
  std::uint64_t reopens = 0;           // times the device was reopened
  double first_ready_seconds = -1.0;   // from Harvester start to its first tested output ready
  double first_output_seconds = -1.0;  // from Harvester start to its first byte handed out
  double backoff_seconds = 0.0;        // the quarantine back-off that the next quarantine uses
};

// Health-tested, conditioned entropy from every usable source of a machine, collected in the
// background into one bounded ready buffer per source. Thread-safe.
class Harvester {
 public:
  virtual ~Harvester() = default;

  // Fills all of `out` from the ready buffers, mixing every source that has output ready
  // (harvester.cc states the rule), and sets `*entropy_bits` to the exact sum of the credit of
  // the bytes taken (8 bits per byte of a credited source, 0 of an uncredited one; never above
  // 8 * out.size()). Never blocks: HarvestErrc::kNotReady when the buffers hold fewer than
  // out.size() bytes (nothing is taken; call again later). Failed data is never returned.
  [[nodiscard]] virtual std::error_code Harvest(std::span<std::uint8_t> out,
                                                std::uint64_t* entropy_bits) = 0;

  // Takes up to out.size() ready bytes (raw mode: the raw samples) into `out`, sets *taken and
  // *entropy_bits; waits at most `max_wait` for the first byte. Never fails.
  virtual void Take(std::span<std::uint8_t> out, std::chrono::milliseconds max_wait,
                    std::size_t* taken, std::uint64_t* entropy_bits) = 0;

  // Waits at most `max_wait` for start-up to settle: true once every source is healthy with
  // output ready, or can no longer become so without a retry (quarantined, absent).
  virtual bool WaitForStartup(std::chrono::milliseconds max_wait) = 0;

  // The start-up verdict after WaitForStartup: HarvestErrc::kSelfTestFailed when every source
  // failed its start-up tests, kNoUsableSource when none is alive (all absent), else success.
  [[nodiscard]] virtual std::error_code StartupVerdict() const = 0;

  // True while at least one source is starting, healthy or stalled.
  virtual bool AnyUsable() const = 0;

  // Reopens absent sources now (SIGHUP) instead of at their next slow retry.
  virtual void ReopenAbsent() = 0;

  // With HarvesterConfig::background false: one collection step of every source, in the
  // caller's thread. No-op otherwise.
  virtual void Step() = 0;

  // Per-source counters, in registry order.
  virtual std::vector<SourceStats> Stats() const = 0;
};

// Builds the sources named by `config` and starts their collection (start-up tests run in the
// background: see WaitForStartup). Runs the conditioner's known-answer test first. Errors:
// HarvestErrc::kUnknownSource, kNoUsableSource when no named source exists on this machine,
// kSelfTestFailed when a known-answer test fails.
[[nodiscard]] std::error_code MakeHarvester(const HarvesterConfig& config,
                                            std::unique_ptr<Harvester>* out);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_HARVESTER_H_
