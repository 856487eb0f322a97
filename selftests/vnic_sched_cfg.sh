#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A parent's capacity (the share scheduler's configuration, issue 18):
# parent-set stores it with a default or given burst and says so to the
# monitor group; a parent with a capacity is claimed (its rx_handler) even
# without a vnic, and released by capacity 0, by its deletion, by a move
# to another netns without vnics and by module unload; with vnics it keeps
# its capacity across the move. A vnic's guarantee (min), weight and
# priority are stored and shown; a guarantee needs the capacity, fits
# under the vnic's ceiling, and all of a parent's fit in its capacity,
# which then cannot shrink below them nor go. Every bad
# request fails with an extack naming the attribute, exit status 2 and
# nothing changed; only the parent's netns, with CAP_NET_ADMIN, can set
# it. Share groups: created on a parent with a capacity, their guarantee
# counted in it in place of their vnics' (which fit in the group's),
# shown, changed, refused with vnics and deleted; a vnic joins and leaves
# one only from the parent's netns; parent and group events reach the
# monitor. The tenant sees neither groups, allocations nor the lending
# counters (vnicctl stats, ethtool -S).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip python3 capsh nsenter ethtool
require_vnicctl

EINVAL="Invalid argument"
ERANGE="Numerical result out of range"
ENODEV="No such device"
EPERM="Operation not permitted"
EBUSY="Device or resource busy"
EOPNOTSUPP="Operation not supported"

# vnicctl in a netns (nsenter: cheaper than "ip netns exec" in a guest).
vn() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$VNICCTL" "$@"
}

# parent_json NS DEV: "CAPACITY BURST VNICS" of DEV, from parent show -j.
parent_json() {
	vn "$1" -j parent show "$2" | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert len(d) == 1, d
print(d[0]['capacity'], d[0]['burst'], d[0]['vnics'])"
}

# enslave_ok NS DEV: DEV can join a bridge (nobody holds its rx_handler);
# it leaves it again.
enslave_ok() {
	ip -n "$1" link add brq type bridge 2>/dev/null
	ip -n "$1" link set "$2" master brq 2>/dev/null || {
		ip -n "$1" link del brq
		return 1
	}
	ip -n "$1" link set "$2" nomaster
	ip -n "$1" link del brq
}

_events_at_least() {
	[ "$(grep -c '"event":"parent-set"' "$2")" -ge "$1" ]
}

test_set_show() {
	local out mon ev
	RET=0
	[ "$(parent_json "$HOST" "$PARENT")" = "0 0 0" ]
	check_err $? "before: $(parent_json "$HOST" "$PARENT")"
	out=$(vn "$HOST" parent show)
	check_err $? "parent show failed: $out"
	[ "$out" = "PARENT  IFINDEX  CAPACITY  BURST  VNICS  GUARANTEED" ]
	check_err $? "the dump lists a parent without vnic or capacity: $out"

	mon=$(mktemp)
	at_exit rm -f "$mon"
	vn "$HOST" -j monitor >"$mon" 2>&1 &
	local mpid=$!
	sleep 1
	vn "$HOST" parent set "$PARENT" capacity 60mbit
	check_err $? "parent set capacity 60mbit failed"
	# 10 ms at 60 Mbit/s: 75000 bytes.
	[ "$(parent_json "$HOST" "$PARENT")" = "60000000 75000 0" ]
	check_err $? "after: $(parent_json "$HOST" "$PARENT")"
	vn "$HOST" parent set "$PARENT" burst 128k
	check_err $? "parent set burst 128k failed"
	[ "$(parent_json "$HOST" "$PARENT")" = "60000000 131072 0" ]
	check_err $? "after the burst: $(parent_json "$HOST" "$PARENT")"
	out=$(vn "$HOST" parent show)
	echo "$out" | grep -Eq "^$PARENT +[0-9]+ +60Mbit +128Kb +0 +-\$"
	check_err $? "the dump: $out"
	slowwait 10 _events_at_least 2 "$mon"
	kill "$mpid"
	wait "$mpid" 2>/dev/null
	ev=$(grep -c '"event":"parent-set","parent":{"ifindex":[0-9]*,"ifname":"'"$PARENT"'","capacity":60000000' "$mon")
	[ "$ev" -eq 2 ]
	check_err $? "$ev parent-set events, expected 2: $(cat "$mon")"
	log_test "parent set: capacity, default and given burst, show, monitor"
}

test_claimed() {
	RET=0
	# The capacity claims the parent, vnic or not.
	! enslave_ok "$HOST" "$PARENT"
	check_err $? "a bridge took a parent that has a capacity"
	vnicctl_host add c0 link "$PARENT" && vnicctl_host add c1 link "$PARENT"
	check_err $? "cannot add vnics to a parent with a capacity"
	[ "$(parent_json "$HOST" "$PARENT")" = "60000000 131072 2" ]
	check_err $? "with 2 vnics: $(parent_json "$HOST" "$PARENT")"
	vnicctl_host del c0 && vnicctl_host del c1
	check_err $? "cannot delete the vnics"
	[ "$(parent_json "$HOST" "$PARENT")" = "60000000 131072 0" ]
	check_err $? "the capacity did not outlive the vnics: $(parent_json "$HOST" "$PARENT")"
	! enslave_ok "$HOST" "$PARENT"
	check_err $? "the parent was released with its last vnic"

	# Capacity 0 releases it, and the burst goes with it.
	vn "$HOST" parent set "$PARENT" capacity 0
	check_err $? "capacity 0 failed"
	[ "$(parent_json "$HOST" "$PARENT")" = "0 0 0" ]
	check_err $? "after capacity 0: $(parent_json "$HOST" "$PARENT")"
	enslave_ok "$HOST" "$PARENT"
	check_err $? "capacity 0 did not release the parent"
	log_test "a capacity claims the parent past its last vnic, 0 releases it"
}

# snapshot WHAT: what a refused request must leave alone, from the
# parent's netns: "parents" (parent show) or "vnics" (show -d, and the
# groups).
snapshot() {
	case $1 in
	parents) vn "$HOST" -j parent show 2>&1 ;;
	vnics) vn "$HOST" -j -d show 2>&1; vn "$HOST" -j group show 2>&1 ;;
	esac
}

# refused WHAT DESC ERRNO MSG ATTR NS ARGS...: "vnicctl ARGS" in NS exits
# 2 with one line "vnicctl: MSG... (ATTR; ERRNO)", and snapshot WHAT is
# unchanged.
refused() {
	local what=$1 desc=$2 errno=$3 msg=$4 attr=$5 ns=$6 out rc before
	shift 6
	RET=0
	before=$(snapshot "$what")
	out=$(vn "$ns" "$@" 2>&1)
	rc=$?
	[ "$rc" = 2 ]
	check_err $? "exit code $rc, expected 2: $out"
	[ "$(echo "$out" | wc -l)" -eq 1 ]
	check_err $? "not one line: $out"
	[[ "$out" == "vnicctl: $msg"*" ($attr; $errno)" ]]
	check_err $? "expected 'vnicctl: $msg... ($attr; $errno)': $out"
	[ "$(snapshot "$what")" = "$before" ]
	check_err $? "$what changed"
	log_test "rejected: $desc"
}

# bad DESC ERRNO MSG ATTR NS ARGS...: refused, no parent changed.
bad() {
	refused parents "$@"
}

test_bad() {
	local tn
	vn "$HOST" parent set "$PARENT" capacity 1gbit ||
		fail "cannot set a capacity"
	bad "capacity 7 bit/s" "$ERANGE" \
		"capacity: must be 0 (none) or at least 8 bit/s" \
		"attribute: capacity" "$HOST" parent set "$PARENT" capacity 7
	bad "capacity over 8.8 Tbit/s" "$ERANGE" \
		"capacity: above the largest, 8796093022208 bit/s" \
		"attribute: capacity" "$HOST" parent set "$PARENT" capacity 9tbit
	bad "burst below a frame" "$EINVAL" \
		"burst: must hold a full-size frame (at least 1518 bytes)" \
		"attribute: burst" "$HOST" parent set "$PARENT" burst 1000
	bad "burst without a capacity" "$EINVAL" \
		"burst: the parent has no capacity" \
		"attribute: burst" "$HOST" parent set "$PARENT" capacity 0 burst 64k
	vnicctl_host add b0 link "$PARENT" || fail "cannot add b0"
	bad "a vnic as the parent" "$EINVAL" \
		"name: a vnic cannot be the parent of a vnic" \
		"attribute: name" "$HOST" parent set b0 capacity 1mbit
	bad "lo as the parent" "$EOPNOTSUPP" \
		"name: parent must be an Ethernet device" \
		"attribute: name" "$HOST" parent set lo capacity 1mbit
	bad "no such device" "$ENODEV" \
		"name: no device with this name in this network namespace" \
		"attribute: name" "$HOST" parent set nosuch0 capacity 1mbit
	bad "no such ifindex" "$ENODEV" \
		"ifindex: no device with this ifindex in this network namespace" \
		"attribute: ifindex" "$HOST" parent set ifindex 99999 capacity 1mbit
	ip -n "$HOST" link add q0 type veth peer name q1
	ip -n "$HOST" link add brb type bridge
	ip -n "$HOST" link set q0 master brb
	bad "a bridge port as the parent" "$EBUSY" \
		"name: parent is already used by another upper device" \
		"attribute: name" "$HOST" parent set q0 capacity 1mbit

	# The tenant (its own netns) cannot see the parent; root without
	# CAP_NET_ADMIN in the parent's netns cannot set it.
	setup_ns TN || fail "cannot create a tenant netns"
	tn=$TN
	bad "from another netns" "$ENODEV" \
		"name: no device with this name in this network namespace" \
		"attribute: name" "$tn" parent set "$PARENT" capacity 1mbit
	RET=0
	out=$(ip netns exec "$HOST" capsh --drop=cap_net_admin -- -c \
		"$VNICCTL parent set $PARENT capacity 1mbit" 2>&1)
	[ $? = 2 ] && [[ "$out" == *"$EPERM"* ]]
	check_err $? "without CAP_NET_ADMIN: $out"
	[ "$(parent_json "$HOST" "$PARENT")" = "1000000000 1250000 1" ]
	check_err $? "changed: $(parent_json "$HOST" "$PARENT")"
	log_test "rejected: without CAP_NET_ADMIN (EPERM)"
	vnicctl_host del b0
	vn "$HOST" parent set "$PARENT" capacity 0
}

test_lifetime() {
	local ns2
	RET=0
	# A capacity alone does not follow its parent to another netns: the
	# device is free there. With a vnic bound to it, it stays.
	ip -n "$HOST" link add m0 type veth peer name m1
	vn "$HOST" parent set m0 capacity 10mbit
	check_err $? "cannot set m0's capacity"
	setup_ns NS2 || fail "cannot create a netns"
	ns2=$NS2
	ip -n "$HOST" link set m0 netns "$ns2"
	check_err $? "cannot move m0"
	[ "$(parent_json "$ns2" m0)" = "0 0 0" ]
	check_err $? "a capacity alone followed the move: $(parent_json "$ns2" m0)"
	enslave_ok "$ns2" m0
	check_err $? "m0 is still claimed in its new netns"
	ip -n "$ns2" link set m0 netns "$HOST"
	# 10 ms at 10 Mbit/s: 12500 bytes.
	vn "$HOST" parent set m0 capacity 10mbit && vnicctl_host add k1 link m0
	check_err $? "cannot give m0 a capacity and a vnic"
	ip -n "$HOST" link set m0 netns "$ns2"
	check_err $? "cannot move m0 with a vnic"
	[ "$(parent_json "$ns2" m0)" = "10000000 12500 1" ]
	check_err $? "with a vnic, after the move: $(parent_json "$ns2" m0)"
	# Deleted with a capacity, with vnics or without: nothing left (the
	# debug kernel's splat gate and kmemleak look).
	ip -n "$ns2" link del m0
	check_err $? "cannot delete m0"
	! ip -n "$HOST" link show k1 >/dev/null 2>&1
	check_err $? "k1 outlived its parent"
	ip -n "$HOST" link add m2 type veth peer name m3
	vn "$HOST" parent set m2 capacity 10mbit && vnicctl_host add k0 link m2
	check_err $? "cannot set m2 up with a vnic"
	ip -n "$HOST" link del m2
	check_err $? "cannot delete m2"
	! ip -n "$HOST" link show k0 >/dev/null 2>&1
	check_err $? "k0 outlived its parent"
	log_test "a capacity stays with vnics across netns, goes with its parent"

	# Module unload releases a parent only a capacity still claims.
	RET=0
	vn "$HOST" parent set "$PARENT" capacity 5mbit
	check_err $? "cannot set the capacity"
	rmmod vnic
	check_err $? "rmmod with a capacity set failed"
	enslave_ok "$HOST" "$PARENT"
	check_err $? "rmmod did not release the parent"
	VNIC_LOADED_BY_US=0
	vnic_load
	check_err $? "cannot reload vnic"
	[ "$(parent_json "$HOST" "$PARENT")" = "0 0 0" ]
	check_err $? "after reload: $(parent_json "$HOST" "$PARENT")"
	log_test "rmmod releases a parent only a capacity claims"
}

topo_veth || fail "cannot build the veth topology"
# dev_sched NAME: "BW_MIN WEIGHT PRIORITY" of vnic NAME, from show -j.
dev_sched() {
	vn "$HOST" -j show "$1" | python3 -S -c "
import json, sys
d = json.load(sys.stdin)[0]
print(d['bw_min'], d['weight'], d['priority'])"
}

# bad_dev DESC ERRNO MSG ATTR NS ARGS...: refused, no vnic changed.
bad_dev() {
	refused vnics "$@"
}

test_guarantees() {
	local out opts
	RET=0
	vnicctl_host add g0 link "$PARENT" || fail "cannot add g0"
	[ "$(dev_sched g0)" = "0 100 0" ]
	check_err $? "defaults: $(dev_sched g0), expected no min, weight 100, prio 0"
	log_test "a vnic's defaults: no guarantee, weight 100, priority 0"

	bad_dev "a guarantee without a capacity" "$EINVAL" \
		"bw-min: parent $PARENT has no capacity" "attribute: bw-min" \
		"$HOST" set g0 min 10mbit

	RET=0
	vn "$HOST" parent set "$PARENT" capacity 60mbit &&
		vnicctl_host set g0 min 10mbit weight 3 prio 7 &&
		vnicctl_host add g1 link "$PARENT" min 20mbit &&
		vnicctl_host add g2 link "$PARENT" min 20mbit rate 30mbit
	check_err $? "cannot set guarantees of 10, 20 and 20 Mbit/s under 60"
	[ "$(dev_sched g0) $(dev_sched g1) $(dev_sched g2)" = \
		"10000000 3 7 20000000 100 0 20000000 100 0" ]
	check_err $? "shown: $(dev_sched g0), $(dev_sched g1), $(dev_sched g2)"
	out=$(vn "$HOST" -d show g0)
	[[ "$out" == *"min 10Mbit weight 3 prio 7"* ]]
	check_err $? "show -d: $out"
	log_test "guarantees, weight and priority set, shown (50 of 60 Mbit/s)"

	bad_dev "guarantees over the capacity" "$ERANGE" \
		"bw-min: guarantees total 65000000 bit/s, over capacity 60000000 bit/s" \
		"attribute: bw-min" "$HOST" add g3 link "$PARENT" min 15mbit
	bad_dev "a guarantee above the ceiling" "$EINVAL" \
		"bw-min: above the vnic's ceiling tx-rate (30000000 bit/s)" \
		"attribute: bw-min" "$HOST" set g2 min 35mbit
	bad_dev "a ceiling below the guarantee" "$EINVAL" \
		"tx-rate: below the vnic's bw-min (20000000 bit/s)" \
		"attribute: tx-rate" "$HOST" set g2 rate 10mbit
	bad "a capacity below the guarantees" "$ERANGE" \
		"capacity: below the guarantees under $PARENT, 50000000 bit/s" \
		"attribute: capacity" "$HOST" parent set "$PARENT" capacity 40mbit
	bad "no capacity under guarantees" "$EBUSY" \
		"capacity: $PARENT still has guarantees (bw-min); remove them first" \
		"attribute: capacity" "$HOST" parent set "$PARENT" capacity 0

	# A vnic's own guarantee is not counted twice: 20 + 20 + 20 fits.
	RET=0
	vnicctl_host set g0 min 20mbit
	check_err $? "g0 cannot raise its guarantee to 20 Mbit/s (60 of 60)"
	out=$(vnicctl_host set g0 weight 0 2>&1)
	[ $? = 1 ] && [ "$out" = 'vnicctl: invalid weight "0": expected a number from 1 to 1000' ]
	check_err $? "weight 0: $out"
	log_test "a vnic's own guarantee counted once; weight 0 refused by vnicctl"

	# The tenant cannot change them.
	setup_ns TG || fail "cannot create a tenant netns"
	ip -n "$HOST" link set g1 netns "$TG"
	for opts in "min 1mbit" "weight 5" "prio 1"; do
		# shellcheck disable=SC2086 # word splitting wanted
		bad_dev "tenant sets $opts" "$EPERM" \
			"name: vnic is managed only from its parent's network namespace" \
			"attribute: name" "$TG" set g1 $opts
	done

	RET=0
	vnicctl_host del g0 && vnicctl_host del g1 && vnicctl_host del g2 &&
		vn "$HOST" parent set "$PARENT" capacity 0
	check_err $? "cannot remove the vnics, then the capacity"
	log_test "with its guarantees gone, the capacity can go"
}

# group_json NAME: "PARENT BW_MIN BW_MAX WEIGHT PRIORITY VNICS" of group NAME.
group_json() {
	vn "$HOST" -j group show "$1" | python3 -S -c "
import json, sys
d = json.load(sys.stdin)
assert len(d) == 1, d
d = d[0]
print(d['parent'], d['bw_min'], d['bw_max'], d['weight'], d['priority'], d['vnics'])"
}

_group_events_at_least() {
	[ "$(grep -c '"event":"group-' "$2")" -ge "$1" ]
}

test_groups() {
	local out mon mpid ev opts
	ENOENT="No such file or directory"
	EEXIST="File exists"
	RET=0
	refused vnics "a group without a capacity" "$EINVAL" \
		"parent-name: $PARENT has no capacity" "attribute: parent-name" \
		"$HOST" group add ga parent "$PARENT" min 25mbit

	mon=$(mktemp)
	at_exit rm -f "$mon"
	vn "$HOST" -j monitor >"$mon" 2>&1 &
	mpid=$!
	sleep 1
	RET=0
	vn "$HOST" parent set "$PARENT" capacity 60mbit &&
		vn "$HOST" group add ga parent "$PARENT" min 25mbit rate 30mbit &&
		vnicctl_host add ma link "$PARENT" min 10mbit group ga &&
		vnicctl_host add mb link "$PARENT" min 15mbit group ga &&
		vnicctl_host add mc link "$PARENT" min 20mbit
	check_err $? "cannot set up group ga {ma, mb} beside mc"
	[ "$(group_json ga)" = "$PARENT 25000000 30000000 100 0 2" ]
	check_err $? "group show -j: $(group_json ga)"
	out=$(vn "$HOST" -j parent show "$PARENT" | python3 -S -c "import json,sys; print(json.load(sys.stdin)[0]['guaranteed'])")
	[ "$out" = 45000000 ]
	check_err $? "guaranteed $out, expected 45000000 (ga 25, mc 20)"
	out=$(vn "$HOST" group show)
	echo "$out" | grep -Eq "^ga +$PARENT +25Mbit +30Mbit +100 +0 +2\$"
	check_err $? "group show: $out"
	out=$(vn "$HOST" -d show ma)
	[[ "$out" == *"min 10Mbit group ga"* ]]
	check_err $? "show -d: $out"
	[ "$(vn "$HOST" -j show mc | python3 -S -c 'import json,sys; print("group" in json.load(sys.stdin)[0])')" = False ]
	check_err $? "show -j of a vnic in no group has a group"
	vn "$HOST" group set ga weight 7 prio 3
	check_err $? "group set weight 7 prio 3 failed"
	[ "$(group_json ga)" = "$PARENT 25000000 30000000 7 3 2" ]
	check_err $? "after group set: $(group_json ga)"
	log_test "groups: add, a vnic's group at add, show, set"

	refused vnics "a group name taken" "$EEXIST" \
		"name: a group with this name exists" "attribute: name" \
		"$HOST" group add ga parent "$PARENT"
	refused vnics "a group's guarantee over the capacity" "$ERANGE" \
		"bw-min: guarantees total 65000000 bit/s, over capacity 60000000 bit/s" \
		"attribute: bw-min" "$HOST" group add gb parent "$PARENT" min 20mbit
	refused vnics "a group's guarantee below its vnics'" "$ERANGE" \
		"bw-min: below its vnics' guarantees, 25000000 bit/s" \
		"attribute: bw-min" "$HOST" group set ga min 20mbit
	refused vnics "a group's ceiling below its guarantee" "$EINVAL" \
		"bw-max: below the group's bw-min (25000000 bit/s)" \
		"attribute: bw-max" "$HOST" group set ga rate 20mbit
	refused vnics "a member's guarantee over the group's" "$ERANGE" \
		"bw-min: group's total 26000000 bit/s, over its bw-min 25000000 bit/s" \
		"attribute: bw-min" "$HOST" set ma min 11mbit
	refused vnics "a vnic joining a group its guarantee overfills" "$ERANGE" \
		"bw-min: group's total 45000000 bit/s, over its bw-min 25000000 bit/s" \
		"attribute: group" "$HOST" set mc group ga
	refused vnics "a group the parent does not have" "$ENOENT" \
		"group: parent $PARENT has no group nosuch" "attribute: group" \
		"$HOST" set mc group nosuch
	refused vnics "deleting a group with vnics" "$EBUSY" \
		"name: group ga still has 2 vnics; move them out first" \
		"attribute: name" "$HOST" group del ga
	refused vnics "deleting a group that does not exist" "$ENOENT" \
		"name: no group with this name in this network namespace" \
		"attribute: name" "$HOST" group del nosuch
	refused parents "no capacity under groups" "$EBUSY" \
		"capacity: $PARENT still has share groups; delete them first" \
		"attribute: capacity" "$HOST" parent set "$PARENT" capacity 0

	RET=0
	out=$(ip netns exec "$HOST" capsh --drop=cap_net_admin -- -c \
		"$VNICCTL group set ga weight 9" 2>&1)
	[ $? = 2 ] && [[ "$out" == *"$EPERM"* ]]
	check_err $? "group set without CAP_NET_ADMIN: $out"
	[ "$(group_json ga)" = "$PARENT 25000000 30000000 7 3 2" ]
	check_err $? "changed: $(group_json ga)"
	log_test "rejected: group set without CAP_NET_ADMIN (EPERM)"

	# The tenant can neither move its vnic between groups nor see them.
	setup_ns TM || fail "cannot create a tenant netns"
	ip -n "$HOST" link set mb netns "$TM"
	for opts in "group none" "group ga"; do
		# shellcheck disable=SC2086 # word splitting wanted
		refused vnics "tenant sets $opts" "$EPERM" \
			"name: vnic is managed only from its parent's network namespace" \
			"attribute: name" "$TM" set mb $opts
	done
	refused vnics "tenant changes the group" "$ENOENT" \
		"name: no group with this name in this network namespace" \
		"attribute: name" "$TM" group set ga min 60mbit
	RET=0
	out=$(vn "$TM" -j show mb)
	[[ "$out" == *'"bw_min":15000000'* ]] && [[ "$out" != *group* ]] &&
		[[ "$out" != *tx_alloc* ]]
	check_err $? "the tenant sees the host's group or allocation: $out"
	# Nor what it lent or borrowed (the others' load): the parent's
	# netns alone counts it.
	out=$(vn "$TM" -j stats mb)
	[[ "$out" == *'"tx_throttled":'* ]] && [[ "$out" != *lent* ]] &&
		[[ "$out" != *borrowed* ]]
	check_err $? "the tenant's vnicctl stats: $out"
	out=$(ip netns exec "$TM" ethtool -S mb)
	[[ "$out" == *tx-throttled:* ]] && [[ "$out" != *lent* ]] &&
		[[ "$out" != *borrowed* ]]
	check_err $? "the tenant's ethtool -S: $out"
	out=$(vn "$HOST" -j stats mb)
	[[ "$out" == *'"tx_lent_bytes":'* ]] && [[ "$out" == *'"tx_borrowed_bytes":'* ]]
	check_err $? "the host's vnicctl stats: $out"
	log_test "the tenant sees its share, not the parent's groups, allocations or lending"

	# Out of the group a vnic's guarantee counts in the capacity again:
	# ma's fits (20 + 25 + 10), mb's no longer (70 of 60).
	RET=0
	vnicctl_host set ma group none
	check_err $? "ma cannot leave the group (55 of 60 Mbit/s)"
	refused vnics "leaving a group, a guarantee over the capacity" "$ERANGE" \
		"bw-min: guarantees total 70000000 bit/s, over capacity 60000000 bit/s" \
		"attribute: group" "$HOST" set mb group none
	RET=0
	vnicctl_host set mb min 0 group none && vn "$HOST" group del ga
	check_err $? "cannot empty, then delete the group"
	# A group without a guarantee of its own holds its vnics': they join
	# and leave it freely (mb 15 back beside ma 10 and mc 20).
	vn "$HOST" group add gb parent "$PARENT" &&
		vnicctl_host set ma group gb && vnicctl_host set mc group gb &&
		vnicctl_host set mb min 15mbit
	check_err $? "cannot fill group gb with guarantees of its vnics'"
	[ "$(group_json gb)" = "$PARENT 0 0 100 0 2" ]
	check_err $? "gb: $(group_json gb)"
	out=$(vn "$HOST" group show)
	echo "$out" | grep -Eq "^gb +$PARENT +auto +- +100 +0 +2\$"
	check_err $? "group show: $out"
	refused vnics "a group's guarantee of its own below its vnics'" "$ERANGE" \
		"bw-min: below its vnics' guarantees, 30000000 bit/s" \
		"attribute: bw-min" "$HOST" group set gb min 20mbit
	refused vnics "a ceiling below the guarantees of a group without its own" "$ERANGE" \
		"bw-max: below its vnics' guarantees, 30000000 bit/s" \
		"attribute: bw-max" "$HOST" group set gb rate 25mbit
	refused vnics "a group ceiling of 7 bit/s" "$ERANGE" \
		"bw-max: must be 0 (none) or at least 8 bit/s" \
		"attribute: bw-max" "$HOST" group set gb rate 7
	RET=0
	vn "$HOST" group set gb rate 35mbit
	check_err $? "gb cannot take a ceiling of 35 over guarantees of 30"
	refused vnics "a guarantee over a group's ceiling" "$ERANGE" \
		"bw-min: group's total 36000000 bit/s, over its bw-max 35000000 bit/s" \
		"attribute: bw-min" "$HOST" set ma min 16mbit
	RET=0
	vnicctl_host set ma group none && vnicctl_host set mc group none &&
		vn "$HOST" group del gb
	check_err $? "cannot empty, then delete group gb"
	vn "$HOST" -j group show >/dev/null && [ "$(vn "$HOST" -j group show)" = "[]" ]
	check_err $? "a group is left: $(vn "$HOST" -j group show)"
	slowwait 10 _group_events_at_least 14 "$mon"
	kill "$mpid"
	wait "$mpid" 2>/dev/null
	# ga's events, with its vnics: new; ma and mb join; set; ma, then mb
	# leave; del. gb: new; ma and mc join; set; ma and mc leave; del.
	ev=$(grep -o '"event":"group-[a-z]*","group":{"name":"ga".*"vnics":[0-9]*' "$mon" |
		sed 's/.*"event":"\([a-z-]*\)".*"vnics":\([0-9]*\).*/\1:\2/' | tr '\n' ' ')
	[ "$ev" = "group-new:0 group-set:1 group-set:2 group-set:2 group-set:1 group-set:0 group-del:0 " ]
	check_err $? "ga's events: '$ev'"
	ev=$(grep -o '"event":"group-[a-z]*","group":{"name":"gb".*"vnics":[0-9]*' "$mon" |
		sed 's/.*"event":"\([a-z-]*\)".*"vnics":\([0-9]*\).*/\1:\2/' | tr '\n' ' ')
	[ "$ev" = "group-new:0 group-set:1 group-set:2 group-set:2 group-set:1 group-set:0 group-del:0 " ]
	check_err $? "gb's events: '$ev'"
	vnicctl_host del ma && vnicctl_host del mb && vnicctl_host del mc &&
		vn "$HOST" parent set "$PARENT" capacity 0
	check_err $? "cannot remove the vnics, then the capacity"
	log_test "groups: leaving one, deleting it, monitor events"

	# A parent moved in with its vnics brings its groups: a name then
	# needs the parent.
	RET=0
	setup_ns GN || fail "cannot create a netns"
	ip -n "$HOST" link add q4 type veth peer name q5
	ip -n "$HOST" link add q6 type veth peer name q7
	ip -n "$HOST" link set q6 netns "$GN"
	vn "$HOST" parent set q4 capacity 10mbit &&
		vn "$HOST" group add gx parent q4 && vnicctl_host add x4 link q4 &&
		vn "$GN" parent set q6 capacity 10mbit &&
		vn "$GN" group add gx parent q6 && vn "$GN" add x6 link q6 group gx
	check_err $? "cannot set up group gx on q4 and q6"
	# Each side's monitor: the group leaves one netns, arrives in the
	# other with its parent's capacity.
	vn "$HOST" -j monitor >"$mon" 2>&1 &
	mpid=$!
	vn "$GN" -j monitor >"$mon.gn" 2>&1 &
	local gpid=$!
	at_exit rm -f "$mon.gn"
	sleep 1
	ip -n "$GN" link set q6 netns "$HOST"
	check_err $? "cannot bring a second group gx in with parent q6"
	slowwait 10 grep -Eq '"event":"group-new","group":\{"name":"gx","parent_ifindex":[0-9]+,"parent":"q6"' "$mon"
	check_err $? "no group-new of q6's gx where it arrived: $(cat "$mon")"
	grep -Eq '"event":"parent-set","parent":\{"ifindex":[0-9]+,"ifname":"q6","capacity":10000000,' "$mon"
	check_err $? "no parent-set of q6 where it arrived: $(cat "$mon")"
	slowwait 10 grep -Eq '"event":"group-del","group":\{"name":"gx","parent_ifindex":[0-9]+,"parent":"q6"' "$mon.gn"
	check_err $? "no group-del of q6's gx where it left: $(cat "$mon.gn")"
	kill "$mpid" "$gpid"
	wait "$mpid" "$gpid" 2>/dev/null
	log_test "a parent moves in with its group of a name taken, monitor events"
	RET=0
	out=$(vn "$HOST" group set gx weight 5 2>&1)
	[ $? = 2 ] && [[ "$out" == *"several parents have a group of this name"* ]] &&
		[[ "$out" == *"Name not unique on network"* ]]
	check_err $? "an ambiguous name: $out"
	vn "$HOST" group set gx parent q6 weight 5 &&
		[ "$(vn "$HOST" -j group show gx parent q6 | python3 -S -c 'import json,sys; print(json.load(sys.stdin)[0]["weight"])')" = 5 ]
	check_err $? "cannot set q6's gx by its parent"
	ip -n "$HOST" link del q4 && ip -n "$HOST" link del q6
	check_err $? "cannot delete q4 and q6"
	log_test "an ambiguous group name is refused; the parent selects it"
}

test_set_show
test_claimed
test_bad
test_guarantees
test_groups
test_lifetime
exit "$EXIT_STATUS"
