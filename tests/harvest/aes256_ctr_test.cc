// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn's AES-256 keystream kernels (harvest/aes256_ctr.h) and its CTR_DRBG (harvest/drbg.h)
// against references that share no code with them:
//  - the keystream against OpenSSL's AES-256-ECB applied to one counter block at a time, the
//    counter incremented here byte by byte (so a carry bug in either kernel shows), on random
//    keys and counters, every tail length around the 16-, 64- and 256-byte strides, across the
//    2^64 carry and the 2^128 wrap;
//  - the DRBG against OpenSSL's own EVP_RAND "CTR-DRBG" (AES-256-CTR, no df) fed through a
//    "TEST-RAND" parent, over long runs of 64 KiB and odd-sized requests and reseeds.
// Exact equality everywhere. Inputs come from a PRNG seeded with a constant printed on failure.
#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "harvest/aes256_ctr.h"
#include "harvest/drbg.h"
#include "harvest/errors.h"

namespace churn::harvest {
namespace {

constexpr std::uint64_t kSeed = 0x5eed0a35ULL;

std::vector<AesKernel> KernelsHere() {
  std::vector<AesKernel> kernels = {AesKernel::kOpenSsl};
  if (VaesSupported()) kernels.push_back(AesKernel::kVaes);
  return kernels;
}

const char* Name(AesKernel kernel) { return kernel == AesKernel::kVaes ? "vaes" : "openssl"; }

template <std::size_t N>
std::array<std::uint8_t, N> RandomBytes(std::mt19937_64& rng) {
  std::array<std::uint8_t, N> out{};
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

void Increment(AesCounter* v) {
  for (int i = kAesBlockBytes - 1; i >= 0; --i) {
    if (++(*v)[static_cast<std::size_t>(i)] != 0) break;
  }
}

// E(K, V+1) || E(K, V+2) || ... block by block through AES-256-ECB; *v advanced per block.
std::vector<std::uint8_t> ReferenceKeystream(std::span<const std::uint8_t, kAes256KeyBytes> key,
                                             AesCounter* v, std::size_t bytes) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EXPECT_EQ(EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), nullptr, key.data(), nullptr), 1);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  std::vector<std::uint8_t> out;
  while (out.size() < bytes) {
    Increment(v);
    std::array<std::uint8_t, kAesBlockBytes> block{};
    int n = 0;
    EXPECT_EQ(EVP_EncryptUpdate(ctx, block.data(), &n, v->data(), kAesBlockBytes), 1);
    out.insert(out.end(), block.begin(), block.end());
  }
  EVP_CIPHER_CTX_free(ctx);
  out.resize(bytes);
  return out;
}

void ExpectKeystreamMatches(AesKernel kernel, std::span<const std::uint8_t, kAes256KeyBytes> key,
                            AesCounter v, std::size_t bytes) {
  std::unique_ptr<Aes256Ctr> aes;
  ASSERT_FALSE(Aes256Ctr::Create(kernel, &aes));
  ASSERT_EQ(aes->kernel(), kernel);
  ASSERT_FALSE(aes->SetKey(key));
  AesCounter expected_v = v;
  const std::vector<std::uint8_t> expected = ReferenceKeystream(key, &expected_v, bytes);
  // Sentinels on both sides: the kernel writes exactly `bytes`.
  std::vector<std::uint8_t> out(bytes + 2 * 64, 0xa5);
  ASSERT_FALSE(aes->Keystream(&v, std::span(out).subspan(64, bytes)));
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), out.begin() + 64))
      << Name(kernel) << ", " << bytes << " bytes";
  EXPECT_EQ(v, expected_v) << Name(kernel) << ", " << bytes << " bytes";
  EXPECT_TRUE(std::all_of(out.begin(), out.begin() + 64, [](auto b) { return b == 0xa5; }));
  EXPECT_TRUE(std::all_of(out.end() - 64, out.end(), [](auto b) { return b == 0xa5; }));
}

TEST(Aes256CtrTest, AutoPicksVaesExactlyWhenSupported) {
  std::unique_ptr<Aes256Ctr> aes;
  ASSERT_FALSE(Aes256Ctr::Create(AesKernel::kAuto, &aes));
  EXPECT_EQ(aes->kernel(), VaesSupported() ? AesKernel::kVaes : AesKernel::kOpenSsl);
  if (!VaesSupported()) {
    EXPECT_EQ(Aes256Ctr::Create(AesKernel::kVaes, &aes), HarvestErrc::kUnsupported);
  }
}

TEST(Aes256CtrTest, Fips197AppendixC3Block) {
  // FIPS 197 Appendix C.3 (AES-256): key 00..1f, plaintext 00112233..ff, ciphertext
  // 8ea2b7ca516745bfeafc49904b496089. As a keystream block: V + 1 = the plaintext.
  std::array<std::uint8_t, kAes256KeyBytes> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  AesCounter v = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                  0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xfe};
  const std::array<std::uint8_t, 16> expected = {0x8e, 0xa2, 0xb7, 0xca, 0x51, 0x67, 0x45, 0xbf,
                                                 0xea, 0xfc, 0x49, 0x90, 0x4b, 0x49, 0x60, 0x89};
  for (AesKernel kernel : KernelsHere()) {
    std::unique_ptr<Aes256Ctr> aes;
    ASSERT_FALSE(Aes256Ctr::Create(kernel, &aes));
    ASSERT_FALSE(aes->SetKey(key));
    AesCounter counter = v;
    std::array<std::uint8_t, 16> out{};
    ASSERT_FALSE(aes->Keystream(&counter, out));
    EXPECT_EQ(out, expected) << Name(kernel);
  }
}

TEST(Aes256CtrTest, MatchesBlockByBlockReferenceOnEveryTailLength) {
  SCOPED_TRACE("seed " + std::to_string(kSeed));
  std::mt19937_64 rng(kSeed);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 300; ++n) lengths.push_back(n);
  for (std::size_t n : {511u, 512u, 513u, 4095u, 4096u, 65536u, 65537u, 100003u}) {
    lengths.push_back(n);
  }
  for (AesKernel kernel : KernelsHere()) {
    for (std::size_t bytes : lengths) {
      const auto key = RandomBytes<kAes256KeyBytes>(rng);
      ExpectKeystreamMatches(kernel, key, RandomBytes<kAesBlockBytes>(rng), bytes);
    }
  }
}

TEST(Aes256CtrTest, CarriesAcrossTwoToThe64AndWrapsAtTwoToThe128) {
  std::mt19937_64 rng(kSeed + 1);
  const auto key = RandomBytes<kAes256KeyBytes>(rng);
  for (AesKernel kernel : KernelsHere()) {
    // Low half 2^64 - k for k = 1..20: the run is cut at the carry, at every stride offset.
    for (std::uint8_t k = 1; k <= 20; ++k) {
      AesCounter v = RandomBytes<kAesBlockBytes>(rng);
      std::fill(v.begin() + 8, v.end(), 0xff);
      v[15] = static_cast<std::uint8_t>(0x100 - k);
      ExpectKeystreamMatches(kernel, key, v, 1000);
    }
    // All ones and just below: V + 1 wraps to zero (mod 2^128), and mid-run.
    AesCounter ones{};
    ones.fill(0xff);
    ExpectKeystreamMatches(kernel, key, ones, 777);
    ones[15] = 0xf0;
    ExpectKeystreamMatches(kernel, key, ones, 777);
  }
}

TEST(Aes256CtrTest, SetKeyReplacesTheKey) {
  std::mt19937_64 rng(kSeed + 2);
  for (AesKernel kernel : KernelsHere()) {
    std::unique_ptr<Aes256Ctr> aes;
    ASSERT_FALSE(Aes256Ctr::Create(kernel, &aes));
    const auto key1 = RandomBytes<kAes256KeyBytes>(rng);
    const auto key2 = RandomBytes<kAes256KeyBytes>(rng);
    ASSERT_FALSE(aes->SetKey(key1));
    ASSERT_FALSE(aes->SetKey(key2));
    AesCounter v{}, ref_v{};
    std::vector<std::uint8_t> out(333);
    ASSERT_FALSE(aes->Keystream(&v, out));
    EXPECT_EQ(out, ReferenceKeystream(key2, &ref_v, out.size())) << Name(kernel);
  }
}

// OpenSSL's CTR_DRBG fed only with the seeds given (the reference for churn's Drbg).
class OpenSslCtrDrbg {
 public:
  OpenSslCtrDrbg(std::span<const std::uint8_t, kDrbgSeedBytes> entropy,
                 std::span<const std::uint8_t> personalization) {
    EVP_RAND* test_rand = EVP_RAND_fetch(nullptr, "TEST-RAND", nullptr);
    EVP_RAND* ctr = EVP_RAND_fetch(nullptr, "CTR-DRBG", nullptr);
    parent_ = EVP_RAND_CTX_new(test_rand, nullptr);
    drbg_ = EVP_RAND_CTX_new(ctr, parent_);
    EVP_RAND_free(test_rand);
    EVP_RAND_free(ctr);
    EXPECT_NE(drbg_, nullptr);
    EXPECT_TRUE(SetEntropy(entropy));
    EXPECT_EQ(EVP_RAND_instantiate(parent_, kStrength, 0, nullptr, 0, nullptr), 1);
    char cipher[] = "AES-256-CTR";
    int use_df = 0;
    unsigned int reseed_requests = 0;
    time_t reseed_seconds = 0;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_CIPHER, cipher, 0),
        OSSL_PARAM_construct_int(OSSL_DRBG_PARAM_USE_DF, &use_df),
        OSSL_PARAM_construct_uint(OSSL_DRBG_PARAM_RESEED_REQUESTS, &reseed_requests),
        OSSL_PARAM_construct_time_t(OSSL_DRBG_PARAM_RESEED_TIME_INTERVAL, &reseed_seconds),
        OSSL_PARAM_construct_end()};
    static const std::uint8_t kEmpty = 0;
    EXPECT_EQ(EVP_RAND_instantiate(drbg_, kStrength, 0,
                                   personalization.empty() ? &kEmpty : personalization.data(),
                                   personalization.size(), params),
              1);
  }
  ~OpenSslCtrDrbg() {
    EVP_RAND_CTX_free(drbg_);
    EVP_RAND_CTX_free(parent_);
  }
  void Generate(std::span<std::uint8_t> out) {
    while (!out.empty()) {
      const std::size_t n = std::min(out.size(), kDrbgMaxRequestBytes);
      ASSERT_EQ(EVP_RAND_generate(drbg_, out.data(), n, kStrength, 0, nullptr, 0), 1);
      out = out.subspan(n);
    }
  }
  void Reseed(std::span<const std::uint8_t, kDrbgSeedBytes> entropy) {
    ASSERT_TRUE(SetEntropy(entropy));
    ASSERT_EQ(EVP_RAND_reseed(drbg_, 0, nullptr, 0, nullptr, 0), 1);
  }

 private:
  static constexpr unsigned int kStrength = 256;
  bool SetEntropy(std::span<const std::uint8_t> entropy) {
    unsigned int strength = kStrength;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
        OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY,
                                          const_cast<std::uint8_t*>(entropy.data()),
                                          entropy.size()),
        OSSL_PARAM_construct_end()};
    return EVP_RAND_CTX_set_params(parent_, params) == 1;
  }
  EVP_RAND_CTX* parent_ = nullptr;
  EVP_RAND_CTX* drbg_ = nullptr;
};

TEST(DrbgTest, MatchesOpenSslCtrDrbgOverLongRunsAndReseeds) {
  SCOPED_TRACE("seed " + std::to_string(kSeed + 3));
  for (AesKernel kernel : KernelsHere()) {
    std::mt19937_64 rng(kSeed + 3);
    const auto seed = RandomBytes<kDrbgSeedBytes>(rng);
    const auto personalization = RandomBytes<20>(rng);
    OpenSslCtrDrbg reference(seed, personalization);
    std::unique_ptr<Drbg> drbg;
    ASSERT_FALSE(Drbg::Create(seed, personalization, kernel, &drbg));
    // Whole requests as stream mode makes them, odd sizes, requests split at 64 KiB.
    const std::size_t sizes[] = {kDrbgMaxRequestBytes, 1, 15, 17, 48, 1000, 65535,
                                 kDrbgMaxRequestBytes, 3 * kDrbgMaxRequestBytes + 5};
    for (int round = 0; round < 6; ++round) {
      for (std::size_t size : sizes) {
        std::vector<std::uint8_t> got(size), want(size);
        ASSERT_FALSE(drbg->Generate(got));
        reference.Generate(want);
        ASSERT_EQ(got, want) << Name(kernel) << ", round " << round << ", " << size << " bytes";
      }
      const auto reseed = RandomBytes<kDrbgSeedBytes>(rng);
      ASSERT_FALSE(drbg->Reseed(reseed));
      reference.Reseed(reseed);
    }
  }
}

}  // namespace
}  // namespace churn::harvest
