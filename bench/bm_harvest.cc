// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "harvest/aes256_ctr.h"
#include "harvest/conditioner.h"
#include "harvest/cpu_features.h"
#include "harvest/cycle_counter.h"
#include "harvest/drbg.h"
#include "harvest/havege_source.h"
#include "stats/health_tests.h"

namespace churn::harvest {
namespace {

// Raw HAVEGE samples (timer-delta bytes) per second, the walk included.
void BM_HavegeRead(benchmark::State& state) {
  HavegeSource source(DetectL1CacheSizes(), CycleCounter{});
  std::vector<std::uint8_t> buf(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::size_t n = 0;
    benchmark::DoNotOptimize(source.Read(buf, &n));
    benchmark::DoNotOptimize(buf.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HavegeRead)->Arg(4096);

// SHA-512 conditioning of raw input.
void BM_Conditioner(benchmark::State& state) {
  std::unique_ptr<Conditioner> c;
  if (Conditioner::Create(&c)) {
    state.SkipWithError("no SHA-512");
    return;
  }
  std::vector<std::uint8_t> raw(static_cast<std::size_t>(state.range(0)), 0x5a);
  std::array<std::uint8_t, kConditionerBlockBytes> block{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(c->Absorb(raw));
    benchmark::DoNotOptimize(c->Finish(block));
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Conditioner)->Arg(1024)->Arg(4096);

// Arg 1 of the AES benchmarks: 0 the OpenSSL kernel, 1 the VAES kernel (skipped without it).
// They report wall-clock bytes/s (UseRealTime): the thread CPU clock of this KVM guest
// undercounts them (it credited OpenSSL's AES-NI CTR with ~6 GB/s at 2.1 GHz, beyond what
// AES-NI can do; `openssl speed -elapsed -evp aes-256-ctr` measured 2.7 GB/s). On a loaded
// machine wall time is noisy: compare the kernels within one run.
AesKernel KernelArg(const benchmark::State& state) {
  return state.range(1) == 1 ? AesKernel::kVaes : AesKernel::kOpenSsl;
}

// The AES-256 keystream alone (stream mode's inner loop), per kernel.
void BM_Aes256CtrKeystream(benchmark::State& state) {
  std::unique_ptr<Aes256Ctr> aes;
  std::array<std::uint8_t, kAes256KeyBytes> key{};
  key.fill(0x42);
  if (Aes256Ctr::Create(KernelArg(state), &aes) || aes->SetKey(key)) {
    state.SkipWithError("kernel not supported here");
    return;
  }
  std::vector<std::uint8_t> out(static_cast<std::size_t>(state.range(0)));
  AesCounter v{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(aes->Keystream(&v, out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Aes256CtrKeystream)->ArgsProduct({{65536}, {0, 1}})->UseRealTime();

// CTR_DRBG (AES-256) output per generate size (split into 64 KiB requests), per kernel;
// 262144 is what stream mode asks per write().
void BM_Drbg(benchmark::State& state) {
  std::array<std::uint8_t, kDrbgSeedBytes> seed{};
  seed.fill(0x42);
  std::unique_ptr<Drbg> drbg;
  if (Drbg::Create(seed, {}, KernelArg(state), &drbg)) {
    state.SkipWithError("kernel not supported here");
    return;
  }
  std::vector<std::uint8_t> out(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(drbg->Generate(out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Drbg)->ArgsProduct({{4096, 65536, 262144}, {0, 1}})->UseRealTime();

// SP 800-90B RCT + APT over byte samples.
void BM_HealthTests(benchmark::State& state) {
  stats::HealthTests health(1.0, false);
  std::vector<std::uint8_t> samples(static_cast<std::size_t>(state.range(0)));
  for (std::size_t i = 0; i < samples.size(); ++i) {
    samples[i] = static_cast<std::uint8_t>((i * 2654435761u) >> 13);
  }
  for (auto _ : state) {
    int failures = 0;
    for (const std::uint8_t s : samples) failures += health.Feed(s) != stats::HealthResult::kPass;
    benchmark::DoNotOptimize(failures);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HealthTests)->Arg(4096);

}  // namespace
}  // namespace churn::harvest
