// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// PrepareAssessmentHeap against the real allocator and kernel: after it, large blocks (as the
// SP 800-90B estimators' tables) come from the process heap, from every thread, on a range
// the kernel has marked for transparent huge pages. ctest runs each test in its own
// process, so the allocator settings do not leak into other tests.
#include "rngtest/assessment_heap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace churn::stats {
namespace {

// The mapping of /proc/self/smaps that holds `p`: its name ("[heap]", a path or empty) and
// its VmFlags line. Empty name and flags when none holds it.
struct Mapping {
  bool found = false;
  std::string name;
  std::string flags;
};

Mapping MappingOf(const void* p) {
  const auto addr = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  Mapping m;
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::istringstream fields(line);
    std::string first;
    fields >> first;
    const auto dash = first.find('-');
    if (dash != std::string::npos && first.find(':') == std::string::npos) {
      const std::uintptr_t lo = std::stoull(first.substr(0, dash), nullptr, 16);
      const std::uintptr_t hi = std::stoull(first.substr(dash + 1), nullptr, 16);
      inside = addr >= lo && addr < hi;
      if (inside) {
        std::string perms, offset, dev, inode;
        fields >> perms >> offset >> dev >> inode;
        m.found = true;
        m.name.clear();
        fields >> m.name;
      }
    } else if (inside && first == "VmFlags:") {
      m.flags = line.substr(line.find(':') + 1) + " ";
      return m;
    }
  }
  return m;
}

std::string TransparentHugePages() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(f, line);
  return line;
}

TEST(AssessmentHeap, LargeBlocksFromEveryThreadComeFromTheHeapOnHugePages) {
  const AssessmentHeap done = PrepareAssessmentHeap(std::size_t{64} << 20);
  if (done == AssessmentHeap::kUnchanged) {
    GTEST_SKIP() << "not glibc's allocator (a sanitizer's stands in): nothing was set up";
  }
  // A kernel built with transparent huge pages takes the advice whatever its current
  // setting ("never" only stops it from acting on it); one without refuses it.
  const std::string thp = TransparentHugePages();
  EXPECT_EQ(done, thp.empty() ? AssessmentHeap::kKept : AssessmentHeap::kKeptHugePages)
      << "transparent_hugepage/enabled: " << thp;

  // An 8 MB table (glibc's default would map it on its own, then unmap it on free).
  constexpr std::size_t kTable = std::size_t{8} << 20;
  void* const table = std::malloc(kTable);
  ASSERT_NE(table, nullptr);
  std::memset(table, 1, kTable);
  // Its middle: the range marked for huge pages starts at the first 2 MiB boundary.
  const Mapping m = MappingOf(static_cast<const char*>(table) + kTable / 2);
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.name, "[heap]");
  if (done == AssessmentHeap::kKeptHugePages) {
    EXPECT_NE(m.flags.find(" hg "), std::string::npos) << "VmFlags:" << m.flags;
  }
  std::free(table);

  // The estimators run on their own thread: its tables come from the same heap.
  Mapping from_thread;
  std::thread worker([&] {
    void* const t = std::malloc(kTable / 2);
    if (t != nullptr) std::memset(t, 2, kTable / 2);
    from_thread = MappingOf(t);
    std::free(t);
  });
  worker.join();
  ASSERT_TRUE(from_thread.found);
  EXPECT_EQ(from_thread.name, "[heap]");
}

TEST(AssessmentHeap, AZeroReserveOnlyKeepsBlocksOnTheHeap) {
  const AssessmentHeap done = PrepareAssessmentHeap(0);
  if (done == AssessmentHeap::kUnchanged) {
    GTEST_SKIP() << "not glibc's allocator (a sanitizer's stands in): nothing was set up";
  }
  EXPECT_EQ(done, AssessmentHeap::kKept);
  void* const table = std::malloc(std::size_t{4} << 20);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(MappingOf(table).name, "[heap]");
  std::free(table);
}

}  // namespace
}  // namespace churn::stats
