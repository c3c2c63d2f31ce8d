// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/drbg.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>

#include "harvest/errors.h"

namespace churn::harvest {

struct Drbg::Impl {
  std::unique_ptr<Aes256Ctr> aes;
  std::array<std::uint8_t, kAes256KeyBytes> key{};
  AesCounter v{};
  std::uint64_t reseed_counter = 0;
  ~Impl() {
    OPENSSL_cleanse(key.data(), key.size());
    OPENSSL_cleanse(v.data(), v.size());
  }

  // CTR_DRBG_Update (10.2.1.2): the next seedlen bits of keystream, XORed with
  // `provided_data`, become the new Key || V.
  std::error_code Update(std::span<const std::uint8_t, kDrbgSeedBytes> provided_data) {
    std::array<std::uint8_t, kDrbgSeedBytes> temp{};
    if (const std::error_code ec = aes->Keystream(&v, temp)) return ec;
    for (std::size_t i = 0; i < temp.size(); ++i) temp[i] ^= provided_data[i];
    std::copy_n(temp.begin(), key.size(), key.begin());
    std::copy_n(temp.begin() + key.size(), v.size(), v.begin());
    OPENSSL_cleanse(temp.data(), temp.size());
    return aes->SetKey(key);
  }
};

namespace {

static_assert(kAes256KeyBytes + kAesBlockBytes == kDrbgSeedBytes, "seedlen = keylen + blocklen");
// SP 800-90A Table 3: reseed_interval ≤ 2^48 requests for CTR_DRBG.
constexpr std::uint64_t kMaxRequestsBetweenReseeds = std::uint64_t{1} << 48;
constexpr std::array<std::uint8_t, kDrbgSeedBytes> kZeroSeed{};

}  // namespace

Drbg::Drbg(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Drbg::~Drbg() = default;

std::error_code Drbg::Create(std::span<const std::uint8_t, kDrbgSeedBytes> entropy,
                             std::span<const std::uint8_t> personalization,
                             std::unique_ptr<Drbg>* out) {
  return Create(entropy, personalization, AesKernel::kAuto, out);
}

std::error_code Drbg::Create(std::span<const std::uint8_t, kDrbgSeedBytes> entropy,
                             std::span<const std::uint8_t> personalization, AesKernel kernel,
                             std::unique_ptr<Drbg>* out) {
  if (personalization.size() > kDrbgSeedBytes) return HarvestErrc::kBadConfig;
  auto impl = std::make_unique<Impl>();
  if (const std::error_code ec = Aes256Ctr::Create(kernel, &impl->aes)) return ec;
  // CTR_DRBG_Instantiate_algorithm without df (10.2.1.3.1): seed_material = entropy_input XOR
  // personalization_string padded with zeros; Key = 0^keylen, V = 0^blocklen; Update.
  std::array<std::uint8_t, kDrbgSeedBytes> seed_material{};
  std::copy(entropy.begin(), entropy.end(), seed_material.begin());
  for (std::size_t i = 0; i < personalization.size(); ++i) seed_material[i] ^= personalization[i];
  if (const std::error_code ec = impl->aes->SetKey(impl->key)) return ec;
  const std::error_code ec = impl->Update(seed_material);
  OPENSSL_cleanse(seed_material.data(), seed_material.size());
  if (ec) return ec;
  impl->reseed_counter = 1;
  out->reset(new Drbg(std::move(impl)));
  return {};
}

AesKernel Drbg::kernel() const { return impl_->aes->kernel(); }

std::error_code Drbg::Generate(std::span<std::uint8_t> out) {
  while (!out.empty()) {
    // CTR_DRBG_Generate_algorithm without additional input (10.2.1.5.1): the keystream from
    // V+1 is the output, then Update(0^seedlen). One request is at most kDrbgMaxRequestBytes.
    if (impl_->reseed_counter > kMaxRequestsBetweenReseeds) return HarvestErrc::kCryptoError;
    const std::size_t n = std::min(out.size(), kDrbgMaxRequestBytes);
    if (const std::error_code ec = impl_->aes->Keystream(&impl_->v, out.first(n))) return ec;
    if (const std::error_code ec = impl_->Update(kZeroSeed)) return ec;
    ++impl_->reseed_counter;
    out = out.subspan(n);
  }
  return {};
}

std::error_code Drbg::Reseed(std::span<const std::uint8_t, kDrbgSeedBytes> entropy) {
  // CTR_DRBG_Reseed_algorithm without df (10.2.1.4.1), no additional input: Update(entropy).
  if (const std::error_code ec = impl_->Update(entropy)) return ec;
  impl_->reseed_counter = 1;
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
