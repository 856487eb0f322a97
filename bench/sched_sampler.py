#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""sched_sampler.py DEV SECONDS EVERY_MS OUT: a vnic's TX bytes over time.

Run in the vnic's network namespace by bench-guest.sh's scheduler
section: reads /sys/class/net/DEV/statistics/tx_bytes (the bytes the
driver handed on to the parent, so a frame waiting in the vnic's queue
counts when it leaves) every EVERY_MS for SECONDS, and writes one JSON
line to OUT: {"sec": "sched", "kind": "timeline", "dev": DEV,
"samples": [[t, bytes], ...]}, t being CLOCK_MONOTONIC seconds (the
same clock in every namespace, and /proc/uptime's in the guest).
"""
import json
import os
import sys
import time


def main():
    dev, secs, every, out = sys.argv[1], float(sys.argv[2]), \
        float(sys.argv[3]) / 1000, sys.argv[4]
    fd = os.open(f'/sys/class/net/{dev}/statistics/tx_bytes', os.O_RDONLY)
    samples = []
    t = time.monotonic()
    end = t + secs
    while t < end:
        samples.append([round(t, 4), int(os.pread(fd, 32, 0))])
        t += every
        time.sleep(max(0.0, t - time.monotonic()))
    with open(out, 'w') as f:
        json.dump({'sec': 'sched', 'kind': 'timeline', 'dev': dev,
                   'samples': samples}, f)
        f.write('\n')


if __name__ == '__main__':
    main()
