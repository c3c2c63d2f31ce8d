// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/pidfile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "daemon/errors.h"

namespace churn::daemon {
namespace {

pid_t ReadPid(int fd) {
  char text[32] = {};
  const ssize_t n = pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return 0;
  return static_cast<pid_t>(std::strtol(text, nullptr, 10));
}

}  // namespace

std::error_code Pidfile::Acquire(const std::string& path, std::unique_ptr<Pidfile>* out,
                                 pid_t* holder) {
  *holder = 0;
  constexpr int kFlags = O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
  int fd = open(path.c_str(), kFlags, 0644);
  const std::string default_directory(kDefaultPidfileDirectory);
  if (fd < 0 && errno == ENOENT && path.size() > default_directory.size() &&
      path.compare(0, default_directory.size() + 1, default_directory + "/") == 0 &&
      path.find('/', default_directory.size() + 1) == std::string::npos) {
    // /run/churnd does not survive a reboot: a churnd started by the init script or by hand
    // creates it (churnd.service's RuntimeDirectory= does under systemd). Only this one
    // directory: a mistyped --pidfile elsewhere stays an error.
    if (mkdir(default_directory.c_str(), 0755) != 0 && errno != EEXIST) {
      return {errno, std::system_category()};
    }
    fd = open(path.c_str(), kFlags, 0644);
  }
  if (fd < 0) return {errno, std::system_category()};
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int saved = errno;
    if (saved == EWOULDBLOCK) *holder = ReadPid(fd);
    close(fd);
    if (saved == EWOULDBLOCK) return DaemonErrc::kAlreadyRunning;
    return {saved, std::system_category()};
  }
  out->reset(new Pidfile(path, fd));
  return {};
}

std::error_code Pidfile::WritePid(pid_t pid) {
  const std::string text = std::to_string(pid) + "\n";
  if (ftruncate(fd_, 0) != 0) return {errno, std::system_category()};
  const ssize_t n = pwrite(fd_, text.data(), text.size(), 0);
  if (n < 0) return {errno, std::system_category()};
  if (static_cast<std::size_t>(n) != text.size()) return std::make_error_code(std::errc::io_error);
  owner_ = pid;
  return {};
}

Pidfile::~Pidfile() {
  // Unlink while still holding the lock, so no other churnd can lock the file being removed.
  if (owner_ != 0 && owner_ == getpid()) unlink(path_.c_str());
  close(fd_);
}

}  // namespace churn::daemon
