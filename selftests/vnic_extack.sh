#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every request the kernel rejects carries an extended ack that names the
# offending attribute: the message says "<attribute>: why" and the ack
# points at the attribute (NLMSGERR_ATTR_OFFS) or names the missing one
# (NLMSGERR_ATTR_MISS_TYPE/NEST). One table of bad inputs:
#   vx ...  through vnicctl, which maps the offset back to the attribute of
#           its own request: one line "vnicctl: MSG (attribute: A; ERRNO)",
#           exit status 2;
#   yx/yb   through the kernel's YNL client (yx: cli.py; yb: its library,
#           all rows from one process, ynl_batch.py), for requests vnicctl
#           never sends: "Netlink error: ERRNO", the message, and the client's own
#           decoding of the offset ('bad-attr': '.a.b') or missing type.
# After each row nothing changed (vnics, their policy and share, devices).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip python3 capsh
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnicctl_host add d0 link "$PARENT" mac 02:00:00:00:00:d0 ||
	fail "cannot create d0"
vnicctl_host add d1 link "$PARENT" mac 02:00:00:00:00:d1 \
	vlan-passthrough on || fail "cannot create d1"
vnic_tenant TEN t0 20 || fail "cannot create t0 in a tenant netns"
ip -n "$HOST" link add pb0 type veth peer name pb1
ip -n "$HOST" link add br9 type bridge
ip -n "$HOST" link set pb0 master br9 || fail "cannot enslave pb0"
PMAC=$(mac_of "$HOST" "$PARENT")
PIDX=$(ip netns exec "$HOST" cat "/sys/class/net/$PARENT/ifindex")
D0IDX=$(ip netns exec "$HOST" cat /sys/class/net/d0/ifindex)

# vnicctl in a netns: nsenter only switches the netns, which is all
# vnicctl needs, and is much cheaper in a TCG guest than "ip netns exec"
# (which also remounts /sys).
vnicctl_in() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$VNICCTL" "$@"
}

vnicctl_h() {
	vnicctl_in "$HOST" "$@"
}

# What a vnic request can change: the vnics with their policy and share
# (checked after each row); and the devices with their MTU (after each
# group of rows).
snapshot() {
	vnicctl_h -d -j show 2>&1
}
links() {
	ip -n "$HOST" -o link show 2>&1 | sed 's/^[0-9]*: //; s/ state .*//'
}
BEFORE=$(snapshot)
LINKS=$(links)
N=0

# Result of one row: RET/RETMSG set by the caller's checks.
row_end() {
	local desc=$1
	[ "$(snapshot)" = "$BEFORE" ]
	check_err $? "vnics changed"
	N=$((N + 1))
	log_test "$desc"
}

links_unchanged() {
	RET=0
	[ "$(links)" = "$LINKS" ]
	check_err $? "devices changed: $(links)"
	log_test "$1: devices unchanged"
}

# vx DESC ERRNO MSG ATTR NS ARGS...: "vnicctl ARGS" run in netns NS
# exits 2 and prints exactly one line "vnicctl: MSG... (ATTR; ERRNO)",
# where MSG is the start of the kernel's message and ATTR "attribute:
# NAME" or "missing attribute: NAME". Queued for vx_run. ARGS are single
# words.
VX_DESC=() VX_ERRNO=() VX_MSG=() VX_ATTR=() VX_CMD=()
vx() {
	VX_DESC+=("$1") VX_ERRNO+=("$2") VX_MSG+=("$3") VX_ATTR+=("$4")
	shift 4
	VX_CMD+=("$*")
}

# Runs the queued vnicctl rows from one shell in the parent's netns (a
# process per command costs in a TCG guest): per row "RC CHANGED OUTPUT",
# CHANGED 1 if "vnicctl -d -j show" differs afterwards, newlines in
# OUTPUT as "\n".
# shellcheck disable=SC2317 # run by vx_run's shell
vx_batch() {
	local ns args out rc
	while read -r ns args; do
		if [ "$ns" = "$HOST" ]; then
			# shellcheck disable=SC2086 # words, on purpose
			out=$("$VNICCTL" $args 2>&1)
		else
			# shellcheck disable=SC2086
			out=$(nsenter --net="/run/netns/$ns" "$VNICCTL" $args 2>&1)
		fi
		rc=$?
		[ "$("$VNICCTL" -d -j show 2>&1)" = "$BEFORE" ]
		printf '%s %s %s\n' "$rc" "$?" "${out//$'\n'/\\n}"
	done
}

vx_run() {
	local i res=() line rc changed out
	mapfile -t res < <(printf '%s\n' "${VX_CMD[@]}" |
		nsenter --net="/run/netns/$HOST" bash -c \
		"$(declare -f vx_batch); HOST=\$1 VNICCTL=\$2 BEFORE=\$3 vx_batch" \
		_ "$HOST" "$VNICCTL" "$BEFORE")
	for i in "${!VX_CMD[@]}"; do
		RET=0
		line=${res[i]:-}
		read -r rc changed out <<<"$line"
		[ "$rc" = 2 ]
		check_err $? "exit code ${rc:-none}, expected 2: ${out:-no output: ${res[*]}}"
		[ "$changed" = 0 ]
		check_err $? "vnics changed"
		[[ "$out" != *'\n'* ]]
		check_err $? "not one line: $out"
		[[ "$out" == "vnicctl: ${VX_MSG[i]}"* ]]
		check_err $? "does not start with 'vnicctl: ${VX_MSG[i]}': $out"
		[[ "$out" == *" (${VX_ATTR[i]}; ${VX_ERRNO[i]})" ]]
		check_err $? "does not end with '(${VX_ATTR[i]}; ${VX_ERRNO[i]})': $out"
		N=$((N + 1))
		log_test "${VX_DESC[i]}"
	done
	RET=0
	[ "${#res[@]}" -eq "${#VX_CMD[@]}" ]
	check_err $? "${#res[@]} results for ${#VX_CMD[@]} commands: ${res[*]}"
	log_test "vnicctl rows: one result each"
}

ynl() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" python3 "$YNL_CLI" --no-schema \
		--spec "$REPO/uapi/specs/vnic.yaml" "$@"
}

# ynl_check OUT ERRNO MSG ATTR: OUT, what the client printed, has
# "Netlink error: ERRNO" and an extack whose 'msg' starts with MSG and
# that contains ATTR ("'bad-attr': '.mac'", "'miss-type': 'parent-ifindex'").
ynl_check() {
	local out=$1 errno=$2 msg=$3 attr=$4
	[[ "$out" == *"Netlink error: $errno"* ]]
	check_err $? "'Netlink error: $errno' not in: $out"
	# Python quotes a message with an apostrophe in double quotes.
	[[ "$out" == *"'msg': '$msg"* || "$out" == *"'msg': \"$msg"* ]]
	check_err $? "msg '$msg' not in: $out"
	[[ "$out" == *"$attr"* ]]
	check_err $? "'$attr' not in: $out"
}

# yx DESC ERRNO MSG ATTR NS OP JSON: cli.py, run from netns NS, sends OP
# (dev-new...) with attributes JSON; it exits 1 and prints what
# ynl_check expects.
yx() {
	local desc=$1 errno=$2 msg=$3 attr=$4 ns=$5 op=$6 json=$7 out rc
	RET=0
	out=$(ynl "$ns" --do "$op" --json "$json" 2>&1)
	rc=$?
	[ "$rc" -eq 1 ]
	check_err $? "exit code $rc, expected 1: $out"
	ynl_check "$out" "$errno" "$msg" "$attr"
	row_end "$desc (netlink)"
}

# yb DESC ERRNO MSG ATTR OP JSON: like yx from the parent's netns, queued
# for yb_run, which sends them all from one ynl_batch.py process.
YB_DESC=() YB_ERRNO=() YB_MSG=() YB_ATTR=() YB_REQ=()
yb() {
	YB_DESC+=("$1") YB_ERRNO+=("$2") YB_MSG+=("$3") YB_ATTR+=("$4")
	YB_REQ+=("$5 $6")
}

yb_run() {
	local i res=() line
	mapfile -t res < <(printf '%s\n' "${YB_REQ[@]}" |
		nsenter --net="/run/netns/$HOST" python3 "$LIB_DIR/ynl_batch.py" \
			"$YNL_CLI" "$REPO/uapi/specs/vnic.yaml" 2>&1)
	for i in "${!YB_REQ[@]}"; do
		RET=0
		line=${res[i]:-}
		[[ "$line" == "0 Netlink error: "* ]]
		check_err $? "not refused, or the vnics changed: ${line:-no output: ${res[*]}}"
		ynl_check "$line" "${YB_ERRNO[i]}" "${YB_MSG[i]}" "${YB_ATTR[i]}"
		N=$((N + 1))
		log_test "${YB_DESC[i]} (netlink)"
	done
	RET=0
	[ "${#res[@]}" -eq "${#YB_REQ[@]}" ]
	check_err $? "${#res[@]} results for ${#YB_REQ[@]} requests: ${res[*]}"
	[ "$(snapshot)" = "$BEFORE" ]
	check_err $? "vnics changed"
	log_test "netlink rows: vnics unchanged"
	links_unchanged "netlink rows"
}

EINVAL="Invalid argument"
ENODEV="No such device"
EEXIST="File exists"
EPERM="Operation not permitted"
ERANGE="Numerical result out of range"
E2BIG="Argument list too long"

##############################################################################
# vnicctl: the vnic's own checks, named by vnicctl from the ack's offset

vx "parent is lo" "Operation not supported" \
	"parent-ifindex: parent must be an Ethernet device" \
	"attribute: parent-ifindex" "$HOST" add x0 link lo
vx "parent is a vnic" "$EINVAL" \
	"parent-ifindex: a vnic cannot be the parent of a vnic" \
	"attribute: parent-ifindex" "$HOST" add x0 link d0
vx "parent enslaved to a bridge" "Device or resource busy" \
	"parent-ifindex: parent is already used by another upper device" \
	"attribute: parent-ifindex" "$HOST" add x0 link pb0
vx "duplicate vnic name" "$EEXIST" \
	"name: a device with this name already exists" \
	"attribute: name" "$HOST" add d0 link "$PARENT"
vx "multicast MAC" "Cannot assign requested address" \
	"mac: must be unicast and not zero" \
	"attribute: mac" "$HOST" add x0 link "$PARENT" mac 01:00:5e:00:00:01
vx "MAC of the parent" "Address already in use" \
	"mac: is the parent's own address" \
	"attribute: mac" "$HOST" add x0 link "$PARENT" mac "$PMAC"
vx "MAC of another vnic" "Address already in use" \
	"mac: already used by vnic d0" \
	"attribute: mac" "$HOST" add x0 link "$PARENT" mac 02:00:00:00:00:d0
vx "set: MAC of another vnic" "Address already in use" \
	"mac: already used by vnic d1" \
	"attribute: mac" "$HOST" set d0 mac 02:00:00:00:00:d1
vx "set: zero MAC" "Cannot assign requested address" \
	"mac: must be unicast and not zero" \
	"attribute: mac" "$HOST" set d0 mac 00:00:00:00:00:00
vx "del: unknown vnic" "$ENODEV" "name: no vnic with this name" \
	"attribute: name" "$HOST" del nosuch
vx "del: not a vnic" "$EINVAL" "name: device is not a vnic" \
	"attribute: name" "$HOST" del "$PARENT"
vx "set: unknown id" "$ENODEV" "id: no vnic with this id" \
	"attribute: id" "$HOST" set id 99999 vlan 5
vx "set: ifindex of a non-vnic" "$EINVAL" "ifindex: device is not a vnic" \
	"attribute: ifindex" "$HOST" set ifindex "$PIDX" vlan 5
vx "show: unknown ifindex" "$ENODEV" "ifindex: no device with this ifindex" \
	"attribute: ifindex" "$HOST" show ifindex 99999
vx "stats: unknown vnic" "$ENODEV" "name: no vnic with this name" \
	"attribute: name" "$HOST" stats nosuch
vx "burst smaller than a frame" "$EINVAL" \
	"tx-burst: must hold a full-size frame" \
	"attribute: tx-burst" "$HOST" set d0 rate 10mbit burst 100
vx "rx-burst smaller than a frame" "$EINVAL" \
	"rx-burst: must hold a full-size frame" \
	"attribute: rx-burst" "$HOST" set d0 rx-rate 10mbit rx-burst 1000
vx "port VLAN while vlan-passthrough is on" "$EINVAL" \
	"vlan: no port VLAN while vlan-passthrough is on" \
	"attribute: vlan" "$HOST" set d1 vlan 100
vx "tenant sets its own vnic" "$EPERM" \
	"name: vnic is managed only from its parent's network namespace" \
	"attribute: name" "$TEN" set t0 vlan 5
vx "tenant deletes its own vnic by ifindex" "$EPERM" \
	"ifindex: vnic is managed only from its parent's network namespace" \
	"attribute: ifindex" "$TEN" del ifindex \
	"$(ip netns exec "$TEN" cat /sys/class/net/t0/ifindex)"

vx_run

# The generic netlink core refuses GENL_ADMIN_PERM ops without a message;
# vnicctl says what is missing.
RET=0
out=$(ip netns exec "$HOST" capsh --drop=cap_net_admin -- -c \
	"$VNICCTL set d0 vlan 5" 2>&1)
rc=$?
[ "$rc" -eq 2 ] && [ "$out" = "vnicctl: CAP_NET_ADMIN is required ($EPERM)" ]
check_err $? "exit code $rc: $out"
row_end "without CAP_NET_ADMIN"

# Not the vnic family: the tenant's "ip link set address" (rtnetlink) is
# refused by the vnic, which says why.
RET=0
out=$(ip -n "$TEN" link set t0 address 02:00:00:00:00:99 2>&1)
check_fail $? "tenant changed its MAC with mac-change off"
grep -qF "Error: address: vnic t0 may not change its MAC (mac-change is off)" <<<"$out"
check_err $? "no clear error: $out"
row_end "tenant changes its MAC (rtnetlink)"

# Not the vnic family: the MTU cap is the netdev core's max_mtu check.
RET=0
out=$(ip -n "$HOST" link set d0 mtu 1501 2>&1)
check_fail $? "MTU above the parent's accepted"
grep -q "mtu greater than device maximum" <<<"$out"
check_err $? "no clear error: $out"
row_end "MTU above the parent's (rtnetlink)"
links_unchanged "vnicctl rows"

##############################################################################
# YNL client: requests vnicctl never sends

if [ -z "${YNL_CLI:-}" ] || [ ! -f "$YNL_CLI" ]; then
	RET=$ksft_fail
	RETMSG="YNL_CLI not set or missing: ${YNL_CLI:-unset}"
	log_test "netlink-level bad input (YNL client)"
	exit "$EXIT_STATUS"
fi

# Missing attributes: named by type (and nest) in the ack.
yb "dev-new without parent-ifindex" "$EINVAL" \
	"parent-ifindex: required to create a vnic" \
	"'miss-type': 'parent-ifindex'" dev-new '{"name": "x0"}'
yb "dev-del without a selector" "$EINVAL" \
	"id, ifindex or name: required to select the vnic" \
	"'miss-type': 'name'" dev-del '{}'
yb "stats-get without a selector" "$EINVAL" \
	"id, ifindex or name: required to select the vnic" \
	"'miss-type': 'name'" stats-get '{}'
# In a nest the client leaves the type a number: prefix's plen is 2.
yb "prefix without plen" "$EINVAL" "plen: required in a prefix" \
	"'miss-type': 2, 'miss-nest': " dev-set \
	'{"name": "d0", "allowed-ips": {"prefix": [{"addr": "0a000000"}]}}'
yb "prefix without addr" "$EINVAL" "addr: required in a prefix" \
	"'miss-type': 1, 'miss-nest': " dev-set \
	'{"name": "d0", "allowed-ips": {"prefix": [{"plen": 8}]}}'

# The vnic's own checks, pointing at the attribute (nested ones too).
yb "unknown parent ifindex" "$ENODEV" \
	"parent-ifindex: parent device not found in this network namespace" \
	"'bad-attr': '.parent-ifindex'" dev-new \
	'{"name": "x0", "parent-ifindex": 99999}'
yb "vnic as parent" "$EINVAL" \
	"parent-ifindex: a vnic cannot be the parent of a vnic" \
	"'bad-attr': '.parent-ifindex'" dev-new \
	"{\"name\": \"x0\", \"parent-ifindex\": $D0IDX}"
yb "invalid interface name" "$EINVAL" "name: invalid interface name" \
	"'bad-attr': '.name'" dev-new \
	"{\"name\": \"a/b\", \"parent-ifindex\": $PIDX}"
yb "multicast MAC" "Cannot assign requested address" \
	"mac: must be unicast and not zero" "'bad-attr': '.mac'" \
	dev-new "{\"name\": \"x0\", \"parent-ifindex\": $PIDX, \"mac\": \"01005e000001\"}"
yb "set: MAC of another vnic" "Address already in use" \
	"mac: already used by vnic d1" "'bad-attr': '.mac'" dev-set \
	'{"name": "d0", "mac": "0200000000d1"}'
yb "unknown id" "$ENODEV" "id: no vnic with this id" "'bad-attr': '.id'" \
	dev-get '{"id": 99999}'
yb "prefix addr of 5 bytes" "$EINVAL" \
	"addr: prefix address must be 4 (IPv4) or 16 (IPv6) bytes" \
	"'bad-attr': '.allowed-ips.prefix.addr'" dev-set \
	'{"name": "d0", "allowed-ips": {"prefix": [{"addr": "0a0000000a", "plen": 8}]}}'
yb "IPv4 prefix length 33 (second prefix)" "$EINVAL" \
	"plen: prefix length too long for the address family" \
	"'bad-attr': '.allowed-ips.prefix.plen'" dev-set \
	'{"name": "d0", "allowed-ips": {"prefix": [{"addr": "0a000000", "plen": 8}, {"addr": "0b000000", "plen": 33}]}}'
yb "prefix with host bits" "$EINVAL" "addr: prefix has host bits set" \
	"'bad-attr': '.allowed-ips.prefix.addr'" dev-set \
	'{"name": "d0", "allowed-ips": {"prefix": [{"addr": "0a000001", "plen": 24}]}}'
many=
for ((i = 0; i < 65; i++)); do
	many+="${many:+, }{\"addr\": \"0a$(printf %02x "$i")0000\", \"plen\": 16}"
done
yb "65 prefixes" "$E2BIG" "allowed-ips: too many prefixes (max 64)" \
	"'bad-attr': '.allowed-ips'" dev-set \
	"{\"name\": \"d0\", \"allowed-ips\": {\"prefix\": [$many]}}"
many=
for ((i = 0; i < 17; i++)); do
	many+="${many:+, }$((0x0800 + i))"
done
yb "17 ethertypes" "$E2BIG" "ethertypes: too many (max 16)" \
	"'bad-attr': '.ethertypes'" dev-set \
	"{\"name\": \"d0\", \"ethertypes\": {\"ethertype\": [$many]}}"
yb "tx-rate of 7 bit/s" "$ERANGE" \
	"tx-rate: must be 0 (none) or at least 8 bit/s" \
	"'bad-attr': '.tx-rate'" dev-set '{"name": "d0", "tx-rate": 7}'
yb "rx-burst smaller than a frame" "$EINVAL" \
	"rx-burst: must hold a full-size frame" "'bad-attr': '.rx-burst'" \
	dev-set '{"name": "d0", "rx-rate": 1000000, "rx-burst": 64}'
yb "vlan-passthrough with a port VLAN" "$EINVAL" \
	"vlan-passthrough: cannot be on with a port VLAN" \
	"'bad-attr': '.vlan-passthrough'" dev-set \
	'{"name": "d0", "vlan": 100, "vlan-passthrough": 1}'
yx "tenant sets its own vnic" "$EPERM" \
	"name: vnic is managed only from its parent's network namespace" \
	"'bad-attr': '.name'" "$TEN" dev-set '{"name": "t0", "vlan": 5}'

# Policy-level rejections: the generic netlink core's message and offset.
yb "mode 7 (policy)" "$ERANGE" "integer out of range" "'bad-attr': '.mode'" \
	dev-new "{\"name\": \"x0\", \"parent-ifindex\": $PIDX, \"mode\": 7}"
yb "vlan 4095 (policy)" "$ERANGE" "integer out of range" \
	"'bad-attr': '.vlan'" dev-set '{"name": "d0", "vlan": 4095}'
yb "ethertype below 0x0600 (policy)" "$ERANGE" "integer out of range" \
	"'bad-attr': '.ethertypes.ethertype'" dev-set \
	'{"name": "d0", "ethertypes": {"ethertype": [2048, 1535]}}'
yb "id 0 (policy)" "$ERANGE" "integer out of range" "'bad-attr': '.id'" \
	dev-del '{"id": 0}'
yb "MAC of 5 bytes (policy)" "$ERANGE" \
	"binary attribute size out of range" "'bad-attr': '.mac'" \
	dev-set '{"name": "d0", "mac": "0200000000"}'
yb "name of 16 bytes (policy)" "$EINVAL" \
	"Attribute failed policy validation" "'bad-attr': '.name'" \
	dev-new "{\"name\": \"abcdefghijklmnop\", \"parent-ifindex\": $PIDX}"
yb "mode in dev-set (not in its policy)" "$EINVAL" "Unsupported attribute" \
	"'bad-attr': '.mode'" dev-set '{"name": "d0", "mode": 1}'

yb_run

[ "$N" -ge 20 ]
check_err $? "only $N rows"
log_test "$N bad inputs checked"

exit "$EXIT_STATUS"
