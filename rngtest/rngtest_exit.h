// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn-rngtest's exit statuses, shared by the driver and the suite runner.
#ifndef CHURN_RNGTEST_RNGTEST_EXIT_H_
#define CHURN_RNGTEST_RNGTEST_EXIT_H_

namespace churn::stats {

// Exit statuses, as rngtest documents them.
inline constexpr int kRngtestExitPass = 0;
inline constexpr int kRngtestExitFail = 1;    // a block failed, none tested, or short input
inline constexpr int kRngtestExitUsage = 10;
inline constexpr int kRngtestExitIo = 11;     // reading the input or writing -p output failed
inline constexpr int kRngtestExitOs = 12;     // anything else from the OS (signals, memory)

}  // namespace churn::stats

#endif  // CHURN_RNGTEST_RNGTEST_EXIT_H_
