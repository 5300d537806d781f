#!/usr/bin/env bash
# capture.sh: records the OPEN and UPDATE messages real BGP daemons send, for CaptureTest.cpp.
#
# Usage (root, needs `ip netns`):  tests/bgp/wire/captures/capture.sh [bird] [frr] [gobgp]
#   With no argument all three are captured. Writes, next to this script,
#   <daemon>-open.hex (the daemon's first OPEN) and <daemon>-update.hex (its UPDATEs, one per
#   line), lowercase hex of whole messages, header included.
#
# How: one network namespace (acapcap<pid>) with only `lo` up. For each daemon in turn,
# listener.py listens on 127.0.0.1:1790 inside it and the daemon, started in the namespace with
# a config generated in a temp dir (own pid, control socket and log paths there), connects to it
# from 127.0.0.<n> and announces one IPv4 and one IPv6 prefix:
#   bird   AS 65001       router id 10.0.0.2  192.0.2.0/24     2001:db8:1::/48
#   frr    AS 65002       router id 10.0.0.3  198.51.100.0/24  2001:db8:2::/48
#   gobgp  AS 4200000003  router id 10.0.0.4  203.0.113.0/24   2001:db8:3::/48 (graceful restart)
# The listener answers as AS 65000 so each session reaches Established. Only the processes
# started here are stopped (by PID), and the namespace and temp dir are removed on exit, error,
# Ctrl-C or TERM. No traffic leaves the namespace; every wait is bounded.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
NS="acapcap$$"
PORT=1790
WORK=$(mktemp -d /tmp/acapcap.XXXXXX)
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do timeout 5 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A command prefix, not a function: `"${IN_NS[@]}" daemon &` makes $! the daemon's own PID
# (ip execs it), so cleanup can stop exactly that process.
IN_NS=(ip netns exec "$NS")

# Waits (at most 10 s) until something listens on 127.0.0.1:$PORT in the namespace.
wait_listening() {
  local i
  for i in $(seq 100); do
    "${IN_NS[@]}" ss -Hltn "sport = :$PORT" | grep -q . && return 0
    sleep 0.1
  done
  echo "capture: listener did not start" >&2
  return 1
}

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
  "${IN_NS[@]}" bird -f -c "$WORK/bird.conf" -s "$WORK/bird.ctl" -P "$WORK/bird.pid" &
  PIDS+=($!)
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
  "${IN_NS[@]}" /usr/lib/frr/bgpd -Z -S -n -p 0 -P 0 -f "$WORK/frr.conf" -i "$WORK/bgpd.pid" \
    --vty_socket "$WORK" >"$WORK/bgpd.out" 2>&1 &
  PIDS+=($!)
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
  "${IN_NS[@]}" gobgpd -f "$WORK/gobgp.toml" --api-hosts 127.0.0.1:50151 --pprof-disable \
    >"$WORK/gobgpd.out" 2>&1 &
  PIDS+=($!)
  local i
  for i in $(seq 50); do
    "${IN_NS[@]}" gobgp -p 50151 global rib add -a ipv4 203.0.113.0/24 2>/dev/null && break
    sleep 0.2
  done
  "${IN_NS[@]}" gobgp -p 50151 global rib add -a ipv6 2001:db8:3::/48
}

stop_last() {
  local pid=${PIDS[-1]}
  kill "$pid" 2>/dev/null || true
  timeout 5 tail --pid="$pid" -f /dev/null || kill -9 "$pid" 2>/dev/null || true
  unset 'PIDS[-1]'
}

capture() {
  local name=$1
  echo "capture: $name" >&2
  "${IN_NS[@]}" timeout 45 python3 "$HERE/listener.py" --port "$PORT" --out "$WORK/$name" \
    --timeout 40 --settle 3 &
  local listener=$!
  PIDS+=("$listener")
  wait_listening
  "start_$name"
  local status=0
  wait "$listener" || status=$?
  stop_last  # the daemon
  unset 'PIDS[-1]'  # the listener, already gone
  if [[ $status -ne 0 ]]; then
    echo "capture: $name failed; its logs:" >&2
    tail -n 20 "$WORK"/*.log "$WORK"/*.out 2>/dev/null >&2 || true
    return 1
  fi
  cp "$WORK/$name-open.hex" "$WORK/$name-update.hex" "$HERE/"
  echo "capture: $name: $(wc -l <"$HERE/$name-update.hex") UPDATE(s)" >&2
}

ip netns add "$NS"
ip -n "$NS" link set lo up
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(bird frr gobgp)
for t in "${targets[@]}"; do capture "$t"; done
