#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw rtnetlink requests about vnics that iproute2 cannot express (it has
no "vnic" link plugin, so it sends no IFLA_INFO_DATA for the kind).

    rtnl_vnic.py newlink LINK NAME [--mode N] [--link-netnsid ID]
    rtnl_vnic.py changelink NAME [--mode N]

LINK is an ifindex (or a device name of the current netns). newlink sends
RTM_NEWLINK (create, exclusive) with IFLA_LINK, IFLA_IFNAME and
IFLA_LINKINFO {kind "vnic", data {VNIC_IFLA_MODE}}; changelink sends
RTM_NEWLINK for the existing NAME with IFLA_LINKINFO {kind, data}
(an empty data nest without --mode).

Prints "ok" and exits 0 when the kernel accepted the request, else prints
"error ERRNO: EXTACK-MESSAGE" (ERRNO positive, as errno) and exits 1.
"""
import argparse
import os
import socket
import struct
import sys

NETLINK_ROUTE = 0
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
RTM_NEWLINK = 16
NLMSG_ERROR = 2
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLA_F_NESTED = 0x8000
NLMSGERR_ATTR_MSG = 1
IFLA_IFNAME = 3
IFLA_LINK = 5
IFLA_LINKINFO = 18
IFLA_LINK_NETNSID = 37
IFLA_INFO_KIND = 1
IFLA_INFO_DATA = 2
VNIC_IFLA_MODE = 1  # uapi/linux/vnic.h, enum vnic_ifla


def attr(atype, payload):
    """One netlink attribute, padded to 4 bytes."""
    hdr = struct.pack('=HH', 4 + len(payload), atype)
    pad = b'\0' * (-len(payload) % 4)
    return hdr + payload + pad


def linkinfo(mode):
    data = b''
    if mode is not None:
        data = attr(VNIC_IFLA_MODE, struct.pack('=I', mode))
    return attr(IFLA_LINKINFO | NLA_F_NESTED,
                attr(IFLA_INFO_KIND, b'vnic\0') +
                attr(IFLA_INFO_DATA | NLA_F_NESTED, data))


def ifindex(name):
    return int(name) if name.isdigit() else socket.if_nametoindex(name)


def parse_ack(buf):
    """(errno, extack message) of an NLMSG_ERROR answer."""
    _, mtype, flags, _, _ = struct.unpack_from('=IHHII', buf)
    if mtype != NLMSG_ERROR:
        raise RuntimeError(f'unexpected answer type {mtype}')
    err = -struct.unpack_from('=i', buf, 16)[0]
    if not flags & NLM_F_ACK_TLVS:
        return err, ''
    olen = struct.unpack_from('=I', buf, 20)[0]
    off = 20 + (16 if flags & NLM_F_CAPPED else (olen + 3) & ~3)
    msg = ''
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from('=HH', buf, off)
        if alen < 4:
            break
        if atype == NLMSGERR_ATTR_MSG:
            msg = buf[off + 4:off + alen].split(b'\0')[0].decode()
        off += (alen + 3) & ~3
    return err, msg


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    nl = sub.add_parser('newlink')
    nl.add_argument('link')
    nl.add_argument('name')
    nl.add_argument('--mode', type=int)
    nl.add_argument('--link-netnsid', type=int)
    cl = sub.add_parser('changelink')
    cl.add_argument('name')
    cl.add_argument('--mode', type=int)
    args = ap.parse_args()

    flags = NLM_F_REQUEST | NLM_F_ACK
    if args.cmd == 'newlink':
        flags |= NLM_F_CREATE | NLM_F_EXCL
        index = 0
        attrs = attr(IFLA_IFNAME, args.name.encode() + b'\0')
        attrs += attr(IFLA_LINK, struct.pack('=I', ifindex(args.link)))
        if args.link_netnsid is not None:
            attrs += attr(IFLA_LINK_NETNSID,
                          struct.pack('=i', args.link_netnsid))
    else:
        index = socket.if_nametoindex(args.name)
        attrs = b''
    attrs += linkinfo(args.mode)
    body = struct.pack('=BxHiII', socket.AF_UNSPEC, 0, index, 0, 0) + attrs
    msg = struct.pack('=IHHII', 16 + len(body), RTM_NEWLINK, flags, 1, 0)

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.send(msg + body)
    err, text = parse_ack(sock.recv(65536))
    if err:
        print(f'error {err}: {text or os.strerror(err)}')
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
