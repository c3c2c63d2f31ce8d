// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Counts many FIPS 140-2 blocks at once, on two threads when the machine has two CPUs. The
// counts of each block are independent of every other block (only the continuous test links
// blocks, and it stays with the caller), so splitting a batch cannot change a verdict.
#ifndef CHURN_RNGTEST_RNGTEST_COUNTER_H_
#define CHURN_RNGTEST_RNGTEST_COUNTER_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include <pthread.h>
#include <span>

#include "stats/fips140.h"

namespace churn::stats {

class BlockCounter {
 public:
  // `threads` = 1 counts on the calling thread only; 2 adds one worker thread. 0 picks 2
  // when at least two CPUs are available to this process.
  explicit BlockCounter(unsigned threads = 0);
  ~BlockCounter();
  BlockCounter(const BlockCounter&) = delete;
  BlockCounter& operator=(const BlockCounter&) = delete;

  // out[i] = CountFips140Block(block i of `data`), for data.size() / 2500 blocks (out must
  // hold that many). Blocks until all are counted. Call from one thread at a time.
  void Count(std::span<const std::uint8_t> data, std::span<Fips140Counts> out);

  [[nodiscard]] unsigned threads() const { return has_worker_ ? 2 : 1; }

 private:
  static void* WorkerMain(void* self);
  void WorkerLoop();

  // pthread rather than std::thread: a failure to start the worker is an error code we
  // survive (counting on one thread), not an exception.
  pthread_t worker_{};
  bool has_worker_ = false;
  std::mutex mutex_;
  std::condition_variable cv_;
  const std::uint8_t* job_data_ = nullptr;  // guarded by mutex_
  Fips140Counts* job_out_ = nullptr;
  std::size_t job_blocks_ = 0;
  bool job_pending_ = false;
  bool job_done_ = false;
  bool quit_ = false;
};

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_RNGTEST_COUNTER_H_
