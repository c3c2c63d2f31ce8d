// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churnd --probe output: a human-readable report, or one JSON object (--json). Unknown values
// (negative in the probe structs) print as "unknown" and JSON null. The JSON is written by
// hand: it is small, flat and needs no library; strings are escaped per RFC 8259.
#include <array>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "daemon/probe.h"
#include "harvest/timer_noise.h"
#include "stats/json.h"

namespace churn::daemon {
namespace {

[[gnu::format(printf, 2, 3)]] void Append(std::string* out, const char* format, ...) {
  char line[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  *out += line;
}

// "unknown" for a negative value, else the value with `precision` decimals (or significant
// digits when `general`).
std::string Known(double value, int precision, bool general = false) {
  if (value < 0.0) return "unknown";
  char text[64];
  if (general) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
  } else {
    std::snprintf(text, sizeof text, "%.*f", precision, value);
  }
  return text;
}

std::string OrNone(const std::string& text) { return text.empty() ? "none" : text; }

// The HAVEGE sample counts summed over 16 bins of 16 consecutive values.
std::array<std::uint64_t, 16> Histogram16(const HavegeProbe& h) {
  std::array<std::uint64_t, 16> bins{};
  for (std::size_t v = 0; v < h.counts.size(); ++v) bins[v / 16] += h.counts[v];
  return bins;
}

// --- JSON ---

// Writes `"key": value` pairs with the commas in the right places.
class Json {
 public:
  Json() {
    out_ = "{";
    first_.push_back(true);
  }
  void Object(const char* key) {
    Key(key);
    out_ += "{";
    first_.push_back(true);
  }
  void Array(const char* key) {
    Key(key);
    out_ += "[";
    first_.push_back(true);
  }
  void ObjectInArray() {
    Comma();
    out_ += "{";
    first_.push_back(true);
  }
  void End(char close) {
    out_ += close;
    first_.pop_back();
  }
  void String(const char* key, const std::string& value) {
    Key(key), out_ += stats::JsonQuote(value);
  }
  void Bool(const char* key, bool value) { Key(key), out_ += value ? "true" : "false"; }
  void Uint(const char* key, std::uint64_t value) {
    Key(key);
    Append(&out_, "%" PRIu64, value);
  }
  // Negative means unknown: null.
  void Number(const char* key, double value) {
    Key(key);
    if (value < 0.0) {
      out_ += "null";
    } else {
      Append(&out_, "%.6g", value);
    }
  }
  void Int(const char* key, long value) {
    Key(key);
    if (value < 0) {
      out_ += "null";
    } else {
      Append(&out_, "%ld", value);
    }
  }
  void UintInArray(std::uint64_t value) {
    Comma();
    Append(&out_, "%" PRIu64, value);
  }
  std::string Finish() {
    out_ += "}\n";
    return out_;
  }

 private:
  void Comma() {
    if (!first_.back()) out_ += ",";
    first_.back() = false;
  }
  void Key(const char* key) {
    Comma();
    out_ += stats::JsonQuote(key);
    out_ += ":";
  }
  std::string out_;
  std::vector<bool> first_;
};

void JsonVerdict(Json* j, const SourceVerdict& v) {
  j->Number("claim_bits_per_sample", v.claim_bits_per_sample);
  j->Number("credit_bits_per_second", v.credit_bits_per_second);
  j->String("verdict", std::string(VerdictName(v.verdict)));
  j->String("reason", v.reason);
}

void JsonX86(Json* j, const char* key, const X86RandomProbe& p) {
  j->Object(key);
  j->Bool("cpuid", p.cpuid);
  j->Bool("cpuinfo", p.cpuinfo);
  j->Uint("bytes", p.bytes);
  j->Number("seconds", p.seconds);
  j->Number("bytes_per_second", p.bytes_per_second);
  j->Uint("attempts", p.attempts);
  j->Uint("failures", p.failures);
  j->Number("failure_rate", p.failure_rate);
  j->Uint("read_errors", p.read_errors);
  j->String("error", p.error);
  JsonVerdict(j, p.verdict);
  j->End('}');
}

// --- text ---

void TextVerdictLine(std::string* out, const char* name, const SourceVerdict& v) {
  Append(out, "  %-7s %-10s %6s bits/sample %12s bits/s   %s\n", name,
         std::string(VerdictName(v.verdict)).c_str(),
         Known(v.claim_bits_per_sample, 3, true).c_str(),
         Known(v.credit_bits_per_second, 4, true).c_str(), v.reason.c_str());
}

void TextX86(std::string* out, const char* title, const X86RandomProbe& p) {
  Append(out, "%s\n", title);
  Append(out, "  present            CPUID %s, /proc/cpuinfo %s\n", p.cpuid ? "yes" : "no",
         p.cpuinfo ? "yes" : "no");
  if (p.seconds >= 0.0) {
    Append(out, "  rate               %s MB/s (%" PRIu64 " bytes in %.2f s)\n",
           Known(p.bytes_per_second / 1e6, 1).c_str(), p.bytes, p.seconds);
    Append(out,
           "  failures           %s of %" PRIu64 " attempts not ready; %" PRIu64
           " chunks rejected\n",
           (p.failure_rate < 0.0 ? std::string("unknown") : Known(100.0 * p.failure_rate, 1) + "%")
               .c_str(),
           p.attempts, p.read_errors);
  }
}

}  // namespace

std::string FormatProbeText(const ProbeReport& r) {
  std::string out;
  Append(&out, "churnd --probe: the entropy sources of this machine (measured in %.1f s)\n\n",
         r.seconds);
  const MachineProbe& m = r.machine;
  Append(&out, "Machine\n");
  Append(&out, "  virtualised        %s (CPUID hypervisor bit %s, vendor %s; DMI %s / %s)\n",
         m.virtualised ? "yes" : "no", m.hypervisor_bit ? "set" : "clear",
         OrNone(m.hypervisor_vendor).c_str(),
         m.dmi_sys_vendor.empty() ? "unavailable" : m.dmi_sys_vendor.c_str(),
         m.dmi_product_name.empty() ? "unavailable" : m.dmi_product_name.c_str());
  Append(&out, "  CPU                %s, %ld online\n", OrNone(m.cpu_model).c_str(), m.online_cpus);
  Append(&out, "  kernel             %s\n\n", OrNone(m.kernel_release).c_str());

  const CounterProbe& c = r.counter;
  Append(&out, "Cycle counter\n");
  Append(&out, "  counter            %s at %s ticks/ns\n", c.name.c_str(),
         Known(c.ticks_per_ns, 3).c_str());
  Append(&out,
         "  resolution         %" PRIu64 " ticks (smallest non-zero step of %" PRIu64
         " back-to-back reads; %" PRIu64 " repeated values)\n",
         c.resolution_ticks, c.reads, c.zero_deltas);
  Append(&out, "  cost per read      %s ticks, %s ns\n", Known(c.ticks_per_read, 1).c_str(),
         Known(c.ns_per_read, 1).c_str());
  Append(&out, "  monotonic          %s (%" PRIu64 " steps backwards)\n\n",
         c.backwards == 0 ? "yes" : "NO", c.backwards);

  const HavegeProbe& h = r.havege;
  Append(&out, "HAVEGE (CPU timer jitter; raw sample = low byte of a timer delta)\n");
  Append(&out,
         "  samples            %" PRIu64 " in %s s; %" PRIu64 " of %" PRIu64 " chunks discarded\n",
         h.samples, Known(h.seconds, 2).c_str(), h.discarded_chunks, h.chunks);
  std::string top;
  for (const auto& [value, count] : h.top_values) {
    Append(&top, " 0x%02x %.2f%%", value,
           100.0 * static_cast<double>(count) / static_cast<double>(h.samples));
  }
  Append(&out, "  distribution       %zu distinct values, mean %s, Shannon %s bits; top:%s\n",
         h.distinct_values, Known(h.mean, 1).c_str(), Known(h.shannon_bits, 2).c_str(),
         top.c_str());
  std::string bins;
  for (const std::uint64_t sum : Histogram16(h)) {
    Append(
        &bins, " %.1f",
        h.samples == 0 ? 0.0 : 100.0 * static_cast<double>(sum) / static_cast<double>(h.samples));
  }
  Append(&out, "  histogram (%% per 16 values)%s\n", bins.c_str());
  Append(&out,
         "  SP 800-90B (bits per sample)  MCV %s, collision %s, Markov %s, compression %s,"
         " t-tuple %s, LRS %s\n",
         Known(h.mcv_bits, 3).c_str(), Known(h.collision_bits, 3).c_str(),
         Known(h.markov_bits, 3).c_str(), Known(h.compression_bits, 3).c_str(),
         Known(h.t_tuple_bits, 3).c_str(), Known(h.lrs_bits, 3).c_str());
  if (h.timer_tested) {
    Append(&out,
           "  timer test         identical work timed %zu times: %zu distinct timings, the most "
           "common %.1f%%, spread %.3f bits: %s\n",
           harvest::kTimerNoiseRepetitions, h.timer_distinct, 100.0 * h.timer_mode_share,
           h.timer_spread_bits, h.timer_deterministic ? "DETERMINISTIC" : "varies");
  }
  Append(&out, "  assessment         %s bits per sample (the minimum)%s%s\n\n",
         Known(h.assessment_bits, 3).c_str(), h.error.empty() ? "" : "; ", h.error.c_str());

  TextX86(&out, "RDSEED", r.rdseed);
  TextX86(&out, "RDRAND", r.rdrand);
  Append(&out, "\n");

  const HwrngProbe& w = r.hwrng;
  Append(&out, "Hardware RNG (%s)\n", w.path.c_str());
  Append(&out, "  driver             %s (available: %s)\n", OrNone(w.rng_current).c_str(),
         OrNone(w.rng_available).c_str());
  Append(&out,
         "  quality            %d/1024 (default_quality %d, current_quality %d, "
         "rng_quality %d; -1: absent)\n",
         EffectiveHwrngQuality(w), w.default_quality, w.current_quality, w.rng_quality);
  Append(&out, "  kernel feeds it    %s (hwrng kernel thread %s)\n", w.kernel_feeds ? "yes" : "no",
         w.kthread_seen ? "running" : "not seen");
  if (w.opened) {
    Append(&out, "  rate               %s bytes/s (%" PRIu64 " bytes in %.2f s)%s%s\n",
           Known(w.bytes_per_second, 0).c_str(), w.bytes, w.seconds,
           w.error.empty() ? "" : "; error: ", w.error.c_str());
  } else {
    Append(&out, "  rate               not measured: %s\n", w.error.c_str());
  }
  Append(&out, "\n");

  const KernelProbe& k = r.kernel;
  Append(&out, "Kernel RNG\n");
  Append(&out, "  poolsize           %d bits (%s)\n", k.poolsize_bits, k.generation.c_str());
  Append(&out, "  entropy_avail      %d bits; CRNG %s\n", k.entropy_avail_bits,
         k.crng_ready ? "ready (getrandom does not block)" : "NOT ready");
  Append(&out, "  churnd can feed it %s%s%s\n\n", k.can_feed ? "yes" : "no",
         k.feed_error.empty() ? "" : ": ", k.feed_error.c_str());

  Append(&out, "Verdicts (the credit churnd would claim)\n");
  TextVerdictLine(&out, "havege", h.verdict);
  TextVerdictLine(&out, "rdseed", r.rdseed.verdict);
  TextVerdictLine(&out, "rdrand", r.rdrand.verdict);
  TextVerdictLine(&out, "hwrng", w.verdict);
  if (!k.can_feed) {
    Append(&out,
           "\nFeeding the kernel is not possible here; stream mode still works: "
           "churnd -n SIZE [-f FILE]\n");
  }
  return out;
}

std::string FormatProbeJson(const ProbeReport& r) {
  Json j;
  j.Number("seconds", r.seconds);

  const MachineProbe& m = r.machine;
  j.Object("machine");
  j.Bool("virtualised", m.virtualised);
  j.Bool("hypervisor_bit", m.hypervisor_bit);
  j.String("hypervisor_vendor", m.hypervisor_vendor);
  j.String("dmi_sys_vendor", m.dmi_sys_vendor);
  j.String("dmi_product_name", m.dmi_product_name);
  j.String("cpu_model", m.cpu_model);
  j.Int("online_cpus", m.online_cpus);
  j.String("kernel_release", m.kernel_release);
  j.End('}');

  const CounterProbe& c = r.counter;
  j.Object("counter");
  j.String("name", c.name);
  j.Uint("reads", c.reads);
  j.Uint("resolution_ticks", c.resolution_ticks);
  j.Uint("zero_deltas", c.zero_deltas);
  j.Uint("backwards", c.backwards);
  j.Bool("monotonic", c.backwards == 0);
  j.Number("ticks_per_read", c.ticks_per_read);
  j.Number("ns_per_read", c.ns_per_read);
  j.Number("ticks_per_ns", c.ticks_per_ns);
  j.End('}');

  const HavegeProbe& h = r.havege;
  j.Object("havege");
  j.Uint("samples", h.samples);
  j.Uint("chunks", h.chunks);
  j.Uint("discarded_chunks", h.discarded_chunks);
  j.Number("seconds", h.seconds);
  j.Uint("distinct_values", h.distinct_values);
  j.Number("mean", h.mean);
  j.Number("shannon_bits", h.shannon_bits);
  j.Array("top_values");
  for (const auto& [value, count] : h.top_values) {
    j.ObjectInArray();
    j.Uint("value", static_cast<std::uint64_t>(value));
    j.Uint("count", count);
    j.End('}');
  }
  j.End(']');
  j.Array("histogram16");
  for (const std::uint64_t sum : Histogram16(h)) j.UintInArray(sum);
  j.End(']');
  j.Object("min_entropy_bits");
  j.Number("most_common_value", h.mcv_bits);
  j.Number("collision", h.collision_bits);
  j.Number("markov", h.markov_bits);
  j.Number("compression", h.compression_bits);
  j.Number("t_tuple", h.t_tuple_bits);
  j.Number("lrs", h.lrs_bits);
  j.Number("assessment", h.assessment_bits);
  j.End('}');
  j.Object("timer_test");
  j.Number("distinct", static_cast<double>(h.timer_distinct));
  j.Number("mode_share", h.timer_mode_share);
  j.Number("spread_bits", h.timer_spread_bits);
  j.Bool("deterministic", h.timer_deterministic);
  j.End('}');
  j.String("error", h.error);
  JsonVerdict(&j, h.verdict);
  j.End('}');

  JsonX86(&j, "rdseed", r.rdseed);
  JsonX86(&j, "rdrand", r.rdrand);

  const HwrngProbe& w = r.hwrng;
  j.Object("hwrng");
  j.String("path", w.path);
  j.String("rng_current", w.rng_current);
  j.String("rng_available", w.rng_available);
  j.Int("quality", EffectiveHwrngQuality(w));
  j.Int("default_quality", w.default_quality);
  j.Int("current_quality", w.current_quality);
  j.Int("rng_quality", w.rng_quality);
  j.Bool("kernel_feeds", w.kernel_feeds);
  j.Bool("kthread_seen", w.kthread_seen);
  j.Bool("opened", w.opened);
  j.Uint("bytes", w.bytes);
  j.Number("seconds", w.seconds);
  j.Number("bytes_per_second", w.bytes_per_second);
  j.String("error", w.error);
  JsonVerdict(&j, w.verdict);
  j.End('}');

  const KernelProbe& k = r.kernel;
  j.Object("kernel");
  j.Int("poolsize_bits", k.poolsize_bits);
  j.String("generation", k.generation);
  j.Int("entropy_avail_bits", k.entropy_avail_bits);
  j.Int("write_wakeup_threshold_bits", k.write_wakeup_threshold_bits);
  j.Bool("crng_ready", k.crng_ready);
  j.Bool("can_feed", k.can_feed);
  j.String("feed_error", k.feed_error);
  j.End('}');
  return j.Finish();
}

}  // namespace churn::daemon
