#!/usr/bin/env bash
# A mixed lab gives the same catchments as an all-anycastd lab (issue 6): examples/lab/small.yaml
# once as it is and once with teu1 (of the two-router transit AS) as BIRD and tus1 as FRR,
# each probed for a few seconds; every client must be answered by the same site in both. BIRD
# and FRR get RFC 9234 roles, the same relationship LOCAL_PREF, and hop-by-hop iBGP with route
# reflection and next hop self (src/lab/RouterConfig.cpp).
# Needs root, bird and FRR (else exit 77).
# shellcheck source=../interop/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../interop/lib.sh"

require_root
require_cmd bird birdc vtysh /usr/lib/frr/bgpd /usr/lib/frr/zebra
LAB="$ANYCAST_BIN/anycast-lab"
[[ -x "$LAB" && -x "$ANYCAST_BIN/anycast-dns" && -x "$ANYCAST_BIN/anycast-wire" ]] ||
  skip "anycast-lab, anycast-dns or anycast-wire not built in $ANYCAST_BIN"
it_tmpdir
SMALL="$INTEROP_DIR/../../examples/lab/small.yaml"
cat >"$IT_TMP/probe.yaml" <<'YAML'
name: probe
duration: 5s
probe: {rate: 10, timeout: 1s}
YAML
LABS=()
trap 'for l in "${LABS[@]}"; do "$LAB" down "$l" >/dev/null 2>&1 || true; done; cleanup' EXIT INT TERM

# catchments_of NAME FILE: up, 5 s of probes, down; prints "client site" lines.
catchments_of() {
  local name="$1" file="$2"
  LABS+=("$name")
  "$LAB" up "$file" >&2 || fail "anycast-lab up $name failed"
  "$LAB" run "$IT_TMP/probe.yaml" --lab "$name" --out "$IT_TMP/$name.json" >&2 ||
    fail "anycast-lab run on $name failed"
  "$LAB" down "$name" >&2
  "$PY" - "$IT_TMP/$name.json" <<'PYEOF'
import collections, json, sys
counts = collections.defaultdict(collections.Counter)
for p in json.load(open(sys.argv[1]))["probes"]:
    if p["t"] >= 1 and p["rcode"] == 0:
        counts[p["client"]][p["site"]] += 1
for client in sorted(counts):
    print(client, counts[client].most_common(1)[0][0])
PYEOF
}

step "all-anycastd lab"
sed "s/^name: small/name: a$$/" "$SMALL" >"$IT_TMP/all.yaml"
catchments_of "a$$" "$IT_TMP/all.yaml" >"$IT_TMP/all.txt"
cat "$IT_TMP/all.txt" >&2

step "mixed lab: teu1 is BIRD, tus1 is FRR"
sed -e "s/^name: small/name: m$$/" -e 's/routers: \[teu1, teu2\]/routers: [{name: teu1, kind: bird}, teu2]/' \
  -e 's/routers: \[tus1\]/routers: [{name: tus1, kind: frr}]/' "$SMALL" >"$IT_TMP/mixed.yaml"
grep -q 'kind: bird' "$IT_TMP/mixed.yaml" && grep -q 'kind: frr' "$IT_TMP/mixed.yaml" ||
  fail "the mixed topology lacks a BIRD or an FRR router"
catchments_of "m$$" "$IT_TMP/mixed.yaml" >"$IT_TMP/mixed.txt"
cat "$IT_TMP/mixed.txt" >&2

[[ "$(wc -l <"$IT_TMP/all.txt")" -eq 6 ]] || fail "not all 6 clients were answered in the all-anycastd lab"
diff "$IT_TMP/all.txt" "$IT_TMP/mixed.txt" >&2 || fail "catchments differ (above: all-anycastd < > mixed)"
step "PASS: the mixed lab gives the same catchments as the all-anycastd lab"
