#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Ping many IPv4 addresses from one process (one exec per address costs
too much in a loaded emulated guest).

ping_sweep.py SECONDS ADDR...
Sends an ICMP echo request to every address not answered yet, every 0.5 s,
for at most SECONDS. Prints the addresses that never answered, one a line;
exit status 1 if there are any.
"""
import os
import select
import socket
import struct
import sys
import time

from pktlib import csum


def echo(ident, seq):
    hdr = struct.pack('!BBHHH', 8, 0, 0, ident, seq)
    payload = b'vnic-sweep'
    return struct.pack('!BBHHH', 8, 0, csum(hdr + payload), ident, seq) + \
        payload


def main():
    secs = float(sys.argv[1])
    todo = set(sys.argv[2:])
    ident = os.getpid() & 0xffff
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    end = time.monotonic() + secs
    seq = 0
    while todo and time.monotonic() < end:
        seq += 1
        for addr in sorted(todo):
            try:
                sock.sendto(echo(ident, seq), (addr, 0))
            except OSError:
                pass
        wake = time.monotonic() + 0.5
        while todo and time.monotonic() < wake:
            r, _, _ = select.select([sock], [], [], 0.1)
            if not r:
                continue
            pkt, (src, _) = sock.recvfrom(2048)
            ihl = (pkt[0] & 0xf) * 4
            typ, _, _, rid = struct.unpack('!BBHH', pkt[ihl:ihl + 6])
            if typ == 0 and rid == ident:
                todo.discard(src)
    for addr in sorted(todo):
        print(addr)
    sys.exit(1 if todo else 0)


if __name__ == '__main__':
    main()
