// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_KERNEL_SINK_H_
#define CHURN_DAEMON_KERNEL_SINK_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <system_error>

namespace churn::daemon {

// Where churnd's entropy goes: the kernel's input pool. One real implementation
// (OpenKernelSink, the only code that includes <linux/random.h>) and a recording fake in
// tests/support. Not thread-safe: one thread drives a sink.
class KernelSink {
 public:
  virtual ~KernelSink() = default;

  // Mixes `bytes` into the input pool and credits `credited_bits` of entropy for them
  // (RNDADDENTROPY). Fails with DaemonErrc::kCreditTooHigh, without touching the kernel, when
  // `credited_bits` exceeds 8 bits per byte; EPERM without CAP_SYS_ADMIN. An empty `bytes`
  // with 0 credit is a harmless permission probe. No fallback to write(): an error is returned.
  [[nodiscard]] virtual std::error_code AddEntropy(std::span<const std::uint8_t> bytes,
                                                   std::uint32_t credited_bits) = 0;

  // The kernel's entropy estimate in bits (RNDGETENTCNT; needs no privilege). On kernels 5.18
  // and later it stays 256 once the CRNG is ready.
  [[nodiscard]] virtual std::error_code EntropyAvail(int* bits) = 0;

  // Asks the CRNG to reseed from the input pool now (RNDRESEEDCRNG). Sets `*reseeded` false
  // and returns success on ENODATA, which the kernel answers before the CRNG is ready.
  [[nodiscard]] virtual std::error_code ReseedCrng(bool* reseeded) = 0;

  // Whether the kernel's CRNG has been seeded: getrandom(GRND_NONBLOCK) does not fail with
  // EAGAIN. The byte it reads is wiped.
  [[nodiscard]] virtual std::error_code CrngReady(bool* ready) = 0;

  // A descriptor that polls POLLOUT when a legacy kernel wants entropy, or -1 (fakes).
  virtual int PollFd() const { return -1; }
};

struct KernelSinkOptions {
  std::string device_path = "/dev/random";
  // False makes AddEntropy refuse any non-zero credit (DaemonErrc::kCreditRefused) before the
  // ioctl: churnd --no-credit and every test build their sink this way.
  bool allow_credit = true;
};

// Whether the kernel's CRNG is seeded now, without a device: getrandom(GRND_NONBLOCK) of one
// byte (wiped) succeeds, or fails with EAGAIN before seeding. Other OS errors are returned.
[[nodiscard]] std::error_code CrngReadyNow(bool* ready);

// Opens the real sink on `options.device_path` (O_RDWR). OS errors in system_category;
// DaemonErrc::kNotRandomDevice when the path is anything but the character device 1:8.
[[nodiscard]] std::error_code OpenKernelSink(const KernelSinkOptions& options,
                                             std::unique_ptr<KernelSink>* out);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_KERNEL_SINK_H_
