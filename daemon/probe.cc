// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churnd --probe: measure each entropy source the way churnd would use it, and say plainly
// whether it is worth using on this machine.
//
// Why a probe. A hypervisor can trap or coarsen the timestamp counter, hide RDRAND/RDSEED or
// offer only virtio-rng. HAVEGE-style output passes statistical tests even with a constant
// timer (the walk itself is a decent PRNG), so tests on the *output* prove nothing. The probe
// therefore looks at the *raw samples* (the low byte of the timer delta over a fixed stretch
// of table walk, as harvest/havege_source.cc defines them) and runs SP 800-90B's estimators on
// about a million of them. A constant timer gives one value (0 bits); a timer that ticks
// coarsely gives a few values with one dominant (MCV near 0); both are "not usable", which
// is exactly the case haveged does not notice.
//
// Claims and verdicts. The credit shown is the one churnd would use: the registry's default
// per-sample claims (harvest/source_registry.h) or the configured override; for HAVEGE 0 when
// the deterministic-timer test fails (harvest/timer_noise.cc: identical work timed 1024 times
// with too little spread, as under QEMU -icount), else harvest::TimerClaim, min(cap, the SP
// 800-90B assessment), and 0 when the MCV estimate is below the 0.25-bit floor. A verdict is:
//   not usable  absent, failing, or credited nothing;
//   weak        credited, but the credit rate is below kWeakCreditBitsPerSecond (it would need
//               more than a second to seed the kernel's 256-bit CRNG), or a measurement
//               contradicts the claim (90B assessment below the HAVEGE claim, rejected chunks);
//   usable      otherwise.
// Every timed part is bounded (about 3 s in all): 2^20 HAVEGE samples, 0.25 s per x86
// instruction, 0.5 s of /dev/hwrng.
#include "daemon/probe.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <limits>
#include <span>
#include <utility>

#include "daemon/sysfs_read.h"
#include "harvest/cpu_features.h"
#include "harvest/errors.h"
#include "harvest/havege_source.h"
#include "harvest/source_registry.h"
#include "harvest/timer_noise.h"
#include "harvest/hwrng_source.h"
#include "harvest/rdrand_source.h"
#include "harvest/source_registry.h"
#include "stats/estimators.h"

namespace churn::daemon {
namespace {

constexpr std::size_t kHavegeChunkBytes = 64 * 1024;
constexpr std::size_t kTopValues = 5;
// A real counter may step back across CPUs with unsynchronised TSCs; the source discards
// those chunks. Above this fraction of discarded chunks the source is not usable.
constexpr double kMaxDiscardedFraction = 0.01;

double MonotonicSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void Progress(const ProbeOptions& options, std::string_view stage, double fraction) {
  if (options.progress) options.progress(stage, std::clamp(fraction, 0.0, 1.0));
}

[[gnu::format(printf, 1, 2)]] std::string Format(const char* format, ...) {
  char line[256];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  return line;
}

// Why a credited source is only weak: its credit rate would take over a second to seed the CRNG.
std::string SlowCreditReason(double credit_bits_per_second) {
  return Format("credit rate %.0f bits/s is below %.0f bits/s", credit_bits_per_second,
                kWeakCreditBitsPerSecond);
}

double ClaimOrOverride(double override_bits, double fallback_bits) {
  return override_bits >= 0.0 ? override_bits : fallback_bits;
}

template <typename Counter>
CounterProbe MeasureCounter(const Counter& counter, std::string name, std::size_t reads) {
  CounterProbe p;
  p.name = std::move(name);
  p.reads = reads;
  if (reads < 2) return p;
  // Resolution and monotonicity: consecutive reads.
  std::uint64_t smallest = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t previous = counter();
  for (std::size_t i = 1; i < reads; ++i) {
    const std::uint64_t now = counter();
    if (now < previous) {
      ++p.backwards;
    } else if (now == previous) {
      ++p.zero_deltas;
    } else {
      smallest = std::min(smallest, now - previous);
    }
    previous = now;
  }
  p.resolution_ticks = smallest == std::numeric_limits<std::uint64_t>::max() ? 0 : smallest;
  // Cost: a tight loop of reads, each result consumed so none is dropped.
  const double start_s = MonotonicSeconds();
  const std::uint64_t first = counter();
  std::uint64_t last = first;
  std::uint64_t sink = 0;
  for (std::size_t i = 1; i < reads; ++i) {
    last = counter();
    sink ^= last;
  }
  const double elapsed_s = MonotonicSeconds() - start_s;
  if (sink == 0x5eed) p.zero_deltas += 0;  // keeps `sink` observable without volatile
  const double n = static_cast<double>(reads - 1);
  if (last >= first) {
    p.ticks_per_read = static_cast<double>(last - first) / n;
    if (elapsed_s > 0.0) p.ticks_per_ns = static_cast<double>(last - first) / (elapsed_s * 1e9);
  }
  if (elapsed_s > 0.0) p.ns_per_read = elapsed_s * 1e9 / n;
  return p;
}

// The estimators of SP 800-90B 6.3 over the samples, combined as 90B 3.1.3 does for non-binary
// data: MCV, t-tuple and LRS on the 8-bit samples; collision, Markov and compression (binary
// only) on the samples' bits, most significant first, times 8. The t-tuple and LRS
// estimators are not also run on the bitstring, as stats::EstimateMinEntropy does: on skewed
// timer data that pass alone takes several seconds for a million samples, and the probe
// must stay short. `churnd -n N --raw havege` writes the samples for a full assessment.
// Two-valued data is relabelled 0/1 and every estimator runs on it (per sample, at most 1).
void EstimateHavege(std::span<const std::uint8_t> samples, HavegeProbe* p) {
  if (samples.size() < stats::kMinEstimatorSamples) {
    p->error = "estimators: " + make_error_code(stats::EstimatorErrc::kTooFewSamples).message();
    return;
  }
  if (p->distinct_values <= 1) {
    p->mcv_bits = p->collision_bits = p->markov_bits = p->compression_bits = 0.0;
    p->t_tuple_bits = p->lrs_bits = p->assessment_bits = 0.0;
    return;
  }
  std::vector<std::uint8_t> bits;
  double bit_scale = 8.0;
  std::span<const std::uint8_t> symbols = samples;
  if (p->distinct_values == 2) {
    std::uint8_t min_value = 255;
    for (const std::uint8_t s : samples) min_value = std::min(min_value, s);
    bits.reserve(samples.size());
    for (const std::uint8_t s : samples) bits.push_back(s == min_value ? 0 : 1);
    bit_scale = 1.0;
    symbols = bits;
  } else {
    bits.reserve(8 * samples.size());
    for (const std::uint8_t s : samples) {
      for (int b = 7; b >= 0; --b) bits.push_back(static_cast<std::uint8_t>((s >> b) & 1));
    }
  }
  const auto value = [](const stats::EstimatorResult& r, double scale) {
    return r.applicable ? r.min_entropy_bits * scale : -1.0;
  };
  p->mcv_bits = value(stats::MostCommonValueEstimate(symbols), 1.0);
  const stats::TupleEstimates tuples = stats::TupleAndLrsEstimates(symbols);
  p->t_tuple_bits = value(tuples.t_tuple, 1.0);
  p->lrs_bits = value(tuples.lrs, 1.0);
  p->collision_bits = value(stats::CollisionEstimate(bits), bit_scale);
  p->markov_bits = value(stats::MarkovEstimate(bits), bit_scale);
  p->compression_bits = value(stats::CompressionEstimate(bits), bit_scale);
  double assessment = 8.0;
  for (const double h : {p->mcv_bits, p->t_tuple_bits, p->lrs_bits, p->collision_bits,
                         p->markov_bits, p->compression_bits}) {
    if (h >= 0.0) assessment = std::min(assessment, h);
  }
  p->assessment_bits = assessment;
}

template <typename Counter>
HavegeProbe SampleAndJudgeHavege(Counter counter, const ProbeOptions& options) {
  HavegeProbe p;
  harvest::HavegeSourceT<Counter> source(harvest::DetectL1CacheSizes(), std::move(counter));
  std::vector<std::uint8_t> samples;
  samples.reserve(options.havege_samples);
  std::vector<std::uint8_t> chunk(kHavegeChunkBytes);
  // Bounded even if every chunk is discarded.
  const std::uint64_t max_chunks = 2 * (options.havege_samples / kHavegeChunkBytes) + 16;
  const double start_s = MonotonicSeconds();
  while (samples.size() < options.havege_samples && p.chunks < max_chunks) {
    const std::size_t want = std::min(kHavegeChunkBytes, options.havege_samples - samples.size());
    std::size_t got = 0;
    ++p.chunks;
    if (source.Read(std::span<std::uint8_t>(chunk.data(), want), &got)) {
      ++p.discarded_chunks;
      continue;
    }
    samples.insert(samples.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got));
    Progress(options, "havege: sampling",
             static_cast<double>(samples.size()) / static_cast<double>(options.havege_samples));
  }
  p.seconds = MonotonicSeconds() - start_s;
  p.samples = samples.size();

  // Distribution.
  for (const std::uint8_t s : samples) ++p.counts[s];
  double sum = 0.0;
  double shannon = 0.0;
  for (int v = 0; v < 256; ++v) {
    const std::uint64_t c = p.counts[static_cast<std::size_t>(v)];
    if (c == 0) continue;
    ++p.distinct_values;
    sum += static_cast<double>(v) * static_cast<double>(c);
    const double q = static_cast<double>(c) / static_cast<double>(p.samples);
    shannon -= q * std::log2(q);
  }
  if (p.samples > 0) {
    p.mean = sum / static_cast<double>(p.samples);
    p.shannon_bits = shannon;
    std::vector<std::pair<int, std::uint64_t>> order;
    for (int v = 0; v < 256; ++v) {
      if (p.counts[static_cast<std::size_t>(v)] != 0) {
        order.emplace_back(v, p.counts[static_cast<std::size_t>(v)]);
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (order.size() > kTopValues) order.resize(kTopValues);
    p.top_values = std::move(order);
  }

  // The deterministic-timer test: identical work, timed again and again.
  std::vector<std::uint64_t> deltas(harvest::kTimerNoiseRepetitions);
  if (source.TimeIdenticalWork(deltas)) {
    const harvest::TimerNoiseVerdict noise = harvest::JudgeTimerNoise(deltas);
    p.timer_tested = true;
    p.timer_distinct = noise.distinct;
    p.timer_mode_share = noise.mode_share;
    p.timer_spread_bits = noise.spread_bits;
    p.timer_deterministic = noise.deterministic;
  }

  // SP 800-90B 6.3 estimates (see EstimateHavege for what runs on what).
  Progress(options, "havege: SP 800-90B estimators", 0.0);
  EstimateHavege(samples, &p);
  Progress(options, "havege: SP 800-90B estimators", 1.0);
  p.verdict = JudgeHavege(p, options.harvester.havege_claim_bits);
  return p;
}

// What reading a source for a fixed time gave.
struct TimedRead {
  std::uint64_t bytes = 0;
  std::uint64_t errors = 0;
  std::string last_error;
  double seconds = 0.0;
};

// Reads `source` in 4 KiB chunks for `seconds`, stopping early after `max_errors` read errors.
// `back_off_when_empty`: the source reads non-blocking, so pause briefly when it has nothing.
TimedRead ReadFor(harvest::EntropySource& source, double seconds, std::uint64_t max_errors,
                  bool back_off_when_empty, const std::string& stage,
                  const ProbeOptions& options) {
  TimedRead r;
  std::vector<std::uint8_t> buffer(4096);
  const double start_s = MonotonicSeconds();
  while (r.seconds < seconds && r.errors < max_errors) {
    std::size_t got = 0;
    if (const std::error_code ec = source.Read(buffer, &got)) {
      ++r.errors;
      r.last_error = ec.message();
    }
    r.bytes += got;
    if (back_off_when_empty && got == 0) usleep(2000);
    r.seconds = MonotonicSeconds() - start_s;
    Progress(options, stage, r.seconds / seconds);
  }
  return r;
}

bool KthreadNamed(const std::string& proc_root, const std::string& name) {
  // Kernel threads are children of kthreadd (pid 2) and have no command line; their comm is
  // their name. Scanning the low pids is enough: kthreads start early.
  for (int pid = 2; pid < 4096; ++pid) {
    const std::string comm = ReadFirstLine(proc_root + "/" + std::to_string(pid) + "/comm");
    if (comm == name) return true;
  }
  return false;
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kUsable:
      return "usable";
    case Verdict::kWeak:
      return "weak";
    case Verdict::kNotUsable:
      return "not usable";
  }
  return "unknown";
}

CounterProbe ProbeCounter(const harvest::FunctionCounter& counter, std::string name,
                          const ProbeOptions& options) {
  return MeasureCounter(counter, std::move(name), options.counter_reads);
}

CounterProbe ProbeCycleCounter(const ProbeOptions& options) {
  Progress(options, "cycle counter", 0.0);
  CounterProbe p =
      MeasureCounter(harvest::CycleCounter{}, harvest::CycleCounterName(), options.counter_reads);
  Progress(options, "cycle counter", 1.0);
  return p;
}

double HavegeClaimFromMcv(double mcv_bits) {
  if (std::isnan(mcv_bits)) return 0.0;
  return harvest::HavegeClaimFromEstimate(mcv_bits);  // the registry's own rule
}

HavegeProbe ProbeHavege(const harvest::FunctionCounter& counter, const ProbeOptions& options) {
  return SampleAndJudgeHavege(counter, options);
}

HavegeProbe ProbeHavegeCycleCounter(const ProbeOptions& options) {
  return SampleAndJudgeHavege(harvest::CycleCounter{}, options);
}

SourceVerdict JudgeHavege(const HavegeProbe& probe, double claim_override_bits) {
  SourceVerdict v;
  v.verdict = Verdict::kNotUsable;
  if (probe.samples == 0) {
    v.reason = probe.discarded_chunks > 0 ? "the counter ran backwards in every chunk: no samples"
                                          : "no samples";
    return v;
  }
  if (!probe.error.empty() || probe.mcv_bits < 0.0) {
    v.reason = "could not estimate the min-entropy" +
               (probe.error.empty() ? std::string() : ": " + probe.error);
    return v;
  }
  const double discarded = static_cast<double>(probe.discarded_chunks) /
                           static_cast<double>(std::max<std::uint64_t>(probe.chunks, 1));
  if (discarded > kMaxDiscardedFraction) {
    v.reason = Format("the counter ran backwards in %.1f%% of chunks", 100.0 * discarded);
    return v;
  }
  if (probe.timer_deterministic) {
    v.reason = Format(
        "the timer is deterministic: identical work timed %zu times gave %zu distinct timings, "
        "the most common %.1f%% of them (an instruction-counted or emulated clock): credited 0",
        harvest::kTimerNoiseRepetitions, probe.timer_distinct, 100.0 * probe.timer_mode_share);
    return v;
  }
  const double cap = claim_override_bits >= 0.0 ? claim_override_bits : harvest::kHavegeCeilingBits;
  const double assessed_claim =
      probe.assessment_bits >= 0.0 ? harvest::TimerClaim(false, probe.assessment_bits, cap) : cap;
  const double measured_claim = std::min(HavegeClaimFromMcv(probe.mcv_bits), assessed_claim);
  v.claim_bits_per_sample =
      claim_override_bits >= 0.0 ? std::min(claim_override_bits, assessed_claim) : measured_claim;
  const double rate =
      probe.seconds > 0.0 ? static_cast<double>(probe.samples) / probe.seconds : 0.0;
  v.credit_bits_per_second = v.claim_bits_per_sample * rate;
  if (probe.distinct_values <= 1) {
    v.claim_bits_per_sample = 0.0;
    v.credit_bits_per_second = 0.0;
    v.reason = "every timer delta is the same value: a stuck or constant timer";
    return v;
  }
  if (HavegeClaimFromMcv(probe.mcv_bits) <= 0.0) {
    v.reason = Format(
        "MCV estimate %.3f bits per sample is below the %.2f-bit jitter floor "
        "(a coarse or trapped timer): not credited",
        probe.mcv_bits, harvest::kHavegeFloorBits);
    if (claim_override_bits > 0.0) v.reason += ", whatever the configured claim";
    v.claim_bits_per_sample = 0.0;
    v.credit_bits_per_second = 0.0;
    return v;
  }
  if (v.claim_bits_per_sample <= 0.0) {
    v.reason = "credited nothing (havege-claim = 0)";
    return v;
  }
  if (probe.assessment_bits >= 0.0 && probe.assessment_bits < v.claim_bits_per_sample) {
    v.verdict = Verdict::kWeak;
    v.reason = Format("the SP 800-90B assessment (%.3f bits) is below the claim (%.3f bits)",
                      probe.assessment_bits, v.claim_bits_per_sample);
    return v;
  }
  if (probe.discarded_chunks > 0) {
    v.verdict = Verdict::kWeak;
    v.reason = Format("%.0f chunks discarded: the counter ran backwards",
                      static_cast<double>(probe.discarded_chunks));
    return v;
  }
  if (v.credit_bits_per_second < kWeakCreditBitsPerSecond) {
    v.verdict = Verdict::kWeak;
    v.reason = SlowCreditReason(v.credit_bits_per_second);
    return v;
  }
  v.verdict = Verdict::kUsable;
  v.reason = Format("MCV %.2f, 90B assessment %.2f bits per sample; credited %.2f", probe.mcv_bits,
                    probe.assessment_bits, v.claim_bits_per_sample);
  return v;
}

X86RandomProbe ProbeX86Random(bool seed, const ProbeOptions& options) {
  X86RandomProbe p;
  p.name = seed ? "rdseed" : "rdrand";
  const harvest::CpuFeatures cpuid = harvest::CpuidFeatures();
  const harvest::CpuFeatures listed = harvest::DetectCpuFeatures(options.proc_root + "/cpuinfo");
  p.cpuid = seed ? cpuid.rdseed : cpuid.rdrand;
  // DetectCpuFeatures is CPUID AND /proc/cpuinfo; with CPUID set, it says what the kernel lists.
  p.cpuinfo = seed ? listed.rdseed : listed.rdrand;
  const auto instruction =
      seed ? harvest::X86RandomInstruction::kRdseed : harvest::X86RandomInstruction::kRdrand;
  harvest::X86RandomStep step =
      p.cpuid && p.cpuinfo ? harvest::HardwareRandomStep(instruction) : nullptr;
  if (step) {
    const std::string stage = p.name + ": rate";
    harvest::RdrandSource source(instruction, [&p, &step](std::uint64_t* value) {
      ++p.attempts;
      const bool ok = step(value);
      if (!ok) ++p.failures;
      return ok;
    });
    const TimedRead r = ReadFor(source, options.x86_random_seconds,
                                std::numeric_limits<std::uint64_t>::max(),
                                /*back_off_when_empty=*/false, stage, options);
    p.bytes = r.bytes;
    p.read_errors = r.errors;
    p.error = r.last_error;
    p.seconds = r.seconds;
    p.bytes_per_second = static_cast<double>(p.bytes) / r.seconds;
    if (p.attempts > 0) {
      p.failure_rate = static_cast<double>(p.failures) / static_cast<double>(p.attempts);
    }
  }
  p.verdict = JudgeX86Random(
      p, seed ? options.harvester.rdseed_claim_bits : options.harvester.rdrand_claim_bits);
  return p;
}

SourceVerdict JudgeX86Random(const X86RandomProbe& probe, double claim_override_bits) {
  SourceVerdict v;
  const bool seed = probe.name == "rdseed";
  if (!probe.cpuid) {
    v.reason = "not offered by this CPU (or hidden by the hypervisor)";
    return v;
  }
  if (!probe.cpuinfo) {
    v.reason = "CPUID has it but the kernel does not list it (disabled as broken, or clearcpuid=)";
    return v;
  }
  if (probe.bytes == 0) {
    v.reason =
        "no output during the probe" + (probe.error.empty() ? std::string() : ": " + probe.error);
    return v;
  }
  v.claim_bits_per_sample = ClaimOrOverride(
      claim_override_bits, seed ? harvest::kRdseedClaimBits : harvest::kRdrandClaimBits);
  v.credit_bits_per_second = probe.bytes_per_second / 8.0 * v.claim_bits_per_sample;
  if (v.claim_bits_per_sample <= 0.0) {
    v.reason = "credited nothing (" + probe.name + "-claim = 0)";
    return v;
  }
  if (probe.read_errors > 0) {
    v.verdict = Verdict::kWeak;
    v.reason = Format("%.0f chunks rejected (stuck or repeated values, or retries exhausted)",
                      static_cast<double>(probe.read_errors));
    return v;
  }
  if (v.credit_bits_per_second < kWeakCreditBitsPerSecond) {
    v.verdict = Verdict::kWeak;
    v.reason = SlowCreditReason(v.credit_bits_per_second);
    return v;
  }
  v.verdict = Verdict::kUsable;
  v.reason = seed ? Format("%.0f%% of attempts not ready (normal for RDSEED; retried)",
                           100.0 * std::max(probe.failure_rate, 0.0))
                  : std::string("a DRBG's output: credited little per word, but fast");
  return v;
}

HwrngProbe ProbeHwrng(const ProbeOptions& options) {
  HwrngProbe p;
  p.path = options.harvester.hwrng_path;
  const std::string misc = options.sysfs_root + "/class/misc/hw_random/";
  const std::string params = options.sysfs_root + "/module/rng_core/parameters/";
  p.rng_current = ReadFirstLine(misc + "rng_current");
  p.rng_available = ReadFirstLine(misc + "rng_available");
  p.rng_quality = ReadNonNegativeInt(misc + "rng_quality");
  p.default_quality = ReadNonNegativeInt(params + "default_quality");
  p.current_quality = ReadNonNegativeInt(params + "current_quality");
  p.kernel_feeds =
      !p.rng_current.empty() && p.rng_current != "none" && EffectiveHwrngQuality(p) > 0;
  p.kthread_seen = KthreadNamed(options.proc_root, "hwrng");

  std::unique_ptr<harvest::HwrngSource> source;
  if (const std::error_code ec = harvest::HwrngSource::Open(p.path, &source)) {
    p.error = "cannot open " + p.path + ": " + ec.message();
  } else {
    p.opened = true;
    const TimedRead r = ReadFor(*source, options.hwrng_seconds, /*max_errors=*/3,
                                /*back_off_when_empty=*/true, "hwrng: rate", options);
    p.bytes = r.bytes;
    p.error = r.last_error;
    p.seconds = r.seconds;
    p.bytes_per_second = r.seconds > 0.0 ? static_cast<double>(p.bytes) / r.seconds : 0.0;
  }
  p.verdict = JudgeHwrng(p, options.harvester.hwrng_claim_bits);
  return p;
}

int EffectiveHwrngQuality(const HwrngProbe& probe) {
  if (probe.rng_quality >= 0) return probe.rng_quality;
  if (probe.current_quality >= 0) return probe.current_quality;
  return probe.default_quality;
}

SourceVerdict JudgeHwrng(const HwrngProbe& probe, double claim_override_bits) {
  SourceVerdict v;
  if (!probe.opened) {
    v.reason = probe.error.empty() ? "cannot open the device" : probe.error;
    return v;
  }
  if (probe.bytes == 0) {
    v.reason = Format("no data in %.2f s", std::max(probe.seconds, 0.0)) +
               (probe.error.empty() ? std::string() : " (" + probe.error + ")");
    return v;
  }
  v.claim_bits_per_sample = ClaimOrOverride(claim_override_bits, harvest::kHwrngClaimBits);
  v.credit_bits_per_second = probe.bytes_per_second * v.claim_bits_per_sample;
  const std::string kernel_note =
      probe.kernel_feeds ? "; the kernel's hwrng thread already feeds from it (quality " +
                               std::to_string(EffectiveHwrngQuality(probe)) + "/1024)"
                         : "";
  if (v.claim_bits_per_sample <= 0.0) {
    v.reason = "credited nothing (hwrng-claim = 0)" + kernel_note;
    return v;
  }
  if (!probe.error.empty()) {
    v.verdict = Verdict::kWeak;
    v.reason = "read errors: " + probe.error + kernel_note;
    return v;
  }
  if (v.credit_bits_per_second < kWeakCreditBitsPerSecond) {
    v.verdict = Verdict::kWeak;
    v.reason = SlowCreditReason(v.credit_bits_per_second) + kernel_note;
    return v;
  }
  v.verdict = Verdict::kUsable;
  v.reason = "device of unknown quality: a quarter of each byte credited" + kernel_note;
  return v;
}

ProbeReport RunAllProbes(const ProbeOptions& options) {
  const double start_s = MonotonicSeconds();
  ProbeReport report;
  report.machine = ProbeMachine(options);
  report.counter = ProbeCycleCounter(options);
  report.havege = ProbeHavegeCycleCounter(options);
  report.rdseed = ProbeX86Random(/*seed=*/true, options);
  report.rdrand = ProbeX86Random(/*seed=*/false, options);
  report.hwrng = ProbeHwrng(options);
  report.kernel = ProbeKernel(options);
  report.seconds = MonotonicSeconds() - start_s;
  return report;
}

int RunProbe(const Config& config) {
  ProbeOptions options;
  options.harvester = config.harvester;
  options.random_device = config.random_device;
  options.proc_random_dir = config.proc_random_dir;
  const bool tty = isatty(STDERR_FILENO) == 1;
  std::string last_stage;
  options.progress = [&last_stage, tty](std::string_view stage, double fraction) {
    if (tty) {
      std::fprintf(stderr, "\r\033[Kchurnd --probe: %.*s %3.0f%%", static_cast<int>(stage.size()),
                   stage.data(), 100.0 * fraction);
    } else if (stage != last_stage) {
      std::fprintf(stderr, "churnd --probe: %.*s...\n", static_cast<int>(stage.size()),
                   stage.data());
    }
    last_stage = std::string(stage);
  };
  const ProbeReport report = RunAllProbes(options);
  if (tty) std::fputs("\r\033[K", stderr);
  const std::string text = config.probe_json ? FormatProbeJson(report) : FormatProbeText(report);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) return 1;
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace churn::daemon
