// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Hand-written parser (no global getopt state, so it is unit-testable): short options may be
// clustered (-pc5) and take their value attached or as the next argument; long options take
// --name=value or --name value; "--" ends the options; "-" alone names stdin.
#include "rngtest/rngtest_options.h"

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace churn::stats {
namespace {

enum class Key { kBlockCount, kBlockStats, kTimedStats, kPipe, kJson, kHelp, kUsage, kVersion };

struct OptionSpec {
  char short_name;  // 0 = long only
  std::string_view long_name;
  bool takes_value;
  Key key;
};

constexpr OptionSpec kOptions[] = {
    {'b', "blockstats", true, Key::kBlockStats}, {'c', "blockcount", true, Key::kBlockCount},
    {'p', "pipe", false, Key::kPipe},            {'t', "timedstats", true, Key::kTimedStats},
    {0, "json", false, Key::kJson},              {'?', "help", false, Key::kHelp},
    {0, "usage", false, Key::kUsage},            {'V', "version", false, Key::kVersion},
};

// rngtest reads these as decimal numbers into an int: the same base and range ("010" is
// ten, "0x10" and "08" are what they look like in decimal: refused and eight).
bool ParseCount(std::string_view text, std::uint64_t& value) {
  if (text.empty()) return false;
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(copy.c_str(), &end, 10);
  if (errno != 0 || end != copy.c_str() + copy.size() || v < 0 ||
      v > std::numeric_limits<int>::max()) {
    return false;
  }
  value = static_cast<std::uint64_t>(v);
  return true;
}

std::error_code Apply(const OptionSpec& spec, std::string_view value, RngtestOptions& options,
                      RngtestAction& action, std::string& message) {
  std::uint64_t n = 0;
  if (spec.takes_value && !ParseCount(value, n)) {
    message = "invalid number for --" + std::string(spec.long_name) + ": '" +
              std::string(value) + "' (want an integer from 0 to 2147483647)";
    return std::make_error_code(std::errc::invalid_argument);
  }
  switch (spec.key) {
    case Key::kBlockCount:
      options.block_count = n;
      break;
    case Key::kBlockStats:
      options.stats_every_blocks = n;
      break;
    case Key::kTimedStats:
      options.stats_interval = std::chrono::seconds(n);
      break;
    case Key::kPipe:
      options.pipe_mode = true;
      break;
    case Key::kJson:
      options.json = true;
      break;
    case Key::kHelp:
      action = RngtestAction::kHelp;
      break;
    case Key::kUsage:
      action = RngtestAction::kUsage;
      break;
    case Key::kVersion:
      action = RngtestAction::kVersion;
      break;
  }
  return {};
}

}  // namespace

std::error_code ParseRngtestOptions(std::span<const char* const> args, RngtestOptions& options,
                                    RngtestAction& action, std::string& message) {
  options = RngtestOptions{};
  action = RngtestAction::kRun;
  bool options_done = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      options.inputs.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg.starts_with("--")) {
      const std::string_view body = arg.substr(2);
      const std::size_t eq = body.find('=');
      const std::string_view name = body.substr(0, eq);
      const OptionSpec* spec = nullptr;
      for (const OptionSpec& s : kOptions) {
        if (s.long_name == name) spec = &s;
      }
      if (spec == nullptr) {
        const SuiteParse parsed = ParseSuiteOption(body, args, i, options.suite, message);
        if (parsed == SuiteParse::kError) return std::make_error_code(std::errc::invalid_argument);
        if (parsed == SuiteParse::kParsed) continue;
      }
      if (spec == nullptr) {
        message = "unknown option '" + std::string(arg) + "'";
        return std::make_error_code(std::errc::invalid_argument);
      }
      std::string_view value;
      if (!LongOptionValue(body, spec->takes_value, args, i, value, message)) {
        return std::make_error_code(std::errc::invalid_argument);
      }
      if (auto ec = Apply(*spec, value, options, action, message)) return ec;
      continue;
    }
    // A cluster of short options: -pb5, -p -b 5.
    for (std::size_t k = 1; k < arg.size(); ++k) {
      const OptionSpec* spec = nullptr;
      for (const OptionSpec& s : kOptions) {
        if (s.short_name != 0 && s.short_name == arg[k]) spec = &s;
      }
      if (spec == nullptr) {
        message = "invalid option -- '" + std::string(1, arg[k]) + "'";
        return std::make_error_code(std::errc::invalid_argument);
      }
      std::string_view value;
      if (spec->takes_value) {
        if (k + 1 < arg.size()) {
          value = arg.substr(k + 1);
        } else if (i + 1 < args.size()) {
          value = args[++i];
        } else {
          message = "option requires an argument -- '" + std::string(1, arg[k]) + "'";
          return std::make_error_code(std::errc::invalid_argument);
        }
        k = arg.size();
      }
      if (auto ec = Apply(*spec, value, options, action, message)) return ec;
    }
  }
  if (action == RngtestAction::kRun && options.json && options.pipe_mode) {
    message = "--json cannot be combined with -p/--pipe (stdout carries the passed blocks)";
    return std::make_error_code(std::errc::invalid_argument);
  }
  if (action == RngtestAction::kRun) {
    if (auto ec = ValidateSuiteOptions(options.suite, message)) return ec;
  }
  return {};
}

std::string RngtestHelpText() {
  return "Usage: churn-rngtest [OPTION...] [FILE...]\n"
         "Check the randomness of data using the FIPS 140-2 RNG tests, like rngtest.\n"
         "\n"
         "  -b, --blockstats=n    Dump statistics every n blocks (default: 0, never)\n"
         "  -c, --blockcount=n    Exit after processing n blocks (default: 0, no limit)\n"
         "  -p, --pipe            Pipe mode: no banner, echo every block that passed to\n"
         "                        stdout (default: off)\n"
         "  -t, --timedstats=n    Dump statistics every n seconds (default: 0, never)\n"
         "      --json            Also print the final summary as one JSON object on stdout\n"
         "                        (default: off; not with --pipe)\n"
         "  -?, --help            Give this help list\n"
         "      --usage           Give a short usage message\n"
         "  -V, --version         Print program version\n"
         "\n" +
         SuiteHelpText() +
         "FIPS tests operate on 20000-bit blocks. FILEs are read in order as one stream;\n"
         "with no FILE, or when FILE is -, read standard input. Statistics and messages go\n"
         "to stderr.\n"
         "\n"
         "Exit status: 0 if at least one block was tested and none failed; 1 if a block\n"
         "failed, no block was tested, or the input was shorter than the seed; 10 usage\n"
         "error; 11 input or output error; 12 other operating-system error.\n";
}

std::string RngtestUsageText() {
  return "Usage: churn-rngtest [-p?V] [-b n] [-c n] [-t n] [--blockstats=n] [--blockcount=n]\n"
         "            [--pipe] [--timedstats=n] [--json] [--help] [--usage] [--version]\n" +
         SuiteUsageText() + "            [FILE...]\n";
}

}  // namespace churn::stats
