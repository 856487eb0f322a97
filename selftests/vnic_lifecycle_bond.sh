#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The parent of vnics cannot be enslaved to a bond (vnic owns its
# rx_handler): refused with bonding's error, nothing changes, the vnic keeps
# working. Skipped where the kernel has no bonding (the debug kernel).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_lifecycle_lib.sh"

require_root
require_cmd ip ping python3
require_vnicctl

modprobe -q bonding 2>/dev/null
[ -d /sys/module/bonding ] || skip "no bonding in this kernel"

RET=0
topo_veth && vnic_tenant T0 v0 10
check_err $? "cannot build the topology"
ip netns exec "$T0" ping -q -i 0.05 -w 600 "$WIRE_IP" >/dev/null 2>&1 &
pid=$!
ip -n "$HOST" link add bond0 type bond mode active-backup
check_err $? "cannot create a bond"
expect_refused "bond slave" "in use and cannot be enslaved" \
	ip -n "$HOST" link set "$PARENT" master bond0
[ -z "$(ip -n "$HOST" link show master bond0)" ]
check_err $? "the bond has a slave"
kill -0 "$pid"
check_err $? "v0's ping died while the parent was being enslaved"
kill "$pid"
wait "$pid" 2>/dev/null
log_test "parent cannot join a bond; nothing changes"
exit "$EXIT_STATUS"
