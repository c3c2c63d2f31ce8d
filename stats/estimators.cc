// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// SP 800-90B (January 2018) section 6.3 estimators. Every estimate is a
// conservative (upper 99% confidence, z = 2.576) bound p_u on the probability
// of the most likely output, reported as -log2(p_u) bits per sample.
//   6.3.1 MCV: p = max count / L, p_u = min(1, p + 2.576 sqrt(p(1-p)/(L-1))).
//   6.3.2 Collision (binary): walk the data cutting it after the first
//     repeated value; each piece has length t = 2 or 3. With the mean X and
//     standard deviation s of the v lengths, X' = X - 2.576 s / sqrt(v) is
//     solved for p in [1/2, 1] from E[t] = p q^-2 (1 + (1/p - 1/q)/2) F(q) -
//     p q^-1 (1/p - 1/q)/2, F(q) = Gamma(3, 1/q) q^3 e^(1/q). For a binary
//     alphabet F(q) = q + 2q^2 + 2q^3 and the right side reduces to
//     2 + 2 p (1 - p) (checked in the tests), so p has the closed form
//     (1 + sqrt(5 - 2 X')) / 2. X' >= 2.5 has no solution: 1 bit (90B's
//     rule); X' <= 2 is clamped to p = 1: 0 bits.
//   6.3.3 Markov (binary): first-order model P0, P1, P00, P01, P10, P11 from
//     the counts; the most likely of the six 128-bit sequences the standard
//     lists gives H = min(-log2(p_max) / 128, 1). Computed in logs.
//   6.3.4 Compression (binary): 6-bit blocks, d = 1000 to fill the dictionary,
//     the log2 distances D_i to the previous occurrence of each later block;
//     X' = mean - 2.576 * 0.5907 * sd / sqrt(nu), solved for p in
//     [2^-6, 1] from G(p) + 63 G((1-p)/63) = X' by bisection, H = -log2(p)/6
//     (1 bit when X' is above the uniform value). G is the double sum of
//     6.3.4 step 7 rearranged into one sum over u with weight L' - max(u, d),
//     truncated when the geometric factor drops below 1e-18 of the total.
//   6.3.5 t-tuple and 6.3.6 LRS: t_tuple_lrs.cc.
//   6.3.7-6.3.10 the predictors: predictors.h and one file each.
// Assessment (3.1.3 and NIST's tool): non-binary data also runs everything on
// its bits, and the result is min(H_original, bits_per_sample * H_bitstring)
// over all ten estimators (on the samples the seven that take any alphabet).

#include "stats/estimators.h"

#include "stats/predictors.h"
#include "stats/t_tuple_lrs.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace churn::stats {
namespace {

constexpr double kZ99 = 2.576;  // 90B's two-sided 99% normal quantile

class EstimatorCategoryImpl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "churn.stats.estimators"; }
  std::string message(int v) const override {
    switch (static_cast<EstimatorErrc>(v)) {
      case EstimatorErrc::kTooFewSamples:
        return "too few samples for the SP 800-90B estimators (need at least 1000)";
      case EstimatorErrc::kBadBitsPerSample:
        return "bits per sample must be 1..8";
      case EstimatorErrc::kSampleOutOfRange:
        return "a sample does not fit in bits_per_sample bits";
    }
    return "unknown estimator error";
  }
};

double UpperBound(double p, double n) {
  return std::min(1.0, p + kZ99 * std::sqrt(p * (1.0 - p) / (n - 1.0)));
}

double BitsFromProbability(double p) { return p >= 1.0 ? 0.0 : -std::log2(p); }

// Every estimator that applies: on bits (or binary samples) all ten, on wider
// samples the seven that take any alphabet. `alphabet_size` is the number of
// distinct values (the predictors' 1/k floor). `try_window` and
// `longest_repeat` as for internal::TupleAndLrs.
std::vector<EstimatorResult> RunAll(std::span<const std::uint8_t> symbols, bool binary,
                                    int alphabet_size, bool try_window = true,
                                    std::int64_t* longest_repeat = nullptr) {
  std::vector<EstimatorResult> out;
  out.push_back(MostCommonValueEstimate(symbols));
  if (binary) {
    out.push_back(CollisionEstimate(symbols));
    out.push_back(MarkovEstimate(symbols));
    out.push_back(CompressionEstimate(symbols));
  }
  const TupleEstimates t = internal::TupleAndLrs(symbols, try_window, longest_repeat);
  out.push_back(t.t_tuple);
  out.push_back(t.lrs);
  out.push_back(MultiMcwEstimate(symbols, alphabet_size));
  out.push_back(LagEstimate(symbols, alphabet_size));
  out.push_back(MultiMmcEstimate(symbols, alphabet_size));
  out.push_back(Lz78yEstimate(symbols, alphabet_size));
  return out;
}

double MinOver(const std::vector<EstimatorResult>& results, double start) {
  double h = start;
  for (const auto& r : results) {
    if (r.applicable) h = std::min(h, r.min_entropy_bits);
  }
  return h;
}

// Compression estimate's G(z) (6.3.4 step 7), rearranged as described above.
double CompressionG(double z, std::int64_t blocks, std::int64_t d, double nu) {
  if (z <= 0.0) return 0.0;
  if (z >= 1.0) return 0.0;
  const double one_minus = 1.0 - z;
  double sum = 0.0;
  double power = 1.0;  // (1 - z)^(u - 1)
  const auto lb = static_cast<double>(blocks);
  for (std::int64_t u = 1; u <= blocks; ++u) {
    const double log_u = std::log2(static_cast<double>(u));
    const auto ud = static_cast<double>(u);
    double term = 0.0;
    if (u < blocks) term += log_u * z * z * power * (lb - std::max(ud, static_cast<double>(d)));
    if (u > d) term += log_u * z * power;
    sum += term;
    power *= one_minus;
    if (power * lb * 64.0 < sum * 1e-18 || power < 1e-300) break;
  }
  return sum / nu;
}

}  // namespace

const std::error_category& EstimatorCategory() {
  static const EstimatorCategoryImpl category;
  return category;
}

std::error_code make_error_code(EstimatorErrc e) {
  return {static_cast<int>(e), EstimatorCategory()};
}

std::string_view EstimatorName(Estimator e) {
  switch (e) {
    case Estimator::kMostCommonValue: return "most_common_value";
    case Estimator::kCollision: return "collision";
    case Estimator::kMarkov: return "markov";
    case Estimator::kCompression: return "compression";
    case Estimator::kTTuple: return "t_tuple";
    case Estimator::kLongestRepeatedSubstring: return "lrs";
    case Estimator::kMultiMcw: return "multi_mcw";
    case Estimator::kLag: return "lag";
    case Estimator::kMultiMmc: return "multi_mmc";
    case Estimator::kLz78y: return "lz78y";
  }
  return "unknown";
}

std::string_view EstimatorSection(Estimator e) {
  switch (e) {
    case Estimator::kMostCommonValue: return "6.3.1";
    case Estimator::kCollision: return "6.3.2";
    case Estimator::kMarkov: return "6.3.3";
    case Estimator::kCompression: return "6.3.4";
    case Estimator::kTTuple: return "6.3.5";
    case Estimator::kLongestRepeatedSubstring: return "6.3.6";
    case Estimator::kMultiMcw: return "6.3.7";
    case Estimator::kLag: return "6.3.8";
    case Estimator::kMultiMmc: return "6.3.9";
    case Estimator::kLz78y: return "6.3.10";
  }
  return "";
}

EstimatorResult MostCommonValueEstimate(std::span<const std::uint8_t> symbols) {
  EstimatorResult r{Estimator::kMostCommonValue, false, 0.0};
  if (symbols.size() < 2) return r;
  // Four tables in turn: on runs of one value (every bitstring) a single counter would make
  // each increment wait for the last one's store.
  std::uint64_t counts[4][256] = {};
  const std::size_t n_all = symbols.size();
  std::size_t i = 0;
  for (; i + 4 <= n_all; i += 4) {
    ++counts[0][symbols[i]];
    ++counts[1][symbols[i + 1]];
    ++counts[2][symbols[i + 2]];
    ++counts[3][symbols[i + 3]];
  }
  for (; i < n_all; ++i) ++counts[0][symbols[i]];
  std::uint64_t most = 0;
  for (std::size_t v = 0; v < 256; ++v) {
    most = std::max(most, counts[0][v] + counts[1][v] + counts[2][v] + counts[3][v]);
  }
  const auto n = static_cast<double>(n_all);
  const double p = static_cast<double>(most) / n;
  r.applicable = true;
  r.min_entropy_bits = BitsFromProbability(UpperBound(p, n));
  return r;
}

EstimatorResult CollisionEstimate(std::span<const std::uint8_t> bits) {
  EstimatorResult r{Estimator::kCollision, false, 0.0};
  const std::size_t n = bits.size();
  std::uint64_t v = 0;
  std::uint64_t threes = 0;
  std::size_t i = 0;
  // A collision ends each pair of equal bits, else the third bit: two or three bits per
  // step, chosen without a branch (on random bits it would mispredict every other step).
  while (i + 2 < n) {
    const std::size_t three = bits[i] != bits[i + 1] ? 1 : 0;
    ++v;
    threes += three;
    i += 2 + three;
  }
  if (i + 1 < n && bits[i] == bits[i + 1]) ++v;  // the last two bits, equal
  if (v < 2) return r;
  const auto vd = static_cast<double>(v);
  const double mean = (2.0 * (vd - static_cast<double>(threes)) + 3.0 * static_cast<double>(threes)) / vd;
  // Lengths are 2 or 3: the sum of squared deviations in closed form.
  const double f3 = static_cast<double>(threes) / vd;
  const double ss = vd * f3 * (1.0 - f3);
  const double sd = std::sqrt(ss / (vd - 1.0));
  const double x = mean - kZ99 * sd / std::sqrt(vd);
  double p;
  if (x >= 2.5) {
    p = 0.5;
  } else if (x <= 2.0) {
    p = 1.0;
  } else {
    p = 0.5 * (1.0 + std::sqrt(5.0 - 2.0 * x));
  }
  r.applicable = true;
  r.min_entropy_bits = std::min(1.0, BitsFromProbability(p));
  return r;
}

EstimatorResult MarkovEstimate(std::span<const std::uint8_t> bits) {
  EstimatorResult r{Estimator::kMarkov, false, 0.0};
  const std::size_t n = bits.size();
  if (n < 2) return r;
  std::uint64_t ones = 0;
  std::uint64_t trans[2][2] = {};
  for (std::size_t i = 0; i < n; ++i) {
    ones += bits[i];
    if (i + 1 < n) ++trans[bits[i]][bits[i + 1]];
  }
  const auto nd = static_cast<double>(n);
  const double p1 = static_cast<double>(ones) / nd;
  const double p0 = 1.0 - p1;
  auto ratio = [](std::uint64_t a, std::uint64_t b) {
    return a + b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(a + b);
  };
  const double p00 = ratio(trans[0][0], trans[0][1]);
  const double p01 = ratio(trans[0][1], trans[0][0]);
  const double p10 = ratio(trans[1][0], trans[1][1]);
  const double p11 = ratio(trans[1][1], trans[1][0]);
  // log2 of 0 is -inf, which max() ignores as intended.
  auto lg = [](double x) { return std::log2(x); };
  const double candidates[] = {
      lg(p0) + 127 * lg(p00),
      lg(p0) + 64 * lg(p01) + 63 * lg(p10),
      lg(p0) + lg(p01) + 126 * lg(p11),
      lg(p1) + lg(p10) + 126 * lg(p00),
      lg(p1) + 64 * lg(p10) + 63 * lg(p01),
      lg(p1) + 127 * lg(p11),
  };
  const double log_pmax = *std::max_element(std::begin(candidates), std::end(candidates));
  r.applicable = true;
  r.min_entropy_bits = std::clamp(-log_pmax / 128.0, 0.0, 1.0);
  return r;
}

EstimatorResult CompressionEstimate(std::span<const std::uint8_t> bits) {
  EstimatorResult r{Estimator::kCompression, false, 0.0};
  constexpr int kBlockBits = 6;
  constexpr std::int64_t kDictionaryBlocks = 1000;
  constexpr double kC = 0.5907;
  const auto blocks = static_cast<std::int64_t>(bits.size() / kBlockBits);
  if (blocks <= kDictionaryBlocks) return r;
  if (blocks == kDictionaryBlocks + 1) {
    // One distance after the dictionary: its sample variance (over nu - 1 = 0) is
    // infinite, X' is -infinity and p = 1, as NIST's tool computes it: 0 bits.
    r.applicable = true;
    return r;
  }
  std::int64_t last[1 << kBlockBits] = {};
  double sum = 0.0;
  double sum_sq = 0.0;
  for (std::int64_t i = 1; i <= blocks; ++i) {
    unsigned value = 0;
    for (int b = 0; b < kBlockBits; ++b) {
      value = (value << 1) | bits[static_cast<std::size_t>((i - 1) * kBlockBits + b)];
    }
    if (i > kDictionaryBlocks) {
      const std::int64_t dist = last[value] != 0 ? i - last[value] : i;
      const double lg = std::log2(static_cast<double>(dist));
      sum += lg;
      sum_sq += lg * lg;
    }
    last[value] = i;
  }
  const auto nu = static_cast<double>(blocks - kDictionaryBlocks);
  const double mean = sum / nu;
  const double sd = kC * std::sqrt(std::max(0.0, sum_sq / (nu - 1.0) - mean * mean));
  const double x = mean - kZ99 * sd / std::sqrt(nu);
  constexpr double kAlphabet = 1 << kBlockBits;
  auto expected = [&](double p) {
    return CompressionG(p, blocks, kDictionaryBlocks, nu) +
           (kAlphabet - 1.0) * CompressionG((1.0 - p) / (kAlphabet - 1.0), blocks,
                                            kDictionaryBlocks, nu);
  };
  r.applicable = true;
  double lo = 1.0 / kAlphabet;
  double hi = 1.0;
  if (x >= expected(lo)) {
    r.min_entropy_bits = 1.0;
    return r;
  }
  // expected() falls from its maximum at 2^-6 to 0 at p = 1.
  for (int it = 0; it < 60 && hi - lo > 1e-12; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (expected(mid) > x) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  r.min_entropy_bits = std::min(1.0, BitsFromProbability(0.5 * (lo + hi)) / kBlockBits);
  return r;
}

std::error_code CheckAssessmentSamples(std::span<const std::uint8_t>* samples, int bits_per_sample,
                                       int* distinct) {
  if (bits_per_sample < 1 || bits_per_sample > 8) return EstimatorErrc::kBadBitsPerSample;
  if (samples->size() < kMinEstimatorSamples) return EstimatorErrc::kTooFewSamples;
  const std::size_t limit = static_cast<std::size_t>(INT32_MAX / 16);
  if (samples->size() > limit) *samples = samples->first(limit);
  bool seen[256] = {};
  *distinct = 0;
  for (const std::uint8_t s : *samples) {
    if (s >> bits_per_sample != 0) return EstimatorErrc::kSampleOutOfRange;
    if (!seen[s]) {
      seen[s] = true;
      ++*distinct;
    }
  }
  return {};
}

std::vector<std::uint8_t> ToBitstring(std::span<const std::uint8_t> samples, int bits_per_sample) {
  std::vector<std::uint8_t> bits(samples.size() * static_cast<std::size_t>(bits_per_sample));
  std::size_t o = 0;
  for (const std::uint8_t s : samples) {
    for (int b = bits_per_sample - 1; b >= 0; --b) bits[o++] = static_cast<std::uint8_t>((s >> b) & 1);
  }
  return bits;
}

std::error_code EstimateMinEntropy(std::span<const std::uint8_t> samples, int bits_per_sample,
                                   EstimatorReport* report) {
  int distinct = 0;
  if (const std::error_code ec = CheckAssessmentSamples(&samples, bits_per_sample, &distinct)) {
    return ec;
  }
  EstimatorReport r;
  r.bits_per_sample = bits_per_sample;
  r.samples = samples.size();
  r.binary = distinct == 2;
  r.below_standard_size = samples.size() < kStandardEstimatorSamples;
  if (distinct <= 1) {
    r.h_original_bits = 0.0;
    r.h_bitstring_bits = 0.0;
    r.min_entropy_bits = 0.0;
    *report = std::move(r);
    return {};
  }
  if (r.binary) {
    // Relabel the two values 0/1 (90B treats any two-valued data as binary).
    const std::uint8_t low = *std::min_element(samples.begin(), samples.end());
    std::vector<std::uint8_t> bits(samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) bits[i] = samples[i] == low ? 0 : 1;
    r.original = RunAll(bits, true, 2);
    r.h_original_bits = MinOver(r.original, bits_per_sample);
    r.min_entropy_bits = r.h_original_bits;
  } else {
    const std::vector<std::uint8_t> bits = ToBitstring(samples, bits_per_sample);
    // A repeat of L samples is a repeat of L * bits_per_sample bits: from 64 on, the
    // bitstring's one-window path (64 bits a key) cannot succeed, so it is skipped.
    std::int64_t longest = 0;
    r.original = RunAll(samples, false, distinct, true, &longest);
    r.bitstring = RunAll(bits, true, 2, longest * bits_per_sample < 64);
    r.h_original_bits = MinOver(r.original, bits_per_sample);
    r.h_bitstring_bits = MinOver(r.bitstring, 1.0);
    r.min_entropy_bits = std::min({static_cast<double>(bits_per_sample), r.h_original_bits,
                                   bits_per_sample * r.h_bitstring_bits});
  }
  *report = std::move(r);
  return {};
}

}  // namespace churn::stats
