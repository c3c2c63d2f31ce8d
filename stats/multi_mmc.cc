// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3.9, the MultiMMC prediction estimate. Sixteen sub-predictors are Markov
// models of order d = 1..16: each counts, for every string of the last d samples it has seen,
// which value followed, and guesses the most frequent follower (ties: the larger value). Each
// model holds at most 100,000 (string, follower) pairs; later new pairs are not added. A
// scoreboard counts the models' correct guesses (d ascending, the winner the last to reach
// the highest score) and the overall guess is the winner's. Predictions start at the third
// sample (N = L - 2).
// The pairs are counted in the order of NIST's reference tool (commit 68ed165f), which 90B
// leaves open: the pair ending at sample i is added right after sample i was predicted (the
// pairs starting at sample 0 at the outset), so a model's prediction never sees the value
// it predicts; a model of order d + 1 is only consulted when the order-d string was known.
// A model whose string is unknown makes no prediction: that counts as a wrong guess, and, as
// in NIST's tool, leaves the run of correct guesses as it was.
// Bits use one table per order indexed by the string itself (two counters per string, 1 MiB
// in all), or a hash table of the strings present when the input is shorter than that; from
// the 17th bit of an input of 131,072 bits or more, one signed word per string (512 KiB more)
// and a step without data-dependent branches, its scoreboard in AVX2 registers on a CPU
// that has them. Wider samples use the hash tables of predictor_dictionary.h one order at a
// time (at most 100,000 strings at 80 bytes each with their first seven followers' counters
// and the table's slack, 100,000 later pairs at 32 bytes, plus 3 bytes per sample for the
// orders' verdicts; the strings of one and two samples are indexed directly, 256 KiB each,
// as are the one-sample strings' pairs), and the same AVX2 scoreboard.

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#define CHURN_MMC_AVX2 1
#endif

#include "stats/predictor_dictionary.h"
#include "stats/predictors.h"

namespace churn::stats {
namespace {

constexpr std::size_t kOrders = 16;               // 6.3.9 step 1: D = 16
constexpr std::uint32_t kMaxEntries = 100000;     // 6.3.9 step 1: maxEntries

// Scoreboard bookkeeping shared by both forms: one model's verdict on sample i.
struct Scoreboard {
  std::array<std::uint64_t, kOrders> score{};
  std::size_t winner = 0;
  std::size_t round_winner = 0;
  std::uint64_t run = 0;
  void Verdict(std::size_t d, bool right, PredictorCounts& out) {
    if (right) {
      if (++score[d] >= score[winner]) winner = d;
      if (d == round_winner) {
        ++out.correct;
        if (++run > out.longest_run) out.longest_run = run;
      }
    } else if (d == round_winner) {
      run = 0;
    }
  }
};

// The overall guess of one step, the winner's: counted when the winner made a prediction
// (it is below `known_orders`), and right when bit `winner` of `right` is set.
[[gnu::always_inline]] inline void Tally(std::size_t winner, std::uint32_t right,
                                         std::uint32_t known_orders, std::uint64_t& run,
                                         PredictorCounts& out) {
  if (winner < known_orders) {
    if ((right >> winner) & 1u) {
      ++out.correct;
      ++run;
      out.longest_run = std::max(out.longest_run, run);
    } else {
      run = 0;
    }
  }
}

// The same scoreboard over a whole sample at once, without branches that depend on the
// data: `right` has bit d set when order d predicted correctly, and the orders below
// `known_orders` made a prediction. The winner at the start of the step made the overall
// guess; one that made none leaves the run as it was. In d ascending, a correct model takes
// the lead when its new score reaches the leader's; the leads taken only ever raise the
// leading score, so the last one taken is by the largest correct d whose new score is the
// highest of the correct models', provided that reaches the leader's score at the start.
// Scores fit 32 bits: one point per sample at most, and inputs are shorter than 2^32.
struct MaskBoard {
  std::array<std::uint32_t, kOrders> score{};
  std::size_t winner = 0;
  std::uint64_t run = 0;

  void Step(std::uint32_t right, std::uint32_t known_orders, PredictorCounts& out) {
    Tally(winner, right, known_orders, run, out);
    const std::uint32_t lead = score[winner];
    std::uint32_t top = 0;
#pragma GCC unroll 16
    for (std::size_t d = 0; d < kOrders; ++d) {
      const std::uint32_t r = (right >> d) & 1u;
      score[d] += r;
      top = std::max(top, score[d] & (0u - r));
    }
    std::uint32_t at_top = 0;
#pragma GCC unroll 16
    for (std::size_t d = 0; d < kOrders; ++d) {
      at_top |= static_cast<std::uint32_t>(score[d] == top) << d;
    }
    at_top &= right;
    if (at_top != 0 && top >= lead) {
      winner = static_cast<std::size_t>(31 - std::countl_zero(at_top));
    }
  }
};

#ifdef CHURN_MMC_AVX2
// MaskBoard with the sixteen scores in two AVX2 registers (orders 0-7 and 8-15): the step
// takes about a sixth of MaskBoard's instructions, which were a third of the bitstring
// predictor's time. The winner's score is kept apart (`lead`): it is the top score when the
// lead changes hands, else the winner's score plus its point.
struct MaskBoardAvx2 {
  __m256i low;
  __m256i high;
  std::size_t winner = 0;
  std::uint32_t lead = 0;
  std::uint64_t run = 0;

  [[gnu::target("avx2")]] explicit MaskBoardAvx2(const MaskBoard& from)
      : winner(from.winner), lead(from.score[from.winner]), run(from.run) {
    low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(from.score.data()));
    high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(from.score.data() + 8));
  }

  [[gnu::target("avx2"), gnu::always_inline]] inline void Step(std::uint32_t right,
                                                               std::uint32_t known_orders,
                                                               PredictorCounts& out) {
    Tally(winner, right, known_orders, run, out);
    const __m256i bit_low = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256i bit_high = _mm256_slli_epi32(bit_low, 8);
    const __m256i r = _mm256_set1_epi32(static_cast<int>(right));
    // All ones in the lanes of the orders that guessed right.
    const __m256i right_low = _mm256_cmpeq_epi32(_mm256_and_si256(r, bit_low), bit_low);
    const __m256i right_high = _mm256_cmpeq_epi32(_mm256_and_si256(r, bit_high), bit_high);
    low = _mm256_sub_epi32(low, right_low);
    high = _mm256_sub_epi32(high, right_high);
    // The highest new score of a right order, in every lane.
    __m256i top = _mm256_max_epu32(_mm256_and_si256(low, right_low),
                                   _mm256_and_si256(high, right_high));
    top = _mm256_max_epu32(top, _mm256_permute2x128_si256(top, top, 1));
    top = _mm256_max_epu32(top, _mm256_shuffle_epi32(top, 0x4E));
    top = _mm256_max_epu32(top, _mm256_shuffle_epi32(top, 0xB1));
    const auto at_low = static_cast<std::uint32_t>(
        _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(low, top))));
    const auto at_high = static_cast<std::uint32_t>(
        _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(high, top))));
    const std::uint32_t at_top = (at_low | (at_high << 8)) & right;
    const auto top_score = static_cast<std::uint32_t>(_mm256_cvtsi256_si32(top));
    const std::uint32_t kept = lead + ((right >> winner) & 1u);
    const bool takes = at_top != 0 && top_score >= lead;
    winner = takes ? static_cast<std::size_t>(31 - std::countl_zero(at_top | 1u)) : winner;
    lead = takes ? top_score : kept;
  }
};
#endif  // CHURN_MMC_AVX2

// The packed tables of BinaryCounts (below) and one step over them: the orders' verdicts on
// x, the sample after `history` (newest sample in bit 0), returned with bit d set when order
// d guessed right, and `known_orders` the orders that made a guess; the pairs ending at x
// are then counted.
struct PackedTables {
  std::array<std::int32_t*, kOrders> word;
  std::uint32_t entries_last;  // pairs of order 16 (d = 15)
};

[[gnu::always_inline]] inline std::uint32_t PackedStep(PackedTables& t, std::uint32_t history,
                                                       std::int32_t x,
                                                       std::uint32_t& known_orders) {
  // Bit d of `unknown`: order d's string was never seen; of `negative`: order d's word is
  // negative (it guesses 0). Both collected first, the verdicts made once from them.
  std::uint32_t unknown = std::uint32_t{1} << kOrders;
  std::uint32_t negative = 0;
  const std::int32_t step = 4 * x - 2;
#pragma GCC unroll 16
  for (std::size_t d = 0; d + 1 < kOrders; ++d) {
    std::int32_t& w = t.word[d][history & ((std::uint32_t{2} << d) - 1)];
    const std::int32_t v = w;
    unknown |= static_cast<std::uint32_t>(v == 0) << d;
    negative |= (static_cast<std::uint32_t>(v) >> 31) << d;
    w = (v | 1) + step;
  }
  constexpr std::size_t d = kOrders - 1;
  std::int32_t& w = t.word[d][history & ((std::uint32_t{2} << d) - 1)];
  const std::int32_t v = w;
  unknown |= static_cast<std::uint32_t>((v & 3) == 0) << d;
  negative |= (static_cast<std::uint32_t>(v) >> 31) << d;
  const std::int32_t seen = (v >> x) & 1;
  const std::int32_t add = seen | static_cast<std::int32_t>(t.entries_last < kMaxEntries);
  w = (v + add * (8 * x - 4)) | (add << x);
  t.entries_last += static_cast<std::uint32_t>(add & (seen ^ 1));
  // An order predicts when it and every shorter one knew their strings.
  known_orders = static_cast<std::uint32_t>(std::countr_zero(unknown));
  const std::uint32_t predicted = (unknown & (0u - unknown)) - 1;
  return (x != 0 ? ~negative : negative) & predicted;
}

// The steps from sample `from` to the end, with either scoreboard.
void PackedSteps(std::span<const std::uint8_t> s, std::size_t from, std::uint32_t history,
                 PackedTables& t, MaskBoard& board, PredictorCounts& out) {
  for (std::size_t i = from; i < s.size(); ++i) {
    history = (history << 1) | s[i - 1];
    std::uint32_t known_orders = 0;
    const std::uint32_t right = PackedStep(t, history, s[i], known_orders);
    board.Step(right, known_orders, out);
  }
}

#ifdef CHURN_MMC_AVX2
[[gnu::target("avx2")]] void PackedStepsAvx2(std::span<const std::uint8_t> s, std::size_t from,
                                             std::uint32_t history, PackedTables& t,
                                             const MaskBoard& start, PredictorCounts& out) {
  MaskBoardAvx2 board(start);
  for (std::size_t i = from; i < s.size(); ++i) {
    history = (history << 1) | s[i - 1];
    std::uint32_t known_orders = 0;
    const std::uint32_t right = PackedStep(t, history, s[i], known_orders);
    board.Step(right, known_orders, out);
  }
}
#endif  // CHURN_MMC_AVX2

PredictorCounts BinaryCounts(std::span<const std::uint8_t> s, bool avx2) {
  PredictorCounts out;
  const std::size_t n = s.size();
  std::array<internal::BitPairTable, kOrders> table;  // [d]: strings of d + 1 bits
  std::array<std::uint32_t, kOrders> entries{};
  // At most one string per position is looked up at each order.
  for (std::size_t d = 0; d < kOrders; ++d) table[d].Init(static_cast<unsigned>(d + 1), n);
  for (std::size_t d = 0; d < kOrders && d + 2 < n; ++d) {
    std::uint32_t pattern = 0;
    for (std::size_t j = 0; j <= d; ++j) pattern = (pattern << 1) | s[j];
    table[d].Pair(pattern)[s[d + 1]] = 1;
    entries[d] = 1;
  }
  Scoreboard board;
  std::uint32_t history = s[0];  // newest sample in bit 0
  std::array<std::uint32_t*, kOrders> direct{};
  bool all_direct = true;
  for (std::size_t d = 0; d < kOrders; ++d) {
    direct[d] = table[d].Direct();
    all_direct = all_direct && direct[d] != nullptr;
  }
  // Once all sixteen orders predict (i >= 17), on an input long enough to pay for the
  // packed tables (their 512 KiB cost about what 131,072 bits' steps save), the step below
  // does the same without a branch that depends on the data: on random bits every verdict
  // is a coin toss a branch would mispredict half the time.
  constexpr std::size_t kPackedFrom = std::size_t{1} << 17;
  const std::size_t slow_end = all_direct && n >= kPackedFrom ? kOrders + 1 : n;
  for (std::size_t i = 2; i < slow_end; ++i) {
    history = (history << 1) | s[i - 1];
    const std::uint8_t x = s[i];
    board.round_winner = board.winner;
    bool known = true;
    for (std::size_t d = 0; d < kOrders && d + 2 <= i; ++d) {
      const std::uint32_t pattern = history & ((std::uint32_t{2} << d) - 1);
      std::uint32_t* pair = table[d].Pair(pattern);
      if (known) known = pair[0] != 0 || pair[1] != 0;
      if (known) {
        const std::uint8_t guess = pair[0] > pair[1] ? 0 : 1;
        board.Verdict(d, guess == x, out);
      }
      if (pair[x] != 0) {
        ++pair[x];
      } else if (entries[d] < kMaxEntries) {
        pair[x] = 1;
        ++entries[d];
      }
    }
  }
  if (slow_end >= n) {
    out.predictions = n - 2;
    return out;
  }
  // From here on each string's two counters are packed into one signed word, so that the
  // sixteen tables take 512 KiB instead of 1 MiB and stay in a core's L2 cache: 0 for a
  // string never seen; otherwise, for orders below 15, 2 (c1 - c0) + 1, and for order 15,
  // which alone can reach maxEntries (the others hold at most 2^(d+2) <= 65,536 pairs),
  // 4 (c1 - c0) plus bit 0 when c0 > 0 and bit 1 when c1 > 0. The guess, 1 unless c0 > c1,
  // is then "the word is not negative" in both forms.
  static_assert((std::uint32_t{4} << (kOrders - 2)) < kMaxEntries);
  std::array<std::vector<std::int32_t>, kOrders> packed;
  for (std::size_t d = 0; d < kOrders; ++d) {
    const std::size_t strings = std::size_t{2} << d;
    packed[d].resize(strings);
    for (std::size_t p = 0; p < strings; ++p) {
      const auto c0 = static_cast<std::int32_t>(direct[d][2 * p]);
      const auto c1 = static_cast<std::int32_t>(direct[d][2 * p + 1]);
      if (d + 1 < kOrders) {
        packed[d][p] = (c0 | c1) == 0 ? 0 : 2 * (c1 - c0) + 1;
      } else {
        packed[d][p] = 4 * (c1 - c0) | (c1 != 0 ? 2 : 0) | (c0 != 0 ? 1 : 0);
      }
    }
  }
  std::array<std::int32_t*, kOrders> word;
  for (std::size_t d = 0; d < kOrders; ++d) word[d] = packed[d].data();
  const std::uint32_t entries_last = entries[kOrders - 1];
  MaskBoard fast;
  fast.winner = board.winner;
  fast.run = board.run;
  for (std::size_t d = 0; d < kOrders; ++d) {
    fast.score[d] = static_cast<std::uint32_t>(board.score[d]);
  }
  PackedTables tables{word, entries_last};
#ifdef CHURN_MMC_AVX2
  if (avx2) {
    PackedStepsAvx2(s, slow_end, history, tables, fast, out);
    out.predictions = n - 2;
    return out;
  }
#else
  static_cast<void>(avx2);
#endif
  PackedSteps(s, slow_end, history, tables, fast, out);
  out.predictions = n - 2;
  return out;
}

// Wider samples, one order at a time. Each order's dictionary is filled and consulted in its
// own pass over the samples, so only that order's tables (at most 100,000 strings, a few MB)
// are in use at once instead of sixteen orders' (about 85 MB at 1,000,000 samples), which
// made every lookup a cache and TLB miss. The orders interact only through `known` (an order
// predicts at sample i only if every shorter order knew its string there, and an unknown,
// full order skips the sample): passes in ascending d see the shorter orders' outcome in
// known[i]. The scoreboard then replays the verdicts in NIST's order (d ascending per i).
#ifdef CHURN_MMC_AVX2
// The scoreboard of SampleCounts (below) over its recorded verdicts, from sample 2.
[[gnu::target("avx2")]] void ReplayAvx2(const std::vector<std::uint16_t>& right,
                                        const std::vector<std::uint8_t>& known,
                                        PredictorCounts& out) {
  MaskBoardAvx2 board{MaskBoard{}};
  for (std::size_t i = 2; i < right.size(); ++i) board.Step(right[i], known[i], out);
}
#endif  // CHURN_MMC_AVX2

using internal::Followers;

// The strings of one or two samples, numbered in the order they were added as StringTable
// numbers them, found by indexing a table with the string itself instead of by hashing:
// the shortest orders, which look up every sample.
class DirectStrings {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;
  explicit DirectStrings(std::uint32_t length)
      : index_(std::size_t{1} << (8 * length), kAbsent) {}
  void Reserve(std::size_t strings) { records_.reserve(strings); }
  std::uint32_t Find(const internal::SampleString& s) const { return index_[s.lo]; }
  std::uint32_t Insert(const internal::SampleString& s, const Followers& record) {
    const auto id = static_cast<std::uint32_t>(records_.size());
    records_.push_back(record);
    index_[s.lo] = id;
    return id;
  }
  Followers& operator[](std::uint32_t id) { return records_[id]; }

 private:
  std::vector<std::uint32_t> index_;  // [string]: its number, or kAbsent
  std::vector<Followers> records_;
};

// The (string, follower) counts of the one-sample strings (at most 256 of them), indexed
// directly; 0 means absent, as in PairTable.
class DirectPairs {
 public:
  DirectPairs() : counts_(std::size_t{1} << 16, 0) {}
  std::uint32_t* Find(std::uint32_t string, std::uint8_t next) {
    std::uint32_t& c = counts_[(std::size_t{string} << 8) | next];
    return c != 0 ? &c : nullptr;
  }
  void Insert(std::uint32_t string, std::uint8_t next) {
    counts_[(std::size_t{string} << 8) | next] = 1;
  }

 private:
  std::vector<std::uint32_t> counts_;
};

// Order d's pass of SampleCounts over `strings` (reserved) and `pairs` (empty): sets
// known[i] to d + 1 and bit d of right[i] where it predicted; true when it predicted
// anywhere.
template <class Strings, class Pairs>
bool OrderPass(std::span<const std::uint8_t> s, std::size_t d, Strings& strings, Pairs& pairs,
               std::vector<std::uint8_t>& known, std::vector<std::uint16_t>& right) {
  const std::size_t n = s.size();
  bool predicts = false;
  std::uint32_t entries = 0;
  // Counts one more `next` after string `index` (a new pair when allowed).
  auto count = [&](std::uint32_t index, std::uint8_t next) {
    Followers& r = strings[index];
    std::uint32_t now;
    if (std::uint32_t* c = r.Find(next); c != nullptr) {
      now = ++*c;
    } else if (c = r.Full() ? pairs.Find(index, next) : nullptr; c != nullptr) {
      now = ++*c;
    } else if (entries < kMaxEntries) {
      ++entries;
      if (!r.Full()) {
        r.Add(next);
      } else {
        pairs.Insert(index, next);
      }
      now = 1;
    } else {
      return;
    }
    r.Counted(now, next);
  };
  auto add = [&](const internal::SampleString& str, std::uint8_t next) {
    if (entries >= kMaxEntries) return;
    count(strings.Insert(str, Followers{}), next);
  };
  const auto length = static_cast<std::uint32_t>(d + 1);
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  for (std::size_t j = 0; j <= d; ++j) {
    hi = (hi << 8) | (lo >> 56);
    lo = (lo << 8) | s[j];
  }
  add(internal::Suffix(lo, hi, length), s[d + 1]);  // the pair starting at sample 0
  // Here lo/hi end at sample d; the loop shifts in sample i - 1 for i = d + 2 ...
  for (std::size_t i = d + 2; i < n; ++i) {
    hi = (hi << 8) | (lo >> 56);
    lo = (lo << 8) | s[i - 1];
    const bool shorter_known = known[i] == d;
    if (!shorter_known && entries >= kMaxEntries) continue;
    const internal::SampleString str = internal::Suffix(lo, hi, length);
    const std::uint32_t index = strings.Find(str);
    const std::uint8_t x = s[i];
    if (index == Strings::kAbsent) {
      add(str, x);
      continue;
    }
    if (shorter_known) {
      known[i] = static_cast<std::uint8_t>(d + 1);
      predicts = true;
      if (strings[index].best_value == x) right[i] |= static_cast<std::uint16_t>(1u << d);
    }
    // Known at this order although a shorter string may not have been (the shorter order
    // was full when it came): counted either way; it predicts only when all shorter did.
    count(index, x);
  }
  return predicts;
}

PredictorCounts SampleCounts(std::span<const std::uint8_t> s, bool avx2) {
  const std::size_t n = s.size();
  // known[i]: how many orders, from d = 0 up, knew their string at sample i (they predicted);
  // right[i]: bit d set when order d predicted sample i correctly.
  std::vector<std::uint8_t> known(n, 0);
  std::vector<std::uint16_t> right(n, 0);
  const std::size_t k = std::size_t{*std::max_element(s.begin(), s.end())} + 1;
  std::size_t k_power = 1;  // k^(d+1), capped
  // Order d predicts only where every shorter order knew its string (known[i] == d); once
  // no sample is such, this order and the longer ones never predict, and their passes,
  // which could change nothing the scoreboard reads, are left out: on random bytes all but
  // the first four or five.
  bool predicts = true;
  for (std::size_t d = 0; d < kOrders && d + 2 < n && predicts; ++d) {
    k_power = std::min(k_power * k, std::size_t{kMaxEntries});
    // At most kMaxEntries strings, one per position at most, and no more than k^(d+1).
    const std::size_t most = std::min({std::size_t{kMaxEntries}, n - (d + 1), k_power});
    if (d == 0) {  // strings of one sample: both tables indexed directly
      DirectStrings strings(1);
      strings.Reserve(most);
      DirectPairs pairs;
      predicts = OrderPass(s, d, strings, pairs, known, right);
    } else if (d == 1) {  // two samples: the strings indexed directly
      DirectStrings strings(2);
      strings.Reserve(most);
      internal::PairTable pairs;  // followers after the seventh, keyed by string number
      predicts = OrderPass(s, d, strings, pairs, known, right);
    } else {
      internal::StringTable<Followers> strings;
      strings.Reserve(most);
      internal::PairTable pairs;
      predicts = OrderPass(s, d, strings, pairs, known, right);
    }
  }
  PredictorCounts out;
#ifdef CHURN_MMC_AVX2
  if (avx2) {
    ReplayAvx2(right, known, out);
    out.predictions = n - 2;
    return out;
  }
#else
  static_cast<void>(avx2);
#endif
  MaskBoard board;
  for (std::size_t i = 2; i < n; ++i) board.Step(right[i], known[i], out);
  out.predictions = n - 2;
  return out;
}

}  // namespace

PredictorCounts MultiMmcCounts(std::span<const std::uint8_t> s) {
  return internal::MultiMmcCountsWith(s, BestPredictorKernel());
}

namespace internal {

PredictorCounts MultiMmcCountsWith(std::span<const std::uint8_t> s, PredictorKernel kernel) {
  if (s.size() < 3) return {};
  for (const std::uint8_t v : s) {
    if (v > 1) return SampleCounts(s, kernel == PredictorKernel::kAvx2);
  }
  return BinaryCounts(s, kernel == PredictorKernel::kAvx2);
}

}  // namespace internal

}  // namespace churn::stats
