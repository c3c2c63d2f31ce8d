// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Parsing of the suite options. Numbers are decimal; trailing garbage, values
// out of range and options that apply to a suite that is not selected are
// usage errors (exit 10), each with one line naming the problem.
#include "rngtest/suite_options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace churn::stats {
namespace {

std::error_code Usage(std::string& message, std::string text) {
  message = std::move(text);
  return std::make_error_code(std::errc::invalid_argument);
}

bool ParseUnsigned(std::string_view text, std::uint64_t max, std::uint64_t& value) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return false;
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(copy.c_str(), &end, 10);
  if (errno != 0 || end != copy.c_str() + copy.size() || v > max) return false;
  value = v;
  return true;
}

bool ParseDouble(std::string_view text, double& value) {
  if (text.empty()) return false;
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  value = std::strtod(copy.c_str(), &end);
  return errno == 0 && end == copy.c_str() + copy.size() && std::isfinite(value);
}

std::error_code ParseSuiteList(std::string_view list, SuiteOptions& options,
                               std::string& message) {
  options.fips = options.ent = options.sp800_90b = options.sp800_90b_iid = false;
  if (list.empty()) {
    return Usage(message, "--suite needs a list: fips, ent, sp800-90b, sp800-90b-iid or all");
  }
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    if (name == "fips") {
      options.fips = true;
    } else if (name == "ent") {
      options.ent = true;
    } else if (name == "sp800-90b" || name == "sp800_90b" || name == "90b") {
      options.sp800_90b = true;
    } else if (name == "sp800-90b-iid" || name == "sp800_90b_iid" || name == "90b-iid") {
      options.sp800_90b_iid = true;
    } else if (name == "all") {
      options.fips = options.ent = options.sp800_90b = true;
    } else {
      return Usage(message, "unknown suite '" + std::string(name) +
                                "' for --suite (want fips, ent, sp800-90b, sp800-90b-iid or "
                                "all)");
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return {};
}

enum class Key {
  kSuite,
  kEntBits,
  kHClaim,
  kEstimateBytes,
  kBitsPerSample,
  kMaskSamples,
  kRestartMatrix,
  kIidSeed,
  kIidAllStatistics,
  kVerdict,
  kProgressive,
};
struct Spec {
  std::string_view name;
  bool takes_value;
  Key key;
};
constexpr Spec kSpecs[] = {
    {"suite", true, Key::kSuite},
    {"ent-bits", false, Key::kEntBits},
    {"h-claim", true, Key::kHClaim},
    {"estimate-bytes", true, Key::kEstimateBytes},
    {"bits-per-sample", true, Key::kBitsPerSample},
    {"mask-samples", false, Key::kMaskSamples},
    {"restart-matrix", true, Key::kRestartMatrix},
    {"iid-seed", true, Key::kIidSeed},
    {"iid-all-statistics", false, Key::kIidAllStatistics},
    {"verdict", false, Key::kVerdict},
    {"progressive", false, Key::kProgressive},
};

std::error_code Apply(Key key, std::string_view value, SuiteOptions& options,
                      std::string& message) {
  std::uint64_t n = 0;
  switch (key) {
    case Key::kSuite:
      return ParseSuiteList(value, options, message);
    case Key::kEntBits:
      options.ent_bits = true;
      return {};
    case Key::kHClaim: {
      double h = 0;
      if (!ParseDouble(value, h) || !(h >= kMinHClaimBits) || h > 8.0) {
        return Usage(message, "invalid value for --h-claim: '" + std::string(value) +
                                  "' (want bits of min-entropy per byte, 0.01 to 8)");
      }
      options.h_claim_bits = h;
      return {};
    }
    case Key::kEstimateBytes:
      if (!ParseUnsigned(value, kMaxEstimateBytes, n) || (n != 0 && n < 1000)) {
        return Usage(message, "invalid value for --estimate-bytes: '" + std::string(value) +
                                  "' (want 0 to skip the estimators, or 1000 to " +
                                  std::to_string(kMaxEstimateBytes) + ")");
      }
      options.estimate_bytes = n;
      return {};
    case Key::kBitsPerSample:
      if (!ParseUnsigned(value, 8, n) || n < 1) {
        return Usage(message, "invalid value for --bits-per-sample: '" + std::string(value) +
                                  "' (want 1 to 8)");
      }
      options.bits_per_sample = static_cast<int>(n);
      return {};
    case Key::kMaskSamples:
      options.mask_samples = true;
      return {};
    case Key::kRestartMatrix: {
      const std::size_t x = value.find('x');
      std::uint64_t rows = 0;
      std::uint64_t cols = 0;
      if (x == std::string_view::npos || !ParseUnsigned(value.substr(0, x), 10000, rows) ||
          !ParseUnsigned(value.substr(x + 1), 10000, cols) || rows * cols < 1000 ||
          rows * cols > kMaxEstimateBytes) {
        return Usage(message, "invalid value for --restart-matrix: '" + std::string(value) +
                                  "' (want ROWSxCOLS, e.g. 1000x1000, 1000 to " +
                                  std::to_string(kMaxEstimateBytes) + " samples)");
      }
      options.restart_rows = static_cast<int>(rows);
      options.restart_cols = static_cast<int>(cols);
      return {};
    }
    case Key::kIidSeed:
      if (!ParseUnsigned(value, UINT64_MAX, n)) {
        return Usage(message, "invalid value for --iid-seed: '" + std::string(value) +
                                  "' (want a decimal number, 0 to 18446744073709551615)");
      }
      options.iid_seed = n;
      return {};
    case Key::kIidAllStatistics:
      options.iid_all_statistics = true;
      return {};
    case Key::kVerdict:
      options.verdict = true;
      return {};
    case Key::kProgressive:
      options.progressive = true;
      return {};
  }
  return {};
}

}  // namespace

std::string SuiteOptions::SuiteList() const {
  std::string out;
  auto add = [&](std::string_view s) {
    if (!out.empty()) out += ',';
    out += s;
  };
  if (fips) add("fips");
  if (ent) add("ent");
  if (sp800_90b) add("sp800-90b");
  if (sp800_90b_iid) add("sp800-90b-iid");
  return out;
}

bool LongOptionValue(std::string_view body, bool takes_value,
                     std::span<const char* const> args, std::size_t& i, std::string_view& value,
                     std::string& message) {
  const std::size_t eq = body.find('=');
  const std::string_view name = body.substr(0, eq);
  if (takes_value) {
    if (eq != std::string_view::npos) {
      value = body.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      message = "option '--" + std::string(name) + "' needs a value";
      return false;
    }
  } else if (eq != std::string_view::npos) {
    message = "option '--" + std::string(name) + "' takes no value";
    return false;
  }
  return true;
}

SuiteParse ParseSuiteOption(std::string_view body, std::span<const char* const> args,
                            std::size_t& i, SuiteOptions& options, std::string& message) {
  const std::size_t eq = body.find('=');
  const std::string_view name = body.substr(0, eq);
  const Spec* spec = nullptr;
  for (const Spec& s : kSpecs) {
    if (s.name == name) spec = &s;
  }
  if (spec == nullptr) return SuiteParse::kNotOurs;
  std::string_view value;
  if (!LongOptionValue(body, spec->takes_value, args, i, value, message)) {
    return SuiteParse::kError;
  }
  return Apply(spec->key, value, options, message) ? SuiteParse::kError : SuiteParse::kParsed;
}

std::error_code ValidateSuiteOptions(const SuiteOptions& options, std::string& message) {
  if (!options.fips && !options.ent && !options.sp800_90b && !options.sp800_90b_iid) {
    return Usage(message, "--suite selects no suite");
  }
  if (options.ent_bits && !options.ent) {
    return Usage(message, "--ent-bits applies to the ent suite: add --suite ent");
  }
  const SuiteOptions defaults;
  if (!options.sp800_90b &&
      (options.h_claim_bits != defaults.h_claim_bits || options.restart_rows != 0 ||
       (!options.sp800_90b_iid && (options.estimate_bytes != defaults.estimate_bytes ||
                                   options.bits_per_sample != defaults.bits_per_sample ||
                                   options.mask_samples)))) {
    return Usage(message,
                 "--h-claim, --estimate-bytes, --bits-per-sample, --mask-samples and "
                 "--restart-matrix apply to the sp800-90b suite: add --suite sp800-90b");
  }
  // The IID track's false rejections (up to ~2.6 % on ideal data) are outside the verdict's
  // calibration, so a run of that suite alone has nothing for --verdict to judge.
  if (options.verdict && !options.fips && !options.ent && !options.sp800_90b) {
    return Usage(message, "--verdict judges the fips, ent and sp800-90b suites: select one");
  }
  if (!options.sp800_90b_iid && options.iid_seed != defaults.iid_seed) {
    return Usage(message, "--iid-seed applies to the sp800-90b-iid suite: add --suite "
                          "sp800-90b-iid");
  }
  if (!options.sp800_90b_iid && options.iid_all_statistics) {
    return Usage(message, "--iid-all-statistics applies to the sp800-90b-iid suite: add "
                          "--suite sp800-90b-iid");
  }
  if (options.sp800_90b_iid && options.estimate_bytes == 0) {
    return Usage(message, "--estimate-bytes=0 leaves the sp800-90b-iid suite no samples");
  }
  return {};
}

std::string SuiteHelpText() {
  return "Suites beyond FIPS 140-2 (one streaming pass over the same bytes; every\n"
         "suite sees every byte read, seed bytes included):\n"
         "      --suite=LIST      Comma list of fips, ent, sp800-90b, sp800-90b-iid, all\n"
         "                        (default: fips; all = fips,ent,sp800-90b).\n"
         "                        The FIPS 140-2 pass always runs and prints rngtest's\n"
         "                        lines; without 'fips' it is left out of the report,\n"
         "                        the JSON and the verdict\n"
         "      --ent-bits        ent suite on bits, like ent -b (default: bytes)\n"
         "      --h-claim=H       sp800-90b: claimed min-entropy in bits per byte, 0.01\n"
         "                        to 8, for the SP 800-90B 4.4 RCT and APT over the stream\n"
         "                        (default: 6). At 8 (ideal) the RCT cutoff is 4 and\n"
         "                        perfect data trips it about once per 16 MiB; at 6 the\n"
         "                        cutoff is 5 (one false alarm per ~4 GiB of perfect data)\n"
         "                        and the APT cutoff is out of reach of uniform bytes,\n"
         "                        while a source below 6 bits per byte is still caught\n"
         "      --estimate-bytes=N  sp800-90b: run the ten SP 800-90B 6.3 estimators (and\n"
         "                        sp800-90b-iid its tests) on the first N samples\n"
         "                        (default: 1000000, as 90B asks; 0 skips the\n"
         "                        estimators; 1000 to 10000000). They need at least 1000\n"
         "      --bits-per-sample=K  sp800-90b(-iid): sample width 1..8 (default: 8).\n"
         "                        Each byte is one sample; a sample wider than K bits\n"
         "                        is refused with its offset, as NIST's ea_non_iid does\n"
         "      --mask-samples    sp800-90b(-iid): keep the low K bits of wider samples\n"
         "                        instead of refusing them (default: off)\n"
         "      --restart-matrix=ROWSxCOLS  sp800-90b: SP 800-90B 3.1.4 restart test on\n"
         "                        the first ROWS x COLS samples, row i being the samples\n"
         "                        after restart i (default: not run; 90B: 1000x1000, e.g.\n"
         "                        from churnd --raw SOURCE --restarts 1000 -n 1000).\n"
         "                        H_I is the estimators' assessment, or min(--h-claim, K)\n"
         "                        without them\n"
         "      --suite=sp800-90b-iid  SP 800-90B section 5 on the same samples (the first\n"
         "                        --estimate-bytes, --bits-per-sample wide): chi-square\n"
         "                        independence and goodness of fit, the LRS test, the 19\n"
         "                        permutation statistics over up to 10000 shuffles, the\n"
         "                        IID verdict and, if IID, the most common value estimate\n"
         "      --iid-seed=N      sp800-90b-iid: seed of the shuffles (xoshiro256**;\n"
         "                        default: 3747906); the report prints it\n"
         "      --iid-all-statistics  sp800-90b-iid: compute the bzip2 statistic (5.1.11)\n"
         "                        even after another permutation statistic failed, as\n"
         "                        NIST's ea_iid does (default: off; it cannot change the\n"
         "                        verdict, and on 1000000 non-IID samples it takes about\n"
         "                        45 minutes instead of one or two)\n"
         "      --verdict         Print a calibrated verdict (pass, suspicious: Holm-\n"
         "                        adjusted p < 1e-3, fail: p < 1e-6) from the FIPS block\n"
         "                        failures (Poisson, 1 in 1250 for ideal data), the ent\n"
         "                        p-values and the health tests; exit 0 pass, 2\n"
         "                        suspicious, 3 fail, 1 too little input for a verdict\n"
         "      --progressive     Interim report each time the data doubles (1 MiB, 2 MiB,\n"
         "                        4 MiB, ...): one line on stderr, or one JSON object per\n"
         "                        line on stdout with --json\n"
         "With --json and a suite option, stdout carries one JSON object with the result\n"
         "of every selected suite (and the FIPS summary under \"fips\").\n"
         "Minimum lengths: a FIPS block needs 2504 bytes (2508 with -p); ent's Monte\n"
         "Carlo needs 6 bytes and its serial correlation 2 samples, and the verdict\n"
         "takes ent's p-values from 1280 bytes on (5 per byte value); the APT needs one\n"
         "512-sample window; the estimators need 1000 samples (90B: 1000000). Below\n"
         "these the report says so and --verdict gives none (exit 1).\n"
         "\n";
}

std::string SuiteUsageText() {
  return "            [--suite=LIST] [--ent-bits] [--h-claim=H] [--estimate-bytes=N]\n"
         "            [--bits-per-sample=K] [--mask-samples] [--restart-matrix=ROWSxCOLS]\n"
         "            [--iid-seed=N] [--iid-all-statistics] [--verdict] [--progressive]\n";
}

}  // namespace churn::stats
