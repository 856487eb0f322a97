#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generic netlink fuzzing of the "vnic" family with vnic_nlfuzz (built on the
# host by `make`, from vnic_nlfuzz.c): a seeded, reproducible stream of
# valid, mutated and random requests from the parent's netns, then SETs with
# one invalid field each that must be rejected with an extack message and
# leave the vnic byte-for-byte unchanged. Afterwards no vnic is left and the
# parent still carries traffic for a fresh vnic.
#
#   VNIC_FUZZ_SEED   seed (default 0x766e6963); a failure prints the
#                    vnic_nlfuzz command line that replays it
#   VNIC_FUZZ_COUNT  phase 1 messages (default 100000, STRESS=1: 1000000)
#   VNIC_FUZZ_KEEP   phase 2 rejected SETs (default 2000)
#
# STRESS=1 runs about ten times longer than the runner's default per-test
# timeout allows: raise it too, e.g. VNIC_TEST_TIMEOUT=3000.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping python3
require_vnicctl

NLFUZZ=${VNIC_NLFUZZ:-$LIB_DIR/vnic_nlfuzz}
[ -x "$NLFUZZ" ] || fail "$NLFUZZ not built (make -C selftests, or make)"

if [ "${STRESS:-0}" = 1 ]; then
	default_count=1000000
else
	default_count=100000
fi
SEED=${VNIC_FUZZ_SEED:-0x766e6963}
COUNT=${VNIC_FUZZ_COUNT:-$default_count}
KEEP=${VNIC_FUZZ_KEEP:-2000}

count_vnics() {
	vnicctl_host -j show | python3 -S -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

topo_veth || fail "cannot build the veth topology"
PIDX=$(ip netns exec "$HOST" cat "/sys/class/net/$PARENT/ifindex") ||
	fail "no ifindex for $PARENT"

RET=0
log_info "vnic_nlfuzz -s $SEED -n $COUNT -k $KEEP -p $PIDX (in netns $HOST)"
in_ns "$HOST" "$NLFUZZ" -s "$SEED" -n "$COUNT" -k "$KEEP" -p "$PIDX" 2>&1 |
	sed 's/^/    /'
rc=${PIPESTATUS[0]}
check_err "$rc" "vnic_nlfuzz exited $rc (seed $SEED)"
log_test "netlink fuzz: $COUNT messages, $KEEP rejected SETs, seed $SEED"

RET=0
left=$(count_vnics)
check_err $? "cannot list vnics after fuzzing"
[ "$left" = 0 ]
check_err $? "$left vnic(s) left after fuzzing: $(vnicctl_host show 2>&1 | head -n 5)"
log_test "no vnic left after fuzzing"

RET=0
vnic_tenant T0 fresh0 10
check_err $? "cannot create a vnic on $PARENT after fuzzing"
in_ns "$T0" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
check_err $? "fresh vnic cannot ping the wire host"
log_test "$PARENT still forwards traffic for a fresh vnic"

exit "$EXIT_STATUS"
