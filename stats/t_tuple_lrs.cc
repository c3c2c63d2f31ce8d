// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B (January 2018) sections 6.3.5 (t-tuple) and 6.3.6 (longest
// repeated substring, LRS): the counts both need, and the two estimates.
// Q[W] is the count of the most common W-tuple; t is the largest W with
// Q[W] >= 35; t-tuple takes max_{W<=t} (Q[W]/(L-W+1))^(1/W). LRS takes W from
// t+1 to the longest repeated length v with P_W = sum_i C(c_i, 2) /
// C(L-W+1, 2) over the W-tuple counts c_i, and max P_W^(1/W). Both bounds are
// the upper 99% confidence bound (z = 2.576), reported as -log2 bits.
// Both come from the positions in suffix order and the LCP of neighbours:
//   - bits: positions ordered by up to 256 bits from packed words;
//   - wider symbols: sorted 64-bit windows when no repeat fills one (any good
//     source), positions ordered by four windows when none fills four;
//   - else a suffix array (SA-IS, linear time) and its LCP array (Kasai).
// All four walk the lcp-intervals of that order bottom-up (Abouelhoda et al.
// 2004): the W-tuple classes are the runs of suffixes with LCP >= W, so each
// interval's size gives its pairs for the W between its parent's LCP and its
// own, and the largest class for W up to its own; prefix sums and suffix
// maxima over W then give the pair counts and Q[W] for every W in O(L).
// Memory on the suffix-array path, per symbol: 6 bytes for the suffix array
// (1-byte text, 4-byte array, types), 12 for the LCP array (with the ranks),
// then 16 for the walk (LCP array, 8-byte pairs and 4-byte Q per level: periodic
// input has a level per symbol) and up to 8 more for its stack.

#include "stats/t_tuple_lrs.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

namespace churn::stats {
namespace {

constexpr double kZ99 = 2.576;      // 90B's two-sided 99% normal quantile
constexpr int kTupleMinCount = 35;  // 6.3.5: a tuple counts if seen 35 times

// 6.3.5 step 4 / 6.3.6 step 5: the upper 99% bound on a probability p from n samples.
double UpperBound(double p, double n) {
  return std::min(1.0, p + kZ99 * std::sqrt(p * (1.0 - p) / (n - 1.0)));
}

double BitsFromProbability(double p) { return p >= 1.0 ? 0.0 : -std::log2(p); }
// Buffers that are written before they are read: resize() leaves their elements
// uninitialised, which saves a pass over (and, on first touch, the zeroing of)
// tens of MB at 90B's sizes.
template <typename T>
struct NoInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = NoInitAllocator<U>;
  };
  NoInitAllocator() = default;
  template <typename U>
  explicit NoInitAllocator(const NoInitAllocator<U>& /*unused*/) {}
  template <typename U>
  void construct(U* p) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <typename T>
using ScratchVector = std::vector<T, NoInitAllocator<T>>;

// ---- SA-IS (Nong, Zhang, Chan 2009) over symbols of type Sym (1-byte symbols at the top
// level, which keeps the text of 8,000,000 bits at 8 MB; int32 in the recursion) with a
// unique smallest sentinel at s[n-1].
template <typename Sym>
void Buckets(const Sym* s, std::int32_t n, std::int32_t k, std::vector<std::int32_t>& b,
             bool end) {
  std::fill(b.begin(), b.begin() + k, 0);
  for (std::int32_t i = 0; i < n; ++i) ++b[static_cast<std::size_t>(s[i])];
  std::int32_t sum = 0;
  for (std::int32_t c = 0; c < k; ++c) {
    sum += b[static_cast<std::size_t>(c)];
    b[static_cast<std::size_t>(c)] = end ? sum : sum - b[static_cast<std::size_t>(c)];
  }
}

template <typename Sym>
void Induce(const Sym* s, std::int32_t* sa, std::int32_t n, std::int32_t k,
            const std::vector<std::uint8_t>& stype, std::vector<std::int32_t>& b) {
  Buckets(s, n, k, b, false);
  for (std::int32_t i = 0; i < n; ++i) {
    const std::int32_t j = sa[i] - 1;
    if (sa[i] > 0 && stype[static_cast<std::size_t>(j)] == 0) {
      sa[b[static_cast<std::size_t>(s[j])]++] = j;
    }
  }
  Buckets(s, n, k, b, true);
  for (std::int32_t i = n - 1; i >= 0; --i) {
    const std::int32_t j = sa[i] - 1;
    if (sa[i] > 0 && stype[static_cast<std::size_t>(j)] != 0) {
      sa[--b[static_cast<std::size_t>(s[j])]] = j;
    }
  }
}

template <typename Sym>
void SaIs(const Sym* s, std::int32_t* sa, std::int32_t n, std::int32_t k) {
  std::vector<std::uint8_t> stype(static_cast<std::size_t>(n));
  stype[static_cast<std::size_t>(n - 1)] = 1;
  for (std::int32_t i = n - 2; i >= 0; --i) {
    const auto u = static_cast<std::size_t>(i);
    stype[u] = (s[i] < s[i + 1] || (s[i] == s[i + 1] && stype[u + 1] != 0)) ? 1 : 0;
  }
  auto is_lms = [&](std::int32_t i) {
    return i > 0 && stype[static_cast<std::size_t>(i)] != 0 &&
           stype[static_cast<std::size_t>(i - 1)] == 0;
  };
  std::vector<std::int32_t> b(static_cast<std::size_t>(std::max(k, 1)));
  Buckets(s, n, k, b, true);
  std::fill(sa, sa + n, -1);
  for (std::int32_t i = 1; i < n; ++i) {
    if (is_lms(i)) sa[--b[static_cast<std::size_t>(s[i])]] = i;
  }
  Induce(s, sa, n, k, stype, b);

  std::int32_t n1 = 0;
  for (std::int32_t i = 0; i < n; ++i) {
    if (is_lms(sa[i])) sa[n1++] = sa[i];
  }
  std::fill(sa + n1, sa + n, -1);
  std::int32_t name = 0;
  std::int32_t prev = -1;
  for (std::int32_t i = 0; i < n1; ++i) {
    const std::int32_t pos = sa[i];
    bool differ = false;
    for (std::int32_t d = 0; d < n; ++d) {
      if (prev == -1 || s[pos + d] != s[prev + d] ||
          stype[static_cast<std::size_t>(pos + d)] != stype[static_cast<std::size_t>(prev + d)]) {
        differ = true;
        break;
      }
      if (d > 0 && (is_lms(pos + d) || is_lms(prev + d))) break;
    }
    if (differ) {
      ++name;
      prev = pos;
    }
    sa[n1 + pos / 2] = name - 1;
  }
  for (std::int32_t i = n - 1, j = n - 1; i >= n1; --i) {
    if (sa[i] >= 0) sa[j--] = sa[i];
  }

  std::int32_t* s1 = sa + n - n1;
  if (name < n1) {
    SaIs<std::int32_t>(s1, sa, n1, name);
  } else {
    for (std::int32_t i = 0; i < n1; ++i) sa[s1[i]] = i;
  }
  Buckets(s, n, k, b, true);
  for (std::int32_t i = 1, j = 0; i < n; ++i) {
    if (is_lms(i)) s1[j++] = i;
  }
  for (std::int32_t i = 0; i < n1; ++i) sa[i] = s1[sa[i]];
  std::fill(sa + n1, sa + n, -1);
  for (std::int32_t i = n1 - 1; i >= 0; --i) {
    const std::int32_t j = sa[i];
    sa[i] = -1;
    sa[--b[static_cast<std::size_t>(s[j])]] = j;
  }
  Induce(s, sa, n, k, stype, b);
}

// For every W: the number of pairs of equal W-tuples and the count of the most common one.
struct TupleStatistics {
  std::vector<std::uint64_t> pairs_at_least;  // [W]: pairs with LCP >= W
  std::vector<std::uint32_t> max_count;       // [W]: most common W-tuple count
  std::int64_t longest_repeat = 0;            // largest LCP
};

// The suffix array of the symbols with a sentinel: text of Sym, symbols shifted up by one.
template <typename Sym>
std::vector<std::int32_t> SuffixArray(std::span<const std::uint8_t> symbols, std::int32_t k) {
  const auto n = static_cast<std::int32_t>(symbols.size());
  std::vector<Sym> text(static_cast<std::size_t>(n) + 1);
  for (std::int32_t i = 0; i < n; ++i) {
    text[static_cast<std::size_t>(i)] = static_cast<Sym>(symbols[static_cast<std::size_t>(i)] + 1);
  }
  text[static_cast<std::size_t>(n)] = 0;
  std::vector<std::int32_t> sa(static_cast<std::size_t>(n) + 1);
  SaIs(text.data(), sa.data(), n + 1, k + 1);
  sa.erase(sa.begin());  // the sentinel's suffix, always first
  return sa;
}

TupleStatistics ComputeTupleStatistics(std::span<const std::uint8_t> symbols) {
  const auto n = static_cast<std::int32_t>(symbols.size());
  const std::uint8_t max_symbol = *std::max_element(symbols.begin(), symbols.end());
  std::vector<std::int32_t> sa = max_symbol < 255 ? SuffixArray<std::uint8_t>(symbols, max_symbol + 1)
                                                  : SuffixArray<std::int32_t>(symbols, 256);

  // Kasai: lcp[i] = LCP(sa[i-1], sa[i]).
  std::vector<std::int32_t> lcp(static_cast<std::size_t>(n), 0);
  {
    ScratchVector<std::int32_t> rank(static_cast<std::size_t>(n));
    for (std::int32_t i = 0; i < n; ++i) rank[static_cast<std::size_t>(sa[static_cast<std::size_t>(i)])] = i;
    std::int32_t h = 0;
    for (std::int32_t i = 0; i < n; ++i) {
      const std::int32_t r = rank[static_cast<std::size_t>(i)];
      if (r > 0) {
        const std::int32_t j = sa[static_cast<std::size_t>(r - 1)];
        while (i + h < n && j + h < n &&
               symbols[static_cast<std::size_t>(i + h)] == symbols[static_cast<std::size_t>(j + h)]) {
          ++h;
        }
        lcp[static_cast<std::size_t>(r)] = h;
        if (h > 0) --h;
      } else {
        h = 0;
      }
    }
  }
  // Only the LCP array is needed from here: give back the suffix array before the per-level
  // counts, which periodic input makes as long as the input.
  std::vector<std::int32_t>().swap(sa);

  TupleStatistics st;
  std::int32_t max_lcp = 0;
  for (std::int32_t i = 1; i < n; ++i) max_lcp = std::max(max_lcp, lcp[static_cast<std::size_t>(i)]);
  st.longest_repeat = max_lcp;
  const auto levels = static_cast<std::size_t>(max_lcp) + 2;
  // The lcp-interval walk of LcpIntervals (below), with a stack that grows as needed instead
  // of one frame per level, straight into the two level arrays: pairs as a difference array
  // over W, the largest interval per LCP.
  std::vector<std::uint64_t> pairs(levels + 1, 0);
  std::vector<std::uint32_t> run_at(levels, 0);
  struct Frame {
    std::int32_t lcp;
    std::int32_t lb;
  };
  std::vector<Frame> stack{{0, 0}};
  for (std::int32_t k = 1; k <= n; ++k) {
    const std::int32_t h = k < n ? lcp[static_cast<std::size_t>(k)] : 0;
    std::int32_t lb = k - 1;
    while (h < stack.back().lcp) {
      const Frame f = stack.back();
      stack.pop_back();
      lb = f.lb;
      const auto size = static_cast<std::uint64_t>(k - f.lb);
      const auto parent = static_cast<std::size_t>(std::max(h, stack.back().lcp));
      const std::uint64_t p = size * (size - 1) / 2;
      // The pairs of levels parent + 1 .. f.lcp. An entry may wrap below zero (unsigned);
      // the prefix sums, which are the true non-negative counts, come out exact.
      pairs[parent + 1] += p;
      pairs[static_cast<std::size_t>(f.lcp) + 1] -= p;
      std::uint32_t& run = run_at[static_cast<std::size_t>(f.lcp)];
      run = std::max(run, static_cast<std::uint32_t>(size));
    }
    if (h > stack.back().lcp) stack.push_back({h, lb});
  }
  std::vector<std::int32_t>().swap(lcp);
  // In place: pairs[W] = pairs with LCP >= W (prefix sums of the differences), run_at[W] =
  // the largest run sharing a W-prefix (suffix maxima).
  pairs.pop_back();
  std::uint64_t running = 0;
  for (std::size_t w = 1; w < levels; ++w) {
    running += pairs[w];
    pairs[w] = running;
  }
  std::uint32_t best = 1;
  for (std::size_t w = levels - 1; w >= 1; --w) {
    best = std::max(best, run_at[w]);
    run_at[w] = best;
  }
  pairs[0] = 0;
  run_at[0] = static_cast<std::uint32_t>(n);
  st.pairs_at_least = std::move(pairs);
  st.max_count = std::move(run_at);
  return st;
}

// ---- The same statistics without a suffix array, for data whose longest
// repeat is shorter than one 64-bit window (any good source at 90B sizes):
// each position's next m = 64 / w symbols (w bits each, left-aligned) form a
// key; sorted keys put equal W-prefixes next to each other for every W < m,
// and the LCP of neighbours is clz(a ^ b) / w. The lcp-intervals of that
// array (bottom-up, Abouelhoda et al. 2004) are exactly the groups of equal
// W-tuples for the W between the parent's LCP and their own, which gives the
// pair counts (a difference array over W) and the largest group per W. The
// last m - 1 positions have fewer than m symbols: they are added afterwards
// by binary search in the sorted keys. Two equal keys mean a repeat of m
// symbols or more: returns false and the caller uses the suffix array.

// Sorts the keys of all `full` positions into `sorted` in a cache-friendly
// way: a counting pass and a scatter pass on the top 8 bits (256 write
// streams, few TLB misses), then inside each bucket (32K keys at 90B's size,
// in L2) a counting sort on the next bits into about two keys per
// sub-bucket, finished by one insertion pass (per-sub-bucket sorts for
// repetitive data that crowds a few sub-buckets). Keys are rolled from the symbols twice instead of being stored.
void SortSmall(std::uint64_t* first, std::uint64_t* last) {
  if (last - first > 32) {
    std::sort(first, last);
    return;
  }
  for (std::uint64_t* i = first + 1; i < last; ++i) {
    const std::uint64_t v = *i;
    std::uint64_t* j = i;
    for (; j > first && *(j - 1) > v; --j) *j = *(j - 1);
    *j = v;
  }
}

// Returns false, leaving `sorted` unspecified, when the keys crowd a few
// sub-buckets: repetitive data, which the caller hands to the deep path.
template <typename KeyAt>
bool BucketSortKeys(std::size_t full, KeyAt key_at, ScratchVector<std::uint64_t>& sorted) {
  constexpr int kTopBits = 8;
  constexpr int kTopShift = 64 - kTopBits;
  std::vector<std::uint32_t> start((std::size_t{1} << kTopBits) + 1, 0);
  key_at([&](std::uint64_t k) { ++start[static_cast<std::size_t>(k >> kTopShift) + 1]; });
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
  sorted.resize(full);
  key_at([&](std::uint64_t k) { sorted[next[static_cast<std::size_t>(k >> kTopShift)]++] = k; });
  std::vector<std::uint64_t> temp;
  std::vector<std::uint32_t> sub;
  for (std::size_t b = 0; b + 1 < start.size(); ++b) {
    std::uint64_t* first = sorted.data() + start[b];
    const std::size_t size = start[b + 1] - start[b];
    if (size <= 32) {
      SortSmall(first, first + size);
      continue;
    }
    // About two keys per sub-bucket; one insertion pass over the bucket then
    // fixes the little disorder left inside sub-buckets.
    const int sub_bits = std::min(16, static_cast<int>(std::bit_width(size)) - 1);
    const int shift = kTopShift - sub_bits;
    const std::uint64_t mask = (std::uint64_t{1} << sub_bits) - 1;
    sub.assign((std::size_t{1} << sub_bits) + 1, 0);
    for (std::size_t i = 0; i < size; ++i) ++sub[((first[i] >> shift) & mask) + 1];
    for (std::size_t j = 1; j < sub.size(); ++j) sub[j] += sub[j - 1];
    temp.resize(size);
    for (std::size_t i = 0; i < size; ++i) temp[sub[(first[i] >> shift) & mask]++] = first[i];
    std::uint64_t* t = temp.data();
    std::uint32_t lo = 0;
    for (std::size_t j = 0; j + 1 < sub.size(); ++j) {
      // sub[j] is now the end of sub-bucket j.
      if (sub[j] - lo > 64) return false;
      lo = sub[j];
    }
    for (std::size_t i = 1; i < size; ++i) {
      const std::uint64_t v = t[i];
      std::size_t j = i;
      for (; j > 0 && t[j - 1] > v; --j) t[j] = t[j - 1];
      t[j] = v;
    }
    std::copy(temp.begin(), temp.end(), first);
  }
  return true;
}

// The lcp-interval walk shared by the two window paths. Fed the LCP h of each
// pair of neighbours in sorted order (Step(k, h) for k = 1..full, h = 0 at
// k = full), it keeps pairs_diff[W], a difference array of the pairs at level
// W, and run_at[L], the largest interval with LCP exactly L; Counts() turns
// them into the pairs and most common count for every W up to max_lcp.
class LcpIntervals {
 public:
  explicit LcpIntervals(std::size_t max_lcp)
      : max_lcp_(max_lcp), pairs_diff_(max_lcp + 2, 0), run_at_(max_lcp + 1, 0),
        frames_(max_lcp + 2) {}  // LCPs on the stack strictly increase from 0

  void Step(std::size_t k, std::size_t h) {
    // Locals: the counts' stores may alias the members (same integer width),
    // which would make every pop reload them from memory.
    Frame* const frames = frames_.data();
    std::int64_t* const pairs_diff = pairs_diff_.data();
    std::uint64_t* const run_at = run_at_.data();
    std::size_t depth = depth_;
    std::size_t lb = k - 1;
    while (h < frames[depth - 1].lcp) {
      const Frame f = frames[--depth];
      lb = f.lb;
      const std::uint64_t size = k - f.lb;
      const std::size_t parent = std::max(h, frames[depth - 1].lcp);
      const auto pairs = static_cast<std::int64_t>(size * (size - 1) / 2);
      pairs_diff[parent + 1] += pairs;
      pairs_diff[f.lcp + 1] -= pairs;
      run_at[f.lcp] = std::max(run_at[f.lcp], size);
    }
    if (h > frames[depth - 1].lcp) frames[depth++] = {h, lb};
    depth_ = depth;
  }

  // [W] for W = 0..max_lcp: pairs with LCP >= W, and the largest run sharing
  // a W-prefix (at least 1).
  void Counts(std::vector<std::uint64_t>& pairs_at_least,
              std::vector<std::uint64_t>& max_count) const {
    pairs_at_least.assign(max_lcp_ + 1, 0);
    max_count.assign(max_lcp_ + 1, 1);
    std::int64_t running = 0;
    for (std::size_t lw = 1; lw <= max_lcp_; ++lw) {
      running += pairs_diff_[lw];
      pairs_at_least[lw] = static_cast<std::uint64_t>(running);
    }
    std::uint64_t best = 1;
    for (std::size_t lw = max_lcp_; lw >= 1; --lw) {
      best = std::max(best, run_at_[lw]);
      max_count[lw] = best;
    }
  }

 private:
  struct Frame {
    std::size_t lcp;
    std::size_t lb;
  };
  std::size_t max_lcp_;
  std::vector<std::int64_t> pairs_diff_;
  std::vector<std::uint64_t> run_at_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 1;  // frames_[0] = {0, 0}
};

// Stores the counts up to level longest + 1 (the first with no pairs) for n
// symbols, with level 0 defined as no pairs and a count of n.
void StoreTupleStatistics(std::size_t n, std::size_t longest,
                          const std::vector<std::uint64_t>& pairs_at_least,
                          const std::vector<std::uint64_t>& max_count, TupleStatistics* out) {
  const std::size_t levels = longest + 2;
  out->longest_repeat = static_cast<std::int64_t>(longest);
  out->pairs_at_least.assign(pairs_at_least.begin(),
                             pairs_at_least.begin() + static_cast<std::ptrdiff_t>(levels));
  out->max_count.resize(levels);
  for (std::size_t w = 1; w < levels; ++w) {
    out->max_count[w] = static_cast<std::uint32_t>(max_count[w]);  // at most n < 2^32
  }
  out->pairs_at_least[0] = 0;
  out->max_count[0] = static_cast<std::uint32_t>(n);
}

// The counts of the short positions p >= full (fewer than a key's symbols
// left), added to those of the full ones, for both window paths. Per p: the
// other short positions q sharing each prefix of p come from one pass over
// them (`common(p, q, limit)`: their common prefix, at most `limit`), and
// `full_sharing(p, W)` gives the full positions sharing p's W-prefix. At the
// levels W where a short q < p shares p's W-prefix, p's group was counted with
// q's; once neither a full nor another short position shares p's W-prefix, no
// longer prefix is shared: the next p.
template <typename Common, typename FullSharing>
void AddShortPositions(std::size_t n, std::size_t full, Common common, FullSharing full_sharing,
                       std::size_t& longest, std::vector<std::uint64_t>& pairs_at_least,
                       std::vector<std::uint64_t>& max_count) {
  std::vector<std::uint64_t> sharing(n - full + 1);  // [c]: short q with common prefix c
  for (std::size_t p = full; p < n; ++p) {
    const std::size_t len = n - p;
    std::fill(sharing.begin(), sharing.begin() + static_cast<std::ptrdiff_t>(len + 1), 0);
    std::size_t before = 0;  // longest prefix p shares with a short q < p
    for (std::size_t q = full; q < n; ++q) {
      if (q == p) continue;
      const std::size_t c = common(p, q, std::min(len, n - q));
      ++sharing[c];
      if (q < p) before = std::max(before, c);
    }
    // sharing[c] becomes the number of short q sharing p's c-prefix.
    for (std::size_t c = len; c >= 1; --c) {
      if (c < len) sharing[c] += sharing[c + 1];
    }
    for (std::size_t lw = before + 1; lw <= len; ++lw) {  // p first of its group
      const std::uint64_t s = 1 + sharing[lw];
      const std::uint64_t f = full_sharing(p, lw);
      if (f + s < 2) break;  // f and s only fall as lw grows
      longest = std::max(longest, lw);
      pairs_at_least[lw] += f * s + s * (s - 1) / 2;
      max_count[lw] = std::max(max_count[lw], f + s);
    }
  }
}

bool WindowTupleStatistics(std::span<const std::uint8_t> symbols, TupleStatistics* out) {
  const std::size_t n = symbols.size();
  const std::uint8_t max_symbol = *std::max_element(symbols.begin(), symbols.end());
  const int w = std::max(1, static_cast<int>(std::bit_width(max_symbol)));  // bits per symbol
  const auto m = static_cast<std::size_t>(64 / w);        // symbols per key
  if (n < 2 * m || n > UINT32_MAX) return false;
  const int pad = 64 - static_cast<int>(m) * w;  // low bits left zero
  const std::size_t full = n - m + 1;            // positions with a whole key
  ScratchVector<std::uint64_t> keys;
  const bool sorted = BucketSortKeys(
      full,
      [&](auto&& emit) {
        std::uint64_t key = 0;
        for (std::size_t i = 0; i < m; ++i) key = (key << w) | symbols[i];
        key <<= pad;
        emit(key);
        for (std::size_t i = 1; i < full; ++i) {
          key = (key << w) | (std::uint64_t{symbols[i + m - 1]} << pad);
          emit(key);
        }
      },
      keys);
  if (!sorted) return false;

  LcpIntervals intervals(m);
  // LCP in symbols from the leading zeros of a ^ b, without a division per key.
  std::array<std::uint8_t, 65> lcp_of_clz{};
  for (int z = 0; z <= 64; ++z) lcp_of_clz[static_cast<std::size_t>(z)] = static_cast<std::uint8_t>(z / w);
  std::size_t longest = 0;
  for (std::size_t k = 1; k <= full; ++k) {
    std::size_t h = 0;
    if (k < full) {
      const std::uint64_t x = keys[k - 1] ^ keys[k];
      if (x == 0) return false;  // a repeat of m symbols or more
      h = lcp_of_clz[static_cast<std::size_t>(std::countl_zero(x))];
      longest = std::max(longest, h);
    }
    intervals.Step(k, h);
  }
  std::vector<std::uint64_t> pairs_at_least;
  std::vector<std::uint64_t> max_count;
  intervals.Counts(pairs_at_least, max_count);

  // The short positions p >= full (n - p < m symbols): the other short ones
  // from one pass over them, the full ones sharing p's W-prefix by binary
  // search in the sorted keys.
  auto common = [&](std::size_t p, std::size_t q, std::size_t limit) {
    std::size_t c = 0;
    while (c < limit && symbols[p + c] == symbols[q + c]) ++c;
    return c;
  };
  auto full_sharing = [&](std::size_t p, std::size_t lw) {
    std::uint64_t prefix = 0;
    for (std::size_t j = 0; j < lw; ++j) prefix = (prefix << w) | symbols[p + j];
    const int shift = 64 - static_cast<int>(lw) * w;
    const std::uint64_t lo = prefix << shift;
    const std::uint64_t span_keys = std::uint64_t{1} << shift;
    const auto begin = std::lower_bound(keys.begin(), keys.end(), lo);
    const auto end = lo + span_keys == 0 ? keys.end()
                                         : std::lower_bound(begin, keys.end(), lo + span_keys);
    return static_cast<std::uint64_t>(end - begin);
  };
  AddShortPositions(n, full, common, full_sharing, longest, pairs_at_least, max_count);

  StoreTupleStatistics(n, longest, pairs_at_least, max_count, out);
  return true;
}

// The same for data with repeats of a window or more (low-entropy raw
// samples): positions ordered by kDeepWords windows (m = 64 / w symbols each)
// read on the fly from the packed symbols, radix-sorted on the first window
// and std::sort-ed inside runs of equal first windows; the lcp-interval walk
// with levels up to kDeepWords * m; the last positions, shorter than that, by
// binary search. Returns false when a repeat fills all kDeepWords windows.
constexpr std::size_t kDeepWords = 4;

bool DeepWindowTupleStatistics(std::span<const std::uint8_t> symbols, TupleStatistics* out) {
  const std::size_t n = symbols.size();
  const std::uint8_t max_symbol = *std::max_element(symbols.begin(), symbols.end());
  const auto w = static_cast<std::size_t>(std::max(1, static_cast<int>(std::bit_width(max_symbol))));
  const std::size_t m = 64 / w;
  const std::size_t span = kDeepWords * m;  // symbols compared per position
  if (n < 2 * span || n > UINT32_MAX) return false;
  const std::uint64_t mask = ~std::uint64_t{0} << (64 - m * w);
  std::vector<std::uint64_t> packed((n * w + 63) / 64 + 2, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t bit = i * w;
    const std::size_t off = bit & 63;
    const std::uint64_t v = symbols[i];
    if (off + w <= 64) {
      packed[bit >> 6] |= v << (64 - off - w);
    } else {
      packed[bit >> 6] |= v >> (off + w - 64);
      packed[(bit >> 6) + 1] |= v << (128 - off - w);
    }
  }
  // The m symbols from position i, left-aligned (zero past the end).
  auto window = [&](std::size_t i) {
    const std::size_t bit = i * w;
    const std::size_t off = bit & 63;
    std::uint64_t v = packed[bit >> 6] << off;
    if (off != 0) v |= packed[(bit >> 6) + 1] >> (64 - off);
    return v & mask;
  };
  // Common prefix in symbols of positions p and q, at most `limit`.
  auto common = [&](std::size_t p, std::size_t q, std::size_t limit) {
    std::size_t c = 0;
    while (c < limit) {
      const std::uint64_t x = window(p + c) ^ window(q + c);
      if (x != 0) return std::min(limit, c + static_cast<std::size_t>(std::countl_zero(x)) / w);
      c += m;
    }
    return limit;
  };
  auto less = [&](std::uint32_t p, std::uint32_t q) {
    const std::size_t c = common(p, q, span);
    return c < span && window(p + c) < window(q + c);
  };

  // LSD radix sort of the positions by their first window (the packed
  // symbols are n * w / 8 bytes, so window() stays in cache), then each run
  // of equal first windows by the later ones.
  const std::size_t full = n - span + 1;
  ScratchVector<std::uint32_t> order(full);
  {
    ScratchVector<std::uint32_t> scratch(full);
    for (std::size_t i = 0; i < full; ++i) order[i] = static_cast<std::uint32_t>(i);
    // Digits of 11 bits at 90B's sizes (6 scatter passes instead of 8), of 8 bits on short
    // inputs (small histograms); every digit's histogram from one pass in position order.
    const std::size_t pad = 64 - m * w;
    const std::size_t digit_bits = full >= (std::size_t{1} << 16) ? 11 : 8;
    const std::size_t digits = (64 + digit_bits - 1) / digit_bits;
    const std::size_t buckets = std::size_t{1} << digit_bits;
    std::vector<std::uint32_t> count(digits * (buckets + 1), 0);
    for (std::size_t q = 0; q < full; ++q) {
      const std::uint64_t v = window(q);
      for (std::size_t d = 0; d < digits; ++d) {
        ++count[d * (buckets + 1) + ((v >> (d * digit_bits)) & (buckets - 1)) + 1];
      }
    }
    for (std::size_t d = 0; d < digits; ++d) {
      const std::size_t shift = d * digit_bits;
      if (shift + digit_bits <= pad) continue;  // padding bits only
      std::uint32_t* c = &count[d * (buckets + 1)];
      if (*std::max_element(c, c + buckets + 1) == full) continue;
      for (std::size_t b = 1; b <= buckets; ++b) c[b] += c[b - 1];
      for (const std::uint32_t q : order) scratch[c[(window(q) >> shift) & (buckets - 1)]++] = q;
      order.swap(scratch);
    }
    for (std::size_t lo = 0; lo < full;) {
      const std::uint64_t key = window(order[lo]);
      std::size_t hi = lo + 1;
      while (hi < full && window(order[hi]) == key) ++hi;
      if (hi - lo > 1) std::sort(order.begin() + static_cast<std::ptrdiff_t>(lo),
                                 order.begin() + static_cast<std::ptrdiff_t>(hi), less);
      lo = hi;
    }
  }

  LcpIntervals intervals(span);
  std::size_t longest = 0;
  for (std::size_t k = 1; k <= full; ++k) {
    std::size_t h = 0;
    if (k < full) {
      h = common(order[k - 1], order[k], span);
      if (h == span) return false;  // a repeat of kDeepWords windows or more
      longest = std::max(longest, h);
    }
    intervals.Step(k, h);
  }
  std::vector<std::uint64_t> pairs_at_least;
  std::vector<std::uint64_t> max_count;
  intervals.Counts(pairs_at_least, max_count);

  // Positions p >= full hold n - p < span symbols: for each W-prefix of one
  // (the first of its group), the full positions sharing it form one range
  // of `order`, found by binary search on the prefix.
  auto full_sharing = [&](std::size_t p, std::size_t lw) {
    // Order of a full position against p's W-prefix: -1 below, 0 sharing it.
    auto below = [&](std::uint32_t q, int /*unused*/) {
      const std::size_t c = common(q, p, lw);
      return c < lw && window(q + c) < window(p + c);
    };
    auto above = [&](int /*unused*/, std::uint32_t q) {
      const std::size_t c = common(q, p, lw);
      return c < lw && window(q + c) > window(p + c);
    };
    const auto lo = std::lower_bound(order.begin(), order.end(), 0, below);
    const auto hi = std::upper_bound(lo, order.end(), 0, above);
    return static_cast<std::uint64_t>(hi - lo);
  };
  AddShortPositions(n, full, common, full_sharing, longest, pairs_at_least, max_count);

  StoreTupleStatistics(n, longest, pairs_at_least, max_count, out);
  return true;
}

// ---- Bitstrings (1-bit symbols): one path for every position instead of the
// two window paths above, whose cost at w = 1 (8,000,000 positions for
// 1,000,000 bytes) was mostly memory: 64 MB of keys, or a 32 MB order of
// positions, each page of which costs more to fault in than to sort. Here:
//   - the bits are packed once (n / 8 bytes, in cache), so the 64 bits from
//     any offset (a position's window) are two loads and two shifts;
//   - positions are bucketed by their first kBucketBits bits (2K a bucket at
//     90B's size, in L1), one group of buckets sharing the first kGroupBits
//     bits at a time: the group's positions are found 64 at a time from the
//     packed words and scattered into its buckets, so only one group's
//     positions are ever stored (n / 4 bytes on random data);
//   - a bucket's entries (window, position) are counting-sorted on the next
//     bits into about one per sub-bucket and finished by one insertion pass;
//     crowded sub-buckets (biased data) by an MSD radix sort from the first
//     differing bit; runs of equal windows (repeats of 64 bits or more, as in
//     raw HAVEGE samples) by the next 64 bits, and so on to kBitDepth bits.
// The order is that of the first kBitDepth bits of each suffix, a suffix
// shorter than that before the longer ones it begins, so the last positions
// sort with the others and the lcp-interval walk counts them too (no binary
// searches). The LCP of neighbours is clz(a ^ b) capped by the shorter
// suffix, or a word-by-word compare for equal windows. A repeat of kBitDepth
// bits or more returns false: the suffix array takes over.
// Memory: n / 8 bytes of packed bits, 4 bytes per position of the largest
// group, 32 per position of the largest bucket (its entries and their scratch).
constexpr std::size_t kBitDepth = 256;

// The bits, 64 to a word, first bit most significant, two zero words past the end.
class PackedBits {
 public:
  explicit PackedBits(std::span<const std::uint8_t> bits)
      : n_(bits.size()), words_(bits.size() / 64 + 2, 0) {
    std::size_t i = 0;
    if constexpr (std::endian::native == std::endian::little) {
      // Eight 0/1 bytes b0..b7 loaded as one integer, times 0x8040201008040201:
      // the top byte is b0 b1 ... b7, first bit most significant.
      for (; i + 8 <= n_; i += 8) {
        std::uint64_t x;
        std::memcpy(&x, bits.data() + i, sizeof x);
        words_[i >> 6] |= ((x * 0x8040201008040201) >> 56) << (56 - (i & 63));
      }
    }
    for (; i < n_; ++i) words_[i >> 6] |= std::uint64_t{bits[i]} << (63 - (i & 63));
  }

  // The 64 bits from bit i on (zeros past the end); i <= n.
  std::uint64_t Window(std::size_t i) const {
    const std::size_t off = i & 63;
    // Shifting by 1 then 63 - off keeps every shift below 64 when off = 0.
    return (words_[i >> 6] << off) | ((words_[(i >> 6) + 1] >> 1) >> (63 - off));
  }

  // Common prefix of the bits from p and from q, at most `limit` <= n - max(p, q).
  std::size_t Common(std::size_t p, std::size_t q, std::size_t limit) const {
    for (std::size_t c = 0; c < limit; c += 64) {
      const std::uint64_t x = Window(p + c) ^ Window(q + c);
      if (x != 0) return std::min(limit, c + static_cast<std::size_t>(std::countl_zero(x)));
    }
    return limit;
  }

  // Calls f(position) for each position whose first kGroupBits bits are
  // `pattern` (bits past the end read as zeros), word by word ascending: 64
  // positions at a time from the words shifted by 0..kGroupBits-1 bits, no
  // window read.
  static constexpr int kGroupBits = 4;
  template <typename F>
  void ForEachPositionStartingWith(std::uint64_t pattern, F f) const {
    const std::size_t words = (n_ + 63) / 64;
    for (std::size_t j = 0; j < words; ++j) {
      const std::size_t valid = std::min<std::size_t>(64, n_ - j * 64);  // positions < n
      std::uint64_t m = ~std::uint64_t{0} << (64 - valid);
      for (int b = 0; b < kGroupBits; ++b) {
        const std::uint64_t s = (words_[j] << b) | ((words_[j + 1] >> 1) >> (63 - b));
        m &= ((pattern >> (kGroupBits - 1 - b)) & 1) != 0 ? s : ~s;
      }
      // Lowest set bit first (a word's positions descending): clearing it is
      // a two-instruction chain, against four from the top.
      for (; m != 0; m &= m - 1) f(j * 64 + 63 - static_cast<std::size_t>(std::countr_zero(m)));
    }
  }

  std::size_t size() const { return n_; }

  // Suffix order on the first kBitDepth bits: equal prefixes of that length tie.
  bool Less(std::size_t p, std::size_t q) const {
    const std::size_t len_p = std::min(kBitDepth, n_ - p);
    const std::size_t len_q = std::min(kBitDepth, n_ - q);
    const std::size_t limit = std::min(len_p, len_q);
    const std::size_t c = Common(p, q, limit);
    if (c < limit) return Window(p + c) < Window(q + c);  // they differ at their first bit
    return len_p < len_q;  // a suffix sorts before the longer ones it begins
  }

 private:
  std::size_t n_;
  std::vector<std::uint64_t> words_;
};

constexpr int kBucketBits = 12;
constexpr int kTopShift = 64 - kBucketBits;  // a bucket's bits lie above

// A position and the 64 bits from it.
struct BitEntry {
  std::uint64_t window;
  std::uint32_t position;
};

// Insertion sort by window: linear on entries that are in order but for runs of a few.
void InsertionPass(BitEntry* first, std::size_t size) {
  for (std::size_t i = 1; i < size; ++i) {
    const BitEntry e = first[i];
    std::size_t j = i;
    for (; j > 0 && first[j - 1].window > e.window; --j) first[j] = first[j - 1];
    first[j] = e;
  }
}

// Orders `size` entries by window up to runs of at most 16 entries, which it
// leaves for the caller's one InsertionPass over all of them (on raw HAVEGE
// samples about two million such runs: one pass instead of a call each). MSD
// radix from the first bit on which the entries differ (so that a shared
// prefix, common in raw samples, costs one pass), with digits of about
// log2(size) bits (a slot or two per entry). `temp` holds `size` entries.
void RadixSortByWindow(BitEntry* first, std::size_t size, BitEntry* temp) {
  if (size <= 16) return;
  std::uint64_t differ = 0;
  for (std::size_t i = 1; i < size; ++i) differ |= first[i].window ^ first[0].window;
  if (differ == 0) return;
  const int digit_bits = std::min(8, static_cast<int>(std::bit_width(size)) - 1);
  const int shift = std::max(0, 64 - digit_bits - std::countl_zero(differ));
  const std::uint64_t mask = (std::uint64_t{1} << digit_bits) - 1;
  const std::size_t digits = std::size_t{1} << digit_bits;
  std::array<std::uint32_t, 257> count;
  std::fill(count.begin(), count.begin() + static_cast<std::ptrdiff_t>(digits) + 1, 0);
  for (std::size_t i = 0; i < size; ++i) ++count[((first[i].window >> shift) & mask) + 1];
  for (std::size_t d = 1; d <= digits; ++d) count[d] += count[d - 1];
  std::array<std::uint32_t, 257> bounds;
  std::copy(count.begin(), count.begin() + static_cast<std::ptrdiff_t>(digits) + 1, bounds.begin());
  for (std::size_t i = 0; i < size; ++i) {
    temp[count[(first[i].window >> shift) & mask]++] = first[i];
  }
  std::copy(temp, temp + size, first);
  for (std::size_t d = 0; d < digits; ++d) {
    if (bounds[d + 1] - bounds[d] > 16) {
      RadixSortByWindow(first + bounds[d], bounds[d + 1] - bounds[d], temp);
    }
  }
}

// Orders entries whose first `depth` bits are equal (their windows hold
// those bits' first 64) by the bits up to kBitDepth: each position's next 64
// bits replace its window, a radix sort, the same for runs still equal; the
// windows are put back. Positions with fewer than kBitDepth bits left (the
// last few of the data) are compared bit by bit instead.
void SortEqualWindows(const PackedBits& packed, BitEntry* first, std::size_t size,
                      std::size_t depth, BitEntry* temp) {
  const std::size_t n = packed.size();
  const bool short_position = std::any_of(
      first, first + size, [&](const BitEntry& e) { return n - e.position < kBitDepth; });
  if (short_position) {
    std::sort(first, first + size, [&](const BitEntry& x, const BitEntry& y) {
      return packed.Less(x.position, y.position);
    });
    return;
  }
  const std::uint64_t window = first[0].window;
  for (std::size_t i = 0; i < size; ++i) first[i].window = packed.Window(first[i].position + depth);
  RadixSortByWindow(first, size, temp);
  InsertionPass(first, size);
  if (depth + 64 < kBitDepth) {
    for (std::size_t lo = 0; lo < size;) {
      std::size_t hi = lo + 1;
      while (hi < size && first[hi].window == first[lo].window) ++hi;
      if (hi - lo > 1) SortEqualWindows(packed, first + lo, hi - lo, depth + 64, temp);
      lo = hi;
    }
  }
  for (std::size_t i = 0; i < size; ++i) first[i].window = window;
}

// Sorts a bucket's positions (sharing their first kBucketBits bits) into
// `sorted` by their first kBitDepth bits. `sub` and `temp` are scratch.
void SortBucket(const PackedBits& packed, const std::uint32_t* first, std::size_t size,
                std::vector<std::uint32_t>& sub, ScratchVector<BitEntry>& temp, BitEntry* sorted) {
  // About one entry per sub-bucket: the insertion pass below then moves few,
  // and each only within its sub-bucket.
  const int sub_bits = std::min(16, static_cast<int>(std::bit_width(size)));
  const int shift = kTopShift - sub_bits;
  const std::uint64_t mask = (std::uint64_t{1} << sub_bits) - 1;
  sub.assign((std::size_t{1} << sub_bits) + 1, 0);
  // Each window read once, kept in `temp` for the scatter.
  temp.resize(std::max(temp.size(), size));
  BitEntry* const read = temp.data();
  for (std::size_t i = 0; i < size; ++i) {
    const std::uint64_t v = packed.Window(first[i]);
    read[i] = {v, first[i]};
    ++sub[((v >> shift) & mask) + 1];
  }
  for (std::size_t j = 1; j < sub.size(); ++j) sub[j] += sub[j - 1];
  for (std::size_t i = 0; i < size; ++i) sorted[sub[(read[i].window >> shift) & mask]++] = read[i];
  // sub[j] is now the end of sub-bucket j. Crowded ones (biased data) are
  // radix-sorted first so that the insertion pass stays linear.
  for (std::size_t j = 0, lo = 0; j + 1 < sub.size(); lo = sub[j++]) {
    if (sub[j] - lo > 16) {
      temp.resize(std::max<std::size_t>(temp.size(), sub[j] - lo));
      RadixSortByWindow(sorted + lo, sub[j] - lo, temp.data());
    }
  }
  InsertionPass(sorted, size);
  for (std::size_t lo = 0; lo < size;) {
    std::size_t hi = lo + 1;
    while (hi < size && sorted[hi].window == sorted[lo].window) ++hi;
    if (hi - lo > 1) {
      temp.resize(std::max(temp.size(), hi - lo));
      SortEqualWindows(packed, sorted + lo, hi - lo, 64, temp.data());
    }
    lo = hi;
  }
}

bool BitTupleStatistics(std::span<const std::uint8_t> bits, TupleStatistics* out) {
  const std::size_t n = bits.size();
  if (n < 2 || n > UINT32_MAX) return false;
  const PackedBits packed(bits);

  using Entry = BitEntry;
  ScratchVector<std::uint32_t> buckets;  // the positions of one group, by bucket
  ScratchVector<Entry> entries;          // one bucket, sorted
  ScratchVector<Entry> temp;             // radix sort scratch
  std::vector<std::uint32_t> sub;        // sub-bucket counts
  LcpIntervals intervals(kBitDepth);
  std::size_t longest = 0;
  Entry previous{0, 0};
  std::size_t k = 0;  // entries walked so far, in sorted order

  constexpr std::size_t kGroups = std::size_t{1} << PackedBits::kGroupBits;
  constexpr std::size_t kPerGroup = std::size_t{1} << (kBucketBits - PackedBits::kGroupBits);

  // Sorts one bucket and walks it; false on a repeat of kBitDepth bits.
  auto sort_and_walk = [&](const std::uint32_t* first, std::size_t size) {
    entries.resize(size);
    SortBucket(packed, first, size, sub, temp, entries.data());
    // The walk, continued across buckets from the previous bucket's last entry.
    for (std::size_t i = 0; i < size; ++i) {
      const Entry e = entries[i];
      if (k > 0) {
        const std::size_t limit =
            std::min({kBitDepth, n - previous.position, n - std::size_t{e.position}});
        const std::uint64_t x = previous.window ^ e.window;
        const std::size_t h = x != 0
                                  ? std::min(limit, static_cast<std::size_t>(std::countl_zero(x)))
                                  : packed.Common(previous.position, e.position, limit);
        if (h == kBitDepth) return false;  // a repeat of kBitDepth bits or more
        longest = std::max(longest, h);
        intervals.Step(k, h);
      }
      previous = e;
      ++k;
    }
    return true;
  };

  // Bucket sizes from one pass, then one group of buckets at a time.
  std::vector<std::uint32_t> start((std::size_t{1} << kBucketBits) + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++start[(packed.Window(i) >> kTopShift) + 1];
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::uint32_t largest_group = 0;
  for (std::size_t g = 0; g < kGroups; ++g) {
    largest_group = std::max(largest_group, start[(g + 1) * kPerGroup] - start[g * kPerGroup]);
  }
  buckets.resize(largest_group);
  std::vector<std::uint32_t> next(kPerGroup);
  for (std::size_t g = 0; g < kGroups; ++g) {
    const std::uint32_t* const group_start = start.data() + g * kPerGroup;
    for (std::size_t h = 0; h < kPerGroup; ++h) next[h] = group_start[h] - group_start[0];
    packed.ForEachPositionStartingWith(g, [&](std::size_t p) {
      buckets[next[(packed.Window(p) >> kTopShift) & (kPerGroup - 1)]++] =
          static_cast<std::uint32_t>(p);
    });
    for (std::size_t h = 0; h < kPerGroup; ++h) {
      const std::size_t size = group_start[h + 1] - group_start[h];
      if (size != 0 && !sort_and_walk(buckets.data() + (group_start[h] - group_start[0]), size)) {
        return false;
      }
    }
  }
  intervals.Step(n, 0);
  std::vector<std::uint64_t> pairs_at_least;
  std::vector<std::uint64_t> max_count;
  intervals.Counts(pairs_at_least, max_count);
  StoreTupleStatistics(n, longest, pairs_at_least, max_count, out);
  return true;
}
// The fastest path that applies, the suffix array when none does.
TupleStatistics TupleStatisticsOf(std::span<const std::uint8_t> symbols, bool try_window) {
  TupleStatistics st;
  if (*std::max_element(symbols.begin(), symbols.end()) <= 1) {
    if (!BitTupleStatistics(symbols, &st)) st = ComputeTupleStatistics(symbols);
  } else if (!(try_window && WindowTupleStatistics(symbols, &st)) &&
             !DeepWindowTupleStatistics(symbols, &st)) {
    st = ComputeTupleStatistics(symbols);
  }
  return st;
}

}  // namespace

namespace internal {

TupleEstimates TupleAndLrs(std::span<const std::uint8_t> symbols, bool try_window,
                           std::int64_t* longest_repeat) {
  TupleEstimates out{{Estimator::kTTuple, false, 0.0},
                     {Estimator::kLongestRepeatedSubstring, false, 0.0}};
  const std::size_t n = symbols.size();
  if (longest_repeat != nullptr) *longest_repeat = 0;
  if (n < 2) return out;
  const TupleStatistics st = TupleStatisticsOf(symbols, try_window);
  if (longest_repeat != nullptr) *longest_repeat = st.longest_repeat;
  const auto nd = static_cast<double>(n);
  const auto levels = st.max_count.size();
  // t: the largest W with Q[W] >= 35 (Q is non-increasing in W).
  std::size_t t = 0;
  for (std::size_t w = 1; w < levels; ++w) {
    if (st.max_count[w] >= kTupleMinCount) t = w;
  }
  if (t >= 1) {
    double p_max = 0.0;
    for (std::size_t w = 1; w <= t; ++w) {
      const double p = static_cast<double>(st.max_count[w]) / (nd - static_cast<double>(w) + 1.0);
      p_max = std::max(p_max, std::pow(p, 1.0 / static_cast<double>(w)));
    }
    out.t_tuple.applicable = true;
    out.t_tuple.min_entropy_bits = BitsFromProbability(UpperBound(p_max, nd));
  }
  const std::size_t u = t + 1;
  const auto v = static_cast<std::size_t>(st.longest_repeat);
  if (v >= u) {
    double p_max = 0.0;
    for (std::size_t w = u; w <= v; ++w) {
      const double m = nd - static_cast<double>(w) + 1.0;
      const double p = static_cast<double>(st.pairs_at_least[w]) / (m * (m - 1.0) / 2.0);
      p_max = std::max(p_max, std::pow(p, 1.0 / static_cast<double>(w)));
    }
    out.lrs.applicable = true;
    out.lrs.min_entropy_bits = BitsFromProbability(UpperBound(p_max, nd));
  }
  return out;
}

}  // namespace internal

TupleEstimates TupleAndLrsEstimates(std::span<const std::uint8_t> symbols) {
  return internal::TupleAndLrs(symbols, true, nullptr);
}

std::uint64_t LongestRepeatedSubstringLength(std::span<const std::uint8_t> symbols) {
  if (symbols.size() < 2) return 0;
  return static_cast<std::uint64_t>(TupleStatisticsOf(symbols, true).longest_repeat);
}

}  // namespace churn::stats
