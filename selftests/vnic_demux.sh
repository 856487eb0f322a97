#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Demux by destination MAC: frames for one vnic are never seen on another,
# while broadcast reaches every vnic.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping tcpdump
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create v0"
vnic_tenant T1 v1 11 || fail "cannot create v1"

test_unicast() {
	local mac0 caught rx0a rx0b rx1a rx1b n=200
	RET=0
	mac0=$(mac_of "$T0" v0)
	in_ns "$WIRE" ping -c 1 -W 2 192.0.2.11 >/dev/null
	check_err $? "wire cannot reach v1"

	capture_start "$T1" v1 ether dst "$mac0"
	check_err $? "tcpdump did not start"
	rx0a=$(rx_packets "$T0" v0)
	rx1a=$(rx_packets "$T1" v1)
	in_ns "$WIRE" ping -c "$n" -i 0.005 -W 2 192.0.2.10 >/dev/null
	check_err $? "wire -> v0 ping flood lost packets"
	rx0b=$(rx_packets "$T0" v0)
	rx1b=$(rx_packets "$T1" v1)
	caught=$(capture_count)
	log_info "v0 rx_packets +$((rx0b - rx0a)); v1 rx_packets +$((rx1b - rx1a)); frames for v0 seen on v1: $caught"
	[ $((rx0b - rx0a)) -ge "$n" ]
	check_err $? "v0 did not receive its $n frames"
	[ "$caught" -eq 0 ]
	check_err $? "$caught frames for v0 reached v1"
	[ $((rx1b - rx1a)) -lt 10 ]
	check_err $? "v1 received $((rx1b - rx1a)) frames during v0's flood"
	log_test "unicast to v0's MAC is delivered to v0 only"
}

test_broadcast() {
	local rx0a rx0b rx1a rx1b
	RET=0
	rx0a=$(rx_packets "$T0" v0)
	rx1a=$(rx_packets "$T1" v1)
	# Broadcast ping: every host on the segment gets the request.
	in_ns "$WIRE" ping -b -c 5 -i 0.2 -W 1 192.0.2.255 >/dev/null 2>&1
	rx0b=$(rx_packets "$T0" v0)
	rx1b=$(rx_packets "$T1" v1)
	log_info "broadcast: v0 rx +$((rx0b - rx0a)), v1 rx +$((rx1b - rx1a))"
	[ $((rx0b - rx0a)) -ge 5 ] && [ $((rx1b - rx1a)) -ge 5 ]
	check_err $? "broadcast frames did not reach both vnics"
	log_test "broadcast fans out to every vnic"
}

test_unicast
test_broadcast
exit "$EXIT_STATUS"
