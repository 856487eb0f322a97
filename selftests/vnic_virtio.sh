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

# rx_bytes/rx_packets of VNIC in NS
rx_avg() {
	ip -n "$1" -s -j link show "$2" | python3 -c \
		'import json,sys; s=json.load(sys.stdin)[0]["stats64"]["rx"]; print(s["bytes"], s["packets"])'
}

# A GRO packet is longer than a small rx-burst: the policer must still let
# it conform (a full bucket, then debt), or TCP towards the vnic starves.
# Counted at both ends: the parent's tap sees what GRO built (before
# vnic), v0's what the policer let through. The old policer never passed
# a packet longer than the burst (0 delivered, TCP at 184 kbit/s with an
# average of 1179 bytes), whatever the goodput.
test_rx_police_gro() {
	local json got s0 s1 b p pcap pcap_pid offered delivered
	local big="tcp dst port 5311 and greater 2000"
	RET=0
	ip netns exec "$HOST" ethtool -K "$PARENT" gro on >/dev/null 2>&1
	vnicctl_host set v0 rx-rate 20mbit rx-burst 1600
	check_err $? "cannot set rx-rate 20mbit rx-burst 1600"
	json=$(mktemp)
	at_exit rm -f "$json"
	in_ns "$T0" iperf3 -s -1 -B 192.0.2.10 -p 5311 >/dev/null 2>&1 &
	at_exit kill $!
	wait_for_port "$T0" 5311
	pcap=$(mktemp /tmp/cap.XXXXXX)
	at_exit rm -f "$pcap"
	ip netns exec "$HOST" tcpdump -i "$PARENT" --immediate-mode -nn -U \
		-w "$pcap" "$big" >/dev/null 2>&1 &
	pcap_pid=$!
	at_exit kill "$pcap_pid"
	slowwait 30 test -s "$pcap"
	check_err $? "tcpdump on the parent did not start"
	capture_start "$T0" v0 "$big"
	check_err $? "tcpdump on v0 did not start"
	s0=$(rx_avg "$T0" v0)
	in_ns "$WIRE" iperf3 -c 192.0.2.10 -p 5311 -t 4 -J >"$json" 2>&1
	check_err $? "iperf3 towards the vnic failed"
	s1=$(rx_avg "$T0" v0)
	delivered=$(capture_count)
	kill "$pcap_pid" 2>/dev/null
	wait "$pcap_pid" 2>/dev/null
	offered=$(tcpdump -r "$pcap" --count 2>/dev/null | awk '{ print $1 }')
	b=$((${s1% *} - ${s0% *}))
	p=$((${s1#* } - ${s0#* }))
	got=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"]))' \
		"$json" 2>/dev/null)
	log_info "TCP into v0 at rx-rate 20mbit rx-burst 1600: ${got:-0} bit/s; $p packets of $((b / (p ? p : 1))) bytes on average; packets over 2000 bytes: ${offered:-?} on the parent, ${delivered:-?} delivered; policer drops $(stat_of v0 rx_rate)"
	# GRO really merged segments into packets longer than the burst...
	[ "${offered:-0}" -gt 0 ]
	check_err $? "the parent's GRO built no packet over 2000 bytes: the case is not exercised"
	# ... and the policer let such packets through.
	[ "${delivered:-0}" -gt 0 ]
	check_err $? "none of ${offered:-?} packets over 2000 bytes reached v0: oversized packets never conform"
	# ... and TCP made progress (a policer with a burst of one frame
	# costs TCP much of the rate, the more so on a loaded host: this is
	# no accuracy check).
	[ "${got:-0}" -gt 0 ]
	check_err $? "TCP goodput ${got:-0} bit/s: starved under the policer"
	vnicctl_host set v0 rx-rate 0
	log_test "RX policer: GRO packets longer than rx-burst still conform"
}

stat_of() {
	vnicctl_host -j stats "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$2'])"
}

test_connectivity
test_isolation
test_rx_police_gro
exit "$EXIT_STATUS"
