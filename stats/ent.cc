// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// ent's statistics (John Walker, Fourmilab; the Debian package 1.2debian)
// computed over a stream. What ent computes, for N samples x[0..N-1]:
//   entropy  sum p_i log2(1/p_i) over the 256 byte values (2 bit values);
//   chi2     sum (count_i - N/k)^2 / (N/k), k = 256 (2), df = k - 1;
//   mean     sum x / N;
//   pi       bytes in groups of 6, the first 3 (big-endian) an x and the last
//            3 a y coordinate in [0, 2^24); pi = 4 * inside / groups where
//            inside means x^2 + y^2 <= (2^24 - 1)^2. Bytes even in bit mode;
//   scc      circular serial correlation: with S1 = sum x[i] x[i+1] (x[N] =
//            x[0]), S2 = sum x, S3 = sum x^2:
//            (N S1 - S2^2) / (N S3 - S2^2), "undefined" when the divisor is 0.
// All sums are exact integers here, converted to double only at the end in
// the same order of operations ent uses, so every printed digit is ent's:
// ent's double accumulators are exact too until 2^53, i.e. for any input
// below about 10^11 bytes. S2 and S3 come from the histogram, so the hot loop
// only builds a histogram (four interleaved tables, to break the store-to-load
// dependency on runs of equal bytes), sums adjacent products (vectorisable,
// 32-bit partial sums over chunks that cannot overflow: 16384 * 255^2 <
// 2^32) and classifies 6-byte groups.
//
// Beyond ent, a p-value for each statistic under the null hypothesis of IID
// uniform samples: chi2 exactly (incomplete gamma), two-sided; entropy by the
// G-test identity G = 2 N ln2 (log2 k - H) ~ chi2(k - 1), one-sided; the mean
// as a normal with variance (k^2 - 1) / 12 / N; pi's inside count as
// binomial(groups, pi/4) in its normal approximation (the exact lattice
// probability differs from pi/4 by < 2^-22, far below the standard error for
// any input under 2^40 bytes); scc as normal with mean -1/(N-1) and variance
// 1/N (its large-sample null distribution). Two-sided p-values are
// erfc(|z|/sqrt 2).

#include "stats/ent.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numbers>

#include "stats/special_functions.h"

namespace churn::stats {
namespace {

// ent's PI constant and log2 (log2(10) * log10(x)), kept for identical digits.
constexpr double kEntPi = 3.14159265358979323846;
constexpr double kLog2Of10 = 3.32192809488736234787;
// Monte Carlo: 6-byte groups, two 24-bit coordinates, radius 2^24 - 1.
constexpr std::uint64_t kMonteRadius = (std::uint64_t{1} << 24) - 1;
constexpr std::uint64_t kMonteRadiusSquared = kMonteRadius * kMonteRadius;
static_assert(2 * kMonteRadiusSquared < (std::uint64_t{1} << 50));
// Adjacent products summed in 32 bits per chunk: 16384 * 255 * 255 < 2^32.
constexpr std::size_t kProductChunk = 16384;
static_assert(kProductChunk * 255 * 255 < (std::uint64_t{1} << 32));

double EntLog2(double x) { return kLog2Of10 * std::log10(x); }

std::uint64_t LoadBigEndian64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) return __builtin_bswap64(v);
  return v;
}

std::uint32_t MonteCoordinate(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | std::uint32_t{p[2]};
}

bool MonteInside(const std::uint8_t* group) {
  const std::uint64_t x = MonteCoordinate(group);
  const std::uint64_t y = MonteCoordinate(group + 3);
  return x * x + y * y <= kMonteRadiusSquared;
}

double TwoSidedFromTails(double lower, double upper) {
  return std::min(1.0, 2.0 * std::min(lower, upper));
}

}  // namespace

EntStats::EntStats(EntMode mode) : mode_(mode) {}

void EntStats::Update(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  if (mode_ == EntMode::kBytes) {
    UpdateBytes(bytes);
  } else {
    UpdateBits(bytes);
  }
  UpdateMonteCarlo(bytes);
  bytes_ += bytes.size();
}

void EntStats::UpdateBytes(std::span<const std::uint8_t> bytes) {
  const std::uint8_t* p = bytes.data();
  const std::size_t n = bytes.size();
  if (bytes_ == 0) {
    first_sample_ = p[0];
  } else {
    adjacent_products_ += std::uint64_t{last_sample_} * p[0];
  }
  last_sample_ = p[n - 1];

  std::uint32_t tables[4][256] = {};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    ++tables[0][p[i]];
    ++tables[1][p[i + 1]];
    ++tables[2][p[i + 2]];
    ++tables[3][p[i + 3]];
    // Flush before a 32-bit table could overflow on a single repeated value.
    if ((i & ((std::size_t{1} << 30) - 4)) == 0 && i != 0) {
      for (int t = 0; t < 4; ++t) {
        for (int v = 0; v < 256; ++v) {
          counts_[static_cast<std::size_t>(v)] += tables[t][v];
          tables[t][v] = 0;
        }
      }
    }
  }
  for (; i < n; ++i) ++tables[0][p[i]];
  for (int t = 0; t < 4; ++t) {
    for (std::size_t v = 0; v < 256; ++v) counts_[v] += tables[t][v];
  }

  for (std::size_t start = 0; start + 1 < n; start += kProductChunk) {
    const std::size_t end = std::min(n - 1, start + kProductChunk);
    std::uint32_t partial = 0;
    for (std::size_t j = start; j < end; ++j) {
      partial += static_cast<std::uint32_t>(p[j]) * static_cast<std::uint32_t>(p[j + 1]);
    }
    adjacent_products_ += partial;
  }
}

void EntStats::UpdateBits(std::span<const std::uint8_t> bytes) {
  const std::uint8_t* p = bytes.data();
  const std::size_t n = bytes.size();
  if (bytes_ == 0) first_sample_ = p[0] >> 7;
  std::uint32_t last = last_sample_;
  std::uint64_t ones = 0;
  std::uint64_t pairs = 0;
  std::size_t i = 0;
  // Bit order is most significant first, so in a big-endian word sample k+1
  // sits one position right of sample k; w & (w >> 1) marks adjacent ones.
  for (; i + 8 <= n; i += 8) {
    const std::uint64_t w = LoadBigEndian64(p + i);
    ones += static_cast<std::uint64_t>(std::popcount(w));
    pairs += static_cast<std::uint64_t>(std::popcount(w & (w >> 1)));
    pairs += last & (w >> 63);
    last = static_cast<std::uint32_t>(w & 1);
  }
  for (; i < n; ++i) {
    const std::uint32_t b = p[i];
    ones += static_cast<std::uint64_t>(std::popcount(b));
    pairs += static_cast<std::uint64_t>(std::popcount(b & (b >> 1)));
    pairs += last & (b >> 7);
    last = b & 1;
  }
  // The cross term with the previous call's last bit is wrong only for the
  // very first byte of the stream, where `last` is 0 anyway.
  ones_ += ones;
  adjacent_products_ += pairs;
  last_sample_ = last;
}

void EntStats::UpdateMonteCarlo(std::span<const std::uint8_t> bytes) {
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  while (monte_pending_bytes_ != 0 && n > 0) {
    monte_pending_[monte_pending_bytes_++] = *p++;
    --n;
    if (monte_pending_bytes_ == 6) {
      monte_pending_bytes_ = 0;
      ++monte_points_;
      monte_inside_ += static_cast<std::uint64_t>(MonteInside(monte_pending_.data()));
    }
  }
  std::uint64_t inside = 0;
  const std::size_t groups = n / 6;
  for (std::size_t g = 0; g < groups; ++g) inside += static_cast<std::uint64_t>(MonteInside(p + 6 * g));
  monte_points_ += groups;
  monte_inside_ += inside;
  for (std::size_t j = groups * 6; j < n; ++j) monte_pending_[monte_pending_bytes_++] = p[j];
}

EntReport EntStats::Report() const {
  EntReport r;
  r.mode = mode_;
  const bool binary = mode_ == EntMode::kBits;
  const int bins = binary ? 2 : 256;
  r.chi_square_df = bins - 1;
  r.samples = binary ? 8 * bytes_ : bytes_;
  std::array<std::uint64_t, 256> counts{};
  if (binary) {
    counts[0] = r.samples - ones_;
    counts[1] = ones_;
  } else {
    counts = counts_;
  }

  // The same sequence of double operations as ent's rt_end().
  const double totalc = static_cast<double>(r.samples);
  double sum_x = 0.0;
  double sum_x2 = 0.0;
  for (int v = 0; v < bins; ++v) {
    const auto c = counts[static_cast<std::size_t>(v)];
    sum_x += static_cast<double>(static_cast<std::uint64_t>(v) * c);
    sum_x2 += static_cast<double>(static_cast<std::uint64_t>(v) * static_cast<std::uint64_t>(v) * c);
  }
  const double scct1 =
      static_cast<double>(adjacent_products_ + std::uint64_t{last_sample_} * first_sample_);
  const double scct2 = sum_x * sum_x;
  double scc = totalc * sum_x2 - scct2;
  if (scc == 0.0) {
    r.serial_correlation_defined = false;
    r.serial_correlation = -100000;
  } else {
    r.serial_correlation_defined = true;
    r.serial_correlation = (totalc * scct1 - scct2) / scc;
  }

  const double cexp = totalc / (binary ? 2.0 : 256.0);
  double chisq = 0.0;
  double datasum = 0.0;
  std::array<double, 256> prob{};
  for (int v = 0; v < bins; ++v) {
    const auto c = static_cast<double>(counts[static_cast<std::size_t>(v)]);
    const double a = c - cexp;
    prob[static_cast<std::size_t>(v)] = c / totalc;
    chisq += (a * a) / cexp;
    datasum += static_cast<double>(v) * c;
  }
  double entropy = 0.0;
  for (int v = 0; v < bins; ++v) {
    const double pv = prob[static_cast<std::size_t>(v)];
    if (pv > 0.0) entropy += pv * EntLog2(1 / pv);
  }
  r.entropy_bits_per_sample = entropy;
  r.chi_square = chisq;
  // ent prints "nan" (positive) for the empty input's percentage.
  r.chi_square_ent_tail = r.samples == 0 ? std::numeric_limits<double>::quiet_NaN()
                                         : EntChiSquareTail(chisq, r.chi_square_df);
  r.mean = datasum / totalc;
  r.monte_carlo_points = monte_points_;
  r.monte_carlo_inside = monte_inside_;
  // 0/0 stays NaN at run time exactly as in ent when there is no group yet.
  r.monte_carlo_pi =
      4.0 * (static_cast<double>(monte_inside_) / static_cast<double>(monte_points_));
  r.monte_carlo_error_percent = 100.0 * (std::fabs(kEntPi - r.monte_carlo_pi) / kEntPi);

  if (r.samples == 0) return r;
  const double df = r.chi_square_df;
  const double upper = ChiSquareUpperTail(chisq, df);
  const double lower = GammaP(0.5 * df, 0.5 * chisq);
  r.chi_square_upper_p = upper;
  r.chi_square_two_sided_p = TwoSidedFromTails(lower, upper);
  const double g = std::max(0.0, 2.0 * totalc * std::numbers::ln2 *
                                     ((binary ? 1.0 : 8.0) - entropy));
  r.entropy_p = ChiSquareUpperTail(g, df);
  const double variance = binary ? 0.25 : (256.0 * 256.0 - 1.0) / 12.0;
  r.mean_p = NormalTwoSided((r.mean - (binary ? 0.5 : 127.5)) / std::sqrt(variance / totalc));
  if (monte_points_ > 0) {
    const double m = static_cast<double>(monte_points_);
    const double p0 = std::numbers::pi / 4.0;
    r.monte_carlo_p = NormalTwoSided((static_cast<double>(monte_inside_) - m * p0) /
                                     std::sqrt(m * p0 * (1.0 - p0)));
  }
  if (r.serial_correlation_defined && r.samples > 1) {
    r.serial_correlation_p =
        NormalTwoSided((r.serial_correlation + 1.0 / (totalc - 1.0)) * std::sqrt(totalc));
  } else if (!r.serial_correlation_defined && r.samples > 1) {
    // Every sample equal: as far from independent uniform as data can be.
    r.serial_correlation_p = 0.0;
  }
  return r;
}

std::string FormatEntClassic(const EntReport& r) {
  const bool binary = r.mode == EntMode::kBits;
  const char* samp = binary ? "bit" : "byte";
  const long long total = static_cast<long long>(r.samples);
  std::string out;
  char line[256];
  auto add = [&](int len) {
    if (len > 0) out.append(line, std::min(static_cast<std::size_t>(len), sizeof line - 1));
  };
  add(std::snprintf(line, sizeof line, "Entropy = %f bits per %s.\n", r.entropy_bits_per_sample,
                    samp));
  add(std::snprintf(line, sizeof line, "\nOptimum compression would reduce the size\n"));
  const double max_bits = binary ? 1.0 : 8.0;
  add(std::snprintf(
      line, sizeof line, "of this %lld %s file by %d percent.\n\n", total, samp,
      static_cast<int>(static_cast<short>(100 * (max_bits - r.entropy_bits_per_sample) /
                                          max_bits))));
  add(std::snprintf(line, sizeof line,
                    "Chi square distribution for %lld samples is %1.2f, and randomly\n", total,
                    r.chi_square));
  const double chip = r.chi_square_ent_tail;
  if (chip < 0.0001) {
    add(std::snprintf(line, sizeof line,
                      "would exceed this value less than 0.01 percent of the times.\n\n"));
  } else if (chip > 0.9999) {
    add(std::snprintf(line, sizeof line,
                      "would exceed this value more than than 99.99 percent of the times.\n\n"));
  } else {
    add(std::snprintf(line, sizeof line, "would exceed this value %1.2f percent of the times.\n\n",
                      chip * 100));
  }
  add(std::snprintf(line, sizeof line, "Arithmetic mean value of data %ss is %1.4f (%.1f = random).\n",
                    samp, r.mean, binary ? 0.5 : 127.5));
  add(std::snprintf(line, sizeof line, "Monte Carlo value for Pi is %1.9f (error %1.2f percent).\n",
                    r.monte_carlo_pi, r.monte_carlo_error_percent));
  if (r.serial_correlation >= -99999) {
    add(std::snprintf(line, sizeof line,
                      "Serial correlation coefficient is %1.6f (totally uncorrelated = 0.0).\n",
                      r.serial_correlation));
  } else {
    add(std::snprintf(line, sizeof line,
                      "Serial correlation coefficient is undefined (all values equal!).\n"));
  }
  return out;
}

std::string FormatEntTerse(const EntReport& r) {
  const bool binary = r.mode == EntMode::kBits;
  char line[256];
  std::string out;
  int len = std::snprintf(line, sizeof line,
                          "0,File-%ss,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation\n",
                          binary ? "bit" : "byte");
  if (len > 0) out.append(line, static_cast<std::size_t>(len));
  len = std::snprintf(line, sizeof line, "1,%lld,%f,%f,%f,%f,%f\n",
                      static_cast<long long>(r.samples), r.entropy_bits_per_sample, r.chi_square,
                      r.mean, r.monte_carlo_pi, r.serial_correlation);
  if (len > 0) out.append(line, static_cast<std::size_t>(len));
  return out;
}

}  // namespace churn::stats
