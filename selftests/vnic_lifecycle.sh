#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Deleting the parent deletes its vnics (wherever they live) and its share
# groups; rmmod with ten vnics up and carrying traffic, under a capacity
# and in a share group, removes them cleanly; the module reloads.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping
require_vnicctl

count_vnics() {
	vnicctl_host -j show | python3 -S -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

test_parent_delete() {
	RET=0
	topo_veth && vnic_tenant T0 v0 10 && vnic_tenant T1 v1 11
	check_err $? "cannot build the topology"
	in_ns "$T0" ping -c 1 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 does not work"
	vnicctl_host parent set "$PARENT" capacity 100mbit &&
		vnicctl_host group add g0 parent "$PARENT" min 20mbit &&
		vnicctl_host set v0 min 10mbit group g0
	check_err $? "cannot set a capacity and group v0"
	[ "$(count_vnics)" -eq 2 ]
	check_err $? "expected 2 vnics before deleting the parent"
	ip -n "$HOST" link del "$PARENT"
	check_err $? "cannot delete the parent"
	[ "$(count_vnics)" -eq 0 ]
	check_err $? "vnics survive their parent"
	! ip -n "$T0" link show v0 >/dev/null 2>&1
	check_err $? "v0 still exists in its tenant netns"
	! ip -n "$T1" link show v1 >/dev/null 2>&1
	check_err $? "v1 still exists in its tenant netns"
	[ "$(vnicctl_host -j group show)" = "[]" ]
	check_err $? "a group outlived its parent: $(vnicctl_host group show)"
	log_test "deleting the parent deletes its vnics in every netns, and its groups"
	cleanup_all_ns
}

test_rmmod_busy() {
	local i pids=()
	RET=0
	topo_veth
	check_err $? "cannot build the topology"
	for i in $(seq 10 19); do
		vnic_tenant "T$i" "v$i" "$i" || { check_err 1 "cannot create v$i"; break; }
	done
	[ "$(count_vnics)" -eq 10 ]
	check_err $? "expected 10 vnics"
	# Half of them in a share group, so that the unload also stops the
	# scheduler's tick and frees its groups while they send.
	vnicctl_host parent set "$PARENT" capacity 1gbit &&
		vnicctl_host group add g1 parent "$PARENT" rate 500mbit
	check_err $? "cannot set a capacity and a group"
	for i in $(seq 10 14); do
		vnicctl_host set "v$i" min 10mbit group g1 ||
			check_err 1 "cannot put v$i in the group"
	done
	for i in $(seq 10 19); do
		ns=T$i
		ip netns exec "${!ns}" ping -q -i 0.01 -W 1 "$WIRE_IP" >/dev/null 2>&1 &
		pids+=($!)
	done
	sleep 1
	rmmod vnic
	check_err $? "rmmod vnic failed with 10 busy vnics"
	kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	! vnic_is_loaded
	check_err $? "vnic still loaded"
	for i in $(seq 10 19); do
		ns=T$i
		if ip -n "${!ns}" link show "v$i" >/dev/null 2>&1; then
			check_err 1 "v$i survived rmmod"
		fi
	done
	ip -n "$HOST" link show "$PARENT" >/dev/null
	check_err $? "the parent did not survive rmmod"
	ip -n "$HOST" -d link show "$PARENT" | grep -q promiscuity\ 0
	check_err $? "parent left promiscuous after rmmod"
	insmod "$VNIC_KO"
	check_err $? "cannot reload vnic"
	VNIC_LOADED_BY_US=1
	vnicctl_host add v99 link "$PARENT"
	check_err $? "cannot create a vnic after reload"
	log_test "rmmod with 10 busy vnics, then reload"
	cleanup_all_ns
}

test_parent_delete
test_rmmod_busy
exit "$EXIT_STATUS"
