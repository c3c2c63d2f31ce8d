// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_SOURCE_REGISTRY_H_
#define CHURN_HARVEST_SOURCE_REGISTRY_H_

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
inline constexpr double kHavegeFloorBits = 0.25;   // below this measured MCV: not credited
inline constexpr std::size_t kHavegeEstimateSamples = 1u << 17;

// A built source with its policy.
struct SourceSpec {
  std::unique_ptr<EntropySource> source;
  double claim_bits_per_sample = 0.0;   // credited min-entropy per raw sample; 0: uncredited
  double health_bits_per_sample = 1.0;  // H for the health-test cutoffs (> 0)
  double measured_bits_per_sample = -1.0;  // havege: the start-up MCV estimate; else -1
  std::string note;                     // one line on the claim, for logs and --probe
};

// The havege claim for a measured MCV estimate: min(measured, ceiling), 0 below the floor.
double HavegeClaimFromEstimate(double measured_bits_per_sample);

// Every name the registry knows, in registry order.
std::vector<std::string> AllSourceNames();

// Builds one source. Errors: HarvestErrc::kUnknownSource, HarvestErrc::kUnsupported (no such
// instruction or device on this machine), OS errors from opening the hwrng device.
[[nodiscard]] std::error_code BuildSource(const std::string& name, const HarvesterConfig& config,
                                          SourceSpec* out);

// The harvester over already-built sources (tests hand in fakes). Runs the conditioner's
// known-answer test and each source's start-up health test, as MakeHarvester does.
[[nodiscard]] std::error_code MakeHarvesterFromSources(std::vector<SourceSpec> sources,
                                                       const HarvesterConfig& config,
                                                       std::unique_ptr<Harvester>* out);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_SOURCE_REGISTRY_H_
