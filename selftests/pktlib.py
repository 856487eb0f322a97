# SPDX-License-Identifier: GPL-2.0
"""Helpers shared by the selftests' packet tools (frames.py, blast.py,
ping_sweep.py). Imported from the script's own directory."""
import struct


def csum(data):
    """RFC 1071 Internet checksum of DATA (bytes), odd length padded."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
