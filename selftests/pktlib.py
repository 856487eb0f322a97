# SPDX-License-Identifier: GPL-2.0
"""Helpers shared by the selftests' packet tools (frames.py, blast.py,
ping_sweep.py, vnic_txfuzz.py). Imported from the script's own directory."""
import struct


def onesum(data):
    """16-bit one's-complement sum of DATA (not inverted), odd length
    padded."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def csum(data):
    """RFC 1071 Internet checksum of DATA (bytes), odd length padded."""
    return ~onesum(data) & 0xFFFF


def compensate(frame, cstart, coff, comp_at, want):
    """Set the 16-bit word at COMP_AT so that a checksum computed over
    frame[CSTART:] and written at CSTART+COFF (skb_checksum_help(), or a
    NIC doing CHECKSUM_PARTIAL) becomes WANT. COMP_AT - CSTART is even."""
    del coff  # where it lands does not change what it is
    f = bytearray(frame)
    f[comp_at:comp_at + 2] = b"\0\0"
    s0 = onesum(bytes(f[cstart:]))
    w = onesum(struct.pack("!HH", ~want & 0xFFFF, ~s0 & 0xFFFF))
    f[comp_at:comp_at + 2] = struct.pack("!H", w)
    assert csum(bytes(f[cstart:])) == want, "compensation failed"
    return bytes(f)
