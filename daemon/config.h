// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_CONFIG_H_
#define CHURN_DAEMON_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "harvest/harvester.h"
#include "harvest/stream.h"

namespace churn::daemon {

// The config file read when -c is not given: ${sysconfdir}/churn/churnd.conf of the install
// prefix (/etc/churn/churnd.conf for a /usr build).
const char* DefaultConfigPath();
// The pidfile of every daemon-mode churnd (daemonised or -F) unless --pidfile says otherwise:
// the init script and churnd.service use it too, so one churnd runs per machine however it
// was started. Its directory is created when missing (churnd.service: RuntimeDirectory=).
inline constexpr const char* kDefaultPidfile = "/run/churnd/churnd.pid";

// Everything churnd was told, from the command line and the config file (the command line
// wins). Built once by ParseConfig() and passed by const reference; SIGHUP builds a new one.
struct Config {
  // What to do.
  bool show_help = false;     // print help_text and exit 0
  bool show_version = false;  // print the version and exit 0
  bool check_config = false;  // --check-config: the options and the file parsed; exit 0
  bool probe = false;         // --probe: report the entropy sources (daemon/probe.h) and exit
  bool probe_json = false;    // --json with --probe: one JSON object instead of text
  std::string help_text;
  bool stream_mode = false;  // -n was given: write random bytes instead of feeding the kernel

  // The command line with every option spelled long and every path absolute: what SIGHUP
  // parses again once churnd has changed to /.
  std::vector<std::string> canonical_args;

  std::string config_path;  // DefaultConfigPath() unless -c (absolute)
  bool config_path_explicit = false;  // -c given: a missing file is an error

  // Stream mode.
  harvest::StreamOptions stream;

  // The sources, for both modes.
  harvest::HarvesterConfig harvester;

  // Daemon mode.
  bool foreground = false;
  std::string pidfile;  // absolute; empty: none (--once)
  std::chrono::seconds reseed_interval{60};
  int write_wakeup_threshold_bits = 0;  // -w: set it on legacy kernels (0: keep the kernel's)
  bool once = false;
  bool verbose = false;
  std::string metrics_path;  // absolute; empty: no metrics file
  bool no_credit = false;    // mix entropy in but credit 0 bits
  std::string random_device = "/dev/random";
  std::string proc_random_dir = "/proc/sys/kernel/random";
};

// Parses `args` (argv[1..], without the program name) and then the config file (the one given
// by -c/--config, else DefaultConfigPath() if it exists). On success fills `*out`. On a usage
// or configuration error returns DaemonErrc::kBadConfig and sets `*message` to one line that
// names the option or key and, for a bad value, the accepted range. Never throws.
// Strict: no abbreviated option names; the file must be a regular file of at most 64 KiB with
// lines of at most 4096 bytes and no NUL; keys that change the mode (help, version, probe,
// json, config, check-config, foreground, once, number, file, full-entropy, raw) are refused
// in the file; empty values are refused; paths in the file must be absolute, relative ones
// on the command line are made absolute. Values in messages go through QuoteForMessage().
// The harvester's log lines are routed to Log() (daemon/log.h). Thread-safe for distinct
// outputs.
[[nodiscard]] std::error_code ParseConfig(const std::vector<std::string>& args, Config* out,
                                          std::string* message);

// `text` for a one-line message: bytes below 0x20 and 0x7f as \xNN, cut after `max_bytes`
// bytes with "... (N bytes)" appended.
std::string QuoteForMessage(std::string_view text, std::size_t max_bytes);

// Parses a stream size: a decimal number with an optional k, M, G or T suffix (powers of
// 1024, either case). Returns false on anything else or on overflow.
[[nodiscard]] bool ParseSize(const std::string& text, std::uint64_t* bytes);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_CONFIG_H_
