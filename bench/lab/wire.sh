#!/usr/bin/env bash
# bench/lab/wire.sh — how many packets/s anycast-wire carries (a benchmark, never a test; root).
# Two namespaces joined (a) directly by a veth pair — the upper bound, and the real alternative
# on this kernel (no netem) — and (b) by anycast-wire with 0 ms and with 10 ms delay. In each,
# udp_flood sends COUNT datagrams (64- and 512-byte payloads, bounded by SECONDS) from A to B,
# once as fast as it can and once paced at OFFERED packets/s; B counts what arrives.
# Prints a table: delivered packets/s, loss, and the wire's CPU% and peak RSS.
#   sudo bench/lab/wire.sh            (COUNT=1000000 SECONDS=10 OFFERED=200000 by default)
# Network safety: all traffic stays between the two namespaces created here; every flood is
# bounded in count and time; cleanup (tests/interop/lib.sh) removes them and the processes.
TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../tests" && pwd)"
source "$TESTS_DIR/interop/lib.sh"
source "$TESTS_DIR/lab/lib.sh"

COUNT="${COUNT:-1000000}"
LIMIT="${SECONDS_LIMIT:-10}"
OFFERED="${OFFERED:-200000}"
require_root
WIRE="$ANYCAST_BIN/anycast-wire"
FLOOD="$ANYCAST_BIN/udp_flood"
require_cmd "$WIRE" "$FLOOD"
it_tmpdir
A="${IT_PREFIX}-a"
B="${IT_PREFIX}-b"
WIRE_PID=""
HZ="$(getconf CLK_TCK)"

# address DEV: the same addressing and static neighbours for every mode.
address() {
  ip -n "$A" addr add 10.0.0.1/24 dev "$1"
  ip -n "$B" addr add 10.0.0.2/24 dev "$1"
  ip -n "$A" neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev "$1" nud permanent
  ip -n "$B" neigh replace 10.0.0.1 lladdr 02:00:00:00:00:01 dev "$1" nud permanent
}

setup_veth() {
  lab_namespaces "$A" "$B"
  ip -n "$A" link add eth0 address 02:00:00:00:00:01 type veth peer name eth0 \
    address 02:00:00:00:00:02 netns "$B"
  ip -n "$A" link set eth0 up
  ip -n "$B" link set eth0 up
  address eth0
  WIRE_PID=""
}

setup_wire() {  # DELAY_MS
  lab_namespaces "$A" "$B"
  cat >"$IT_TMP/wire.json" <<JSON
{"links": [{"name": "a-b", "delay-ms": $1,
  "a": {"netns": "$A", "ifname": "eth0", "mac": "02:00:00:00:00:01"},
  "b": {"netns": "$B", "ifname": "eth0", "mac": "02:00:00:00:00:02"}}]}
JSON
  wire_start "$IT_TMP/wire.json"
  address eth0
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Frames A's interface dropped on transmit: for the wire, its TAP's queue was full (the wire
# did not read fast enough).
tx_dropped() { nsx "$A" cat /sys/class/net/eth0/statistics/tx_dropped; }

# flood MODE SIZE [PPS]: one bounded flood A -> B; appends a table row.
flood() {
  local mode="$1" size="$2" pps="${3:-}" recv_pid sent rcv t0 t1 secs cpu="-" rss="-" q0 q1
  q0="$(tx_dropped)"
  nsx "$B" timeout $((LIMIT + 5)) "$FLOOD" recv 9000 "$COUNT" "$((LIMIT + 2))" >"$IT_TMP/recv.out" &
  recv_pid=$!
  track_pid "$recv_pid"
  sleep 0.3
  [[ -n "$WIRE_PID" ]] && t0="$(cpu_ticks "$WIRE_PID")"
  sent="$(NSX_TIMEOUT=$((LIMIT + 5)) nsx "$A" "$FLOOD" send 10.0.0.2 9000 "$COUNT" "$size" "$LIMIT" $pps)"
  if [[ -n "$WIRE_PID" ]]; then
    t1="$(cpu_ticks "$WIRE_PID")"
    secs="$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$sent")"
    cpu="$(awk -v d=$((t1 - t0)) -v hz="$HZ" -v s="$secs" 'BEGIN {printf "%.0f", 100 * d / hz / s}')"
  fi
  wait "$recv_pid" || true
  rcv="$(cat "$IT_TMP/recv.out")"
  q1="$(tx_dropped)"
  [[ -n "$WIRE_PID" ]] && rss="$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$WIRE_PID/status")"
  "$PY" - "$mode" "$size" "${pps:-max}" "$sent" "$rcv" "$cpu" "$rss" $((q1 - q0)) <<'PYEOF' | tee -a "$IT_TMP/table"
import sys
mode, size, offered, sent, rcv, cpu, rss, queue_drops = sys.argv[1:9]
kv = lambda line: dict(p.split("=") for p in line.split())
s, r = kv(sent), kv(rcv)
n_sent, n_rcv = int(s["sent"]), int(r["received"])
loss = 100.0 * (n_sent - n_rcv) / n_sent if n_sent else 0
print(f"| {mode} | {size} | {offered} | {s['pps']} | {n_sent} | {n_rcv} | {loss:.2f} % | "
      f"{queue_drops} | {r['pps']} | {cpu} | {rss} |")
PYEOF
}

printf '| path | payload B | offered pps | sent pps | sent | received | loss | of which dropped at A'"'"'s queue | delivered pps | wire CPU %% | wire peak RSS MiB |\n' >"$IT_TMP/table"
printf '|---|---|---|---|---|---|---|---|---|---|---|\n' >>"$IT_TMP/table"
for mode in veth wire-0ms wire-10ms; do
  step "$mode"
  case "$mode" in
    veth) setup_veth ;;
    wire-0ms) setup_wire 0 ;;
    wire-10ms) setup_wire 10 ;;
  esac
  for size in 64 512; do
    flood "$mode" "$size"
    flood "$mode" "$size" "$OFFERED"
  done
  teardown_tracked
done
step "results (COUNT=$COUNT, SECONDS_LIMIT=$LIMIT, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$IT_TMP/table"
