#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Seeded TX-path fuzzer for a vnic, with the wire as the oracle.

    vnic_txfuzz.py run --tenant-ns T --wire-ns W --host-ns H [options]
    vnic_txfuzz.py dump --seed S --index I [policy options]
    vnic_txfuzz.py gen --seed S --count N --out FILE [policy options]

"run" sends --count random and mutated frames from the tenant's netns
through every way into the vnic (AF_PACKET SOCK_RAW; AF_PACKET with
PACKET_VNET_HDR and a random struct virtio_net_hdr; sendto() with an
sll_protocol other than the frame's ethertype; VLAN devices on the vnic;
an injector device whose egress is redirected to the vnic), and captures
everything that reaches the wire (ETH_P_ALL on the wire end of the parent,
with PACKET_VNET_HDR and PACKET_AUXDATA, so that a pending checksum or a
GSO super-frame and an offloaded VLAN tag are seen as the wire would see
them). Every captured frame must satisfy the vnic's policy (see check()),
and so must each segment of a GSO super-frame (check_wire()): a segment
after the first carries payload that the vnic's checker never read.

Frame I of seed S is built by its own generator, Random(f"{S}/{I}"): "dump"
prints it again without sending anything. The first frames, and every
--template-every'th frame afterwards, are fixed attack templates (TEMPLATES)
that aim at known weak spots of a checker, so that a short run reaches each
of them.

Accounting, per send (--batch 0, the default up to 20000 frames): the
vnic's tx_packets and tx_dropped (rtnetlink) and its drop reasons (ethtool
-S) are read after every send; a frame that send() accepted must move
exactly one of them by exactly one (a GSO frame that the stack segments
before the vnic: at least one); at the end, the drop reasons of vnicctl -j
stats (the parent's netns) must equal what the sends moved, and the books
balance: the frames the vnic saw (accepted sends, GSO per segment) ==
tx_packets + drop reasons.

Per batch (--batch N, the default above 20000 frames, a few thousand
frames a second instead of a few hundred): the sends of a batch without
GSO go out in a tight loop, the capture is drained every --drain-every
sends, and the counters are read once after them: accepted == tx_packets
+ drop reasons + the parent's tx_dropped (frames the vnic passed and the
parent refused), and tx_dropped without a reason and not the parent's
must be at most the failed sends. The GSO sends of the batch go out
after, each between two counter reads (their segments), as in the per-send
mode. Both modes check that every frame the parent sent was captured (wire
frames == the parent's tx_packets, capture tp_drops 0), so that the oracle
saw everything. In a slow (TCG) guest, building the frames costs more
than sending them: "gen" writes them to a file (--frames) on the host.

Exit status: 0 if no frame broke the policy and the books balance, 1 if
something did (each violation is printed with its frame, rule and the
seed/index that rebuilds it), 2 on a setup error.
"""

import argparse
import collections
import ctypes
import ipaddress
import json
import marshal
import os
import random
import re
import select
import socket
import struct
import subprocess
import sys
import time

from pktlib import compensate, csum, onesum

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
ETH_P_8021Q = 0x8100
ETH_P_8021AD = 0x88A8
VLAN_TPIDS = (ETH_P_8021Q, ETH_P_8021AD)

SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_STATISTICS = 6
PACKET_VNET_HDR = 15
SO_RCVBUFFORCE = 33
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40
CLONE_NEWNET = 0x40000000

VNET_F_NEEDS_CSUM = 1
GSO_NONE, GSO_TCPV4, GSO_UDP, GSO_TCPV6, GSO_UDP_L4 = 0, 1, 3, 4, 5
GSO_ECN = 0x80

BAD_MAC = bytes.fromhex("02bad0000001")
BCAST = b"\xff" * 6
V4_OWN = "192.0.2.10"
V4_NEIGH = "192.0.2.11"
V4_FOREIGN = "198.51.100.66"
V4_WIRE = "192.0.2.1"
V6_OWN = "2001:db8::10"
V6_NEIGH = "2001:db8::11"
V6_FOREIGN = "2001:db8:bad::66"
V6_WIRE = "2001:db8::1"
V6_LL_FOREIGN = "fe80::bad"
END_MARKER = b"VNIC-TXFUZZ-END-"

DROP_KEYS = ("tx_spoof_mac", "tx_spoof_ip", "tx_spoof_arp", "tx_spoof_nd",
             "tx_vlan", "tx_ethertype", "tx_mtu", "tx_runt", "tx_offload")


def a4(s):
    return socket.inet_aton(s)


def a6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def hx(b, n=320):
    """Hex of B, cut after N bytes."""
    return b[:n].hex() + (f"... (+{len(b) - n} bytes)" if len(b) > n else "")


def hexmac(b):
    return ":".join(f"{x:02x}" for x in b)


def ll_of(mac):
    return b"\xfe\x80" + b"\0" * 6 + bytes([mac[0] ^ 2]) + mac[1:3] + \
        b"\xff\xfe" + mac[3:6]


##############################################################################
# Policy

class Policy:
    def __init__(self, mac, allow, mtu, ethertypes, vlan):
        self.mac = mac
        self.ll = ll_of(mac)
        self.nets4, self.nets6 = [], []
        for p in allow:
            n = ipaddress.ip_network(p, strict=False)
            (self.nets4 if n.version == 4 else self.nets6).append(n)
        self.mtu = mtu
        self.ethertypes = set(ethertypes)
        self.vlan = vlan

    def ip4_ok(self, b):
        if not self.nets4 and not self.nets6:
            return True
        a = ipaddress.IPv4Address(b)
        return any(a in n for n in self.nets4)

    def ip6_ok(self, b):
        """Allowed prefix or the vnic's own EUI-64 link-local address."""
        if b == self.ll or (not self.nets4 and not self.nets6):
            return True
        a = ipaddress.IPv6Address(b)
        return any(a in n for n in self.nets6)


##############################################################################
# Frame construction (pure functions of their arguments)

def eth(dst, src, etype, body):
    return dst + src + struct.pack("!H", etype) + body


def ip4_hdr(src, dst, proto, plen, opts=b"", frag=0x4000, ihl=None,
            tot=None, ident=0x1234, ttl=64, fix_csum=True):
    if len(opts) % 4:
        opts += b"\0" * (4 - len(opts) % 4)
    ihl = ihl if ihl is not None else 5 + len(opts) // 4
    tot = tot if tot is not None else 20 + len(opts) + plen
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | (ihl & 15), 0, tot & 0xFFFF,
                    ident, frag, ttl, proto, 0, src, dst) + opts
    if fix_csum:
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h


def udp(sport, dport, data, ph=None):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    if ph is not None:
        c = csum(ph + u) or 0xFFFF
        u = u[:6] + struct.pack("!H", c) + u[8:]
    return u


def ph4(src, dst, proto, n):
    return src + dst + struct.pack("!BBH", 0, proto, n)


def ph6(src, dst, proto, n):
    return src + dst + struct.pack("!IxxxB", n, proto)


def tcp(sport, dport, data, flags=0x18):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, flags, 512,
                       0, 0) + data


def ip4_pkt(src, dst, proto, l4, **kw):
    return ip4_hdr(src, dst, proto, len(l4), **kw) + l4


def ip6_pkt(src, dst, nh, payload, plen=None, hlim=64):
    plen = len(payload) if plen is None else plen
    return struct.pack("!IHBB", 0x60000000, plen & 0xFFFF, nh, hlim) + \
        src + dst + payload


def l4_csum6(src, dst, nh, seg, cofs):
    c = csum(ph6(src, dst, nh, len(seg)) + seg)
    if nh == 17 and c == 0:
        c = 0xFFFF
    return seg[:cofs] + struct.pack("!H", c) + seg[cofs + 2:]


def ext_hdr(kind, nxt, rng=None, frag_off=0, more=False):
    """One IPv6 extension header of KIND (0 HBH, 43 RT, 44 FRAG, 60 DST)."""
    if kind == 44:
        return struct.pack("!BBHI", nxt, 0, (frag_off << 3) | int(more),
                           0x1234abcd)
    if kind == 43:
        return struct.pack("!BBBBI", nxt, 2, 0, 0, 0) + a6(V6_WIRE)
    if kind == 0 and rng and rng.random() < 0.3:
        # Router alert (MLD) + PadN
        return struct.pack("!BBBBHBB", nxt, 0, 5, 2, 0, 1, 0)
    return struct.pack("!BB", nxt, 0) + b"\x01\x04" + b"\0" * 4


def ip6_chain(src, dst, chain, upper_nh, upper, frag_off=0, more=False,
              rng=None, plen=None, hlim=255):
    """IPv6 with extension headers CHAIN (list of kinds) before UPPER."""
    body = upper
    nxt = upper_nh
    for kind in reversed(chain):
        body = ext_hdr(kind, nxt, rng, frag_off, more) + body
        nxt = kind
    return ip6_pkt(src, dst, nxt, body, plen=plen, hlim=hlim)


def icmp6(src, dst, typ, body, code=0):
    m = struct.pack("!BBH", typ, code, 0) + body
    return l4_csum6(src, dst, 58, m, 2)


def lla_opt(typ, mac):
    return struct.pack("!BB", typ, 1) + mac


def nd_body(typ, target=None, dest=None, opts=b""):
    """Fixed part of ND message TYP after the 4-byte ICMPv6 header."""
    if typ == 133:
        return b"\0" * 4 + opts
    if typ == 134:
        return struct.pack("!BBHII", 64, 0, 1800, 0, 0) + opts
    if typ == 135:
        return b"\0" * 4 + target + opts
    if typ == 136:
        return struct.pack("!I", 0x20000000) + target + opts
    if typ == 137:
        return b"\0" * 4 + target + dest + opts
    if typ in (141, 142):           # Inverse ND (RFC 3122)
        return b"\0" * 4 + opts
    raise ValueError(typ)


def bootp(op, chaddr, xid=0x56000000):
    b = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, 1, 6, 0, xid, 0,
                    0x8000, b"\0" * 4, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                    chaddr + b"\0" * 10, b"", b"")
    return b + b"\x63\x82\x53\x63\x35\x01\x01\xff"


def arp_body(sha, spa, tpa, op=1, htype=1, ptype=ETH_P_IP, hlen=6, plen=4,
             tha=b"\0" * 6):
    def fit(b, n):
        return (b + b"\0" * n)[:n]
    return struct.pack("!HHBBH", htype, ptype, hlen, plen, op) + \
        fit(sha, hlen) + fit(spa, plen) + fit(tha, hlen) + fit(tpa, plen)


def mcast_mac6(dst):
    return b"\x33\x33" + dst[12:]


def snm(target):
    return bytes.fromhex("ff0200000000000000000001ff") + target[13:]


def vnet_hdr(flags=0, gso_type=0, hdr_len=0, gso_size=0, cstart=0, coff=0):
    return struct.pack("<BBHHHH", flags, gso_type, hdr_len, gso_size, cstart,
                       coff)


def partial_csum(frame, cstart, coff):
    """What the parent (or its NIC) does to a CHECKSUM_PARTIAL frame."""
    if cstart >= len(frame) or cstart + coff + 2 > len(frame):
        return frame
    c = csum(frame[cstart:]) or 0xFFFF
    return frame[:cstart + coff] + struct.pack("!H", c) + \
        frame[cstart + coff + 2:]


##############################################################################
# What a send looks like

class Send:
    """One frame to send: PATH is raw, vnet, inject or vlan:<dev>."""
    __slots__ = ("index", "label", "path", "frame", "proto", "vnet")

    def __init__(self, index, label, path, frame, proto=None, vnet=None):
        self.index = index
        self.label = label
        self.path = path
        self.frame = frame
        if proto is None:
            proto = struct.unpack("!H", frame[12:14])[0] \
                if len(frame) >= 14 else ETH_P_IP
        self.proto = proto
        self.vnet = vnet

    def gso(self):
        return self.vnet is not None and self.vnet[1] != GSO_NONE

    def describe(self):
        s = f"{self.label} via {self.path}, sll_protocol 0x{self.proto:04x}"
        if self.vnet is not None:
            fl, gt, hl, gs, cs, co = struct.unpack("<BBHHHH", self.vnet)
            s += (f", vnet flags={fl} gso_type={gt:#x} hdr_len={hl} "
                  f"gso_size={gs} csum_start={cs} csum_offset={co}")
        return s


class Gen:
    """Builds frame INDEX of SEED for the vnic with MAC (deterministic)."""

    def __init__(self, seed, mac, vlan_devs, have_inject, tmpl_every):
        self.seed = seed
        self.mac = mac
        self.ll = ll_of(mac)
        self.vlan_devs = vlan_devs
        self.have_inject = have_inject
        self.tmpl_every = tmpl_every
        self.templates = [t for t in TEMPLATES
                          if not t[0].startswith("vlan-dev") or vlan_devs]

    def frame(self, index):
        rng = random.Random(f"{self.seed}/{index}")
        nt = len(self.templates)
        if index < nt:
            name, fn = self.templates[index]
            return fn(self, rng, index, name)
        if self.tmpl_every and index % self.tmpl_every == 0:
            name, fn = self.templates[(index // self.tmpl_every) % nt]
            return fn(self, rng, index, name)
        return self.random_send(rng, index)

    # -- address pools ------------------------------------------------------
    def src4(self, rng):
        return rng.choice([a4(V4_OWN)] * 5 + [a4(V4_NEIGH), a4(V4_FOREIGN),
                          b"\0" * 4, BCAST[:4], rng.randbytes(4)])

    def src6(self, rng):
        return rng.choice([a6(V6_OWN)] * 3 + [self.ll] * 2 +
                          [b"\0" * 16] * 2 + [a6(V6_NEIGH), a6(V6_FOREIGN),
                           a6(V6_LL_FOREIGN), rng.randbytes(16)])

    def lladdr(self, rng):
        return rng.choice([self.mac] * 4 + [BAD_MAC, BCAST, b"\0" * 6,
                          rng.randbytes(6)])

    def target6(self, rng):
        return rng.choice([a6(V6_OWN)] * 3 + [self.ll, a6(V6_NEIGH),
                          a6(V6_FOREIGN), a6(V6_WIRE), b"\0" * 16,
                          rng.randbytes(16)])

    def chain(self, rng):
        if rng.random() < 0.45:
            return []
        return [rng.choice((0, 60, 43, 44, 60))
                for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]

    # -- random structured frames ------------------------------------------
    def rnd_ip4(self, rng):
        src = self.src4(rng)
        dst = rng.choice([a4(V4_WIRE), BCAST[:4], a4("224.0.0.1")])
        opts = b""
        if rng.random() < 0.15:
            opts = rng.choice([b"\x94\x04\0\0", b"\x01" * 4,
                               b"\x07\x07\x04" + b"\0" * 5,
                               rng.randbytes(rng.choice((4, 8, 40)))])
        frag = rng.choice([0x4000] * 6 + [0, 0x2000, 0x2001, 0x0010,
                          rng.randrange(65536)])
        ihl = None
        if rng.random() < 0.07:
            ihl = rng.randrange(16)
        k = rng.random()
        if k < 0.25:
            src = rng.choice([b"\0" * 4] * 3 + [src])
            dst = rng.choice([BCAST[:4]] * 3 + [a4(V4_WIRE)])
            chaddr = rng.choice([self.mac] * 3 + [BAD_MAC])
            op = rng.choice((1, 1, 1, 2))
            sport, dport = rng.choice([(68, 67)] * 4 + [(67, 68), (68, 68)])
            l4 = udp(sport, dport, bootp(op, chaddr))
            proto = 17
        elif k < 0.6:
            l4 = udp(47899, 47890, b"VNICFUZZ" + rng.randbytes(
                rng.randrange(64)))
            proto = 17
        elif k < 0.8:
            l4 = tcp(40000, 80, rng.randbytes(rng.randrange(64)))
            proto = 6
        else:
            l4 = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + rng.randbytes(16)
            proto = rng.choice((1, 1, 47, 50, rng.randrange(256)))
        body = ip4_pkt(src, dst, proto, l4, opts=opts, frag=frag, ihl=ihl)
        if rng.random() < 0.03:
            # Another IP version under the IPv4 ethertype.
            body = bytes([rng.choice((0, 2, 6, 7, 15, rng.randrange(16))) << 4
                          | (body[0] & 15)]) + body[1:]
        dmac = BCAST if dst == BCAST[:4] else rng.choice((BCAST, BAD_MAC))
        return eth(dmac, self.mac, ETH_P_IP, body)

    def rnd_arp(self, rng):
        sha = rng.choice([self.mac] * 4 + [BAD_MAC, b"\0" * 6])
        spa = rng.choice([a4(V4_OWN)] * 3 + [b"\0" * 4, a4(V4_FOREIGN),
                         a4(V4_NEIGH)])
        kw = {}
        if rng.random() < 0.2:
            kw = rng.choice([{"htype": 6}, {"ptype": ETH_P_IPV6},
                             {"hlen": rng.choice((0, 4, 8, 16))},
                             {"plen": rng.choice((0, 6, 16))},
                             {"hlen": 8, "plen": 16, "ptype": ETH_P_IPV6}])
        body = arp_body(sha, spa, a4(V4_WIRE), op=rng.choice((1, 2, 3)),
                        **kw)
        if rng.random() < 0.15:
            body = body[:rng.randrange(len(body))]
        elif rng.random() < 0.1:
            body += rng.randbytes(rng.randrange(1, 20))
        return eth(BCAST, self.mac, ETH_P_ARP, body)

    def rnd_ip6(self, rng):
        src = self.src6(rng)
        dst = rng.choice([a6(V6_WIRE), a6("ff02::1"), a6("ff02::16")])
        if rng.random() < 0.5:
            up = udp(47899, 47891, b"VNICFUZZ" + rng.randbytes(
                rng.randrange(32)))
            up = l4_csum6(src, dst, 17, up, 6)
            nh = 17
        elif rng.random() < 0.5:
            typ = rng.choice((128, 129, 1, 130, 131, 132, 143, 143, 200))
            up = icmp6(src, dst, typ, struct.pack("!HH", 0, 0) +
                       rng.choice([a6("ff02::1:3"), rng.randbytes(
                           rng.randrange(24))]))
            nh = 58
        else:
            up, nh = rng.randbytes(rng.randrange(40)), rng.choice((6, 59))
        chain = self.chain(rng)
        frag_off = rng.choice((0, 0, 0, 1, 100))
        plen = None
        if rng.random() < 0.08:
            plen = rng.choice((0, 8, 0xFFFF, rng.randrange(200)))
        body = ip6_chain(src, dst, chain, nh, up, frag_off=frag_off,
                         more=rng.random() < 0.5, rng=rng, plen=plen,
                         hlim=rng.choice((1, 64, 255)))
        return eth(mcast_mac6(dst), self.mac, ETH_P_IPV6, body)

    def nd_opts(self, rng, typ):
        opts = b""
        for _ in range(rng.choice((0, 1, 1, 1, 2, 3))):
            r = rng.random()
            if r < 0.6:
                opts += lla_opt(rng.choice((1, 2)) if typ in (133, 134, 135)
                                and rng.random() < 0.3 else
                                {133: 1, 134: 1, 135: 1, 136: 2,
                                 137: 2, 141: 1, 142: 2}[typ],
                                self.lladdr(rng))
            elif r < 0.7:
                opts += struct.pack("!BB", rng.choice((1, 2)), 2) + \
                    self.lladdr(rng) + rng.choice([self.mac, BAD_MAC]) + \
                    b"\0" * 2
            elif r < 0.8:
                opts += struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 3600, 1800,
                                    0) + a6("2001:db8::")
            elif r < 0.85:
                opts += struct.pack("!BBHI", 5, 1, 0, 1500)
            elif r < 0.9:
                opts += struct.pack("!BB", 4, 1) + b"\0" * 6
            elif r < 0.95:
                opts += struct.pack("!BB", rng.choice((1, 2, 14)), 0) + \
                    b"\0" * 6
            else:
                opts += rng.randbytes(rng.randrange(1, 12))
        return opts

    def rnd_nd(self, rng):
        typ = rng.choice((133, 134, 135, 136, 137) * 4 + (141, 142))
        src = self.src6(rng)
        tgt = self.target6(rng)
        dst = rng.choice([a6("ff02::1"), a6("ff02::2"), snm(tgt),
                          a6(V6_WIRE)])
        body = nd_body(typ, tgt, a6(V6_WIRE), self.nd_opts(rng, typ))
        if rng.random() < 0.05:
            body = body[:rng.randrange(len(body))]
        up = icmp6(src, dst, typ, body)
        body = ip6_chain(src, dst, self.chain(rng), 58, up,
                         frag_off=rng.choice((0, 0, 0, 1)),
                         more=rng.random() < 0.5, rng=rng)
        return eth(mcast_mac6(dst), self.mac, ETH_P_IPV6, body)

    def rnd_other(self, rng):
        et = rng.choice((0x88B5, 0x88CC, 0x8847, 0x8863, 0x8864, 0x0600,
                         0x05DC, 0x0042, 0x9100, 0x22F0, 0x8035,
                         rng.randrange(65536)))
        return eth(BCAST, self.mac, et, rng.randbytes(rng.randrange(46, 200)))

    def rnd_bytes(self, rng):
        n = rng.choice((rng.randrange(0, 14), rng.randrange(14, 64),
                        rng.randrange(64, 600)))
        f = rng.randbytes(n)
        if n >= 12 and rng.random() < 0.8:
            f = f[:6] + self.mac + f[12:]
        if n >= 14 and rng.random() < 0.5:
            f = f[:12] + struct.pack("!H", rng.choice(
                (ETH_P_IP, ETH_P_IPV6, ETH_P_ARP))) + f[14:]
        return f

    def mutate(self, rng, f):
        f = bytearray(f)
        for _ in range(rng.choice((1, 1, 2, 3, 8))):
            if not f:
                break
            r = rng.random()
            hot = min(len(f), 90)
            if r < 0.5:
                i = rng.randrange(hot)
                f[i] ^= 1 << rng.randrange(8)
            elif r < 0.8:
                i = rng.randrange(hot)
                f[i] = rng.choice((0, 0xFF, 0x80, 0x7F, 0x01, 0x63, 0x3A,
                                   0x2C, 0x86, rng.randrange(256)))
            elif r < 0.9:
                del f[rng.randrange(len(f)):]
            else:
                f += rng.randbytes(rng.randrange(1, 64))
        return bytes(f)

    def tag(self, rng, f):
        tags = b""
        for _ in range(rng.choice((1, 1, 2, 3))):
            tags += struct.pack("!HH", rng.choice(VLAN_TPIDS),
                                rng.choice((0, 1, 100, 4095,
                                            rng.randrange(65536))))
        return f[:12] + tags + f[12:]

    def rnd_vnet(self, rng, f):
        flags = VNET_F_NEEDS_CSUM if rng.random() < 0.6 else 0
        gso = GSO_NONE
        if rng.random() < 0.25:
            gso = rng.choice((GSO_TCPV4, GSO_TCPV6, GSO_UDP, GSO_UDP_L4,
                              GSO_TCPV4 | GSO_ECN, rng.randrange(256)))
        cstart = rng.choice((14 + 20, 14 + 40, 20, 20, 22, 14 + 24,
                             rng.randrange(14, 80), rng.randrange(256)))
        coff = rng.choice((6, 16, 2, 8, 0, rng.randrange(64)))
        gso_size = rng.choice((100, 536, 1400, 1448, 1480, 1500, 1600,
                               9000, rng.randrange(65536)))
        if rng.random() < 0.05:
            gso_size = rng.choice((1, 8, 64))   # many segments: slow
        hdr_len = rng.choice((0, 0, 54, 14 + 28, rng.randrange(256)))
        return vnet_hdr(flags, gso, hdr_len, gso_size, cstart, coff)

    def random_send(self, rng, index):
        r = rng.random()
        if r < 0.18:
            kind, f = "ip4", self.rnd_ip4(rng)
        elif r < 0.30:
            kind, f = "arp", self.rnd_arp(rng)
        elif r < 0.45:
            kind, f = "ip6", self.rnd_ip6(rng)
        elif r < 0.75:
            kind, f = "nd", self.rnd_nd(rng)
        elif r < 0.80:
            kind, f = "other", self.rnd_other(rng)
        else:
            kind, f = "bytes", self.rnd_bytes(rng)
        if kind != "bytes" and rng.random() < 0.3:
            f = self.mutate(rng, f)
            kind += "+mut"
        if kind != "bytes" and rng.random() < 0.06:
            f = self.tag(rng, f)
            kind += "+tag"
        if rng.random() < 0.01 and len(f) >= 12:
            f = f[:6] + rng.choice((BAD_MAC, rng.randbytes(6))) + f[12:]
            kind += "+srcmac"
        proto = None
        if rng.random() < 0.2:
            proto = rng.choice((ETH_P_IP, ETH_P_IPV6, ETH_P_ARP, ETH_P_8021Q,
                                ETH_P_8021AD, ETH_P_ALL, 0x0000, 0x88B5,
                                rng.randrange(65536)))
        r = rng.random()
        vnet = None
        if r < 0.25:
            path = "vnet"
            vnet = self.rnd_vnet(rng, f)
            if vnet[1] != GSO_NONE and rng.random() < 0.7:
                f += rng.randbytes(rng.choice((1500, 3000, 6000)))
        elif r < 0.35 and self.vlan_devs:
            path = "vlan:" + rng.choice(self.vlan_devs)
        elif r < 0.45 and self.have_inject:
            path = "inject"
            if rng.random() < 0.3:
                f = f + rng.randbytes(rng.choice((1480, 1487, 1488, 1600,
                                                  4000)))
            elif rng.random() < 0.3:
                f = f[:rng.randrange(0, 15)]
        else:
            path = "raw"
        if path == "raw" and len(f) > 1514 + 4:
            f = f[:1514]
        return Send(index, "random/" + kind, path, f, proto, vnet)


##############################################################################
# Attack templates: each aims at one spot a checker may miss. The oracle,
# not the template, decides what is a violation; the comment says which.

def _t_csum_ip4(g, rng, i, name):
    # NEEDS_CSUM with csum_start 20 (frame offset) and csum_offset 8: the
    # checksum the parent writes lands on the last two bytes of the (legit,
    # checked) source address; a compensation word in the payload makes it
    # 0x0263, so 192.0.2.10 leaves as 192.0.2.99.
    src, dst = a4(V4_OWN), a4(V4_WIRE)
    final = ip4_hdr(a4("192.0.2.99"), dst, 17, 8 + 32)
    hdr = final[:12] + src + final[16:]        # checksum valid after rewrite
    f = eth(BCAST, g.mac, ETH_P_IP, hdr + udp(47899, 47890,
                                               b"VNICFUZZ-CSUM4" + b"\0" * 18))
    return _csum_send(i, name, f, 20, 8, 14 + 20 + 8 + 16, 0x0263)


def _csum_send(i, name, f, cstart, coff, comp_at, want):
    """F sent with a partial checksum at CSTART/COFF that comes out as
    WANT (compensated at COMP_AT)."""
    return Send(i, name, "vnet", compensate(f, cstart, coff, comp_at, want),
                vnet=vnet_hdr(VNET_F_NEEDS_CSUM, 0, 0, 0, cstart, coff))


def _t_csum_ip6(g, rng, i, name):
    # The same on the last two bytes of an IPv6 source (2001:db8::10 ->
    # 2001:db8::99): frame offset 36 = csum_start 20 + csum_offset 16.
    src, dst = a6(V6_OWN), a6(V6_WIRE)
    f = eth(mcast_mac6(dst), g.mac, ETH_P_IPV6, ip6_pkt(
        src, dst, 17, udp(47899, 47891, b"VNICFUZZ-CSUM6" + b"\0" * 18)))
    return _csum_send(i, name, f, 20, 16, 14 + 40 + 8 + 16, 0x0099)


def _t_csum_arp(g, rng, i, name):
    # ... on the first two bytes of an ARP sender hardware address.
    f = eth(BCAST, g.mac, ETH_P_ARP, arp_body(g.mac, a4(V4_OWN), a4(V4_WIRE))
            + b"\0" * 18)
    return _csum_send(i, name, f, 20, 2, 14 + 28 + 2, 0x02BA)


def _t_csum_arp_spa(g, rng, i, name):
    # ... on the first half of the ARP sender IP (192.0 -> 198.51).
    f = eth(BCAST, g.mac, ETH_P_ARP, arp_body(g.mac, a4(V4_OWN), a4(V4_WIRE))
            + b"\0" * 18)
    return _csum_send(i, name, f, 20, 8, 14 + 28 + 2, 0xC633)


def _t_csum_na_tlla(g, rng, i, name):
    # ... inside an NA's target link-layer address option.
    src, dst = a6(V6_OWN), a6("ff02::1")
    up = icmp6(src, dst, 136, nd_body(136, src, opts=lla_opt(2, g.mac)) +
               b"\0" * 8)
    f = eth(mcast_mac6(dst), g.mac, ETH_P_IPV6, ip6_pkt(src, dst, 58, up,
                                                        hlim=255))
    f = f[:14 + 4] + struct.pack("!H", len(up) - 8) + f[14 + 6:]  # hide pad
    opt = 14 + 40 + 24
    # option bytes 2..3 = the MAC's first two bytes: 02 ba (BAD_MAC)
    cst = 20
    return _csum_send(i, name, f, cst, opt + 2 - cst, len(f) - 2, 0x02BA)


def _nd_frame(g, src, dst, typ, tgt, opts, chain=(), frag_off=0, more=False,
              dest=None):
    up = icmp6(src, dst, typ, nd_body(typ, tgt, dest or a6(V6_WIRE), opts))
    return eth(mcast_mac6(dst), g.mac, ETH_P_IPV6,
               ip6_chain(src, dst, list(chain), 58, up, frag_off, more))


def _t_ext_na_target(g, rng, i, name):
    # An NA for a foreign target behind a Destination Options header.
    return Send(i, name, "raw", _nd_frame(g, a6(V6_OWN), a6("ff02::1"), 136,
                                          a6(V6_FOREIGN),
                                          lla_opt(2, g.mac), chain=(60,)))


def _t_ext_na_tlla(g, rng, i, name):
    # An NA for our address whose TLLA is a foreign MAC, behind Hop-by-Hop.
    return Send(i, name, "raw", _nd_frame(g, a6(V6_OWN), a6("ff02::1"), 136,
                                          a6(V6_OWN), lla_opt(2, BAD_MAC),
                                          chain=(0,)))


def _t_ext_ns_slla(g, rng, i, name):
    # An NS with a foreign SLLA behind a Routing header.
    return Send(i, name, "raw", _nd_frame(g, a6(V6_OWN), snm(a6(V6_WIRE)),
                                          135, a6(V6_WIRE),
                                          lla_opt(1, BAD_MAC), chain=(43,)))


def _t_ext_rs_frag(g, rng, i, name):
    # A fragmented RS (atomic fragment) with a foreign SLLA.
    return Send(i, name, "raw", _nd_frame(g, g.ll, a6("ff02::2"), 133, None,
                                          lla_opt(1, BAD_MAC), chain=(44,)))


def _t_frag_na(g, rng, i, name):
    # A first fragment of a legit-looking NA (fragmented ND).
    return Send(i, name, "raw", _nd_frame(g, a6(V6_OWN), a6("ff02::1"), 136,
                                          a6(V6_OWN), lla_opt(2, g.mac),
                                          chain=(44,), more=True))


def _t_unspec_hbh_udp(g, rng, i, name):
    # From :: with Hop-by-Hop, then UDP (the :: exemption, not ND/MLD).
    src, dst = b"\0" * 16, a6(V6_WIRE)
    up = l4_csum6(src, dst, 17, udp(47899, 47891, b"VNICFUZZ-UNSPEC"), 6)
    return Send(i, name, "raw", eth(mcast_mac6(dst), g.mac, ETH_P_IPV6,
                                    ip6_chain(src, dst, [0], 17, up)))


def _t_unspec_echo(g, rng, i, name):
    # From :: straight to ICMPv6 echo request.
    src, dst = b"\0" * 16, a6(V6_WIRE)
    up = icmp6(src, dst, 128, struct.pack("!HH", 1, 1) + b"VNICFUZZ")
    return Send(i, name, "raw", eth(mcast_mac6(dst), g.mac, ETH_P_IPV6,
                                    ip6_pkt(src, dst, 58, up)))


def _t_unspec_na(g, rng, i, name):
    # An NA from :: for our own address.
    return Send(i, name, "raw", _nd_frame(g, b"\0" * 16, a6("ff02::1"), 136,
                                          a6(V6_OWN), lla_opt(2, g.mac)))


def _t_ra_slla(g, rng, i, name):
    # An RA from our link-local with a foreign SLLA.
    return Send(i, name, "raw", _nd_frame(g, g.ll, a6("ff02::1"), 134, None,
                                          lla_opt(1, BAD_MAC)))


def _t_redirect_tlla(g, rng, i, name):
    # A Redirect for our address naming a foreign MAC as its TLLA.
    return Send(i, name, "raw", _nd_frame(g, g.ll, a6(V6_WIRE), 137,
                                          a6(V6_OWN), lla_opt(2, BAD_MAC)))


def _t_redirect_target(g, rng, i, name):
    # A Redirect whose target (with a TLLA option, ours) is foreign.
    return Send(i, name, "raw", _nd_frame(g, g.ll, a6(V6_WIRE), 137,
                                          a6(V6_FOREIGN), lla_opt(2, g.mac)))


def _dhcp_frame(g, src=b"\0" * 4, dst=BCAST[:4], op=1, chaddr=None,
                ports=(68, 67), frag=0):
    l4 = udp(ports[0], ports[1], bootp(op, chaddr or g.mac))
    return eth(BCAST, g.mac, ETH_P_IP,
               ip4_pkt(src, dst, 17, l4, frag=frag))


def _t_dhcp_unicast(g, rng, i, name):
    # From 0.0.0.0, ports 68 -> 67, but to a unicast address.
    return Send(i, name, "raw", _dhcp_frame(g, dst=a4(V4_WIRE)))


def _t_dhcp_reply(g, rng, i, name):
    # From 0.0.0.0 68 -> 67 broadcast, but a BOOTREPLY (op 2).
    return Send(i, name, "raw", _dhcp_frame(g, op=2))


def _t_dhcp_chaddr(g, rng, i, name):
    # A DHCPDISCOVER for a foreign client MAC.
    return Send(i, name, "raw", _dhcp_frame(g, chaddr=BAD_MAC))


def _t_dhcp_frag(g, rng, i, name):
    # A first fragment (MF) from 0.0.0.0 that looks like DHCP.
    return Send(i, name, "raw", _dhcp_frame(g, frag=0x2000))


def _t_dhcp_frag_later(g, rng, i, name):
    # A non-first fragment from 0.0.0.0 whose data happens to start with
    # the bytes 00 44 00 43 (ports 68 -> 67).
    return Send(i, name, "raw", _dhcp_frame(g, frag=0x0010))


def _t_unspec_mld_ok(g, rng, i, name):
    # Positive control: an MLDv2 report from :: with HBH router alert.
    src, dst = b"\0" * 16, a6("ff02::16")
    up = icmp6(src, dst, 143, struct.pack("!HH", 0, 1) +
               struct.pack("!BBH", 4, 0, 0) + a6("ff02::1:ff00:10"))
    return Send(i, name, "raw", eth(mcast_mac6(dst), g.mac, ETH_P_IPV6,
                                    ip6_pkt(src, dst, 0, struct.pack(
                                        "!BBBBHBB", 58, 0, 5, 2, 0, 1, 0) +
                                        up, hlim=1)))


def _t_sll_mismatch(g, rng, i, name):
    # A foreign-source IPv4 frame sent with sll_protocol IPv6.
    l4 = udp(47899, 47890, b"VNICFUZZ-SLL")
    f = eth(BCAST, g.mac, ETH_P_IP, ip4_pkt(a4(V4_FOREIGN), a4(V4_WIRE), 17,
                                            l4))
    return Send(i, name, "raw", f, proto=ETH_P_IPV6)


def _tso(g, i, name, tag, size, gso_size):
    """A TSO frame from our address through the vnet socket."""
    l4 = tcp(40000, 80, tag + bytes(size))
    f = eth(BCAST, g.mac, ETH_P_IP, ip4_pkt(a4(V4_OWN), a4(V4_WIRE), 6, l4))
    return Send(i, name, "vnet", f, vnet=vnet_hdr(
        VNET_F_NEEDS_CSUM, GSO_TCPV4, 54, gso_size, 34, 16))


def _t_gso_tcp4(g, rng, i, name):
    # A legit TSO frame, gso_size 1000.
    return _tso(g, i, name, b"VNICFUZZ-GSO", 3000, 1000)


def _t_gso_big(g, rng, i, name):
    # A TSO frame whose segments would exceed the MTU (gso_size 4000).
    return _tso(g, i, name, b"VNICFUZZ-GSOBIG", 9000, 4000)


def _t_inband_qinq(g, rng, i, name):
    # Stacked in-band tags 802.1ad + 802.1Q.
    f = _dhcp_frame(g, src=a4(V4_OWN))
    return Send(i, name, "raw", f[:12] + struct.pack(
        "!HHHH", ETH_P_8021AD, 10, ETH_P_8021Q, 20) + f[12:])


def _t_vlan_dev(g, rng, i, name):
    # A legit frame through a VLAN device on the vnic (tag from the stack).
    f = eth(BCAST, g.mac, ETH_P_IP, ip4_pkt(a4(V4_OWN), a4(V4_WIRE), 17,
                                            udp(47899, 47890, b"VNICFUZZ")))
    return Send(i, name, "vlan:" + g.vlan_devs[i % len(g.vlan_devs)], f)


def _ip4_version(f, ver):
    """F with the IP version nibble set to VER (the header checksum
    stays valid for version 4 only: nothing checks it before a receiver)."""
    return f[:14] + bytes([ver << 4 | (f[14] & 15)]) + f[15:]


def _t_ip4_version(ver):
    # Ethertype IPv4, an IPv4 header from our address, version VER.
    def t(g, rng, i, name):
        f = eth(BCAST, g.mac, ETH_P_IP, ip4_pkt(
            a4(V4_OWN), a4(V4_WIRE), 17, udp(47899, 47890,
                                             b"VNICFUZZ-IPVER")))
        return Send(i, name, "raw", _ip4_version(f, ver))
    return t


def _t_ip4_version_dhcp(ver):
    # A DHCPDISCOVER for our MAC from 0.0.0.0 (68 -> 67, broadcast) whose
    # IP version is VER: the DHCP exemption must not see an IPv4 header.
    def t(g, rng, i, name):
        return Send(i, name, "raw", _ip4_version(_dhcp_frame(g), ver))
    return t


def _t_ip4_carries_ip6(g, rng, i, name):
    # Ethertype IPv4, an IPv6 header whose bytes read as IPv4 make an
    # allowed one: first byte 0x65 (version 6, traffic class 0x5.: "IHL
    # 5"), source 2001:db8:c000:20a::66, whose bytes 4..7 sit where an
    # IPv4 source would be (192.0.2.10).
    src, dst = a6("2001:db8:c000:20a::66"), a6(V6_WIRE)
    up = l4_csum6(src, dst, 17, udp(47899, 47891, b"VNICFUZZ-4IN6"), 6)
    b = bytearray(ip6_pkt(src, dst, 17, up))
    b[0], b[1] = 0x65, 0x00
    return Send(i, name, "raw", eth(BCAST, g.mac, ETH_P_IP, bytes(b)))


def _t_ip6_carries_ip4(g, rng, i, name):
    # Ethertype IPv6, a DHCPDISCOVER for our MAC from 0.0.0.0 (an IPv4
    # header, version 4).
    f = _dhcp_frame(g)
    return Send(i, name, "raw", f[:12] + struct.pack("!H", ETH_P_IPV6) +
                f[14:] + b"\0" * 20)


def _mld_report(src, dst):
    return icmp6(src, dst, 143, struct.pack("!HH", 0, 1) +
                 struct.pack("!BBH", 4, 0, 0) + a6("ff02::1:ff00:10"))


def _t_ext_past_plen_mld(g, rng, i, name):
    # From :: to ff02::16: Hop-by-Hop (router alert), then a Routing
    # header of 24 bytes of which the payload length covers 8, then bytes
    # that look like an MLDv2 report. A receiver trims to the payload
    # length: the Routing header is truncated, there is no MLD.
    src, dst = b"\0" * 16, a6("ff02::16")
    hbh = struct.pack("!BBBBHBB", 43, 0, 5, 2, 0, 1, 0)
    rt = struct.pack("!BBBBI", 58, 2, 0, 0, 0) + a6(V6_WIRE)
    body = ip6_pkt(src, dst, 0, hbh + rt + _mld_report(src, dst),
                   plen=len(hbh) + 8, hlim=1)
    return Send(i, name, "raw", eth(mcast_mac6(dst), g.mac, ETH_P_IPV6,
                                    body))


def _t_icmp_past_plen_mld(g, rng, i, name):
    # The same with a Routing header that ends exactly at the payload
    # length: the MLD report's ICMPv6 header lies past it.
    src, dst = b"\0" * 16, a6("ff02::16")
    hbh = struct.pack("!BBBBHBB", 43, 0, 5, 2, 0, 1, 0)
    rt = struct.pack("!BBBBI", 58, 2, 0, 0, 0) + a6(V6_WIRE)
    body = ip6_pkt(src, dst, 0, hbh + rt + _mld_report(src, dst),
                   plen=len(hbh + rt), hlim=1)
    return Send(i, name, "raw", eth(mcast_mac6(dst), g.mac, ETH_P_IPV6,
                                    body))


def _t_ext_past_plen_na(g, rng, i, name):
    # From our address: a Destination Options header of 16 bytes of which
    # the payload length covers 8, then an NA for a foreign target.
    src, dst = a6(V6_OWN), a6("ff02::1")
    up = icmp6(src, dst, 136, nd_body(136, a6(V6_FOREIGN),
                                      opts=lla_opt(2, g.mac)))
    dopt = struct.pack("!BB", 58, 1) + b"\x01\x0c" + b"\0" * 12
    body = ip6_pkt(src, dst, 60, dopt + up, plen=8)
    return Send(i, name, "raw", eth(mcast_mac6(dst), g.mac, ETH_P_IPV6,
                                    body))


def _t_gso_dhcp(chaddr2):
    # A UDP GSO packet (PACKET_VNET_HDR: UDP_L4, gso_size 300, csum_start
    # 34, csum_offset 6, hdr_len 42, the pseudo-header sum in the UDP
    # checksum field) from 0.0.0.0:68 to 255.255.255.255:67: the first
    # segment a DHCPDISCOVER for our MAC, the second a BOOTREQUEST for
    # CHADDR2 (None: ours too; the vnic refuses it all the same).
    def t(g, rng, i, name):
        src, dst = b"\0" * 4, BCAST[:4]
        data = bootp(1, g.mac).ljust(300, b"\0") + \
            bootp(1, chaddr2 or g.mac, xid=0x56000001)
        u = udp(68, 67, data)
        ps = onesum(ph4(src, dst, 17, len(u)))
        u = u[:6] + struct.pack("!H", ps) + u[8:]
        f = eth(BCAST, g.mac, ETH_P_IP, ip4_pkt(src, dst, 17, u))
        return Send(i, name, "vnet", f, vnet=vnet_hdr(
            VNET_F_NEEDS_CSUM, GSO_UDP_L4, 42, 300, 34, 6))
    return t


def _t_ind(typ, slla, tlla, chain=()):
    # Inverse ND (RFC 3122) from our address with link-layer options
    # (source, target) naming SLLA and TLLA (None: ours).
    def t(g, rng, i, name):
        opts = lla_opt(1, slla or g.mac) + lla_opt(2, tlla or g.mac)
        dst = a6("ff02::1") if typ == 141 else a6(V6_WIRE)
        return Send(i, name, "raw", _nd_frame(g, a6(V6_OWN), dst, typ, None,
                                              opts, chain=chain))
    return t


TEMPLATES = [
    ("csum-ip4-src", _t_csum_ip4),
    ("csum-ip6-src", _t_csum_ip6),
    ("csum-arp-sha", _t_csum_arp),
    ("csum-arp-spa", _t_csum_arp_spa),
    ("csum-na-tlla", _t_csum_na_tlla),
    ("ext-na-target", _t_ext_na_target),
    ("ext-na-tlla", _t_ext_na_tlla),
    ("ext-ns-slla", _t_ext_ns_slla),
    ("ext-rs-frag", _t_ext_rs_frag),
    ("frag-na", _t_frag_na),
    ("unspec-hbh-udp", _t_unspec_hbh_udp),
    ("unspec-echo", _t_unspec_echo),
    ("unspec-na", _t_unspec_na),
    ("ra-slla", _t_ra_slla),
    ("redirect-tlla", _t_redirect_tlla),
    ("redirect-target", _t_redirect_target),
    ("dhcp-unicast", _t_dhcp_unicast),
    ("dhcp-reply", _t_dhcp_reply),
    ("dhcp-chaddr", _t_dhcp_chaddr),
    ("dhcp-frag", _t_dhcp_frag),
    ("dhcp-frag-later", _t_dhcp_frag_later),
    ("mld-unspec-ok", _t_unspec_mld_ok),
    ("sll-mismatch", _t_sll_mismatch),
    ("gso-tcp4", _t_gso_tcp4),
    ("gso-big", _t_gso_big),
    ("inband-qinq", _t_inband_qinq),
    ("vlan-dev", _t_vlan_dev),
    ("ip4-version0", _t_ip4_version(0)),
    ("ip4-version7", _t_ip4_version(7)),
    ("ip4-version15", _t_ip4_version(15)),
    ("ip4-version2-dhcp", _t_ip4_version_dhcp(2)),
    ("ip4-version6-dhcp", _t_ip4_version_dhcp(6)),
    ("ip4-version0-dhcp", _t_ip4_version_dhcp(0)),
    ("ip4-carries-ip6", _t_ip4_carries_ip6),
    ("ip6-carries-ip4", _t_ip6_carries_ip4),
    ("ext-past-plen-mld", _t_ext_past_plen_mld),
    ("icmp-past-plen-mld", _t_icmp_past_plen_mld),
    ("ext-past-plen-na", _t_ext_past_plen_na),
    ("gso-dhcp-chaddr", _t_gso_dhcp(BAD_MAC)),
    ("gso-dhcp-own", _t_gso_dhcp(None)),
    ("ind-sol-slla", _t_ind(141, BAD_MAC, None)),
    ("ind-adv-tlla", _t_ind(142, None, BAD_MAC)),
    ("ind-adv-tlla-ext", _t_ind(142, None, BAD_MAC, chain=(60,))),
    ("ind-sol-ok", _t_ind(141, None, None)),
]


##############################################################################
# The oracle

# Where the options of an ND message start; Inverse ND (RFC 3122, 141 and
# 142) carries link-layer address options too.
ND_TYPES = {133: 8, 134: 16, 135: 24, 136: 24, 137: 40, 141: 8, 142: 8}
UNSPEC_OK = (131, 132, 133, 135, 143)
EXT_HDRS = (0, 43, 44, 60, 51)
TRUNC_EXT = "truncated extension header"
PAST_PLEN = "extension header past the payload length"


def walk6(f, p, end, nh):
    """Walk IPv6 extension headers from P. Returns (upper nh or None when
    unknown, its offset, fragmented?, why-unknown). Every header must end
    by END, where a receiver trims the packet (the payload length)."""
    frag = False
    for _ in range(16):
        if nh not in EXT_HDRS:
            return nh, p, frag, None
        if p + 8 > end:
            return None, p, frag, TRUNC_EXT
        nxt = f[p]
        if nh == 44:
            frag = True
            off = struct.unpack("!H", f[p + 2:p + 4])[0] >> 3
            if off:
                return None, p, frag, "non-first fragment"
            hl = 8
        elif nh == 51:
            hl = (f[p + 1] + 2) * 4
        else:
            hl = (f[p + 1] + 1) * 8
        if p + hl > end:
            return None, p, frag, PAST_PLEN
        nh, p = nxt, p + hl
    return None, p, frag, "too many extension headers"


def check(pol, f, gso_seg=None):
    """Violations of POL by wire frame F: a list of (rule, detail)."""
    v = []
    if len(f) < 14:
        return [("runt", f"{len(f)} bytes")]
    if f[6:12] != pol.mac:
        v.append(("eth-src", hexmac(f[6:12])))
    off = 12
    tags = []
    while off + 4 <= len(f):
        et = struct.unpack("!H", f[off:off + 2])[0]
        if et not in VLAN_TPIDS:
            break
        tags.append((et, struct.unpack("!H", f[off + 2:off + 4])[0]))
        off += 4
    if off + 2 > len(f):
        return v + [("runt", "truncated VLAN tag")]
    et = struct.unpack("!H", f[off:off + 2])[0]
    off += 2
    if pol.vlan:
        if len(tags) != 1 or tags[0][0] != ETH_P_8021Q or \
                tags[0][1] & 0xFFF != pol.vlan:
            v.append(("vlan", f"tags {tags}, port VLAN {pol.vlan}"))
    elif tags:
        v.append(("vlan", f"tags {[(hex(a), b) for a, b in tags]}"))
    l3len = len(f) - off
    if gso_seg is not None:
        l3len = gso_seg - off
    if l3len > pol.mtu:
        v.append(("mtu", f"{l3len} bytes of L3 > MTU {pol.mtu}"
                  + (" (GSO segment)" if gso_seg is not None else "")))
    if pol.ethertypes and et not in pol.ethertypes:
        return v + [("ethertype", f"0x{et:04x}")]
    if et == ETH_P_IP:
        v += check_ip4(pol, f, off)
    elif et == ETH_P_ARP:
        v += check_arp(pol, f, off)
    elif et == ETH_P_IPV6:
        v += check_ip6(pol, f, off)
    return v


def check_ip4(pol, f, off):
    if len(f) < off + 20:
        return [("ip4-short", f"{len(f) - off} bytes")]
    ihl = (f[off] & 15) * 4
    src = f[off + 12:off + 16]
    if f[off] >> 4 != 4 or ihl < 20:
        return [("ip4-malformed", f"version/ihl byte 0x{f[off]:02x}, "
                 f"source {socket.inet_ntoa(src)}")]
    if pol.ip4_ok(src):
        return []
    if src != b"\0" * 4:
        return [("ip4-src", socket.inet_ntoa(src))]
    # 0.0.0.0: only a DHCP client's BOOTREQUEST broadcast, not a fragment.
    why = None
    u = off + ihl
    if f[off + 9] != 17:
        why = f"protocol {f[off + 9]}"
    elif struct.unpack("!H", f[off + 6:off + 8])[0] & 0x3FFF:
        why = "a fragment"
    elif f[off + 16:off + 20] != BCAST[:4]:
        why = f"to {socket.inet_ntoa(f[off + 16:off + 20])}"
    elif len(f) < u + 8 + 34:
        why = "short"
    elif struct.unpack("!HH", f[u:u + 4]) != (68, 67):
        why = "ports %d->%d" % struct.unpack("!HH", f[u:u + 4])
    elif f[u + 8] != 1:
        why = f"BOOTP op {f[u + 8]}"
    elif f[u + 8 + 28:u + 8 + 34] != pol.mac:
        why = f"chaddr {hexmac(f[u + 8 + 28:u + 8 + 34])}"
    return [("ip4-src-0.0.0.0", f"not a DHCP client broadcast: {why}")] \
        if why else []


def check_arp(pol, f, off):
    if len(f) < off + 8:
        return [("arp-malformed", f"{len(f) - off} bytes")]
    htype, ptype, hlen, plen = struct.unpack("!HHBB", f[off:off + 6])
    if (htype, ptype, hlen, plen) != (1, ETH_P_IP, 6, 4):
        return [("arp-malformed", f"htype {htype} ptype 0x{ptype:04x} "
                 f"hlen {hlen} plen {plen}")]
    if len(f) < off + 28:
        return [("arp-malformed", f"{len(f) - off} bytes")]
    v = []
    if f[off + 8:off + 14] != pol.mac:
        v.append(("arp-sha", hexmac(f[off + 8:off + 14])))
    spa = f[off + 14:off + 18]
    if spa != b"\0" * 4 and not pol.ip4_ok(spa):
        v.append(("arp-spa", socket.inet_ntoa(spa)))
    return v


def check_ip6(pol, f, off):
    if len(f) < off + 40:
        return [("ip6-short", f"{len(f) - off} bytes")]
    src = f[off + 8:off + 24]
    if f[off] >> 4 != 6:
        # A receiver takes the ethertype's word for it and drops the rest.
        return [("ip6-malformed", f"version {f[off] >> 4}, source "
                 f"{ipaddress.IPv6Address(src)}")]
    plen = struct.unpack("!H", f[off + 4:off + 6])[0]
    end = min(off + 40 + plen, len(f)) if plen else len(f)
    nh, p, frag, unknown = walk6(f, off + 40, end, f[off + 6])
    v = []
    if unknown in (TRUNC_EXT, PAST_PLEN):
        # What parses past the payload length (a receiver trims there)
        # is not what a receiver sees: an MLD report from :: after a
        # Routing header that claims more than the payload length.
        v.append(("ip6-malformed", f"{unknown} (payload length {plen}, "
                  f"header at {p - off - 40} of the payload)"))
    typ = f[p] if nh == 58 and p + 4 <= end else None
    if not pol.ip6_ok(src):
        s = str(ipaddress.IPv6Address(src))
        if src != b"\0" * 16:
            v.append(("ip6-src", s))
        elif typ not in UNSPEC_OK:
            v.append(("ip6-src-::", "from :: but " + (
                unknown or (f"ICMPv6 type {typ}" if typ is not None
                            else f"next header {nh}"))))
    if typ not in ND_TYPES:
        return v
    if frag:
        v.append(("nd-fragmented", f"ICMPv6 type {typ} in a fragment"))
    o = p + ND_TYPES[typ]
    if o > end:
        return v        # too short to be parsed as ND by anyone
    tlla = False
    while o + 2 <= end:
        ot, ol = f[o], f[o + 1] * 8
        if not ol or o + ol > end:
            break       # receivers discard the whole message
        if ot in (1, 2):
            tlla |= ot == 2
            if f[o + 2:o + 8] != pol.mac:
                v.append(("nd-lladdr", f"ICMPv6 type {typ} option {ot} "
                          f"names {hexmac(f[o + 2:o + 8])}"))
        o += ol
    if typ == 136 or (typ == 137 and tlla):
        tgt = f[p + 8:p + 24]
        if not pol.ip6_ok(tgt):
            v.append(("nd-target", f"ICMPv6 type {typ} target "
                      f"{ipaddress.IPv6Address(tgt)}"))
    return v


##############################################################################
# Frames as records, and files of them

FAST_ABOVE = 20000      # --batch auto: books per send up to this count
FRAMES_MAGIC = b"VNIC-TXFUZZ-FRAMES 1 "


def rec_of(s):
    return (s.index, s.path, s.proto, s.label, s.frame, s.vnet)


def send_of(r):
    return Send(r[0], r[3], r[1], r[4], r[2], r[5])


def write_frames(path, gen, meta, start, count, chunk=5000):
    """Frames START.. of GEN into PATH: a header line (META, start, count),
    then marshal'ed lists of records, CHUNK each."""
    hdr = dict(meta, start=start, count=count)
    with open(path + ".tmp", "wb") as f:
        f.write(FRAMES_MAGIC + json.dumps(hdr, sort_keys=True).encode() +
                b"\n")
        for b in range(start, start + count, chunk):
            marshal.dump([rec_of(gen.frame(i))
                          for i in range(b, min(b + chunk, start + count))],
                         f)
    os.rename(path + ".tmp", path)


def read_frames(path, meta, start, count, n):
    """Lists of N records, frames START..START+COUNT-1, from a file of
    write_frames() built for META (the same seed, MAC, devices)."""
    with open(path, "rb") as f:
        line = f.readline()
        if not line.startswith(FRAMES_MAGIC):
            raise RuntimeError(f"{path}: not a vnic_txfuzz.py frames file")
        hdr = json.loads(line[len(FRAMES_MAGIC):])
        fs, fc = hdr.pop("start"), hdr.pop("count")
        if hdr != meta:
            raise RuntimeError(f"{path} was built for {hdr}, this run is "
                               f"{meta}")
        if start < fs or start + count > fs + fc:
            raise RuntimeError(f"{path} holds frames {fs}..{fs + fc - 1}, "
                               f"not {start}..{start + count - 1}")
        out = []
        left = count
        while left:
            recs = marshal.load(f)
            if recs[-1][0] < start:
                continue
            for r in recs:
                if r[0] < start:
                    continue
                out.append(r)
                left -= 1
                if not left:
                    break
                if len(out) == n:
                    yield out
                    out = []
        if out:
            yield out


##############################################################################
# Running it

_libc = ctypes.CDLL(None, use_errno=True)
_ORIG_NS = None


def enter_ns(name):
    """Switch this (single-threaded) process to netns NAME (None: back)."""
    global _ORIG_NS
    if _ORIG_NS is None:
        _ORIG_NS = os.open("/proc/self/ns/net", os.O_RDONLY)
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY) if name else _ORIG_NS
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, f"setns {name}: {os.strerror(e)}")
    finally:
        if name:
            os.close(fd)


class LinkStats:
    """tx_packets/tx_dropped of a link over rtnetlink, RTM_GETSTATS with
    only IFLA_STATS_LINK_64 (a fraction of an RTM_GETLINK answer). The
    socket stays in the netns it was made in."""

    def __init__(self, ifname):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        self.s.bind((0, 0))
        self.ifindex = socket.if_nametoindex(ifname)
        self.seq = 0

    def get(self):
        self.seq += 1
        # struct if_stats_msg, filter_mask 1 << (IFLA_STATS_LINK_64 - 1)
        ism = struct.pack("=BxHII", 0, 0, self.ifindex, 1)
        self.s.send(struct.pack("=IHHII", 16 + len(ism), 94, 1, self.seq, 0)
                    + ism)
        while True:
            d = self.s.recv(65536)
            ln, typ, _fl, seq, _pid = struct.unpack("=IHHII", d[:16])
            if seq == self.seq:
                break
        if typ == 2:
            raise OSError("RTM_GETSTATS failed")
        p = 28
        while p + 4 <= ln:
            alen, atyp = struct.unpack("=HH", d[p:p + 4])
            if atyp == 1:           # IFLA_STATS_LINK_64
                st = struct.unpack("=8Q", d[p + 4:p + 68])
                return st[1], st[7]
            p += (alen + 3) & ~3
        raise OSError("no IFLA_STATS_LINK_64")


class ReasonStats:
    """The vnic's TX drop-reason counters through ethtool -S (SIOCETHTOOL
    ETHTOOL_GSTATS, one ioctl; in the current ns): cheap enough to read
    after every send, so that each refused frame is tied to its reason.
    vnicctl -j stats (the parent's netns) gives the totals."""

    def __init__(self, ifname):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.name = ifname.encode()
        drv = ctypes.create_string_buffer(196)
        struct.pack_into("=I", drv, 0, 0x03)            # ETHTOOL_GDRVINFO
        self._ioctl(drv)
        n = struct.unpack_from("=I", drv, 180)[0]       # n_stats
        strs = ctypes.create_string_buffer(12 + 32 * n)
        struct.pack_into("=III", strs, 0, 0x1B, 1, n)   # GSTRINGS, STATS
        self._ioctl(strs)
        names = [strs.raw[12 + 32 * i:44 + 32 * i].split(b"\0")[0].decode()
                 .replace("-", "_") for i in range(n)]
        self.keys = [k for k in DROP_KEYS if k in names]
        if len(self.keys) != len(DROP_KEYS):
            raise OSError(f"ethtool -S {ifname}: no "
                          f"{set(DROP_KEYS) - set(names)}")
        self.idx = [names.index(k) for k in self.keys]
        self.n = n
        self.buf = ctypes.create_string_buffer(8 + 8 * n)
        struct.pack_into("=II", self.buf, 0, 0x1D, n)  # ETHTOOL_GSTATS

    def _ioctl(self, buf):
        import fcntl
        ifr = struct.pack("16sP", self.name, ctypes.addressof(buf))
        fcntl.ioctl(self.s.fileno(), 0x8946, ifr + b"\0" * (40 - len(ifr)))

    def get(self):
        self._ioctl(self.buf)
        v = struct.unpack_from(f"={self.n}Q", self.buf, 8)
        return tuple(v[i] for i in self.idx)


def drop_stats(host_ns, vnicctl, vnic):
    out = subprocess.run(["ip", "netns", "exec", host_ns, vnicctl, "-j",
                          "stats", vnic], capture_output=True, text=True,
                         check=True).stdout
    res = {}
    for k in DROP_KEYS:
        m = re.search(r'"%s":\s*(\d+)' % k, out)
        if not m:
            raise RuntimeError(f"{k} missing from vnicctl -j stats: {out}")
        res[k] = int(m.group(1))
    return res


def link_counters(ns, dev):
    out = subprocess.run(["ip", "-n", ns, "-s", "-j", "link", "show", dev],
                         capture_output=True, text=True).stdout
    try:
        s = json.loads(out)[0]["stats64"]
        return {"tx_packets": s["tx"]["packets"],
                "tx_dropped": s["tx"]["dropped"],
                "rx_packets": s["rx"]["packets"],
                "rx_dropped": s["rx"]["dropped"]}
    except (ValueError, KeyError, IndexError):
        return {}


class Capture:
    def __init__(self, ifname):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ALL))
        s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
        s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        try:
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
        s.bind((ifname, ETH_P_ALL))
        s.setblocking(False)
        self.rcvbuf = s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        self.s = s
        self.drops = 0
        self.stats()

    def stats(self):
        """tp_drops since the last call (the kernel resets on read)."""
        b = self.s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
        _pk, dr = struct.unpack("=II", b)
        self.drops += dr
        return dr

    def drain(self):
        """Frames received so far: (wire frame, vnet header, outgoing?)."""
        out = []
        while True:
            try:
                data, anc, _fl, addr = self.s.recvmsg(65536 + 64,
                                                      socket.CMSG_SPACE(20))
            except BlockingIOError:
                return out
            vh, fr = data[:10], data[10:]
            for lvl, typ, cd in anc:
                if lvl == SOL_PACKET and typ == PACKET_AUXDATA and \
                        len(cd) >= 20:
                    st, _l, _sn, _m, _n, tci, tpid = struct.unpack(
                        "=IIIHHHH", cd[:20])
                    if st & TP_STATUS_VLAN_VALID or tci:
                        if not st & TP_STATUS_VLAN_TPID_VALID:
                            tpid = ETH_P_8021Q
                        vh = vh + struct.pack("!HH", tpid, tci)
            out.append((fr, vh, addr[2] == PACKET_OUTGOING))


def gso_hdr_len(fr, gso, cstart):
    """The headers every segment of a GSO frame repeats: up to the end of
    the transport header (at csum_start: hdr_len is only the linear part
    on receive)."""
    thl = 8
    if gso & 0x7F in (GSO_TCPV4, GSO_TCPV6) and cstart + 13 <= len(fr):
        thl = max(20, (fr[cstart + 12] >> 4) * 4)
    return cstart + thl


def later_segments(fr, gso, gso_size, cstart):
    """The segments after the first of GSO frame FR, as the parent (or its
    NIC) cuts them: the headers again (their length fields set), then the
    next gso_size bytes of the payload. Their payload is what the checker
    never read: a BOOTREQUEST for a foreign MAC in the second segment of
    a DHCP packet from 0.0.0.0. TCP and UDP_L4 only: UFO (3) makes IP
    fragments, but neither the vnic nor the capture (virtio_net_hdr_from_
    skb(), a tp_drop) takes it."""
    g = gso & 0x7F
    if g not in (GSO_TCPV4, GSO_TCPV6, GSO_UDP_L4) or not gso_size:
        return []
    hl = gso_hdr_len(fr, gso, cstart)
    if hl >= len(fr) or len(fr) - hl <= gso_size:
        return []
    off = 12
    while off + 4 <= hl and struct.unpack("!H", fr[off:off + 2])[0] in \
            VLAN_TPIDS:
        off += 4
    et = struct.unpack("!H", fr[off:off + 2])[0] if off + 2 <= hl else 0
    ip = off + 2
    out = []
    for k in range(gso_size, len(fr) - hl, gso_size):
        s = bytearray(fr[:hl] + fr[hl + k:hl + k + gso_size])
        if et == ETH_P_IP and ip + 4 <= hl:
            s[ip + 2:ip + 4] = struct.pack("!H", (len(s) - ip) & 0xFFFF)
        elif et == ETH_P_IPV6 and ip + 6 <= hl:
            s[ip + 4:ip + 6] = struct.pack("!H",
                                           (len(s) - ip - 40) & 0xFFFF)
        if g == GSO_UDP_L4 and cstart + 6 <= hl:
            s[cstart + 4:cstart + 6] = struct.pack(
                "!H", (len(s) - cstart) & 0xFFFF)
        out.append(bytes(s))
    return out


def to_wire(fr, vh):
    """The frame as a wire would carry it: pending checksum written, the
    offloaded VLAN tag put in band. Returns (frame, gso segment length or
    None, note, the later segments of a GSO frame)."""
    flags, gso, hdr_len, gso_size, cstart, coff = struct.unpack(
        "<BBHHHH", vh[:10])
    note = []
    if flags & VNET_F_NEEDS_CSUM:
        fr = partial_csum(fr, cstart, coff)
        note.append(f"csum {cstart}+{coff}")
    seg = None
    later = []
    if gso & 0x7F:
        # One segment: the headers, then gso_size bytes.
        seg = min(len(fr), gso_hdr_len(fr, gso, cstart) + gso_size)
        later = later_segments(fr, gso, gso_size, cstart)
        note.append(f"gso {gso:#x} size {gso_size}"
                    + (f", {len(later) + 1} segments" if later else ""))
    if len(vh) >= 14:
        tpid, tci = struct.unpack("!HH", vh[10:14])

        def tag(f):
            return f[:12] + struct.pack("!HH", tpid, tci) + f[12:]
        fr = tag(fr)
        later = [tag(x) for x in later]
        if seg is not None:
            seg += 4
        note.append(f"hwaccel tag {tpid:#06x}/{tci}")
    return fr, seg, ", ".join(note), later


def check_wire(pol, fr, vh):
    """The rules wire frame FR (captured with vnet header VH) breaks:
    (frame as the wire carries it, note, rules). A GSO frame is checked
    as it is (its first segment: the MTU) and each later segment on its
    own, a rule counted once a frame."""
    wf, seg, note, later = to_wire(fr, vh)
    rules = check(pol, wf, seg)
    seen = {r for r, _ in rules}
    for k, sf in enumerate(later, 2):
        for r, d in check(pol, sf):
            if r not in seen:
                seen.add(r)
                rules.append((r, f"{d} (GSO segment {k} of "
                              f"{len(later) + 1})"))
    return wf, note, rules


class Runner:
    def __init__(self, a):
        self.a = a
        self.vlan_devs = [d for d in (a.vlan_devs or "").split(",") if d]
        enter_ns(a.tenant_ns)
        try:
            mac = bytes.fromhex(open(f"/sys/class/net/{a.vnic}/address")
                                .read().strip().replace(":", ""))
        except OSError:
            # /sys shows the netns of its mounter: ask the kernel instead.
            mac = mac_bytes(subprocess.run(
                ["ip", "-n", a.tenant_ns, "-j", "link", "show", a.vnic],
                capture_output=True, text=True, check=True).stdout.split(
                    '"address":"')[1].split('"')[0])
        self.ls = LinkStats(a.vnic)
        self.rs = ReasonStats(a.vnic)
        self.raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        self.vnet = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        self.vnet.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
        self.dev_of = {"raw": a.vnic, "vnet": a.vnic, "inject": a.inject}
        for d in self.vlan_devs:
            self.dev_of["vlan:" + d] = d
        enter_ns(a.wire_ns)
        self.cap = Capture(a.wire_if)
        enter_ns(a.host_ns)
        self.ps = LinkStats(a.parent)
        enter_ns(None)
        self.pol = Policy(mac, [p for p in a.allow.split(",") if p], a.mtu,
                          [int(x, 0) for x in a.ethertypes.split(",") if x],
                          a.port_vlan)
        self.gen = Gen(a.seed, mac, self.vlan_devs, bool(a.inject),
                       a.template_every)
        self.viol = collections.Counter()
        self.viol_by = collections.Counter()
        self.causes = collections.Counter()
        self.others = self.viol_frames = 0
        self.printed = collections.Counter()
        self.acct_err = []
        self.wire = 0
        self.wire_out = 0
        self.results = collections.Counter()

    def sendone(self, s):
        sock = self.vnet if s.path == "vnet" else self.raw
        data = s.vnet + s.frame if s.path == "vnet" else s.frame
        try:
            sock.sendto(data, (self.dev_of[s.path], s.proto))
            return None
        except OSError as e:
            return e.strerror or str(e)

    def cause(self, s, rule, wf):
        """Which weakness of the checker let RULE be broken, as far as the
        frame tells: the frame as sent was fine and changed on the way
        (a pending checksum), or it was already bad and got through."""
        if s is None:
            return "OTHER (not attributable)"
        before = {r for r, _ in check(self.pol, s.frame)}
        later = set()
        if s.gso():
            _fl, gt, _hl, gs, cs, _co = struct.unpack("<BBHHHH", s.vnet)
            for sf in later_segments(s.frame, gt, gs, cs):
                later |= {r for r, _ in check(self.pol, sf)} - before
        if rule not in before | later:
            if s.vnet is not None and s.vnet[0] & VNET_F_NEEDS_CSUM:
                return "checksum written after the check"
            return "OTHER (changed after the check)"
        if rule in later:
            return "GSO segment not checked"
        if rule in ("ip4-malformed", "ip6-malformed"):
            return "malformed IP header passed"
        if rule == "ip4-src-0.0.0.0":
            return "wide DHCP exemption"
        if rule == "ip6-src-::":
            return ":: exemption"
        if rule.startswith("nd-"):
            off = 12
            while off + 4 <= len(wf) and struct.unpack(
                    "!H", wf[off:off + 2])[0] in VLAN_TPIDS:
                off += 4
            if len(wf) > off + 8 and wf[off + 8] != 58:
                return "extension headers hide ND"
            if len(wf) > off + 42 and wf[off + 42] in (134, 137):
                return "RA/Redirect not checked"
        return "OTHER"

    def report_violation(self, s, fr, note, rules, exact):
        for rule, detail in rules:
            c = self.cause(s, rule, fr)
            self.causes[c] += 1
            self.viol[rule] += 1
            if c.startswith("OTHER"):
                self.others += 1
                if self.others <= 10:
                    print(f"UNEXPLAINED violation {rule} ({c}): {detail}")
            lab = s.label if s else "(no send)"
            self.viol_by[(rule, lab.split("+")[0])] += 1
            key = (rule, lab.split("+")[0])
            self.printed[key] += 1
            if self.printed[key] > self.a.print_max:
                continue
            who = (f"seed {self.a.seed} index {s.index}"
                   f"{'' if exact else ' (probably)'}: {s.describe()}"
                   if s else "not attributable to a send")
            print(f"VIOLATION {rule}: {detail}\n  {who}\n"
                  f"  wire frame ({len(fr)} bytes{', ' + note if note else ''}"
                  f"): {hx(fr)}")
            if s and s.frame != fr:
                print(f"  sent frame ({len(s.frame)} bytes): {hx(s.frame)}")

    def oracle(self, s, sent_frames):
        for fr, vh, outgoing in self.cap.drain():
            if outgoing:
                self.wire_out += 1
                continue
            self.wire += 1
            if fr.find(END_MARKER) >= 0:
                self.end_seen = True
            wf, note, rules = check_wire(self.pol, fr, vh)
            if rules:
                self.viol_frames += 1
                exact = fr in sent_frames
                self.report_violation(s, wf, note, rules, exact)

    def run_all(self):
        """One phase per --offloads setting of the parent, same frames."""
        a = self.a
        if a.batch < 0:
            a.batch = 0 if a.count <= FAST_ABOVE else 5000
        sends = None
        if a.count <= 20000:
            sends = [send_of(r) for b in self.batches() for r in b]
        rc = 0
        for o in (a.offloads.split(",") if a.offloads else [""]):
            label = a.label
            if o:
                cmd = {"on": ["tx-checksumming", "on", "tso", "on"],
                       "off": ["tx-checksumming", "off"]}[o]
                subprocess.run(["ip", "netns", "exec", a.host_ns, "ethtool",
                                "-K", a.parent] + cmd, check=True,
                               capture_output=True)
                label = f"{label + ', ' if label else ''}offloads {o}"
            for attr in ("viol", "viol_by", "printed", "causes", "results"):
                setattr(self, attr, collections.Counter())
            self.acct_err, self.wire, self.wire_out = [], 0, 0
            self.others = self.viol_frames = 0
            if a.batch:
                rc |= self.run_fast(sends, label)
            else:
                rc |= self.run(sends, label)
        return rc

    def run(self, sends, label):
        a = self.a
        t0 = time.monotonic()
        d0 = drop_stats(a.host_ns, a.vnicctl, a.vnic)
        accepted = 0
        errors = collections.Counter()
        gso_sends = 0
        core_drops = 0          # tx_dropped under no reason, send failed
        gso_core = 0            # ... and within accepted GSO sends
        parent_drops = 0        # passed the vnic, refused by the parent
        by_reason = collections.Counter()
        into = 0                # frames the vnic passed or refused
        self.end_seen = False
        n = a.count
        first = self.read_all()
        last, rlast = first[:2], first[2]
        self.cap.drain()
        self.cap.stats()
        tp0 = time.monotonic()
        for k in range(n):
            i = a.start + k
            s = sends[k] if sends else self.gen.frame(i)
            err = self.sendone(s)
            now, rnow = self.ls.get(), self.rs.get()
            dp, dd = now[0] - last[0], now[1] - last[1]
            dr = [x - y for x, y in zip(rnow, rlast)]
            last, rlast = now, rnow
            drs = self.add_reasons(by_reason, dr)
            bad = None
            if err:
                errors[f"{s.path}: {err}"] += 1
                # Dropped by the stack on the way to the vnic's xmit (e.g.
                # validate_xmit_skb() cannot segment a GSO frame): counted
                # in the vnic's tx_dropped by the core, under no reason.
                core_drops += dd
                if dp or drs:
                    bad = f"send failed ({err}) but"
            elif s.gso():
                # The stack may segment it before the vnic: one count per
                # segment, some of them possibly dropped by the core.
                accepted += 1
                gso_sends += 1
                gso_core += dd - drs
                bad = self.gso_verdict(dp, dd, drs)
            else:
                accepted += 1
                if (dp, dd, drs) == (1, 0, 0):
                    self.results["passed"] += 1
                elif (dp, dd, drs) == (0, 1, 1):
                    self.results["refused"] += 1
                elif (dp, dd, drs) == (0, 1, 0):
                    parent_drops += 1
                else:
                    bad = "accepted, but"
            if not err:
                into += dp + drs
            if bad:
                self.acct_note(i, bad, dp, dd, drs, s)
            self.oracle(s, (s.frame,))
            if k % 256 == 255:
                self.cap.stats()
        tsend = time.monotonic() - tp0
        ends = self.end_marker(a.seed, a.start + n)
        if self.sendone(ends) is None:
            accepted += 1
            into += 1
        deadline = time.monotonic() + 10
        while not self.end_seen and time.monotonic() < deadline:
            select.select([self.cap.s], [], [], 0.2)
            self.oracle(None, ())
        time.sleep(0.3)
        self.oracle(None, ())
        self.cap.stats()
        fin = self.read_all()
        d1 = drop_stats(a.host_ns, a.vnicctl, a.vnic)
        dt = time.monotonic() - t0
        return self.report(label, {
            "n": n, "dt": dt, "tsend": tsend, "batches": 0,
            "accepted": accepted, "errors": errors, "gso_sends": gso_sends,
            "core_drops": core_drops, "batch_core": 0,
            "gso_core": gso_core, "parent_drops": parent_drops,
            "by_reason": by_reason, "into": into, "d0": d0, "d1": d1,
            "st0": first, "st1": fin})

    def report(self, label, r):
        """Print a phase's counts and check its books: 0 if all is well."""
        a = self.a
        n, accepted, errors = r["n"], r["accepted"], r["errors"]
        by_reason, into = r["by_reason"], r["into"]
        gso_sends, parent_drops = r["gso_sends"], r["parent_drops"]
        core_drops = r["core_drops"] + r["batch_core"]
        gso_core = r["gso_core"]
        st0, st1, d0, d1 = r["st0"], r["st1"], r["d0"], r["d1"]
        ptx, pdr = st1[3] - st0[3], st1[4] - st0[4]
        txp, txd = st1[0] - st0[0], st1[1] - st0[1]
        reasons = {k: d1[k] - d0[k] for k in DROP_KEYS}
        rsum = sum(reasons.values())
        label = f"[{label}] " if label else ""
        mode = (f"books per batch of {a.batch} (GSO sends per send), "
                f"{r['batches']} batches" if a.batch
                else "books per send")
        print(f"{label}seed {a.seed}, frames {a.start}..{a.start + n - 1} "
              f"(+1 end marker), {r['dt']:.1f} s, sending {r['tsend']:.1f} s"
              f" = {n / max(r['tsend'], 1e-9):.0f} frames/s; {mode}")
        print(f"{label}tried {n + 1}, accepted by send() {accepted}, "
              f"send errors {sum(errors.values())}"
              + (f" ({dict(errors.most_common(6))})" if errors else ""))
        print(f"{label}vnic: tx_packets +{txp}, tx_dropped +{txd}, drop "
              f"reasons +{rsum} "
              f"({', '.join(f'{k}={v}' for k, v in reasons.items() if v)})")
        print(f"{label}{'per batch' if a.batch else 'per send'}: passed "
              f"{self.results['passed']}, refused "
              f"{self.results['refused']} "
              f"({', '.join(f'{k}={v}' for k, v in by_reason.items())}), "
              f"{gso_sends} GSO sends (counted per segment), {parent_drops} "
              f"refused by the parent, {core_drops + gso_core} dropped by "
              f"the stack before the vnic ({core_drops} of failed sends)")
        print(f"{label}wire: {self.wire} frames seen (+{self.wire_out} "
              f"outgoing of the wire host, ignored), parent tx_packets "
              f"+{ptx} tx_dropped +{pdr}, capture tp_drops {self.cap.drops}")
        ok = True
        if self.wire != ptx:
            print(f"{label}FAIL: the wire saw {self.wire} frames, the parent "
                  f"sent {ptx}")
            ok = False
        if self.cap.drops:
            print(f"{label}FAIL: the capture lost {self.cap.drops} frames")
            ok = False
        if not self.end_seen:
            print(f"{label}FAIL: the end marker never reached the wire")
            ok = False
        if dict(by_reason) != {k: v for k, v in reasons.items() if v}:
            print(f"{label}FAIL accounting: ethtool -S saw {dict(by_reason)}"
                  f", vnicctl -j stats {reasons}")
            ok = False
        print(f"{label}books: frames the vnic saw {into} (accepted sends, "
              f"GSO per segment) == tx_packets {txp} + drop reasons {rsum}"
              f" (vnicctl): {'yes' if into == txp + rsum else 'NO'}")
        if into != txp + rsum:
            ok = False
        if rsum + core_drops + gso_core + parent_drops != txd:
            print(f"{label}FAIL accounting: tx_dropped +{txd} != drop "
                  f"reasons +{rsum} + {core_drops + gso_core} dropped by the "
                  f"stack + {parent_drops} by the parent")
            ok = False
        for e in self.acct_err[:20]:
            print(f"{label}FAIL accounting: {e}")
        if self.acct_err:
            ok = False
        if self.viol:
            ok = False
            print(f"{label}VIOLATIONS: {self.viol_frames} wire frames "
                  f"broke {sum(self.viol.values())} rules:")
            for rule, c in self.viol.most_common():
                print(f"{label}  {rule:18} {c}")
            for (rule, lab), c in sorted(self.viol_by.items()):
                print(f"{label}    {rule:18} {lab:24} {c}")
            print(f"{label}  by probable cause:")
            for c, k in self.causes.most_common():
                print(f"{label}    {c:34} {k}")
        else:
            print(f"{label}violations: 0")
        return 0 if ok else 1

    # -- the batched mode ----------------------------------------------------
    def batches(self, sends=None):
        """Lists of at most --batch records (index, path, proto, label,
        frame, vnet): from SENDS, the --frames file or built here."""
        a = self.a
        n = a.batch or 5000
        if sends is not None:
            for b in range(0, len(sends), n):
                yield [rec_of(x) for x in sends[b:b + n]]
        elif a.frames:
            yield from read_frames(a.frames, self.meta(), a.start, a.count,
                                   n)
        else:
            for b in range(a.start, a.start + a.count, n):
                yield [rec_of(self.gen.frame(i))
                       for i in range(b, min(b + n, a.start + a.count))]

    def meta(self):
        a = self.a
        return {"seed": a.seed, "mac": hexmac(self.pol.mac),
                "vlan_devs": self.vlan_devs, "inject": bool(a.inject),
                "template_every": a.template_every}

    def add_reasons(self, by_reason, dr):
        """Add drop-reason deltas DR to BY_REASON; return their sum."""
        for key, x in zip(self.rs.keys, dr):
            if x:
                by_reason[key] += x
        return sum(dr)

    def gso_verdict(self, dp, dd, drs):
        """Book an accepted GSO send (the stack may segment it before the
        vnic: one count per segment, some possibly dropped by the core);
        what is wrong with its counts, or None."""
        self.results["passed" if dp else "refused"] += 1
        if dp + dd == 0 or drs > dd:
            return "GSO frame accepted, but"
        return None

    def acct_note(self, index, bad, dp, dd, drs, s):
        self.acct_err.append(
            f"index {index}: {bad} tx_packets +{dp} tx_dropped +{dd} "
            f"drop reasons +{drs} ({s.describe()})")

    def end_marker(self, seed, index):
        """A legit frame; once it is on the wire, so is everything sent
        before it."""
        endf = eth(BCAST, self.pol.mac, ETH_P_IP, ip4_pkt(
            a4(V4_OWN), a4(V4_WIRE), 17, udp(47899, 47890, END_MARKER +
                                             str(seed).encode())))
        return Send(index, "end-marker", "raw", endf)

    def read_all(self):
        """(vnic tx_packets, tx_dropped, drop reasons, parent tx_packets,
        parent tx_dropped)."""
        p, d = self.ls.get()
        r = self.rs.get()
        pp, pd = self.ps.get()
        return p, d, r, pp, pd

    def attribute(self, fr, wf):
        """The send that wire frame FR (WF as the wire carries it) came
        from, among the last two batches: (Send or None, exact?)."""
        if self.lookup is None:
            self.lookup = {}
            for b in self.recent:
                for r in b:
                    self.lookup.setdefault(r[4], r)
        r = self.lookup.get(fr) or self.lookup.get(wf)
        if r:
            return send_of(r), True
        if self.fuzzy_left <= 0:
            return None, False
        self.fuzzy_left -= 1
        # Changed on the way (a checksum written, a tag added by a VLAN
        # device): the send of about that size with the fewest different
        # bytes (the MACs and the end of the frame compared).
        best, bd = None, None
        for b in self.recent:
            for r in b:
                f = r[4]
                k = len(wf) - len(f)
                if k not in (0, 4, 8) or len(f) < 14:
                    continue
                tail = wf[k + 12:k + 12 + 256]
                d = sum(x != y for x, y in zip(wf[:12], f[:12])) + \
                    sum(x != y for x, y in zip(tail, f[12:12 + 256]))
                if bd is None or d < bd:
                    best, bd = r, d
        return (send_of(best) if best else None), False

    def oracle_fast(self):
        frames = self.cap.drain()
        if sum(len(x[0]) + 1024 for x in frames) > self.cap.rcvbuf // 4 \
                and self.drain_every > 16:
            # About a quarter of the buffer (counted in skb truesize, a
            # kilobyte or more a frame) used between two reads: read more
            # often rather than lose frames.
            self.drain_every //= 2
        for fr, vh, outgoing in frames:
            if outgoing:
                self.wire_out += 1
                continue
            self.wire += 1
            if fr.find(END_MARKER) >= 0:
                self.end_seen = True
            wf, note, rules = check_wire(self.pol, fr, vh)
            if rules:
                self.viol_frames += 1
                s, exact = self.attribute(fr, wf)
                self.report_violation(s, wf, note, rules, exact)
        self.cap.stats()

    def run_fast(self, sends, label):
        """Every wire frame through the oracle as in run(), the books kept
        per batch of --batch sends: the sends without GSO are sent in a
        tight loop and accounted together (accepted == tx_packets + drop
        reasons + the parent's tx_dropped), the GSO sends of the batch
        afterwards, each between two counter reads (segments)."""
        a = self.a
        t0 = time.monotonic()
        d0 = drop_stats(a.host_ns, a.vnicctl, a.vnic)
        accepted = 0
        errors = collections.Counter()
        gso_sends = 0
        core_drops = 0          # no reason, send failed (GSO: per send)
        batch_core = 0          # ... failed sends in batches, in aggregate
        gso_core = 0            # no reason, within accepted GSO sends
        parent_drops = 0        # passed the vnic, refused by the parent
        by_reason = collections.Counter()
        into = 0                # frames the vnic passed or refused
        batches = 0
        self.end_seen = False
        self.fuzzy_left = 200
        self.recent = ()
        raw, vsock, dev_of = self.raw, self.vnet, self.dev_of
        self.drain_every = a.drain_every
        n = 0
        tp0 = time.monotonic()
        rate_at = 0
        first = last = self.read_all()
        self.cap.drain()
        self.cap.stats()
        prev = []
        for batch in self.batches(sends):
            batches += 1
            self.recent, self.lookup = (prev, batch), None
            prev = batch
            gso = []
            acc = fail = 0
            k = 0
            drain_every = self.drain_every
            for rec in batch:
                vnet = rec[5]
                if vnet is not None and vnet[1]:
                    gso.append(rec)
                    continue
                try:
                    if vnet is None:
                        raw.sendto(rec[4], (dev_of[rec[1]], rec[2]))
                    else:
                        vsock.sendto(vnet + rec[4], (dev_of[rec[1]], rec[2]))
                    acc += 1
                except OSError as e:
                    fail += 1
                    errors[f"{rec[1]}: {e.strerror or e}"] += 1
                k += 1
                if k % drain_every == 0:
                    self.oracle_fast()
            now = self.read_all()
            dp, dd = now[0] - last[0], now[1] - last[1]
            dr = [x - y for x, y in zip(now[2], last[2])]
            pdrop = now[4] - last[4]
            last = now
            drs = self.add_reasons(by_reason, dr)
            self.results["passed"] += dp
            self.results["refused"] += drs
            parent_drops += pdrop
            fcore = dd - drs - pdrop        # no reason, not the parent's
            batch_core += fcore
            accepted += acc
            into += acc - pdrop
            i0, i1 = batch[0][0], batch[-1][0]
            if acc != dp + drs + pdrop or fcore < 0 or fcore > fail:
                self.acct_err.append(
                    f"frames {i0}..{i1} without GSO: {acc} accepted, {fail} "
                    f"failed, but tx_packets +{dp} tx_dropped +{dd} drop "
                    f"reasons +{drs} parent tx_dropped +{pdrop}")
            for rec in gso:
                s = send_of(rec)
                err = self.sendone(s)
                now = self.read_all()
                dp, dd = now[0] - last[0], now[1] - last[1]
                dr = [x - y for x, y in zip(now[2], last[2])]
                last = now
                drs = self.add_reasons(by_reason, dr)
                bad = None
                if err:
                    errors[f"{s.path}: {err}"] += 1
                    core_drops += dd
                    if dp or drs:
                        bad = f"send failed ({err}) but"
                else:
                    accepted += 1
                    gso_sends += 1
                    gso_core += dd - drs
                    bad = self.gso_verdict(dp, dd, drs)
                    into += dp + drs
                if bad:
                    self.acct_note(s.index, bad, dp, dd, drs, s)
            self.oracle_fast()
            n += len(batch)
            if a.progress and n - rate_at >= a.progress:
                dt = time.monotonic() - tp0
                print(f"  {n} frames, {dt:.0f} s, {n / dt:.0f} frames/s, "
                      f"wire {self.wire}, violations {self.viol_frames}, "
                      f"tp_drops {self.cap.drops}", flush=True)
                rate_at = n
        tsend = time.monotonic() - tp0
        ends = self.end_marker(a.seed, a.start + n)
        if self.sendone(ends) is None:
            accepted += 1
            into += 1
        deadline = time.monotonic() + 10
        while not self.end_seen and time.monotonic() < deadline:
            select.select([self.cap.s], [], [], 0.2)
            self.oracle_fast()
        time.sleep(0.3)
        self.oracle_fast()
        fin = self.read_all()
        d1 = drop_stats(a.host_ns, a.vnicctl, a.vnic)
        dt = time.monotonic() - t0
        return self.report(label, {
            "n": n, "dt": dt, "tsend": tsend, "batches": batches,
            "accepted": accepted, "errors": errors, "gso_sends": gso_sends,
            "core_drops": core_drops, "batch_core": batch_core,
            "gso_core": gso_core, "parent_drops": parent_drops,
            "by_reason": by_reason, "into": into, "d0": d0, "d1": d1,
            "st0": first, "st1": fin})


def cmd_dump(a):
    mac = mac_bytes(a.mac)
    gen = Gen(a.seed, mac, [d for d in (a.vlan_devs or "").split(",") if d],
              bool(a.inject), a.template_every)
    for i in range(a.index, a.index + a.count):
        s = gen.frame(i)
        print(f"index {i}: {s.describe()}\n  {hx(s.frame)}")
    return 0


def main():
    p = argparse.ArgumentParser(prog="vnic_txfuzz.py", description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="fuzz a vnic, the wire as the oracle")
    d = sub.add_parser("dump", help="print frames INDEX.. of SEED")
    g = sub.add_parser("gen", help="build frames START.. of SEED into a "
                       "file for run --frames (no root needed)")
    for q in (r, d, g):
        q.add_argument("--seed", type=int, default=16)
        q.add_argument("--count", type=int, default=1000)
        q.add_argument("--vlan-devs", default="",
                       help="VLAN devices on the vnic (tenant netns), a,b")
        q.add_argument("--inject", default="",
                       help="device whose egress is redirected to the vnic")
        q.add_argument("--template-every", type=int, default=64,
                       help="an attack template every N frames (0: only "
                       "the first ones)")
    d.add_argument("--index", type=int, default=0)
    for q in (d, g):
        q.add_argument("--mac", default="02:00:00:16:00:10",
                       help="the vnic's MAC (frames depend on it)")
    g.add_argument("--start", type=int, default=0, help="first index")
    g.add_argument("--out", required=True, help="the file to write")
    r.add_argument("--start", type=int, default=0, help="first index")
    r.add_argument("--tenant-ns", required=True)
    r.add_argument("--wire-ns", required=True)
    r.add_argument("--host-ns", required=True)
    r.add_argument("--vnic", default="v0")
    r.add_argument("--wire-if", default="w0")
    r.add_argument("--vnicctl", default="vnicctl")
    r.add_argument("--allow", default="192.0.2.10/32,2001:db8::10/128",
                   help="the vnic's allow-ip prefixes ('' = any)")
    r.add_argument("--ethertypes", default="0x0800,0x0806,0x86dd",
                   help="the vnic's ethertype allowlist ('' = any)")
    r.add_argument("--mtu", type=int, default=1500)
    r.add_argument("--port-vlan", type=int, default=0)
    r.add_argument("--print-max", type=int, default=2,
                   help="frames printed per (rule, generator)")
    r.add_argument("--label", default="")
    r.add_argument("--parent", default="p0", help="the parent (host ns)")
    r.add_argument("--offloads", default="",
                   help="on,off: run once per parent setting (ethtool -K "
                   "tx-checksumming), the same frames each time")
    r.add_argument("--frames", default="",
                   help="take the frames from this file (gen) instead of "
                   "building them: much faster in a slow guest")
    r.add_argument("--batch", type=int, default=-1,
                   help="0: books per send; N: per batch of N sends, the "
                   "GSO ones per send (default: 0 up to %d frames, else "
                   "5000)" % FAST_ABOVE)
    r.add_argument("--drain-every", type=int, default=250,
                   help="batched mode: read the capture every N sends")
    r.add_argument("--progress", type=int, default=100000,
                   help="batched mode: a progress line every N frames "
                   "(0: none)")
    a = p.parse_args()
    if a.cmd == "dump":
        return cmd_dump(a)
    if a.cmd == "gen":
        vl = [x for x in (a.vlan_devs or "").split(",") if x]
        gen = Gen(a.seed, mac_bytes(a.mac), vl, bool(a.inject),
                  a.template_every)
        write_frames(a.out, gen, {"seed": a.seed, "mac": a.mac.lower(),
                                  "vlan_devs": vl, "inject": bool(a.inject),
                                  "template_every": a.template_every},
                     a.start, a.count)
        return 0
    try:
        runner = Runner(a)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"vnic_txfuzz.py: setup: {e}", file=sys.stderr)
        return 2
    return runner.run_all()


if __name__ == "__main__":
    sys.exit(main())
