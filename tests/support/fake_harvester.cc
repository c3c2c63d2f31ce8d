// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "tests/support/fake_harvester.h"

#include <algorithm>

#include "harvest/errors.h"

namespace churn::testing {

FakeHarvester::FakeHarvester(std::vector<std::string> sources, double credit_bits_per_byte)
    : credit_bits_per_byte_(credit_bits_per_byte) {
  for (auto& name : sources) {
    harvest::SourceStats s;
    s.name = std::move(name);
    s.state = harvest::SourceState::kHealthy;
    s.claim_bits_per_sample = credit_bits_per_byte;
    stats_.push_back(std::move(s));
  }
}

std::error_code FakeHarvester::Harvest(std::span<std::uint8_t> out, std::uint64_t* entropy_bits) {
  ++harvest_calls_;
  *entropy_bits = 0;
  if (!AnyUsable()) return harvest::HarvestErrc::kNotReady;
  if (failures_left_ > 0) {
    --failures_left_;
    return error_;
  }
  for (auto& b : out) {
    b = counter_;
    counter_ = static_cast<std::uint8_t>(counter_ == 255 ? 1 : counter_ + 1);
  }
  const auto bits = static_cast<std::uint64_t>(credit_bits_per_byte_ *
                                               static_cast<double>(out.size()));
  *entropy_bits = bits;
  // Attribute the output to the healthy sources in turn.
  std::size_t healthy = 0;
  for (const auto& s : stats_) healthy += s.state == harvest::SourceState::kHealthy ? 1 : 0;
  for (auto& s : stats_) {
    if (s.state != harvest::SourceState::kHealthy) continue;
    s.raw_bytes += 2 * out.size() / healthy;
    s.output_bytes += out.size() / healthy;
    s.credited_bits += bits / healthy;
  }
  return {};
}

bool FakeHarvester::AnyUsable() const {
  return std::any_of(stats_.begin(), stats_.end(), [](const harvest::SourceStats& s) {
    return s.state == harvest::SourceState::kHealthy;
  });
}

std::vector<harvest::SourceStats> FakeHarvester::Stats() const { return stats_; }

void FakeHarvester::Take(std::span<std::uint8_t> out, std::chrono::milliseconds,
                         std::size_t* taken, std::uint64_t* entropy_bits) {
  *taken = 0;
  if (!Harvest(out, entropy_bits)) *taken = out.size();
}

std::error_code FakeHarvester::StartupVerdict() const {
  return AnyUsable() ? std::error_code() : make_error_code(harvest::HarvestErrc::kNoUsableSource);
}

void FakeHarvester::Recover(const std::string& name) {
  for (auto& s : stats_) {
    if (s.name == name) s.state = harvest::SourceState::kHealthy;
  }
}

void FakeHarvester::Quarantine(const std::string& name) {
  for (auto& s : stats_) {
    if (s.name == name) {
      s.state = harvest::SourceState::kQuarantined;
      ++s.rct_failures;
      ++s.quarantines;
    }
  }
}

}  // namespace churn::testing
