// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "tests/support/test_util.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>

namespace churn::test_util {
namespace {

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "(no test)";
  return std::string(info->test_suite_name()) + "." + info->name();
}

void WriteAll(int fd, const std::uint8_t* data, std::size_t size, const std::string& path) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n <= 0) {
      ADD_FAILURE() << "writing " << path << " failed";
      return;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

std::uint64_t SeedFromTestName() {
  const std::string name = TestName();
  const std::uint64_t hash = std::hash<std::string>{}(name);
  static std::string printed;
  if (printed != name) {
    std::printf("seed for %s: %llu\n", name.c_str(), static_cast<unsigned long long>(hash));
    printed = name;
  }
  return hash;
}

TempFile::TempFile(const std::vector<std::uint8_t>& data) {
  path_ = ::testing::TempDir() + "churn_test_XXXXXX";
  const int fd = ::mkstemp(path_.data());
  if (fd < 0) {
    ADD_FAILURE() << "mkstemp " << path_ << " failed";
    return;
  }
  WriteAll(fd, data.data(), data.size(), path_);
  ::close(fd);
}

TempFile::~TempFile() { ::unlink(path_.c_str()); }

TempDir::TempDir() {
  std::string pattern = ::testing::TempDir() + "churn_test_XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << pattern << " failed";
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Join(std::string_view name) const { return path_ + "/" + std::string(name); }

std::string TempDir::WriteFile(std::string_view name, std::string_view text) const {
  const std::string path = Join(name);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    ADD_FAILURE() << "open " << path << " failed";
    return path;
  }
  WriteAll(fd, reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), path);
  ::close(fd);
  return path;
}

nlohmann::json ParseJsonOrFail(std::string_view text) {
  // nlohmann keeps the last of two equal keys; a report with a duplicate key is wrong, so
  // the callback tracks the keys of every open object and flags a repeat.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  const auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event,
                            nlohmann::json& parsed) {
    switch (event) {
      case nlohmann::json::parse_event_t::object_start:
        keys.emplace_back();
        break;
      case nlohmann::json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case nlohmann::json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second &&
            duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    nlohmann::json value = nlohmann::json::parse(text, callback);
    if (!duplicate.empty()) {
      ADD_FAILURE() << "duplicate JSON key '" << duplicate << "' in: " << text;
      return nullptr;
    }
    return value;
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << "not JSON (" << e.what() << "): " << text;
    return nullptr;
  }
}

}  // namespace churn::test_util
