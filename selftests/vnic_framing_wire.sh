#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Framing at the wire: a frame counts as stopped only if nothing the tenant
# controls can change it after vnic has looked at it. The parent checksums
# in software (tx-checksumming off), as a NIC that only checksums TCP/UDP
# at their standard offsets would.
#  - offloads: a partial checksum aimed at the source address (it would
#    have turned 192.0.2.10 into 192.0.2.99 on the wire) is computed before
#    the check and the frame refused (tx-spoof-ip); one that writes what
#    is there already is computed and the frame passes; IPv6 sent as TCPv4
#    GSO never reaches the wire;
#  - IPv6 extension headers hide neither ND nor the unspecified source;
#  - RA and Redirect: their link-layer options name the vnic's MAC, a
#    Redirect's target is the vnic's own;
#  - 0.0.0.0 is a DHCP client's broadcast BOOTREQUEST for the vnic's MAC,
#    nothing else (not a UDP GSO packet whose later segments are other
#    BOOTP messages);
#  - the tenant's SO_PRIORITY does not pick the parent's HTB class;
#  - bridge mode: a frame from a sibling meets the receiver's RX policy
#    (VLAN, ethertype-rx) and RX share, as a frame from the wire does.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip tc tcpdump python3 ethtool
require_vnicctl

framing_tenant_strict
ip netns exec "$HOST" ethtool -K "$PARENT" tx-checksumming off >/dev/null ||
	fail "cannot turn the parent's checksum offload off"

test_offload() {
	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_ip 10 csum-spoof --dst-mac "$WMAC"
	# Aimed at the source address, but writing what is already there:
	# computed by the vnic, checked, sent.
	tx_case "$T0" v0 none 2 csum-spoof --tail own --dst-mac "$WMAC"
	# IPv6 bytes declared IPv4 (sll_protocol) and TCPv4 GSO: the core's
	# GSO validation drops it before the vnic; it never reaches the wire.
	frames "$T0" v0 gso-mismatch --count 3 --dst-mac "$WMAC" >/dev/null 2>&1
	capture_stop 2 "udp dst port $UDP4 and src host 192.0.2.10"
	wire_none "IPv4 from 192.0.2.99 (checksum offload)" "src host 192.0.2.99"
	wire_none "IPv6/TCP sent as TCPv4 GSO" "ip6 and tcp"
	wire_none_check
	expect_wire 2 "a partial checksum elsewhere is resolved and sent" \
		"udp dst port $UDP4 and src host 192.0.2.10"
	log_test "offloads: checksum and GSO fields cannot change checked bytes"
}

test_exthdr() {
	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_nd 10 na-exthdr
	tx_case "$T0" v0 none 2 na-exthdr --target 2001:db8::10
	tx_case "$T0" v0 tx_spoof_ip 10 udp6-hbh --dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 udp6-hbh --src 2001:db8::10 --dst-mac "$WMAC"
	capture_stop 2 "ip6 and src host 2001:db8::10 and ip6[6] == 0"
	wire_none "NA for a foreign target behind Destination Options" \
		"ip6 and ip6[6] == 60 and ip6[68:4] == 0x66"
	wire_none "UDP from :: behind Hop-by-Hop" "ip6 and src host ::"
	wire_none_check
	expect_wire 2 "NA for our own address behind Destination Options" \
		"ip6 and ip6[6] == 60 and ip6[68:4] == 0x10"
	expect_wire 2 "UDP from our address behind Hop-by-Hop" \
		"ip6 and src host 2001:db8::10 and ip6[6] == 0"
	log_test "IPv6 extension headers hide neither ND nor the :: source"
}

test_ra_redirect() {
	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_nd 5 ra --lladdr "$BAD_MAC"
	tx_case "$T0" v0 tx_spoof_nd 5 redirect --lladdr "$BAD_MAC" \
		--dst-mac "$WMAC"
	tx_case "$T0" v0 tx_spoof_nd 5 redirect --target "$FOREIGN6" \
		--dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 ra
	tx_case "$T0" v0 none 2 redirect --dst-mac "$WMAC"
	capture_stop 4 "icmp6 and (ip6[40] == 134 or ip6[40] == 137)"
	expect_wire 2 "RA with our SLLA" "icmp6 and ip6[40] == 134"
	expect_wire 2 "Redirect for our address with our TLLA" \
		"icmp6 and ip6[40] == 137"
	log_test "RA and Redirect: link-layer options and targets are checked"
}

test_dhcp() {
	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_ip 3 dhcp --dst "$WIRE_IP" --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_spoof_ip 3 dhcp --op 2
	tx_case "$T0" v0 tx_spoof_ip 3 dhcp --chaddr "$BAD_MAC"
	# UDP GSO: the second segment would be a BOOTREQUEST for BAD_MAC.
	tx_case "$T0" v0 tx_spoof_ip 3 dhcp-gso
	tx_case "$T0" v0 none 2 dhcp
	capture_stop 2 "udp dst port 67 and src host 0.0.0.0"
	expect_wire 2 "only the client's broadcast BOOTREQUEST from 0.0.0.0" \
		"src host 0.0.0.0"
	expect_wire 0 "a BOOTREQUEST for another MAC from 0.0.0.0" \
		"src host 0.0.0.0 and udp[36:4] == 0x02bad000"
	log_test "0.0.0.0 is a DHCP client's broadcast BOOTREQUEST, nothing else"
}

# htb_packets CLASSID: packets HTB on the parent sent in class CLASSID
# (tc -j does not cover HTB's class statistics: its text).
htb_packets() {
	tc -n "$HOST" -s class show dev "$PARENT" classid "$1" |
		sed -n 's/^ *Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p'
}

# htb_direct: packets HTB sent unclassified (HTB_DIRECT).
htb_direct() {
	tc -n "$HOST" -s qdisc show dev "$PARENT" |
		sed -n 's/.*direct_packets_stat \([0-9]*\).*/\1/p'
}

test_priority() {
	local c10 c20 d
	RET=0
	tc -n "$HOST" qdisc add dev "$PARENT" root handle 1: htb default 20 &&
		tc -n "$HOST" class add dev "$PARENT" parent 1: classid 1:10 \
			htb rate 1mbit &&
		tc -n "$HOST" class add dev "$PARENT" parent 1: classid 1:20 \
			htb rate 100mbit
	check_err $? "cannot set up HTB on the parent"
	# Baselines once the classes exist: a frame of the host's own sent
	# while HTB had no default class yet went unclassified (HTB_DIRECT).
	c10=$(htb_packets 1:10)
	c20=$(htb_packets 1:20)
	d=$(htb_direct)
	send_ok "$T0" v0 legit-ip4 --count 10 --priority 0x10010 \
		--dst-mac "$WMAC"
	send_ok "$T0" v0 legit-ip4 --count 10 --priority 0x10000 \
		--dst-mac "$WMAC"
	slowwait 5 test "$(htb_packets 1:20)" -ge $((c20 + 20))
	c10=$(($(htb_packets 1:10) - c10))
	c20=$(($(htb_packets 1:20) - c20))
	d=$(($(htb_direct) - d))
	[ "$c10" -eq 0 ] && [ "$d" -eq 0 ] && [ "$c20" -ge 20 ]
	check_err $? "the tenant's SO_PRIORITY steered the parent's HTB: class 1:10 $c10 packets, direct $d, default 1:20 $c20"
	tc -n "$HOST" qdisc del dev "$PARENT" root
	log_test "the tenant's SO_PRIORITY does not reach the parent's qdisc"
}

# rx_drop VNIC KEY: VNIC's counter KEY (vnicctl -j stats, from HOST).
rx_drop() {
	local re="\"$2\": *([0-9]+)"
	[[ $(vnicctl_host -j stats "$1") =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

test_bridge_local() {
	local mb2 n0 n1 v0 v1 e0 e1 r0 r1
	RET=0
	vnic_tenant B1 b1 21 mode bridge vlan-passthrough on ethertype any ||
		fail "cannot create b1"
	vnic_tenant B2 b2 22 mode bridge ethertype ipv4,arp,ipv6 \
		ethertype-rx on rx-rate 100kbit rx-burst 3000 ||
		fail "cannot create b2"
	frames_serve "$B1" || fail "cannot start frames.py in B1"
	mb2=$(mac_of "$B2" b2)
	n0=$(dev_stat "$B2" b2 rx_packets)
	v0=$(rx_drop b2 rx_vlan)
	e0=$(rx_drop b2 rx_ethertype)
	r0=$(rx_drop b2 rx_rate)
	send_ok "$B1" b1 tagged --count 5 --dst-mac "$mb2"
	send_ok "$B1" b1 ethertype --count 5 --dst-mac "$mb2"
	send_ok "$B1" b1 oversize --count 40 --len 1000 --dst-mac "$mb2"
	sleep 1
	n1=$(dev_stat "$B2" b2 rx_packets)
	v1=$(rx_drop b2 rx_vlan)
	e1=$(rx_drop b2 rx_ethertype)
	r1=$(rx_drop b2 rx_rate)
	[ $((v1 - v0)) -eq 5 ]
	check_err $? "tagged frames from a vlan-passthrough sibling: rx_vlan +$((v1 - v0)), expected +5"
	[ $((e1 - e0)) -eq 5 ]
	check_err $? "ethertype 0x88b5 from a sibling: rx_ethertype +$((e1 - e0)), expected +5"
	[ $((r1 - r0)) -gt 0 ] && [ $((n1 - n0)) -le 10 ]
	check_err $? "RX share of a sibling's burst: rx_rate +$((r1 - r0)), received $((n1 - n0)) (burst 3000 B holds 3 frames)"
	log_test "bridge mode: a sibling's frames meet the receiver's RX policy and share"
}

test_offload
test_exthdr
test_ra_redirect
test_dhcp
test_priority
test_bridge_local
exit "$EXIT_STATUS"
