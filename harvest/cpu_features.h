// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_CPU_FEATURES_H_
#define CHURN_HARVEST_CPU_FEATURES_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace churn::harvest {

struct CpuFeatures {
  bool rdrand = false;
  bool rdseed = false;
};

// CPUID bits of this CPU (all false off x86-64).
CpuFeatures CpuidFeatures() noexcept;

// True when the "flags" line of /proc/cpuinfo-formatted `cpuinfo_text` lists `flag` as a
// whole word.
bool CpuinfoHasFlag(std::string_view cpuinfo_text, std::string_view flag);

// An instruction is used only when CPUID reports it AND the kernel lists it in
// `cpuinfo_path` (the kernel clears flags it knows to be broken, e.g. AMD RDRAND after
// suspend, or `clearcpuid=`). An unreadable file counts as "not listed".
CpuFeatures DetectCpuFeatures(const std::string& cpuinfo_path = "/proc/cpuinfo");

struct CacheSizes {
  std::size_t l1d_bytes = 0;
  std::size_t l1i_bytes = 0;
};

// Default when neither CPUID nor sysfs answers: 32 KiB each, the common L1 size since 2006.
inline constexpr std::size_t kDefaultL1Bytes = 32 * 1024;

// L1 data and instruction cache sizes: CPUID (leaf 4 on Intel, 0x80000005 on AMD), then
// `<sysfs_cpu_root>/cpu0/cache/index*/{level,type,size}`, then kDefaultL1Bytes. Each field is
// resolved independently.
CacheSizes DetectL1CacheSizes(const std::string& sysfs_cpu_root = "/sys/devices/system/cpu");

// The two steps separately; a field is 0 when that step has no answer.
CacheSizes L1CacheSizesFromCpuid() noexcept;
CacheSizes L1CacheSizesFromSysfs(const std::string& sysfs_cpu_root);

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_CPU_FEATURES_H_
