// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churnd's config file parser (daemon/config.h, ParseConfig with -c FILE) over arbitrary file
// contents. Properties: it never throws or crashes; an error is one line naming a key; an
// accepted file gives values inside the documented ranges (churnd(8), --help).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

bool ClaimInRange(double bits, double max_bits) {
  return bits == -1.0 || (bits >= 0.0 && bits <= max_bits);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using churn::fuzz::Require;
  static churn::fuzz::MemFile file;
  const std::string path = file.Write(data, size);

  churn::daemon::Config config;
  std::string message;
  const std::error_code ec = churn::daemon::ParseConfig({"-c", path}, &config, &message);
  if (ec) {
    Require(churn::fuzz::IsOneLine(message), "a config error is one non-empty line");
    return 0;
  }
  const auto& h = config.harvester;
  Require(ClaimInRange(h.havege_claim_bits, 64) && ClaimInRange(h.rdseed_claim_bits, 64) &&
              ClaimInRange(h.rdrand_claim_bits, 64) && ClaimInRange(h.hwrng_claim_bits, 8),
          "claims within 0-64 bits (hwrng 0-8) or the default");
  Require(config.reseed_interval.count() >= 1 && config.reseed_interval.count() <= 86400,
          "reseed-interval within 1-86400 s");
  Require(config.write_wakeup_threshold_bits == 0 ||
              (config.write_wakeup_threshold_bits >= 64 &&
               config.write_wakeup_threshold_bits <= 4096),
          "write-wakeup-threshold within 64-4096 bits");
  Require(!h.hwrng_path.empty(), "an hwrng path");
  Require(h.sources.size() <= 4, "at most the four known sources, each once");
  return 0;
}
