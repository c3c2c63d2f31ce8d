// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>

namespace churn::daemon {
namespace {

class Writer {
 public:
  void Family(const char* name, const char* type, const char* help) {
    text_ += "# HELP ";
    text_ += name;
    text_ += ' ';
    text_ += help;
    text_ += "\n# TYPE ";
    text_ += name;
    text_ += ' ';
    text_ += type;
    text_ += '\n';
  }
  void Sample(const char* name, const std::string& labels, std::uint64_t value) {
    Line(name, labels, std::to_string(value));
  }
  void Sample(const char* name, const std::string& labels, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    Line(name, labels, buffer);
  }
  std::string Take() { return std::move(text_); }

 private:
  void Line(const char* name, const std::string& labels, const std::string& value) {
    text_ += name;
    if (!labels.empty()) text_ += "{" + labels + "}";
    text_ += ' ';
    text_ += value;
    text_ += '\n';
  }
  std::string text_;
};

// Source names come from our registry ([a-z0-9]); escape anyway, as the format demands.
std::string Label(const char* key, const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return std::string(key) + "=\"" + escaped + "\"";
}

}  // namespace

std::string RenderMetrics(const MetricsSnapshot& snapshot) {
  Writer w;
  using harvest::SourceStats;
  struct Counter {
    const char* name;
    const char* help;
    std::uint64_t SourceStats::*field;
  };
  const Counter counters[] = {
      {"churn_source_raw_bytes_total", "Raw sample bytes harvested from the source.",
       &SourceStats::raw_bytes},
      {"churn_source_output_bytes_total",
       "Conditioned bytes the source contributed to.", &SourceStats::output_bytes},
      {"churn_source_credited_entropy_total",
       "Entropy, in bits, the harvester assigned to the source's output (what the kernel "
       "was credited is churn_credited_entropy_total).",
       &SourceStats::credited_bits},
      {"churn_source_quarantines_total", "Times the source was quarantined.",
       &SourceStats::quarantines},
      {"churn_source_read_errors_total", "Failed reads of the source.",
       &SourceStats::read_errors},
  };
  for (const Counter& counter : counters) {
    w.Family(counter.name, "counter", counter.help);
    for (const SourceStats& s : snapshot.sources) {
      w.Sample(counter.name, Label("source", s.name), s.*counter.field);
    }
  }
  w.Family("churn_source_health_failures_total", "counter",
           "Health-test failures per source and test (rct, apt: SP 800-90B; fips: FIPS 140-2).");
  for (const SourceStats& s : snapshot.sources) {
    w.Sample("churn_source_health_failures_total",
             Label("source", s.name) + "," + Label("test", "rct"), s.rct_failures);
    w.Sample("churn_source_health_failures_total",
             Label("source", s.name) + "," + Label("test", "apt"), s.apt_failures);
    w.Sample("churn_source_health_failures_total",
             Label("source", s.name) + "," + Label("test", "fips"), s.fips_failures);
  }
  w.Family("churn_source_state", "gauge", "1 for the state the source is in, else 0.");
  const harvest::SourceState states[] = {
      harvest::SourceState::kStarting, harvest::SourceState::kHealthy,
      harvest::SourceState::kQuarantined, harvest::SourceState::kStalled,
      harvest::SourceState::kAbsent};
  for (const SourceStats& s : snapshot.sources) {
    for (harvest::SourceState state : states) {
      w.Sample("churn_source_state", Label("source", s.name) + "," + Label("state", harvest::SourceStateName(state)),
               std::uint64_t{s.state == state ? 1U : 0U});
    }
  }
  w.Family("churn_source_claimed_entropy_per_sample", "gauge",
           "The min-entropy claim in force, in bits per raw sample.");
  for (const SourceStats& s : snapshot.sources) {
    w.Sample("churn_source_claimed_entropy_per_sample", Label("source", s.name),
             s.claim_bits_per_sample);
  }

  w.Family("churn_kernel_info", "gauge",
           "The kernel RNG generation churnd detected (modern: poolsize 256; legacy: 4096).");
  w.Sample("churn_kernel_info",
           Label("generation", GenerationName(snapshot.generation)) + "," +
               Label("poolsize_bits", std::to_string(snapshot.poolsize_bits)),
           std::uint64_t{1});
  w.Family("churn_kernel_crng_ready", "gauge", "1 once the kernel's CRNG is seeded.");
  w.Sample("churn_kernel_crng_ready", "", std::uint64_t{snapshot.crng_ready ? 1U : 0U});
  if (snapshot.entropy_avail_bits >= 0) {
    w.Family("churn_kernel_entropy_avail", "gauge", "The kernel's entropy estimate, in bits (/proc/sys/kernel/random/entropy_avail).");
    w.Sample("churn_kernel_entropy_avail", "",
             static_cast<std::uint64_t>(snapshot.entropy_avail_bits));
  }
  w.Family("churn_fed_bytes_total", "counter", "Bytes given to the kernel (RNDADDENTROPY).");
  w.Sample("churn_fed_bytes_total", "", snapshot.totals.fed_bytes);
  w.Family("churn_credited_entropy_total", "counter", "Entropy credited to the kernel, in bits (RNDADDENTROPY's entropy_count).");
  w.Sample("churn_credited_entropy_total", "", snapshot.totals.credited_bits);
  w.Family("churn_reseeds_total", "counter", "Successful RNDRESEEDCRNG requests.");
  w.Sample("churn_reseeds_total", "", snapshot.totals.reseeds);
  w.Family("churn_errors_total", "counter", "Survived run-time errors by where they arose.");
  w.Sample("churn_errors_total", Label("where", "harvest"), snapshot.totals.harvest_errors);
  w.Sample("churn_errors_total", Label("where", "kernel"), snapshot.totals.sink_errors);
  w.Family("churn_last_feed_timestamp_seconds", "gauge",
           "Unix time of the last feed of the kernel (0: never).");
  w.Sample("churn_last_feed_timestamp_seconds", "", snapshot.last_feed_unix_seconds);
  w.Family("churn_start_timestamp_seconds", "gauge", "Unix time churnd started.");
  w.Sample("churn_start_timestamp_seconds", "", snapshot.start_unix_seconds);
  return w.Take();
}

std::error_code WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp." + std::to_string(getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return {errno, std::system_category()};
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      close(fd);
      unlink(temp.c_str());
      return {saved, std::system_category()};
    }
    done += static_cast<std::size_t>(n);
  }
  if (close(fd) != 0 || rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    unlink(temp.c_str());
    return {saved, std::system_category()};
  }
  return {};
}

std::error_code CheckWritable(const std::string& path) {
  const std::string temp = path + ".check." + std::to_string(getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return {errno, std::system_category()};
  close(fd);
  unlink(temp.c_str());
  return {};
}

}  // namespace churn::daemon
