#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Many vnic requests from one process, through the kernel tree's YNL
library (one exec costs up to a second in a loaded emulated guest).

vnic_ynl_batch.py set-loop NAME N
    N dev-set requests on vnic NAME alternating two policies that both
    allow NAME's traffic as 192.0.2.10 / 2001:db8::10:
      odd:  tx-rate 50mbit burst 128k, no RX policing, ethertypes
            ipv4,arp,ipv6,lldp, any source IP
      even: tx-rate 10mbit burst 64k, rx-rate 20mbit burst 128k,
            ethertypes ipv4,arp,ipv6, 192.0.2.10/32 and 2001:db8::10/128;
            VNIC_SET_LOW_RATE and VNIC_SET_LOW_BURST (bit/s, bytes)
            replace the 10mbit and 64k
    Prints "sets N failed F" (and the first error on stderr).
vnic_ynl_batch.py create PARENT_IFINDEX PREFIX COUNT MAC_PREFIX
    Creates PREFIX0 .. PREFIX<COUNT-1> on the parent, MAC MAC_PREFIX:<j in
    hex>. Prints "created N failed F".

Environment: YNL_CLI (path of tools/net/ynl/cli.py), REPO (the vnic
repository, for uapi/specs/vnic.yaml).
"""
import ipaddress
import os
import sys

sys.path.insert(0, os.path.dirname(os.environ['YNL_CLI']))
from lib import YnlFamily, NlError  # noqa: E402

ETH_P_IP, ETH_P_ARP, ETH_P_IPV6, ETH_P_LLDP = 0x0800, 0x0806, 0x86dd, 0x88cc


def prefix(text):
    net = ipaddress.ip_network(text)
    return {'addr': net.network_address.packed, 'plen': net.prefixlen}


POLICY_ODD = {
    'tx-rate': 50000000, 'tx-burst': 131072, 'rx-rate': 0,
    'ethertypes': {'ethertype': [ETH_P_IP, ETH_P_ARP, ETH_P_IPV6,
                                 ETH_P_LLDP]},
    'allowed-ips': {},
}
POLICY_EVEN = {
    'tx-rate': int(os.environ.get('VNIC_SET_LOW_RATE', 10000000)),
    'tx-burst': int(os.environ.get('VNIC_SET_LOW_BURST', 65536)),
    'rx-rate': 20000000, 'rx-burst': 131072,
    'ethertypes': {'ethertype': [ETH_P_IP, ETH_P_ARP, ETH_P_IPV6]},
    'allowed-ips': {'prefix': [prefix('192.0.2.10/32'),
                               prefix('2001:db8::10/128')]},
}


def main():
    # No schema validation: the spec is checked by make check already.
    ynl = YnlFamily(os.path.join(os.environ['REPO'], 'uapi/specs/vnic.yaml'),
                    '')
    cmd = sys.argv[1]
    failed = 0
    first = None
    if cmd == 'set-loop':
        name, n = sys.argv[2], int(sys.argv[3])
        for i in range(1, n + 1):
            req = dict(POLICY_ODD if i % 2 else POLICY_EVEN, name=name)
            try:
                ynl.do('dev-set', req)
            except NlError as e:
                failed += 1
                first = first or e
        print('sets %d failed %d' % (n, failed))
    elif cmd == 'create':
        parent, pfx, count, mac = (int(sys.argv[2]), sys.argv[3],
                                   int(sys.argv[4]), sys.argv[5])
        for j in range(count):
            req = {'name': '%s%d' % (pfx, j), 'parent-ifindex': parent,
                   'mac': bytes.fromhex(('%s:%02x' % (mac, j))
                                        .replace(':', ''))}
            try:
                ynl.do('dev-new', req)
            except NlError as e:
                failed += 1
                first = first or e
        print('created %d failed %d' % (count, failed))
    else:
        sys.exit('usage: see the docstring')
    if first:
        print('first error: %s' % first, file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
