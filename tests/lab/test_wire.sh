#!/usr/bin/env bash
# tests/lab/test_wire.sh — anycast-wire end to end (root): two namespaces it creates, joined by
# one anycast-wire link with a 20 ms delay each way. Checks, by counts and lower bounds (never
# by speed): ping RTT >= 40 ms and the link's counters equal the packets sent; `set` to 0 ms
# shows in `links` and in the RTT; `cut` makes ping fail and counts the drops; `restore` brings
# it back; loss 1.0 drops everything; `add`/`remove` create and delete TAPs at run time; bad
# requests get error replies; SIGTERM exits 0 and removes the TAPs. A bad config file exits 1
# naming the field.
# Cleanup (lib.sh): the namespaces and the wire process, on success, failure and Ctrl-C.
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$LAB_DIR/../interop/lib.sh"
source "$LAB_DIR/lib.sh"

require_root
WIRE="$ANYCAST_BIN/anycast-wire"
require_cmd ping "$WIRE"
it_tmpdir
A="${IT_PREFIX}-a"
B="${IT_PREFIX}-b"
ctl() { wire_ctl "$@"; }
# ctl_ok REQUEST: the reply must say ok.
ctl_ok() {
  local reply
  reply="$(ctl "$1")"
  [[ "$reply" == *'"ok":true'* ]] || fail "request $1 answered $reply"
}
# counter LINK DIRECTION NAME — one counter (or setting, with NAME prefixed by "=") of a link.
counter() {
  ctl '{"command":"links"}' | "$PY" -c '
import json, sys
link, direction, name = sys.argv[1:4]
reply = json.load(sys.stdin)
d = [l for l in reply["links"] if l["name"] == link][0][direction]
print(d[name[1:]] if name.startswith("=") else d["counters"][name])' "$1" "$2" "$3"
}
expect_counter() {  # LINK DIRECTION NAME WANT
  local have
  have="$(counter "$1" "$2" "$3")"
  [[ "$have" == "$4" ]] || fail "$1 $2 $3 is $have, expected $4"
  log "ok: $1 $2 $3 = $have"
}
# expect_blocked COUNT COUNTER: COUNT pings from A all fail, and a-to-b's COUNTER grows by COUNT.
expect_blocked() {
  local before
  before="$(counter a-b a-to-b "$2")"
  nsx "$A" ping -n -q -c "$1" -i 0.2 -W 1 10.0.0.2 >/dev/null && fail "ping got through ($2)"
  expect_counter a-b a-to-b "$2" $((before + $1))
}
# ping_min COUNT: pings B from A, prints the minimum RTT in ms (fails if any is lost).
ping_min() {
  local out
  out="$(nsx "$A" ping -n -q -c "$1" -i 0.2 -W 2 10.0.0.2)" || fail "ping failed: $out"
  sed -n 's|.*= \([0-9.]*\)/.*|\1|p' <<<"$out"
}

step "bad config: exits 1 and names the field"
printf '{"links":[{"name":"x","a":{"netns":"n","ifname":"e"},"b":{"netns":"n","ifname":"f"},"delay-ms":-1}]}' \
  >"$IT_TMP/bad.json"
rc=0
out="$("$WIRE" --config "$IT_TMP/bad.json" --socket "$IT_TMP/bad.sock" 2>&1)" || rc=$?
[[ $rc -eq 1 && "$out" == *"links[0].delay-ms"* ]] || fail "bad config: rc=$rc, output: $out"
log "ok: $out"

step "namespaces $A and $B; IPv6 off so only our pings cross the link"
lab_namespaces "$A" "$B"
cat >"$IT_TMP/wire.json" <<JSON
{"seed": 7, "links": [{"name": "a-b",
  "a": {"netns": "$A", "ifname": "wire0", "mac": "02:00:00:00:00:01"},
  "b": {"netns": "$B", "ifname": "wire0", "mac": "02:00:00:00:00:02"},
  "delay-ms": 20}]}
JSON
wire_start "$IT_TMP/wire.json"
ip -n "$A" addr add 10.0.0.1/24 dev wire0
ip -n "$B" addr add 10.0.0.2/24 dev wire0
# Static neighbours: no ARP, so the counters hold exactly the ICMP packets.
ip -n "$A" neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev wire0 nud permanent
ip -n "$B" neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev wire0 nud permanent

step "20 ms each way: RTT >= 40 ms, counters = the 5 echoes and 5 replies"
rtt="$(ping_min 5)"
log "min RTT $rtt ms"
"$PY" -c "import sys; sys.exit(0 if float('$rtt') >= 40.0 else 1)" || fail "RTT $rtt ms < 40 ms"
for dir in a-to-b b-to-a; do
  expect_counter a-b "$dir" rx-packets 5
  expect_counter a-b "$dir" tx-packets 5
  expect_counter a-b "$dir" tx-bytes 490   # 14 Ethernet + 20 IPv4 + 8 ICMP + 56 data
done

step "set delay 0: links shows it, RTT drops below 20 ms"
ctl_ok '{"command":"set","link":"a-b","delay-ms":0}'
expect_counter a-b a-to-b =delay-ms 0.0
rtt="$(ping_min 5)"
log "min RTT $rtt ms"
"$PY" -c "import sys; sys.exit(0 if float('$rtt') < 20.0 else 1)" || fail "RTT $rtt ms after delay 0"

step "direction override: 30 ms on b-to-a only"
ctl_ok '{"command":"set","link":"a-b","direction":"b-to-a","delay-ms":30}'
expect_counter a-b a-to-b =delay-ms 0.0
expect_counter a-b b-to-a =delay-ms 30.0
rtt="$(ping_min 3)"
"$PY" -c "import sys; sys.exit(0 if float('$rtt') >= 30.0 else 1)" || fail "RTT $rtt ms < 30 ms"
ctl_ok '{"command":"set","link":"a-b","delay-ms":0}'

step "cut: ping fails, the echoes are counted as cut drops"
ctl_ok '{"command":"cut","link":"a-b"}'
expect_blocked 3 drop-cut

step "restore: ping works again"
ctl_ok '{"command":"restore","link":"a-b"}'
ping_min 3 >/dev/null

step "loss 1.0: every echo dropped as loss"
ctl_ok '{"command":"set","link":"a-b","loss":1.0}'
expect_blocked 4 drop-loss
ctl_ok '{"command":"set","link":"a-b","loss":0}'

step "add and remove a link at run time"
ctl_ok "{\"command\":\"add\",\"link\":{\"name\":\"a-b-2\",\"a\":{\"netns\":\"$A\",\"ifname\":\"wire1\"},\"b\":{\"netns\":\"$B\",\"ifname\":\"wire1\"},\"rate-mbit\":10}}"
ip -n "$A" link show wire1 | grep -q UP || fail "wire1 not up in $A"
ip -n "$B" link show wire1 | grep -q UP || fail "wire1 not up in $B"
ctl_ok '{"command":"remove","link":"a-b-2"}'
# The kernel unregisters a TAP once its last descriptor is closed, a moment after the reply.
wait_for "! ip -n $A link show wire1 >/dev/null 2>&1" 5 "wire1 gone from $A after remove"

step "bad requests get error replies naming the problem; the wire stays up"
for req in '{"command":"set","link":"nope","delay-ms":1}' '{"command":"set","link":"a-b","delay-ms":"x"}' \
           '{"command":"set","link":"a-b","dealy-ms":1}' '{"command":"fly"}' 'not json' \
           '{"command":"add","link":{"name":"a-b","a":{"netns":"'"$A"'","ifname":"wire2"}}}'; do
  reply="$(ctl "$req")"
  [[ "$reply" == *'"ok":false'* && "$reply" == *'"error"'* ]] || fail "$req answered $reply"
  log "ok: $req -> $reply"
done
check_alive

step "SIGTERM: exits 0 and the TAPs are gone"
stop_pid "$WIRE_PID" 5
[[ "$STOP_RC" -eq 0 ]] || fail "anycast-wire exited $STOP_RC"
wait_for "! ip -n $A link show wire0 >/dev/null 2>&1" 5 "wire0 gone from $A"
step "PASS: anycast-wire"
