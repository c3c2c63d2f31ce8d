// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_CONFIG_H_
#define CHURN_DAEMON_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include "harvest/harvester.h"
#include "harvest/stream.h"

namespace churn::daemon {

// The config file read when -c is not given: ${sysconfdir}/churn/churnd.conf of the install
// prefix (/etc/churn/churnd.conf for a /usr build).
const char* DefaultConfigPath();
inline constexpr const char* kDefaultPidfile = "/run/churnd.pid";

// Everything churnd was told, from the command line and the config file (the command line
// wins). Built once by ParseConfig() and passed by const reference; SIGHUP builds a new one.
struct Config {
  // What to do.
  bool show_help = false;     // print help_text and exit 0
  bool show_version = false;  // print the version and exit 0
  bool probe = false;         // --probe: report the entropy sources (daemon/probe.h) and exit
  bool probe_json = false;    // --json with --probe: one JSON object instead of text
  std::string help_text;
  bool stream_mode = false;  // -n was given: write random bytes instead of feeding the kernel

  std::string config_path;  // DefaultConfigPath() unless -c
  bool config_path_explicit = false;  // -c given: a missing file is an error

  // Stream mode (issue 3 item 8).
  harvest::StreamOptions stream;

  // The sources, for both modes.
  harvest::HarvesterConfig harvester;

  // Daemon mode.
  bool foreground = false;
  std::string pidfile;  // empty: none (the default in the foreground)
  std::chrono::seconds reseed_interval{60};
  int write_wakeup_threshold_bits = 0;  // -w: set it on legacy kernels (0: keep the kernel's)
  bool once = false;
  bool verbose = false;
  std::string metrics_path;  // empty: no metrics file
  bool no_credit = false;    // mix entropy in but credit 0 bits
  std::string random_device = "/dev/random";
  std::string proc_random_dir = "/proc/sys/kernel/random";
};

// Parses `args` (argv[1..], without the program name) and then the config file (the one given
// by -c/--config, else DefaultConfigPath() if it exists). On success fills `*out`. On a usage
// or configuration error returns DaemonErrc::kBadConfig and sets `*message` to one line that
// names the option or key and, for a bad value, the accepted range. Never throws.
[[nodiscard]] std::error_code ParseConfig(const std::vector<std::string>& args, Config* out,
                                          std::string* message);

// Parses a stream size: a decimal number with an optional k, M, G or T suffix (powers of
// 1024, either case). Returns false on anything else or on overflow.
[[nodiscard]] bool ParseSize(const std::string& text, std::uint64_t* bytes);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_CONFIG_H_
