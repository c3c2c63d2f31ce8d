// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churnd's entry point. Before anything is opened, descriptors 0-2 are made valid (on
// /dev/null when closed), so no later open() can become "stderr" and fill with log lines; a
// stderr that is /dev/null (or was closed) sends the log to syslog instead. In daemon mode
// every inherited descriptor from 3 up is closed (an open pipe from a package manager's
// maintainer script would otherwise keep it waiting for EOF), and the metrics path is tried
// once so that an unwritable one fails start-up with one line instead of a log line per
// interval.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/errors.h"
#include "daemon/log.h"
#include "daemon/metrics.h"
#include "daemon/probe.h"
#include "daemon/service.h"

namespace churn::daemon {
namespace {

// /dev/null is the character device 1:3 on Linux (Documentation/admin-guide/devices.txt).
bool IsDevNull(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 &&
         minor(st.st_rdev) == 3;
}

// Returns false when stderr was closed or is /dev/null: nobody would read it.
bool OpenStandardDescriptors() {
  bool stderr_usable = true;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // open() returns the lowest free descriptor: this one.
    const int null_fd = open("/dev/null", O_RDWR);
    if (null_fd != fd && null_fd >= 0) close(null_fd);
    if (fd == STDERR_FILENO) stderr_usable = false;
  }
  return stderr_usable && !IsDevNull(STDERR_FILENO);
}

void CloseInheritedDescriptors() {
  // close_range(2) since Linux 5.9 / glibc 2.34; older kernels: walk the usual range.
  if (close_range(3, ~0U, 0) == 0) return;
  const long max_fd = sysconf(_SC_OPEN_MAX);
  for (long fd = 3; fd < (max_fd > 0 ? max_fd : 1024); ++fd) close(static_cast<int>(fd));
}

}  // namespace

int ChurndMain(int argc, char** argv) {
  if (!OpenStandardDescriptors()) UseSyslogForStderr();
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  Config config;
  std::string message;
  if (auto ec = ParseConfig(args, &config, &message)) {
    Log(LogLevel::kError, "%s (see churnd --help)", message.c_str());
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
  if (config.check_config) {
    std::printf("churnd: configuration valid (%s%s)\n", config.config_path.c_str(),
                access(config.config_path.c_str(), F_OK) == 0 ? "" : " absent: defaults");
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
  }
  if (config.probe) return RunProbe(config);  // before -n: --probe never writes a stream
  if (config.stream_mode) return RunStreamMode(config);

  CloseInheritedDescriptors();
  if (!config.metrics_path.empty()) {
    if (auto ec = CheckWritable(config.metrics_path)) {
      Log(LogLevel::kError, "metrics: cannot write '%s': %s",
          QuoteForMessage(config.metrics_path, 256).c_str(), ec.message().c_str());
      return kExitFailure;
    }
  }
  return RunDaemon(config.canonical_args, config);
}

}  // namespace churn::daemon
