// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_HWRNG_SOURCE_H_
#define CHURN_HARVEST_HWRNG_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "harvest/entropy_source.h"

namespace churn::harvest {

// The kernel's hardware RNG character device (/dev/hwrng: virtio-rng, TPM, SoC RNGs). Raw
// sample: one byte. Reads are non-blocking, so a slow device (virtio-rng gives ~10 KiB/s)
// never holds up the other sources: the harvester takes what is ready and moves on.
class HwrngSource final : public EntropySource {
 public:
  // Opens `path` read-only, non-blocking. Errors are the OS's (ENOENT when the kernel has no
  // hwrng driver, EACCES, ...) in system_category.
  [[nodiscard]] static std::error_code Open(const std::string& path,
                                            std::unique_ptr<HwrngSource>* out);
  // Takes ownership of an open descriptor (a seam for tests: pipes, ptys). It should be
  // non-blocking for the no-throttling guarantee to hold.
  static std::unique_ptr<HwrngSource> FromFd(int fd);
  ~HwrngSource() override;
  HwrngSource(const HwrngSource&) = delete;
  HwrngSource& operator=(const HwrngSource&) = delete;

  std::string_view Name() const override { return "hwrng"; }
  std::size_t SampleBytes() const override { return 1; }

  // One read(2): a short read returns what came; EAGAIN and EINTR return 0 bytes and success;
  // end of file (/dev/null, a drained file, a FIFO whose writer left) is
  // HarvestErrc::kEndOfData; EIO and other errors are system_category errors, nothing read.
  [[nodiscard]] std::error_code Read(std::span<std::uint8_t> out,
                                     std::size_t* bytes_read) override;

 private:
  explicit HwrngSource(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_HWRNG_SOURCE_H_
