# shellcheck shell=bash
# tests/interop/lib.sh — shared helpers for the interop tests (sourced, never run).
#
# What it gives a test script:
#   require_root / require_cmd      skip (exit 77) when the machine cannot run the test
#   netns_pair A B                  two fresh network namespaces joined by a veth
#   track_pid / cleanup             every process, namespace and temp dir we create is
#                                   removed on EXIT, INT and TERM — and nothing else is
#   teardown_tracked                the same, now, for a script that does several runs
#   wait_for CMD TIMEOUT DESC       bounded polling
#   fail MSG                        report what failed, with the tail of every daemon log
#   run_interop PEER MODE [LOCAL]   the whole interop scenario (see below), shared by all
#                                   tests/interop/test_<peer>_<mode>.sh scripts
#
# Network safety (docs: /work/shared/DESIGN.md): all BGP traffic stays inside the two
# namespaces created here; daemons' API sockets are unix sockets or 127.0.0.1 inside the
# namespace; every wait is bounded; cleanup kills only the PIDs we recorded (plus any
# process still living inside one of *our* namespaces) and deletes only our namespaces.
#
# The skip exit code is 77: tests/CMakeLists.txt must set SKIP_RETURN_CODE 77.

set -Eeuo pipefail

INTEROP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Where anycastd / anycastctl live: $ANYCAST_BIN (CTest sets it), else <repo>/build/bin.
ANYCAST_BIN="${ANYCAST_BIN:-$(cd "$INTEROP_DIR/../.." && pwd)/build/bin}"

# Unique per test run: namespace names, temp dir. Namespaces are named ac-it-<pid>-<x>.
IT_ID="$$"
IT_PREFIX="ac-it-${IT_ID}"
IT_TMP=""                 # created by it_tmpdir
declare -a IT_PIDS=()     # processes we started (PIDs only; killed by PID)
declare -a IT_NETNS=()    # namespaces we created
declare -a IT_LOGS=()     # log files shown by fail()
declare -a IT_PATHS=()    # extra files/dirs a daemon of ours leaves behind (removed at cleanup)
declare -A IT_LIVE=()     # pid -> command, for daemons that must stay up (see wait_for)
IT_CLEANED=0

SKIP_CODE=77
# The system python (fast start-up; a pyenv shim costs ~0.5 s per call). JSON is parsed
# with python, not jq.
PY="$(command -v /usr/bin/python3 || command -v python3)"

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
step() { printf '\n[%s] === %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
skip() { printf 'SKIP: %s\n' "$*"; exit "$SKIP_CODE"; }

require_root() {
  [[ "$(id -u)" -eq 0 ]] || skip "needs root (network namespaces)"
  ip netns list >/dev/null 2>&1 || skip "ip netns not usable here"
  reap_stale_netns
}

require_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || [[ -x "$c" ]] || skip "$c not installed"
  done
}

# Remove namespaces left behind by an earlier run of these scripts that was SIGKILLed (e.g.
# by a CTest timeout): names ac-it-<pid>-* / ac-demo-<pid>-* whose <pid> no longer exists.
# Only names of this project's own pattern are touched, and only when their creator is gone.
reap_stale_netns() {
  local ns pid p
  while read -r ns _; do
    [[ "$ns" =~ ^ac-(it|demo)-([0-9]+)- ]] || continue
    pid="${BASH_REMATCH[2]}"
    [[ "$pid" == "$$" ]] && continue
    kill -0 "$pid" 2>/dev/null && continue
    log "removing stale namespace $ns (creator pid $pid is gone)"
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done < <(ip netns list 2>/dev/null)
}

it_tmpdir() {
  if [[ -z "$IT_TMP" ]]; then
    IT_TMP="$(mktemp -d "/tmp/${IT_PREFIX}.XXXXXX")"
    chmod 755 "$IT_TMP"
  fi
}

track_pid() { IT_PIDS+=("$1"); }
track_log() { IT_LOGS+=("$1"); }

# Run a command inside a namespace, bounded (default 10 s) so a hung CLI cannot hang the test.
nsx() {
  local ns="$1"; shift
  timeout "${NSX_TIMEOUT:-10}" ip netns exec "$ns" "$@"
}

# Start a long-running daemon in namespace NS (- : in the host's, for tests on loopback that
# need no root); its stdout+stderr go to LOGFILE. Sets BG_PID. `ip netns exec` execs the
# command, so the PID is the daemon's own.
start_bg() {
  local ns="$1" logfile="$2"; shift 2
  if [[ "$ns" == - ]]; then
    "$@" >>"$logfile" 2>&1 </dev/null &
  else
    ip netns exec "$ns" "$@" >>"$logfile" 2>&1 </dev/null &
  fi
  BG_PID=$!
  track_pid "$BG_PID"
  IT_LIVE[$BG_PID]="$(basename "$1") (log $logfile)"
  track_log "$logfile"
}

# knot_config_rest DIR — what follows `server:` in a knotd config for a test or benchmark
# server: warnings to stderr, control socket and database in DIR, no journal, zone files
# never written back, and the zones read from stdin as "name file" lines.
knot_config_rest() {
  local dir="$1" name file
  cat <<EOF
log:
  - target: stderr
    any: warning
control:
    listen: "$dir/knot.sock"
database:
    storage: "$dir/db"
template:
  - id: default
    journal-content: none
    zonefile-sync: -1
    zonefile-load: whole
zone:
EOF
  while read -r name file; do printf '  - domain: %s\n    file: "%s"\n' "$name" "$file"; done
}

# Stop one recorded process: SIGTERM, wait up to ${2:-5} s, then SIGKILL. Sets STOP_RC to
# its exit status (128+n if killed by signal n).
stop_pid() {
  local pid="$1" grace="${2:-5}" i
  unset "IT_LIVE[$pid]"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still alive after ${grace}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  STOP_RC=0
  wait "$pid" 2>/dev/null || STOP_RC=$?
}

# Stop every process, delete every namespace and extra path recorded so far, and forget
# them (so a later teardown/cleanup never signals a PID the system has since reused).
# cleanup calls it at exit; a script doing several runs (bench/bgp/run.sh) calls it between
# runs. The temp dir stays.
teardown_tracked() {
  local pid ns path
  for pid in "${IT_PIDS[@]}"; do stop_pid "$pid" 3; done
  # Safety net: anything still running inside one of OUR namespaces was started by us
  # (e.g. a daemon that forked). Kill those by PID, then delete the namespace.
  for ns in "${IT_NETNS[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      log "killing leftover pid $pid in $ns"
      kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns del "$ns" 2>/dev/null || true
  done
  for path in "${IT_PATHS[@]}"; do rm -rf -- "$path"; done
  IT_PIDS=(); IT_NETNS=(); IT_PATHS=(); IT_LOGS=(); IT_LIVE=()
}

cleanup() {
  local rc=$?
  [[ "$IT_CLEANED" -eq 1 ]] && return 0
  IT_CLEANED=1
  trap - EXIT INT TERM ERR
  set +e
  teardown_tracked
  if [[ -n "$IT_TMP" && -d "$IT_TMP" ]]; then
    if [[ "$rc" -ne 0 && "$rc" -ne "$SKIP_CODE" && -n "${KEEP_LOGS:-}" ]]; then
      log "KEEP_LOGS set: logs kept in $IT_TMP"
    else
      rm -rf "$IT_TMP"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
# An unexpected failing command (set -e) says where it was, with the daemon logs.
trap 'rc=$?; printf "\nFAIL: command failed (rc=%s) at %s:%s: %s\n" "$rc" "${BASH_SOURCE[0]}" "$LINENO" "$BASH_COMMAND" >&2; show_logs; exit "$rc"' ERR
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

show_logs() {
  local f
  for f in "${IT_LOGS[@]}"; do
    [[ -f "$f" ]] || continue
    printf -- '----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

fail() {
  printf '\nFAIL: %s\n' "$*" >&2
  [[ -n "${FAIL_HOOK:-}" ]] && { "$FAIL_HOOK" >&2 || true; }
  show_logs
  exit 1
}

# Fail at once if a daemon started with start_bg (and not stopped with stop_pid) died.
check_alive() {
  local pid
  for pid in "${!IT_LIVE[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "${IT_LIVE[$pid]} exited unexpectedly"
  done
}

# wait_for CMD TIMEOUT DESCRIPTION — eval CMD every 0.25 s until it succeeds or TIMEOUT
# seconds pass (then fail). CMD's output is discarded. Fails early if a daemon died.
wait_for() {
  local cmd="$1" timeout_s="$2" desc="$3"
  local deadline=$((SECONDS + timeout_s))
  log "waiting (max ${timeout_s}s) for: $desc"
  while true; do
    if eval "$cmd" >/dev/null 2>&1; then
      log "ok: $desc"
      return 0
    fi
    check_alive
    ((SECONDS >= deadline)) && fail "timed out after ${timeout_s}s waiting for: $desc"
    sleep 0.25
  done
}

# netns_pair A B — create namespaces A and B, joined by veth "eth0" in each; loopback up.
# Addresses: A = 10.0.0.1/24 + fd00::1/64, B = 10.0.0.2/24 + fd00::2/64 (nodad, so usable
# at once). The addresses are private to the namespaces, so concurrent runs cannot clash;
# the veth is created directly inside the namespaces so it never appears in the host.
netns_pair() {
  local a="$1" b="$2" ns
  for ns in "$a" "$b"; do
    ip netns add "$ns" || fail "ip netns add $ns"
    IT_NETNS+=("$ns")
    ip -n "$ns" link set lo up
  done
  ip -n "$a" link add eth0 type veth peer name eth0 netns "$b" || fail "veth $a<->$b"
  ip -n "$a" addr add 10.0.0.1/24 dev eth0
  ip -n "$b" addr add 10.0.0.2/24 dev eth0
  ip -n "$a" addr add fd00::1/64 dev eth0 nodad
  ip -n "$b" addr add fd00::2/64 dev eth0 nodad
  ip -n "$a" link set eth0 up
  ip -n "$b" link set eth0 up
}

# ---------------------------------------------------------------------------------------
# Node model. A scenario has two nodes, role L (the side under test: anycastd) and role R
# (the real peer). Each driver (tests/interop/peer_<name>.sh) implements, for a role:
#   <drv>_start ROLE                 write config (incl. initial announcements), start, wait
#                                    until it answers queries
#   <drv>_state ROLE                 print the session state ("Established", ...)
#   <drv>_routes ROLE                print received routes as normalized JSON lines (below)
#   <drv>_announce ROLE PREFIX       originate PREFIX with the COMMS / LCOMMS / MED vars
#   <drv>_withdraw ROLE PREFIX       stop originating PREFIX
#   <drv>_shutdown ROLE MESSAGE      send Cease/Administrative Shutdown with MESSAGE
#   <drv>_shutdown_seen ROLE MESSAGE succeed if the peer shows MESSAGE as received; print
#                                    where it was seen
# Normalized route JSON (one object per line, compact):
#   {"prefix": "...", "next-hop": "...", "as-path": [int...],
#    "communities": ["a:b"...], "large-communities": ["a:b:c"...], "med": int|null}
# Well-known communities are printed numerically ("65535:65281" for no-export).
declare -A NODE=()
node() { printf '%s' "${NODE[$1.$2]}"; }

# The kernel route anycastd installed for PREFIX in ROLE's namespace (empty if none).
kernel_route() {
  local family=-4
  [[ "$2" == *:* ]] && family=-6
  ip -n "$(node "$1" ns)" "$family" route show "$2" proto 201 2>/dev/null
}

# Fill NODE for both roles. MODE "active": L connects, R is passive; "passive": the reverse.
setup_nodes() {
  local ldrv="$1" rdrv="$2" mode="$3"
  NODE[L.drv]="$ldrv";  NODE[R.drv]="$rdrv"
  NODE[L.ns]="${IT_PREFIX}-a"; NODE[R.ns]="${IT_PREFIX}-b"
  NODE[L.as]=65001;     NODE[R.as]=65002
  NODE[L.addr4]=10.0.0.1; NODE[R.addr4]=10.0.0.2
  NODE[L.addr6]=fd00::1;  NODE[R.addr6]=fd00::2
  NODE[L.rid]=10.0.0.1;   NODE[R.rid]=10.0.0.2
  NODE[L.peer]=R;       NODE[R.peer]=L
  NODE[L.name]="$rdrv"; NODE[R.name]="$ldrv"     # name each side gives its neighbor
  case "$mode" in
    active)  NODE[L.passive]=0; NODE[R.passive]=1 ;;
    passive) NODE[L.passive]=1; NODE[R.passive]=0 ;;
    *) fail "unknown mode '$mode' (active|passive)" ;;
  esac
  it_tmpdir
  mkdir -p "$IT_TMP/L" "$IT_TMP/R"
  NODE[L.dir]="$IT_TMP/L"; NODE[R.dir]="$IT_TMP/R"
}

# Accessors for the neighbor of ROLE.
peer_of()   { node "$1" peer; }
peer_as()   { node "$(peer_of "$1")" as; }
peer_addr4(){ node "$(peer_of "$1")" addr4; }
peer_addr6(){ node "$(peer_of "$1")" addr6; }

# Initial announcements: NODE[ROLE.routes] holds lines "prefix|comms|lcomms|med"
# (comms / lcomms space separated, e.g. "65001:100 no-export"; med may be empty).
node_routes() { printf '%s\n' "${NODE[$1.routes]:-}" | sed '/^$/d'; }

drv() { local role="$1" op="$2"; shift 2; "$(node "$role" drv)_$op" "$role" "$@"; }

# ---------------------------------------------------------------------------------------
# Route checks on normalized JSON lines.

# route_of ROLE PREFIX — print the normalized route for PREFIX received by ROLE (or nothing).
route_of() {
  drv "$1" routes | "$PY" -c '
import json, sys
want, found = sys.argv[1], None
for line in sys.stdin:          # read everything: an early exit would SIGPIPE the producer
    line = line.strip()
    if line and found is None and json.loads(line)["prefix"] == want:
        found = line
if found:
    print(found)
' "$2"
}

has_route() { [[ -n "$(route_of "$1" "$2")" ]]; }
no_route()  { [[ -z "$(route_of "$1" "$2")" ]]; }

# check_route ROLE PREFIX NEXTHOP ASPATH COMMS LCOMMS [MED]
# ASPATH is space-separated ints; COMMS / LCOMMS space separated (names allowed:
# no-export, no-advertise, no-export-subconfed, graceful-shutdown, blackhole).
check_route() {
  local role="$1" prefix="$2" nh="$3" aspath="$4" comms="$5" lcomms="$6" med="${7:-}"
  local got
  got="$(route_of "$role" "$prefix")"
  [[ -n "$got" ]] || fail "$(node "$role" drv) has no route for $prefix"
  log "$(node "$role" drv) has $got"
  "$PY" - "$got" "$prefix" "$nh" "$aspath" "$comms" "$lcomms" "$med" <<'EOF' || fail "wrong attributes for $prefix at $(node "$role" drv)"
import ipaddress, json, sys
got = json.loads(sys.argv[1])
prefix, nh, aspath, comms, lcomms, med = sys.argv[2:8]
WELL_KNOWN = {"no-export": "65535:65281", "no-advertise": "65535:65282",
              "no-export-subconfed": "65535:65283", "graceful-shutdown": "65535:0",
              "blackhole": "65535:666"}
def norm_c(c): return WELL_KNOWN.get(c, c)
want = {
    "next-hop": str(ipaddress.ip_address(nh)),
    "as-path": [int(a) for a in aspath.split()],
    "communities": sorted(norm_c(c) for c in comms.split()),
    "large-communities": sorted(lcomms.split()),
}
have = {
    "next-hop": str(ipaddress.ip_address(got["next-hop"])),
    "as-path": got["as-path"],
    "communities": sorted(norm_c(c) for c in got["communities"]),
    "large-communities": sorted(got["large-communities"]),
}
if med:
    want["med"] = int(med); have["med"] = got.get("med")
bad = [k for k in want if want[k] != have[k]]
for k in bad:
    print(f"  {prefix} {k}: want {want[k]!r}, have {have[k]!r}", file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
  log "ok: $prefix at $(node "$role" drv): next-hop $nh, as-path [$aspath], communities [$comms], large [$lcomms]${med:+, med $med}"
}

# ---------------------------------------------------------------------------------------
# check_route_refresh ASKER SENDER — ASKER (anycastd) sends ROUTE-REFRESH (RFC 2918) with
# `anycastctl refresh PEER in`; SENDER answers with its routes again: ASKER counts more
# UPDATEs received, and at least the two ROUTE-REFRESH (IPv4, IPv6) it sent.
check_route_refresh() {
  local asker="$1" sender="$2" before
  step "route refresh (RFC 2918): $(node "$asker" drv) asks, $(node "$sender" drv) sends its routes again"
  before="$(drv "$asker" peer_field updates-received)"
  drv "$asker" refresh_in
  wait_for "(( \$(drv $asker peer_field updates-received) > $before ))" 30 \
    "$(node "$sender" drv) re-sends its UPDATEs after ROUTE-REFRESH"
  [[ "$(drv "$asker" peer_field route-refresh-sent)" -ge 2 ]] || fail "no ROUTE-REFRESH counted as sent"
}

# The interop scenario, shared by every test_<peer>_<mode>.sh.
#   L (anycastd, AS 65001, 10.0.0.1 / fd00::1)  <— one IPv4 session, IPv4+IPv6 unicast —>
#   R (the real peer, AS 65002, 10.0.0.2 / fd00::2)
# LOCAL may name another driver instead of anycastd (self-test of the suite itself, e.g.
# `run_interop bird active frr`).
L4=192.0.2.0/24     L6=2001:db8:1::/48    L4B=203.0.113.0/24
R4=198.51.100.0/24  R6=2001:db8:2::/48

run_interop() {
  local rdrv="$1" mode="$2" ldrv="${3:-anycastd}"
  require_root
  # shellcheck source=/dev/null
  source "$INTEROP_DIR/peer_${ldrv}.sh"
  # shellcheck source=/dev/null
  [[ "$rdrv" == "$ldrv" ]] || source "$INTEROP_DIR/peer_${rdrv}.sh"
  "${ldrv}_require"; "${rdrv}_require"

  setup_nodes "$ldrv" "$rdrv" "$mode"
  # FRR as the *local* side (self-test only) will not send its own no-export routes to an
  # eBGP peer: run it with IT_L4_COMMS=65001:100.
  local l4comms="${IT_L4_COMMS:-65001:100 no-export}"
  NODE[L.routes]="$L4|$l4comms|65001:1:2|10
$L6|65001:200|65001:2:3|"
  NODE[R.routes]="$R4|65002:1|65002:1:1|
$R6|65002:6|65002:6:6|"

  step "$ldrv (AS 65001, $mode side) <-> $rdrv (AS 65002): namespaces $(node L ns) $(node R ns)"
  netns_pair "$(node L ns)" "$(node R ns)"

  step "start $rdrv and $ldrv"
  drv R start
  drv L start

  step "session reaches Established on both sides"
  wait_for '[[ "$(drv L state)" == Established ]]' 30 "$ldrv sees Established"
  wait_for '[[ "$(drv R state)" == Established ]]' 30 "$rdrv sees Established"

  step "$ldrv -> $rdrv: IPv4 + IPv6 prefixes with communities, large communities, MED"
  wait_for "has_route R $L4 && has_route R $L6" 30 "$rdrv receives $L4 and $L6"
  check_route R "$L4" 10.0.0.1 "65001" "$l4comms" "65001:1:2" 10
  check_route R "$L6" fd00::1 "65001" "65001:200" "65001:2:3"

  step "$rdrv -> $ldrv: IPv4 + IPv6 prefixes with communities"
  wait_for "has_route L $R4 && has_route L $R6" 30 "$ldrv receives $R4 and $R6"
  check_route L "$R4" 10.0.0.2 "65002" "65002:1" "65002:1:1"
  check_route L "$R6" fd00::2 "65002" "65002:6" "65002:6:6"
  if [[ "$ldrv" == anycastd ]]; then
    step "$ldrv installs the received routes into its kernel table (proto 201)"
    wait_for "kernel_route L $R4 | grep -q 'via 10.0.0.2'" 15 "kernel route $R4 via 10.0.0.2"
    wait_for "kernel_route L $R6 | grep -q 'via fd00::2'" 15 "kernel route $R6 via fd00::2"
  fi

  if [[ "$ldrv" == anycastd && "${IT_SOFT_RECONF:-}" == L ]]; then
    step "soft reconfiguration: $ldrv keeps $rdrv's routes as received and re-imports them"
    local kept
    kept="$(drv L received | sort | tr '\n' ' ')"
    [[ "$kept" == "$R4 $R6 " ]] || fail "show received lists '$kept', expected $R4 $R6"
    drv L refresh_in
    [[ "$(drv L peer_field route-refresh-sent)" == 0 ]] || fail "ROUTE-REFRESH sent despite soft-reconfiguration"
    has_route L "$R4" && has_route L "$R6" || fail "$ldrv lost routes over a re-import"
  fi
  # Route refresh is asked by an anycastd side that does not keep the routes as received.
  if [[ "$ldrv" == anycastd && "${IT_SOFT_RECONF:-}" != L ]]; then
    check_route_refresh L R
    has_route L "$R4" && has_route L "$R6" || fail "$ldrv lost routes over a route refresh"
  elif [[ "$rdrv" == anycastd ]]; then
    check_route_refresh R L
    has_route R "$L4" && has_route R "$L6" || fail "$rdrv lost routes over a route refresh"
  fi

  step "withdraw $L4 on $ldrv -> gone at $rdrv"
  drv L withdraw "$L4"
  wait_for "no_route R $L4" 30 "$rdrv drops $L4"
  has_route R "$L6" || fail "$rdrv lost $L6 when only $L4 was withdrawn"

  step "announce $L4B at run time on $ldrv -> appears at $rdrv"
  COMMS="65001:300" LCOMMS="65001:3:4" MED=30 drv L announce "$L4B"
  wait_for "has_route R $L4B" 30 "$rdrv receives $L4B"
  check_route R "$L4B" 10.0.0.1 "65001" "65001:300" "65001:3:4" 30

  step "withdraw $R4 and $R6 on $rdrv -> gone at $ldrv"
  drv R withdraw "$R4"
  drv R withdraw "$R6"
  wait_for "no_route L $R4 && no_route L $R6" 30 "$ldrv drops $R4 and $R6"
  if [[ "$ldrv" == anycastd ]]; then
    wait_for "[[ -z \"\$(kernel_route L $R4)\$(kernel_route L $R6)\" ]]" 15 \
      "kernel routes $R4 and $R6 removed"
  fi

  step "administrative shutdown with a message (RFC 8203 / 9003)"
  local msg="maintenance window 42"
  drv L shutdown "$msg"
  wait_for '[[ "$(drv R state)" != Established ]]' 30 "$rdrv sees the session go down"
  wait_for "drv R shutdown_seen \"\$msg\"" 15 "$rdrv shows the shutdown message '$msg'"
  log "$rdrv shows the message: $(drv R shutdown_seen "$msg")"
  sleep 2
  [[ "$(drv L state)" != Established ]] || fail "$ldrv re-established after an administrative shutdown"

  if [[ "$ldrv" == anycastd ]]; then
    step "SIGTERM: anycastd exits 0"
    stop_pid "$(node L pid)" 10
    [[ "$STOP_RC" -eq 0 ]] || fail "anycastd exited with status $STOP_RC after SIGTERM"
  fi

  step "PASS: $ldrv <-> $rdrv ($mode)"
}
