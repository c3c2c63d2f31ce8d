// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Option parsing with Boost.Program_options. Numbers are taken as strings and checked here, so
// that a bad value names its key and the accepted range (Boost's own message gives neither).
// Boost exceptions stop in this file: ParseConfig() catches them and returns kBadConfig.
#include "daemon/config.h"

// GCC 12 reports a "potential null pointer dereference" inside Boost's typed_value::notify()
// once it is inlined here; the warning is raised after inlining, so it cannot be scoped to the
// include and is turned off for this one file.
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/program_options.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>

#include "daemon/errors.h"
#include "daemon/log.h"

namespace churn::daemon {
namespace {

namespace po = boost::program_options;

// Boost.Program_options 1.74 builds an error message by replacing "%option%",
// "%original_token%", "%value%" and the like with the offending text, in a loop that never
// ends (and grows the message without bound) when that text itself holds the placeholder.
// Such text is refused before Boost sees it. Returns the first "%name%" in `text`, or "".
std::string BoostPlaceholderIn(const std::string& text) {
  for (std::size_t open = text.find('%'); open != std::string::npos;
       open = text.find('%', open + 1)) {
    std::size_t end = open + 1;
    while (end < text.size() && ((text[end] >= 'a' && text[end] <= 'z') || text[end] == '_')) {
      ++end;
    }
    if (end > open + 1 && end < text.size() && text[end] == '%') {
      return text.substr(open, end - open + 1);
    }
  }
  return "";
}

// Accepted ranges, with their reasons.
constexpr std::int64_t kMinReseedSeconds = 1;
constexpr std::int64_t kMaxReseedSeconds = 86400;  // a day; the kernel reseeds itself every 60 s
constexpr std::int64_t kMinWakeupBits = 64;        // legacy kernels' own lower bound
constexpr std::int64_t kMaxWakeupBits = 4096;      // the legacy pool's size
constexpr double kMaxClaimBits = 64.0;             // the widest raw sample is 64 bits

const char* const kSourceNames[] = {"havege", "rdseed", "rdrand", "hwrng"};

// The config file is a few dozen short lines; these bounds only stop a device, a FIFO or a
// runaway file from being read whole (`-c /dev/zero` would otherwise grow without end).
constexpr std::size_t kMaxConfigBytes = 64 * 1024;
constexpr std::size_t kMaxConfigLineBytes = 4096;
// Values quoted in messages are cut to this many bytes (a one-line message stays one line).
constexpr std::size_t kMaxQuotedBytes = 64;
// Boost's messages quote the option and sometimes the value: cut, but not mid-sentence.
constexpr std::size_t kMaxBoostMessageBytes = 200;

// Keys that change what churnd does rather than how: a config file read at every start (and
// by the init script and the units) must not turn the daemon into a stream writer, keep it in
// the foreground or make it exit at once, so these are accepted on the command line only.
const char* const kCommandLineOnlyKeys[] = {
    "help", "version", "probe", "json", "config", "check-config", "foreground", "Foreground",
    "once", "number", "file", "full-entropy", "raw"};

// Keys whose value is a path: made absolute against the working directory on the command
// line (churnd changes to / when it daemonises), required to be absolute in a config file.
const char* const kPathKeys[] = {"config", "pidfile", "metrics", "hwrng", "file", "rng-device",
                                 "pid-file"};

// The peers' spellings and the option each stands for.
const std::pair<const char*, const char*> kPeerSpellings[] = {
    {"rng-device", "hwrng"}, {"pid-file", "pidfile"}, {"fill-watermark", "write-wakeup-threshold"}};

template <std::size_t N>
bool OneOf(const std::string& key, const char* const (&keys)[N]) {
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

bool KnownSource(const std::string& name) {
  return std::find(std::begin(kSourceNames), std::end(kSourceNames), name) !=
         std::end(kSourceNames);
}

std::string Printable(std::string_view text) { return QuoteForMessage(text, kMaxQuotedBytes); }

std::string RangeError(const std::string& key, const std::string& value,
                       const std::string& accepted) {
  return key + ": '" + Printable(value) + "' is not valid; accepted: " + accepted;
}

bool ParseInteger(const std::string& text, std::int64_t* value) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, *value);
  return ec == std::errc() && ptr == last && !text.empty();
}

bool ParseDouble(const std::string& text, double* value) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, *value);
  return ec == std::errc() && ptr == last && !text.empty();
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    items.push_back(item);
  }
  return items;
}

constexpr unsigned kHelpColumns = 100;  // wide enough that no path in the help is broken

po::options_description Describe() {
  po::options_description general("General", kHelpColumns, kHelpColumns / 2);
  general.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("check-config", po::bool_switch()->default_value(false),
       "check the command line and the config file, print what is wrong and exit (0 valid, "
       "64 not)")
      ("probe", po::bool_switch()->default_value(false),
       "report this machine's entropy sources, their min-entropy and the credit churnd would "
       "claim, then exit (a few seconds)")
      ("json", po::bool_switch()->default_value(false), "with --probe: print one JSON object")
      ("config,c", po::value<std::string>()->value_name("FILE"),
       (std::string("config file; keys are the long option names (default: ") +
        DefaultConfigPath() + ", skipped if absent)").c_str())
      ("verbose,v", po::bool_switch()->default_value(false),
       "log one status line per interval");

  po::options_description sources("Entropy sources", kHelpColumns, kHelpColumns / 2);
  sources.add_options()
      ("sources", po::value<std::string>()->value_name("LIST")->default_value("all", "all"),
       "comma-separated sources to use: havege,rdseed,rdrand,hwrng ('all': every supported one)")
      ("hwrng", po::value<std::string>()->value_name("PATH")->default_value("/dev/hwrng"),
       "hardware RNG device")
      ("havege-claim", po::value<std::string>()->value_name("BITS")
           ->default_value("default", "built-in"),
       "min-entropy claim per raw HAVEGE sample, 0-64 bits")
      ("rdseed-claim", po::value<std::string>()->value_name("BITS")
           ->default_value("default", "built-in"),
       "min-entropy claim per RDSEED sample, 0-64 bits")
      ("rdrand-claim", po::value<std::string>()->value_name("BITS")
           ->default_value("default", "built-in"),
       "min-entropy claim per RDRAND sample, 0-64 bits")
      ("hwrng-claim", po::value<std::string>()->value_name("BITS")
           ->default_value("default", "built-in"),
       "min-entropy claim per hwrng byte sample, 0-8 bits");

  po::options_description daemon("Daemon (feeding the kernel)", kHelpColumns,
                                 kHelpColumns / 2);
  daemon.add_options()
      ("foreground,F", po::bool_switch()->default_value(false),
       "stay in the foreground and log to stderr")
      ("pidfile,p", po::value<std::string>()->value_name("FILE"),
       "pidfile, locked while running, so one churnd runs per machine (default: "
       "/run/churnd/churnd.pid, also with -F; none with --once)")
      ("reseed-interval", po::value<std::string>()->value_name("SECONDS")->default_value("60"),
       "seconds between fresh entropy and a CRNG reseed once the kernel is seeded, 1-86400")
      ("write-wakeup-threshold,w", po::value<std::string>()->value_name("BITS")
           ->default_value("kernel", "kernel's"),
       "legacy kernels (poolsize 4096): top the pool up to this many bits, 64-4096; "
       "ignored by kernels 5.18 and later")
      ("once", po::bool_switch()->default_value(false),
       "feed until the kernel's CRNG is seeded (or one interval's worth), then exit")
      ("metrics", po::value<std::string>()->value_name("FILE")->default_value("", "none"),
       "write Prometheus text-format metrics to FILE each interval (atomically)")
      ("no-credit", po::bool_switch()->default_value(false),
       "mix entropy into the kernel but credit 0 bits (for tests, or sources you do not trust)");

  po::options_description stream("Stream mode (write random bytes instead of feeding the kernel)",
                                 kHelpColumns, kHelpColumns / 2);
  stream.add_options()
      ("number,n", po::value<std::string>()->value_name("SIZE"),
       "write SIZE bytes (k, M, G, T suffixes, powers of 1024; 0: until stopped)")
      ("file,f", po::value<std::string>()->value_name("FILE")->default_value("-"),
       "output file ('-': standard output)")
      ("full-entropy", po::bool_switch()->default_value(false),
       "conditioned blocks only, no DRBG expansion")
      ("raw", po::value<std::string>()->value_name("SOURCE"),
       "one source's unconditioned raw samples, for SP 800-90B assessment")
      ("restarts", po::value<std::uint32_t>()->value_name("N")->default_value(0),
       "with --raw: N rows of SIZE bytes, each from a fresh start of the source (SP 800-90B "
       "restart test); 0: one row");

  // The peers' spellings of options that mean exactly the same here (haveged 1.9, rngd of
  // rng-tools-debian 2.3), so existing scripts and unit overrides keep working.
  po::options_description peers("Also accepted, the peers' spellings (same meaning)",
                                kHelpColumns, kHelpColumns / 2);
  peers.add_options()
      ("Foreground", po::bool_switch()->default_value(false), "haveged's --foreground")
      ("rng-device,r", po::value<std::string>()->value_name("PATH"), "rngd's --hwrng")
      ("pid-file", po::value<std::string>()->value_name("FILE"), "rngd's --pidfile")
      ("fill-watermark,W", po::value<std::string>()->value_name("BITS"),
       "rngd's --write-wakeup-threshold");

  po::options_description all(kHelpColumns, kHelpColumns / 2);
  all.add(general).add(sources).add(daemon).add(stream).add(peers);
  return all;
}

template <typename T>
const T* Get(const po::variables_map& vm, const char* key) {
  auto it = vm.find(key);
  if (it == vm.end() || it->second.empty()) return nullptr;
  return &it->second.as<T>();
}

bool Given(const po::variables_map& vm, const char* key) {
  auto it = vm.find(key);
  return it != vm.end() && !it->second.empty() && !it->second.defaulted();
}

std::error_code ParseClaim(const po::variables_map& vm, const char* key, double max_bits,
                           double* out, std::string* message) {
  const std::string& text = *Get<std::string>(vm, key);
  if (text == "default") return {};
  double bits = 0.0;
  if (!ParseDouble(text, &bits) || !(bits >= 0.0) || bits > max_bits) {
    *message = RangeError(key, text, "0 to " + std::to_string(static_cast<int>(max_bits)) +
                                         " bits per sample, or 'default'");
    return DaemonErrc::kBadConfig;
  }
  *out = bits;
  return {};
}

// Turns the stored variables into a Config, checking every value.
std::error_code Interpret(po::variables_map& vm, Config* config, std::string* message) {
  for (const auto& [peer, ours] : kPeerSpellings) {
    if (Get<std::string>(vm, peer) == nullptr) continue;
    if (Given(vm, ours)) {
      *message = std::string(peer) + ": the same option as " + ours + "; give one of them";
      return DaemonErrc::kBadConfig;
    }
    vm.erase(ours);
    vm.insert({ours, vm[peer]});
  }
  config->check_config = vm["check-config"].as<bool>();
  config->verbose = vm["verbose"].as<bool>();
  config->foreground = vm["foreground"].as<bool>() || vm["Foreground"].as<bool>();
  config->once = vm["once"].as<bool>();
  config->probe = vm["probe"].as<bool>();
  config->probe_json = vm["json"].as<bool>();
  if (config->probe_json && !config->probe) {
    *message = "json: only valid with --probe";
    return DaemonErrc::kBadConfig;
  }
  config->no_credit = vm["no-credit"].as<bool>();
  config->metrics_path = *Get<std::string>(vm, "metrics");

  const std::string& sources = *Get<std::string>(vm, "sources");
  if (sources != "all") {
    for (const std::string& name : SplitList(sources)) {
      if (!KnownSource(name)) {
        *message = RangeError("sources", sources, "a comma-separated list of havege, rdseed, "
                                                  "rdrand, hwrng, or 'all'");
        return DaemonErrc::kBadConfig;
      }
      auto& list = config->harvester.sources;
      if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
    }
  }
  config->harvester.hwrng_path = *Get<std::string>(vm, "hwrng");
  if (config->harvester.hwrng_path.empty()) {
    *message = RangeError("hwrng", "", "a device path");
    return DaemonErrc::kBadConfig;
  }
  if (auto ec = ParseClaim(vm, "havege-claim", kMaxClaimBits,
                           &config->harvester.havege_claim_bits, message)) {
    return ec;
  }
  if (auto ec = ParseClaim(vm, "rdseed-claim", kMaxClaimBits,
                           &config->harvester.rdseed_claim_bits, message)) {
    return ec;
  }
  if (auto ec = ParseClaim(vm, "rdrand-claim", kMaxClaimBits,
                           &config->harvester.rdrand_claim_bits, message)) {
    return ec;
  }
  if (auto ec = ParseClaim(vm, "hwrng-claim", 8.0, &config->harvester.hwrng_claim_bits,
                           message)) {
    return ec;
  }

  const std::string& interval = *Get<std::string>(vm, "reseed-interval");
  std::int64_t seconds = 0;
  if (!ParseInteger(interval, &seconds) || seconds < kMinReseedSeconds ||
      seconds > kMaxReseedSeconds) {
    *message = RangeError("reseed-interval", interval,
                          std::to_string(kMinReseedSeconds) + " to " +
                              std::to_string(kMaxReseedSeconds) + " seconds");
    return DaemonErrc::kBadConfig;
  }
  config->reseed_interval = std::chrono::seconds(seconds);

  const std::string& wakeup = *Get<std::string>(vm, "write-wakeup-threshold");
  if (wakeup != "kernel") {
    std::int64_t bits = 0;
    if (!ParseInteger(wakeup, &bits) || bits < kMinWakeupBits || bits > kMaxWakeupBits) {
      *message = RangeError("write-wakeup-threshold", wakeup,
                            std::to_string(kMinWakeupBits) + " to " +
                                std::to_string(kMaxWakeupBits) + " bits");
      return DaemonErrc::kBadConfig;
    }
    config->write_wakeup_threshold_bits = static_cast<int>(bits);
  }

  if (const auto* pidfile = Get<std::string>(vm, "pidfile")) {
    if (pidfile->empty()) {
      *message = RangeError("pidfile", "", "a file path");
      return DaemonErrc::kBadConfig;
    }
    config->pidfile = *pidfile;
  } else if (!config->once) {
    config->pidfile = kDefaultPidfile;
  }

  // Stream mode.
  config->stream.harvester = config->harvester;
  config->stream.path = *Get<std::string>(vm, "file");
  const bool full_entropy = vm["full-entropy"].as<bool>();
  const std::string* raw = Get<std::string>(vm, "raw");
  if (const auto* number = Get<std::string>(vm, "number")) {
    config->stream_mode = true;
    if (!ParseSize(*number, &config->stream.size_bytes)) {
      *message = RangeError("number", *number,
                            "a byte count with an optional k, M, G or T suffix; 0: until stopped");
      return DaemonErrc::kBadConfig;
    }
  }
  if (raw != nullptr && !KnownSource(*raw)) {
    *message = RangeError("raw", *raw, "one of havege, rdseed, rdrand, hwrng");
    return DaemonErrc::kBadConfig;
  }
  if (raw != nullptr && full_entropy) {
    *message = "raw: cannot be combined with full-entropy";
    return DaemonErrc::kBadConfig;
  }
  config->stream.mode = raw != nullptr    ? harvest::StreamMode::kRaw
                        : full_entropy ? harvest::StreamMode::kFullEntropy
                                       : harvest::StreamMode::kDrbg;
  if (raw != nullptr) config->stream.raw_source = *raw;
  config->stream.restarts = vm["restarts"].as<std::uint32_t>();
  if (config->stream.restarts != 0 && (raw == nullptr || config->stream.size_bytes == 0)) {
    *message = "restarts: needs --raw SOURCE and -n SIZE above 0";
    return DaemonErrc::kBadConfig;
  }
  if (!config->stream_mode) {
    const char* stream_only = Given(vm, "file")   ? "file"
                              : full_entropy      ? "full-entropy"
                              : raw != nullptr    ? "raw"
                                                  : nullptr;
    if (stream_only != nullptr) {
      *message = std::string(stream_only) + ": only valid in stream mode (with -n SIZE)";
      return DaemonErrc::kBadConfig;
    }
  } else if (config->once) {
    *message = "once: not valid in stream mode (with -n SIZE)";
    return DaemonErrc::kBadConfig;
  }
  return {};
}

// Reads the config file at `path` into `*text`: a regular file of at most kMaxConfigBytes with
// lines of at most kMaxConfigLineBytes and no NUL byte. `*absent` is set when it does not exist.
std::error_code ReadConfigFile(const std::string& path, std::string* text, bool* absent,
                               std::string* message) {
  *absent = false;
  const std::string shown = "config: '" + Printable(path) + "'";
  // O_NONBLOCK: opening a FIFO must not wait for a writer before fstat() can refuse it.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int saved = errno;
    *absent = saved == ENOENT;
    *message = shown + ": " + std::strerror(saved);
    return DaemonErrc::kBadConfig;
  }
  struct stat st {};
  std::error_code result;
  if (fstat(fd, &st) != 0) {
    *message = shown + ": " + std::strerror(errno);
    result = DaemonErrc::kBadConfig;
  } else if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3) {
    text->clear();  // -c /dev/null: the usual way to say "no config file", read as empty
  } else if (!S_ISREG(st.st_mode)) {
    *message = shown + " is not a regular file";
    result = DaemonErrc::kBadConfig;
  } else {
    char buffer[4096];
    for (;;) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        *message = shown + ": " + std::strerror(errno);
        result = DaemonErrc::kBadConfig;
        break;
      }
      if (n == 0) break;
      text->append(buffer, static_cast<std::size_t>(n));
      if (text->size() > kMaxConfigBytes) {
        *message = shown + " is larger than " + std::to_string(kMaxConfigBytes) + " bytes";
        result = DaemonErrc::kBadConfig;
        break;
      }
    }
  }
  close(fd);
  if (result) return result;
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i <= text->size(); ++i) {
    if (i == text->size() || (*text)[i] == '\n') {
      if (i - line_start > kMaxConfigLineBytes) {
        *message = shown + " line " + std::to_string(line) + " is longer than " +
                   std::to_string(kMaxConfigLineBytes) + " bytes";
        return DaemonErrc::kBadConfig;
      }
      ++line;
      line_start = i + 1;
    } else if ((*text)[i] == '\0') {
      *message = shown + " line " + std::to_string(line) + " contains a NUL byte";
      return DaemonErrc::kBadConfig;
    }
  }
  return {};
}

// Refuses empty values (`sources =` would otherwise mean every source) wherever they come from.
std::error_code CheckValues(const po::parsed_options& parsed, const std::string& where,
                            std::string* message) {
  for (const po::option& o : parsed.options) {
    for (const std::string& value : o.value) {
      if (value.find_first_not_of(" \t") == std::string::npos) {
        *message = where + o.string_key + ": empty value (leave the key out for the default)";
        return DaemonErrc::kBadConfig;
      }
    }
  }
  return {};
}

std::string Absolute(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
}

std::error_code ParseOrThrow(const std::vector<std::string>& args, Config* config,
                             std::string* message) {
  for (const std::string& arg : args) {
    if (const std::string bad = BoostPlaceholderIn(arg); !bad.empty()) {
      *message = "an argument contains '" + bad + "', which churnd does not accept";
      return DaemonErrc::kBadConfig;
    }
  }
  // Built once: the description never changes, and building it (some 40 options, their
  // values and help texts) was most of a parse's allocations. Only read after that (Boost's
  // parsers take it by const reference), so concurrent parses are safe.
  static const po::options_description options = Describe();
  po::variables_map vm;
  // An empty positional description makes a stray argument an error instead of ignoring it.
  const po::positional_options_description no_positionals;
  // No abbreviations: `--write 1024` must not mean --write-wakeup-threshold, nor `--fore`
  // --foreground.
  const int style = po::command_line_style::default_style &
                    ~po::command_line_style::allow_guessing;
  const po::parsed_options command_line = po::command_line_parser(args)
                                              .options(options)
                                              .positional(no_positionals)
                                              .style(style)
                                              .run();
  if (auto ec = CheckValues(command_line, "", message)) return ec;
  // The command line again, with every path made absolute: what a reload parses after the
  // daemon has changed to /.
  for (const po::option& o : command_line.options) {
    config->canonical_args.push_back("--" + o.string_key);
    for (const std::string& value : o.value) {
      config->canonical_args.push_back(OneOf(o.string_key, kPathKeys) && value != "-"
                                           ? Absolute(value)
                                           : value);
    }
  }
  po::store(command_line, vm);

  if (vm.count("help") != 0) {
    std::ostringstream help;
    help << "Usage: churnd [OPTION]...         feed the kernel's random pool (daemon)\n"
            "       churnd -n SIZE [-f FILE]   write random bytes\n"
         << options
         << "\nExit codes: 0 success; 64 usage or configuration error; 69 no usable entropy "
            "source;\n70 a start-up self-test failed; 77 not permitted (no CAP_SYS_ADMIN); "
            "1 anything else.\n";
    config->show_help = true;
    config->help_text = help.str();
    return {};
  }
  if (vm.count("version") != 0) {
    config->show_version = true;
    return {};
  }

  config->config_path = DefaultConfigPath();
  if (const auto* path = Get<std::string>(vm, "config")) {
    config->config_path = Absolute(*path);
    config->config_path_explicit = true;
  }
  std::string text;
  bool absent = false;
  if (auto ec = ReadConfigFile(config->config_path, &text, &absent, message)) {
    if (config->config_path_explicit || !absent) return ec;
    message->clear();
  } else if (const std::string placeholder = BoostPlaceholderIn(text); !placeholder.empty()) {
    *message = Printable(config->config_path) + ": contains '" + placeholder +
               "', which churnd does not accept";
    return DaemonErrc::kBadConfig;
  } else {
    const std::string where = Printable(config->config_path) + ": ";
    std::istringstream file(text);
    po::parsed_options parsed(&options);
    try {
      parsed = po::parse_config_file(file, options, /*allow_unregistered=*/false);
    } catch (const po::error& e) {
      *message = where + QuoteForMessage(e.what(), kMaxBoostMessageBytes);
      return DaemonErrc::kBadConfig;
    }
    for (const po::option& o : parsed.options) {
      if (OneOf(o.string_key, kCommandLineOnlyKeys)) {
        *message = where + "'" + o.string_key +
                   "' changes what churnd does and is accepted on the command line only";
        return DaemonErrc::kBadConfig;
      }
      if (OneOf(o.string_key, kPathKeys) && !o.value.empty() && !o.value[0].empty() &&
          o.value[0][0] != '/') {
        *message = where + o.string_key + ": '" + Printable(o.value[0]) +
                   "' must be an absolute path in a config file";
        return DaemonErrc::kBadConfig;
      }
    }
    if (auto bad = CheckValues(parsed, where, message)) return bad;
    po::store(parsed, vm);
  }
  po::notify(vm);
  if (auto ec = Interpret(vm, config, message)) return ec;
  // Relative paths from the command line are resolved now, before churnd changes to /.
  if (!config->pidfile.empty()) config->pidfile = Absolute(config->pidfile);
  if (!config->metrics_path.empty()) config->metrics_path = Absolute(config->metrics_path);
  config->harvester.hwrng_path = Absolute(config->harvester.hwrng_path);
  config->stream.harvester.hwrng_path = config->harvester.hwrng_path;
  if (config->stream.path != "-") config->stream.path = Absolute(config->stream.path);
  return {};
}

}  // namespace

const char* DefaultConfigPath() { return CHURN_DEFAULT_CONFIG_PATH; }

bool ParseSize(const std::string& text, std::uint64_t* bytes) {
  if (text.empty()) return false;
  std::string digits = text;
  unsigned shift = 0;
  switch (digits.back()) {
    case 'k':
    case 'K':
      shift = 10;
      break;
    case 'm':
    case 'M':
      shift = 20;
      break;
    case 'g':
    case 'G':
      shift = 30;
      break;
    case 't':
    case 'T':
      shift = 40;
      break;
    default:
      break;
  }
  if (shift != 0) digits.pop_back();
  std::uint64_t value = 0;
  const char* last = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), last, value);
  if (ec != std::errc() || ptr != last || digits.empty()) return false;
  if (value > (std::numeric_limits<std::uint64_t>::max() >> shift)) return false;
  *bytes = value << shift;
  return true;
}

std::string QuoteForMessage(std::string_view text, std::size_t max_bytes) {
  std::string shown;
  const std::size_t kept = std::min(text.size(), max_bytes);
  for (std::size_t i = 0; i < kept; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      shown += "\\x";
      shown += kHex[byte >> 4];
      shown += kHex[byte & 0xf];
    } else {
      shown += static_cast<char>(byte);
    }
  }
  if (kept < text.size()) shown += "... (" + std::to_string(text.size()) + " bytes)";
  return shown;
}

void LogHarvesterLine(const std::string& line) { Log(LogLevel::kWarning, "%s", line.c_str()); }

std::error_code ParseConfig(const std::vector<std::string>& args, Config* out,
                            std::string* message) {
  Config config;
  try {
    if (auto ec = ParseOrThrow(args, &config, message)) return ec;
  } catch (const po::error& e) {
    *message = QuoteForMessage(e.what(), kMaxBoostMessageBytes);
    return DaemonErrc::kBadConfig;
  } catch (const std::exception& e) {
    *message = std::string("cannot parse the options: ") +
               QuoteForMessage(e.what(), kMaxBoostMessageBytes);
    return DaemonErrc::kBadConfig;
  }
  // Every layer logs through daemon/log.h: the harvester's quarantine and recovery lines reach
  // syslog once churnd is daemonised, with churnd's prefix in the foreground.
  config.harvester.log = LogHarvesterLine;
  config.stream.harvester.log = LogHarvesterLine;
  *out = std::move(config);
  return {};
}

}  // namespace churn::daemon
