// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Stream mode (`churnd -n SIZE -f FILE`). Three outputs:
//
//   kDrbg         conditioned full-entropy blocks seed an SP 800-90A CTR_DRBG (AES-256, no df),
//                 which is reseeded with 48 fresh conditioned bytes every kReseedIntervalBytes
//                 (1 MiB) and asked for kDrbgMaxRequestBytes (64 KiB) per generate request;
//                 kDrbgWriteBytes (256 KiB, four requests) go out per write(), so a GiB costs
//                 4,096 system calls and the buffer stays in a core's L2 cache.
//   kFullEntropy  conditioned blocks only, at the rate the sources allow.
//   kRaw          one source's raw samples through the harvester's own per-source pipeline in
//                 raw mode: health-tested (start-up and continuous) but not conditioned, for
//                 external SP 800-90B assessment. Start-up samples are never written; a chunk
//                 with a failing sample is dropped, so the file is the source as seen through
//                 its tests. A source that stalls, vanishes or is quarantined ends the run
//                 with an error within kStallTime. --restarts N writes N rows, each from a
//                 fresh instance after a fresh start-up.
//
// What is tested where: every raw sample goes through its source's RCT and APT, and every
// conditioned byte (seed material included) through FIPS 140-2 block and continuous tests
// inside the harvester. The DRBG itself is covered by its known-answer test at start-up; its
// output is spot-checked with one FIPS 140-2 block (continuous test included) per reseed
// interval, and a 256 KiB chunk whose spot check fails is not written. Testing every DRBG byte
// would cost more than generating it and could only detect a broken AES, which the KAT already
// rules out; spot checks catch a DRBG stuck on one state. An ideal generator fails a FIPS block
// 1 time in ~1250, so about one chunk in 1.2 GiB is dropped: harmless.
//
// EPIPE (the reader went away) and `stop` end the stream with success. The harvester collects
// in its own threads, so the writing thread only ever waits kStreamStopLatency at a time for
// data, and a write() or open() blocked on the output returns EINTR when the stop signal
// arrives: stop is honoured within kStreamStopLatency whatever the sources and the reader do.
#include "harvest/stream.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <thread>
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
constexpr std::size_t kDrbgWriteBytes = 4 * kDrbgMaxRequestBytes;
static_assert(kReseedIntervalBytes % kDrbgWriteBytes == 0);
static_assert(kDrbgWriteBytes >= 4 + stats::kFips140BlockBytes);

enum class WriteResult { kOk, kClosed };

// How long the stream waits for the harvester's start-up before writing what is ready.
constexpr std::chrono::milliseconds kStartupWait{10000};

bool Stopped(const std::atomic<bool>& stop) { return stop.load(std::memory_order_relaxed); }

class Output {
 public:
  Output(std::uint64_t size_bytes, const std::atomic<bool>& stop)
      : left_(size_bytes), unlimited_(size_bytes == 0), stop_(stop) {}
  ~Output() {
    if (fd_ > 1) ::close(fd_);
  }
  // Opening a FIFO waits for a reader; a stop signal interrupts it (*stopped set).
  std::error_code Open(const std::string& path, bool* stopped) {
    *stopped = false;
    if (path == "-" || path.empty()) {
      fd_ = STDOUT_FILENO;
      return {};
    }
    for (;;) {
      fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd_ >= 0) return {};
      if (errno != EINTR) return {errno, std::system_category()};
      if (Stopped(stop_)) {
        *stopped = true;
        return {};
      }
    }
  }
  bool Done() const { return !unlimited_ && left_ == 0; }
  // How much of a chunk of `n` bytes is still wanted.
  std::size_t Want(std::size_t n) const {
    return unlimited_ ? n : static_cast<std::size_t>(std::min<std::uint64_t>(n, left_));
  }
  void AddRow(std::uint64_t size_bytes) { left_ += size_bytes; }
  // kClosed: the reader went away, or a stop signal interrupted a blocked write.
  std::error_code Write(std::span<const std::uint8_t> data, WriteResult* result) {
    *result = WriteResult::kOk;
    data = data.first(Want(data.size()));
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        const int err = errno;
        if (err == EAGAIN || err == EWOULDBLOCK) {
          // A non-blocking output: wait until the reader drains it (nothing is dropped),
          // looking at the stop flag every 100 ms so that a signal is still answered.
          pollfd p{fd_, POLLOUT, 0};
          (void)::poll(&p, 1, 100);
        }
        if (err == EINTR || err == EAGAIN || err == EWOULDBLOCK) {
          if (Stopped(stop_)) {
            *result = WriteResult::kClosed;
            return {};
          }
          continue;
        }
        if (err == EPIPE) {
          *result = WriteResult::kClosed;
          return {};
        }
        return {err, std::system_category()};
      }
      data = data.subspan(static_cast<std::size_t>(n));
      if (!unlimited_) left_ -= static_cast<std::uint64_t>(n);
      // A signal during a blocked write that had already moved some bytes (a 256 KiB chunk
      // into a 64 KiB pipe) ends it with a short count, not EINTR: look at the stop flag
      // before blocking again.
      if (!data.empty() && Stopped(stop_)) {
        *result = WriteResult::kClosed;
        return {};
      }
    }
    return {};
  }

 private:
  int fd_ = -1;
  std::uint64_t left_;
  bool unlimited_;
  const std::atomic<bool>& stop_;
};

// Builds the harvester and waits for its start-up, a slice at a time so `stop` is seen.
// *stopped: stop arrived first (not an error).
std::error_code StartHarvester(const HarvesterFactory& make, const HarvesterConfig& config,
                               const std::atomic<bool>& stop, std::unique_ptr<Harvester>* out,
                               bool* stopped) {
  *stopped = false;
  if (const std::error_code ec = make(config, out)) return ec;
  const auto deadline = std::chrono::steady_clock::now() + kStartupWait;
  while (!(*out)->WaitForStartup(kStreamStopLatency)) {
    if (Stopped(stop)) {
      *stopped = true;
      return {};
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
  }
  return (*out)->StartupVerdict();
}

// The raw-mode verdict on a source that gives nothing: stalled, gone or quarantined ends the run.
std::error_code RawSourceFailure(const Harvester& harvester) {
  for (const SourceStats& s : harvester.Stats()) {
    switch (s.state) {
      case SourceState::kStalled:
        return HarvestErrc::kStalled;
      case SourceState::kAbsent:
        return HarvestErrc::kEndOfData;
      case SourceState::kQuarantined:
        // Before any output it failed its start-up tests.
        return s.conditioned_bytes == 0 ? HarvestErrc::kSelfTestFailed
                                         : HarvestErrc::kHealthTestFailed;
      default:
        break;
    }
  }
  return {};
}

std::error_code RunRaw(const StreamOptions& options, const std::atomic<bool>& stop, Output& out,
                       const HarvesterFactory& make) {
  if (options.raw_source.empty()) return HarvestErrc::kBadConfig;
  HarvesterConfig config = options.harvester;
  config.sources = {options.raw_source};
  config.raw_output = true;
  const std::uint32_t rows = std::max<std::uint32_t>(options.restarts, 1);
  std::vector<std::uint8_t> chunk(kRawChunkBytes);
  for (std::uint32_t row = 0; row < rows; ++row) {
    if (row > 0) out.AddRow(options.size_bytes);
    // A fresh harvester is a fresh instance of the source with a fresh start-up.
    // No start-up verdict here: what the source gave before it ended or stuck is written, and
    // the loop below reports why it stopped.
    std::unique_ptr<Harvester> harvester;
    const std::error_code ec = make(config, &harvester);
    if (ec == HarvestErrc::kUnsupported) return HarvestErrc::kNoUsableSource;
    if (ec) return ec;
    while (!Stopped(stop) && !out.Done()) {
      std::size_t got = 0;
      std::uint64_t credit = 0;
      harvester->Take(std::span(chunk.data(), out.Want(chunk.size())), kStreamStopLatency, &got,
                      &credit);
      if (got == 0) {
        if (const std::error_code failure = RawSourceFailure(*harvester)) return failure;
        continue;
      }
      WriteResult result;
      if (const std::error_code wec = out.Write(std::span(chunk.data(), got), &result)) return wec;
      if (result == WriteResult::kClosed) return {};
    }
    if (Stopped(stop)) return {};
  }
  return {};
}

std::error_code RunFullEntropy(const StreamOptions& options, const std::atomic<bool>& stop,
                               Output& out, const HarvesterFactory& make) {
  std::unique_ptr<Harvester> harvester;
  bool stopped = false;
  if (const std::error_code ec =
          StartHarvester(make, options.harvester, stop, &harvester, &stopped)) {
    return ec;
  }
  std::array<std::uint8_t, kFullEntropyChunkBytes> chunk{};
  while (!stopped && !Stopped(stop) && !out.Done()) {
    std::size_t got = 0;
    std::uint64_t credit = 0;
    harvester->Take(std::span(chunk.data(), out.Want(chunk.size())), kStreamStopLatency, &got,
                    &credit);
    if (got == 0) continue;
    WriteResult result;
    if (const std::error_code ec = out.Write(std::span(chunk.data(), got), &result)) return ec;
    if (result == WriteResult::kClosed) return {};
  }
  return {};
}

std::error_code RunDrbg(const StreamOptions& options, const std::atomic<bool>& stop,
                        Output& out, const HarvesterFactory& make) {
  if (Drbg::SelfTest()) return HarvestErrc::kSelfTestFailed;
  std::unique_ptr<Harvester> harvester;
  if (const std::error_code ec = make(options.harvester, &harvester)) return ec;
  // The first seed is taken as soon as fully credited output is ready (the fast sources are
  // ready within milliseconds; the others join at the reseeds), or whatever is ready once
  // start-up has settled without a credited source.
  std::array<std::uint8_t, kDrbgSeedBytes> seed{};
  const auto deadline = std::chrono::steady_clock::now() + kStartupWait;
  for (;;) {
    if (Stopped(stop)) return {};
    const bool settled = harvester->WaitForStartup(std::chrono::milliseconds(0)) ||
                         std::chrono::steady_clock::now() >= deadline;
    if (settled) {
      if (const std::error_code ec = harvester->StartupVerdict()) return ec;
    }
    std::uint64_t credit = 0;
    const std::error_code ec = harvester->Harvest(seed, &credit);
    if (!ec && (credit == 8 * seed.size() || settled)) break;
    if (ec && ec != HarvestErrc::kNotReady) return ec;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  static constexpr std::uint8_t kPersonalization[] = {'c', 'h', 'u', 'r', 'n', ' ', 's', 't',
                                                      'r', 'e', 'a', 'm'};
  std::unique_ptr<Drbg> drbg;
  if (const std::error_code ec = Drbg::Create(seed, kPersonalization, &drbg)) return ec;
  std::vector<std::uint8_t> chunk(kDrbgWriteBytes);
  stats::Fips140Tester spot(0);
  bool spot_seeded = false;
  std::uint64_t since_reseed = 0;
  while (!Stopped(stop) && !out.Done()) {
    if (since_reseed >= kReseedIntervalBytes) {
      // Fresh seed material when it is ready; the DRBG goes on meanwhile (SP 800-90A allows
      // 2^48 requests between reseeds; we ask every 1 MiB and never wait for a slow source).
      std::uint64_t credit = 0;
      const std::error_code ec = harvester->Harvest(seed, &credit);
      if (!ec) {
        if (const std::error_code rec = drbg->Reseed(seed)) return rec;
        since_reseed = 0;
      } else if (ec != HarvestErrc::kNotReady) {
        return ec;
      }
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
  return RunStreamWith(options, stop, MakeHarvester);
}

std::error_code RunStreamWith(const StreamOptions& options, const std::atomic<bool>& stop,
                              const HarvesterFactory& make) {
  Output out(options.size_bytes, stop);
  bool stopped = false;
  if (const std::error_code ec = out.Open(options.path, &stopped)) return ec;
  if (stopped) return {};
  switch (options.mode) {
    case StreamMode::kRaw:
      return RunRaw(options, stop, out, make);
    case StreamMode::kFullEntropy:
      return RunFullEntropy(options, stop, out, make);
    case StreamMode::kDrbg:
      return RunDrbg(options, stop, out, make);
  }
  return HarvestErrc::kBadConfig;
}

}  // namespace churn::harvest
