// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_METRICS_H_
#define CHURN_DAEMON_METRICS_H_

#include <string>
#include <system_error>
#include <vector>

#include "daemon/feeder.h"
#include "harvest/harvester.h"

namespace churn::daemon {

// Everything the metrics file reports, copied out of the feeder and the harvester.
struct MetricsSnapshot {
  KernelGeneration generation = KernelGeneration::kModern;
  int poolsize_bits = 0;
  bool crng_ready = false;
  int entropy_avail_bits = -1;  // -1: unknown, not written
  FeederTotals totals;
  std::vector<harvest::SourceStats> sources;
  double last_feed_unix_seconds = 0.0;  // 0: never fed
  double start_unix_seconds = 0.0;
};

// Renders `snapshot` in the Prometheus text exposition format (version 0.0.4); every metric
// name starts with "churn_", each family has HELP and TYPE lines.
std::string RenderMetrics(const MetricsSnapshot& snapshot);

// Writes `text` to a temporary file beside `path` and renames it over `path`, so a reader
// (node_exporter's textfile collector) never sees a partial file. OS errors in system_category;
// the temporary file is removed on failure.
[[nodiscard]] std::error_code WriteFileAtomically(const std::string& path,
                                                  const std::string& text);

// Creates and removes a file beside `path`, to learn at start-up whether WriteFileAtomically()
// will be able to write there. OS errors in system_category (EACCES, EROFS, ENOENT...).
[[nodiscard]] std::error_code CheckWritable(const std::string& path);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_METRICS_H_
