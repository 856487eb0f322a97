#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ethtool's views of a vnic: -i (driver vnic, the module's version,
# bus-info = the parent), -S (every counter of `vnicctl stats`, same names,
# same values, moving as frames are dropped), -k (transmit offloads on,
# the owner may turn them off; rx-checksumming follows the parent), and
# `vnicctl -s show` (the same counters under the vnic's row). Then
# TSO traffic: super-packets cross the vnic (its packets average well
# over a full frame), the shaper holds its rate within 5 % (as in
# vnic_share.sh) and framing holds (allow-ip set: no drop of the allowed
# flow), also when the parent segments in software (its TSO off). The rate
# is 50 Mbit/s, or 20 if the guest's unshaped TCP is under 100 (a loaded
# host); below 40 only the upper bound is asserted, said in the result.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ethtool iperf3 python3
require_vnicctl

GOODPUT_NUM=1448
GOODPUT_DEN=1514

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create v0"
in_ns "$WIRE" iperf3 -s -D -p 5201 || fail "iperf3 server"
at_exit "ip netns pids $WIRE | xargs -r kill"
wait_for_port "$WIRE" 5201 || fail "iperf3 server"

JSON=$(mktemp /tmp/iperf.XXXXXX)
at_exit rm -f "$JSON"

# etool NS ARGS...: ethtool in NS
etool() {
	local ns=$1
	shift
	ip netns exec "$ns" ethtool "$@"
}

# drvinfo NS DEV FIELD: one "FIELD: value" of ethtool -i
drvinfo() {
	etool "$1" -i "$2" | sed -n "s/^$3: //p"
}

# feature NS DEV NAME: on/off of an ethtool -k feature
feature() {
	etool "$1" -k "$2" | sed -n "s/^$3: \([a-z]*\).*/\1/p"
}

# estats NS DEV: "name value" lines of ethtool -S
estats() {
	etool "$1" -S "$2" | sed -n 's/^ *\([a-z-]*\): \([0-9]*\)$/\1 \2/p'
}

# vstats NS DEV: "name value" lines of vnicctl stats in NS
vstats() {
	ip netns exec "$1" "$VNICCTL" stats "$2" |
		sed -n 's/^ *\([a-z-]*\) *\([0-9]*\)$/\1 \2/p'
}

# The share scheduler's lending counters: only in the parent's netns.
HOST_ONLY="tx-borrowed-bytes
tx-lent-bytes"

test_drvinfo() {
	local ns want
	RET=0
	want=$(modinfo -F version "$VNIC_KO")
	[ -n "$want" ]
	check_err $? "vnic.ko has no version"
	for ns in "$T0" "$HOST"; do
		[ "$ns" = "$HOST" ] && vnicctl_host add h0 link "$PARENT" >/dev/null
		local dev=v0
		[ "$ns" = "$HOST" ] && dev=h0
		[ "$(drvinfo "$ns" "$dev" driver)" = vnic ]
		check_err $? "driver: '$(drvinfo "$ns" "$dev" driver)'"
		[ "$(drvinfo "$ns" "$dev" version)" = "$want" ]
		check_err $? "version: '$(drvinfo "$ns" "$dev" version)', modinfo '$want'"
		[ "$(drvinfo "$ns" "$dev" bus-info)" = "$PARENT" ]
		check_err $? "bus-info: '$(drvinfo "$ns" "$dev" bus-info)'"
	done
	vnicctl_host del h0
	log_test "ethtool -i: driver vnic, version $want, bus-info $PARENT"
}

test_stats() {
	local e v h before after
	RET=0
	e=$(estats "$T0" v0 | awk '{ print $1 }' | sort)
	v=$(vstats "$T0" v0 | awk '{ print $1 }' | sort)
	[ -n "$e" ] && [ "$e" = "$v" ]
	check_err $? "ethtool -S names [${e//$'\n'/ }] differ from vnicctl stats [${v//$'\n'/ }]"
	[ "$(echo "$e" | wc -l)" -ge 15 ]
	check_err $? "ethtool -S lists $(echo "$e" | wc -l) counters"
	# The parent's netns sees the lending counters too; the tenant's
	# ethtool -S and vnicctl do not (they tell of the others' load).
	h=$(vstats "$HOST" v0 | awk '{ print $1 }' | sort)
	[ "$h" = "$(printf '%s\n%s\n' "$e" "$HOST_ONLY" | sort)" ]
	check_err $? "the host's vnicctl stats [${h//$'\n'/ }]: not the tenant's and $HOST_ONLY"
	vnicctl_host add h0 link "$PARENT" &&
		h=$(estats "$HOST" h0 | awk '{ print $1 }' | sort) &&
		vnicctl_host del h0
	check_err $? "cannot add and delete h0 in the host"
	[ "$h" = "$(printf '%s\n%s\n' "$e" "$HOST_ONLY" | sort)" ]
	check_err $? "ethtool -S of a vnic in its parent's netns [${h//$'\n'/ }]"

	vnicctl_host set v0 allow-ip 192.0.2.10/32
	before=$(estats "$T0" v0 | awk '$1 == "tx-spoof-mac" { print $2 }')
	in_ns "$T0" python3 "$LIB_DIR/frames.py" send v0 spoof-mac --count 5 >/dev/null
	check_err $? "frames.py spoof-mac failed"
	in_ns "$T0" python3 "$LIB_DIR/frames.py" send v0 spoof-ip4 --count 3 >/dev/null
	check_err $? "frames.py spoof-ip4 failed"
	after=$(estats "$T0" v0 | awk '$1 == "tx-spoof-mac" { print $2 }')
	[ $((after - before)) -eq 5 ]
	check_err $? "tx-spoof-mac moved by $((after - before)) for 5 spoofed frames"
	[ "$(estats "$T0" v0 | awk '$1 == "tx-spoof-ip" { print $2 }')" -eq 3 ]
	check_err $? "tx-spoof-ip is not 3"
	e=$(estats "$T0" v0 | sort)
	v=$(vstats "$T0" v0 | sort)
	[ "$e" = "$v" ]
	check_err $? "ethtool -S [${e//$'\n'/ }] != vnicctl stats [${v//$'\n'/ }]"
	# vnicctl -s show: the same counters under the vnic's row, and in JSON.
	vnicctl_host -s show v0 | grep -q "^    tx: spoof-mac $after spoof-ip 3 "
	check_err $? "vnicctl -s show: $(vnicctl_host -s show v0)"
	[ "$(vnicctl_host -s -j show v0 | python3 -c 'import json,sys; s=json.load(sys.stdin)[0]["stats"]; print(s["tx_spoof_mac"], s["tx_spoof_ip"], len(s))')" = "$after 3 $(($(echo "$e" | wc -l) + 2))" ]
	check_err $? "vnicctl -s -j show: $(vnicctl_host -s -j show v0)"
	log_test "ethtool -S and vnicctl -s: vnicctl's counters, moving with drops"
}

test_features() {
	RET=0
	[ "$(feature "$T0" v0 tcp-segmentation-offload)" = on ] &&
	[ "$(feature "$T0" v0 tx-checksumming)" = on ] &&
	[ "$(feature "$T0" v0 scatter-gather)" = on ] &&
	[ "$(feature "$T0" v0 generic-segmentation-offload)" = on ]
	check_err $? "v0's transmit offloads are not on: $(etool "$T0" -k v0 | grep -E '^(tcp-seg|tx-check|scatter|generic-seg)')"
	[ "$(feature "$T0" v0 rx-checksumming)" = "$(feature "$HOST" "$PARENT" rx-checksumming)" ]
	check_err $? "rx-checksumming differs from the parent's"

	etool "$HOST" -K "$PARENT" rx off
	[ "$(feature "$T0" v0 rx-checksumming)" = off ]
	check_err $? "parent's rx-checksumming off, v0's $(feature "$T0" v0 rx-checksumming)"
	etool "$HOST" -K "$PARENT" rx on
	[ "$(feature "$T0" v0 rx-checksumming)" = on ]
	check_err $? "parent's rx-checksumming on again, v0's $(feature "$T0" v0 rx-checksumming)"

	etool "$T0" -K v0 tso off
	[ "$(feature "$T0" v0 tcp-segmentation-offload)" = off ]
	check_err $? "the owner cannot turn v0's TSO off"
	etool "$T0" -K v0 tso on
	[ "$(feature "$T0" v0 tcp-segmentation-offload)" = on ]
	check_err $? "the owner cannot turn v0's TSO on again"
	log_test "ethtool -k: TX offloads on, rx-checksumming follows the parent"
}

# within VALUE TARGET PCT exact|upper: |VALUE - TARGET| <= PCT% of TARGET
# (VALUE <= TARGET + PCT% for upper)
within() {
	python3 -c "import sys; v,t,p=map(float,sys.argv[1:4]); up=sys.argv[4]=='upper'; sys.exit(v-t > t*p/100 or (not up and t-v > t*p/100))" "$@"
}

jget() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

# tso_run DESC SECONDS: TCP through v0 shaped to $MBIT Mbit/s; checks the
# rate, super-packets, drops
tso_run() {
	local desc=$1 secs=$2 want got try tx0 tx1 b0 b1 w0 w1 d0 d1 ip0 ip1 mtu0 mtu1
	local avg pct=5
	RET=0
	want=$((MBIT * 1000000 * GOODPUT_NUM / GOODPUT_DEN))
	for try in 1 2; do
		tx0=$(tx_packets "$T0" v0)
		b0=$(tx_bytes "$T0" v0)
		w0=$(rx_packets "$WIRE" "$WIRE_IF")
		d0=$(tx_dropped "$T0" v0)
		ip0=$(estats "$T0" v0 | awk '$1 == "tx-spoof-ip" { print $2 }')
		mtu0=$(estats "$T0" v0 | awk '$1 == "tx-mtu" { print $2 }')
		in_ns "$T0" iperf3 -J -c "$WIRE_IP" -t "$secs" -O 1 >"$JSON" 2>&1
		check_err $? "iperf3 failed"
		tx1=$(tx_packets "$T0" v0)
		b1=$(tx_bytes "$T0" v0)
		w1=$(rx_packets "$WIRE" "$WIRE_IF")
		d1=$(tx_dropped "$T0" v0)
		ip1=$(estats "$T0" v0 | awk '$1 == "tx-spoof-ip" { print $2 }')
		mtu1=$(estats "$T0" v0 | awk '$1 == "tx-mtu" { print $2 }')
		got=$(jget "$JSON" "int(d['end']['sum_received']['bits_per_second'])")
		avg=$(((b1 - b0) / (tx1 - tx0 > 0 ? tx1 - tx0 : 1)))
		log_info "$desc (try $try): goodput $got bit/s, expected $want (x$(python3 -c "print(round($got/$want, 4))")); v0 sent $((tx1 - tx0)) packets of $avg bytes on average, the wire got $((w1 - w0))"
		within "$got" "$want" "$pct" "$CHECK" && break
	done
	within "$got" "$want" "$pct" "$CHECK"
	check_err $? "goodput $got not within $pct% of $want ($CHECK)"
	# TSO: the bulk flow's vnic packets are super-packets (the GSO cap
	# is ~1 ms at the rate: 2.5 KB at 20 Mbit/s, 6.2 KB at 50).
	[ "$avg" -gt 1800 ]
	check_err $? "no super-packets: v0's packets average $avg bytes"
	[ "$d1" -eq "$d0" ] && [ "$ip1" -eq "$ip0" ] && [ "$mtu1" -eq "$mtu0" ]
	check_err $? "drops during the allowed flow: tx_dropped +$((d1 - d0)), tx-spoof-ip +$((ip1 - ip0)), tx-mtu +$((mtu1 - mtu0))"
	if [ "$CHECK" = exact ]; then
		log_test "$desc: $MBIT Mbit/s within $pct%, super-packets, no framing drop"
	else
		log_test "$desc: at most $MBIT Mbit/s + $pct%, super-packets, no framing drop [upper bound: guest tops out at $((TOP / 1000000))]"
	fi
}

test_tso() {
	in_ns "$T0" iperf3 -J -c "$WIRE_IP" -t 3 >"$JSON" 2>&1 || fail "iperf3 failed"
	TOP=$(jget "$JSON" "int(d['end']['sum_received']['bits_per_second'])")
	log_info "unshaped TCP goodput through v0: $((TOP / 1000000)) Mbit/s (emulated guest)"
	MBIT=50 CHECK=exact
	[ "$TOP" -lt 100000000 ] && MBIT=20
	[ "$TOP" -lt 40000000 ] && CHECK=upper
	# make check runs this beside the debug guests: accuracy is asserted
	# in its quiet "rates" stage (vnic_share.sh).
	[ "${VNIC_RATE_CHECK:-exact}" = upper ] && CHECK=upper
	# A 100 ms burst: this is about TSO, not timer accuracy (vnic_share.sh
	# asserts that), and it absorbs the stalls of a guest on a loaded host
	# (tokens past a full bucket are lost); it adds at most 1.3 % over 8 s.
	vnicctl_host set v0 rate "${MBIT}mbit" burst $((MBIT * 12500)) ||
		fail "cannot set the rate"
	tso_run "TSO through v0, shaped" 8
	etool "$HOST" -K "$PARENT" tso off gso off
	tso_run "TSO through v0, parent segments in software" 6
	etool "$HOST" -K "$PARENT" tso on gso on
}

gso_max() {
	ip -n "$T0" -d -j link show v0 | python3 -c \
		'import json,sys; print(json.load(sys.stdin)[0]["gso_max_size"])'
}

# The admin's gso_max_size stays through parent feature changes and rate
# changes (only the cap vnic derives from the rate may lower it).
test_gso_admin() {
	local got
	RET=0
	ip -n "$T0" link set v0 gso_max_size 16384
	check_err $? "cannot set gso_max_size"
	etool "$HOST" -K "$PARENT" tso off
	etool "$HOST" -K "$PARENT" tso on
	got=$(gso_max)
	[ "$got" = 16384 ]
	check_err $? "after a parent feature change: gso_max_size $got, set 16384"
	vnicctl_host set v0 rate 80mbit && vnicctl_host set v0 rate 0
	got=$(gso_max)
	[ "$got" = 16384 ]
	check_err $? "after rate changes: gso_max_size $got, set 16384"
	# A rate whose 1 ms is below it still lowers it: 8 Mbit/s = 1000 B/ms.
	vnicctl_host set v0 rate 8mbit
	got=$(gso_max)
	[ "$got" = 1514 ]
	check_err $? "at 8 Mbit/s: gso_max_size $got, expected the 1514 cap"
	vnicctl_host set v0 rate 0
	ip -n "$T0" link set v0 gso_max_size 65536
	log_test "an admin's gso_max_size survives parent feature and rate changes"
}

test_drvinfo
test_stats
test_features
test_gso_admin
test_tso
exit "$EXIT_STATUS"
