#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Topology helpers for the vnic selftests (source after lib.sh).
#
#   HOST  netns: the parent device (veth "p0", or a real NIC) lives here;
#                vnics are created and configured from here.
#   WIRE  netns: the remote host at the other end of the wire ("w0"),
#                192.0.2.1/24 and 2001:db8::1/64.
#   tenants:     one netns per vnic, created by vnic_tenant.

WIRE_IP=192.0.2.1
WIRE_IP6=2001:db8::1
PARENT=p0
WIRE_IF=w0

# topo_veth: HOST and WIRE joined by the veth pair p0 <-> w0.
topo_veth() {
	vnic_load || return 1
	setup_ns HOST WIRE || return 1
	ip -n "$HOST" -batch - <<-EOF || return 1
		link add $PARENT type veth peer name $WIRE_IF netns $WIRE
		link set $PARENT up
	EOF
	topo_wire_addr "$WIRE_IF"
}

# topo_wire_addr DEV: give the wire host its addresses on DEV and bring it up.
topo_wire_addr() {
	ip -n "$WIRE" -batch - <<-EOF
		addr add $WIRE_IP/24 dev $1
		addr add $WIRE_IP6/64 dev $1 nodad
		link set $1 up
	EOF
}

# topo_hairpin: turn the wire host into a hairpinning switch that reflects
# every frame back to the port it came from (a VEPA-style adjacent bridge).
topo_hairpin() {
	ip -n "$WIRE" addr flush dev "$WIRE_IF"
	ip -n "$WIRE" link add br0 type bridge stp_state 0 forward_delay 0 \
		ageing_time 0 || return 1
	ip -n "$WIRE" link set "$WIRE_IF" master br0 || return 1
	ip -n "$WIRE" link set "$WIRE_IF" type bridge_slave hairpin on || return 1
	topo_wire_addr br0
}

vnicctl_host() {
	ip netns exec "$HOST" "$VNICCTL" "$@"
}

# vnic_tenant VAR NAME IPSUFFIX [vnicctl add options...]: create vnic NAME
# on the parent, move it into a new netns stored in VAR, address it as
# 192.0.2.IPSUFFIX/24 and 2001:db8::IPSUFFIX/64, bring it up.
vnic_tenant() {
	local var=$1 name=$2 sfx=$3 ns
	shift 3
	setup_ns "$var" || return 1
	ns=${!var}
	vnicctl_host add "$name" link "$PARENT" "$@" || return 1
	ip -n "$HOST" link set "$name" netns "$ns" || return 1
	# One ip for the three: each process start costs a second on the
	# debug guest.
	ip -n "$ns" -batch - <<-EOF
		addr add 192.0.2.$sfx/24 dev $name
		addr add 2001:db8::$sfx/64 dev $name nodad
		link set $name up
	EOF
}

# mac_of NS DEV
mac_of() {
	ip netns exec "$1" cat "/sys/class/net/$2/address"
}

# capture_start NS DEV FILTER...: start tcpdump into a file; sets CAP_PID and
# CAP_FILE. capture_count stops it and prints the number of frames caught.
capture_start() {
	local ns=$1 dev=$2
	shift 2
	CAP_FILE=$(mktemp /tmp/cap.XXXXXX)
	at_exit rm -f "$CAP_FILE"
	ip netns exec "$ns" tcpdump -i "$dev" --immediate-mode -nn -e -U \
		-w "$CAP_FILE" "$@" \
		>/dev/null 2>&1 &
	CAP_PID=$!
	at_exit kill "$CAP_PID"
	# tcpdump writes the pcap header once it is capturing.
	slowwait 30 test -s "$CAP_FILE"
}

capture_count() {
	sleep 0.5
	kill "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	tcpdump -r "$CAP_FILE" --count 2>/dev/null | awk '{ print $1 }'
}

# The kernel tree's YNL client, for talking to the family without vnicctl.
YNL_CLI=${YNL_CLI:-${VNIC_KSRC:-/var/cache/vnic/linux-source-6.12}/tools/net/ynl/cli.py}
