// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_STREAM_H_
#define CHURN_HARVEST_STREAM_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <system_error>

#include "harvest/harvester.h"

namespace churn::harvest {

enum class StreamMode {
  kDrbg,         // conditioned entropy expanded by an SP 800-90A DRBG (the default)
  kFullEntropy,  // conditioned blocks only
  kRaw,          // one source's unconditioned raw samples
};

struct StreamOptions {
  std::uint64_t size_bytes = 0;   // 0: until stopped
  std::string path = "-";         // "-": standard output
  StreamMode mode = StreamMode::kDrbg;
  std::string raw_source;         // with kRaw: the source whose raw samples are written
  HarvesterConfig harvester;      // which sources, and their claims
};

// Writes random bytes as `churnd -n` does. Returns an empty error code on success, including
// when the reader closed the pipe (EPIPE) or `stop` became true (SIGINT/SIGTERM): the caller
// exits 0. HarvestErrc::kNoUsableSource → exit 69, HarvestErrc::kSelfTestFailed → exit 70;
// other errors are OS errors in system_category. Nothing that failed a test is written.
// The caller ignores SIGPIPE (churnd does, at start-up), so that a closed pipe surfaces as
// EPIPE from write() instead of killing the process; the library leaves signal dispositions
// alone.
[[nodiscard]] std::error_code RunStream(const StreamOptions& options,
                                        const std::atomic<bool>& stop);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_STREAM_H_
