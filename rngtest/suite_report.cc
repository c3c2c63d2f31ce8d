// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Text and JSON of the suites' reports. Text numbers use a fixed format per
// kind (ent's own formats for its block; "%.6g" for p-values, "%.6f" for
// min-entropy); the JSON holds the same doubles with 17 significant digits,
// so each JSON value rounds to the text's digits.
#include "rngtest/suite_report.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <vector>

#include "stats/json.h"

namespace churn::stats {
namespace {

__attribute__((format(printf, 1, 2))) std::string Fmt(const char* format, ...) {
  char buf[64];
  std::va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  return std::string(buf, n > 0 ? std::min(static_cast<std::size_t>(n), sizeof buf - 1) : 0);
}

// "n/a" for a p-value that could not be computed (NaN).
std::string P(double p) { return std::isnan(p) ? std::string("n/a") : Fmt("%.6g", p); }

// A JSON object built field by field; values are already JSON text.
class Obj {
 public:
  Obj& Raw(std::string_view key, std::string_view json) {
    out_ += out_.size() > 1 ? "," : "";
    out_ += JsonQuote(key);
    out_ += ':';
    out_ += json;
    return *this;
  }
  Obj& Num(std::string_view key, double v) { return Raw(key, JsonNumber(v)); }
  Obj& Int(std::string_view key, std::uint64_t v) { return Raw(key, std::to_string(v)); }
  Obj& Bool(std::string_view key, bool v) { return Raw(key, v ? "true" : "false"); }
  Obj& Str(std::string_view key, std::string_view v) { return Raw(key, JsonQuote(v)); }
  std::string Done() { return out_ + "}"; }

 private:
  std::string out_ = "{";
};

std::string FipsJson(const SuiteSnapshot& s) {
  if (!s.fips_json.empty()) {
    // The rngtest summary plus the verdict's p-value.
    std::string base = s.fips_json;
    base.pop_back();  // '}'
    return base + ",\"failed_blocks_p\":" +
           JsonNumber(FipsFailedBlocksPValue(s.fips.failures, s.fips.blocks)) + "}";
  }
  Obj o;
  o.Int("blocks", s.fips.blocks).Int("failures", s.fips.failures);
  // The keys of the driver's JSON summary (rngtest/rngtest_report.cc).
  static constexpr std::string_view kKeys[] = {"monobit", "poker", "runs", "long_run",
                                               "continuous_run"};
  static_assert(std::size(kKeys) == kFips140TestCount);
  Obj by;
  for (const Fips140Test t : kAllFips140Tests) {
    const auto i = static_cast<std::size_t>(t);
    by.Int(kKeys[i], s.fips.test_failures[i]);
  }
  o.Raw("failures_by_test", by.Done());
  o.Num("failed_blocks_p", FipsFailedBlocksPValue(s.fips.failures, s.fips.blocks));
  return o.Done();
}

std::string EntJson(const EntReport& r) {
  Obj o;
  o.Str("mode", r.mode == EntMode::kBits ? "bits" : "bytes")
      .Int("samples", r.samples)
      .Num("entropy_bits_per_sample", r.entropy_bits_per_sample)
      .Num("entropy_p", r.entropy_p)
      .Num("chi_square", r.chi_square)
      .Int("chi_square_df", static_cast<std::uint64_t>(r.chi_square_df))
      .Num("chi_square_ent_percent", 100.0 * r.chi_square_ent_tail)
      .Num("chi_square_p", r.chi_square_two_sided_p)
      .Num("chi_square_upper_p", r.chi_square_upper_p)
      .Num("mean", r.mean)
      .Num("mean_p", r.mean_p)
      .Int("monte_carlo_points", r.monte_carlo_points)
      .Int("monte_carlo_inside", r.monte_carlo_inside)
      .Num("monte_carlo_pi", r.monte_carlo_pi)
      .Num("monte_carlo_error_percent", r.monte_carlo_error_percent)
      .Num("monte_carlo_p", r.monte_carlo_p);
  if (r.serial_correlation_defined) {
    o.Num("serial_correlation", r.serial_correlation);
  } else {
    o.Raw("serial_correlation", "null");
  }
  o.Num("serial_correlation_p", r.serial_correlation_p);
  return o.Done();
}

std::string_view HealthTestName(StreamHealthTest t) {
  return t == StreamHealthTest::kRepetitionCount ? "rct" : "apt";
}

std::string HealthJson(const StreamHealthReport& h) {
  Obj o;
  o.Num("claim_bits", h.claim_bits)
      .Int("rct_cutoff", static_cast<std::uint64_t>(h.rct_cutoff))
      .Int("apt_window", static_cast<std::uint64_t>(h.apt_window))
      .Int("apt_cutoff", static_cast<std::uint64_t>(h.apt_cutoff))
      .Int("samples", h.samples)
      .Int("rct_failures", h.rct_failures)
      .Int("apt_failures", h.apt_failures);
  std::string list = "[";
  for (const StreamHealthFailure& f : h.failures) {
    if (list.size() > 1) list += ',';
    list += Obj().Str("test", HealthTestName(f.test)).Int("byte_offset", f.byte_offset).Done();
  }
  o.Raw("failures", list + "]");
  o.Num("ideal_expected_failures", h.ideal_expected_failures).Num("p", h.p_value);
  return o.Done();
}

std::string ResultsJson(const std::vector<EstimatorResult>& results) {
  std::string list = "[";
  for (const EstimatorResult& r : results) {
    if (list.size() > 1) list += ',';
    Obj o;
    o.Str("name", EstimatorName(r.estimator))
        .Str("section", EstimatorSection(r.estimator))
        .Bool("applicable", r.applicable);
    if (r.applicable) {
      o.Num("min_entropy_bits", r.min_entropy_bits);
    } else {
      o.Raw("min_entropy_bits", "null");
    }
    list += o.Done();
  }
  return list + "]";
}

std::string RestartJson(const SuiteOptions& options, const SuiteSnapshot& s) {
  Obj o;
  o.Int("rows", static_cast<std::uint64_t>(options.restart_rows))
      .Int("cols", static_cast<std::uint64_t>(options.restart_cols));
  if (!s.restart_ran) {
    o.Bool("ran", false).Str("error", s.restart_error.message());
    return o.Done();
  }
  const RestartReport& r = s.restart;
  o.Bool("ran", true)
      .Num("h_initial_bits", r.h_initial_bits)
      .Int("max_frequency", r.max_frequency)
      .Int("cutoff", r.cutoff)
      .Bool("sanity_passed", r.sanity_passed)
      .Num("h_rows_bits", r.by_rows.min_entropy_bits)
      .Num("h_cols_bits", r.by_cols.min_entropy_bits)
      .Bool("passed", r.passed)
      .Num("min_entropy_bits", r.min_entropy_bits);
  return o.Done();
}

std::string ChiSquareJson(const ChiSquareTestResult& c) {
  Obj o;
  o.Bool("applicable", c.applicable)
      .Num("statistic", c.statistic)
      .Int("degrees_of_freedom", static_cast<std::uint64_t>(c.degrees_of_freedom))
      .Num("p_value", c.p_value)
      .Bool("passed", c.passed);
  return o.Done();
}

std::string IidJson(const SuiteSnapshot& s) {
  Obj o;
  o.Int("requested_samples", s.estimator_samples_requested)
      .Int("available_samples", s.estimator_samples_available);
  if (s.iid_error) {
    o.Bool("ran", false).Str("error", s.iid_error.message());
    if (s.iid_error == EstimatorErrc::kSampleOutOfRange) {
      o.Int("wide_sample_offset", s.estimator_wide_offset)
          .Int("wide_sample_value", static_cast<std::uint64_t>(s.estimator_wide_value));
    }
    return o.Done();
  }
  const IidReport& r = s.iid;
  std::string stats = "[";
  for (int k = 0; k < kPermutationStatisticCount; ++k) {
    const auto i = static_cast<std::size_t>(k);
    const auto id = static_cast<PermutationStatistic>(k);
    // Appended in turn: GCC 12 at -O3 warns (-Wrestrict, a false positive) on
    // "[" + std::to_string(...), which inserts in front of a temporary.
    std::string counters = "[";
    for (const auto c : r.permutation.counters[i]) {
      if (counters.size() > 1) counters += ',';
      counters += std::to_string(c);
    }
    counters += ']';
    Obj t;
    t.Str("name", PermutationStatisticName(id))
        .Str("section", PermutationStatisticSection(id))
        .Num("original", r.permutation.original[i])
        .Raw("counters", counters)
        .Bool("computed", r.permutation.computed[i]);
    if (r.permutation.computed[i]) {
      t.Bool("passed", r.permutation.passed[i]);
    } else {
      t.Raw("passed", "null");
    }
    if (stats.size() > 1) stats += ',';
    stats += t.Done();
  }
  Obj perm;
  perm.Int("seed", r.permutation.seed)
      .Int("shuffles", static_cast<std::uint64_t>(r.permutation.shuffles))
      .Raw("statistics", stats + "]")
      .Bool("passed", r.permutation.passed_all);
  Obj lrs;
  lrs.Int("longest_repeat", r.lrs.longest_repeat)
      .Num("p_col", r.lrs.p_col)
      .Num("p_at_least_one", r.lrs.p_at_least_one)
      .Bool("passed", r.lrs.passed);
  o.Bool("ran", true)
      .Int("bits_per_sample", static_cast<std::uint64_t>(r.bits_per_sample))
      .Int("samples", r.samples)
      .Bool("binary", r.binary)
      .Raw("chi_square_independence", ChiSquareJson(r.independence))
      .Raw("chi_square_goodness_of_fit", ChiSquareJson(r.goodness_of_fit))
      .Raw("longest_repeated_substring", lrs.Done())
      .Raw("permutation", perm.Done())
      .Bool("iid", r.iid);
  if (r.iid) {
    o.Num("h_original_bits", r.h_original_bits)
        .Num("h_bitstring_bits", r.h_bitstring_bits)
        .Num("min_entropy_bits", r.min_entropy_bits);
  }
  return o.Done();
}

std::string EstimatorsJson(const SuiteSnapshot& s) {
  Obj o;
  o.Int("requested_samples", s.estimator_samples_requested)
      .Int("available_samples", s.estimator_samples_available);
  if (s.estimator_samples_requested == 0) {
    o.Bool("ran", false).Str("note", "skipped (--estimate-bytes=0)");
    return o.Done();
  }
  if (s.estimator_error) {
    o.Bool("ran", false).Str("error", s.estimator_error.message());
    if (s.estimator_error == EstimatorErrc::kSampleOutOfRange) {
      o.Int("wide_sample_offset", s.estimator_wide_offset)
          .Int("wide_sample_value", static_cast<std::uint64_t>(s.estimator_wide_value));
    }
    return o.Done();
  }
  const EstimatorReport& e = s.estimators;
  o.Bool("ran", true)
      .Int("bits_per_sample", static_cast<std::uint64_t>(e.bits_per_sample))
      .Int("samples", e.samples)
      .Bool("binary", e.binary)
      .Bool("below_standard_size", e.below_standard_size)
      .Raw("original", ResultsJson(e.original))
      .Raw("bitstring", ResultsJson(e.bitstring))
      .Num("h_original_bits", e.h_original_bits)
      .Num("h_bitstring_bits", e.h_bitstring_bits)
      .Num("min_entropy_bits", e.min_entropy_bits);
  return o.Done();
}

std::string VerdictJson(const SuiteSnapshot& s) {
  Obj o;
  if (!s.verdict_available) {
    o.Raw("level", "null").Str("note", s.verdict_note);
    return o.Done();
  }
  const Verdict& v = s.verdict;
  o.Str("level", VerdictName(v.level))
      .Num("min_adjusted_p", v.min_adjusted_p)
      .Str("worst", v.worst)
      .Str("correction", "holm")
      .Num("suspicious_below", kSuspiciousP)
      .Num("fail_below", kFailP);
  std::string list = "[";
  for (const PValue& t : v.tests) {
    if (list.size() > 1) list += ',';
    list += Obj().Str("name", t.name).Num("p", t.p).Num("adjusted_p", t.adjusted_p).Done();
  }
  o.Raw("tests", list + "]");
  return o.Done();
}

std::string Line(std::string_view prefix, std::string_view text) {
  std::string out(prefix);
  out.append(text);
  out.push_back('\n');
  return out;
}

std::string IidText(const SuiteOptions& options, const SuiteSnapshot& s,
                    std::string_view prefix) {
  const std::string head = "SP 800-90B 5 IID track";
  if (s.iid_error == EstimatorErrc::kSampleOutOfRange) {
    return Line(prefix, head + ": not run: the sample at offset " +
                            std::to_string(s.estimator_wide_offset) + " is " +
                            std::to_string(s.estimator_wide_value) + ", wider than " +
                            std::to_string(options.bits_per_sample) +
                            " bits (--bits-per-sample); --mask-samples keeps the low bits");
  }
  if (s.iid_error) {
    return Line(prefix, head + ": not run: " + s.iid_error.message() + "; the input has " +
                            std::to_string(s.estimator_samples_available) + " samples");
  }
  const IidReport& r = s.iid;
  std::string out;
  std::string first = head + " on the first " + std::to_string(r.samples) + " samples, " +
                      std::to_string(r.bits_per_sample) + " bits per sample" +
                      (r.binary ? " (binary)" : "");
  if (s.estimator_samples_available < s.estimator_samples_requested) {
    first += "; the input is shorter than --estimate-bytes=" +
             std::to_string(s.estimator_samples_requested);
  }
  if (r.samples < kStandardEstimatorSamples) first += "; 90B asks for 1000000 samples";
  out += Line(prefix, first);
  auto chi = [&](std::string_view name, const ChiSquareTestResult& c) {
    if (!c.applicable) {
      return Line(prefix, std::string(name) + ": not applicable (too few samples for 5-expected "
                                              "bins): pass");
    }
    return Line(prefix, std::string(name) + ": statistic " + Fmt("%.6f", c.statistic) + ", df " +
                            std::to_string(c.degrees_of_freedom) + ", p " + P(c.p_value) + ": " +
                            (c.passed ? "pass" : "FAIL"));
  };
  out += chi("SP 800-90B 5.2.1 chi-square independence", r.independence);
  out += chi("SP 800-90B 5.2.2 chi-square goodness of fit", r.goodness_of_fit);
  out += Line(prefix, "SP 800-90B 5.2.3 longest repeated substring: W " +
                          std::to_string(r.lrs.longest_repeat) + ", P_col " +
                          Fmt("%.6g", r.lrs.p_col) + ", Pr(X >= 1) " + P(r.lrs.p_at_least_one) +
                          ": " + (r.lrs.passed ? "pass" : "FAIL"));
  const PermutationTestReport& p = r.permutation;
  out += Line(prefix, "SP 800-90B 5.1 permutation tests: seed " + std::to_string(p.seed) + ", " +
                          std::to_string(p.shuffles) + " of 10000 shuffles (the rest cannot " +
                          "change any outcome): " + (p.passed_all ? "pass" : "FAIL"));
  for (int k = 0; k < kPermutationStatisticCount; ++k) {
    const auto i = static_cast<std::size_t>(k);
    const auto id = static_cast<PermutationStatistic>(k);
    out += Line(prefix, "SP 800-90B " + std::string(PermutationStatisticSection(id)) + " " +
                            std::string(PermutationStatisticName(id)) + ": t " +
                            Fmt("%.10g", p.original[i]) + ", C0 " +
                            std::to_string(p.counters[i][0]) + " C1 " +
                            std::to_string(p.counters[i][1]) + " C2 " +
                            std::to_string(p.counters[i][2]) + ": " +
                            (!p.computed[i]  ? "not computed (another statistic failed; "
                                               "--iid-all-statistics computes it)"
                             : p.passed[i] ? "pass"
                                           : "FAIL"));
  }
  if (r.iid) {
    std::string total = "SP 800-90B IID assumption: not rejected; min-entropy (6.3.1 most "
                        "common value) " + Fmt("%.6f", r.min_entropy_bits) +
                        " bits per sample (H_original " + Fmt("%.6f", r.h_original_bits);
    if (!r.binary && r.bits_per_sample > 1) {
      total += ", " + std::to_string(r.bits_per_sample) + " x H_bitstring " +
               Fmt("%.6f", r.bits_per_sample * r.h_bitstring_bits);
    }
    out += Line(prefix, total + ")");
  } else if (r.single_value) {
    out += Line(prefix, "SP 800-90B IID assumption: not tested (one value only); min-entropy 0");
  } else {
    out += Line(prefix, "SP 800-90B IID assumption: REJECTED; assess with the non-IID track "
                        "(--suite sp800-90b)");
  }
  return out;
}

std::string EstimatorLine(const EstimatorResult& r, std::string_view where,
                          std::string_view unit) {
  std::string text = "SP 800-90B " + std::string(EstimatorSection(r.estimator)) + " " +
                     std::string(EstimatorName(r.estimator)) + std::string(where) + ": ";
  if (!r.applicable) return text + "not applicable (too little data for it)";
  return text + Fmt("%.6f", r.min_entropy_bits) + " bits per " + std::string(unit);
}

std::string VerdictText(const SuiteSnapshot& s) {
  if (!s.verdict_available) return "verdict: none (" + s.verdict_note + ")";
  const Verdict& v = s.verdict;
  return "verdict: " + std::string(VerdictName(v.level)) + " (smallest Holm-adjusted p-value " +
         P(v.min_adjusted_p) + " from " + v.worst + ", over " + std::to_string(v.tests.size()) +
         " tests; suspicious below " + P(kSuspiciousP) + ", fail below " + P(kFailP) + ")";
}

}  // namespace

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%.17g", value);
  return std::string(buf, static_cast<std::size_t>(n));
}

void ComputeSuiteVerdict(const SuiteOptions& options, SuiteSnapshot& s) {
  s.verdict_available = false;
  if (s.bytes == 0) {
    s.verdict_note = "no input";
    return;
  }
  std::vector<PValue> tests;
  if (options.fips) {
    if (s.fips.blocks == 0) {
      s.verdict_note = "input too short: " + std::to_string(s.bytes) +
                       " bytes, no FIPS 140-2 block tested (one needs 2504 bytes, 2508 with -p)";
      return;
    }
    tests.push_back({"fips_failed_blocks", FipsFailedBlocksPValue(s.fips.failures, s.fips.blocks),
                     1.0});
  }
  if (options.ent) {
    if (s.bytes < kVerdictMinEntBytes) {
      s.verdict_note = "input too short: " + std::to_string(s.bytes) +
                       " bytes; ent's p-values need " + std::to_string(kVerdictMinEntBytes) +
                       " (5 expected per byte value for the chi-square)";
      return;
    }
    for (PValue& p : EntPValues(s.ent)) tests.push_back(std::move(p));
  }
  if (options.sp800_90b) {
    if (s.health.samples < kVerdictMinHealthBytes) {
      s.verdict_note = "input too short: " + std::to_string(s.bytes) +
                       " bytes; the health tests need one " +
                       std::to_string(kVerdictMinHealthBytes) + "-sample APT window";
      return;
    }
    tests.push_back({"sp800_90b_health", s.health.p_value, 1.0});
  }
  s.verdict = ComputeVerdict(std::move(tests));
  s.verdict_available = true;
  s.verdict_note.clear();
}

int VerdictExitCode(const SuiteSnapshot& s) {
  if (!s.verdict_available) return kVerdictExitNoVerdict;
  switch (s.verdict.level) {
    case VerdictLevel::kPass: return kVerdictExitPass;
    case VerdictLevel::kSuspicious: return kVerdictExitSuspicious;
    case VerdictLevel::kFail: return kVerdictExitFail;
  }
  return kVerdictExitFail;
}

std::string FormatSuiteText(const SuiteOptions& options, const SuiteSnapshot& s,
                            std::string_view prefix) {
  std::string out;
  out += Line(prefix, "suites " + options.SuiteList() + " on " + std::to_string(s.bytes) +
                          " bytes");
  if (options.fips) {
    out += Line(prefix, "FIPS 140-2 failed blocks: " + std::to_string(s.fips.failures) + " of " +
                            std::to_string(s.fips.blocks) + " (ideal source: " +
                            Fmt("%.4g", static_cast<double>(s.fips.blocks) * kFipsIdealBlockFailure) +
                            " expected; p-value " +
                            P(FipsFailedBlocksPValue(s.fips.failures, s.fips.blocks)) + ")");
    if (s.fips.blocks == 0) {
      out += Line(prefix, "FIPS 140-2: no block tested: one needs 2504 bytes (2508 with -p)");
    }
  }
  if (options.ent) {
    const EntReport& e = s.ent;
    out += Line(prefix, "ent statistics, as ent prints them:");
    out += FormatEntClassic(e);
    out += Line(prefix, "ent p-values for IID uniform " +
                            std::string(e.mode == EntMode::kBits ? "bits" : "bytes") +
                            ": entropy " + P(e.entropy_p) + " (G-test, one-sided); chi-square " +
                            P(e.chi_square_two_sided_p) + " (two-sided; upper tail " +
                            P(e.chi_square_upper_p) + "); mean " + P(e.mean_p) +
                            " (two-sided); Monte Carlo pi " + P(e.monte_carlo_p) +
                            " (two-sided); serial correlation " + P(e.serial_correlation_p) +
                            " (two-sided)");
  }
  if (options.sp800_90b) {
    const StreamHealthReport& h = s.health;
    out += Line(prefix, "SP 800-90B 4.4 health tests at H = " + Fmt("%g", h.claim_bits) +
                            " bits per byte over " + std::to_string(h.samples) +
                            " samples: RCT cutoff " + std::to_string(h.rct_cutoff) +
                            ", APT window " + std::to_string(h.apt_window) + " cutoff " +
                            std::to_string(h.apt_cutoff));
    if (h.samples < static_cast<std::uint64_t>(h.apt_window)) {
      out += Line(prefix, "SP 800-90B APT: no complete window: it needs " +
                              std::to_string(h.apt_window) + " samples");
    }
    out += Line(prefix, "SP 800-90B RCT failures: " + std::to_string(h.rct_failures));
    out += Line(prefix, "SP 800-90B APT failures: " + std::to_string(h.apt_failures));
    for (const StreamHealthFailure& f : h.failures) {
      out += Line(prefix, "SP 800-90B " +
                              std::string(f.test == StreamHealthTest::kRepetitionCount ? "RCT"
                                                                                       : "APT") +
                              " failure at byte " + std::to_string(f.byte_offset));
    }
    if (h.rct_failures + h.apt_failures > h.failures.size()) {
      out += Line(prefix, "SP 800-90B (only the first " + std::to_string(h.failures.size()) +
                              " failure positions are listed)");
    }
    out += Line(prefix, "SP 800-90B health p-value (ideal source expects " +
                            Fmt("%.4g", h.ideal_expected_failures) + " failures; Poisson): " +
                            P(h.p_value));
    if (s.estimator_samples_requested == 0) {
      out += Line(prefix, "SP 800-90B 6.3 estimators: skipped (--estimate-bytes=0)");
    } else if (s.estimator_error == EstimatorErrc::kSampleOutOfRange) {
      out += Line(prefix, "SP 800-90B 6.3 estimators: not run: the sample at offset " +
                              std::to_string(s.estimator_wide_offset) + " is " +
                              std::to_string(s.estimator_wide_value) + ", wider than " +
                              std::to_string(options.bits_per_sample) +
                              " bits (--bits-per-sample); --mask-samples keeps the low bits");
    } else if (s.estimator_error) {
      out += Line(prefix, "SP 800-90B 6.3 estimators: not run: " +
                              s.estimator_error.message() + "; the input has " +
                              std::to_string(s.estimator_samples_available) + " samples");
    } else if (s.estimators_ran) {
      const EstimatorReport& e = s.estimators;
      std::string head = "SP 800-90B 6.3 estimators on the first " + std::to_string(e.samples) +
                         " samples, " + std::to_string(e.bits_per_sample) +
                         " bits per sample (" +
                         (e.bits_per_sample == 8
                              ? std::string("one byte each")
                              : "the low " + std::to_string(e.bits_per_sample) +
                                    " bits of each byte") +
                         ")";
      if (s.estimator_samples_available < s.estimator_samples_requested) {
        head += "; the input is shorter than --estimate-bytes=" +
                std::to_string(s.estimator_samples_requested);
      }
      if (e.below_standard_size) head += "; 90B asks for 1000000 samples";
      out += Line(prefix, head);
      for (const EstimatorResult& r : e.original) {
        out += Line(prefix, EstimatorLine(r, e.binary ? " (binary)" : "", "sample"));
      }
      for (const EstimatorResult& r : e.bitstring) {
        out += Line(prefix, EstimatorLine(r, " (bitstring)", "bit"));
      }
      std::string total = "SP 800-90B min-entropy: " + Fmt("%.6f", e.min_entropy_bits) +
                          " bits per sample (H_original " + Fmt("%.6f", e.h_original_bits);
      if (!e.bitstring.empty()) {
        total += ", " + std::to_string(e.bits_per_sample) + " x H_bitstring " +
                 Fmt("%.6f", e.bits_per_sample * e.h_bitstring_bits);
      }
      out += Line(prefix, total + ")");
    }
    if (options.restart_rows != 0) {
      const std::string dims =
          std::to_string(options.restart_rows) + "x" + std::to_string(options.restart_cols);
      if (!s.restart_ran && s.estimators_ran && !(s.estimators.min_entropy_bits > 0.0)) {
        out += Line(prefix, "SP 800-90B 3.1.4 restart test " + dims +
                                ": not run: the initial estimate H_I is 0 bits per sample "
                                "(nothing to validate)");
      } else if (!s.restart_ran) {
        out += Line(prefix, "SP 800-90B 3.1.4 restart test " + dims + ": not run: " +
                                s.restart_error.message());
      } else {
        const RestartReport& r = s.restart;
        out += Line(prefix, "SP 800-90B 3.1.4 restart test " + dims + ": sanity check " +
                                (r.sanity_passed ? "pass" : "FAIL") + " (most frequent value " +
                                std::to_string(r.max_frequency) + " times in a row or column, " +
                                "cutoff " + std::to_string(r.cutoff) + " at H_I " +
                                Fmt("%.6f", r.h_initial_bits) + "); H_r " +
                                Fmt("%.6f", r.by_rows.min_entropy_bits) + ", H_c " +
                                Fmt("%.6f", r.by_cols.min_entropy_bits) + " (need H_I/2 " +
                                Fmt("%.6f", r.h_initial_bits / 2) + "): " +
                                (r.passed ? "pass, min-entropy " + Fmt("%.6f", r.min_entropy_bits)
                                          : std::string("FAIL")));
      }
    }
  }
  if (options.sp800_90b_iid && s.final) out += IidText(options, s, prefix);
  if (options.verdict) out += Line(prefix, VerdictText(s));
  return out;
}

std::string FormatProgressiveLine(const SuiteOptions& options, const SuiteSnapshot& s,
                                  std::string_view prefix) {
  std::string text = "progressive " + std::to_string(s.bytes >> 20) + " MiB: bytes " +
                     std::to_string(s.bytes);
  if (options.fips) {
    text += "; fips blocks " + std::to_string(s.fips.blocks) + " failed " +
            std::to_string(s.fips.failures) + " (p " +
            P(FipsFailedBlocksPValue(s.fips.failures, s.fips.blocks)) + ")";
  }
  if (options.ent) {
    const EntReport& e = s.ent;
    text += "; ent entropy " + Fmt("%f", e.entropy_bits_per_sample) + " (p " + P(e.entropy_p) +
            ") chi-square " + Fmt("%1.2f", e.chi_square) + " (p " +
            P(e.chi_square_two_sided_p) + ") mean " + Fmt("%1.4f", e.mean) + " (p " +
            P(e.mean_p) + ") pi " + Fmt("%1.9f", e.monte_carlo_pi) + " (p " +
            P(e.monte_carlo_p) + ") scc " +
            (e.serial_correlation_defined ? Fmt("%f", e.serial_correlation) : "undefined") +
            " (p " + P(e.serial_correlation_p) + ")";
  }
  if (options.sp800_90b) {
    text += "; health rct " + std::to_string(s.health.rct_failures) + " apt " +
            std::to_string(s.health.apt_failures) + " (p " + P(s.health.p_value) + ")";
  }
  if (options.verdict) text += "; " + VerdictText(s);
  return Line(prefix, text);
}

std::string FormatSuiteJson(const SuiteOptions& options, const SuiteSnapshot& s) {
  Obj o;
  o.Str("report", s.final ? "final" : "progressive").Int("bytes", s.bytes);
  std::string suites = "[";
  auto add = [&](std::string_view name) {
    if (suites.size() > 1) suites += ',';
    suites += JsonQuote(name);
  };
  if (options.fips) add("fips");
  if (options.ent) add("ent");
  if (options.sp800_90b) add("sp800-90b");
  if (options.sp800_90b_iid) add("sp800-90b-iid");
  o.Raw("suites", suites + "]");
  if (options.fips) o.Raw("fips", FipsJson(s));
  if (options.ent) o.Raw("ent", EntJson(s.ent));
  if (options.sp800_90b) {
    Obj b;
    b.Raw("health", HealthJson(s.health));
    if (s.final) b.Raw("estimators", EstimatorsJson(s));
    if (s.final && options.restart_rows != 0) b.Raw("restart", RestartJson(options, s));
    o.Raw("sp800_90b", b.Done());
  }
  if (options.sp800_90b_iid && s.final) o.Raw("sp800_90b_iid", IidJson(s));
  if (options.verdict) o.Raw("verdict", VerdictJson(s));
  if (s.final) o.Int("exit_code", static_cast<std::uint64_t>(s.exit_code));
  return o.Done() + "\n";
}

}  // namespace churn::stats
