// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_LOG_H_
#define CHURN_DAEMON_LOG_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace churn::daemon {

// kStderrAndSyslog: a daemonising churnd before it reports its start-up result, so start-up
// lines reach both the caller (the init script) and syslog.
enum class LogTarget { kStderr, kSyslog, kStderrAndSyslog };
enum class LogLevel { kError, kWarning, kNotice, kInfo, kDebug };

// Process-wide logging, the one logger of every layer (the harvester's lines come through
// ParseConfig()'s callback): stderr ("churnd: message") in the foreground, syslog (ident
// "churnd", facility daemon) once daemonised. Call SetLogTarget() before the first message of
// each mode. Thread-safe: the harvester's collector threads log while the main thread runs.
void SetLogTarget(LogTarget target);
LogTarget CurrentLogTarget();

// Says that stderr goes nowhere (it was closed, or is /dev/null): from now on every line meant
// for stderr goes to syslog instead, so nothing is written where nobody reads it.
void UseSyslogForStderr();

// Writes one line. `format` is printf-style; the line is cut at 1 KiB.
void Log(LogLevel level, const char* format, ...) __attribute__((format(printf, 2, 3)));

// Decides whether a repeating run-time error may be logged: at most `burst` lines per key in
// each `window`; the number suppressed since the last allowed line is returned through
// `*suppressed` so the next line can say how many were dropped. Not thread-safe.
class RateLimiter {
 public:
  RateLimiter(int burst, std::chrono::seconds window) : burst_(burst), window_(window) {}

  [[nodiscard]] bool Allow(const std::string& key, std::chrono::steady_clock::time_point now,
                           std::uint64_t* suppressed);

 private:
  struct Bucket {
    std::chrono::steady_clock::time_point window_start;
    int used = 0;
    std::uint64_t suppressed = 0;
  };
  int burst_;
  std::chrono::seconds window_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_LOG_H_
