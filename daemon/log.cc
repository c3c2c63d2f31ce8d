// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/log.h"

#include <syslog.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace churn::daemon {
namespace {

// The harvester's collector threads log too, while the main thread may be switching the
// target (daemonising): the settings are atomics and openlog() runs once.
std::atomic<LogTarget> g_target{LogTarget::kStderr};
std::atomic<bool> g_stderr_unusable{false};
std::once_flag g_syslog_once;

void OpenSyslog() {
  std::call_once(g_syslog_once, [] { openlog("churnd", LOG_PID | LOG_NDELAY, LOG_DAEMON); });
}

int SyslogPriority(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return LOG_ERR;
    case LogLevel::kWarning:
      return LOG_WARNING;
    case LogLevel::kNotice:
      return LOG_NOTICE;
    case LogLevel::kInfo:
      return LOG_INFO;
    case LogLevel::kDebug:
      return LOG_DEBUG;
  }
  return LOG_INFO;
}

}  // namespace

void SetLogTarget(LogTarget target) {
  g_target = target;
  if (target != LogTarget::kStderr || g_stderr_unusable) OpenSyslog();
}

void UseSyslogForStderr() {
  g_stderr_unusable = true;
  OpenSyslog();
}

LogTarget CurrentLogTarget() { return g_target; }

void Log(LogLevel level, const char* format, ...) {
  char line[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  const LogTarget target = g_target.load();
  const bool stderr_unusable = g_stderr_unusable.load();
  const bool to_syslog = target != LogTarget::kStderr || stderr_unusable;
  const bool to_stderr = target != LogTarget::kSyslog && !stderr_unusable;
  if (to_syslog) {
    OpenSyslog();
    syslog(SyslogPriority(level), "%s", line);
  }
  if (to_stderr) std::fprintf(stderr, "churnd: %s\n", line);
}

bool RateLimiter::Allow(const std::string& key, std::chrono::steady_clock::time_point now,
                        std::uint64_t* suppressed) {
  Bucket& bucket = buckets_[key];
  if (bucket.used == 0 || now - bucket.window_start >= window_) {
    bucket.window_start = now;
    bucket.used = 0;
  }
  if (bucket.used < burst_) {
    ++bucket.used;
    *suppressed = bucket.suppressed;
    bucket.suppressed = 0;
    return true;
  }
  ++bucket.suppressed;
  *suppressed = 0;
  return false;
}

}  // namespace churn::daemon
