# shellcheck shell=bash
# shellcheck disable=SC2034  # NODE[...] is lib.sh's node table
# tests/interop/peer_gobgp.sh — GoBGP driver for lib.sh's node interface (sourced).
#
# Start:  ip netns exec NS gobgpd -f DIR/gobgpd.toml -p --pprof-disable
#             --api-hosts unix://DIR/gobgp.sock         (gRPC API on a unix socket)
# Query:  ip netns exec NS gobgp --target unix://DIR/gobgp.sock neighbor ADDR -j
#         ... global rib -a ipv4|ipv6 -j
#         ... global rib add|del -a AF PREFIX [nexthop X] [med N] [community a:b,c:d]
#             [large-community a:b:c]
# GoBGP only originates routes added through its API, so the initial announcements are
# `global rib add` calls right after start. It never touches any kernel table.

GOBGPD="${GOBGPD:-/usr/bin/gobgpd}"
GOBGP="${GOBGP:-/usr/bin/gobgp}"

gobgp_require() { require_cmd "$GOBGPD" "$GOBGP"; }

gobgp_() {
  local role="$1"; shift
  nsx "$(node "$role" ns)" "$GOBGP" --target "unix://$(node "$role" dir)/gobgp.sock" "$@"
}

gobgp_start() {
  local role="$1" dir prefix comms lcomms med
  dir="$(node "$role" dir)"
  cat >"$dir/gobgpd.toml" <<EOF
[global.config]
  as = $(node "$role" as)
  router-id = "$(node "$role" rid)"
  port = 179
  local-address-list = ["$(node "$role" addr4)"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "$(peer_addr4 "$role")"
    peer-as = $(peer_as "$role")
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 90
    keepalive-interval = 30
  [neighbors.transport.config]
    local-address = "$(node "$role" addr4)"
    passive-mode = $( [[ "$(node "$role" passive)" == 1 ]] && echo true || echo false )
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
EOF
  start_bg "$(node "$role" ns)" "$dir/gobgpd.log" \
    "$GOBGPD" -f "$dir/gobgpd.toml" -p --pprof-disable --api-hosts "unix://$dir/gobgp.sock"
  NODE[$role.pid]="$BG_PID"
  wait_for "gobgp_ $role global" 15 "gobgpd ($role) answers on its API socket"
  while IFS='|' read -r prefix comms lcomms med; do
    COMMS="$comms" LCOMMS="$lcomms" MED="$med" gobgp_announce "$role" "$prefix"
  done < <(node_routes "$role")
}

gobgp_af() { [[ "$1" == *:* ]] && echo ipv6 || echo ipv4; }

# `gobgp neighbor ADDR -j` -> {"state": {"session_state": 6, ...}, ...}
# session_state follows the gRPC enum: 1 idle 2 connect 3 active 4 opensent 5 openconfirm
# 6 established (some versions print the name instead).
gobgp_state() {
  gobgp_ "$1" neighbor "$(peer_addr4 "$1")" -j | "$PY" -c '
import json, sys
s = json.load(sys.stdin).get("state", {}).get("session_state", 0)
names = {1: "Idle", 2: "Connect", 3: "Active", 4: "OpenSent", 5: "OpenConfirm", 6: "Established"}
print(names.get(s, str(s).capitalize()) if isinstance(s, int) else
      {"established": "Established"}.get(s.lower(), s.capitalize()))'
}

# `gobgp global rib -a AF -j` -> {"PREFIX": [{"nlri": {"prefix": ...}, "attrs": [...],
#   "source-id": "10.0.0.1", "neighbor-ip": "10.0.0.1", ...}]}; attrs by "type":
#   2 AS_PATH {"as_paths": [{"segment_type": 2, "asns": [65001]}]}, 3 NEXT_HOP {"nexthop"},
#   4 MED {"metric"}, 8 COMMUNITIES {"communities": [uint32...]},
#   14 MP_REACH {"nexthop": "fd00::1", ...}, 32 LARGE_COMMUNITY {"value": [{"ASN",
#   "LocalData1", "LocalData2"}]}
gobgp_routes() {
  local role="$1" af
  for af in ipv4 ipv6; do
    gobgp_ "$role" global rib -a "$af" -j | "$PY" -c '
import json, sys
peer = sys.argv[1]
d = json.load(sys.stdin) or {}
for prefix, paths in d.items():
    for p in paths:
        if p.get("neighbor-ip") != peer:
            continue
        r = {"prefix": prefix, "next-hop": None, "as-path": [], "communities": [],
             "large-communities": [], "med": None}
        for a in p.get("attrs", []):
            t = a.get("type")
            if t == 2:
                r["as-path"] = [n for seg in a.get("as_paths", []) for n in seg.get("asns", [])]
            elif t == 3:
                r["next-hop"] = a.get("nexthop")
            elif t == 14:
                r["next-hop"] = a.get("nexthop") or (a.get("nexthops") or [None])[0]
            elif t == 4:
                r["med"] = a.get("metric")
            elif t == 8:
                r["communities"] = ["%d:%d" % (c >> 16, c & 0xFFFF) for c in a.get("communities", [])]
            elif t == 32:
                r["large-communities"] = ["%d:%d:%d" % (v["ASN"], v["LocalData1"], v["LocalData2"])
                                          for v in a.get("value", [])]
        print(json.dumps(r))
' "$(peer_addr4 "$role")"
  done
}

# Words for `gobgp global rib add`: well-known names in GoBGP spelling, comma separated.
gobgp_comms() {
  local c out=()
  for c in $1; do out+=("$c"); done
  local IFS=,; printf '%s' "${out[*]}"
}

gobgp_announce() {
  local role="$1" prefix="$2" af args=()
  af="$(gobgp_af "$prefix")"
  # GoBGP rewrites the next hop to its session address for eBGP; an IPv6 route over an
  # IPv4 session needs an explicit IPv6 next hop.
  [[ "$af" == ipv6 ]] && args+=(nexthop "$(node "$role" addr6)")
  [[ -n "${MED:-}" ]] && args+=(med "$MED")
  [[ -n "${COMMS:-}" ]] && args+=(community "$(gobgp_comms "$COMMS")")
  [[ -n "${LCOMMS:-}" ]] && args+=(large-community "$(gobgp_comms "$LCOMMS")")
  gobgp_ "$role" global rib add -a "$af" "$prefix" "${args[@]}" >/dev/null ||
    fail "gobgp global rib add $prefix ${args[*]}"
}

gobgp_withdraw() {
  gobgp_ "$1" global rib del -a "$(gobgp_af "$2")" "$2" >/dev/null || fail "gobgp global rib del $2"
}

# `neighbor ADDR shutdown --reason` (deprecated in favour of `disable`, but GoBGP 3.10's
# `disable --reason` sends an empty Communicated-Reason).
gobgp_shutdown() {
  gobgp_ "$1" neighbor "$(peer_addr4 "$1")" shutdown --reason "$2" >/dev/null 2>&1 ||
    fail "gobgp neighbor shutdown"
}

# GoBGP 3.10 does not show a received shutdown message in `gobgp neighbor [ADDR] [-j]`
# (state only: "Idle"); it is only in gobgpd's log:
#   level=warning msg="received notification" Code=6 Communicated-Reason="maintenance
#   window 42" Data="[]" Key=10.0.0.1 Subcode=2 Topic=Peer
gobgp_shutdown_seen() {
  local dir
  dir="$(node "$1" dir)"
  grep -F 'msg="received notification"' "$dir/gobgpd.log" | grep -F 'Subcode=2' |
    grep -F -- "Communicated-Reason=\"$2\"" | tail -n 1 | grep .
}
