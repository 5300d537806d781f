# shellcheck shell=bash
# shellcheck disable=SC2034  # NODE[...] is lib.sh's node table
# tests/interop/peer_bird.sh — BIRD 2 driver for lib.sh's node interface (sourced).
#
# Start:  ip netns exec NS bird -f -c DIR/bird.conf -s DIR/bird.ctl -P DIR/bird.pid
# Query:  birdc -s DIR/bird.ctl show protocols [all] peer_<name>
#         birdc -s DIR/bird.ctl show route all protocol peer_<name>
# No kernel protocol: BIRD never touches a routing table (not even the namespace's).
# Each originated prefix is its own static protocol st_<n>, so a withdrawal is
# `birdc disable st_<n>` and a run-time announcement is a config rewrite + `birdc configure`.

BIRD="${BIRD:-/usr/sbin/bird}"
# prefix -> the NEXT_HOP BIRD sends it with instead of its own address (set by a test).
declare -gA IT_BIRD_NEXT_HOP
BIRDC="${BIRDC:-/usr/sbin/birdc}"

bird_require() { require_cmd "$BIRD" "$BIRDC"; }

birdc_() { local role="$1"; shift; nsx "$(node "$role" ns)" "$BIRDC" -s "$(node "$role" dir)/bird.ctl" "$@"; }

bird_proto() { printf 'peer_%s' "$(node "$1" name | tr -c 'a-zA-Z0-9_\n' _)"; }

# "65001:100" -> (65001,100); "no-export" -> (65535,65281); "65001:1:2" -> (65001,1,2)
bird_pairs() {
  local c out=""
  for c in $1; do
    case "$c" in
      no-export) c=65535:65281 ;; no-advertise) c=65535:65282 ;;
      no-export-subconfed) c=65535:65283 ;; graceful-shutdown) c=65535:0 ;; blackhole) c=65535:666 ;;
    esac
    out+=" (${c//:/,})"
  done
  printf '%s' "$out"
}

# One static protocol per originated prefix; DIR/routes holds "prefix|comms|lcomms|med".
bird_write_conf() {
  local role="$1" dir n=0 prefix comms lcomms med af stmt c per_prefix=""
  dir="$(node "$role" dir)"
  {
    printf 'log "%s/bird.log" all;\n' "$dir"
    printf 'router id %s;\n' "$(node "$role" rid)"
    printf 'protocol device { scan time 10; }\n'
    while IFS='|' read -r prefix comms lcomms med; do
      [[ -n "$prefix" ]] || continue
      af=ipv4; [[ "$prefix" == *:* ]] && af=ipv6
      stmt=""
      for c in $(bird_pairs "$comms"); do stmt+=" bgp_community.add($c);"; done
      for c in $(bird_pairs "$lcomms"); do stmt+=" bgp_large_community.add($c);"; done
      # BIRD sends MED to an eBGP peer only when the export filter sets it (below).
      [[ -n "$med" ]] && per_prefix+="    if net = $prefix then bgp_med = $med;"$'\n'
      # A third-party next hop (RFC 4271 §5.1.3), for the next-hop tracking test.
      [[ -n "${IT_BIRD_NEXT_HOP[$prefix]:-}" ]] &&
        per_prefix+="    if net = $prefix then bgp_next_hop = ${IT_BIRD_NEXT_HOP[$prefix]};"$'\n'
      printf 'protocol static st_%d { %s; route %s blackhole {%s }; }\n' "$n" "$af" "$prefix" "$stmt"
      n=$((n + 1))
    done <"$dir/routes"
    cat <<EOF
filter export_static {
  if source != RTS_STATIC then reject;
${per_prefix}  accept;
}
protocol bgp $(bird_proto "$role") {
  local $(node "$role" addr4) as $(node "$role" as);
  neighbor $(peer_addr4 "$role") as $(peer_as "$role");
  passive $( [[ "$(node "$role" passive)" == 1 ]] && echo on || echo off );
  hold time 90;
  connect delay time 1;
  connect retry time 2;
  error wait time 1, 5;
  ipv4 { import all; export filter export_static; };
  ipv6 { import all; export filter export_static; };
}
EOF
  } >"$dir/bird.conf"
}

bird_start() {
  local role="$1" dir
  dir="$(node "$role" dir)"
  node_routes "$role" >"$dir/routes"
  bird_write_conf "$role"
  "$BIRD" -p -c "$dir/bird.conf" || fail "bird rejected its config $dir/bird.conf"
  start_bg "$(node "$role" ns)" "$dir/bird.stderr" \
    "$BIRD" -f -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid"
  NODE[$role.pid]="$BG_PID"
  track_log "$dir/bird.log"
  wait_for "birdc_ $role show status" 10 "bird ($role) answers on its control socket"
}

# Info column of `show protocols peer_x`:
#   peer_frr   BGP   ---   up   16:01:02.123   Established
bird_state() {
  local role="$1"
  birdc_ "$role" show protocols "$(bird_proto "$role")" |
    awk -v p="$(bird_proto "$role")" '$1 == p { s = ""; for (i = 6; i <= NF; i++) s = s (s ? " " : "") $i; print s }'
}

# Parse `show route all protocol peer_x`. Format (BIRD 2.0.12):
#   Table master4:
#   198.51.100.0/24      unicast [peer_frr 16:01:02.123] * (100) [AS65002i]
#   	via 10.0.0.2 on eth0
#   	BGP.as_path: 65002
#   	BGP.next_hop: 10.0.0.2                (IPv6: "fd00::2 fe80::..." — global first)
#   	BGP.med: 10
#   	BGP.community: (65002,1) (65535,65281)
#   	BGP.large_community: (65002, 1, 1)
# A second path for the same prefix starts with spaces instead of the prefix.
bird_routes() {
  local role="$1"
  birdc_ "$role" show route all protocol "$(bird_proto "$role")" | "$PY" -c '
import json, re, sys
routes, cur, prefix = [], None, None
for line in sys.stdin:
    m = re.match(r"^(\S+)\s+unicast\s", line)
    if m and "/" in m.group(1):
        prefix = m.group(1)
    if re.match(r"^(\S+)?\s+unicast\s+\[", line):
        cur = {"prefix": prefix, "next-hop": None, "as-path": [], "communities": [],
               "large-communities": [], "med": None}
        routes.append(cur); continue
    if cur is None: continue
    s = line.strip()
    if s.startswith("BGP.as_path:"):
        cur["as-path"] = [int(a) for a in re.findall(r"\d+", s.split(":", 1)[1])]
    elif s.startswith("BGP.next_hop:"):
        cur["next-hop"] = s.split(":", 1)[1].split()[0]
    elif s.startswith("BGP.med:"):
        cur["med"] = int(s.split(":", 1)[1])
    elif s.startswith("BGP.community:"):
        cur["communities"] = ["%s:%s" % p for p in re.findall(r"\((\d+),\s*(\d+)\)", s)]
    elif s.startswith("BGP.large_community:"):
        cur["large-communities"] = ["%s:%s:%s" % p for p in re.findall(r"\((\d+),\s*(\d+),\s*(\d+)\)", s)]
for r in routes:
    print(json.dumps(r))
'
}

bird_static_of() {  # name of the static protocol originating PREFIX
  awk -F'|' -v p="$2" '$1 == p { print "st_" NR - 1; exit }' "$(node "$1" dir)/routes"
}

bird_announce() {
  local role="$1" prefix="$2" st
  st="$(bird_static_of "$role" "$prefix")"
  if [[ -n "$st" ]]; then
    birdc_ "$role" enable "$st" >/dev/null || fail "birdc enable $st"
    return
  fi
  printf '%s|%s|%s|%s\n' "$prefix" "${COMMS:-}" "${LCOMMS:-}" "${MED:-}" >>"$(node "$role" dir)/routes"
  bird_write_conf "$role"
  birdc_ "$role" configure | grep -q 'Reconfigured' || fail "birdc configure failed"
}

bird_withdraw() {
  local role="$1" prefix="$2" st
  st="$(bird_static_of "$role" "$prefix")"
  [[ -n "$st" ]] || fail "bird ($role) does not originate $prefix"
  birdc_ "$role" disable "$st" >/dev/null || fail "birdc disable $st"
}

bird_shutdown() {
  birdc_ "$1" disable "$(bird_proto "$1")" "\"$2\"" >/dev/null || fail "birdc disable with message"
}

# BIRD 2.0.12 `show protocols all peer_x` after receiving Cease/Administrative Shutdown
# with a message (the sender's side shows the "Message:" line too, hence both checks):
#   peer_frr   BGP   ---   start   17:21:26.456  Passive       Received: Administrative shutdown
#     Message:        maintenance window 42
bird_shutdown_seen() {
  local out
  out="$(birdc_ "$1" show protocols all "$(bird_proto "$1")")"
  grep -q 'Received: Administrative shutdown' <<<"$out" &&
    grep -E "^[[:space:]]*Message:[[:space:]]+\"?$(sed 's/[][\.*^$/]/\\&/g' <<<"$2")\"?\$" <<<"$out" |
    sed 's/^[[:space:]]*//'
}
