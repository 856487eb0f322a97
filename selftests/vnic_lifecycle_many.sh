#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod with 100 vnics up in four namespaces and busy (ping floods both
# ways), then reload, recreate them all: every one carries traffic again.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_lifecycle_lib.sh"

require_root
require_cmd ip ping python3 bridge
[ -f "$YNL_CLI" ] || skip "no YNL client at $YNL_CLI"
require_vnicctl

##############################################################################
# 3. rmmod with 100 busy vnics in four namespaces, reload, recreate

N_MANY=100
N_NS=4

# many_create: vnics m0..m99 with 10.J.0.2/24, in namespaces M0..M3; the
# wire host has 10.J.0.1/24.
many_create() {
	local j ns pidx out
	pidx=$(ip netns exec "$HOST" cat "/sys/class/net/$PARENT/ifindex")
	# One process for all (an exec costs up to a second in a loaded guest).
	out=$(ip netns exec "$HOST" env YNL_CLI="$YNL_CLI" \
		python3 "$LIB_DIR/vnic_ynl_batch.py" \
		create "$pidx" m "$N_MANY" 02:00:00:00:01 2>&1) ||
		{ log_err "$out"; return 1; }
	for j in $(seq 0 $((N_MANY - 1))); do
		ns=M$((j % N_NS))
		echo "link set m$j netns ${!ns}"
	done | ip -n "$HOST" -batch - || return 1
	for j in $(seq 0 $((N_MANY - 1))); do
		ns=M$((j % N_NS))
		echo "addr add 10.$j.0.2/24 dev m$j" >>"$LOGDIR/batch.${!ns}"
		echo "link set m$j up" >>"$LOGDIR/batch.${!ns}"
	done
	for j in $(seq 0 $((N_NS - 1))); do
		ns=M$j
		ip -n "${!ns}" -batch "$LOGDIR/batch.${!ns}" || return 1
		rm -f "$LOGDIR/batch.${!ns}"
	done
}

# all_addrs: the vnics' addresses.
all_addrs() {
	local j
	for j in $(seq 0 $((N_MANY - 1))); do
		echo "10.$j.0.2"
	done
}

test_rmmod_many() {
	local j ns pids=() t0 t1 left macs=() bad moved
	RET=0
	topo_veth
	check_err $? "cannot build the topology"
	for j in $(seq 0 $((N_NS - 1))); do
		setup_ns "M$j"
		ns=M$j
		# Each vnic answers ARP only for its own address.
		in_ns "${!ns}" sysctl -qw net.ipv4.conf.all.arp_ignore=1
	done
	for j in $(seq 0 $((N_MANY - 1))); do
		echo "addr add 10.$j.0.1/24 dev $WIRE_IF"
	done | ip -n "$WIRE" -batch -
	t0=$(date +%s)
	many_create
	check_err $? "cannot create $N_MANY vnics"
	log_info "$N_MANY vnics created in $(($(date +%s) - t0)) s"
	[ "$(count_vnics)" -eq "$N_MANY" ]
	check_err $? "expected $N_MANY vnics"
	for j in $(seq 0 $((N_MANY - 1))); do
		macs+=("02:00:00:00:01:$(printf %02x "$j")")
	done

	# shellcheck disable=SC2046 # one address per word
	bad=$(in_ns "$WIRE" python3 "$LIB_DIR/ping_sweep.py" 60 $(all_addrs))
	check_err $? "vnics that do not answer pings: ${bad//$'\n'/ }"

	# Pings at 100/s from every tenth vnic to the wire host, from the
	# wire host to five others, and one sweep over all of them.
	for j in $(seq 0 10 $((N_MANY - 1))); do
		ns=M$((j % N_NS))
		ip netns exec "${!ns}" ping -q -i 0.01 -w 300 "10.$j.0.1" >/dev/null 2>&1 &
		pids+=($!)
	done
	for j in $(seq 5 20 $((N_MANY - 1))); do
		ip netns exec "$WIRE" ping -q -i 0.01 -w 300 "10.$j.0.2" >/dev/null 2>&1 &
		pids+=($!)
	done
	# shellcheck disable=SC2046 # one address per word
	ip netns exec "$WIRE" python3 "$LIB_DIR/ping_sweep.py" 300 $(all_addrs) \
		>/dev/null 2>&1 &
	pids+=($!)
	# Busy before rmmod: a slow (debug) guest may take a while to start
	# every ping, so each sampled vnic gets up to 30 one-second looks.
	bad=
	for j in 0 40 5 45; do
		ns=M$((j % N_NS))
		for _ in $(seq 30); do
			moved=$(bytes_moved "${!ns}" "m$j" 1)
			[ "$moved" -gt 0 ] && break
		done
		[ "$moved" -gt 0 ] || bad+=" m$j"
	done
	[ -z "$bad" ]
	check_err $? "no traffic on:$bad"

	t0=$(date +%s%N)
	rmmod vnic
	check_err $? "rmmod vnic failed with $N_MANY busy vnics"
	t1=$(date +%s%N)
	log_info "rmmod with $N_MANY busy vnics took $(((t1 - t0) / 1000000)) ms"
	VNIC_LOADED_BY_US=0
	! vnic_is_loaded
	check_err $? "vnic still loaded"
	left=0
	for j in $(seq 0 $((N_NS - 1))); do
		ns=M$j
		left=$((left + $(ip -n "${!ns}" -o link show | grep -c ': m[0-9]')))
	done
	[ "$left" -eq 0 ]
	check_err $? "$left vnics survived rmmod"
	ip -n "$HOST" link show "$PARENT" >/dev/null
	check_err $? "the parent did not survive rmmod"
	[ "$(link_attr "$HOST" "$PARENT" "d[0]['promiscuity']")" -eq 0 ]
	check_err $? "parent left promiscuous after rmmod"
	bad=
	for j in "${macs[@]}"; do
		uc_has "$HOST" "$PARENT" "$j" && bad+=" $j"
	done
	[ -z "$bad" ]
	check_err $? "vnic MACs left in the parent's unicast list:$bad"
	kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	log_test "rmmod with $N_MANY busy vnics in $N_NS namespaces"

	RET=0
	reload_vnic
	check_err $? "cannot reload vnic"
	t0=$(date +%s)
	many_create
	check_err $? "cannot recreate $N_MANY vnics after reload"
	log_info "$N_MANY vnics recreated in $(($(date +%s) - t0)) s"
	[ "$(count_vnics)" -eq "$N_MANY" ]
	check_err $? "expected $N_MANY vnics after reload"
	# shellcheck disable=SC2046 # one address per word
	bad=$(in_ns "$WIRE" python3 "$LIB_DIR/ping_sweep.py" 60 $(all_addrs))
	check_err $? "vnics that do not answer pings after reload: ${bad//$'\n'/ }"
	log_test "reload, recreate $N_MANY vnics: every one carries traffic"
	cleanup_all_ns
}

selected rmmod_many && test_rmmod_many
exit "$EXIT_STATUS"
