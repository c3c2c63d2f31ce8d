// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_TESTS_SUPPORT_FAKE_HARVESTER_H_
#define CHURN_TESTS_SUPPORT_FAKE_HARVESTER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "harvest/harvester.h"

namespace churn::testing {

// A scripted harvest::Harvester: fills the output with a counter pattern (never all zero) and
// claims `credit_bits_per_byte` for it, which may be set above 8 to check that callers clamp.
// Sources are names with states; Quarantine(), Recover() and FailNext() script failures
// mid-run. With no healthy source Harvest() says kNotReady, as the real harvester does.
// Not thread-safe.
class FakeHarvester final : public harvest::Harvester {
 public:
  FakeHarvester(std::vector<std::string> sources, double credit_bits_per_byte);

  std::error_code Harvest(std::span<std::uint8_t> out, std::uint64_t* entropy_bits) override;
  void Take(std::span<std::uint8_t> out, std::chrono::milliseconds max_wait, std::size_t* taken,
            std::uint64_t* entropy_bits) override;
  bool WaitForStartup(std::chrono::milliseconds) override { return true; }
  std::error_code StartupVerdict() const override;
  void ReopenAbsent() override { ++reopen_calls_; }
  void Step() override {}
  bool AnyUsable() const override;
  std::vector<harvest::SourceStats> Stats() const override;

  // Marks a source quarantined (counting an RCT failure). When none is left healthy, Harvest()
  // fails with HarvestErrc::kNotReady and AnyUsable() is false.
  void Quarantine(const std::string& name);
  // Marks a source healthy again.
  void Recover(const std::string& name);
  // The next `count` Harvest() calls fail with `error` (a survivable error unless it is
  // kNoUsableSource).
  void FailNext(std::error_code error, int count = 1) {
    error_ = error;
    failures_left_ = count;
  }
  void set_credit_bits_per_byte(double bits) { credit_bits_per_byte_ = bits; }
  int harvest_calls() const { return harvest_calls_; }
  int reopen_calls() const { return reopen_calls_; }

 private:
  std::vector<harvest::SourceStats> stats_;
  double credit_bits_per_byte_;
  std::error_code error_;
  int failures_left_ = 0;
  int harvest_calls_ = 0;
  int reopen_calls_ = 0;
  std::uint8_t counter_ = 1;
};

}  // namespace churn::testing

#endif  // CHURN_TESTS_SUPPORT_FAKE_HARVESTER_H_
