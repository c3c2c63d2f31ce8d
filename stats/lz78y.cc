// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B 6.3.10, the LZ78Y prediction estimate. A dictionary of strings of 1..16 samples
// (at most 65,536 strings; once full no string is added, but the followers of known strings
// are still counted) records which value followed each string. Before sample i, every
// string of the last 1..16 samples that the dictionary knows offers its most frequent
// follower (ties: the larger value); the guess is the offer with the highest count, longer
// strings first on equal counts. Then each of those strings counts sample i as a follower,
// and unknown ones are added (longest first) while there is room. The first prediction is
// of sample 18 (N = L - 17); the dictionary starts with the 16 strings ending at sample 16,
// each followed by sample 17 — the order of NIST's reference tool (commit 68ed165f).
// Bits use a table per length indexed by the string (2^(j+1) counters, 1 MiB in all; a hash
// table of the strings present when the input is shorter), and once the dictionary is full
// look up the strings shortest first, up to the first unknown one (the shortcut of wider
// samples, below); wider samples the hash tables of
// predictor_dictionary.h: 65,536 strings, each with the counters of its first seven
// followers, and one counter per later distinct (string, follower) pair, at most 16 new
// pairs per sample (those of one-sample strings in a 256 KiB table indexed directly).

#include <algorithm>
#include <array>
#include <vector>

#include "stats/predictor_dictionary.h"
#include "stats/predictors.h"

namespace churn::stats {
namespace {

constexpr std::size_t kMaxLength = 16;              // 6.3.10 step 1: B = 16
constexpr std::uint32_t kMaxDictionary = 65536;     // 6.3.10 step 1: maxDictionarySize

void Tally(bool have, std::uint8_t guess, std::uint8_t x, std::uint64_t& run,
           PredictorCounts& out) {
  if (have && guess == x) {
    ++out.correct;
    if (++run > out.longest_run) out.longest_run = run;
  } else {
    run = 0;
  }
}

PredictorCounts BinaryCounts(std::span<const std::uint8_t> s) {
  PredictorCounts out;
  const std::size_t n = s.size();
  std::array<internal::BitPairTable, kMaxLength + 1> table;  // [j]: strings of j bits
  // At most one string per position is looked up at each length.
  for (std::size_t j = 1; j <= kMaxLength; ++j) table[j].Init(static_cast<unsigned>(j), n);
  std::uint32_t history = 0;  // newest sample in bit 0
  for (std::size_t i = 0; i < kMaxLength; ++i) history = (history << 1) | s[i];
  std::uint32_t size = 0;
  for (std::size_t j = 1; j <= kMaxLength; ++j) {
    table[j].Pair(history & ((std::uint32_t{1} << j) - 1))[s[kMaxLength]] = 1;
    ++size;
  }
  std::uint64_t run = 0;
  // The samples from 17 on, with `pair_of(j, string)` giving a string's two counters, up to
  // the end or, with `until_full`, the sample before which the dictionary is full.
  auto walk = [&](auto pair_of, bool until_full) {
    std::size_t i = kMaxLength + 1;
    for (; i < n && !(until_full && size == kMaxDictionary); ++i) {
      history = (history << 1) | s[i - 1];
      const std::uint8_t x = s[i];
      std::uint32_t max_count = 0;
      std::uint8_t guess = 0;
      bool have = false;
      for (std::size_t j = kMaxLength; j >= 1; --j) {
        std::uint32_t* pair = pair_of(j, history & ((std::uint32_t{1} << j) - 1));
        if (pair[0] != 0 || pair[1] != 0) {
          const std::uint8_t y = pair[0] > pair[1] ? 0 : 1;
          if (pair[y] > max_count) {
            max_count = pair[y];
            guess = y;
            have = true;
          }
          ++pair[x];
        } else if (size < kMaxDictionary) {
          pair[x] = 1;
          ++size;
        }
      }
      Tally(have, guess, x, run, out);
    }
    return i;
  };
  // Every table indexed by its strings (inputs of 32,768 bits or more): the counters are
  // addressed directly, without the lookup's test for the hashed form at every string.
  std::array<std::uint32_t*, kMaxLength + 1> direct{};
  bool all_direct = true;
  for (std::size_t j = 1; j <= kMaxLength; ++j) {
    direct[j] = table[j].Direct();
    all_direct = all_direct && direct[j] != nullptr;
  }
  if (!all_direct) {
    walk([&](std::size_t j, std::uint32_t string) { return table[j].Pair(string); }, false);
    out.predictions = n - kMaxLength - 1;
    return out;
  }
  auto pair_at = [&](std::size_t j, std::uint32_t string) {
    return direct[j] + 2 * std::size_t{string};
  };
  auto mask = [](std::size_t j) { return (std::uint32_t{1} << j) - 1; };
  std::size_t i = walk(pair_at, true);
  // Full: the known strings are closed under suffixes but for one, `cut`, as in
  // SampleCounts below; so the strings before sample i are taken shortest first up to the
  // first unknown one (then from `cut` on, when it is the next longer string), and the
  // offers compared with >= instead of > to keep the longest of equal counts. On random
  // bits that skips the longest strings' tables, which hardly hold any string.
  std::size_t cut_length = 0;  // none
  std::uint32_t cut = 0;
  for (std::size_t j = 2; j <= kMaxLength; ++j) {
    const std::uint32_t* longer = pair_at(j, history & mask(j));
    const std::uint32_t* shorter = pair_at(j - 1, history & mask(j - 1));
    if ((longer[0] | longer[1]) != 0 && (shorter[0] | shorter[1]) == 0) {
      cut_length = j;
      cut = history & mask(j);
    }
  }
  for (; i < n; ++i) {
    history = (history << 1) | s[i - 1];
    const std::uint8_t x = s[i];
    std::uint32_t max_count = 0;
    std::uint8_t guess = 0;
    bool have = false;
    for (std::size_t j = 1; j <= kMaxLength; ++j) {
      std::uint32_t* pair = pair_at(j, history & mask(j));
      if ((pair[0] | pair[1]) == 0) {
        if (cut_length <= j || (history & mask(cut_length)) != cut) break;
        j = cut_length;  // strings j + 1 .. cut_length - 1 have an unknown suffix
        pair = pair_at(j, cut);
      }
      const std::uint8_t y = pair[0] > pair[1] ? 0 : 1;
      if (pair[y] >= max_count) {
        max_count = pair[y];
        guess = y;
        have = true;
      }
      ++pair[x];
    }
    Tally(have, guess, x, run, out);
  }
  out.predictions = n - kMaxLength - 1;
  return out;
}

PredictorCounts SampleCounts(std::span<const std::uint8_t> s, std::uint32_t max_dictionary) {
  PredictorCounts out;
  const std::size_t n = s.size();
  // Per string its followers, the first seven counted next to it (internal::Followers).
  using Best = internal::Followers;
  // One table per length (65,536 strings in all), reserved for an even share of the
  // dictionary, or fewer when the input cannot make that many strings of that length
  // (one per position, k^j with k values), grown if one length takes more.
  std::array<internal::StringTable<Best>, kMaxLength + 1> strings;
  {
    const std::size_t k = std::size_t{*std::max_element(s.begin(), s.end())} + 1;
    std::size_t k_power = 1;  // k^j, capped
    for (std::size_t j = 1; j <= kMaxLength; ++j) {
      k_power = std::min(k_power * k, std::size_t{max_dictionary});
      strings[j].Reserve(std::min({std::size_t{max_dictionary / kMaxLength}, n - j, k_power}));
    }
  }
  std::size_t dictionary = 0;
  // Followers after the seventh, keyed by (string number, length).
  internal::PairTable pairs;
  // The followers after the seventh of the strings of one sample (at most 256 of them, each
  // followed by every value on random bytes), counted in a table indexed by (string number,
  // value) instead of in `pairs`: one is looked up at nearly every sample.
  std::vector<std::uint32_t> one_sample_pairs(std::size_t{1} << 16, 0);
  auto count = [&](std::uint32_t index, std::uint8_t next, std::uint32_t j) {
    Best& b = strings[j][index];
    std::uint32_t now = 1;
    if (std::uint32_t* c = b.Find(next); c != nullptr) {
      now = ++*c;
    } else if (!b.Full()) {
      b.Add(next);
    } else if (j == 1) {
      now = ++one_sample_pairs[(std::size_t{index} << 8) | next];
    } else {
      const auto key = static_cast<std::uint32_t>(index * (kMaxLength + 1) + j);
      if (c = pairs.Find(key, next); c != nullptr) {
        now = ++*c;
      } else {
        pairs.Insert(key, next);
      }
    }
    b.Counted(now, next);
  };
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  auto push = [&](std::uint8_t v) {
    hi = (hi << 8) | (lo >> 56);
    lo = (lo << 8) | v;
  };
  for (std::size_t i = 0; i < kMaxLength; ++i) push(s[i]);
  for (std::uint32_t j = 1; j <= kMaxLength; ++j) {
    ++dictionary;
    count(strings[j].Insert(internal::Suffix(lo, hi, j), Best{}), s[kMaxLength], j);
  }
  std::uint64_t run = 0;
  std::size_t i = kMaxLength + 1;
  // While there is room: every string of the last 1..16 samples, longest first.
  for (; i < n && dictionary < max_dictionary; ++i) {
    push(s[i - 1]);
    const std::uint8_t x = s[i];
    std::uint32_t max_count = 0;
    std::uint8_t guess = 0;
    bool have = false;
    for (std::uint32_t j = kMaxLength; j >= 1; --j) {
      const internal::SampleString str = internal::Suffix(lo, hi, j);
      const std::uint32_t index = strings[j].Find(str);
      if (index != internal::StringTable<Best>::kAbsent) {
        const Best& b = strings[j][index];
        if (b.best_count > max_count) {
          max_count = b.best_count;
          guess = b.best_value;
          have = true;
        }
        count(index, x, j);
      } else if (dictionary < max_dictionary) {
        ++dictionary;
        count(strings[j].Insert(str, Best{}), x, j);
      }
    }
    Tally(have, guess, x, run, out);
  }
  if (i >= n) {
    out.predictions = n - kMaxLength - 1;
    return out;
  }
  // Full: no string is added any more. Until now every unknown string of the last 1..16
  // samples was added with all its shorter ones, so a known string's suffix one sample
  // shorter is known too — except where the dictionary filled up (strings added longest
  // first, the shorter ones found no room): there at most one known string, `cut`, has an
  // unknown suffix. So the known strings before sample i are those of lengths 1 up to the
  // first unknown one, and, when the next longer string is `cut`, those from it up to the
  // next unknown one. On random bytes that is one or two lookups instead of sixteen.
  internal::SampleString cut;  // length 0: none
  for (std::uint32_t j = 2; j <= kMaxLength; ++j) {
    const internal::SampleString str = internal::Suffix(lo, hi, j);
    if (strings[j].Find(str) != internal::StringTable<Best>::kAbsent &&
        strings[j - 1].Find(internal::Suffix(lo, hi, j - 1)) ==
            internal::StringTable<Best>::kAbsent) {
      cut = str;
    }
  }
  std::array<std::uint32_t, kMaxLength + 1> index{};  // [j], for the known lengths
  std::array<std::uint32_t, kMaxLength> known{};      // lengths, ascending
  for (; i < n; ++i) {
    push(s[i - 1]);
    const std::uint8_t x = s[i];
    std::size_t m = 0;
    for (std::uint32_t j = 1; j <= kMaxLength; ++j) {
      internal::SampleString str = internal::Suffix(lo, hi, j);
      std::uint32_t at = strings[j].Find(str);
      if (at == internal::StringTable<Best>::kAbsent) {
        if (cut.length <= j || internal::Suffix(lo, hi, cut.length) != cut) break;
        j = cut.length;  // strings j + 1 .. cut.length - 1 would have an unknown suffix
        at = strings[j].Find(cut);
      }
      index[j] = at;
      known[m++] = j;
    }
    std::uint32_t max_count = 0;
    std::uint8_t guess = 0;
    bool have = false;
    for (std::size_t k = m; k-- > 0;) {  // longest first, as above
      const Best& b = strings[known[k]][index[known[k]]];
      if (b.best_count > max_count) {
        max_count = b.best_count;
        guess = b.best_value;
        have = true;
      }
    }
    for (std::size_t k = 0; k < m; ++k) count(index[known[k]], x, known[k]);
    Tally(have, guess, x, run, out);
  }
  out.predictions = n - kMaxLength - 1;
  return out;
}

}  // namespace

PredictorCounts Lz78yCounts(std::span<const std::uint8_t> s) {
  if (s.size() < kMaxLength + 2) return {};
  for (const std::uint8_t v : s) {
    if (v > 1) return SampleCounts(s, kMaxDictionary);
  }
  return BinaryCounts(s);
}

namespace internal {

PredictorCounts Lz78yCountsWithDictionary(std::span<const std::uint8_t> samples,
                                          std::uint32_t max_dictionary) {
  if (samples.size() < kMaxLength + 2 || max_dictionary < kMaxLength) return {};
  return SampleCounts(samples, max_dictionary);
}

}  // namespace internal

}  // namespace churn::stats
