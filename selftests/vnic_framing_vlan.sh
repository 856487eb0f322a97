#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Framing policy, VLANs. Port VLAN: the tenant's untagged frames leave with
# the tag (VID and priority) inserted; only frames with that VID reach the
# tenant, untagged; untagged or other-VID frames for it are dropped
# (rx-vlan); frames the tenant tags itself, raw or through a VLAN device,
# are dropped (tx-vlan); the MTU leaves room for the tag. Without a port
# VLAN, tagged frames are dropped both ways unless vlan-passthrough is on.
# A frame is judged and stripped under one policy, even while it changes.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip ping tcpdump python3
require_vnicctl

# topo_port_vlan: the wire host on VLAN 100 only (w0.100), with no IPv6 on
# the untagged w0 so that nothing untagged comes from the wire by itself;
# v0 in T0 with port VLAN 100, priority 3.
topo_port_vlan() {
	topo_veth || return 1
	in_ns "$WIRE" sysctl -qw net.ipv6.conf."$WIRE_IF".disable_ipv6=1
	ip -n "$WIRE" addr flush dev "$WIRE_IF"
	ip -n "$WIRE" link add link "$WIRE_IF" name "$WIRE_IF.100" \
		type vlan id 100 || return 1
	topo_wire_addr "$WIRE_IF.100"
	vnic_tenant T0 v0 10 vlan 100 prio 3 || return 1
	frames_serve "$T0" "$WIRE" || return 1
	WMAC=$(mac_of "$WIRE" "$WIRE_IF")
	MAC0=$(mac_of "$T0" v0)
}

test_port_vlan_tx() {
	local n
	RET=0
	[ "$(show_key v0 vlan)" = 100 ] && [ "$(show_key v0 vlan_prio)" = 3 ]
	check_err $? "vnicctl show: vlan $(show_key v0 vlan), prio $(show_key v0 vlan_prio)"
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "IPv4 ping tenant -> wire (VLAN 100) failed"
	in_ns "$T0" ping -6 -c 2 -i 0.2 -W 2 "$WIRE_IP6" >/dev/null
	check_err $? "IPv6 ping tenant -> wire (VLAN 100) failed"
	tx_case "$T0" v0 none 4 legit-ip4 --dst-mac "$WMAC"
	capture_stop 4 "vlan 100 and udp dst port $UDP4"
	expect_wire 3 "echo requests tagged 100" \
		"vlan 100 and icmp and icmp[0] == 8 and src host 192.0.2.10"
	expect_wire 4 "UDP frames tagged 100" "vlan 100 and udp dst port $UDP4"
	n=$(tcpdump -r "$CAP_FILE" -nn -e "vlan 100 and udp dst port $UDP4" \
		2>/dev/null | grep -c "vlan 100, p 3,")
	[ "$n" -eq 4 ]
	check_err $? "$n of 4 frames carry priority 3: $(tcpdump -r "$CAP_FILE" \
		-nn -e "vlan and udp dst port $UDP4" 2>/dev/null | head -n 2)"
	expect_wire 0 "untagged frames from v0" "ether src $MAC0 and not vlan"
	log_test "port VLAN: the tenant's frames leave tagged (VID 100, prio 3)"
}

test_port_vlan_rx() {
	RET=0
	capture_start "$T0" v0
	check_err $? "tcpdump did not start"
	in_ns "$WIRE" ping -c 3 -i 0.2 -W 2 192.0.2.10 >/dev/null
	check_err $? "IPv4 ping wire (VLAN 100) -> tenant failed"
	rx_case "$T0" v0 rx_vlan 4 legit-ip4 --src "$WIRE_IP" --dst 192.0.2.10
	rx_case "$T0" v0 rx_vlan 3 tagged --vid 200 --src "$WIRE_IP" \
		--dst 192.0.2.10
	rx_case "$T0" v0 rx_vlan 2 tagged --vid 0 --src "$WIRE_IP" \
		--dst 192.0.2.10
	rx_case "$T0" v0 none 3 tagged --vid 100 --src "$WIRE_IP" --dst 192.0.2.10
	capture_stop 3 "udp dst port $UDP4"
	expect_wire 3 "echo requests seen by the tenant" \
		"icmp and icmp[0] == 8 and src host $WIRE_IP"
	expect_wire 3 "marked frames seen by the tenant (VID 100 only)" \
		"udp dst port $UDP4"
	expect_wire 0 "tagged frames seen by the tenant" vlan
	log_test "port VLAN: only VID 100 comes in, untagged; others rx-vlan"
}

test_port_vlan_tenant_tags() {
	local s0 s1 d0 d1 n
	RET=0
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_vlan 4 tagged --vid 200 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_vlan 3 tagged --vid 100 --dst-mac "$WMAC"
	tx_case "$T0" v0 tx_vlan 2 tagged --vid 0 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 legit-ip4 --dst-mac "$WMAC"

	# Through a VLAN device (tag possibly offloaded): the frames (ARP,
	# however many) all end up in tx-vlan and tx_dropped.
	ip -n "$T0" link add link v0 name v0.200 type vlan id 200
	check_err $? "cannot create v0.200"
	in_ns "$T0" sysctl -qw net.ipv6.conf.v0/200.disable_ipv6=1
	ip -n "$T0" addr add 198.18.200.10/24 dev v0.200
	s0=$(drop_stats v0)
	d0=$(ns_stat "$T0" v0 tx_dropped)
	ip -n "$T0" link set v0.200 up
	in_ns "$T0" ping -c 2 -i 0.5 -W 1 198.18.200.1 >/dev/null 2>&1
	check_fail $? "ping through the tenant's VLAN device succeeded"
	ip -n "$T0" link del v0.200
	s1=$(drop_stats v0)
	d1=$(ns_stat "$T0" v0 tx_dropped)
	stat_of "$s1" tx_vlan
	n=$STAT
	stat_of "$s0" tx_vlan
	n=$((n - STAT))
	[ "$n" -ge 1 ]
	check_err $? "no tx-vlan drop for the frames of v0.200"
	drops_delta "$s0" "$s1" tx_vlan "$n"
	check_err $? "frames of v0.200:$DELTA_MSG"
	[ $((d1 - d0)) -eq "$n" ]
	check_err $? "frames of v0.200: tx_dropped +$((d1 - d0)), tx-vlan +$n"

	tx_case "$T0" v0 none 2 legit-ip4 --dst-mac "$WMAC"
	capture_stop 4 "vlan 100 and udp dst port $UDP4"
	wire_none "frames tagged 200" "vlan 200"
	wire_none "frames tagged 0" "vlan 0"
	wire_none "double-tagged frames" "vlan 100 and vlan"
	wire_none_check
	expect_wire 4 "legitimate frames (control)" "vlan 100 and udp dst port $UDP4"
	log_test "port VLAN: tenant-tagged frames dropped (tx-vlan), raw or VLAN device"
}

test_port_vlan_mtu() {
	local mtu out
	RET=0
	mtu=$(in_ns "$T0" cat /sys/class/net/v0/mtu)
	[ "$mtu" -le 1496 ]
	check_err $? "v0 MTU is $mtu with a port VLAN, parent 1500"
	out=$(ip -n "$T0" link set v0 mtu 1497 2>&1)
	check_fail $? "tenant set MTU 1497 with a port VLAN (parent 1500)"
	out=$(ip -n "$T0" link set v0 mtu 1496 2>&1)
	check_err $? "tenant cannot set MTU 1496: $out"
	in_ns "$T0" ping -M "do" -s 1468 -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "full-size (1496) ping over the port VLAN failed"
	log_test "port VLAN: MTU capped at the parent's - 4, full-size frames pass"
}

# topo_plain: v0 in T0 without a port VLAN, the wire host untagged.
topo_plain() {
	topo_veth || return 1
	vnic_tenant T0 v0 10 || return 1
	frames_serve "$T0" "$WIRE" || return 1
	WMAC=$(mac_of "$WIRE" "$WIRE_IF")
	MAC0=$(mac_of "$T0" v0)
}

test_passthrough() {
	local out
	RET=0
	[ "$(show_key v0 vlan_passthrough)" = false ]
	check_err $? "vlan_passthrough: $(show_key v0 vlan_passthrough), expected false"
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_vlan 3 tagged --vid 200 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 2 legit-ip4 --dst-mac "$WMAC"
	capture_stop 2 "udp dst port $UDP4"
	expect_wire 0 "tagged frames from v0" "vlan and ether src $MAC0"
	expect_wire 2 "untagged frames (control)" "udp dst port $UDP4"
	rx_case "$T0" v0 rx_vlan 4 tagged --vid 200 --src "$WIRE_IP" \
		--dst 192.0.2.10
	rx_case "$T0" v0 none 2 legit-ip4 --src "$WIRE_IP" --dst 192.0.2.10
	log_test "no port VLAN: tagged frames dropped both ways (tx-vlan, rx-vlan)"

	RET=0
	out=$(vnicctl_host set v0 vlan-passthrough on 2>&1)
	check_err $? "cannot set vlan-passthrough on: $out"
	[ "$(show_key v0 vlan_passthrough)" = true ]
	check_err $? "vlan_passthrough: $(show_key v0 vlan_passthrough), expected true"
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 none 3 tagged --vid 200 --dst-mac "$WMAC"
	capture_stop 3 "vlan 200 and udp dst port $UDP4"
	expect_wire 3 "frames tagged 200 by the tenant" \
		"vlan 200 and udp dst port $UDP4"
	capture_start "$T0" v0
	check_err $? "tcpdump did not start"
	rx_case "$T0" v0 none 4 tagged --vid 200 --src "$WIRE_IP" \
		--dst 192.0.2.10
	capture_stop 4 "vlan 200 and udp dst port $UDP4"
	expect_wire 4 "frames tagged 200 seen by the tenant" \
		"vlan 200 and udp dst port $UDP4"
	# VLAN devices on both ends.
	ip -n "$T0" link add link v0 name v0.200 type vlan id 200 &&
		ip -n "$T0" addr add 198.18.200.10/24 dev v0.200 &&
		ip -n "$T0" link set v0.200 up
	check_err $? "cannot create v0.200"
	ip -n "$WIRE" link add link "$WIRE_IF" name "$WIRE_IF.200" \
		type vlan id 200 &&
		ip -n "$WIRE" addr add 198.18.200.1/24 dev "$WIRE_IF.200" &&
		ip -n "$WIRE" link set "$WIRE_IF.200" up
	check_err $? "cannot create w0.200"
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 198.18.200.1 >/dev/null
	check_err $? "ping over the tenant's VLAN 200 failed"
	ip -n "$T0" link del v0.200
	ip -n "$WIRE" link del "$WIRE_IF.200"
	log_test "vlan-passthrough on: the tenant sends and receives tagged frames"

	# A port VLAN set on a running vnic.
	RET=0
	out=$(vnicctl_host set v0 vlan-passthrough off vlan 300 prio 5 2>&1)
	check_err $? "cannot set vlan 300 prio 5: $out"
	capture_start "$WIRE" "$WIRE_IF"
	check_err $? "tcpdump did not start"
	tx_case "$T0" v0 tx_vlan 2 tagged --vid 200 --dst-mac "$WMAC"
	tx_case "$T0" v0 none 3 legit-ip4 --dst-mac "$WMAC"
	capture_stop 3 "vlan 300 and udp dst port $UDP4"
	expect_wire 3 "frames tagged 300" "vlan 300 and udp dst port $UDP4"
	[ "$(tcpdump -r "$CAP_FILE" -nn -e "vlan 300 and udp dst port $UDP4" \
		2>/dev/null | grep -c "vlan 300, p 5,")" -eq 3 ]
	check_err $? "frames tagged 300 do not carry priority 5"
	expect_wire 0 "frames tagged 200" "vlan 200"
	log_test "port VLAN set at run time (VID 300, prio 5)"
}

# A dev-set racing RX: the wire broadcasts frames tagged 300 as fast as it
# can (each one judged, cloned and stripped for v0 by the flood path) while
# v0's port VLAN flips between 300 and none (vlan-passthrough off) as fast
# as vnicctl sets it. Under either policy such a frame reaches the tenant
# untagged (port VLAN 300) or not at all (none: rx-vlan). One that arrives
# still tagged was let in under one policy and stripped under the other.
FLIP_SECS=${VNIC_FLIP_SECS:-20}

test_port_vlan_flip() {
	local batch i bl out flips=0 fails=0 tagged rx0 rx1 s0 s1 drops
	RET=0
	# Keep the MTU at the port VLAN's: no MTU change with every flip.
	ip -n "$T0" link set v0 mtu 1496
	batch=$(mktemp /tmp/flip.XXXXXX)
	out=$(mktemp /tmp/flip.XXXXXX)
	at_exit rm -f "$batch" "$out"
	for ((i = 0; i < 50; i++)); do
		echo "set v0 vlan 300"
		echo "set v0 vlan none"
	done >"$batch"
	capture_start "$T0" v0 vlan
	check_err $? "tcpdump did not start"
	rx0=$(ns_stat "$T0" v0 rx_packets)
	s0=$(drop_stats v0)
	in_ns "$WIRE" python3 "$LIB_DIR/blast.py" "$WIRE_IF" ff:ff:ff:ff:ff:ff \
		"$WIRE_IP" 192.0.2.255 "$FLIP_SECS" --size 18 --vid 300 >"$out" &
	bl=$!
	while kill -0 "$bl" 2>/dev/null; do
		if vnicctl_host -b "$batch" >/dev/null; then
			flips=$((flips + 100))
		else
			fails=$((fails + 1))
		fi
	done
	wait "$bl"
	check_err $? "blast.py failed: $(cat "$out")"
	[ "$fails" -eq 0 ]
	check_err $? "$fails vnicctl batches of vlan flips failed"
	rx1=$(ns_stat "$T0" v0 rx_packets)
	s1=$(drop_stats v0)
	tagged=$(capture_count)
	stat_of "$s1" rx_vlan
	drops=$STAT
	stat_of "$s0" rx_vlan
	drops=$((drops - STAT))
	log_info "$(cat "$out") in ${FLIP_SECS}s, $flips port VLAN flips; v0 received $((rx1 - rx0)), dropped $drops (rx-vlan); tagged at the tenant: $tagged"
	[ "$tagged" -eq 0 ]
	check_err $? "$tagged frames reached the tenant still tagged 300 (judged under port VLAN 300, not stripped as under none)"
	# Both policies were in force while the frames came.
	[ $((rx1 - rx0)) -gt 0 ] && [ "$drops" -gt 0 ] && [ "$flips" -ge 100 ]
	check_err $? "the flips did not race RX: $flips flips, $((rx1 - rx0)) frames in, $drops dropped"
	vnicctl_host set v0 vlan 300 >/dev/null
	log_test "port VLAN flipped under RX: one policy per frame ($flips flips)"
}

topo_port_vlan || fail "cannot build the port VLAN topology"
test_port_vlan_tx
test_port_vlan_rx
test_port_vlan_tenant_tags
test_port_vlan_mtu
cleanup_all_ns
topo_plain || fail "cannot build the topology without port VLAN"
test_passthrough
test_port_vlan_flip
exit "$EXIT_STATUS"
