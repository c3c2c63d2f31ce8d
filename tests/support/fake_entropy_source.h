// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_TESTS_SUPPORT_FAKE_ENTROPY_SOURCE_H_
#define CHURN_TESTS_SUPPORT_FAKE_ENTROPY_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "harvest/entropy_source.h"

namespace churn::testing {

// A scripted noise source: sample i (counted from 0 over the source's life) is `script(i)`,
// truncated to `sample_bytes` little-endian bytes. Faults are scripted with the setters, which
// must be called before the source is handed to a harvester. Read() and Interrupt() may run in
// different threads; the rest is not thread-safe.
class FakeEntropySource final : public harvest::EntropySource {
 public:
  using Script = std::function<std::uint64_t(std::uint64_t index)>;
  // Identical-work timing i (for TimeIdenticalWork), counted over the source's life.
  using Timings = std::function<std::uint64_t(std::uint64_t index)>;
  FakeEntropySource(std::string name, std::size_t sample_bytes, Script script);

  std::string_view Name() const override { return name_; }
  std::size_t SampleBytes() const override { return sample_bytes_; }
  [[nodiscard]] std::error_code Read(std::span<std::uint8_t> out,
                                     std::size_t* bytes_read) override;
  bool TimeIdenticalWork(std::span<std::uint64_t> deltas) override;
  void Interrupt() override;

  // At most this many samples per Read() (0: silent, every read returns nothing).
  void set_samples_per_read(std::size_t n) { samples_per_read_ = n; }
  // After `samples` samples every read is end of file (HarvestErrc::kEndOfData).
  void set_end_after(std::uint64_t samples) { end_after_ = samples; }
  // Every Read() blocks until Interrupt() is called, then returns nothing.
  void set_blocking(bool blocking) { blocking_ = blocking; }
  // Makes the source a timer: TimeIdenticalWork returns these timings.
  void set_timings(Timings timings) { timings_ = std::move(timings); }
  // Timings of a counter that is a function of the work (an instruction-counted TSC):
  // identical work, identical timing.
  static Timings DeterministicTimings(std::uint64_t ticks) {
    return [ticks](std::uint64_t) { return ticks; };
  }
  // Timings spread as physical jitter spreads them (measured on KVM: 75 % on one value, the
  // rest on neighbours), drawn from a fixed seed.
  static Timings JitteryTimings(std::uint64_t seed);

  // Samples handed out so far.
  std::uint64_t samples_read() const { return next_; }
  bool interrupted() const;

  // Scripts: distinct-looking values (a 64-bit mix of the index); a stuck value; a repeating
  // pattern; a biased source (value `common` except every `period`-th sample).
  static Script Healthy(std::uint64_t seed);
  static Script Stuck(std::uint64_t value);
  static Script Repeating(std::vector<std::uint64_t> pattern);
  static Script Biased(std::uint64_t common, std::uint64_t period, std::uint64_t seed);
  // Healthy, except samples in [begin, begin + length) are `value`.
  static Script StuckRun(std::uint64_t seed, std::uint64_t begin, std::uint64_t length,
                         std::uint64_t value);

 private:
  std::string name_;
  std::size_t sample_bytes_;
  Script script_;
  std::uint64_t next_ = 0;
  std::size_t samples_per_read_ = static_cast<std::size_t>(-1);
  std::uint64_t end_after_ = static_cast<std::uint64_t>(-1);
  bool blocking_ = false;
  Timings timings_;
  std::uint64_t timing_index_ = 0;
  struct Gate;
  std::shared_ptr<Gate> gate_;
};

// A cycle counter that replays values: recorded ones, or shaped ones built from deltas.
// Copies share one position, so it can be handed to a FunctionCounter by value.
class ReplayCycleCounter {
 public:
  // Replays `values` in order, then starts again from the first (keeping time monotonic by
  // adding the span of the recording on each wrap unless `wrap_raw` is true).
  explicit ReplayCycleCounter(std::vector<std::uint64_t> values, bool wrap_raw = false);
  // Counter values accumulating `deltas` cyclically from 0.
  static ReplayCycleCounter FromDeltas(std::vector<std::uint64_t> deltas);
  static ReplayCycleCounter Stuck(std::uint64_t value) { return ReplayCycleCounter({value}, true); }

  std::uint64_t operator()() const;
  std::uint64_t reads() const { return state_->reads; }

 private:
  struct State {
    std::vector<std::uint64_t> values;
    bool wrap_raw = false;
    std::size_t pos = 0;
    std::uint64_t offset = 0;
    std::uint64_t reads = 0;
  };
  std::shared_ptr<State> state_;
};

}  // namespace churn::testing

#endif  // CHURN_TESTS_SUPPORT_FAKE_ENTROPY_SOURCE_H_
