#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Private mode: two vnics of one parent exchange no frame, even when the
# switch on the wire reflects their frames back (hairpin). Bridge mode: they
# reach each other locally, without the frames crossing the wire.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping tcpdump
require_vnicctl

test_private() {
	local mac0 mac1 caught drop0 drop1 refl0 refl1
	RET=0
	topo_veth && topo_hairpin
	check_err $? "cannot build the hairpin topology"
	vnic_tenant T0 v0 10 && vnic_tenant T1 v1 11
	check_err $? "cannot create vnics"
	mac0=$(mac_of "$T0" v0)
	mac1=$(mac_of "$T1" v1)

	# Both still reach the wire host through the hairpinning switch.
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 cannot reach the wire host"
	in_ns "$T1" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v1 cannot reach the wire host"

	capture_start "$T1" v1 ether src "$mac0"
	check_err $? "tcpdump did not start"
	# ARP (broadcast, reflected) must not resolve ...
	in_ns "$T0" ping -c 3 -i 0.2 -W 1 192.0.2.11 >/dev/null 2>&1
	check_fail $? "v0 reached v1 in private mode (ARP path)"
	# ... and unicast with a static neighbour must not arrive either.
	in_ns "$T0" ip neigh replace 192.0.2.11 lladdr "$mac1" dev v0
	drop1=$(rx_dropped "$T1" v1)
	refl0=$(tx_packets "$WIRE" "$WIRE_IF")
	in_ns "$T0" ping -c 10 -i 0.1 -W 1 192.0.2.11 >/dev/null 2>&1
	check_fail $? "v0 reached v1 in private mode (unicast)"
	drop0=$(rx_dropped "$T1" v1)
	refl1=$(tx_packets "$WIRE" "$WIRE_IF")
	caught=$(capture_count)
	log_info "switch reflected $((refl1 - refl0)) frames; v1 rx_dropped +$((drop0 - drop1)); frames from v0 seen on v1: $caught"
	[ "$caught" -eq 0 ]
	check_err $? "$caught frames from v0 were delivered to v1"
	# The frames did come back from the wire and were refused by vnic.
	[ $((refl1 - refl0)) -ge 10 ]
	check_err $? "the switch did not reflect the frames (test setup)"
	[ $((drop0 - drop1)) -ge 10 ]
	check_err $? "reflected unicast frames were not dropped and counted"
	log_test "private mode: no frame between sibling vnics, even hairpinned"
	cleanup_all_ns
}

test_bridge() {
	local wire0 wire1
	RET=0
	topo_veth
	check_err $? "cannot build the veth topology"
	vnic_tenant T0 v0 10 mode bridge && vnic_tenant T1 v1 11 mode bridge
	check_err $? "cannot create bridge-mode vnics"

	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 cannot reach the wire host"
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 192.0.2.11 >/dev/null
	check_err $? "bridge-mode vnics cannot reach each other (ARP + warmup)"
	wire0=$(rx_packets "$WIRE" "$WIRE_IF")
	in_ns "$T0" ping -c 20 -i 0.05 -W 2 192.0.2.11 >/dev/null
	check_err $? "bridge-mode ping v0 -> v1 failed"
	in_ns "$T1" ping -6 -c 3 -i 0.2 -W 2 2001:db8::10 >/dev/null
	check_err $? "bridge-mode IPv6 ping v1 -> v0 failed"
	wire1=$(rx_packets "$WIRE" "$WIRE_IF")
	log_info "wire rx_packets during 20 local pings: +$((wire1 - wire0))"
	# Local delivery: the 40 unicast ICMP frames never touch the wire.
	[ $((wire1 - wire0)) -lt 20 ]
	check_err $? "bridge-mode traffic went over the wire"
	log_test "bridge mode: sibling vnics talk locally"
	cleanup_all_ns
}

test_private
test_bridge
exit "$EXIT_STATUS"
