#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send UDP frames through a packet socket as fast as possible.

blast.py IFACE DST_MAC SRC_IP DST_IP SECONDS [--bypass] [--size N] [--count N]
         [--vid V] [--bad-csum]
Frames carry the interface's own MAC and SRC_IP (so framing passes); with
--bypass the socket sets PACKET_QDISC_BYPASS and skips the qdisc; with
--vid they carry an 802.1Q tag with VID V. With --bad-csum their IPv4
header checksum is wrong: a receiving stack drops them first thing,
without a route lookup. Prints "sent N errors E"
(errors = send calls the kernel refused).
"""
import socket
import struct
import sys
import time

from pktlib import csum

PACKET_QDISC_BYPASS = 20
SOL_PACKET = 263


def main():
    iface, dmac, sip, dip, secs = sys.argv[1:6]
    size = 1000
    if '--size' in sys.argv:
        size = int(sys.argv[sys.argv.index('--size') + 1])
    with open('/sys/class/net/%s/address' % iface) as f:
        smac = bytes.fromhex(f.read().strip().replace(':', ''))
    dmac = bytes.fromhex(dmac.replace(':', ''))
    payload = b'\xab' * size
    udp = struct.pack('!HHHH', 40000, 9, 8 + len(payload), 0) + payload
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0x4000, 64,
                     17, 0, socket.inet_aton(sip), socket.inet_aton(dip))
    bad = 0x5555 if '--bad-csum' in sys.argv else 0
    ip = ip[:10] + struct.pack('!H', csum(ip) ^ bad) + ip[12:]
    tag = b''
    if '--vid' in sys.argv:
        vid = int(sys.argv[sys.argv.index('--vid') + 1])
        tag = struct.pack('!HH', 0x8100, vid)
    frame = dmac + smac + tag + b'\x08\x00' + ip + udp

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    if '--bypass' in sys.argv:
        s.setsockopt(SOL_PACKET, PACKET_QDISC_BYPASS, 1)
    s.bind((iface, 0))
    count = None
    if '--count' in sys.argv:
        count = int(sys.argv[sys.argv.index('--count') + 1])
    sent = errors = 0
    end = time.monotonic() + float(secs)
    while time.monotonic() < end and (count is None or sent < count):
        for _ in range(64 if count is None else min(64, count - sent)):
            try:
                s.send(frame)
                sent += 1
            except OSError:
                errors += 1
    print('sent %d errors %d' % (sent, errors))


if __name__ == '__main__':
    main()
