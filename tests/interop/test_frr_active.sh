#!/usr/bin/env bash
# Interop: anycastd <-> FRR bgpd, one IPv4 session carrying IPv4 + IPv6 unicast; anycastd
# connects, FRR bgpd is passive.
# Checks: Established on both sides; our IPv4/IPv6 prefixes reach the peer with AS path,
# next hop, communities, large communities, MED; the peer's prefixes reach us likewise;
# withdrawals both ways; a run-time announcement; shutdown with an RFC 8203 message.
# The scenario is run_interop in lib.sh. Needs root (else exit 77 = skipped).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_interop frr active
