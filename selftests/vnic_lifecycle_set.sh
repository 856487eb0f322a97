#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rate and policy changed live $VNIC_SETS times (default 1000, 10000 with
# STRESS=1) under TCP traffic both ways: every set succeeds, no legitimate
# frame is dropped, the last settings hold, the final rate is enforced.
# VNIC_RATE_CHECK=upper (the debug kernel): the final rate is asserted as
# an upper bound only, and the low rate is 1mbit with an 8k burst, not
# 10mbit with 64k: each set refills the bucket (as tc's tbf and htb
# changes do), and a loaded debug guest's sender, at about 5 Mbit/s, never
# outran 10mbit plus 64k per set (78 ms apart), so nothing was throttled.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_lifecycle_lib.sh"

require_root
require_cmd ip iperf3 python3 timeout
[ -f "$YNL_CLI" ] || skip "no YNL client at $YNL_CLI"
require_vnicctl

RATE_CHECK=${VNIC_RATE_CHECK:-exact}
if [ "$RATE_CHECK" = upper ]; then
	LOW_KBIT=1000 LOW_BURST=8192
else
	LOW_KBIT=10000 LOW_BURST=65536
fi
if [ "${STRESS:-0}" = 1 ]; then
	: "${VNIC_SETS:=10000}"
else
	: "${VNIC_SETS:=1000}"
fi

##############################################################################
# 5. rate and policy changed live, many times, under traffic

test_live_set() {
	local pid n=$VNIC_SETS t0 t1 out want got s0 s1 drop0 drop1 bad
	RET=0
	topo_veth && vnic_tenant T0 v0 10
	check_err $? "cannot build the topology"
	in_ns "$WIRE" iperf3 -s -D -p 5201 && in_ns "$WIRE" iperf3 -s -D -p 5202
	wait_for_port "$WIRE" 5201 && wait_for_port "$WIRE" 5202
	check_err $? "iperf3 servers did not start"
	ip netns exec "$T0" timeout -k 5 900 iperf3 -c "$WIRE_IP" -p 5201 --bidir \
		-b 30M --pacing-timer 10000 -t 800 >"$LOGDIR/set" 2>&1 &
	pid=$!
	sleep 2
	s0=$(vnicctl_host -j stats v0)
	drop0=$(tx_dropped "$T0" v0)

	# The first n-1 sets from one process (vnic_ynl_batch.py: an exec
	# costs up to a second in a loaded emulated guest), alternating
	# odd: 50mbit, no RX policing, ethertypes + LLDP, any source IP;
	# even: 10mbit (upper: 1mbit), RX policed at 20mbit, default
	# ethertypes, v0's own addresses only. Both allow all of v0's legitimate traffic. The last
	# one through vnicctl.
	t0=$(date +%s%N)
	out=$(ip netns exec "$HOST" env YNL_CLI="$YNL_CLI" \
		VNIC_SET_LOW_RATE=$((LOW_KBIT * 1000)) \
		VNIC_SET_LOW_BURST=$LOW_BURST python3 "$LIB_DIR/vnic_ynl_batch.py" \
		set-loop v0 $((n - 1)) 2>&1)
	check_err $? "live sets failed: $out"
	if ((n % 2)); then
		vnicctl_host set v0 rate 50mbit burst 128k rx-rate 0 \
			ethertype ipv4,arp,ipv6,lldp allow-ip any >/dev/null
	else
		vnicctl_host set v0 rate ${LOW_KBIT}kbit burst $LOW_BURST \
			rx-rate 20mbit rx-burst 128k ethertype ipv4,arp,ipv6 \
			allow-ip 192.0.2.10/32,2001:db8::10/128 >/dev/null
	fi
	check_err $? "the last live set (vnicctl) failed"
	t1=$(date +%s%N)
	log_info "$n live sets in $(((t1 - t0) / 1000000)) ms: $out"

	kill -0 "$pid" 2>/dev/null
	check_err $? "iperf3 died during the live sets: $(cat "$LOGDIR/set")"
	[ "$(bytes_moved "$T0" v0 1)" -gt 0 ]
	check_err $? "no traffic on v0 after $n live sets"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null

	out=$(vnicctl_host -j show v0)
	if ((n % 2)); then
		want="(50000000, 131072, 0, [2048, 2054, 34525, 35020], [])"
	else
		want="($((LOW_KBIT * 1000)), $LOW_BURST, 20000000, [2048, 2054, 34525], ['192.0.2.10/32', '2001:db8::10/128'])"
	fi
	got=$(jfield "$out" "(d[0]['tx_rate'], d[0]['tx_burst'], d[0].get('rx_rate', 0), d[0]['ethertypes'], d[0].get('allowed_ips', []))")
	[ "$got" = "$want" ]
	check_err $? "final settings $got, expected $want"

	s1=$(vnicctl_host -j stats v0)
	drop1=$(tx_dropped "$T0" v0)
	# One Python start for all the counters: each one costs seconds on
	# the loaded debug guest.
	bad=$(python3 -S -c 'import json, sys
s0, s1 = (json.loads(a)[0] for a in sys.argv[1:3])
print(" ".join(k for k in sys.argv[3:] if s1[k] != s0[k]))' "$s0" "$s1" \
		tx_spoof_mac tx_spoof_ip tx_spoof_arp tx_spoof_nd tx_ethertype \
		tx_mtu tx_runt tx_offload tx_rate)
	[ -z "$bad" ]
	check_err $? "legitimate traffic dropped while the policy changed: $bad ($s1)"
	[ "$drop1" -eq "$drop0" ]
	check_err $? "the driver dropped $((drop1 - drop0)) frames while the rate changed"
	[ "$(jfield "$s1" "d[0]['tx_throttled']")" -gt "$(jfield "$s0" "d[0]['tx_throttled']")" ]
	check_err $? "the shaper never throttled during the live sets"
	log_test "$n live rate/policy sets under traffic: no spurious drop, last set holds"

	# The final rate is still enforced.
	RET=0
	if ((n % 2)); then
		vnicctl_host set v0 rate ${LOW_KBIT}kbit burst $LOW_BURST
		check_err $? "cannot set the final rate"
	fi
	in_ns "$T0" iperf3 -J -c "$WIRE_IP" -p 5202 -t 5 -O 1 >"$LOGDIR/final.json" 2>&1
	check_err $? "iperf3 after the live sets failed"
	got=$(python3 -c "import json,sys; print(int(json.load(open(sys.argv[1]))['end']['sum_received']['bits_per_second']))" "$LOGDIR/final.json")
	want=$((LOW_KBIT * 1000 * 1448 / 1514))
	log_info "goodput at the final ${LOW_KBIT}kbit: $got bit/s (ideal $want)"
	[ "$got" -le $((want * 110 / 100)) ]
	check_err $? "goodput $got above the final ${LOW_KBIT}kbit share ($want)"
	if [ "$RATE_CHECK" = upper ]; then
		[ "$got" -gt 0 ]
		check_err $? "no goodput at all at the final rate"
		log_test "the final rate is still enforced [upper bound]"
	else
		[ "$got" -ge $((want / 2)) ]
		check_err $? "goodput $got far below the final ${LOW_KBIT}kbit share ($want)"
		log_test "the final rate is still enforced (within 50-110%)"
	fi
	cleanup_all_ns
}

selected live_set && test_live_set
exit "$EXIT_STATUS"
