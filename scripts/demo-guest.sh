#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, run inside the guest by scripts/demo.sh: two tenants, each with
# a vnic of one veth parent, reach a wire host and not each other.
set -u
cd "$(dirname "$0")/.."
source selftests/lib.sh
source selftests/vnic_topo.sh

say() { printf '\n\033[1m## %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "load vnic, make a wire: parent p0 (host netns) <-> w0 (wire host, $WIRE_IP)"
topo_veth || fail "topology"
say "create two vnics on p0 and hand each to its own tenant netns"
vnic_tenant TA vnicA 10 || fail "vnicA"
vnic_tenant TB vnicB 11 mode private || fail "vnicB"
run ip netns exec "$HOST" "$VNICCTL" show
run ip -n "$TA" -br addr show vnicA

say "tenant A and tenant B both reach the wire host"
run ip netns exec "$TA" ping -c 2 -i 0.2 "$WIRE_IP"
run ip netns exec "$TB" ping -c 2 -i 0.2 "$WIRE_IP"

say "the wire host now reflects every frame (hairpin switch): A still cannot reach B"
topo_hairpin
ip netns exec "$TA" ip neigh replace 192.0.2.11 lladdr "$(mac_of "$TB" vnicB)" dev vnicA
run ip netns exec "$TA" ping -c 3 -i 0.2 -W 1 192.0.2.11
echo "(expected: 100% packet loss) vnicB rx_dropped = $(rx_dropped "$TB" vnicB) reflected frames refused"

say "root inside tenant A cannot touch its vnic's configuration"
run ip netns exec "$TA" "$VNICCTL" del vnicA
run ip -n "$TA" link set vnicA address 02:de:ad:be:ef:01

say "TCP from tenant A to the wire host"
ip netns exec "$WIRE" iperf3 -s -1 -D -B "$WIRE_IP" >/dev/null 2>&1
sleep 1
ip netns exec "$TA" iperf3 -c "$WIRE_IP" -t 3 -f m | grep -E 'sender|receiver'
say "done"
