// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/rdrand_source.h"

#include <cstring>
#include <utility>

#include "harvest/cpu_features.h"
#include "harvest/errors.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace churn::harvest {
namespace {

#if defined(__x86_64__)
// The only code built for RDRAND/RDSEED: the target attribute is on this one function, not on
// the project, so the rest of the binary runs on CPUs without them.
__attribute__((target("rdrnd,rdseed"))) bool X86RandomAttempt(X86RandomInstruction instruction,
                                                            std::uint64_t* value) {
  unsigned long long v = 0;  // NOLINT(google-runtime-int): the intrinsics' type
  const int ok = instruction == X86RandomInstruction::kRdrand ? _rdrand64_step(&v)
                                                              : _rdseed64_step(&v);
  *value = v;
  return ok != 0;
}
#endif

}  // namespace

X86RandomStep HardwareRandomStep(X86RandomInstruction instruction) {
#if defined(__x86_64__)
  const CpuFeatures features = CpuidFeatures();
  const bool present = instruction == X86RandomInstruction::kRdrand ? features.rdrand
                                                                     : features.rdseed;
  if (!present) return nullptr;
  return [instruction](std::uint64_t* value) { return X86RandomAttempt(instruction, value); };
#else
  (void)instruction;
  return nullptr;  // not supported off x86-64
#endif
}

RdrandSource::RdrandSource(X86RandomInstruction instruction, X86RandomStep step)
    : instruction_(instruction), step_(std::move(step)) {}

std::string_view RdrandSource::Name() const {
  return instruction_ == X86RandomInstruction::kRdrand ? "rdrand" : "rdseed";
}

std::error_code RdrandSource::Read(std::span<std::uint8_t> out, std::size_t* bytes_read) {
  *bytes_read = 0;
  if (!step_) return HarvestErrc::kUnsupported;
  const bool seed = instruction_ == X86RandomInstruction::kRdseed;
  const int retries = seed ? kRdseedRetries : kRdrandRetries;
  const std::size_t samples = out.size() / 8;
  std::size_t done = 0;
  for (; done < samples; ++done) {
    std::uint64_t value = 0;
    bool ok = false;
    for (int attempt = 0; attempt < retries && !ok; ++attempt) {
      ok = step_(&value);
      if (!ok) {
        ++failed_attempts_;
#if defined(__x86_64__)
        if (seed) _mm_pause();
#endif
      }
    }
    if (!ok) break;
    // All-zero and all-one outputs are the signature of a broken unit (AMD families 15h/16h
    // after resume, Zen 2 microcode bug); a repeat has probability 2^-64 from a working one.
    if (value == 0 || value == ~std::uint64_t{0} || (have_last_ && value == last_)) {
      have_last_ = false;
      return HarvestErrc::kDeviceError;
    }
    have_last_ = true;
    last_ = value;
    for (int b = 0; b < 8; ++b) {
      out[done * 8 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(value >> (8 * b));
    }
  }
  if (done == 0 && samples > 0) return HarvestErrc::kRetriesExhausted;
  *bytes_read = done * 8;
  return {};
}

}  // namespace churn::harvest
