// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_STREAM_H_
#define CHURN_HARVEST_STREAM_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "harvest/harvester.h"

namespace churn::harvest {

enum class StreamMode {
  kDrbg,         // conditioned entropy expanded by an SP 800-90A DRBG (the default)
  kFullEntropy,  // conditioned blocks only
  kRaw,          // one source's unconditioned raw samples
};

// The longest a stream takes to notice `stop` (one harvester wait).
inline constexpr std::chrono::milliseconds kStreamStopLatency{100};

struct StreamOptions {
  std::uint64_t size_bytes = 0;   // 0: until stopped
  std::string path = "-";         // "-": standard output
  StreamMode mode = StreamMode::kDrbg;
  std::string raw_source;         // with kRaw: the source whose raw samples are written
  // With kRaw and > 0: restart the source this many times (a fresh instance and a fresh
  // start-up each time) and write one row of size_bytes per start: the input of the
  // SP 800-90B restart test (section 3.1.4).
  std::uint32_t restarts = 0;
  HarvesterConfig harvester;      // which sources, and their claims
};

// Writes random bytes as `churnd -n` does. Returns an empty error code on success, including
// when the reader closed the pipe (EPIPE) or `stop` became true (SIGINT/SIGTERM): the caller
// exits 0. `stop` is honoured within kStreamStopLatency whatever the sources do and even when
// the output blocks (a full pipe, a FIFO without reader), provided the signal that sets it
// interrupts the blocked write() or open() (installed without SA_RESTART; the harvester's
// threads block signals so they reach the caller's thread). HarvestErrc::kNoUsableSource →
// exit 69, HarvestErrc::kSelfTestFailed → exit 70; in raw mode a source that stalls
// (kStalled), vanishes (kEndOfData) or is quarantined (kHealthTestFailed) after start-up ends
// the run (exit 69); other errors are OS errors in system_category. Nothing that failed a test
// is written, and no start-up sample.
// The caller ignores SIGPIPE (churnd does, at start-up), so that a closed pipe surfaces as
// EPIPE from write() instead of killing the process; the library leaves signal dispositions
// alone.
[[nodiscard]] std::error_code RunStream(const StreamOptions& options,
                                        const std::atomic<bool>& stop);

// Builds a harvester for a configuration (MakeHarvester in production; tests hand in fakes).
using HarvesterFactory =
    std::function<std::error_code(const HarvesterConfig& config, std::unique_ptr<Harvester>* out)>;

// RunStream over harvesters made by `make` (raw mode calls it once per row).
[[nodiscard]] std::error_code RunStreamWith(const StreamOptions& options,
                                            const std::atomic<bool>& stop,
                                            const HarvesterFactory& make);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_STREAM_H_
