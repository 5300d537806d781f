#!/usr/bin/env python3
"""tests/interop/dns_differential.py — the query set of tests/interop/test_dns_knot.sh, sent
with kdig (a real client: Knot's libknot, not our codec) to two servers serving the same zones;
their answers must match section by section.

  dns_differential.py --zones ZONEFILE:ORIGIN... --a 127.0.0.1:PORT --b 127.0.0.1:PORT
                      [--random N] [--seed S] [--report FILE]

What is compared, per query: header flags (QR OPCODE AA TC RD RA AD CD), RCODE, counts, the
question as echoed (case included, RFC 4343), and the answer, authority and additional
sections — every RR's owner (case included), type, class, TTL and RDATA (decompressed octets
from kdig's RDATAHEX; for NS, CNAME, SOA, PTR and MX their text without letter case, see
NAME_TYPES), the OPT record's payload size, flags and options (NSID included: both
servers are configured with the same identity). Not compared: ID, message length (compression
may point at another copy of a name) and the order of the RRs inside one RRset (RFC 2181 §5:
an RRset is a set). Rules of the query set (see query_set): every owner name and empty
non-terminal of the zones and a child of each, wildcard expansions one and two labels deep,
names below delegations, out-of-zone names, x 25 types; then without EDNS, over TCP, with
small EDNS payloads forcing TC, with random letter case, the longest name below each name, CHAOS identity queries, NSID, DO, CD,
EDNS version 1 (BADVERS), unknown EDNS options, classes ANY/CH/NONE, and N random names.
Exit 0 when every answer matches; 1 with the first differences printed.
"""
import argparse
import json
import random
import subprocess
import sys
from collections import Counter

TYPES = ["A", "AAAA", "NS", "SOA", "MX", "TXT", "CNAME", "SRV", "CAA", "DS", "DNSKEY",
         "RRSIG", "NSEC", "NSEC3", "PTR", "HINFO", "SSHFP", "NAPTR", "SVCB", "HTTPS", "URI",
         "DNAME", "ANY", "TYPE731", "TYPE65280"]
BATCH = 200  # queries per kdig process
ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def owners(path, origin):
    """Owner names of a master file (enough of RFC 1035 §5.1 for our test zones)."""
    names, last = [], origin
    for line in open(path):
        line = line.split(";", 1)[0].rstrip()
        if not line or line.startswith("$"):
            continue
        if line[0] in " \t":
            name = last
        else:
            token = line.split()[0]
            name = origin if token == "@" else token if token.endswith(".") else f"{token}.{origin}"
        last = name
        if name not in names:
            names.append(name)
    return names


def derived(names, origin):
    """Empty non-terminals, a child of every name, wildcard expansions."""
    out = []
    for n in names:
        labels = n[: -len(origin)].rstrip(".").split(".") if n != origin else []
        for i in range(1, len(labels)):  # every ancestor between the owner and the apex
            out.append(".".join(labels[i:]) + "." + origin)
        if labels and labels[0] == "*":
            rest = n[2:]
            out += [f"expand.{rest}", f"two.levels.{rest}"]
        else:
            out.append(f"nx-child.{n}")
    return out


def longest_below(name):
    """The longest name (255 octets in wire form) below `name`: a DNAME's substitution of it
    may pass 255 octets (RFC 6672 §2.2: YXDOMAIN)."""
    room = 255 - (len(name) + 1 if name != "." else 1)  # wire size of `name`
    labels = []
    while room >= 2:
        size = min(63, room - 1)
        labels.append("y" * size)
        room -= size + 1
    return ".".join(labels) + "." + (name if name != "." else "")


def query_set(zones, count, seed):
    rnd = random.Random(seed)
    names = []
    for path, origin in zones:
        for n in owners(path, origin) + derived(owners(path, origin), origin):
            if n not in names:
                names.append(n)
    outside = ["example.net.", "www.example.net.", ".", "com.", "org.", "xexample.org.",
               "example.org.example.net."]
    q = []
    for n in names + outside:
        for t in TYPES:
            q.append((n, t, "IN", "+bufsize=1232"))
    for n in names + outside:
        for t in ["A", "TXT", "MX", "ANY"]:
            q.append((n, t, "IN", ""))                      # no EDNS: 512 octets
        q.append((n, "A", "IN", "+tcp +bufsize=1232"))
        q.append((n, "TXT", "IN", "+tcp"))
        q.append((n, "ANY", "IN", "+tcp +nsid"))
        q.append((n, "NS", "IN", "+bufsize=512 +ignore"))  # referrals and glue near 512
        q.append((n, "DNSKEY", "IN", "+bufsize=512 +ignore +nsid"))
        q.append(("".join(c.upper() if rnd.random() < 0.5 else c for c in n), "A", "IN",
                  "+bufsize=1232"))                         # case echoed
        q.append((longest_below(n), "A", "IN", "+bufsize=1232"))  # 255 octets
    big = [n for n in names if n.startswith(("big.", "example.org.", "txt.", "deleg."))]
    for n in big:
        for opts in ["+ignore", "+bufsize=512 +ignore", "+bufsize=600 +ignore",
                     "+bufsize=0 +ignore", "+bufsize=256 +ignore", "+bufsize=700 +ignore +nsid", "+tcp"]:
            for t in ["TXT", "ANY", "DNSKEY", "NS", "DS", "CAA"]:
                q.append((n, t, "IN", opts))
    for n in ["id.server.", "hostname.bind.", "version.bind.", "version.server.",
              "authors.bind.", "example.com."]:
        for t in ["TXT", "A", "ANY"]:
            q.append((n, t, "CH", ""))
            q.append((n, t, "CH", "+nsid +tcp"))
    for n in names[:40] + outside[:2]:
        q.append((n, "A", "IN", "+nsid"))
        q.append((n, "A", "IN", "+dnssec +bufsize=4096"))
        q.append((n, "MX", "IN", "+cdflag +adflag"))
        q.append((n, "A", "IN", "+edns=1"))                # BADVERS
        q.append((n, "A", "IN", "+ednsopt=65001:abcdef"))  # an unknown option: ignored
        q.append((n, "A", "IN", "+cookie=0102030405060708"))
        q.append((n, "A", "IN", "+nordflag +zflag"))
        q.append((n, "SOA", "ANY", ""))
        q.append((n, "SOA", "NONE", ""))
        q.append((n, "AXFR", "IN", "+tcp"))
        q.append((n, "IXFR=1", "IN", ""))
    zone_names = [o for _, o in zones]
    for _ in range(count):
        depth = rnd.randint(1, 4)
        labels = [rnd.choice(ALNUM) + "".join(rnd.choice(ALNUM + "-")  # kdig: "-x" is an option
                                              for _ in range(rnd.randint(0, 11)))
                  for _ in range(depth)]
        base = rnd.choice(names + zone_names * 4 + outside)
        if base.startswith("*."):
            base = base[2:]
        name = ".".join(labels) + "." + (base if base != "." else "")
        name = "".join(c.upper() if rnd.random() < 0.3 else c for c in name)
        q.append((name, rnd.choice(TYPES), "IN", rnd.choice(["", "+bufsize=1232", "+tcp",
                                                               "+nsid", "+bufsize=512 +ignore"])))
    return q


def kdig(server, queries):
    host, port = server.rsplit(":", 1)
    args = ["kdig", f"@{host}", "-p", port, "+json", "+retry=2", "+timeout=2", "+norecurse",
            "+noidn"]  # names as they are: no IDNA (RFC 5891) checks or conversion
    for name, qtype, qclass, opts in queries:
        args += [name, qtype, qclass] + opts.split()
    run = subprocess.run(args, capture_output=True, text=True, timeout=120)
    out = run.stdout
    decoder, answers, at = json.JSONDecoder(), [], 0
    while True:
        while at < len(out) and out[at].isspace():
            at += 1
        if at >= len(out):
            return answers
        try:
            obj, at = decoder.raw_decode(out, at)
        except json.JSONDecodeError:  # kdig said something else: the caller asks one by one
            return answers + [{"error": run.stderr.strip()}]
        if isinstance(obj, list):  # a transfer's messages: its first says what happened
            obj = obj[0] if obj else {"error": "no answer"}
        answers.append(obj)


# Known differences: asked and reported, not compared (docs/rfc-compliance.md says why).
KNOWN = [
    (lambda q: q[0].startswith("y" * 63) and q[0].lower().endswith((".din.example.org.",
                                                                     ".d2.example.org.")),
     "YXDOMAIN below a DNAME whose target is in the zone: knotd then answers for the DNAME's "
     "target itself (its SOA or data), anycast-dns stops at the DNAME (RFC 6672 §2.2)"),
    (lambda q: q[0].lower().endswith(".*.wd.example.org."),
     "below a DNAME owned by a wildcard name: knotd writes the query name as the DNAME's owner, "
     "anycast-dns the owner (*.wd)"),
    (lambda q: q[0].lower().startswith("nsec3hash.") or q[0].lower().endswith(".nsec3hash.example.org."),
     "an NSEC3 owner: knotd keeps NSEC3 records apart (its owner does not exist for queries), "
     "anycast-dns serves them as data"),
]


def known(query):
    return next((why for test, why in KNOWN if test(query)), None)


# Types whose RDATA holds compressible names (RFC 1035): a name there may come out in the
# letter case of whichever earlier copy its compression pointer points at (both servers
# compress case-insensitively, from different earlier names), so their RDATA is compared as
# presentation text without case.
NAME_TYPES = {2, 5, 6, 12, 15}


def rr_normal(rr):
    if rr.get("TYPE") not in NAME_TYPES:
        return rr
    return {k: v.lower() if k.startswith("rdata") else v for k, v in rr.items()
            if k != "RDATAHEX"}


def owner_normal(rr, qname):
    """In an answer with a DNAME (RFC 6672) the owners after the query name are names made or
    reached by substitution, written as compression pointers into whichever copy of the name
    each server chose (knotd also makes the new names in lower case): their case is not
    compared. The query name's own case still is (RFC 4343)."""
    if rr.get("NAME", "").lower() == qname.lower():
        return rr
    return {**rr, "NAME": rr.get("NAME", "").lower()}


def normal(msg):
    m = {k: v for k, v in msg.items() if k not in ("dateString", "dateSeconds", "ID", "msgLength")}
    dname = any(r.get("TYPE") == 39 for r in m.get("answerRRs") or [])
    for section in ("answerRRs", "authorityRRs", "additionalRRs"):
        rrs, out, i = [rr_normal(r) for r in m.get(section) or []], [], 0
        if dname:
            rrs = [owner_normal(r, m.get("QNAME", "")) for r in rrs]
        while i < len(rrs):  # sort the RRs of each run of one RRset
            j = i
            while j < len(rrs) and (rrs[j].get("NAME"), rrs[j].get("TYPE")) == \
                    (rrs[i].get("NAME"), rrs[i].get("TYPE")):
                j += 1
            out += sorted(rrs[i:j], key=lambda r: json.dumps(r, sort_keys=True))
            i = j
        if section in m:
            m[section] = out
    return m


def ask_all(server, queries):
    answers = []
    for i in range(0, len(queries), BATCH):
        batch = queries[i:i + BATCH]
        got = kdig(server, batch)
        if len(got) != len(batch):  # a lost answer: ask one by one to say which
            got = []
            for one in batch:
                r = kdig(server, [one])
                got.append(r[0] if r else {"error": "no answer"})
        if len(got) != len(batch):
            raise SystemExit(f"kdig gave {len(got)} answers to {len(batch)} queries")
        answers += got
    return answers


def category(a):
    """What rule of RFC 1034 §4.3.2 an answer shows (for the coverage table)."""
    if "error" in a:
        return "no answer"
    rcode, an, ns = a.get("RCODE"), a.get("answerRRs", []), a.get("authorityRRs", [])
    if a.get("QCLASS") == 3:
        return "CHAOS"
    if a.get("TC"):
        return "truncated (TC)"
    if rcode == 5:
        return "REFUSED"
    if rcode not in (0, 3):
        return f"RCODE {rcode}"
    if any(r.get("TYPE") == 5 for r in an):
        return "CNAME (chain)"
    if rcode == 3:
        return "NXDOMAIN"
    if not an and not a.get("AA") and any(r.get("TYPE") == 2 for r in ns):
        return "referral"
    if not an:
        return "NODATA"
    return "answer"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--zones", nargs="+", required=True, help="FILE:ORIGIN")
    p.add_argument("--a", required=True)
    p.add_argument("--b", required=True)
    p.add_argument("--random", type=int, default=300)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--report")
    args = p.parse_args()
    zones = [tuple(z.rsplit(":", 1)) for z in args.zones]
    queries = query_set(zones, args.random, args.seed)
    a, b = ask_all(args.a, queries), ask_all(args.b, queries)
    differ = [(q, x, y) for q, x, y in zip(queries, a, b)
              if not known(q) and normal(x) != normal(y)]
    skipped = Counter(known(q) for q in queries if known(q))
    coverage = Counter(category(x) for x in a)
    wildcard = sum(1 for q in queries if ".w." in q[0] or "wild." in q[0] or ".star." in q[0])
    compared = len(queries) - sum(skipped.values())
    lines = [f"{len(queries)} queries: {compared} compared, {compared - len(differ)} identical, "
             f"{len(differ)} different"]
    lines += [f"not compared, {n} queries: {why}" for why, n in skipped.items()]
    lines += [
             "by kind of answer (A's): " + ", ".join(f"{k} {v}" for k, v in sorted(coverage.items())),
             f"names through wildcards: {wildcard}; over TCP: "
             f"{sum('+tcp' in q[3] for q in queries)}; without EDNS: "
             f"{sum('+' not in q[3] for q in queries)}"]
    for n, (q, x, y) in enumerate(differ):
        lines.append(f"DIFF {' '.join(q)}")
        if n >= 15:  # the first ones in detail, the rest by name
            continue
        nx, ny = normal(x), normal(y)
        for k in sorted(set(nx) | set(ny)):
            if nx.get(k) != ny.get(k):
                lines.append(f"  {k}: A {json.dumps(nx.get(k))}")
                lines.append(f"  {k}: B {json.dumps(ny.get(k))}")
    print("\n".join(lines))
    if args.report:
        open(args.report, "w").write("\n".join(lines) + "\n")
    missing = {"answer", "NXDOMAIN", "NODATA", "referral", "CNAME (chain)", "REFUSED", "CHAOS",
               "truncated (TC)"} - set(coverage)
    if missing:
        print(f"query set covers no {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    unanswered = [(q, x["error"]) for q, x in zip(queries, a) if "error" in x]
    if unanswered:
        print(f"{len(unanswered)} queries got no answer from A, as "
              + "; ".join(f"{' '.join(q)}: {e}" for q, e in unanswered[:5]), file=sys.stderr)
        return 1
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
