// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The dictionaries of the MultiMMC (6.3.9) and LZ78Y (6.3.10) predictors for samples wider
// than one bit: strings of 1..16 samples (the last ones before a prediction) and, per string,
// the count of each value that followed it. Two open-addressing hash tables with linear
// probing, grown at half load: strings of one length (up to 16 bytes) to a caller's index,
// and (index, next value) to a count; and, for bitstrings, the two follower counts of every
// string of one length (BitPairTable). All start small and grow with what they hold, so a
// short input pays for a short input. Internal to churn_stats; not thread-safe.
#ifndef CHURN_STATS_PREDICTOR_DICTIONARY_H_
#define CHURN_STATS_PREDICTOR_DICTIONARY_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace churn::stats::internal {

// Up to 16 samples, most recent in the lowest byte of `lo`, and their number.
struct SampleString {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  std::uint32_t length = 0;
  bool operator==(const SampleString&) const = default;
};

// The last `length` (1..16) samples of a history held as two words (newest in the low byte
// of `lo`, the 9th newest in the low byte of `hi`).
inline SampleString Suffix(std::uint64_t lo, std::uint64_t hi, std::uint32_t length) {
  SampleString s;
  s.length = length;
  if (length >= 8) {
    s.lo = lo;
    s.hi = length == 16 ? hi : hi & ((std::uint64_t{1} << (8 * (length - 8))) - 1);
  } else {
    s.lo = lo & ((std::uint64_t{1} << (8 * length)) - 1);
  }
  return s;
}

inline std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ULL;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dULL;
  x ^= x >> 33;
  return x;
}

// One string's followers in the sample dictionaries: the count of each value that followed
// it, and the most frequent of them (ties: the larger value). The first seven distinct
// followers are counted here, next to the string in its table entry (16 + 48 bytes), so that
// counting one touches the cache line the lookup already brought in; later ones go to the
// caller's PairTable (raw HAVEGE samples: 80 % of the counts used to go there, at orders
// whose strings have ten or so common followers). Not thread-safe.
struct Followers {
  static constexpr std::uint32_t kInline = 7;
  std::uint32_t best_count = 0;  // 0: no follower yet
  std::uint8_t best_value = 0;
  std::uint64_t values = 0;  // bytes 0..6: the inline followers, first come first; byte 7: how many
  std::array<std::uint32_t, kInline> counts{};

  std::uint32_t Size() const { return static_cast<std::uint32_t>(values >> 56); }
  bool Full() const { return Size() == kInline; }
  // The inline counter of `next`, or nullptr. One compare of all seven bytes at once: a
  // byte of values ^ next is zero where `next` is; the lowest flagged byte is exact.
  std::uint32_t* Find(std::uint8_t next) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    const std::uint64_t x = values ^ (std::uint64_t{next} * kOnes);
    std::uint64_t zero = (x - kOnes) & ~x & (kOnes << 7);
    zero &= (std::uint64_t{1} << (8 * Size())) - 1;
    return zero == 0 ? nullptr : &counts[static_cast<std::size_t>(std::countr_zero(zero) / 8)];
  }
  // Adds `next` (not held, and !Full()) with a count of 1.
  void Add(std::uint8_t next) {
    const std::uint64_t size = values >> 56;
    const std::uint64_t held = values & ((std::uint64_t{1} << (8 * size)) - 1);
    values = held | (std::uint64_t{next} << (8 * size)) | ((size + 1) << 56);
    counts[size] = 1;
  }
  // `next` has now followed `now` times.
  void Counted(std::uint32_t now, std::uint8_t next) {
    if (now > best_count || (now == best_count && next > best_value)) {
      best_count = now;
      best_value = next;
    }
  }
};

// Strings of one length, each numbered in the order it was added (0, 1, ...) and holding a
// caller's Payload next to its key. The hash slots are 8 bytes (the string's number and 32
// bits of its hash), so the table stays small and a lookup touches one slot and, on a match
// of those bits, the entry, which the caller reads next anyway. `Reserve` sizes the table
// once for a known maximum (no rehashing); without it the table grows at half load.
inline constexpr std::size_t kMinTableSlots = 16;

template <typename Payload>
class StringTable {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  void Reserve(std::size_t strings) {
    const std::size_t cap = std::bit_ceil(std::max(kMinTableSlots, 2 * strings));
    if (cap > slots_.size()) Rehash(cap);
    entries_.reserve(strings);
  }

  // The number of `s`, or kAbsent.
  std::uint32_t Find(const SampleString& s) const {
    if (slots_.empty()) return kAbsent;
    const std::uint64_t h = Hash(s.lo, s.hi);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot slot = slots_[i];
      if (slot.id == kAbsent) return kAbsent;
      if (slot.tag == tag) {
        const Entry& e = entries_[slot.id];
        if (e.lo == s.lo && e.hi == s.hi) return slot.id;
      }
    }
  }

  // Adds `s` (which must be absent) with `payload`; returns its number.
  std::uint32_t Insert(const SampleString& s, const Payload& payload) {
    if (2 * (entries_.size() + 1) > slots_.size()) {
      Rehash(slots_.empty() ? kMinTableSlots : 2 * slots_.size());
    }
    const auto id = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back({s.lo, s.hi, payload});
    Place(Hash(s.lo, s.hi), id);
    return id;
  }

  Payload& operator[](std::uint32_t id) { return entries_[id].payload; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Slot {
    std::uint32_t id = kAbsent;
    std::uint32_t tag = 0;
  };
  struct Entry {
    std::uint64_t lo;
    std::uint64_t hi;
    Payload payload;
  };
  static std::uint64_t Hash(std::uint64_t lo, std::uint64_t hi) { return Mix(lo ^ Mix(hi)); }
  void Place(std::uint64_t h, std::uint32_t id) {
    std::size_t i = h & mask_;
    while (slots_[i].id != kAbsent) i = (i + 1) & mask_;
    slots_[i] = {id, static_cast<std::uint32_t>(h >> 32)};
  }
  void Rehash(std::size_t cap) {
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (std::size_t id = 0; id < entries_.size(); ++id) {
      Place(Hash(entries_[id].lo, entries_[id].hi), static_cast<std::uint32_t>(id));
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
};

// (string key, next value) -> count; a count of 0 means absent. String keys are below 2^32.
class PairTable {
 public:
  // Room for `pairs` pairs without growing.
  void Reserve(std::size_t pairs) {
    const std::size_t cap = std::bit_ceil(std::max(kMinTableSlots, 2 * pairs));
    if (cap > slots_.size()) Rehash(cap);
  }
  std::uint32_t* Find(std::uint32_t string, std::uint8_t next) {
    if (slots_.empty()) return nullptr;
    const std::uint64_t key = Key(string, next);
    for (std::size_t h = Mix(key) & mask_;; h = (h + 1) & mask_) {
      if (slots_[h].count == 0) return nullptr;
      if (slots_[h].key == key) return &slots_[h].count;
    }
  }
  // Adds the pair (absent before) with count 1.
  void Insert(std::uint32_t string, std::uint8_t next) {
    if (2 * (size_ + 1) > slots_.size()) {
      Rehash(slots_.empty() ? kMinTableSlots : 2 * slots_.size());
    }
    Place(Key(string, next), 1);
    ++size_;
  }
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t count = 0;
  };
  static std::uint64_t Key(std::uint32_t string, std::uint8_t next) {
    return (std::uint64_t{string} << 8) | next;
  }
  void Place(std::uint64_t key, std::uint32_t count) {
    std::size_t h = Mix(key) & mask_;
    while (slots_[h].count != 0) h = (h + 1) & mask_;
    slots_[h] = {key, count};
  }
  void Rehash(std::size_t cap) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (const Slot& s : old) {
      if (s.count != 0) Place(s.key, s.count);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// The follower counts {after 0, after 1} of the bitstrings of one length (1..17 bits, the
// newest bit lowest). Indexed by the string itself when all 2^length of them fit in about
// the room the strings that can occur need; otherwise a hash table of the strings looked up,
// at most `strings` distinct ones (one per position of a short input), at half load. A string
// never counted reads {0, 0} in both forms.
class BitPairTable {
 public:
  // `length` bits per string; at most `strings` distinct strings will be looked up.
  void Init(unsigned length, std::size_t strings) {
    const std::size_t all = std::size_t{1} << length;
    const std::size_t cap = std::bit_ceil(std::max(kMinTableSlots, 2 * strings));
    direct_ = all <= cap;
    if (direct_) {
      counts_.assign(2 * all, 0);
      slots_.clear();
    } else {
      slots_.assign(cap, Slot{});
      counts_.clear();
      shift_ = 64 - std::countr_zero(cap);
    }
  }
  // The counters of every string, pattern p's at [2p] and [2p + 1], when the table is
  // indexed by the string itself; nullptr when it is a hash table.
  std::uint32_t* Direct() { return direct_ ? counts_.data() : nullptr; }
  // The two counters of `pattern` (a string of `length` bits), added as {0, 0} if new.
  std::uint32_t* Pair(std::uint32_t pattern) {
    if (direct_) return &counts_[2 * std::size_t{pattern}];
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t h = (std::uint64_t{pattern + 1} * 0x9e3779b97f4a7c15ULL) >> shift_;;
         h = (h + 1) & mask) {
      Slot& slot = slots_[h];
      if (slot.key == pattern + 1) return slot.count;
      if (slot.key == 0) {
        slot.key = pattern + 1;
        return slot.count;
      }
    }
  }

 private:
  struct Slot {
    std::uint32_t key = 0;  // pattern + 1; 0 when free
    std::uint32_t count[2] = {0, 0};
  };
  bool direct_ = true;
  int shift_ = 0;
  std::vector<std::uint32_t> counts_;
  std::vector<Slot> slots_;
};

}  // namespace churn::stats::internal

#endif  // CHURN_STATS_PREDICTOR_DICTIONARY_H_
