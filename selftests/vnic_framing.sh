#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Framing policy, configuration: a tenant cannot change its vnic's policy
# from its own namespace (through vnicctl or netlink); invalid policy input
# is refused with a clear error and changes nothing, not even the valid part
# of the request. The enforcement itself: vnic_framing_mac.sh (Ethernet
# source, MAC changes, MTU, runts, loops), vnic_framing_ip.sh (IP, ARP, ND),
# vnic_framing_vlan.sh (VLANs), vnic_framing_ethertype.sh (ethertypes).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip python3
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create v0"

ynl() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 "$YNL_CLI" \
		--spec "$REPO/uapi/specs/vnic.yaml" "$@"
}

have_ynl() {
	[ -n "${YNL_CLI:-}" ] && [ -f "$YNL_CLI" ]
}

test_tenant_cannot_configure() {
	local before out rc opts
	RET=0
	before=$(vnicctl_host -j show v0)
	for opts in "mac-change on" "mac 02:00:00:00:99:99" "vlan 100" \
		"vlan none" "vlan-passthrough on" "ethertype any" \
		"ethertype ipv4,arp,ipv6,0x88b5" "ethertype-rx on" \
		"allow-ip any" "allow-ip 0.0.0.0/0,::/0"; do
		# shellcheck disable=SC2086 # word splitting wanted
		out=$(in_ns "$T0" "$VNICCTL" set v0 $opts 2>&1)
		rc=$?
		[ "$rc" -eq 2 ]
		check_err $? "tenant 'vnicctl set v0 $opts': exit $rc, expected 2: $out"
		grep -q "parent's network namespace" <<<"$out"
		check_err $? "tenant 'vnicctl set v0 $opts': no clear message: $out"
	done
	# Straight to the kernel too.
	if have_ynl; then
		out=$(ynl "$T0" --do dev-set \
			--json '{"name": "v0", "mac-change": 1, "vlan-passthrough": 1}' 2>&1)
		check_fail $? "tenant dev-set through YNL succeeded: $out"
		grep -q "parent's network namespace" <<<"$out"
		check_err $? "tenant dev-set through YNL: no clear message: $out"
	fi
	[ "$(vnicctl_host -j show v0)" = "$before" ]
	check_err $? "the policy changed: $before -> $(vnicctl_host -j show v0)"
	in_ns "$T0" ip link set v0 address 02:00:00:00:99:99 2>/dev/null
	check_fail $? "tenant changed the MAC (mac-change is off)"
	log_test "tenant cannot change its vnic's policy from its netns"
}

# bad_input DESC RC MESSAGE CMD...: CMD fails with exit RC ("1|2": either)
# and prints MESSAGE ("" = anything), and v0's policy is unchanged.
bad_input() {
	local desc=$1 want_rc=$2 msg=$3 before after out rc
	shift 3
	RET=0
	before=$(vnicctl_host -j show v0)
	out=$("$@" 2>&1)
	rc=$?
	if [ "$want_rc" = "1|2" ]; then
		[ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]
	else
		[ "$rc" -eq "$want_rc" ]
	fi
	check_err $? "exit code $rc, expected $want_rc: $out"
	if [ -n "$msg" ]; then
		grep -qiF -- "$msg" <<<"$out"
		check_err $? "message '$msg' not in: $out"
	fi
	after=$(vnicctl_host -j show v0)
	[ "$after" = "$before" ]
	check_err $? "policy changed: $before -> $after"
	log_test "bad policy input refused: $desc"
}

test_bad_input() {
	local i many=() ynl_many=

	bad_input "vlan 0 (vnicctl)" 1 "" vnicctl_host set v0 vlan 0
	bad_input "vlan 5000 (vnicctl)" 1 "" vnicctl_host set v0 vlan 5000
	bad_input "vlan 4095" "1|2" "" vnicctl_host set v0 vlan 4095
	bad_input "vlan prio 8" "1|2" "" vnicctl_host set v0 vlan 100 prio 8
	bad_input "malformed prefix (vnicctl)" 1 "" \
		vnicctl_host set v0 allow-ip 10.0.0.300/8
	bad_input "malformed prefix list (vnicctl)" 1 "" \
		vnicctl_host set v0 allow-ip 10.0.0.0/8,,
	bad_input "unknown ethertype name (vnicctl)" 1 "" \
		vnicctl_host set v0 ethertype ipv4,nosuchproto
	bad_input "ethertype below 0x0600" "1|2" "" \
		vnicctl_host set v0 ethertype 0x0100
	bad_input "mac-change maybe (vnicctl)" 1 "" \
		vnicctl_host set v0 mac-change maybe
	bad_input "IPv4 prefix length 33" "1|2" "prefix" \
		vnicctl_host set v0 allow-ip 10.0.0.0/33
	bad_input "IPv6 prefix length 129" "1|2" "" \
		vnicctl_host set v0 allow-ip 2001:db8::/129
	for ((i = 0; i < 65; i++)); do
		many+=("10.$i.0.0/16")
	done
	bad_input "65 prefixes" "1|2" "too many" \
		vnicctl_host set v0 allow-ip "$(IFS=,; echo "${many[*]}")"
	bad_input "17 ethertypes" "1|2" "" vnicctl_host set v0 ethertype \
		"$(printf '0x88%02x,' $(seq 1 16))0x8900"
	# All or nothing: a good vlan with a bad prefix sets neither.
	bad_input "good vlan + bad prefix: nothing applied" "1|2" "" \
		vnicctl_host set v0 vlan 100 allow-ip 10.0.0.0/33

	if ! have_ynl; then
		RET=$ksft_fail
		RETMSG="YNL_CLI not set or missing: ${YNL_CLI:-unset}"
		log_test "bad policy input refused by the kernel (YNL client)"
		return
	fi
	# The kernel's own checks, bypassing vnicctl (the YNL CLI exits 1).
	bad_input "prefix addr of 5 bytes (netlink)" 1 "" \
		ynl "$HOST" --do dev-set --json \
		'{"name": "v0", "allowed-ips": {"prefix": [{"addr": "0a0000000a", "plen": 8}]}}'
	# All or nothing: with a good vlan and mac-change, which stay unset.
	bad_input "IPv4 prefix length 33 (netlink)" 1 "prefix length" \
		ynl "$HOST" --do dev-set --json \
		'{"name": "v0", "vlan": 100, "mac-change": 1, "allowed-ips": {"prefix": [{"addr": "0a000000", "plen": 33}]}}'
	for ((i = 0; i < 65; i++)); do
		ynl_many+="${ynl_many:+, }{\"addr\": \"0a$(printf %02x "$i")0000\", \"plen\": 16}"
	done
	bad_input "65 prefixes (netlink)" 1 "too many" \
		ynl "$HOST" --do dev-set --json \
		"{\"name\": \"v0\", \"allowed-ips\": {\"prefix\": [$ynl_many]}}"
	bad_input "vlan 4095 (netlink policy)" 1 "out of range" \
		ynl "$HOST" --do dev-set --json '{"name": "v0", "vlan": 4095}'
}

test_good_input() {
	local initial i many=() out
	RET=0
	initial=$(vnicctl_host -j show v0)
	for ((i = 0; i < 64; i++)); do
		many+=("10.$i.0.0/16")
	done
	out=$(vnicctl_host set v0 allow-ip "$(IFS=,; echo "${many[*]}")" 2>&1)
	check_err $? "64 prefixes refused: $out"
	[ "$(sorted_list "$(show_key v0 allowed_ips)" | wc -l)" -eq 64 ]
	check_err $? "show does not list 64 prefixes: $(show_key v0 allowed_ips)"
	out=$(vnicctl_host set v0 ethertype "$(printf '0x88%02x,' $(seq 1 15))0x8900" 2>&1)
	check_err $? "16 ethertypes refused: $out"
	[ "$(sorted_list "$(show_key v0 ethertypes)" | wc -l)" -eq 16 ]
	check_err $? "show does not list 16 ethertypes: $(show_key v0 ethertypes)"

	out=$(vnicctl_host set v0 mac-change on vlan 100 prio 3 \
		vlan-passthrough off ethertype ipv4,arp,ipv6,lldp,0x88b5 \
		ethertype-rx on allow-ip 192.0.2.10/32,2001:db8::10/128 2>&1)
	check_err $? "a valid policy was refused: $out"
	[ "$(show_key v0 mac_change)" = true ]
	check_err $? "mac_change: $(show_key v0 mac_change), expected true"
	[ "$(show_key v0 vlan)" = 100 ]
	check_err $? "vlan: $(show_key v0 vlan), expected 100"
	[ "$(show_key v0 vlan_prio)" = 3 ]
	check_err $? "vlan_prio: $(show_key v0 vlan_prio), expected 3"
	[ "$(show_key v0 vlan_passthrough)" = false ]
	check_err $? "vlan_passthrough: $(show_key v0 vlan_passthrough), expected false"
	[ "$(show_key v0 ethertype_rx)" = true ]
	check_err $? "ethertype_rx: $(show_key v0 ethertype_rx), expected true"
	[ "$(sorted_list "$(show_key v0 ethertypes)" | tr '\n' ' ')" = \
		"2048 2054 34525 34997 35020 " ]
	check_err $? "ethertypes: $(show_key v0 ethertypes), expected IPv4, ARP, IPv6, LLDP, 0x88b5"
	[ "$(sorted_list "$(show_key v0 allowed_ips)" | tr '\n' ' ')" = \
		"192.0.2.10/32 2001:db8::10/128 " ]
	check_err $? "allowed_ips: $(show_key v0 allowed_ips)"

	out=$(vnicctl_host set v0 mac-change off vlan none ethertype ipv4,arp,ipv6 \
		ethertype-rx off allow-ip any 2>&1)
	check_err $? "resetting the policy failed: $out"
	# (vlan_prio is left as it was by "vlan none": it means nothing then.)
	out=$(vnicctl_host -j show v0)
	[ "${out/\"vlan_prio\":[0-9],/}" = "${initial/\"vlan_prio\":[0-9],/}" ]
	check_err $? "policy after reset: $out, initially: $initial"
	log_test "valid policy is applied, shown and reset (64 prefixes, 16 ethertypes)"
}

test_tenant_cannot_configure
test_bad_input
test_good_input
exit "$EXIT_STATUS"
