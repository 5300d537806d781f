#!/usr/bin/env bash
# Interop: anycastd <-> anycastd over an IPv6 session with TCP-MD5 (RFC 2385) and GTSM
# (RFC 5082), carrying IPv4 + IPv6 unicast. Same scenario as the real-peer tests (run_interop
# in lib.sh): Established, routes both ways with their attributes and kernel routes,
# withdrawals, run-time announcement, shutdown with an RFC 8203 message, clean exit; the local
# side keeps the routes as received (soft-reconfiguration), so the refresh step checks the
# re-import there and ROUTE-REFRESH from the other side.
# Needs root (else exit 77 = skipped).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IT_TRANSPORT=6 IT_PASSWORD="s3cret-key" IT_GTSM=1 IT_SOFT_RECONF=L run_interop anycastd active
