#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Private mode: two vnics of one parent exchange no frame, even when the
# switch on the wire reflects their frames back (hairpin). Bridge mode: they
# reach each other locally, without the frames crossing the wire, from
# every sender: a socket, a packet socket, the neighbour timer's probes.
# On the debug kernel, PROVE_RCU checks the demux lookup under each. A
# packet socket reaches the vnic under rcu_read_lock_bh() only (this test
# failed there before bridge xmit took rcu_read_lock()); in 6.12 the
# probes come through arp_xmit()/ndisc_send_skb(), which hold
# rcu_read_lock() themselves.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/splat.sh"

require_root
require_cmd ip ping tcpdump python3
require_vnicctl

test_private() {
	local mac0 mac1 caught drop0 drop1 refl0 refl1
	RET=0
	topo_veth && topo_hairpin
	check_err $? "cannot build the hairpin topology"
	vnic_tenant T0 v0 10 && vnic_tenant T1 v1 11
	check_err $? "cannot create vnics"
	mac0=$(mac_of "$T0" v0)
	mac1=$(mac_of "$T1" v1)

	# Both still reach the wire host through the hairpinning switch.
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 cannot reach the wire host"
	in_ns "$T1" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v1 cannot reach the wire host"

	capture_start "$T1" v1 ether src "$mac0"
	check_err $? "tcpdump did not start"
	# ARP (broadcast, reflected) must not resolve ...
	in_ns "$T0" ping -c 3 -i 0.2 -W 1 192.0.2.11 >/dev/null 2>&1
	check_fail $? "v0 reached v1 in private mode (ARP path)"
	# ... and unicast with a static neighbour must not arrive either.
	in_ns "$T0" ip neigh replace 192.0.2.11 lladdr "$mac1" dev v0
	drop1=$(rx_dropped "$T1" v1)
	refl0=$(tx_packets "$WIRE" "$WIRE_IF")
	in_ns "$T0" ping -c 10 -i 0.1 -W 1 192.0.2.11 >/dev/null 2>&1
	check_fail $? "v0 reached v1 in private mode (unicast)"
	drop0=$(rx_dropped "$T1" v1)
	refl1=$(tx_packets "$WIRE" "$WIRE_IF")
	caught=$(capture_count)
	log_info "switch reflected $((refl1 - refl0)) frames; v1 rx_dropped +$((drop0 - drop1)); frames from v0 seen on v1: $caught"
	[ "$caught" -eq 0 ]
	check_err $? "$caught frames from v0 were delivered to v1"
	# The frames did come back from the wire and were refused by vnic.
	[ $((refl1 - refl0)) -ge 10 ]
	check_err $? "the switch did not reflect the frames (test setup)"
	[ $((drop0 - drop1)) -ge 10 ]
	check_err $? "reflected unicast frames were not dropped and counted"
	log_test "private mode: no frame between sibling vnics, even hairpinned"
	cleanup_all_ns
}

test_bridge() {
	local wire0 wire1
	RET=0
	topo_veth
	check_err $? "cannot build the veth topology"
	vnic_tenant T0 v0 10 mode bridge && vnic_tenant T1 v1 11 mode bridge
	check_err $? "cannot create bridge-mode vnics"

	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 cannot reach the wire host"
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 192.0.2.11 >/dev/null
	check_err $? "bridge-mode vnics cannot reach each other (ARP + warmup)"
	wire0=$(rx_packets "$WIRE" "$WIRE_IF")
	in_ns "$T0" ping -c 20 -i 0.05 -W 2 192.0.2.11 >/dev/null
	check_err $? "bridge-mode ping v0 -> v1 failed"
	in_ns "$T1" ping -6 -c 3 -i 0.2 -W 2 2001:db8::10 >/dev/null
	check_err $? "bridge-mode IPv6 ping v1 -> v0 failed"
	wire1=$(rx_packets "$WIRE" "$WIRE_IF")
	log_info "wire rx_packets during 20 local pings: +$((wire1 - wire0))"
	# Local delivery: the 40 unicast ICMP frames never touch the wire.
	[ $((wire1 - wire0)) -lt 20 ]
	check_err $? "bridge-mode traffic went over the wire"
	log_test "bridge mode: sibling vnics talk locally"
	cleanup_all_ns
}

# lockdep_on: lock debugging (lockdep, PROVE_RCU) is on, or the kernel
# has none. A kernel that turned it off cannot see RCU misuse any more.
lockdep_on() {
	[ ! -r /proc/lockdep_stats ] ||
		grep -Eq '^ *debug_locks: +1$' /proc/lockdep_stats
}

# kmsg_mark WHAT: a kernel log line that splats after it are told from.
kmsg_mark() {
	MARK="vnic_isolation: $1 $(date +%s%N)"
	echo "$MARK" >/dev/kmsg
}

# no_splat WHAT: nothing warned since kmsg_mark (PROVE_RCU's "suspicious
# RCU usage" above all); records a failure naming WHAT.
no_splat() {
	local out
	out=$(kernel_splats "$MARK")
	[ -z "$out" ]
	check_err $? "kernel warned while $1: $(echo "$out" | head -n 3)"
}

# topo_bridge_pair: v0 (T0, .10) and v1 (T1, .11) in bridge mode, each with
# a permanent neighbour entry for the other (only v0 resolves anything).
# vnic is loaded afresh: PROVE_RCU warns once per call site and load.
topo_bridge_pair() {
	vnic_unload
	vnic_is_loaded && log_info "vnic stays loaded: its PROVE_RCU warnings may have fired already"
	topo_veth || return 1
	vnic_tenant T0 v0 10 mode bridge || return 1
	vnic_tenant T1 v1 11 mode bridge || return 1
	MAC0=$(mac_of "$T0" v0)
	MAC1=$(mac_of "$T1" v1)
	ip -n "$T1" neigh replace 192.0.2.10 lladdr "$MAC0" dev v1 nud permanent
	ip -n "$T1" -6 neigh replace 2001:db8::10 lladdr "$MAC0" dev v1 \
		nud permanent
}

# udp_noports NS: how many UDP datagrams NS had no socket for.
udp_noports() {
	ip netns exec "$1" awk '$1 == "Udp:" {
		if (col) { print $col; exit }
		for (i = 2; i <= NF; i++) if ($i == "NoPorts") col = i }' \
		/proc/net/snmp
}

test_bridge_packet_socket() {
	local udp0 udp1 wire0 wire1 out
	RET=0
	topo_bridge_pair
	check_err $? "cannot create bridge-mode vnics"
	lockdep_on
	check_err $? "lock debugging is off: PROVE_RCU cannot see this test"
	udp0=$(udp_noports "$T1")
	wire0=$(rx_packets "$WIRE" "$WIRE_IF")
	kmsg_mark "packet socket"
	out=$(in_ns "$T0" python3 "$LIB_DIR/frames.py" send v0 legit-ip4 \
		--dst-mac "$MAC1" --dst 192.0.2.11 --count 10 2>&1)
	check_err $? "frames.py: $out"
	no_splat "v0 sent unicast to v1 from a packet socket"
	udp1=$(udp_noports "$T1")
	wire1=$(rx_packets "$WIRE" "$WIRE_IF")
	[ $((udp1 - udp0)) -eq 10 ]
	check_err $? "v1 received $((udp1 - udp0)) of 10 UDP datagrams from v0's packet socket"
	[ $((wire1 - wire0)) -lt 10 ]
	check_err $? "the frames went over the wire (+$((wire1 - wire0)))"
	log_test "bridge mode: packet socket unicast to a sibling, locally"
	cleanup_all_ns
}

# reachable ADDR...: v0's neighbour entry of each ADDR is REACHABLE.
reachable() {
	local a
	for a in "$@"; do
		ip -n "$T0" neigh show "$a" dev v0 | grep -q REACHABLE || return 1
	done
}

# The neighbour timer: a STALE entry in use turns DELAY, then PROBE after
# delay_first_probe_time, and the timer sends unicast probes to the address
# it knows (ARP requests, IPv6 neighbour solicitations) until one answers.
test_bridge_neigh_probe() {
	local arp ns
	RET=0
	topo_bridge_pair
	check_err $? "cannot create bridge-mode vnics"
	lockdep_on
	check_err $? "lock debugging is off: PROVE_RCU cannot see this test"
	in_ns "$T0" sysctl -qw net.ipv4.neigh.v0.delay_first_probe_time=1 \
		net.ipv6.neigh.v0.delay_first_probe_time=1
	ip -n "$T0" neigh replace 192.0.2.11 lladdr "$MAC1" dev v0 nud stale
	ip -n "$T0" -6 neigh replace 2001:db8::11 lladdr "$MAC1" dev v0 nud stale
	capture_start "$T1" v1 ether src "$MAC0" and ether dst "$MAC1" and \
		\( arp or icmp6 \)
	check_err $? "tcpdump did not start"
	kmsg_mark "neighbour probes"
	in_ns "$T0" ping -c 1 -W 2 192.0.2.11 >/dev/null
	check_err $? "bridge-mode ping v0 -> v1 (STALE entry) failed"
	in_ns "$T0" ping -6 -c 1 -W 2 2001:db8::11 >/dev/null
	check_err $? "bridge-mode IPv6 ping v0 -> v1 (STALE entry) failed"
	# DELAY, 1 s, PROBE: the probe is answered and the entry REACHABLE.
	slowwait 10 reachable 192.0.2.11 2001:db8::11
	check_err $? "v0's entries for v1 did not turn REACHABLE: $(ip -n "$T0" neigh show dev v0 | tr '\n' ';')"
	no_splat "v0's neighbour timer probed v1"
	capture_count >/dev/null
	arp=$(tcpdump -r "$CAP_FILE" -nn 'arp and arp[6:2] == 1' 2>/dev/null | wc -l)
	ns=$(tcpdump -r "$CAP_FILE" -nn 'icmp6 and ip6[40] == 135' 2>/dev/null | wc -l)
	log_info "unicast probes v0 -> v1 seen on v1: $arp ARP, $ns NS"
	[ "$arp" -ge 1 ]
	check_err $? "no unicast ARP probe from v0's neighbour timer reached v1"
	[ "$ns" -ge 1 ]
	check_err $? "no unicast NS probe from v0's neighbour timer reached v1"
	log_test "bridge mode: neighbour timer's unicast probes to a sibling"
	cleanup_all_ns
}

test_private
test_bridge
test_bridge_packet_socket
test_bridge_neigh_probe
exit "$EXIT_STATUS"
