#!/usr/bin/env bash
# Interop: BIRD 2 and anycastd, fed the same routes, choose the same best path for every
# prefix (issue 3) — and the one RFC 4271 §9.1.2 says they must.
#
# Topology (one L2 segment, 10.0.0.0/24, a bridge in namespace ac-it-<pid>-sw):
#
#     o1 AS65010 .11   o2 AS65010 .12   o3 AS65030 .14   o4 AS65040 .13
#     o5 AS65000 .15 (iBGP)   o6 AS65060 .10          <- origins: BIRD, own namespaces
#        \  \  \  \  \  \          every origin has one session to each router
#         +--------------- br0 ---------------+
#         |                                   |
#     RB  BIRD 2   AS65000 10.0.0.1       RA  anycastd   AS65000 10.0.0.2
#     (reference router under test)       (router under test)
#
# Both routers see each origin at the same address, router-id and AS and receive the same
# attributes, so any difference in their choice is a difference in the decision process.
# Router-ids are chosen so that no step is decided "by accident" by a later one: o2 has
# the highest router-id, o5 the lowest, o4 and o6 share one (only the peer address
# separates them), and o3/o4's addresses are in the opposite order to their router-ids.
#
# Cases, one prefix each (expected winner, and the step at which the last rival loses):
#   local-pref   iBGP o5 with LOCAL_PREF 200 and a 3-AS path beats 1-AS eBGP paths
#   as-path      o4's 1-AS path beats o1 and o3, prepended (lower router-ids)
#   origin       IGP (o4) beats EGP (o1) and INCOMPLETE (o3)
#   med          same neighbour AS 65010: MED 10 (o2) beats MED 50 (o1, lower router-id)
#   med-missing  same neighbour AS: no MED (= 0, o2) beats MED 10 (o1)
#   med-cross-as MED not compared across ASes: o3 (MED 100) beats o2 (MED 10) on router-id
#   med-group    intransitive MED: o1 loses to o2 on MED, o2 loses to o3 on router-id, and
#                o3 would lose to o1 on router-id — RFC elimination gives o3 (BIRD needs
#                `deterministic med`, else the result depends on arrival order)
#   ebgp         eBGP o3 beats iBGP o5 (same AS_PATH [65030], lower router-id)
#   router-id    o3 (10.255.0.3, address .14) beats o4 (10.255.0.4, address .13)
#   peer-address o4 and o6 share router-id 10.255.0.4: lower address (o6, .10) wins
#   all-steps    every origin: origin, MED, eBGP, router-id and peer address each remove one
#   single       one candidate
# BIRD options set on RB, and why: see bp_rb_conf in bestpath.sh. The harness (topology,
# configs, route readers, table) is bestpath.sh. Needs root (else exit 77).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bestpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/bestpath.sh"

#         name AS     router-id     address
bp_origin o1   65010  10.255.0.1    10.0.0.11
bp_origin o2   65010  10.255.0.9    10.0.0.12
bp_origin o3   65030  10.255.0.3    10.0.0.14
bp_origin o4   65040  10.255.0.4    10.0.0.13
bp_origin o5   65000  10.254.0.5    10.0.0.15
bp_origin o6   65060  10.255.0.4    10.0.0.10

#       prefix           case          winner step          who announces it, with what
bp_case 198.18.1.0/24    local-pref    o5  local-pref   "o5:path=65030.65030.65030,lp=200 o4 o1"
bp_case 198.18.2.0/24    as-path       o4  as-path      "o1:as+=2 o3:as+=1 o4"
bp_case 198.18.3.0/24    origin        o4  origin       "o1:origin=egp o3:origin=incomplete o4"
bp_case 198.18.4.0/24    med           o2  med          "o1:med=50 o2:med=10"
bp_case 198.18.5.0/24    med-missing   o2  med          "o1:med=10 o2"
bp_case 198.18.6.0/24    med-cross-as  o3  router-id    "o2:med=10 o3:med=100"
bp_case 198.18.7.0/24    med-group     o3  router-id    "o1:med=50 o2:med=10 o3"
bp_case 198.18.8.0/24    ebgp          o3  ebgp         "o5:path=65030 o3"
bp_case 198.18.9.0/24    router-id     o3  router-id    "o3 o4"
bp_case 198.18.10.0/24   peer-address  o6  peer-address "o4 o6"
bp_case 198.18.11.0/24   all-steps     o6  peer-address "o1:med=5 o2:med=1 o3:origin=egp o4 o5:path=65040 o6"
bp_case 198.18.12.0/24   single        o2  only         "o2:med=7"

bp_run
