// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// log-sink SOCKET FILE: a stand-in for syslog's /dev/log in the churnd system tests. Binds an
// AF_UNIX datagram socket at SOCKET (which the test bind-mounts over /dev/log in a private
// mount namespace) and appends every datagram received, one per line, to FILE, until SIGTERM.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: log-sink SOCKET FILE\n");
    return 64;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (std::strlen(argv[1]) >= sizeof address.sun_path) {
    std::fprintf(stderr, "log-sink: socket path too long\n");
    return 64;
  }
  std::strcpy(address.sun_path, argv[1]);
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  unlink(argv[1]);
  if (fd < 0 || bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    std::fprintf(stderr, "log-sink: %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  std::FILE* out = std::fopen(argv[2], "a");
  if (out == nullptr) {
    std::fprintf(stderr, "log-sink: %s: %s\n", argv[2], std::strerror(errno));
    return 1;
  }
  std::signal(SIGTERM, [](int) { _exit(0); });
  char buffer[8192];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return 1;
    std::fwrite(buffer, 1, static_cast<std::size_t>(n), out);
    std::fputc('\n', out);
    std::fflush(out);
  }
}
