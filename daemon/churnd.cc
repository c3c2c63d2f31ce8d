// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include <cstdio>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/errors.h"
#include "daemon/probe.h"
#include "daemon/service.h"

namespace churn::daemon {

int ChurndMain(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  Config config;
  std::string message;
  if (auto ec = ParseConfig(args, &config, &message)) {
    std::fprintf(stderr, "churnd: %s (see churnd --help)\n", message.c_str());
    return ExitCodeFor(ec);
  }
  if (config.show_help) {
    std::fputs(config.help_text.c_str(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
  }
  if (config.show_version) {
    std::puts("churnd " CHURN_VERSION);
    return kExitOk;
  }
  if (config.probe) return RunProbe(config);  // before -n: --probe never writes a stream
  if (config.stream_mode) return RunStreamMode(config);
  return RunDaemon(args, config);
}

}  // namespace churn::daemon
