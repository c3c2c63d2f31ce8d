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
// havege  measured: the SP 800-90B most-common-value estimate over kHavegeEstimateSamples
//         timer-delta bytes at start-up, capped at kHavegeCeilingBits (1 bit per byte, since
//         consecutive deltas are correlated and MCV assumes independence), and 0 below
//         kHavegeFloorBits (a coarse, trapped or stuck timer: reported, not credited).
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
#include "harvest/min_entropy.h"
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

std::error_code BuildSource(const std::string& name, const HarvesterConfig& config,
                            SourceSpec* out) {
  SourceSpec spec;
  if (name == "rdseed" || name == "rdrand") {
    const bool seed = name == "rdseed";
    const CpuFeatures features = DetectCpuFeatures();
    if (seed ? !features.rdseed : !features.rdrand) return HarvestErrc::kUnsupported;
    const auto instruction = seed ? X86RandomInstruction::kRdseed : X86RandomInstruction::kRdrand;
    X86RandomStep step = HardwareRandomStep(instruction);
    if (!step) return HarvestErrc::kUnsupported;
    spec.source = std::make_unique<RdrandSource>(instruction, std::move(step));
    spec.claim_bits_per_sample = seed ? Override(config.rdseed_claim_bits, kRdseedClaimBits)
                                      : Override(config.rdrand_claim_bits, kRdrandClaimBits);
    spec.note = seed ? "half of the vendor's full-entropy claim"
                     : "half the fresh entropy of a DRBG reseeded every 511 blocks";
  } else if (name == "hwrng") {
    std::unique_ptr<HwrngSource> hwrng;
    if (const std::error_code ec = HwrngSource::Open(config.hwrng_path, &hwrng)) return ec;
    spec.source = std::move(hwrng);
    spec.claim_bits_per_sample = Override(config.hwrng_claim_bits, kHwrngClaimBits);
    spec.note = "a quarter of each byte: the device behind /dev/hwrng is unknown";
  } else if (name == "havege") {
    auto havege = std::make_unique<HavegeSource>(DetectL1CacheSizes(), CycleCounter{});
    std::vector<std::uint8_t> samples(kHavegeEstimateSamples);
    std::size_t n = 0;
    if (const std::error_code ec = havege->Read(samples, &n)) return ec;
    const double measured = MostCommonValueEstimate(samples);
    spec.measured_bits_per_sample = measured;
    spec.claim_bits_per_sample =
        Override(config.havege_claim_bits, HavegeClaimFromEstimate(measured));
    char note[160];
    std::snprintf(note, sizeof note, "MCV estimate %.3f bits per timer-delta byte (%s)%s",
                  measured, CycleCounterName(),
                  measured < kHavegeFloorBits ? ", below the jitter floor: not credited" : "");
    spec.note = note;
    spec.source = std::move(havege);
  } else {
    return HarvestErrc::kUnknownSource;
  }
  spec.health_bits_per_sample = std::max(spec.claim_bits_per_sample, kMinHealthBits);
  if (spec.measured_bits_per_sample >= 0.0 && spec.claim_bits_per_sample <= 0.0) {
    spec.health_bits_per_sample = std::max(spec.measured_bits_per_sample, kMinHealthBits);
  }
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
