// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// rngtest-gen: writes reproducible test inputs for the churn-rngtest system tests.
//
//   rngtest-gen MODE SEED BYTES [PARAM]
//
// MODE is one of
//   good      uniform bytes from a seeded SplitMix64 stream
//   bias      each bit is 1 with probability PARAM (e.g. 0.51)
//   markov    each bit repeats the previous one with probability PARAM (e.g. 0.52)
//   marginal  per 2500-byte block a Markov/bias mix drawn so that many blocks sit on the
//             FIPS 140-2 runs and poker bounds (the case where rngtest variants disagree)
//   longrun   uniform, with a run of PARAM equal bits planted in some blocks, also across
//             block edges
//   repeat    uniform, with 32-bit words repeated inside blocks and across block edges
//
// The same SEED always gives the same bytes, so a failing comparison can be replayed. This is
// test support, not a random number generator for any other use.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr std::size_t kBlockBytes = 2500;

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform double in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

// Bits most significant first, as FIPS 140-2 and rngtest read them.
class BitWriter {
 public:
  explicit BitWriter(std::vector<std::uint8_t>& out) : out_(out) {}
  void Put(int bit) {
    acc_ = static_cast<std::uint8_t>((acc_ << 1) | (bit & 1));
    if (++filled_ == 8) {
      out_.push_back(acc_);
      acc_ = 0;
      filled_ = 0;
    }
  }

 private:
  std::vector<std::uint8_t>& out_;
  std::uint8_t acc_ = 0;
  int filled_ = 0;
};

void FillUniform(SplitMix64& rng, std::vector<std::uint8_t>& out, std::size_t bytes) {
  while (out.size() < bytes) {
    std::uint64_t v = rng.Next();
    for (int i = 0; i < 8 && out.size() < bytes; ++i) {
      out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
  }
}

// One bit stream where the first bit of a run... is drawn with probability one_prob and each
// later bit stays equal to the previous one with probability stay_prob (0.5 = independent).
void FillMarkov(SplitMix64& rng, BitWriter& writer, std::size_t bits, double one_prob,
                double stay_prob, int& last_bit) {
  for (std::size_t i = 0; i < bits; ++i) {
    int bit;
    if (stay_prob == 0.5) {
      bit = rng.Unit() < one_prob ? 1 : 0;
    } else {
      bit = rng.Unit() < stay_prob ? last_bit : 1 - last_bit;
    }
    writer.Put(bit);
    last_bit = bit;
  }
}

int Usage() {
  std::fputs("usage: rngtest-gen good|bias|markov|marginal|longrun|repeat SEED BYTES [PARAM]\n",
             stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return Usage();
  const std::string mode = argv[1];
  const std::uint64_t seed = std::strtoull(argv[2], nullptr, 0);
  const std::size_t bytes = std::strtoull(argv[3], nullptr, 0);
  const double param = argc > 4 ? std::strtod(argv[4], nullptr) : 0.0;
  SplitMix64 rng(seed ^ 0x5eed5eed5eed5eedULL);
  std::vector<std::uint8_t> out;
  out.reserve(bytes + 8);
  int last_bit = 0;

  if (mode == "good") {
    FillUniform(rng, out, bytes);
  } else if (mode == "bias" || mode == "markov") {
    BitWriter writer(out);
    if (mode == "bias") {
      FillMarkov(rng, writer, bytes * 8, param, 0.5, last_bit);
    } else {
      FillMarkov(rng, writer, bytes * 8, 0.5, param, last_bit);
    }
  } else if (mode == "marginal") {
    BitWriter writer(out);
    while (out.size() < bytes) {
      // Stay probabilities 0.47..0.53 move the run-length counts across their bounds and
      // the poker statistic with them; one block in four is biased instead.
      const double pick = rng.Unit();
      const double stay = 0.47 + 0.06 * rng.Unit();
      const double one = 0.49 + 0.02 * rng.Unit();
      if (pick < 0.75) {
        FillMarkov(rng, writer, kBlockBytes * 8, 0.5, stay, last_bit);
      } else {
        FillMarkov(rng, writer, kBlockBytes * 8, one, 0.5, last_bit);
      }
    }
    out.resize(bytes);
  } else if (mode == "longrun") {
    FillUniform(rng, out, bytes);
    const std::size_t run_bits = param > 0 ? static_cast<std::size_t>(param) : 26;
    // Plant in roughly every third block, at a random bit offset (which sometimes straddles
    // the edge into the next block), alternating ones and zeros.
    for (std::size_t start = 0; start + 2 * kBlockBytes < bytes; start += 3 * kBlockBytes) {
      const std::size_t bit0 = start * 8 + rng.Next() % (kBlockBytes * 8 * 2);
      const int value = static_cast<int>(rng.Next() & 1);
      for (std::size_t b = bit0; b < bit0 + run_bits && b / 8 < bytes; ++b) {
        const auto mask = static_cast<std::uint8_t>(0x80u >> (b % 8));
        if (value) {
          out[b / 8] = static_cast<std::uint8_t>(out[b / 8] | mask);
        } else {
          out[b / 8] = static_cast<std::uint8_t>(out[b / 8] & ~mask);
        }
      }
    }
  } else if (mode == "repeat") {
    FillUniform(rng, out, bytes);
    for (std::size_t start = 0; start + 2 * kBlockBytes < bytes; start += 4 * kBlockBytes) {
      // A word offset chosen anywhere, including the first word of a block, whose previous
      // word is the last of the block before.
      const std::size_t word = (start + (rng.Next() % (2 * kBlockBytes))) & ~std::size_t{3};
      if (word >= 4) std::memcpy(&out[word], &out[word - 4], 4);
    }
  } else {
    return Usage();
  }
  out.resize(bytes);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) return 1;
  return std::fflush(stdout) == 0 ? 0 : 1;
}
