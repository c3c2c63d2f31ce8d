// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_STATS_JSON_H_
#define CHURN_STATS_JSON_H_

#include <string>
#include <string_view>

namespace churn::stats {

// `text` as a JSON string literal, quotes included: '"' and '\' are escaped, control
// characters become \u00XX, every other byte is copied (UTF-8 passes through). Used by every
// --json output of churn-rngtest and churnd. Pure; thread-safe.
std::string JsonQuote(std::string_view text);

}  // namespace churn::stats

#endif  // CHURN_STATS_JSON_H_
