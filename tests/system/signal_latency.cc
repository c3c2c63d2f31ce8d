// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
//
// signal-latency SETTLE_MS SIGNAL LOG -- COMMAND [ARG]...
// Starts COMMAND (stderr to LOG, stdout to /dev/null), waits SETTLE_MS, sends SIGNAL (TERM,
// INT, ...) and measures how long the command takes to end, with waitpid() rather than a
// polling shell loop, so a loaded machine adds little to the figure. Prints one line:
//   "self <status>"           the command had ended before the signal (exit status)
//   "answered <ms> <status>"  it ended <ms> milliseconds after the signal
// A command still running 10 s after the signal is killed: "hung". Exit 0 unless it cannot
// run the command (1) or is misused (2).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

long long NowMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

int Status(int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6 || std::strcmp(argv[4], "--") != 0) {
    std::fprintf(stderr, "usage: signal-latency SETTLE_MS SIGNAL LOG -- COMMAND [ARG]...\n");
    return 2;
  }
  const long settle_ms = std::strtol(argv[1], nullptr, 10);
  const std::string name = argv[2];
  const int sig = name == "TERM" ? SIGTERM : name == "INT" ? SIGINT : name == "HUP" ? SIGHUP
                : name == "USR1" ? SIGUSR1 : 0;
  if (sig == 0) return 2;
  const pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    const int log = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (log < 0 || null < 0) _exit(127);
    dup2(null, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    execv(argv[5], argv + 5);
    _exit(127);
  }
  const long long until = NowMs() + settle_ms;
  int raw = 0;
  while (NowMs() < until) {
    if (waitpid(pid, &raw, WNOHANG) == pid) {
      std::printf("self %d\n", Status(raw));
      return 0;
    }
    usleep(5000);
  }
  const long long t0 = NowMs();
  kill(pid, sig);
  for (;;) {
    if (waitpid(pid, &raw, WNOHANG) == pid) break;
    if (NowMs() - t0 > 10000) {
      kill(pid, SIGKILL);
      waitpid(pid, &raw, 0);
      std::printf("hung\n");
      return 0;
    }
    usleep(1000);
  }
  std::printf("answered %lld %d\n", NowMs() - t0, Status(raw));
  return 0;
}
