#!/usr/bin/env bash
# The lab end to end (issue 6): examples/lab/small.yaml under a name of its own, up, a
# scenario, down. Checks, from the probes' JSON:
#   - catchments as the topology implies: chicago (on tus1, where nyc is) -> nyc; the Paris,
#     Lyon and Boston clients -> fra (AS paths of equal length, and fra's router wins);
#   - fra's service fails: every fra client moves to the next site (nyc), and back after the
#     restore;
#   - nyc drains (GRACEFUL_SHUTDOWN, then withdrawal): no probe of any client is lost;
#   - the new site par takes the Paris clients;
#   - the HTML report renders in headless Chromium (when installed): a screenshot, its three
#     SVG figures in the DOM, no console message;
#   - down removes every namespace and process of the lab.
# Needs root (else exit 77).
# shellcheck source=../interop/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../interop/lib.sh"

require_root
LAB="$ANYCAST_BIN/anycast-lab"
[[ -x "$LAB" && -x "$ANYCAST_BIN/anycast-dns" && -x "$ANYCAST_BIN/anycast-wire" ]] ||
  skip "anycast-lab, anycast-dns or anycast-wire not built in $ANYCAST_BIN"
it_tmpdir
NAME="t$$"
sed "s/^name: small/name: $NAME/" "$INTEROP_DIR/../../examples/lab/small.yaml" >"$IT_TMP/lab.yaml"
cat >"$IT_TMP/scenario.yaml" <<'YAML'
name: ci
duration: 22s
probe: {rate: 10, timeout: 1s}
events:
  - {at: 3s, fail-service: fra}
  - {at: 6s, restore-service: fra}
  - {at: 9s, drain: nyc, for: 2s}
  - {at: 14s, undrain: nyc}
  - {at: 16s, add-site: par}
YAML
lab_down() { "$LAB" down "$NAME" >/dev/null 2>&1 || true; }
trap 'lab_down; cleanup' EXIT INT TERM

step "anycast-lab up ($NAME: 5 routers, 3 sites, 6 clients)"
"$LAB" up "$IT_TMP/lab.yaml" || fail "anycast-lab up failed"

step "anycast-lab run: failover, restore, drain, a new site"
"$LAB" run "$IT_TMP/scenario.yaml" --lab "$NAME" --out "$IT_TMP/results.json" ||
  fail "anycast-lab run failed"

step "what the probes say"
"$PY" - "$IT_TMP/results.json" <<'PYEOF' || fail "the lab did not behave as anycast should (above)"
import collections, json, sys
r = json.load(open(sys.argv[1]))
probes = r["probes"]
errors = [e for e in r["events"] if e["error"]]
bad = []
if errors:
    bad.append(f"events failed: {errors}")

def catchment(start, end):
    counts = collections.defaultdict(collections.Counter)
    for p in probes:
        if start <= p["t"] < end and p["rcode"] == 0:
            counts[p["client"]][p["site"]] += 1
    return {c: n.most_common(1)[0][0] for c, n in counts.items()}

def expect(window, start, end, want):
    got = catchment(start, end)
    for client, site in want.items():
        if got.get(client) != site:
            bad.append(f"{window}: {client} answered by {got.get(client)}, expected {site}")
    print(f"{window}: {dict(sorted(got.items()))}")

fra = ["c-paris-1", "c-paris-2", "c-lyon", "c-boston-1", "c-boston-2"]
expect("before", 0.5, 3, {**{c: "fra" for c in fra}, "c-chicago": "nyc"})
expect("fra failed", 4.5, 6, {**{c: "nyc" for c in fra}, "c-chicago": "nyc"})
expect("fra restored", 7.5, 9, {c: "fra" for c in fra})
expect("nyc drained", 12, 14, {"c-chicago": "fra"})
expect("par added", 18, 22, {"c-paris-1": "par", "c-paris-2": "par", "c-lyon": "fra",
                             "c-chicago": "nyc"})
lost = [p for p in probes if 9 <= p["t"] < 16 and p["rcode"] != 0]
print(f"probes lost while nyc drained and came back: {len(lost)}")
if lost:
    bad.append(f"{len(lost)} probes lost during the drain: {lost[:3]}")
failover = [p for p in probes if 3 <= p["t"] < 6 and p["rcode"] != 0]
print(f"probes lost in fra's failover: {len(failover)} (of {sum(3 <= p['t'] < 6 for p in probes)})")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PYEOF

step "the report in headless Chromium"
REPORT="$IT_TMP/results.html"
[[ -s "$REPORT" ]] || fail "no report at $REPORT"
CHROMIUM="$(command -v chromium || true)"
if [[ -z "$CHROMIUM" ]]; then
  log "chromium not installed: report rendering not checked"
else
  chrome() {  # bounded; no sandbox as root; a throwaway profile
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
      --user-data-dir="$IT_TMP/chromium" --enable-logging=stderr --v=0 "$@" 2>>"$IT_TMP/chromium.log"
  }
  chrome --window-size=1000,2400 --screenshot="$IT_TMP/report.png" "file://$REPORT" >/dev/null ||
    fail "chromium could not render the report (log: $IT_TMP/chromium.log)"
  [[ -s "$IT_TMP/report.png" ]] || fail "no screenshot of the report"
  svgs="$(chrome --dump-dom "file://$REPORT" | grep -o '<svg' | wc -l)"
  (( svgs == 3 )) || fail "the rendered report holds $svgs SVG figures, expected 3"
  if grep -q 'CONSOLE' "$IT_TMP/chromium.log"; then
    fail "console messages while rendering the report: $(grep CONSOLE "$IT_TMP/chromium.log" | head -3)"
  fi
  log "report rendered: $(stat -c %s "$IT_TMP/report.png") bytes of screenshot, $svgs figures, no console message"
fi

"$LAB" report "$IT_TMP/results.json" --out "$IT_TMP/again.html" >/dev/null ||
  fail "anycast-lab report failed"
cmp -s "$REPORT" "$IT_TMP/again.html" || fail "anycast-lab report drew a different report from the results"
log "anycast-lab report draws the same report again from the results"

step "anycast-lab down"
"$LAB" down "$NAME" || fail "anycast-lab down failed"
left="$(ip netns list | grep -c "^acl-$NAME-" || true)"
[[ "$left" == 0 ]] || fail "$left namespaces of the lab are left"
[[ ! -d "/run/anycast-lab/$NAME" ]] || fail "the lab's state is left"
step "PASS: catchments, failover, drain without loss, a new site, and down"
