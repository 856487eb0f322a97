#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Framing policy, ethertype allowlist: by default IPv4, ARP and IPv6 pass and
# the tenant's frames of any other ethertype never reach the wire
# (tx-ethertype); the list can be replaced (names or numbers) or turned off
# ("any"); with ethertype-rx on, it applies to received frames too
# (rx-ethertype), which are otherwise delivered whatever their ethertype.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip ping tcpdump python3
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create v0"
frames_serve "$T0" "$WIRE" || fail "cannot start frames.py"
WMAC=$(mac_of "$WIRE" "$WIRE_IF")
MAC0=$(mac_of "$T0" v0)

# ethertypes_are LIST: v0's allowlist, as shown, is LIST (sorted numbers).
ethertypes_are() {
	[ "$(sorted_list "$(show_key v0 ethertypes)" | tr '\n' ' ')" = "$1" ]
	check_err $? "ethertypes shown: $(show_key v0 ethertypes), expected [$1]"
}

test_tx_default() {
	RET=0
	ethertypes_are "2048 2054 34525 "
	[ "$(show_key v0 ethertype_rx)" = false ]
	check_err $? "ethertype_rx: $(show_key v0 ethertype_rx), expected false"
	pings_v0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_ethertype 4 ethertype --type 0x88b5 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_ethertype 3 ethertype --type 0x88cc
	tx_case "$T0" v0 tx_ethertype 2 ethertype --type 0x8847 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_ethertype 2 ethertype --type 0xffff --dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 legit-ip4 --dst-mac "$WMAC"
	capture_stop 2 "udp dst port $UDP4"
	wire_none "0x88b5 frames" "ether proto 0x88b5"
	wire_none "LLDP frames" "ether proto 0x88cc"
	wire_none "MPLS frames" "ether proto 0x8847"
	wire_none "0xffff frames" "ether proto 0xffff"
	wire_none_check
	log_test "default allowlist: IPv4, ARP, IPv6 pass, others tx-ethertype"
}

test_tx_custom() {
	local out
	RET=0
	out=$(vnicctl_host set v0 ethertype ipv4,arp,ipv6,lldp,0x88b5 2>&1)
	check_err $? "cannot set the ethertype list: $out"
	ethertypes_are "2048 2054 34525 34997 35020 "
	pings_v0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_ethertype 3 ethertype --type 0x88b6 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_ethertype 2 ethertype --type 0x8847 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 ethertype --type 0x88cc
	tx_case "$T0" v0 none 3 ethertype --type 0x88b5 --dst-mac "$WMAC"
	capture_stop 3 "ether proto 0x88b5"
	expect_wire 2 "LLDP frames" "ether proto 0x88cc"
	wire_none "0x88b6 frames" "ether proto 0x88b6"
	wire_none "MPLS frames" "ether proto 0x8847"
	wire_none_check
	log_test "custom allowlist (ipv4,arp,ipv6,lldp,0x88b5) enforced"

	RET=0
	out=$(vnicctl_host set v0 ethertype any 2>&1)
	check_err $? "cannot set ethertype any: $out"
	[ "$(show_key v0 ethertypes)" = "[]" ]
	check_err $? "ethertypes after 'any': $(show_key v0 ethertypes)"
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 none 2 ethertype --type 0x8847 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 3 ethertype --type 0x88b6 --dst-mac "$WMAC"
	capture_stop 3 "ether proto 0x88b6"
	expect_wire 2 "MPLS frames" "ether proto 0x8847"
	pings_v0
	log_test "ethertype any: every ethertype passes"
}

test_rx() {
	local out
	RET=0
	out=$(vnicctl_host set v0 ethertype ipv4,arp,ipv6 2>&1)
	check_err $? "cannot set the ethertype list: $out"
	ethertypes_are "2048 2054 34525 "
	capture_start "$T0" v0 not ip and not arp and not ip6
	check_err $? "tcpdump did not start"
	rx_case "$T0" v0 none 2 ethertype --type 0x88b7
	rx_case "$T0" v0 none 3 ethertype --type 0x88b5
	capture_stop 3 "ether proto 0x88b5"
	expect_wire 2 "0x88b7 frames received" "ether proto 0x88b7"
	log_test "ethertype-rx off: any ethertype is received"

	RET=0
	out=$(vnicctl_host set v0 ethertype-rx on 2>&1)
	check_err $? "cannot set ethertype-rx on: $out"
	[ "$(show_key v0 ethertype_rx)" = true ]
	check_err $? "ethertype_rx: $(show_key v0 ethertype_rx), expected true"
	pings_v0
	capture_start "$T0" v0
	check_err $? "tcpdump did not start"
	rx_case "$T0" v0 rx_ethertype 4 ethertype --type 0x88b5
	rx_case "$T0" v0 rx_ethertype 2 ethertype --type 0x88cc
	rx_case "$T0" v0 none 3 legit-ip4 --src "$WIRE_IP" --dst 192.0.2.10
	rx_case "$T0" v0 none 2 legit-ip6 --src "$WIRE_IP6" --dst 2001:db8::10
	capture_stop 2 "udp dst port $UDP6"
	expect_wire 3 "IPv4 frames received" "udp dst port $UDP4"
	wire_none "0x88b5 frames received" "ether proto 0x88b5"
	wire_none "LLDP frames received" "ether proto 0x88cc"
	wire_none_check
	log_test "ethertype-rx on: other ethertypes not received (rx-ethertype)"

	RET=0
	out=$(vnicctl_host set v0 ethertype ipv4,arp,ipv6,0x88b5 2>&1)
	check_err $? "cannot set the ethertype list: $out"
	capture_start "$T0" v0 not ip and not arp and not ip6
	check_err $? "tcpdump did not start"
	rx_case "$T0" v0 rx_ethertype 2 ethertype --type 0x88b6
	rx_case "$T0" v0 none 3 ethertype --type 0x88b5
	capture_stop 3 "ether proto 0x88b5"
	expect_wire 0 "0x88b6 frames received" "ether proto 0x88b6"
	log_test "ethertype-rx on: the allowlist applies as changed"
}

test_tx_default
test_tx_custom
test_rx
exit "$EXIT_STATUS"
