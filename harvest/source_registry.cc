// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The sources and what each is credited, per raw sample. Claims are deliberately below what
// the hardware vendors state, because we cannot inspect their designs and a VM may emulate or
// pass through the instruction or device:
//
// rdseed  32 bits per 64-bit word. RDSEED returns conditioned output of the vendor's noise
//         source (Intel documents SP 800-90B/C compliance, i.e. full entropy). We credit half,
//         so the 2x oversampling of our own conditioner ends up at 4 input bits per output bit.
// rdrand  0.125 bits per 64-bit word. RDRAND is the output of a CTR_DRBG that the hardware
//         reseeds after at most 511 128-bit outputs, so a word carries at least
//         256 / 1022 = 0.25 bits of fresh entropy; we credit half of that bound.
// hwrng   2 bits per byte. What sits behind /dev/hwrng varies (virtio-rng forwards the host's
//         RNG, TPMs and SoC RNGs are of unknown quality); the kernel's own default quality
//         for unknown drivers is similarly cautious.
// havege  assessed, never configured: 0 when the deterministic-timer test (timer_noise.cc)
//         fails, else the minimum of the cap (kHavegeCeilingBits, 1 bit per byte, or the
//         configured havege-claim) and the SP 800-90B non-IID assessment (every estimator of
//         stats/estimators.h, on the samples and on their bits) of kHavegeEstimateSamples raw
//         samples. The harvester measures both at start-up and re-measures them while running.
// A configured override (HarvesterConfig::*_claim_bits) replaces the default; the credit per
// output byte is still capped at 8 bits by the conditioner's block accounting.
#include "harvest/source_registry.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "harvest/conditioner.h"
#include "harvest/cpu_features.h"
#include "harvest/cycle_counter.h"
#include "harvest/errors.h"
#include "harvest/havege_source.h"
#include "harvest/hwrng_source.h"
#include "harvest/rdrand_source.h"

namespace churn::harvest {
namespace {

// Cutoffs need H > 0; a source credited nothing is still tested, against this small H
// (RCT cutoff 1 + 20/0.05 = 401 identical samples).
constexpr double kMinHealthBits = 0.05;

double Override(double configured, double fallback) {
  return configured >= 0.0 ? configured : fallback;
}

}  // namespace

double HavegeClaimFromEstimate(double measured_bits_per_sample) {
  if (measured_bits_per_sample < kHavegeFloorBits) return 0.0;
  return std::min(measured_bits_per_sample, kHavegeCeilingBits);
}

std::vector<std::string> AllSourceNames() { return {"havege", "rdseed", "rdrand", "hwrng"}; }

double TimerClaim(bool deterministic, double assessed_bits_per_sample, double cap_bits) {
  if (deterministic || assessed_bits_per_sample <= 0.0) return 0.0;
  return std::min(assessed_bits_per_sample, cap_bits);
}

std::error_code BuildSource(const std::string& name, const HarvesterConfig& config,
                            SourceSpec* out) {
  SourceSpec spec;
  spec.name = name;
  if (name == "rdseed" || name == "rdrand") {
    const bool seed = name == "rdseed";
    const CpuFeatures features = DetectCpuFeatures();
    if (seed ? !features.rdseed : !features.rdrand) return HarvestErrc::kUnsupported;
    const auto instruction = seed ? X86RandomInstruction::kRdseed : X86RandomInstruction::kRdrand;
    if (!HardwareRandomStep(instruction)) return HarvestErrc::kUnsupported;
    spec.reopen = [instruction](std::unique_ptr<EntropySource>* source) -> std::error_code {
      X86RandomStep step = HardwareRandomStep(instruction);
      if (!step) return HarvestErrc::kUnsupported;
      *source = std::make_unique<RdrandSource>(instruction, std::move(step));
      return {};
    };
    spec.claim_bits_per_sample = seed ? Override(config.rdseed_claim_bits, kRdseedClaimBits)
                                      : Override(config.rdrand_claim_bits, kRdrandClaimBits);
    spec.fips_on_raw = true;
    spec.note = seed ? "half of the vendor's full-entropy claim"
                     : "half the fresh entropy of a DRBG reseeded every 511 blocks";
  } else if (name == "hwrng") {
    const std::string path = config.hwrng_path;
    spec.reopen = [path](std::unique_ptr<EntropySource>* source) -> std::error_code {
      std::unique_ptr<HwrngSource> hwrng;
      if (const std::error_code ec = HwrngSource::Open(path, &hwrng)) return ec;
      *source = std::move(hwrng);
      return {};
    };
    spec.claim_bits_per_sample = Override(config.hwrng_claim_bits, kHwrngClaimBits);
    spec.fips_on_raw = true;
    spec.note = "a quarter of each byte: the device behind /dev/hwrng is unknown";
  } else if (name == "havege") {
    spec.reopen = [](std::unique_ptr<EntropySource>* source) -> std::error_code {
      *source = std::make_unique<HavegeSource>(DetectL1CacheSizes(), CycleCounter{});
      return {};
    };
    spec.assess_cap_bits = Override(config.havege_claim_bits, kHavegeCeilingBits);
    spec.claim_bits_per_sample = 0.0;  // until the start-up assessment
    char note[160];
    std::snprintf(note, sizeof note,
                  "min(%.3f, SP 800-90B assessment) per timer-delta byte (%s), 0 when the timer "
                  "is deterministic",
                  spec.assess_cap_bits, CycleCounterName());
    spec.note = note;
  } else {
    return HarvestErrc::kUnknownSource;
  }
  if (const std::error_code ec = spec.reopen(&spec.source)) {
    if (name != "hwrng") return ec;
    spec.absent_reason = ec;  // reported by the harvester, reopened slowly and on SIGHUP
  }
  spec.health_bits_per_sample = std::max(spec.claim_bits_per_sample, kMinHealthBits);
  *out = std::move(spec);
  return {};
}

std::error_code MakeHarvester(const HarvesterConfig& config, std::unique_ptr<Harvester>* out) {
  if (Conditioner::SelfTest()) return HarvestErrc::kSelfTestFailed;
  std::vector<std::string> names = config.sources;
  const bool explicit_list = !names.empty();
  if (!explicit_list) names = AllSourceNames();
  std::vector<SourceSpec> specs;
  for (const std::string& name : names) {
    SourceSpec spec;
    const std::error_code ec = BuildSource(name, config, &spec);
    if (ec == HarvestErrc::kUnknownSource) return ec;
    if (ec) {
      // An unsupported source is normal when probing all of them; one the user named is worth
      // a line.
      if (explicit_list) {
        const std::string line = "source " + name + " unavailable: " + ec.message();
        if (config.log) {
          config.log(line);
        } else {
          std::fprintf(stderr, "churn: %s\n", line.c_str());
        }
      }
      continue;
    }
    specs.push_back(std::move(spec));
  }
  if (specs.empty()) return HarvestErrc::kNoUsableSource;
  return MakeHarvesterFromSources(std::move(specs), config, out);
}

}  // namespace churn::harvest
