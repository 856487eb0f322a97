#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Harness self-check (needs no vnic module): a "wire host" netns and a
# "tenant" netns joined by a veth pair; ping both ways over IPv4 and IPv6,
# push TCP with iperf3 for 2 s and check the receiving side's counters.

source "$(dirname "$0")/lib.sh"

require_root
require_cmd ip ping iperf3 python3

setup_ns WIRE TENANT || exit "$ksft_skip"

WIRE_IF=vw0
TENANT_IF=vt0
WIRE_IP=192.0.2.1
TENANT_IP=192.0.2.2
WIRE_IP6=2001:db8:1::1
TENANT_IP6=2001:db8:1::2

setup() {
	ip -n "$WIRE" link add "$WIRE_IF" type veth peer name "$TENANT_IF" netns "$TENANT" ||
		return 1
	ip -n "$WIRE" addr add "$WIRE_IP/24" dev "$WIRE_IF"
	ip -n "$WIRE" addr add "$WIRE_IP6/64" dev "$WIRE_IF" nodad
	ip -n "$TENANT" addr add "$TENANT_IP/24" dev "$TENANT_IF"
	ip -n "$TENANT" addr add "$TENANT_IP6/64" dev "$TENANT_IF" nodad
	ip -n "$WIRE" link set "$WIRE_IF" up
	ip -n "$TENANT" link set "$TENANT_IF" up
}

# shellcheck disable=SC2317 # called through wait_for
oper_up() {
	[ "$(ip netns exec "$1" cat "/sys/class/net/$2/operstate")" = up ]
}

test_link() {
	RET=0
	setup
	check_err $? "cannot create the veth pair"
	wait_for oper_up "$WIRE" "$WIRE_IF" && wait_for oper_up "$TENANT" "$TENANT_IF"
	check_err $? "veth did not come up"
	log_test "veth pair between two netns"
}

test_ping() {
	RET=0
	in_ns "$TENANT" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "IPv4 ping tenant -> wire failed"
	in_ns "$WIRE" ping -c 3 -i 0.2 -W 2 "$TENANT_IP" >/dev/null
	check_err $? "IPv4 ping wire -> tenant failed"
	in_ns "$TENANT" ping -6 -c 3 -i 0.2 -W 2 "$WIRE_IP6" >/dev/null
	check_err $? "IPv6 ping tenant -> wire failed"
	log_test "ping across the veth (IPv4 + IPv6)"
}

test_tcp() {
	local rx0 rx1 rxb0 rxb1 sent json pkts bytes
	RET=0
	json=$(mktemp)
	at_exit rm -f "$json"

	in_ns "$WIRE" iperf3 -s -1 -B "$WIRE_IP" >/dev/null 2>&1 &
	at_exit kill $!
	wait_for_port "$WIRE" 5201
	check_err $? "iperf3 server did not start"

	rx0=$(rx_packets "$WIRE" "$WIRE_IF")
	rxb0=$(rx_bytes "$WIRE" "$WIRE_IF")
	in_ns "$TENANT" iperf3 -c "$WIRE_IP" -t 2 -J >"$json" 2>&1
	check_err $? "iperf3 client failed: $(head -c 300 "$json")"
	rx1=$(rx_packets "$WIRE" "$WIRE_IF")
	rxb1=$(rx_bytes "$WIRE" "$WIRE_IF")

	sent=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["end"]["sum_received"]["bytes"])' \
		"$json" 2>/dev/null)
	[ -n "$sent" ] && [ "$sent" -gt 0 ]
	check_err $? "no byte count in iperf3 output"
	sent=${sent:-0}

	pkts=$((rx1 - rx0))
	bytes=$((rxb1 - rxb0))
	log_info "iperf3 sent $sent B; wire $WIRE_IF rx_packets +$pkts rx_bytes +$bytes" \
		"($((sent * 8 / 2000000)) Mbit/s)"
	[ "$pkts" -ge 100 ]
	check_err $? "wire rx_packets grew by only $pkts"
	# Every byte the server received crossed the veth, plus headers
	# (not sum_sent: bytes still in flight when the client stops).
	[ "$bytes" -ge "$sent" ]
	check_err $? "wire rx_bytes +$bytes < $sent bytes sent by iperf3"
	log_test "TCP over the veth (iperf3 2 s), receive counters"
}

test_link
test_ping
test_tcp

exit "$EXIT_STATUS"
