// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The churn Authors
#include "daemon/config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/errors.h"
#include "tests/support/test_util.h"

namespace churn::daemon {
namespace {

// A config file in the test's temporary directory, removed afterwards.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text) {
    path_ = ::testing::TempDir() + "churnd-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".conf";
    std::ofstream(path_) << text;
  }
  ~ConfigFile() { unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Parses with a nonexistent default path, so the machine's /etc/churn/churnd.conf never leaks in.
std::error_code Parse(std::vector<std::string> args, Config* config, std::string* message) {
  if (std::find(args.begin(), args.end(), "-c") == args.end()) {
    static const ConfigFile empty("");
    args.insert(args.begin(), {"-c", empty.path()});
  }
  return ParseConfig(args, config, message);
}

// Found by tests/fuzz/churnd_options_fuzz and churnd_config_file_fuzz: Boost 1.74 never
// finishes (and grows without bound) formatting an error about a token that holds one of its
// own placeholders. churnd refuses such text first, in one line, with the usage exit code.
TEST(ConfigTest, BoostPlaceholdersInAnArgumentOrTheFileAreRefusedNotExpanded) {
  Config config;
  std::string message;
  EXPECT_EQ(Parse({"--vers%original_token%ion"}, &config, &message), DaemonErrc::kBadConfig);
  EXPECT_EQ(message, "an argument contains '%original_token%', which churnd does not accept");
  const test_util::TempDir dir;
  const std::string path = dir.WriteFile("churnd.conf", "raw = <%canonical_option%\n");
  EXPECT_EQ(Parse({"-c", path}, &config, &message), DaemonErrc::kBadConfig);
  EXPECT_EQ(message, path + ": contains '%canonical_option%', which churnd does not accept");
  // A lone '%' or one not around a name is an ordinary character.
  ASSERT_FALSE(Parse({"--metrics", "/run/100%.prom", "--pidfile", "/run/a%20b.pid"}, &config,
                     &message))
      << message;
  EXPECT_EQ(config.metrics_path, "/run/100%.prom");
}

TEST(ConfigTest, DefaultsMatchTheDocumentation) {
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({}, &config, &message)) << message;
  EXPECT_EQ(config.reseed_interval, std::chrono::seconds(60));
  EXPECT_EQ(config.pidfile, "/run/churnd/churnd.pid");
  EXPECT_FALSE(config.foreground);
  EXPECT_FALSE(config.stream_mode);
  EXPECT_FALSE(config.no_credit);
  EXPECT_EQ(config.write_wakeup_threshold_bits, 0);
  EXPECT_TRUE(config.harvester.sources.empty());
  EXPECT_EQ(config.harvester.hwrng_path, "/dev/hwrng");
  EXPECT_LT(config.harvester.havege_claim_bits, 0.0);  // the registry's default
}

// One churnd per machine: `churnd -F &` locks the same pidfile as the init script's churnd.
TEST(ConfigTest, ForegroundLocksTheDefaultPidfile) {
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"-F"}, &config, &message)) << message;
  EXPECT_EQ(config.pidfile, "/run/churnd/churnd.pid");
  ASSERT_FALSE(Parse({"-F", "--pidfile", "/tmp/x.pid"}, &config, &message)) << message;
  EXPECT_EQ(config.pidfile, "/tmp/x.pid");
}

TEST(ConfigTest, OnceRunsWithoutADefaultPidfile) {
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"--once"}, &config, &message)) << message;
  EXPECT_TRUE(config.once);
  EXPECT_TRUE(config.pidfile.empty());
}

TEST(ConfigTest, BadReseedIntervalNamesTheKeyAndTheRange) {
  for (const char* value : {"0", "86401", "-5", "ten", "1.5"}) {
    Config config;
    std::string message;
    const auto ec = Parse({"--reseed-interval", value}, &config, &message);
    EXPECT_EQ(ec, DaemonErrc::kBadConfig) << value;
    EXPECT_EQ(ExitCodeFor(ec), 64);
    EXPECT_NE(message.find("reseed-interval"), std::string::npos) << message;
    EXPECT_NE(message.find("1 to 86400 seconds"), std::string::npos) << message;
  }
}

TEST(ConfigTest, ReseedIntervalBoundsAreAccepted) {
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"--reseed-interval", "1"}, &config, &message)) << message;
  EXPECT_EQ(config.reseed_interval, std::chrono::seconds(1));
  ASSERT_FALSE(Parse({"--reseed-interval=86400"}, &config, &message)) << message;
  EXPECT_EQ(config.reseed_interval, std::chrono::seconds(86400));
}

TEST(ConfigTest, BadWakeupThresholdNamesTheKeyAndTheRange) {
  Config config;
  std::string message;
  EXPECT_EQ(Parse({"-w", "5000"}, &config, &message), DaemonErrc::kBadConfig);
  EXPECT_NE(message.find("write-wakeup-threshold"), std::string::npos) << message;
  EXPECT_NE(message.find("64 to 4096 bits"), std::string::npos) << message;
  ASSERT_FALSE(Parse({"-w", "2048"}, &config, &message)) << message;
  EXPECT_EQ(config.write_wakeup_threshold_bits, 2048);
}

TEST(ConfigTest, UnknownOptionIsAUsageError) {
  Config config;
  std::string message;
  const auto ec = Parse({"--frobnicate"}, &config, &message);
  EXPECT_EQ(ExitCodeFor(ec), 64);
  EXPECT_NE(message.find("frobnicate"), std::string::npos) << message;
}

TEST(ConfigTest, StrayArgumentIsAUsageError) {
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"start"}, &config, &message)), 64);
}

TEST(ConfigTest, ConfigFileKeysAreLongOptionNames) {
  const ConfigFile file(
      "# a comment\nreseed-interval = 5\nverbose = true\nsources = rdseed, hwrng\n"
      "metrics = /tmp/churn.prom\nno-credit = 1\n");
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"-c", file.path()}, &config, &message)) << message;
  EXPECT_EQ(config.reseed_interval, std::chrono::seconds(5));
  EXPECT_TRUE(config.verbose);
  EXPECT_TRUE(config.no_credit);
  EXPECT_EQ(config.metrics_path, "/tmp/churn.prom");
  EXPECT_EQ(config.harvester.sources, (std::vector<std::string>{"rdseed", "hwrng"}));
}

TEST(ConfigTest, CommandLineWinsOverTheConfigFile) {
  const ConfigFile file("reseed-interval = 5\n");
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"-c", file.path(), "--reseed-interval", "7"}, &config, &message))
      << message;
  EXPECT_EQ(config.reseed_interval, std::chrono::seconds(7));
}

TEST(ConfigTest, BadValueInTheConfigFileNamesTheKey) {
  const ConfigFile file("reseed-interval = 0\n");
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"-c", file.path()}, &config, &message)), 64);
  EXPECT_NE(message.find("reseed-interval"), std::string::npos) << message;
}

TEST(ConfigTest, UnknownKeyInTheConfigFileIsAUsageError) {
  const ConfigFile file("reseed-intervall = 60\n");
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"-c", file.path()}, &config, &message)), 64);
  EXPECT_NE(message.find("reseed-intervall"), std::string::npos) << message;
  EXPECT_NE(message.find(file.path()), std::string::npos) << message;
}

TEST(ConfigTest, MissingExplicitConfigFileIsAUsageError) {
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"-c", "/nonexistent/churnd.conf"}, &config, &message)), 64);
  EXPECT_NE(message.find("/nonexistent/churnd.conf"), std::string::npos) << message;
}

TEST(ConfigTest, UnknownSourceNamesTheKey) {
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"--sources", "rdseed,dice"}, &config, &message)), 64);
  EXPECT_NE(message.find("sources"), std::string::npos) << message;
  EXPECT_NE(message.find("havege, rdseed, rdrand, hwrng"), std::string::npos) << message;
}

TEST(ConfigTest, ClaimsOutsideTheirRangeAreRejected) {
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"--hwrng-claim", "9"}, &config, &message)), 64);
  EXPECT_NE(message.find("hwrng-claim"), std::string::npos) << message;
  EXPECT_EQ(ExitCodeFor(Parse({"--rdseed-claim", "-1"}, &config, &message)), 64);
  ASSERT_FALSE(Parse({"--rdrand-claim", "0.5"}, &config, &message)) << message;
  EXPECT_DOUBLE_EQ(config.harvester.rdrand_claim_bits, 0.5);
}

TEST(ConfigTest, StreamModeOptions) {
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"-n", "32M", "-f", "/tmp/out", "--full-entropy", "--sources", "rdseed"},
                     &config, &message))
      << message;
  EXPECT_TRUE(config.stream_mode);
  EXPECT_EQ(config.stream.size_bytes, 32U << 20);
  EXPECT_EQ(config.stream.path, "/tmp/out");
  EXPECT_EQ(config.stream.mode, harvest::StreamMode::kFullEntropy);
  EXPECT_EQ(config.stream.harvester.sources, std::vector<std::string>{"rdseed"});

  ASSERT_FALSE(Parse({"-n", "0", "--raw", "havege"}, &config, &message)) << message;
  EXPECT_EQ(config.stream.size_bytes, 0U);
  EXPECT_EQ(config.stream.path, "-");
  EXPECT_EQ(config.stream.mode, harvest::StreamMode::kRaw);
  EXPECT_EQ(config.stream.raw_source, "havege");
}

TEST(ConfigTest, StreamOptionConflictsAreUsageErrors) {
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"-n", "1k", "--raw", "dice"}, &config, &message)), 64);
  EXPECT_NE(message.find("raw"), std::string::npos) << message;
  EXPECT_EQ(ExitCodeFor(Parse({"-n", "1k", "--raw", "rdseed", "--full-entropy"}, &config,
                              &message)),
            64);
  EXPECT_EQ(ExitCodeFor(Parse({"-f", "/tmp/out"}, &config, &message)), 64);
  EXPECT_NE(message.find("-n"), std::string::npos) << message;
  EXPECT_EQ(ExitCodeFor(Parse({"-n", "12x"}, &config, &message)), 64);
  EXPECT_NE(message.find("number"), std::string::npos) << message;
  EXPECT_EQ(ExitCodeFor(Parse({"-n", "1k", "--once"}, &config, &message)), 64);
}

TEST(ConfigTest, ParseSizeAcceptsSuffixesAndRejectsTheRest) {
  std::uint64_t bytes = 0;
  ASSERT_TRUE(ParseSize("0", &bytes));
  EXPECT_EQ(bytes, 0U);
  ASSERT_TRUE(ParseSize("1k", &bytes));
  EXPECT_EQ(bytes, 1024U);
  ASSERT_TRUE(ParseSize("32M", &bytes));
  EXPECT_EQ(bytes, 32U << 20);
  ASSERT_TRUE(ParseSize("1G", &bytes));
  EXPECT_EQ(bytes, 1ULL << 30);
  ASSERT_TRUE(ParseSize("2t", &bytes));
  EXPECT_EQ(bytes, 2ULL << 40);
  ASSERT_TRUE(ParseSize("12345", &bytes));
  EXPECT_EQ(bytes, 12345U);
  for (const char* bad : {"", "k", "12x", "-1", "1.5M", "99999999999T", " 1"}) {
    EXPECT_FALSE(ParseSize(bad, &bytes)) << bad;
  }
}

TEST(ConfigTest, HelpListsEveryOptionWithItsDefault) {
  Config config;
  std::string message;
  ASSERT_FALSE(ParseConfig({"--help"}, &config, &message)) << message;
  EXPECT_TRUE(config.show_help);
  for (const char* expected :
       {"--config", "--verbose", "--sources", "--hwrng", "--foreground", "--pidfile",
        "--reseed-interval", "--write-wakeup-threshold", "--once", "--metrics", "--no-credit",
        "--number", "--file", "--full-entropy", "--raw", "--havege-claim", "(=60)",
        "(=/dev/hwrng)", "(=-)", "/run/churnd/churnd.pid", "--check-config",
        DefaultConfigPath()}) {
    EXPECT_NE(config.help_text.find(expected), std::string::npos) << expected;
  }
}

// The strict config (churnd(8), CONFIGURATION).

TEST(StrictConfigTest, AbbreviatedOptionNamesAreRefused) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--write", "1024"}, {"--fore"}, {"--no"}, {"--reseed", "5"}}) {
    Config config;
    std::string message;
    EXPECT_EQ(ExitCodeFor(Parse(args, &config, &message)), 64) << args[0];
    EXPECT_FALSE(config.foreground) << args[0];
  }
}

TEST(StrictConfigTest, OnlyRegularFilesAreRead) {
  const std::string fifo = ::testing::TempDir() + "churnd-config-fifo";
  unlink(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path : {std::string("/dev/zero"), ::testing::TempDir(), fifo}) {
    Config config;
    std::string message;
    EXPECT_EQ(ExitCodeFor(Parse({"-c", path, "--probe"}, &config, &message)), 64) << path;
    EXPECT_NE(message.find("is not a regular file"), std::string::npos) << message;
  }
  unlink(fifo.c_str());
  // The usual "no config file" spelling stays accepted.
  Config config;
  std::string message;
  EXPECT_FALSE(ParseConfig({"-c", "/dev/null"}, &config, &message)) << message;
}

void ExpectRefused(const std::string& text, const char* expected) {
  const ConfigFile file(text);
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"-c", file.path()}, &config, &message)), 64) << expected;
  EXPECT_NE(message.find(expected), std::string::npos) << message;
}

TEST(StrictConfigTest, SizeIsCapped) {
  ExpectRefused(std::string(70 * 1024, '#'), "larger than 65536 bytes");
}

TEST(StrictConfigTest, LineLengthIsCapped) {
  ExpectRefused("sources = havege\n#" + std::string(5000, 'x') + "\n",
                "line 2 is longer than 4096 bytes");
}

TEST(StrictConfigTest, ANulByteIsRefusedNotCutAt) {
  ExpectRefused(std::string("sources = hav\0ege\n", 17), "line 1 contains a NUL byte");
}

TEST(StrictConfigTest, KeysThatChangeTheModeAreRefusedInTheFile) {
  for (const char* line : {"foreground = true", "number = 1k", "file = /tmp/out", "probe = 1",
                           "once = true", "raw = havege", "json = 1", "help = 1",
                           "version = 1", "check-config = 1", "full-entropy = 1"}) {
    const ConfigFile file(std::string(line) + "\n");
    Config config;
    std::string message;
    EXPECT_EQ(ExitCodeFor(Parse({"-c", file.path()}, &config, &message)), 64) << line;
    const std::string key(line, std::string(line).find(' '));
    EXPECT_NE(message.find("'" + key + "' changes what churnd does"), std::string::npos)
        << message;
    EXPECT_FALSE(config.stream_mode || config.foreground || config.show_help) << line;
  }
}

TEST(StrictConfigTest, EmptyValuesAreRefused) {
  const ConfigFile file("sources =\n");
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"-c", file.path()}, &config, &message)), 64);
  EXPECT_NE(message.find("sources: empty value"), std::string::npos) << message;
  EXPECT_EQ(ExitCodeFor(Parse({"--sources="}, &config, &message)), 64);  // Boost's own
  EXPECT_EQ(ExitCodeFor(Parse({"--sources", ""}, &config, &message)), 64);
  EXPECT_NE(message.find("sources: empty value"), std::string::npos) << message;
  EXPECT_EQ(ExitCodeFor(Parse({"--metrics", " "}, &config, &message)), 64);
}

TEST(StrictConfigTest, ControlBytesAreEscapedAndLongValuesCut) {
  Config config;
  std::string message;
  EXPECT_EQ(ExitCodeFor(Parse({"--sources", "hav\x1b[2Jege\x7f"}, &config, &message)), 64);
  EXPECT_NE(message.find("hav\\x1b[2Jege\\x7f"), std::string::npos) << message;
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  const std::string huge(1024 * 1024, 'a');
  EXPECT_EQ(ExitCodeFor(Parse({"--reseed-interval", huge}, &config, &message)), 64);
  EXPECT_LT(message.size(), 300U);
  EXPECT_NE(message.find("(1048576 bytes)"), std::string::npos) << message.substr(0, 300);
  EXPECT_EQ(QuoteForMessage("a\nb\tc", 10), "a\\x0ab\\x09c");
  EXPECT_EQ(QuoteForMessage("abcdef", 3), "abc... (6 bytes)");
}

TEST(StrictConfigTest, RelativePathsAreResolvedBeforeTheDaemonChangesToRoot) {
  const std::string cwd = std::filesystem::current_path().string();
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"--pidfile", "run/c.pid", "--metrics=m.prom"}, &config, &message))
      << message;
  EXPECT_EQ(config.pidfile, cwd + "/run/c.pid");
  EXPECT_EQ(config.metrics_path, cwd + "/m.prom");
  // What SIGHUP parses again after chdir("/"): the same absolute paths.
  const auto& args = config.canonical_args;
  EXPECT_NE(std::find(args.begin(), args.end(), cwd + "/m.prom"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), cwd + "/run/c.pid"), args.end());
  Config again;
  ASSERT_FALSE(ParseConfig(args, &again, &message)) << message;
  EXPECT_EQ(again.pidfile, config.pidfile);
  EXPECT_EQ(again.metrics_path, config.metrics_path);
  // A config file is read again from / on reload: relative paths there are refused.
  const ConfigFile file("metrics = m.prom\n");
  EXPECT_EQ(ExitCodeFor(Parse({"-c", file.path()}, &config, &message)), 64);
  EXPECT_NE(message.find("must be an absolute path"), std::string::npos) << message;
}

TEST(StrictConfigTest, CheckConfigOnlyParses) {
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"--check-config"}, &config, &message)) << message;
  EXPECT_TRUE(config.check_config);
}

// haveged's and rngd's spellings with the same meaning (README, "Coming from haveged or rngd").
TEST(StrictConfigTest, ThePeersSpellingsMeanTheSame) {
  Config config;
  std::string message;
  ASSERT_FALSE(Parse({"--Foreground", "-r", "/dev/hwrng1", "-p", "/tmp/p.pid", "-W", "2048"},
                     &config, &message))
      << message;
  EXPECT_TRUE(config.foreground);
  EXPECT_EQ(config.harvester.hwrng_path, "/dev/hwrng1");
  EXPECT_EQ(config.pidfile, "/tmp/p.pid");
  EXPECT_EQ(config.write_wakeup_threshold_bits, 2048);
  ASSERT_FALSE(Parse({"--rng-device=/dev/hwrng2", "--pid-file", "/tmp/q.pid",
                      "--fill-watermark=1024"},
                     &config, &message))
      << message;
  EXPECT_EQ(config.harvester.hwrng_path, "/dev/hwrng2");
  EXPECT_EQ(config.pidfile, "/tmp/q.pid");
  EXPECT_EQ(config.write_wakeup_threshold_bits, 1024);
  // Both spellings at once are ambiguous.
  EXPECT_EQ(ExitCodeFor(Parse({"-r", "/dev/a", "--hwrng", "/dev/b"}, &config, &message)), 64);
  EXPECT_NE(message.find("rng-device: the same option as hwrng"), std::string::npos) << message;
  // A bad value names the spelling's meaning and range.
  EXPECT_EQ(ExitCodeFor(Parse({"-W", "9999"}, &config, &message)), 64);
  EXPECT_NE(message.find("64 to 4096 bits"), std::string::npos) << message;
}

// Every commented-out line of contrib/churnd.conf, uncommented, gives exactly the defaults.
TEST(StrictConfigTest, TheExampleConfigShowsTheDefaults) {
  std::ifstream example(CHURN_SOURCE_DIR "/contrib/churnd.conf");
  ASSERT_TRUE(example) << CHURN_SOURCE_DIR "/contrib/churnd.conf";
  std::string line;
  std::string uncommented;
  int keys = 0;
  while (std::getline(example, line)) {
    if (line.size() > 1 && line[0] == '#' && line[1] >= 'a' && line[1] <= 'z') {
      uncommented += line.substr(1) + "\n";
      ++keys;
    }
  }
  EXPECT_GE(keys, 10);
  const ConfigFile file(uncommented);
  Config shown;
  Config defaults;
  std::string message;
  ASSERT_FALSE(Parse({"-c", file.path()}, &shown, &message)) << message;
  ASSERT_FALSE(Parse({}, &defaults, &message)) << message;
  EXPECT_EQ(shown.pidfile, defaults.pidfile);
  EXPECT_EQ(shown.metrics_path, defaults.metrics_path);
  EXPECT_EQ(shown.reseed_interval, defaults.reseed_interval);
  EXPECT_EQ(shown.write_wakeup_threshold_bits, defaults.write_wakeup_threshold_bits);
  EXPECT_EQ(shown.no_credit, defaults.no_credit);
  EXPECT_EQ(shown.verbose, defaults.verbose);
  EXPECT_EQ(shown.harvester.sources, defaults.harvester.sources);
  EXPECT_EQ(shown.harvester.hwrng_path, defaults.harvester.hwrng_path);
  EXPECT_EQ(shown.harvester.havege_claim_bits, defaults.harvester.havege_claim_bits);
  EXPECT_EQ(shown.harvester.rdseed_claim_bits, defaults.harvester.rdseed_claim_bits);
  EXPECT_EQ(shown.harvester.rdrand_claim_bits, defaults.harvester.rdrand_claim_bits);
  EXPECT_EQ(shown.harvester.hwrng_claim_bits, defaults.harvester.hwrng_claim_bits);
}

}  // namespace
}  // namespace churn::daemon
