#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A vnic moved between namespaces keeps working and stays bound to its
# parent; it can be managed only from the parent's namespace; deleting the
# tenant namespace deletes the vnic and the parent keeps serving the others.
# A name selects, from the parent's namespace, the vnic that had that name
# there (its "host name"), whatever the tenants rename their vnics to.

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

# id_of NS NAME: the id of the vnic NAME as vnicctl in NS shows it.
id_of() {
	ip netns exec "$1" "$VNICCTL" -j show "$2" 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' \
		2>/dev/null
}

# rate_of ID: the TX rate of vnic ID, from the host's vnicctl -j show.
rate_of() {
	vnicctl_host -d -j show | python3 -c '
import json, sys
d = [v for v in json.load(sys.stdin) if v["id"] == int(sys.argv[1])]
print(d[0].get("tx_rate", 0) if d else "gone")' "$1"
}

# tenant_rename NS OLD NEW
tenant_rename() {
	ip -n "$1" link set "$2" down &&
		ip -n "$1" link set "$2" name "$3" &&
		ip -n "$1" link set "$3" up
}

# Tenant A (v0, in T2) renames its vnic away, tenant B (v1, in T1) takes
# the name v0: the admin's "v0" is still A, never B.
test_tenant_rename() {
	local a b out ra rb c
	RET=0
	a=$(id_of "$HOST" v0) && b=$(id_of "$HOST" v1)
	check_err $? "cannot read the ids of v0 and v1"
	tenant_rename "$T2" v0 x0 && tenant_rename "$T1" v1 v0
	check_err $? "the tenants cannot rename their vnics"
	rb=$(rate_of "$b")
	out=$(vnicctl_host set v0 rate 7mbit 2>&1)
	check_err $? "set v0 from the host failed: $out"
	ra=$(rate_of "$a")
	[ "$ra" = 7000000 ]
	check_err $? "set v0 did not change A (id $a, rate $ra)"
	[ "$(rate_of "$b")" = "$rb" ]
	check_err $? "set v0 changed B (id $b), now called v0 by its tenant"
	[ "$(id_of "$HOST" v1)" = "$b" ]
	check_err $? "the host's v1 is no longer B (id $b)"
	[ "$(id_of "$T1" v0)" = "$b" ]
	check_err $? "tenant B cannot show its own vnic by its new name"
	# A vnic created as v0 in the host's netns now: two vnics are "v0".
	vnicctl_host add v0 link "$PARENT" >/dev/null
	check_err $? "cannot create a second v0 in the host's netns"
	c=$(ip -n "$HOST" -j link show v0 2>/dev/null | python3 -c \
		'import json,sys; print(json.load(sys.stdin)[0]["ifindex"])')
	out=$(vnicctl_host set v0 rate 3mbit 2>&1)
	check_fail $? "set v0 with two vnics called v0 succeeded: $out"
	echo "$out" | grep -q "several vnics have this name, select by id"
	check_err $? "no clear error for an ambiguous name: $out"
	[ "$(rate_of "$a")" = 7000000 ] && [ "$(rate_of "$b")" = "$rb" ]
	check_err $? "the ambiguous set changed a vnic"
	vnicctl_host del ifindex "$c"
	check_err $? "cannot delete the second v0 by ifindex"
	tenant_rename "$T1" v0 v1 && tenant_rename "$T2" x0 v0
	check_err $? "the tenants cannot rename their vnics back"
	log_test "a name selects the vnic of that name in the parent's netns"
}

test_move
test_tenant_cannot_manage
test_tenant_rename
test_tenant_ns_delete
exit "$EXIT_STATUS"
