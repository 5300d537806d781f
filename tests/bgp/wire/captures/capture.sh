#!/usr/bin/env bash
# capture.sh: records the OPEN and UPDATE messages real BGP daemons send, for CaptureTest.cpp.
#
# Usage (root, needs `ip netns`):  tests/bgp/wire/captures/capture.sh [bird] [frr] [gobgp]
#   With no argument all three are captured. Writes, next to this script,
#   <daemon>-open.hex (the daemon's first OPEN) and <daemon>-update.hex (its UPDATEs, one per
#   line), lowercase hex of whole messages, header included.
#
# How: for each daemon in turn, a network namespace (ac-it-<pid>-<daemon>) with only `lo` up.
# listener.py listens on 127.0.0.1:1790 inside it and the daemon, started in the namespace with
# a config generated in a temp dir (own pid, control socket and log paths there), connects to it
# from 127.0.0.<n> and announces one IPv4 and one IPv6 prefix:
#   bird   AS 65001       router id 10.0.0.2  192.0.2.0/24     2001:db8:1::/48
#   frr    AS 65002       router id 10.0.0.3  198.51.100.0/24  2001:db8:2::/48
#   gobgp  AS 4200000003  router id 10.0.0.4  203.0.113.0/24   2001:db8:3::/48 (graceful restart)
# The listener answers as AS 65000 so each session reaches Established.
#
# Namespaces, processes and the temp dir are tracked and removed by tests/interop/lib.sh, the
# interop tests' helpers: only the processes started here are stopped (by PID), on exit, error,
# Ctrl-C or TERM, and a namespace a SIGKILLed run left behind is reaped by the next run of any
# script using lib.sh. No traffic leaves the namespace; every wait is bounded.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/lib.sh
source "$HERE/../../../interop/lib.sh"
PORT=1790

require_root
it_tmpdir
WORK="$IT_TMP"

start_bird() {
  cat >"$WORK/bird.conf" <<CONF
router id 10.0.0.2;
log "$WORK/bird.log" all;
protocol device {}
protocol static static4 { ipv4; route 192.0.2.0/24 blackhole; }
protocol static static6 { ipv6; route 2001:db8:1::/48 blackhole; }
protocol bgp capture {
  local 127.0.0.2 as 65001;
  neighbor 127.0.0.1 port $PORT as 65000;
  multihop;
  ipv4 { import none; export all; };
  ipv6 { import none; export all; next hop address 2001:db8:ffff::2; };
}
CONF
  start_bg "$NS" "$WORK/bird.out" bird -f -c "$WORK/bird.conf" -s "$WORK/bird.ctl" \
    -P "$WORK/bird.pid"
  track_log "$WORK/bird.log"
}

start_frr() {
  cat >"$WORK/frr.conf" <<CONF
frr defaults traditional
hostname capture
log file $WORK/bgpd.log
router bgp 65002
 bgp router-id 10.0.0.3
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.1 remote-as 65000
 neighbor 127.0.0.1 port $PORT
 neighbor 127.0.0.1 update-source 127.0.0.3
 neighbor 127.0.0.1 disable-connected-check
 address-family ipv4 unicast
  network 198.51.100.0/24
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:2::/48
  neighbor 127.0.0.1 activate
 exit-address-family
CONF
  # -Z: no zebra, -p 0: no listening socket, -P 0: no vty port, -S: stay root.
  start_bg "$NS" "$WORK/bgpd.out" /usr/lib/frr/bgpd -Z -S -n -p 0 -P 0 -f "$WORK/frr.conf" \
    -i "$WORK/bgpd.pid" --vty_socket "$WORK"
  track_log "$WORK/bgpd.log"
}

start_gobgp() {
  cat >"$WORK/gobgp.toml" <<CONF
[global.config]
  as = 4200000003
  router-id = "10.0.0.4"
  port = -1
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 65000
  [neighbors.transport.config]
    remote-port = $PORT
    local-address = "127.0.0.4"
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 120
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
CONF
  start_bg "$NS" "$WORK/gobgpd.out" gobgpd -f "$WORK/gobgp.toml" --api-hosts 127.0.0.1:50151 \
    --pprof-disable
  wait_for "nsx '$NS' gobgp -p 50151 global rib add -a ipv4 203.0.113.0/24" 10 \
    "gobgpd takes 203.0.113.0/24"
  nsx "$NS" gobgp -p 50151 global rib add -a ipv6 2001:db8:3::/48
}

# One daemon: a fresh namespace, the listener, the daemon; then everything stopped and removed.
capture() {
  local name=$1 status=0
  log "capture: $name"
  NS="${IT_PREFIX}-$name"
  ip netns add "$NS"
  IT_NETNS+=("$NS")
  ip -n "$NS" link set lo up
  start_bg "$NS" "$WORK/listener-$name.out" timeout 45 python3 "$HERE/listener.py" \
    --port "$PORT" --out "$WORK/$name" --timeout 40 --settle 3
  local listener=$BG_PID
  wait_for "nsx '$NS' ss -Hltn 'sport = :$PORT' | grep -q ." 10 "listener on :$PORT"
  "start_$name"
  wait "$listener" || status=$?
  [[ $status -eq 0 ]] || fail "capture: $name: the listener exited with status $status"
  teardown_tracked
  cp "$WORK/$name-open.hex" "$WORK/$name-update.hex" "$HERE/"
  log "capture: $name: $(wc -l <"$HERE/$name-update.hex") UPDATE(s)"
}

targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(bird frr gobgp)
for t in "${targets[@]}"; do capture "$t"; done
