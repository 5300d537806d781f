#!/usr/bin/env bash
# bench/dns/run.sh — authoritative DNS benchmark: Knot DNS vs NSD vs anycast-dns, side by
# side in the same run, with dnsperf and one query file. Writes its table to
# docs/benchmarks.md between <!-- dns-bench:begin --> and <!-- dns-bench:end -->.
# The "echo" row is bench/dns/dns_echo_server: our transports answering every query with the
# query itself, no lookup — the ceiling they put on anycast-dns on the same machine.
#
#   sudo bench/dns/run.sh                             # knot,nsd,anycast-dns,echo; W = 1 and 2
#   sudo bench/dns/run.sh --servers knot,nsd --duration 10 --no-docs
#   options: --servers LIST (knot,nsd,anycast-dns,echo)  --workers LIST (default 1,2)
#            --duration S (dnsperf -l, default 20)  --records N (default 100000)
#            --zones N (default 4)  --queries N (query file lines, default 200000)
#            --clients N (dnsperf -c, default 16)  --outstanding N (dnsperf -q, default 200)
#            --dnsperf-threads N (dnsperf -T, default 1)
#            --latency-qps Q (the p50/p99 run's rate, default 20000)  --seed S
#            --no-docs  --docs FILE
#            env ANYCAST_BIN (directory of anycast-dns, dns_echo_server; default build/bin)
#
# Everything runs in one fresh network namespace ac-it-<pid>-dns (removed at the end, on
# failure and on Ctrl-C too — tests/interop/lib.sh's helpers), so the servers listen on its
# own 127.0.0.1:53 and nothing else on the machine is touched. Per server and worker count W:
#   1. write its config to the temp dir and start it (Knot: udp-workers = tcp-workers = W,
#      background-workers 1, no modules, so no RRL; NSD: server-count W, reuseport yes — one
#      socket per server process, as Knot has one per worker — rrl-ratelimit 0, since Debian
#      builds NSD with RRL on at 200 qps);
#   2. wait (bounded) until it answers SOA for the last zone;
#   3. throughput: dnsperf -l DURATION -c CLIENTS -q OUTSTANDING over the query file, as fast
#      as it answers: queries/s, average latency, lost queries, response codes, and the
#      server's CPU time per answered query (utime + stime over the run: on a shared machine
#      less noisy than queries/s);
#   4. latency: dnsperf -v at a fixed LATENCY-QPS for 5 s; p50 and p99 of the per-query
#      latencies (dnsperf 2.10 has no percentiles of its own, and -v at full speed would
#      make dnsperf the bottleneck);
#   5. memory: the server's VmHWM (peak RSS of its main process) and PSS summed over its
#      processes (NSD forks W children sharing the zone pages: PSS counts shared pages once).
# Memory per record: (PSS with the zone set - PSS with a small set of the same zones, ~15
# records each) / records, from one extra start per server and W with the small zone set.
# dnsperf runs on the same machine: with 2 cores and W=2 it competes with the server.
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/../.." && pwd)"
COMMAND_LINE="bench/dns/run.sh${*:+ $*}"

# shellcheck source=tests/interop/lib.sh
source "$REPO/tests/interop/lib.sh"
source "$REPO/bench/lib/docs.sh"

SERVERS="knot,nsd,anycast-dns,echo"
WORKERS="1,2"
DURATION=20
RECORDS=100000
ZONES=4
QUERIES=200000
CLIENTS=16
OUTSTANDING=200
DNSPERF_THREADS=1
LATENCY_QPS=20000
LATENCY_SECONDS=5
SEED=1
DOCS_WRITE=1
DOCS="$REPO/docs/benchmarks.md"
ANYCAST_DNS="${ANYCAST_BIN:-$REPO/build/bin}/anycast-dns"
ECHO_SERVER="${ANYCAST_BIN:-$REPO/build/bin}/dns_echo_server"

while (($#)); do
  case "$1" in
    --servers) SERVERS="$2"; shift ;;
    --workers) WORKERS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --records) RECORDS="$2"; shift ;;
    --zones) ZONES="$2"; shift ;;
    --queries) QUERIES="$2"; shift ;;
    --clients) CLIENTS="$2"; shift ;;
    --outstanding) OUTSTANDING="$2"; shift ;;
    --dnsperf-threads) DNSPERF_THREADS="$2"; shift ;;
    --latency-qps) LATENCY_QPS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --no-docs) DOCS_WRITE=0 ;;
    --docs) DOCS="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

[[ "$(id -u)" -eq 0 ]] || { echo "run as root (a network namespace)" >&2; exit 2; }
require_root
for n in DURATION RECORDS ZONES QUERIES CLIENTS OUTSTANDING DNSPERF_THREADS LATENCY_QPS SEED; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || { echo "--${n,,} must be a positive number" >&2; exit 2; }
done
for tool in dnsperf kdig "$PY"; do
  command -v "$tool" >/dev/null || { echo "$tool not installed (scripts/install-deps.sh)" >&2; exit 2; }
done
KNOTD="$(command -v knotd || echo /usr/sbin/knotd)"
NSD="$(command -v nsd || echo /usr/sbin/nsd)"
NSD_CHECKCONF="$(command -v nsd-checkconf || echo /usr/sbin/nsd-checkconf)"

it_tmpdir
log "work dir $IT_TMP"
NS="${IT_PREFIX}-dns"
ip netns add "$NS" || fail "ip netns add $NS"
IT_NETNS+=("$NS")
ip -n "$NS" link set lo up

step "zone set: $RECORDS records in $ZONES zones, $QUERIES queries (seed $SEED)"
"$PY" "$BENCH_DIR/make_zones.py" --out "$IT_TMP/full" --zones "$ZONES" --records "$RECORDS" \
  --queries "$QUERIES" --seed "$SEED" >&2
"$PY" "$BENCH_DIR/make_zones.py" --out "$IT_TMP/small" --zones "$ZONES" --records 40 \
  --queries 1 --seed "$SEED" >&2
LAST_ZONE="$(tail -n 1 "$IT_TMP/full/zones.list" | cut -d' ' -f1)"

# ---------------------------------------------------------------------------------------
# servers: <name>_start W ZONESET DIR — configure and start in $NS on 127.0.0.1:53; sets
# SERVER_PID. ZONESET is a make_zones.py output directory (its zones.list).

SERVER_PID=""

knot_start() {
  local w="$1" set="$2" dir="$3"
  {
    cat <<EOF
server:
    rundir: "$dir"
    pidfile: "$dir/knot.pid"
    listen: 127.0.0.1@53
    udp-workers: $w
    tcp-workers: $w
    background-workers: 1
EOF
    knot_config_rest "$dir" <"$set/zones.list"
  } >"$dir/knot.conf"
  start_bg "$NS" "$dir/knotd.log" "$KNOTD" -c "$dir/knot.conf"
  SERVER_PID="$BG_PID"
}

nsd_start() {
  local w="$1" set="$2" dir="$3" name file
  {
    cat <<EOF
server:
    ip-address: 127.0.0.1
    port: 53
    server-count: $w
    reuseport: yes
    username: ""
    chroot: ""
    database: ""
    zonelistfile: "$dir/zone.list"
    xfrdfile: "$dir/xfrd.state"
    xfrdir: "$dir"
    pidfile: "$dir/nsd.pid"
    logfile: "$dir/nsd.log"
    verbosity: 0
    rrl-ratelimit: 0
remote-control:
    control-enable: no
EOF
    while read -r name file; do printf 'zone:\n    name: %s\n    zonefile: "%s"\n' "$name" "$file"; done \
      <"$set/zones.list"
  } >"$dir/nsd.conf"
  "$NSD_CHECKCONF" "$dir/nsd.conf" || fail "nsd-checkconf rejected $dir/nsd.conf"
  start_bg "$NS" "$dir/nsd.stderr" "$NSD" -d -c "$dir/nsd.conf"
  SERVER_PID="$BG_PID"
  track_log "$dir/nsd.log"
}

# anycast-dns: the options below are what the binary is expected to take (issue 5); adjust
# them here when it lands.
anycast-dns_start() {
  local w="$1" set="$2" dir="$3" name file zones=()
  while read -r name file; do zones+=(--zone "$name=$file"); done <"$set/zones.list"
  start_bg "$NS" "$dir/anycast-dns.log" "$ANYCAST_DNS" --listen 127.0.0.1:53 \
    --udp-workers "$w" --tcp-workers "$w" "${zones[@]}"
  SERVER_PID="$BG_PID"
}

# echo: no zones (the zone set is ignored)
echo_start() {
  start_bg "$NS" "$3/echo.log" "$ECHO_SERVER" --listen 127.0.0.1:53 --udp-workers "$1" \
    --tcp-workers "$1"
  SERVER_PID="$BG_PID"
}

server_available() {
  case "$1" in
    echo) [[ -x "$ECHO_SERVER" ]] ;;
    knot) [[ -x "$KNOTD" ]] ;;
    nsd) [[ -x "$NSD" && -x "$NSD_CHECKCONF" ]] ;;
    anycast-dns) [[ -x "$ANYCAST_DNS" ]] ;;
    *) return 1 ;;
  esac
}

server_version() {
  case "$1" in
    knot) "$KNOTD" --version 2>&1 | sed -n 1p ;;  # sed reads it all: head would SIGPIPE the writer (pipefail)
    nsd) "$NSD" -v 2>&1 | sed -n 1p ;;
    anycast-dns | echo) printf '%s (%s)' "$1" "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')" ;;
  esac
}

# start_and_wait SERVER W ZONESET DIR
start_and_wait() {
  mkdir -p "$4"
  "${1}_start" "$2" "$3" "$4"
  wait_for "timeout 3 ip netns exec $NS kdig @127.0.0.1 -p 53 SOA $LAST_ZONE +time=1 +retry=0 | grep -q 'status: NOERROR'" \
    120 "$1 (W=$2) answers for $LAST_ZONE"
}

# the processes of the server: SERVER_PID and its descendants (NSD's children)
server_pids() {
  local pids=("$SERVER_PID") p i=0
  while ((i < ${#pids[@]})); do
    for p in $(cat "/proc/${pids[$i]}/task/"*/children 2>/dev/null); do pids+=("$p"); done
    i=$((i + 1))
  done
  printf '%s\n' "${pids[@]}"
}

# sum_over_server FN — the sum over the server's processes of what `FN PID` prints
sum_over_server() {
  local sum=0 p v
  for p in $(server_pids); do
    v="$("$1" "$p" 2>/dev/null || true)"
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
pss_kb_of() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
# clock ticks of CPU: utime + stime, fields 14 and 15 of stat (12 and 13 after the comm)
cpu_ticks_of() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
server_pss_kb() { sum_over_server pss_kb_of; }
server_cpu_ticks() { sum_over_server cpu_ticks_of; }
server_hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }

# Stops the server and forgets it (the namespace stays for the next one; teardown at exit
# also kills anything left in it, e.g. a child that outlived its parent).
stop_server() {
  stop_pid "$SERVER_PID" 10
  IT_PIDS=(); IT_LOGS=(); IT_LIVE=()
}

# dnsperf_field FILE LABEL — the first number after LABEL in dnsperf's report
dnsperf_field() { sed -n "s/^ *$2 *\([0-9.]*\).*/\1/p" "$1" | sed -n 1p; }

# ---------------------------------------------------------------------------------------
# runs

IFS=, read -r -a SERVER_LIST <<<"$SERVERS"
IFS=, read -r -a WORKER_LIST <<<"$WORKERS"
for s in "${SERVER_LIST[@]}"; do
  [[ "$s" =~ ^(knot|nsd|anycast-dns|echo)$ ]] || { echo "unknown server $s" >&2; exit 2; }
done
for w in "${WORKER_LIST[@]}"; do
  [[ "$w" =~ ^[1-9][0-9]?$ ]] || { echo "bad worker count $w" >&2; exit 2; }
done

ROWS=()
RCODES_NOTE=""
for s in "${SERVER_LIST[@]}"; do
  if ! server_available "$s"; then
    log "$s not installed/built: skipped"
    ROWS+=("| $s | all | n/a (not installed or not built) | | | | | | | | |")
    continue
  fi
  for w in "${WORKER_LIST[@]}"; do
    step "$s, W=$w: baseline memory with the small zone set"
    start_and_wait "$s" "$w" "$IT_TMP/small" "$IT_TMP/$s-$w-small"
    base_pss="$(server_pss_kb)"
    stop_server
    step "$s, W=$w: $DURATION s of dnsperf"
    dir="$IT_TMP/$s-$w"
    start_and_wait "$s" "$w" "$IT_TMP/full" "$dir"
    ticks0="$(server_cpu_ticks)"
    timeout $((DURATION + 30)) ip netns exec "$NS" dnsperf -s 127.0.0.1 -p 53 \
      -d "$IT_TMP/full/queries.txt" -l "$DURATION" -c "$CLIENTS" -q "$OUTSTANDING" -T "$DNSPERF_THREADS" \
      >"$dir/dnsperf.out" 2>&1 || fail "dnsperf failed: $(tail -n 5 "$dir/dnsperf.out")"
    check_alive
    ticks="$(($(server_cpu_ticks) - ticks0))"
    qps="$(dnsperf_field "$dir/dnsperf.out" 'Queries per second:')"
    avg="$(dnsperf_field "$dir/dnsperf.out" 'Average Latency (s):')"
    completed="$(dnsperf_field "$dir/dnsperf.out" 'Queries completed:')"
    cpu_us="$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$completed" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
    lost="$(sed -n 's/^ *Queries lost: *\([0-9]*\) (\([0-9.]*%\)).*/\1 (\2)/p' "$dir/dnsperf.out")"
    rcodes="$(sed -n 's/^ *Response codes: *//p' "$dir/dnsperf.out")"
    log "  $(grep -E 'Queries (sent|completed|lost)|per second|Average Latency|Response codes' "$dir/dnsperf.out" | tr -s ' ' | paste -sd ';')"
    # latency at a fixed rate; with -v dnsperf prints a line per answered query ending in
    # its latency in seconds
    timeout $((LATENCY_SECONDS + 30)) ip netns exec "$NS" dnsperf -s 127.0.0.1 -p 53 \
      -d "$IT_TMP/full/queries.txt" -l "$LATENCY_SECONDS" -c "$CLIENTS" -Q "$LATENCY_QPS" -T 1 -v \
      >"$dir/latency.out" 2>&1 || fail "dnsperf -v failed: $(tail -n 5 "$dir/latency.out")"
    read -r p50 p99 <<<"$(awk '/^> / { print $NF * 1000 }' "$dir/latency.out" | sort -g |
      awk '{ a[NR] = $1 } END { if (NR == 0) { print "n/a n/a"; exit }
             i = int(NR * 0.5) + 1; j = int(NR * 0.99) + 1; if (j > NR) j = NR
             printf "%.3f %.3f\n", a[i], a[j] }')"
    pss="$(server_pss_kb)"
    hwm="$(server_hwm_kb)"
    stop_server
    per_record="$(awk -v f="$pss" -v b="$base_pss" -v n="$RECORDS" 'BEGIN { printf "%.0f", (f - b) * 1024 / n }')"
    [[ "$s" == echo ]] && per_record="n/a (no zones)"
    log "  $s W=$w: ${qps} qps, ${cpu_us} CPU µs/query, avg ${avg} s, p50 ${p50} ms / p99 ${p99} ms at ${LATENCY_QPS} qps, PSS $((pss / 1024)) MiB (baseline $((base_pss / 1024)) MiB), VmHWM $((hwm / 1024)) MiB, ${per_record} B/record"
    ROWS+=("| $s | $w | $(printf '%.0f' "$qps") | $cpu_us | $(awk -v a="$avg" 'BEGIN { printf "%.3f", a * 1000 }') | $p50 | $p99 | $lost | $(awk -v k="$pss" 'BEGIN { printf "%.1f", k / 1024 }') | $(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }') | $per_record |")
    RCODES_NOTE="response codes ($s, W=$w): $rcodes"
  done
done

# ---------------------------------------------------------------------------------------
# report

TABLE="| server | workers | queries/s | server CPU µs/query | avg latency (ms) | p50 (ms) at ${LATENCY_QPS} qps | p99 (ms) at ${LATENCY_QPS} qps | lost | PSS (MiB) | VmHWM (MiB) | bytes/record |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${ROWS[@]}"; do TABLE+=$'\n'"$row"; done
step "results"
printf '%s\n' "$TABLE"
log "${RCODES_NOTE:-no run}"

if ((DOCS_WRITE)); then
  mem_kb="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
  cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  versions="$(dnsperf -h 2>&1 | sed -n 's/^Version /dnsperf /p' | sed -n 1p)"
  for s in "${SERVER_LIST[@]}"; do
    if server_available "$s"; then versions+="; $(server_version "$s")"; fi
  done
  SECTION="- date: $(date -u '+%Y-%m-%d %H:%M UTC')
- machine: $(nproc) CPUs ($cpu_model), $((mem_kb / 1024 / 1024)) GiB RAM, $(uname -r); dnsperf on the same CPUs
- command: \`sudo $COMMAND_LINE\`
- versions: $versions
- zone set: $RECORDS records in $ZONES zones; $QUERIES queries: 60% hits, 15% NXDOMAIN,
  10% NODATA, 10% wildcard, 5% referral (bench/dns/make_zones.py, seed $SEED); $RCODES_NOTE
- throughput: dnsperf -l $DURATION -c $CLIENTS -q $OUTSTANDING -T $DNSPERF_THREADS; CPU µs/query: the server's utime + stime
  over that run / queries answered; p50/p99: dnsperf -v at $LATENCY_QPS qps for
  $LATENCY_SECONDS s; PSS summed over the server's processes after the run, VmHWM of its main
  process; bytes/record: (PSS - PSS with the same zones at ~15 records each) / records.

$TABLE"
  if [[ ! -f "$DOCS" ]]; then printf '# Benchmarks\n' >"$DOCS"; fi
  replace_docs_section "$DOCS" dns-bench "DNS: authoritative server throughput (bench/dns/run.sh)" "$SECTION"
fi
