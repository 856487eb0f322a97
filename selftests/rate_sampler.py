#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""How fast a device that starts sending reaches a rate, from its counters.

rate_sampler.py DEV SECONDS MIN_BPS [--window-ms MS] [--every-ms MS]
                [--ready FILE]
Reads /sys/class/net/DEV/statistics/tx_bytes (bytes as the driver handed
them on) every few milliseconds for SECONDS. The start is the first sample
at least two full frames past the first one; the regain time is from there
to the end of the first window of at least MS milliseconds in which the
device sent at MIN_BPS or more. Prints JSON: start_s (since the sampler
began), regain_ms (null if never), best_bps (the best such window) and
samples. With --ready, FILE is created once the first sample is taken
(start the sender after it).
"""
import argparse
import json
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dev')
    ap.add_argument('seconds', type=float)
    ap.add_argument('min_bps', type=float)
    ap.add_argument('--window-ms', type=float, default=10.0)
    ap.add_argument('--every-ms', type=float, default=2.0)
    ap.add_argument('--ready')
    a = ap.parse_args()

    fd = os.open(f'/sys/class/net/{a.dev}/statistics/tx_bytes', os.O_RDONLY)
    samples = []
    t0 = time.monotonic()
    end = t0 + a.seconds
    every = a.every_ms / 1000
    while True:
        now = time.monotonic()
        if now >= end:
            break
        samples.append((now - t0, int(os.pread(fd, 32, 0))))
        if a.ready and len(samples) == 1:
            open(a.ready, 'w').close()
        time.sleep(every)
    os.close(fd)

    base = samples[0][1]
    start = next((i for i, (_, b) in enumerate(samples) if b - base >= 3028),
                 None)
    out = {'samples': len(samples), 'start_s': None, 'regain_ms': None,
           'best_bps': 0}
    if start is None:
        json.dump(out, sys.stdout)
        return
    ts = samples[start][0]
    out['start_s'] = round(ts, 4)
    win = a.window_ms / 1000
    j = start
    for i in range(start, len(samples)):
        j = max(j, i + 1)
        while j < len(samples) and samples[j][0] - samples[i][0] < win:
            j += 1
        if j >= len(samples):
            break
        dt = samples[j][0] - samples[i][0]
        bps = (samples[j][1] - samples[i][1]) * 8 / dt
        out['best_bps'] = max(out['best_bps'], int(bps))
        if bps >= a.min_bps and out['regain_ms'] is None:
            out['regain_ms'] = round((samples[j][0] - ts) * 1000, 1)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
