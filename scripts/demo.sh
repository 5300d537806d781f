#!/usr/bin/env bash
# scripts/demo.sh — the `make demo` job: IP anycast failover, live, in ~20 seconds.
#
#            site-a (anycastd, AS 65010)             site-b (anycastd, AS 65010)
#            announces 192.0.2.0/24 MED 10           announces 192.0.2.0/24 MED 20
#                 and 2001:db8:a::/48 MED 10             and 2001:db8:a::/48 MED 20
#                 10.1.0.2 | fd01::2                     10.2.0.2 | fd02::2
#                          |                                 |
#                 10.1.0.1 | fd01::1      router      10.2.0.1 | fd02::1
#                          +------------ (BIRD, AS 65000) ---+
#
# 1. builds three network namespaces (site-a, site-b, router) joined by veth links;
# 2. starts BIRD in "router" and one anycastd per site, each announcing the same anycast
#    prefixes with a different MED;
# 3. shows BIRD's table: two paths, site A best (lower MED), and the kernel route in the
#    router namespace pointing at site A;
# 4. stops site A with SIGTERM (anycastd sends Cease/Administrative Shutdown) and shows
#    BIRD switching to site B;
# 5. removes everything it created — also on failure and on Ctrl-C.
#
# Needs root. Traffic stays inside the three namespaces. Every wait is bounded; the whole
# run is well under 60 s. Environment: ANYCAST_BIN (default <repo>/build/bin);
# DEMO_SITE=bird runs BIRD as a stand-in for anycastd at the sites (development aid).

set -Eeuo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Generic helpers: cleanup trap (recorded PIDs + our namespaces + temp dir), wait_for,
# start_bg, nsx. See tests/interop/lib.sh.
# shellcheck source=tests/interop/lib.sh
source "$REPO/tests/interop/lib.sh"

DEMO_SITE="${DEMO_SITE:-anycastd}"
ANYCASTD="$ANYCAST_BIN/anycastd"
ANYCASTCTL="$ANYCAST_BIN/anycastctl"
BIRD=/usr/sbin/bird
BIRDC=/usr/sbin/birdc
PREFIX4=192.0.2.0/24
PREFIX6=2001:db8:a::/48
ANYCAST_ADDR=192.0.2.1

NS_ROUTER="ac-demo-$$-router"
NS_A="ac-demo-$$-site-a"
NS_B="ac-demo-$$-site-b"
declare -A SITE_PID=()

if [[ -t 1 ]]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD="" PLAIN=""; fi
say()    { printf '\n%s==> %s%s\n' "$BOLD" "$*" "$PLAIN"; }
detail() { printf '    %s\n' "$@"; }
indent() { sed 's/^/    | /'; }
# On a terminal, give the reader a moment between acts (DEMO_PAUSE seconds, default 2).
pause()  { if [[ -t 1 ]]; then sleep "${DEMO_PAUSE:-2}"; fi; }

# --- preconditions ------------------------------------------------------------------------
[[ "$(id -u)" -eq 0 ]] || { echo "demo.sh needs root (network namespaces). Try: sudo make demo" >&2; exit 1; }
reap_stale_netns
[[ -x "$BIRD" && -x "$BIRDC" ]] || { echo "BIRD is not installed (apt-get install bird2)" >&2; exit 1; }
if [[ "$DEMO_SITE" == anycastd ]]; then
  [[ -x "$ANYCASTD" && -x "$ANYCASTCTL" ]] ||
    { echo "anycastd is not built in $ANYCAST_BIN — run 'make build' (or set ANYCAST_BIN)" >&2; exit 1; }
fi
it_tmpdir
DIR="$IT_TMP"
DEMO_START=$SECONDS

# --- 1. namespaces and links ----------------------------------------------------------------
say "1/5  Building the network: namespaces router, site-a, site-b"
for ns in "$NS_ROUTER" "$NS_A" "$NS_B"; do
  ip netns add "$ns"
  IT_NETNS+=("$ns")
  ip -n "$ns" link set lo up
done
# link <site ns> <subnet number> <router-side ifname>
link() {
  local ns="$1" n="$2" rif="$3"
  ip -n "$NS_ROUTER" link add "$rif" type veth peer name uplink netns "$ns"
  ip -n "$NS_ROUTER" addr add "10.$n.0.1/24" dev "$rif"
  ip -n "$NS_ROUTER" addr add "fd0$n::1/64" dev "$rif" nodad
  ip -n "$ns" addr add "10.$n.0.2/24" dev uplink
  ip -n "$ns" addr add "fd0$n::2/64" dev uplink nodad
  ip -n "$NS_ROUTER" link set "$rif" up
  ip -n "$ns" link set uplink up
  # The anycast service address lives on the site's loopback; replies go back via the router.
  ip -n "$ns" addr add "$ANYCAST_ADDR/32" dev lo
  ip -n "$ns" route add default via "10.$n.0.1"
  detail "router:$rif 10.$n.0.1 fd0$n::1  <-->  $4:uplink 10.$n.0.2 fd0$n::2   ($ANYCAST_ADDR on $4's lo)"
}
link "$NS_A" 1 to-site-a site-a
link "$NS_B" 2 to-site-b site-b
detail "(namespace names: $NS_ROUTER, $NS_A, $NS_B)"

# --- 2. daemons -----------------------------------------------------------------------------
say "2/5  Starting BIRD on the router (AS 65000) and a BGP speaker per site (AS 65010)"
cat >"$DIR/router.conf" <<EOF
log "$DIR/router.log" all;
router id 10.0.0.254;
protocol device { scan time 10; }
# The router's own kernel table (inside the router namespace only) gets the best path.
protocol kernel { ipv4 { export all; }; }
protocol kernel { ipv6 { export all; }; }
template bgp site {
  local as 65000;
  passive on;              # the sites connect to the router
  hold time 9;
  ipv4 { import all; export none; };
  ipv6 { import all; export none; };
}
protocol bgp site_a from site { neighbor 10.1.0.2 as 65010; }
protocol bgp site_b from site { neighbor 10.2.0.2 as 65010; }
EOF
start_bg "$NS_ROUTER" "$DIR/router.stderr" "$BIRD" -f -c "$DIR/router.conf" -s "$DIR/router.ctl" -P "$DIR/router.pid"
track_log "$DIR/router.log"
birdc() { nsx "$NS_ROUTER" "$BIRDC" -s "$DIR/router.ctl" "$@"; }
wait_for "birdc show status" 10 "BIRD answers"
detail "BIRD: $BIRD -f -c $DIR/router.conf -s $DIR/router.ctl   (in router)"

# start_site <name> <ns> <subnet number> <med>
start_site() {
  local name="$1" ns="$2" n="$3" med="$4" conf
  if [[ "$DEMO_SITE" == anycastd ]]; then
    conf="$DIR/$name.yaml"
    cat >"$conf" <<EOF
router:
  as: 65010
  router-id: 10.$n.0.2
  listen: []
control:
  socket: $DIR/$name.sock
log:
  level: info
peers:
  - name: router
    address: 10.$n.0.1
    as: 65000
    local-address: 10.$n.0.2
    hold-time: 9
    connect-retry: 1
announce:
  - prefix: $PREFIX4
    communities: ["65010:$n"]
    med: $med
  - prefix: $PREFIX6
    communities: ["65010:$n"]
    med: $med
EOF
    "$ANYCASTD" --check-config "$conf" >/dev/null
    start_bg "$ns" "$DIR/$name.log" "$ANYCASTD" --config "$conf"
    detail "$name: anycastd --config $conf   (announces $PREFIX4, $PREFIX6 with MED $med)"
  else
    conf="$DIR/$name.conf"
    cat >"$conf" <<EOF
log "$DIR/$name.log" all;
router id 10.$n.0.2;
protocol device { scan time 10; }
protocol static { ipv4; route $PREFIX4 blackhole; }
protocol static { ipv6; route $PREFIX6 blackhole; }
protocol bgp uplink {
  local 10.$n.0.2 as 65010; neighbor 10.$n.0.1 as 65000; hold time 9;
  connect delay time 1; connect retry time 1;
  ipv4 { import none; export filter { if source != RTS_STATIC then reject; bgp_med = $med; bgp_community.add((65010,$n)); accept; }; };
  ipv6 { import none; export filter { if source != RTS_STATIC then reject; bgp_med = $med; bgp_community.add((65010,$n)); accept; }; };
}
EOF
    start_bg "$ns" "$DIR/$name.stderr" "$BIRD" -f -c "$conf" -s "$DIR/$name.ctl" -P "$DIR/$name.pid"
    track_log "$DIR/$name.log"
    detail "$name: BIRD stand-in for anycastd (DEMO_SITE=bird), MED $med"
  fi
  SITE_PID[$name]="$BG_PID"
}
start_site site-a "$NS_A" 1 10
start_site site-b "$NS_B" 2 20

# --- 3. both paths, the best one ------------------------------------------------------------
say "3/5  Waiting for both BGP sessions and both paths at the router"
session_up() { birdc show protocols "$1" | grep -q Established; }
paths() {  # number of paths BIRD has for a prefix
  birdc show route "$1" all | grep -c 'BGP.as_path' || true
}
wait_for "session_up site_a && session_up site_b" 30 "sessions site_a and site_b Established"
wait_for "[[ \$(paths $PREFIX4) -eq 2 && \$(paths $PREFIX6) -eq 2 ]]" 20 "two paths for $PREFIX4 and $PREFIX6"

show_router() {
  detail "BIRD> show protocols"
  birdc show protocols | tail -n +2 | indent
  detail "BIRD> show route $PREFIX4 all    ('*' marks the best path)"
  birdc show route "$PREFIX4" all | tail -n +2 | grep -E 'unicast|via|BGP.(as_path|med|community)' | indent
  detail "BIRD> show route $PREFIX6"
  birdc show route "$PREFIX6" | tail -n +2 | indent
  detail "router kernel table: ip route show $PREFIX4 / ip -6 route show $PREFIX6"
  { ip -n "$NS_ROUTER" route show "$PREFIX4"; ip -n "$NS_ROUTER" -6 route show "$PREFIX6"; } | indent
  if nsx "$NS_ROUTER" ping -c 1 -W 1 -q "$ANYCAST_ADDR" >/dev/null 2>&1; then
    detail "ping $ANYCAST_ADDR from the router: reply received"
  else
    detail "ping $ANYCAST_ADDR from the router: no reply"
  fi
}
best_via() { birdc show route "$PREFIX4" | awk '/\*/ { for (i = 1; i <= NF; i++) if ($i ~ /^\[site_/) { sub(/^\[/, "", $i); print $i } }'; }

show_router
[[ "$(best_via)" == site_a ]] || fail "expected site_a (MED 10) to be best, BIRD chose '$(best_via)'"
say "Site A is best: same neighbor AS, lower MED (10 < 20). Clients of the router go to site A."
pause

# --- 4. fail site A -------------------------------------------------------------------------
say "4/5  Stopping site A (SIGTERM to pid ${SITE_PID[site-a]}): it closes its session with Cease"
stop_pid "${SITE_PID[site-a]}" 10
detail "site A exited with status $STOP_RC"
wait_for "[[ \$(best_via) == site_b ]] && [[ \$(paths $PREFIX4) -eq 1 ]]" 20 "BIRD to switch $PREFIX4 to site B"
detail "BIRD> show protocols all site_a   (why the session went down)"
birdc show protocols all site_a | sed -n '2,4p' | indent
show_router
say "Site B now carries the anycast prefixes: failover without any client change."

pause

# --- 5. cleanup -----------------------------------------------------------------------------
say "5/5  Done in $((SECONDS - DEMO_START)) s. Removing namespaces, processes and $DIR"
