// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-rngtest: a drop-in replacement for rngtest (rng-tools-debian 2.3). See
// contrib/man/churn-rngtest.1 and rngtest/rngtest_driver.h.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "rngtest/assessment_heap.h"
#include "rngtest/rngtest_driver.h"
#include "rngtest/rngtest_options.h"

#ifndef CHURN_VERSION
#define CHURN_VERSION "unknown"
#endif

namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int /*signal*/) { g_stop.store(true, std::memory_order_relaxed); }

// Writes all of `text`; on failure returns the errno (0 on success). EAGAIN on a
// non-blocking descriptor is waited out with poll, as rngtest waits.
int WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        pollfd p{fd, POLLOUT, 0};
        (void)::poll(&p, 1, 100);
        continue;
      }
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// The first error writing the JSON report to stdout (0 if none).
int g_json_errno = 0;

// SIGINT/SIGTERM end the run after the current block (no SA_RESTART, so a blocked read
// returns); SIGPIPE is ignored so a vanished reader of -p output is a write error we report.
bool InstallSignalHandlers() {
  struct sigaction action {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = OnStopSignal;
  struct sigaction ignore {};
  sigemptyset(&ignore.sa_mask);
  ignore.sa_handler = SIG_IGN;
  return sigaction(SIGINT, &action, nullptr) == 0 && sigaction(SIGTERM, &action, nullptr) == 0 &&
         sigaction(SIGPIPE, &ignore, nullptr) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  namespace stats = churn::stats;
  const auto start = std::chrono::steady_clock::now();
  // Installed as rngtest (a symlink or a Debian alternative), rngtest's own prefix, so that
  // scripts grepping "rngtest: FIPS 140-2 successes" keep working.
  const char* slash = argc > 0 ? std::strrchr(argv[0], '/') : nullptr;
  const std::string_view invoked = argc > 0 ? (slash != nullptr ? slash + 1 : argv[0]) : "";
  const std::string_view prefix = invoked == "rngtest" ? "rngtest: " : "churn-rngtest: ";

  stats::RngtestOptions options;
  stats::RngtestAction action = stats::RngtestAction::kRun;
  std::string message;
  if (stats::ParseRngtestOptions({argv, static_cast<std::size_t>(argc)}, options, action,
                                 message)) {
    WriteAll(STDERR_FILENO, std::string(prefix) + message +
                                "\nTry 'churn-rngtest --help' for more information.\n");
    return stats::kRngtestExitUsage;
  }
  switch (action) {
    case stats::RngtestAction::kHelp:
      return WriteAll(STDOUT_FILENO, stats::RngtestHelpText()) == 0 ? 0 : stats::kRngtestExitIo;
    case stats::RngtestAction::kUsage:
      return WriteAll(STDOUT_FILENO, stats::RngtestUsageText()) == 0 ? 0 : stats::kRngtestExitIo;
    case stats::RngtestAction::kVersion:
      return WriteAll(STDOUT_FILENO, "churn-rngtest " CHURN_VERSION "\n") == 0
                 ? 0
                 : stats::kRngtestExitIo;
    case stats::RngtestAction::kRun:
      break;
  }
  // Before the reader and estimator threads start: the estimators' tables then reuse one
  // heap on huge pages (assessment_heap.h).
  if (options.suite.Samples()) (void)stats::PrepareAssessmentHeap(stats::kAssessmentHeapReserve);

  if (!options.pipe_mode) {
    WriteAll(STDERR_FILENO, "churn-rngtest " CHURN_VERSION
                            "\nCopyright 2026 The churn Authors. Apache License 2.0.\n\n");
  }
  if (!InstallSignalHandlers()) {
    WriteAll(STDERR_FILENO, std::string(prefix) + "unable to install signal handlers: " +
                                std::strerror(errno) + "\n");
    return stats::kRngtestExitOs;
  }
  if (!options.pipe_mode) WriteAll(STDERR_FILENO, std::string(prefix) + "starting FIPS tests...\n");

  stats::RngtestInput input(options.inputs);
  const stats::RngtestSinks sinks{
      [](std::string_view text) { WriteAll(STDERR_FILENO, text); },
      [](std::string_view text) {
        if (g_json_errno == 0) g_json_errno = WriteAll(STDOUT_FILENO, text);
      },
  };
  const int status = stats::RunRngtest(options, input, STDOUT_FILENO, sinks, &g_stop, start, prefix);
  // A report that could not be written (a closed stdout, /dev/full) is an output error.
  if (g_json_errno != 0) {
    WriteAll(STDERR_FILENO, std::string(prefix) + "error writing to output: " +
                                std::strerror(g_json_errno) + "\n");
    return stats::kRngtestExitIo;
  }
  return status;
}
