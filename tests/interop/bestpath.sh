# shellcheck shell=bash
# tests/interop/bestpath.sh — best-path comparison harness (sourced after lib.sh, never run).
#
# One L2 segment (a bridge in its own namespace) joins every node, so both routers under test
# see every origin at the SAME address, router-id and AS — the inputs are identical:
#
#   origins: BIRD, one namespace each, each with two eBGP/iBGP sessions (to RB and to RA),
#            exporting only their own static routes with per-prefix crafted attributes
#   RB:      BIRD 2, the reference router under test (import all, export none)
#   RA:      anycastd, the router under test (same AS, passive on every session)
#
# A test declares origins (bp_origin) and cases (bp_case), then calls bp_run, which builds
# the topology, starts everything, waits until both routers hold every expected candidate,
# prints one table row per prefix (expected, BIRD's best, anycastd's best, the step that
# decided at anycastd) and fails on any disagreement.
#
# Network safety: all namespaces are ${IT_PREFIX}-* (tracked in IT_NETNS, removed by lib.sh's
# cleanup); the veths are created inside them; no daemon touches a routing table (BIRD has no
# kernel protocol, anycastd no kernel: section); every wait is bounded.

BIRD="${BIRD:-/usr/sbin/bird}"
BIRDC="${BIRDC:-/usr/sbin/birdc}"
ANYCASTD="${ANYCASTD:-$ANYCAST_BIN/anycastd}"
ANYCASTCTL="${ANYCASTCTL:-$ANYCAST_BIN/anycastctl}"

BP_AS=65000                      # the routers' AS (an origin with this AS is an iBGP peer)
BP_RB_ADDR=10.0.0.1              # BIRD router under test (router-id = address)
BP_RA_ADDR=10.0.0.2              # anycastd router under test
BP_NET_LEN=24                    # every node's address is in 10.0.0.0/24

declare -a BP_ORIGINS=()         # origin names, in declaration order
declare -A BP_O=()               # BP_O[name.as|rid|addr|ns|dir]
declare -a BP_CASES=()           # "prefix|title|winner|step|spec" (see bp_case)

# bp_origin NAME AS ROUTER-ID ADDRESS — declare an origin speaker (BIRD).
bp_origin() {
  BP_ORIGINS+=("$1")
  BP_O[$1.as]="$2"; BP_O[$1.rid]="$3"; BP_O[$1.addr]="$4"
}

# bp_case PREFIX TITLE WINNER STEP SPEC
#   WINNER: the origin RFC 4271 says must win; STEP: the step that must decide at anycastd
#   (the step at which the last remaining rival is eliminated; "only" = single candidate).
#   SPEC: space-separated "origin[:attr,attr...]"; attrs:
#     as+=N         prepend the origin's own AS N more times      (AS_PATH length)
#     path=A.B.C    prepend these ASes (the origin's own AS, on eBGP, still goes in front)
#     origin=igp|egp|incomplete                                    (ORIGIN; default igp)
#     med=N         MULTI_EXIT_DISC (default: attribute absent)
#     lp=N          LOCAL_PREF (iBGP origins only)
bp_case() { BP_CASES+=("$1|$2|$3|$4|$5"); }

bp_require() {
  require_root
  require_cmd "$BIRD" "$BIRDC" ip timeout
  [[ -x "$ANYCASTD" && -x "$ANYCASTCTL" ]] ||
    skip "anycastd/anycastctl not built in $ANYCAST_BIN (set ANYCAST_BIN)"
}

# ---------------------------------------------------------------------------------------
# Topology.

bp_ns_add() {
  ip netns add "$1" || fail "ip netns add $1"
  IT_NETNS+=("$1")
  ip -n "$1" link set lo up
}

# bp_attach NODE_NS ADDR PORTNAME — veth eth0 in NODE_NS, its peer PORTNAME on the bridge.
bp_attach() {
  local ns="$1" addr="$2" port="$3" sw="${IT_PREFIX}-sw"
  ip -n "$ns" link add eth0 type veth peer name "$port" netns "$sw" || fail "veth $ns<->$sw"
  ip -n "$sw" link set "$port" master br0
  ip -n "$sw" link set "$port" up
  ip -n "$ns" addr add "$addr/$BP_NET_LEN" dev eth0
  ip -n "$ns" link set eth0 up
}

bp_topology() {
  local o sw="${IT_PREFIX}-sw"
  bp_ns_add "$sw"
  # STP off (the default) and forward delay 0: ports forward at once.
  ip -n "$sw" link add br0 type bridge forward_delay 0 || fail "bridge in $sw"
  ip -n "$sw" link set br0 up
  bp_ns_add "${IT_PREFIX}-rb"; bp_attach "${IT_PREFIX}-rb" "$BP_RB_ADDR" p-rb
  bp_ns_add "${IT_PREFIX}-ra"; bp_attach "${IT_PREFIX}-ra" "$BP_RA_ADDR" p-ra
  for o in "${BP_ORIGINS[@]}"; do
    BP_O[$o.ns]="${IT_PREFIX}-$o"
    bp_ns_add "${BP_O[$o.ns]}"
    bp_attach "${BP_O[$o.ns]}" "${BP_O[$o.addr]}" "p-$o"
  done
}

# ---------------------------------------------------------------------------------------
# Origins: BIRD exporting static blackhole routes, attributes set per prefix in the filter.

# bp_spec_of ORIGIN SPEC — print ORIGIN's attribute list from a case SPEC ("" = plain,
# nothing printed and status 1 = ORIGIN does not announce this prefix).
bp_spec_of() {
  local item
  for item in $2; do
    if [[ "${item%%:*}" == "$1" ]]; then
      [[ "$item" == *:* ]] && printf '%s' "${item#*:}"
      return 0
    fi
  done
  return 1
}

# BIRD filter statements for one attribute list.
bp_bird_stmts() {
  local origin="$1" attrs="$2" a k v out="bgp_origin = ORIGIN_IGP;" i
  local IFS=,
  for a in $attrs; do
    k="${a%%=*}"; v="${a#*=}"
    case "$k" in
      as+) for ((i = 0; i < v; i++)); do out+=" bgp_path.prepend(${BP_O[$origin.as]});"; done ;;
      path)
        # prepend right to left, so that A.B.C reads as the path's first ASes
        local -a list; IFS=. read -r -a list <<<"$v"
        for ((i = ${#list[@]} - 1; i >= 0; i--)); do out+=" bgp_path.prepend(${list[i]});"; done ;;
      origin)
        case "$v" in
          igp) out+=" bgp_origin = ORIGIN_IGP;" ;; egp) out+=" bgp_origin = ORIGIN_EGP;" ;;
          incomplete) out+=" bgp_origin = ORIGIN_INCOMPLETE;" ;;
          *) fail "bad origin '$v'" ;;
        esac ;;
      med) out+=" bgp_med = $v;" ;;
      lp)  out+=" bgp_local_pref = $v;" ;;
      *) fail "unknown attribute '$a' for $origin" ;;
    esac
  done
  printf '%s' "$out"
}

bp_origin_conf() {
  local o="$1" dir="$2" c prefix spec attrs routes="" filter="" rtr
  for c in "${BP_CASES[@]}"; do
    IFS='|' read -r prefix _ _ _ spec <<<"$c"
    attrs="$(bp_spec_of "$o" "$spec")" || continue
    routes+="  route $prefix blackhole;"$'\n'
    filter+="  if net = $prefix then { $(bp_bird_stmts "$o" "$attrs") }"$'\n'
  done
  cat <<EOF
# origin $o: AS ${BP_O[$o.as]}, router-id ${BP_O[$o.rid]}, ${BP_O[$o.addr]}
log "$dir/bird.log" all;
router id ${BP_O[$o.rid]};
protocol device { scan time 10; }
protocol static originated {
  ipv4;
$routes}
# Only our own statics, each with its crafted attributes. (On eBGP, BIRD puts our AS in
# front of whatever the filter prepended, and sends MED only because the filter sets it.)
filter export_originated {
  if source != RTS_STATIC then reject;
$filter  accept;
}
EOF
  for rtr in rb:$BP_RB_ADDR ra:$BP_RA_ADDR; do
    cat <<EOF
protocol bgp to_${rtr%%:*} {
  local ${BP_O[$o.addr]} as ${BP_O[$o.as]};
  neighbor ${rtr#*:} as $BP_AS;
  hold time 90;
  connect delay time 1;
  connect retry time 2;
  error wait time 1, 5;
  ipv4 { import none; export filter export_originated; };
}
EOF
  done
}

bp_bird_start() {  # NAME NS DIR — check the config, start BIRD, wait for its socket
  local name="$1" ns="$2" dir="$3"
  "$BIRD" -p -c "$dir/bird.conf" || fail "bird ($name) rejected its config $dir/bird.conf"
  start_bg "$ns" "$dir/bird.stderr" "$BIRD" -f -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid"
  track_log "$dir/bird.log"
  wait_for "nsx $ns $BIRDC -s $dir/bird.ctl show status" 10 "bird ($name) answers on its control socket"
}

bp_birdc() { local ns="$1" dir="$2"; shift 2; nsx "$ns" "$BIRDC" -s "$dir/bird.ctl" "$@"; }

# ---------------------------------------------------------------------------------------
# Router under test 1: BIRD. Every option of the decision process is written out, so the
# config documents what "BIRD following RFC 4271 §9.1.2.2" means here (BIRD 2.0.12 defaults
# in brackets):
#   path metric on         a) shorter AS_PATH wins                                   [on]
#   (ORIGIN, b), is always compared; no option)
#   med metric off         c) MED only between routes from the same neighbour AS     [off]
#   deterministic med on   c) the RFC's elimination per neighbour-AS group. Without it BIRD
#                          compares routes pairwise as they arrive, and MED's intransitivity
#                          (A beats B on MED, B beats C and C beats A on router-id) makes the
#                          best depend on arrival order                               [off]
#   default bgp_med 0      c) a missing MED counts as 0, the lowest (RFC 4271 §9.1.2.2 c,
#                          as anycastd)                                               [0]
#   (eBGP over iBGP, d), is always compared; no option)
#   igp metric off         e) there is no IGP here and anycastd skips e) (it has no interior
#                          cost); off makes sure BIRD does not compare anything there [on]
#   prefer older off       RFC 5004 "prefer the oldest eBGP route" would decide before f)
#                          and make the result depend on arrival order                [off]
#   (router-id, f), and peer address, g), are always compared; no option)
#   direct + gateway direct   the iBGP origin is on the shared segment like the others;
#                          BIRD's iBGP defaults (multihop, recursive gateway) would need an
#                          IGP table to resolve its next hop       [iBGP: multihop, recursive]
#   import all / export none   take every route, give none back (BIRD 2 wants both policies
#                          explicit on eBGP, RFC 8212)
# LOCAL_PREF is only what the iBGP origin sends (anycastd is given no import policy).
bp_rb_conf() {
  local dir="$1" o
  cat <<EOF
log "$dir/bird.log" all;
router id $BP_RB_ADDR;
protocol device { scan time 10; }
template bgp rut {
  local $BP_RB_ADDR as $BP_AS;
  passive on;
  direct;
  hold time 90;
  path metric on;
  med metric off;
  deterministic med on;
  default bgp_med 0;
  igp metric off;
  prefer older off;
  ipv4 { import all; export none; gateway direct; };
}
EOF
  for o in "${BP_ORIGINS[@]}"; do
    printf 'protocol bgp %s from rut { neighbor %s as %s; }\n' "$o" "${BP_O[$o.addr]}" "${BP_O[$o.as]}"
  done
}

# The head of RA's config, up to `peers:`; EXTRA: more `router:` lines (indented).
bp_ra_head() {
  local dir="$1" extra="${2:-}"
  cat <<EOF
# generated by tests/interop/$(basename "$0")
router:
  as: $BP_AS
  router-id: $BP_RA_ADDR
${extra}  listen: ["$BP_RA_ADDR:179"]
control:
  socket: $dir/anycastd.sock
log:
  level: debug
peers:
EOF
}

# Router under test 2: anycastd, passive on every session, no kernel: section.
bp_ra_conf() {
  local dir="$1" o
  bp_ra_head "$dir"
  for o in "${BP_ORIGINS[@]}"; do
    cat <<EOF
  - name: $o
    address: "${BP_O[$o.addr]}"
    as: ${BP_O[$o.as]}
    local-address: "$BP_RA_ADDR"
    passive: true
    hold-time: 90
    connect-retry: 1
EOF
  done
  printf 'announce: []\n'
}

bp_ctl() { nsx "${IT_PREFIX}-ra" "$ANYCASTCTL" --socket "$IT_TMP/ra/anycastd.sock" "$@"; }
bp_rbc() { bp_birdc "${IT_PREFIX}-rb" "$IT_TMP/rb" "$@"; }

bp_start() {
  local o dir out
  it_tmpdir
  for o in "${BP_ORIGINS[@]}"; do
    dir="$IT_TMP/$o"; mkdir -p "$dir"; BP_O[$o.dir]="$dir"
    bp_origin_conf "$o" "$dir" >"$dir/bird.conf"
  done
  mkdir -p "$IT_TMP/rb" "$IT_TMP/ra"
  bp_rb_conf "$IT_TMP/rb" >"$IT_TMP/rb/bird.conf"
  bp_ra_conf "$IT_TMP/ra" >"$IT_TMP/ra/anycastd.yaml"
  out="$("$ANYCASTD" --check-config "$IT_TMP/ra/anycastd.yaml" 2>&1)" ||
    fail "anycastd --check-config rejected $IT_TMP/ra/anycastd.yaml: $out"

  # Routers first (both passive), then the origins, which connect to them.
  bp_bird_start RB "${IT_PREFIX}-rb" "$IT_TMP/rb"
  start_bg "${IT_PREFIX}-ra" "$IT_TMP/ra/anycastd.log" "$ANYCASTD" --config "$IT_TMP/ra/anycastd.yaml"
  wait_for "bp_ctl show peers --json" 15 "anycastd (RA) answers on its control socket"
  for o in "${BP_ORIGINS[@]}"; do
    bp_bird_start "$o" "${BP_O[$o.ns]}" "${BP_O[$o.dir]}"
  done
}

# ---------------------------------------------------------------------------------------
# Reading the routers.

bp_rb_established() {  # every BGP protocol of RB is Established
  bp_rbc show protocols | awk -v n="${#BP_ORIGINS[@]}" '
    $2 == "BGP" { all++; if ($NF == "Established") up++ }
    END { exit !(all == n && up == n) }'
}

bp_ra_established() {
  bp_ctl show peers --json | "$PY" -c '
import json, sys
peers = json.load(sys.stdin)
sys.exit(0 if peers and all(p.get("state") == "Established" for p in peers) else 1)'
}

# Expected candidate count per prefix, "prefix count" lines.
bp_expected_counts() {
  local c prefix spec
  for c in "${BP_CASES[@]}"; do
    IFS='|' read -r prefix _ _ _ spec <<<"$c"
    printf '%s %s\n' "$prefix" "$(wc -w <<<"$spec")"
  done
}

# RB's routes as JSON lines {"prefix", "from" (protocol = origin name), "best": bool}.
# `show route` (BIRD 2.0.12):
#   198.18.1.0/24        unicast [o5 18:40:00.123] * (100) [AS65030i]
#   	via 10.0.0.15 on eth0
#                        unicast [o4 18:40:00.456] (100) [AS65040i]
bp_rb_routes() {
  bp_rbc show route | "$PY" -c '
import json, re, sys
prefix = None
for line in sys.stdin:
    m = re.match(r"^(\S+/\d+)?\s+\w+\s+\[(\S+)\s[^\]]*\](\s+\*)?", line)
    if not m:
        continue
    prefix = m.group(1) or prefix
    print(json.dumps({"prefix": prefix, "from": m.group(2), "best": bool(m.group(3))}))'
}

# RA's candidates: `show routes --json` lists them with "peer" = origin name.
bp_ra_routes() {
  bp_ctl show routes --json | "$PY" -c '
import json, sys
for r in json.load(sys.stdin):
    print(json.dumps({"prefix": r["prefix"], "from": str(r.get("peer"))}))'
}

# counts_complete: stdin = route JSON lines; $1 = file of expected "prefix count".
bp_counts_complete() {
  "$PY" -c '
import collections, json, sys
want = dict(l.split() for l in open(sys.argv[1]) if l.strip())
have = collections.Counter(json.loads(l)["prefix"] for l in sys.stdin if l.strip())
sys.exit(0 if all(have.get(p, 0) == int(n) for p, n in want.items()) else 1)' "$1"
}

bp_rb_complete() { bp_rb_routes | bp_counts_complete "$IT_TMP/expected-counts"; }
bp_ra_complete() { bp_ra_routes | bp_counts_complete "$IT_TMP/expected-counts"; }

# ---------------------------------------------------------------------------------------
# The comparison. One JSON document in, a table out; exit 1 on any mismatch.

bp_compare() {
  local c prefix title winner stepname spec o
  {
    printf '{"origins": {'
    local first=1
    for o in "${BP_ORIGINS[@]}"; do
      ((first)) || printf ', '; first=0
      printf '"%s": {"as": %s, "rid": "%s", "addr": "%s"}' "$o" "${BP_O[$o.as]}" "${BP_O[$o.rid]}" "${BP_O[$o.addr]}"
    done
    printf '}, "cases": ['
    first=1
    for c in "${BP_CASES[@]}"; do
      IFS='|' read -r prefix title winner stepname spec <<<"$c"
      ((first)) || printf ', '; first=0
      printf '{"prefix": "%s", "title": "%s", "winner": "%s", "step": "%s", "spec": "%s", "ra": %s}' \
        "$prefix" "$title" "$winner" "$stepname" "$spec" "$(bp_ctl show route "$prefix" --json)"
    done
    printf '], "rb": ['
    bp_rb_routes | paste -sd, -
    printf ']}\n'
  } >"$IT_TMP/compare.json"
  "$PY" - "$IT_TMP/compare.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
origins = doc["origins"]
by_addr = {o["addr"]: name for name, o in origins.items()}
# The deciding step of a prefix is the latest step (anycastd's "decided-by-step", its place
# in the decision process) at which a rival was eliminated.
rb_best = {}
for r in doc["rb"]:
    if r["best"]:
        rb_best[r["prefix"]] = r["from"]

def label(name):
    if name is None: return "-"
    o = origins.get(name)
    return f"{name} (AS{o['as']})" if o else name

rows, bad = [], 0
for case in doc["cases"]:
    cands = case["ra"].get("candidates", [])
    ra = [by_addr.get(c["from"], c["from"]) for c in cands if c["status"] == "best"]
    ra = ra[0] if ra else None
    lost = [c for c in cands if c["status"] != "best"]
    if lost:
        decider = max(lost, key=lambda c: c.get("decided-by-step", -1))
        step, reason = decider.get("decided-by", "?"), decider.get("reason", "")
    else:
        step, reason = "only", "single candidate"
    rb = rb_best.get(case["prefix"])
    verdict = []
    if rb != ra: verdict.append("BIRD != anycastd")
    if ra != case["winner"]: verdict.append("anycastd != expected")
    if rb != case["winner"]: verdict.append("BIRD != expected")
    if step != case["step"]: verdict.append(f"step != {case['step']}")
    bad += bool(verdict)
    rows.append((case["prefix"], case["title"], label(case["winner"]), label(rb), label(ra),
                 step, reason, "ok" if not verdict else "FAIL: " + "; ".join(verdict)))

heads = ("prefix", "case", "expected", "BIRD best", "anycastd best", "decided by", "anycastd reason", "result")
widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
fmt = "  ".join("%%-%ds" % w for w in widths)
print(fmt % heads)
print(fmt % tuple("-" * w for w in widths))
for r in rows:
    print(fmt % r)
print()
print("origins: " + ", ".join(f"{n} AS{o['as']} rid {o['rid']} addr {o['addr']}" for n, o in origins.items()))
print("inputs:  " + "; ".join(f"{c['prefix']}: {c['spec']}" for c in doc["cases"]))
sys.exit(1 if bad else 0)
EOF
}

# ---------------------------------------------------------------------------------------

bp_run() {
  bp_require
  it_tmpdir
  bp_expected_counts >"$IT_TMP/expected-counts"

  step "topology: bridge ${IT_PREFIX}-sw; RB (BIRD) $BP_RB_ADDR, RA (anycastd) $BP_RA_ADDR, origins ${BP_ORIGINS[*]}"
  bp_topology

  step "start RB (BIRD), RA (anycastd) and ${#BP_ORIGINS[@]} BIRD origins"
  bp_start

  step "every session Established at both routers"
  wait_for bp_rb_established 30 "RB: ${#BP_ORIGINS[@]} sessions Established"
  wait_for bp_ra_established 30 "RA: ${#BP_ORIGINS[@]} sessions Established"

  step "both routers hold every candidate of ${#BP_CASES[@]} prefixes"
  wait_for bp_rb_complete 20 "RB has all candidates"
  wait_for bp_ra_complete 20 "RA has all candidates"

  step "best path per prefix: BIRD vs anycastd vs RFC 4271 §9.1.2"
  bp_compare >"$IT_TMP/table.txt" || { cat "$IT_TMP/table.txt"; fail "best paths differ (table above)"; }
  cat "$IT_TMP/table.txt"
  step "PASS: BIRD and anycastd chose the same best path for all ${#BP_CASES[@]} prefixes"
}
