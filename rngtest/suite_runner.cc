// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Work split: the driver's thread reads and runs FIPS 140-2; here, on that
// same thread, the SP 800-90B health tests (word-at-a-time, ~1 GB/s) and the
// copy of the first --estimate-bytes samples; on one helper thread, ent (the
// slowest accumulator) over copies of the same chunks, in order. The two
// threads roughly balance on two cores, so the pass runs at about the speed
// of the slower of them instead of the sum. Nothing depends on the order in
// which the threads finish: every statistic is a function of the bytes alone.
//
// Interim reports (--progressive) fall exactly on 1 MiB, 2 MiB, 4 MiB, ...:
// chunks are split there, the health report is taken on this thread at the
// boundary and travels with the chunk; the ent worker completes the report at
// the same byte and queues its text, which this thread prints at its next
// call, so the sinks are only ever used from the caller's thread. The FIPS
// counts in an interim report are the driver's once it has tested the read
// that crossed the boundary (the first call after it): the blocks up to the
// end of that read, whose number the report states.
//
// The estimators start on their own thread as soon as their samples are in,
// so they overlap the rest of the pass; a stream shorter than --estimate-bytes
// runs them at the end on what there is (at least 1000 samples, else a clear
// "too few samples" line).
#include "rngtest/suite_runner.h"

#include <pthread.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rngtest/rngtest_exit.h"
#include "rngtest/suite_report.h"
#include "stats/ent.h"
#include "stats/estimators.h"
#include "stats/iid_tests.h"
#include "stats/stream_health.h"

namespace churn::stats {
namespace {

constexpr std::uint64_t kFirstReportBytes = std::uint64_t{1} << 20;
constexpr std::size_t kMaxQueuedBytes = std::size_t{4} << 20;

FipsCounts CountsOf(const RngtestStats& stats) {
  FipsCounts c;
  c.blocks = stats.successes + stats.failures;
  c.failures = stats.failures;
  c.test_failures = stats.test_failures;
  return c;
}

class Runner final : public SuiteRunner {
 public:
  Runner(const SuiteOptions& options, bool json, SuiteSink err, SuiteSink json_sink,
         std::string_view prefix)
      : options_(options),
        json_(json),
        err_(std::move(err)),
        json_sink_(std::move(json_sink)),
        prefix_(prefix),
        health_(options.h_claim_bits),
        ent_(options.ent_bits ? EntMode::kBits : EntMode::kBytes) {
    if (options_.Samples() && options_.estimate_bytes != 0) {
      samples_.reserve(static_cast<std::size_t>(options_.estimate_bytes));
    }
    // Without a thread (pthread_create failed) ent runs inline in Enqueue.
    if (options_.ent) worker_running_ = StartThread(&worker_, [](void* self) {
      static_cast<Runner*>(self)->Work();
    });
  }

  ~Runner() override { Stop(); }

  void Update(std::span<const std::uint8_t> bytes, const RngtestStats& fips) override {
    // The driver has tested every block of the earlier chunks by now.
    fips_now_ = CountsOf(fips);
    RecordFips();
    Drain(chunk_);
    while (!bytes.empty()) {
      std::size_t take = bytes.size();
      bool boundary = false;
      if (options_.progressive && bytes_ + take >= next_report_) {
        take = static_cast<std::size_t>(next_report_ - bytes_);
        boundary = true;
      }
      const std::span<const std::uint8_t> piece = bytes.first(take);
      bytes = bytes.subspan(take);
      if (options_.sp800_90b) health_.Update(piece);
      if (options_.Samples()) CollectSamples(piece);
      bytes_ += take;
      Item item;
      item.boundary = boundary;
      item.chunk = chunk_;
      if (boundary) {
        if (boundary_fips_.empty() || boundary_fips_.back().first != chunk_) {
          boundary_fips_.push_back({chunk_, std::nullopt});
        }
        item.snapshot.bytes = bytes_;
        if (options_.sp800_90b) item.snapshot.health = health_.Report();
        next_report_ *= 2;
      }
      if (options_.ent) {
        Enqueue(piece, std::move(item));
      } else if (boundary) {
        std::lock_guard lock(mu_);
        finished_.push_back({chunk_, std::move(item.snapshot)});
      }
    }
    ++chunk_;
  }

  int Finish(const RngtestStats& fips, int rngtest_status, std::string_view fips_json) override {
    Stop();
    fips_now_ = CountsOf(fips);
    RecordFips();
    Drain(chunk_);
    SuiteSnapshot s;
    s.final = true;
    s.bytes = bytes_;
    s.fips = fips_now_;
    s.fips_json = std::string(fips_json);
    while (!s.fips_json.empty() && s.fips_json.back() == '\n') s.fips_json.pop_back();
    if (options_.ent) s.ent = ent_.Report();
    if (options_.Samples() && options_.estimate_bytes != 0 && !estimator_started_) {
      RunEstimators();
    }
    if (options_.sp800_90b_iid) {
      s.estimator_samples_requested = options_.estimate_bytes;
      s.estimator_samples_available = samples_.size();
      s.estimator_wide_offset = wide_offset_;
      s.estimator_wide_value = wide_value_;
      s.iid_error = iid_error_;
      s.iid_ran = !iid_error_;
      s.iid = iid_report_;
    }
    if (options_.sp800_90b) {
      s.health = health_.Report();
      s.estimator_samples_requested = options_.estimate_bytes;
      s.estimator_samples_available = samples_.size();
      if (options_.estimate_bytes != 0) {
        s.estimator_error = estimator_error_;
        s.estimator_wide_offset = wide_offset_;
        s.estimator_wide_value = wide_value_;
        s.estimators_ran = !estimator_error_;
        s.estimators = estimator_report_;
      }
      if (options_.restart_rows != 0) {
        // H_I: the estimators' assessment of the sequential data (90B 3.1.3), else the claim.
        double h_initial = std::min(options_.h_claim_bits,
                                    static_cast<double>(options_.bits_per_sample));
        if (s.estimators_ran) h_initial = s.estimators.min_entropy_bits;
        if (!(h_initial > 0.0)) {
          s.restart_error = EstimatorErrc::kTooFewSamples;
        } else {
          std::vector<std::uint8_t> m = restart_samples_;
          if (options_.mask_samples) {
            const auto mask = static_cast<std::uint8_t>((1u << options_.bits_per_sample) - 1u);
            for (auto& b : m) b = static_cast<std::uint8_t>(b & mask);
          }
          s.restart_error = RestartTest(m, options_.restart_rows, options_.restart_cols,
                                        options_.bits_per_sample, h_initial, &s.restart);
        }
        s.restart_ran = !s.restart_error;
      }
    }
    int status = rngtest_status;
    if (options_.verdict) {
      ComputeSuiteVerdict(options_, s);
      const bool os_or_io = rngtest_status == kRngtestExitUsage ||
                            rngtest_status == kRngtestExitIo || rngtest_status == kRngtestExitOs;
      if (!os_or_io) status = VerdictExitCode(s);
    }
    s.exit_code = status;
    err_(FormatSuiteText(options_, s, prefix_));
    if (json_) json_sink_(FormatSuiteJson(options_, s));
    return status;
  }

 private:
  struct Item {
    std::vector<std::uint8_t> data;
    bool boundary = false;
    std::uint64_t chunk = 0;  // index of the Update() call it came from
    SuiteSnapshot snapshot;
  };
  struct Finished {
    std::uint64_t chunk = 0;
    SuiteSnapshot snapshot;  // all but the FIPS counts and the verdict
  };

  void CollectRestartSamples(std::span<const std::uint8_t> piece) {
    const auto want = static_cast<std::size_t>(options_.restart_rows) *
                      static_cast<std::size_t>(options_.restart_cols);
    if (restart_samples_.size() >= want) return;
    const std::span<const std::uint8_t> use =
        piece.first(std::min(want - restart_samples_.size(), piece.size()));
    restart_samples_.insert(restart_samples_.end(), use.begin(), use.end());
  }

  void CollectSamples(std::span<const std::uint8_t> piece) {
    if (options_.restart_rows != 0) CollectRestartSamples(piece);
    if (options_.estimate_bytes == 0 || estimator_started_) return;
    const std::size_t want = static_cast<std::size_t>(options_.estimate_bytes) - samples_.size();
    const std::span<const std::uint8_t> use = piece.first(std::min(want, piece.size()));
    const auto mask = static_cast<std::uint8_t>((1u << options_.bits_per_sample) - 1u);
    if (!options_.mask_samples && !wide_found_) {
      // As NIST's tool: a sample wider than the stated width is refused, not masked.
      for (std::size_t i = 0; i < use.size(); ++i) {
        if ((use[i] & ~mask) != 0) {
          wide_found_ = true;
          wide_offset_ = samples_.size() + i;
          wide_value_ = use[i];
          break;
        }
      }
    }
    for (const std::uint8_t b : use) samples_.push_back(static_cast<std::uint8_t>(b & mask));
    if (samples_.size() == options_.estimate_bytes) {
      // Without a thread the estimators run in Finish().
      estimator_started_ = StartThread(&estimator_thread_, [](void* self) {
        static_cast<Runner*>(self)->RunEstimators();
      });
      estimator_running_ = estimator_started_;
    }
  }

  // On the estimator thread, or in Finish(): touches only samples_ (complete
  // and no longer written) and the estimator results.
  // The IID track runs after the estimators, on the same thread.
  void RunEstimators() {
    if (wide_found_) {
      estimator_error_ = iid_error_ = EstimatorErrc::kSampleOutOfRange;
      return;
    }
    if (options_.sp800_90b) {
      estimator_error_ =
          EstimateMinEntropy(samples_, options_.bits_per_sample, &estimator_report_);
    }
    if (options_.sp800_90b_iid) {
      iid_error_ = AssessIid(samples_, options_.bits_per_sample, options_.iid_seed, &iid_report_,
                             options_.iid_all_statistics ? PermutationScope::kAllStatistics
                                                         : PermutationScope::kUntilVerdict);
    }
  }


  // pthread_create rather than std::thread: a failure is a return code here,
  // not an exception, and the work then runs on the caller's thread.
  bool StartThread(pthread_t* thread, void (*body)(void*)) {
    struct Start {
      void (*body)(void*);
      Runner* self;
    };
    auto* start = new Start{body, this};
    const int rc = pthread_create(
        thread, nullptr,
        [](void* arg) -> void* {
          const Start s = *static_cast<Start*>(arg);
          delete static_cast<Start*>(arg);
          s.body(s.self);
          return nullptr;
        },
        start);
    if (rc != 0) delete start;
    return rc == 0;
  }

  void Enqueue(std::span<const std::uint8_t> piece, Item item) {
    if (!worker_running_) {
      ent_.Update(piece);
      if (item.boundary) {
        item.snapshot.ent = ent_.Report();
        std::lock_guard lock(mu_);
        finished_.push_back({item.chunk, std::move(item.snapshot)});
      }
      return;
    }
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return queued_bytes_ < kMaxQueuedBytes; });
    if (!spare_.empty()) {
      item.data = std::move(spare_.back());
      spare_.pop_back();
    }
    lock.unlock();
    item.data.assign(piece.begin(), piece.end());
    lock.lock();
    queued_bytes_ += piece.size();
    queue_.push_back(std::move(item));
    lock.unlock();
    work_.notify_one();
  }

  void Work() {
    std::unique_lock lock(mu_);
    for (;;) {
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and nothing left
      Item item = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      ent_.Update(item.data);
      if (item.boundary) item.snapshot.ent = ent_.Report();
      lock.lock();
      if (item.boundary) finished_.push_back({item.chunk, std::move(item.snapshot)});
      queued_bytes_ -= item.data.size();
      if (spare_.size() < 4) spare_.push_back(std::move(item.data));
      room_.notify_one();
    }
  }

  // Joins the helper threads (idempotent).
  void Stop() {
    if (worker_running_) {
      {
        std::lock_guard lock(mu_);
        stopping_ = true;
      }
      work_.notify_one();
      pthread_join(worker_, nullptr);
      worker_running_ = false;
    }
    if (estimator_running_) {
      pthread_join(estimator_thread_, nullptr);
      estimator_running_ = false;
    }
  }

  // Chunks with an interim report get the FIPS counts once the driver has
  // tested them, i.e. at the next call.
  void RecordFips() {
    for (auto& [chunk, counts] : boundary_fips_) {
      if (!counts && chunk < chunk_) counts = fips_now_;
    }
  }

  // Prints, in stream order, the interim reports complete with ent whose
  // chunk came before `chunk` (so fips_now_ covers it).
  void Drain(std::uint64_t chunk) {
    std::vector<Finished> ready;
    {
      std::lock_guard lock(mu_);
      while (!finished_.empty() && finished_.front().chunk < chunk) {
        ready.push_back(std::move(finished_.front()));
        finished_.pop_front();
      }
    }
    for (Finished& f : ready) {
      while (boundary_fips_.size() > 1 && boundary_fips_.front().first < f.chunk) {
        boundary_fips_.pop_front();
      }
      SuiteSnapshot& s = f.snapshot;
      s.fips = boundary_fips_.front().second.value_or(fips_now_);
      if (options_.verdict) ComputeSuiteVerdict(options_, s);
      (json_ ? json_sink_ : err_)(json_ ? FormatSuiteJson(options_, s)
                                        : FormatProgressiveLine(options_, s, prefix_));
    }
  }

  const SuiteOptions options_;
  const bool json_;
  const SuiteSink err_;
  const SuiteSink json_sink_;
  const std::string prefix_;

  StreamHealth health_;
  std::uint64_t bytes_ = 0;
  std::uint64_t next_report_ = kFirstReportBytes;
  FipsCounts fips_now_;
  std::uint64_t chunk_ = 0;  // Update() calls so far
  // Per chunk holding a report boundary: the FIPS counts once it is tested.
  std::deque<std::pair<std::uint64_t, std::optional<FipsCounts>>> boundary_fips_;

  std::vector<std::uint8_t> samples_;
  bool estimator_started_ = false;
  pthread_t estimator_thread_{};
  bool estimator_running_ = false;
  std::error_code estimator_error_;
  std::vector<std::uint8_t> restart_samples_;  // the first rows x cols bytes
  bool wide_found_ = false;  // a sample wider than --bits-per-sample (without --mask-samples)
  std::uint64_t wide_offset_ = 0;
  int wide_value_ = 0;
  EstimatorReport estimator_report_;
  std::error_code iid_error_;
  IidReport iid_report_;

  EntStats ent_;  // owned by worker_ while it runs
  pthread_t worker_{};
  bool worker_running_ = false;
  std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable room_;
  std::deque<Item> queue_;
  std::vector<std::vector<std::uint8_t>> spare_;
  std::size_t queued_bytes_ = 0;
  bool stopping_ = false;
  std::deque<Finished> finished_;  // interim reports waiting for their FIPS counts
};

}  // namespace

std::unique_ptr<SuiteRunner> MakeSuiteRunner(const SuiteOptions& options, bool json,
                                             SuiteSink err, SuiteSink json_sink,
                                             std::string_view prefix) {
  if (!options.Active()) return nullptr;
  return std::make_unique<Runner>(options, json, std::move(err), std::move(json_sink), prefix);
}

}  // namespace churn::stats
