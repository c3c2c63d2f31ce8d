// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The streaming loop of churn-rngtest: reads the input in large chunks, tests every whole
// 2,500-byte block in order, echoes passed blocks in pipe mode, dumps statistics when asked,
// and decides the exit status. Memory use is constant (one read buffer, one write buffer).
#ifndef CHURN_RNGTEST_RNGTEST_DRIVER_H_
#define CHURN_RNGTEST_RNGTEST_DRIVER_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "rngtest/rngtest_exit.h"
#include "rngtest/rngtest_options.h"
#include "rngtest/rngtest_report.h"

namespace churn::stats {

// Files read in order as one stream; "-" (or no file at all) is standard input. Each file is
// opened when the previous one ends. Not thread-safe.
class RngtestInput {
 public:
  explicit RngtestInput(std::vector<std::string> paths);
  ~RngtestInput();
  RngtestInput(const RngtestInput&) = delete;
  RngtestInput& operator=(const RngtestInput&) = delete;

  // Reads up to buf.size() bytes. Sets `got` (0 only when every input is exhausted). EINTR
  // is retried unless `stop` is set, in which case it returns with got = 0 and no error.
  // On failure returns the errno as a system error; `what()` then names the file.
  [[nodiscard]] std::error_code Read(std::span<std::uint8_t> buf, std::size_t& got,
                                     const std::atomic<bool>* stop);

  // The file being read ("stdin" for standard input), for error messages.
  [[nodiscard]] const std::string& current_name() const { return name_; }

 private:
  [[nodiscard]] std::error_code OpenNext();

  std::vector<std::string> paths_;
  std::size_t next_ = 0;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::string name_;
};

// Where the driver's text goes: stderr lines (messages and statistics) and stdout (JSON).
struct RngtestSinks {
  std::function<void(std::string_view)> err;
  std::function<void(std::string_view)> json;
};

// Runs the whole test over `input`. `out_fd` receives passed blocks in pipe mode (writes
// retry EINTR; a failed write such as EPIPE ends the run with kRngtestExitIo). `stop` is set
// by the SIGINT/SIGTERM handler: the run ends after the current block, statistics are
// dumped, and the exit status is decided by the blocks tested so far, as in rngtest.
// `start` is when the program started (for "Program run time"). Returns the exit status.
int RunRngtest(const RngtestOptions& options, RngtestInput& input, int out_fd,
               const RngtestSinks& sinks, const std::atomic<bool>* stop,
               std::chrono::steady_clock::time_point start,
               std::string_view prefix = "churn-rngtest: ");

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_RNGTEST_DRIVER_H_
