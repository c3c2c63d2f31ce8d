// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace churn::daemon {

std::error_code NotifyServiceManager(const std::string& state) {
  const char* name = std::getenv("NOTIFY_SOCKET");
  if (name == nullptr || name[0] == '\0') return {};
  const std::size_t length = std::strlen(name);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if ((name[0] != '/' && name[0] != '@') || length >= sizeof address.sun_path) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  std::memcpy(address.sun_path, name, length);
  if (name[0] == '@') address.sun_path[0] = '\0';  // the abstract namespace
  // An abstract address is exactly as long as its name; a path one includes the NUL.
  const auto address_length = static_cast<socklen_t>(
      offsetof(sockaddr_un, sun_path) + length + (name[0] == '@' ? 0 : 1));

  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return {errno, std::system_category()};
  const ssize_t sent = sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                              reinterpret_cast<const sockaddr*>(&address), address_length);
  const int saved = errno;
  close(fd);
  if (sent < 0) return {saved, std::system_category()};
  return {};
}

}  // namespace churn::daemon
