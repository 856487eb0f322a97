#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TX-path fuzzing of the framing checker, the wire as the oracle
# (vnic_txfuzz.py): a seeded stream of random, mutated and attack-template
# frames from a tenant, through AF_PACKET (plain, with PACKET_VNET_HDR and
# a random virtio_net_hdr, with sll_protocol != the frame's ethertype),
# VLAN devices on the vnic and an injector device redirected to it, against
# a vnic with a strict policy (allow-ip 192.0.2.10/32,2001:db8::10/128,
# default ethertypes, no VLAN). Every frame captured on the wire must
# satisfy that policy, and every frame the vnic refused must be counted
# under exactly one drop reason. Run once on a parent with its default
# offloads (checksum, TSO: pending checksums reach the wire end and the
# oracle completes them like a NIC would) and once with
# `ethtool -K p0 tx-checksumming off` (the parent's xmit path writes them).
#
#   VNIC_TXFUZZ_SEED    seed (default 16); a violation prints the seed and
#                       index that rebuild its frame:
#                       vnic_txfuzz.py dump --seed S --index I --mac MAC ...
#   VNIC_TXFUZZ_COUNT   frames per parent setting (default 2500, STRESS=1:
#                       1000000; raise VNIC_TEST_TIMEOUT for that)
#   VNIC_TXFUZZ_OFFLOAD "on off" (default): the parent settings to run
#   VNIC_TXFUZZ_BATCH   0: the books per send (each send between two
#                       counter reads, a few hundred frames a second in a
#                       TCG guest); N: per batch of N sends, the GSO ones
#                       per send, every wire frame still checked. Default:
#                       0 up to 20000 frames, else 5000.
#   VNIC_TXFUZZ_FRAMES  a frames file (vnic_txfuzz.py gen) to send instead
#                       of building the frames in the guest, where Python
#                       builds ~1000 a second; build it on the host (~70 s
#                       and ~370 MB per million frames):
#                       vnic_txfuzz.py gen --seed 16 --count 1000000 \
#                         --vlan-devs v0.100,v0.200,v0.100.7 --inject inj0 \
#                         --out FILE
#   VNIC_TXFUZZ_MAC     the vnic's MAC (default 02:00:00:16:00:10; the
#                       frames depend on it)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip tc ethtool python3
require_vnicctl

if [ "${STRESS:-0}" = 1 ]; then
	default_count=1000000
else
	default_count=2500
fi
SEED=${VNIC_TXFUZZ_SEED:-16}
COUNT=${VNIC_TXFUZZ_COUNT:-$default_count}
OFFLOADS=${VNIC_TXFUZZ_OFFLOAD:-on off}
ALLOW=192.0.2.10/32,2001:db8::10/128
MAC=${VNIC_TXFUZZ_MAC:-02:00:00:16:00:10}
BATCH=${VNIC_TXFUZZ_BATCH:--1}
FRAMES=${VNIC_TXFUZZ_FRAMES:-}
if [ -n "$FRAMES" ] && [ ! -r "$FRAMES" ]; then
	fail "VNIC_TXFUZZ_FRAMES: cannot read $FRAMES"
fi
TXFUZZ=$LIB_DIR/vnic_txfuzz.py

topo_veth || fail "cannot build the veth topology"
# Nothing but the vnic's frames on the wire: no IPv6 on the parent, the wire
# host without addresses and without IPv6 (its own frames are outgoing on
# w0 and ignored by the oracle anyway).
in_ns "$HOST" sysctl -qw net.ipv6.conf."$PARENT".disable_ipv6=1
in_ns "$WIRE" sysctl -qw net.ipv6.conf."$WIRE_IF".disable_ipv6=1
ip -n "$WIRE" addr flush dev "$WIRE_IF"

# A quiet tenant: no addresses, no IPv6 (no DAD, MLD, RS), so that every
# frame through v0 is one the fuzzer sent and the books can balance.
setup_ns T0 || fail "cannot create the tenant netns"
in_ns "$T0" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
in_ns "$T0" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
vnicctl_host add v0 link "$PARENT" mac "$MAC" allow-ip "$ALLOW" ||
	fail "cannot create v0 with allow-ip"
ip -n "$HOST" link set v0 netns "$T0" || fail "cannot move v0"
ip -n "$T0" link set v0 up || fail "cannot bring v0 up"
MAC0=$(mac_of "$T0" v0)
[ "$MAC0" = "${MAC,,}" ] || fail "v0 has MAC $MAC0, not $MAC"

# VLAN devices on the vnic: 802.1Q, 802.1ad and one stacked on the first.
VLANS=
if ip -n "$T0" link add link v0 name v0.100 type vlan id 100 2>/dev/null; then
	ip -n "$T0" link add link v0 name v0.200 type vlan protocol 802.1ad \
		id 200 || fail "cannot add an 802.1ad VLAN device on v0"
	ip -n "$T0" link add link v0.100 name v0.100.7 type vlan id 7 ||
		fail "cannot stack VLAN devices on v0"
	for d in v0.100 v0.200 v0.100.7; do
		ip -n "$T0" link set "$d" up || fail "cannot bring $d up"
	done
	VLANS=v0.100,v0.200,v0.100.7
else
	log_info "the vnic refuses VLAN devices: in-band tags only"
fi
injector "$T0" v0 || fail "cannot set up the injector device"
log_info "setup took ${SECONDS}s"

offl=
for o in $OFFLOADS; do
	case "$o" in
	on|off) offl+=${offl:+,}$o ;;
	*) fail "VNIC_TXFUZZ_OFFLOAD: on or off, not $o" ;;
	esac
done

RET=0
t0=$SECONDS
# One run per parent setting, the same frames each time (generated once):
# "offloads on" = the veth defaults (checksum, TSO), "offloads off" =
# ethtool -K p0 tx-checksumming off (which turns TSO off too).
python3 "$TXFUZZ" run --seed "$SEED" --count "$COUNT" --offloads "$offl" \
	--tenant-ns "$T0" --wire-ns "$WIRE" --host-ns "$HOST" \
	--parent "$PARENT" --vnic v0 --wire-if "$WIRE_IF" --vnicctl "$VNICCTL" \
	--allow "$ALLOW" --vlan-devs "$VLANS" --inject inj0 \
	--batch "$BATCH" ${FRAMES:+--frames "$FRAMES"}
rc=$?
log_info "fuzzing took $((SECONDS - t0))s"
check_err $rc "vnic_txfuzz.py exit $rc (rebuild frame I: python3 $TXFUZZ dump --seed $SEED --mac $MAC0 --vlan-devs '$VLANS' --inject inj0 --index I)"
log_test "TX fuzz, seed $SEED x $COUNT, parent offloads $offl"
exit "$EXIT_STATUS"
