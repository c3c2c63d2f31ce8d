// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/hwrng_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "harvest/errors.h"

namespace churn::harvest {

std::error_code HwrngSource::Open(const std::string& path, std::unique_ptr<HwrngSource>* out) {
  // O_NONBLOCK: the kernel's hwrng core then asks the driver for data without waiting and
  // returns EAGAIN until it has some.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return {errno, std::system_category()};
  out->reset(new HwrngSource(fd));
  return {};
}

std::unique_ptr<HwrngSource> HwrngSource::FromFd(int fd) {
  return std::unique_ptr<HwrngSource>(new HwrngSource(fd));
}

HwrngSource::~HwrngSource() { ::close(fd_); }

std::error_code HwrngSource::Read(std::span<std::uint8_t> out, std::size_t* bytes_read) {
  *bytes_read = 0;
  if (out.empty()) return {};
  const ssize_t n = ::read(fd_, out.data(), out.size());
  if (n > 0) {
    *bytes_read = static_cast<std::size_t>(n);
    return {};
  }
  if (n == 0) return HarvestErrc::kEndOfData;  // /dev/null, a drained file, a FIFO's writer gone
  if (errno == EAGAIN || errno == EINTR) return {};
  return {errno, std::system_category()};
}

}  // namespace churn::harvest
