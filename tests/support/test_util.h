// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// What churn's GoogleTest files share beyond the fakes: randomness seeded from the test's
// name (and printed, so a failure can be replayed), temporary files and directories removed
// at the end of the test, and a strict JSON reader (nlohmann-json) for the reports churn
// writes. Test support only; not thread-safe.
#ifndef CHURN_TESTS_SUPPORT_TEST_UTIL_H_
#define CHURN_TESTS_SUPPORT_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace churn::test_util {

// A seed derived from "Suite.Test" (std::hash of the name: the same on every run with this
// standard library), so each test is reproducible on its own. Prints "seed for Suite.Test: N" once per test, which ctest
// shows with a failure's output.
[[nodiscard]] std::uint64_t SeedFromTestName();

// A temporary file holding `data` (mode 0600) under ::testing::TempDir(), removed when this
// goes out of scope. A failure to create or write it fails the test.
class TempFile {
 public:
  explicit TempFile(const std::vector<std::uint8_t>& data);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A temporary directory under ::testing::TempDir(), removed with everything in it when this
// goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  // path() + "/" + name.
  [[nodiscard]] std::string Join(std::string_view name) const;
  // Writes `text` to Join(name) and returns that path; a failure fails the test.
  std::string WriteFile(std::string_view name, std::string_view text) const;

 private:
  std::string path_;
};

// Parses `text` as exactly one JSON value. A syntax error, trailing text or a duplicate key in
// any object fails the test (ADD_FAILURE, naming the offset) and returns null.
[[nodiscard]] nlohmann::json ParseJsonOrFail(std::string_view text);

}  // namespace churn::test_util

#endif  // CHURN_TESTS_SUPPORT_TEST_UTIL_H_
