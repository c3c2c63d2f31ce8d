// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// churnd as a service. Start-up order matters:
//   1. open /dev/random and probe RNDADDENTROPY with 0 bytes and 0 credit: EPERM means no
//      CAP_SYS_ADMIN, reported in one line before anything else happens (exit 77);
//   2. lock the pidfile (a second instance stops here, exit 1);
//   3. block the handled signals, so every thread inherits the mask and they arrive only
//      through the signalfd;
//   4. daemonise (fork, setsid, fork): the original process waits on a pipe for the start-up
//      result and exits with it, so `start-stop-daemon --start` and the init script see 69,
//      70 or 0 rather than an optimistic 0; stderr stays the caller's until then;
//   5. build the harvester and wait for its start-up tests (at most kStartupWait, in slices,
//      answering SIGTERM/SIGINT meanwhile), then detect the kernel generation. Exit 69 only
//      here, when no source is alive at all; 70 when every source failed its start-up tests.
// The loop sleeps in poll() on the signalfd (and, on a legacy kernel, POLLOUT on
// /dev/random) until the feeder's next deadline, so an idle churnd costs no CPU and a
// SIGTERM ends it within milliseconds.
#include "daemon/service.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstring>
#include <memory>
#include <string>

#include "daemon/errors.h"
#include "daemon/feed_loop.h"
#include "daemon/feeder.h"
#include "daemon/kernel_sink.h"
#include "daemon/log.h"
#include "daemon/metrics.h"
#include "daemon/notify.h"
#include "daemon/pidfile.h"
#include "harvest/errors.h"
#include "harvest/harvester.h"

namespace churn::daemon {
namespace {

using std::chrono::steady_clock;

// How long start-up waits for every source to have tested output ready, so the first feed
// takes from all of them; slower sources join the feeds when they are ready.
constexpr std::chrono::milliseconds kStartupWait{5000};
constexpr std::chrono::milliseconds kStartupSlice{100};

constexpr const char* kNoCapabilityMessage =
    "adding entropy to the kernel needs CAP_SYS_ADMIN (in the initial user namespace); run "
    "churnd as root, or use stream mode instead: churnd -n SIZE [-f FILE]";

// EPERM or EACCES on /dev/random: churnd lacks CAP_SYS_ADMIN (exit 77).
bool IsPermissionError(std::error_code ec) {
  return ec == std::errc::operation_not_permitted || ec == std::errc::permission_denied;
}

FeederOptions FeederOptionsFrom(const Config& config) {
  FeederOptions options;
  options.reseed_interval = config.reseed_interval;
  options.once = config.once;
  options.no_credit = config.no_credit;
  if (config.write_wakeup_threshold_bits > 0) {
    options.write_wakeup_threshold_bits = config.write_wakeup_threshold_bits;
  }
  options.proc_random_dir = config.proc_random_dir;
  return options;
}

std::string SourceSummary(const harvest::Harvester& harvester) {
  std::string summary;
  for (const auto& s : harvester.Stats()) {
    if (!summary.empty()) summary += ", ";
    summary += s.name + " " + harvest::SourceStateName(s.state);
    if (s.timer_deterministic) summary += " (the timer is deterministic: credited 0)";
  }
  return summary.empty() ? "none" : summary;
}

double UnixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Forks twice and returns in the grandchild with `*status_fd` set to the write end of the
// start-up pipe. The original process never returns: it exits with the byte the grandchild
// reports (1 if the grandchild dies first).
std::error_code Daemonize(int* status_fd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return {errno, std::system_category()};
  const pid_t child = fork();
  if (child < 0) return {errno, std::system_category()};
  if (child > 0) {
    close(fds[1]);
    unsigned char code = kExitFailure;
    ssize_t n;
    do {
      n = read(fds[0], &code, 1);
    } while (n < 0 && errno == EINTR);
    _exit(n == 1 ? code : kExitFailure);
  }
  close(fds[0]);
  if (setsid() < 0) _exit(kExitFailure);
  const pid_t grandchild = fork();
  if (grandchild < 0) _exit(kExitFailure);
  if (grandchild > 0) _exit(kExitOk);  // the grandchild can never reacquire a terminal
  if (chdir("/") != 0) return {errno, std::system_category()};
  umask(022);
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    if (null_fd > STDERR_FILENO) close(null_fd);
  }
  *status_fd = fds[1];
  return {};
}

void ReportStartup(int* status_fd, int code) {
  if (*status_fd < 0) return;
  const auto byte = static_cast<unsigned char>(code);
  ssize_t n;
  do {
    n = write(*status_fd, &byte, 1);
  } while (n < 0 && errno == EINTR);
  close(*status_fd);
  *status_fd = -1;
}

class Service {
 public:
  Service(const std::vector<std::string>& args, const Config& config)
      : args_(args), config_(config) {}
  ~Service() {
    if (signal_fd_ >= 0) close(signal_fd_);
    ReportStartup(&status_fd_, kExitFailure);
  }
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  int Run();

 private:
  int Start();
  int Loop();
  // After each feeder run: true ends the loop with *exit_code.
  bool OnReport(const FeedReport& report, int* exit_code);
  void Reload();
  void LogStatistics();
  void WriteMetrics(bool crng_ready, int entropy_avail_bits);
  void StatusLine(const FeedReport& report);
  void LogError(const char* key, const std::string& text);
  int Fail(int code, const std::string& text) {
    Log(LogLevel::kError, "%s", text.c_str());
    ReportStartup(&status_fd_, code);
    return code;
  }

  std::vector<std::string> args_;
  Config config_;
  std::unique_ptr<KernelSink> sink_;
  std::unique_ptr<Pidfile> pidfile_;
  std::unique_ptr<harvest::Harvester> harvester_;
  std::unique_ptr<Feeder> feeder_;
  int status_fd_ = -1;
  int signal_fd_ = -1;
  bool stopped_in_startup_ = false;
  bool notified_ready_ = false;
  double start_unix_seconds_ = UnixNow();
  double last_feed_unix_seconds_ = 0.0;
  RateLimiter limiter_{3, std::chrono::seconds(60)};
};

int Service::Run() {
  SetLogTarget(LogTarget::kStderr);
  const int code = Start();
  if (code != kExitOk || stopped_in_startup_) return code;
  return Loop();
}

int Service::Start() {
  KernelSinkOptions sink_options;
  sink_options.device_path = config_.random_device;
  sink_options.allow_credit = !config_.no_credit;
  if (auto ec = OpenKernelSink(sink_options, &sink_)) {
    if (IsPermissionError(ec)) {
      return Fail(kExitNoPerm, kNoCapabilityMessage);
    }
    return Fail(kExitFailure, "cannot open " + config_.random_device + ": " + ec.message());
  }
  if (auto ec = sink_->AddEntropy({}, 0)) {
    if (IsPermissionError(ec)) {
      return Fail(kExitNoPerm, kNoCapabilityMessage);
    }
    return Fail(kExitFailure, "RNDADDENTROPY on " + config_.random_device + ": " + ec.message());
  }

  if (!config_.pidfile.empty()) {
    pid_t holder = 0;
    if (auto ec = Pidfile::Acquire(config_.pidfile, &pidfile_, &holder)) {
      if (ec == DaemonErrc::kAlreadyRunning) {
        return Fail(kExitFailure, "another churnd (pid " + std::to_string(holder) +
                                      ") is running with pidfile " + config_.pidfile +
                                      "; not starting a second one");
      }
      return Fail(kExitFailure, "cannot lock pidfile " + config_.pidfile + ": " + ec.message());
    }
  }

  sigset_t handled;
  sigemptyset(&handled);
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&handled, sig);
  if (sigprocmask(SIG_BLOCK, &handled, nullptr) != 0) {
    return Fail(kExitFailure, std::string("sigprocmask: ") + std::strerror(errno));
  }
  signal(SIGPIPE, SIG_IGN);

  const bool daemonize = !config_.foreground && !config_.once;
  if (daemonize) {
    if (auto ec = Daemonize(&status_fd_)) {
      return Fail(kExitFailure, "cannot daemonise: " + ec.message());
    }
    // Until the caller has its answer, start-up lines go to its stderr and to syslog.
    SetLogTarget(LogTarget::kStderrAndSyslog);
  }
  if (pidfile_) {
    if (auto ec = pidfile_->WritePid(getpid())) {
      return Fail(kExitFailure, "cannot write pidfile " + config_.pidfile + ": " + ec.message());
    }
  }
  signal_fd_ = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd_ < 0) return Fail(kExitFailure, std::string("signalfd: ") + std::strerror(errno));

  // config_.harvester.log is ParseConfig()'s: the harvester's lines reach the one logger.
  if (auto ec = harvest::MakeHarvester(config_.harvester, &harvester_)) {
    const int code = ExitCodeFor(ec);
    return Fail(code == kExitOk ? kExitFailure : code, "entropy sources: " + ec.message());
  }
  const auto startup_deadline = steady_clock::now() + kStartupWait;
  while (!harvester_->WaitForStartup(kStartupSlice) && steady_clock::now() < startup_deadline) {
    signalfd_siginfo info;
    while (read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT) {
        Log(LogLevel::kNotice, "stopping on %s during start-up",
            info.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
        ReportStartup(&status_fd_, kExitOk);
        stopped_in_startup_ = true;
        return kExitOk;
      }
    }
  }
  if (auto ec = harvester_->StartupVerdict()) {
    return Fail(ExitCodeFor(ec), "entropy sources: " + ec.message() + " (" +
                                     SourceSummary(*harvester_) + ")");
  }
  feeder_ = std::make_unique<Feeder>(FeederOptionsFrom(config_), sink_.get(), harvester_.get());
  if (auto ec = feeder_->Start()) {
    return Fail(kExitFailure, "cannot read the kernel's RNG settings in " +
                                  config_.proc_random_dir + ": " + ec.message());
  }
  if (auto ec = feeder_->threshold_write_error()) {
    Log(LogLevel::kWarning,
        "write-wakeup-threshold: cannot write %s/write_wakeup_threshold (%s); using the "
        "kernel's %d bits",
        config_.proc_random_dir.c_str(), ec.message().c_str(),
        feeder_->write_wakeup_threshold_bits());
  }

  if (daemonize) {
    SetLogTarget(LogTarget::kSyslog);
    ReportStartup(&status_fd_, kExitOk);
    // The caller has its answer; from now on everything goes to syslog.
    const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd >= 0) {
      dup2(null_fd, STDERR_FILENO);
      close(null_fd);
    }
  }
  Log(LogLevel::kNotice, "started (pid %d); sources: %s", static_cast<int>(getpid()),
      SourceSummary(*harvester_).c_str());
  if (feeder_->generation() == KernelGeneration::kModern) {
    Log(LogLevel::kNotice,
        "kernel RNG: modern (poolsize %d bits): feeding until the CRNG is ready, then fresh "
        "entropy and a reseed every %lld s%s",
        feeder_->poolsize_bits(), static_cast<long long>(config_.reseed_interval.count()),
        config_.no_credit ? "; crediting 0 bits (--no-credit)" : "");
    if (config_.write_wakeup_threshold_bits > 0) {
      Log(LogLevel::kNotice, "write-wakeup-threshold ignored: this kernel does not use it");
    }
  } else {
    Log(LogLevel::kNotice,
        "kernel RNG: legacy (poolsize %d bits): topping up to write_wakeup_threshold %d bits%s",
        feeder_->poolsize_bits(), feeder_->write_wakeup_threshold_bits(),
        config_.no_credit ? "; crediting 0 bits (--no-credit)" : "");
  }
  return kExitOk;
}

void Service::LogError(const char* key, const std::string& text) {
  std::uint64_t suppressed = 0;
  if (!limiter_.Allow(key, steady_clock::now(), &suppressed)) return;
  if (suppressed != 0) {
    Log(LogLevel::kWarning, "%s (%" PRIu64 " similar messages suppressed)", text.c_str(),
        suppressed);
  } else {
    Log(LogLevel::kWarning, "%s", text.c_str());
  }
}

void Service::StatusLine(const FeedReport& report) {
  const FeederTotals& totals = feeder_->totals();
  char line[512];
  std::snprintf(line, sizeof line,
                "%s kernel, CRNG %s, entropy_avail %d bits; this interval fed %zu bytes "
                "(credited %" PRIu64 " bits)%s; total %" PRIu64 " bytes, %" PRIu64
                " bits credited, %" PRIu64 " reseeds",
                GenerationName(feeder_->generation()),
                report.crng_ready ? "ready" : "not ready", report.entropy_avail_bits,
                report.fed_bytes, report.credited_bits, report.reseeded ? ", reseeded" : "",
                totals.fed_bytes, totals.credited_bits, totals.reseeds);
  if (config_.verbose) {
    Log(LogLevel::kInfo, "status: %s; sources: %s", line, SourceSummary(*harvester_).c_str());
  }
  (void)NotifyServiceManager(std::string("STATUS=") + line);
}

void Service::WriteMetrics(bool crng_ready, int entropy_avail_bits) {
  if (config_.metrics_path.empty()) return;
  MetricsSnapshot snapshot;
  snapshot.generation = feeder_->generation();
  snapshot.poolsize_bits = feeder_->poolsize_bits();
  snapshot.crng_ready = crng_ready;
  snapshot.entropy_avail_bits = entropy_avail_bits;
  snapshot.totals = feeder_->totals();
  snapshot.sources = harvester_->Stats();
  snapshot.last_feed_unix_seconds = last_feed_unix_seconds_;
  snapshot.start_unix_seconds = start_unix_seconds_;
  if (auto ec = WriteFileAtomically(config_.metrics_path, RenderMetrics(snapshot))) {
    LogError("metrics", "cannot write metrics to " + config_.metrics_path + ": " + ec.message());
  }
}

void Service::LogStatistics() {
  const FeederTotals& t = feeder_->totals();
  Log(LogLevel::kNotice,
      "statistics: %s kernel; fed %" PRIu64 " bytes in %" PRIu64 " feeds, credited %" PRIu64
      " bits, %" PRIu64 " reseeds, %" PRIu64 " harvest errors, %" PRIu64 " kernel errors",
      GenerationName(feeder_->generation()), t.fed_bytes, t.feeds, t.credited_bits, t.reseeds,
      t.harvest_errors, t.sink_errors);
  for (const auto& s : harvester_->Stats()) {
    char first[96] = "none yet";
    if (s.first_output_seconds >= 0) {
      std::snprintf(first, sizeof first, "%.3f s (first ready %.3f s)", s.first_output_seconds,
                    s.first_ready_seconds);
    }
    Log(LogLevel::kNotice,
        "source %s: %s, claim %.3f bits/sample, raw %" PRIu64 " bytes, fed %" PRIu64
        " bytes, credited %" PRIu64 " bits, ready %" PRIu64 " bytes, first fed after %s, "
        "failures rct %" PRIu64 " apt %" PRIu64 " fips %" PRIu64 " timer %" PRIu64
        ", quarantines %" PRIu64 ", stalls %" PRIu64 ", read errors %" PRIu64,
        s.name.c_str(), harvest::SourceStateName(s.state), s.claim_bits_per_sample, s.raw_bytes,
        s.output_bytes, s.credited_bits, s.buffered_bytes, first, s.rct_failures,
        s.apt_failures, s.fips_failures, s.noise_failures, s.quarantines, s.stalls,
        s.read_errors);
  }
}

void Service::Reload() {
  Config fresh;
  std::string message;
  if (auto ec = ParseConfig(args_, &fresh, &message)) {
    Log(LogLevel::kError, "SIGHUP: %s; keeping the running configuration", message.c_str());
    return;
  }
  if (fresh.pidfile != config_.pidfile || fresh.foreground != config_.foreground) {
    Log(LogLevel::kWarning, "SIGHUP: pidfile and foreground take effect on restart");
  }
  if (fresh.no_credit != config_.no_credit) {
    Log(LogLevel::kWarning, "SIGHUP: no-credit takes effect on restart");
    fresh.no_credit = config_.no_credit;
  }
  fresh.pidfile = config_.pidfile;
  fresh.foreground = config_.foreground;
  fresh.once = config_.once;
  std::unique_ptr<harvest::Harvester> harvester;
  if (auto ec = harvest::MakeHarvester(fresh.harvester, &harvester)) {
    Log(LogLevel::kError, "SIGHUP: cannot reopen the sources (%s); keeping the running ones",
        ec.message().c_str());
    return;
  }
  feeder_->Reconfigure(FeederOptionsFrom(fresh), harvester.get());
  harvester_ = std::move(harvester);
  config_ = std::move(fresh);
  Log(LogLevel::kNotice, "SIGHUP: configuration re-read, sources reopened: %s",
      SourceSummary(*harvester_).c_str());
}

// The signals churnd handles, one at a time, from its signalfd (plus POLLOUT on a legacy
// kernel's /dev/random).
class SignalFdSource final : public SignalSource {
 public:
  explicit SignalFdSource(int signal_fd) : fd_(signal_fd) {}
  int Wait(std::chrono::milliseconds timeout, int writable_fd, bool* writable) override {
    *writable = false;
    pollfd fds[2] = {{fd_, POLLIN, 0}, {writable_fd, POLLOUT, 0}};
    const int n = poll(fds, 2, static_cast<int>(timeout.count()));
    if (n <= 0) return 0;  // timeout, or EINTR: the loop re-checks its deadline
    if ((fds[0].revents & POLLIN) != 0) {
      signalfd_siginfo info;
      if (read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        return static_cast<int>(info.ssi_signo);
      }
    }
    *writable = (fds[1].revents & POLLOUT) != 0;
    return 0;
  }

 private:
  int fd_;
};

bool Service::OnReport(const FeedReport& report, int* exit_code) {
  if (report.fatal) {
    const int code = ExitCodeFor(report.fatal);
    Log(LogLevel::kError, "%s; exiting",
        code == kExitNoPerm ? kNoCapabilityMessage : report.fatal.message().c_str());
    (void)NotifyServiceManager("STOPPING=1");
    *exit_code = code;
    return true;
  }
  if (report.error) {
    LogError(report.error.category().name(), "feeding the kernel: " + report.error.message());
  }
  if (report.fed_bytes != 0) last_feed_unix_seconds_ = UnixNow();
  if (report.became_ready && !notified_ready_) {
    notified_ready_ = true;
    Log(LogLevel::kNotice, "the kernel's CRNG is seeded");
    (void)NotifyServiceManager("READY=1");
  } else if (config_.no_credit && report.fed_bytes != 0 && !notified_ready_) {
    // --no-credit cannot seed the CRNG: ready once the kernel has had its first data.
    notified_ready_ = true;
    (void)NotifyServiceManager("READY=1");
  }
  if (report.cycle_completed) {
    StatusLine(report);
    WriteMetrics(report.crng_ready, report.entropy_avail_bits);
  }
  if (!report.once_done) return false;
  if (report.once_uncredited && !config_.no_credit) {
    Log(LogLevel::kError,
        "--once: no credited entropy source (sources: %s); fed %" PRIu64
        " bytes credited 0 bits: the kernel's CRNG was NOT seeded by churnd",
        SourceSummary(*harvester_).c_str(), feeder_->totals().fed_bytes);
    *exit_code = kExitUnavailable;
    return true;
  }
  Log(LogLevel::kNotice, "--once: done (fed %" PRIu64 " bytes, credited %" PRIu64 " bits)",
      feeder_->totals().fed_bytes, feeder_->totals().credited_bits);
  *exit_code = kExitOk;
  return true;
}

int Service::Loop() {
  SignalFdSource signals(signal_fd_);
  FeedLoopHooks hooks;
  hooks.on_report = [this](const FeedReport& report, int* exit_code) {
    return OnReport(report, exit_code);
  };
  hooks.on_stop = [](int signo) {
    Log(LogLevel::kNotice, "stopping on %s", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    (void)NotifyServiceManager("STOPPING=1");
  };
  hooks.on_reload = [this] { Reload(); };
  hooks.on_statistics = [this] { LogStatistics(); };
  hooks.writable_fd = sink_->PollFd();
  return RunFeedLoop(feeder_.get(), &signals, [] { return steady_clock::now(); }, hooks);
}

}  // namespace

int RunDaemon(const std::vector<std::string>& args, const Config& config) {
  Service service(args, config);
  return service.Run();
}

}  // namespace churn::daemon
