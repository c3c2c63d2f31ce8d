// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "tests/support/fake_entropy_source.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "harvest/errors.h"

namespace churn::testing {
namespace {

std::uint64_t Mix(std::uint64_t z) {  // splitmix64's finaliser
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

struct FakeEntropySource::Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool interrupted = false;
};

FakeEntropySource::FakeEntropySource(std::string name, std::size_t sample_bytes, Script script)
    : name_(std::move(name)),
      sample_bytes_(sample_bytes),
      script_(std::move(script)),
      gate_(std::make_shared<Gate>()) {}

void FakeEntropySource::Interrupt() {
  std::lock_guard lock(gate_->mu);
  gate_->interrupted = true;
  gate_->cv.notify_all();
}

bool FakeEntropySource::interrupted() const {
  std::lock_guard lock(gate_->mu);
  return gate_->interrupted;
}

bool FakeEntropySource::TimeIdenticalWork(std::span<std::uint64_t> deltas) {
  if (!timings_) return false;
  for (std::uint64_t& d : deltas) d = timings_(timing_index_++);
  return true;
}

FakeEntropySource::Timings FakeEntropySource::JitteryTimings(std::uint64_t seed) {
  return [seed](std::uint64_t i) {
    const std::uint64_t r = Mix(seed ^ Mix(i)) % 100;
    return r < 75 ? std::uint64_t{189} : r < 97 ? std::uint64_t{168} : std::uint64_t{210};
  };
}

std::error_code FakeEntropySource::Read(std::span<std::uint8_t> out, std::size_t* bytes_read) {
  *bytes_read = 0;
  if (blocking_) {
    std::unique_lock lock(gate_->mu);
    gate_->cv.wait(lock, [&] { return gate_->interrupted; });
    return {};
  }
  if (next_ >= end_after_) return harvest::HarvestErrc::kEndOfData;
  std::size_t samples = std::min(out.size() / sample_bytes_, samples_per_read_);
  samples = static_cast<std::size_t>(std::min<std::uint64_t>(samples, end_after_ - next_));
  for (std::size_t s = 0; s < samples; ++s) {
    const std::uint64_t value = script_(next_++);
    for (std::size_t b = 0; b < sample_bytes_; ++b) {
      out[s * sample_bytes_ + b] = static_cast<std::uint8_t>(value >> (8 * b));
    }
  }
  *bytes_read = samples * sample_bytes_;
  return {};
}

FakeEntropySource::Script FakeEntropySource::Healthy(std::uint64_t seed) {
  return [seed](std::uint64_t i) { return Mix(seed ^ Mix(i)); };
}

FakeEntropySource::Script FakeEntropySource::Stuck(std::uint64_t value) {
  return [value](std::uint64_t) { return value; };
}

FakeEntropySource::Script FakeEntropySource::Repeating(std::vector<std::uint64_t> pattern) {
  return [pattern = std::move(pattern)](std::uint64_t i) { return pattern[i % pattern.size()]; };
}

FakeEntropySource::Script FakeEntropySource::Biased(std::uint64_t common, std::uint64_t period,
                                                    std::uint64_t seed) {
  return [=](std::uint64_t i) { return i % period == period - 1 ? Mix(seed ^ i) : common; };
}

FakeEntropySource::Script FakeEntropySource::StuckRun(std::uint64_t seed, std::uint64_t begin,
                                                      std::uint64_t length, std::uint64_t value) {
  return [=](std::uint64_t i) {
    return i >= begin && i < begin + length ? value : Mix(seed ^ Mix(i));
  };
}

ReplayCycleCounter::ReplayCycleCounter(std::vector<std::uint64_t> values, bool wrap_raw)
    : state_(std::make_shared<State>()) {
  state_->values = std::move(values);
  state_->wrap_raw = wrap_raw;
}

ReplayCycleCounter ReplayCycleCounter::FromDeltas(std::vector<std::uint64_t> deltas) {
  std::vector<std::uint64_t> values;
  std::uint64_t t = 0;
  for (const std::uint64_t d : deltas) values.push_back(t += d);
  return ReplayCycleCounter(std::move(values));
}

std::uint64_t ReplayCycleCounter::operator()() const {
  State& s = *state_;
  ++s.reads;
  const std::uint64_t value = s.values[s.pos] + s.offset;
  if (++s.pos == s.values.size()) {
    s.pos = 0;
    if (!s.wrap_raw) s.offset += s.values.back();
  }
  return value;
}

}  // namespace churn::testing
