// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "rngtest/rngtest_counter.h"

#include <sched.h>

namespace churn::stats {
namespace {

// Below this a hand-off costs more than it saves (a block takes about 2 µs).
constexpr std::size_t kMinBlocksToSplit = 16;

void CountRange(const std::uint8_t* data, std::size_t blocks, Fips140Counts* out) {
  for (std::size_t i = 0; i < blocks; ++i) {
    out[i] = CountFips140Block(Fips140Block(data + i * kFips140BlockBytes, kFips140BlockBytes));
  }
}

unsigned UsableCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return static_cast<unsigned>(CPU_COUNT(&set));
}

}  // namespace

BlockCounter::BlockCounter(unsigned threads) {
  if (threads == 0) threads = UsableCpus() >= 2 ? 2 : 1;
  if (threads >= 2) has_worker_ = pthread_create(&worker_, nullptr, &WorkerMain, this) == 0;
}

void* BlockCounter::WorkerMain(void* self) {
  static_cast<BlockCounter*>(self)->WorkerLoop();
  return nullptr;
}

BlockCounter::~BlockCounter() {
  if (has_worker_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    cv_.notify_all();
    pthread_join(worker_, nullptr);
  }
}

void BlockCounter::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    cv_.wait(lock, [this] { return job_pending_ || quit_; });
    if (quit_) return;
    const std::uint8_t* data = job_data_;
    Fips140Counts* out = job_out_;
    const std::size_t blocks = job_blocks_;
    job_pending_ = false;
    lock.unlock();
    CountRange(data, blocks, out);
    lock.lock();
    job_done_ = true;
    cv_.notify_all();
  }
}

void BlockCounter::Count(std::span<const std::uint8_t> data, std::span<Fips140Counts> out) {
  const std::size_t blocks = data.size() / kFips140BlockBytes;
  if (!has_worker_ || blocks < kMinBlocksToSplit) {
    CountRange(data.data(), blocks, out.data());
    return;
  }
  // The worker takes the second half; this thread the first.
  const std::size_t first = blocks / 2;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_data_ = data.data() + first * kFips140BlockBytes;
    job_out_ = out.data() + first;
    job_blocks_ = blocks - first;
    job_pending_ = true;
    job_done_ = false;
  }
  cv_.notify_all();
  CountRange(data.data(), first, out.data());
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait(lock, [this] { return job_done_; });
}

}  // namespace churn::stats
