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

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <thread>
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
#include "harvest/stream.h"
#include "harvest/timer_noise.h"
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

TEST(HwrngSourceTest, FileShortReadThenEndOfFileIsEndOfData) {
  TempDir dir;
  std::ofstream(dir.Join("rng")) << std::string(100, 'x');
  std::unique_ptr<HwrngSource> source;
  ASSERT_FALSE(HwrngSource::Open(dir.Join("rng"), &source));
  std::array<std::uint8_t, 4096> out{};
  std::size_t n = 0;
  ASSERT_FALSE(source->Read(out, &n));
  EXPECT_EQ(n, 100u);
  EXPECT_EQ(source->Read(out, &n), HarvestErrc::kEndOfData);
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

// ---- the harvester over scripted sources, driven step by step on an injected clock ----

// A clock the test moves by hand; copies share the time.
class FakeClock {
 public:
  NowFunction Now() const {
    auto ns = ns_;
    return [ns] { return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ns->load())); };
  }
  void Advance(std::chrono::nanoseconds d) { ns_->fetch_add(d.count()); }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> ns_ =
      std::make_shared<std::atomic<std::int64_t>>(std::int64_t{1000} * 1000000000);
};

HarvesterConfig Manual(const FakeClock& clock, std::vector<std::string>* log = nullptr) {
  HarvesterConfig config = QuietConfig(log);
  config.background = false;
  config.now = clock.Now();
  return config;
}

// A fake source kept reachable after it is handed over (the harvester owns it).
struct Fake {
  FakeEntropySource* source;
  SourceSpec spec;
};
Fake MakeFake(const std::string& name, FakeEntropySource::Script script, double claim,
              std::size_t sample_bytes = 1) {
  Fake f;
  auto source = std::make_unique<FakeEntropySource>(name, sample_bytes, std::move(script));
  f.source = source.get();
  f.spec.name = name;
  f.spec.source = std::move(source);
  f.spec.claim_bits_per_sample = claim;
  f.spec.health_bits_per_sample = claim > 0 ? claim : 0.05;
  return f;
}

std::unique_ptr<Harvester> Build(std::vector<SourceSpec> specs, const HarvesterConfig& config) {
  std::unique_ptr<Harvester> h;
  EXPECT_FALSE(MakeHarvesterFromSources(std::move(specs), config, &h));
  return h;
}

std::vector<SourceSpec> Specs(Fake a) {
  std::vector<SourceSpec> v;
  v.push_back(std::move(a.spec));
  return v;
}
std::vector<SourceSpec> Specs(Fake a, Fake b) {
  std::vector<SourceSpec> v = Specs(std::move(a));
  v.push_back(std::move(b.spec));
  return v;
}

void StepN(Harvester& h, int n) {
  for (int i = 0; i < n; ++i) h.Step();
}

bool Contains(const std::vector<std::string>& log, const std::string& text) {
  return std::any_of(log.begin(), log.end(),
                     [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

TEST(HarvesterTest, HealthySourceIsCreditedEightBitsPerConditionedByte) {
  FakeClock clock;
  auto h = Build(Specs(MakeFake("fake", FakeEntropySource::Healthy(1), 4.0)), Manual(clock));
  h->Step();
  EXPECT_TRUE(h->WaitForStartup(std::chrono::milliseconds(0)));
  std::vector<std::uint8_t> out(700);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  EXPECT_EQ(bits, 8u * out.size());
  const SourceStats s = h->Stats().at(0);
  EXPECT_EQ(s.state, SourceState::kHealthy);
  EXPECT_EQ(s.output_bytes, 700u);
  EXPECT_EQ(s.credited_bits, 5600u);
  // One 4096-byte read: 1024 start-up samples, then 3072 at 4 bits = 12 blocks of 64 bytes.
  EXPECT_EQ(s.raw_bytes, 4096u);
  EXPECT_EQ(s.conditioned_bytes, 12u * 64);
  EXPECT_EQ(s.buffered_bytes, 12u * 64 - 700);
}

TEST(HarvesterTest, HarvestNeverBlocksAndTakesNothingWhenTooLittleIsReady) {
  FakeClock clock;
  auto h = Build(Specs(MakeFake("fake", FakeEntropySource::Healthy(1), 4.0)), Manual(clock));
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 7;
  EXPECT_EQ(h->Harvest(out, &bits), HarvestErrc::kNotReady);  // nothing collected yet
  EXPECT_EQ(bits, 0u);
  h->Step();
  std::vector<std::uint8_t> too_much(12 * 64 + 1);
  EXPECT_EQ(h->Harvest(too_much, &bits), HarvestErrc::kNotReady);
  EXPECT_EQ(h->Stats()[0].buffered_bytes, 12u * 64);  // nothing was taken
}

TEST(HarvesterTest, UncreditedSourceContributesWithZeroCredit) {
  FakeClock clock;
  auto h = Build(Specs(MakeFake("fake", FakeEntropySource::Healthy(3), 0.0)), Manual(clock));
  StepN(*h, 3);
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 1;
  ASSERT_FALSE(h->Harvest(out, &bits));
  EXPECT_EQ(bits, 0u);
  EXPECT_EQ(h->Stats()[0].credited_bits, 0u);
}

TEST(HarvesterTest, CollectionPausesWhenTheReadyBufferIsFull) {
  FakeClock clock;
  Fake f = MakeFake("fake", FakeEntropySource::Healthy(5), 8.0);
  FakeEntropySource* source = f.source;
  auto h = Build(Specs(std::move(f)), Manual(clock));
  StepN(*h, 50);
  const std::uint64_t read = source->samples_read();
  StepN(*h, 50);
  EXPECT_EQ(source->samples_read(), read);  // full: not read at all
  EXPECT_GE(h->Stats()[0].buffered_bytes, 4096u);
  std::vector<std::uint8_t> out(2048);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  h->Step();
  EXPECT_GT(source->samples_read(), read);  // room again: collection resumes
}

TEST(HarvesterTest, FastAndSlowSourcesEachContributeWithExactCredit) {
  FakeClock clock;
  // fast: uncredited, 4096 samples per read; slow: 64 samples per read, 8 bits each.
  Fake fast = MakeFake("fast", FakeEntropySource::Healthy(6), 0.0);
  Fake slow = MakeFake("slow", FakeEntropySource::Healthy(7), 8.0);
  slow.source->set_samples_per_read(64);
  auto h = Build(Specs(std::move(fast), std::move(slow)), Manual(clock));
  StepN(*h, 16 + 4);  // slow: 16 reads of start-up, then 4 reads = 2 blocks of 128 samples
  auto stats = h->Stats();
  ASSERT_EQ(stats[1].buffered_bytes, 128u);
  ASSERT_GE(stats[0].buffered_bytes, 64u);
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  stats = h->Stats();
  EXPECT_EQ(stats[0].output_bytes, 32u);  // equal shares
  EXPECT_EQ(stats[1].output_bytes, 32u);
  EXPECT_EQ(stats[0].credited_bits, 0u);
  EXPECT_EQ(stats[1].credited_bits, 256u);
  EXPECT_EQ(bits, 256u);
  // The slow source has 96 bytes left: a 256-byte feed takes all of them and 160 from fast.
  std::vector<std::uint8_t> big(256);
  ASSERT_FALSE(h->Harvest(big, &bits));
  stats = h->Stats();
  EXPECT_EQ(stats[1].output_bytes, 128u);
  EXPECT_EQ(stats[0].output_bytes, 192u);
  EXPECT_EQ(bits, 96u * 8);
  EXPECT_EQ(stats[1].buffered_bytes, 0u);
}

TEST(HarvesterTest, AOneSamplePerReadSourceNeitherDelaysNorBlocksTheOthers) {
  FakeClock clock;
  Fake fast = MakeFake("fast", FakeEntropySource::Healthy(8), 4.0);
  Fake trickle = MakeFake("trickle", FakeEntropySource::Healthy(9), 2.0);
  trickle.source->set_samples_per_read(1);
  auto h = Build(Specs(std::move(fast), std::move(trickle)), Manual(clock));
  h->Step();
  clock.Advance(std::chrono::seconds(1));
  h->Step();
  EXPECT_FALSE(h->WaitForStartup(std::chrono::milliseconds(0)));  // trickle is still starting
  EXPECT_FALSE(h->StartupVerdict());
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 0;
  ASSERT_FALSE(h->Harvest(out, &bits));
  const auto stats = h->Stats();
  EXPECT_EQ(stats[1].state, SourceState::kStarting);
  EXPECT_EQ(stats[1].raw_bytes, 2u);
  EXPECT_EQ(stats[0].output_bytes, 64u);
  EXPECT_EQ(bits, 512u);
}

TEST(HarvesterTest, ASilentSourceStallsIsReportedOnceAndResumes) {
  FakeClock clock;
  std::vector<std::string> log;
  Fake f = MakeFake("silent", FakeEntropySource::Healthy(10), 4.0);
  FakeEntropySource* source = f.source;
  source->set_samples_per_read(0);
  auto h = Build(Specs(std::move(f)), Manual(clock, &log));
  h->Step();
  clock.Advance(std::chrono::milliseconds(4999));
  h->Step();
  EXPECT_EQ(h->Stats()[0].state, SourceState::kStarting);
  clock.Advance(std::chrono::milliseconds(1));
  StepN(*h, 3);
  EXPECT_EQ(h->Stats()[0].state, SourceState::kStalled);
  EXPECT_EQ(h->Stats()[0].stalls, 1u);
  EXPECT_TRUE(Contains(log, "silent stalled"));
  EXPECT_FALSE(h->StartupVerdict());  // stalled is alive, not a reason to exit
  source->set_samples_per_read(4096);
  h->Step();
  EXPECT_EQ(h->Stats()[0].state, SourceState::kHealthy);
  EXPECT_TRUE(Contains(log, "silent resumed"));
}

TEST(HarvesterTest, EndOfFileMakesTheSourceAbsentUntilItIsReopened) {
  FakeClock clock;
  std::vector<std::string> log;
  Fake f = MakeFake("hwrng", FakeEntropySource::Healthy(11), 2.0);
  f.source->set_end_after(3000);
  int opened = 0;
  f.spec.reopen = [&opened](std::unique_ptr<EntropySource>* out) -> std::error_code {
    ++opened;
    *out = std::make_unique<FakeEntropySource>("hwrng", 1, FakeEntropySource::Healthy(12));
    return {};
  };
  auto h = Build(Specs(std::move(f)), Manual(clock, &log));
  StepN(*h, 2);
  EXPECT_EQ(h->Stats()[0].state, SourceState::kAbsent);
  EXPECT_TRUE(Contains(log, "hwrng absent: end of file"));
  clock.Advance(std::chrono::seconds(29));
  h->Step();
  EXPECT_EQ(opened, 0);  // reopened slowly
  h->ReopenAbsent();     // SIGHUP: at once
  h->Step();
  EXPECT_EQ(opened, 1);
  EXPECT_EQ(h->Stats()[0].reopens, 1u);
  StepN(*h, 2);
  EXPECT_EQ(h->Stats()[0].state, SourceState::kHealthy);
}

TEST(HarvesterTest, OnlyAbsentSourcesIsNoUsableSourceAtStartUp) {
  FakeClock clock;
  Fake f = MakeFake("hwrng", FakeEntropySource::Healthy(13), 2.0);
  f.source->set_end_after(0);
  auto h = Build(Specs(std::move(f)), Manual(clock));
  h->Step();
  EXPECT_TRUE(h->WaitForStartup(std::chrono::milliseconds(0)));
  EXPECT_EQ(h->StartupVerdict(), HarvestErrc::kNoUsableSource);
}

TEST(HarvesterTest, StuckSourceFailsStartUpAndIsRetriedWithADoublingBackOff) {
  FakeClock clock;
  std::vector<std::string> log;
  auto h = Build(Specs(MakeFake("stuck", FakeEntropySource::Stuck(9), 4.0)), Manual(clock, &log));
  h->Step();
  EXPECT_EQ(h->Stats()[0].state, SourceState::kQuarantined);
  EXPECT_EQ(h->StartupVerdict(), HarvestErrc::kSelfTestFailed);
  // Retried after 1 s, then 2 s, then 4 s: never earlier.
  const int backoffs_ms[] = {1000, 2000, 4000, 8000};
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(Contains(log, "stuck quarantined for " + std::to_string(backoffs_ms[i]) + " ms"))
        << i;
    clock.Advance(std::chrono::milliseconds(backoffs_ms[i] - 1));
    h->Step();
    EXPECT_EQ(h->Stats()[0].quarantines, static_cast<std::uint64_t>(i + 1));
    clock.Advance(std::chrono::milliseconds(1));
    StepN(*h, 2);  // leaves quarantine, restarts, fails its start-up again
    EXPECT_EQ(h->Stats()[0].quarantines, static_cast<std::uint64_t>(i + 2));
  }
  EXPECT_EQ(h->Stats()[0].backoff_seconds, 32.0);
}

TEST(HarvesterTest, AQuarantinedSourceRecoversAfterItsBackOff) {
  FakeClock clock;
  // Stuck for its first 3000 samples, healthy afterwards.
  auto h = Build(Specs(MakeFake("flaky", FakeEntropySource::StuckRun(14, 0, 3000, 0x11), 4.0)),
                 Manual(clock));
  h->Step();
  EXPECT_EQ(h->Stats()[0].state, SourceState::kQuarantined);
  clock.Advance(std::chrono::seconds(1));
  StepN(*h, 2);
  const SourceStats s = h->Stats()[0];
  EXPECT_EQ(s.state, SourceState::kHealthy);
  EXPECT_EQ(s.quarantines, 1u);
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 0;
  EXPECT_FALSE(h->Harvest(out, &bits));
  EXPECT_EQ(bits, 512u);
}

TEST(HarvesterTest, IntermittentFailureDiscardsCountsAndGoesOn) {
  FakeClock clock;
  // One stuck run of 30 samples after start-up: one RCT failure (C = 6 at H = 4).
  auto h = Build(Specs(MakeFake("fake", FakeEntropySource::StuckRun(6, 5000, 30, 0xee), 4.0)),
                 Manual(clock));
  StepN(*h, 4);
  const SourceStats s = h->Stats()[0];
  EXPECT_EQ(s.rct_failures, 1u);
  EXPECT_EQ(s.quarantines, 0u);
  EXPECT_EQ(s.state, SourceState::kHealthy);
  // Reads 2 (samples 4096..8191) lost the rest of its chunk and the block in progress.
  EXPECT_LT(s.conditioned_bytes, 4u * 16 * 64 - 12 * 64 + 12 * 64);
}

// Stuck runs in three successive reads after start-up: three failures close together.
std::uint64_t ThreeFailures(std::uint64_t i) {
  const bool stuck = (i >= 5000 && i < 5010) || (i >= 9100 && i < 9110) || (i >= 13200 && i < 13210);
  return stuck ? 0x55 : (i * 0x9e3779b97f4a7c15ull) >> 56;
}

TEST(HarvesterTest, AllSourcesQuarantinedAtOnceStayAliveAndResume) {
  FakeClock clock;
  std::vector<std::string> log;
  auto h = Build(Specs(MakeFake("a", ThreeFailures, 4.0), MakeFake("b", ThreeFailures, 4.0)),
                 Manual(clock, &log));
  StepN(*h, 4);
  for (const SourceStats& s : h->Stats()) EXPECT_EQ(s.state, SourceState::kQuarantined);
  EXPECT_FALSE(h->AnyUsable());
  // What passed before the failures is still good; then nothing, but no fatal error.
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 0;
  while (!h->Harvest(out, &bits)) {
  }
  EXPECT_EQ(h->Harvest(out, &bits), HarvestErrc::kNotReady);
  clock.Advance(std::chrono::seconds(1));
  StepN(*h, 3);
  EXPECT_TRUE(h->AnyUsable());
  EXPECT_FALSE(h->Harvest(out, &bits));
  EXPECT_EQ(bits, 512u);
  EXPECT_TRUE(Contains(log, "a leaves quarantine"));
}

// Random bytes with exactly six bits set: they pass RCT and APT (28 values, none common) but
// are 75 % ones, which FIPS 140-2's monobit test rejects.
std::uint64_t SixOnesOfEight(std::uint64_t i) {
  static const std::vector<std::uint8_t> values = [] {
    std::vector<std::uint8_t> v;
    for (int b = 0; b < 256; ++b) {
      if (std::popcount(static_cast<unsigned>(b)) == 6) v.push_back(static_cast<std::uint8_t>(b));
    }
    return v;
  }();
  return values[(i * 0x9e3779b97f4a7c15ull >> 32) % values.size()];
}

TEST(HarvesterTest, FipsStageRejectsRawBlocksThatFailAndNothingOfThemIsOutput) {
  FakeClock clock;
  std::vector<std::string> log;
  Fake f = MakeFake("hwrng", SixOnesOfEight, 2.0);
  f.spec.fips_on_raw = true;
  auto h = Build(Specs(std::move(f)), Manual(clock, &log));
  StepN(*h, 3);
  const SourceStats s = h->Stats()[0];
  EXPECT_GE(s.fips_failures, 1u);
  EXPECT_EQ(s.rct_failures + s.apt_failures, 0u);
  EXPECT_EQ(s.conditioned_bytes, 0u);
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 0;
  EXPECT_EQ(h->Harvest(out, &bits), HarvestErrc::kNotReady);
  EXPECT_EQ(s.state, SourceState::kQuarantined);  // three failed blocks in a row
  EXPECT_TRUE(Contains(log, "FIPS 140-2"));
}

TEST(HarvesterTest, FipsStagePassesUniformRawBytes) {
  FakeClock clock;
  Fake f = MakeFake("hwrng", FakeEntropySource::Healthy(15), 2.0);
  f.spec.fips_on_raw = true;
  auto h = Build(Specs(std::move(f)), Manual(clock));
  StepN(*h, 2);
  const SourceStats s = h->Stats()[0];
  EXPECT_EQ(s.fips_failures, 0u);
  EXPECT_EQ(s.state, SourceState::kHealthy);
  // 7168 bytes after start-up: 4 seed the continuous test, two 2,500-byte blocks pass (the
  // third is still being filled) and their 5000 bytes at 2 bits make 9 blocks of 512 bytes.
  EXPECT_EQ(s.conditioned_bytes, 9u * 64);
}

Fake TimerFake(FakeEntropySource::Timings timings, double cap) {
  Fake f = MakeFake("havege", FakeEntropySource::Healthy(16), 0.0);
  f.source->set_timings(std::move(timings));
  f.spec.assess_cap_bits = cap;
  return f;
}

// Steps until start-up is over (the assessment needs kHavegeEstimateSamples samples).
void StartTimer(Harvester& h) {
  for (int i = 0; i < 64 && h.Stats()[0].state == SourceState::kStarting; ++i) h.Step();
  ASSERT_EQ(h.Stats()[0].state, SourceState::kHealthy);
}

TEST(HarvesterTest, ADeterministicTimerIsCreditedZeroWhateverItsSamplesLookLike) {
  FakeClock clock;
  std::vector<std::string> log;
  // Varied samples (an estimator sees ~8 bits) but identical work always takes 189 ticks, as
  // under an instruction-counted TSC.
  auto h = Build(Specs(TimerFake(FakeEntropySource::DeterministicTimings(189), 1.0)),
                 Manual(clock, &log));
  StartTimer(*h);
  const SourceStats s = h->Stats()[0];
  EXPECT_TRUE(s.timer_deterministic);
  EXPECT_GT(s.assessed_bits_per_sample, 7.0);
  EXPECT_EQ(s.claim_bits_per_sample, 0.0);
  EXPECT_TRUE(Contains(log, "the timer is deterministic"));
  StepN(*h, 2);
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 1;
  ASSERT_FALSE(h->Harvest(out, &bits));  // it still contributes, uncredited
  EXPECT_EQ(bits, 0u);
}

TEST(HarvesterTest, AJitteryTimerIsCreditedTheMinimumOfCapAndAssessment) {
  FakeClock clock;
  auto h = Build(Specs(TimerFake(FakeEntropySource::JitteryTimings(17), 1.0)), Manual(clock));
  StartTimer(*h);
  SourceStats s = h->Stats()[0];
  EXPECT_FALSE(s.timer_deterministic);
  EXPECT_EQ(s.claim_bits_per_sample, 1.0);
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 0;
  StepN(*h, 2);
  ASSERT_FALSE(h->Harvest(out, &bits));
  EXPECT_EQ(bits, 512u);
  auto uncapped = Build(Specs(TimerFake(FakeEntropySource::JitteryTimings(18), 8.0)),
                        Manual(clock));
  StartTimer(*uncapped);
  s = uncapped->Stats()[0];
  EXPECT_LT(s.assessed_bits_per_sample, 8.0);
  EXPECT_EQ(s.claim_bits_per_sample, s.assessed_bits_per_sample);
}

TEST(HarvesterTest, TheContinuousTimerTestWithdrawsCreditWhenTheTimerTurnsDeterministic) {
  FakeClock clock;
  std::vector<std::string> log;
  // Jittery for the start-up test and the first continuous window, then fixed.
  const auto jitter = FakeEntropySource::JitteryTimings(19);
  auto h = Build(Specs(TimerFake([jitter](std::uint64_t i) { return i < 2048 ? jitter(i) : 189; },
                                 1.0)),
                 Manual(clock, &log));
  StartTimer(*h);
  std::vector<std::uint8_t> sink(4096);
  for (int i = 0; i < 200 && !h->Stats()[0].timer_deterministic; ++i) {
    std::size_t taken = 0;
    std::uint64_t bits = 0;
    h->Take(sink, std::chrono::milliseconds(0), &taken, &bits);
    h->Step();
  }
  const SourceStats s = h->Stats()[0];
  EXPECT_TRUE(s.timer_deterministic);
  EXPECT_EQ(s.claim_bits_per_sample, 0.0);
  EXPECT_EQ(s.noise_failures, 1u);
  EXPECT_EQ(s.state, SourceState::kHealthy);
  EXPECT_TRUE(Contains(log, "the timer became deterministic"));
}

TEST(HarvesterTest, RawModeNeverEmitsStartUpSamples) {
  FakeClock clock;
  HarvesterConfig config = Manual(clock);
  config.raw_output = true;
  const auto script = FakeEntropySource::Healthy(20);
  auto h = Build(Specs(MakeFake("hwrng", script, 2.0)), config);
  h->Step();
  std::vector<std::uint8_t> out(5000);
  std::size_t taken = 0;
  std::uint64_t bits = 9;
  h->Take(out, std::chrono::milliseconds(0), &taken, &bits);
  ASSERT_EQ(taken, 4096u - 1024);
  EXPECT_EQ(bits, 0u);
  for (std::size_t i = 0; i < taken; ++i) {
    ASSERT_EQ(out[i], static_cast<std::uint8_t>(script(1024 + i))) << i;
  }
}

TEST(HarvesterTest, ASourceBlockedInReadDelaysNeitherHarvestNorStop) {
  // Real threads and clock: the blocked collector must not hold up the other one, Harvest()
  // or the destructor (which interrupts the read).
  Fake blocked = MakeFake("blocked", FakeEntropySource::Healthy(21), 2.0);
  blocked.source->set_blocking(true);
  FakeEntropySource* blocked_source = blocked.source;
  HarvesterConfig config = QuietConfig();
  auto h = Build(Specs(MakeFake("fast", FakeEntropySource::Healthy(22), 4.0), std::move(blocked)),
                 config);
  EXPECT_FALSE(h->WaitForStartup(std::chrono::milliseconds(300)));  // one never starts
  std::vector<std::uint8_t> out(64);
  std::uint64_t bits = 0;
  std::error_code ec = HarvestErrc::kNotReady;
  for (int i = 0; i < 1000 && ec; ++i) {
    ec = h->Harvest(out, &bits);
    if (ec) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_FALSE(ec);
  EXPECT_EQ(bits, 512u);
  EXPECT_EQ(h->Stats()[1].state, SourceState::kStarting);
  EXPECT_FALSE(blocked_source->interrupted());
  h.reset();  // joins both collectors: returns only because the read was interrupted
}

// ---- stream mode over harvesters of fake sources ----

// A factory of real harvesters (background threads) over one fresh fake source per call.
HarvesterFactory FactoryOf(std::function<Fake()> make, int* calls = nullptr) {
  return [make, calls](const HarvesterConfig& config, std::unique_ptr<Harvester>* out) {
    if (calls) ++*calls;
    HarvesterConfig quiet = config;
    quiet.log = [](const std::string&) {};
    return MakeHarvesterFromSources(Specs(make()), quiet, out);
  };
}

std::string StreamPath(const char* tag) {
  return "/tmp/churn-unit-stream-" + std::string(tag) + "-" + std::to_string(getpid());
}

std::vector<std::uint8_t> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

TEST(StreamModeTest, StopEndsEveryModeWhoseSourceNeverDelivers) {
  for (const StreamMode mode : {StreamMode::kDrbg, StreamMode::kFullEntropy, StreamMode::kRaw}) {
    StreamOptions options;
    options.mode = mode;
    options.raw_source = "hwrng";
    options.size_bytes = 1024;
    options.path = StreamPath("silent");
    std::atomic<bool> stop{false};
    std::thread stopper([&stop] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      stop.store(true);
    });
    const std::error_code ec = RunStreamWith(options, stop, FactoryOf([] {
      Fake f = MakeFake("hwrng", FakeEntropySource::Healthy(30), 2.0);
      f.source->set_samples_per_read(0);  // silent
      return f;
    }));
    stopper.join();
    EXPECT_FALSE(ec) << static_cast<int>(mode) << ": " << ec.message();
    EXPECT_TRUE(ReadAll(options.path).empty()) << static_cast<int>(mode);
    std::remove(options.path.c_str());
  }
}

TEST(StreamModeTest, RawModeWritesWhatCameAfterStartUpThenReportsTheEnd) {
  const auto script = FakeEntropySource::Healthy(31);
  StreamOptions options;
  options.mode = StreamMode::kRaw;
  options.raw_source = "hwrng";
  options.size_bytes = 1u << 20;
  options.path = StreamPath("ends");
  std::atomic<bool> stop{false};
  const std::error_code ec = RunStreamWith(options, stop, FactoryOf([script] {
    Fake f = MakeFake("hwrng", script, 2.0);
    f.source->set_end_after(3000);
    return f;
  }));
  EXPECT_EQ(ec, HarvestErrc::kEndOfData);
  const std::vector<std::uint8_t> written = ReadAll(options.path);
  ASSERT_EQ(written.size(), 3000u - 1024);
  for (std::size_t i = 0; i < written.size(); ++i) {
    ASSERT_EQ(written[i], static_cast<std::uint8_t>(script(1024 + i))) << i;
  }
  std::remove(options.path.c_str());
}

TEST(StreamModeTest, RawRestartsWriteOneRowPerFreshStart) {
  const auto script = FakeEntropySource::Healthy(32);
  StreamOptions options;
  options.mode = StreamMode::kRaw;
  options.raw_source = "hwrng";
  options.size_bytes = 100;
  options.restarts = 3;
  options.path = StreamPath("rows");
  std::atomic<bool> stop{false};
  int calls = 0;
  ASSERT_FALSE(RunStreamWith(options, stop,
                             FactoryOf([script] { return MakeFake("hwrng", script, 2.0); }, &calls)));
  EXPECT_EQ(calls, 3);
  const std::vector<std::uint8_t> written = ReadAll(options.path);
  ASSERT_EQ(written.size(), 300u);
  // Each row is a fresh instance after its own start-up: samples 1024..1123 of the script.
  for (std::size_t i = 0; i < written.size(); ++i) {
    ASSERT_EQ(written[i], static_cast<std::uint8_t>(script(1024 + i % 100))) << i;
  }
  std::remove(options.path.c_str());
}

TEST(StreamModeTest, RawModeReportsAStuckSourceAsQuarantined) {
  StreamOptions options;
  options.mode = StreamMode::kRaw;
  options.raw_source = "hwrng";
  options.size_bytes = 1u << 20;
  options.path = StreamPath("stuck");
  std::atomic<bool> stop{false};
  // Healthy for 8192 samples, then stuck: three failures in a row quarantine it.
  const std::error_code ec = RunStreamWith(options, stop, FactoryOf([] {
    return MakeFake("hwrng", FakeEntropySource::StuckRun(33, 8192, 1u << 30, 0), 2.0);
  }));
  EXPECT_EQ(ec, HarvestErrc::kHealthTestFailed);
  EXPECT_EQ(ReadAll(options.path).size(), 8192u - 1024);
  std::remove(options.path.c_str());
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

TEST(TimerNoiseTest, IdenticalTimingsAndRareOutliersAreDeterministic) {
  std::vector<std::uint64_t> deltas(1024, 189);
  EXPECT_TRUE(JudgeTimerNoise(deltas).deterministic);
  EXPECT_EQ(JudgeTimerNoise(deltas).distinct, 1u);
  for (std::size_t i = 0; i < 40; ++i) deltas[i * 25] = 5000 + i;  // interrupts: 3.9 %
  const TimerNoiseVerdict v = JudgeTimerNoise(deltas);
  EXPECT_TRUE(v.deterministic);
  EXPECT_EQ(v.distinct, 41u);
}

TEST(TimerNoiseTest, JitterLikeThisMachinesPasses) {
  std::vector<std::uint64_t> deltas(1024);
  const auto jitter = FakeEntropySource::JitteryTimings(23);
  for (std::size_t i = 0; i < deltas.size(); ++i) deltas[i] = jitter(i);
  const TimerNoiseVerdict v = JudgeTimerNoise(deltas);
  EXPECT_FALSE(v.deterministic);
  EXPECT_GT(v.spread_bits, 0.2);
  EXPECT_LT(v.mode_share, 0.85);
  // Just above the threshold fails, just below passes.
  std::vector<std::uint64_t> edge(1000, 189);
  for (std::size_t i = 0; i < 49; ++i) edge[i] = 168;  // 95.1 % on 189
  EXPECT_TRUE(JudgeTimerNoise(edge).deterministic);
  edge[49] = 168;  // 95.0 %
  EXPECT_FALSE(JudgeTimerNoise(edge).deterministic);
}

TEST(HavegeSourceTest, IdenticalWorkOnAnInstructionCountedTimerTimesIdentically) {
  // A counter that advances by a fixed amount per read stands for a TSC driven by the
  // instruction count: the identical work then takes the same ticks every time.
  HavegeSourceT<FunctionCounter> source(CacheSizes{}, FunctionCounter(ReplayCycleCounter::FromDeltas({37})));
  std::vector<std::uint64_t> deltas(kTimerNoiseRepetitions);
  ASSERT_TRUE(source.TimeIdenticalWork(deltas));
  EXPECT_TRUE(JudgeTimerNoise(deltas).deterministic);
  EXPECT_EQ(deltas[0], 37u);
  // Its walk still yields varied-looking samples when the counter varies with the work.
  HavegeSourceT<FunctionCounter> varied(
      CacheSizes{}, FunctionCounter(ReplayCycleCounter::FromDeltas({37, 41, 29, 53, 31})));
  ASSERT_TRUE(varied.TimeIdenticalWork(deltas));
  EXPECT_FALSE(JudgeTimerNoise(deltas).deterministic);
}

}  // namespace
}  // namespace churn::harvest
