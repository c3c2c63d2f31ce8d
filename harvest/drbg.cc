// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/drbg.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <algorithm>

#include "harvest/errors.h"
#include "harvest/openssl_init.h"

namespace churn::harvest {

struct Drbg::Impl {
  EVP_RAND_CTX* parent = nullptr;
  EVP_RAND_CTX* drbg = nullptr;
  ~Impl() {
    EVP_RAND_CTX_free(drbg);
    EVP_RAND_CTX_free(parent);
  }
};

namespace {

constexpr unsigned int kStrengthBits = 256;

// Hands the next seed to the TEST-RAND parent (it restarts its read position on every set).
bool SetParentEntropy(EVP_RAND_CTX* parent, std::span<const std::uint8_t> entropy) {
  unsigned int strength = kStrengthBits;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY,
                                        const_cast<std::uint8_t*>(entropy.data()),
                                        entropy.size()),
      OSSL_PARAM_construct_end()};
  return EVP_RAND_CTX_set_params(parent, params) == 1;
}

}  // namespace

Drbg::Drbg(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Drbg::~Drbg() = default;

std::error_code Drbg::Create(std::span<const std::uint8_t, kDrbgSeedBytes> entropy,
                             std::span<const std::uint8_t> personalization,
                             std::unique_ptr<Drbg>* out) {
  if (!InitCrypto()) return HarvestErrc::kCryptoError;
  auto impl = std::make_unique<Impl>();
  EVP_RAND* test_rand = EVP_RAND_fetch(nullptr, "TEST-RAND", nullptr);
  EVP_RAND* ctr = EVP_RAND_fetch(nullptr, "CTR-DRBG", nullptr);
  if (test_rand != nullptr) impl->parent = EVP_RAND_CTX_new(test_rand, nullptr);
  if (ctr != nullptr && impl->parent != nullptr) impl->drbg = EVP_RAND_CTX_new(ctr, impl->parent);
  EVP_RAND_free(test_rand);
  EVP_RAND_free(ctr);
  if (impl->drbg == nullptr || !SetParentEntropy(impl->parent, entropy) ||
      EVP_RAND_instantiate(impl->parent, kStrengthBits, 0, nullptr, 0, nullptr) != 1) {
    return HarvestErrc::kCryptoError;
  }
  char cipher[] = "AES-256-CTR";
  int use_df = 0;
  unsigned int reseed_requests = 0;  // 0: never reseed on its own (we reseed per MiB)
  time_t reseed_seconds = 0;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_CIPHER, cipher, 0),
      OSSL_PARAM_construct_int(OSSL_DRBG_PARAM_USE_DF, &use_df),
      OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &reseed_requests),
      OSSL_PARAM_construct_time_t(OSSL_DRBG_PARAM_RESEED_TIME_INTERVAL, &reseed_seconds),
      OSSL_PARAM_construct_end()};
  // A null personalization makes OpenSSL substitute its own default string; pass a non-null
  // pointer so an empty one really is empty (and known answers follow SP 800-90A exactly).
  static const std::uint8_t kNoPersonalization = 0;
  const std::uint8_t* pers =
      personalization.empty() ? &kNoPersonalization : personalization.data();
  if (EVP_RAND_instantiate(impl->drbg, kStrengthBits, 0, pers, personalization.size(),
                           params) != 1) {
    return HarvestErrc::kCryptoError;
  }
  out->reset(new Drbg(std::move(impl)));
  return {};
}

std::error_code Drbg::Generate(std::span<std::uint8_t> out) {
  while (!out.empty()) {
    const std::size_t n = std::min(out.size(), kDrbgMaxRequestBytes);
    if (EVP_RAND_generate(impl_->drbg, out.data(), n, kStrengthBits, 0, nullptr, 0) != 1) {
      return HarvestErrc::kCryptoError;
    }
    out = out.subspan(n);
  }
  return {};
}

std::error_code Drbg::Reseed(std::span<const std::uint8_t, kDrbgSeedBytes> entropy) {
  if (!SetParentEntropy(impl_->parent, entropy) ||
      EVP_RAND_reseed(impl_->drbg, 0, nullptr, 0, nullptr, 0) != 1) {
    return HarvestErrc::kCryptoError;
  }
  return {};
}

std::error_code Drbg::SelfTest() {
  // Seed bytes 0x00..0x2f, no personalization; generate 32 bytes; reseed with the seed XOR
  // 0xa5; generate 32 more. The expected values were computed with the SP 800-90A 10.2.1
  // algorithm written out over AES-256-ECB (tests/harvest/drbg_test.cc re-derives them).
  static constexpr std::array<std::uint8_t, 32> kFirst = {
      0x06, 0x15, 0x50, 0x23, 0x4d, 0x15, 0x8c, 0x5e, 0xc9, 0x55, 0x95, 0xfe,
      0x04, 0xef, 0x7a, 0x25, 0x76, 0x7f, 0x2e, 0x24, 0xcc, 0x2b, 0xc4, 0x79,
      0xd0, 0x9d, 0x86, 0xdc, 0x9a, 0xbc, 0xfd, 0xe7};
  static constexpr std::array<std::uint8_t, 32> kSecond = {
      0x8d, 0xd4, 0x20, 0x9e, 0xe7, 0x70, 0x9f, 0x14, 0x6b, 0x98, 0x25, 0xcc,
      0x6b, 0x94, 0x4a, 0x25, 0xdf, 0xe9, 0x26, 0x9d, 0x1c, 0x05, 0x12, 0xcf,
      0x4e, 0xf0, 0xba, 0x52, 0x7b, 0x8b, 0xc7, 0x37};
  std::array<std::uint8_t, kDrbgSeedBytes> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i);
  std::unique_ptr<Drbg> drbg;
  std::array<std::uint8_t, 32> output{};
  if (Create(seed, {}, &drbg) || drbg->Generate(output) || output != kFirst) {
    return HarvestErrc::kSelfTestFailed;
  }
  for (auto& b : seed) b = static_cast<std::uint8_t>(b ^ 0xa5);
  if (drbg->Reseed(seed) || drbg->Generate(output) || output != kSecond) {
    return HarvestErrc::kSelfTestFailed;
  }
  return {};
}

}  // namespace churn::harvest
