#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input gets a clear error (the kernel's extack message through vnicctl
# or the YNL client) and changes nothing.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip python3
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnicctl_host add d0 link "$PARENT" mac 02:00:00:00:00:d0 ||
	fail "cannot create d0"
PMAC=$(mac_of "$HOST" "$PARENT")
PIDX=$(ip netns exec "$HOST" cat "/sys/class/net/$PARENT/ifindex")

snapshot() {
	{
		vnicctl_host -j show
		ip -n "$HOST" -o link show | sed 's/^[0-9]*: //; s/ .*//'
	} 2>&1
}
BEFORE=$(snapshot)

# expect_err DESC RC MESSAGE CMD...: CMD exits with RC and prints MESSAGE,
# and the set of vnics and devices is unchanged.
expect_err() {
	local desc=$1 want_rc=$2 msg=$3 out rc
	shift 3
	RET=0
	out=$("$@" 2>&1)
	rc=$?
	[ "$rc" -eq "$want_rc" ]
	check_err $? "exit code $rc, expected $want_rc: $out"
	echo "$out" | grep -qF -- "$msg"
	check_err $? "message '$msg' not in: $out"
	[ "$(snapshot)" = "$BEFORE" ]
	check_err $? "state changed"
	log_test "$desc"
}

ynl() {
	ip netns exec "$HOST" python3 "$YNL_CLI" --spec "$REPO/uapi/specs/vnic.yaml" "$@"
}

expect_err "unknown parent name (vnicctl)" 1 "no such device" \
	vnicctl_host add x0 link nosuchdev
expect_err "non-Ethernet parent (lo)" 2 "parent must be an Ethernet device" \
	vnicctl_host add x0 link lo
expect_err "duplicate name" 2 "already exists" \
	vnicctl_host add d0 link "$PARENT"
expect_err "duplicate name of another device" 2 "already exists" \
	vnicctl_host add "$PARENT" link "$PARENT"
expect_err "vnic as a parent (stacking)" 2 "cannot be the parent of a vnic" \
	vnicctl_host add x0 link d0
expect_err "multicast MAC" 2 "mac: must be unicast" \
	vnicctl_host add x0 link "$PARENT" mac 01:00:5e:00:00:01
expect_err "zero MAC" 2 "mac: must be unicast" \
	vnicctl_host add x0 link "$PARENT" mac 00:00:00:00:00:00
expect_err "MAC of the parent" 2 "parent's own address" \
	vnicctl_host add x0 link "$PARENT" mac "$PMAC"
expect_err "MAC of another vnic" 2 "already used by vnic d0" \
	vnicctl_host add x0 link "$PARENT" mac 02:00:00:00:00:d0
expect_err "malformed MAC (vnicctl)" 1 "vnicctl:" \
	vnicctl_host add x0 link "$PARENT" mac 02:00:00:00:00
expect_err "unknown mode (vnicctl)" 1 "mode" \
	vnicctl_host add x0 link "$PARENT" mode vepa
expect_err "missing link (vnicctl)" 1 "vnicctl:" \
	vnicctl_host add x0
expect_err "name too long (vnicctl)" 1 "vnicctl:" \
	vnicctl_host add abcdefghijklmnop link "$PARENT"
expect_err "delete unknown vnic" 2 "no vnic with this name" \
	vnicctl_host del nosuch
expect_err "delete a non-vnic device" 2 "not a vnic" \
	vnicctl_host del "$PARENT"

# A parent already used by a bridge.
ip -n "$HOST" link add pb0 type veth peer name pb1
ip -n "$HOST" link add br9 type bridge
ip -n "$HOST" link set pb0 master br9
BEFORE=$(snapshot)
expect_err "parent enslaved to a bridge" 2 "already used by another upper device" \
	vnicctl_host add x0 link pb0

# Straight to the kernel, bypassing vnicctl's own checks.
if [ -n "${YNL_CLI:-}" ] && [ -f "$YNL_CLI" ]; then
	expect_err "unknown parent ifindex (netlink)" 1 "parent device not found" \
		ynl --do dev-new --json '{"name": "x0", "parent-ifindex": 99999}'
	expect_err "missing parent (netlink)" 1 "parent-ifindex: required" \
		ynl --do dev-new --json '{"name": "x0"}'
	expect_err "unknown mode (netlink)" 1 "bad-attr" \
		ynl --do dev-new --json "{\"name\": \"x0\", \"parent-ifindex\": $PIDX, \"mode\": 7}"
	expect_err "missing selector (netlink)" 1 "select the vnic" \
		ynl --do dev-del --json '{}'
else
	RET=$ksft_fail
	RETMSG="YNL_CLI not set or missing: ${YNL_CLI:-unset}"
	log_test "netlink-level bad input (YNL client)"
fi


# A batch runs over one netlink socket: each line sees the ones before it,
# the first failure stops it (what ran before stays, like "ip -b") with the
# line's number, and -f goes on over the same socket after a failure.
test_batch() {
	local f out rc
	f=$(mktemp)
	at_exit rm -f "$f"
	printf '%s\n' "add b0 link $PARENT" "set b0 rate 10mbit" \
		"add b0 link $PARENT" "add b1 link $PARENT" >"$f"
	RET=0
	out=$(vnicctl_host -b "$f" 2>&1)
	rc=$?
	[ "$rc" -eq 2 ]
	check_err $? "exit code $rc, expected 2: $out"
	echo "$out" | grep -q "^vnicctl: line 3: .*already exists"
	check_err $? "no 'line 3: ... already exists' in: $out"
	vnicctl_host -j show b0 | grep -q '"tx_rate": *10000000\b'
	check_err $? "line 2 (set b0 rate) did not take effect"
	ip -n "$HOST" link show b1 >/dev/null 2>&1
	check_fail $? "b1 created after the failed line 3"
	out=$(vnicctl_host -f -b "$f" 2>&1)
	rc=$?
	[ "$rc" -eq 2 ]
	check_err $? "-f: exit code $rc, expected 2: $out"
	[ "$(echo "$out" | grep -c "already exists")" -eq 2 ]
	check_err $? "-f: expected lines 1 and 3 to fail: $out"
	ip -n "$HOST" link show b1 >/dev/null 2>&1
	check_err $? "-f: line 4 (add b1) did not run"
	vnicctl_host del b0 && vnicctl_host del b1
	check_err $? "cannot delete b0, b1"
	[ "$(snapshot)" = "$BEFORE" ]
	check_err $? "state changed"
	log_test "batch: one socket; stops at the first failure; -f goes on"
}
test_batch

exit "$EXIT_STATUS"
