// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The options churn-rngtest adds to rngtest's for its suites beyond FIPS 140-2:
// --suite, --ent-bits, --h-claim, --estimate-bytes, --bits-per-sample, --mask-samples,
// --restart-matrix, --iid-seed, --iid-all-statistics, --verdict and --progressive. Parsed
// here, hooked into rngtest_options.cc.
#ifndef CHURN_RNGTEST_SUITE_OPTIONS_H_
#define CHURN_RNGTEST_SUITE_OPTIONS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "stats/iid_tests.h"
#include "stats/stream_health.h"

namespace churn::stats {

// SP 800-90B asks for 1,000,000 samples; more would need more memory than a
// checking tool should take (the figures: churn-rngtest(1), --estimate-bytes).
inline constexpr std::uint64_t kDefaultEstimateBytes = 1000000;
inline constexpr std::uint64_t kMaxEstimateBytes = 10000000;

// --h-claim's floor: the RCT cutoff 1 + ceil(20 / H) is then at most 2,001 and every cutoff
// fits its int with room to spare (SP 800-90B 4.4.1).
inline constexpr double kMinHClaimBits = 0.01;

// Exit statuses with --verdict (usage and I/O errors keep rngtest's 10/11/12).
inline constexpr int kVerdictExitPass = 0;
inline constexpr int kVerdictExitNoVerdict = 1;  // too little input for any selected test
inline constexpr int kVerdictExitSuspicious = 2;
inline constexpr int kVerdictExitFail = 3;

struct SuiteOptions {
  bool fips = true;        // FIPS 140-2 in the report and the verdict
  bool ent = false;        // ent statistics
  bool sp800_90b = false;  // SP 800-90B health tests and estimators
  bool sp800_90b_iid = false;  // SP 800-90B section 5: the IID track (iid_tests.h)
  bool ent_bits = false;   // --ent-bits: ent on bits (ent -b)
  double h_claim_bits = kDefaultStreamHealthClaimBits;   // --h-claim, [0.01, 8]
  std::uint64_t estimate_bytes = kDefaultEstimateBytes;  // --estimate-bytes, 0 = no estimators
  int bits_per_sample = 8;                               // --bits-per-sample, 1..8
  bool mask_samples = false;  // --mask-samples: keep the low bits of wider samples
  // --restart-matrix ROWSxCOLS: SP 800-90B 3.1.4 restart test on the first ROWS x COLS
  // samples (row i: the samples after restart i); 0 x 0 = not run. 90B: 1000 x 1000.
  int restart_rows = 0;
  int restart_cols = 0;
  std::uint64_t iid_seed = kDefaultIidSeed;  // --iid-seed: the 5.1 shuffles' seed
  // --iid-all-statistics: PermutationScope::kAllStatistics (iid_tests.h)
  bool iid_all_statistics = false;
  bool verdict = false;                                  // --verdict
  bool progressive = false;                              // --progressive

  // True when anything beyond rngtest's own behaviour is asked for; false
  // keeps churn-rngtest's output and exit codes exactly rngtest's.
  [[nodiscard]] bool Active() const {
    return ent || sp800_90b || sp800_90b_iid || verdict || progressive || !fips;
  }
  // The estimators' and the IID track's samples are collected.
  [[nodiscard]] bool Samples() const { return sp800_90b || sp800_90b_iid; }
  // "fips,ent,sp800-90b,sp800-90b-iid": the selected suites, in that order.
  [[nodiscard]] std::string SuiteList() const;
};

enum class SuiteParse { kNotOurs, kParsed, kError };

// The value of a long option, given its argument without the leading "--"
// (`body`, "name=value" or "name"): after '=', else args[i + 1] (then i is
// advanced) when `takes_value`; empty when it takes none. Shared by rngtest_options.cc and
// ParseSuiteOption. False with a one-line `message` when the value is missing
// or given to an option that takes none.
[[nodiscard]] bool LongOptionValue(std::string_view body, bool takes_value,
                                   std::span<const char* const> args, std::size_t& i,
                                   std::string_view& value, std::string& message);

// Parses one long option of ours. `body` is the argument without its leading
// "--" ("suite=ent" or "suite"); a value not given after '=' is taken from
// args[i + 1] (then i is advanced). Returns kNotOurs for any other option
// (nothing changed), kError with a one-line `message` on a usage error.
[[nodiscard]] SuiteParse ParseSuiteOption(std::string_view body, std::span<const char* const> args,
                                          std::size_t& i, SuiteOptions& options,
                                          std::string& message);

// Checks the combination once every option is parsed (e.g. --ent-bits needs
// the ent suite). std::errc::invalid_argument and a message on a usage error.
[[nodiscard]] std::error_code ValidateSuiteOptions(const SuiteOptions& options,
                                                   std::string& message);

// The --help section of these options, and their part of --usage.
[[nodiscard]] std::string SuiteHelpText();
[[nodiscard]] std::string SuiteUsageText();

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_SUITE_OPTIONS_H_
