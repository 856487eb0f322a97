#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Rate analysis of a pcap file (classic pcap, as tcpdump -w writes).

pcap_rate.py FILE [--head-ms MS]
Prints JSON: frames, wire bytes (original frame lengths), duration, the
bytes seen in the first MS milliseconds, and the rate (bit/s) of the frames
after that window (the steady state after a burst).
"""
import json
import struct
import sys


def frames(path):
    with open(path, 'rb') as f:
        hdr = f.read(24)
        if len(hdr) < 24:
            return
        magic = struct.unpack('<I', hdr[:4])[0]
        if magic in (0xa1b2c3d4, 0xa1b23c4d):
            endian = '<'
        else:
            endian = '>'
        nano = struct.unpack(endian + 'I', hdr[:4])[0] == 0xa1b23c4d
        div = 1e9 if nano else 1e6
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, orig = struct.unpack(endian + 'IIII', rec)
            f.seek(incl, 1)
            yield sec + frac / div, orig


def main():
    path = sys.argv[1]
    head_ms = 0.0
    if '--head-ms' in sys.argv:
        head_ms = float(sys.argv[sys.argv.index('--head-ms') + 1])
    fr = list(frames(path))
    out = {'frames': len(fr), 'bytes': sum(n for _, n in fr)}
    if fr:
        t0 = fr[0][0]
        out['duration'] = fr[-1][0] - t0
        head = [(t, n) for t, n in fr if t - t0 <= head_ms / 1000]
        tail = [(t, n) for t, n in fr if t - t0 > head_ms / 1000]
        out['head_bytes'] = sum(n for _, n in head)
        if len(tail) > 1:
            span = tail[-1][0] - head[-1][0] if head else tail[-1][0] - t0
            out['tail_rate'] = sum(n for _, n in tail) * 8 / span if span > 0 else 0
    json.dump(out, sys.stdout)
    print()


if __name__ == '__main__':
    main()
