#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A vnic in a tenant netns reaches the wire host over IPv4 and IPv6, carries
# TCP (iperf3), and its counters and the wire's agree on what crossed.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping iperf3 python3
require_vnicctl

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create vnic v0"

test_ping() {
	RET=0
	in_ns "$T0" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "IPv4 ping tenant -> wire failed"
	in_ns "$WIRE" ping -c 3 -i 0.2 -W 2 192.0.2.10 >/dev/null
	check_err $? "IPv4 ping wire -> tenant failed"
	in_ns "$T0" ping -6 -c 3 -i 0.2 -W 2 "$WIRE_IP6" >/dev/null
	check_err $? "IPv6 ping tenant -> wire failed"
	log_test "vnic <-> wire host ping (IPv4 both ways, IPv6)"
}

test_tcp() {
	local json sent rxb0 rxb1 txb0 txb1
	RET=0
	json=$(mktemp)
	at_exit rm -f "$json"
	in_ns "$WIRE" iperf3 -s -1 -B "$WIRE_IP" >/dev/null 2>&1 &
	at_exit kill $!
	wait_for_port "$WIRE" 5201
	check_err $? "iperf3 server did not start"

	rxb0=$(rx_bytes "$WIRE" "$WIRE_IF")
	txb0=$(tx_bytes "$T0" v0)
	in_ns "$T0" iperf3 -c "$WIRE_IP" -t 2 -J >"$json" 2>&1
	check_err $? "iperf3 failed: $(head -c 300 "$json")"
	rxb1=$(rx_bytes "$WIRE" "$WIRE_IF")
	txb1=$(tx_bytes "$T0" v0)

	sent=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["end"]["sum_received"]["bytes"])' \
		"$json" 2>/dev/null)
	sent=${sent:-0}
	log_info "iperf3 sent $sent B; v0 tx_bytes +$((txb1 - txb0)); wire rx_bytes +$((rxb1 - rxb0))"
	[ "$sent" -gt 100000 ]
	check_err $? "iperf3 moved only $sent bytes"
	[ $((rxb1 - rxb0)) -ge "$sent" ]
	check_err $? "wire received fewer bytes than iperf3 sent"
	[ $((txb1 - txb0)) -ge "$sent" ]
	check_err $? "vnic tx_bytes lower than iperf3 payload"
	log_test "TCP from vnic to wire host, counters on both sides"
}

test_ping
test_tcp
exit "$EXIT_STATUS"
