#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lifecycle under traffic: deleting the parent while three vnics carry TCP
# and UDP both ways deletes them, the traffic processes error out in
# bounded time, and the module unloads cleanly; deleting a tenant netns
# under traffic deletes its vnic (it is not moved back) while the sibling
# vnic keeps carrying traffic.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_lifecycle_lib.sh"

require_root
require_cmd ip ping iperf3 python3 bridge timeout
require_vnicctl

##############################################################################
# 1. parent deleted under TCP + UDP traffic in both directions

test_parent_delete_traffic() {
	local i ns pids=() tcp=() t0 t1 pid rc
	RET=0
	topo_veth
	check_err $? "cannot build the topology"
	for i in 0 1 2; do
		vnic_tenant "T$i" "v$i" "1$i" || check_err 1 "cannot create v$i"
		in_ns "$WIRE" iperf3 -s -D -p "520$i"
		in_ns "$WIRE" iperf3 -s -D -p "530$i"
	done
	for i in 0 1 2; do
		wait_for_port "$WIRE" "520$i" && wait_for_port "$WIRE" "530$i"
		check_err $? "iperf3 servers did not start"
	done
	for i in 0 1 2; do
		ns=T$i
		# Each client would run for 10 min: only the parent's deletion
		# can end it; timeout(1) bounds a hang (rc 124).
		ip netns exec "${!ns}" timeout -k 5 300 iperf3 -c "$WIRE_IP" -p "520$i" \
			-b 10M --bidir -t 600 --pacing-timer 10000 --connect-timeout 5000 --snd-timeout 5000 \
			--rcv-timeout 5000 >"$LOGDIR/tcp$i" 2>&1 &
		pids+=($!)
		tcp+=($!)
		ip netns exec "${!ns}" timeout -k 5 300 iperf3 -c "$WIRE_IP" -p "530$i" \
			-u -b 2M --bidir -t 600 --pacing-timer 10000 --connect-timeout 5000 \
			--rcv-timeout 5000 >"$LOGDIR/udp$i" 2>&1 &
		pids+=($!)
	done
	sleep 3
	for i in 0 1 2; do
		read -r t0 t1 <<<"$(pid_moved "${tcp[i]}" "v$i" 2)"
		log_info "v$i before the parent's deletion: tx $t0 rx $t1 bytes in 2 s"
		[ "$t0" -gt 10000 ] && [ "$t1" -gt 10000 ]
		check_err $? "v$i does not carry traffic both ways (tx $t0 rx $t1)"
	done
	if [ "$RET" -ne 0 ]; then
		for i in "$LOGDIR"/tcp* "$LOGDIR"/udp*; do
			log_info "$i: $(tail -n 3 "$i")"
		done
	fi
	[ "$(count_vnics)" -eq 3 ]
	check_err $? "expected 3 vnics"

	t0=$(date +%s%N)
	ip -n "$HOST" link del "$PARENT"
	check_err $? "cannot delete the parent under traffic"
	t1=$(date +%s%N)
	log_info "parent deleted in $(((t1 - t0) / 1000000)) ms"
	[ "$(count_vnics)" -eq 0 ]
	check_err $? "vnics survive their parent"
	for i in 0 1 2; do
		ns=T$i
		! ip -n "${!ns}" link show "v$i" >/dev/null 2>&1
		check_err $? "v$i still exists in its tenant netns"
	done

	# Every client errors out on its own (send/receive timeouts, no
	# route), well before timeout(1) would kill it.
	exited_within 150 "${pids[@]}"
	check_err $? "traffic processes still running 150 s after the parent went: $EXITED"
	log_info "clients (pid:rc): $EXITED"
	for pid in $EXITED; do
		rc=${pid#*:}
		[ "$rc" != 124 ] && [ "$rc" != 137 ] && [ "$rc" != 0 ]
		check_err $? "a client did not error out by itself (pid:rc $pid)"
	done
	t1=$(date +%s%N)
	log_info "all clients gone $(((t1 - t0) / 1000000)) ms after the deletion"
	log_test "parent deleted under TCP+UDP both ways: vnics gone, clients err out"

	RET=0
	cleanup_all_ns
	[ "$(cat /sys/module/vnic/refcnt)" -eq 0 ]
	check_err $? "vnic module still referenced: $(cat /sys/module/vnic/refcnt)"
	rmmod vnic
	check_err $? "rmmod vnic failed after the parent's deletion"
	! vnic_is_loaded
	check_err $? "vnic still loaded"
	VNIC_LOADED_BY_US=0
	reload_vnic
	check_err $? "cannot reload vnic"
	log_test "module unloads cleanly after the parent's deletion"
}

##############################################################################
# 2. tenant netns deleted under traffic

test_tenant_ns_delete_traffic() {
	local before after blast mac0 pid0 pid1 out
	RET=0
	topo_veth && vnic_tenant T0 v0 10 && vnic_tenant T1 v1 11
	check_err $? "cannot build the topology"
	mac0=$(mac_of "$T0" v0)
	in_ns "$WIRE" iperf3 -s -D -p 5201 && in_ns "$WIRE" iperf3 -s -D -p 5202
	check_err $? "iperf3 servers"
	wait_for_port "$WIRE" 5201 && wait_for_port "$WIRE" 5202
	check_err $? "iperf3 servers did not start"

	ip netns exec "$T0" timeout -k 5 300 iperf3 -c "$WIRE_IP" -p 5201 --bidir \
		-b 10M --pacing-timer 10000 -t 600 >/dev/null 2>&1 &
	pid0=$!
	ip netns exec "$T1" timeout -k 5 300 iperf3 -c "$WIRE_IP" -p 5202 --bidir \
		-b 10M --pacing-timer 10000 -t 600 >"$LOGDIR/t1" 2>&1 &
	pid1=$!
	# ... and frames keep coming from the wire for v0's MAC while its
	# namespace is torn down.
	# shellcheck disable=SC2016 # expanded by the inner bash
	in_ns "$WIRE" timeout 300 bash -c 'while :; do
		python3 "$1/blast.py" "$2" "$3" "$4" 192.0.2.10 1 --count 200
		sleep 0.1; done' _ "$LIB_DIR" "$WIRE_IF" "$mac0" "$WIRE_IP" \
		>/dev/null 2>&1 &
	blast=$!
	sleep 3
	[ "$(pid_total "$pid0" v0 2)" -gt 10000 ]
	check_err $? "v0 carries no traffic"
	before=$(pid_total "$pid1" v1 2)
	uc_has "$HOST" "$PARENT" "$mac0"
	check_err $? "v0's MAC not in the parent's unicast list"

	# Kill what runs inside T0 and drop its last reference: the netns
	# is dismantled by the kernel while frames for v0 keep arriving.
	ip netns pids "$T0" | xargs -r kill -9
	cleanup_ns "$T0"
	slowwait 60 sh -c "! ip netns exec $HOST $VNICCTL show v0 >/dev/null 2>&1"
	check_err $? "v0 still listed 60 s after its netns was deleted"
	out=$(vnicctl_host -j show)
	[ "$(jfield "$out" "','.join(x['ifname'] for x in d)")" = v1 ]
	check_err $? "vnicctl show should list only v1: $out"
	! ip -n "$HOST" link show v0 >/dev/null 2>&1
	check_err $? "v0 came back to the parent's netns instead of being deleted"
	! uc_has "$HOST" "$PARENT" "$mac0"
	check_err $? "v0's MAC left in the parent's unicast list"

	after=$(pid_total "$pid1" v1 2)
	log_info "v1: $before bytes in 2 s before, $after after v0's netns went"
	[ "$after" -gt $((before / 10)) ] && [ "$after" -gt 10000 ]
	check_err $? "v1's traffic did not continue ($before -> $after bytes/2 s)"
	kill -0 "$pid1" 2>/dev/null
	check_err $? "v1's iperf3 died: $(cat "$LOGDIR/t1")"
	in_ns "$T1" ping -c 1 -W 5 "$WIRE_IP" >/dev/null
	check_err $? "v1 cannot ping after v0's netns went"
	kill "$blast" "$pid1" 2>/dev/null
	wait 2>/dev/null
	log_test "tenant netns deleted under traffic: its vnic deleted, sibling unaffected"
	cleanup_all_ns
}

selected parent_delete_traffic && test_parent_delete_traffic
selected tenant_ns_delete_traffic && test_tenant_ns_delete_traffic
exit "$EXIT_STATUS"
