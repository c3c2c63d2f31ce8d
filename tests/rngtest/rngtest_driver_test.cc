// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "rngtest/rngtest_driver.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "stats/fips140.h"
#include "tests/rngtest/rngtest_test_support.h"

namespace churn::stats {
namespace {

using Bytes = std::vector<std::uint8_t>;
using test_support::SeedFromTestName;
using test_support::TempFile;

Bytes RandomBytes(std::mt19937_64& rng, std::size_t n) {
  Bytes b(n);
  for (auto& v : b) v = static_cast<std::uint8_t>(rng());
  return b;
}

struct Outcome {
  int status = -1;
  std::string err;
  std::string json;
  Bytes out;
};

Outcome RunOn(const std::vector<std::string>& paths, RngtestOptions options,
              const std::atomic<bool>* stop = nullptr) {
  options.inputs = paths;
  Outcome o;
  TempFile out_file({});
  const int out_fd = ::open(out_file.path().c_str(), O_WRONLY | O_TRUNC);
  RngtestInput input(options.inputs);
  const RngtestSinks sinks{[&o](std::string_view t) { o.err.append(t); },
                           [&o](std::string_view t) { o.json.append(t); }};
  o.status = RunRngtest(options, input, out_fd, sinks, stop, std::chrono::steady_clock::now(),
                        "t: ");
  ::close(out_fd);
  std::FILE* f = std::fopen(out_file.path().c_str(), "rb");
  int c;
  while ((c = std::fgetc(f)) != EOF) o.out.push_back(static_cast<std::uint8_t>(c));
  std::fclose(f);
  return o;
}

// The number after "t: <label>: " in the last dump.
std::uint64_t Stat(const std::string& err, const std::string& label) {
  const std::string key = "t: " + label + ": ";
  const std::size_t at = err.rfind(key);
  if (at == std::string::npos) return ~std::uint64_t{0};
  return std::stoull(err.substr(at + key.size()));
}

TEST(RngtestDriverTest, SeedIsTheFourBytesBeforeTheFirstBlock) {
  std::mt19937_64 rng(SeedFromTestName());
  Bytes data = RandomBytes(rng, 8 + 4 * kFips140BlockBytes);
  std::copy(data.begin(), data.begin() + 4, data.begin() + 4);  // word 1 == word 0
  TempFile file(data);
  // Without -p the seed is bytes 0..3 and the first block starts at byte 4: a repeat.
  const Outcome plain = RunOn({file.path()}, {});
  EXPECT_EQ(Stat(plain.err, "FIPS 140-2(2001-10-10) Continuous run"), 1u) << plain.err;
  // With -p bytes 0..3 are discarded, the seed is bytes 4..7: no repeat.
  RngtestOptions pipe;
  pipe.pipe_mode = true;
  const Outcome piped = RunOn({file.path()}, pipe);
  EXPECT_EQ(Stat(piped.err, "FIPS 140-2(2001-10-10) Continuous run"), 0u) << piped.err;
  EXPECT_EQ(Stat(piped.err, "bits received from input"), data.size() * 8);
}

TEST(RngtestDriverTest, PipeModeEchoesExactlyThePassedBlocks) {
  std::mt19937_64 rng(SeedFromTestName());
  Bytes data = RandomBytes(rng, 8 + 6 * kFips140BlockBytes + 7);
  // Block 2 is all zeros: fails every test.
  std::fill_n(data.begin() + 8 + 2 * kFips140BlockBytes, kFips140BlockBytes, 0);
  TempFile file(data);
  RngtestOptions pipe;
  pipe.pipe_mode = true;
  const Outcome o = RunOn({file.path()}, pipe);
  EXPECT_EQ(o.status, kRngtestExitFail);
  Bytes expected(data.begin() + 8, data.begin() + 8 + 2 * kFips140BlockBytes);
  expected.insert(expected.end(), data.begin() + 8 + 3 * kFips140BlockBytes,
                  data.begin() + 8 + 6 * kFips140BlockBytes);
  EXPECT_EQ(o.out, expected);
  EXPECT_EQ(Stat(o.err, "bits sent to output"), expected.size() * 8);
  EXPECT_EQ(Stat(o.err, "FIPS 140-2 failures"), 1u);
  for (const char* t : {"Monobit", "Poker", "Runs", "Long run"}) {
    EXPECT_EQ(Stat(o.err, std::string("FIPS 140-2(2001-10-10) ") + t), 1u) << t;
  }
  EXPECT_EQ(Stat(o.err, "untested trailing bytes"), 7u);
  EXPECT_EQ(o.err.find("exhausted"), std::string::npos);  // pipe mode is silent
}

TEST(RngtestDriverTest, BlockCountStopsAndReadsNoFurther) {
  std::mt19937_64 rng(SeedFromTestName());
  const Bytes data = RandomBytes(rng, 4 + 10 * kFips140BlockBytes);
  TempFile file(data);
  RngtestOptions opts;
  opts.block_count = 3;
  const Outcome o = RunOn({file.path()}, opts);
  EXPECT_EQ(Stat(o.err, "FIPS 140-2 successes") + Stat(o.err, "FIPS 140-2 failures"), 3u);
  EXPECT_EQ(Stat(o.err, "bits received from input"), (4 + 3 * kFips140BlockBytes) * 8);
  EXPECT_EQ(o.err.find("exhausted"), std::string::npos);
}

TEST(RngtestDriverTest, BlockStatsDumpEveryNBlocksButNotAtTheCountLimit) {
  std::mt19937_64 rng(SeedFromTestName());
  const Bytes data = RandomBytes(rng, 4 + 10 * kFips140BlockBytes);
  TempFile file(data);
  RngtestOptions opts;
  opts.stats_every_blocks = 2;
  opts.block_count = 6;
  const Outcome o = RunOn({file.path()}, opts);
  std::size_t dumps = 0;
  for (std::size_t at = 0; (at = o.err.find("Program run time", at)) != std::string::npos; ++at) {
    ++dumps;
  }
  // After blocks 2 and 4 (block 6 hits -c first), then the final dump.
  EXPECT_EQ(dumps, 3u) << o.err;
  EXPECT_NE(o.err.find("bits received from input: " + std::to_string((4 + 2 * 2500) * 8)),
            std::string::npos);
}

TEST(RngtestDriverTest, ExitStatusAndShortInput) {
  std::mt19937_64 rng(SeedFromTestName());
  TempFile empty({});
  const Outcome e = RunOn({empty.path()}, {});
  EXPECT_EQ(e.status, kRngtestExitFail);
  EXPECT_EQ(e.err, "t: entropy source exhausted!\n");
  TempFile seed_only(RandomBytes(rng, 4 + 100));
  const Outcome s = RunOn({seed_only.path()}, {});
  EXPECT_EQ(s.status, kRngtestExitFail);  // no block tested
  EXPECT_EQ(Stat(s.err, "untested trailing bytes"), 100u);
  TempFile good(RandomBytes(rng, 4 + 2 * kFips140BlockBytes));
  EXPECT_EQ(RunOn({good.path()}, {}).status, kRngtestExitPass);
}

TEST(RngtestDriverTest, FilesAreOneStream) {
  std::mt19937_64 rng(SeedFromTestName());
  const Bytes data = RandomBytes(rng, 4 + 5 * kFips140BlockBytes + 3);
  TempFile whole(data);
  TempFile a(Bytes(data.begin(), data.begin() + 3001));
  TempFile b(Bytes(data.begin() + 3001, data.end()));
  const Outcome one = RunOn({whole.path()}, {});
  const Outcome two = RunOn({a.path(), b.path()}, {});
  EXPECT_EQ(one.status, two.status);
  for (const char* label : {"bits received from input", "FIPS 140-2 successes",
                            "FIPS 140-2 failures", "untested trailing bytes"}) {
    EXPECT_EQ(Stat(one.err, label), Stat(two.err, label)) << label;
  }
}

TEST(RngtestDriverTest, MissingFileIsAnInputError) {
  const Outcome o = RunOn({::testing::TempDir() + "no/such/file"}, {});
  EXPECT_EQ(o.status, kRngtestExitIo);
  EXPECT_NE(o.err.find("error reading input"), std::string::npos);
}

TEST(RngtestDriverTest, ClosedOutputIsAnIoErrorNotACrash) {
  ::signal(SIGPIPE, SIG_IGN);
  std::mt19937_64 rng(SeedFromTestName());
  TempFile file(RandomBytes(rng, 8 + 3 * kFips140BlockBytes));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  RngtestOptions opts;
  opts.pipe_mode = true;
  opts.inputs = {file.path()};
  RngtestInput input(opts.inputs);
  std::string err;
  const RngtestSinks sinks{[&err](std::string_view t) { err.append(t); },
                           [](std::string_view) {}};
  EXPECT_EQ(RunRngtest(opts, input, fds[1], sinks, nullptr, std::chrono::steady_clock::now()),
            kRngtestExitIo);
  ::close(fds[1]);
  EXPECT_NE(err.find("error writing to output"), std::string::npos) << err;
}

TEST(RngtestDriverTest, StopFlagEndsAfterTheCurrentBlock) {
  std::mt19937_64 rng(SeedFromTestName());
  TempFile file(RandomBytes(rng, 4 + 50 * kFips140BlockBytes));
  std::atomic<bool> stop{true};
  const Outcome o = RunOn({file.path()}, {}, &stop);
  EXPECT_EQ(Stat(o.err, "FIPS 140-2 successes") + Stat(o.err, "FIPS 140-2 failures"), 1u);
}

TEST(RngtestDriverTest, JsonSummary) {
  std::mt19937_64 rng(SeedFromTestName());
  TempFile file(RandomBytes(rng, 4 + 2 * kFips140BlockBytes + 9));
  RngtestOptions opts;
  opts.json = true;
  const Outcome o = RunOn({file.path()}, opts);
  EXPECT_NE(o.json.find("\"untested_trailing_bytes\":9"), std::string::npos) << o.json;
  EXPECT_NE(o.json.find("\"exit_code\":" + std::to_string(o.status)), std::string::npos);
}

}  // namespace
}  // namespace churn::stats
