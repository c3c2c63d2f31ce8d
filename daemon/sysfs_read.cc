// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/sysfs_read.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

namespace churn::daemon {

std::string ReadFirstLine(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "re");
  if (f == nullptr) return {};
  char line[512];
  std::string text;
  if (std::fgets(line, sizeof line, f) != nullptr) text = line;
  std::fclose(f);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

int ReadNonNegativeInt(const std::string& path) {
  const std::string text = ReadFirstLine(path);
  if (text.empty()) return -1;
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (end == text.c_str() || value < 0 || value > std::numeric_limits<int>::max()) return -1;
  return static_cast<int>(value);
}

}  // namespace churn::daemon
