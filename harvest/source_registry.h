// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_SOURCE_REGISTRY_H_
#define CHURN_HARVEST_SOURCE_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "harvest/entropy_source.h"
#include "harvest/harvester.h"

namespace churn::harvest {

// Default min-entropy claims per raw sample; source_registry.cc explains each.
inline constexpr double kRdseedClaimBits = 32.0;   // per 64-bit RDSEED word
inline constexpr double kRdrandClaimBits = 0.125;  // per 64-bit RDRAND word
inline constexpr double kHwrngClaimBits = 2.0;     // per /dev/hwrng byte
inline constexpr double kHavegeCeilingBits = 1.0;  // per timer-delta byte, at most
inline constexpr double kHavegeFloorBits = 0.25;   // --probe: below this MCV, "coarse timer"
// Raw samples of each SP 800-90B assessment of a timer source (at start-up and re-measured).
inline constexpr std::size_t kHavegeEstimateSamples = 1u << 17;

// Makes a fresh instance of a source (fresh tables, a reopened device): used after a
// quarantine, for an absent device, and by --raw --restarts.
using SourceFactory = std::function<std::error_code(std::unique_ptr<EntropySource>* out)>;

// A built source with its policy.
struct SourceSpec {
  std::string name;                     // the registry name
  std::unique_ptr<EntropySource> source;  // null: absent now (`reopen` is retried slowly)
  SourceFactory reopen;                 // empty: a restart keeps using `source`
  std::error_code absent_reason;        // why `source` is null
  double claim_bits_per_sample = 0.0;   // credited min-entropy per raw sample; 0: uncredited
  double health_bits_per_sample = 1.0;  // H for the health-test cutoffs (> 0)
  // >= 0: a timer source whose claim is assessed, not configured: min(this cap, the SP 800-90B
  // assessment of its raw samples), and 0 whenever the deterministic-timer test fails.
  double assess_cap_bits = -1.0;
  // FIPS 140-2 on the raw output (sources whose raw output should already be uniform: RDSEED,
  // RDRAND, hwrng, as rngd tests them); harvester.cc explains the placement.
  bool fips_on_raw = false;
  std::string note;                     // one line on the claim, for logs and --probe
};

// The claim of a timer source: 0 when its timer is deterministic, else min(cap, assessed).
double TimerClaim(bool deterministic, double assessed_bits_per_sample, double cap_bits);

// --probe's single-estimator rule: min(MCV, ceiling), 0 below kHavegeFloorBits.
double HavegeClaimFromEstimate(double measured_bits_per_sample);

// Every name the registry knows, in registry order.
std::vector<std::string> AllSourceNames();

// Builds one source. Errors: HarvestErrc::kUnknownSource, HarvestErrc::kUnsupported (no such
// instruction on this machine). A device that cannot be opened (hwrng: ENOENT, EACCES, ...)
// is not an error: the spec comes back absent, with `absent_reason` and a `reopen` factory.
[[nodiscard]] std::error_code BuildSource(const std::string& name, const HarvesterConfig& config,
                                          SourceSpec* out);

// The harvester over already-built sources (tests hand in fakes). Runs the conditioner's
// known-answer test and starts collection, as MakeHarvester does. kNoUsableSource when
// `sources` is empty or every one is absent.
[[nodiscard]] std::error_code MakeHarvesterFromSources(std::vector<SourceSpec> sources,
                                                       const HarvesterConfig& config,
                                                       std::unique_ptr<Harvester>* out);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_SOURCE_REGISTRY_H_
