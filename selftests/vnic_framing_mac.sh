#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Framing policy, Ethernet level: frames from a source MAC other than the
# vnic's never reach the wire (tx-spoof-mac); the tenant can change the MAC
# only with mac-change on, and the new MAC is then the one enforced, as is
# one set by the admin; frames over the MTU (tx-mtu) and runts (tx-runt)
# are dropped; frames from the wire sourced by a vnic of the same parent are
# never delivered (rx-loop).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip ping tcpdump tc python3
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create v0"
vnic_tenant T1 v1 11 || fail "cannot create v1"
frames_serve "$T0" "$WIRE" || fail "cannot start frames.py"
WMAC=$(mac_of "$WIRE" "$WIRE_IF")
PMAC=$(mac_of "$HOST" "$PARENT")

test_spoof_mac() {
	local mac0
	RET=0
	mac0=$(mac_of "$T0" v0)
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "IPv4 ping tenant -> wire failed"
	in_ns "$T0" ping -6 -c 2 -i 0.2 -W 2 "$WIRE_IP6" >/dev/null
	check_err $? "IPv6 ping tenant -> wire failed"

	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_mac 5 spoof-mac --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_spoof_mac 3 spoof-mac --src-mac "$PMAC"
	tx_case "$T0" v0 tx_spoof_mac 4 spoof-mac \
		--src-mac "$(mac_of "$T1" v1)"
	tx_case "$T0" v0 tx_spoof_mac 2 spoof-mac --src-mac 01:00:5e:00:00:01
	tx_case "$T0" v0 none 6 legit-ip4 --dst-mac "$WMAC"
	capture_stop 6 "ether src $mac0 and udp dst port $UDP4"
	wire_none "frames from a foreign MAC" \
		"ether src $BAD_MAC"
	wire_none "frames with the parent's MAC" \
		"ether src $PMAC and udp dst port $UDP4"
	wire_none "frames with the sibling's MAC" \
		"ether src $(mac_of "$T1" v1) and udp dst port $UDP4"
	wire_none "frames with a multicast source" \
		"ether src 01:00:5e:00:00:01"
	wire_none_check
	expect_wire 6 "legitimate frames" ether src "$mac0" and udp dst port "$UDP4"
	log_test "source MAC other than the vnic's is dropped (tx-spoof-mac)"
}

# mac_enforced CUR OLD SPOOFS LEGIT DESC: after a MAC change to CUR, the
# tenant still reaches the wire; SPOOFS frames sourced from OLD are dropped
# (tx-spoof-mac) and none reach the wire, LEGIT frames from CUR do.
mac_enforced() {
	local cur=$1 old=$2 spoofs=$3 legit=$4 desc=$5

	ip -n "$WIRE" neigh flush dev "$WIRE_IF"
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "no IPv4 connectivity with $desc"
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_mac "$spoofs" spoof-mac --src-mac "$old"
	tx_case "$T0" v0 none "$legit" legit-ip4
	capture_stop "$legit" "ether src $cur and udp dst port $UDP4"
	wire_none "frames from the previous MAC" "ether src $old"
	wire_none_check
	expect_wire "$legit" "frames from $desc" \
		ether src "$cur" and udp dst port "$UDP4"
}

test_mac_change() {
	local mac0 new=02:00:00:5a:00:10 admin=02:00:00:ad:00:10 out
	RET=0
	mac0=$(mac_of "$T0" v0)
	[ "$(show_key v0 mac_change)" = false ]
	check_err $? "mac_change is not off by default: $(show_key v0 mac_change)"
	out=$(ip -n "$T0" link set v0 address "$new" 2>&1)
	check_fail $? "tenant changed the MAC with mac-change off"
	[ "$(mac_of "$T0" v0)" = "$mac0" ]
	check_err $? "MAC changed although refused"
	log_test "mac-change off: tenant cannot change the MAC"

	RET=0
	vnicctl_host set v0 mac-change on
	check_err $? "vnicctl set v0 mac-change on failed"
	[ "$(show_key v0 mac_change)" = true ]
	check_err $? "show does not report mac_change on: $(show_key v0 mac_change)"
	out=$(ip -n "$T0" link set v0 address "$new" 2>&1)
	check_err $? "tenant cannot change the MAC with mac-change on: $out"
	[ "$(show_key v0 mac)" = "\"$new\"" ]
	check_err $? "vnicctl show reports MAC $(show_key v0 mac), not $new"
	mac_enforced "$new" "$mac0" 4 3 "the new MAC"
	log_test "mac-change on: tenant's new MAC is the one enforced"

	RET=0
	vnicctl_host set v0 mac-change off
	check_err $? "vnicctl set v0 mac-change off failed"
	vnicctl_host set v0 mac "$admin"
	check_err $? "vnicctl set v0 mac failed"
	[ "$(mac_of "$T0" v0)" = "$admin" ]
	check_err $? "tenant sees MAC $(mac_of "$T0" v0), not $admin"
	ip -n "$T0" link set v0 address "$new" 2>/dev/null
	check_fail $? "tenant changed the MAC after mac-change off"
	mac_enforced "$admin" "$new" 5 2 "the admin-set MAC"
	log_test "admin sets the MAC (vnicctl set mac), then enforced"
}

test_mtu() {
	local mac0 mtu out
	RET=0
	mac0=$(mac_of "$T0" v0)
	mtu=$(in_ns "$T0" cat /sys/class/net/v0/mtu)
	[ "$mtu" -eq 1500 ]
	check_err $? "v0 MTU is $mtu, expected the parent's 1500"
	out=$(ip -n "$T0" link set v0 mtu 9000 2>&1)
	check_fail $? "tenant raised the MTU to 9000 (parent: 1500)"
	out=$(ip -n "$T0" link set v0 mtu 1501 2>&1)
	check_fail $? "tenant raised the MTU to 1501 (parent: 1500)"
	[ "$(in_ns "$T0" cat /sys/class/net/v0/mtu)" -eq 1500 ]
	check_err $? "v0 MTU changed"
	in_ns "$T0" ping -M "do" -s 1472 -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "full-size (1500) IPv4 ping failed"

	# A wire with room for more, so that an oversized frame let through
	# would show up there.
	ip -n "$HOST" link set "$PARENT" mtu 9000 &&
		ip -n "$WIRE" link set "$WIRE_IF" mtu 9000
	check_err $? "cannot raise the wire's MTU"
	injector "$T0" v0
	check_err $? "cannot set up the injector device"
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_mtu 3 oversize --len 1600 --via inj0 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 oversize --len 1514 --via inj0 --dst-mac "$WMAC"
	ip -n "$T0" link set v0 mtu 1400
	check_err $? "tenant cannot lower the MTU"
	tx_case "$T0" v0 tx_runt 5 runt --via inj0
	tx_case "$T0" v0 tx_runt 2 runt --len 13 --via inj0
	tx_case "$T0" v0 tx_runt 1 runt --len 1 --via inj0
	tx_case "$T0" v0 tx_mtu 4 oversize --len 1500 --via inj0 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 3 oversize --len 1414 --via inj0 --dst-mac "$WMAC"
	capture_stop 3 "udp dst port $UDP4 and len == 1414"
	wire_none "1600-byte frames (MTU 1500)" \
		"udp dst port $UDP4 and len == 1600"
	wire_none "1500-byte frames (MTU 1400)" \
		"udp dst port $UDP4 and len == 1500"
	wire_none "runts" "less 13"
	wire_none_check
	expect_wire 2 "1514-byte frames (MTU 1500)" udp dst port "$UDP4" and len == 1514
	expect_wire 3 "1414-byte frames (MTU 1400)" udp dst port "$UDP4" and len == 1414
	in_ns "$T0" ip link del inj0
	log_test "frames over the MTU (tx-mtu) and runts (tx-runt) are dropped"
}

test_rx_loop() {
	local mac0 mac1 got
	RET=0
	mac0=$(mac_of "$T0" v0)
	mac1=$(mac_of "$T1" v1)
	capture_start "$T0" v0 udp dst port "$UDP4"
	check_err $? "tcpdump did not start"
	rx_case "$T0" v0 rx_loop 4 legit-ip4 --src-mac "$mac1" \
		--src 192.0.2.11 --dst 192.0.2.10
	rx_case "$T0" v0 rx_loop 3 legit-ip4 --src-mac "$mac0" \
		--src 192.0.2.10 --dst 192.0.2.10
	rx_case "$T0" v0 none 5 legit-ip4 --src "$WIRE_IP" --dst 192.0.2.10
	capture_stop 5 "udp dst port $UDP4"
	got=$(wire_count "udp dst port $UDP4")
	[ "$got" -eq 5 ]
	check_err $? "v0 received $got marked frames, expected only the wire host's 5"
	log_test "frames from the wire sourced by a vnic of the parent (rx-loop)"
}

test_spoof_mac
test_mac_change
test_mtu
test_rx_loop
exit "$EXIT_STATUS"
