// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_ENTROPY_SOURCE_H_
#define CHURN_HARVEST_ENTROPY_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <system_error>

namespace churn::harvest {

// A noise source producing raw, unconditioned samples. Each sample is SampleBytes() bytes
// (little-endian for multi-byte samples); the health tests compare whole samples.
// Not thread-safe: one thread reads a source.
class EntropySource {
 public:
  virtual ~EntropySource() = default;

  // A stable registry name: "havege", "rdseed", "rdrand", "hwrng".
  virtual std::string_view Name() const = 0;

  // Bytes per raw sample: 1 for havege and hwrng, 8 for rdseed and rdrand.
  virtual std::size_t SampleBytes() const = 0;

  // Fills up to out.size() bytes (a whole number of samples) and sets *bytes_read; may read
  // fewer, even 0, when the source has nothing ready now (a slow device never blocks the
  // caller). On error *bytes_read is 0 and nothing in `out` may be used: the data is discarded.
  // End of file (a device that vanished, /dev/null, a drained file) is
  // HarvestErrc::kEndOfData, distinct from "nothing ready now" (success, 0 bytes).
  [[nodiscard]] virtual std::error_code Read(std::span<std::uint8_t> out,
                                             std::size_t* bytes_read) = 0;

  // Timer sources only: times the same fixed piece of work (same addresses, same branches)
  // deltas.size() times in a row and writes the counter differences, for the
  // deterministic-timer test (timer_noise.h). Returns false for sources that are not timers.
  virtual bool TimeIdenticalWork(std::span<std::uint64_t> deltas) {
    (void)deltas;
    return false;
  }

  // Makes a Read() blocked in another thread return soon (with 0 bytes or an error). The
  // only member that may be called concurrently with Read(); must not block.
  virtual void Interrupt() {}
};

// The raw sample of `sample_bytes` bytes (1 to 8) at `bytes`, little-endian, as the health
// tests compare it.
inline std::uint64_t LoadSample(const std::uint8_t* bytes, std::size_t sample_bytes) {
  std::uint64_t sample = 0;
  for (std::size_t b = 0; b < sample_bytes; ++b) {
    sample |= static_cast<std::uint64_t>(bytes[b]) << (8 * b);
  }
  return sample;
}

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_ENTROPY_SOURCE_H_
