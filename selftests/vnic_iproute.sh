#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vnics through rtnetlink ("ip link ... type vnic"): created with the same
# defaults as vnicctl's (compared field by field), carrying traffic, seen
# by vnicctl and `ip -d link`, deleted by `ip link del`; nothing of a
# vnic changes through changelink; the mandatory-share rule holds for
# rtnetlink too: root in a tenant netns cannot reach a parent of another
# netns (link-netnsid), root in a user namespace cannot create a vnic even
# on its own device. Raw requests iproute2 cannot express (IFLA_INFO_DATA
# for "vnic") are sent by rtnl_vnic.py. Ends with a clean rmmod while an
# ip-created vnic still exists.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping python3 unshare
require_vnicctl

# rtnl NS ARGS...: rtnl_vnic.py ARGS in NS
rtnl() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 "$LIB_DIR/rtnl_vnic.py" "$@"
}

if vnic_is_loaded; then
	rmmod "$VNIC_MOD" || fail "vnic is loaded and busy"
fi
topo_veth || fail "cannot build the veth topology"

# show_json NS: vnicctl show -j in NS
show_json() {
	ip netns exec "$1" "$VNICCTL" -j show
}

# field JSON NAME KEY: KEY of vnic NAME in a vnicctl show -j array
field() {
	python3 -c 'import json, sys
d = [v for v in json.loads(sys.argv[1]) if v["ifname"] == sys.argv[2]]
print(d[0].get(sys.argv[3], "") if d else "ABSENT")' "$@"
}

# defaults JSON NAME: the vnic's settings, without what identifies it
defaults() {
	python3 -c 'import json, sys
d = [v for v in json.loads(sys.argv[1]) if v["ifname"] == sys.argv[2]][0]
for k in ("id", "ifname", "ifindex", "mac"):
    d.pop(k, None)
print(json.dumps(d, sort_keys=True))' "$@"
}

test_create() {
	local js out a b
	RET=0
	ip -n "$HOST" link add link "$PARENT" name v0 type vnic
	check_err $? "ip link add ... type vnic failed"
	out=$(ip -n "$HOST" -d link show v0)
	echo "$out" | grep -q "v0@$PARENT:"
	check_err $? "ip link does not show v0@$PARENT: $out"
	echo "$out" | grep -qw vnic
	check_err $? "ip -d link does not say vnic: $out"
	js=$(show_json "$HOST")
	[ "$(field "$js" v0 parent)" = "$PARENT" ]
	check_err $? "vnicctl show: v0's parent is '$(field "$js" v0 parent)'"
	[ "$(field "$js" v0 mode)" = private ]
	check_err $? "vnicctl show: v0's mode is '$(field "$js" v0 mode)'"
	[ "$(ip netns exec "$HOST" cat /sys/class/net/v0/mtu)" = \
	  "$(ip netns exec "$HOST" cat /sys/class/net/$PARENT/mtu)" ]
	check_err $? "v0's MTU is not the parent's"

	# Same defaults as a vnic created by vnicctl (generic netlink).
	vnicctl_host add g0 link "$PARENT"
	check_err $? "vnicctl add g0 failed"
	js=$(show_json "$HOST")
	a=$(defaults "$js" v0)
	b=$(defaults "$js" g0)
	[ "$a" = "$b" ]
	check_err $? "defaults differ: ip: $a; vnicctl: $b"
	vnicctl_host del g0
	log_test "ip link add type vnic: vnicctl's defaults, shown by ip and vnicctl"
}

test_traffic() {
	local before after
	RET=0
	setup_ns T0
	ip -n "$HOST" link set v0 netns "$T0"
	check_err $? "cannot move v0 to the tenant"
	ip -n "$T0" addr add 192.0.2.10/24 dev v0
	ip -n "$T0" link set v0 up
	before=$(rx_packets "$WIRE" "$WIRE_IF")
	in_ns "$T0" ping -c 5 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "ping tenant -> wire through v0 failed"
	after=$(rx_packets "$WIRE" "$WIRE_IF")
	[ $((after - before)) -ge 5 ]
	check_err $? "wire saw $((after - before)) packets for 5 pings"
	# Framing holds: the default policy drops a spoofed source MAC.
	in_ns "$T0" python3 "$LIB_DIR/frames.py" send v0 spoof-mac --count 3 >/dev/null
	check_err $? "frames.py spoof-mac failed"
	[ "$(field "$(show_json "$HOST")" v0 ifname)" = v0 ]
	check_err $? "vnicctl show in the parent's netns lost moved v0"
	[ "$(vnicctl_host -j stats v0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["tx_spoof_mac"])')" = 3 ]
	check_err $? "tx-spoof-mac is not 3 after 3 spoofed frames"
	log_test "ip-created vnic carries traffic and enforces framing"
}

test_attrs() {
	local js out
	RET=0
	ip -n "$HOST" link add link "$PARENT" name v1 address 02:00:00:00:01:01 \
		mtu 1400 type vnic
	check_err $? "ip link add with address and mtu failed"
	js=$(show_json "$HOST")
	[ "$(field "$js" v1 mac)" = 02:00:00:00:01:01 ]
	check_err $? "v1's MAC is $(field "$js" v1 mac)"
	[ "$(ip netns exec "$HOST" cat /sys/class/net/v1/mtu)" = 1400 ]
	check_err $? "v1's MTU is not 1400"

	out=$(ip -n "$HOST" link add link "$PARENT" name v2 mtu 9000 type vnic 2>&1)
	check_fail $? "MTU above the parent's accepted"
	echo "$out" | grep -q "mtu: above the parent's MTU"
	check_err $? "no mtu extack: $out"
	out=$(ip -n "$HOST" link add link "$PARENT" name v2 \
		address 02:00:00:00:01:01 type vnic 2>&1)
	check_fail $? "a sibling's MAC accepted"
	echo "$out" | grep -q "mac: already used by vnic v1"
	check_err $? "no MAC extack: $out"
	out=$(ip -n "$HOST" link add link v1 name v2 type vnic 2>&1)
	check_fail $? "a vnic accepted as a parent"
	echo "$out" | grep -q "cannot be the parent of a vnic"
	check_err $? "no stacking extack: $out"
	out=$(ip -n "$HOST" link add name v2 type vnic 2>&1)
	check_fail $? "a vnic without parent accepted"
	echo "$out" | grep -q "link: the parent device is required"
	check_err $? "no missing-link extack: $out"
	ip -n "$HOST" link show v2 >/dev/null 2>&1
	check_fail $? "v2 exists after refused creations"

	out=$(rtnl "$HOST" newlink "$PARENT" v2 --mode 1)
	check_err $? "newlink with mode bridge failed: $out"
	[ "$(field "$(show_json "$HOST")" v2 mode)" = bridge ]
	check_err $? "v2 is not in bridge mode"
	out=$(rtnl "$HOST" newlink "$PARENT" v3 --mode 7)
	check_fail $? "mode 7 accepted"
	setup_ns T1
	ip -n "$HOST" link add link "$PARENT" name v3 netns "$T1" type vnic
	check_err $? "creation straight into a tenant netns failed"
	ip -n "$T1" link show v3 >/dev/null
	check_err $? "v3 is not in the tenant netns"
	[ "$(field "$(show_json "$HOST")" v3 parent)" = "$PARENT" ]
	check_err $? "vnicctl in the parent's netns does not see v3"
	log_test "ip link add: address, mtu, mode, netns; bad requests refused"
}

test_changelink() {
	local out
	RET=0
	out=$(rtnl "$HOST" changelink v2 --mode 0)
	check_fail $? "changelink of mode accepted from the parent's netns"
	echo "$out" | grep -q "error 95: .*set with vnicctl"
	check_err $? "changelink extack: $out"
	out=$(rtnl "$HOST" changelink v2)
	check_fail $? "changelink with empty data accepted"
	out=$(rtnl "$T0" changelink v0 --mode 1)
	check_fail $? "changelink accepted from the tenant's netns"
	echo "$out" | grep -q "error 95: .*set with vnicctl"
	check_err $? "tenant changelink extack: $out"
	[ "$(field "$(show_json "$HOST")" v2 mode)" = bridge ]
	check_err $? "v2's mode changed"
	[ "$(field "$(show_json "$HOST")" v0 mode)" = private ]
	check_err $? "v0's mode changed"
	# Link settings that are not vnic policy still work (the owner's).
	ip -n "$T0" link set v0 mtu 1300
	check_err $? "tenant cannot lower v0's MTU"
	out=$(ip -n "$T0" link set v0 mtu 9000 2>&1)
	check_fail $? "tenant raised v0's MTU above the parent's"
	log_test "changelink refused with an extack naming vnicctl"
}

test_tenant_refused() {
	local out pidx nsid n_before n_after
	RET=0
	n_before=$(show_json "$HOST" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	pidx=$(ip netns exec "$HOST" cat /sys/class/net/$PARENT/ifindex)
	# Root in the tenant's netns names the parent through the id the
	# parent's netns has there (v0's link-netnsid).
	nsid=$(ip -n "$T0" -j link show v0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["link_netnsid"])')
	check_err $? "no link-netnsid for v0 in the tenant"
	out=$(rtnl "$T0" newlink "$pidx" x0 --link-netnsid "$nsid")
	check_fail $? "tenant created a vnic on a parent of another netns"
	echo "$out" | grep -q "error 1: link-netnsid: create a vnic from its parent's network namespace"
	check_err $? "link-netnsid extack: $out"
	# ... or stacks on its own vnic.
	out=$(ip -n "$T0" link add link v0 name x0 type vnic 2>&1)
	check_fail $? "tenant stacked a vnic on its vnic"
	# Root in a user namespace, on a device of its own netns.
	out=$(unshare -U -r -n sh -c 'ip link add a0 type veth peer name b0 &&
		ip link add link a0 name x0 type vnic' 2>&1)
	check_fail $? "user-namespace root created a vnic"
	echo "$out" | grep -q "CAP_NET_ADMIN in the initial user namespace"
	check_err $? "user-namespace extack: $out"
	n_after=$(show_json "$HOST" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n_before" = "$n_after" ]
	check_err $? "vnics: $n_before before, $n_after after refused creations"
	log_test "rtnetlink creation from a tenant or user namespace refused"
}

test_delete() {
	local js
	RET=0
	ip -n "$HOST" link del v1
	check_err $? "ip link del v1 failed"
	js=$(show_json "$HOST")
	[ "$(field "$js" v1 ifname)" = ABSENT ]
	check_err $? "vnicctl still shows v1"
	ip -n "$HOST" link show v1 >/dev/null 2>&1
	check_fail $? "v1 still exists"
	# rmmod with ip-created vnics still there (v0 in T0, v2, v3 in T1).
	rmmod "$VNIC_MOD"
	check_err $? "rmmod vnic failed"
	ip -n "$T0" link show v0 >/dev/null 2>&1
	check_fail $? "v0 survived rmmod"
	ip -n "$HOST" link show "$PARENT" | grep -q PROMISC
	check_fail $? "parent left promiscuous"
	log_test "ip link del removes a vnic; rmmod removes the rest"
}

test_create
test_traffic
test_attrs
test_changelink
test_tenant_refused
test_delete
exit "$EXIT_STATUS"
