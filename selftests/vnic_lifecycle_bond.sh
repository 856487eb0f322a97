#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The parent of vnics cannot be enslaved to a bond (vnic owns its
# rx_handler): refused with bonding's error, nothing changes, the vnic keeps
# working. A vnic that a tenant enslaved to its own bond (mac-change on, so
# the bond gave it the bond's MAC) can be deleted: the bond, releasing it
# while it unregisters, restores its old MAC, which must not put it back in
# the demux table (a stale entry: the MAC stays "in use", frames to it reach
# freed memory). Skipped where the kernel has no bonding (the debug kernel).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_lifecycle_lib.sh"

require_root
require_cmd ip ping python3
require_vnicctl

modprobe -q bonding 2>/dev/null
[ -d /sys/module/bonding ] || skip "no bonding in this kernel"

RET=0
topo_veth && vnic_tenant T0 v0 10
check_err $? "cannot build the topology"
ip netns exec "$T0" ping -q -i 0.05 -w 600 "$WIRE_IP" >/dev/null 2>&1 &
pid=$!
ip -n "$HOST" link add bond0 type bond mode active-backup
check_err $? "cannot create a bond"
expect_refused "bond slave" "in use and cannot be enslaved" \
	ip -n "$HOST" link set "$PARENT" master bond0
[ -z "$(ip -n "$HOST" link show master bond0)" ]
check_err $? "the bond has a slave"
kill -0 "$pid"
check_err $? "v0's ping died while the parent was being enslaved"
kill "$pid"
wait "$pid" 2>/dev/null
log_test "parent cannot join a bond; nothing changes"
cleanup_all_ns

vnic_gone() {
	! vnicctl_host show "$1" >/dev/null 2>&1
}

test_tenant_bond_delete() {
	local mac0 bmac=02:00:00:0b:00:01 out
	RET=0
	topo_veth && vnic_tenant T0 v0 10 mac-change on && vnic_tenant T1 v1 11
	check_err $? "cannot build the topology"
	mac0=$(mac_of "$T0" v0)
	ip -n "$T0" -batch - <<-EOF
		link add bond0 type bond mode active-backup
		link set bond0 address $bmac
		link set v0 down
		link set v0 master bond0
	EOF
	check_err $? "the tenant cannot enslave v0 to its bond"
	[ "$(mac_of "$T0" v0)" = "$bmac" ]
	check_err $? "v0's MAC is $(mac_of "$T0" v0), not the bond's $bmac"

	# Deleted from the parent's netns, then with the tenant's netns.
	vnicctl_host del v0
	check_err $? "cannot delete the enslaved v0"
	out=$(vnicctl_host add v2 link "$PARENT" mac "$mac0" mac-change on 2>&1)
	check_err $? "v0's old MAC is still taken after its deletion: $out"
	ip -n "$HOST" link set v2 netns "$T0" && ip -n "$T0" -batch - <<-EOF
		addr add 192.0.2.12/24 dev v2
		link set v2 up
	EOF
	check_err $? "cannot move v2 into the tenant's netns"
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v2, on v0's old MAC, does not reach the wire"
	in_ns "$T1" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v1 does not reach the wire"
	ip -n "$T0" link set v2 down && ip -n "$T0" link set v2 master bond0
	check_err $? "the tenant cannot enslave v2 to its bond"
	ip netns del "$T0"
	slowwait 30 vnic_gone v2
	check_err $? "v2 outlived its netns"
	vnicctl_host add v3 link "$PARENT" mac "$mac0" >/dev/null 2>&1
	check_err $? "v2's MAC is still taken after its netns went"
	vnicctl_host del v3 && vnicctl_host del v1 && cleanup_all_ns
	check_err $? "cannot delete the rest"
	rmmod vnic
	check_err $? "rmmod vnic failed after the deletions"
	VNIC_LOADED_BY_US=0
	log_test "a vnic enslaved to the tenant's bond deletes cleanly, its MAC free again"
}

# uc_list NS DEV: the unicast addresses in DEV's filter, sorted.
uc_list() {
	bridge -n "$1" fdb show dev "$2" | awk '{ print $1 }' |
		grep -E '^[0-9a-f][02468ace]:' | sort
}

# A balance-tlb bond rewrites its slaves' dev_addr without the driver (a
# slave after the first gets its own MAC back, written directly): the
# parent's unicast filter must still get back exactly what vnic put in it
# (the old code added the MAC the bond gave, removed the one the bond
# wrote back, and leaked one filter entry on the host's parent per round).
test_tenant_tlb_filter() {
	local i c mac1 got
	RET=0
	topo_veth && vnic_tenant T0 v0 10 mac-change on && vnic_tenant T1 v1 11
	check_err $? "cannot build the topology"
	mac1=$(mac_of "$T1" v1)
	for i in 1 2 3; do
		c=02:00:00:0c:00:0$i
		ip -n "$T0" -batch - <<-EOF
			link add tlb0 type bond mode balance-tlb
			link set tlb0 address $c
			link add d$i type dummy
			link set d$i master tlb0
			link set v0 down
			link set v0 master tlb0
			link set tlb0 up
			link set v0 nomaster
			link del tlb0
		EOF
		check_err $? "round $i: the tenant's balance-tlb bond failed"
	done
	ip -n "$T0" link set v0 down
	got=$(uc_list "$HOST" "$PARENT" | tr '\n' ' ')
	[ "$got" = "$mac1 " ]
	check_err $? "parent's unicast filter with v0 down: '$got', expected v1's $mac1 only"
	ip -n "$T0" link set v0 up && ip -n "$T0" link set v0 down
	got=$(uc_list "$HOST" "$PARENT" | tr '\n' ' ')
	[ "$got" = "$mac1 " ]
	check_err $? "after v0 up and down: '$got', expected $mac1 only"
	in_ns "$T1" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v1 does not reach the wire"
	log_test "a tenant's balance-tlb bond leaves the parent's unicast filter as it was"
	cleanup_all_ns
}

test_tenant_bond_delete
test_tenant_tlb_filter
exit "$EXIT_STATUS"
