// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "harvest/openssl_init.h"

#include <openssl/crypto.h>

namespace churn::harvest {

bool InitCrypto() {
  // OPENSSL_init_crypto is itself idempotent and thread-safe; the static only saves the call.
  static const bool ok =
      OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
                              OPENSSL_INIT_NO_ADD_ALL_DIGESTS |
                              OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS,
                          nullptr) == 1;
  return ok;
}

}  // namespace churn::harvest
