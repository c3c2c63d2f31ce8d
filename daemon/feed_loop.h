// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_FEED_LOOP_H_
#define CHURN_DAEMON_FEED_LOOP_H_

#include <chrono>
#include <functional>

#include "daemon/feeder.h"

namespace churn::daemon {

// Where the service loop's signals come from: a signalfd in churnd, a script in tests.
class SignalSource {
 public:
  virtual ~SignalSource() = default;
  // Waits at most `timeout` for a signal and returns its number; 0 when the timeout passed or,
  // with `writable_fd` >= 0, that descriptor polled POLLOUT (then *writable is set).
  virtual int Wait(std::chrono::milliseconds timeout, int writable_fd, bool* writable) = 0;
};

// What the service does around the loop. Each hook may be empty.
struct FeedLoopHooks {
  // After every Feeder::RunOnce: true ends the loop with *exit_code (fatal errors, --once).
  std::function<bool(const FeedReport& report, int* exit_code)> on_report;
  std::function<void(int signo)> on_stop;  // SIGTERM or SIGINT: the loop then returns 0
  std::function<void()> on_reload;         // SIGHUP; the loop then runs the feeder at once
  std::function<void()> on_statistics;     // SIGUSR1
  int writable_fd = -1;                    // legacy kernels: the sink's PollFd()
};

// The service loop: runs `feeder` when it is due (its report's next_wait, or POLLOUT on
// writable_fd when the report asks), and answers every signal as soon as SignalSource::Wait
// returns it, whatever the sources do (the harvester never blocks RunOnce). After SIGHUP the
// feeder runs at once, so a shorter reseed interval applies immediately. `now` is the clock
// (std::chrono::steady_clock::now in churnd). Returns the exit code.
int RunFeedLoop(Feeder* feeder, SignalSource* signals,
                const std::function<std::chrono::steady_clock::time_point()>& now,
                const FeedLoopHooks& hooks);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_FEED_LOOP_H_
