#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A vnic moved between namespaces keeps working and stays bound to its
# parent; it can be managed only from the parent's namespace; deleting the
# tenant namespace deletes the vnic and the parent keeps serving the others.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create v0"
vnic_tenant T1 v1 11 || fail "cannot create v1"

test_move() {
	local out
	RET=0
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 does not work in its first netns"
	setup_ns T2
	ip -n "$T0" link set v0 netns "$T2"
	check_err $? "cannot move v0 from tenant to tenant"
	ip -n "$T2" addr add 192.0.2.10/24 dev v0
	ip -n "$T2" link set v0 up
	in_ns "$T2" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 does not work after a second move"
	out=$(vnicctl_host show v0)
	check_err $? "parent netns cannot show the moved vnic"
	echo "$out" | grep -q "p0"
	check_err $? "vnicctl show does not name the parent: $out"
	ip -n "$T2" -d link show v0 | grep -q "link-netns"
	check_err $? "ip -d link does not show the parent's netns"
	log_test "vnic keeps working across netns moves, bound to its parent"
}

test_tenant_cannot_manage() {
	local err
	RET=0
	err=$(ip netns exec "$T1" "$VNICCTL" del v1 2>&1)
	check_fail $? "tenant deleted its vnic through vnicctl"
	echo "$err" | grep -q "parent's network namespace"
	check_err $? "no clear extack for the tenant: $err"
	ip -n "$T1" link show v1 >/dev/null
	check_err $? "v1 vanished after a refused delete"
	err=$(ip -n "$T1" link set v1 address 02:11:22:33:44:55 2>&1)
	check_fail $? "tenant changed its vnic's MAC"
	err=$(ip -n "$T1" link set v1 mtu 9000 2>&1)
	check_fail $? "tenant raised MTU above the parent's"
	log_test "tenant root cannot delete or re-address its vnic"
}

test_tenant_ns_delete() {
	RET=0
	cleanup_ns "$T0" "${T2:-}"
	slowwait 10 sh -c "! ip netns exec $HOST $VNICCTL show v0 >/dev/null 2>&1"
	check_err $? "v0 still listed after its netns was deleted"
	in_ns "$T1" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v1 stopped working after v0's netns went away"
	log_test "deleting a tenant netns deletes its vnic only"
}

test_move
test_tenant_cannot_manage
test_tenant_ns_delete
exit "$EXIT_STATUS"
