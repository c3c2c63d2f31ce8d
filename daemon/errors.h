// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_ERRORS_H_
#define CHURN_DAEMON_ERRORS_H_

#include <system_error>
#include <type_traits>

namespace churn::daemon {

// Errors of churnd's own making, as std::error_code values in DaemonCategory(). OS errors
// keep their errno in std::system_category; harvest errors stay in harvest's category.
enum class DaemonErrc {
  kBadConfig = 1,   // a bad option, value or config file (exit 64)
  kNotPermitted,    // RNDADDENTROPY refused: no CAP_SYS_ADMIN (exit 77)
  kAlreadyRunning,  // another churnd holds the pidfile lock (exit 1)
  kCreditRefused,   // a sink built for tests was asked to credit entropy
  kCreditTooHigh,   // a credit above 8 bits per byte was asked for
  kNotRandomDevice, // the sink's path is not the kernel's /dev/random (character device 1:8)
};

// The category of DaemonErrc; name "churn.daemon". Thread-safe, lives forever.
const std::error_category& DaemonCategory() noexcept;

std::error_code make_error_code(DaemonErrc e) noexcept;  // NOLINT(readability-identifier-naming)

// churnd's documented exit codes (churnd(8), EXIT STATUS).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;        // sysexits EX_USAGE
inline constexpr int kExitUnavailable = 69;  // EX_UNAVAILABLE: no usable entropy source
inline constexpr int kExitSoftware = 70;     // EX_SOFTWARE: a start-up self-test failed
inline constexpr int kExitNoPerm = 77;       // EX_NOPERM: no CAP_SYS_ADMIN

// Maps any error churnd can end with to its exit code: DaemonErrc and HarvestErrc by value
// (kNotPermitted 77, kNoUsableSource 69, kSelfTestFailed 70, bad configuration or an unknown
// source 64), anything else to 1, OS errors included: callers turn EPERM from the kernel
// into DaemonErrc::kNotPermitted first. An empty code maps to 0.
int ExitCodeFor(std::error_code error) noexcept;

}  // namespace churn::daemon

template <>
struct std::is_error_code_enum<churn::daemon::DaemonErrc> : std::true_type {};

#endif  // CHURN_DAEMON_ERRORS_H_
