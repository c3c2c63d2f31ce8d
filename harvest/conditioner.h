// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_CONDITIONER_H_
#define CHURN_HARVEST_CONDITIONER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

namespace churn::harvest {

// The vetted conditioning function of SP 800-90B 3.1.5.1.1: SHA-512 through OpenSSL's EVP API.
// Raw samples are absorbed until they carry at least kConditionerInputBits of claimed entropy
// (twice the output), then one 64-byte full-entropy block is squeezed out.
inline constexpr std::size_t kConditionerBlockBytes = 64;
inline constexpr double kConditionerInputBits = 2.0 * 8 * kConditionerBlockBytes;

class Conditioner {
 public:
  // Fails with HarvestErrc::kCryptoError when OpenSSL cannot provide SHA-512.
  [[nodiscard]] static std::error_code Create(std::unique_ptr<Conditioner>* out);
  ~Conditioner();
  Conditioner(const Conditioner&) = delete;
  Conditioner& operator=(const Conditioner&) = delete;

  // Adds raw bytes to the block being built.
  [[nodiscard]] std::error_code Absorb(std::span<const std::uint8_t> raw);
  // Writes SHA-512 of everything absorbed since the last Finish (or Create) and starts anew.
  [[nodiscard]] std::error_code Finish(std::span<std::uint8_t, kConditionerBlockBytes> out);
  // Drops what was absorbed (used when a health test failed on it).
  [[nodiscard]] std::error_code Discard();

  // Known-answer test: the FIPS 180-4 example vectors for "abc" and the empty message.
  // HarvestErrc::kSelfTestFailed on a mismatch.
  [[nodiscard]] static std::error_code SelfTest();

 private:
  struct Impl;
  explicit Conditioner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_CONDITIONER_H_
