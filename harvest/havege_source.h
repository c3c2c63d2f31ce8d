// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_HAVEGE_SOURCE_H_
#define CHURN_HARVEST_HAVEGE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include "harvest/cpu_features.h"
#include "harvest/cycle_counter.h"
#include "harvest/entropy_source.h"

namespace churn::harvest {

// Number of table steps timed per raw sample.
inline constexpr int kHavegeStepsPerSample = 8;
// Distinct code paths the walk jumps between (an upper bound; the L1i size picks how many run).
inline constexpr int kHavegeMaxCodePaths = 128;

// The HAVEGE-style CPU-jitter source; see havege_source.cc for the noise model. One raw sample
// is one byte: the low 8 bits of the counter difference across kHavegeStepsPerSample steps of
// a data-dependent walk. `Counter` is a callable returning std::uint64_t: CycleCounter in
// production, FunctionCounter in tests (both instantiated in havege_source.cc, which is the
// only file built with the pinned flags).
template <typename Counter>
class HavegeSourceT final : public EntropySource {
 public:
  // Tables sized from `caches` (the data table is twice L1d so the walk misses it; the number
  // of code paths is chosen so their code spans about L1i).
  HavegeSourceT(CacheSizes caches, Counter counter);

  std::string_view Name() const override { return "havege"; }
  std::size_t SampleBytes() const override { return 1; }

  // Always fills all of `out`. Fails with HarvestErrc::kDeviceError (discarding the chunk) when
  // the counter ran backwards, which a working counter never does.
  [[nodiscard]] std::error_code Read(std::span<std::uint8_t> out,
                                     std::size_t* bytes_read) override;

  // Times kHavegeStepsPerSample walk steps over a private 4 KiB table restored to the same
  // contents before each repetition, from the same starting word: the same addresses and the
  // same branches every time. Always true.
  bool TimeIdenticalWork(std::span<std::uint64_t> deltas) override;

  std::size_t table_words() const { return table_.size(); }
  int code_paths() const { return code_paths_; }

 private:
  Counter counter_;
  std::vector<std::uint32_t> table_;
  std::uint32_t mask_ = 0;
  int code_paths_ = 0;
  std::uint32_t state_ = 0;
  std::vector<std::uint32_t> fixed_table_;  // the identical work's table, restored each time
  std::vector<std::uint32_t> fixed_init_;
};

using HavegeSource = HavegeSourceT<CycleCounter>;

extern template class HavegeSourceT<CycleCounter>;
extern template class HavegeSourceT<FunctionCounter>;

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_HAVEGE_SOURCE_H_
