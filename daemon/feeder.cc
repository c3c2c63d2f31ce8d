// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The feeding policy: what churnd gives the kernel, when, and how much it credits.
//
// Kernel semantics (verified on Linux 6.18; the rework reached 5.18+ and the LTS branches):
// the input pool is a BLAKE2s hash and poolsize reads 256. Credited bits count only until the
// CRNG is ready (256 bits); after that entropy_avail stays 256, credits are ignored, and mixed
// data is used at the next reseed (every 60 s, or at once on RNDRESEEDCRNG, which answers
// ENODATA before the CRNG is ready). /dev/random polls writable only before readiness, so a
// feeder that waits for POLLOUT sleeps forever on a seeded modern kernel, and
// write_wakeup_threshold is accepted and ignored. Old kernels (poolsize 4096) count entropy
// down as it is read and wake writers (POLLOUT) below write_wakeup_threshold.
//
// Policy, chosen by poolsize and never by uname:
//   modern, CRNG not ready: feed health-tested conditioned chunks with their honest credit until
//     getrandom(GRND_NONBLOCK) succeeds; at most kMaxChunksPerRun per run so signals are seen.
//   modern, CRNG ready: right away and then every reseed_interval, mix one fresh chunk (its
//     credit still honest, though the kernel ignores it) and request RNDRESEEDCRNG.
//   legacy: top entropy_avail up to write_wakeup_threshold, then wait for POLLOUT (or the
//     interval, to refresh status and metrics).
//   --once: modern: until ready, or one reseed on a ready kernel; legacy: one top-up.
//
// Credit: the harvester's honest credit, clamped to 8 bits per byte (and the clamp counted: a
// harvester should never claim more), or 0 with --no-credit. Data that failed a test never
// reaches us. A chunk credited 0 bits cannot make progress on an unseeded kernel, so the run
// ends and the next one waits kNoProgressBackoff rather than spinning.
// The harvester never blocks: when its sources have too little tested output ready (starting,
// slow, quarantined, stalled, absent) the run ends and the next one comes kStarvedRetry later,
// so the caller keeps answering signals whatever the sources do. Quarantined or stalled sources
// are never fatal after start-up: the harvester retries them and feeding resumes.
// --once on an unseeded kernel ends when a chunk carries no credit (no credited source, or
// --no-credit): it reports that instead of waiting forever; the caller says the CRNG was not
// seeded by churnd.
// Errors: EPERM from the kernel is fatal (exit 77); anything else is counted, reported and
// retried after kErrorBackoff.
#include "daemon/feeder.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <string.h>  // explicit_bzero

#include "daemon/errors.h"
#include "harvest/errors.h"

namespace churn::daemon {
namespace {

using std::chrono::steady_clock;

constexpr int kModernPoolsizeBits = 256;   // poolsize on 5.18+ kernels
constexpr int kMaxChunksPerRun = 16;       // 1 KiB per run at the default chunk size
constexpr int kMaxLegacyChunksPerRun = 64; // a whole 4096-bit pool at 64 bits per chunk
constexpr std::chrono::seconds kNoProgressBackoff{1};
constexpr std::chrono::seconds kErrorBackoff{1};
constexpr std::chrono::milliseconds kStarvedRetry{100};

std::error_code ReadIntFile(const std::string& path, int* value) {
  std::ifstream in(path);
  if (!in) return {errno != 0 ? errno : ENOENT, std::system_category()};
  std::string text;
  std::getline(in, text);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  return {};
}

std::error_code WriteIntFile(const std::string& path, int value) {
  std::ofstream out(path);
  if (!out) return {errno != 0 ? errno : EACCES, std::system_category()};
  out << value << '\n';
  out.flush();
  if (!out) return std::make_error_code(std::errc::io_error);
  return {};
}

// A kernel error the feeder survives: counted, reported, retried after kErrorBackoff.
void SurviveSinkError(std::error_code ec, FeederTotals* totals, FeedReport* report) {
  ++totals->sink_errors;
  report->error = ec;
  report->next_wait = kErrorBackoff;
}

}  // namespace

const char* GenerationName(KernelGeneration generation) {
  return generation == KernelGeneration::kModern ? "modern" : "legacy";
}

Feeder::Feeder(const FeederOptions& options, KernelSink* sink, harvest::Harvester* harvester)
    : options_(options), sink_(sink), harvester_(harvester), chunk_(options.chunk_bytes) {}

Feeder::~Feeder() { explicit_bzero(chunk_.data(), chunk_.size()); }

std::error_code Feeder::Start() {
  if (auto ec = ReadIntFile(options_.proc_random_dir + "/poolsize", &poolsize_bits_)) return ec;
  generation_ =
      poolsize_bits_ <= kModernPoolsizeBits ? KernelGeneration::kModern : KernelGeneration::kLegacy;
  if (generation_ == KernelGeneration::kLegacy) {
    const std::string path = options_.proc_random_dir + "/write_wakeup_threshold";
    if (options_.write_wakeup_threshold_bits) {
      threshold_bits_ = std::min(*options_.write_wakeup_threshold_bits, poolsize_bits_);
      threshold_write_error_ = WriteIntFile(path, threshold_bits_);
    }
    if (!options_.write_wakeup_threshold_bits || threshold_write_error_) {
      if (auto ec = ReadIntFile(path, &threshold_bits_)) return ec;
    }
  }
  return {};
}

void Feeder::Reconfigure(const FeederOptions& options, harvest::Harvester* harvester) {
  const std::string proc_dir = options_.proc_random_dir;
  options_ = options;
  options_.proc_random_dir = proc_dir;
  harvester_ = harvester;
  // A new interval applies at once: the next reseed is due one new interval after the last.
  if (first_reseed_done_) next_reseed_ = last_reseed_ + options_.reseed_interval;
  explicit_bzero(chunk_.data(), chunk_.size());
  chunk_.assign(options_.chunk_bytes, 0);
  if (generation_ == KernelGeneration::kLegacy && options_.write_wakeup_threshold_bits) {
    threshold_bits_ = std::min(*options_.write_wakeup_threshold_bits, poolsize_bits_);
    (void)WriteIntFile(options_.proc_random_dir + "/write_wakeup_threshold", threshold_bits_);
  }
}

bool Feeder::FeedChunk(std::size_t bytes, FeedReport* report, std::uint64_t* credited_bits) {
  *credited_bits = 0;
  std::span<std::uint8_t> chunk(chunk_.data(), std::min(bytes, chunk_.size()));
  std::uint64_t entropy_bits = 0;
  if (auto ec = harvester_->Harvest(chunk, &entropy_bits)) {
    explicit_bzero(chunk.data(), chunk.size());
    if (ec == harvest::HarvestErrc::kNotReady) {
      ++totals_.starved_runs;
      report->starved = true;
      report->next_wait = kStarvedRetry;
    } else {
      ++totals_.harvest_errors;
      report->error = ec;
      report->next_wait = kErrorBackoff;
    }
    return false;
  }
  const std::uint64_t max_bits = 8 * static_cast<std::uint64_t>(chunk.size());
  if (entropy_bits > max_bits) {
    ++totals_.credit_clamps;
    entropy_bits = max_bits;
  }
  const auto credit = options_.no_credit ? 0U : static_cast<std::uint32_t>(entropy_bits);
  const std::error_code ec = sink_->AddEntropy(chunk, credit);
  explicit_bzero(chunk.data(), chunk.size());
  if (ec) {
    if (ec == std::errc::operation_not_permitted) {
      report->fatal = DaemonErrc::kNotPermitted;
    } else {
      SurviveSinkError(ec, &totals_, report);
    }
    return false;
  }
  ++totals_.feeds;
  totals_.fed_bytes += chunk.size();
  totals_.credited_bits += credit;
  report->fed_bytes += chunk.size();
  report->credited_bits += credit;
  *credited_bits = credit;
  return true;
}

FeedReport Feeder::RunOnce(steady_clock::time_point now) {
  FeedReport report =
      generation_ == KernelGeneration::kModern ? RunModern(now) : RunLegacy(now);
  if (report.fatal) return report;
  int avail = -1;
  if (!sink_->EntropyAvail(&avail)) report.entropy_avail_bits = avail;
  return report;
}

FeedReport Feeder::RunModern(steady_clock::time_point now) {
  FeedReport report;
  bool ready = false;
  if (auto ec = sink_->CrngReady(&ready)) {
    SurviveSinkError(ec, &totals_, &report);
    return report;
  }
  if (!ready) {
    for (int i = 0; i < kMaxChunksPerRun && !ready; ++i) {
      std::uint64_t credited = 0;
      if (!FeedChunk(options_.chunk_bytes, &report, &credited)) return report;
      if (auto ec = sink_->CrngReady(&ready)) {
        SurviveSinkError(ec, &totals_, &report);
        return report;
      }
      if (credited == 0 && !ready) {
        report.next_wait = kNoProgressBackoff;
        if (options_.once) {
          report.once_done = true;
          report.once_uncredited = true;
        }
        return report;
      }
    }
    if (!ready) {
      report.next_wait = steady_clock::duration::zero();
      return report;
    }
    // Seeded by us: that was this interval's fresh entropy.
    report.crng_ready = true;
    report.became_ready = !seen_ready_;
    seen_ready_ = true;
    first_reseed_done_ = true;
    report.cycle_completed = true;
    report.once_done = options_.once;
    last_reseed_ = now;
    next_reseed_ = now + options_.reseed_interval;
    report.next_wait = options_.reseed_interval;
    return report;
  }

  report.crng_ready = true;
  report.became_ready = !seen_ready_;
  seen_ready_ = true;
  if (!first_reseed_done_ || now >= next_reseed_) {
    std::uint64_t credited = 0;
    if (!FeedChunk(options_.chunk_bytes, &report, &credited)) return report;
    bool reseeded = false;
    if (auto ec = sink_->ReseedCrng(&reseeded)) {
      if (ec == std::errc::operation_not_permitted) {
        report.fatal = DaemonErrc::kNotPermitted;
        return report;
      }
      ++totals_.sink_errors;
      report.error = ec;
    }
    if (reseeded) ++totals_.reseeds;
    report.reseeded = reseeded;
    report.cycle_completed = true;
    report.once_done = options_.once;
    first_reseed_done_ = true;
    last_reseed_ = now;
    next_reseed_ = now + options_.reseed_interval;
  }
  report.next_wait = next_reseed_ - now;
  return report;
}

FeedReport Feeder::RunLegacy(steady_clock::time_point now) {
  FeedReport report;
  (void)now;
  bool ready = false;
  if (!sink_->CrngReady(&ready)) {
    report.crng_ready = ready;
    report.became_ready = ready && !seen_ready_;
    seen_ready_ = seen_ready_ || ready;
  }
  int avail = 0;
  if (auto ec = sink_->EntropyAvail(&avail)) {
    SurviveSinkError(ec, &totals_, &report);
    return report;
  }
  bool progress = true;
  bool fed = false;
  for (int i = 0; i < kMaxLegacyChunksPerRun && avail < threshold_bits_; ++i) {
    // Enough bytes for the deficit at full entropy, at most one chunk buffer.
    const auto deficit_bytes = static_cast<std::size_t>((threshold_bits_ - avail + 7) / 8);
    std::uint64_t credited = 0;
    if (!FeedChunk(std::max<std::size_t>(deficit_bytes, 8), &report, &credited)) return report;
    fed = true;
    if (credited == 0) {
      progress = false;
      break;
    }
    if (auto ec = sink_->EntropyAvail(&avail)) {
      SurviveSinkError(ec, &totals_, &report);
      return report;
    }
  }
  if (!sink_->CrngReady(&ready)) {
    report.crng_ready = ready;
    report.became_ready = report.became_ready || (ready && !seen_ready_);
    seen_ready_ = seen_ready_ || ready;
  }
  report.cycle_completed = true;
  report.once_done = options_.once;
  // Without progress (nothing credited) POLLOUT would fire again at once: wait for the
  // interval alone instead of spinning. Nor when nothing needed feeding: a kernel at its
  // threshold should not poll writable, and one that does anyway (a /dev/random that always
  // polls writable) would wake this loop at once forever.
  report.wait_for_writable = progress && fed;
  report.next_wait = options_.reseed_interval;
  return report;
}

}  // namespace churn::daemon
