// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
// The real kernel sink against this machine's /dev/random (label `kernel`). Every sink here is
// built with allow_credit = false, so even a bug in a test cannot credit entropy to the
// kernel: the sink refuses before the ioctl. Tests that need CAP_SYS_ADMIN skip on EPERM.
#include "daemon/kernel_sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "daemon/errors.h"

namespace churn::daemon {
namespace {

std::unique_ptr<KernelSink> OpenUncredited(const std::string& path = "/dev/random") {
  KernelSinkOptions options;
  options.device_path = path;
  options.allow_credit = false;  // the test-only guard
  std::unique_ptr<KernelSink> sink;
  const std::error_code ec = OpenKernelSink(options, &sink);
  EXPECT_FALSE(ec) << path << ": " << ec.message();
  return sink;
}

// Bytes to mix in: arbitrary and public, mixed with 0 credit they cannot harm the pool.
constexpr std::array<std::uint8_t, 32> kBytes = {
    0x63, 0x68, 0x75, 0x72, 0x6e, 0x20, 0x6b, 0x65, 0x72, 0x6e, 0x65, 0x6c, 0x20, 0x74, 0x65,
    0x73, 0x74, 0x2c, 0x20, 0x6e, 0x6f, 0x20, 0x63, 0x72, 0x65, 0x64, 0x69, 0x74, 0x2e, 0x00,
    0x01, 0x02};

TEST(KernelSinkTest, EntropyAvailWorksWithoutPrivilege) {
  auto sink = OpenUncredited();
  ASSERT_NE(sink, nullptr);
  int bits = -1;
  ASSERT_FALSE(sink->EntropyAvail(&bits));
  int poolsize = 0;
  std::ifstream("/proc/sys/kernel/random/poolsize") >> poolsize;
  EXPECT_GE(bits, 0);
  EXPECT_LE(bits, poolsize > 0 ? poolsize : 4096);
}

TEST(KernelSinkTest, AddEntropyWithZeroCreditWorks) {
  auto sink = OpenUncredited();
  ASSERT_NE(sink, nullptr);
  const std::error_code ec = sink->AddEntropy(kBytes, 0);
  if (ec == std::errc::operation_not_permitted) GTEST_SKIP() << "no CAP_SYS_ADMIN";
  EXPECT_FALSE(ec) << ec.message();
  // The zero-length probe churnd uses at start-up also works.
  EXPECT_FALSE(sink->AddEntropy({}, 0));
}

TEST(KernelSinkTest, TheTestGuardRefusesAnyCreditBeforeTheIoctl) {
  auto sink = OpenUncredited();
  ASSERT_NE(sink, nullptr);
  EXPECT_EQ(sink->AddEntropy(kBytes, 1), DaemonErrc::kCreditRefused);
}

TEST(KernelSinkTest, CreditAboveEightBitsPerByteIsRefused) {
  auto sink = OpenUncredited();
  ASSERT_NE(sink, nullptr);
  EXPECT_EQ(sink->AddEntropy(kBytes, 8 * kBytes.size() + 1), DaemonErrc::kCreditTooHigh);
  EXPECT_EQ(sink->AddEntropy({}, 1), DaemonErrc::kCreditTooHigh);
}

TEST(KernelSinkTest, ARegularFileIsRefusedAtOpen) {
  const std::string path = ::testing::TempDir() + "churn-not-a-random-device";
  std::ofstream(path) << "not a character device\n";
  KernelSinkOptions options;
  options.device_path = path;
  options.allow_credit = false;
  std::unique_ptr<KernelSink> sink;
  EXPECT_EQ(OpenKernelSink(options, &sink), DaemonErrc::kNotRandomDevice);
  EXPECT_EQ(sink, nullptr);
  unlink(path.c_str());
}

TEST(KernelSinkTest, ReseedCrngOnASeededKernel) {
  auto sink = OpenUncredited();
  ASSERT_NE(sink, nullptr);
  bool ready = false;
  ASSERT_FALSE(sink->CrngReady(&ready));
  if (!ready) GTEST_SKIP() << "the CRNG is not seeded yet";
  bool reseeded = false;
  const std::error_code ec = sink->ReseedCrng(&reseeded);
  if (ec == std::errc::operation_not_permitted) GTEST_SKIP() << "no CAP_SYS_ADMIN";
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_TRUE(reseeded);
}

TEST(KernelSinkTest, OpeningAMissingDeviceFails) {
  KernelSinkOptions options;
  options.device_path = "/nonexistent/random";
  options.allow_credit = false;
  std::unique_ptr<KernelSink> sink;
  EXPECT_EQ(OpenKernelSink(options, &sink), std::errc::no_such_file_or_directory);
}

// /dev/urandom (1:9) polls writable at all times and /dev/null or /dev/zero are no random device: all are
// refused before any feeding, whatever a distribution links /dev/random to.
TEST(KernelSinkTest, AnythingButTheCharacterDevice1To8IsRefused) {
  KernelSinkOptions options;
  options.allow_credit = false;
  std::unique_ptr<KernelSink> sink;
  for (const char* path : {"/dev/urandom", "/dev/null", "/dev/zero"}) {
    options.device_path = path;
    EXPECT_EQ(OpenKernelSink(options, &sink), DaemonErrc::kNotRandomDevice) << path;
    EXPECT_EQ(sink, nullptr) << path;
  }
}

}  // namespace
}  // namespace churn::daemon
