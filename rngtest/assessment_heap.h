// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The memory set-up of a process that runs the SP 800-90B assessment (churn-rngtest with
// --suite sp800-90b or sp800-90b-iid, churn-90b-assess).
#ifndef CHURN_RNGTEST_ASSESSMENT_HEAP_H_
#define CHURN_RNGTEST_ASSESSMENT_HEAP_H_

#include <cstddef>

namespace churn::stats {

// What PrepareAssessmentHeap did.
enum class AssessmentHeap {
  kUnchanged,       // not glibc's allocator (a sanitizer's, or another libc): nothing done
  kKept,            // blocks up to 32 MiB come from one heap that is never trimmed
  kKeptHugePages,   // and the heap's first `reserve_bytes` are marked for huge pages
};

// The estimators' tables (1,000,000 samples: about 25 MB in all, the largest 8 MB) are
// allocated, filled in random order and freed one estimator after another. With glibc's
// defaults each large table is a fresh mmap, so every estimator pays its page faults again,
// and each 4 KiB page costs a TLB entry. This asks glibc malloc (mallopt) to
//   - use one arena for all threads (M_ARENA_MAX 1), so the estimator thread allocates
//     from the same heap as the rest;
//   - keep blocks up to 32 MiB on that heap (M_MMAP_THRESHOLD, glibc's largest) and never
//     give its top back (M_TRIM_THRESHOLD), so freed tables are reused, not faulted in again;
// and grows the heap once by `reserve_bytes` (virtual memory only: nothing is touched) and
// marks that range for transparent huge pages (madvise MADV_HUGEPAGE), which Linux honours
// when /sys/kernel/mm/transparent_hugepage/enabled is "always" or "madvise" (Debian's
// default). Measured on 1,000,000 samples: about 8-12% less CPU for the ten estimators
// (README, "SP 800-90B").
// Call it first thing in main, before any thread starts. Memory freed later stays with the
// process until it exits (at most its peak). Not thread-safe.
AssessmentHeap PrepareAssessmentHeap(std::size_t reserve_bytes);

// PrepareAssessmentHeap's reserve in churn-rngtest and churn-90b-assess: 256 MiB of address
// space, the tables of about ten million samples.
inline constexpr std::size_t kAssessmentHeapReserve = std::size_t{256} << 20;

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_ASSESSMENT_HEAP_H_
