// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The HAVEGE-style jitter source (after Seznec and Sendrier's HArdware Volatile Entropy
// Gathering and Expansion), written from the idea, not from haveged's code.
//
// Noise model. The time a CPU takes for a fixed piece of work varies with the state of hidden
// micro-architectural machinery no program controls: L1/L2 hits and misses, TLB walks, branch
// predictors, the out-of-order window, SMT siblings, interrupts, frequency changes and, in a VM,
// the hypervisor. We make that state as large and volatile as we can: a table of twice the L1
// data cache, read and written at data-dependent indices, and up to kHavegeMaxCodePaths distinct
// code paths (one template instance each) chosen by an indirect jump on table data, so the
// instruction cache, BTB and branch predictors are stressed too. The timing of each sample is
// fed back into the walk (the state word), so the path itself depends on past jitter.
//
// Raw sample. One byte: the low 8 bits of the cycle-counter difference across
// kHavegeStepsPerSample walk steps. The high bits of the difference only say how long the work
// takes on average and are predictable; the jitter lives in the low bits. A byte is a discrete
// sample that SP 800-90B estimators and health tests handle directly, and `churnd --raw havege`
// writes exactly these bytes for external assessment.
//
// What is credited (see source_registry.cc). Nothing is assumed: at start-up the registry
// measures a most-common-value min-entropy estimate (SP 800-90B 6.3.1) over many samples,
// credits the smaller of it and a ceiling of 1 bit per sample (the samples are not IID, so
// MCV is optimistic; the ceiling keeps the claim well below the 8 bits a byte could hold), and
// credits nothing when the estimate is below a floor (a coarse or trapped timer in a VM). A
// stuck timer gives identical samples, which the Repetition Count Test rejects at start-up.
//
// The optimiser must not fold the walk: CMake pins this file's flags (-O2, no vectorisation,
// no loop unrolling, independent of build type) and defines CHURN_HAVEGE_PINNED_FLAGS; the
// #error below fails the build if the file is ever compiled without them.
#include "harvest/havege_source.h"

#include <algorithm>
#include <array>
#include <bit>
#include <utility>

#include "harvest/errors.h"

#if !defined(CHURN_HAVEGE_PINNED_FLAGS) || !defined(__OPTIMIZE__) || defined(__OPTIMIZE_SIZE__)
#error "havege_source.cc must be built with the flags pinned in harvest/CMakeLists.txt"
#endif

namespace churn::harvest {
namespace {

// Approximate machine-code bytes of one Step<N> instance (measured with objdump on x86-64
// gcc 12: 90-130 bytes); used only to size the number of code paths to the L1i cache.
constexpr std::size_t kApproxStepCodeBytes = 128;

using StepFn = std::uint32_t (*)(std::uint32_t* table, std::uint32_t mask, std::uint32_t x);

// One walk step. N makes each instance distinct code with its own constants and branch.
template <int N>
[[gnu::noinline]] std::uint32_t Step(std::uint32_t* table, std::uint32_t mask, std::uint32_t x) {
  constexpr std::uint32_t kOdd = 2u * static_cast<std::uint32_t>(N) + 0x9e3779b1u;
  constexpr int kRot = N % 31 + 1;
  const std::uint32_t i = x & mask;
  std::uint32_t v = table[i];
  if (v & (1u << (N % 32))) {  // data-dependent, unpredictable branch
    v = std::rotl(v, kRot) ^ x;
  } else {
    v = v * kOdd + (x >> (N % 7 + 1));
  }
  table[i] = v;
  const std::uint32_t j = (v ^ kOdd) & mask;  // a second, dependent access
  table[j] ^= x + static_cast<std::uint32_t>(N);
  return v ^ table[j];
}

template <std::size_t... I>
constexpr std::array<StepFn, sizeof...(I)> MakeSteps(std::index_sequence<I...>) {
  return {&Step<static_cast<int>(I)>...};
}

constexpr std::array<StepFn, kHavegeMaxCodePaths> kSteps =
    MakeSteps(std::make_index_sequence<kHavegeMaxCodePaths>{});
static_assert(kHavegeMaxCodePaths > 0 && std::has_single_bit(static_cast<unsigned>(kHavegeMaxCodePaths)));

std::size_t FloorPowerOfTwo(std::size_t v) { return v == 0 ? 1 : std::bit_floor(v); }

}  // namespace

template <typename Counter>
HavegeSourceT<Counter>::HavegeSourceT(CacheSizes caches, Counter counter)
    : counter_(std::move(counter)) {
  const std::size_t l1d = caches.l1d_bytes ? caches.l1d_bytes : kDefaultL1Bytes;
  const std::size_t l1i = caches.l1i_bytes ? caches.l1i_bytes : kDefaultL1Bytes;
  // Twice L1d in 32-bit words, a power of two so indices are masked, at least 4 KiB.
  const std::size_t words = FloorPowerOfTwo(std::max<std::size_t>(2 * l1d / 4, 1024));
  table_.resize(words);
  mask_ = static_cast<std::uint32_t>(words - 1);
  const std::size_t paths = FloorPowerOfTwo(l1i / kApproxStepCodeBytes);
  code_paths_ = static_cast<int>(std::clamp<std::size_t>(paths, 16, kHavegeMaxCodePaths));
  // Initial contents only need to differ between entries; the jitter does the rest.
  std::uint64_t seed = counter_();
  for (std::size_t k = 0; k < words; ++k) {
    seed += 0x9e3779b97f4a7c15ull;  // splitmix64
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    table_[k] = static_cast<std::uint32_t>(z ^ (z >> 31));
  }
  state_ = table_[0];
}

template <typename Counter>
std::error_code HavegeSourceT<Counter>::Read(std::span<std::uint8_t> out,
                                             std::size_t* bytes_read) {
  *bytes_read = 0;
  std::uint32_t* const table = table_.data();
  const std::uint32_t mask = mask_;
  const std::uint32_t path_mask = static_cast<std::uint32_t>(code_paths_ - 1);
  std::uint32_t x = state_;
  bool backwards = false;
  std::uint64_t before = counter_();
  for (std::uint8_t& sample : out) {
    for (int s = 0; s < kHavegeStepsPerSample; ++s) {
      x = kSteps[(x >> 7) & path_mask](table, mask, x);  // indirect jump on table data
    }
    const std::uint64_t after = counter_();
    backwards |= after < before;
    const std::uint64_t delta = after - before;
    before = after;
    sample = static_cast<std::uint8_t>(delta);
    x ^= static_cast<std::uint32_t>(delta) * 0x9e3779b1u;  // feed the jitter back into the walk
  }
  state_ = x;
  if (backwards) {
    return HarvestErrc::kDeviceError;
  }
  *bytes_read = out.size();
  return {};
}

template <typename Counter>
bool HavegeSourceT<Counter>::TimeIdenticalWork(std::span<std::uint64_t> deltas) {
  constexpr std::size_t kFixedWords = 1024;
  if (fixed_init_.empty()) {
    fixed_init_.resize(kFixedWords);
    for (std::size_t k = 0; k < kFixedWords; ++k) {
      fixed_init_[k] = static_cast<std::uint32_t>(k) * 0x9e3779b1u ^ 0x5bd1e995u;
    }
    fixed_table_ = fixed_init_;
  }
  const std::uint32_t mask = kFixedWords - 1;
  const std::uint32_t path_mask = static_cast<std::uint32_t>(code_paths_ - 1);
  std::uint32_t sink = 0;
  for (std::uint64_t& delta : deltas) {
    std::copy(fixed_init_.begin(), fixed_init_.end(), fixed_table_.begin());
    std::uint32_t x = 0x2545f491u;
    const std::uint64_t before = counter_();
    for (int s = 0; s < kHavegeStepsPerSample; ++s) {
      x = kSteps[(x >> 7) & path_mask](fixed_table_.data(), mask, x);
    }
    const std::uint64_t after = counter_();
    delta = after - before;
    sink ^= x;
  }
  state_ ^= sink & 1u;  // keeps the work observable to the optimiser
  return true;
}

template class HavegeSourceT<CycleCounter>;
template class HavegeSourceT<FunctionCounter>;

}  // namespace churn::harvest
