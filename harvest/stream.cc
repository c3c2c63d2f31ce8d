// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Stream mode (`churnd -n SIZE -f FILE`). Three outputs:
//
//   kDrbg         conditioned full-entropy blocks seed an SP 800-90A CTR_DRBG (AES-256, no df),
//                 which is reseeded with 48 fresh conditioned bytes every kReseedIntervalBytes
//                 (1 MiB) and asked for kDrbgMaxRequestBytes (64 KiB) per generate call.
//   kFullEntropy  conditioned blocks only, at the rate the sources allow.
//   kRaw          one source's raw samples, health-tested (start-up and continuous) but not
//                 conditioned, for external SP 800-90B assessment. Chunks with a failing
//                 sample are dropped, so the file is the source as seen through its tests.
//
// What is tested where: every raw sample goes through its source's RCT and APT, and every
// conditioned byte (seed material included) through FIPS 140-2 block and continuous tests
// inside the harvester. The DRBG itself is covered by its known-answer test at start-up; its
// output is spot-checked with one FIPS 140-2 block (continuous test included) per reseed
// interval, and a 64 KiB chunk whose spot check fails is not written. Testing every DRBG byte
// would cost more than generating it and could only detect a broken AES, which the KAT already
// rules out; spot checks catch a DRBG stuck on one state. An ideal generator fails a FIPS block
// 1 time in ~1250, so about one chunk in 1.2 GiB is dropped: harmless.
//
// EPIPE (the reader went away) and `stop` end the stream with success; a chunk takes well under
// a second to produce in every mode, so stop is honoured within a second.
#include "harvest/stream.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <vector>

#include "harvest/drbg.h"
#include "harvest/errors.h"
#include "harvest/source_registry.h"
#include "stats/fips140.h"
#include "stats/health_tests.h"

namespace churn::harvest {
namespace {

constexpr std::uint64_t kReseedIntervalBytes = 1u << 20;  // "at least every 1 MiB"
constexpr std::size_t kFullEntropyChunkBytes = 4096;
constexpr std::size_t kRawChunkBytes = 4096;
constexpr std::size_t kStartupSamples = 1024;
static_assert(kReseedIntervalBytes % kDrbgMaxRequestBytes == 0);

enum class WriteResult { kOk, kClosed };

class Output {
 public:
  explicit Output(std::uint64_t size_bytes) : left_(size_bytes), unlimited_(size_bytes == 0) {}
  ~Output() {
    if (fd_ > 1) ::close(fd_);
  }
  std::error_code Open(const std::string& path) {
    if (path == "-" || path.empty()) {
      fd_ = STDOUT_FILENO;
      return {};
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return {errno, std::system_category()};
    return {};
  }
  bool Done() const { return !unlimited_ && left_ == 0; }
  // How much of a chunk of `n` bytes is still wanted.
  std::size_t Want(std::size_t n) const {
    return unlimited_ ? n : static_cast<std::size_t>(std::min<std::uint64_t>(n, left_));
  }
  std::error_code Write(std::span<const std::uint8_t> data, WriteResult* result) {
    *result = WriteResult::kOk;
    data = data.first(Want(data.size()));
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
          // A non-blocking output: wait until the reader drains it; nothing is dropped.
          pollfd p{fd_, POLLOUT, 0};
          (void)::poll(&p, 1, -1);
          continue;
        }
        if (errno == EPIPE) {
          *result = WriteResult::kClosed;
          return {};
        }
        return {errno, std::system_category()};
      }
      data = data.subspan(static_cast<std::size_t>(n));
      if (!unlimited_) left_ -= static_cast<std::uint64_t>(n);
    }
    return {};
  }

 private:
  int fd_ = -1;
  std::uint64_t left_;
  bool unlimited_;
};

std::error_code RunRaw(const StreamOptions& options, const std::atomic<bool>& stop, Output& out) {
  if (options.raw_source.empty()) return HarvestErrc::kBadConfig;
  SourceSpec spec;
  if (const std::error_code ec = BuildSource(options.raw_source, options.harvester, &spec)) {
    return ec == HarvestErrc::kUnsupported ? make_error_code(HarvestErrc::kNoUsableSource) : ec;
  }
  stats::HealthTests health(spec.health_bits_per_sample, false);
  const std::size_t sample_bytes = spec.source->SampleBytes();
  std::vector<std::uint8_t> chunk(kRawChunkBytes);
  std::size_t startup_left = kStartupSamples;
  while (!stop.load(std::memory_order_relaxed) && !out.Done()) {
    std::size_t got = 0;
    if (spec.source->Read(chunk, &got)) continue;  // read errors: the chunk is discarded
    got -= got % sample_bytes;
    if (got == 0) {
      usleep(1000);
      continue;
    }
    bool healthy = true;
    for (std::size_t off = 0; off < got && healthy; off += sample_bytes) {
      healthy = health.Feed(LoadSample(chunk.data() + off, sample_bytes)) ==
                stats::HealthResult::kPass;
      if (startup_left > 0 && healthy) --startup_left;
    }
    if (!healthy) {
      if (startup_left > 0) return HarvestErrc::kSelfTestFailed;
      continue;
    }
    if (startup_left > 0) continue;  // start-up samples are not output
    WriteResult result;
    if (const std::error_code ec = out.Write(std::span(chunk.data(), got), &result)) return ec;
    if (result == WriteResult::kClosed) return {};
  }
  return {};
}

std::error_code RunFullEntropy(const StreamOptions& options, const std::atomic<bool>& stop,
                               Output& out) {
  std::unique_ptr<Harvester> harvester;
  if (const std::error_code ec = MakeHarvester(options.harvester, &harvester)) return ec;
  std::array<std::uint8_t, kFullEntropyChunkBytes> chunk{};
  while (!stop.load(std::memory_order_relaxed) && !out.Done()) {
    const std::span<std::uint8_t> want(chunk.data(), out.Want(chunk.size()));
    std::uint64_t credit = 0;
    if (const std::error_code ec = harvester->Harvest(want, &credit)) return ec;
    WriteResult result;
    if (const std::error_code ec = out.Write(want, &result)) return ec;
    if (result == WriteResult::kClosed) return {};
  }
  return {};
}

std::error_code RunDrbg(const StreamOptions& options, const std::atomic<bool>& stop,
                        Output& out) {
  if (Drbg::SelfTest()) return HarvestErrc::kSelfTestFailed;
  std::unique_ptr<Harvester> harvester;
  if (const std::error_code ec = MakeHarvester(options.harvester, &harvester)) return ec;
  std::array<std::uint8_t, kDrbgSeedBytes> seed{};
  std::uint64_t credit = 0;
  if (const std::error_code ec = harvester->Harvest(seed, &credit)) return ec;
  static constexpr std::uint8_t kPersonalization[] = {'c', 'h', 'u', 'r', 'n', ' ', 's', 't',
                                                      'r', 'e', 'a', 'm'};
  std::unique_ptr<Drbg> drbg;
  if (const std::error_code ec = Drbg::Create(seed, kPersonalization, &drbg)) return ec;
  std::vector<std::uint8_t> chunk(kDrbgMaxRequestBytes);
  stats::Fips140Tester spot(0);
  bool spot_seeded = false;
  std::uint64_t since_reseed = 0;
  while (!stop.load(std::memory_order_relaxed) && !out.Done()) {
    if (since_reseed >= kReseedIntervalBytes) {
      if (const std::error_code ec = harvester->Harvest(seed, &credit)) return ec;
      if (const std::error_code ec = drbg->Reseed(seed)) return ec;
      since_reseed = 0;
    }
    if (const std::error_code ec = drbg->Generate(chunk)) return ec;
    const bool spot_check = since_reseed == 0;
    since_reseed += chunk.size();
    if (spot_check) {
      if (!spot_seeded) {
        spot = stats::Fips140Tester(stats::Fips140Word(std::span(chunk).first<4>()));
        spot_seeded = true;
      }
      const stats::Fips140Block block(chunk.data() + 4, stats::kFips140BlockBytes);
      if (!spot.TestBlock(block).Passed()) continue;  // the chunk is not written
    }
    WriteResult result;
    if (const std::error_code ec = out.Write(chunk, &result)) return ec;
    if (result == WriteResult::kClosed) return {};
  }
  return {};
}

}  // namespace

std::error_code RunStream(const StreamOptions& options, const std::atomic<bool>& stop) {
  Output out(options.size_bytes);
  if (const std::error_code ec = out.Open(options.path)) return ec;
  switch (options.mode) {
    case StreamMode::kRaw:
      return RunRaw(options, stop, out);
    case StreamMode::kFullEntropy:
      return RunFullEntropy(options, stop, out);
    case StreamMode::kDrbg:
      return RunDrbg(options, stop, out);
  }
  return HarvestErrc::kBadConfig;
}

}  // namespace churn::harvest
