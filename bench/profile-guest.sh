#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile-guest.sh [SECONDS]: where the CPU goes for 60-byte frames sent
# (TX) and received (RX) through one vnic (with its default qdisc, then
# with noqueue as a macvlan has) vs one macvlan on a veth parent:
# `perf record -a` (cpu-clock: the emulated guest has no PMU) and the top
# kernel symbols of each case. Run in the guest:
#   scripts/vm-run.sh -- bench/profile-guest.sh
# Needs perf (Debian: linux-perf) and bench/pktblast (make -C bench).
set -u
cd "$(dirname "$0")/.." || exit 1
source selftests/lib.sh
source selftests/vnic_topo.sh

SECS=${1:-4}
BLAST=$REPO/bench/pktblast
TOP=${PROFILE_TOP:-25}

require_root
require_cmd perf taskset
require_vnicctl
[ -x "$BLAST" ] || fail "$BLAST not built (make -C bench)"
topo_veth || fail "topology"
WORK=$(mktemp -d)
at_exit rm -rf "$WORK"

for kind in vnic vnic-noqueue macvlan; do
	setup_ns T || fail "netns"
	if [ $kind != macvlan ]; then
		vnicctl_host add d0 link "$PARENT" || fail "vnic"
	else
		ip -n "$HOST" link add link "$PARENT" name d0 type macvlan mode private
	fi
	ip -n "$HOST" link set d0 netns "$T"
	ip -n "$T" addr add 192.0.2.2/24 dev d0
	ip -n "$T" link set d0 up
	[ $kind = vnic-noqueue ] && tc -n "$T" qdisc replace dev d0 root noqueue
	echo "=== $kind: qdisc $(tc -n "$T" qdisc show dev d0 | head -1)"
	mac=$(mac_of "$T" d0)
	for dir in tx rx; do
		if [ $dir = tx ]; then
			set -- "$T" d0 02:00:5e:00:00:99 192.0.2.2 "$WIRE_IP"
		else
			set -- "$WIRE" "$WIRE_IF" "$mac" "$WIRE_IP" 192.0.2.2
		fi
		perf record -q -a -e cpu-clock -o "$WORK/$kind.$dir.data" -- \
			ip netns exec "$1" taskset -c 1 "$BLAST" "$2" "$3" "$4" "$5" 60 "$SECS" \
			>"$WORK/$kind.$dir.sent" 2>/dev/null
		echo "=== $kind $dir: $(cat "$WORK/$kind.$dir.sent") frames offered in $SECS s; top kernel symbols"
		perf report -q -i "$WORK/$kind.$dir.data" --sort sym --percent-limit 0.5 \
			--stdio 2>/dev/null | grep -F '[k]' | head -n "$TOP"
	done
	cleanup_ns "$T"
done
exit 0
