#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Faults survived: allocation failures injected into the requests and into
# the RX clone paths (a debug kernel with FAILSLAB and
# FAULT_INJECTION_DEBUG_FS; skipped elsewhere).
#
# Requests (vnic_failnth.py): dev-new with a full policy and share, ip
# link add ... up type vnic, dev-set of MAC, framing and share on an up
# vnic, dev-del, a netns move and a paginated dump, each under the
# systematic fail-nth test: for n = 1, 2, ... until the request passes
# without a fault, the n-th allocation of the request fails. Each request
# succeeds or fails with an errno, and leaves exactly the state before (or
# the reference state after, on success): the vnic dump, both netns' links,
# the parent's unicast filter, promiscuity and upper devices; no stale
# rx_handler on the parent.
#
# RX: a broadcast burst from the wire to several vnics, then one from a
# bridge-mode vnic to its siblings, with failslab failing 10% of the atomic
# skb head allocations (the per-vnic clones) and a tiny backlog (netif_rx
# drops):
# every frame is counted by every vnic, received or dropped, once.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip python3
require_vnicctl

# Only the debug kernel can inject faults: elsewhere the suite skips (a
# skip, never a pass); in make check's debug guests (VNIC_DEBUG_KERNEL=1)
# a kernel without them fails it.
missing() {
	[ "${VNIC_DEBUG_KERNEL:-0}" = 1 ] && fail "$* (VNIC_DEBUG_KERNEL=1)"
	skip "$*"
}
FS=/sys/kernel/debug/failslab
if [ ! -w /proc/thread-self/fail-nth ] || [ ! -d "$FS" ]; then
	missing "no fault injection (FAILSLAB, FAULT_INJECTION_DEBUG_FS)"
fi
[ -f "$FS/reject-start" ] ||
	missing "no fault-injection stack filter (FAULT_INJECTION_STACKTRACE_FILTER)"
[ -f "$YNL_CLI" ] || fail "YNL_CLI not found: $YNL_CLI (scripts/deps.sh)"

# failslab as this test found it, restored on exit.
FS_KNOBS="probability interval times space verbose task-filter ignore-gfp-wait
	cache-filter reject-start reject-end"
SKB_CACHE=/sys/kernel/slab/skbuff_head_cache/failslab
fs_saved=()
for k in $FS_KNOBS; do
	fs_saved+=("$k=$(cat "$FS/$k")")
done
fs_set() {
	while [ $# -ge 2 ]; do
		echo "$2" >"$FS/$1" || return 1
		shift 2
	done
}
fs_restore() {
	local kv
	for kv in "${fs_saved[@]}"; do
		echo "${kv#*=}" >"$FS/${kv%%=*}"
	done
}
at_exit fs_restore
at_exit "echo 0 >$SKB_CACHE"
backlog=$(sysctl -n net.core.netdev_max_backlog)
at_exit sysctl -qw "net.core.netdev_max_backlog=$backlog"

# A refcount tracker's allocation is never failed: its failure is the
# debug machinery's, not the request's, and lib/ref_tracker.c logs it
# ("ref_tracker: memory allocation failure"), a splat for the gate. Which
# request makes one is a matter of timing (a linkwatch event already
# pending or not), so the stack filter rejects every fault whose stack
# passes through ref_tracker_alloc(); fail-nth does not count those.
# The kernel's symbols are listed in address order: the function ends
# where the next symbol starts. (sort(1) on /proc/kallsyms never returns
# in the debug guest.)
tracker=$(grep -m1 -A1 ' ref_tracker_alloc$' /proc/kallsyms |
	awk '{ printf "0x%s ", $1 }')
read -r rs re <<<"$tracker"
[ -n "$re" ] && [ "$rs" != 0x0000000000000000 ] &&
	[ $((re - rs)) -gt 0 ] && [ $((re - rs)) -lt 65536 ] ||
	fail "cannot find ref_tracker_alloc in /proc/kallsyms ($tracker)"
fs_set reject-start "$rs" reject-end "$re" || fail "cannot set the stack filter"

topo_veth || fail "cannot build the veth topology"
setup_ns TENANT || fail "cannot create the tenant netns"
# No IPv6: its chatter (DAD, RS, MLD) would be counted by the vnics.
for ns in "$HOST" "$WIRE" "$TENANT"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 ||
		fail "cannot disable IPv6"
done
# vnic_failnth.py enslaves the parent to it to find a stale rx_handler.
ip -n "$HOST" link add fbr0 type bridge || fail "cannot create a bridge"

test_requests() {
	local out op line rc log
	# fail-nth alone decides: no random faults, sleeping allocations too.
	fs_set probability 0 interval 1 times -1 space 0 verbose 0 \
		task-filter N ignore-gfp-wait N cache-filter N ||
		fail "cannot set failslab"
	log=$(mktemp)
	at_exit rm -f "$log"
	ip netns exec "$HOST" env YNL_CLI="$YNL_CLI" REPO="$REPO" \
		VNIC_FAILNTH_VERBOSE="${VNIC_FAILNTH_VERBOSE:-0}" \
		VNIC_FAILNTH_FULL="${VNIC_FAILNTH_FULL:-0}" \
		python3 "$LIB_DIR/vnic_failnth.py" "$PARENT" "$TENANT" \
		${VNIC_FAILNTH_OPS:-} 2>&1 |
		tee "$log" | sed -u 's/^/\t/'
	rc=${PIPESTATUS[0]}
	out=$(cat "$log")
	for op in ${VNIC_FAILNTH_OPS:-dev-new link-add dev-set dev-del netns dump}; do
		RET=0
		line=$(printf '%s\n' "$out" | grep -m1 "^$op: ")
		[ -n "$line" ] && [ "${line#*not run}" = "$line" ]
		check_err $? "$op: not run"
		printf '%s\n' "$out" | grep -q "^FAIL: ${op}[: ]"
		check_fail $? "$op: see the FAIL lines"
		log_test "fail-nth $op: each failure clean, state as before"
	done
	RET=0
	[ "$rc" -eq 0 ]
	check_err $? "vnic_failnth.py exited $rc"
	log_test "fail-nth: all requests"
}

VNICS_RX="r0 r1 r2 r3 r4 r5"

# rx_setup: r0 r1 private, r2 .. r5 bridge-mode; r1 polices RX, r4 takes
# ARP only. Each has counted one drop (its core counters exist). The
# vnics of test_requests go down.
rx_setup() {
	local v
	for v in fa0 fa1; do
		ip -n "$HOST" link set "$v" down 2>/dev/null
	done
	vnicctl_host add r0 link "$PARENT" mac 02:fb:00:00:00:00 &&
	vnicctl_host add r1 link "$PARENT" mac 02:fb:00:00:00:01 \
		rx-rate 100kbit rx-burst 2k &&
	vnicctl_host add r2 link "$PARENT" mac 02:fb:00:00:00:02 mode bridge &&
	vnicctl_host add r3 link "$PARENT" mac 02:fb:00:00:00:03 mode bridge &&
	vnicctl_host add r4 link "$PARENT" mac 02:fb:00:00:00:04 mode bridge \
		ethertype arp ethertype-rx on &&
	vnicctl_host add r5 link "$PARENT" mac 02:fb:00:00:00:05 mode bridge ||
		return 1
	# One unicast frame to each while it is down: a core rx_dropped.
	in_ns "$WIRE" python3 - <<-'EOF' || return 1
	import socket
	s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
	s.bind(('w0', 0))
	for i in range(6):
	    s.send(bytes.fromhex('02fb000000%02x' % i) + bytes(6) +
	           b'\x88\xb5' + bytes(46))
	EOF
	for v in $VNICS_RX; do
		ip -n "$HOST" link set "$v" up || return 1
	done
}

# counters: "NAME rx_packets rx_dropped tx_packets tx_dropped" per vnic of
# VNICS_RX and the wire end.
counters() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	ip netns exec "$HOST" sh -c 'for v in '"$VNICS_RX"'; do
		s=/sys/class/net/$v/statistics
		echo $v $(cat $s/rx_packets $s/rx_dropped $s/tx_packets $s/tx_dropped)
	done'
	# shellcheck disable=SC2016
	in_ns "$WIRE" sh -c 's=/sys/class/net/w0/statistics
		echo w0 $(cat $s/rx_packets $s/rx_dropped $s/tx_packets $s/tx_dropped)'
}

# field SNAPSHOT NAME COLUMN (2 rx_packets .. 5 tx_dropped)
field() {
	printf '%s\n' "$1" | awk -v n="$2" -v c="$3" '$1 == n { print $c }'
}

# faults_on BACKLOG: failslab on, and a backlog of BACKLOG frames.
faults_on() {
	sysctl -qw "net.core.netdev_max_backlog=$1"
	# Atomic allocations of skb heads only (the clones), in any context
	# (softirq too), not the rest of the system's.
	echo 1 >"$SKB_CACHE" || return 1
	fs_set ignore-gfp-wait Y task-filter N verbose 0 interval 1 space 0 \
		cache-filter Y times 1000000 probability 10
}

faults_off() {
	fs_set probability 0 cache-filter N
	echo 0 >"$SKB_CACHE"
	sysctl -qw "net.core.netdev_max_backlog=$backlog"
	echo $((1000000 - $(cat "$FS/times")))
}

# burst_check BEFORE AFTER SENT INJECTED VNIC...: every VNIC counted each of
# the SENT frames once, received or dropped.
burst_check() {
	local before=$1 after=$2 sent=$3 injected=$4 v p d dropped=0
	shift 4
	[ "$sent" -gt 0 ]
	check_err $? "no frame sent"
	[ "$injected" -gt 0 ]
	check_err $? "failslab injected no fault"
	for v in "$@"; do
		p=$(($(field "$after" "$v" 2) - $(field "$before" "$v" 2)))
		d=$(($(field "$after" "$v" 3) - $(field "$before" "$v" 3)))
		log_info "$v: sent $sent, received $p, dropped $d"
		[ $((p + d)) -eq "$sent" ]
		check_err $? "$v: received $p + dropped $d != $sent sent"
		dropped=$((dropped + d))
	done
	[ "$dropped" -gt 0 ]
	check_err $? "no drop at all: the faults missed the clones"
}

# flood BACKLOG NS DEV SRC [BLAST-OPTION...]: 1000 broadcast frames from DEV
# in NS with failslab on and a backlog of BACKLOG frames; prints how many
# faults were injected; fails if failslab cannot be set.
flood() {
	local backlog=$1 ns=$2 dev=$3 src=$4
	shift 4
	faults_on "$backlog" || return 1
	in_ns "$ns" python3 "$LIB_DIR/blast.py" "$dev" ff:ff:ff:ff:ff:ff \
		"$src" 255.255.255.255 60 --count 1000 --size 64 \
		--bad-csum "$@" >/dev/null
	faults_off
}

test_rx_wire() {
	local before after sent injected
	RET=0
	before=$(counters)
	# Four or five clones a frame (r1 polices): from the fourth on, the
	# backlog is full.
	injected=$(flood 2 "$WIRE" w0 "$WIRE_IP") ||
		fail "cannot set failslab on $SKB_CACHE"
	after=$(counters)
	sent=$(($(field "$after" w0 4) - $(field "$before" w0 4)))
	log_info "wire burst: $sent frames, $injected faults injected"
	burst_check "$before" "$after" "$sent" "$injected" $VNICS_RX
	log_test "RX flood under failslab: each vnic counts every frame once"
}

test_rx_bridge() {
	local before after sent injected
	RET=0
	before=$(counters)
	# Two clones a frame (r3, r5), queued before either is processed: the
	# second finds the backlog full.
	injected=$(flood 0 "$HOST" r2 192.0.2.50 --bypass) ||
		fail "cannot set failslab on $SKB_CACHE"
	after=$(counters)
	sent=$(($(field "$after" r2 4) - $(field "$before" r2 4) +
		$(field "$after" r2 5) - $(field "$before" r2 5)))
	log_info "bridge burst from r2: $sent frames, $injected faults injected"
	burst_check "$before" "$after" "$sent" "$injected" r3 r4 r5
	log_test "bridge flood under failslab: siblings count every frame once"
}

test_requests
rx_setup || fail "cannot set up the RX vnics"
test_rx_wire
test_rx_bridge

exit "$EXIT_STATUS"
