#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Framing policy, source addresses (allow-ip): with allowed prefixes set, the
# tenant's own traffic passes (ping, TCP, DHCP from 0.0.0.0, DAD from ::, its
# EUI-64 link-local, ARP probes, ND with its own MAC), while IPv4/IPv6 from a
# source outside the prefixes (tx-spoof-ip), ARP claiming a foreign IP or
# MAC (tx-spoof-arp) and ND claiming a foreign address or MAC (tx-spoof-nd)
# never reach the wire and are counted under exactly that reason. Changing
# the prefixes takes effect at once; "allow-ip any" turns the check off.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip ping tcpdump iperf3 python3
require_vnicctl

framing_tenant_strict

test_legit() {
	local out
	RET=0
	[ "$(sorted_list "$(show_key v0 allowed_ips)" | tr '\n' ' ')" = \
		"192.0.2.10/32 2001:db8::10/128 " ]
	check_err $? "allowed_ips shown: $(show_key v0 allowed_ips)"
	pings_v0
	in_ns "$T0" ping -6 -c 2 -i 0.2 -W 2 "fe80::$(eui64_iid "$WMAC")%v0" \
		>/dev/null
	check_err $? "IPv6 link-local ping tenant -> wire failed"
	in_ns "$WIRE" iperf3 -s -1 -B "$WIRE_IP" >/dev/null 2>&1 &
	at_exit kill $!
	wait_for_port "$WIRE" 5201
	check_err $? "iperf3 server did not start"
	out=$(in_ns "$T0" iperf3 -c "$WIRE_IP" -n 256K 2>&1)
	check_err $? "TCP (iperf3) tenant -> wire failed: $(tail -n 3 <<<"$out")"
	log_test "allow-ip: the tenant's own traffic passes (ping, link-local, TCP)"

	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	nodrop_begin "$T0" v0
	send_ok "$T0" v0 legit-ip4 --count 3 --dst-mac "$WMAC"
	send_ok "$T0" v0 legit-ip6 --count 3 --dst-mac "$WMAC"
	send_ok "$T0" v0 legit-ip6 --count 2 --src ll --dst-mac "$WMAC"
	send_ok "$T0" v0 dhcp --count 2
	send_ok "$T0" v0 dad-ns --count 2 --target 2001:db8::10
	send_ok "$T0" v0 arp --count 2 --target 192.0.2.99
	send_ok "$T0" v0 arp-probe --count 2 --target 192.0.2.98
	send_ok "$T0" v0 ns --count 2 --target 2001:db8::99
	send_ok "$T0" v0 na --count 2 --target 2001:db8::10
	send_ok "$T0" v0 rs --count 2
	send_ok "$T0" v0 rs --count 1 --src ::
	nodrop_end
	capture_stop 3 "icmp6 and ip6[40] == 133"
	expect_wire 3 "IPv4 from 192.0.2.10" \
		udp dst port "$UDP4" and src host 192.0.2.10
	expect_wire 3 "IPv6 from 2001:db8::10" \
		udp dst port "$UDP6" and src host 2001:db8::10
	expect_wire 2 "IPv6 from the EUI-64 link-local" \
		udp dst port "$UDP6" and src net fe80::/64
	expect_wire 2 "DHCP from 0.0.0.0" udp dst port 67 and src host 0.0.0.0
	expect_wire 2 "DAD NS from ::" \
		"icmp6 and ip6[40] == 135 and src host :: and ip6[60:4] == 0x10"
	expect_wire 2 "ARP from 192.0.2.10" "arp and arp[14:4] == 0xc000020a and arp[24:4] == 0xc0000263"
	expect_wire 2 "ARP probe" "arp and arp[14:4] == 0 and arp[24:4] == 0xc0000262"
	expect_wire 2 "NS with our SLLA" "icmp6 and ip6[40] == 135 and ip6[60:4] == 0x99"
	expect_wire 2 "unsolicited NA for our address" \
		"icmp6 and ip6[40] == 136 and dst host ff02::1 and ip6[60:4] == 0x10"
	expect_wire 3 "RS with our SLLA" "icmp6 and ip6[40] == 133"
	log_test "allow-ip: legitimate DHCP, DAD, ARP, ND and link-local frames pass"
}

# eui64_iid MAC: the interface identifier of MAC's EUI-64 address.
eui64_iid() {
	local b
	IFS=: read -r -a b <<<"$1"
	printf '%x:%x:%x:%x' $(((0x${b[0]} ^ 2) << 8 | 0x${b[1]})) \
		$((0x${b[2]} << 8 | 0xff)) $((0xfe00 | 0x${b[3]})) \
		$((0x${b[4]} << 8 | 0x${b[5]}))
}

test_spoof() {
	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_ip 4 spoof-ip4 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_spoof_ip 3 spoof-ip4 --src 192.0.2.11
	tx_case "$T0" v0 tx_spoof_ip 2 spoof-ip4 --src 0.0.0.0
	tx_case "$T0" v0 tx_spoof_ip 4 spoof-ip6 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_spoof_ip 3 spoof-ip6 --src 2001:db8::11
	tx_case "$T0" v0 tx_spoof_ip 2 spoof-ip6 --src ::
	tx_case "$T0" v0 tx_spoof_ip 2 spoof-ip6 --src fe80::bad
	tx_case "$T0" v0 none 2 legit-ip4 --dst-mac "$WMAC"
	capture_stop 2 "udp dst port $UDP4 and src host 192.0.2.10"
	wire_none "IPv4 from $FOREIGN4" \
		"src host $FOREIGN4"
	wire_none "IPv4 from 192.0.2.11" \
		"udp and src host 192.0.2.11"
	wire_none "IPv4 UDP (not DHCP) from 0.0.0.0" \
		"udp dst port $UDP4 and src host 0.0.0.0"
	wire_none "IPv6 from $FOREIGN6" \
		"src host $FOREIGN6"
	wire_none "IPv6 from 2001:db8::11" \
		"udp and src host 2001:db8::11"
	wire_none "IPv6 UDP from ::" \
		"udp and src host ::"
	wire_none "IPv6 from a foreign link-local" \
		"src host fe80::bad"
	wire_none_check
	log_test "allow-ip: IPv4/IPv6 from other sources dropped (tx-spoof-ip)"

	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_arp 4 arp-foreign
	tx_case "$T0" v0 tx_spoof_arp 3 arp-foreign --src 192.0.2.11
	tx_case "$T0" v0 tx_spoof_arp 3 arp-foreign-mac --target 192.0.2.97
	tx_case "$T0" v0 tx_spoof_arp 2 arp --sender-mac "$WMAC" --target 192.0.2.96
	tx_case "$T0" v0 none 2 arp --target 192.0.2.95
	capture_stop 2 "arp and arp[24:4] == 0xc000025f"
	wire_none "ARP for $FOREIGN4" \
		"arp and arp[14:4] == 0xc6336442"
	wire_none "ARP for 192.0.2.11" \
		"arp and arp[14:4] == 0xc000020b"
	wire_none "ARP with a foreign sender MAC" \
		"arp and arp[24:4] == 0xc0000261"
	wire_none "ARP with the wire's MAC as sender" \
		"arp and arp[24:4] == 0xc0000260"
	wire_none_check
	expect_wire 2 "legitimate ARP (control)" "arp and arp[24:4] == 0xc000025f"
	log_test "allow-ip: ARP for a foreign IP or MAC dropped (tx-spoof-arp)"

	RET=0
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_nd 4 na-foreign
	tx_case "$T0" v0 tx_spoof_nd 2 na --target 2001:db8::11
	tx_case "$T0" v0 tx_spoof_nd 2 na --target 2001:db8::10 --lladdr "$BAD_MAC"
	tx_case "$T0" v0 tx_spoof_nd 3 ns-bad-lladdr --target 2001:db8::96
	tx_case "$T0" v0 tx_spoof_nd 2 rs-bad-lladdr
	tx_case "$T0" v0 none 2 ns --target 2001:db8::95
	capture_stop 2 "icmp6 and ip6[40] == 135 and ip6[60:4] == 0x95"
	wire_none "NA for $FOREIGN6" \
		"icmp6 and ip6[40] == 136 and ip6[52:4] == 0x0bad0000"
	wire_none "NA for 2001:db8::11" \
		"icmp6 and ip6[40] == 136 and ip6[60:4] == 0x11"
	wire_none "NA with a foreign TLLA" \
		"icmp6 and ip6[40] == 136 and ip6[66:4] == 0x02bad000"
	wire_none "NS with a foreign SLLA" \
		"icmp6 and ip6[40] == 135 and ip6[66:4] == 0x02bad000"
	wire_none "RS with a foreign SLLA" \
		"icmp6 and ip6[40] == 133 and ip6[50:4] == 0x02bad000"
	wire_none_check
	expect_wire 2 "legitimate NS (control)" \
		"icmp6 and ip6[40] == 135 and ip6[60:4] == 0x95"
	log_test "allow-ip: ND for a foreign address or MAC dropped (tx-spoof-nd)"
}

test_change() {
	local out
	RET=0
	out=$(vnicctl_host set v0 allow-ip 198.51.100.0/24,2001:db8::10/128 2>&1)
	check_err $? "cannot change allow-ip: $out"
	capture_start "$WIRE" "$WIRE_IF" ether src "$MAC0"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_ip 4 legit-ip4 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_spoof_arp 2 arp --target 192.0.2.94
	tx_case "$T0" v0 none 2 arp-foreign
	tx_case "$T0" v0 none 3 spoof-ip4 --dst-mac "$WMAC"
	capture_stop 3 "udp dst port $UDP4 and src host $FOREIGN4"
	expect_wire 3 "IPv4 from the new prefix" udp dst port "$UDP4" and src host "$FOREIGN4"
	expect_wire 2 "ARP for the new prefix" "arp and arp[14:4] == 0xc6336442"
	wire_none "IPv4 from the old prefix" \
		"udp dst port $UDP4 and src host 192.0.2.10"
	wire_none "ARP for the old prefix" \
		"arp and arp[24:4] == 0xc000025e"
	wire_none_check
	log_test "allow-ip replaced: the new prefixes are the ones enforced"

	RET=0
	out=$(vnicctl_host set v0 allow-ip any 2>&1)
	check_err $? "cannot set allow-ip any: $out"
	[ "$(show_key v0 allowed_ips)" = "[]" ]
	check_err $? "allowed_ips after 'any': $(show_key v0 allowed_ips)"
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_spoof_mac 2 spoof-mac
	tx_case "$T0" v0 none 3 spoof-ip4 --src 203.0.113.5 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 3 spoof-ip6 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 arp-foreign --src 203.0.113.6
	tx_case "$T0" v0 none 2 na-foreign
	capture_stop 2 "icmp6 and ip6[40] == 136 and ip6[52:4] == 0x0bad0000"
	expect_wire 3 "IPv4 from anywhere" udp dst port "$UDP4" and src host 203.0.113.5
	expect_wire 3 "IPv6 from anywhere" udp dst port "$UDP6" and src host "$FOREIGN6"
	expect_wire 2 "ARP for any IP" "arp and arp[14:4] == 0xcb007106"
	expect_wire 2 "NA for any address" \
		"icmp6 and ip6[40] == 136 and ip6[52:4] == 0x0bad0000"
	expect_wire 0 "frames from a foreign MAC" ether src "$BAD_MAC"
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "IPv4 ping tenant -> wire failed"
	log_test "allow-ip any: no source IP filtering (MAC still enforced)"
}

test_legit
test_spoof
test_change
exit "$EXIT_STATUS"
