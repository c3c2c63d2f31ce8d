// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Runs churn-rngtest's suites beyond FIPS 140-2 (ent, SP 800-90B health tests
// and estimators, the verdict, progressive reports) over the same bytes the
// FIPS pass reads, in the same single pass. The driver (rngtest_driver.cc)
// hands every chunk it reads to Update() and calls Finish() at the end.
#ifndef CHURN_RNGTEST_SUITE_RUNNER_H_
#define CHURN_RNGTEST_SUITE_RUNNER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "rngtest/rngtest_report.h"
#include "rngtest/suite_options.h"

namespace churn::stats {

using SuiteSink = std::function<void(std::string_view)>;

class SuiteRunner {
 public:
  virtual ~SuiteRunner() = default;

  // Feeds the next bytes of the stream (any length, in order). `fips` is the
  // FIPS state of the driver at this point; interim reports show its counts
  // (the blocks tested before this chunk, stated by number). Called from one
  // thread; the sinks are only ever called from that thread.
  virtual void Update(std::span<const std::uint8_t> bytes, const RngtestStats& fips) = 0;

  // Ends the run: waits for the helper threads, prints the final report (text
  // on the error sink, JSON on the JSON sink with --json) and returns the exit
  // status: `rngtest_status` without --verdict, or when it is an I/O, usage or
  // OS error (10/11/12); otherwise the verdict's (0 pass, 2 suspicious,
  // 3 fail, 1 too little input). `fips_json` is the driver's JSON summary.
  virtual int Finish(const RngtestStats& fips, int rngtest_status,
                     std::string_view fips_json) = 0;
};

// A runner for `options`, or nullptr when options.Active() is false (plain
// rngtest behaviour). With the ent suite one helper thread computes ent over
// copies of the chunks (at most 4 MiB queued), and the estimators run on
// another as soon as their samples are in; memory stays constant apart from
// the estimators' buffer of --estimate-bytes samples.
[[nodiscard]] std::unique_ptr<SuiteRunner> MakeSuiteRunner(const SuiteOptions& options, bool json,
                                                           SuiteSink err, SuiteSink json_sink,
                                                           std::string_view prefix);

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_SUITE_RUNNER_H_
