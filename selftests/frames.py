#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Craft and send raw Ethernet frames for the vnic framing selftests.

    frames.py send IFACE KIND [options]
    frames.py serve      (reads "IFACE KIND [options]" lines from stdin and
                          answers each with "ok ..." or "error ...";
                          "stat IFACE COUNTER" reads a netdev counter)

Builds COUNT frames of KIND as if sent by IFACE (its MAC, its first IPv4
address, its first global IPv6 address) and writes them with an AF_PACKET
SOCK_RAW socket on IFACE, or on the device given with --via (for frames
that AF_PACKET refuses to write on an Ethernet device: runts and frames
larger than the MTU; the selftest redirects that device's egress to IFACE).

Kinds (the defaults make each frame break exactly one rule, or none):
  legit-ip4        IPv4/UDP from our address (positive control)
  legit-ip6        IPv6/UDP from our global address (--src ll: our EUI-64
                   link-local address)
  spoof-mac        legit-ip4, but from the Ethernet source --src-mac
                   (default 02:ba:d0:00:00:01)
  spoof-ip4        IPv4/UDP from --src (default 198.51.100.66)
  spoof-ip6        IPv6/UDP from --src (default 2001:db8:bad::66)
  dhcp             DHCPDISCOVER, 0.0.0.0:68 -> 255.255.255.255:67
  arp              ARP request, sender --src (default ours) and
                   --sender-mac (default ours), target --target
  arp-probe        ARP probe: sender IP 0.0.0.0, target --target
  arp-foreign      gratuitous ARP for --src (default 198.51.100.66)
  arp-foreign-mac  ARP request whose sender MAC is --sender-mac
                   (default 02:ba:d0:00:00:01)
  ns               neighbour solicitation for --target (default
                   2001:db8::1) from our address, SLLA = --lladdr (ours)
  ns-bad-lladdr    ns with SLLA 02:ba:d0:00:00:01
  dad-ns           DAD solicitation: from ::, no SLLA, target --target
                   (default our global address)
  na               unsolicited neighbour advertisement of --target
                   (default our global address), TLLA = --lladdr (ours)
  na-foreign       na for target 2001:db8:bad::66
  rs               router solicitation from our link-local, SLLA --lladdr
  rs-bad-lladdr    rs with SLLA 02:ba:d0:00:00:01
  tagged           legit-ip4 inside an 802.1Q tag (--vid 200, --prio 0);
                   --inner any other KIND to tag that one instead;
                   --tpid the outer tag's TPID (0x88a8: 802.1ad),
                   --inner-vid V a second, inner 802.1Q tag
  ethertype        frame of ethertype --type (default 0x88b5), --len bytes
  oversize         legit-ip4 of --len bytes (default 1600) in total
  runt             the first --len (default 10) bytes of a frame of
                   ethertype --type (default 0x88b5): destination MAC,
                   then the start of our source MAC; from 15 bytes on,
                   the start of a payload
  csum-spoof       legit-ip4 sent with PACKET_VNET_HDR and a partial
                   checksum at csum_start 20, csum_offset 8 (the last two
                   bytes of the source address), with a payload word
                   chosen so that the checksum written there is --tail
                   (default: our address's last byte becomes 99; "own":
                   what is already there)
  gso-mismatch     IPv6/TCP sent with PACKET_VNET_HDR as TCPv4 GSO
                   (gso_size 500, 3 segments' worth), sll_protocol IPv4
  dhcp-gso         dhcp as one UDP GSO packet (PACKET_VNET_HDR, gso_size
                   300) of two segments: the first a BOOTREQUEST for our
                   MAC, the second one for --chaddr (default
                   02:ba:d0:00:00:01)
  na-exthdr        na behind a Destination Options header; target
                   --target (default 2001:db8:bad::66)
  udp6-hbh         IPv6/UDP from --src (default ::) behind Hop-by-Hop
  ra               router advertisement from our link-local, SLLA
                   --lladdr (default ours)
  redirect         redirect from our link-local for --target (default
                   our global address), TLLA --lladdr (default ours)

dhcp takes --dst (default 255.255.255.255), --op (1: BOOTREQUEST) and
--chaddr (default our MAC). --priority sets SO_PRIORITY on the socket.

Frames of csum-spoof and gso-mismatch start with a struct virtio_net_hdr
and are written on a PACKET_VNET_HDR socket.

UDP frames go from port 47899 to port 47890 (IPv4) / 47891 (IPv6) and
carry "VNICFRAMES" in their payload; non-UDP kinds are recognisable by
their addresses, MACs or ethertype (see the defaults above).
"""

import argparse
import ipaddress
import shlex
import socket
import struct
import sys

from pktlib import compensate, csum, onesum

BAD_MAC = "02:ba:d0:00:00:01"
FOREIGN4 = "198.51.100.66"
FOREIGN6 = "2001:db8:bad::66"
WIRE4 = "192.0.2.1"
WIRE6 = "2001:db8::1"
SPORT = 47899
DPORT4 = 47890
DPORT6 = 47891
MARKER = b"VNICFRAMES"

ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
ETH_P_8021Q = 0x8100


def mac_bytes(mac):
    b = bytes(int(x, 16) for x in mac.split(":"))
    if len(b) != 6:
        raise ValueError(f"bad MAC {mac}")
    return b


def iface_mac(iface):
    with open(f"/sys/class/net/{iface}/address") as f:
        return f.read().strip()


def iface_ip4(iface):
    import fcntl
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        ifr = struct.pack("256s", iface.encode()[:15])
        res = fcntl.ioctl(s.fileno(), 0x8915, ifr)  # SIOCGIFADDR
        return socket.inet_ntoa(res[20:24])
    except OSError:
        return "0.0.0.0"
    finally:
        s.close()


def iface_ip6(iface):
    """First global (scope 0) address of iface, else ::."""
    try:
        with open("/proc/net/if_inet6") as f:
            for line in f:
                addr, _idx, _plen, scope, _flags, name = line.split()
                if name == iface and int(scope, 16) == 0:
                    return str(ipaddress.IPv6Address(bytes.fromhex(addr)))
    except OSError:
        pass
    return "::"


def eui64_ll(mac):
    m = mac_bytes(mac)
    iid = bytes([m[0] ^ 2]) + m[1:3] + b"\xff\xfe" + m[3:6]
    return str(ipaddress.IPv6Address(b"\xfe\x80" + b"\0" * 6 + iid))


def eth(dst, src, etype):
    return mac_bytes(dst) + mac_bytes(src) + struct.pack("!H", etype)


def ip4(src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234,
                      0x4000, 64, proto, 0, socket.inet_aton(src),
                      socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp4(src, dst, sport, dport, data):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    ph = socket.inet_aton(src) + socket.inet_aton(dst) + \
        struct.pack("!BBH", 0, 17, len(u))
    c = csum(ph + u) or 0xFFFF
    return ip4(src, dst, 17, u[:6] + struct.pack("!H", c) + u[8:])


def ip6(src, dst, nxt, payload, hlim=64):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nxt, hlim,
                       socket.inet_pton(socket.AF_INET6, src),
                       socket.inet_pton(socket.AF_INET6, dst)) + payload


def l4_6(src, dst, nxt, seg, cofs):
    ph = socket.inet_pton(socket.AF_INET6, src) + \
        socket.inet_pton(socket.AF_INET6, dst) + \
        struct.pack("!IxxxB", len(seg), nxt)
    c = csum(ph + seg)
    if nxt == 17 and c == 0:
        c = 0xFFFF
    return seg[:cofs] + struct.pack("!H", c) + seg[cofs + 2:]


def udp6(src, dst, sport, dport, data):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    return ip6(src, dst, 17, l4_6(src, dst, 17, u, 6))


def icmp6(src, dst, typ, body):
    m = struct.pack("!BBH", typ, 0, 0) + body
    return ip6(src, dst, 58, l4_6(src, dst, 58, m, 2), hlim=255)


def solicited_node(addr):
    a = socket.inet_pton(socket.AF_INET6, addr)
    return str(ipaddress.IPv6Address(
        bytes.fromhex("ff0200000000000000000001ff") + a[13:]))


def mcast_mac6(addr):
    a = socket.inet_pton(socket.AF_INET6, addr)
    return "33:33:" + ":".join(f"{b:02x}" for b in a[12:])


def lla_opt(typ, mac):
    return struct.pack("!BB", typ, 1) + mac_bytes(mac)


VNET_F_NEEDS_CSUM = 1
VNET_GSO_TCPV4 = 1
VNET_GSO_UDP_L4 = 5
VNET_KINDS = ("csum-spoof", "gso-mismatch", "dhcp-gso")


def vnet_hdr(flags=0, gso_type=0, hdr_len=0, gso_size=0, csum_start=0,
             csum_offset=0):
    """struct virtio_net_hdr, little-endian as PACKET_VNET_HDR takes it."""
    return struct.pack("<BBHHHH", flags, gso_type, hdr_len, gso_size,
                       csum_start, csum_offset)


def ext_hdr(nxt):
    """An 8-byte Hop-by-Hop/Destination Options header (PadN)."""
    return struct.pack("!BBBB4x", nxt, 0, 1, 4)


def payload(kind, seq, size=0):
    data = MARKER + f" {kind} {seq:06d} ".encode()
    if size > len(data):
        data += b"x" * (size - len(data))
    return data


class Ctx:
    def __init__(self, a):
        self.a = a
        self.mac = iface_mac(a.iface)
        self.ip4 = iface_ip4(a.iface)
        self.ip6 = iface_ip6(a.iface)
        self.ll = eui64_ll(self.mac)

    def src_mac(self, default=None):
        return self.a.src_mac or default or self.mac

    def dst_mac(self, default="ff:ff:ff:ff:ff:ff"):
        return self.a.dst_mac or default

    def src6(self, default):
        s = self.a.src or default
        return self.ll if s == "ll" else s


def build(ctx, kind, seq):
    """Return (frame, ethertype) for one frame of KIND."""
    a = ctx.a
    if kind in ("legit-ip4", "spoof-ip4", "spoof-mac", "oversize"):
        src = a.src or (FOREIGN4 if kind == "spoof-ip4" else ctx.ip4)
        smac = ctx.src_mac(BAD_MAC if kind == "spoof-mac" else None)
        data = payload(kind, seq)
        if kind == "oversize":
            data = payload(kind, seq, (a.len or 1600) - 14 - 20 - 8)
        f = eth(ctx.dst_mac(), smac, ETH_P_IP) + \
            udp4(src, a.dst or WIRE4, SPORT, DPORT4, data)
        return f, ETH_P_IP
    if kind in ("legit-ip6", "spoof-ip6"):
        src = ctx.src6(FOREIGN6 if kind == "spoof-ip6" else ctx.ip6)
        f = eth(ctx.dst_mac(), ctx.src_mac(), ETH_P_IPV6) + \
            udp6(src, a.dst or WIRE6, SPORT, DPORT6, payload(kind, seq))
        return f, ETH_P_IPV6
    if kind == "dhcp":
        bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", a.op, 1, 6, 0,
                            0x56000000 + seq, 0, 0x8000, b"\0" * 4,
                            b"\0" * 4, b"\0" * 4, b"\0" * 4,
                            mac_bytes(a.chaddr or ctx.mac) + b"\0" * 10,
                            b"", b"")
        bootp += b"\x63\x82\x53\x63" + b"\x35\x01\x01" + b"\xff"
        bootp += payload(kind, seq)
        f = eth(ctx.dst_mac(), ctx.src_mac(), ETH_P_IP) + \
            udp4("0.0.0.0", a.dst or "255.255.255.255", 68, 67, bootp)
        return f, ETH_P_IP
    if kind == "dhcp-gso":
        segs = b""
        for mac in (ctx.mac, a.chaddr or BAD_MAC):
            bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0,
                                0x56000000 + seq, 0, 0x8000, b"\0" * 4,
                                b"\0" * 4, b"\0" * 4, b"\0" * 4,
                                mac_bytes(mac) + b"\0" * 10, b"", b"")
            bootp += b"\x63\x82\x53\x63" + b"\x35\x01\x01" + b"\xff"
            segs += bootp + b"\0" * (300 - len(bootp))
        f = eth(ctx.dst_mac(), ctx.src_mac(), ETH_P_IP) + \
            udp4("0.0.0.0", "255.255.255.255", 68, 67, segs)
        # The pseudo-header sum in the UDP checksum field, as a stack
        # leaves it for checksum offload.
        ph = onesum(bytes(8) + struct.pack("!BBH", 0, 17, len(f) - 34))
        f = f[:40] + struct.pack("!H", ph) + f[42:]
        hdr = vnet_hdr(VNET_F_NEEDS_CSUM, VNET_GSO_UDP_L4, 42, 300, 34, 6)
        return hdr + f, ETH_P_IP
    if kind == "csum-spoof":
        f = eth(ctx.dst_mac(), ctx.src_mac(), ETH_P_IP) + \
            udp4(ctx.ip4, a.dst or WIRE4, SPORT, DPORT4,
                 b"\0\0" + payload(kind, seq))
        # The parent writes the checksum of f[20:] at f[28:30]; the word
        # at 42 (even from 20) makes it the tail.
        own = struct.unpack("!H", socket.inet_aton(ctx.ip4)[2:])[0]
        if a.tail is None:
            tail = (own & 0xFF00) | 99
        else:
            tail = own if a.tail == "own" else int(a.tail, 0)
        f = compensate(f, 20, 8, 42, tail)
        return vnet_hdr(VNET_F_NEEDS_CSUM, 0, 0, 0, 20, 8) + f, ETH_P_IP
    if kind == "gso-mismatch":
        seg = struct.pack("!HHIIBBHHH", SPORT, DPORT6, 1, 0, 5 << 4, 0x18,
                          65535, 0, 0) + payload(kind, seq, 1400)
        f = eth(ctx.dst_mac(), ctx.src_mac(), ETH_P_IPV6) + \
            ip6(ctx.ip6, a.dst or WIRE6, 6, seg)
        hdr = vnet_hdr(VNET_F_NEEDS_CSUM, VNET_GSO_TCPV4, 74, 500, 54, 16)
        return hdr + f, ETH_P_IP
    if kind == "na-exthdr":
        tgt = a.target or FOREIGN6
        dst = a.dst or "ff02::1"
        body = struct.pack("!I", 0x20000000) + \
            socket.inet_pton(socket.AF_INET6, tgt) + \
            lla_opt(2, a.lladdr or ctx.mac)
        m = icmp6(ctx.ip6, dst, 136, body)[40:]
        f = eth(ctx.dst_mac(mcast_mac6(dst)), ctx.src_mac(), ETH_P_IPV6) + \
            ip6(ctx.ip6, dst, 60, ext_hdr(58) + m, hlim=255)
        return f, ETH_P_IPV6
    if kind == "udp6-hbh":
        src = ctx.src6("::")
        u = udp6(src, a.dst or WIRE6, SPORT, DPORT6,
                 payload(kind, seq))[40:]
        f = eth(ctx.dst_mac(), ctx.src_mac(), ETH_P_IPV6) + \
            ip6(src, a.dst or WIRE6, 0, ext_hdr(17) + u)
        return f, ETH_P_IPV6
    if kind == "ra":
        body = struct.pack("!BBHII", 64, 0, 1800, 0, 0) + \
            lla_opt(1, a.lladdr or ctx.mac)
        f = eth(ctx.dst_mac(mcast_mac6("ff02::1")), ctx.src_mac(),
                ETH_P_IPV6) + icmp6(ctx.ll, "ff02::1", 134, body)
        return f, ETH_P_IPV6
    if kind == "redirect":
        tgt = a.target or ctx.ip6
        dst = a.dst or WIRE6
        body = b"\0" * 4 + socket.inet_pton(socket.AF_INET6, tgt) + \
            socket.inet_pton(socket.AF_INET6, "2001:db8:ffff::1") + \
            lla_opt(2, a.lladdr or ctx.mac)
        f = eth(ctx.dst_mac(), ctx.src_mac(), ETH_P_IPV6) + \
            icmp6(ctx.ll, dst, 137, body)
        return f, ETH_P_IPV6
    if kind in ("arp", "arp-probe", "arp-foreign", "arp-foreign-mac"):
        smac = ctx.src_mac()
        sha = a.sender_mac or (BAD_MAC if kind == "arp-foreign-mac"
                               else smac)
        if kind == "arp-probe":
            spa = "0.0.0.0"
        elif kind == "arp-foreign":
            spa = a.src or FOREIGN4
        else:
            spa = a.src or ctx.ip4
        tpa = a.target or (spa if kind == "arp-foreign" else WIRE4)
        body = struct.pack("!HHBBH6s4s6s4s", 1, ETH_P_IP, 6, 4, 1,
                           mac_bytes(sha), socket.inet_aton(spa),
                           b"\0" * 6, socket.inet_aton(tpa))
        return eth(ctx.dst_mac(), smac, ETH_P_ARP) + body, ETH_P_ARP
    if kind in ("ns", "ns-bad-lladdr", "dad-ns"):
        if kind == "dad-ns":
            src, tgt, opts = "::", a.target or ctx.ip6, b""
        else:
            src, tgt = ctx.src6(ctx.ip6), a.target or WIRE6
            lla = a.lladdr or (BAD_MAC if kind == "ns-bad-lladdr"
                               else ctx.mac)
            opts = lla_opt(1, lla)
        dst = solicited_node(tgt)
        body = b"\0" * 4 + socket.inet_pton(socket.AF_INET6, tgt) + opts
        f = eth(ctx.dst_mac(mcast_mac6(dst)), ctx.src_mac(), ETH_P_IPV6) + \
            icmp6(src, dst, 135, body)
        return f, ETH_P_IPV6
    if kind in ("na", "na-foreign"):
        src = ctx.src6(ctx.ip6)
        tgt = a.target or (FOREIGN6 if kind == "na-foreign" else ctx.ip6)
        dst = a.dst or "ff02::1"
        body = struct.pack("!I", 0x20000000) + \
            socket.inet_pton(socket.AF_INET6, tgt) + \
            lla_opt(2, a.lladdr or ctx.mac)
        f = eth(ctx.dst_mac(mcast_mac6(dst)), ctx.src_mac(), ETH_P_IPV6) + \
            icmp6(src, dst, 136, body)
        return f, ETH_P_IPV6
    if kind in ("rs", "rs-bad-lladdr"):
        src = ctx.src6(ctx.ll)
        lla = a.lladdr or (BAD_MAC if kind == "rs-bad-lladdr" else ctx.mac)
        body = b"\0" * 4 + lla_opt(1, lla)
        f = eth(ctx.dst_mac(mcast_mac6("ff02::2")), ctx.src_mac(),
                ETH_P_IPV6) + icmp6(src, "ff02::2", 133, body)
        return f, ETH_P_IPV6
    if kind == "tagged":
        if a.inner == "tagged":
            raise ValueError("--inner tagged: one tag only")
        inner, _ = build(ctx, a.inner or "legit-ip4", seq)
        tci = ((a.prio & 7) << 13) | (a.vid & 0xFFF)
        tags = struct.pack("!HH", int(a.tpid, 0), tci)
        if a.inner_vid is not None:
            tags += struct.pack("!HH", ETH_P_8021Q, a.inner_vid & 0xFFF)
        f = inner[:12] + tags + inner[12:]
        return f, int(a.tpid, 0)
    if kind == "ethertype":
        etype = int(a.type, 0)
        size = max(a.len or 60, 14)
        data = payload(kind, seq, size - 14)
        return eth(ctx.dst_mac(), ctx.src_mac(), etype) + data, etype
    if kind == "runt":
        n = a.len or 10
        f = eth(ctx.dst_mac(), ctx.src_mac(), int(a.type, 0)) + \
            payload(kind, seq, n - 14)
        return f[:n], 0
    raise ValueError(f"unknown kind {kind}")


def cmd_send(a):
    """Send the frames; return (exit status, message)."""
    ctx = Ctx(a)
    dev = a.via or a.iface
    sent, errors, size = 0, {}, 0
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0) as s:
        if a.kind in VNET_KINDS:
            s.setsockopt(263, 15, 1)  # SOL_PACKET, PACKET_VNET_HDR
        if a.priority is not None:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY,
                         int(a.priority, 0))
        # Keep going on errors: a vnic may report a drop to the sender.
        for seq in range(a.count):
            frame, etype = build(ctx, a.kind, seq)
            size = len(frame)
            try:
                s.sendto(frame, (dev, etype))
                sent += 1
            except OSError as e:
                errors[e.strerror] = errors.get(e.strerror, 0) + 1
    msg = "; ".join(f"{a.kind} on {dev}: {n}/{a.count} not sent: {err}"
                    for err, n in errors.items())
    if not msg:
        msg = f"sent {sent} {a.kind} frame(s) of {size} bytes on {dev}"
    return (1 if errors else 0), msg


def send_parser(p):
    p.add_argument("iface")
    p.add_argument("kind")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--src-mac")
    p.add_argument("--dst-mac")
    p.add_argument("--sender-mac", help="ARP sender hardware address")
    p.add_argument("--lladdr", help="ND link-layer address option")
    p.add_argument("--src", help="source IP ('ll': our link-local)")
    p.add_argument("--dst", help="destination IP")
    p.add_argument("--target", help="ARP/ND target address")
    p.add_argument("--vid", type=int, default=200)
    p.add_argument("--prio", type=int, default=0)
    p.add_argument("--inner", help="KIND inside the tag (tagged)")
    p.add_argument("--tpid", default="0x8100",
                   help="TPID of the (outer) tag (tagged)")
    p.add_argument("--inner-vid", type=int,
                   help="add a second, inner 802.1Q tag (tagged)")
    p.add_argument("--type", default="0x88b5", help="ethertype")
    p.add_argument("--len", type=int, help="frame length in bytes")
    p.add_argument("--via", help="write the frames on this device instead")
    p.add_argument("--tail",
                   help="what csum-spoof makes of the source's last 2 bytes")
    p.add_argument("--op", type=int, default=1, help="BOOTP op (dhcp)")
    p.add_argument("--chaddr", help="BOOTP client MAC (dhcp)")
    p.add_argument("--priority", help="SO_PRIORITY of the socket")
    p.add_argument("-v", "--verbose", action="store_true")


class ServeParser(argparse.ArgumentParser):
    def error(self, message):
        raise ValueError(message)


def cmd_stat(iface, counter):
    """A counter of /sys/class/net/IFACE/statistics."""
    with open(f"/sys/class/net/{iface}/statistics/{counter}") as f:
        return 0, f.read().strip()


def cmd_serve():
    """One "send" command line per input line ("IFACE KIND [options]"), or
    "stat IFACE COUNTER"; one reply line for each: "ok MESSAGE" or
    "error MESSAGE" (for stat, MESSAGE is the counter's value)."""
    p = ServeParser(prog="send", add_help=False)
    send_parser(p)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            args = shlex.split(line)
            if args[0] == "stat":
                rc, msg = cmd_stat(*args[1:])
            else:
                rc, msg = cmd_send(p.parse_args(args))
        except Exception as e:  # report, keep serving
            rc, msg = 1, f"{type(e).__name__}: {e}"
        print(("ok " if rc == 0 else "error ") + msg.replace("\n", " "),
              flush=True)
    return 0


def main():
    p = argparse.ArgumentParser(prog="frames.py", description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    send_parser(sub.add_parser("send", help="send COUNT crafted frames"))
    sub.add_parser("serve", help="read send commands (without \"send\") "
                   "from stdin, one a line; answer each with a line")
    a = p.parse_args()
    if a.cmd == "serve":
        return cmd_serve()
    try:
        rc, msg = cmd_send(a)
    except (ValueError, OSError) as e:
        rc, msg = 2, str(e)
    if rc:
        print(f"frames.py: {msg}", file=sys.stderr)
    elif a.verbose:
        print(msg)
    return rc


if __name__ == "__main__":
    sys.exit(main())
