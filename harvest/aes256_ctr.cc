// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The AES-256 keystream behind stream mode's CTR_DRBG. Stream mode spends most of its time
// here: 2^26 AES blocks per GiB. Why churn has its own kernel beside OpenSSL's: measured side
// by side on this machine's AMD EPYC (Zen 4), churn_bench's BM_Aes256CtrKeystream gives 3.0
// GB/s through OpenSSL 3.0's EVP AES-256-CTR (AES-NI, 128-bit registers; `openssl speed -evp
// aes-256-ctr` itself reaches 6-7 GB/s on 64 KiB buffers) and 11 GB/s through VAES, and the
// whole `churnd -n 1G -f /dev/null` takes 0.40-0.60 s with OpenSSL's AES against 0.14-0.18 s
// with VAES: 3.4x haveged instead of the 8x stream mode is held to. VAES applies one AES round
// to four blocks per instruction, and 16 blocks in flight (four 512-bit registers) hide the
// round latency. OpenSSL stays the kernel wherever VAES is missing, and the reference every
// test compares this one with.
//
// The VAES kernel is plain FIPS 197: the AES-256 key expansion (5.2) with AESKEYGENASSIST, then
// 14 rounds (AESENC x13, AESENCLAST) per block, counters built as big-endian 128-bit integers.
// Nothing is table-driven (no cache-timing leak). tests/harvest/aes256_ctr_test.cc checks both
// kernels byte for byte against OpenSSL's AES-256-ECB applied block by block to counters
// incremented independently, including the carries across 2^64 and the wrap at 2^128, and the
// CAVP CTR_DRBG vectors run over whichever kernel this CPU selects.
//
// Counter arithmetic: the VAES lanes hold the low 64 bits of each counter in a 64-bit lane, so
// a run is cut where the low half would wrap (at most once per 2^64 blocks) and the high half
// is carried in scalar code.
#include "harvest/aes256_ctr.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "harvest/errors.h"
#include "harvest/openssl_init.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace churn::harvest {
namespace {

constexpr int kAes256Rounds = 14;                      // FIPS 197 Figure 4, Nk = 8
constexpr std::size_t kRoundKeys = kAes256Rounds + 1;  // Nr + 1 round keys of 128 bits
// OpenSSL's EVP interface takes int lengths.
constexpr std::size_t kEvpMaxBytes = std::size_t{1} << 30;

std::uint64_t LoadBigEndian64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

void StoreBigEndian64(std::uint64_t v, std::uint8_t* p) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

// *v += n modulo 2^128.
void AddToCounter(AesCounter* v, std::uint64_t n) {
  std::uint64_t hi = LoadBigEndian64(v->data());
  std::uint64_t lo = LoadBigEndian64(v->data() + 8);
  const std::uint64_t sum = lo + n;
  if (sum < lo) ++hi;
  StoreBigEndian64(hi, v->data());
  StoreBigEndian64(sum, v->data() + 8);
}

#if defined(__x86_64__)

// One step of the AES-256 key expansion: `prev` is the round key two steps back, `assist` the
// AESKEYGENASSIST of the previous one; kLane picks RotWord(SubWord) + Rcon (0xff, even steps)
// or SubWord alone (0xaa, odd steps), FIPS 197 5.2.
template <int kLane>
[[gnu::target("aes,sse2")]] __m128i ExpandStep(__m128i prev, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, kLane);
  prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
  prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
  prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
  return _mm_xor_si128(prev, assist);
}

[[gnu::target("aes,sse2")]] void ExpandKey256(const std::uint8_t* key, std::uint8_t* round_keys) {
  __m128i rk[kRoundKeys];
  rk[0] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  rk[1] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key + 16));
  // AESKEYGENASSIST takes its Rcon as an immediate: the seven values of FIPS 197 5.2.
  rk[2] = ExpandStep<0xff>(rk[0], _mm_aeskeygenassist_si128(rk[1], 0x01));
  rk[3] = ExpandStep<0xaa>(rk[1], _mm_aeskeygenassist_si128(rk[2], 0x00));
  rk[4] = ExpandStep<0xff>(rk[2], _mm_aeskeygenassist_si128(rk[3], 0x02));
  rk[5] = ExpandStep<0xaa>(rk[3], _mm_aeskeygenassist_si128(rk[4], 0x00));
  rk[6] = ExpandStep<0xff>(rk[4], _mm_aeskeygenassist_si128(rk[5], 0x04));
  rk[7] = ExpandStep<0xaa>(rk[5], _mm_aeskeygenassist_si128(rk[6], 0x00));
  rk[8] = ExpandStep<0xff>(rk[6], _mm_aeskeygenassist_si128(rk[7], 0x08));
  rk[9] = ExpandStep<0xaa>(rk[7], _mm_aeskeygenassist_si128(rk[8], 0x00));
  rk[10] = ExpandStep<0xff>(rk[8], _mm_aeskeygenassist_si128(rk[9], 0x10));
  rk[11] = ExpandStep<0xaa>(rk[9], _mm_aeskeygenassist_si128(rk[10], 0x00));
  rk[12] = ExpandStep<0xff>(rk[10], _mm_aeskeygenassist_si128(rk[11], 0x20));
  rk[13] = ExpandStep<0xaa>(rk[11], _mm_aeskeygenassist_si128(rk[12], 0x00));
  rk[14] = ExpandStep<0xff>(rk[12], _mm_aeskeygenassist_si128(rk[13], 0x40));
  for (std::size_t i = 0; i < kRoundKeys; ++i) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(round_keys + 16 * i), rk[i]);
  }
}

#define CHURN_VAES_TARGET "aes,avx512f,avx512bw,vaes"

// Four blocks, 14 rounds.
[[gnu::target(CHURN_VAES_TARGET)]] inline __m512i Encrypt4(__m512i x, const __m512i* rk) {
  x = _mm512_xor_si512(x, rk[0]);
  for (int r = 1; r < kAes256Rounds; ++r) x = _mm512_aesenc_epi128(x, rk[r]);
  return _mm512_aesenclast_epi128(x, rk[kAes256Rounds]);
}

// Keystream for counters (hi, lo), (hi, lo + 1), ... over `bytes` bytes, ceil(bytes / 16)
// blocks; the caller guarantees that lo + blocks - 1 does not wrap.
// _mm512_broadcast_i32x4 trips GCC 12's -Wuninitialized (its undefined pass-through operand);
// the zero-masked form is the same instruction with every lane selected.
[[gnu::target(CHURN_VAES_TARGET)]] inline __m512i Broadcast(__m128i x) {
  return _mm512_maskz_broadcast_i32x4(0xffff, x);
}

[[gnu::target(CHURN_VAES_TARGET)]] void VaesRun(const std::uint8_t* round_keys, std::uint64_t hi,
                                                std::uint64_t lo, std::uint8_t* out,
                                                std::size_t bytes) {
  __m512i rk[kRoundKeys];
  for (std::size_t i = 0; i < kRoundKeys; ++i) {
    rk[i] = Broadcast(_mm_loadu_si128(reinterpret_cast<const __m128i*>(round_keys + 16 * i)));
  }
  // Lanes hold (lo, hi) little-endian; reversing the 16 bytes makes the big-endian block.
  const __m512i reverse =
      Broadcast(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  const __m512i four = _mm512_set_epi64(0, 4, 0, 4, 0, 4, 0, 4);
  const long long h = static_cast<long long>(hi);
  auto l = [lo](std::uint64_t i) { return static_cast<long long>(lo + i); };
  __m512i ctr = _mm512_set_epi64(h, l(3), h, l(2), h, l(1), h, l(0));
  while (bytes >= 256) {
    const __m512i c0 = ctr;
    const __m512i c1 = _mm512_add_epi64(c0, four);
    const __m512i c2 = _mm512_add_epi64(c1, four);
    const __m512i c3 = _mm512_add_epi64(c2, four);
    ctr = _mm512_add_epi64(c3, four);
    __m512i x0 = _mm512_xor_si512(_mm512_shuffle_epi8(c0, reverse), rk[0]);
    __m512i x1 = _mm512_xor_si512(_mm512_shuffle_epi8(c1, reverse), rk[0]);
    __m512i x2 = _mm512_xor_si512(_mm512_shuffle_epi8(c2, reverse), rk[0]);
    __m512i x3 = _mm512_xor_si512(_mm512_shuffle_epi8(c3, reverse), rk[0]);
    // Four independent chains: each AESENC waits for its own previous round only.
    for (int r = 1; r < kAes256Rounds; ++r) {
      x0 = _mm512_aesenc_epi128(x0, rk[r]);
      x1 = _mm512_aesenc_epi128(x1, rk[r]);
      x2 = _mm512_aesenc_epi128(x2, rk[r]);
      x3 = _mm512_aesenc_epi128(x3, rk[r]);
    }
    _mm512_storeu_si512(out, _mm512_aesenclast_epi128(x0, rk[kAes256Rounds]));
    _mm512_storeu_si512(out + 64, _mm512_aesenclast_epi128(x1, rk[kAes256Rounds]));
    _mm512_storeu_si512(out + 128, _mm512_aesenclast_epi128(x2, rk[kAes256Rounds]));
    _mm512_storeu_si512(out + 192, _mm512_aesenclast_epi128(x3, rk[kAes256Rounds]));
    out += 256;
    bytes -= 256;
  }
  while (bytes > 0) {
    const __m512i x = Encrypt4(_mm512_shuffle_epi8(ctr, reverse), rk);
    ctr = _mm512_add_epi64(ctr, four);
    const std::size_t n = std::min<std::size_t>(bytes, 64);
    const __mmask64 mask = n == 64 ? ~__mmask64{0} : ((__mmask64{1} << n) - 1);
    _mm512_mask_storeu_epi8(out, mask, x);
    out += n;
    bytes -= n;
  }
  // The key schedule copies live in registers and this frame; clear the frame's copy.
  for (__m512i& k : rk) k = _mm512_setzero_si512();
  __asm__ __volatile__("" : : "m"(rk) : "memory");
}

#undef CHURN_VAES_TARGET

#endif  // __x86_64__

}  // namespace

bool VaesSupported() noexcept {
#if defined(__x86_64__)
  // CPUID (Intel SDM vol. 2A, CPUID): leaf 1 ECX bit 25 AES-NI, bit 27 OSXSAVE; leaf 7 EBX bit 16
  // AVX-512F, bit 30 AVX-512BW; leaf 7 ECX bit 9 VAES. Then XCR0 must show that the OS saves the
  // XMM, YMM, opmask and both ZMM state components (bits 1, 2, 5, 6, 7: 0xe6). Written out
  // because clang 14's __builtin_cpu_supports does not know "vaes".
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
  if ((ecx & (1u << 25)) == 0 || (ecx & (1u << 27)) == 0) return false;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  if ((ebx & (1u << 16)) == 0 || (ebx & (1u << 30)) == 0 || (ecx & (1u << 9)) == 0) return false;
  unsigned int xcr0_lo = 0, xcr0_hi = 0;
  __asm__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  constexpr unsigned int kAvx512State = 0xe6;
  return (xcr0_lo & kAvx512State) == kAvx512State;
#else
  return false;
#endif
}

struct Aes256Ctr::Impl {
  alignas(64) std::array<std::uint8_t, 16 * kRoundKeys> round_keys{};  // kVaes
  std::array<std::uint8_t, kAes256KeyBytes> key{};                     // kOpenSsl
  EVP_CIPHER_CTX* ctx = nullptr;                                       // kOpenSsl
  EVP_CIPHER* cipher = nullptr;                                        // kOpenSsl
  ~Impl() {
    OPENSSL_cleanse(round_keys.data(), round_keys.size());
    OPENSSL_cleanse(key.data(), key.size());
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
  }
};

Aes256Ctr::Aes256Ctr(AesKernel kernel, std::unique_ptr<Impl> impl)
    : kernel_(kernel), impl_(std::move(impl)) {}
Aes256Ctr::~Aes256Ctr() = default;

std::error_code Aes256Ctr::Create(AesKernel kernel, std::unique_ptr<Aes256Ctr>* out) {
  if (kernel == AesKernel::kAuto) kernel = VaesSupported() ? AesKernel::kVaes : AesKernel::kOpenSsl;
  if (kernel == AesKernel::kVaes && !VaesSupported()) return HarvestErrc::kUnsupported;
  auto impl = std::make_unique<Impl>();
  if (kernel == AesKernel::kOpenSsl) {
    if (!InitCrypto()) return HarvestErrc::kCryptoError;
    impl->cipher = EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr);
    impl->ctx = EVP_CIPHER_CTX_new();
    if (impl->cipher == nullptr || impl->ctx == nullptr) return HarvestErrc::kCryptoError;
  }
  out->reset(new Aes256Ctr(kernel, std::move(impl)));
  return {};
}

std::error_code Aes256Ctr::SetKey(std::span<const std::uint8_t, kAes256KeyBytes> key) {
#if defined(__x86_64__)
  if (kernel_ == AesKernel::kVaes) {
    ExpandKey256(key.data(), impl_->round_keys.data());
    return {};
  }
#endif
  std::copy(key.begin(), key.end(), impl_->key.begin());
  return {};
}

std::error_code Aes256Ctr::Keystream(AesCounter* v, std::span<std::uint8_t> out) {
  const std::uint64_t blocks = (out.size() + kAesBlockBytes - 1) / kAesBlockBytes;
  AesCounter first = *v;
  AddToCounter(&first, 1);
#if defined(__x86_64__)
  if (kernel_ == AesKernel::kVaes) {
    std::uint64_t hi = LoadBigEndian64(first.data());
    std::uint64_t lo = LoadBigEndian64(first.data() + 8);
    std::span<std::uint8_t> rest = out;
    while (!rest.empty()) {
      // Blocks before the low half wraps: 2^64 - lo (all of them when lo is 0).
      const std::uint64_t room = lo == 0 ? std::numeric_limits<std::uint64_t>::max() : 0 - lo;
      const std::uint64_t run_blocks =
          std::min<std::uint64_t>(room, (rest.size() + kAesBlockBytes - 1) / kAesBlockBytes);
      const std::size_t run_bytes = static_cast<std::size_t>(
          std::min<std::uint64_t>(rest.size(), run_blocks * kAesBlockBytes));
      VaesRun(impl_->round_keys.data(), hi, lo, rest.data(), run_bytes);
      rest = rest.subspan(run_bytes);
      lo += run_blocks;
      if (lo == 0) ++hi;
    }
    AddToCounter(v, blocks);
    return {};
  }
#endif
  if (EVP_EncryptInit_ex2(impl_->ctx, impl_->cipher, impl_->key.data(), first.data(), nullptr) !=
      1) {
    return HarvestErrc::kCryptoError;
  }
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  for (std::span<std::uint8_t> rest = out; !rest.empty();) {
    const std::size_t n = std::min(rest.size(), kEvpMaxBytes);
    int written = 0;
    if (EVP_EncryptUpdate(impl_->ctx, rest.data(), &written, rest.data(), static_cast<int>(n)) !=
            1 ||
        static_cast<std::size_t>(written) != n) {
      return HarvestErrc::kCryptoError;
    }
    rest = rest.subspan(n);
  }
  AddToCounter(v, blocks);
  return {};
}

}  // namespace churn::harvest
