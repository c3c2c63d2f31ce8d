// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3.7, the MultiMCW prediction estimate. Four sub-predictors guess the most
// common value of the last w = 63, 255, 1023, 4095 samples (ties: the value seen most
// recently); a scoreboard counts each one's correct guesses and the overall guess is that of
// the current winner (the last sub-predictor whose score reached the highest). Predictions
// start at sample 64 (N = L - 63); a sub-predictor takes part once its window is full.
// Each window keeps counts, the last position of every value and how many values have each
// count, so the most common value changes in O(1) except when the value leaving the window
// was the most common and a value other than the one entering now shares the highest count
// with others: then one scan of the k counts (ties by last position) finds the new one.
// Bits need no counts: the windows have odd lengths, so the most common bit is the majority
// and never tied; they are taken 64 at a time, and a block that only the leader can lead is
// scored from its verdicts' word at once.

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

#include "stats/predictor_tally.h"
#include "stats/predictors.h"

namespace churn::stats {
namespace {

constexpr std::array<std::size_t, 4> kWindows = {63, 255, 1023, 4095};  // 6.3.7 step 1

struct Window {
  std::vector<std::uint32_t> count;
  std::vector<std::size_t> last;       // last position of each value
  std::vector<std::uint32_t> at_count;  // [c]: how many of the k values have count c
  std::uint32_t max_count = 0;
  std::uint8_t frequent = 0;
  std::uint64_t score = 0;
};

PredictorCounts BinaryCounts(std::span<const std::uint8_t> s) {
  PredictorCounts out;
  const std::size_t n = s.size();
  std::array<std::uint32_t, kWindows.size()> ones{};
  std::array<std::uint64_t, kWindows.size()> score{};
  for (std::size_t j = 0; j < kWindows.size(); ++j) {
    for (std::size_t i = 0; i < kWindows[j]; ++i) ones[j] += s[i];
  }
  std::size_t winner = 0;
  std::uint64_t run = 0;
  // Until the widest window is full (or to the end of a short input), step by step.
  const std::size_t all_full = std::min(n, kWindows.back());
  for (std::size_t i = kWindows[0]; i < all_full; ++i) {
    const std::uint8_t x = s[i];
    std::array<std::uint8_t, kWindows.size()> guess;
    for (std::size_t j = 0; j < kWindows.size(); ++j) {
      guess[j] = 2 * ones[j] > kWindows[j] ? 1 : 0;
    }
    if (guess[winner] == x) {
      ++out.correct;
      if (++run > out.longest_run) out.longest_run = run;
    } else {
      run = 0;
    }
    for (std::size_t j = 0; j < kWindows.size(); ++j) {
      if (i < kWindows[j]) break;
      if (guess[j] == x && ++score[j] >= score[winner]) winner = j;
      ones[j] = ones[j] + x - s[i - kWindows[j]];
    }
  }
  // Then the same without branches that depend on the data: on random bits each verdict is
  // a coin toss that a branch would mispredict half the time. In window order, a correct
  // sub-predictor takes the lead when its new score reaches the leader's (kept at hand).
  auto step = [&](std::uint32_t right) {  // bit j: window j's majority was right
    const std::uint64_t hit = (right >> winner) & 1u;
    out.correct += hit;
    run = (run + 1) & (0 - hit);
    out.longest_run = std::max(out.longest_run, run);
    std::uint64_t lead = score[winner];
    for (std::size_t j = 0; j < kWindows.size(); ++j) {
      const std::uint64_t r = (right >> j) & 1u;
      const std::uint64_t now = score[j] + r;
      score[j] = now;
      const bool takes = r != 0 && now >= lead;
      winner = takes ? j : winner;
      lead = takes ? now : lead;
    }
  };
  // 64 samples at a time: each window's verdicts in a word. The leader holds the highest
  // score, so when no other window's score plus its right guesses in the block reaches it,
  // the leader keeps the lead throughout and its word is scored at once (nearly every block
  // of random bits); otherwise the block is replayed verdict by verdict.
  std::size_t i = all_full;
  for (; i + 64 <= n; i += 64) {
    std::array<std::uint64_t, kWindows.size()> words{};
    for (std::size_t t = 0; t < 64; ++t) {
      const std::uint32_t x = s[i + t];
      for (std::size_t j = 0; j < kWindows.size(); ++j) {
        const auto guess = static_cast<std::uint32_t>(2 * ones[j] > kWindows[j]);
        words[j] |= std::uint64_t{guess == x} << t;
        ones[j] = ones[j] + x - s[i + t - kWindows[j]];
      }
    }
    bool alone = true;
    for (std::size_t j = 0; j < kWindows.size(); ++j) {
      const auto hits = static_cast<std::uint64_t>(std::popcount(words[j]));
      alone = alone && (j == winner || score[j] + hits < score[winner]);
    }
    if (alone) {
      internal::TallyWord(words[winner], run, out);
      for (std::size_t j = 0; j < kWindows.size(); ++j) {
        score[j] += static_cast<std::uint64_t>(std::popcount(words[j]));
      }
      continue;
    }
    for (std::size_t t = 0; t < 64; ++t) {
      std::uint32_t right = 0;
      for (std::size_t j = 0; j < kWindows.size(); ++j) {
        right |= static_cast<std::uint32_t>((words[j] >> t) & 1u) << j;
      }
      step(right);
    }
  }
  for (; i < n; ++i) {
    const std::uint32_t x = s[i];
    std::uint32_t right = 0;
    for (std::size_t j = 0; j < kWindows.size(); ++j) {
      const auto guess = static_cast<std::uint32_t>(2 * ones[j] > kWindows[j]);
      right |= static_cast<std::uint32_t>(guess == x) << j;
      ones[j] = ones[j] + x - s[i - kWindows[j]];
    }
    step(right);
  }
  out.predictions = n - kWindows[0];
  return out;
}

}  // namespace

PredictorCounts MultiMcwCounts(std::span<const std::uint8_t> s, int alphabet_size) {
  PredictorCounts out;
  const std::size_t n = s.size();
  if (n <= kWindows.back()) return out;
  int k = alphabet_size;
  for (const std::uint8_t v : s) k = std::max(k, v + 1);
  if (k <= 2) return BinaryCounts(s);
  std::array<Window, kWindows.size()> win;
  for (std::size_t j = 0; j < kWindows.size(); ++j) {
    win[j].count.assign(static_cast<std::size_t>(k), 0);
    win[j].last.assign(static_cast<std::size_t>(k), 0);
    win[j].at_count.assign(kWindows[j] + 2, 0);
    win[j].at_count[0] = static_cast<std::uint32_t>(k);
  }
  // Initial windows: the first w samples, ties to the latest (<=).
  for (std::size_t j = 0; j < kWindows.size(); ++j) {
    Window& w = win[j];
    for (std::size_t i = 0; i < kWindows[j]; ++i) {
      const std::uint32_t c = ++w.count[s[i]];
      --w.at_count[c - 1];
      ++w.at_count[c];
      w.last[s[i]] = i;
      if (c >= w.max_count) {
        w.max_count = c;
        w.frequent = s[i];
      }
    }
  }
  std::size_t winner = 0;
  std::uint64_t run = 0;
  for (std::size_t i = kWindows[0]; i < n; ++i) {
    const std::uint8_t x = s[i];
    if (win[winner].frequent == x) {
      ++out.correct;
      if (++run > out.longest_run) out.longest_run = run;
    } else {
      run = 0;
    }
    for (std::size_t j = 0; j < kWindows.size(); ++j) {
      if (i < kWindows[j]) break;
      if (win[j].frequent == x && ++win[j].score >= win[winner].score) winner = j;
    }
    for (std::size_t j = 0; j < kWindows.size(); ++j) {
      if (i < kWindows[j]) break;
      Window& w = win[j];
      const std::uint8_t out_value = s[i - kWindows[j]];
      const std::uint32_t left = --w.count[out_value];
      --w.at_count[left + 1];
      ++w.at_count[left];
      const std::uint32_t c = ++w.count[x];
      --w.at_count[c - 1];
      ++w.at_count[c];
      w.last[x] = i;
      if (out_value != w.frequent) {
        if (c >= w.max_count) {
          w.max_count = c;
          w.frequent = x;
        }
      } else if (out_value != x) {
        // The most common value lost one. If x now has the highest count it is the answer
        // (of the values tied there it was seen last), as is the same value when it alone
        // still has the highest count; otherwise the largest count, latest seen, from a
        // scan of the k counts.
        const std::uint32_t m = w.max_count;  // before this sample
        const std::uint32_t top = w.at_count[m + 1] != 0 ? m + 1 : w.at_count[m] != 0 ? m : m - 1;
        if (c == top) {
          w.max_count = top;
          w.frequent = x;
          continue;
        }
        if (w.at_count[top] == 1 && top == m - 1) {
          w.max_count = top;  // w.frequent stays: it alone has m - 1
          continue;
        }
        std::uint32_t best = 0;
        std::size_t best_last = 0;
        std::uint8_t best_value = 0;
        for (int v = 0; v < k; ++v) {
          const auto u = static_cast<std::size_t>(v);
          if (w.count[u] > best || (w.count[u] == best && best > 0 && w.last[u] > best_last)) {
            best = w.count[u];
            best_last = w.last[u];
            best_value = static_cast<std::uint8_t>(v);
          }
        }
        w.max_count = best;
        w.frequent = best_value;
      }
    }
  }
  out.predictions = n - kWindows[0];
  return out;
}

}  // namespace churn::stats
