// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/errors.h"

#include <string>

#include "harvest/errors.h"

namespace churn::daemon {
namespace {

class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "churn.daemon"; }
  std::string message(int value) const override {
    switch (static_cast<DaemonErrc>(value)) {
      case DaemonErrc::kBadConfig:
        return "bad configuration";
      case DaemonErrc::kNotPermitted:
        return "adding entropy to the kernel needs CAP_SYS_ADMIN";
      case DaemonErrc::kAlreadyRunning:
        return "another churnd is running";
      case DaemonErrc::kCreditRefused:
        return "this kernel sink never credits entropy";
      case DaemonErrc::kCreditTooHigh:
        return "credit above 8 bits per byte";
      case DaemonErrc::kNotRandomDevice:
        return "not the kernel's random device (character device 1:8)";
    }
    return "unknown churn.daemon error";
  }
};

}  // namespace

const std::error_category& DaemonCategory() noexcept {
  static const Category category;
  return category;
}

std::error_code make_error_code(DaemonErrc e) noexcept {
  return {static_cast<int>(e), DaemonCategory()};
}

int ExitCodeFor(std::error_code error) noexcept {
  if (!error) return kExitOk;
  if (error == DaemonErrc::kBadConfig) return kExitUsage;
  if (error == DaemonErrc::kNotPermitted) return kExitNoPerm;
  // --raw: the one source stalled, vanished or was quarantined after start-up.
  if (error == harvest::HarvestErrc::kNoUsableSource || error == harvest::HarvestErrc::kStalled ||
      error == harvest::HarvestErrc::kEndOfData ||
      error == harvest::HarvestErrc::kHealthTestFailed) {
    return kExitUnavailable;
  }
  if (error == harvest::HarvestErrc::kSelfTestFailed) return kExitSoftware;
  if (error == harvest::HarvestErrc::kBadConfig || error == harvest::HarvestErrc::kUnknownSource) {
    return kExitUsage;
  }
  return kExitFailure;
}

}  // namespace churn::daemon
