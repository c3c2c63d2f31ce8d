// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/cycle_counter.h"

#include <time.h>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace churn::harvest {

std::uint64_t ReadCycleCounter() noexcept {
#if defined(__x86_64__)
  // Plain RDTSC, not RDTSCP or a fenced read: the out-of-order noise around the read is part
  // of what the jitter source samples.
  return __rdtsc();
#elif defined(__aarch64__)
  std::uint64_t value;
  asm volatile("mrs %0, cntvct_el0" : "=r"(value));
  return value;
#else
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
#endif
}

const char* CycleCounterName() noexcept {
#if defined(__x86_64__)
  return "rdtsc";
#elif defined(__aarch64__)
  return "cntvct_el0";
#else
  return "clock_gettime";
#endif
}

}  // namespace churn::harvest
