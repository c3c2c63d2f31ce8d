// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_AES256_CTR_H_
#define CHURN_HARVEST_AES256_CTR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

namespace churn::harvest {

// The AES-256 (FIPS 197) keystream as SP 800-90A's CTR_DRBG consumes it (10.2.1.5.1 step 4,
// with ctr_len = blocklen): E(K, V+1) || E(K, V+2) || ..., V a 128-bit big-endian counter that
// wraps modulo 2^128. This is AES-256-CTR (SP 800-38A 6.5) over zeros with initial counter V+1.
inline constexpr std::size_t kAesBlockBytes = 16;
inline constexpr std::size_t kAes256KeyBytes = 32;
using AesCounter = std::array<std::uint8_t, kAesBlockBytes>;

enum class AesKernel {
  kAuto,     // kVaes when this CPU and kernel support it, else kOpenSsl
  kVaes,     // x86-64 VAES + AVX-512: four blocks per instruction, 16 blocks in flight
  kOpenSsl,  // OpenSSL's EVP "AES-256-CTR" (AES-NI where present), on whole buffers
};

// True when kVaes can run here: CPUID and the OS (XSAVE state) report AVX-512F, AVX-512BW,
// VAES and AES-NI. Always false off x86-64.
bool VaesSupported() noexcept;

// One key's keystream generator. Not thread-safe; one per DRBG. The key schedule is wiped on
// destruction and on SetKey.
class Aes256Ctr {
 public:
  // kVaes on a CPU without it: HarvestErrc::kUnsupported. OpenSSL failures: kCryptoError.
  [[nodiscard]] static std::error_code Create(AesKernel kernel, std::unique_ptr<Aes256Ctr>* out);
  ~Aes256Ctr();
  Aes256Ctr(const Aes256Ctr&) = delete;
  Aes256Ctr& operator=(const Aes256Ctr&) = delete;

  // Installs a 256-bit key. kCryptoError when OpenSSL refuses it.
  [[nodiscard]] std::error_code SetKey(std::span<const std::uint8_t, kAes256KeyBytes> key);

  // Writes out.size() bytes (any length) of keystream starting at block V+1, and advances *v by
  // the number of blocks begun, ceil(out.size() / 16), as SP 800-90A does (the unused tail of a
  // last partial block is discarded). kCryptoError when OpenSSL fails (kOpenSsl only).
  [[nodiscard]] std::error_code Keystream(AesCounter* v, std::span<std::uint8_t> out);

  // The kernel in use (never kAuto).
  AesKernel kernel() const { return kernel_; }

 private:
  struct Impl;
  Aes256Ctr(AesKernel kernel, std::unique_ptr<Impl> impl);
  AesKernel kernel_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_AES256_CTR_H_
