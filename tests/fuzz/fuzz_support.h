// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// What the libFuzzer targets in tests/fuzz share: a failed property is a crash (libFuzzer
// saves the input), and an input file that lives in memory (memfd) for the parsers that take
// a path.
#ifndef CHURN_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define CHURN_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace churn::fuzz {

// Aborts with `what` on stderr when `ok` is false: libFuzzer reports the crash and writes the
// input to crash-<sha1>. Used instead of assert() so that Release builds check too.
inline void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property failed: %s\n", what);
    std::abort();
  }
}

// One line of text: not empty, no newline. The documented shape of every error message.
inline bool IsOneLine(std::string_view text) {
  return !text.empty() && text.find('\n') == std::string_view::npos;
}

// True when one of `args` contains a newline.
inline bool AnyHasNewline(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg.find('\n') != std::string::npos) return true;
  }
  return false;
}

// A file in memory, rewritten for each input and named by a /proc/self/fd path, for parsers
// that only take a path. Created once per process; never touches the disk.
class MemFile {
 public:
  MemFile() : fd_(::memfd_create("churn-fuzz", MFD_CLOEXEC)) { Require(fd_ >= 0, "memfd_create"); }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  // Replaces the contents with `bytes` and returns the path to open.
  std::string Write(const std::uint8_t* bytes, std::size_t size) {
    Require(::ftruncate(fd_, 0) == 0, "ftruncate");
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pwrite(fd_, bytes + done, size - done, static_cast<off_t>(done));
      Require(n > 0, "pwrite");
      done += static_cast<std::size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd_);
  }

 private:
  int fd_;
};

// Splits `bytes` at NUL bytes into at most `max_args` arguments (a trailing empty piece is
// dropped), the way a fuzzer's bytes become a command line.
inline std::vector<std::string> SplitArgs(const std::uint8_t* bytes, std::size_t size,
                                          std::size_t max_args) {
  std::vector<std::string> args;
  std::string current;
  for (std::size_t i = 0; i < size && args.size() < max_args; ++i) {
    if (bytes[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(bytes[i]));
    }
  }
  if (!current.empty() && args.size() < max_args) args.push_back(current);
  return args;
}

}  // namespace churn::fuzz

#endif  // CHURN_TESTS_FUZZ_FUZZ_SUPPORT_H_
