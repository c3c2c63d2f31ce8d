// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// libchurn_fault.so: an LD_PRELOAD shim that makes one OS call of the real churnd or
// churn-rngtest fail, so tests/fault/*.sh can check the answer (message, exit code, nothing
// credited from a failed read, nothing written lost). Test support only; never installed.
//
// CHURN_FAULT=OP:FAULT[:TARGET[:AFTER[:COUNT]]]
//   OP      read | write | open | ioctl
//   FAULT   an errno name (EINTR EAGAIN EIO ENOSPC EPIPE EPERM EINVAL ENOENT EACCES) or SHORTn:
//           the call moves at most n bytes (read and write only)
//   TARGET  fdN (that descriptor), or a substring of the path the descriptor was opened with
//           (or, for open, of the path being opened); empty: any
//   AFTER   matching calls that succeed first (default 0)
//   COUNT   faults to inject, -1 for every later call (default 1; SHORT defaults to -1)
// CHURN_FAULT_LOG=FILE appends one line per injected fault and per RNDADDENTROPY.
//
// RNDADDENTROPY never reaches the kernel while the shim is loaded: it is answered here (with
// the configured fault, or success) and logged with its byte count and credited bits, so a
// test can assert the credit without ever crediting the machine it runs on. RNDRESEEDCRNG is
// answered with success too (the tests run without CAP_SYS_ADMIN); other ioctls (RNDGETENTCNT)
// pass through.
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/random.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

enum class Op { kNone, kRead, kWrite, kOpen, kIoctl };

struct Fault {
  Op op = Op::kNone;
  int error = 0;          // errno to inject; 0 with short_bytes
  long short_bytes = 0;   // SHORTn
  int fd = -1;            // fdN
  char path[256] = {};    // path substring
  long after = 0;
  long count = 1;
};

Fault g_fault;
std::atomic<long> g_matches{0};
std::atomic<long> g_injected{0};
constexpr int kMaxFds = 4096;
std::atomic<bool> g_fd_matches[kMaxFds];

int ErrnoByName(const char* name) {
  static constexpr struct {
    const char* name;
    int value;
  } kNames[] = {{"EINTR", EINTR},   {"EAGAIN", EAGAIN}, {"EIO", EIO},       {"ENOSPC", ENOSPC},
                {"EPIPE", EPIPE},   {"EPERM", EPERM},   {"EINVAL", EINVAL}, {"ENOENT", ENOENT},
                {"EACCES", EACCES}, {"ENODATA", ENODATA}};
  for (const auto& n : kNames) {
    if (std::strcmp(n.name, name) == 0) return n.value;
  }
  return -1;
}

void Log(const char* format, ...) {
  const char* path = std::getenv("CHURN_FAULT_LOG");
  if (path == nullptr) return;
  char line[512];
  va_list args;
  va_start(args, format);
  const int len = std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  if (len <= 0) return;
  // Raw system calls: the shim's own output must not pass through its hooks.
  const long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                          0644);
  if (fd < 0) return;
  (void)syscall(SYS_write, fd, line, static_cast<std::size_t>(len) < sizeof line ? len : 511);
  (void)syscall(SYS_close, fd);
}

__attribute__((constructor)) void Configure() {
  const char* spec = std::getenv("CHURN_FAULT");
  Log("loaded pid=%d fault=%s\n", getpid(), spec ? spec : "(none)");
  if (spec == nullptr || *spec == '\0') return;
  char copy[512];
  std::snprintf(copy, sizeof copy, "%s", spec);
  char* fields[5] = {};
  int n = 0;
  for (char* p = copy; n < 5;) {
    fields[n++] = p;
    char* colon = std::strchr(p, ':');
    if (colon == nullptr) break;
    *colon = '\0';
    p = colon + 1;
  }
  const char* op = fields[0];
  g_fault.op = std::strcmp(op, "read") == 0    ? Op::kRead
               : std::strcmp(op, "write") == 0 ? Op::kWrite
               : std::strcmp(op, "open") == 0  ? Op::kOpen
               : std::strcmp(op, "ioctl") == 0 ? Op::kIoctl
                                               : Op::kNone;
  if (n > 1 && std::strncmp(fields[1], "SHORT", 5) == 0) {
    g_fault.short_bytes = std::atol(fields[1] + 5);
    g_fault.count = -1;
  } else if (n > 1) {
    g_fault.error = ErrnoByName(fields[1]);
  }
  if (n > 2 && fields[2][0] != '\0') {
    if (std::strncmp(fields[2], "fd", 2) == 0) {
      g_fault.fd = std::atoi(fields[2] + 2);
    } else {
      std::snprintf(g_fault.path, sizeof g_fault.path, "%s", fields[2]);
    }
  }
  if (n > 3) g_fault.after = std::atol(fields[3]);
  if (n > 4) g_fault.count = std::atol(fields[4]);
  if (g_fault.op == Op::kNone || (g_fault.error < 0)) {
    Log("bad CHURN_FAULT '%s'\n", spec);
    std::_Exit(125);
  }
}

template <typename F>
F Next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

bool TargetsFd(int fd) {
  if (g_fault.fd >= 0) return fd == g_fault.fd;
  if (g_fault.path[0] == '\0') return true;
  return fd >= 0 && fd < kMaxFds && g_fd_matches[fd].load(std::memory_order_relaxed);
}

// Counts a matching call and says whether to inject the fault into it.
bool Inject() {
  const long seen = g_matches.fetch_add(1);
  if (seen < g_fault.after) return false;
  if (g_fault.count >= 0 && g_injected.load() >= g_fault.count) return false;
  g_injected.fetch_add(1);
  return true;
}

void Remember(int fd, const char* path) {
  if (fd < 0 || fd >= kMaxFds) return;
  const bool match = g_fault.path[0] != '\0' && path != nullptr && std::strstr(path, g_fault.path);
  g_fd_matches[fd].store(match, std::memory_order_relaxed);
}

using OpenFn = int (*)(const char*, int, ...);

int OpenCommon(const char* name, const char* path, int flags, mode_t mode) {
  if (g_fault.op == Op::kOpen &&
      (g_fault.path[0] == '\0' || (path && std::strstr(path, g_fault.path))) && Inject()) {
    Log("open %s -> %s\n", path, strerrorname_np(g_fault.error));
    errno = g_fault.error;
    return -1;
  }
  static OpenFn real_open = Next<OpenFn>("open");
  (void)name;
  const int fd = real_open(path, flags, mode);
  Remember(fd, path);
  return fd;
}

mode_t ModeArg(int flags, va_list args) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(args, int)) : 0;
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = ModeArg(flags, args);
  va_end(args);
  return OpenCommon("open", path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = ModeArg(flags, args);
  va_end(args);
  return OpenCommon("open64", path, flags, mode);
}

int __open_2(const char* path, int flags) { return OpenCommon("__open_2", path, flags, 0); }
int __open64_2(const char* path, int flags) { return OpenCommon("__open64_2", path, flags, 0); }

ssize_t read(int fd, void* buf, size_t size) {
  static auto real_read = Next<ssize_t (*)(int, void*, size_t)>("read");
  if (g_fault.op == Op::kRead && TargetsFd(fd) && Inject()) {
    if (g_fault.short_bytes > 0) {
      return real_read(fd, buf, size < static_cast<size_t>(g_fault.short_bytes)
                                        ? size
                                        : static_cast<size_t>(g_fault.short_bytes));
    }
    Log("read fd=%d -> %s\n", fd, strerrorname_np(g_fault.error));
    errno = g_fault.error;
    return -1;
  }
  return real_read(fd, buf, size);
}

ssize_t __read_chk(int fd, void* buf, size_t size, size_t /*buflen*/) {
  return read(fd, buf, size);
}

ssize_t write(int fd, const void* buf, size_t size) {
  static auto real_write = Next<ssize_t (*)(int, const void*, size_t)>("write");
  if (g_fault.op == Op::kWrite && TargetsFd(fd) && Inject()) {
    if (g_fault.short_bytes > 0) {
      return real_write(fd, buf, size < static_cast<size_t>(g_fault.short_bytes)
                                         ? size
                                         : static_cast<size_t>(g_fault.short_bytes));
    }
    Log("write fd=%d -> %s\n", fd, strerrorname_np(g_fault.error));
    errno = g_fault.error;
    return -1;
  }
  return real_write(fd, buf, size);
}

int ioctl(int fd, unsigned long request, ...) {
  va_list args;
  va_start(args, request);
  void* arg = va_arg(args, void*);
  va_end(args);
  if (request == RNDADDENTROPY) {
    const auto* info = static_cast<const rand_pool_info*>(arg);
    if (g_fault.op == Op::kIoctl && Inject()) {
      Log("RNDADDENTROPY bytes=%d bits=%d -> %s\n", info->buf_size, info->entropy_count,
          strerrorname_np(g_fault.error));
      errno = g_fault.error;
      return -1;
    }
    // Never passed on: the machine's kernel is credited nothing by a test.
    Log("RNDADDENTROPY bytes=%d bits=%d -> ok\n", info->buf_size, info->entropy_count);
    return 0;
  }
  if (request == RNDRESEEDCRNG) {
    // Needs CAP_SYS_ADMIN as well, which the tests drop: answered here too.
    Log("RNDRESEEDCRNG -> ok\n");
    return 0;
  }
  static auto real_ioctl = Next<int (*)(int, unsigned long, ...)>("ioctl");
  return real_ioctl(fd, request, arg);
}

}  // extern "C"
