# shellcheck shell=bash
# shellcheck disable=SC2034  # NODE[...] is lib.sh's node table
# tests/interop/peer_frr.sh — FRR bgpd driver for lib.sh's node interface (sourced).
#
# Start:  ip netns exec NS /usr/lib/frr/zebra -f DIR/zebra.conf -i DIR/zebra.pid
#             -z DIR/zserv.api --vty_socket DIR -P 0 --log file:DIR/zebra.log
#         ip netns exec NS /usr/lib/frr/bgpd -f DIR/bgpd.conf -i DIR/bgpd.pid
#             -z DIR/zserv.api --vty_socket DIR -P 0 -S -n --log file:DIR/bgpd.log
#         (-P 0: no TCP vty; -n: bgpd installs nothing in the kernel; -S: bgpd stays root.
#         zebra cannot stay root — "-u root" fails as root is not in group frrvty — so it
#         drops to user frr and DIR is chowned to frr.)
#         zebra is needed: without it (bgpd -Z) bgpd knows no interface addresses, so it
#         sends an IPv4 address as next hop of IPv6 routes over an IPv4 session, and it
#         cannot resolve received next hops. zebra only sees the namespace's own interfaces.
# Query:  ip netns exec NS vtysh --vty_socket DIR -d bgpd -c "show bgp neighbors ADDR json"
#         ... -c "show bgp ipv4|ipv6 unicast json" and "show bgp ipv4|ipv6 unicast PREFIX json"
# eBGP needs `no bgp ebgp-requires-policy` (RFC 8212 default) and, without zebra,
# `no bgp network import-check` so `network` statements originate unconditionally.

FRR_BGPD="${FRR_BGPD:-/usr/lib/frr/bgpd}"
FRR_ZEBRA="${FRR_ZEBRA:-/usr/lib/frr/zebra}"
VTYSH="${VTYSH:-/usr/bin/vtysh}"

frr_require() { require_cmd "$FRR_BGPD" "$FRR_ZEBRA" "$VTYSH"; }

vtysh_() {
  local role="$1" args=() c; shift
  for c in "$@"; do args+=(-c "$c"); done
  nsx "$(node "$role" ns)" "$VTYSH" --vty_socket "$(node "$role" dir)" -d bgpd "${args[@]}"
}

frr_af() { [[ "$1" == *:* ]] && echo ipv6 || echo ipv4; }

# route-map lines setting the attributes of one originated prefix
frr_route_map() {
  local name="$1" comms="$2" lcomms="$3" med="$4"
  printf 'route-map %s permit 10\n' "$name"
  [[ -n "$comms" ]] && printf ' set community %s\n' "$comms"
  [[ -n "$lcomms" ]] && printf ' set large-community %s\n' "$lcomms"
  [[ -n "$med" ]] && printf ' set metric %s\n' "$med"
  printf 'exit\n'
}

frr_rm_name() { printf 'orig_%s' "$(tr -c 'a-zA-Z0-9\n' _ <<<"$1")"; }

frr_start() {
  local role="$1" dir ns peer prefix comms lcomms med af
  dir="$(node "$role" dir)"; ns="$(node "$role" ns)"; peer="$(peer_addr4 "$role")"
  {
    printf 'frr defaults traditional\nhostname %s\n' "$(node "$role" drv)-$role"
    printf 'log timestamp precision 3\n!\n'
    node_routes "$role" | while IFS='|' read -r prefix comms lcomms med; do
      frr_route_map "$(frr_rm_name "$prefix")" "$comms" "$lcomms" "$med"
    done
    cat <<EOF
router bgp $(node "$role" as)
 bgp router-id $(node "$role" rid)
 no bgp ebgp-requires-policy
 no bgp network import-check
 no bgp default ipv4-unicast
 neighbor $peer remote-as $(peer_as "$role")
 neighbor $peer update-source $(node "$role" addr4)
 neighbor $peer timers 30 90
 neighbor $peer timers connect 1
$( [[ "$(node "$role" passive)" == 1 ]] && echo " neighbor $peer passive" )
EOF
    for af in ipv4 ipv6; do
      printf ' address-family %s unicast\n  neighbor %s activate\n' "$af" "$peer"
      node_routes "$role" | while IFS='|' read -r prefix comms lcomms med; do
        [[ "$(frr_af "$prefix")" == "$af" ]] || continue
        printf '  network %s route-map %s\n' "$prefix" "$(frr_rm_name "$prefix")"
      done
      printf ' exit-address-family\n'
    done
    printf 'exit\n'
  } >"$dir/bgpd.conf"
  chown frr:frr "$dir" 2>/dev/null || chmod 777 "$dir"
  printf 'hostname %s-zebra\n' "$(node "$role" drv)-$role" >"$dir/zebra.conf"
  start_bg "$ns" "$dir/zebra.stderr" "$FRR_ZEBRA" -f "$dir/zebra.conf" -i "$dir/zebra.pid" \
    -z "$dir/zserv.api" --vty_socket "$dir" -P 0 --log "file:$dir/zebra.log"
  track_log "$dir/zebra.log"
  IT_PATHS+=("/var/tmp/frr/zebra.$BG_PID")   # FRR's per-process crash-log dir
  wait_for "[[ -S '$dir/zserv.api' ]]" 10 "frr zebra ($role) listens on $dir/zserv.api"
  start_bg "$ns" "$dir/bgpd.stderr" "$FRR_BGPD" -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
    -z "$dir/zserv.api" --vty_socket "$dir" -P 0 -S -n --log "file:$dir/bgpd.log"
  NODE[$role.pid]="$BG_PID"
  IT_PATHS+=("/var/tmp/frr/bgpd.$BG_PID")
  track_log "$dir/bgpd.log"
  wait_for "vtysh_ $role 'show bgp summary'" 15 "frr bgpd ($role) answers on its vty socket"
}

frr_neighbor_json() { vtysh_ "$1" "show bgp neighbors $(peer_addr4 "$1") json"; }

# `show bgp neighbors ADDR json` -> {"ADDR": {"bgpState": "Established", ...}}
frr_state() {
  frr_neighbor_json "$1" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
print(next(iter(d.values())).get("bgpState", ""))'
}

# Received routes, in two vtysh calls: `show bgp ipv4 unicast json` + `show bgp ipv6 unicast
# json` list the prefixes (per path "peerId"); then one `show bgp <af> unicast PREFIX json`
# per prefix learned from the neighbor (vtysh prints the JSON documents back to back):
#   {"prefix": "...", "paths": [{"aspath": {"string": "65001", "segments": [...]},
#     "community": {"string": "65001:100 no-export", "list": [...]},
#     "largeCommunity": {"string": "65001:1:2"}, "metric": 10,
#     "nexthops": [{"ip": "fd00::1", "scope": "global"}, {"ip": "fe80::..", "scope":
#     "link-local"}], "peer": {"peerId": "10.0.0.1", ...}}]}
FRR_JSON_STREAM='
import json, sys
def docs(text):
    dec, i = json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        d, i = dec.raw_decode(text, i)
        yield d
'
frr_routes() {
  local role="$1" peer cmds=() line
  peer="$(peer_addr4 "$role")"
  while read -r line; do
    [[ -n "$line" ]] && cmds+=("$line")
  done < <(vtysh_ "$role" "show bgp ipv4 unicast json" "show bgp ipv6 unicast json" | "$PY" -c "$FRR_JSON_STREAM"'
for d in docs(sys.stdin.read()):
    for prefix, paths in d.get("routes", {}).items():
        if any(p.get("peerId") == sys.argv[1] for p in paths):
            print("show bgp %s unicast %s json" % ("ipv6" if ":" in prefix else "ipv4", prefix))
' "$peer")
  ((${#cmds[@]})) || return 0
  vtysh_ "$role" "${cmds[@]}" | "$PY" -c "$FRR_JSON_STREAM"'
WK = {"no-export": "65535:65281", "noExport": "65535:65281", "no-advertise": "65535:65282",
      "noAdvertise": "65535:65282", "graceful-shutdown": "65535:0", "blackhole": "65535:666",
      "localAs": "65535:65283", "local-AS": "65535:65283"}
for d in docs(sys.stdin.read()):
    for p in d.get("paths", []):
        if p.get("peer", {}).get("peerId", "") != sys.argv[1]:
            continue        # only routes learned from the neighbor, not our own
        nhs = p.get("nexthops", [])
        nh = next((n["ip"] for n in nhs if n.get("scope", "global") == "global"),
                  nhs[0]["ip"] if nhs else None)
        print(json.dumps({
            "prefix": d["prefix"], "next-hop": nh,
            "as-path": [int(a) for a in p.get("aspath", {}).get("string", "").split() if a.isdigit()],
            "communities": [WK.get(c, c) for c in p.get("community", {}).get("string", "").split()],
            "large-communities": p.get("largeCommunity", {}).get("string", "").split(),
            "med": p.get("metric")}))
' "$peer"
}

frr_af_cmd() {  # frr_af_cmd ROLE PREFIX CMD... — run config commands in PREFIX's AF
  local role="$1" prefix="$2"; shift 2
  vtysh_ "$role" "configure terminal" "router bgp $(node "$role" as)" \
    "address-family $(frr_af "$prefix") unicast" "$@" >/dev/null
}

frr_announce() {
  local role="$1" prefix="$2" rm c=()
  rm="$(frr_rm_name "$prefix")"
  c+=("configure terminal" "route-map $rm permit 10")
  [[ -n "${COMMS:-}" ]] && c+=("set community $COMMS")
  [[ -n "${LCOMMS:-}" ]] && c+=("set large-community $LCOMMS")
  [[ -n "${MED:-}" ]] && c+=("set metric $MED")
  vtysh_ "$role" "${c[@]}" >/dev/null || fail "frr route-map $rm"
  frr_af_cmd "$role" "$prefix" "network $prefix route-map $rm" || fail "frr network $prefix"
}

frr_withdraw() {
  frr_af_cmd "$1" "$2" "no network $2" || fail "frr no network $2"
}

frr_shutdown() {
  vtysh_ "$1" "configure terminal" "router bgp $(node "$1" as)" \
    "neighbor $(peer_addr4 "$1") shutdown message $2" >/dev/null || fail "frr neighbor shutdown"
}

# FRR 8.4 keeps the received shutdown message in `show bgp neighbors ADDR json`
# ("lastShutdownDescription"; text output: "Message: ...") — see frr_shutdown_seen.
frr_shutdown_seen() {
  frr_neighbor_json "$1" | "$PY" -c '
import json, sys
n = next(iter(json.load(sys.stdin).values()))
hits = {k: v for k, v in n.items() if isinstance(v, str) and sys.argv[1] in v}
print(json.dumps(hits)) if hits else sys.exit(1)' "$2"
}
