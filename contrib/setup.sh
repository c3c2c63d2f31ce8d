#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The churn Authors
#
# One entry point for a fresh Debian 12 machine (run as root):
#   contrib/setup.sh run     install what is missing, build, run the main job
#   contrib/setup.sh test    install what is missing, fetch the peers, build, run every test
#   contrib/setup.sh deps    only install the build dependencies
#   contrib/setup.sh peers   only unpack the reference peers (rngtest, haveged, ent)
#   contrib/setup.sh build   only configure and build
#   contrib/setup.sh hardening  only the hardening tier of `test`: an ASan+UBSan build (clang,
#                            with the libFuzzer targets) running the unit, system and fuzz
#                            labels, and a clang Release build (compile only)
# Safe to run any number of times: it installs only what is missing and never starts a service.
# BUILD_DIR (default: build) and CMAKE_ARGS (extra configure arguments) may be set; the
# hardening builds go to ASAN_BUILD_DIR and CLANG_BUILD_DIR (default: build-asan, build-clang).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build}
peers_dir=$build_dir/peers

build_packages=(g++ cmake ninja-build pkg-config libssl-dev libboost-program-options-dev
                libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
                libbz2-dev)
# The hardening tier: clang with its sanitizer and libFuzzer runtimes.
hardening_packages=(clang-14 libclang-rt-14-dev libfuzzer-14-dev)
# Tools the system tests drive: start-stop-daemon, setpriv, ps, xxd-free byte tools; QEMU and
# cpio for the VM boot tier (tests/vm/vm.sh downloads the kernel and busybox itself).
test_packages=(dpkg util-linux procps coreutils qemu-system-x86 cpio)
peer_packages=(rng-tools-debian haveged libhavege2 ent)
# The Debian package and its checks (tests/system/churn_package.sh): debhelper builds it,
# lintian judges it, insserv orders the init script, systemd-analyze scores the units.
# mmdebstrap makes the throwaway Debian root the packages are installed into.
test_packages+=(debhelper lintian insserv fakeroot systemd mmdebstrap)
# A Debian base system's init scripts, unpacked (never installed) for `insserv -n`.
initscript_packages=(initscripts ifupdown udev procps kmod util-linux-extra sysvinit-core)

log() { printf 'setup: %s\n' "$*" >&2; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

install_deps() {
  local missing
  missing=$(missing_packages "${build_packages[@]}" "${test_packages[@]}" \
    "${hardening_packages[@]}")
  if [ -z "$missing" ]; then
    log "build dependencies already installed"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    log "missing packages: $missing (run as root to install them)"
    exit 1
  fi
  apt_update_once
  log "installing:" $missing
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# unpack_debs DIR WHAT PACKAGE...: apt-get download the packages into DIR/debs and unpack them
# into DIR/root with dpkg-deb -x: never installed, so no service of theirs starts.
unpack_debs() {
  local dir=$1 what=$2 deb
  shift 2
  mkdir -p "$dir/debs"
  apt_update_once
  (cd "$dir/debs" && apt-get download -qq "$@" 2>/dev/null) ||
    (cd "$dir/debs" && apt-get download "$@")
  for deb in "$dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$dir/root"
  done
  log "$what unpacked in $dir/root"
}

# The peers (rngtest, haveged, ent), for the differential tests and the benchmarks.
fetch_peers() {
  if [ -x "$peers_dir/root/usr/bin/rngtest" ] && [ -x "$peers_dir/root/usr/sbin/haveged" ] &&
     [ -x "$peers_dir/root/usr/bin/ent" ]; then
    log "peers already unpacked in $peers_dir/root"
    return
  fi
  unpack_debs "$peers_dir" peers "${peer_packages[@]}"
}

# Debian base system init scripts for the package test's `insserv -n`.
fetch_initscripts() {
  local dir=$peers_dir/initscripts
  if [ -x "$dir/root/etc/init.d/networking" ] && [ -x "$dir/root/etc/init.d/mountall.sh" ]; then
    log "base init scripts already unpacked in $dir/root"
    return
  fi
  unpack_debs "$dir" "base init scripts" "${initscript_packages[@]}"
}

build() {
  cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCHURN_PEERS_DIR="$peers_dir/root" ${CMAKE_ARGS:-} >/dev/null
  cmake --build "$build_dir" -j "$(nproc)"
}

main_job() {
  local churnd=$build_dir/daemon/churnd rngtest=$build_dir/rngtest/churn-rngtest
  # First the pipeline a user checks by hand: churnd's stream mode judged by churn-rngtest.
  log "churnd -n 32M | churn-rngtest"
  # An ideal source fails about 1 block in 1250, so its exit status is only informative here.
  "$churnd" -n 32M | "$rngtest" || true
  # Then the service itself, in the foreground with one status line per interval, feeding the
  # kernel with honest credit until interrupted (Ctrl-C). CHURND_ARGS replaces the defaults.
  log "churnd -F -v ${CHURND_ARGS:---reseed-interval 10} (Ctrl-C stops it)"
  # shellcheck disable=SC2086
  exec "$churnd" -F -v ${CHURND_ARGS:---reseed-interval 10}
}

run_tests() {
  ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j 2
}

# The hardening tier. ASan+UBSan (clang, every churn target also instrumented for libFuzzer,
# so one tree serves the sanitizer run and the fuzz label) runs unit, system and fuzz; a clang
# Release build of the libraries and programs must compile warning-free (the tests already
# compile with clang in the ASan tree). Each step prints its wall time. Sanitizer findings
# abort the process, so they fail the test that hit them.
asan_dir=${ASAN_BUILD_DIR:-$here/build-asan}
clang_dir=${CLANG_BUILD_DIR:-$here/build-clang}
timed() {
  local start=$SECONDS
  "$@"
  log "$(printf '%s: %d s' "$*" $((SECONDS - start)))"
}
configure_clang() {  # DIR BUILD_TYPE EXTRA...
  local dir=$1 type=$2
  shift 2
  cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCHURN_BUILD_BENCH=OFF -DCHURN_PEERS_DIR="$peers_dir/root" "$@" >/dev/null
}
hardening() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  configure_clang "$asan_dir" RelWithDebInfo -DCHURN_SANITIZE=address,undefined -DCHURN_BUILD_FUZZ=ON
  timed nice -n 10 cmake --build "$asan_dir" -j "$(nproc)"
  timed ctest --test-dir "$asan_dir" -L 'unit|system|fuzz' -LE package --output-on-failure --timeout 600 -j 2
  configure_clang "$clang_dir" Release -DCHURN_BUILD_TESTS=OFF
  timed nice -n 10 cmake --build "$clang_dir" -j "$(nproc)"
}

case "${1:-}" in
  deps) install_deps ;;
  peers) fetch_peers; fetch_initscripts ;;
  build) install_deps; build ;;
  run) install_deps; build; main_job ;;
  test) install_deps; fetch_peers; fetch_initscripts; build; run_tests; hardening ;;
  hardening) install_deps; fetch_peers; hardening ;;
  *) echo "usage: $0 run|test|deps|peers|build|hardening" >&2; exit 64 ;;
esac
