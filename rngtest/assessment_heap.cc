// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors

#include "rngtest/assessment_heap.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace churn::stats {

AssessmentHeap PrepareAssessmentHeap(std::size_t reserve_bytes) {
#if defined(__GLIBC__)
  constexpr int kMmapThreshold = 32 << 20;  // glibc refuses more on 64-bit
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  // mallopt returns 0 when it refuses (or when a sanitizer's allocator stands in for it).
  if (mallopt(M_ARENA_MAX, 1) == 0 || mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 0 ||
      mallopt(M_TRIM_THRESHOLD, 1 << 30) == 0) {
    return AssessmentHeap::kUnchanged;
  }
  if (reserve_bytes == 0 || reserve_bytes > (std::size_t{1} << 30)) return AssessmentHeap::kKept;
  // One block larger than any free space makes malloc grow the heap (sbrk) by the block plus
  // M_TOP_PAD; freeing it leaves the whole range to later blocks.
  // Addresses as integers: the heap's ends and the block are not one object, so their
  // pointers would not compare in C++.
  void* const initial_break = sbrk(0);
  const auto before = reinterpret_cast<std::uintptr_t>(initial_break);
  mallopt(M_TOP_PAD, static_cast<int>(reserve_bytes));
  void* const probe = std::malloc(std::size_t{1} << 20);
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  mallopt(M_TOP_PAD, 128 << 10);  // glibc's default
  AssessmentHeap done = AssessmentHeap::kKept;
  const auto block = reinterpret_cast<std::uintptr_t>(probe);
  // The block lies on the heap if the heap grew for it: it starts in the old top (below
  // `before` when the heap already had some free space) and ends in the new part.
  if (probe != nullptr && initial_break != reinterpret_cast<void*>(-1) && after > before &&
      block < after && block + (std::uintptr_t{1} << 20) > before) {
    // Whole huge pages from the block on: the heap below it already holds live data.
    const std::uintptr_t first = (block + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t last = after & ~(kHugePage - 1);
    if (last > first &&
        madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE) == 0) {
      done = AssessmentHeap::kKeptHugePages;
    }
  }
  std::free(probe);
  return done;
#else
  (void)reserve_bytes;
  return AssessmentHeap::kUnchanged;
#endif
}

}  // namespace churn::stats
