// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-rngtest's report writers over states that arbitrary input can reach: ent's classic
// and terse text over EntStats of the bytes (either mode), rngtest's statistics dump and JSON
// summary over arbitrary counts and rates (a read can take 0 ns on a coarse clock), and the
// JSON string quoting. Properties: no crash, no undefined behaviour; every JSON text is one
// valid object whose counts read back as written; a quoted string parses back to itself; the
// terse ent report is ent -t's two CSV lines.
#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stats/ent.h"
#include "stats/json.h"
#include "rngtest/rngtest_report.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace stats = churn::stats;
using churn::fuzz::Require;

void CheckEnt(FuzzedDataProvider& in) {
  stats::EntStats ent(in.ConsumeBool() ? stats::EntMode::kBits : stats::EntMode::kBytes);
  const std::vector<std::uint8_t> bytes =
      in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 4096));
  ent.Update(bytes);
  const stats::EntReport report = ent.Report();
  Require(report.samples == (report.mode == stats::EntMode::kBits ? 8 : 1) * bytes.size(),
          "ent counts every sample");
  const std::string classic = stats::FormatEntClassic(report);
  Require(!classic.empty() && classic.back() == '\n', "ent's classic report ends a line");
  const std::string terse = stats::FormatEntTerse(report);
  std::size_t lines = 0;
  for (const char c : terse) lines += c == '\n' ? 1 : 0;
  Require(lines == 2 && terse.rfind("0,File-", 0) == 0, "ent -t prints two CSV lines");
}

void CheckRngtest(FuzzedDataProvider& in) {
  stats::RngtestStats s;
  s.bytes_received = in.ConsumeIntegral<std::uint64_t>() >> 4;  // bits_received must fit
  s.bytes_sent = in.ConsumeIntegral<std::uint64_t>();
  s.successes = in.ConsumeIntegral<std::uint64_t>();
  s.failures = in.ConsumeIntegral<std::uint64_t>();
  for (std::uint64_t& f : s.test_failures) f = in.ConsumeIntegral<std::uint64_t>();
  s.untested_trailing_bytes = in.ConsumeIntegralInRange<std::uint64_t>(0, 2499);
  for (stats::RateStat* rate : {&s.input, &s.fips, &s.output}) {
    const int adds = in.ConsumeIntegralInRange(0, 4);
    for (int i = 0; i < adds; ++i) {
      rate->Add(in.ConsumeIntegral<std::uint32_t>(),
                std::chrono::nanoseconds(in.ConsumeIntegral<std::uint32_t>()));
    }
  }
  const std::chrono::microseconds run_time(in.ConsumeIntegral<std::uint32_t>());
  const int exit_code = in.ConsumeIntegralInRange(0, 12);
  const std::string dump = stats::FormatStatsDump("churn-rngtest: ", s, in.ConsumeBool(), run_time);
  Require(!dump.empty() && dump.back() == '\n', "the statistics dump ends a line");

  const std::string json = stats::FormatJsonSummary(s, run_time, exit_code, "eof");
  Require(nlohmann::json::accept(json), "rngtest's JSON summary is valid JSON");
  const nlohmann::json parsed = nlohmann::json::parse(json);
  Require(parsed.is_object(), "rngtest's JSON summary is one object");
  Require(parsed.at("bits_received").get<std::uint64_t>() == s.bytes_received * 8 &&
              parsed.at("successes").get<std::uint64_t>() == s.successes &&
              parsed.at("failures").get<std::uint64_t>() == s.failures &&
              parsed.at("failures_by_test").at("continuous_run").get<std::uint64_t>() ==
                  s.test_failures[4] &&
              parsed.at("exit_code").get<int>() == exit_code,
          "rngtest's JSON summary reads back as written");
}

void CheckQuote(FuzzedDataProvider& in) {
  const std::string text = in.ConsumeRandomLengthString(256);
  const std::string quoted = stats::JsonQuote(text);
  bool valid_utf8 = true;
  try {
    (void)nlohmann::json(text).dump();
  } catch (const nlohmann::json::exception&) {
    valid_utf8 = false;  // JSON carries Unicode text; invalid UTF-8 has no JSON form
  }
  if (!valid_utf8) return;
  Require(nlohmann::json::accept(quoted), "a quoted string is a JSON string");
  Require(nlohmann::json::parse(quoted).get<std::string>() == text,
          "a quoted string parses back to itself");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0: CheckEnt(in); break;
    case 1: CheckRngtest(in); break;
    default: CheckQuote(in); break;
  }
  return 0;
}
