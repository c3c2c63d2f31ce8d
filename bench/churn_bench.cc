// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churn_bench: the Google Benchmark main. Benchmarks live in bm_*.cc beside this file.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
