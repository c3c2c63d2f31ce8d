// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_PIDFILE_H_
#define CHURN_DAEMON_PIDFILE_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <system_error>

namespace churn::daemon {

// The directory of churnd's default pidfile (Config's kDefaultPidfile): on tmpfs, so created
// at start when missing.
inline constexpr const char* kDefaultPidfileDirectory = "/run/churnd";

// A pidfile held with an exclusive flock() for the life of the process, so a second churnd
// with the same pidfile refuses to start and a stale file left by a killed churnd (its lock
// died with it) is simply taken over. The lock belongs to the open file description, so it
// survives fork(): acquire it before daemonising. Not thread-safe.
class Pidfile {
 public:
  // Opens (creating, mode 0644) and locks `path`; a missing kDefaultPidfileDirectory is
  // created (mode 0755) for a pidfile directly inside it. When another process holds the lock, returns
  // DaemonErrc::kAlreadyRunning and sets `*holder` to the pid written in the file (0 if none).
  // Other failures are OS errors.
  [[nodiscard]] static std::error_code Acquire(const std::string& path,
                                               std::unique_ptr<Pidfile>* out, pid_t* holder);

  // Replaces the file's contents with `pid` and a newline, and remembers `pid` as the owner.
  [[nodiscard]] std::error_code WritePid(pid_t pid);

  // In the owning process: removes the file, then releases the lock. In any other process
  // (the parent of a daemonising fork) it only closes the descriptor.
  ~Pidfile();

  Pidfile(const Pidfile&) = delete;
  Pidfile& operator=(const Pidfile&) = delete;

  const std::string& path() const { return path_; }

 private:
  Pidfile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
  pid_t owner_ = 0;
};

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_PIDFILE_H_
