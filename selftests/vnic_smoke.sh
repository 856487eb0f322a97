#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Smoke test of the whole life of a vnic: load the module, create a vnic,
# ping the wire host through it, change its policy and rate while it
# carries traffic, delete it, unload the module. The short path every user
# takes; also the scenario of `make gate-proof` (one dev-set, one delete,
# one rmmod), so it must stay quick.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping
require_vnicctl

if vnic_is_loaded; then
	rmmod "$VNIC_MOD" || fail "vnic is loaded and busy"
fi
topo_veth || fail "cannot build the veth topology"
vnic_is_loaded || fail "vnic did not load"

test_life() {
	local before after out pid
	RET=0
	vnic_tenant T0 v0 10 rate 10mbit
	check_err $? "cannot create vnic v0"
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "ping tenant -> wire failed"

	vnicctl_host set v0 ethertype ipv4,arp,ipv6 rate 20mbit
	check_err $? "dev-set failed"
	before=$(rx_packets "$WIRE" "$WIRE_IF")
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "ping after dev-set failed"
	after=$(rx_packets "$WIRE" "$WIRE_IF")
	[ $((after - before)) -ge 3 ]
	check_err $? "wire saw $((after - before)) packets for 3 pings"

	# A leaked reference makes the delete wait forever in the kernel (and
	# unkillably): give it 30 s, off the output pipe, then give up.
	out=$(mktemp)
	at_exit rm -f "$out"
	vnicctl_host del v0 >"$out" 2>&1 </dev/null &
	pid=$!
	for _ in $(seq 60); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		check_err 1 "vnicctl del still waiting after 30 s"
		# rmmod would wait for it too, forever: leave the module.
		VNIC_LOADED_BY_US=0
		log_test "load, create, ping, set, delete, unload"
		return
	fi
	wait "$pid"
	check_err $? "vnicctl del failed: $(cat "$out")"
	ip netns exec "$T0" ip link show v0 >/dev/null 2>&1
	check_fail $? "v0 still exists after del"
	rmmod "$VNIC_MOD"
	check_err $? "rmmod vnic failed"
	log_test "load, create, ping, set, delete, unload"
}

test_life
exit "$EXIT_STATUS"
