// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_FEEDER_H_
#define CHURN_DAEMON_FEEDER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/kernel_sink.h"
#include "harvest/harvester.h"

namespace churn::daemon {

// How the kernel's random pool behaves, told apart by /proc/sys/kernel/random/poolsize.
enum class KernelGeneration {
  kModern,  // 5.18 and later (and LTS backports): a 256-bit hash, poolsize 256
  kLegacy,  // older kernels: a 4096-bit pool with write_wakeup_threshold
};

const char* GenerationName(KernelGeneration generation);

struct FeederOptions {
  std::chrono::seconds reseed_interval{60};
  bool once = false;
  bool no_credit = false;  // mix but credit 0 bits
  std::optional<int> write_wakeup_threshold_bits;  // legacy: set the kernel's threshold
  std::string proc_random_dir = "/proc/sys/kernel/random";  // injectable for tests
  std::size_t chunk_bytes = 64;  // bytes per RNDADDENTROPY: 512 bits, twice the modern pool
};

// What one RunOnce() did and what the caller should do next.
struct FeedReport {
  std::error_code fatal;   // set: stop and exit with ExitCodeFor(fatal) (77)
  std::error_code error;   // a survived run-time error (logged, counted, retried)
  bool crng_ready = false;
  bool became_ready = false;      // the first time the CRNG was seen ready: notify READY=1
  bool cycle_completed = false;   // a reseed or top-up cycle ended: status line, metrics
  bool once_done = false;         // with --once: the job is done, exit 0
  bool once_uncredited = false;   // with once_done: it ended because nothing could be credited
  bool starved = false;           // the harvester had too little tested output ready
  bool reseeded = false;          // RNDRESEEDCRNG succeeded in this run
  std::size_t fed_bytes = 0;      // bytes given to the kernel in this run
  std::uint64_t credited_bits = 0;
  int entropy_avail_bits = -1;    // the kernel's estimate after this run (-1: unknown)
  std::chrono::steady_clock::duration next_wait{};  // sleep at most this long
  bool wait_for_writable = false;  // legacy: also wake when the sink's PollFd polls POLLOUT
};

// Counters since start (survive SIGHUP).
struct FeederTotals {
  std::uint64_t fed_bytes = 0;
  std::uint64_t credited_bits = 0;
  std::uint64_t feeds = 0;           // RNDADDENTROPY calls with data
  std::uint64_t reseeds = 0;         // successful RNDRESEEDCRNG
  std::uint64_t harvest_errors = 0;
  std::uint64_t starved_runs = 0;    // runs ended early: too little tested output ready
  std::uint64_t sink_errors = 0;
  std::uint64_t credit_clamps = 0;   // a harvester claimed more than 8 bits per byte
};

// The feeding policy (see feeder.cc). Owns neither the sink nor the harvester; both must
// outlive it. Not thread-safe.
class Feeder {
 public:
  Feeder(const FeederOptions& options, KernelSink* sink, harvest::Harvester* harvester);
  ~Feeder();
  Feeder(const Feeder&) = delete;
  Feeder& operator=(const Feeder&) = delete;

  // Reads poolsize to pick the policy and, on a legacy kernel with -w, writes
  // write_wakeup_threshold. An unreadable poolsize is an error (OS error code). A threshold
  // that cannot be written (a read-only /proc/sys) is not: the kernel's own is read and used,
  // and threshold_write_error() says why for the caller's warning.
  [[nodiscard]] std::error_code Start();

  // One cycle of the policy at time `now` (a steady clock, injectable for tests).
  FeedReport RunOnce(std::chrono::steady_clock::time_point now);

  // After SIGHUP: new options (the generation stays) and a new harvester. A new reseed
  // interval applies at once: the next reseed is due one new interval after the last one.
  void Reconfigure(const FeederOptions& options, harvest::Harvester* harvester);

  KernelGeneration generation() const { return generation_; }
  int poolsize_bits() const { return poolsize_bits_; }
  int write_wakeup_threshold_bits() const { return threshold_bits_; }
  std::error_code threshold_write_error() const { return threshold_write_error_; }
  const FeederTotals& totals() const { return totals_; }

 private:
  // Harvests one chunk and hands it to the sink; false when the caller should stop the run.
  bool FeedChunk(std::size_t bytes, FeedReport* report, std::uint64_t* credited_bits);
  FeedReport RunModern(std::chrono::steady_clock::time_point now);
  FeedReport RunLegacy(std::chrono::steady_clock::time_point now);

  FeederOptions options_;
  KernelSink* sink_;
  harvest::Harvester* harvester_;
  KernelGeneration generation_ = KernelGeneration::kModern;
  int poolsize_bits_ = 0;
  int threshold_bits_ = 0;
  std::error_code threshold_write_error_;
  bool seen_ready_ = false;
  bool first_reseed_done_ = false;
  std::chrono::steady_clock::time_point next_reseed_{};
  std::chrono::steady_clock::time_point last_reseed_{};
  std::vector<std::uint8_t> chunk_;
  FeederTotals totals_;
};

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_FEEDER_H_
