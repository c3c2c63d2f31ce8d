// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The dictionaries of the MultiMMC (6.3.9) and LZ78Y (6.3.10) predictors for samples wider
// than one bit: strings of 1..16 samples (the last ones before a prediction) and, per string,
// the count of each value that followed it. Two open-addressing hash tables with linear
// probing, grown at half load: strings of one length (up to 16 bytes) to a caller's index,
// and (index, next value) to a count. Internal to churn_stats; not thread-safe.
#ifndef CHURN_STATS_PREDICTOR_DICTIONARY_H_
#define CHURN_STATS_PREDICTOR_DICTIONARY_H_

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

// Strings of one length to a caller's value. Each slot holds its key, so a lookup touches one
// cache line; `Reserve` sizes the table once for a known maximum (no rehashing).
class StringTable {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  void Reserve(std::size_t strings) {
    std::size_t cap = 1024;
    while (cap < 2 * strings) cap *= 2;
    if (cap > slots_.size()) Rehash(cap);
  }

  std::uint32_t Find(const SampleString& s) const {
    if (slots_.empty()) return kAbsent;
    for (std::size_t h = Hash(s) & mask_;; h = (h + 1) & mask_) {
      const Slot& slot = slots_[h];
      if (slot.value == kAbsent) return kAbsent;
      if (slot.lo == s.lo && slot.hi == s.hi) return slot.value;
    }
  }

  // Adds `s` (which must be absent) under `value`.
  void Insert(const SampleString& s, std::uint32_t value) {
    if (2 * (size_ + 1) > slots_.size()) Rehash(slots_.empty() ? 1024 : 2 * slots_.size());
    Place(s.lo, s.hi, value);
    ++size_;
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    std::uint32_t value = kAbsent;
  };
  static std::uint64_t Hash(const SampleString& s) { return Mix(s.lo ^ Mix(s.hi)); }
  void Place(std::uint64_t lo, std::uint64_t hi, std::uint32_t value) {
    std::size_t h = Mix(lo ^ Mix(hi)) & mask_;
    while (slots_[h].value != kAbsent) h = (h + 1) & mask_;
    slots_[h] = {lo, hi, value};
  }
  void Rehash(std::size_t cap) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (const Slot& slot : old) {
      if (slot.value != kAbsent) Place(slot.lo, slot.hi, slot.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// (string index, next value) -> count; a count of 0 means absent.
class PairTable {
 public:
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
    if (2 * (size_ + 1) > slots_.size()) Grow();
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
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    const std::size_t cap = old.empty() ? 1024 : 2 * old.size();
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

}  // namespace churn::stats::internal

#endif  // CHURN_STATS_PREDICTOR_DICTIONARY_H_
