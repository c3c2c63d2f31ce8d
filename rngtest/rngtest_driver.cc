// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Reproducing rngtest's observable behaviour while reading in large chunks:
//  - rngtest reads exactly what it needs (4 discard bytes in pipe mode, 4 seed bytes, then
//    2,500 per block). We read up to 1 MiB at a time, but with -c we never ask for more than
//    the bytes the remaining blocks need, so "bits received from input" is the same number
//    and the file offset left behind is the same. Without -c every byte is read anyway.
//  - The order of events per block is rngtest's: test, count, echo (pipe mode), then the -c
//    check (which skips that block's -b dump), then the -b/-t dump.
//  - Passed blocks are gathered and written in large writes; the buffer is flushed before
//    every statistics dump, so "bits sent to output" is always what has been written.
//  - The whole blocks of each read are counted first, on two threads when there are two
//    CPUs (rngtest/rngtest_counter.h), then judged one by one in stream order.
//  - Speeds are timed per read, per batch of tested blocks and per write instead of per block
//    (timing each 2 µs block would cost more than testing it), with avg = bits / time.
#include "rngtest/rngtest_driver.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "stats/fips140.h"
#include "rngtest/rngtest_counter.h"
#include "rngtest/suite_runner.h"

namespace churn::stats {
namespace {

constexpr std::size_t kReadChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kWriteChunkBytes = 400 * kFips140BlockBytes;  // ~1 MB

using Clock = std::chrono::steady_clock;

std::error_code Errno(int e) { return {e, std::system_category()}; }

class Run {
 public:
  Run(const RngtestOptions& options, RngtestInput& input, int out_fd, const RngtestSinks& sinks,
      const std::atomic<bool>* stop, Clock::time_point start, std::string_view prefix)
      : options_(options),
        input_(input),
        out_fd_(out_fd),
        sinks_(sinks),
        stop_(stop),
        start_(start),
        prefix_(prefix) {}

  int Execute();

 private:
  enum class End { kEndOfInput, kBlockCount, kSignal, kError };

  void Message(std::string_view text) {
    std::string line(prefix_);
    line.append(text);
    line.push_back('\n');
    sinks_.err(line);
  }
  bool Stopped() const { return stop_ != nullptr && stop_->load(std::memory_order_relaxed); }
  // Bytes before the first block: the seed word, after a discarded word in pipe mode.
  std::size_t HeaderBytes() const { return options_.pipe_mode ? 8 : 4; }

  // Reads more input after buf_[0, filled_). Returns false at the end of input, on a signal
  // or on an error (end_ says which).
  bool Fill();
  // Tests the whole blocks in buf_[consumed_, filled_). Returns false when the run ends.
  bool TestBlocks();
  bool Flush();
  // `final`: the last dump shows every byte read; a periodic one shows the bytes up to the
  // current block, which is what rngtest (reading block by block) has read at that point.
  void Dump(bool final);
  // Hands the JSON summary to the suites, which print their final report and
  // return the exit status, or with --json alone prints it; returns the status.
  int Summarize(const RngtestStats& stats, std::chrono::microseconds run_time, int status,
                std::string_view end);

  const RngtestOptions& options_;
  RngtestInput& input_;
  const int out_fd_;
  const RngtestSinks& sinks_;
  const std::atomic<bool>* const stop_;
  const Clock::time_point start_;
  const std::string_view prefix_;

  std::vector<std::uint8_t> buf_ = std::vector<std::uint8_t>(kReadChunkBytes);
  std::size_t filled_ = 0;
  std::size_t consumed_ = 0;
  std::vector<std::uint8_t> out_;
  RngtestStats stats_;
  Fips140Tester tester_{0};
  BlockCounter counter_;
  std::vector<Fips140Counts> counts_ =
      std::vector<Fips140Counts>(kReadChunkBytes / kFips140BlockBytes + 1);
  std::uint64_t blocks_ = 0;
  std::uint64_t blocks_since_dump_ = 0;
  Clock::time_point last_dump_ = Clock::now();
  End end_ = End::kEndOfInput;
  bool io_error_ = false;
  // churn's suites beyond FIPS 140-2 (rngtest/suite_runner.h); null for plain rngtest behaviour.
  std::unique_ptr<SuiteRunner> suites_ =
      MakeSuiteRunner(options_.suite, options_.json, sinks_.err, sinks_.json, prefix_);
};

bool Run::Fill() {
  std::size_t want = buf_.size() - filled_;
  if (options_.block_count != 0) {
    const std::uint64_t limit = HeaderBytes() + options_.block_count * kFips140BlockBytes;
    const std::uint64_t left = limit > stats_.bytes_received ? limit - stats_.bytes_received : 0;
    if (left < want) want = static_cast<std::size_t>(left);
  }
  if (want == 0) {
    end_ = End::kBlockCount;
    return false;
  }
  std::size_t got = 0;
  const Clock::time_point t0 = Clock::now();
  if (std::error_code ec = input_.Read({buf_.data() + filled_, want}, got, stop_)) {
    Message("error reading input: " + input_.current_name() + ": " + ec.message());
    end_ = End::kError;
    io_error_ = true;
    return false;
  }
  if (got == 0) {
    end_ = Stopped() ? End::kSignal : End::kEndOfInput;
    return false;
  }
  stats_.input.Add(got * 8, Clock::now() - t0);
  stats_.bytes_received += got;
  filled_ += got;
  if (suites_) suites_->Update({buf_.data() + filled_ - got, got}, stats_);
  return true;
}

bool Run::Flush() {
  std::size_t off = 0;
  while (off < out_.size()) {
    if (Stopped()) {
      // SIGINT/SIGTERM while the reader is slow: stop now, as rngtest does, and let the
      // caller print the statistics; what was not written is dropped.
      end_ = End::kSignal;
      out_.clear();
      return false;
    }
    const Clock::time_point t0 = Clock::now();
    // Wait until the output takes data (a non-blocking stdout says EAGAIN; rngtest waits),
    // looking at the stop flag every 100 ms so that a signal is honoured even if it came
    // just before the wait.
    pollfd p{out_fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    const ssize_t n = ::write(out_fd_, out_.data() + off, out_.size() - off);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      Message(std::string("error writing to output: ") + std::strerror(errno));
      end_ = End::kError;
      io_error_ = true;
      out_.clear();
      return false;
    }
    stats_.output.Add(static_cast<std::uint64_t>(n) * 8, Clock::now() - t0);
    stats_.bytes_sent += static_cast<std::uint64_t>(n);
    off += static_cast<std::size_t>(n);
  }
  out_.clear();
  return true;
}

void Run::Dump(bool final) {
  RngtestStats shown = stats_;
  if (!final) {
    shown.bytes_received = HeaderBytes() + blocks_ * kFips140BlockBytes;
  }
  sinks_.err(FormatStatsDump(prefix_, shown, options_.pipe_mode,
                             std::chrono::duration_cast<std::chrono::microseconds>(
                                 Clock::now() - start_)));
}

bool Run::TestBlocks() {
  Clock::time_point batch_start = Clock::now();
  std::uint64_t batch_blocks = 0;
  auto close_batch = [&] {
    if (batch_blocks != 0) {
      stats_.fips.Add(batch_blocks * kFips140BlockBits, Clock::now() - batch_start);
    }
    batch_blocks = 0;
  };
  const bool timed = options_.stats_interval.count() > 0;
  // Count every whole block of the buffer first (in parallel), then judge them in order.
  const std::size_t batch = (filled_ - consumed_) / kFips140BlockBytes;
  counter_.Count({buf_.data() + consumed_, batch * kFips140BlockBytes}, counts_);
  for (std::size_t k = 0; k < batch; ++k) {
    const Fips140Block block(buf_.data() + consumed_, kFips140BlockBytes);
    consumed_ += kFips140BlockBytes;
    const Fips140Result result = tester_.TestCountedBlock(block, counts_[k]);
    ++batch_blocks;
    if (result.Passed()) {
      ++stats_.successes;
      if (options_.pipe_mode) {
        out_.insert(out_.end(), block.begin(), block.end());
        if (out_.size() >= kWriteChunkBytes) {
          close_batch();
          if (!Flush()) return false;
          batch_start = Clock::now();
        }
      }
    } else {
      ++stats_.failures;
      for (Fips140Test t : kAllFips140Tests) {
        if (result.Failed(t)) ++stats_.test_failures[static_cast<std::size_t>(t)];
      }
    }
    ++blocks_;
    if (options_.block_count != 0 && blocks_ >= options_.block_count) {
      close_batch();
      end_ = End::kBlockCount;
      return false;
    }
    const bool by_count =
        options_.stats_every_blocks != 0 && ++blocks_since_dump_ >= options_.stats_every_blocks;
    bool by_time = false;
    if (timed) by_time = Clock::now() - last_dump_ > options_.stats_interval;
    if (by_count || by_time) {
      close_batch();
      if (!Flush()) return false;
      Dump(/*final=*/false);
      last_dump_ = Clock::now();
      blocks_since_dump_ = 0;
      batch_start = Clock::now();
    }
    if (Stopped()) {
      close_batch();
      end_ = End::kSignal;
      return false;
    }
  }
  close_batch();
  return true;
}

int Run::Execute() {
  out_.reserve(kWriteChunkBytes + kFips140BlockBytes);
  const std::size_t header = HeaderBytes();
  while (filled_ < header) {
    if (!Fill()) {
      if (io_error_) return kRngtestExitIo;
      // rngtest's behaviour for input shorter than the seed: one line, no statistics.
      if (!options_.pipe_mode && end_ == End::kEndOfInput) Message("entropy source exhausted!");
      RngtestStats empty = stats_;
      empty.untested_trailing_bytes = filled_;
      return Summarize(empty, {}, kRngtestExitFail, "short input");
    }
  }
  tester_ = Fips140Tester(Fips140Word(std::span<const std::uint8_t, 4>(buf_.data() + header - 4, 4)));
  consumed_ = header;
  while (TestBlocks()) {
    // Keep the partial block, then read more behind it.
    const std::size_t rest = filled_ - consumed_;
    std::memmove(buf_.data(), buf_.data() + consumed_, rest);
    filled_ = rest;
    consumed_ = 0;
    if (!Fill()) break;
  }
  if (end_ != End::kError) Flush();
  if (end_ == End::kEndOfInput && !options_.pipe_mode) Message("entropy source exhausted!");
  stats_.untested_trailing_bytes = filled_ - consumed_;
  Dump(/*final=*/true);
  Message("untested trailing bytes: " + std::to_string(stats_.untested_trailing_bytes));
  int status = kRngtestExitPass;
  if (io_error_) {
    status = kRngtestExitIo;
  } else if (stats_.failures != 0 || stats_.successes == 0) {
    status = kRngtestExitFail;
  }
  static constexpr const char* kEnds[] = {"end of input", "block count", "signal", "error"};
  return Summarize(stats_,
                   std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start_),
                   status, kEnds[static_cast<int>(end_)]);
}

int Run::Summarize(const RngtestStats& stats, std::chrono::microseconds run_time, int status,
                   std::string_view end) {
  if (suites_) {
    return suites_->Finish(stats, status, FormatJsonSummary(stats, run_time, status, end));
  }
  if (options_.json) sinks_.json(FormatJsonSummary(stats, run_time, status, end));
  return status;
}

}  // namespace

RngtestInput::RngtestInput(std::vector<std::string> paths) : paths_(std::move(paths)) {
  if (paths_.empty()) paths_.emplace_back("-");
}

RngtestInput::~RngtestInput() {
  if (owns_fd_) ::close(fd_);
}

std::error_code RngtestInput::OpenNext() {
  if (owns_fd_) ::close(fd_);
  owns_fd_ = false;
  fd_ = -1;
  const std::string& path = paths_[next_++];
  if (path == "-") {
    fd_ = STDIN_FILENO;
    name_ = "stdin";
  } else {
    name_ = path;
    do {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) return Errno(errno);
    owns_fd_ = true;
  }
  // A directory opens fine and fails on read; say so before reading.
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) return Errno(EISDIR);
#ifdef F_SETPIPE_SZ
  // From a pipe, 64 KiB per read means a wake-up per 26 blocks; ask for a larger pipe
  // (best effort: the limit is /proc/sys/fs/pipe-max-size, usually 1 MiB).
  if (S_ISFIFO(st.st_mode)) (void)::fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
#endif
  return {};
}

std::error_code RngtestInput::Read(std::span<std::uint8_t> buf, std::size_t& got,
                                   const std::atomic<bool>* stop) {
  got = 0;
  for (;;) {
    if (fd_ < 0) {
      if (next_ >= paths_.size()) return {};
      if (std::error_code ec = OpenNext()) return ec;
    }
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n > 0) {
      got = static_cast<std::size_t>(n);
      return {};
    }
    if (n == 0) {
      // End of this file; go on with the next one.
      if (owns_fd_) ::close(fd_);
      owns_fd_ = false;
      fd_ = -1;
      if (next_ >= paths_.size()) return {};
      continue;
    }
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
      if (stop != nullptr && stop->load(std::memory_order_relaxed)) return {};
      if (errno != EINTR) {
        // A non-blocking descriptor: wait for data instead of spinning.
        pollfd p{fd_, POLLIN, 0};
        (void)::poll(&p, 1, -1);
      }
      continue;
    }
    return Errno(errno);
  }
}

int RunRngtest(const RngtestOptions& options, RngtestInput& input, int out_fd,
               const RngtestSinks& sinks, const std::atomic<bool>* stop,
               std::chrono::steady_clock::time_point start, std::string_view prefix) {
  Run run(options, input, out_fd, sinks, stop, start, prefix);
  return run.Execute();
}

}  // namespace churn::stats
