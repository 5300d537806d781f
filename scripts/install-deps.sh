#!/usr/bin/env bash
# Installs every Debian package the project needs to build, test and run its demo.
# Idempotent: packages already present are skipped. Debian 12, run as root.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config clang-14 libclang-rt-14-dev
  libasio-dev libyaml-cpp-dev nlohmann-json3-dev libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  libknot-dev  # libzscanner: the DNS server's zone-file parser
  libjemalloc-dev  # anycastd's allocator (apps/CMakeLists.txt)
  # runtime tools: namespaces, captures
  iproute2 iputils-ping procps tcpdump
  # real BGP peers for the interop tests
  bird2 frr gobgpd
  # a real DNS server for the health-check tests and the DNS differential test (knotd, kdig)
  knot knot-dnsutils
  # bench/dns/run.sh: the servers it compares with and its load generator
  nsd dnsperf
  # the lab's report is checked in headless Chromium (tests/lab/test_lab_small.sh)
  chromium
  # the alternative bench/site/failover.sh compares against: ExaBGP's healthcheck (curl is
  # the command it runs as its HTTP check)
  exabgp curl
)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: run as root (it installs Debian packages with apt-get)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The routing daemons must not start system-wide instances: tests start their own.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
