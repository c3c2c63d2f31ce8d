// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churnd's command line (daemon/config.h, ParseConfig) over arbitrary arguments: the input is
// split at NUL bytes. The config file is pinned to an empty in-memory file, and arguments
// that could name another one (-c, --c..., short option groups with 'c') are dropped, so a
// run never reads a real file. Properties as for the config file, plus: --help lists the
// options, a size given with -n is what ParseSize reads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

bool MayNameConfigFile(const std::string& arg) {
  if (arg.rfind("--", 0) == 0) return arg.rfind("--c", 0) == 0;
  return arg.size() > 1 && arg[0] == '-' && arg.find('c') != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using churn::fuzz::Require;
  static churn::fuzz::MemFile empty_file;
  static const std::string empty_path = empty_file.Write(nullptr, 0);

  std::vector<std::string> args = {"-c", empty_path};
  for (std::string& arg : churn::fuzz::SplitArgs(data, size, 32)) {
    if (!MayNameConfigFile(arg)) args.push_back(std::move(arg));
  }
  churn::daemon::Config config;
  std::string message;
  const std::error_code ec = churn::daemon::ParseConfig(args, &config, &message);
  if (ec) {
    // One line, unless the offending argument itself holds a newline (it is quoted as given).
    Require(!message.empty(), "a usage error has a message");
    Require(churn::fuzz::IsOneLine(message) || churn::fuzz::AnyHasNewline(args),
            "a usage error is one line");
    return 0;
  }
  if (config.show_help) {
    Require(config.help_text.find("--reseed-interval") != std::string::npos,
            "--help lists the options");
    return 0;
  }
  if (config.show_version) return 0;
  Require(config.reseed_interval.count() >= 1 && config.reseed_interval.count() <= 86400,
          "reseed-interval within 1-86400 s");
  Require(!(config.stream_mode && config.once), "--once is refused in stream mode");
  Require(!config.probe_json || config.probe, "--json only with --probe");
  return 0;
}
