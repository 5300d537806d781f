#!/usr/bin/env bash
# bench/site/failover.sh — site failover benchmark (issue 4): time from a service's process
# being killed to the router's kernel route to the service prefix being gone, anycastd side by
# side with ExaBGP's healthcheck in the same run; plus a short drain check (no failed request
# while draining). Writes its table to docs/benchmarks.md between <!-- failover-bench:begin -->
# and <!-- failover-bench:end -->.
#
#   sudo bench/site/failover.sh                  # 100 repetitions per mode, then the drain check
#   sudo bench/site/failover.sh --quick          # 10 repetitions per mode (checks the harness)
#   options: --reps N  --modes LIST (probe,process,exabgp-default,exabgp-1s)  --no-drain
#            --no-docs  --docs FILE  --seed S
#            env ANYCAST_BIN (anycastd, anycastctl; default <repo>/build/bin)
#
# One mode, in two fresh namespaces ac-it-<pid>-{site,rtr} (lib.sh's netns_pair; removed after
# every mode, on failure and on Ctrl-C too):
#
#   site 10.0.0.1 AS 65001                         ---veth---  rtr 10.0.0.2 AS 65002
#   service: python3 -m http.server :8080 (by PID)              anycastd as a router,
#   speaker: anycastd with one service (192.0.2.53/32           kernel: {table: 254}: the route
#            on lo), or ExaBGP + exabgp-healthcheck             to 192.0.2.53/32 is installed
#                                                               with proto 201
# Modes (checks at their DEFAULT settings unless said):
#   probe           anycastd, an HTTP check (GET / on 127.0.0.1:8080)
#   process         anycastd, a `kind: process` check on a pidfile the script writes: the death
#                   is seen through a pidfd
#   exabgp-default  exabgp-healthcheck --cmd "curl -sf ..." --withdraw-on-down, its defaults
#   exabgp-1s       the same with --interval 1 --rise 1 --fall 1
# After the process mode, a calibration: how long the kernel takes to end the killed service
# (kill to pidfd readable, measured by a python parent, no daemon), the floor under that mode;
# the 1-minute load average is recorded per mode (the 2 CPUs are shared).
# anycastd's service has `flap: {stable-after: 0s}`: flap detection off. The hold-down only ever
# delays the re-announcement (a failing service is withdrawn at once whatever its flap
# history), but with the default (1 s doubling to 60 s for a service up < 30 s) every
# repetition would wait up to a minute for the route to come back.
#
# One repetition: wait a random time (so the kill falls at a random phase of the check
# interval), t0 = $EPOCHREALTIME, kill -KILL the service's PID; the removal time is the
# timestamp `ip -ts monitor route` (running in the router namespace since the start of the mode)
# puts on the "Deleted 192.0.2.53" notification; then restart the service and wait (bounded)
# for the route to be back. Why `ip monitor` and not a poll: the kernel sends the notification
# while deleting the route, `ip` sleeps in recvmsg until then and stamps it on wake-up
# (gettimeofday, the clock of $EPOCHREALTIME) — resolution of a wake-up (tens of µs) and no
# CPU used while waiting; a tight poll would fork `ip route show` every ms or two on the same
# two cores the daemons need, and have only that resolution. The script itself blocks in
# `read -t` on the monitor's pipe meanwhile.
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/../.." && pwd)"
COMMAND_LINE="bench/site/failover.sh${*:+ $*}"

# shellcheck source=tests/interop/lib.sh
source "$REPO/tests/interop/lib.sh"
source "$REPO/bench/lib/docs.sh"
# shellcheck source=tests/interop/peer_anycastd.sh
source "$REPO/tests/interop/peer_anycastd.sh"   # ANYCASTD, ANYCASTCTL

REPS=100
QUICK=0
MODES="probe,process,exabgp-default,exabgp-1s"
DRAIN=1
DOCS_WRITE=1
DOCS="$REPO/docs/benchmarks.md"
SEED=""

while (($#)); do
  case "$1" in
    --quick) QUICK=1; REPS=10 ;;
    --reps) REPS="$2"; shift ;;
    --modes) MODES="$2"; shift ;;
    --no-drain) DRAIN=0 ;;
    --no-docs) DOCS_WRITE=0 ;;
    --docs) DOCS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

[[ "$(id -u)" -eq 0 ]] || { echo "run as root (network namespaces)" >&2; exit 2; }
if ! [[ "$REPS" =~ ^[1-9][0-9]*$ ]] || ((REPS > 1000)); then echo "--reps must be 1-1000" >&2; exit 2; fi
IFS=, read -r -a MODE_LIST <<<"$MODES"
for m in "${MODE_LIST[@]}"; do
  [[ "$m" =~ ^(probe|process|exabgp-default|exabgp-1s)$ ]] || { echo "unknown mode $m" >&2; exit 2; }
done
require_root
[[ -x "$ANYCASTD" && -x "$ANYCASTCTL" ]] || { echo "no anycastd/anycastctl in $ANYCAST_BIN (set ANYCAST_BIN)" >&2; exit 2; }
[[ -x "$PY" ]] || { echo "python3 is needed (the service and the drain client)" >&2; exit 2; }
[[ -n "$SEED" ]] && RANDOM="$SEED"

EXABGP="$(command -v exabgp || true)"
EXABGP_HC="$(command -v exabgp-healthcheck || true)"
CURL="$(command -v curl || true)"

PREFIX=192.0.2.53/32
VIP=192.0.2.53
PORT=8080
SITE_AS=65001
RTR_AS=65002
NS_SITE="${IT_PREFIX}-site"
NS_RTR="${IT_PREFIX}-rtr"
it_tmpdir
log "work dir $IT_TMP"

# Times are microseconds since the epoch: "${EPOCHREALTIME//[.,]/}", bash's own clock read
# (CLOCK_REALTIME, as `ip -ts`; no fork).

# Forget a PID we stopped ourselves (so cleanup never signals a PID the system reused).
forget_pid() {
  local pid="$1" i kept=()
  unset "IT_LIVE[$pid]"
  for i in "${IT_PIDS[@]}"; do [[ "$i" == "$pid" ]] || kept+=("$i"); done
  IT_PIDS=("${kept[@]}")
}

# ---------------------------------------------------------------------------------------
# the pieces of one mode

# The service: a real HTTP server in the site namespace. SVC_PID is its PID (ip netns exec
# execs, so it is python's own); the pidfile is what the process check watches.
start_service() {
  local dir="$1"
  mkdir -p "$dir/www"
  [[ -f "$dir/www/index.html" ]] || echo ok >"$dir/www/index.html"
  start_bg "$NS_SITE" "$dir/service.log" "$PY" -m http.server --bind 0.0.0.0 --directory "$dir/www" "$PORT"
  SVC_PID="$BG_PID"
  disown "$SVC_PID" 2>/dev/null || true   # no "Killed" job notice for every repetition
  echo "$SVC_PID" >"$dir/service.pid.tmp"
  mv "$dir/service.pid.tmp" "$dir/service.pid"   # never a half-written pidfile
}

kill_service() {   # the measured kill is done inline; this is for the end of a mode
  [[ -n "${SVC_PID:-}" ]] || return 0
  kill -KILL "$SVC_PID" 2>/dev/null || true
  wait "$SVC_PID" 2>/dev/null || true
  forget_pid "$SVC_PID"
  SVC_PID=""
}

start_router() {
  local dir="$1" out
  cat >"$dir/router.yaml" <<EOF
# generated by bench/site/failover.sh: the router, installing what it learns (proto 201)
router: {as: $RTR_AS, router-id: 10.0.0.2, listen: ["10.0.0.2:179"]}
control: {socket: $dir/router.sock}
log: {level: info}
kernel: {table: 254}
peers:
  - {name: site, address: 10.0.0.1, as: $SITE_AS, local-address: 10.0.0.2, passive: true}
EOF
  out="$("$ANYCASTD" --check-config "$dir/router.yaml" 2>&1)" || fail "router config: $out"
  start_bg "$NS_RTR" "$dir/router.log" "$ANYCASTD" --config "$dir/router.yaml"
}

# anycastd at the site; CHECK is the YAML of its one check.
start_site_anycastd() {
  local dir="$1" check="$2" out
  cat >"$dir/site.yaml" <<EOF
# generated by bench/site/failover.sh: the site, one service, check settings left at defaults
router: {as: $SITE_AS, router-id: 10.0.0.1, listen: []}
control: {socket: $dir/site.sock}
log: {level: info}
peers:
  - {name: rtr, address: 10.0.0.2, as: $RTR_AS, local-address: 10.0.0.1, connect-retry: 1}
services:
  - name: web
    prefixes: [$PREFIX]
    checks:
      - $check
    drain: {duration: 2s}
    flap: {stable-after: 0s}   # flap detection off: see the header of this script
EOF
  out="$("$ANYCASTD" --check-config "$dir/site.yaml" 2>&1)" || fail "site config: $out"
  start_bg "$NS_SITE" "$dir/site.log" "$ANYCASTD" --config "$dir/site.yaml"
}

# ExaBGP at the site with exabgp-healthcheck as its API process. HC_ARGS: the check options.
start_site_exabgp() {
  local dir="$1" hc_args="$2"
  cat >"$dir/exabgp.conf" <<EOF
# generated by bench/site/failover.sh
process watch-web {
  run $EXABGP_HC --no-syslog --name web --ip $PREFIX --withdraw-on-down $hc_args --cmd "$CURL -sf -o /dev/null http://127.0.0.1:$PORT/";
  encoder text;
}
neighbor 10.0.0.2 {
  router-id 10.0.0.1;
  local-address 10.0.0.1;
  local-as $SITE_AS;
  peer-as $RTR_AS;
  api { processes [ watch-web ]; }
}
EOF
  # Run as root (the healthcheck puts the address on lo), in the foreground, logging to the
  # file; no pid file, no listening socket of its own.
  start_bg "$NS_SITE" "$dir/exabgp.log" env \
    exabgp.daemon.user=root exabgp.daemon.daemonize=false exabgp.daemon.pid= \
    exabgp.log.destination=stdout exabgp.tcp.bind= \
    "$EXABGP" "$dir/exabgp.conf"
}

# The router's route notifications, stamped by `ip -ts`, on file descriptor MON_FD.
start_monitor() {
  exec {MON_FD}< <(exec ip -ts -n "$NS_RTR" monitor route)
  MON_PID=$!
  track_pid "$MON_PID"
}
stop_monitor() {
  [[ -n "${MON_FD:-}" ]] && exec {MON_FD}<&-
  MON_FD=""
}

# Throw away the notifications read so far.
monitor_flush() {
  local line
  while read -r -t 0 -u "$MON_FD"; do
    IFS= read -r -t 1 -u "$MON_FD" line || break
  done
}

# monitor_wait KIND TIMEOUT_S — read notifications until one for our prefix of KIND ("del":
# "Deleted 192.0.2.53 ...", "add": a new route to it); set MON_TS to its timestamp (µs since
# the epoch), or return 1 after TIMEOUT_S seconds. No subshell: nothing forks while waiting.
monitor_wait() {
  local kind="$1" timeout_s="$2" deadline now left line frac
  MON_TS=""
  now="${EPOCHREALTIME//[.,]/}"
  deadline=$((now + timeout_s * 1000000))
  while true; do
    now="${EPOCHREALTIME//[.,]/}"
    left=$(((deadline - now) / 1000))   # ms
    ((left >= 1)) || return 1
    line=""
    printf -v frac '%03d' $((left % 1000))
    IFS= read -r -t "$((left / 1000)).$frac" -u "$MON_FD" line || return 1
    [[ "$line" =~ ^\[([0-9T:.-]+)\]\ (.*)$ ]] || continue
    case "$kind" in
      del) [[ "${BASH_REMATCH[2]}" == "Deleted $VIP "* ]] || continue ;;
      add) [[ "${BASH_REMATCH[2]}" == "$VIP "* ]] || continue ;;
    esac
    # ip prints local time; date reads it as local time. Forks only after the event.
    MON_TS="$(date -d "${BASH_REMATCH[1]/T/ }" +%s%6N)"
    return 0
  done
}

router_has_route() { [[ -n "$(ip -n "$NS_RTR" -4 route show "$PREFIX" proto 201 2>/dev/null)" ]]; }

# ---------------------------------------------------------------------------------------
# one mode

# Per mode: what to start, how long to wait at most for the withdrawal and the return, and
# the spread of the random wait before a kill (the check interval, so the kill falls at a
# uniformly random phase of it).
mode_desc() {
  case "$1" in
    probe) echo "anycastd, HTTP check (defaults: interval 100 ms, timeout 100 ms, rise 3, fall 2)" ;;
    process) echo "anycastd, process check via pidfd (defaults: interval 100 ms, rise 3, fall 2; the death is an event)" ;;
    exabgp-default) echo "ExaBGP healthcheck, defaults + --withdraw-on-down (interval 5 s, fast-interval 1 s, rise 3, fall 3, timeout 5 s)" ;;
    exabgp-1s) echo "ExaBGP healthcheck, --interval 1 --rise 1 --fall 1 --withdraw-on-down" ;;
  esac
}
mode_target() {
  case "$1" in
    probe) echo "p99 < 300 ms" ;;
    process) echo "p99 < 50 ms" ;;
    exabgp-default) echo "issue: 3-6.5 s, median 4.3 s" ;;
    exabgp-1s) echo "issue: 0.2-1.0 s, median 0.55 s" ;;
  esac
}
mode_spread_ms() { case "$1" in exabgp-default) echo 5000 ;; exabgp-1s) echo 1000 ;; *) echo 100 ;; esac; }
mode_down_timeout() { case "$1" in exabgp-default) echo 20 ;; exabgp-1s) echo 10 ;; *) echo 10 ;; esac; }
mode_up_timeout() { case "$1" in exabgp-default) echo 30 ;; exabgp-1s) echo 15 ;; *) echo 15 ;; esac; }

mode_available() {
  case "$1" in
    exabgp-*) [[ -x "$EXABGP" && -x "$EXABGP_HC" && -x "$CURL" ]] ;;
    *) return 0 ;;
  esac
}

# run_mode MODE — sets MODE_FILE (one line per repetition: "i t0_us tgone_us" or "i t0_us timeout")
run_mode() {
  local mode="$1" dir i t0 tgone ms spread settle down_to up_to last
  dir="$IT_TMP/$mode"
  mkdir -p "$dir"
  MODE_FILE="$dir/reps.txt"
  : >"$MODE_FILE"
  spread="$(mode_spread_ms "$mode")"; down_to="$(mode_down_timeout "$mode")"; up_to="$(mode_up_timeout "$mode")"

  step "$mode: $(mode_desc "$mode"); $REPS repetitions"
  netns_pair "$NS_SITE" "$NS_RTR"
  start_monitor
  start_router "$dir"
  start_service "$dir"
  case "$mode" in
    probe) start_site_anycastd "$dir" "{kind: http, address: 127.0.0.1, port: $PORT, path: /}" ;;
    process) start_site_anycastd "$dir" "{kind: process, pidfile: $dir/service.pid}" ;;
    exabgp-default) start_site_exabgp "$dir" "" ;;
    exabgp-1s) start_site_exabgp "$dir" "--interval 1 --rise 1 --fall 1" ;;
  esac
  wait_for router_has_route 60 "the router installs $PREFIX (proto 201)"

  for ((i = 1; i <= REPS; i++)); do
    check_alive
    # A random wait: 300 ms plus up to one check interval (a kill right after the route came
    # back would fall at the same phase of the probe schedule every time).
    settle=$((300 + RANDOM % spread))
    sleep "$((settle / 1000)).$(printf '%03d' $((settle % 1000)))"
    router_has_route || fail "$mode $i: the route is not there before the kill"
    monitor_flush
    t0="${EPOCHREALTIME//[.,]/}"
    kill -KILL "$SVC_PID"
    if monitor_wait del "$down_to"; then
      tgone="$MON_TS"
      ms="$(awk -v a="$t0" -v b="$tgone" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
      echo "$i $t0 $tgone" >>"$MODE_FILE"
    else
      ms="timeout (> ${down_to} s)"
      echo "$i $t0 timeout" >>"$MODE_FILE"
    fi
    wait "$SVC_PID" 2>/dev/null || true   # disowned: bash reaps it by itself; a no-op
    forget_pid "$SVC_PID"
    start_service "$dir"
    if ! router_has_route && ! monitor_wait add "$up_to"; then
      router_has_route || fail "$mode $i: the route did not come back within ${up_to} s of the restart"
    fi
    last="$ms ms"
    [[ "$ms" == timeout* ]] && last="$ms"
    log "$mode $i/$REPS: $last"
  done

  kill_service
  stop_monitor
  teardown_tracked
}

# summarize MODE FILE SITE_LOG — prints "n timeouts p50 p90 p99 min max detect50 detect99 prop50 prop99"
# (ms). Percentiles: nearest rank. Detection: kill -> the site's `event=service_state ...
# to=down` log line (anycastd only, ms resolution); propagation: that line -> route gone.
summarize() {
  "$PY" - "$1" "$2" <<'EOF'
import math, re, sys, datetime
reps, log = sys.argv[1], sys.argv[2]
vals, t0s, gones, timeouts = [], [], [], 0
for line in open(reps):
    f = line.split()
    if f[2] == "timeout":
        timeouts += 1
        continue
    t0, tg = int(f[1]), int(f[2])
    vals.append((tg - t0) / 1000); t0s.append(t0); gones.append(tg)
def pct(xs, p):
    if not xs: return float("nan")
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]
downs = []
try:
    for line in open(log, errors="replace"):
        m = re.match(r"(\S+)Z level=\S+ event=service_state .*\bto=down\b", line)
        if m:
            t = datetime.datetime.fromisoformat(m.group(1)).replace(tzinfo=datetime.timezone.utc)
            downs.append(int(t.timestamp() * 1e6))
except OSError:
    pass
det, prop = [], []
for t0, tg in zip(t0s, gones):
    # the first down event logged after the kill (the log has ms: allow 1 ms before t0)
    c = [d for d in downs if t0 - 1000 <= d <= tg + 1000]
    if c:
        det.append(max(0, c[0] - t0) / 1000); prop.append(max(0, tg - c[0]) / 1000)
out = [len(vals) + timeouts, timeouts] + [pct(vals, p) for p in (50, 90, 99)]
out += [min(vals) if vals else float("nan"), max(vals) if vals else float("nan")]
out += [pct(det, 50), pct(det, 99), pct(prop, 50), pct(prop, 99)] if det else ["-"] * 4
print(" ".join(f"{x:.1f}" if isinstance(x, float) else str(x) for x in out))
EOF
}

# ---------------------------------------------------------------------------------------
# drain: a client in the router namespace, one HTTP request every 10 ms to 192.0.2.53, while
# `anycastctl drain web --for 2s` runs at the site. With one site the prefix then disappears,
# so what is checked is that no request fails from the drain command to the withdrawal.

DRAIN_LINE=""
run_drain() {
  local dir="$IT_TMP/drain" t_drain t_gone cpid comms
  mkdir -p "$dir"
  step "drain: a request every 10 ms from the router namespace while the site drains (2 s)"
  netns_pair "$NS_SITE" "$NS_RTR"
  start_monitor
  start_router "$dir"
  start_service "$dir"
  start_site_anycastd "$dir" "{kind: http, address: 127.0.0.1, port: $PORT, path: /}"
  wait_for router_has_route 60 "the router installs $PREFIX (proto 201)"

  cat >"$dir/client.py" <<'EOF'
# One HTTP GET every 10 ms (absolute schedule) to ADDR:PORT for at most DURATION s / COUNT
# requests; a line per request: start and end time (µs since the epoch), "ok" or the error.
import socket, sys, time
addr, port, duration, count = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
start = time.time()
out = sys.stdout
for k in range(count):
    due = start + k * 0.010
    now = time.time()
    if now - start > duration:
        break
    if due > now:
        time.sleep(due - now)
    t = time.time()
    try:
        with socket.create_connection((addr, port), timeout=0.5) as s:
            s.settimeout(0.5)
            s.sendall(b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        res = "ok" if data.startswith(b"HTTP/1.0 200") or data.startswith(b"HTTP/1.1 200") else "bad-status"
    except OSError as e:
        res = type(e).__name__ + ":" + (e.strerror or str(e)).replace(" ", "_")
    out.write(f"{int(t * 1e6)} {int(time.time() * 1e6)} {res}\n")
out.flush()
EOF
  # 1 s before the drain, 2 s of drain, ~1.5 s after: at most 500 requests, 6 s.
  start_bg "$NS_RTR" "$dir/client.out" "$PY" "$dir/client.py" "$VIP" "$PORT" 4.5 500
  cpid="$BG_PID"
  unset "IT_LIVE[$cpid]"   # it ends on its own
  sleep 1
  monitor_flush
  t_drain="${EPOCHREALTIME//[.,]/}"
  nsx "$NS_SITE" "$ANYCASTCTL" --socket "$dir/site.sock" drain web --for 2s >/dev/null || fail "anycastctl drain"
  sleep 0.5
  comms="$(nsx "$NS_RTR" "$ANYCASTCTL" --socket "$dir/router.sock" show routes --json 2>/dev/null | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
rs = d if isinstance(d, list) else d.get("routes", [])
for r in rs:
    if r.get("prefix") == sys.argv[1]:
        print(" ".join(r.get("communities", [])))
' "$PREFIX" 2>/dev/null || true)"
  log "communities on $PREFIX at the router while draining: ${comms:-?}"
  monitor_wait del 10 || fail "drain: the route was not withdrawn within 10 s"
  t_gone="$MON_TS"
  log "route gone at the router $(((t_gone - t_drain) / 1000)) ms after the drain command"
  local k
  for ((k = 0; k < 100; k++)); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
  stop_pid "$cpid" 2
  forget_pid "$cpid"
  cat >"$dir/drain_summary.py" <<'EOF'
import sys
path, t_drain, t_gone, comms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = []
for line in open(path):
    f = line.split()
    if len(f) == 3 and f[0].isdigit():
        rows.append((int(f[0]), int(f[1]), f[2]))
def part(xs):
    return len(xs), sum(1 for r in xs if r[2] != "ok")
nb, fb = part([r for r in rows if r[0] < t_drain])
# while draining: started after the drain command and over before the route went
nd, fd = part([r for r in rows if t_drain <= r[0] and r[1] < t_gone])
# in flight when the route went (a withdrawal effect, not a drain one)
flight = [r for r in rows if r[0] < t_gone <= r[1]]
na, fa = part([r for r in rows if r[0] >= t_gone])
errs = sorted({r[2].replace("_", " ") for r in rows if r[0] >= t_gone and r[2] != "ok"})
fl = ", ".join(r[2].replace("_", " ") for r in flight) or "none"
print(f"before the drain {nb} requests, {fb} failed; **while draining ({(t_gone - t_drain) / 1000:.0f} ms from "
      f"the drain command to the route gone at the router) {nd} requests, {fd} failed**; in flight at the "
      f"withdrawal: {fl}; after it {na} requests, {fa} failed ({', '.join(errs) or '-'}: one site, nowhere "
      f"else to go); communities on the route at the router while draining: {comms}")
EOF
  DRAIN_LINE="$("$PY" "$dir/drain_summary.py" "$dir/client.out" "$t_drain" "$t_gone" "${comms:-?}")"
  log "drain: $DRAIN_LINE"
  kill_service
  stop_monitor
  teardown_tracked
}

# ---------------------------------------------------------------------------------------
# The floor under any detection: how long the kernel takes to end the killed service (SIGKILL
# to the process being a zombie, i.e. its pidfd readable; its sockets close in the same exit).
# Measured apart, in a namespace of its own, by a python parent that kills the same service
# and waits on a pidfd — not during the modes, where a waiter would compete with anycastd for
# the CPU at the moment measured.

EXIT_LINE=""
run_exit_calibration() {
  local dir="$IT_TMP/exit" n="$1" out cn c50 c90 cmin cmax
  mkdir -p "$dir/www"
  echo ok >"$dir/www/index.html"
  step "calibration: SIGKILL to the service's process having exited (pidfd readable), $n times"
  netns_pair "$NS_SITE" "$NS_RTR"
  cat >"$dir/exit.py" <<'EOF'
import math, os, select, signal, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
xs = []
for i in range(n):
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)                     # started, listening
        fd = os.pidfd_open(p.pid)
        t0 = time.monotonic()
        os.kill(p.pid, signal.SIGKILL)
        ready, _, _ = select.select([fd], [], [], 5)
        t1 = time.monotonic()
        os.close(fd)
        if ready:
            xs.append((t1 - t0) * 1000)
    finally:
        p.kill()
        p.wait()
s = sorted(xs)
pct = lambda q: s[max(0, math.ceil(q / 100 * len(s)) - 1)]
print(f"{len(s)} {pct(50):.1f} {pct(90):.1f} {s[0]:.1f} {s[-1]:.1f}")
EOF
  out="$(NSX_TIMEOUT=$((n * 2 + 30)) nsx "$NS_SITE" "$PY" "$dir/exit.py" "$n" \
    "$PY" -m http.server --bind 0.0.0.0 --directory "$dir/www" "$PORT")" || fail "exit calibration failed"
  read -r cn c50 c90 cmin cmax <<<"$out"
  EXIT_LINE="the kernel ends a SIGKILLed python3 -m http.server (kill to pidfd readable, no daemon involved) in p50 $c50 ms, p90 $c90 ms, min $cmin, max $cmax ($cn kills, load $(loadavg1)): the floor of the process-watch row (the sockets a probe sees close within the same exit)"
  log "$EXIT_LINE"
  teardown_tracked
}

# ---------------------------------------------------------------------------------------
# main

anycastd_rev="$(git -C "$ANYCAST_BIN" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [[ "$anycastd_rev" != '?' ]] && ! git -C "$ANYCAST_BIN" diff --quiet HEAD -- src apps 2>/dev/null; then
  anycastd_rev+="+uncommitted changes"
fi
exabgp_version="$("$EXABGP" --version 2>/dev/null | sed -n 's/^ExaBGP : //p' | head -n 1 || true)"

# 1-minute load average: these 2 CPUs are shared (other builds, fuzzers), and the tails and
# the process watch's figure follow the load (scheduling of the dying process and the daemon).
loadavg1() { cut -d' ' -f1 /proc/loadavg; }

ROWS=()
NOTES=()
LOADS=()
calibrated=0
for mode in "${MODE_LIST[@]}"; do
  if ! mode_available "$mode"; then
    log "$mode: exabgp, exabgp-healthcheck or curl not installed: skipped"
    ROWS+=("| $(mode_desc "$mode") | n/a (not installed) | | | | | | $(mode_target "$mode") |")
    continue
  fi
  load0="$(loadavg1)"
  run_mode "$mode"
  LOADS+=("$mode $load0 -> $(loadavg1)")
  # The kernel's exit time right after the process watch, under the same load.
  if [[ "$mode" == process ]]; then run_exit_calibration 20; calibrated=1; fi
  read -r n to p50 p90 p99 mn mx d50 d99 pr50 pr99 <<<"$(summarize "$MODE_FILE" "$IT_TMP/$mode/site.log")"
  log "$mode: n=$n timeouts=$to p50=$p50 p90=$p90 p99=$p99 min=$mn max=$mx ms; detection p50/p99 $d50/$d99, propagation $pr50/$pr99"
  reps_col="$n"; ((to > 0)) && reps_col+=" ($to timed out)"
  met=""
  case "$mode" in
    probe) met="$(awk -v p="$p99" 'BEGIN { print (p < 300 && p == p) ? " (met)" : " (missed)" }')" ;;
    process) met="$(awk -v p="$p99" 'BEGIN { print (p < 50 && p == p) ? " (met)" : " (missed)" }')" ;;
  esac
  ROWS+=("| $(mode_desc "$mode") | $reps_col | $p50 | $p90 | $p99 | $mn | $mx | $(mode_target "$mode")$met |")
  [[ "$d50" != "-" ]] && NOTES+=("$mode: kill -> site logs the service down (detection) p50 $d50 / p99 $d99 ms; -> route gone at the router (BGP UPDATE, router, netlink) p50 $pr50 / p99 $pr99 ms")
done

if ((DRAIN)); then run_drain; fi
((calibrated)) || run_exit_calibration 20
LOAD_LINE="load average (1 min) at the start -> end of each mode, on $(nproc) CPUs shared with other work: $(printf '%s; ' "${LOADS[@]}" | sed 's/; $//')"

TABLE="| speaker, check (settings) | reps | p50 ms | p90 ms | p99 ms | min ms | max ms | target / reference |
|---|---:|---:|---:|---:|---:|---:|---|"
for row in "${ROWS[@]}"; do TABLE+=$'\n'"$row"; done
step "results (ms from kill -KILL of the service to the router's kernel route gone)"
printf '%s\n' "$TABLE"
for n in "${NOTES[@]}"; do printf -- '- %s\n' "$n"; done
printf -- '- %s\n' "$EXIT_LINE" "$LOAD_LINE"
[[ -n "$DRAIN_LINE" ]] && printf -- '- drain: %s\n' "$DRAIN_LINE"

if ((DOCS_WRITE)); then
  mem_kb="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
  cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  if ((QUICK)); then
    title="**Quick validation run** (\`--quick\`: $REPS repetitions per mode — checks the harness, not a measurement)"
  else
    title="Failover, $REPS repetitions per mode"
  fi
  drain_note=""
  [[ -z "$DRAIN_LINE" ]] || drain_note=$'\n'"- drain (\`anycastctl drain web --for 2s\`, one HTTP GET every 10 ms from the router namespace): $DRAIN_LINE"
  notes=""
  for n in "${NOTES[@]}"; do notes+=$'\n'"- where the time goes, $n"; done
  notes+=$'\n'"- $EXIT_LINE"$'\n'"- $LOAD_LINE"
  SECTION="$title

- date: $(date -u '+%Y-%m-%d %H:%M UTC')
- machine: $(nproc) CPUs ($cpu_model), $((mem_kb / 1024 / 1024)) GiB RAM, $(uname -r)
- command: \`sudo ${ANYCAST_BIN:+ANYCAST_BIN=$ANYCAST_BIN }$COMMAND_LINE\`
- anycastd: git $anycastd_rev (RelWithDebInfo build); ExaBGP ${exabgp_version:-not installed}
- measured: from just before \`kill -KILL\` of the service's process to the \`Deleted\`
  notification for 192.0.2.53/32 in the router's namespace (\`ip -ts monitor route\`);
  percentiles by nearest rank. anycastd's service: \`flap: {stable-after: 0s}\` (no hold-down)

$TABLE
$notes$drain_note"
  replace_docs_section "$DOCS" failover-bench "Site failover (bench/site/failover.sh)" "$SECTION"
fi
