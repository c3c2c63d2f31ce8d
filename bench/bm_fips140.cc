// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "stats/fips140.h"

namespace churn::stats {
namespace {

std::vector<std::uint8_t> RandomBytes(std::size_t n) {
  std::mt19937_64 rng(42);
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

// All five tests on one 2,500-byte block, the unit churn-rngtest works in.
void BM_Fips140Block(benchmark::State& state) {
  const std::size_t blocks = 64;
  const auto data = RandomBytes(blocks * kFips140BlockBytes);
  Fips140Tester tester(0);
  std::size_t i = 0;
  for (auto _ : state) {
    const Fips140Block block(data.data() + (i % blocks) * kFips140BlockBytes,
                             kFips140BlockBytes);
    benchmark::DoNotOptimize(tester.TestBlock(block));
    ++i;
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kFips140BlockBytes));
}
BENCHMARK(BM_Fips140Block);

// The counting alone (monobit, poker, runs, long run), without the continuous test.
void BM_Fips140Counts(benchmark::State& state) {
  const auto data = RandomBytes(kFips140BlockBytes);
  const Fips140Block block(data.data(), kFips140BlockBytes);
  for (auto _ : state) benchmark::DoNotOptimize(CountFips140Block(block));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kFips140BlockBytes));
}
BENCHMARK(BM_Fips140Counts);

// Each counting kernel: Arg() is the Fips140Kernel (0 portable, 1 popcnt, 2 AVX2).
void BM_Fips140Kernel(benchmark::State& state) {
  const auto kernel = static_cast<Fips140Kernel>(state.range(0));
  if (!Fips140KernelSupported(kernel)) {
    state.SkipWithError("kernel not supported on this CPU");
    return;
  }
  const auto data = RandomBytes(kFips140BlockBytes);
  const Fips140Block block(data.data(), kFips140BlockBytes);
  for (auto _ : state) benchmark::DoNotOptimize(CountFips140BlockWith(kernel, block));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kFips140BlockBytes));
}
BENCHMARK(BM_Fips140Kernel)->Arg(0)->Arg(1)->Arg(2);

// A stream of Arg() bytes tested block by block, as churn-rngtest's inner loop does.
void BM_Fips140Stream(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(state.range(0));
  const auto data = RandomBytes(bytes);
  for (auto _ : state) {
    Fips140Tester tester(0);
    std::uint64_t passed = 0;
    for (std::size_t off = 0; off + kFips140BlockBytes <= bytes; off += kFips140BlockBytes) {
      passed += tester.TestBlock(Fips140Block(data.data() + off, kFips140BlockBytes)).Passed();
    }
    benchmark::DoNotOptimize(passed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_Fips140Stream)->Arg(1 << 20)->Arg(16 << 20);

}  // namespace
}  // namespace churn::stats
