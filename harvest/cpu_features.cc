// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/cpu_features.h"

#include <fstream>
#include <sstream>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace churn::harvest {
namespace {

std::string ReadSmallFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// "32K" -> 32768, "1M" -> 1048576; 0 when unparsable.
std::size_t ParseSysfsSize(const std::string& text) {
  std::size_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    value = value * 10 + static_cast<std::size_t>(text[i] - '0');
  }
  if (i < text.size() && text[i] == 'K') value *= 1024;
  if (i < text.size() && text[i] == 'M') value *= 1024 * 1024;
  return value;
}

}  // namespace

CpuFeatures CpuidFeatures() noexcept {
  CpuFeatures features;
#if defined(__x86_64__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) features.rdrand = (ecx & bit_RDRND) != 0;
  if (__get_cpuid_max(0, nullptr) >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    features.rdseed = (ebx & bit_RDSEED) != 0;
  }
#endif
  return features;
}

bool CpuinfoHasFlag(std::string_view cpuinfo_text, std::string_view flag) {
  std::size_t pos = 0;
  while (pos < cpuinfo_text.size()) {
    std::size_t end = cpuinfo_text.find('\n', pos);
    if (end == std::string_view::npos) end = cpuinfo_text.size();
    std::string_view line = cpuinfo_text.substr(pos, end - pos);
    pos = end + 1;
    if (line.substr(0, 5) != "flags") continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view words = line.substr(colon + 1);
    while (!words.empty()) {
      const std::size_t start = words.find_first_not_of(" \t");
      if (start == std::string_view::npos) break;
      words.remove_prefix(start);
      const std::size_t len = std::min(words.find_first_of(" \t"), words.size());
      if (words.substr(0, len) == flag) return true;
      words.remove_prefix(len);
    }
    return false;  // the first CPU's flags are representative
  }
  return false;
}

CpuFeatures DetectCpuFeatures(const std::string& cpuinfo_path) {
  const CpuFeatures cpuid = CpuidFeatures();
  const std::string text = ReadSmallFile(cpuinfo_path);
  CpuFeatures features;
  features.rdrand = cpuid.rdrand && CpuinfoHasFlag(text, "rdrand");
  features.rdseed = cpuid.rdseed && CpuinfoHasFlag(text, "rdseed");
  return features;
}

CacheSizes L1CacheSizesFromCpuid() noexcept {
  CacheSizes sizes;
#if defined(__x86_64__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0, nullptr) >= 4) {
    // Intel deterministic cache parameters: one sub-leaf per cache until type 0.
    for (unsigned sub = 0; sub < 16; ++sub) {
      __cpuid_count(4, sub, eax, ebx, ecx, edx);
      const unsigned type = eax & 0x1f;
      if (type == 0) break;
      const unsigned level = (eax >> 5) & 0x7;
      if (level != 1) continue;
      const std::size_t ways = ((ebx >> 22) & 0x3ff) + 1;
      const std::size_t partitions = ((ebx >> 12) & 0x3ff) + 1;
      const std::size_t line = (ebx & 0xfff) + 1;
      const std::size_t sets = static_cast<std::size_t>(ecx) + 1;
      const std::size_t bytes = ways * partitions * line * sets;
      if (type == 1) sizes.l1d_bytes = bytes;
      if (type == 2) sizes.l1i_bytes = bytes;
    }
  }
  if ((sizes.l1d_bytes == 0 || sizes.l1i_bytes == 0) &&
      static_cast<unsigned int>(__get_cpuid_max(0x80000000, nullptr)) >= 0x80000005u) {
    // AMD L1 cache identifiers: size in KiB in bits 31:24 of ECX (data) and EDX (instruction).
    __cpuid(0x80000005, eax, ebx, ecx, edx);
    if (sizes.l1d_bytes == 0) sizes.l1d_bytes = static_cast<std::size_t>(ecx >> 24) * 1024;
    if (sizes.l1i_bytes == 0) sizes.l1i_bytes = static_cast<std::size_t>(edx >> 24) * 1024;
  }
#endif
  return sizes;
}

CacheSizes L1CacheSizesFromSysfs(const std::string& sysfs_cpu_root) {
  CacheSizes sizes;
  for (int index = 0; index < 8; ++index) {
    const std::string dir = sysfs_cpu_root + "/cpu0/cache/index" + std::to_string(index) + "/";
    const std::string level = Trim(ReadSmallFile(dir + "level"));
    if (level.empty()) break;
    if (level != "1") continue;
    const std::string type = Trim(ReadSmallFile(dir + "type"));
    const std::size_t bytes = ParseSysfsSize(Trim(ReadSmallFile(dir + "size")));
    if (type == "Data") sizes.l1d_bytes = bytes;
    if (type == "Instruction") sizes.l1i_bytes = bytes;
  }
  return sizes;
}

CacheSizes DetectL1CacheSizes(const std::string& sysfs_cpu_root) {
  CacheSizes sizes = L1CacheSizesFromCpuid();
  if (sizes.l1d_bytes == 0 || sizes.l1i_bytes == 0) {
    const CacheSizes sysfs = L1CacheSizesFromSysfs(sysfs_cpu_root);
    if (sizes.l1d_bytes == 0) sizes.l1d_bytes = sysfs.l1d_bytes;
    if (sizes.l1i_bytes == 0) sizes.l1i_bytes = sysfs.l1i_bytes;
  }
  if (sizes.l1d_bytes == 0) sizes.l1d_bytes = kDefaultL1Bytes;
  if (sizes.l1i_bytes == 0) sizes.l1i_bytes = kDefaultL1Bytes;
  return sizes;
}

}  // namespace churn::harvest
