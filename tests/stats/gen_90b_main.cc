// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-90b-gen: writes `n` samples of one synthetic source of sample_sources.h (one byte
// per sample) to stdout, so that NIST's SP 800-90B tool can assess exactly the samples the
// unit tests assess. A test tool, not installed.
//   churn-90b-gen SOURCE N SEED > file

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/stats/sample_sources.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: churn-90b-gen walk|minbyte|uniform|bits70|period N SEED\n");
    return 64;
  }
  const auto n = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
  const auto seed = static_cast<std::uint64_t>(std::strtoull(argv[3], nullptr, 10));
  const std::vector<std::uint8_t> data =
      churn::stats::test_support::GenerateSource(argv[1], n, seed);
  if (data.size() != n) {
    std::fprintf(stderr, "churn-90b-gen: unknown source %s\n", argv[1]);
    return 64;
  }
  if (std::fwrite(data.data(), 1, n, stdout) != n || std::fflush(stdout) != 0) return 74;
  return 0;
}
