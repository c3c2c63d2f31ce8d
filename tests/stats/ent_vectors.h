// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Known answers for churn's ent statistics: the text Debian's ent 1.2debian-3 printed
// (`ent FILE`, `ent -t`, `ent -b`, `ent -b -t`) for the inputs EntVectorInput() makes. They
// are ent's output carried over as it printed it (typo "more than than" included), not
// churn's: a change to churn's figures or wording fails against them. To add one, write the
// input to a file and run Debian's ent on it (contrib/setup.sh peers unpacks it into
// build/peers/root/usr/bin/ent).
#ifndef CHURN_TESTS_STATS_ENT_VECTORS_H_
#define CHURN_TESTS_STATS_ENT_VECTORS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stats/ent.h"

namespace churn::stats {

// The inputs, by name: "ramp" (0, 1, ..., 255, 0, ... for 65,539 bytes), "lcg" (100,000
// bytes, bits 16-23 of the C standard's example LCG from seed 20261129), "text" (a pangram
// line 500 times), "skewed" (30,001 bytes, the AND of two LCG bytes), "short7" (7 LCG bytes:
// one Monte Carlo point short).
inline std::vector<std::uint8_t> EntVectorInput(std::string_view name) {
  std::vector<std::uint8_t> out;
  std::uint32_t x = 20261129;
  auto next = [&x]() {
    x = x * 1103515245u + 12345u;
    return static_cast<std::uint8_t>((x >> 16) & 0xffu);
  };
  if (name == "ramp") {
    for (std::uint32_t i = 0; i < 65539; ++i) out.push_back(static_cast<std::uint8_t>(i & 0xffu));
  } else if (name == "lcg") {
    for (int i = 0; i < 100000; ++i) out.push_back(next());
  } else if (name == "text") {
    const std::string line = "The quick brown fox jumps over the lazy dog.\n";
    for (int i = 0; i < 500; ++i) out.insert(out.end(), line.begin(), line.end());
  } else if (name == "skewed") {
    for (int i = 0; i < 30001; ++i) out.push_back(static_cast<std::uint8_t>(next() & next()));
  } else if (name == "short7") {
    for (int i = 0; i < 7; ++i) out.push_back(next());
  }
  return out;
}

struct EntVector {
  const char* input;  // EntVectorInput's name
  EntMode mode;       // kBits: ent -b
  bool terse;         // ent -t
  const char* text;   // what ent printed on stdout
};

// clang-format off
inline constexpr EntVector kEntVectors[] = {
    {"ramp", EntMode::kBytes, false,
     R"ent(Entropy = 8.000000 bits per byte.

Optimum compression would reduce the size
of this 65539 byte file by 0 percent.

Chi square distribution for 65539 samples is 0.01, and randomly
would exceed this value more than than 99.99 percent of the times.

Arithmetic mean value of data bytes is 127.4942 (127.5 = random).
Monte Carlo value for Pi is 2.843541152 (error 9.49 percent).
Serial correlation coefficient is 0.976657 (totally uncorrelated = 0.0).
)ent"},
    {"ramp", EntMode::kBytes, true,
     R"ent(0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,65539,8.000000,0.011581,127.494210,2.843541,0.976657
)ent"},
    {"ramp", EntMode::kBits, false,
     R"ent(Entropy = 1.000000 bits per bit.

Optimum compression would reduce the size
of this 524312 bit file by 0 percent.

Chi square distribution for 524312 samples is 0.00, and randomly
would exceed this value 97.80 percent of the times.

Arithmetic mean value of data bits is 0.5000 (0.5 = random).
Monte Carlo value for Pi is 2.843541152 (error 9.49 percent).
Serial correlation coefficient is 0.000031 (totally uncorrelated = 0.0).
)ent"},
    {"ramp", EntMode::kBits, true,
     R"ent(0,File-bits,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,524312,1.000000,0.000763,0.499981,2.843541,0.000031
)ent"},
    {"lcg", EntMode::kBytes, false,
     R"ent(Entropy = 7.998501 bits per byte.

Optimum compression would reduce the size
of this 100000 byte file by 0 percent.

Chi square distribution for 100000 samples is 208.33, and randomly
would exceed this value 98.53 percent of the times.

Arithmetic mean value of data bytes is 127.3193 (127.5 = random).
Monte Carlo value for Pi is 3.172206888 (error 0.97 percent).
Serial correlation coefficient is 0.001202 (totally uncorrelated = 0.0).
)ent"},
    {"lcg", EntMode::kBytes, true,
     R"ent(0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,100000,7.998501,208.327680,127.319290,3.172207,0.001202
)ent"},
    {"lcg", EntMode::kBits, false,
     R"ent(Entropy = 1.000000 bits per bit.

Optimum compression would reduce the size
of this 800000 bit file by 0 percent.

Chi square distribution for 800000 samples is 0.48, and randomly
would exceed this value 48.82 percent of the times.

Arithmetic mean value of data bits is 0.4996 (0.5 = random).
Monte Carlo value for Pi is 3.172206888 (error 0.97 percent).
Serial correlation coefficient is -0.002116 (totally uncorrelated = 0.0).
)ent"},
    {"lcg", EntMode::kBits, true,
     R"ent(0,File-bits,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,800000,1.000000,0.480500,0.499613,3.172207,-0.002116
)ent"},
    {"text", EntMode::kBytes, false,
     R"ent(Entropy = 4.541744 bits per byte.

Optimum compression would reduce the size
of this 22500 byte file by 43 percent.

Chi square distribution for 22500 samples is 333055.56, and randomly
would exceed this value less than 0.01 percent of the times.

Arithmetic mean value of data bytes is 91.4000 (127.5 = random).
Monte Carlo value for Pi is 4.000000000 (error 27.32 percent).
Serial correlation coefficient is -0.094076 (totally uncorrelated = 0.0).
)ent"},
    {"text", EntMode::kBytes, true,
     R"ent(0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,22500,4.541744,333055.555556,91.400000,4.000000,-0.094076
)ent"},
    {"text", EntMode::kBits, false,
     R"ent(Entropy = 0.996234 bits per bit.

Optimum compression would reduce the size
of this 180000 bit file by 0 percent.

Chi square distribution for 180000 samples is 938.89, and randomly
would exceed this value less than 0.01 percent of the times.

Arithmetic mean value of data bits is 0.4639 (0.5 = random).
Monte Carlo value for Pi is 4.000000000 (error 27.32 percent).
Serial correlation coefficient is -0.005243 (totally uncorrelated = 0.0).
)ent"},
    {"text", EntMode::kBits, true,
     R"ent(0,File-bits,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,180000,0.996234,938.888889,0.463889,4.000000,-0.005243
)ent"},
    {"skewed", EntMode::kBytes, false,
     R"ent(Entropy = 6.483551 bits per byte.

Optimum compression would reduce the size
of this 30001 byte file by 18 percent.

Chi square distribution for 30001 samples is 148763.94, and randomly
would exceed this value less than 0.01 percent of the times.

Arithmetic mean value of data bytes is 63.9890 (127.5 = random).
Monte Carlo value for Pi is 3.950400000 (error 25.75 percent).
Serial correlation coefficient is -0.000589 (totally uncorrelated = 0.0).
)ent"},
    {"skewed", EntMode::kBytes, true,
     R"ent(0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,30001,6.483551,148763.942502,63.989000,3.950400,-0.000589
)ent"},
    {"skewed", EntMode::kBits, false,
     R"ent(Entropy = 0.811252 bits per bit.

Optimum compression would reduce the size
of this 240008 bit file by 18 percent.

Chi square distribution for 240008 samples is 60010.00, and randomly
would exceed this value less than 0.01 percent of the times.

Arithmetic mean value of data bits is 0.2500 (0.5 = random).
Monte Carlo value for Pi is 3.950400000 (error 25.75 percent).
Serial correlation coefficient is -0.000767 (totally uncorrelated = 0.0).
)ent"},
    {"skewed", EntMode::kBits, true,
     R"ent(0,File-bits,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,240008,0.811252,60010.000267,0.249983,3.950400,-0.000767
)ent"},
    {"short7", EntMode::kBytes, false,
     R"ent(Entropy = 2.807355 bits per byte.

Optimum compression would reduce the size
of this 7 byte file by 64 percent.

Chi square distribution for 7 samples is 249.00, and randomly
would exceed this value 59.41 percent of the times.

Arithmetic mean value of data bytes is 98.1429 (127.5 = random).
Monte Carlo value for Pi is 4.000000000 (error 27.32 percent).
Serial correlation coefficient is 0.196357 (totally uncorrelated = 0.0).
)ent"},
    {"short7", EntMode::kBytes, true,
     R"ent(0,File-bytes,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,7,2.807355,249.000000,98.142857,4.000000,0.196357
)ent"},
    {"short7", EntMode::kBits, false,
     R"ent(Entropy = 0.966619 bits per bit.

Optimum compression would reduce the size
of this 56 bit file by 3 percent.

Chi square distribution for 56 samples is 2.57, and randomly
would exceed this value 10.88 percent of the times.

Arithmetic mean value of data bits is 0.3929 (0.5 = random).
Monte Carlo value for Pi is 4.000000000 (error 27.32 percent).
Serial correlation coefficient is 0.026738 (totally uncorrelated = 0.0).
)ent"},
    {"short7", EntMode::kBits, true,
     R"ent(0,File-bits,Entropy,Chi-square,Mean,Monte-Carlo-Pi,Serial-Correlation
1,56,0.966619,2.571429,0.392857,4.000000,0.026738
)ent"},
};
// clang-format on

}  // namespace churn::stats

#endif  // CHURN_TESTS_STATS_ENT_VECTORS_H_
