// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-rngtest's streaming suites (rngtest/suite_runner.h: FIPS 140-2 counted block by block
// as the driver does, ent, SP 800-90B health tests and estimators, verdict) over arbitrary
// bytes cut into arbitrary read chunks.
// The input's first bytes choose the options as the command line could (every combination
// that ValidateSuiteOptions accepts, --h-claim anywhere in (0, 8], --estimate-bytes up to
// 1,200) and the chunk sizes; the
// rest is the stream. Properties: no crash and no undefined behaviour; the text report and
// the JSON object are the same whatever the chunking (every statistic is a function of the
// bytes alone, suite_runner.cc); the JSON is one valid object; the exit status is one of the
// documented ones.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stats/fips140.h"
#include "rngtest/rngtest_report.h"
#include "rngtest/suite_options.h"
#include "rngtest/suite_runner.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace stats = churn::stats;

struct Output {
  std::string text;
  std::string json;
  int status = -1;
};

// Runs the suites over `bytes` in chunks of the given sizes (cycled; the last chunk takes
// what is left), as the driver does with its reads.
Output Run(const stats::SuiteOptions& options, bool json, std::span<const std::uint8_t> bytes,
           const std::vector<std::size_t>& chunks) {
  Output out;
  auto runner = stats::MakeSuiteRunner(
      options, json, [&out](std::string_view s) { out.text.append(s); },
      [&out](std::string_view s) { out.json.append(s); }, "churn-rngtest: ");
  churn::fuzz::Require(runner != nullptr, "active suites make a runner");
  // FIPS 140-2 as the driver runs it: the first 4 bytes seed the continuous test, then every
  // whole 2,500-byte block read so far is tested before the suites see the next read.
  stats::RngtestStats fips;
  std::optional<stats::Fips140Tester> tester;
  std::size_t tested = 0;
  const std::span<const std::uint8_t> all = bytes;
  auto test_blocks = [&](std::size_t seen) {
    if (!tester && seen >= 4) {
      tester.emplace(stats::Fips140Word(all.first<4>()));
      tested = 4;
    }
    while (tester && seen - tested >= stats::kFips140BlockBytes) {
      const stats::Fips140Result r =
          tester->TestBlock(stats::Fips140Block(all.data() + tested, stats::kFips140BlockBytes));
      (r.Passed() ? fips.successes : fips.failures) += 1;
      for (const stats::Fips140Test t : stats::kAllFips140Tests) {
        if (r.Failed(t)) ++fips.test_failures[static_cast<std::size_t>(t)];
      }
      tested += stats::kFips140BlockBytes;
    }
  };
  std::size_t next = 0;
  while (!bytes.empty()) {
    std::size_t take = chunks.empty() ? bytes.size() : chunks[next++ % chunks.size()];
    if (take == 0 || take > bytes.size()) take = bytes.size();
    fips.bytes_received += take;
    runner->Update(bytes.first(take), fips);
    bytes = bytes.subspan(take);
    test_blocks(all.size() - bytes.size());
  }
  const int rngtest_status = fips.successes != 0 && fips.failures == 0 ? 0 : 1;
  out.status = runner->Finish(fips, rngtest_status, R"({"fips":"fuzz"})");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using churn::fuzz::Require;
  FuzzedDataProvider in(data, size);
  stats::SuiteOptions options;
  options.fips = in.ConsumeBool();
  options.ent = in.ConsumeBool();
  options.sp800_90b = in.ConsumeBool();
  options.ent_bits = in.ConsumeBool();
  options.verdict = in.ConsumeBool();
  options.progressive = in.ConsumeBool();
  const bool json = in.ConsumeBool();
  if (in.ConsumeBool()) options.h_claim_bits = 8.0 * in.ConsumeProbability<double>();
  if (in.ConsumeBool()) options.bits_per_sample = in.ConsumeIntegralInRange(1, 8);
  // The estimators always run on a short window (0 = none; below 1,000 samples the documented
  // "too few" result; 1,000-1,200 an estimate), never on the default 1,000,000 bytes: over the
  // whole of an 8 KB stream, bit-expanded, they took seconds per input under ASan and coverage
  // instrumentation, and the estimators' own target fuzzes them. Streams longer and shorter
  // than the window both occur, so both ways the runner starts them (window full during Update,
  // or in Finish with fewer samples than asked) are still exercised.
  options.estimate_bytes = in.ConsumeIntegralInRange<std::uint64_t>(0, 1200);
  std::string why;
  if (!options.Active() || !(options.h_claim_bits > 0.0) ||
      stats::ValidateSuiteOptions(options, why)) {
    return 0;  // the command line would refuse these
  }
  std::vector<std::size_t> chunks(in.ConsumeIntegralInRange<std::size_t>(0, 8));
  for (std::size_t& c : chunks) c = in.ConsumeIntegralInRange<std::size_t>(1, 3000);
  const std::vector<std::uint8_t> bytes = in.ConsumeRemainingBytes<std::uint8_t>();

  const Output whole = Run(options, json, bytes, {});
  const Output chunked = Run(options, json, bytes, chunks);
  Require(whole.text == chunked.text, "the text report does not depend on the chunking");
  Require(whole.json == chunked.json, "the JSON report does not depend on the chunking");
  Require(whole.status == chunked.status, "the exit status does not depend on the chunking");
  Require(whole.status == 0 || whole.status == 1 || whole.status == 2 || whole.status == 3,
          "exit status 0, 1, 2 or 3");
  if (json) {
    Require(nlohmann::json::accept(whole.json), "the JSON report is valid JSON");
    const nlohmann::json parsed = nlohmann::json::parse(whole.json);
    Require(parsed.is_object(), "the JSON report is one object");
  } else {
    Require(whole.json.empty(), "no JSON without --json");
  }
  return 0;
}
