// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/errors.h"

#include <string>

namespace churn::harvest {
namespace {

class HarvestCategoryImpl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "churn.harvest"; }

  std::string message(int value) const override {
    switch (static_cast<HarvestErrc>(value)) {
      case HarvestErrc::kNoUsableSource:
        return "no usable entropy source";
      case HarvestErrc::kSelfTestFailed:
        return "start-up self-test failed";
      case HarvestErrc::kUnsupported:
        return "not supported on this machine";
      case HarvestErrc::kHealthTestFailed:
        return "health test failed";
      case HarvestErrc::kDeviceError:
        return "entropy device returned bad data";
      case HarvestErrc::kRetriesExhausted:
        return "entropy device gave no data within its retry bound";
      case HarvestErrc::kQuarantined:
        return "entropy source is quarantined";
      case HarvestErrc::kCryptoError:
        return "cryptographic library error";
      case HarvestErrc::kUnknownSource:
        return "unknown entropy source";
      case HarvestErrc::kBadConfig:
        return "invalid harvest configuration";
      case HarvestErrc::kNotReady:
        return "no tested entropy ready yet";
      case HarvestErrc::kEndOfData:
        return "end of file: the entropy device is gone";
      case HarvestErrc::kStalled:
        return "the entropy source gave no data";
    }
    return "unknown harvest error " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& HarvestCategory() noexcept {
  static const HarvestCategoryImpl category;
  return category;
}

std::error_code make_error_code(HarvestErrc e) noexcept {
  return {static_cast<int>(e), HarvestCategory()};
}

}  // namespace churn::harvest
