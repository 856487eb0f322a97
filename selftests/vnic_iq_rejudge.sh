#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A frame waiting in the driver's queue when the ethertype allowlist drops
# IPv4 is judged again when it leaves, and dropped under tx-ethertype (it
# used to be purged, uncounted, and a live policy change lost every
# waiting frame). The parent gets a capacity, so the vnic's frames over
# its rate wait in the driver whatever tx_shaper it was created with.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
require_root
require_vnicctl
topo_veth || fail topo
vnic_tenant T0 v0 10 || fail v0
RET=0
vnicctl_host parent set "$PARENT" capacity 1mbit burst 3000 || fail capacity
vnicctl_host set v0 rate 100kbit burst 3000 || fail rate
WMAC=$(mac_of "$WIRE" "$WIRE_IF")
b0=$(rx_packets "$WIRE" "$WIRE_IF")
s0=$(vnicctl_host -j stats v0)
# 40 frames of 1000 B: 320 kbit, 3.2 s at 100 kbit/s; most wait.
in_ns "$T0" python3 "$LIB_DIR/blast.py" v0 "$WMAC" 192.0.2.10 "$WIRE_IP" 10 --size 1000 --count 40
vnicctl_host set v0 ethertype arp,ipv6 || fail set
sleep 5
b1=$(rx_packets "$WIRE" "$WIRE_IF")
s1=$(vnicctl_host -j stats v0)
et=$(python3 -c "import json,sys; a=json.loads(sys.argv[1])[0]; b=json.loads(sys.argv[2])[0]; print(b['tx_ethertype']-a['tx_ethertype'])" "$s0" "$s1")
log_info "wire got $((b1 - b0)) frames; tx_ethertype +$et; tx_dropped $(tx_dropped "$T0" v0)"
[ "$et" -gt 20 ] && [ $((b1 - b0 + et)) -ge 40 ]
check_err $? "waiting IPv4 frames not re-judged"
log_test "iq: waiting frames judged again after the allowlist dropped IPv4"
exit "$EXIT_STATUS"
