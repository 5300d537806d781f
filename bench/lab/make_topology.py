#!/usr/bin/env python3
"""Writes a large anycast-lab topology (docs/lab.md) to stdout, the same for the same
arguments: 10 transit ASes of 4 routers each in a ring (iBGP), every pair of transit ASes
peering once; the other routers are single-router ISPs buying transit from one or two transit
routers; sites hang off transit routers, clients off ISPs. Used by bench/lab/scale.sh."""
import argparse
import random

parser = argparse.ArgumentParser()
parser.add_argument("--routers", type=int, default=200)
parser.add_argument("--sites", type=int, default=20)
parser.add_argument("--clients", type=int, default=100)
args = parser.parse_args()

rng = random.Random(1)
TRANSITS, PER_TRANSIT = 10, 4
regions = ["eu", "us", "asia"]
out = ["name: scale", "service: {prefix: 192.0.2.0/24, address: 192.0.2.53}", "ases:"]
transit = [[f"t{i}r{k}" for k in range(PER_TRANSIT)] for i in range(TRANSITS)]
for i, routers in enumerate(transit):
    out.append(f"  - {{as: {64500 + i}, region: {regions[i % 3]}, routers: [{', '.join(routers)}]}}")
isps = [f"isp{n}" for n in range(max(0, args.routers - TRANSITS * PER_TRANSIT))]
for n, name in enumerate(isps):
    out.append(f"  - {{as: {65000 + n}, region: {regions[n % 3]}, routers: [{name}]}}")
out.append("links:")
for routers in transit:
    for k in range(PER_TRANSIT):
        out.append(f"  - {{a: {routers[k]}, b: {routers[(k + 1) % PER_TRANSIT]}, delay: {rng.randint(2, 10)}ms}}")
for i in range(TRANSITS):
    for j in range(i + 1, TRANSITS):
        out.append(f"  - {{a: {transit[i][j % PER_TRANSIT]}, b: {transit[j][i % PER_TRANSIT]}, "
                   f"a-is: peer, delay: {rng.randint(5, 60)}ms}}")
flat = [r for routers in transit for r in routers]
for name in isps:
    for upstream in rng.sample(flat, rng.choice([1, 2])):
        out.append(f"  - {{a: {name}, b: {upstream}, a-is: customer, delay: {rng.randint(1, 20)}ms}}")
out.append("sites:")
for s in range(args.sites):
    out.append(f"  - {{name: site{s}, router: {flat[(s * 7) % len(flat)]}, delay: 1ms}}")
out.append("clients:")
hosts = isps or flat
for c in range(args.clients):
    out.append(f"  - {{name: client{c}, router: {hosts[rng.randrange(len(hosts))]}, delay: {rng.randint(1, 10)}ms}}")
print("\n".join(out))
