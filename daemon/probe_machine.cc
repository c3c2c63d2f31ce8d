// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// The platform half of churnd --probe: is this a virtual machine (CPUID's hypervisor bit and
// vendor leaf, DMI strings), and what is the kernel RNG's state (poolsize, CRNG readiness,
// whether churnd may feed it). The x86-64 CPUID code is the only architecture #if here.
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "daemon/kernel_sink.h"
#include "daemon/probe.h"
#include "daemon/sysfs_read.h"

namespace churn::daemon {
namespace {

std::string CpuModel(const std::string& cpuinfo_path) {
  std::FILE* f = std::fopen(cpuinfo_path.c_str(), "re");
  if (f == nullptr) return {};
  char line[1024];
  std::string model;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, "model name", 10) != 0) continue;
    const char* colon = std::strchr(line, ':');
    if (colon == nullptr) continue;
    model = colon + 1;
    break;
  }
  std::fclose(f);
  model.erase(0, model.find_first_not_of(" \t"));
  while (!model.empty() && (model.back() == '\n' || model.back() == ' ')) model.pop_back();
  return model;
}

// DMI vendor or product strings that only virtual machines carry.
bool DmiSaysVirtual(const std::string& vendor, const std::string& product) {
  static constexpr std::array<const char*, 9> kMarkers = {
      "QEMU",  "KVM",       "VMware", "Xen", "innotek", "VirtualBox", "Virtual Machine",
      "Bochs", "Amazon EC2"};
  for (const char* marker : kMarkers) {
    if (vendor.find(marker) != std::string::npos || product.find(marker) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

MachineProbe ProbeMachine(const ProbeOptions& options) {
  MachineProbe m;
#if defined(__x86_64__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) != 0) m.hypervisor_bit = (c >> 31) & 1u;
  if (m.hypervisor_bit) {
    // Leaf 0x40000000 exists only under a hypervisor (Intel SDM reserves the range for it);
    // the vendor signature is 12 bytes in EBX, ECX, EDX.
    __cpuid(0x40000000u, a, b, c, d);
    char vendor[13] = {};
    std::memcpy(vendor + 0, &b, 4);
    std::memcpy(vendor + 4, &c, 4);
    std::memcpy(vendor + 8, &d, 4);
    for (char& ch : vendor) {
      if (ch != '\0' && (ch < 0x20 || ch > 0x7e)) ch = '?';
    }
    m.hypervisor_vendor = vendor;
  }
#endif
  m.dmi_sys_vendor = ReadFirstLine(options.sysfs_root + "/class/dmi/id/sys_vendor");
  m.dmi_product_name = ReadFirstLine(options.sysfs_root + "/class/dmi/id/product_name");
  m.cpu_model = CpuModel(options.proc_root + "/cpuinfo");
  m.online_cpus = sysconf(_SC_NPROCESSORS_ONLN);
  utsname u{};
  if (uname(&u) == 0) m.kernel_release = u.release;
  m.virtualised = m.hypervisor_bit || !m.hypervisor_vendor.empty() ||
                  DmiSaysVirtual(m.dmi_sys_vendor, m.dmi_product_name);
  return m;
}

KernelProbe ProbeKernel(const ProbeOptions& options) {
  KernelProbe k;
  k.poolsize_bits = ReadNonNegativeInt(options.proc_random_dir + "/poolsize");
  k.entropy_avail_bits = ReadNonNegativeInt(options.proc_random_dir + "/entropy_avail");
  k.write_wakeup_threshold_bits = ReadNonNegativeInt(options.proc_random_dir + "/write_wakeup_threshold");
  // The same rule the feeder uses: 256 is the BLAKE2s pool of 5.18+, 4096 the old one.
  k.generation = k.poolsize_bits == 256 ? "modern" : k.poolsize_bits == 4096 ? "legacy" : "unknown";
  bool ready = false;
  k.crng_ready = !CrngReadyNow(&ready) && ready;
  // The daemon's own permission check: RNDADDENTROPY with no bytes and no credit.
  std::unique_ptr<KernelSink> sink;
  KernelSinkOptions sink_options;
  sink_options.device_path = options.random_device;
  sink_options.allow_credit = false;
  if (std::error_code ec = OpenKernelSink(sink_options, &sink)) {
    k.feed_error = "cannot open " + options.random_device + ": " + ec.message();
  } else if (std::error_code add = sink->AddEntropy({}, 0)) {
    k.feed_error = add.message();
    if (add == std::errc::operation_not_permitted) k.feed_error += " (no CAP_SYS_ADMIN)";
  } else {
    k.can_feed = true;
  }
  return k;
}

}  // namespace churn::daemon
