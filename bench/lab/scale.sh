#!/usr/bin/env bash
# bench/lab/scale.sh — how long `anycast-lab up` takes for a large lab, and the memory per
# router (issue 6: 200 routers, 20 sites and 100 clients up and converged in under 60 s).
#
# Usage: sudo bench/lab/scale.sh [--routers N] [--sites N] [--clients N] [--no-docs]
# Generates a topology (bench/lab/make_topology.py: 10 transit ASes of 4 routers in a ring,
# peering in a full mesh; the other routers single-router ISPs buying transit from one or two
# transit routers), runs `anycast-lab up` on it, records the time to converged (every router
# session Established and every router holding the service route), sums the routers' RSS,
# then `anycast-lab down`. Writes its section of docs/benchmarks.md unless --no-docs.
# Needs root; everything is the lab's (acl-scale-*), removed at the end and on Ctrl-C.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ANYCAST_BIN="${ANYCAST_BIN:-$REPO/build/bin}"
ROUTERS=200 SITES=20 CLIENTS=100 DOCS_WRITE=1
COMMAND_LINE="bench/lab/scale.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --routers) ROUTERS="$2"; shift 2 ;;
    --sites) SITES="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --no-docs) DOCS_WRITE=0; shift ;;
    *) echo "usage: $0 [--routers N] [--sites N] [--clients N] [--no-docs]" >&2; exit 2 ;;
  esac
done
[[ "$(id -u)" -eq 0 ]] || { echo "needs root" >&2; exit 1; }
PY="$(command -v /usr/bin/python3 || command -v python3)"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# shellcheck source=bench/lib/docs.sh
source "$REPO/bench/lib/docs.sh"
DOCS="$REPO/docs/benchmarks.md"

WORK="$(mktemp -d /tmp/anycast-scale.XXXXXX)"
cleanup() { "$ANYCAST_BIN/anycast-lab" down scale >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

"$PY" "$REPO/bench/lab/make_topology.py" --routers "$ROUTERS" --sites "$SITES" \
  --clients "$CLIENTS" >"$WORK/scale.yaml"
log "topology: $ROUTERS routers, $SITES sites, $CLIENTS clients ($WORK/scale.yaml)"

start=$(date +%s.%N)
"$ANYCAST_BIN/anycast-lab" up "$WORK/scale.yaml" | tee "$WORK/up.log" >&2
end=$(date +%s.%N)
UP_SECONDS="$("$PY" -c "print(f'{$end - $start:.1f}')")"
log "up and converged in $UP_SECONDS s"

# The routers' RSS (VmRSS) from the lab's state: one anycastd per router.
read -r ROUTER_COUNT RSS_TOTAL_KB RSS_MAX_KB WIRE_KB < <("$ANYCAST_BIN/anycast-lab" status scale --json |
  "$PY" -c '
import json, sys
def rss(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
state = json.load(sys.stdin)
routers = [rss(p["pid"]) for p in state["processes"] if p["what"].startswith("router ") and p["running"]]
wire = [rss(p["pid"]) for p in state["processes"] if p["what"].startswith("the wire")]
print(len(routers), sum(routers), max(routers), sum(wire))')
log "routers: $ROUTER_COUNT, RSS total $((RSS_TOTAL_KB / 1024)) MiB, per router $((RSS_TOTAL_KB / ROUTER_COUNT)) KiB, max $((RSS_MAX_KB / 1024)) MiB"
STEPS="$(grep -E 'done in' "$WORK/up.log" | sed -E 's/^\[ *[0-9.]+ s\] +//' | paste -sd ';' | sed 's/;/; /g')"

if ((DOCS_WRITE)); then
  cpu_model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  SECTION="Lab scale, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs ($cpu_model), \`sudo $COMMAND_LINE\`, git $(git -C "$REPO" rev-parse --short HEAD)

| routers | sites | clients | namespaces | up + converged | RSS per router (anycastd) | largest router | all routers | the wire |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| $ROUTER_COUNT | $SITES | $CLIENTS | $((ROUTERS + SITES + CLIENTS)) | $UP_SECONDS s | $((RSS_TOTAL_KB / ROUTER_COUNT)) KiB | $((RSS_MAX_KB / 1024)) MiB | $((RSS_TOTAL_KB / 1024)) MiB | $((WIRE_KB / 1024)) MiB |

- converged: every router-to-router BGP session Established and every router holding a route
  to the service prefix (what \`anycast-lab up\` waits for); steps: $STEPS
- target (issue 6): under 60 s on this 2-core machine"
  replace_docs_section "$DOCS" lab-scale "Lab scale (bench/lab/scale.sh)" "$SECTION"
fi
