#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Parent events under traffic: down/up (carrier and operstate follow, also
# for a parent that keeps its carrier when down), MTU down/up (vnic MTUs
# clamp down, stay when the parent grows, the cap follows), MAC change
# (vnics keep working; taking a vnic's MAC is refused), enslaving the
# parent to a bridge or stacking a macvlan on it (refused with an error,
# nothing changes; the bond: vnic_lifecycle_bond.sh).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_lifecycle_lib.sh"

require_root
require_cmd ip ping iperf3 python3 bridge timeout
require_vnicctl

##############################################################################
# 4. parent events: down/up, MTU, MAC, enslaving

test_parent_updown() {
	local pid moved
	RET=0
	topo_veth && vnic_tenant T0 v0 10
	check_err $? "cannot build the topology"
	in_ns "$WIRE" iperf3 -s -D -p 5201
	wait_for_port "$WIRE" 5201
	check_err $? "iperf3 server did not start"
	ip netns exec "$T0" timeout -k 5 300 iperf3 -c "$WIRE_IP" -p 5201 --bidir \
		-b 10M --pacing-timer 10000 -t 600 >"$LOGDIR/updown" 2>&1 &
	pid=$!
	sleep 2
	[ "$(pid_total "$pid" v0 2)" -gt 10000 ]
	check_err $? "no traffic on v0 before the parent went down"

	ip -n "$HOST" link set "$PARENT" down
	# The kernel says LOWERLAYERDOWN only when it finds the lower device
	# in the vnic's own netns; from a tenant's netns it says DOWN.
	slowwait 60 state_is "$T0" v0 "DOWN 0|LOWERLAYERDOWN 0"
	check_err $? "v0 (operstate carrier) $(link_state "$T0" v0) while the parent is down"
	! in_ns "$T0" ping -c 1 -W 1 "$WIRE_IP" >/dev/null 2>&1
	check_err $? "v0 reached the wire while the parent was down"
	sleep 1

	ip -n "$HOST" link set "$PARENT" up
	slowwait 60 state_is "$T0" v0 "UP 1"
	check_err $? "v0 (operstate carrier) $(link_state "$T0" v0) after the parent came back"
	# TCP retransmits with backoff: give it time to recover.
	sleep 3
	moved=$(pid_total "$pid" v0 2)
	log_info "v0 after the parent came back: $moved bytes in 2 s"
	[ "$moved" -gt 10000 ]
	check_err $? "traffic did not resume on v0 ($moved bytes in 2 s)"
	kill -0 "$pid" 2>/dev/null
	check_err $? "iperf3 on v0 died across the parent's down/up: $(cat "$LOGDIR/updown")"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	log_test "parent down/up under traffic: vnic carrier/operstate follow, traffic resumes"

	# A parent that keeps its carrier when set down (dummy): the vnic
	# must still lose its carrier.
	RET=0
	ip -n "$HOST" link add d0 type dummy && ip -n "$HOST" link set d0 up
	check_err $? "cannot create a dummy parent"
	vnicctl_host add dv0 link d0 && ip -n "$HOST" link set dv0 up
	check_err $? "cannot create a vnic on the dummy"
	slowwait 60 state_is "$HOST" dv0 "UNKNOWN 1|UP 1"
	check_err $? "dv0 (operstate carrier) $(link_state "$HOST" dv0) on an up dummy"
	ip -n "$HOST" link set d0 down
	# No carrier is the point; the operstate is LOWERLAYERDOWN or DOWN
	# depending on which of the two linkwatch events runs first.
	slowwait 60 state_is "$HOST" dv0 "LOWERLAYERDOWN 0|DOWN 0"
	check_err $? "dv0 (operstate carrier) $(link_state "$HOST" dv0) while its parent (keeping its carrier) is down"
	ip -n "$HOST" link set d0 up
	slowwait 60 state_is "$HOST" dv0 "UNKNOWN 1|UP 1"
	check_err $? "dv0 (operstate carrier) $(link_state "$HOST" dv0) after the dummy came back"
	ip -n "$HOST" link del d0
	check_err $? "cannot delete the dummy"
	! ip -n "$HOST" link show dv0 >/dev/null 2>&1
	check_err $? "dv0 survived its dummy parent"
	log_test "parent that keeps its carrier when down: vnic carrier still follows"
	cleanup_all_ns
}

test_parent_mtu() {
	local out
	RET=0
	topo_veth && vnic_tenant T0 v0 10 && vnic_tenant T1 v1 11 vlan 100
	check_err $? "cannot build the topology"
	ip netns exec "$T0" ping -q -i 0.01 -w 600 "$WIRE_IP" >/dev/null 2>&1 &
	local pid=$!

	ip -n "$HOST" link set "$PARENT" mtu 1400
	check_err $? "cannot lower the parent's MTU under traffic"
	[ "$(link_attr "$T0" v0 "d[0]['mtu']")" -eq 1400 ] &&
		[ "$(link_attr "$T0" v0 "d[0]['max_mtu']")" -eq 1400 ]
	check_err $? "v0 MTU/max not clamped to 1400: $(link_attr "$T0" v0 "(d[0]['mtu'], d[0]['max_mtu'])")"
	[ "$(link_attr "$T1" v1 "d[0]['mtu']")" -eq 1396 ] &&
		[ "$(link_attr "$T1" v1 "d[0]['max_mtu']")" -eq 1396 ]
	check_err $? "VLAN v1 MTU/max not clamped to 1396: $(link_attr "$T1" v1 "(d[0]['mtu'], d[0]['max_mtu'])")"
	! ip -n "$T0" link set v0 mtu 1401 2>/dev/null
	check_err $? "tenant raised v0's MTU above the parent's"
	in_ns "$T0" ping -c 1 -W 5 -M "do" -s 1372 "$WIRE_IP" >/dev/null
	check_err $? "a 1400-byte packet does not pass at MTU 1400"
	! in_ns "$T0" ping -c 1 -W 2 -M "do" -s 1373 "$WIRE_IP" >/dev/null 2>&1
	check_err $? "a 1401-byte DF packet left at MTU 1400"

	ip -n "$HOST" link set "$PARENT" mtu 1500
	check_err $? "cannot raise the parent's MTU"
	out=$(link_attr "$T0" v0 "(d[0]['mtu'], d[0]['max_mtu'])")
	[ "$out" = "(1400, 1500)" ]
	check_err $? "after the parent went back to 1500, v0 (mtu, max) is $out, not (1400, 1500)"
	ip -n "$T0" link set v0 mtu 1500
	check_err $? "tenant cannot raise v0's MTU back to the new cap"
	in_ns "$T0" ping -c 1 -W 5 -M "do" -s 1472 "$WIRE_IP" >/dev/null
	check_err $? "a 1500-byte packet does not pass after raising the MTU"
	kill -0 "$pid"
	check_err $? "the ping flood died during MTU changes"
	kill "$pid"
	wait "$pid" 2>/dev/null
	log_test "parent MTU: vnics clamp down, keep their MTU when it grows, cap follows"
	cleanup_all_ns
}

test_parent_mac() {
	local pmac mac0 newmac out rc pid
	RET=0
	topo_veth && vnic_tenant T0 v0 10 && vnic_tenant T1 v1 11
	check_err $? "cannot build the topology"
	mac0=$(mac_of "$T0" v0)
	ip netns exec "$T0" ping -q -i 0.05 -w 600 "$WIRE_IP" >/dev/null 2>&1 &
	pid=$!
	newmac=02:00:00:00:0e:01
	ip -n "$HOST" link set "$PARENT" address "$newmac"
	check_err $? "cannot change the parent's MAC"
	in_ns "$T0" ping -c 2 -i 0.2 -W 5 "$WIRE_IP" >/dev/null &&
		in_ns "$T1" ping -c 2 -i 0.2 -W 5 "$WIRE_IP" >/dev/null
	check_err $? "vnics stopped working after the parent's MAC change"
	uc_has "$HOST" "$PARENT" "$mac0"
	check_err $? "v0's MAC lost from the parent's unicast list"

	# Taking a vnic's MAC would steal the parent's own frames (the
	# rx_handler steers them to the vnic): refused.
	pmac=$(mac_of "$HOST" "$PARENT")
	out=$(ip -n "$HOST" link set "$PARENT" address "$mac0" 2>&1)
	rc=$?
	[ "$rc" -ne 0 ]
	check_err $? "the parent took v0's MAC"
	echo "$out" | grep -q "used by vnic v0"
	check_err $? "no clear error for the parent taking v0's MAC: $out"
	[ "$(mac_of "$HOST" "$PARENT")" = "$pmac" ] && [ "$(mac_of "$T0" v0)" = "$mac0" ]
	check_err $? "MACs changed after a refused change"
	in_ns "$T0" ping -c 2 -i 0.2 -W 5 "$WIRE_IP" >/dev/null
	check_err $? "v0 stopped working after the refused change"
	kill -0 "$pid"
	check_err $? "v0's ping died"
	kill "$pid"
	wait "$pid" 2>/dev/null
	log_test "parent MAC change: vnics keep working; a vnic's MAC is refused"
	cleanup_all_ns
}

test_parent_enslave() {
	RET=0
	topo_veth && vnic_tenant T0 v0 10
	check_err $? "cannot build the topology"
	ip netns exec "$T0" ping -q -i 0.05 -w 600 "$WIRE_IP" >/dev/null 2>&1 &
	local pid=$!

	ip -n "$HOST" link add br0 type bridge && ip -n "$HOST" link set br0 up
	check_err $? "cannot create a bridge"
	expect_refused "bridge port" "busy" \
		ip -n "$HOST" link set "$PARENT" master br0
	! ip -n "$HOST" link show master br0 | grep -q "$PARENT"
	check_err $? "the parent shows up as a bridge port"

	expect_refused "macvlan on the parent" "busy" \
		ip -n "$HOST" link add mv0 link "$PARENT" type macvlan
	! ip -n "$HOST" link show mv0 >/dev/null 2>&1
	check_err $? "a macvlan exists on the parent"

	kill -0 "$pid"
	check_err $? "v0's ping died while the parent was being enslaved"
	kill "$pid"
	wait "$pid" 2>/dev/null
	log_test "parent cannot join a bridge or carry a macvlan; nothing changes"
	cleanup_all_ns
}

selected parent_updown && test_parent_updown
selected parent_mtu && test_parent_mtu
selected parent_mac && test_parent_mac
selected parent_enslave && test_parent_enslave
exit "$EXIT_STATUS"
