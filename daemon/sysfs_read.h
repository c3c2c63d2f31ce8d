// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_SYSFS_READ_H_
#define CHURN_DAEMON_SYSFS_READ_H_

#include <string>

namespace churn::daemon {

// The first line of a small /proc or /sys file, without its trailing newline and spaces;
// empty when the file is absent or unreadable (a probe reports what it finds, it never fails).
std::string ReadFirstLine(const std::string& path);

// The first line of `path` as a non-negative int, or -1 when the file is absent, unreadable,
// not a number, negative or beyond int.
int ReadNonNegativeInt(const std::string& path);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_SYSFS_READ_H_
