// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3.8, the Lag prediction estimate. 128 sub-predictors: lag d guesses that the
// next sample equals the one d places back. A scoreboard counts their correct guesses in
// order d = 1..128, the winner being the last one whose score reached the highest; the
// overall guess is the winner's. Predictions start at the second sample (N = L - 1).
// The winner always holds the highest score H (whoever passes it passes through a tie with
// it, and ties go to the later lag), so in a block of 64 samples only a lag whose score plus
// its right guesses in the block reaches H (its score at the start of the block) can take
// the lead. The samples are therefore taken 64 at a time: for every lag a 64-bit word says
// where it guessed right (shifts of three words of packed bits, four lags at a time with
// AVX2), the scores add the words' popcounts, and only the lags that can reach the top
// are replayed sample by sample, in lag order, to follow the winner and score its guesses;
// when that is the winner alone (nearly every block of random bits), its guesses are scored
// from its word at once.
// The first 128 samples, where lags reach before the start, are replayed directly. Wider
// samples take the same blocks with AVX2 (each lag's word from byte compares); without it,
// the direct walk over the lags that guess right (SampleLagCounts), few on random bytes.

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "stats/predictor_tally.h"
#include "stats/predictors.h"

namespace churn::stats {
namespace {

constexpr std::size_t kLags = 128;   // 6.3.8 step 1: D = 128
constexpr std::size_t kBlock = 64;

// The bits of a bitstring (values 0 and 1), sample k as bit k % 64 of word k / 64, with a
// zero word after the last so that any 64 bits can be read with two loads.
std::vector<std::uint64_t> Pack(std::span<const std::uint8_t> s) {
  std::vector<std::uint64_t> words(s.size() / 64 + 2, 0);
  for (std::size_t k = 0; k < s.size(); ++k) {
    words[k / 64] |= std::uint64_t{s[k]} << (k % 64);
  }
  return words;
}

// Samples p .. p + 63 as bits 0 .. 63.
std::uint64_t Bits64(const std::vector<std::uint64_t>& words, std::size_t p) {
  const std::size_t w = p / 64;
  const unsigned shift = p % 64;
  if (shift == 0) return words[w];
  return (words[w] >> shift) | (words[w + 1] << (64 - shift));
}

struct Ring {
  std::array<std::uint32_t, kLags> pos;
  std::uint32_t size = 0;
  std::uint32_t head = 0;  // next slot to write
};

struct Board {
  std::array<std::uint64_t, kLags + 1> score{};  // [d], d = 1..128
  std::size_t winner = 1;
  std::uint64_t run = 0;
};

// Sample i (1 <= i < 128 or any i) replayed directly.
void Step(std::span<const std::uint8_t> s, std::size_t i, Board& b, PredictorCounts& out) {
  const std::uint8_t x = s[i];
  if (s[i - b.winner] == x) {
    ++out.correct;
    if (++b.run > out.longest_run) out.longest_run = b.run;
  } else {
    b.run = 0;
  }
  for (std::size_t d = 1; d <= kLags && d <= i; ++d) {
    if (s[i - d] == x && ++b.score[d] >= b.score[b.winner]) b.winner = d;
  }
}

// Samples wider than a bit: few lags guess right at each sample, so walk only those — each
// value keeps a ring of its last 128 positions, newest first (d ascending), until one is 128
// or more places back.
PredictorCounts SampleLagCounts(std::span<const std::uint8_t> s) {
  PredictorCounts out;
  const std::size_t n = s.size();
  if (n < 3 || n > UINT32_MAX) return out;
  std::vector<Ring> rings(std::size_t{*std::max_element(s.begin(), s.end())} + 1);
  std::array<std::uint64_t, kLags + 1> score{};
  std::size_t winner = 1;
  std::uint64_t run = 0;
  {
    Ring& r0 = rings[s[0]];
    r0.pos[0] = 0;
    r0.size = 1;
    r0.head = 1;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const std::uint8_t x = s[i];
    if (i >= winner && s[i - winner] == x) {
      ++out.correct;
      if (++run > out.longest_run) out.longest_run = run;
    } else {
      run = 0;
    }
    Ring& r = rings[x];
    std::uint32_t slot = r.head;
    std::uint32_t kept = 0;
    for (; kept < r.size; ++kept) {
      slot = (slot + kLags - 1) % kLags;
      const std::size_t d = i - r.pos[slot];
      if (d > kLags) break;
      if (++score[d] >= score[winner]) winner = d;
    }
    r.size = kept;  // older positions can never be within 128 again
    r.pos[r.head] = static_cast<std::uint32_t>(i);
    r.head = (r.head + 1) % kLags;
    if (r.size < kLags) ++r.size;
  }
  out.predictions = n - 1;
  return out;
}

// The right guesses of every lag in the block of samples i .. i + 63, from the 192 samples
// i - 128 .. i + 63 in three words (`older`, `old`, `now`: samples i - 128, i - 64 and i
// on, as bits 0 .. 63): match[d] has bit t set when sample i + t equals sample i + t - d,
// and hits[d] counts them. The builtin popcount expands in the caller's target.
[[gnu::always_inline]] inline void BlockMatches(std::uint64_t older, std::uint64_t old,
                                                std::uint64_t now,
                                                std::array<std::uint64_t, kLags + 1>& match,
                                                std::array<std::uint64_t, kLags + 1>& hits) {
  for (unsigned d = 1; d < 64; ++d) match[d] = ~(now ^ ((now << d) | (old >> (64 - d))));
  match[64] = ~(now ^ old);
  for (unsigned d = 65; d < 128; ++d) {
    match[d] = ~(now ^ ((old << (d - 64)) | (older >> (128 - d))));
  }
  match[128] = ~(now ^ older);
  for (std::size_t d = 1; d <= kLags; ++d) {
    hits[d] = static_cast<std::uint64_t>(__builtin_popcountll(match[d]));
  }
}

// The scoreboard taken a block of 64 samples at a time, from every lag's right guesses in
// the block (match[d] and hits[d], as BlockMatches gives them).
class BlockBoard {
 public:
  Board& board() { return b_; }

  [[gnu::always_inline]] void Score(const std::array<std::uint64_t, kLags + 1>& match,
                                    const std::array<std::uint64_t, kLags + 1>& hits,
                                    PredictorCounts& out) {
    // Only a lag that can reach the top score within the block can take the lead.
    const std::uint64_t top = b_.score[b_.winner];
    std::size_t count = 0;
    for (std::size_t d = 1; d <= kLags; ++d) {
      if (b_.score[d] + hits[d] >= top) {
        near_[count] = static_cast<std::uint8_t>(d);
        near_score_[count++] = b_.score[d];
      }
    }
    if (count == 1) {
      // The winner alone can lead (the usual case): its guesses scored word-wise.
      internal::TallyWord(match[b_.winner], b_.run, out);
    } else {
      Replay(match, count, out);
    }
    for (std::size_t d = 1; d <= kLags; ++d) b_.score[d] += hits[d];
  }

 private:
  // The block replayed over the `count` lags near the top; `lead` indexes the winner among
  // them and `lead_score` is its score. Without branches on the guesses, which are coin
  // tosses on random bits, the step over the near lags waits only for the last comparison.
  [[gnu::always_inline]] void Replay(const std::array<std::uint64_t, kLags + 1>& match,
                                     std::size_t count, PredictorCounts& out) {
    std::size_t lead = 0;
    while (near_[lead] != b_.winner) ++lead;
    std::uint64_t lead_score = near_score_[lead];
    for (std::size_t c = 0; c < count; ++c) near_match_[c] = match[near_[c]];
    for (std::size_t t = 0; t < kBlock; ++t) {
      if ((near_match_[lead] >> t) & 1) {
        ++out.correct;
        if (++b_.run > out.longest_run) out.longest_run = b_.run;
      } else {
        b_.run = 0;
      }
      for (std::size_t c = 0; c < count; ++c) {
        const std::uint64_t hit = (near_match_[c] >> t) & 1;
        const std::uint64_t score = near_score_[c] + hit;
        near_score_[c] = score;
        const bool takes = hit != 0 && score >= lead_score;
        lead = takes ? c : lead;
        lead_score = takes ? score : lead_score;
      }
    }
    b_.winner = near_[lead];
  }

  Board b_;
  std::array<std::uint8_t, kLags> near_{};
  std::array<std::uint64_t, kLags> near_score_{};
  std::array<std::uint64_t, kLags> near_match_{};
};

// LagCounts on a bitstring, inlined into one function per kernel.
[[gnu::always_inline]] inline PredictorCounts BitLagCounts(std::span<const std::uint8_t> s) {
  PredictorCounts out;
  const std::size_t n = s.size();
  BlockBoard board;
  std::size_t i = 1;
  for (; i < n && i <= kLags; ++i) Step(s, i, board.board(), out);
  std::array<std::uint64_t, kLags + 1> match{};
  std::array<std::uint64_t, kLags + 1> hits{};
  const std::vector<std::uint64_t> packed = Pack(s);
  for (; i + kBlock <= n; i += kBlock) {
    BlockMatches(Bits64(packed, i - 2 * kBlock), Bits64(packed, i - kBlock), Bits64(packed, i),
                 match, hits);
    board.Score(match, hits, out);
  }
  for (; i < n; ++i) Step(s, i, board.board(), out);
  out.predictions = n - 1;
  return out;
}

PredictorCounts BitLagCountsPortable(std::span<const std::uint8_t> s) { return BitLagCounts(s); }

#if defined(__x86_64__)
// With AVX2 the 128 lags' matches are shifted four at a time, and counted with popcnt.
[[gnu::target("avx2,popcnt")]] PredictorCounts BitLagCountsAvx2(
    std::span<const std::uint8_t> s) {
  return BitLagCounts(s);
}

[[gnu::target("avx2"), gnu::always_inline]] inline __m256i Load32(const std::uint8_t* at) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
}

// Wider samples with AVX2: the same blocks, each lag's matches from two 32-byte compares of
// the block with the samples d places back. On low-entropy samples, where many lags guess
// right at every sample, that replaces the walk over them (SampleLagCounts).
[[gnu::target("avx2,popcnt")]] PredictorCounts SampleLagCountsAvx2(
    std::span<const std::uint8_t> s) {
  PredictorCounts out;
  const std::size_t n = s.size();
  BlockBoard board;
  std::size_t i = 1;
  for (; i < n && i <= kLags; ++i) Step(s, i, board.board(), out);
  std::array<std::uint64_t, kLags + 1> match{};
  std::array<std::uint64_t, kLags + 1> hits{};
  for (; i + kBlock <= n; i += kBlock) {
    const __m256i low = Load32(s.data() + i);
    const __m256i high = Load32(s.data() + i + 32);
    for (std::size_t d = 1; d <= kLags; ++d) {
      const auto equal_low = static_cast<std::uint32_t>(
          _mm256_movemask_epi8(_mm256_cmpeq_epi8(low, Load32(s.data() + i - d))));
      const auto equal_high = static_cast<std::uint32_t>(
          _mm256_movemask_epi8(_mm256_cmpeq_epi8(high, Load32(s.data() + i - d + 32))));
      match[d] = (std::uint64_t{equal_high} << 32) | equal_low;
      hits[d] = static_cast<std::uint64_t>(__builtin_popcountll(match[d]));
    }
    board.Score(match, hits, out);
  }
  for (; i < n; ++i) Step(s, i, board.board(), out);
  out.predictions = n - 1;
  return out;
}
#endif

}  // namespace

PredictorCounts LagCounts(std::span<const std::uint8_t> s) {
  return internal::LagCountsWith(s, BestPredictorKernel());
}

namespace internal {

PredictorCounts LagCountsWith(std::span<const std::uint8_t> s, PredictorKernel kernel) {
  if (s.size() < 3) return {};
  const bool bits = std::all_of(s.begin(), s.end(), [](std::uint8_t v) { return v <= 1; });
#if defined(__x86_64__)
  if (kernel == PredictorKernel::kAvx2) return bits ? BitLagCountsAvx2(s) : SampleLagCountsAvx2(s);
#endif
  if (!bits) return SampleLagCounts(s);
  static_cast<void>(kernel);
  return BitLagCountsPortable(s);
}

}  // namespace internal

}  // namespace churn::stats
