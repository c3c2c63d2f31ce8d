// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 5.1 permutation testing. Under the IID hypothesis every ordering of the data
// is equally likely, so the statistic t of the data as given is exchangeable with the
// values t' of its shuffles: its rank among 10,001 values is uniform. The standard rejects
// when t ranks among the 6 largest (C0 + C1 <= 5) or the 6 smallest (C0 >= 9995), so one
// statistic of ideal data fails with probability at most 2 * 6 / 10001 = 0.12 % (less
// when ties are frequent), all 19 together at most 2.3 %.
//
// What is computed on what (5.1's conversions for binary data, as the standard says and as
// NIST's reference tool does): the directional statistics (5.1.2-5.1.4), periodicity and
// covariance on Conversion I (the number of ones in each 8-bit block; a last block of fewer
// than 8 bits is kept), the collision statistics on Conversion II (each 8-bit block as a
// byte), the median runs on the bits with median 0.5; excursion and compression always on
// the values as given. The excursion is kept as the integer max |L S_i - i S_L| so that
// shuffles compare exactly, and divided by L once for the report.
//
// The compression statistic is bzip2 (block size 5 x 100 kB, default work factor, as NIST's
// tool) of the values written as decimal numbers separated by single spaces. It is by far
// the dearest statistic (about 0.1 us per sample against a few ns for each of the others),
// so each shuffle computes only the statistics not yet decided and the cheap ones first.
//
// The shuffles: Fisher-Yates from the last position down, each index drawn uniformly from
// [0, i] with Lemire's multiply-and-reject over xoshiro256** (Blackman and Vigna), whose
// state is four SplitMix64 outputs of the seed. The counters are updated after every
// shuffle; a statistic stops once decided (pass: C0 + C1 >= 6 and C1 + C2 >= 6; fail: C0 or
// C2 reaches 9995) and the run ends when all have decided. Stopping is exact: no later
// shuffle could change a decided statistic's outcome.
//
// By default (PermutationScope::kUntilVerdict) the other 18 statistics run first, over all
// the shuffles they need, and the compression statistic only afterwards, over the same
// shuffles drawn again from the seed, and only if none of the 18 failed: once one has, the
// permutation tests have failed whatever bzip2 says. On data that is not IID the 18 usually
// fail within seconds while bzip2 on all 10,000 shuffles would take most of an hour at
// 1,000,000 samples; on IID data the same bzip2 runs as in one pass. The counters of every
// statistic computed are those of the single pass (kAllStatistics).
#include <bzlib.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "stats/iid_tests.h"

namespace churn::stats {
namespace {

using Stat = PermutationStatistic;
constexpr int kLags[5] = {1, 2, 8, 16, 32};
constexpr int kDecideAt = kIidRankCutoff + 1;                  // 6
constexpr int kFailAt = kIidPermutations - kIidRankCutoff;     // 9995
static_assert(kFailAt == 9995);

class Xoshiro256 {
 public:
  explicit Xoshiro256(std::uint64_t seed) {
    for (auto& word : s_) {
      std::uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  std::uint64_t Next() {
    const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, range) (Lemire, "Fast random integer generation in an interval", 2019).
  std::uint32_t Below(std::uint32_t range) {
    std::uint64_t m = (Next() >> 32) * range;
    auto low = static_cast<std::uint32_t>(m);
    if (low < range) {
      const std::uint32_t threshold = -range % range;
      while (low < threshold) {
        m = (Next() >> 32) * range;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }

 private:
  std::uint64_t s_[4];
};

// The data's fixed properties (taken from the unshuffled data) and scratch buffers.
struct Context {
  bool binary = false;
  std::uint8_t high = 0;       // binary: the value that is 1
  std::int64_t length = 0;     // L
  std::int64_t total = 0;      // S_L, the sum of the values
  int median_twice = 0;        // non-binary: 2 x the median (an integer)
  std::vector<std::uint8_t> conversion1;
  std::vector<std::uint8_t> conversion2;
  std::string text;            // the decimal text for bzip2
  std::vector<char> compressed;
  // bzip2's work arrays (about 7.5 MB at block size 5), kept from one shuffle to the next:
  // fresh ones would cost a mmap and their page faults each time.
  struct Block {
    std::size_t bytes = 0;
    std::unique_ptr<char[]> data;
    bool in_use = false;
  };
  std::vector<Block> blocks;
};

void* BzAlloc(void* opaque, int items, int size) {
  auto& blocks = static_cast<Context*>(opaque)->blocks;
  const auto bytes = static_cast<std::size_t>(items) * static_cast<std::size_t>(size);
  for (auto& b : blocks) {
    if (!b.in_use && b.bytes == bytes) {
      b.in_use = true;
      return b.data.get();
    }
  }
  blocks.push_back({bytes, std::make_unique_for_overwrite<char[]>(bytes), true});
  return blocks.back().data.get();
}

void BzFree(void* opaque, void* address) {
  for (auto& b : static_cast<Context*>(opaque)->blocks) {
    if (b.data.get() == address) b.in_use = false;
  }
}

void Convert(std::span<const std::uint8_t> s, Context& c) {
  const std::size_t blocks = (s.size() + 7) / 8;
  c.conversion1.assign(blocks, 0);
  c.conversion2.assign(blocks, 0);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned bit = s[i] == c.high ? 1u : 0u;
    c.conversion1[i / 8] = static_cast<std::uint8_t>(c.conversion1[i / 8] + bit);
    c.conversion2[i / 8] = static_cast<std::uint8_t>(c.conversion2[i / 8] | bit << (7 - i % 8));
  }
}

double Excursion(std::span<const std::uint8_t> s, const Context& c) {
  // L S_i - i S_L grows by L x_i - S_L at each step: one table lookup and one addition, and
  // its extremes kept apart (max |d| = max(largest, -smallest)), so nothing branches.
  std::int64_t step[256];
  for (int b = 0; b < 256; ++b) step[b] = c.length * b - c.total;
  std::int64_t d = 0, largest = 0, smallest = 0;
  for (const std::uint8_t x : s) {
    d += step[x];
    largest = std::max(largest, d);
    smallest = std::min(smallest, d);
  }
  return static_cast<double>(std::max(largest, -smallest)) / static_cast<double>(c.length);
}

// 5.1.2-5.1.4 over x: s'_i = -1 when x_i > x_(i+1), else +1. Branch-free: on shuffled
// data every comparison is a coin toss that a branch would mispredict half the time.
void Directional(std::span<const std::uint8_t> x, PermutationValues& v) {
  if (x.size() < 2) {
    v[1] = v[2] = v[3] = 0.0;
    return;
  }
  std::int64_t changes = 0, longest = 1, run = 1, downs = 0;
  std::int64_t prev = x[0] > x[1];
  downs += prev;
  for (std::size_t i = 1; i + 1 < x.size(); ++i) {
    const std::int64_t down = x[i] > x[i + 1];
    const std::int64_t same = down == prev;
    downs += down;
    changes += 1 - same;
    run = (run & -same) + 1;  // run + 1 when the direction holds, else 1
    longest = std::max(longest, run);
    prev = down;
  }
  const auto steps = static_cast<std::int64_t>(x.size()) - 1;
  v[1] = static_cast<double>(changes + 1);
  v[2] = static_cast<double>(longest);
  v[3] = static_cast<double>(std::max(steps - downs, downs));
}

// 5.1.5-5.1.6: runs of "below the median" / "at or above it" (branch-free, as above).
void MedianRuns(std::span<const std::uint8_t> s, const Context& c, PermutationValues& v) {
  const int high = c.high;
  const int median_twice = c.median_twice;
  auto below = [&](std::uint8_t x) -> std::int64_t {
    return c.binary ? x != high : 2 * static_cast<int>(x) < median_twice;
  };
  std::int64_t changes = 0, longest = 1, run = 1;
  std::int64_t prev = below(s[0]);
  for (std::size_t i = 1; i < s.size(); ++i) {
    const std::int64_t b = below(s[i]);
    const std::int64_t same = b == prev;
    changes += 1 - same;
    run = (run & -same) + 1;
    longest = std::max(longest, run);
    prev = b;
  }
  v[4] = static_cast<double>(changes + 1);
  v[5] = static_cast<double>(longest);
}

// 5.1.7-5.1.8: from each start, the number of values up to and including the first
// repeat; the next search starts after it. A tail without a repeat is not counted.
void Collisions(std::span<const std::uint8_t> x, PermutationValues& v) {
  // seen[b] == epoch: b occurred since the search started. Branch-free: a repeat (every
  // few values) would be a mispredicted branch. Writing the current epoch on a repeat too
  // is harmless: the epoch then moves on, so the repeated value is not seen in the next.
  std::uint32_t seen[256] = {};
  std::int64_t epoch = 1;
  std::int64_t count = 0, sum = 0, longest = 0, start = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::int64_t repeat = seen[x[i]] == epoch;
    seen[x[i]] = static_cast<std::uint32_t>(epoch);
    const std::int64_t len = (static_cast<std::int64_t>(i) - start + 1) & -repeat;
    count += repeat;
    sum += len;
    longest = std::max(longest, len);
    start += (static_cast<std::int64_t>(i) + 1 - start) & -repeat;
    epoch += repeat;
  }
  v[6] = count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
  v[7] = static_cast<double>(longest);
}

// 5.1.9-5.1.10 for the five lags in one pass, in chunks whose 32-bit sums cannot overflow
// (255^2 x 4096 < 2^32) and whose fixed-length inner loops the compiler vectorizes.
// All five lags are computed whenever any is wanted: together they cost about what one did.
void PeriodicityCovariance(std::span<const std::uint8_t> x, PermutationValues& v) {
  constexpr std::size_t kMaxLag = 32;
  constexpr std::size_t kChunk = 4096;
  std::uint64_t equal[5] = {}, products[5] = {};
  const std::size_t n = x.size();
  // Positions i with i + 32 < n in full chunks; the rest (and short inputs) one by one.
  const std::size_t bulk = n > kMaxLag ? (n - kMaxLag) / kChunk * kChunk : 0;
  const std::uint8_t* d = x.data();
  for (std::size_t base = 0; base < bulk; base += kChunk) {
    std::uint32_t e[5] = {}, p[5] = {};
    for (std::size_t i = base; i < base + kChunk; ++i) {
      const std::uint32_t a = d[i];
      e[0] += a == d[i + 1];
      e[1] += a == d[i + 2];
      e[2] += a == d[i + 8];
      e[3] += a == d[i + 16];
      e[4] += a == d[i + 32];
      p[0] += a * d[i + 1];
      p[1] += a * d[i + 2];
      p[2] += a * d[i + 8];
      p[3] += a * d[i + 16];
      p[4] += a * d[i + 32];
    }
    for (int k = 0; k < 5; ++k) {
      equal[k] += e[k];
      products[k] += p[k];
    }
  }
  for (int k = 0; k < 5; ++k) {
    const auto lag = static_cast<std::size_t>(kLags[k]);
    for (std::size_t i = bulk; i + lag < n; ++i) {
      equal[k] += d[i] == d[i + lag] ? 1u : 0u;
      products[k] += static_cast<std::uint64_t>(d[i]) * d[i + lag];
    }
    v[static_cast<std::size_t>(8 + k)] = static_cast<double>(equal[k]);
    v[static_cast<std::size_t>(13 + k)] = static_cast<double>(products[k]);
  }
}

double Compression(std::span<const std::uint8_t> s, Context& c) {
  c.text.resize(s.size() * 4);
  char* out = c.text.data();
  for (const std::uint8_t b : s) {
    if (b >= 100) *out++ = static_cast<char>('0' + b / 100);
    if (b >= 10) *out++ = static_cast<char>('0' + b / 10 % 10);
    *out++ = static_cast<char>('0' + b % 10);
    *out++ = ' ';
  }
  const auto length = static_cast<unsigned>(out - c.text.data() - 1);  // no trailing space
  // bzip2's documented worst case: 1 % more than the input plus 600 bytes. The stream calls
  // are BZ2_bzBuffToBuffCompress's (block size 5, work factor 0 = 30), with our allocator.
  const unsigned capacity = length + length / 100 + 601;
  c.compressed.resize(capacity);
  bz_stream stream{};
  stream.bzalloc = BzAlloc;
  stream.bzfree = BzFree;
  stream.opaque = &c;
  int rc = BZ2_bzCompressInit(&stream, 5, 0, 0);
  assert(rc == BZ_OK);
  stream.next_in = c.text.data();
  stream.avail_in = length;
  stream.next_out = c.compressed.data();
  stream.avail_out = capacity;
  do {
    rc = BZ2_bzCompress(&stream, BZ_FINISH);
  } while (rc == BZ_FINISH_OK);
  assert(rc == BZ_STREAM_END);
  const unsigned produced = capacity - stream.avail_out;
  BZ2_bzCompressEnd(&stream);
  return static_cast<double>(produced);
}

void Compute(std::span<const std::uint8_t> s, Context& c, const bool* want, PermutationValues& v) {
  auto any = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      if (want[i]) return true;
    }
    return false;
  };
  if (c.binary && (any(1, 4) || any(6, 18))) Convert(s, c);
  const std::span<const std::uint8_t> conv1 =
      c.binary ? std::span<const std::uint8_t>(c.conversion1) : s;
  const std::span<const std::uint8_t> conv2 =
      c.binary ? std::span<const std::uint8_t>(c.conversion2) : s;
  if (want[0]) v[0] = Excursion(s, c);
  if (any(1, 4)) Directional(conv1, v);
  if (any(4, 6)) MedianRuns(s, c, v);
  if (any(6, 8)) Collisions(conv2, v);
  if (any(8, 18)) PeriodicityCovariance(conv1, v);
  if (want[18]) v[18] = Compression(s, c);
}

Context MakeContext(std::span<const std::uint8_t> samples) {
  Context c;
  c.length = static_cast<std::int64_t>(samples.size());
  std::uint64_t counts[256] = {};
  for (const std::uint8_t b : samples) ++counts[b];
  int distinct = 0;
  for (int b = 0; b < 256; ++b) {
    c.total += static_cast<std::int64_t>(counts[b]) * b;
    if (counts[b] != 0) {
      ++distinct;
      c.high = static_cast<std::uint8_t>(b);
    }
  }
  c.binary = distinct == 2;
  // The median of the sorted values: the middle one (odd L) or the mean of the two middle
  // ones (even L), kept doubled so it stays an integer.
  auto nth = [&](std::uint64_t k) {  // the k-th smallest value, from 0
    std::uint64_t seen = 0;
    for (int b = 0; b < 256; ++b) {
      seen += counts[b];
      if (seen > k) return b;
    }
    return 255;
  };
  const auto l = static_cast<std::uint64_t>(c.length);
  c.median_twice = (l % 2 == 1) ? 2 * nth(l / 2) : nth(l / 2 - 1) + nth(l / 2);
  return c;
}

}  // namespace

std::string_view PermutationStatisticName(PermutationStatistic s) {
  static constexpr std::string_view kNames[kPermutationStatisticCount] = {
      "excursion",         "directional_runs",  "directional_run_length",
      "increases_decreases", "median_runs",     "median_run_length",
      "average_collision", "maximum_collision", "periodicity_1",
      "periodicity_2",     "periodicity_8",     "periodicity_16",
      "periodicity_32",    "covariance_1",      "covariance_2",
      "covariance_8",      "covariance_16",     "covariance_32",
      "compression"};
  return kNames[static_cast<int>(s)];
}

std::string_view PermutationStatisticSection(PermutationStatistic s) {
  static constexpr std::string_view kSections[kPermutationStatisticCount] = {
      "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5",  "5.1.6",  "5.1.7",
      "5.1.8", "5.1.9", "5.1.9", "5.1.9", "5.1.9",  "5.1.9",  "5.1.10",
      "5.1.10", "5.1.10", "5.1.10", "5.1.10", "5.1.11"};
  return kSections[static_cast<int>(s)];
}

PermutationValues PermutationStatistics(std::span<const std::uint8_t> samples) {
  Context c = MakeContext(samples);
  bool want[kPermutationStatisticCount];
  std::fill(std::begin(want), std::end(want), true);
  PermutationValues v{};
  Compute(samples, c, want, v);
  return v;
}

void PermutationTests(std::span<const std::uint8_t> samples, std::uint64_t seed,
                      PermutationTestReport* report, PermutationScope scope) {
  PermutationTestReport& r = *report;
  r = PermutationTestReport{};
  r.seed = seed;
  r.scope = scope;
  r.computed.fill(true);
  Context c = MakeContext(samples);
  bool want[kPermutationStatisticCount];
  std::fill(std::begin(want), std::end(want), true);
  Compute(samples, c, want, r.original);

  // One run of shuffles from the seed, computing the statistics still in `want` until each
  // has decided; returns how many shuffles it drew.
  auto run = [&](bool* wanted) {
    std::vector<std::uint8_t> work(samples.begin(), samples.end());
    Xoshiro256 rng(seed);
    PermutationValues v{};
    int open = static_cast<int>(std::count(wanted, wanted + kPermutationStatisticCount, true));
    int shuffles = 0;
    while (open > 0 && shuffles < kIidPermutations) {
      for (std::size_t i = work.size() - 1; i > 0; --i) {
        std::swap(work[i], work[rng.Below(static_cast<std::uint32_t>(i + 1))]);
      }
      Compute(work, c, wanted, v);
      ++shuffles;
      for (std::size_t k = 0; k < kPermutationStatisticCount; ++k) {
        if (!wanted[k]) continue;
        auto& counts = r.counters[k];
        ++counts[v[k] > r.original[k] ? 0 : v[k] == r.original[k] ? 1 : 2];
        const bool pass =
            counts[0] + counts[1] >= kDecideAt && counts[1] + counts[2] >= kDecideAt;
        const bool fail = counts[0] >= kFailAt || counts[2] >= kFailAt;
        if (pass || fail) {
          wanted[k] = false;
          --open;
        }
      }
    }
    return shuffles;
  };
  const auto compression = static_cast<std::size_t>(Stat::kCompression);
  if (scope == PermutationScope::kAllStatistics) {
    r.shuffles = run(want);
  } else {
    // The other 18 first; bzip2 then only if none of them failed, over the same shuffles
    // drawn again from the seed (a shuffle costs a few ms per 1,000,000 samples, a bzip2
    // about 0.3 s).
    want[compression] = false;
    r.shuffles = run(want);
    bool failed = false;
    for (std::size_t k = 0; k < kPermutationStatisticCount; ++k) {
      const auto& counts = r.counters[k];
      failed = failed || (k != compression && (counts[0] + counts[1] <= kIidRankCutoff ||
                                               counts[0] >= kFailAt));
    }
    if (failed) {
      r.computed[compression] = false;
    } else {
      std::fill(std::begin(want), std::end(want), false);
      want[compression] = true;
      r.shuffles = std::max(r.shuffles, run(want));
    }
  }
  r.passed_all = true;
  for (std::size_t k = 0; k < kPermutationStatisticCount; ++k) {
    const auto& counts = r.counters[k];
    r.passed[k] = r.computed[k] && counts[0] + counts[1] > kIidRankCutoff && counts[0] < kFailAt;
    r.passed_all = r.passed_all && r.passed[k];
  }
}

}  // namespace churn::stats
