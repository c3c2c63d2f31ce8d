// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/service.h"

int main(int argc, char** argv) { return churn::daemon::ChurndMain(argc, argv); }
