#!/usr/bin/env bash
# Interop: next-hop tracking (RFC 4271 §9.1.2.1) against BIRD 2 and the namespace's kernel.
#
#   L anycastd AS 65001 10.0.0.1  <— eBGP —>  R BIRD AS 65002 10.0.0.2
#
# BIRD announces two prefixes: NEAR with its own address as next hop (on the shared
# network), FAR with the third-party next hop 10.77.0.1, which anycastd's namespace cannot
# reach. anycastd must
#   1. use NEAR (kernel route via 10.0.0.2) and hold FAR as ineligible: no kernel route,
#      `show route` says the next hop is unreachable;
#   2. when a static route 10.77.0.0/16 via 10.0.0.2 appears in its namespace, use FAR and
#      install it through that route's gateway (recursive resolution): "FAR via 10.0.0.2";
#   3. when the static route goes, take FAR out of the kernel again — with the session
#      untouched throughout.
# Needs root (else exit 77).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NEAR=198.51.100.0/24
FAR=203.0.113.0/24
THIRD_PARTY=10.77.0.1

require_root
source "$INTEROP_DIR/peer_anycastd.sh"
source "$INTEROP_DIR/peer_bird.sh"
anycastd_require
bird_require

setup_nodes anycastd bird active
NODE[R.routes]="$NEAR|||
$FAR|||"
IT_BIRD_NEXT_HOP[$FAR]=$THIRD_PARTY
L_NS="$(node L ns)"

# `anycastctl show route PREFIX --json`: the status and reason of BIRD's candidate.
candidate_of() {
  ctl_ L show route "$1" --json | "$PY" -c '
import json, sys
for c in json.load(sys.stdin).get("candidates", []):
    print(c.get("status"), "|", c.get("reason"))'
}
# `anycastctl show next-hops --json`: "reachable via..." for one next hop.
next_hop_state() {
  ctl_ L show next-hops --json | "$PY" -c '
import json, sys
for n in json.load(sys.stdin):
    if n["next-hop"] == sys.argv[1]:
        print(n["reachable"], n["via"], n["why"])' "$1"
}

step "anycastd (AS 65001) <-> BIRD (AS 65002) in $L_NS and $(node R ns)"
netns_pair "$L_NS" "$(node R ns)"
drv R start
drv L start
wait_for '[[ "$(drv L state)" == Established ]]' 30 "anycastd sees Established"

step "1. $FAR's next hop $THIRD_PARTY is unreachable: held, not used"
wait_for "has_route L $NEAR && has_route L $FAR" 30 "anycastd holds $NEAR and $FAR"
check_route L "$FAR" "$THIRD_PARTY" "65002" "" ""
wait_for "kernel_route L $NEAR | grep -q 'via 10.0.0.2'" 15 "kernel route $NEAR via 10.0.0.2"
verdict="$(candidate_of "$FAR")"
log "show route $FAR: $verdict"
[[ "$verdict" == *"ineligible"*"next hop $THIRD_PARTY unreachable"* ]] ||
  fail "$FAR should be ineligible for its unreachable next hop, show route says: $verdict"
[[ -z "$(kernel_route L "$FAR")" ]] || fail "$FAR is in the kernel: $(kernel_route L "$FAR")"
log "show next-hops $THIRD_PARTY: $(next_hop_state "$THIRD_PARTY")"
[[ "$(next_hop_state "$THIRD_PARTY")" == False* ]] || fail "$THIRD_PARTY not listed as unreachable"

step "2. a static route to 10.77.0.0/16 appears: $FAR is used, through its gateway"
ip -n "$L_NS" route add 10.77.0.0/16 via 10.0.0.2
wait_for "kernel_route L $FAR | grep -q 'via 10.0.0.2'" 15 "kernel route $FAR via 10.0.0.2 (recursive)"
log "kernel: $(kernel_route L "$FAR")"
[[ "$(candidate_of "$FAR")" == best* ]] || fail "$FAR not best: $(candidate_of "$FAR")"
log "show next-hops $THIRD_PARTY: $(next_hop_state "$THIRD_PARTY")"

step "3. the static route goes: $FAR leaves the kernel, the session stays"
ip -n "$L_NS" route del 10.77.0.0/16 via 10.0.0.2
wait_for "[[ -z \"\$(kernel_route L $FAR)\" ]]" 15 "kernel route $FAR removed"
[[ "$(candidate_of "$FAR")" == *ineligible* ]] || fail "$FAR still eligible: $(candidate_of "$FAR")"
kernel_route L "$NEAR" | grep -q 'via 10.0.0.2' || fail "$NEAR lost its kernel route"
[[ "$(drv L state)" == Established ]] || fail "the session did not stay up"
[[ "$(anycastd_peer_field L prefixes-received)" == 2 ]] || fail "anycastd should still hold both prefixes"

step "PASS: next hops tracked through the kernel"
