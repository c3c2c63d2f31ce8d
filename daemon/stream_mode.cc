// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include <signal.h>

#include <atomic>
#include <cstdio>

#include "daemon/errors.h"
#include "daemon/log.h"
#include "daemon/service.h"
#include "harvest/stream.h"

namespace churn::daemon {
namespace {

// Set by SIGINT/SIGTERM; lock-free, so storing it is async-signal-safe.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnStopSignal(int) { g_stop.store(true, std::memory_order_relaxed); }

}  // namespace

int RunStreamMode(const Config& config) {
  SetLogTarget(LogTarget::kStderr);
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A closed pipe must come back as EPIPE, which ends the stream cleanly.
  signal(SIGPIPE, SIG_IGN);

  const std::error_code ec = harvest::RunStream(config.stream, g_stop);
  if (!ec) return kExitOk;
  const int code = ExitCodeFor(ec);
  Log(LogLevel::kError, "stream: %s", ec.message().c_str());
  return code == kExitOk ? kExitFailure : code;
}

}  // namespace churn::daemon
