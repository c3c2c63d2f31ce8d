// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/feed_loop.h"

#include <signal.h>

#include <algorithm>

#include "daemon/errors.h"

namespace churn::daemon {

int RunFeedLoop(Feeder* feeder, SignalSource* signals,
                const std::function<std::chrono::steady_clock::time_point()>& now,
                const FeedLoopHooks& hooks) {
  using std::chrono::milliseconds;
  for (;;) {
    const auto started = now();
    const FeedReport report = feeder->RunOnce(started);
    int exit_code = kExitOk;
    if (hooks.on_report && hooks.on_report(report, &exit_code)) return exit_code;
    const auto deadline = started + report.next_wait;
    for (;;) {
      const auto left = std::chrono::ceil<milliseconds>(deadline - now());
      bool writable = false;
      const int signo = signals->Wait(std::max(left, milliseconds(0)),
                                      report.wait_for_writable ? hooks.writable_fd : -1,
                                      &writable);
      if (signo == SIGTERM || signo == SIGINT) {
        if (hooks.on_stop) hooks.on_stop(signo);
        return kExitOk;
      }
      if (signo == SIGHUP) {
        if (hooks.on_reload) hooks.on_reload();
        break;  // a reload may have shortened the interval: run the feeder now
      }
      if (signo == SIGUSR1) {
        if (hooks.on_statistics) hooks.on_statistics();
        continue;
      }
      if (writable || now() >= deadline) break;
    }
  }
}

}  // namespace churn::daemon
