#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The same checks on a real NIC driver: the parent is a virtio_net device
# whose wire (a QEMU hub) leads to a second virtio_net device in the wire
# host's netns. Needs the guest started with two NICs (vm-run.sh --nics).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping iperf3 tcpdump
require_vnicctl

modprobe virtio_net 2>/dev/null
slowwait 10 test -e /sys/class/net/eth1 ||
	fail "no virtio NICs: run the guest with vm-run.sh --nics"

topo_virtio() {
	vnic_load || return 1
	setup_ns HOST WIRE || return 1
	ip link set eth0 netns "$HOST" || return 1
	ip link set eth1 netns "$WIRE" || return 1
	at_exit ip -n "$HOST" link set eth0 netns 1
	at_exit ip -n "$WIRE" link set eth1 netns 1
	ip -n "$HOST" link set eth0 name "$PARENT" || return 1
	ip -n "$WIRE" link set eth1 name "$WIRE_IF" || return 1
	at_exit ip -n "$HOST" link set "$PARENT" name eth0
	at_exit ip -n "$WIRE" link set "$WIRE_IF" name eth1
	topo_wire_addr "$WIRE_IF"
	ip -n "$HOST" link set "$PARENT" up
}

topo_virtio || fail "cannot build the virtio topology"
DRV=$(ip netns exec "$HOST" ethtool -i "$PARENT" | awk '/^driver:/ { print $2 }')
[ "$DRV" = virtio_net ] || fail "parent driver is '$DRV', not virtio_net"
vnic_tenant T0 v0 10 || fail "cannot create v0"
vnic_tenant T1 v1 11 || fail "cannot create v1"

test_connectivity() {
	local json sent
	RET=0
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 cannot ping the wire host over virtio"
	in_ns "$T1" ping -6 -c 3 -i 0.2 -W 2 "$WIRE_IP6" >/dev/null
	check_err $? "v1 cannot ping the wire host over virtio (IPv6)"
	json=$(mktemp)
	at_exit rm -f "$json"
	in_ns "$WIRE" iperf3 -s -1 -B "$WIRE_IP" >/dev/null 2>&1 &
	at_exit kill $!
	wait_for_port "$WIRE" 5201
	in_ns "$T0" iperf3 -c "$WIRE_IP" -t 2 -J >"$json" 2>&1
	check_err $? "iperf3 over virtio failed"
	sent=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["end"]["sum_received"]["bytes"])' \
		"$json" 2>/dev/null)
	log_info "TCP over virtio_net: ${sent:-0} bytes received by the wire host"
	[ "${sent:-0}" -gt 100000 ]
	check_err $? "too little TCP data over virtio"
	log_test "virtio_net parent: ping and TCP to the wire host"
}

test_isolation() {
	local mac0 mac1 caught
	RET=0
	topo_hairpin
	check_err $? "cannot make the wire host a hairpinning switch"
	mac0=$(mac_of "$T0" v0)
	mac1=$(mac_of "$T1" v1)
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 lost the wire host behind the switch"
	capture_start "$T1" v1 ether src "$mac0"
	in_ns "$T0" ip neigh replace 192.0.2.11 lladdr "$mac1" dev v0
	in_ns "$T0" ping -c 5 -i 0.1 -W 1 192.0.2.11 >/dev/null 2>&1
	check_fail $? "private vnics reached each other over virtio"
	caught=$(capture_count)
	[ "$caught" -eq 0 ]
	check_err $? "$caught frames from v0 delivered to v1"
	log_test "virtio_net parent: private vnics isolated behind a hairpin"
}

test_connectivity
test_isolation
exit "$EXIT_STATUS"
