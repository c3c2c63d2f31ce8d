// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// Unit tests of the harvest library: fakes, replayed timers, temp files and known answers.
// Deterministic; no real entropy device is read.
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harvest/conditioner.h"
#include "harvest/cpu_features.h"
#include "harvest/drbg.h"
#include "harvest/errors.h"
#include "harvest/havege_source.h"
#include "harvest/hwrng_source.h"
#include "harvest/min_entropy.h"
#include "harvest/rdrand_source.h"
#include "harvest/source_registry.h"
#include "stats/health_tests.h"
#include "tests/support/fake_entropy_source.h"
#include "tests/support/test_util.h"

namespace churn::harvest {
namespace {

using testing::FakeEntropySource;
using testing::ReplayCycleCounter;

std::vector<std::uint8_t> FromHex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

SourceSpec FakeSpec(FakeEntropySource::Script script, double claim, std::size_t sample_bytes = 1) {
  SourceSpec spec;
  spec.source = std::make_unique<FakeEntropySource>("fake", sample_bytes, std::move(script));
  spec.claim_bits_per_sample = claim;
  spec.health_bits_per_sample = claim > 0 ? claim : 0.05;
  return spec;
}

HarvesterConfig QuietConfig(std::vector<std::string>* log = nullptr) {
  HarvesterConfig config;
  config.log = [log](const std::string& line) {
    if (log) log->push_back(line);
  };
  return config;
}

// ---- errors ----

TEST(HarvestErrcTest, IsAnErrorCodeEnumWithMessages) {
  const std::error_code ec = HarvestErrc::kNoUsableSource;
  EXPECT_EQ(ec.category().name(), std::string("churn.harvest"));
  EXPECT_EQ(ec.value(), 1);
  EXPECT_EQ(ec.message(), "no usable entropy source");
  EXPECT_TRUE(ec == HarvestErrc::kNoUsableSource);
  EXPECT_FALSE(ec == HarvestErrc::kSelfTestFailed);
}

// ---- cycle counter and HAVEGE ----

TEST(HavegeSourceTest, RawSampleIsLowByteOfCounterDelta) {
  ReplayCycleCounter counter = ReplayCycleCounter::FromDeltas({300, 7, 1000, 45});
  HavegeSourceT<FunctionCounter> source(CacheSizes{32768, 32768}, FunctionCounter(counter));
  std::array<std::uint8_t, 8> out{};
  std::size_t n = 0;
  ASSERT_FALSE(source.Read(out, &n));
  ASSERT_EQ(n, out.size());
  // The constructor read the counter once (seed), Read() once before the walk; then deltas
  // repeat 300, 7, 1000, 45 from wherever the replay stands.
  const std::uint64_t start = counter.reads() - out.size() - 1;
  const std::array<std::uint64_t, 4> deltas = {300, 7, 1000, 45};
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i], static_cast<std::uint8_t>(deltas[(start + 1 + i) % 4])) << i;
  }
}

TEST(HavegeSourceTest, TablesFollowCacheSizes) {
  HavegeSourceT<FunctionCounter> small(CacheSizes{16384, 8192},
                                       FunctionCounter(ReplayCycleCounter::FromDeltas({1})));
  EXPECT_EQ(small.table_words(), 2u * 16384 / 4);
  EXPECT_EQ(small.code_paths(), 64);
  HavegeSourceT<FunctionCounter> large(CacheSizes{49152, 65536},
                                       FunctionCounter(ReplayCycleCounter::FromDeltas({1})));
  EXPECT_EQ(large.table_words(), 16384u);  // 2 * 48 KiB / 4, rounded down to a power of two
  EXPECT_EQ(large.code_paths(), kHavegeMaxCodePaths);
}

TEST(HavegeSourceTest, StuckTimerFailsRepetitionCountAtCutoff) {
  HavegeSourceT<FunctionCounter> source(CacheSizes{}, FunctionCounter(ReplayCycleCounter::Stuck(42)));
  std::array<std::uint8_t, 64> out{};
  std::size_t n = 0;
  ASSERT_FALSE(source.Read(out, &n));
  stats::HealthTests health(1.0, false);  // RCT C = 21
  int failed_at = -1;
  for (int i = 0; i < 64 && failed_at < 0; ++i) {
    if (health.Feed(out[static_cast<std::size_t>(i)]) != stats::HealthResult::kPass) failed_at = i;
  }
  EXPECT_EQ(failed_at, 20);  // the 21st identical delta
}

TEST(HavegeSourceTest, BackwardsTimerIsADeviceError) {
  HavegeSourceT<FunctionCounter> source(
      CacheSizes{}, FunctionCounter(ReplayCycleCounter({100, 200, 150, 300}, true)));
  std::array<std::uint8_t, 16> out{};
  std::size_t n = 99;
  EXPECT_EQ(source.Read(out, &n), HarvestErrc::kDeviceError);
  EXPECT_EQ(n, 0u);
}

TEST(HavegeSourceTest, CoarseTimerFallsBelowTheJitterFloor) {
  // A timer that ticks once per 256 cycles of work: deltas are 0 most of the time.
  std::vector<std::uint64_t> deltas(64, 0);
  deltas[10] = 256;
  deltas[40] = 1;
  HavegeSourceT<FunctionCounter> source(CacheSizes{},
                                        FunctionCounter(ReplayCycleCounter::FromDeltas(deltas)));
  std::vector<std::uint8_t> samples(8192);
  std::size_t n = 0;
  ASSERT_FALSE(source.Read(samples, &n));
  const double h = MostCommonValueEstimate(samples);
  EXPECT_LT(h, kHavegeFloorBits);
  EXPECT_EQ(HavegeClaimFromEstimate(h), 0.0);
}

TEST(HavegeClaimTest, CappedByCeilingAndZeroBelowFloor) {
  EXPECT_EQ(HavegeClaimFromEstimate(5.0), kHavegeCeilingBits);
  EXPECT_EQ(HavegeClaimFromEstimate(0.5), 0.5);
  EXPECT_EQ(HavegeClaimFromEstimate(kHavegeFloorBits / 2), 0.0);
}

TEST(MinEntropyTest, MostCommonValueFollowsSp80090bFormula) {
  std::vector<std::uint8_t> samples;
  for (int i = 0; i < 1000; ++i) samples.push_back(static_cast<std::uint8_t>(i % 4 == 0 ? 7 : i));
  // Value 7 occurs 250 times (i % 4 == 0) plus at i = 7 + 256k with i % 4 != 0: 7, 263, 519, 775.
  const double p = 254.0 / 1000.0;
  const double pu = p + 2.576 * std::sqrt(p * (1 - p) / 999.0);
  EXPECT_NEAR(MostCommonValueEstimate(samples), -std::log2(pu), 1e-12);
  EXPECT_EQ(MostCommonValueEstimate(std::vector<std::uint8_t>(100, 3)), 0.0);
}

// ---- RDRAND / RDSEED through the seam ----

TEST(RdrandSourceTest, AllOnesIsRejected) {
  RdrandSource source(X86RandomInstruction::kRdrand, [](std::uint64_t* v) {
    *v = ~std::uint64_t{0};
    return true;
  });
  std::array<std::uint8_t, 64> out{};
  std::size_t n = 99;
  EXPECT_EQ(source.Read(out, &n), HarvestErrc::kDeviceError);
  EXPECT_EQ(n, 0u);
}

TEST(RdrandSourceTest, AllZeroIsRejected) {
  RdrandSource source(X86RandomInstruction::kRdseed, [](std::uint64_t* v) {
    *v = 0;
    return true;
  });
  std::array<std::uint8_t, 8> out{};
  std::size_t n = 0;
  EXPECT_EQ(source.Read(out, &n), HarvestErrc::kDeviceError);
}

TEST(RdrandSourceTest, RepeatedValueIsRejected) {
  int calls = 0;
  RdrandSource source(X86RandomInstruction::kRdrand, [&calls](std::uint64_t* v) {
    *v = calls++ < 3 ? std::uint64_t{0x1234567800000000} + static_cast<std::uint64_t>(calls)
                          : std::uint64_t{0xabcdef};
    return true;
  });
  std::array<std::uint8_t, 64> out{};
  std::size_t n = 0;
  EXPECT_EQ(source.Read(out, &n), HarvestErrc::kDeviceError);  // 0xabcdef twice in a row
}

TEST(RdrandSourceTest, RetriesTenTimesThenGivesUp) {
  int attempts = 0;
  RdrandSource source(X86RandomInstruction::kRdrand, [&attempts](std::uint64_t*) {
    ++attempts;
    return false;
  });
  std::array<std::uint8_t, 8> out{};
  std::size_t n = 0;
  EXPECT_EQ(source.Read(out, &n), HarvestErrc::kRetriesExhausted);
  EXPECT_EQ(attempts, kRdrandRetries);
}

TEST(RdrandSourceTest, RdseedFailuresAreRetriedAndLittleEndian) {
  int calls = 0;
  RdrandSource source(X86RandomInstruction::kRdseed, [&calls](std::uint64_t* v) {
    if (++calls % 4 != 0) return false;  // three failures per success, as RDSEED does here
    *v = std::uint64_t{0x0807060504030201} + static_cast<std::uint64_t>(calls);
    return true;
  });
  std::array<std::uint8_t, 16> out{};
  std::size_t n = 0;
  ASSERT_FALSE(source.Read(out, &n));
  EXPECT_EQ(n, 16u);
  EXPECT_EQ(out[0], 0x01 + 4);
  EXPECT_EQ(out[7], 0x08);
  EXPECT_EQ(source.failed_attempts(), 6u);
}

TEST(RdrandSourceTest, NoStepMeansNotSupported) {
  RdrandSource source(X86RandomInstruction::kRdrand, nullptr);
  std::array<std::uint8_t, 8> out{};
  std::size_t n = 0;
  EXPECT_EQ(source.Read(out, &n), HarvestErrc::kUnsupported);
}

// ---- hwrng through files, FIFOs and a pty ----

using test_util::TempDir;

TEST(HwrngSourceTest, MissingDeviceIsAnOsError) {
  std::unique_ptr<HwrngSource> source;
  EXPECT_EQ(HwrngSource::Open("/nonexistent/hwrng", &source),
            std::error_code(ENOENT, std::system_category()));
}

TEST(HwrngSourceTest, FileShortReadThenEndOfFileIsNoData) {
  TempDir dir;
  std::ofstream(dir.Join("rng")) << std::string(100, 'x');
  std::unique_ptr<HwrngSource> source;
  ASSERT_FALSE(HwrngSource::Open(dir.Join("rng"), &source));
  std::array<std::uint8_t, 4096> out{};
  std::size_t n = 0;
  ASSERT_FALSE(source->Read(out, &n));
  EXPECT_EQ(n, 100u);
  ASSERT_FALSE(source->Read(out, &n));
  EXPECT_EQ(n, 0u);
}

TEST(HwrngSourceTest, EmptyFifoDoesNotBlockAndShortWritesComeThrough) {
  TempDir dir;
  const std::string fifo = dir.Join("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::unique_ptr<HwrngSource> source;
  ASSERT_FALSE(HwrngSource::Open(fifo, &source));  // non-blocking open: no writer needed
  const int writer = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
  ASSERT_GE(writer, 0);
  std::array<std::uint8_t, 4096> out{};
  std::size_t n = 99;
  ASSERT_FALSE(source->Read(out, &n));  // EAGAIN
  EXPECT_EQ(n, 0u);
  ASSERT_EQ(write(writer, "0123456789", 10), 10);
  ASSERT_FALSE(source->Read(out, &n));
  EXPECT_EQ(n, 10u);
  EXPECT_EQ(std::memcmp(out.data(), "0123456789", 10), 0);
  close(writer);
}

TEST(HwrngSourceTest, EioIsReturned) {
  // A pty master whose slave side was opened and closed again reads EIO on Linux.
  const int master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(slave, 0);
  close(slave);
  std::unique_ptr<HwrngSource> source = HwrngSource::FromFd(master);
  std::array<std::uint8_t, 64> out{};
  std::size_t n = 99;
  EXPECT_EQ(source->Read(out, &n), std::error_code(EIO, std::system_category()));
  EXPECT_EQ(n, 0u);
}

// ---- CPU features ----

TEST(CpuFeaturesTest, CpuinfoFlagsAreWholeWords) {
  const std::string text = "processor\t: 0\nflags\t\t: fpu rdrand_x sse2 rdseed\nbugs\t: rdrand\n";
  EXPECT_TRUE(CpuinfoHasFlag(text, "rdseed"));
  EXPECT_TRUE(CpuinfoHasFlag(text, "fpu"));
  EXPECT_FALSE(CpuinfoHasFlag(text, "rdrand"));
  EXPECT_FALSE(DetectCpuFeatures("/nonexistent/cpuinfo").rdrand);
}

TEST(CpuFeaturesTest, SysfsCacheSizes) {
  TempDir dir;
  auto write = [&](int index, const char* level, const char* type, const char* size) {
    const std::string d = dir.Join("cpu0/cache/index" + std::to_string(index));
    std::filesystem::create_directories(d);
    std::ofstream(d + "/level") << level << "\n";
    std::ofstream(d + "/type") << type << "\n";
    std::ofstream(d + "/size") << size << "\n";
  };
  write(0, "1", "Data", "48K");
  write(1, "1", "Instruction", "64K");
  write(2, "2", "Unified", "2048K");
  const CacheSizes sizes = L1CacheSizesFromSysfs(dir.Join(""));
  EXPECT_EQ(sizes.l1d_bytes, 48u * 1024);
  EXPECT_EQ(sizes.l1i_bytes, 64u * 1024);
  const CacheSizes none = L1CacheSizesFromSysfs("/nonexistent");
  EXPECT_EQ(none.l1d_bytes, 0u);
}

// ---- conditioner ----

TEST(ConditionerTest, Sha512KnownAnswers) {
  ASSERT_FALSE(Conditioner::SelfTest());
  std::unique_ptr<Conditioner> c;
  ASSERT_FALSE(Conditioner::Create(&c));
  // FIPS 180 example: one million 'a'.
  const std::vector<std::uint8_t> a(1000000, 'a');
  ASSERT_FALSE(c->Absorb(a));
  std::array<std::uint8_t, 64> digest{};
  ASSERT_FALSE(c->Finish(digest));
  EXPECT_EQ(std::vector<std::uint8_t>(digest.begin(), digest.end()),
            FromHex("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                    "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"));
  // Discard forgets what was absorbed: the next digest is of "abc" alone.
  ASSERT_FALSE(c->Absorb(a));
  ASSERT_FALSE(c->Discard());
  const std::uint8_t abc[] = {'a', 'b', 'c'};
  ASSERT_FALSE(c->Absorb(abc));
  ASSERT_FALSE(c->Finish(digest));
  EXPECT_EQ(digest[0], 0xdd);
  EXPECT_EQ(digest[63], 0x9f);
}

// ---- DRBG against SP 800-90A 10.2.1 written out over AES-256-ECB ----

class ReferenceCtrDrbg {
 public:
  explicit ReferenceCtrDrbg(std::span<const std::uint8_t> seed_material) { Update(seed_material); }
  void Reseed(std::span<const std::uint8_t> entropy) { Update(entropy); }
  void Generate(std::span<std::uint8_t> out) {
    std::array<std::uint8_t, 16> block{};
    for (std::size_t done = 0; done < out.size();) {
      Increment();
      Encrypt(block);
      for (std::size_t i = 0; i < 16 && done < out.size(); ++i) out[done++] = block[i];
    }
    const std::array<std::uint8_t, 48> zeros{};
    Update(zeros);
  }

 private:
  void Increment() {
    for (int i = 15; i >= 0; --i) {
      if (++v_[static_cast<std::size_t>(i)] != 0) break;
    }
  }
  void Encrypt(std::array<std::uint8_t, 16>& out) {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    EVP_EncryptInit_ex(ctx, EVP_aes_256_ecb(), nullptr, key_.data(), nullptr);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    EVP_EncryptUpdate(ctx, out.data(), &len, v_.data(), 16);
    EVP_CIPHER_CTX_free(ctx);
  }
  void Update(std::span<const std::uint8_t> provided) {
    std::array<std::uint8_t, 48> temp{};
    for (std::size_t b = 0; b < 3; ++b) {
      std::array<std::uint8_t, 16> block{};
      Increment();
      Encrypt(block);
      std::memcpy(temp.data() + 16 * b, block.data(), 16);
    }
    for (std::size_t i = 0; i < 48; ++i) temp[i] ^= provided[i];
    std::memcpy(key_.data(), temp.data(), 32);
    std::memcpy(v_.data(), temp.data() + 32, 16);
  }
  std::array<std::uint8_t, 32> key_{};
  std::array<std::uint8_t, 16> v_{};
};

TEST(DrbgTest, MatchesReferenceAcrossRequestsAndReseeds) {
  ASSERT_FALSE(Drbg::SelfTest());
  std::array<std::uint8_t, kDrbgSeedBytes> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i * 37 + 11);
  std::unique_ptr<Drbg> drbg;
  ASSERT_FALSE(Drbg::Create(seed, {}, &drbg));
  ReferenceCtrDrbg reference(seed);
  // 100 bytes, then 70000 (two requests: 65536 + 4464), then reseed and 33 bytes.
  for (const std::size_t size : {std::size_t{100}, std::size_t{70000}}) {
    std::vector<std::uint8_t> got(size), want(size);
    ASSERT_FALSE(drbg->Generate(got));
    for (std::size_t off = 0; off < size; off += kDrbgMaxRequestBytes) {
      reference.Generate(std::span(want).subspan(off, std::min(kDrbgMaxRequestBytes, size - off)));
    }
    EXPECT_EQ(got, want) << size;
  }
  for (auto& b : seed) b = static_cast<std::uint8_t>(b + 1);
  ASSERT_FALSE(drbg->Reseed(seed));
  reference.Reseed(seed);
  std::vector<std::uint8_t> got(33), want(33);
  ASSERT_FALSE(drbg->Generate(got));
  reference.Generate(want);
  EXPECT_EQ(got, want);
}

TEST(DrbgTest, PersonalizationIsXoredIntoTheSeed) {
  std::array<std::uint8_t, kDrbgSeedBytes> seed{};
  seed.fill(0x5c);
  const std::uint8_t pers[] = {1, 2, 3};
  std::unique_ptr<Drbg> drbg;
  ASSERT_FALSE(Drbg::Create(seed, pers, &drbg));
  std::array<std::uint8_t, kDrbgSeedBytes> material = seed;
  for (std::size_t i = 0; i < 3; ++i) material[i] ^= pers[i];
  ReferenceCtrDrbg reference(material);
  std::vector<std::uint8_t> got(64), want(64);
  ASSERT_FALSE(drbg->Generate(got));
  reference.Generate(want);
  EXPECT_EQ(got, want);
}

// ---- the harvester over scripted sources ----

TEST(HarvesterTest, HealthySourceIsCreditedEightBitsPerByte) {
  std::vector<SourceSpec> specs;
  specs.push_back(FakeSpec(FakeEntropySource::Healthy(1), 4.0));
  std::unique_ptr<Harvester> h;
  ASSERT_FALSE(MakeHarvesterFromSources(std::move(specs), QuietConfig(), &h));
  std::vector<std::uint8_t> out(10000);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  EXPECT_EQ(bits, 8u * out.size());
  const SourceStats s = h->Stats().at(0);
  EXPECT_EQ(s.state, SourceState::kHealthy);
  // 2x oversampling: 1024 claimed bits (256 samples at 4 bits) per 64-byte block, plus the
  // 1024 start-up samples that are never used.
  EXPECT_GE(s.raw_bytes, 1024u + out.size() / 64 * 256);
}

TEST(HarvesterTest, CreditNeverExceedsEightBitsPerByteWhateverTheClaim) {
  std::vector<SourceSpec> specs;
  specs.push_back(FakeSpec(FakeEntropySource::Healthy(2), 64.0, 8));
  std::unique_ptr<Harvester> h;
  ASSERT_FALSE(MakeHarvesterFromSources(std::move(specs), QuietConfig(), &h));
  std::vector<std::uint8_t> out(5000);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  // 64 bits claimed per 8-byte sample is 8 bits per raw byte, yet each output byte is
  // credited exactly 8 bits (2x oversampling), never the claim carried through.
  EXPECT_EQ(bits, 8u * out.size());
  EXPECT_EQ(h->Stats().at(0).credited_bits, 8u * out.size());
}

TEST(HarvesterTest, UncreditedSourceContributesWithZeroCredit) {
  std::vector<SourceSpec> specs;
  specs.push_back(FakeSpec(FakeEntropySource::Healthy(3), 0.0));
  std::unique_ptr<Harvester> h;
  ASSERT_FALSE(MakeHarvesterFromSources(std::move(specs), QuietConfig(), &h));
  std::vector<std::uint8_t> out(3000);
  std::uint64_t bits = 1;
  ASSERT_FALSE(h->Harvest(out, &bits));
  EXPECT_EQ(bits, 0u);
}

TEST(HarvesterTest, StuckSourceFailsStartUp) {
  std::vector<SourceSpec> specs;
  specs.push_back(FakeSpec(FakeEntropySource::Stuck(9), 4.0));
  std::unique_ptr<Harvester> h;
  EXPECT_EQ(MakeHarvesterFromSources(std::move(specs), QuietConfig(), &h),
            HarvestErrc::kSelfTestFailed);
}

TEST(HarvesterTest, RepeatingAndBiasedSourcesFailStartUp) {
  for (auto script : {FakeEntropySource::Repeating({1, 2}),
                      FakeEntropySource::Biased(0x77, 3, 5)}) {
    std::vector<SourceSpec> specs;
    specs.push_back(FakeSpec(script, 4.0));
    std::unique_ptr<Harvester> h;
    EXPECT_EQ(MakeHarvesterFromSources(std::move(specs), QuietConfig(), &h),
              HarvestErrc::kSelfTestFailed);
  }
}

TEST(HarvesterTest, BadSourceIsQuarantinedWhileTheOtherGoesOn) {
  std::vector<SourceSpec> specs;
  specs.push_back(FakeSpec(FakeEntropySource::Healthy(4), 4.0));
  specs.push_back(FakeSpec(FakeEntropySource::Stuck(1), 4.0));
  std::vector<std::string> log;
  std::unique_ptr<Harvester> h;
  ASSERT_FALSE(MakeHarvesterFromSources(std::move(specs), QuietConfig(&log), &h));
  std::vector<std::uint8_t> out(5000);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  const auto stats = h->Stats();
  EXPECT_EQ(stats[0].state, SourceState::kHealthy);
  EXPECT_EQ(stats[1].state, SourceState::kQuarantined);
  EXPECT_EQ(stats[1].output_bytes, 0u);
  EXPECT_EQ(stats[1].credited_bits, 0u);
  EXPECT_GE(stats[1].rct_failures, 1u);
  EXPECT_EQ(stats[0].output_bytes, out.size());
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log[0].find("quarantined"), std::string::npos);
}

TEST(HarvesterTest, IntermittentFailureDiscardsAndRecovers) {
  // A stuck run of 30 samples after start-up: one RCT failure (C = 6 at H = 4), then healthy.
  std::vector<SourceSpec> specs;
  specs.push_back(FakeSpec(FakeEntropySource::StuckRun(6, 5000, 30, 0xee), 4.0));
  std::unique_ptr<Harvester> h;
  ASSERT_FALSE(MakeHarvesterFromSources(std::move(specs), QuietConfig(), &h));
  std::vector<std::uint8_t> out(20000);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  const SourceStats s = h->Stats().at(0);
  EXPECT_GE(s.rct_failures, 1u);
  EXPECT_EQ(s.quarantines, 0u);
  EXPECT_EQ(s.state, SourceState::kHealthy);
  EXPECT_EQ(bits, 8u * out.size());
}

TEST(HarvesterTest, RepeatedFailuresQuarantineTheOnlySource) {
  // Stuck runs every 600 samples after start-up: three failures without a passing FIPS block.
  std::vector<SourceSpec> specs;
  specs.push_back(FakeSpec(
      [](std::uint64_t i) {
        return i >= 2000 && i % 600 < 10 ? std::uint64_t{0x55} : (i * 0x9e3779b97f4a7c15ull) >> 56;
      },
      4.0));
  std::unique_ptr<Harvester> h;
  ASSERT_FALSE(MakeHarvesterFromSources(std::move(specs), QuietConfig(), &h));
  std::vector<std::uint8_t> out(100000);
  std::uint64_t bits = 0;
  EXPECT_EQ(h->Harvest(out, &bits), HarvestErrc::kNoUsableSource);
  EXPECT_EQ(bits, 0u);
  const SourceStats s = h->Stats().at(0);
  EXPECT_EQ(s.state, SourceState::kQuarantined);
  EXPECT_EQ(s.quarantines, 1u);
  // During its back-off (1 s) the source is not read again: another call fails at once.
  std::vector<std::uint8_t> more(64);
  EXPECT_EQ(h->Harvest(more, &bits), HarvestErrc::kNoUsableSource);
  EXPECT_EQ(bits, 0u);
  const SourceStats again = h->Stats().at(0);
  EXPECT_EQ(again.raw_bytes, s.raw_bytes);
  EXPECT_EQ(again.quarantines, 1u);
  EXPECT_EQ(again.state, SourceState::kQuarantined);
}

TEST(RegistryTest, UnknownSourceIsRefused) {
  HarvesterConfig config = QuietConfig();
  config.sources = {"dice"};
  std::unique_ptr<Harvester> h;
  EXPECT_EQ(MakeHarvester(config, &h), HarvestErrc::kUnknownSource);
}

TEST(RegistryTest, MissingHwrngAloneIsNoUsableSource) {
  HarvesterConfig config = QuietConfig();
  config.sources = {"hwrng"};
  config.hwrng_path = "/nonexistent/hwrng";
  std::unique_ptr<Harvester> h;
  EXPECT_EQ(MakeHarvester(config, &h), HarvestErrc::kNoUsableSource);
}

}  // namespace
}  // namespace churn::harvest
