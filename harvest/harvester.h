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

// Which sources a Harvester runs and what it may claim. Immutable once built.
struct HarvesterConfig {
  // Source names as the registry knows them: "havege", "rdseed", "rdrand", "hwrng".
  // Empty means every source this machine supports.
  std::vector<std::string> sources;
  std::string hwrng_path = "/dev/hwrng";
  // Overrides of the per-source min-entropy claim in bits per raw sample; a negative value
  // keeps the registry's conservative default.
  double havege_claim_bits = -1.0;
  double rdseed_claim_bits = -1.0;
  double rdrand_claim_bits = -1.0;
  double hwrng_claim_bits = -1.0;
  // Where quarantine and recovery lines go; empty: standard error. Called from the thread
  // that drives the Harvester.
  std::function<void(const std::string& line)> log;
};

enum class SourceState { kStarting, kHealthy, kQuarantined, kUnsupported };

// The state's name as logs and metrics print it: "starting", "healthy", "quarantined",
// "unsupported".
const char* SourceStateName(SourceState state);

// Counters of one source since the Harvester was built. Plain data, copied out.
struct SourceStats {
  std::string name;
  SourceState state = SourceState::kStarting;
  double claim_bits_per_sample = 0.0;  // the min-entropy claim in force
  std::uint64_t raw_bytes = 0;         // raw sample bytes read from the source
  std::uint64_t output_bytes = 0;      // conditioned bytes this source contributed to
  std::uint64_t credited_bits = 0;     // entropy bits credited for those bytes
  std::uint64_t rct_failures = 0;      // SP 800-90B Repetition Count Test failures
  std::uint64_t apt_failures = 0;      // SP 800-90B Adaptive Proportion Test failures
  std::uint64_t fips_failures = 0;     // FIPS 140-2 failures of its conditioned output
  std::uint64_t quarantines = 0;       // times it was quarantined
  std::uint64_t read_errors = 0;       // failed reads (EIO, all-zero RDRAND, ...)
};

// Health-tested, conditioned entropy from every usable source of a machine.
// Not thread-safe: one thread drives a Harvester.
class Harvester {
 public:
  virtual ~Harvester() = default;

  // Fills `out` with conditioned output that passed every health and output test and sets
  // `*entropy_bits` to the honest credit for it (never above 8 * out.size(); zero when every
  // contributing source is uncredited). Fails with an error code when no usable source is left
  // (the caller exits 69) or on an unrecoverable OS error; failed data is never returned.
  [[nodiscard]] virtual std::error_code Harvest(std::span<std::uint8_t> out,
                                                std::uint64_t* entropy_bits) = 0;

  // True while at least one source is healthy or may come back from quarantine.
  virtual bool AnyUsable() const = 0;

  // Per-source counters, in registry order.
  virtual std::vector<SourceStats> Stats() const = 0;
};

// Builds the sources named by `config`, runs their start-up health tests (≥ 1024 samples each)
// and the conditioner's known-answer test. Errors: HarvestErrc::kNoUsableSource when no source
// survives start-up, HarvestErrc::kSelfTestFailed when a known-answer test fails.
[[nodiscard]] std::error_code MakeHarvester(const HarvesterConfig& config,
                                            std::unique_ptr<Harvester>* out);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_HARVESTER_H_
