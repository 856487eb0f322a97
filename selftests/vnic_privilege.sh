#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Privilege boundaries. Configuring a vnic (dev-new, dev-set, dev-del) needs
# CAP_NET_ADMIN in the initial user namespace *and* the caller in the
# parent's network namespace. Visibility: a network namespace sees the vnics
# that are in it and the vnics whose parent is in it, nothing else.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip setpriv capsh unshare nsenter python3
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 rate 10mbit || fail "cannot create v0"
vnic_tenant T1 v1 11 || fail "cannot create v1"
PIDX=$(ip netns exec "$HOST" cat "/sys/class/net/$PARENT/ifindex")

snapshot() {
	vnicctl_host -d -j show 2>&1
}

# denied DESC MESSAGE CMD...: CMD fails, says MESSAGE, changes nothing.
denied() {
	local desc=$1 msg=$2 before out
	shift 2
	before=$(snapshot)
	out=$("$@" 2>&1)
	check_fail $? "$desc succeeded: $out"
	echo "$out" | grep -qiF -- "$msg"
	check_err $? "$desc: '$msg' not in: $out"
	[ "$(snapshot)" = "$before" ]
	check_err $? "$desc changed the vnics"
}

# As user nobody, no capabilities, in the parent's netns.
as_nobody() {
	ip netns exec "$HOST" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$VNICCTL" "$@"
}

# As root without CAP_NET_ADMIN, in the parent's netns.
as_root_no_netadmin() {
	ip netns exec "$HOST" capsh --drop=cap_net_admin -- -c "$VNICCTL $*"
}

test_unprivileged() {
	local out
	RET=0
	denied "nobody: add" "not permitted" as_nobody add x0 link "$PARENT"
	denied "nobody: set rate" "not permitted" as_nobody set v0 rate 0
	denied "nobody: del" "not permitted" as_nobody del v0
	denied "root without CAP_NET_ADMIN: set" "not permitted" \
		as_root_no_netadmin set v0 rate 0
	denied "root without CAP_NET_ADMIN: del" "not permitted" \
		as_root_no_netadmin del v1
	# Reading is not privileged.
	out=$(as_nobody show 2>&1)
	check_err $? "nobody cannot list the vnics of its netns: $out"
	echo "$out" | grep -q v0 && echo "$out" | grep -q v1
	check_err $? "nobody's list lacks v0 or v1: $out"
	log_test "without CAP_NET_ADMIN every config op is EPERM, show works"
}

test_visibility() {
	local out
	RET=0
	out=$(ip netns exec "$T0" "$VNICCTL" show 2>&1)
	check_err $? "show in T0 failed: $out"
	echo "$out" | grep -q "v0"
	check_err $? "T0 does not see its own vnic: $out"
	echo "$out" | grep -q "v1"
	check_fail $? "T0 sees T1's vnic: $out"
	out=$(ip netns exec "$T1" "$VNICCTL" show v0 2>&1)
	check_fail $? "T1 can show T0's vnic: $out"
	setup_ns OTHER
	out=$(ip netns exec "$OTHER" "$VNICCTL" -j show 2>&1)
	[ "$out" = "[]" ] || [ -z "$out" ]
	check_err $? "an unrelated netns sees vnics: $out"
	log_test "visibility: a netns sees its own vnics and those of its parents"
}

# Root of a user namespace owning the network namespace v0 lives in.
test_userns_root() {
	local pid out
	RET=0
	# A userns + netns pair that stays alive; v0 is moved into it.
	unshare -Urn sleep 300 &
	pid=$!
	at_exit kill "$pid"
	slowwait 5 sh -c "[ \"\$(readlink /proc/$pid/ns/user)\" != \"\$(readlink /proc/self/ns/user)\" ]"
	ip -n "$T0" link set v0 netns "$pid"
	check_err $? "cannot move v0 into the user-owned netns"
	userns() {
		nsenter -t "$pid" -U -n "$@"
	}
	userns ip link show v0 >/dev/null 2>&1
	check_err $? "v0 did not arrive in the user-owned netns"

	denied "userns root: set rate 0" "not permitted" userns "$VNICCTL" set v0 rate 0
	denied "userns root: del" "not permitted" userns "$VNICCTL" del v0
	userns ip link add ua type veth peer name ub 2>/dev/null
	denied "userns root: vnic on its own veth" "not permitted" \
		userns "$VNICCTL" add x0 link ua
	# Back to a netns it does not own: the kernel's own rules refuse.
	out=$(userns ip link set v0 netns 1 2>&1)
	check_fail $? "userns root moved v0 out of its netns: $out"
	userns ip link show v0 >/dev/null 2>&1
	check_err $? "v0 left the user-owned netns"
	# Its rate still holds: the config is unchanged.
	out=$(vnicctl_host -d -j show v0)
	echo "$out" | grep -q '"tx_rate": *10000000'
	check_err $? "v0's rate changed: $out"
	log_test "userns root owning the vnic's netns cannot configure or move it"
}

test_cross_netns_ifindex() {
	local out
	RET=0
	# p0's ifindex, named from a fresh netns (only lo, ifindex 1, in it).
	setup_ns T3
	out=$(ip netns exec "$T3" python3 "$YNL_CLI" --spec "$REPO/uapi/specs/vnic.yaml" \
		--do dev-new --json "{\"name\": \"x0\", \"parent-ifindex\": $PIDX}" 2>&1)
	check_fail $? "dev-new from another netns with p0's ifindex succeeded"
	echo "$out" | grep -q "parent device not found"
	check_err $? "no clear error: $out"
	vnicctl_host show x0 >/dev/null 2>&1
	check_fail $? "x0 was created"
	log_test "a parent cannot be named by ifindex from another netns"
}

test_unprivileged
test_visibility
test_userns_root
[ -n "${YNL_CLI:-}" ] && [ -f "$YNL_CLI" ] || fail "YNL_CLI not set or missing"
test_cross_netns_ifindex
exit "$EXIT_STATUS"
