// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_CYCLE_COUNTER_H_
#define CHURN_HARVEST_CYCLE_COUNTER_H_

#include <cstdint>
#include <functional>
#include <utility>

namespace churn::harvest {

// Reads the fastest free-running counter of this CPU: RDTSC on x86-64, CNTVCT_EL0 on aarch64,
// clock_gettime(CLOCK_MONOTONIC_RAW) in nanoseconds elsewhere. Units are counter ticks; only
// differences are meaningful. Thread-safe, never fails.
std::uint64_t ReadCycleCounter() noexcept;

// "rdtsc", "cntvct_el0" or "clock_gettime", for reports.
const char* CycleCounterName() noexcept;

// The real counter as a callable, the default template argument of timed loops.
struct CycleCounter {
  std::uint64_t operator()() const noexcept { return ReadCycleCounter(); }
};

// Any callable as a counter (tests replay recorded or shaped values through it).
class FunctionCounter {
 public:
  explicit FunctionCounter(std::function<std::uint64_t()> fn) : fn_(std::move(fn)) {}
  std::uint64_t operator()() const { return fn_(); }

 private:
  std::function<std::uint64_t()> fn_;
};

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_CYCLE_COUNTER_H_
