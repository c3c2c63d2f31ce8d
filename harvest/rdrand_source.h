// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_RDRAND_SOURCE_H_
#define CHURN_HARVEST_RDRAND_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <system_error>

#include "harvest/entropy_source.h"

namespace churn::harvest {

enum class X86RandomInstruction { kRdrand, kRdseed };

// RDRAND: Intel's guidance is that 10 consecutive failures indicate a broken unit.
inline constexpr int kRdrandRetries = 10;
// RDSEED fails routinely when its conditioner is drained (about 3 in 4 attempts on this kind
// of machine); it is retried with PAUSE, up to this bound per 64-bit sample.
inline constexpr int kRdseedRetries = 1000;

// One attempt of the instruction: true and *value set when the carry flag said "valid".
using X86RandomStep = std::function<bool(std::uint64_t* value)>;

// The real instruction, or nullptr off x86-64 or when CPUID lacks it.
X86RandomStep HardwareRandomStep(X86RandomInstruction instruction);

// RDRAND or RDSEED, 64-bit forms only. Raw sample: one 64-bit value, little-endian.
class RdrandSource final : public EntropySource {
 public:
  // `step` is the seam for tests; production passes HardwareRandomStep(instruction).
  RdrandSource(X86RandomInstruction instruction, X86RandomStep step);

  std::string_view Name() const override;
  std::size_t SampleBytes() const override { return 8; }

  // Fills whole 8-byte samples. Fails with HarvestErrc::kUnsupported without a step function,
  // HarvestErrc::kDeviceError on an all-zero, all-one or repeated value (known AMD failure
  // modes; the whole chunk is discarded), HarvestErrc::kRetriesExhausted when an attempt
  // exceeded its retry bound before any sample was produced (a short read otherwise).
  [[nodiscard]] std::error_code Read(std::span<std::uint8_t> out,
                                     std::size_t* bytes_read) override;

  std::uint64_t failed_attempts() const { return failed_attempts_; }

 private:
  X86RandomInstruction instruction_;
  X86RandomStep step_;
  bool have_last_ = false;
  std::uint64_t last_ = 0;
  std::uint64_t failed_attempts_ = 0;
};

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_RDRAND_SOURCE_H_
