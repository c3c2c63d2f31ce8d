// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_SERVICE_H_
#define CHURN_DAEMON_SERVICE_H_

#include <string>
#include <vector>

#include "daemon/config.h"

namespace churn::daemon {

// Runs churnd as a service (or with --once): checks CAP_SYS_ADMIN, locks the pidfile,
// daemonises unless -F/--once (the parent exits with the start-up result), builds the
// harvester and feeds the kernel until SIGTERM/SIGINT. SIGHUP re-reads `args` and the config
// file and reopens the sources; SIGUSR1 logs per-source statistics. Returns the exit code
// (see errors.h). `args` are kept for SIGHUP.
int RunDaemon(const std::vector<std::string>& args, const Config& config);

// Runs stream mode (-n): random bytes to a file or stdout until the size is reached, the
// reader goes away or SIGINT/SIGTERM arrives. Returns the exit code.
int RunStreamMode(const Config& config);

// The whole program: parses the options and dispatches. Returns the exit code.
int ChurndMain(int argc, char** argv);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_SERVICE_H_
