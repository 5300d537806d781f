#!/usr/bin/env bash
# bench/bgp/run.sh — BGP route-propagation benchmark (bgperf's method), BIRD vs FRR vs GoBGP
# vs anycastd, side by side in the same run. Writes its table to docs/benchmarks.md between
# <!-- bgp-bench:begin --> and <!-- bgp-bench:end -->.
#
#   sudo bench/bgp/run.sh                        # full: 100k, 1M, 1M from 4 peers; 3 runs each
#   sudo bench/bgp/run.sh --quick                # validation: 10k and 10k from 4 peers, 1 run
#   sudo bench/bgp/run.sh --routers bird,frr --sizes 100000 --runs 3
#   options: --routers LIST (bird,frr,gobgp,anycastd)  --sizes LIST (N or NxK: K injectors)
#            --runs R  --seed S  --idle-timeout S  --no-sink  --no-docs  --docs FILE
#            env BLASTER (default build/bin/bgp_blaster), ANYCAST_BIN (anycastd, anycastctl)
#
# One run, in three fresh namespaces ac-it-<pid>-{inj,rtr,mon} (removed after every run, on
# failure and on Ctrl-C too — the helpers are tests/interop/lib.sh's):
#
#   inj: bgp_blaster inject x K        rtr: router under test       mon: bgp_blaster monitor
#   10.0.1.11.. fd00:1::11..  ---veth--- 10.0.1.1 fd00:1::1          AS 65100
#   AS 65001.. (one per injector)        10.0.2.1 fd00:2::1 ---veth--- 10.0.2.2 fd00:2::2
#                                        AS 65000
#
# The router accepts everything from the injectors and exports everything to the monitor
# (nothing back to the injectors); it installs nothing in any kernel table. Sessions: the
# blasters connect, the router is passive. Sequence: router up -> monitor Established ->
# injectors Established with all UPDATEs pre-encoded (READY) -> go file -> injectors write
# their start time and send -> the monitor exits when it holds all N prefixes.
# Measured: seconds from the earliest injector start to monitor complete, prefixes/s (N over
# that), the router's peak RSS (VmHWM; FRR: bgpd + zebra) and CPU time (utime+stime).
# Reported: the median of the runs.
# Sink check: the injector straight into a monitor (no router) — the injector's own rate and
# the end-to-end rate, to show neither blaster is the bottleneck.
set -Eeuo pipefail
# shellcheck disable=SC2034  # NODE[...] is lib.sh's node table, read by the drivers

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/../.." && pwd)"
COMMAND_LINE="${BLASTER:+BLASTER=$BLASTER }bench/bgp/run.sh${*:+ $*}"

# shellcheck source=tests/interop/lib.sh
source "$REPO/tests/interop/lib.sh"
source "$REPO/bench/lib/docs.sh"
# The drivers give the daemons' paths and their query helpers (birdc_, vtysh_, gobgp_, ctl_),
# used here with role R = the router under test.
for d in bird frr gobgp anycastd; do
  # shellcheck source=/dev/null
  source "$REPO/tests/interop/peer_$d.sh"
done

BLASTER="${BLASTER:-$REPO/build/bin/bgp_blaster}"
ROUTERS="bird,frr,gobgp,anycastd"
SIZES="100000,1000000,1000000x4"
RUNS=3
SEED=1
QUICK=0
SINK=1
DOCS_WRITE=1
DOCS="$REPO/docs/benchmarks.md"
IDLE=60     # a run with no progress at the monitor for this long is given up (n/a)

while (($#)); do
  case "$1" in
    --quick) QUICK=1; SIZES="10000,10000x4"; RUNS=1; IDLE=20 ;;
    --idle-timeout) IDLE="$2"; shift ;;
    --routers) ROUTERS="$2"; shift ;;
    --sizes) SIZES="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --no-sink) SINK=0 ;;
    --no-docs) DOCS_WRITE=0 ;;
    --docs) DOCS="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

[[ "$(id -u)" -eq 0 ]] || { echo "run as root (network namespaces)" >&2; exit 2; }
require_root
[[ -x "$BLASTER" ]] || { echo "no $BLASTER: build the bgp_blaster target (or set BLASTER)" >&2; exit 2; }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs must be a positive number" >&2; exit 2; }

RTR_AS=65000; MON_AS=65100; INJ_AS0=65001
it_tmpdir
log "work dir $IT_TMP"

# ---------------------------------------------------------------------------------------
# topology

NS_INJ="${IT_PREFIX}-inj"; NS_RTR="${IT_PREFIX}-rtr"; NS_MON="${IT_PREFIX}-mon"

inj_addr4() { printf '10.0.1.%d' $((11 + $1)); }
inj_addr6() { printf 'fd00:1::%x' $((0x11 + $1)); }

# make_topology K [nomon] — the three namespaces (two without the monitor side, for the sink).
make_topology() {
  local k="$1" nomon="${2:-}" ns i list=("$NS_INJ" "$NS_RTR")
  [[ -n "$nomon" ]] || list+=("$NS_MON")
  for ns in "${list[@]}"; do
    ip netns add "$ns" || fail "ip netns add $ns"
    IT_NETNS+=("$ns")
    ip -n "$ns" link set lo up
  done
  ip -n "$NS_INJ" link add eth0 type veth peer name inj0 netns "$NS_RTR" || fail "veth inj<->rtr"
  for ((i = 0; i < k; i++)); do
    ip -n "$NS_INJ" addr add "$(inj_addr4 "$i")/24" dev eth0
    ip -n "$NS_INJ" addr add "$(inj_addr6 "$i")/64" dev eth0 nodad
  done
  ip -n "$NS_RTR" addr add 10.0.1.1/24 dev inj0
  ip -n "$NS_RTR" addr add fd00:1::1/64 dev inj0 nodad
  ip -n "$NS_INJ" link set eth0 up
  ip -n "$NS_RTR" link set inj0 up
  [[ -n "$nomon" ]] && return 0
  ip -n "$NS_RTR" link add mon0 type veth peer name eth0 netns "$NS_MON" || fail "veth rtr<->mon"
  ip -n "$NS_RTR" addr add 10.0.2.1/24 dev mon0
  ip -n "$NS_RTR" addr add fd00:2::1/64 dev mon0 nodad
  ip -n "$NS_MON" addr add 10.0.2.2/24 dev eth0
  ip -n "$NS_MON" addr add fd00:2::2/64 dev eth0 nodad
  ip -n "$NS_RTR" link set mon0 up
  ip -n "$NS_MON" link set eth0 up
}

# ---------------------------------------------------------------------------------------
# routers: <name>_bench_start K DIR — configure and start in $NS_RTR; sets ROUTER_PIDS.
# lib.sh's driver helpers are used with role R: NODE[R.ns], NODE[R.dir].

declare -a ROUTER_PIDS=()

bird_bench_start() {
  local k="$1" dir="$2" i
  {
    printf 'log "%s/bird.log" { warning, error, fatal, bug };\nrouter id 10.0.1.1;\n' "$dir"
    printf 'protocol device { scan time 10; }\n'
    for ((i = 0; i < k; i++)); do
      cat <<EOF
protocol bgp inj$i {
  local 10.0.1.1 as $RTR_AS;
  neighbor $(inj_addr4 "$i") as $((INJ_AS0 + i));
  passive on;
  hold time 90;
  ipv4 { import all; export none; };
  ipv6 { import all; export none; };
}
EOF
    done
    cat <<EOF
protocol bgp mon {
  local 10.0.2.1 as $RTR_AS;
  neighbor 10.0.2.2 as $MON_AS;
  passive on;
  hold time 90;
  ipv4 { import none; export all; };
  ipv6 { import none; export all; };
}
EOF
  } >"$dir/bird.conf"
  "$BIRD" -p -c "$dir/bird.conf" || fail "bird rejected $dir/bird.conf"
  start_bg "$NS_RTR" "$dir/bird.stderr" "$BIRD" -f -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid"
  ROUTER_PIDS=("$BG_PID")
  track_log "$dir/bird.log"
  wait_for "birdc_ R show status" 15 "bird answers on its control socket"
}

# FRR: zebra is started (as in tests/interop/peer_frr.sh: without it bgpd knows no interface
# addresses, cannot resolve next hops and picks wrong IPv6 next hops) but bgpd runs with -n,
# so no route goes to zebra or the kernel. advertisement-interval 0 to the monitor: with
# `frr defaults traditional` eBGP peers get a 30 s MRAI, which would measure the timer.
frr_bench_start() {
  local k="$1" dir="$2" i af
  {
    printf 'frr defaults traditional\nhostname bench-rtr\n!\n'
    printf 'route-map NONE deny 10\nexit\n!\n'
    printf 'router bgp %s\n bgp router-id 10.0.1.1\n no bgp ebgp-requires-policy\n no bgp default ipv4-unicast\n' "$RTR_AS"
    for ((i = 0; i < k; i++)); do
      printf ' neighbor %s remote-as %s\n neighbor %s passive\n' "$(inj_addr4 "$i")" $((INJ_AS0 + i)) "$(inj_addr4 "$i")"
    done
    printf ' neighbor 10.0.2.2 remote-as %s\n neighbor 10.0.2.2 passive\n neighbor 10.0.2.2 advertisement-interval 0\n' "$MON_AS"
    for af in ipv4 ipv6; do
      printf ' address-family %s unicast\n' "$af"
      for ((i = 0; i < k; i++)); do
        printf '  neighbor %s activate\n  neighbor %s route-map NONE out\n' "$(inj_addr4 "$i")" "$(inj_addr4 "$i")"
      done
      printf '  neighbor 10.0.2.2 activate\n  neighbor 10.0.2.2 route-map NONE in\n'
      printf ' exit-address-family\n'
    done
    printf 'exit\n'
  } >"$dir/bgpd.conf"
  printf 'hostname bench-rtr-zebra\n' >"$dir/zebra.conf"
  chown frr:frr "$dir" 2>/dev/null || chmod 777 "$dir"
  start_bg "$NS_RTR" "$dir/zebra.stderr" "$FRR_ZEBRA" -f "$dir/zebra.conf" -i "$dir/zebra.pid" \
    -z "$dir/zserv.api" --vty_socket "$dir" -P 0 --log "file:$dir/zebra.log"
  ROUTER_PIDS=("$BG_PID")
  IT_PATHS+=("/var/tmp/frr/zebra.$BG_PID")
  wait_for "[[ -S '$dir/zserv.api' ]]" 10 "frr zebra listens on $dir/zserv.api"
  start_bg "$NS_RTR" "$dir/bgpd.stderr" "$FRR_BGPD" -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
    -z "$dir/zserv.api" --vty_socket "$dir" -P 0 -S -n --log "file:$dir/bgpd.log"
  ROUTER_PIDS+=("$BG_PID")
  IT_PATHS+=("/var/tmp/frr/bgpd.$BG_PID")
  track_log "$dir/bgpd.log"
  wait_for "vtysh_ R 'show bgp summary'" 15 "frr bgpd answers on its vty socket"
}

# GoBGP: default policies accept; a global export policy keeps routes from going back to the
# injectors (the neighbor condition of an export policy matches the destination peer).
gobgp_bench_start() {
  local k="$1" dir="$2" i nbrs=""
  for ((i = 0; i < k; i++)); do nbrs+="${nbrs:+, }\"$(inj_addr4 "$i")\""; done
  {
    cat <<EOF
[global.config]
  as = $RTR_AS
  router-id = "10.0.1.1"
  port = 179
  local-address-list = ["10.0.1.1", "10.0.2.1"]
[global.apply-policy.config]
  export-policy-list = ["not-to-injectors"]
  default-export-policy = "accept-route"
  default-import-policy = "accept-route"

[[defined-sets.neighbor-sets]]
  neighbor-set-name = "injectors"
  neighbor-info-list = [$nbrs]
[[policy-definitions]]
  name = "not-to-injectors"
  [[policy-definitions.statements]]
    name = "reject-to-injectors"
    [policy-definitions.statements.conditions.match-neighbor-set]
      neighbor-set = "injectors"
    [policy-definitions.statements.actions]
      route-disposition = "reject-route"
EOF
    for ((i = 0; i <= k; i++)); do
      local addr as
      if ((i < k)); then addr="$(inj_addr4 "$i")"; as=$((INJ_AS0 + i)); else addr=10.0.2.2; as=$MON_AS; fi
      cat <<EOF

[[neighbors]]
  [neighbors.config]
    neighbor-address = "$addr"
    peer-as = $as
  [neighbors.timers.config]
    hold-time = 90
    keepalive-interval = 30
  [neighbors.transport.config]
    passive-mode = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
EOF
    done
  } >"$dir/gobgpd.toml"
  start_bg "$NS_RTR" "$dir/gobgpd.log" "$GOBGPD" -f "$dir/gobgpd.toml" -p --pprof-disable \
    --log-level warn --api-hosts "unix://$dir/gobgp.sock"
  ROUTER_PIDS=("$BG_PID")
  wait_for "gobgp_ R global" 15 "gobgpd answers on its API socket"
}

# anycastd: one passive peer per injector and the monitor; like the others, it exports to the
# monitor only (a reject-all export filter towards the injectors).
anycastd_bench_start() {
  local k="$1" dir="$2" i out
  {
    printf '# generated by bench/bgp/run.sh\nrouter:\n  as: %s\n  router-id: 10.0.1.1\n' "$RTR_AS"
    printf '  listen: ["10.0.1.1:179", "10.0.2.1:179"]\ncontrol:\n  socket: %s/anycastd.sock\n' "$dir"
    printf 'log:\n  level: warn\npolicy:\n  nothing:\n    default: reject\npeers:\n'
    for ((i = 0; i <= k; i++)); do
      local addr as name laddr
      if ((i < k)); then addr="$(inj_addr4 "$i")"; as=$((INJ_AS0 + i)); name="inj$i"; laddr=10.0.1.1
      else addr=10.0.2.2; as=$MON_AS; name=mon; laddr=10.0.2.1; fi
      printf '  - name: %s\n    address: %s\n    as: %s\n    local-address: %s\n    passive: true\n    hold-time: 90\n' \
        "$name" "$addr" "$as" "$laddr"
      if ((i < k)); then printf '    export: nothing\n'; fi
    done
    printf 'announce: []\n'
  } >"$dir/anycastd.yaml"
  out="$("$ANYCASTD" --check-config "$dir/anycastd.yaml" 2>&1)" ||
    fail "anycastd --check-config rejected $dir/anycastd.yaml: $out"
  start_bg "$NS_RTR" "$dir/anycastd.log" "$ANYCASTD" --config "$dir/anycastd.yaml"
  ROUTER_PIDS=("$BG_PID")
  wait_for "kill -0 $BG_PID && ctl_ R show peers --json" 15 "anycastd answers on its control socket"
}

router_available() {
  case "$1" in
    bird) [[ -x "$BIRD" && -x "$BIRDC" ]] ;;
    frr) [[ -x "$FRR_BGPD" && -x "$FRR_ZEBRA" && -x "$VTYSH" ]] ;;
    gobgp) [[ -x "$GOBGPD" && -x "$GOBGP" ]] ;;
    anycastd) [[ -x "$ANYCASTD" && -x "$ANYCASTCTL" ]] ;;
    *) return 1 ;;
  esac
}

router_version() {
  case "$1" in
    bird) "$BIRD" --version 2>&1 | head -n 1 ;;
    frr) "$FRR_BGPD" --version 2>&1 | head -n 1 ;;
    gobgp) "$GOBGPD" --version 2>&1 | head -n 1 ;;
    anycastd) printf 'anycastd (%s)' "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')" ;;
  esac
}

# peak RSS (kB) summed over ROUTER_PIDS, and CPU seconds (utime+stime)
router_rss_kb() {
  local pid sum=0 v
  for pid in "${ROUTER_PIDS[@]}"; do
    v="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
router_cpu_s() {
  local pid ticks=0 t hz
  hz="$(getconf CLK_TCK)"
  for pid in "${ROUTER_PIDS[@]}"; do
    # fields after the ")" of comm: state is $1, utime $12, stime $13
    t="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true)"
    ticks=$((ticks + ${t:-0}))
  done
  awk -v t="$ticks" -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }'
}

# ---------------------------------------------------------------------------------------
# one run

# result_field FILE KEY — value of KEY=... in the RESULT line of FILE
result_field() { sed -n 's/^RESULT .*\b'"$2"'=\([^ ]*\).*$/\1/p' "$1" | tail -n 1; }

timeout_for() { echo $((120 + $1 / 2500)); }   # monitor's bound, seconds

# start_injectors K N DIR ADDR — K injectors in $NS_INJ connecting to ADDR; sets INJ_PIDS
declare -a INJ_PIDS=()
start_injectors() {
  local k="$1" n="$2" dir="$3" addr="$4" i
  INJ_PIDS=()
  for ((i = 0; i < k; i++)); do
    start_bg "$NS_INJ" "$dir/inject$i.err" "$BLASTER" inject --connect "$addr" --local "$(inj_addr4 "$i")" \
      --as $((INJ_AS0 + i)) --count "$n" --seed "$SEED" --peers "$k" --index "$i" \
      --nexthop6 "$(inj_addr6 "$i")" --go-file "$dir/go" --start-file "$dir/start$i" \
      --timeout "$(timeout_for "$n")" --linger "$(timeout_for "$n")"
    # stdout (READY / RESULT) and stderr go to the same log; RESULT lines are unique
    INJ_PIDS+=("$BG_PID")
  done
  for ((i = 0; i < k; i++)); do
    wait_for "grep -q '^READY' '$dir/inject$i.err'" 120 "injector $i Established, UPDATEs pre-encoded"
  done
}

# wait_monitor PID N DIR — bounded wait for the monitor to exit, with progress
wait_monitor() {
  local pid="$1" n="$2" dir="$3" deadline last=0
  deadline=$((SECONDS + $(timeout_for "$n") + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "monitor still running after its own timeout; stopping it"
      break
    fi
    if ((SECONDS - last >= 10)); then
      last=$SECONDS
      local p
      p="$(grep -a 'holding' "$dir/monitor.err" 2>/dev/null | tail -n 1 | sed 's/^\[monitor\] //' || true)"
      [[ -n "$p" ]] && log "  monitor: $p"
    fi
    sleep 0.2
  done
  unset "IT_LIVE[$pid]"
  stop_pid "$pid" 3
}

# run_once ROUTER N K RUN — prints "seconds pps rss_kb cpu_s" or "na REASON"
run_once() {
  local router="$1" n="$2" k="$3" run="$4" dir i
  dir="$IT_TMP/$router-$n-$k-$run"
  mkdir -p "$dir"
  NODE[R.ns]="$NS_RTR"; NODE[R.dir]="$dir"
  make_topology "$k"
  "${router}_bench_start" "$k" "$dir"

  local starts=()
  for ((i = 0; i < k; i++)); do starts+=(--start-file "$dir/start$i"); done
  start_bg "$NS_MON" "$dir/monitor.err" "$BLASTER" monitor --connect 10.0.2.1 --local 10.0.2.2 \
    --as "$MON_AS" --expect "$n" "${starts[@]}" --timeout "$(timeout_for "$n")" --idle-timeout "$IDLE"
  local mon="$BG_PID"
  wait_for "grep -q '^ESTABLISHED' '$dir/monitor.err'" 60 "monitor Established with $router"
  unset "IT_LIVE[$mon]"   # the monitor exits on its own; that is not a failure
  start_injectors "$k" "$n" "$dir" 10.0.1.1
  touch "$dir/go"
  log "go: $n prefixes from $k injector(s) through $router"
  wait_monitor "$mon" "$n" "$dir"

  local outcome secs rss cpu
  outcome="$(result_field "$dir/monitor.err" outcome)"
  rss="$(router_rss_kb)"; cpu="$(router_cpu_s)"
  log "  $(grep -a '^RESULT' "$dir/monitor.err" | tail -n 1 || echo 'monitor: no result')"
  for ((i = 0; i < k; i++)); do
    log "  injector $i: $(result_field "$dir/inject$i.err" prefixes) prefixes sent at $(result_field "$dir/inject$i.err" send_pps)/s"
  done
  local alive=1 pid
  for pid in "${ROUTER_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || alive=0; done
  if [[ "$outcome" == complete ]]; then
    secs="$(result_field "$dir/monitor.err" start_to_complete_s)"
    local firstr
    firstr="$(awk -v s="$secs" -v f="$(result_field "$dir/monitor.err" first_to_complete_s)" 'BEGIN { printf "%.3f", s - f }')"
    RUN_RESULT="$secs $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') $rss $cpu $firstr"
    log "  $router N=$n K=$k run $run: ${secs}s, peak RSS $((rss / 1024)) MiB, CPU ${cpu}s"
  else
    local held
    held="$(result_field "$dir/monitor.err" held)"
    if ((alive == 0)); then RUN_RESULT="na router died (held ${held:-0} of $n)"
    elif [[ "$router" == anycastd && "${held:-0}" == 0 ]]; then
      local got
      got="$(ctl_ R show peers --json 2>/dev/null | "$PY" -c '
import json, sys
print(sum(int(p.get("prefixes-received") or 0) for p in json.load(sys.stdin)))' 2>/dev/null || echo '?')"
      RUN_RESULT="na does not forward yet; it received $got prefixes, peak RSS $((rss / 1024)) MiB"
    else RUN_RESULT="na ${outcome:-no result} (held ${held:-0} of $n)"; fi
    log "  $router N=$n K=$k run $run: ${RUN_RESULT#na }"
    if [[ -n "${KEEP_LOGS:-}" ]]; then
      show_logs; tail -n 5 "$dir/monitor.err" >&2 || true
    fi
  fi
  for pid in "${INJ_PIDS[@]}"; do stop_pid "$pid" 3; done   # injectors report what came back
  for ((i = 0; i < k; i++)); do
    log "  injector $i: $(grep -a 'done (' "$dir/inject$i.err" | tail -n 1 | sed 's/^\[inject\] //' || true)"
  done
  teardown_tracked
}

# sink: injector -> monitor, no router (monitor listens in the router's namespace)
run_sink() {
  local n="$1" run="$2" dir
  dir="$IT_TMP/sink-$n-$run"
  mkdir -p "$dir"
  make_topology 1 nomon
  start_bg "$NS_RTR" "$dir/monitor.err" "$BLASTER" monitor --listen 10.0.1.1 --as "$RTR_AS" --expect "$n" \
    --start-file "$dir/start0" --timeout "$(timeout_for "$n")" --idle-timeout 60
  local mon="$BG_PID"
  unset "IT_LIVE[$mon]"
  wait_for "grep -q 'listening' '$dir/monitor.err'" 10 "sink monitor listens"
  start_injectors 1 "$n" "$dir" 10.0.1.1
  touch "$dir/go"
  wait_monitor "$mon" "$n" "$dir"
  local outcome send e2e
  outcome="$(result_field "$dir/monitor.err" outcome)"
  send="$(result_field "$dir/inject0.err" send_pps)"
  e2e="$(result_field "$dir/monitor.err" pps)"
  [[ "$outcome" == complete ]] || fail "sink run did not complete: $(tail -n 3 "$dir/monitor.err")"
  RUN_RESULT="$send $e2e $(result_field "$dir/inject0.err" bytes) $(result_field "$dir/inject0.err" updates) $(result_field "$dir/inject0.err" attr_sets)"
  log "  sink N=$n run $run: injector sends ${send} prefixes/s, monitor complete at ${e2e} prefixes/s"
  teardown_tracked
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

human() {  # 100000 -> 100k, 1000000 -> 1M
  awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) printf "%dM", n / 1000000; else if (n % 1000 == 0) printf "%dk", n / 1000; else print n }'
}

# ---------------------------------------------------------------------------------------
# main

IFS=, read -r -a ROUTER_LIST <<<"$ROUTERS"
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
for r in "${ROUTER_LIST[@]}"; do
  [[ "$r" =~ ^(bird|frr|gobgp|anycastd)$ ]] || { echo "unknown router $r" >&2; exit 2; }
done
for s in "${SIZE_LIST[@]}"; do
  [[ "$s" =~ ^[1-9][0-9]*(x[1-9])?$ ]] || { echo "bad size $s (N or NxK, K <= 9)" >&2; exit 2; }
done

ROWS=()
SINK_LINE=""
if ((SINK)); then
  # the largest single-injector size
  sink_n=0
  for s in "${SIZE_LIST[@]}"; do n="${s%x*}"; if ((n > sink_n)); then sink_n=$n; fi; done
  step "sink check: injector -> monitor, no router, N=$sink_n, $RUNS run(s)"
  sends=(); e2es=()
  for ((run = 1; run <= RUNS; run++)); do
    run_sink "$sink_n" "$run"
    read -r send e2e bytes updates sets <<<"$RUN_RESULT"
    sends+=("$send"); e2es+=("$e2e")
  done
  SINK_LINE="injector into a sink (no router), N=$(human "$sink_n"): injector sends $(printf '%s\n' "${sends[@]}" | median) prefixes/s, the monitor holds all of them at $(printf '%s\n' "${e2es[@]}" | median) prefixes/s end to end (median of $RUNS; $updates UPDATEs, $bytes bytes, $sets attribute sets)"
  log "$SINK_LINE"
fi

for r in "${ROUTER_LIST[@]}"; do
  if ! router_available "$r"; then
    log "$r not installed/built: skipped"
    ROWS+=("| $r | all | n/a (not installed or not built) | | | | | |")
    continue
  fi
  for s in "${SIZE_LIST[@]}"; do
    n="${s%x*}"; k=1; [[ "$s" == *x* ]] && k="${s#*x}"
    case_name="$(human "$n")"; ((k > 1)) && case_name+=" from $k peers"
    step "$r: $case_name, $RUNS run(s)"
    secs_l=(); pps_l=(); rss_l=(); cpu_l=(); first_l=(); na=""
    for ((run = 1; run <= RUNS; run++)); do
      run_once "$r" "$n" "$k" "$run"
      if [[ "$RUN_RESULT" == na* ]]; then na="${RUN_RESULT#na }"; break; fi
      read -r secs pps rss cpu firstr <<<"$RUN_RESULT"
      secs_l+=("$secs"); pps_l+=("$pps"); rss_l+=("$rss"); cpu_l+=("$cpu"); first_l+=("$firstr")
    done
    if [[ -n "$na" ]]; then
      ROWS+=("| $r | $case_name | n/a ($na) | | | | | |")
      continue
    fi
    m_secs="$(printf '%s\n' "${secs_l[@]}" | median)"
    m_pps="$(printf '%s\n' "${pps_l[@]}" | median)"
    m_rss="$(printf '%s\n' "${rss_l[@]}" | median)"
    m_cpu="$(printf '%s\n' "${cpu_l[@]}" | median)"
    m_first="$(printf '%s\n' "${first_l[@]}" | median)"
    rss_note="$(awk -v k="$m_rss" 'BEGIN { printf "%.0f MiB", k / 1024 }')"
    [[ "$r" == frr ]] && rss_note+=" (bgpd+zebra)"
    ROWS+=("| $r | $case_name | $(printf '%.3f' "$m_secs") | $(printf '%.0f' "$m_pps") | $(printf '%.3f' "$m_first") | $rss_note | $m_cpu | $(printf '%s / ' "${secs_l[@]}" | sed 's| / $||') |")
    log "$r $case_name: median ${m_secs}s, ${m_pps} prefixes/s, peak RSS $rss_note"
  done
done

# ---------------------------------------------------------------------------------------
# report

TABLE="| router | case | seconds (median) | prefixes/s | first route at monitor (s) | router peak RSS | router CPU s | runs (s) |
|---|---|---:|---:|---:|---:|---:|---|"
for row in "${ROWS[@]}"; do TABLE+=$'\n'"$row"; done
step "results"
printf '%s\n' "$TABLE"

if ((DOCS_WRITE)); then
  mem_kb="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
  cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  versions=""
  for r in "${ROUTER_LIST[@]}"; do
    if router_available "$r"; then versions+="${versions:+; }$(router_version "$r")"; fi
  done
  if ((QUICK)); then
    title="**Quick validation run** (\`--quick\`: N=10k, 1 run each — checks the harness, not a measurement)"
  else
    title="Route propagation, median of $RUNS runs"
  fi
  SECTION="$title

- date: $(date -u '+%Y-%m-%d %H:%M UTC')
- machine: $(nproc) CPUs ($cpu_model), $((mem_kb / 1024 / 1024)) GiB RAM, $(uname -r)
- command: \`sudo $COMMAND_LINE\`
- versions: $versions
- ${SINK_LINE:-sink check not run}
- seconds: from the first injector starting to send (all UPDATEs pre-encoded, sessions
  Established) to the monitor holding every prefix; prefixes/s = N / seconds; first route:
  from the same start to the first prefix reaching the monitor (fixed delays, e.g. batching
  timers, show here). Seed $SEED.
- peak RSS: VmHWM of the router process(es) at the end of the run (FRR: bgpd + zebra, bgpd
  with \`-n\`); CPU: utime + stime of the same processes, start-up included.

$TABLE"
  if [[ ! -f "$DOCS" ]]; then
    cat >"$DOCS" <<'EOF'
# Benchmarks

Figures written by the scripts in `bench/`; each section says the machine, date, exact
command and versions it was measured with. Re-running a script replaces its own section.

## BGP: route propagation through the router (bench/bgp/run.sh)

Method (after bgperf): injectors (`bgp_blaster inject`) send N prefixes — a realistic mix,
~90% IPv4 (mostly /24, some /16–/23), ~10% IPv6 /32–/48, 1–20 prefixes per UPDATE, AS paths
of 2–8 ASNs, ~50k distinct attribute sets per million routes, all pre-encoded — to the router
under test in its own network namespace; the router accepts everything and exports it to a
monitor (`bgp_blaster monitor`), which stops the clock when it holds all N. Nothing is
installed in a kernel table. "N from 4 peers": four injectors send disjoint quarters.
Router set-up: BIRD `import all` from the injectors, `export all` to the monitor (`export none`
to the injectors), no kernel protocol; FRR bgpd `-n` with zebra, `no bgp ebgp-requires-policy`,
`advertisement-interval 0` towards the monitor (the eBGP default of 30 s would measure the
timer), a deny-all route-map out to the injectors; GoBGP default accept, one global export
policy rejecting towards the injectors (GoBGP then sends them explicit withdrawals); anycastd
a reject-all export filter towards the injectors.

<!-- bgp-bench:begin -->
<!-- bgp-bench:end -->
EOF
  fi
  replace_docs_section "$DOCS" bgp-bench "BGP: route propagation through the router (bench/bgp/run.sh)" "$SECTION"
fi
