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
  // NIST CAVP CTR_DRBG.rsp (drbgvectors_pr_false), [AES-256 no df], PersonalizationStringLen
  // = 0, AdditionalInputLen = 0, COUNT 0: instantiate, reseed, generate 512 bits twice; the
  // second output is ReturnedBits. tests/harvest/drbg_test.cc runs the group's 30 vectors.
  static constexpr std::array<std::uint8_t, kDrbgSeedBytes> kEntropyInput = {
      0xe4, 0xbc, 0x23, 0xc5, 0x08, 0x9a, 0x19, 0xd8, 0x6f, 0x41, 0x19, 0xcb,
      0x3f, 0xa0, 0x8c, 0x0a, 0x49, 0x91, 0xe0, 0xa1, 0xde, 0xf1, 0x7e, 0x10,
      0x1e, 0x4c, 0x14, 0xd9, 0xc3, 0x23, 0x46, 0x0a, 0x7c, 0x2f, 0xb5, 0x8e,
      0x0b, 0x08, 0x6c, 0x6c, 0x57, 0xb5, 0x5f, 0x56, 0xca, 0xe2, 0x5b, 0xad};
  static constexpr std::array<std::uint8_t, kDrbgSeedBytes> kEntropyInputReseed = {
      0xfd, 0x85, 0xa8, 0x36, 0xbb, 0xa8, 0x50, 0x19, 0x88, 0x1e, 0x8c, 0x6b,
      0xad, 0x23, 0xc9, 0x06, 0x1a, 0xdc, 0x75, 0x47, 0x76, 0x59, 0xac, 0xae,
      0xa8, 0xe4, 0xa0, 0x1d, 0xfe, 0x07, 0xa1, 0x83, 0x2d, 0xad, 0x1c, 0x13,
      0x6f, 0x59, 0xd7, 0x0f, 0x86, 0x53, 0xa5, 0xdc, 0x11, 0x86, 0x63, 0xd6};
  static constexpr std::array<std::uint8_t, 64> kReturnedBits = {
      0xb2, 0xcb, 0x89, 0x05, 0xc0, 0x5e, 0x59, 0x50, 0xca, 0x31, 0x89, 0x50, 0x96,
      0xbe, 0x29, 0xea, 0x3d, 0x5a, 0x3b, 0x82, 0xb2, 0x69, 0x49, 0x55, 0x54, 0xeb,
      0x80, 0xfe, 0x07, 0xde, 0x43, 0xe1, 0x93, 0xb9, 0xe7, 0xc3, 0xec, 0xe7, 0x3b,
      0x80, 0xe0, 0x62, 0xb1, 0xc1, 0xf6, 0x82, 0x02, 0xfb, 0xb1, 0xc5, 0x2a, 0x04,
      0x0e, 0xa2, 0x47, 0x88, 0x64, 0x29, 0x52, 0x82, 0x23, 0x4a, 0xaa, 0xda};
  std::unique_ptr<Drbg> drbg;
  std::array<std::uint8_t, 64> output{};
  if (Create(kEntropyInput, {}, &drbg) || drbg->Reseed(kEntropyInputReseed) ||
      drbg->Generate(output) || drbg->Generate(output) || output != kReturnedBits) {
    return HarvestErrc::kSelfTestFailed;
  }
  return {};
}

}  // namespace churn::harvest
