# shellcheck shell=bash
# tests/lab/lib.sh — helpers for scripts that run anycast-wire (sourced after
# tests/interop/lib.sh, whose cleanup removes what these create).
#   lab_namespaces NS...        fresh namespaces, loopback up, IPv6 off (only our traffic)
#   wire_start CONFIG           starts anycast-wire on CONFIG; sets WIRE_PID, WIRE_SOCK
#   wire_ctl REQUEST            one control request line; prints the reply line

lab_namespaces() {
  local ns
  for ns in "$@"; do
    ip netns add "$ns"
    IT_NETNS+=("$ns")
    ip -n "$ns" link set lo up
    nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
}

wire_start() {
  local config="$1" ready
  it_tmpdir
  WIRE_SOCK="$IT_TMP/wire.sock"
  ready="$IT_TMP/wire.ready"
  rm -f "$ready"
  "$ANYCAST_BIN/anycast-wire" --config "$config" --socket "$WIRE_SOCK" --ready-file "$ready" \
    >>"$IT_TMP/wire.log" 2>&1 </dev/null &
  WIRE_PID=$!
  track_pid "$WIRE_PID"
  IT_LIVE[$WIRE_PID]="anycast-wire (log $IT_TMP/wire.log)"
  track_log "$IT_TMP/wire.log"
  wait_for "[[ -f $ready ]]" 15 "anycast-wire ready"
}

wire_ctl() {
  "$PY" - "$WIRE_SOCK" "$1" <<'PYEOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
print(s.makefile().readline().strip())
PYEOF
}
