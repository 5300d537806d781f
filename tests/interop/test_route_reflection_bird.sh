#!/usr/bin/env bash
# Interop: anycastd as a route reflector (RFC 4456) for BIRD 2 clients and non-clients, beside
# a second reflector of the same cluster (BIRD).
#
# Topology (one L2 segment, 10.0.0.0/24, a bridge in namespace ac-it-<pid>-sw), all AS 65000:
#
#     c1 .11 (client of RA and RB)  c2 .12 (client of RA)  n1 .21, n2 .22 (non-clients of RA)
#         \            \                   \                   /
#          +--------------------------- br0 -----------------+
#          |                                                 |
#     RA  anycastd 10.0.0.2, reflector          RB  BIRD 2 10.0.0.1, reflector
#         cluster 192.0.2.1                         cluster 192.0.2.1; RA is its non-client
#
# c1 announces P1, c2 P2, n1 N1. RFC 4456 says, and the test checks:
#   §6  a client's route goes to every other client and every non-client: P1 at c2, n1, n2;
#       a non-client's route goes to the clients only: N1 at c1 and c2, not at n2;
#   §7  the reflector sets ORIGINATOR_ID to the route's originator (c1's or n1's router-id)
#       and puts its CLUSTER_ID first in CLUSTER_LIST — as BIRD reads them;
#   §8  a route whose CLUSTER_LIST holds our cluster is ignored: RB reflects P1 to RA with
#       CLUSTER_LIST 192.0.2.1, and RA keeps c1's copy only (the looped UPDATE is counted
#       and logged once); RB, a non-client of RA, gets the clients' routes and reads the
#       ORIGINATOR_ID and CLUSTER_LIST RA gave them.
# Needs root (else exit 77).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bestpath.sh
source "$(dirname "${BASH_SOURCE[0]}")/bestpath.sh"  # namespaces on one bridge, BIRD start

CLUSTER=192.0.2.1
P1=198.51.100.0/24
P2=198.51.101.0/24
N1=203.0.113.0/24

#         name AS     router-id   address
bp_origin c1   65000  10.0.0.11   10.0.0.11
bp_origin c2   65000  10.0.0.12   10.0.0.12
bp_origin n1   65000  10.0.0.21   10.0.0.21
bp_origin n2   65000  10.0.0.22   10.0.0.22
declare -A ANNOUNCES=([c1]=$P1 [c2]=$P2 [n1]=$N1 [n2]="")
declare -A SESSIONS_TO=([c1]="ra rb" [c2]=ra [n1]=ra [n2]=ra)

# An iBGP speaker on the segment: next hops are the peers' own addresses (direct), no IGP.
rr_bird_session() {  # NAME LOCAL NEIGHBOUR EXTRA
  cat <<EOF
protocol bgp $1 {
  local $2 as $BP_AS;
  neighbor $3 as $BP_AS;
  direct;
  hold time 90;
  connect delay time 1;
  connect retry time 2;
  error wait time 1, 5;
  $4
}
EOF
}

# A client or non-client: exports its own static route, takes everything.
rr_speaker_conf() {
  local o="$1" dir="$2" addr="${BP_O[$1.addr]}" to
  cat <<EOF
log "$dir/bird.log" all;
router id ${BP_O[$o.rid]};
protocol device { scan time 10; }
protocol static originated { ipv4; ${ANNOUNCES[$o]:+route ${ANNOUNCES[$o]} blackhole;} }
filter own_routes { if source = RTS_STATIC then accept; reject; }
EOF
  for to in ${SESSIONS_TO[$o]}; do
    local neighbour=$BP_RA_ADDR
    [[ "$to" == rb ]] && neighbour=$BP_RB_ADDR
    rr_bird_session "to_$to" "$addr" "$neighbour" \
      "ipv4 { import all; export filter own_routes; gateway direct; };"
  done
}

# RB: BIRD reflecting for c1, with RA as an ordinary iBGP neighbour.
rr_rb_conf() {
  local dir="$1"
  cat <<EOF
log "$dir/bird.log" all;
router id $BP_RB_ADDR;
protocol device { scan time 10; }
EOF
  rr_bird_session peer_c1 "$BP_RB_ADDR" "${BP_O[c1.addr]}" \
    "passive on; rr client; rr cluster id $CLUSTER; ipv4 { import all; export all; gateway direct; };"
  rr_bird_session peer_ra "$BP_RB_ADDR" "$BP_RA_ADDR" \
    "rr cluster id $CLUSTER; ipv4 { import all; export all; gateway direct; };"
}

# RA: anycastd, the reflector under test.
rr_ra_conf() {
  local dir="$1" o
  bp_ra_head "$dir" "  cluster-id: $CLUSTER
"
  for o in "${BP_ORIGINS[@]}" rb; do
    local addr="${BP_O[$o.addr]:-$BP_RB_ADDR}" client=false
    [[ "$o" == c* ]] && client=true
    cat <<EOF
  - name: $o
    address: "$addr"
    as: $BP_AS
    local-address: "$BP_RA_ADDR"
    passive: $([[ "$o" == rb ]] && echo false || echo true)
    hold-time: 90
    connect-retry: 1
    route-reflector-client: $client
EOF
  done
  printf 'announce: []\n'
}

# `birdc show route PREFIX all protocol PROTO` of one speaker: "originator|cluster list", or
# nothing when it does not hold the route.
# BIRD 2.0.12 prints the attributes as "	BGP.originator_id: 10.0.0.11" and
# "	BGP.cluster_list: 192.0.2.1".
reflected_attrs() {  # SPEAKER PREFIX PROTO
  local o="$1" out
  out="$(bp_birdc "${BP_O[$o.ns]}" "${BP_O[$o.dir]}" show route "$2" all protocol "$3")" || return 1
  grep -q "^$2" <<<"$out" || return 0
  printf '%s|%s\n' "$(sed -n 's/^\s*BGP.originator_id: //p' <<<"$out")" \
    "$(sed -n 's/^\s*BGP.cluster_list: //p' <<<"$out")"
}

# Waits until SPEAKER holds PREFIX from RA with ORIGINATOR_ID = ORIGINATOR and
# CLUSTER_LIST = our cluster.
expect_reflected() {  # SPEAKER PREFIX ORIGINATOR [PROTO]
  wait_for "[[ \"\$(reflected_attrs $1 $2 ${4:-to_ra})\" == '$3|$CLUSTER' ]]" 20 \
    "$1 holds $2 from RA with ORIGINATOR_ID $3, CLUSTER_LIST $CLUSTER"
}

ra_candidates() {  # PREFIX -> "from" of each candidate at RA
  bp_ctl show route "$1" --json | "$PY" -c '
import json, sys
print(" ".join(c["from"] for c in json.load(sys.stdin).get("candidates", [])))'
}

rb_field() {  # FIELD of `show peers --json` for peer rb
  bp_ctl show peers --json | "$PY" -c '
import json, sys
print(next(p[sys.argv[1]] for p in json.load(sys.stdin) if p["name"] == "rb"))' "$1"
}

bp_require
it_tmpdir

step "topology: bridge ${IT_PREFIX}-sw; RA (anycastd) $BP_RA_ADDR and RB (BIRD) $BP_RB_ADDR reflect for cluster $CLUSTER"
bp_topology
BP_O[rb.ns]="${IT_PREFIX}-rb"; BP_O[rb.dir]="$IT_TMP/rb"
for o in "${BP_ORIGINS[@]}"; do
  BP_O[$o.dir]="$IT_TMP/$o"; mkdir -p "${BP_O[$o.dir]}"
  rr_speaker_conf "$o" "${BP_O[$o.dir]}" >"${BP_O[$o.dir]}/bird.conf"
done
mkdir -p "$IT_TMP/rb" "$IT_TMP/ra"
rr_rb_conf "$IT_TMP/rb" >"$IT_TMP/rb/bird.conf"
rr_ra_conf "$IT_TMP/ra" >"$IT_TMP/ra/anycastd.yaml"
out="$("$ANYCASTD" --check-config "$IT_TMP/ra/anycastd.yaml" 2>&1)" ||
  fail "anycastd --check-config rejected $IT_TMP/ra/anycastd.yaml: $out"

step "start RA, RB and the BIRD speakers ${BP_ORIGINS[*]}"
start_bg "${IT_PREFIX}-ra" "$IT_TMP/ra/anycastd.log" "$ANYCASTD" --config "$IT_TMP/ra/anycastd.yaml"
wait_for "bp_ctl show peers --json" 15 "anycastd (RA) answers on its control socket"
bp_bird_start RB "${IT_PREFIX}-rb" "$IT_TMP/rb"
for o in "${BP_ORIGINS[@]}"; do bp_bird_start "$o" "${BP_O[$o.ns]}" "${BP_O[$o.dir]}"; done
wait_for bp_ra_established 30 "RA: all 5 sessions Established"

step "§6/§7: a client's route goes to every other client and to the non-clients"
for o in c2 n1 n2; do expect_reflected "$o" "$P1" "${BP_O[c1.rid]}"; done

step "§6/§7: a non-client's route goes to the clients only"
for o in c1 c2; do expect_reflected "$o" "$N1" "${BP_O[n1.rid]}"; done
expect_reflected c1 "$P2" "${BP_O[c2.rid]}"
# n2 holds P1 and P2 from RA, sent with N1 in the same round: N1 was not left behind.
expect_reflected n2 "$P2" "${BP_O[c2.rid]}"
[[ -z "$(reflected_attrs n2 "$N1" to_ra)" ]] ||
  fail "RA reflected non-client n1's $N1 to non-client n2: $(reflected_attrs n2 "$N1" to_ra)"
log "n2 does not hold $N1: ok"

step "§8: RB's copy of $P1 carries our cluster: RA ignores it"
wait_for '(( $(rb_field looped-updates) > 0 ))' 20 "RA counts a looped UPDATE from RB"
candidates="$(ra_candidates "$P1")"
log "RA's candidates for $P1: $candidates"
[[ "$candidates" == "${BP_O[c1.addr]}" ]] ||
  fail "RA should hold $P1 from c1 only, it holds candidates from: $candidates"
grep -q 'bgp.update.loop.*CLUSTER_LIST holds our cluster id' "$IT_TMP/ra/anycastd.log" ||
  fail "RA did not log why it ignored RB's route"
# RA sends RB (a non-client) the clients' P1 and P2, not non-client n1's N1, with the same
# attributes. (BIRD 2.0.12 keeps P2 although the CLUSTER_LIST holds its cluster too: it
# applies that check only on sessions it is the reflector of.)
wait_for '[[ $(rb_field prefixes-sent) == 2 ]]' 20 "RA has sent RB 2 prefixes ($P1, $P2)"
expect_reflected rb "$P2" "${BP_O[c2.rid]}" peer_ra

step "PASS: anycastd reflects as RFC 4456 says, with BIRD clients, non-clients and a second reflector"
