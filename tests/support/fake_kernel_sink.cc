// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "tests/support/fake_kernel_sink.h"

#include <algorithm>
#include <cerrno>

#include "daemon/errors.h"

namespace churn::testing {

FakeKernelSink FakeKernelSink::Modern(bool crng_ready, int ready_after_bits) {
  FakeKernelSink sink;
  sink.crng_ready_ = crng_ready;
  sink.ready_after_bits_ = ready_after_bits;
  sink.pool_bits_ = 256;
  sink.avail_bits_ = crng_ready ? 256 : 0;
  return sink;
}

FakeKernelSink FakeKernelSink::Legacy(int entropy_avail_bits, int pool_bits) {
  FakeKernelSink sink;
  sink.legacy_ = true;
  sink.crng_ready_ = true;
  sink.pool_bits_ = pool_bits;
  sink.avail_bits_ = entropy_avail_bits;
  return sink;
}

std::error_code FakeKernelSink::AddEntropy(std::span<const std::uint8_t> bytes,
                                           std::uint32_t credited_bits) {
  // The same contract as the real sink: never more than 8 bits per byte.
  if (credited_bits > 8 * bytes.size()) return daemon::DaemonErrc::kCreditTooHigh;
  if (add_failures_left_ > 0) {
    --add_failures_left_;
    return add_error_;
  }
  calls_.push_back({bytes.size(), credited_bits, crng_ready_});
  saw_nonzero_byte_ = saw_nonzero_byte_ ||
                      std::any_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b; });
  total_credited_bits_ += credited_bits;
  const int credit = static_cast<int>(credited_bits);
  avail_bits_ = std::min(pool_bits_, avail_bits_ + credit);
  if (!legacy_ && !crng_ready_ && total_credited_bits_ >= static_cast<std::uint64_t>(
                                                              ready_after_bits_)) {
    crng_ready_ = true;
    avail_bits_ = 256;
  }
  return {};
}

std::error_code FakeKernelSink::EntropyAvail(int* bits) {
  *bits = avail_bits_;
  return {};
}

std::error_code FakeKernelSink::ReseedCrng(bool* reseeded) {
  ++reseed_requests_;
  *reseeded = crng_ready_;
  if (crng_ready_) ++reseeds_;
  return {};
}

std::error_code FakeKernelSink::CrngReady(bool* ready) {
  *ready = crng_ready_;
  return {};
}

}  // namespace churn::testing
