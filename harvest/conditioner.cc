// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Conditioning, SP 800-90B 3.1.5. SHA-512 is one of the vetted conditioning functions (3.1.5.1.1)
// with n_out = 512. Its output has full entropy when the input carries at least n_out + 64 bits
// (SP 800-90C's rule); we ask for twice n_out (1024 bits of claimed entropy per 512-bit block),
// which also absorbs moderate over-estimates of a source's claim. The claim bookkeeping is the
// harvester's; this file only hashes and maps OpenSSL's return codes to HarvestErrc.
#include "harvest/conditioner.h"

#include <openssl/evp.h>

#include <array>
#include <cstring>

#include "harvest/errors.h"
#include "harvest/openssl_init.h"

namespace churn::harvest {

struct Conditioner::Impl {
  EVP_MD_CTX* ctx = nullptr;
  const EVP_MD* md = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Conditioner::Conditioner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Conditioner::~Conditioner() = default;

std::error_code Conditioner::Create(std::unique_ptr<Conditioner>* out) {
  if (!InitCrypto()) return HarvestErrc::kCryptoError;
  auto impl = std::make_unique<Impl>();
  impl->md = EVP_sha512();
  impl->ctx = EVP_MD_CTX_new();
  if (impl->md == nullptr || impl->ctx == nullptr ||
      EVP_DigestInit_ex(impl->ctx, impl->md, nullptr) != 1) {
    return HarvestErrc::kCryptoError;
  }
  out->reset(new Conditioner(std::move(impl)));
  return {};
}

std::error_code Conditioner::Absorb(std::span<const std::uint8_t> raw) {
  if (EVP_DigestUpdate(impl_->ctx, raw.data(), raw.size()) != 1) {
    return HarvestErrc::kCryptoError;
  }
  return {};
}

std::error_code Conditioner::Finish(std::span<std::uint8_t, kConditionerBlockBytes> out) {
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, out.data(), &len) != 1 || len != out.size() ||
      EVP_DigestInit_ex(impl_->ctx, impl_->md, nullptr) != 1) {
    return HarvestErrc::kCryptoError;
  }
  return {};
}

std::error_code Conditioner::Discard() {
  if (EVP_DigestInit_ex(impl_->ctx, impl_->md, nullptr) != 1) return HarvestErrc::kCryptoError;
  return {};
}

std::error_code Conditioner::SelfTest() {
  // FIPS 180-4 / NIST CSRC example values for SHA-512.
  static constexpr std::array<std::uint8_t, 64> kAbc = {
      0xdd, 0xaf, 0x35, 0xa1, 0x93, 0x61, 0x7a, 0xba, 0xcc, 0x41, 0x73, 0x49, 0xae,
      0x20, 0x41, 0x31, 0x12, 0xe6, 0xfa, 0x4e, 0x89, 0xa9, 0x7e, 0xa2, 0x0a, 0x9e,
      0xee, 0xe6, 0x4b, 0x55, 0xd3, 0x9a, 0x21, 0x92, 0x99, 0x2a, 0x27, 0x4f, 0xc1,
      0xa8, 0x36, 0xba, 0x3c, 0x23, 0xa3, 0xfe, 0xeb, 0xbd, 0x45, 0x4d, 0x44, 0x23,
      0x64, 0x3c, 0xe8, 0x0e, 0x2a, 0x9a, 0xc9, 0x4f, 0xa5, 0x4c, 0xa4, 0x9f};
  static constexpr std::array<std::uint8_t, 64> kEmpty = {
      0xcf, 0x83, 0xe1, 0x35, 0x7e, 0xef, 0xb8, 0xbd, 0xf1, 0x54, 0x28, 0x50, 0xd6,
      0x6d, 0x80, 0x07, 0xd6, 0x20, 0xe4, 0x05, 0x0b, 0x57, 0x15, 0xdc, 0x83, 0xf4,
      0xa9, 0x21, 0xd3, 0x6c, 0xe9, 0xce, 0x47, 0xd0, 0xd1, 0x3c, 0x5d, 0x85, 0xf2,
      0xb0, 0xff, 0x83, 0x18, 0xd2, 0x87, 0x7e, 0xec, 0x2f, 0x63, 0xb9, 0x31, 0xbd,
      0x47, 0x41, 0x7a, 0x81, 0xa5, 0x38, 0x32, 0x7a, 0xf9, 0x27, 0xda, 0x3e};
  std::unique_ptr<Conditioner> c;
  if (Create(&c)) return HarvestErrc::kSelfTestFailed;
  std::array<std::uint8_t, 64> digest{};
  static constexpr std::uint8_t kMessage[] = {'a', 'b', 'c'};
  if (c->Absorb(kMessage) || c->Finish(digest) || digest != kAbc) {
    return HarvestErrc::kSelfTestFailed;
  }
  if (c->Finish(digest) || digest != kEmpty) return HarvestErrc::kSelfTestFailed;
  return {};
}

}  // namespace churn::harvest
