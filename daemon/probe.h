// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#ifndef CHURN_DAEMON_PROBE_H_
#define CHURN_DAEMON_PROBE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.h"
#include "harvest/cycle_counter.h"

namespace churn::daemon {

// `churnd --probe`: a truthful report of this machine's entropy sources and kernel RNG.
// Every measurement below is a plain struct filled by one Probe*() function, so the
// verdicts are pure functions of data and the timed parts take their counter as an argument.
// A value that could not be measured is negative (printed as "unknown", JSON null).

// One line per source: would churnd use it, and is it worth it?
enum class Verdict {
  kUsable,     // credited, and the measurements back the claim
  kWeak,       // credited or usable, but something is marginal (see the reason)
  kNotUsable,  // absent, failing, or credited nothing
};
std::string_view VerdictName(Verdict verdict);  // "usable", "weak", "not usable"

// What churnd would claim for a source and why.
struct SourceVerdict {
  Verdict verdict = Verdict::kNotUsable;
  double claim_bits_per_sample = 0.0;   // the credit in force (registry default or override)
  double credit_bits_per_second = 0.0;  // claim x measured sample rate
  std::string reason;                   // one line
};

// Below this credited rate a source is "weak": it would take more than a second to supply the
// 256 bits a modern kernel's CRNG needs to be seeded.
inline constexpr double kWeakCreditBitsPerSecond = 256.0;

struct ProbeOptions {
  std::size_t havege_samples = 1u << 20;  // SP 800-90B asks for 1,000,000 samples
  std::size_t counter_reads = 1u << 20;
  double x86_random_seconds = 0.25;  // per instruction
  double hwrng_seconds = 0.5;        // virtio-rng gives ~10 KiB/s: a short, bounded read
  std::string sysfs_root = "/sys";
  std::string proc_root = "/proc";
  std::string proc_random_dir = "/proc/sys/kernel/random";
  std::string random_device = "/dev/random";
  harvest::HarvesterConfig harvester;  // hwrng path and claim overrides
  // Called with a stage name and the fraction done (0..1); empty: silent.
  std::function<void(std::string_view stage, double fraction)> progress;
};

// --- virtualisation ---
struct MachineProbe {
  bool hypervisor_bit = false;    // CPUID.1:ECX[31]
  std::string hypervisor_vendor;  // CPUID leaf 0x40000000, e.g. "KVMKVMKVM"; empty: none
  std::string dmi_sys_vendor;     // /sys/class/dmi/id/sys_vendor; empty: absent
  std::string dmi_product_name;   // /sys/class/dmi/id/product_name; empty: absent
  std::string cpu_model;          // "model name" of /proc/cpuinfo
  long online_cpus = -1;
  std::string kernel_release;  // uname -r
  bool virtualised = false;    // any of the above says so
};
MachineProbe ProbeMachine(const ProbeOptions& options);

// --- the cycle counter ---
struct CounterProbe {
  std::string name;  // "rdtsc", "cntvct_el0", "clock_gettime", "replay"
  std::uint64_t reads = 0;
  std::uint64_t resolution_ticks = 0;  // smallest non-zero delta of consecutive reads; 0: none
  std::uint64_t zero_deltas = 0;       // consecutive reads that returned the same value
  std::uint64_t backwards = 0;         // consecutive reads that went backwards
  double ticks_per_read = -1.0;        // cost of one read, in counter ticks
  double ns_per_read = -1.0;           // cost of one read, in nanoseconds (CLOCK_MONOTONIC)
  double ticks_per_ns = -1.0;          // the counter's frequency in GHz
};
// Reads `counter` options.counter_reads times back to back.
CounterProbe ProbeCounter(const harvest::FunctionCounter& counter, std::string name,
                          const ProbeOptions& options);
CounterProbe ProbeCycleCounter(const ProbeOptions& options);  // the real counter

// --- the HAVEGE source ---
struct HavegeProbe {
  std::uint64_t samples = 0;           // raw samples analysed
  std::uint64_t discarded_chunks = 0;  // chunks the source rejected (counter ran backwards)
  std::uint64_t chunks = 0;
  double seconds = -1.0;                    // sampling time
  std::array<std::uint64_t, 256> counts{};  // histogram of the raw sample bytes
  std::size_t distinct_values = 0;
  std::vector<std::pair<int, std::uint64_t>> top_values;  // up to 5, most common first
  double mean = -1.0;                                     // of the sample bytes
  double shannon_bits = -1.0;  // Shannon entropy of the histogram (an upper bound)
  // SP 800-90B 6.3 estimates in bits per 8-bit sample; collision, Markov and compression are
  // binary-only and run on the samples' bits (x 8). Negative: not applicable.
  double mcv_bits = -1.0;
  double collision_bits = -1.0;
  double markov_bits = -1.0;
  double compression_bits = -1.0;
  double t_tuple_bits = -1.0;
  double lrs_bits = -1.0;
  double assessment_bits = -1.0;  // min over all of them (90B 3.1.3; t-tuple/LRS on samples only)
  // The deterministic-timer test (harvest/timer_noise.h) on identical work timed 1024 times.
  std::size_t timer_distinct = 0;      // distinct timings
  double timer_mode_share = -1.0;      // share of the most common timing
  double timer_spread_bits = -1.0;     // MCV entropy of the timings
  bool timer_deterministic = false;    // the test failed: "not usable: the timer is deterministic"
  bool timer_tested = false;
  std::string error;              // non-empty when sampling or estimating failed
  SourceVerdict verdict;
};
// Samples the HAVEGE walk timed by `counter` (the seam for replayed or shaped timers) and
// judges it. `options.harvester.havege_claim_bits` >= 0 overrides the measured claim.
HavegeProbe ProbeHavege(const harvest::FunctionCounter& counter, const ProbeOptions& options);
HavegeProbe ProbeHavegeCycleCounter(const ProbeOptions& options);  // the real counter

// The probe's extra caution on a measured MCV estimate: 0 below harvest::kHavegeFloorBits (a
// coarse timer), else the estimate capped at harvest::kHavegeCeilingBits. The claim shown is
// the smaller of this and churnd's own rule, harvest::TimerClaim (0 for a deterministic timer,
// else min(cap, the SP 800-90B assessment)).
double HavegeClaimFromMcv(double mcv_bits);
// The verdict on filled-in measurements (everything but `verdict`).
SourceVerdict JudgeHavege(const HavegeProbe& probe, double claim_override_bits);

// --- RDSEED / RDRAND ---
struct X86RandomProbe {
  std::string name;               // "rdseed" or "rdrand"
  bool cpuid = false;             // CPUID says the instruction exists
  bool cpuinfo = false;           // the kernel lists it in /proc/cpuinfo
  std::uint64_t bytes = 0;        // good output read
  std::uint64_t attempts = 0;     // instruction executions
  std::uint64_t failures = 0;     // executions that returned "not ready" (carry clear)
  std::uint64_t read_errors = 0;  // chunks rejected (all-zero/all-one/repeated, retries out)
  double seconds = -1.0;
  double bytes_per_second = -1.0;
  double failure_rate = -1.0;  // failures / attempts
  std::string error;
  SourceVerdict verdict;
};
X86RandomProbe ProbeX86Random(bool seed, const ProbeOptions& options);
SourceVerdict JudgeX86Random(const X86RandomProbe& probe, double claim_override_bits);

// --- /dev/hwrng ---
struct HwrngProbe {
  std::string path;
  std::string rng_current;  // /sys/class/misc/hw_random/rng_current; empty: absent
  std::string rng_available;
  int default_quality = -1;   // /sys/module/rng_core/parameters/default_quality
  int current_quality = -1;   // .../current_quality (older kernels)
  int rng_quality = -1;       // /sys/class/misc/hw_random/rng_quality (newer kernels)
  bool kernel_feeds = false;  // a driver is selected with quality > 0: the hwrng kthread runs
  bool kthread_seen = false;  // a "hwrng" kernel thread is in /proc
  bool opened = false;
  std::string error;
  std::uint64_t bytes = 0;
  double seconds = -1.0;
  double bytes_per_second = -1.0;
  SourceVerdict verdict;
};
HwrngProbe ProbeHwrng(const ProbeOptions& options);
// The quality the kernel uses: rng_quality, else current_quality, else default_quality.
int EffectiveHwrngQuality(const HwrngProbe& probe);
SourceVerdict JudgeHwrng(const HwrngProbe& probe, double claim_override_bits);

// --- the kernel RNG ---
struct KernelProbe {
  int poolsize_bits = -1;  // /proc/sys/kernel/random/poolsize
  std::string generation;  // "modern" (256), "legacy" (4096) or "unknown"
  int entropy_avail_bits = -1;
  int write_wakeup_threshold_bits = -1;
  bool crng_ready = false;  // getrandom(GRND_NONBLOCK) succeeded
  bool can_feed = false;    // RNDADDENTROPY with 0 bytes, 0 credit was accepted
  std::string feed_error;   // why not (EPERM: no CAP_SYS_ADMIN)
};
KernelProbe ProbeKernel(const ProbeOptions& options);

struct ProbeReport {
  MachineProbe machine;
  CounterProbe counter;
  HavegeProbe havege;
  X86RandomProbe rdseed;
  X86RandomProbe rdrand;
  HwrngProbe hwrng;
  KernelProbe kernel;
  double seconds = 0.0;  // total probe time
};

ProbeReport RunAllProbes(const ProbeOptions& options);

// Formatting (probe_report.cc). Both are complete documents ending in a newline.
std::string FormatProbeText(const ProbeReport& report);
std::string FormatProbeJson(const ProbeReport& report);

// `churnd --probe [--json]`: runs every probe (progress on stderr when it is a terminal, else
// one line per stage) and prints the report on stdout. Returns 0, or 1 when stdout fails.
int RunProbe(const Config& config);

}  // namespace churn::daemon

#endif  // CHURN_DAEMON_PROBE_H_
