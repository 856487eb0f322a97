#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, run inside the guest by scripts/demo.sh: two tenants, each with
# a vnic of one veth parent, reach a wire host and not each other.
set -u
cd "$(dirname "$0")/.." || exit 1
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

say "framing: tenant A may only use 192.0.2.10; a spoofed source never leaves"
run ip netns exec "$HOST" "$VNICCTL" set vnicA allow-ip 192.0.2.10/32,2001:db8::10/128
ip -n "$TA" addr add 192.0.2.99/24 dev vnicA
run ip netns exec "$TA" ping -c 2 -i 0.2 -W 1 -I 192.0.2.99 "$WIRE_IP"
run ip netns exec "$TA" ping -c 2 -i 0.2 -W 1 -I 192.0.2.10 "$WIRE_IP"
run ip netns exec "$HOST" "$VNICCTL" stats vnicA

mbit() {
	python3 -c 'import json,sys; e=json.load(sys.stdin)["end"]; print("%.1f Mbit/s, %d retransmits" % (e["sum_received"]["bits_per_second"] / 1e6, e["sum_sent"]["retransmits"]))'
}
ip netns exec "$WIRE" iperf3 -s -D -B "$WIRE_IP" >/dev/null 2>&1
sleep 1
say "share: TCP from tenant A, unshaped, then shaped to 20 and 50 Mbit/s from the host"
echo "unshaped:  $(ip netns exec "$TA" iperf3 -J -c "$WIRE_IP" -t 3 | mbit)"
for r in 20 50; do
	ip netns exec "$HOST" "$VNICCTL" set vnicA rate ${r}mbit burst 64k
	echo "rate ${r}mbit: $(ip netns exec "$TA" iperf3 -J -c "$WIRE_IP" -t 4 -O 1 | mbit)" \
		"(TCP goodput ceiling $(python3 -c "print(round($r * 1448 / 1514, 1))"))"
done
say "policing: the wire host floods tenant A with UDP at 30 Mbit/s; rx-rate 10mbit"
run ip netns exec "$HOST" "$VNICCTL" set vnicA rx-rate 10mbit rx-burst 128k
ip netns exec "$TA" iperf3 -s -D -p 5301 >/dev/null 2>&1
sleep 1
ip netns exec "$WIRE" iperf3 -J -u -b 30M -t 4 -c 192.0.2.10 -p 5301 |
	python3 -c 'import json,sys; s=json.load(sys.stdin)["end"]["sum"]; print("offered %.1f Mbit/s, delivered %.1f Mbit/s (%.0f%% dropped by the policer)" % (s["bits_per_second"] / 1e6, s["bits_per_second"] * (1 - s["lost_percent"] / 100) / 1e6, s["lost_percent"]))'

say "root in tenant A tries to lift its rate"
run ip netns exec "$TA" "$VNICCTL" set vnicA rate 0
run ip netns exec "$HOST" "$VNICCTL" stats vnicA
say "done"
