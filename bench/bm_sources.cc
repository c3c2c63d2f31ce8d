// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Raw rates of the hardware sources (the HAVEGE walk is BM_HavegeRead in bm_harvest.cc), the
// health-tested and conditioned full-entropy rate per source, and the kernel sink's payload
// building. Sources this machine lacks are skipped with a message. Bytes/s on every case;
// the full-entropy cases also report the credited entropy in bits/s.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "daemon/kernel_sink.h"
#include "harvest/harvester.h"
#include "harvest/hwrng_source.h"
#include "harvest/rdrand_source.h"
#include "stats/fips140.h"

namespace churn {
namespace {

// RDSEED (arg 1) or RDRAND (arg 0), 64-bit samples, with the source's retry and
// stuck-value checks: the raw rate a harvester sees.
void BM_X86RandomRead(benchmark::State& state) {
  const auto instruction = state.range(0) != 0 ? harvest::X86RandomInstruction::kRdseed
                                               : harvest::X86RandomInstruction::kRdrand;
  harvest::X86RandomStep step = harvest::HardwareRandomStep(instruction);
  if (!step) {
    state.SkipWithError("instruction not supported on this CPU");
    return;
  }
  harvest::RdrandSource source(instruction, std::move(step));
  std::vector<std::uint8_t> buf(4096);
  std::int64_t bytes = 0;
  for (auto _ : state) {
    std::size_t n = 0;
    benchmark::DoNotOptimize(source.Read(buf, &n));
    bytes += static_cast<std::int64_t>(n);
  }
  state.SetBytesProcessed(bytes);
  state.counters["failed_attempts"] = static_cast<double>(source.failed_attempts());
  state.SetLabel(state.range(0) != 0 ? "rdseed" : "rdrand");
}
BENCHMARK(BM_X86RandomRead)->Arg(0)->Arg(1);

// /dev/hwrng: wall time to collect Arg bytes with the source's non-blocking reads, backing off
// 1 ms when the device has nothing ready (virtio-rng gives ~10 KiB/s, shared with the
// kernel's own hwrng thread).
void BM_HwrngRead(benchmark::State& state) {
  std::unique_ptr<harvest::HwrngSource> source;
  if (harvest::HwrngSource::Open("/dev/hwrng", &source)) {
    state.SkipWithError("/dev/hwrng cannot be opened");
    return;
  }
  std::vector<std::uint8_t> buf(static_cast<std::size_t>(state.range(0)));
  std::int64_t bytes = 0;
  for (auto _ : state) {
    std::size_t have = 0;
    while (have < buf.size()) {
      std::size_t n = 0;
      if (source->Read(std::span<std::uint8_t>(buf).subspan(have), &n)) {
        state.SkipWithError("/dev/hwrng read failed");
        return;
      }
      have += n;
      if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    bytes += static_cast<std::int64_t>(have);
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_HwrngRead)->Arg(512)->UseRealTime()->Unit(benchmark::kMillisecond);

// One source through the whole harvester: raw samples, SP 800-90B health tests, SHA-512
// conditioning and the FIPS 140-2 output tests (the --full-entropy rate). Start-up (health
// tests over >= 1024 samples, the HAVEGE estimate) is outside the timed loop.
void BM_HarvestFullEntropy(benchmark::State& state, const char* source_name,
                           std::size_t chunk_bytes) {
  harvest::HarvesterConfig config;
  config.sources = {source_name};
  config.log = [](const std::string&) {};
  std::unique_ptr<harvest::Harvester> harvester;
  if (const std::error_code ec = harvest::MakeHarvester(config, &harvester)) {
    state.SkipWithError((std::string(source_name) + ": " + ec.message()).c_str());
    return;
  }
  std::vector<std::uint8_t> out(chunk_bytes);
  std::uint64_t credited_bits = 0;
  for (auto _ : state) {
    std::uint64_t bits = 0;
    if (harvester->Harvest(out, &bits)) {
      state.SkipWithError("harvest failed");
      break;
    }
    credited_bits += bits;
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(chunk_bytes));
  state.counters["credited_bits_per_s"] =
      benchmark::Counter(static_cast<double>(credited_bits), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_HarvestFullEntropy, havege, "havege", 4096)->UseRealTime();
BENCHMARK_CAPTURE(BM_HarvestFullEntropy, rdseed, "rdseed", 4096)->UseRealTime();
BENCHMARK_CAPTURE(BM_HarvestFullEntropy, rdrand, "rdrand", 4096)->UseRealTime();
// One FIPS 140-2 block (2500 bytes): the harvester releases output a whole tested block at a
// time, so a smaller request would time the first block's latency, not the rate. At the
// 2-bit claim that is 20,000 device bytes: about 2 s on virtio-rng.
BENCHMARK_CAPTURE(BM_HarvestFullEntropy, hwrng, "hwrng", stats::kFips140BlockBytes)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The kernel sink's RNDADDENTROPY payload: header and data copied into the reused aligned
// buffer, the ioctl, the wipe. On /dev/null the ioctl fails with ENOTTY after the payload is
// built, so this times our side plus one failing system call, with no privilege needed.
void BM_SinkPayload(benchmark::State& state) {
  daemon::KernelSinkOptions options;
  options.device_path = "/dev/null";
  options.allow_credit = false;
  std::unique_ptr<daemon::KernelSink> sink;
  if (daemon::OpenKernelSink(options, &sink)) {
    state.SkipWithError("cannot open /dev/null");
    return;
  }
  std::vector<std::uint8_t> payload(static_cast<std::size_t>(state.range(0)), 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(sink->AddEntropy(payload, 0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_SinkPayload)->Arg(64)->Arg(512)->Arg(4096);

// The same into the real /dev/random with 0 bits credited (mixed, never credited): the cost
// of one feed, kernel side included. Skipped without CAP_SYS_ADMIN.
void BM_SinkAddEntropyNoCredit(benchmark::State& state) {
  daemon::KernelSinkOptions options;
  options.allow_credit = false;
  std::unique_ptr<daemon::KernelSink> sink;
  std::vector<std::uint8_t> payload(static_cast<std::size_t>(state.range(0)), 0xa5);
  if (daemon::OpenKernelSink(options, &sink) || sink->AddEntropy({}, 0)) {
    state.SkipWithError("RNDADDENTROPY not permitted (needs CAP_SYS_ADMIN)");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(sink->AddEntropy(payload, 0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_SinkAddEntropyNoCredit)->Arg(64)->Arg(4096);

}  // namespace
}  // namespace churn
