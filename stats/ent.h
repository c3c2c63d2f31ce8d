// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The statistics of John Walker's `ent`, computed over a stream in constant
// memory, with the same numbers Debian's ent prints, plus a p-value for each.

#ifndef CHURN_STATS_ENT_H_
#define CHURN_STATS_ENT_H_

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

namespace churn::stats {

// kBytes: samples are bytes (ent's default). kBits: samples are the bits of
// each byte, most significant first (ent -b); Monte Carlo still uses bytes.
enum class EntMode { kBytes, kBits };

// A p-value that cannot be computed from the data seen (no byte, no 6-byte
// Monte Carlo group, fewer than two samples): NaN, reported as such (JSON null,
// "n/a" in text) and left out of the verdict, never as p = 1.
inline constexpr double kNotComputed = std::numeric_limits<double>::quiet_NaN();

// One snapshot of the statistics. Fields that need data ent does not have
// (e.g. pi before the first 6-byte group) are NaN, as ent prints them.
struct EntReport {
  EntMode mode = EntMode::kBytes;
  std::uint64_t samples = 0;  // bytes, or bits in kBits mode
  double entropy_bits_per_sample = 0.0;
  double chi_square = 0.0;
  int chi_square_df = 255;
  // ent's own tail approximation, the figure behind its "percent" line.
  double chi_square_ent_tail = 0.0;
  // Exact tails: upper P(X >= chi2) and two-sided 2 min(lower, upper).
  double chi_square_upper_p = kNotComputed;
  double chi_square_two_sided_p = kNotComputed;
  // G-test: 2 N ln 2 (max - entropy) is chi-square(df); one-sided (too low).
  double entropy_p = kNotComputed;
  double mean = 0.0;
  double mean_p = kNotComputed;  // two-sided, normal approximation
  std::uint64_t monte_carlo_points = 0;
  std::uint64_t monte_carlo_inside = 0;
  double monte_carlo_pi = 0.0;
  double monte_carlo_error_percent = 0.0;
  double monte_carlo_p = kNotComputed;  // two-sided, binomial(points, pi/4) as normal
  bool serial_correlation_defined = false;
  double serial_correlation = 0.0;
  double serial_correlation_p = kNotComputed;  // two-sided, N(-1/(N-1), 1/N)
};

// Streaming accumulator. Feed any number of spans of any length; Report() may
// be called at any time (progressive reports) and does not disturb the state.
// Memory is constant (about 10 KiB). Not thread-safe; one instance per stream.
class EntStats {
 public:
  explicit EntStats(EntMode mode = EntMode::kBytes);

  void Update(std::span<const std::uint8_t> bytes);
  [[nodiscard]] EntReport Report() const;
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
  [[nodiscard]] EntMode mode() const { return mode_; }

 private:
  void UpdateBytes(std::span<const std::uint8_t> bytes);
  void UpdateBits(std::span<const std::uint8_t> bytes);
  void UpdateMonteCarlo(std::span<const std::uint8_t> bytes);

  EntMode mode_;
  std::uint64_t bytes_ = 0;
  std::array<std::uint64_t, 256> counts_{};  // byte histogram (kBytes)
  std::uint64_t ones_ = 0;                   // set bits (kBits)
  std::uint64_t adjacent_products_ = 0;      // sum of x[i] * x[i+1]
  std::uint32_t first_sample_ = 0;
  std::uint32_t last_sample_ = 0;
  std::array<std::uint8_t, 6> monte_pending_{};
  std::uint32_t monte_pending_bytes_ = 0;
  std::uint64_t monte_points_ = 0;
  std::uint64_t monte_inside_ = 0;
};

// ent's report text, byte for byte as Debian's ent 1.2 prints it (stdout).
[[nodiscard]] std::string FormatEntClassic(const EntReport& report);
// ent -t: the two CSV lines.
[[nodiscard]] std::string FormatEntTerse(const EntReport& report);

}  // namespace churn::stats

#endif  // CHURN_STATS_ENT_H_
