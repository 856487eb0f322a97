#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Systematic fault injection (fail-nth) over the vnic requests.

vnic_failnth.py PARENT TENANT_NS [OP...]

Runs in the parent's netns, as root, on a kernel with FAILSLAB,
FAULT_INJECTION_DEBUG_FS and kprobe events, failslab set to fail sleeping
allocations too (ignore-gfp-wait N) without logging (verbose 0). The
caller made a bridge "fbr0" in this netns. OPs, in this order (default:
all):

  dev-new   the first vnic of PARENT, with a full policy and a share
  link-add  ip link add link PARENT name fl0 address MAC mtu 1400 up
            type vnic mode bridge (raw rtnetlink, from this thread)
  dev-set   MAC, VLAN, ethertypes, allowed IPs and rates of an up vnic
  dev-del   an up vnic with a policy and a share
  netns     an up vnic moved into TENANT_NS
  dump      a dev-get dump spread over several messages

Each request is made once as a reference (the state before and after it),
once more with fail-nth set past its end and a kprobe event on
should_fail_ex() that records the stack of every fault-injection point the
request meets (between two trace_marker lines; their number checked
against fail-nth's count). Then, for
n among those points, this thread writes n to /proc/thread-self/fail-nth,
makes the request on a fresh socket, and checks
  - the answer: success, or an errno (NLMSG_ERROR; or an error on the
    socket, when the kernel could not allocate the answer itself),
  - the state: the vnic dump, the links of both netns (up, MAC, MTU,
    promiscuity, master), the parent's unicast filter (its fdb dump) and
    its upper devices; and, while the parent has no other vnic, that it
    can join a bridge (no vnic rx_handler left on it). On an error it is
    exactly the state before; on success the reference state after; when
    the answer itself was lost, one of the two,
  - the kernel log: no line of splat.sh's patterns.
A request that took effect is undone before the next n. A successful dump
must equal the reference one. Last, n past the end: the request must
pass with no fault injected (up to EXTRA points more than traced).

A refcount tracker's allocation is not a point: the stack filter
(vnic_failnth.sh) never fails it, and fail-nth does not count it.

Which n: the points fall into classes, the first vnic function on the
stack with the two functions under it that lead to the allocation (or,
before vnic code, the allocator's three callers): every point of a
register_netdevice() sysfs entry takes the same way back out. The first
and the last point of each class are tried; VNIC_FAILNTH_FULL=1 tries
them all (n = 1, 2, ...; hours in an emulated debug guest). Never tried:
kmemleak's own metadata (its pool absorbs the failure) and, in a netns
move, device_rename(): its failure trips WARN_ON(err) in
__dev_change_net_namespace() past the point of no return (the core's, not
vnic's).

Prints per OP "OP: P fault points, C classes, T tried: ok A, errors E
(ERRNO[+extack]:count...), answer lost L; not tried: S" and "FAIL: OP n=N:
..." lines; exits 1 on any failure. VNIC_FAILNTH_VERBOSE=1 prints the
classes and every n tried.
Environment: YNL_CLI (the kernel tree's tools/net/ynl/cli.py), REPO.
"""
import ctypes
import errno as E
import ipaddress
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.environ['YNL_CLI']))
from lib import YnlFamily  # noqa: E402
from lib.ynl import NlAttrs  # noqa: E402

NETLINK_ROUTE, NETLINK_GENERIC = 0, 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 1, 10, 11
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK = 0x1, 0x4
NLM_F_DUMP, NLM_F_EXCL, NLM_F_CREATE = 0x300, 0x200, 0x400
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_GETNEIGH = 16, 17, 18, 30
IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_MASTER = 1, 3, 4, 5, 10
IFLA_LINKINFO, IFLA_NET_NS_FD, IFLA_PROMISCUITY = 18, 28, 30
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
VNIC_IFLA_MODE = 1
NDA_LLADDR = 2
AF_BRIDGE = 7
IFF_UP = 1
NLA_F_NESTED = 0x8000
CLONE_NEWNET = 0x40000000
ETH_P_IP, ETH_P_ARP, ETH_P_IPV6 = 0x0800, 0x0806, 0x86dd
MODE_PRIVATE, MODE_BRIDGE = 0, 1
VNIC_A_DEV_ID, VNIC_A_DEV_IFINDEX, VNIC_A_DEV_NAME = 1, 2, 3

LINK_U32 = {IFLA_MTU: 'mtu', IFLA_PROMISCUITY: 'promisc',
            IFLA_MASTER: 'master'}

HERE = os.path.dirname(os.path.abspath(__file__))
VERBOSE = os.environ.get('VNIC_FAILNTH_VERBOSE') == '1'
FULL = os.environ.get('VNIC_FAILNTH_FULL') == '1'    # every point
TRACEFS = '/sys/kernel/tracing'
EXTRA = 10      # fault points past the traced ones, at most
KPROBES_OPT = '/proc/sys/debug/kprobes-optimization'
HEX_FRAME = re.compile(r'0x[0-9a-f]+$')

LIBC = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if LIBC.setns(fd, CLONE_NEWNET):
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def mac(text):
    return bytes.fromhex(text.replace(':', ''))


def prefix(text):
    net = ipaddress.ip_network(text)
    return {'addr': net.network_address.packed, 'plen': net.prefixlen}


def nla(atype, payload):
    return (struct.pack('=HH', 4 + len(payload), atype) + payload +
            b'\0' * (-len(payload) % 4))


def nlmsg(mtype, flags, body):
    return struct.pack('=IHHII', 16 + len(body), mtype, flags, 1, 0) + body


def ifinfo(index=0, flags=0, change=0):
    return struct.pack('=BxHiII', socket.AF_UNSPEC, 0, index, flags, change)


def attrs(buf, off, end):
    while off + 4 <= end:
        alen, atype = struct.unpack_from('=HH', buf, off)
        if alen < 4:
            return
        yield atype & 0x3fff, bytes(buf[off + 4:off + alen])
        off += (alen + 3) & ~3


def nl_sock(proto, ns_fd=None):
    """A netlink socket (in netns ns_fd if given) with extended acks."""
    if ns_fd is not None:
        here = os.open('/proc/thread-self/ns/net', os.O_RDONLY)
        setns(ns_fd)
    try:
        sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    finally:
        if ns_fd is not None:
            setns(here)
            os.close(here)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.bind((0, 0))
    sock.settimeout(60)
    return sock


class Answer:
    """What a request got back: kind is 'ok', 'nlerr' (an NLMSG_ERROR or
    a dump's NLMSG_DONE with an error), 'send' (sendmsg failed), 'sock'
    (an error on the socket instead of the answer) or 'timeout'."""

    def __init__(self):
        self.kind = 'ok'
        self.err = 0
        self.extack = ''
        self.msgs = []
        self.recvs = 0

    def __str__(self):
        if self.kind == 'ok':
            return 'ok'
        text = '%s %s' % (self.kind, E.errorcode.get(self.err, self.err))
        return text + (' "%s"' % self.extack if self.extack else '')


RBUF = bytearray(1 << 16)
FAILFD = -1
MARK_BEGIN, MARK_END = b'vnicfi-begin', b'vnicfi-end'


def extack_msg(buf, off, end):
    for atype, payload in attrs(buf, off, end):
        if atype == NLMSGERR_ATTR_MSG:
            return payload.split(b'\0')[0].decode()
    return ''


def transact(sock, msg, fail=0, bufsize=len(RBUF), mark=None):
    """Sends msg, reads up to its ack (or a dump's end).

    With fail > 0, the fail-th fault-injection point of this thread from
    here on fails; returns (answer, how many points were left: 0 if the
    fault was injected). mark: a trace_marker fd, written MARK_BEGIN and
    MARK_END around the points fail-nth counts."""
    ans = Answer()
    view = memoryview(RBUF)[:bufsize]
    if mark is not None:
        os.write(mark, MARK_BEGIN)
    if fail:
        os.pwrite(FAILFD, b'%d' % fail, 0)
    try:
        sock.send(msg)
    except OSError as e:
        ans.kind, ans.err = 'send', e.errno
    else:
        done = False
        while not done:
            try:
                n = sock.recv_into(view)
            except socket.timeout:
                ans.kind = 'timeout'
                break
            except OSError as e:
                ans.kind, ans.err = 'sock', e.errno
                break
            ans.recvs += 1
            off = 0
            while off + 16 <= n:
                mlen, mtype, mflags = struct.unpack_from('=IHH', RBUF, off)
                if mlen < 16 or off + mlen > n:
                    break
                if mtype in (NLMSG_ERROR, NLMSG_DONE):
                    err = -struct.unpack_from('=i', RBUF, off + 16)[0]
                    if err:
                        ans.kind, ans.err = 'nlerr', err
                        if mflags & NLM_F_ACK_TLVS:
                            # NLMSG_ERROR: error, capped request header.
                            start = 36 if mtype == NLMSG_ERROR else 20
                            ans.extack = extack_msg(RBUF, off + start,
                                                    off + mlen)
                    done = True
                    break
                ans.msgs.append(bytes(RBUF[off:off + mlen]))
                off += (mlen + 3) & ~3
    left = 0
    if fail:
        left = int(os.pread(FAILFD, 32, 0))
    if mark is not None:
        os.write(mark, MARK_END)
    if fail:
        os.pwrite(FAILFD, b'0', 0)
    return ans, left


class Kmsg:
    """New kernel log lines, matched against splat.sh's patterns."""

    def __init__(self):
        with open(os.path.join(HERE, 'splat.sh')) as f:
            pat = re.search(r"^SPLAT='(.*)'$", f.read(), re.M).group(1)
        self.splat = re.compile(pat)
        self.fd = os.open('/dev/kmsg', os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)

    def read(self):
        lines = []
        while True:
            try:
                rec = os.read(self.fd, 8192)
            except BlockingIOError:
                return lines
            except BrokenPipeError:     # overwritten records: go on
                continue
            text = rec.decode(errors='replace')
            lines.append(text.split(';', 1)[-1].split('\n')[0])

    def splats(self, lines):
        return [line for line in lines if self.splat.search(line)]


class World:
    """The parent's netns (this process's) and the tenant netns."""

    def __init__(self, parent, tenant):
        self.ynl = YnlFamily(os.path.join(os.environ['REPO'],
                                          'uapi/specs/vnic.yaml'), '')
        self.family = self.ynl.nlproto.family_id
        self.parent = parent
        self.pidx = socket.if_nametoindex(parent)
        self.host_fd = os.open('/proc/self/ns/net', os.O_RDONLY)
        self.tenant_fd = os.open('/run/netns/' + tenant, os.O_RDONLY)
        self.rt = nl_sock(NETLINK_ROUTE)
        self.trt = nl_sock(NETLINK_ROUTE, self.tenant_fd)
        # A "monitor" listener: dev-new/set/del also allocate events.
        self.mon = nl_sock(NETLINK_GENERIC)
        self.mon.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                            self.ynl.nlproto.genl_family['mcast']['monitor'])
        self.mon.setblocking(False)
        self.kmsg = Kmsg()
        self.br = socket.if_nametoindex('fbr0')    # made by the caller

    # -- requests, made without faults
    def genl_msg(self, op, vals, dump=False):
        flags = [NLM_F_DUMP] if dump else []
        return self.ynl._encode_message(self.ynl.ops[op], vals, flags, 1)

    def do(self, sock, msg, what):
        ans, _ = transact(sock, msg)
        if ans.kind != 'ok':
            raise RuntimeError('%s: %s' % (what, ans))
        return ans

    def genl(self, op, vals):
        with nl_sock(NETLINK_GENERIC) as sock:
            return self.do(sock, self.genl_msg(op, vals), op)

    def link_set(self, name, sock=None, up=False, mtu=None, ns_fd=None):
        body = ifinfo(0, IFF_UP, IFF_UP) if up else ifinfo()
        body += nla(IFLA_IFNAME, name.encode() + b'\0')
        if mtu is not None:
            body += nla(IFLA_MTU, struct.pack('=I', mtu))
        if ns_fd is not None:
            body += nla(IFLA_NET_NS_FD, struct.pack('=I', ns_fd))
        self.do(sock or self.rt,
                nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, body),
                'link set %s' % name)

    def link_del(self, name):
        body = ifinfo() + nla(IFLA_IFNAME, name.encode() + b'\0')
        self.do(self.rt, nlmsg(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, body),
                'link del ' + name)

    def drain_monitor(self):
        while True:
            try:
                self.mon.recv_into(RBUF)
            except BlockingIOError:
                return
            except OSError:     # ENOBUFS: events were lost, fine
                continue

    # -- state
    def links(self, sock):
        ans = self.do(sock, nlmsg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP,
                                  ifinfo()), 'link dump')
        out = {}
        for m in ans.msgs:
            _, _, _, flags, _ = struct.unpack_from('=BxHiII', m, 16)
            link = {'up': flags & IFF_UP}
            for atype, val in attrs(m, 32, len(m)):
                if atype == IFLA_IFNAME:
                    name = val.split(b'\0')[0].decode()
                elif atype == IFLA_ADDRESS:
                    link['mac'] = val.hex()
                elif atype in LINK_U32:
                    link[LINK_U32[atype]] = struct.unpack('=I', val)[0]
                elif atype == IFLA_LINKINFO:
                    for itype, ival in attrs(val, 0, len(val)):
                        if itype == IFLA_INFO_KIND:
                            link['kind'] = ival.split(b'\0')[0].decode()
            if name != 'fbr0':  # the test's: its MAC follows its ports
                out[name] = link
        return out

    def unicast_filter(self):
        body = struct.pack('=BxxxiHBB', AF_BRIDGE, 0, 0, 0, 0)
        ans = self.do(self.rt, nlmsg(RTM_GETNEIGH, NLM_F_REQUEST |
                                     NLM_F_DUMP, body), 'fdb dump')
        out = []
        for m in ans.msgs:
            if struct.unpack_from('=i', m, 20)[0] != self.pidx:
                continue
            for atype, val in attrs(m, 28, len(m)):
                if atype == NDA_LLADDR and not val[0] & 1:
                    out.append(val.hex())
        return sorted(out)

    def decode(self, msgs):
        return [self.ynl._decode(NlAttrs(m[20:]), 'dev') for m in msgs]

    def vnics(self):
        """The dev-get dump without ids and ifindexes (a vnic made again
        gets new ones), as raw attributes, in name order."""
        with nl_sock(NETLINK_GENERIC) as sock:
            ans = self.do(sock, self.genl_msg('dev-get', {}, dump=True),
                          'dev-get dump')
        out = []
        for m in ans.msgs:
            keep = b''.join(nla(t, v) for t, v in attrs(m, 20, len(m))
                            if t not in (VNIC_A_DEV_ID, VNIC_A_DEV_IFINDEX))
            out.append(keep)
        return Raw(sorted(out, key=lambda a: dict(attrs(a, 0, len(a)))
                          .get(VNIC_A_DEV_NAME, b'')), self)

    def snapshot(self):
        upper = sorted(x for x in os.listdir('/sys/class/net/' + self.parent)
                       if x.startswith('upper_'))
        return {'vnics': self.vnics(), 'host': self.links(self.rt),
                'tenant': self.links(self.trt), 'uc': self.unicast_filter(),
                'upper': upper}

    def parent_free(self):
        """No rx_handler left on the parent: it can join a bridge."""
        body = (ifinfo() + nla(IFLA_IFNAME, self.parent.encode() + b'\0') +
                nla(IFLA_MASTER, struct.pack('=I', self.br)))
        ans, _ = transact(self.rt, nlmsg(RTM_NEWLINK,
                                         NLM_F_REQUEST | NLM_F_ACK, body))
        if ans.kind != 'ok':
            return False
        body = body[:-8] + nla(IFLA_MASTER, struct.pack('=I', 0))
        self.do(self.rt, nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, body),
                'release the parent')
        return True


class Raw(list):
    """Raw dump attributes; decoded when printed."""

    def __init__(self, items, world):
        super().__init__(items)
        self.world = world

    def __str__(self):
        return str([self.world.ynl._decode(NlAttrs(a), 'dev') for a in self])


def diff(a, b):
    keys = [k for k in a if a[k] != b.get(k)]
    out = []
    for k in keys:
        if isinstance(a[k], dict):
            sub = sorted(set(a[k]) | set(b[k]))
            out.append('%s: %s' % (k, ', '.join(
                '%s %s -> %s' % (s, a[k].get(s), b[k].get(s))
                for s in sub if a[k].get(s) != b[k].get(s))))
        else:
            out.append('%s: %s -> %s' % (k, a[k], b[k]))
    return '; '.join(out)


# -- the requests

POLICY_FULL = {
    'mac-change': 1, 'vlan': 100, 'vlan-prio': 5, 'ethertype-rx': 1,
    'ethertypes': {'ethertype': [ETH_P_IP, ETH_P_ARP, ETH_P_IPV6]},
    'allowed-ips': {'prefix': [prefix('192.0.2.0/24'),
                               prefix('2001:db8::/64')]},
    'tx-rate': 100000000, 'tx-burst': 65536,
    'rx-rate': 50000000, 'rx-burst': 65536,
}
FA0 = {'name': 'fa0', 'mac': mac('02:fa:00:00:00:01'), 'mode': MODE_PRIVATE,
       'mac-change': 0, 'vlan': 0, 'vlan-prio': 0, 'ethertype-rx': 0,
       'ethertypes': {'ethertype': [ETH_P_IP, ETH_P_ARP, ETH_P_IPV6]},
       'allowed-ips': {'prefix': [prefix('192.0.2.10/32'),
                                  prefix('2001:db8::10/128')]},
       'tx-rate': 20000000, 'tx-burst': 32768, 'rx-rate': 0, 'rx-burst': 0}
FA0_SET = {'name': 'fa0', 'mac': mac('02:fa:00:00:00:02'), 'mac-change': 1,
           'vlan': 200, 'vlan-prio': 2, 'ethertype-rx': 1,
           'ethertypes': {'ethertype': [ETH_P_IP, ETH_P_IPV6]},
           'allowed-ips': {'prefix': [prefix('198.51.100.0/24'),
                                      prefix('2001:db8:1::/48'),
                                      prefix('192.0.2.12/31')]},
           'tx-rate': 5000000, 'tx-burst': 16384,
           'rx-rate': 7000000, 'rx-burst': 20000}
FA1 = dict(POLICY_FULL, name='fa1', mac=mac('02:fa:00:00:00:11'),
           mode=MODE_BRIDGE, vlan=0, **{'vlan-prio': 0})


class Op:
    """One request kind: its message, its socket, how to undo it."""
    name = ''
    bufsize = len(RBUF)
    check_port = False      # check for a stale port after each error

    def __init__(self, world):
        self.w = world

    def prepare(self):
        """Before the reference request."""

    def sock(self):
        return nl_sock(NETLINK_GENERIC)

    def msg(self):
        raise NotImplementedError

    def undo(self):
        raise NotImplementedError

    def check_answer(self, ans):
        return None


class DevNew(Op):
    name = 'dev-new'
    check_port = True
    VALS = dict(POLICY_FULL, name='fn0', mac=mac('02:fa:00:00:00:21'),
                mode=MODE_BRIDGE)

    def msg(self):
        return self.w.genl_msg('dev-new', dict(self.VALS, **{
            'parent-ifindex': self.w.pidx}))

    def undo(self):
        self.w.genl('dev-del', {'name': 'fn0'})


class LinkAdd(Op):
    name = 'link-add'

    def sock(self):
        return nl_sock(NETLINK_ROUTE)

    def msg(self):
        info = (nla(IFLA_INFO_KIND, b'vnic\0') +
                nla(IFLA_INFO_DATA | NLA_F_NESTED,
                    nla(VNIC_IFLA_MODE, struct.pack('=I', MODE_BRIDGE))))
        body = (ifinfo(0, IFF_UP, IFF_UP) +
                nla(IFLA_IFNAME, b'fl0\0') +
                nla(IFLA_LINK, struct.pack('=I', self.w.pidx)) +
                nla(IFLA_ADDRESS, mac('02:fa:00:00:00:31')) +
                nla(IFLA_MTU, struct.pack('=I', 1400)) +
                nla(IFLA_LINKINFO | NLA_F_NESTED, info))
        return nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
                     NLM_F_EXCL, body)

    def undo(self):
        self.w.link_del('fl0')


class DevSet(Op):
    name = 'dev-set'

    def msg(self):
        return self.w.genl_msg('dev-set', FA0_SET)

    def undo(self):
        vals = dict(FA0)
        vals.pop('mode')
        self.w.genl('dev-set', vals)
        self.w.link_set('fa0', mtu=1500)


class DevDel(Op):
    name = 'dev-del'

    def msg(self):
        return self.w.genl_msg('dev-del', {'name': 'fa1'})

    def undo(self):
        self.w.genl('dev-new', dict(FA1, **{'parent-ifindex': self.w.pidx}))
        self.w.link_set('fa1', up=True)


class Netns(Op):
    name = 'netns'

    def sock(self):
        return nl_sock(NETLINK_ROUTE)

    def msg(self):
        body = (ifinfo(socket.if_nametoindex('fa0')) +
                nla(IFLA_NET_NS_FD, struct.pack('=I', self.w.tenant_fd)))
        return nlmsg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, body)

    def undo(self):
        self.w.link_set('fa0', sock=self.w.trt, ns_fd=self.w.host_fd)
        self.w.link_set('fa0', up=True)


class Dump(Op):
    name = 'dump'
    bufsize = 4096      # a page per message: the dump takes several

    def prepare(self):
        # About 1.8 KB a vnic: two fit a message of NLMSG_GOODSIZE.
        many = {'prefix': [prefix('2001:db8:%x::/48' % i)
                           for i in range(48)]}
        for i in range(6):
            self.w.genl('dev-new', {
                'name': 'fd%d' % i, 'parent-ifindex': self.w.pidx,
                'mac': mac('02:fa:00:00:01:%02x' % i), 'allowed-ips': many,
                'ethertypes': {'ethertype': [ETH_P_IP, ETH_P_ARP]},
                'tx-rate': 1000000 * (i + 1), 'rx-rate': 2000000})
        for i in (4, 5):
            self.w.link_set('fd%d' % i, ns_fd=self.w.tenant_fd)
        with self.sock() as sock:
            ans, _ = transact(sock, self.msg(), bufsize=self.bufsize)
        if ans.kind != 'ok' or ans.recvs < 3:
            raise RuntimeError('reference dump: %s in %d messages' %
                               (ans, ans.recvs))
        self.ref = self.w.decode(ans.msgs)
        self.pages = ans.recvs

    def msg(self):
        return self.w.genl_msg('dev-get', {}, dump=True)

    def undo(self):
        raise RuntimeError('a dump changed the state')

    def check_answer(self, ans):
        if ans.kind == 'ok' and self.w.decode(ans.msgs) != self.ref:
            return 'the dump differs from the reference one'
        return None


def tracefs_write(path, text, mode='w'):
    """Writes text to a tracefs file, appending with mode 'a' (no seek:
    kprobe_events cannot seek to its end)."""
    flags = os.O_WRONLY | (os.O_APPEND if mode == 'a' else os.O_TRUNC)
    fd = os.open(os.path.join(TRACEFS, path), flags)
    try:
        os.write(fd, (text + '\n').encode())
    finally:
        os.close(fd)


# Frames of the allocators and of the tracing itself, above the code that
# asked for the memory.
ALLOC_FRAME = re.compile(
    r'^(should_fail|fail_dump|__?kmem_cache_alloc|kmem_cache_alloc|'
    r'__?kmalloc|kmalloc|__?kvmalloc|kvmalloc|kvzalloc|kzalloc|kcalloc|'
    r'krealloc|kmemdup|kstrdup|kstrndup|kasprintf|kvasprintf|slab_|'
    r'__slab|___slab|alloc_hooks|__do_kmalloc|kmem_cache_zalloc|'
    r'.*_noprof$|trace_|ftrace|kprobe|__kprobe|opt_pre_handler|'
    r'optimized_callback|asm_exc_int3|exc_int3|do_int3|'
    r'kretprobe|arch_rethook|rethook)')
# Frames of an interrupt (hard or soft) under the allocation.
IRQ_FRAME = re.compile(
    r'^(handle_softirqs|__do_softirq|run_ksoftirqd|__irq_exit_rcu|'
    r'irq_exit_rcu|(asm_|__)?sysvec_\w+|(asm_)?common_interrupt)$')
KMEMLEAK_FRAME = re.compile(r'^(kmemleak_|__?create_object|mem_pool_alloc)')


class Tracer:
    """Where the fault-injection points of a request are: a kprobe event
    on should_fail_ex() (tracefs), with the stack of each call."""

    def __init__(self):
        global TRACEFS
        self.mnt = None
        if not os.path.exists(os.path.join(TRACEFS, 'kprobe_events')):
            # ip netns exec mounted a sysfs of its own, without tracefs.
            self.mnt = TRACEFS = tempfile.mkdtemp(prefix='vnic-tracefs.')
            subprocess.run(['mount', '-t', 'tracefs', 'nodev', TRACEFS],
                           check=True)
        # An optimized probe (a jump to a trampoline, armed in the
        # background a while after the probe is made) unwinds through the
        # trampoline's address and loses the frames under it: the points
        # after it would fall into wrong classes (seen: a refcount
        # tracker's). Plain int3 probes only, meanwhile.
        self.opt = None
        if os.path.exists(KPROBES_OPT):     # CONFIG_OPTPROBES
            with open(KPROBES_OPT) as f:
                self.opt = f.read().strip()
            with open(KPROBES_OPT, 'w') as f:
                f.write('0')
        self.tid = threading.get_native_id()
        self.trigger = 'stacktrace if common_pid == %d' % self.tid
        tracefs_write('kprobe_events', 'p:vnicfi/sf should_fail_ex', 'a')
        tracefs_write('events/vnicfi/sf/filter',
                      'common_pid == %d' % self.tid)
        tracefs_write('buffer_size_kb', '8192')
        self.mark = os.open(os.path.join(TRACEFS, 'trace_marker'),
                            os.O_WRONLY)

    def close(self):
        os.close(self.mark)
        tracefs_write('kprobe_events', '-:vnicfi/sf', 'a')
        tracefs_write('buffer_size_kb', '1408')
        if self.opt is not None:
            with open(KPROBES_OPT, 'w') as f:
                f.write(self.opt)
        if self.mnt:
            subprocess.run(['umount', self.mnt], check=True)
            os.rmdir(self.mnt)

    def points(self, op):
        """The stacks (frame names, innermost first) of the fault-injection
        points of op's request in task context, in fail-nth's order."""
        # Armed only meanwhile: the probe traps on every slab allocation
        # of the system (the filter comes after), and so does a trigger.
        tracefs_write('trace', '')
        tracefs_write('events/vnicfi/sf/trigger', self.trigger)
        tracefs_write('events/vnicfi/sf/enable', '1')
        big = 1000000
        try:
            with op.sock() as sock:
                ans, left = transact(sock, op.msg(), fail=big,
                                     bufsize=op.bufsize, mark=self.mark)
        finally:
            tracefs_write('events/vnicfi/sf/enable', '0')
            tracefs_write('events/vnicfi/sf/trigger', '!' + self.trigger)
        with open(os.path.join(TRACEFS, 'trace')) as f:
            trace = f.read().split('\n')
        if ans.kind != 'ok':
            raise RuntimeError('traced request: %s' % ans)
        # The points between the markers: the socket made before and the
        # tracefs files written after allocate too, outside fail-nth's count.
        events = []     # (the hardirq/softirq flag, stack)
        inside = False
        for line in trace:
            if 'tracing_mark_write: ' in line:
                inside = MARK_BEGIN.decode() in line
                continue
            if not inside:
                continue
            m = re.search(r'\]\s+(\S+)\s+\d+\.\d+:\s+(sf:|<stack trace>)',
                          line)
            if m:
                if m.group(2) == 'sf:':
                    events.append((m.group(1)[2], []))
                continue
            m = re.match(r'\s*=> (\S+?)(\+0x[0-9a-f]+)?(/\S+)?( \[(\w+)\])?$',
                         line)
            if m and events:
                events[-1][1].append(m.group(1) + ('[%s]' % m.group(5)
                                                   if m.group(5) else ''))
        # In an interrupt fail-nth does not count a point. An int3 probe
        # is NMI-like ('Z' whatever the context): then the stack tells.
        bad = [st for _, st in events if any(HEX_FRAME.match(f) for f in st)]
        if bad:
            raise RuntimeError('a stack with an unresolved frame: ' +
                               ' < '.join(bad[0]))
        # Nor does it count what the stack filter rejects (a refcount
        # tracker's allocation, vnic_failnth.sh).
        stacks = [st for irq, st in events
                  if (irq == '.' or (irq in 'Zz' and
                                     not any(IRQ_FRAME.match(f) for f in st)))
                  and 'ref_tracker_alloc' not in st]
        if len(stacks) != big - left:
            raise RuntimeError('traced %d fault points, fail-nth counted %d'
                               % (len(stacks), big - left))
        return stacks


def fault_class(stack):
    """A fault-injection point's class: ('kmemleak',) for kmemleak's own
    metadata (its pool absorbs those failures); else the first vnic
    function on the stack with the two functions under it that lead to the
    allocation; else (netlink, rtnetlink, the core) the allocator's three
    innermost callers. Outermost first."""
    # Under should_failslab(): the probe's int3 handler and the stack
    # tracer.
    cut = [i for i, f in enumerate(stack) if f.startswith('should_fail')]
    frames = stack[cut[-1] + 1:] if cut else stack
    head = 0
    for f in frames:
        if KMEMLEAK_FRAME.match(f):
            return ('kmemleak',)
        if not ALLOC_FRAME.match(f):
            break
        head += 1
    site = frames[head:]
    for i, f in enumerate(site):
        if f.endswith('[vnic]'):
            return tuple(site[max(0, i - 2):i + 1][::-1])
    return tuple(site[:3][::-1])


def systematic(w, op, fails):
    """The fail-nth loop for op; returns its summary line."""
    t0 = time.monotonic()
    op.prepare()
    before = w.snapshot()
    with op.sock() as sock:
        ans, _ = transact(sock, op.msg(), bufsize=op.bufsize)
    if ans.kind != 'ok':
        raise RuntimeError('reference request: %s' % ans)
    w.drain_monitor()
    after = w.snapshot()
    if op.check_port and w.parent_free():
        raise RuntimeError('the parent of a vnic joined a bridge')
    if op.name != 'dump':
        op.undo()
        w.drain_monitor()
        back = w.snapshot()
        if back != before:
            raise RuntimeError('undo does not restore the state: ' +
                               diff(before, back))
    if op.check_port and not w.parent_free():
        raise RuntimeError('the parent without vnics cannot join a bridge')

    # Where the request can fail: the n to try.
    stacks = w.tracer.points(op)
    w.drain_monitor()
    if op.name != 'dump':
        op.undo()
    classes = {}
    for n, st in enumerate(stacks, 1):
        classes.setdefault(fault_class(st), []).append(n)
    skipped = classes.pop(('kmemleak',), [])
    for c in [c for c in classes if 'device_rename' in c]:
        # net/core/dev.c: WARN_ON(err) past the point of no return of a
        # netns move; the core's, not vnic's.
        skipped += classes.pop(c)
    if FULL:
        tries = sorted(n for ns in classes.values() for n in ns)
    else:
        tries = sorted({ns[0] for ns in classes.values()} |
                       {ns[-1] for ns in classes.values()})
    if VERBOSE:
        for c, ns in sorted(classes.items(), key=lambda kv: kv[1][0]):
            print('  %s class %s: n %s' % (
                op.name, ' > '.join(c), ns if len(ns) < 6 else
                '%d..%d (%d)' % (ns[0], ns[-1], len(ns))), flush=True)
    w.kmsg.read()

    def fail(n, text):
        fails.append('%s n=%d: %s' % (op.name, n, text))

    oks = lost = 0
    errs = {}
    first_fail = len(fails)
    again = True
    # Past the traced points the request must pass: until no fault is
    # injected (a request may allocate a little more than when traced,
    # e.g. a table that grows), at most EXTRA more.
    extra = len(stacks) + 1
    for n in tries + list(range(extra, extra + EXTRA)):
        if n >= extra and not again:
            break
        t1 = time.monotonic()
        with op.sock() as sock:
            ans, left = transact(sock, op.msg(), fail=n, bufsize=op.bufsize)
        w.drain_monitor()
        log = w.kmsg.read()
        state = w.snapshot()
        if VERBOSE:
            print('  %s n=%d%s: %s  [%s] %.1fs' % (
                op.name, n, '' if left == 0 else ' (no fault)', ans,
                ' > '.join(fault_class(stacks[n - 1])) if n <= len(stacks)
                else '', time.monotonic() - t1), flush=True)
        for line in w.kmsg.splats(log):
            fail(n, 'kernel: ' + line)
        bad = op.check_answer(ans)
        if bad:
            fail(n, bad)
        if ans.kind == 'ok':
            oks += 1
            if state != after:
                fail(n, 'succeeded, but not as the reference: ' +
                     diff(after, state))
        elif ans.kind in ('nlerr', 'send') or (
                ans.kind == 'sock' and ans.err in (E.ENOBUFS, E.ENOMEM)):
            if ans.kind == 'sock':
                lost += 1
            key = E.errorcode.get(ans.err, str(ans.err))
            if ans.extack:
                key += '+extack'
            errs[key] = errs.get(key, 0) + 1
            if state != before and (ans.kind != 'sock' or state != after):
                fail(n, '%s, but the state changed: %s' %
                     (ans, diff(before, state)))
        else:
            fail(n, 'no clean answer: %s' % ans)
        if left and ans.kind != 'ok':
            fail(n, 'failed without a fault: %s' % ans)
        if n >= extra:
            again = not left
        if n >= extra and again and n == extra + EXTRA - 1:
            fail(n, 'still a fault %d points past the traced ones' % EXTRA)
        if state == after and op.name != 'dump':
            op.undo()
            w.drain_monitor()
            state = w.snapshot()
            if state != before:
                fail(n, 'undo left: ' + diff(before, state))
                break
        elif op.check_port and state == before and not w.parent_free():
            fail(n, '%s, and the parent still has an rx_handler' % ans)
        if len(fails) - first_fail > 20:
            fails.append('%s: stopped after 20 failures' % op.name)
            break
    errtext = ', '.join('%s:%d' % kv for kv in sorted(errs.items()))
    return ('%s: %d fault points, %d classes, %d tried: ok %d, errors %d '
            '(%s), answer lost %d; not tried: %d (kmemleak, device_rename)'
            '; %.0fs' % (op.name, len(stacks), len(classes), len(tries), oks,
                         sum(errs.values()), errtext, lost, len(skipped),
                         time.monotonic() - t0))


def main():
    global FAILFD
    parent, tenant = sys.argv[1:3]
    want = sys.argv[3:] or [op.name for op in OPS]
    FAILFD = os.open('/proc/thread-self/fail-nth', os.O_RDWR)
    w = World(parent, tenant)
    w.tracer = Tracer()
    fails = []
    for cls in OPS:
        if cls is LinkAdd:
            # The vnics the next requests work on, up.
            w.genl('dev-new', dict(FA0, **{'parent-ifindex': w.pidx}))
            w.genl('dev-new', dict(FA1, **{'parent-ifindex': w.pidx}))
            w.link_set('fa0', up=True)
            w.link_set('fa1', up=True)
        if cls.name not in want:
            continue
        try:
            line = systematic(w, cls(w), fails)
        except (RuntimeError, OSError) as e:
            fails.append('%s: %s' % (cls.name, e))
            line = '%s: not run' % cls.name
        print(line, flush=True)
    w.tracer.close()
    for f in fails:
        print('FAIL: ' + f)
    return 1 if fails else 0


OPS = (DevNew, LinkAdd, DevSet, DevDel, Netns, Dump)

if __name__ == '__main__':
    sys.exit(main())
