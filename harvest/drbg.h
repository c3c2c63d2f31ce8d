// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_DRBG_H_
#define CHURN_HARVEST_DRBG_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

#include "harvest/aes256_ctr.h"

namespace churn::harvest {

// CTR_DRBG with AES-256 and no derivation function (SP 800-90A 10.2.1): the entropy input is
// exactly seedlen = 384 bits and must have full entropy, which conditioned blocks do.
inline constexpr std::size_t kDrbgSeedBytes = 48;
// SP 800-90A Table 3 max_number_of_bits_per_request for AES is 2^19 bits; OpenSSL uses 64 KiB.
inline constexpr std::size_t kDrbgMaxRequestBytes = 64 * 1024;

// SP 800-90A CTR_DRBG (10.2.1, AES-256, no derivation function, no additional input) over
// churn's AES-256 keystream (harvest/aes256_ctr.h: VAES where the CPU has it, else OpenSSL's
// EVP AES-256-CTR). It takes entropy only from the caller (never the OS's), so its output is a
// function of our seeds alone, and it never reseeds on its own; the caller reseeds. Its output
// equals OpenSSL's EVP_RAND "CTR-DRBG" with the same inputs (tests/harvest/aes256_ctr_test.cc)
// and NIST's CAVP answers (tests/harvest/drbg_test.cc). Key and V are wiped on destruction.
// Not thread-safe.
class Drbg {
 public:
  // Instantiates from `entropy` and an optional personalization string (≤ 48 bytes, else
  // HarvestErrc::kBadConfig), on AesKernel::kAuto. HarvestErrc::kCryptoError when OpenSSL
  // refuses.
  [[nodiscard]] static std::error_code Create(std::span<const std::uint8_t, kDrbgSeedBytes> entropy,
                                              std::span<const std::uint8_t> personalization,
                                              std::unique_ptr<Drbg>* out);
  // The same on a chosen AES kernel (tests compare kernels); kUnsupported as Aes256Ctr::Create.
  [[nodiscard]] static std::error_code Create(std::span<const std::uint8_t, kDrbgSeedBytes> entropy,
                                              std::span<const std::uint8_t> personalization,
                                              AesKernel kernel, std::unique_ptr<Drbg>* out);
  // The AES kernel in use.
  AesKernel kernel() const;
  ~Drbg();
  Drbg(const Drbg&) = delete;
  Drbg& operator=(const Drbg&) = delete;

  // Fills `out` of any length, in requests of at most kDrbgMaxRequestBytes (each followed by
  // the Update step). kCryptoError after 2^48 requests without a reseed (SP 800-90A Table 3).
  [[nodiscard]] std::error_code Generate(std::span<std::uint8_t> out);
  // Reseeds with fresh full-entropy input.
  [[nodiscard]] std::error_code Reseed(std::span<const std::uint8_t, kDrbgSeedBytes> entropy);

  // Known-answer test: NIST CAVP CTR_DRBG [AES-256 no df] COUNT 0 (instantiate, reseed,
  // generate twice); tests/harvest/drbg_test.cc runs 30 such CAVP vectors.
  // HarvestErrc::kSelfTestFailed on a mismatch or OpenSSL failure.
  [[nodiscard]] static std::error_code SelfTest();

 private:
  struct Impl;
  explicit Drbg(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_DRBG_H_
