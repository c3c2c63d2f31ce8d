// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The only file that includes <linux/random.h>. RNDADDENTROPY takes a struct rand_pool_info
// (two ints, then the payload) from user memory. Rather than allocate that flexible-array
// struct, the sink keeps one std::vector<std::uint32_t>: element 0 is entropy_count (the
// credit in bits), element 1 buf_size (payload bytes), the payload follows. The vector is
// 4-byte aligned, as the struct is, grows only when a larger payload arrives, and is wiped
// with explicit_bzero after every call, so no entropy stays behind in our memory.
// The kernel does not check the credit against the data: we do, never above 8 bits per byte.
#include "daemon/kernel_sink.h"

#include <fcntl.h>
#include <linux/random.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>
#include <string.h>  // explicit_bzero
#include <vector>

#include "daemon/errors.h"

namespace churn::daemon {
namespace {

// The header layout this file relies on, checked against the kernel's definition.
constexpr std::size_t kHeaderWords = 2;
static_assert(offsetof(rand_pool_info, entropy_count) == 0);
static_assert(offsetof(rand_pool_info, buf_size) == sizeof(std::uint32_t));
static_assert(offsetof(rand_pool_info, buf) == kHeaderWords * sizeof(std::uint32_t));
static_assert(sizeof(int) == sizeof(std::uint32_t));
static_assert(alignof(rand_pool_info) <= alignof(std::uint32_t));

std::error_code Errno() { return {errno, std::system_category()}; }

class RealKernelSink final : public KernelSink {
 public:
  RealKernelSink(int fd, bool allow_credit) : fd_(fd), allow_credit_(allow_credit) {}
  ~RealKernelSink() override {
    if (!buffer_.empty()) explicit_bzero(buffer_.data(), buffer_.size() * sizeof buffer_[0]);
    close(fd_);
  }
  RealKernelSink(const RealKernelSink&) = delete;
  RealKernelSink& operator=(const RealKernelSink&) = delete;

  std::error_code AddEntropy(std::span<const std::uint8_t> bytes,
                             std::uint32_t credited_bits) override {
    if (bytes.size() > INT_MAX / 8 || credited_bits > 8 * bytes.size()) {
      return DaemonErrc::kCreditTooHigh;
    }
    if (credited_bits != 0 && !allow_credit_) return DaemonErrc::kCreditRefused;
    const std::size_t words = kHeaderWords + (bytes.size() + 3) / 4;
    if (buffer_.size() < words) {
      // The old buffer was wiped after its last use, so dropping it leaks nothing.
      std::vector<std::uint32_t> larger(words);
      buffer_.swap(larger);
    }
    const int entropy_count = static_cast<int>(credited_bits);
    const int buf_size = static_cast<int>(bytes.size());
    std::memcpy(&buffer_[0], &entropy_count, sizeof entropy_count);
    std::memcpy(&buffer_[1], &buf_size, sizeof buf_size);
    if (!bytes.empty()) std::memcpy(&buffer_[kHeaderWords], bytes.data(), bytes.size());
    const int rc = ioctl(fd_, RNDADDENTROPY, buffer_.data());
    const int saved_errno = errno;
    explicit_bzero(buffer_.data(), words * sizeof buffer_[0]);
    if (rc != 0) return {saved_errno, std::system_category()};
    return {};
  }

  std::error_code EntropyAvail(int* bits) override {
    int count = 0;
    if (ioctl(fd_, RNDGETENTCNT, &count) != 0) return Errno();
    *bits = count;
    return {};
  }

  std::error_code ReseedCrng(bool* reseeded) override {
    *reseeded = false;
    if (ioctl(fd_, RNDRESEEDCRNG) != 0) {
      if (errno == ENODATA) return {};  // the CRNG is not ready yet: expected
      return Errno();
    }
    *reseeded = true;
    return {};
  }

  std::error_code CrngReady(bool* ready) override { return CrngReadyNow(ready); }

  int PollFd() const override { return fd_; }

 private:
  int fd_;
  bool allow_credit_;
  std::vector<std::uint32_t> buffer_;
};

}  // namespace

std::error_code CrngReadyNow(bool* ready) {
  std::uint8_t byte = 0;
  ssize_t n;
  do {
    n = getrandom(&byte, 1, GRND_NONBLOCK);
  } while (n < 0 && errno == EINTR);
  explicit_bzero(&byte, sizeof byte);
  if (n == 1) {
    *ready = true;
    return {};
  }
  if (n < 0 && errno == EAGAIN) {
    *ready = false;
    return {};
  }
  return n < 0 ? Errno() : std::make_error_code(std::errc::io_error);
}

std::error_code OpenKernelSink(const KernelSinkOptions& options,
                               std::unique_ptr<KernelSink>* out) {
  const int fd = open(options.device_path.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return Errno();
  // Only the kernel's /dev/random, character device 1:8 (Documentation/admin-guide/
  // devices.txt), takes RNDADDENTROPY and polls writable only when the pool wants data. A
  // distribution's symlink to /dev/urandom (1:9, always writable) would have a legacy-kernel
  // feeder wake at once forever; anything else is not a random device at all.
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != 1 ||
      minor(st.st_rdev) != 8) {
    close(fd);
    return DaemonErrc::kNotRandomDevice;
  }
  *out = std::make_unique<RealKernelSink>(fd, options.allow_credit);
  return {};
}

}  // namespace churn::daemon
