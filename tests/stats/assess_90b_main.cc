// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-90b-assess: prints churn's SP 800-90B non-IID estimates of a file of one-byte samples,
// one estimator per line, for comparison with NIST's ea_non_iid. A test tool, not installed.
//   churn-90b-assess FILE [BITS_PER_SAMPLE]

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "rngtest/assessment_heap.h"
#include "stats/estimators.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: churn-90b-assess FILE [BITS_PER_SAMPLE]\n");
    return 64;
  }
  // As churn-rngtest does for its SP 800-90B suites, so that the benchmarks time the same.
  (void)churn::stats::PrepareAssessmentHeap(churn::stats::kAssessmentHeapReserve);
  const int bits = argc > 2 ? std::atoi(argv[2]) : 8;
  std::FILE* in = std::fopen(argv[1], "rb");
  if (in == nullptr) {
    std::perror(argv[1]);
    return 66;
  }
  std::vector<std::uint8_t> data;
  std::uint8_t buf[65536];
  for (std::size_t got; (got = std::fread(buf, 1, sizeof buf, in)) > 0;) {
    data.insert(data.end(), buf, buf + got);
  }
  std::fclose(in);
  churn::stats::EstimatorReport r;
  if (const std::error_code ec = churn::stats::EstimateMinEntropy(data, bits, &r)) {
    std::fprintf(stderr, "churn-90b-assess: %s\n", ec.message().c_str());
    return 1;
  }
  auto print = [](const char* where, const std::vector<churn::stats::EstimatorResult>& v) {
    for (const auto& e : v) {
      std::printf("%s %-18s %-7s ", where, std::string(EstimatorName(e.estimator)).c_str(),
                  std::string(EstimatorSection(e.estimator)).c_str());
      if (e.applicable) {
        std::printf("%.6f\n", e.min_entropy_bits);
      } else {
        std::printf("n/a\n");
      }
    }
  };
  print("original ", r.original);
  print("bitstring", r.bitstring);
  std::printf("H_original %.6f H_bitstring %.6f min-entropy %.6f\n", r.h_original_bits,
              r.h_bitstring_bits, r.min_entropy_bits);
  return 0;
}
