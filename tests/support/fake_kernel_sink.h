// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_TESTS_SUPPORT_FAKE_KERNEL_SINK_H_
#define CHURN_TESTS_SUPPORT_FAKE_KERNEL_SINK_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include "daemon/kernel_sink.h"

namespace churn::testing {

// A recording KernelSink that models the kernel's pool without touching it.
//   modern: the CRNG becomes ready once `ready_after_bits` have been credited; entropy_avail
//     counts credits up to 256 and then stays 256; RNDRESEEDCRNG answers ENODATA (reseeded
//     false) before readiness.
//   legacy: entropy_avail rises with credits up to `pool_bits`; Drain() takes bits out.
// Errors can be injected for the next calls. Not thread-safe.
class FakeKernelSink final : public daemon::KernelSink {
 public:
  struct Call {
    std::size_t bytes = 0;
    std::uint32_t credited_bits = 0;
    bool crng_ready_before = false;
  };

  static FakeKernelSink Modern(bool crng_ready, int ready_after_bits = 256);
  static FakeKernelSink Legacy(int entropy_avail_bits, int pool_bits = 4096);

  std::error_code AddEntropy(std::span<const std::uint8_t> bytes,
                             std::uint32_t credited_bits) override;
  std::error_code EntropyAvail(int* bits) override;
  std::error_code ReseedCrng(bool* reseeded) override;
  std::error_code CrngReady(bool* ready) override;

  // Failures for the next `count` AddEntropy calls.
  void FailAddEntropy(std::error_code error, int count = 1) {
    add_error_ = error;
    add_failures_left_ = count;
  }
  void Drain(int bits) { avail_bits_ = avail_bits_ > bits ? avail_bits_ - bits : 0; }

  const std::vector<Call>& calls() const { return calls_; }
  int reseed_requests() const { return reseed_requests_; }
  int reseeds() const { return reseeds_; }
  bool crng_ready() const { return crng_ready_; }
  std::uint64_t total_credited_bits() const { return total_credited_bits_; }
  bool bytes_were_nonzero() const { return saw_nonzero_byte_; }

 private:
  bool legacy_ = false;
  bool crng_ready_ = false;
  int ready_after_bits_ = 256;
  int pool_bits_ = 256;
  int avail_bits_ = 0;
  std::uint64_t total_credited_bits_ = 0;
  std::vector<Call> calls_;
  int reseed_requests_ = 0;
  int reseeds_ = 0;
  std::error_code add_error_;
  int add_failures_left_ = 0;
  bool saw_nonzero_byte_ = false;
};

}  // namespace churn::testing

#endif  // CHURN_TESTS_SUPPORT_FAKE_KERNEL_SINK_H_
