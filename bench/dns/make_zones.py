#!/usr/bin/env python3
"""bench/dns/make_zones.py - the zone set and query file of bench/dns/run.sh.

Writes ZONES zones (z0.bench. ... ) of about RECORDS/ZONES records each into OUT/zones/,
OUT/zones.list (one "name file" line per zone) and OUT/queries.txt (dnsperf's "name type"
lines, shuffled). Deterministic for a given seed.

Each zone: SOA, two NS with glue, an apex MX; hosts hN with an A record, every 3rd also AAAA,
every 5th also TXT, every 10th also MX; a wildcard *.wild with A and AAAA; a delegation
sub-N (NS + glue A) for every 50 hosts.

Query mix (of the lines): 60% hits (A of a host, AAAA / TXT / MX where it has them),
15% NXDOMAIN (a name under no record), 10% NODATA (AAAA of a host without one),
10% wildcard (A or AAAA of a random name under wild), 5% referral (A of a name below a
delegation).
"""
import argparse
import os
import random

MIX = [("hit", 60), ("nxdomain", 15), ("nodata", 10), ("wildcard", 10), ("referral", 5)]
HOSTS_PER_DELEGATION = 50


def host_records(i):
    """The records of host i as (type, rdata) pairs."""
    recs = [("A", "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255))]
    if i % 3 == 0:
        recs.append(("AAAA", "2001:db8::%x:%x" % (i >> 16, i & 0xFFFF)))
    if i % 5 == 0:
        recs.append(("TXT", '"host %d v=bench1"' % i))
    if i % 10 == 0:
        recs.append(("MX", "10 mail"))
    return recs


def write_zone(path, origin, records):
    """Writes a zone of about `records` records; returns (records written, host count)."""
    lines = [
        "$ORIGIN %s" % origin,
        "$TTL 3600",
        "@ SOA ns1 hostmaster 1 7200 3600 1209600 3600",
        "@ NS ns1",
        "@ NS ns2",
        "ns1 A 192.0.2.1",
        "ns2 AAAA 2001:db8::53",
        "@ MX 10 mail",
        "mail A 192.0.2.25",
        "*.wild A 192.0.2.80",
        "*.wild AAAA 2001:db8::80",
    ]
    count = len(lines) - 2
    hosts = 0
    while count < records:
        for rtype, rdata in host_records(hosts):
            lines.append("h%d %s %s" % (hosts, rtype, rdata))
            count += 1
        if hosts % HOSTS_PER_DELEGATION == 0:
            d = hosts // HOSTS_PER_DELEGATION
            lines.append("sub-%d NS ns.sub-%d" % (d, d))
            lines.append("ns.sub-%d A 198.51.100.%d" % (d, d % 250 + 1))
            count += 2
        hosts += 1
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return count, hosts


def query(rng, kind, origin, hosts):
    if kind == "hit":
        i = rng.randrange(hosts)
        return "h%d.%s %s" % (i, origin, rng.choice([t for t, _ in host_records(i)]))
    if kind == "nxdomain":
        return "nx-%d.%s A" % (rng.randrange(10**9), origin)
    if kind == "nodata":
        i = rng.randrange(hosts - 1)
        if i % 3 == 0:  # that one has an AAAA; the next has none
            i += 1
        return "h%d.%s AAAA" % (i, origin)
    if kind == "wildcard":
        return "w-%d.wild.%s %s" % (rng.randrange(10**9), origin, rng.choice(["A", "AAAA"]))
    d = rng.randrange((hosts + HOSTS_PER_DELEGATION - 1) // HOSTS_PER_DELEGATION)
    return "www.sub-%d.%s A" % (d, origin)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--zones", type=int, default=4)
    p.add_argument("--records", type=int, default=100000)
    p.add_argument("--queries", type=int, default=200000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "zones"), exist_ok=True)
    zones, total = [], 0
    for z in range(a.zones):
        origin = "z%d.bench." % z
        path = os.path.join(a.out, "zones", origin + "zone")
        count, hosts = write_zone(path, origin, a.records // a.zones)
        zones.append((origin, path, hosts))
        total += count
    with open(os.path.join(a.out, "zones.list"), "w") as f:
        f.writelines("%s %s\n" % (origin, path) for origin, path, _ in zones)
    kinds = [k for k, weight in MIX for _ in range(weight)]
    with open(os.path.join(a.out, "queries.txt"), "w") as f:
        for _ in range(a.queries):
            origin, _, hosts = rng.choice(zones)
            f.write(query(rng, rng.choice(kinds), origin, hosts) + "\n")
    print("records=%d zones=%d queries=%d" % (total, a.zones, a.queries))


if __name__ == "__main__":
    main()
