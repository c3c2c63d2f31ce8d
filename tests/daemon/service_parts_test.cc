// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
// The service's building blocks: pidfile locking, sd_notify, the log rate limiter, exit codes.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "daemon/errors.h"
#include "daemon/log.h"
#include "daemon/notify.h"
#include "daemon/pidfile.h"
#include "harvest/errors.h"

namespace churn::daemon {
namespace {

std::string TestPath(const char* suffix) {
  return ::testing::TempDir() + "churnd-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name() + suffix;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

TEST(PidfileTest, WritesThePidAndRemovesTheFileOnDestruction) {
  const std::string path = TestPath(".pid");
  {
    std::unique_ptr<Pidfile> pidfile;
    pid_t holder = -1;
    ASSERT_FALSE(Pidfile::Acquire(path, &pidfile, &holder));
    ASSERT_FALSE(pidfile->WritePid(getpid()));
    std::ifstream in(path);
    pid_t written = 0;
    in >> written;
    EXPECT_EQ(written, getpid());
  }
  EXPECT_FALSE(Exists(path));
}

TEST(PidfileTest, ASecondHolderIsRefusedAndToldWhoHoldsIt) {
  const std::string path = TestPath(".pid");
  std::unique_ptr<Pidfile> first;
  pid_t holder = 0;
  ASSERT_FALSE(Pidfile::Acquire(path, &first, &holder));
  ASSERT_FALSE(first->WritePid(getpid()));
  std::unique_ptr<Pidfile> second;
  EXPECT_EQ(Pidfile::Acquire(path, &second, &holder), DaemonErrc::kAlreadyRunning);
  EXPECT_EQ(holder, getpid());
  EXPECT_EQ(second, nullptr);
  EXPECT_TRUE(Exists(path));  // the refused attempt must not remove the holder's file
}

TEST(PidfileTest, AStaleUnlockedPidfileIsTakenOver) {
  const std::string path = TestPath(".pid");
  std::ofstream(path) << "999999999\n";
  std::unique_ptr<Pidfile> pidfile;
  pid_t holder = 0;
  ASSERT_FALSE(Pidfile::Acquire(path, &pidfile, &holder));
  ASSERT_FALSE(pidfile->WritePid(getpid()));
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, std::to_string(getpid()));
}

TEST(PidfileTest, UnwritableDirectoryIsAnOsError) {
  std::unique_ptr<Pidfile> pidfile;
  pid_t holder = 0;
  EXPECT_EQ(Pidfile::Acquire("/nonexistent-dir/churnd.pid", &pidfile, &holder),
            std::errc::no_such_file_or_directory);
}

class NotifyTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("NOTIFY_SOCKET"); }
};

TEST_F(NotifyTest, WithoutNotifySocketNothingHappens) {
  unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(NotifyServiceManager("READY=1"));
}

TEST_F(NotifyTest, SendsTheStateToAPathSocket) {
  const std::string path = TestPath(".sock");
  unlink(path.c_str());
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof address.sun_path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  setenv("NOTIFY_SOCKET", path.c_str(), 1);
  ASSERT_FALSE(NotifyServiceManager("READY=1"));
  char buffer[64] = {};
  const ssize_t n = recv(fd, buffer, sizeof buffer - 1, MSG_DONTWAIT);
  EXPECT_EQ(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0), "READY=1");
  close(fd);
  unlink(path.c_str());
}

TEST_F(NotifyTest, SendsTheStateToAnAbstractSocket) {
  const std::string name = "churnd-test-" + std::to_string(getpid());
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path + 1, name.data(), name.size());
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
  setenv("NOTIFY_SOCKET", ("@" + name).c_str(), 1);
  ASSERT_FALSE(NotifyServiceManager("STOPPING=1"));
  char buffer[64] = {};
  const ssize_t n = recv(fd, buffer, sizeof buffer - 1, MSG_DONTWAIT);
  EXPECT_EQ(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0), "STOPPING=1");
  close(fd);
}

TEST_F(NotifyTest, AMissingListenerIsReported) {
  setenv("NOTIFY_SOCKET", TestPath(".nobody").c_str(), 1);
  EXPECT_TRUE(NotifyServiceManager("READY=1"));
}

TEST(RateLimiterTest, AllowsABurstPerWindowAndCountsTheSuppressed) {
  RateLimiter limiter(2, std::chrono::seconds(60));
  const auto t0 = std::chrono::steady_clock::time_point() + std::chrono::hours(1);
  std::uint64_t suppressed = 99;
  EXPECT_TRUE(limiter.Allow("eio", t0, &suppressed));
  EXPECT_EQ(suppressed, 0U);
  EXPECT_TRUE(limiter.Allow("eio", t0 + std::chrono::seconds(1), &suppressed));
  EXPECT_FALSE(limiter.Allow("eio", t0 + std::chrono::seconds(2), &suppressed));
  EXPECT_FALSE(limiter.Allow("eio", t0 + std::chrono::seconds(3), &suppressed));
  EXPECT_TRUE(limiter.Allow("other", t0 + std::chrono::seconds(3), &suppressed));
  EXPECT_EQ(suppressed, 0U);
  EXPECT_TRUE(limiter.Allow("eio", t0 + std::chrono::seconds(61), &suppressed));
  EXPECT_EQ(suppressed, 2U);
}

TEST(ExitCodeTest, DocumentedCodes) {
  EXPECT_EQ(ExitCodeFor({}), 0);
  EXPECT_EQ(ExitCodeFor(DaemonErrc::kBadConfig), 64);
  EXPECT_EQ(ExitCodeFor(harvest::HarvestErrc::kNoUsableSource), 69);
  EXPECT_EQ(ExitCodeFor(harvest::HarvestErrc::kSelfTestFailed), 70);
  EXPECT_EQ(ExitCodeFor(DaemonErrc::kNotPermitted), 77);
  EXPECT_EQ(ExitCodeFor(DaemonErrc::kAlreadyRunning), 1);
  EXPECT_EQ(ExitCodeFor(std::make_error_code(std::errc::io_error)), 1);
}

}  // namespace
}  // namespace churn::daemon
