#!/usr/bin/env python3
"""A minimal BGP listener for capture.sh: accepts one session, records what the peer sends.

Writes <out>-open.hex (the peer's first OPEN) and <out>-update.hex (every UPDATE received, one
message per line), all as lowercase hex of whole messages, header included. It answers with its
own OPEN (AS 65000, IPv4+IPv6 unicast, route refresh, 4-octet AS) and KEEPALIVEs so that the peer
reaches Established and sends its routes, then closes with Cease/Administrative Shutdown.
Every wait is bounded: --timeout for the whole run, --settle after the last UPDATE.
"""
import argparse
import select
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16
OPEN, UPDATE, NOTIFICATION, KEEPALIVE = 1, 2, 3, 4


def message(msg_type, body=b""):
    return MARKER + struct.pack("!HB", 19 + len(body), msg_type) + body


def our_open(asn, router_id):
    caps = b"".join([
        bytes([1, 4, 0, 1, 0, 1]),             # multiprotocol IPv4 unicast
        bytes([1, 4, 0, 2, 0, 1]),             # multiprotocol IPv6 unicast
        bytes([2, 0]),                         # route refresh
        bytes([65, 4]) + struct.pack("!I", asn),  # 4-octet AS
    ])
    params = bytes([2, len(caps)]) + caps
    body = struct.pack("!BHH4sB", 4, asn, 90, socket.inet_aton(router_id), len(params)) + params
    return message(OPEN, body)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True, help="output path prefix")
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--settle", type=float, default=3)
    args = p.parse_args()

    deadline = time.monotonic() + args.timeout
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((args.address, args.port))
    server.listen(1)
    server.settimeout(args.timeout)
    conn, peer = server.accept()
    print(f"listener: connection from {peer}", file=sys.stderr)

    buf = b""
    opened = False
    updates = []
    last_activity = None
    closed = False
    while not closed and time.monotonic() < deadline:
        if last_activity and time.monotonic() - last_activity > args.settle:
            break
        ready, _, _ = select.select([conn], [], [], 0.2)
        if not ready:
            continue
        data = conn.recv(65536)
        if not data:
            closed = True
        buf += data
        while len(buf) >= 19:
            length, msg_type = struct.unpack("!HB", buf[16:19])
            if length < 19 or len(buf) < length:
                break
            msg, buf = buf[:length], buf[length:]
            if msg_type == OPEN and not opened:
                opened = True
                with open(args.out + "-open.hex", "w") as f:
                    f.write(msg.hex() + "\n")
                conn.sendall(our_open(65000, "10.0.0.1") + message(KEEPALIVE))
                last_activity = time.monotonic()
            elif msg_type == KEEPALIVE:
                conn.sendall(message(KEEPALIVE))
            elif msg_type == UPDATE:
                updates.append(msg)
                last_activity = time.monotonic()
            elif msg_type == NOTIFICATION:
                print(f"listener: NOTIFICATION {msg[19:].hex()}", file=sys.stderr)
                closed = True
    if opened:
        with open(args.out + "-update.hex", "w") as f:
            f.writelines(m.hex() + "\n" for m in updates)
        if not closed:
            conn.sendall(message(NOTIFICATION, bytes([6, 2, 0])))
    conn.close()
    print(f"listener: open={'yes' if opened else 'no'} updates={len(updates)}", file=sys.stderr)
    return 0 if opened else 1


if __name__ == "__main__":
    sys.exit(main())
