// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-ent-print: reads a file (or stdin) and prints churn's ent statistics in
// ent's own text (`-t`: terse CSV; `-b`: bit mode), so tests/system/ent_diff.sh
// can compare them with Debian's ent byte for byte. A test tool, not installed.

#include <cstdio>
#include <cstring>
#include <vector>

#include "stats/ent.h"

int main(int argc, char** argv) {
  bool terse = false;
  bool bits = false;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-t") == 0) {
      terse = true;
    } else if (std::strcmp(argv[i], "-b") == 0) {
      bits = true;
    } else if (std::strcmp(argv[i], "-bt") == 0 || std::strcmp(argv[i], "-tb") == 0) {
      bits = terse = true;
    } else {
      path = argv[i];
    }
  }
  std::FILE* in = path != nullptr ? std::fopen(path, "rb") : stdin;
  if (in == nullptr) {
    std::perror(path);
    return 2;
  }
  churn::stats::EntStats stats(bits ? churn::stats::EntMode::kBits
                                    : churn::stats::EntMode::kBytes);
  // Odd-sized reads exercise the carry of Monte Carlo groups and bit pairs.
  std::vector<std::uint8_t> buffer(65521);
  for (;;) {
    const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), in);
    if (got == 0) break;
    stats.Update({buffer.data(), got});
  }
  const bool failed = std::ferror(in) != 0;
  if (in != stdin) std::fclose(in);
  if (failed) {
    std::fprintf(stderr, "read error\n");
    return 2;
  }
  const auto report = stats.Report();
  const auto text = terse ? churn::stats::FormatEntTerse(report)
                          : churn::stats::FormatEntClassic(report);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
