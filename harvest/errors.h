// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_ERRORS_H_
#define CHURN_HARVEST_ERRORS_H_

#include <system_error>
#include <type_traits>

namespace churn::harvest {

// Errors of the harvest library, as std::error_code values in HarvestCategory().
// OS errors keep their errno in std::system_category instead.
enum class HarvestErrc {
  kNoUsableSource = 1,  // no source survived start-up or quarantine (churnd exits 69)
  kSelfTestFailed,      // a start-up known-answer or health self-test failed (churnd exits 70)
  kUnsupported,         // the source does not exist on this CPU or machine
  kHealthTestFailed,    // an SP 800-90B health test or FIPS 140-2 test rejected data
  kDeviceError,         // the device returned bad data (e.g. an all-ones RDRAND)
  kRetriesExhausted,    // the instruction or device gave no data within its retry bound
  kQuarantined,         // the source is in quarantine and may be retried later
  kCryptoError,         // OpenSSL failed (mapped in the conditioner or DRBG)
  kUnknownSource,       // a source name the registry does not know
  kBadConfig,           // an option value outside its allowed range
  kNotReady,            // not enough tested output is ready yet (retry later; not a fault)
  kEndOfData,           // the device reported end of file: it is gone
  kStalled,             // the source gave no data for the stall time
};

// The category of HarvestErrc; name "churn.harvest". Thread-safe, lives forever.
const std::error_category& HarvestCategory() noexcept;

std::error_code make_error_code(HarvestErrc e) noexcept;  // NOLINT(readability-identifier-naming)

}  // namespace churn::harvest

template <>
struct std::is_error_code_enum<churn::harvest::HarvestErrc> : std::true_type {};

#endif  // CHURN_HARVEST_ERRORS_H_
