// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_NOTIFY_H_
#define CHURN_DAEMON_NOTIFY_H_

#include <string>
#include <system_error>

namespace churn::daemon {

// Sends `state` (e.g. "READY=1", "STOPPING=1", "STATUS=...") to the service manager over the
// datagram socket named by $NOTIFY_SOCKET (a path, or "@name" for the abstract namespace), as
// sd_notify(3) does, without libsystemd. Without $NOTIFY_SOCKET it does nothing and succeeds.
// OS errors in system_category. Thread-safe.
[[nodiscard]] std::error_code NotifyServiceManager(const std::string& state);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_NOTIFY_H_
