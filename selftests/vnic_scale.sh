#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Scale: N vnics on one parent (VNIC_SCALE_N, default 1000; 4096 with
# STRESS=1), created and deleted with one `vnicctl -b` batch each.
#   - the dump (`vnicctl -j show`, `vnicctl -j stats`) spans many netlink
#     messages and holds every vnic exactly once, with unique ids, and agrees
#     with `ip -o link` (name, ifindex, MAC);
#   - a dump of the N vnics racing with creations and deletions never lists
#     a vnic twice nor misses one that lived through it: vnicctl either prints
#     a consistent list or, after its retries, fails with a message;
#   - the last vnic, moved into a tenant netns, carries traffic both ways
#     (counted on the wire peer);
#   - deleting all (K one by one with `vnicctl -b`, the moved one included,
#     the rest with their parent) leaves none, and the module unloads.
# Prints, as INFO lines (benchmark figures, not asserted): time per vnic to
# create and delete, memory per vnic, against the same number of macvlans on
# the same parent (`ip -b`). Deleting any netdevice waits for RCU grace
# periods (about 0.1 s each in the emulated guest, dummy devices included),
# which is why only K are deleted one by one.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip ping python3 tcpdump
require_vnicctl

if [ "${STRESS:-0}" = 1 ]; then
	N=${VNIC_SCALE_N:-4096}
else
	N=${VNIC_SCALE_N:-1000}
fi
[ "$N" -ge 4 ] || fail "VNIC_SCALE_N must be at least 4"
# Deleted one by one (the others with their parent).
K=$((N / 10 < 30 ? N / 10 : 30))
[ "$K" -ge 2 ] || K=2
LAST=s$((N - 1))
TENANT_IP=192.0.2.2
WORK=$(mktemp -d /tmp/vnic_scale.XXXXXX)
at_exit rm -rf "$WORK"

now_ns() { date +%s%N; }

# meminfo FIELD: a /proc/meminfo field in kB.
meminfo() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# mem_snapshot: "MemAvailable Slab Percpu" in kB, after settling (RCU
# callbacks that free memory).
mem_snapshot() {
	sleep 1
	echo "$(meminfo MemAvailable) $(meminfo Slab) $(meminfo Percpu)"
}

# mem_report WHAT BEFORE AFTER: memory per device as an INFO line.
mem_report() {
	local what=$1 b a
	read -ra b <<<"$2"
	read -ra a <<<"$3"
	log_info "$(printf '%s: memory per device: %d kB MemAvailable, %d kB Slab, %d kB Percpu (N=%d)' \
		"$what" $(((b[0] - a[0]) / N)) $(((a[1] - b[1]) / N)) \
		$(((a[2] - b[2]) / N)) "$N")"
}

# per_dev_us START_NS END_NS COUNT: microseconds per device.
per_dev_us() {
	echo $((($2 - $1) / $3 / 1000))
}

# check_dump FILE EXPECTED_N LAST_NETNS: the `vnicctl -j show` output in FILE
# holds exactly the vnics s0..s(N-1), each once, with unique ids and
# ifindexes, all on the parent; LAST_NETNS=1: the last one reports a netnsid.
check_dump() {
	python3 - "$1" "$2" "$PARENT" "$LAST" "$3" <<'EOF'
import json, sys
path, n, parent, last, last_netns = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1"
devs = json.load(open(path))
err = []
if len(devs) != n:
    err.append(f"{len(devs)} entries, expected {n}")
names = [d.get("ifname") for d in devs]
want = {f"s{i}" for i in range(n)}
dups = {x for x in names if names.count(x) > 1} if len(names) != len(set(names)) else set()
if dups:
    err.append(f"names listed more than once: {sorted(dups)[:5]}")
if set(names) != want:
    err.append(f"missing: {sorted(want - set(names))[:5]}, unexpected: {sorted(set(names) - want)[:5]}")
ids = [d.get("id") for d in devs]
if len(set(ids)) != len(ids) or None in ids:
    err.append("ids not unique")
if ids != sorted(ids):
    err.append("not in id order")
ifx = [d.get("ifindex") for d in devs]
if len(set(ifx)) != len(ifx):
    err.append("ifindexes not unique")
if any(d.get("parent") != parent for d in devs):
    err.append("a vnic with another parent")
for d in devs:
    if d.get("ifname") == last and ("netnsid" in d) != last_netns:
        err.append(f"{last}: netnsid present: {'netnsid' in d}, expected {last_netns}")
if err:
    print("; ".join(err))
    sys.exit(1)
EOF
}

# The dump (several netlink messages) against `ip -o link`: same names,
# ifindexes and MACs.
check_ip_link() {
	ip -n "$HOST" -o link show type vnic >"$WORK/iplink" || return 1
	python3 - "$WORK/show.json" "$WORK/iplink" <<'EOF'
import json, re, sys
devs = {d["ifname"]: (d["ifindex"], d["mac"]) for d in json.load(open(sys.argv[1]))}
ip = {}
for line in open(sys.argv[2]):
    m = re.match(r"(\d+): ([^:@]+)(@\S+)?:.*link/ether ([0-9a-f:]{17})", line)
    if not m:
        print(f"cannot parse: {line.strip()}")
        sys.exit(1)
    ip[m.group(2)] = (int(m.group(1)), m.group(4))
if devs != ip:
    diff = sorted(set(devs.items()) ^ set(ip.items()))[:5]
    print(f"vnicctl ({len(devs)}) and ip -o link ({len(ip)}) differ: {diff}")
    sys.exit(1)
EOF
}

test_create() {
	local i t0 t1 out
	RET=0
	for ((i = 0; i < N; i++)); do
		echo "add s$i link $PARENT"
	done >"$WORK/add.batch"
	MEM0=$(mem_snapshot)
	t0=$(now_ns)
	out=$(vnicctl_host -b "$WORK/add.batch" 2>&1)
	check_err $? "batch add failed: $out"
	t1=$(now_ns)
	MEM1=$(mem_snapshot)
	log_info "vnic: create $(per_dev_us "$t0" "$t1" "$N") us per vnic (vnicctl -b, N=$N)"
	mem_report vnic "$MEM0" "$MEM1"
	log_test "create $N vnics on one parent with one vnicctl batch"
}

test_dump() {
	local bytes out
	RET=0
	vnicctl_host -j show >"$WORK/show.json"
	check_err $? "vnicctl -j show failed"
	out=$(check_dump "$WORK/show.json" "$N" 0)
	check_err $? "show: $out"
	# Each reply message is at most one 32 KiB datagram: more bytes than
	# that prove the dump was paginated.
	bytes=$(ip netns exec "$HOST" env VNICCTL_DEBUG=2 "$VNICCTL" show 2>&1 >/dev/null |
		awk '$3 == "recv" && $4 == "len" { s += $5 } END { print s + 0 }')
	log_info "dump: $bytes bytes of netlink messages for $N vnics"
	# About 190 bytes per vnic: from 300 on, more than one datagram.
	if [ "$N" -ge 300 ]; then
		[ "$bytes" -gt 32768 ]
		check_err $? "dump of $N vnics is only $bytes bytes: not paginated"
	fi
	check_ip_link
	check_err $? "dump disagrees with ip -o link"
	vnicctl_host -j stats >"$WORK/stats.json"
	check_err $? "vnicctl -j stats failed"
	python3 - "$WORK/stats.json" "$N" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
names = [x.get("ifname", x.get("name")) for x in s]
sys.exit(0 if len(s) == int(sys.argv[2]) and len(set(names)) == len(s) else 1)
EOF
	check_err $? "stats dump does not hold $N distinct vnics"
	log_test "dump of $N vnics: paginated, each once, matches ip -o link"
}

# Dumps of the N vnics while vnic "churn" is created and deleted, and
# s1 is deleted and re-created under a higher id and back under its own:
# a dump that is not flagged NLM_F_DUMP_INTR could list s1 twice or miss it.
test_dump_race() {
	local i ok=0 intr=0 rc out churn_pid
	RET=0
	for ((i = 0; i < 500; i++)); do
		echo "del s1"
		echo "add churn link $PARENT"
		echo "add s1 link $PARENT"
		echo "del churn"
		echo "del s1"
		echo "add s1 link $PARENT"
	done >"$WORK/churn.batch"
	# ip netns exec execs vnicctl: $! is vnicctl itself, which kill stops.
	ip netns exec "$HOST" "$VNICCTL" -b "$WORK/churn.batch" >"$WORK/churn.out" 2>&1 &
	churn_pid=$!
	for ((i = 0; i < 4; i++)); do
		vnicctl_host -j show >"$WORK/race$i.json" 2>"$WORK/race$i.err"
		rc=$?
		if [ "$rc" -eq 0 ]; then
			# s1 and churn may each be there or not; nothing else moves.
			out=$(python3 - "$WORK/race$i.json" "$N" <<'EOF'
import json, sys
devs = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
names = [d["ifname"] for d in devs]
stable = {f"s{i}" for i in range(n)} - {"s1"}
err = []
if len(names) != len(set(names)):
    err.append("a vnic listed twice: " + str(sorted({x for x in names if names.count(x) > 1})))
if not stable <= set(names):
    err.append(f"missing: {sorted(stable - set(names))[:5]}")
if set(names) - stable - {"s1", "churn"}:
    err.append(f"unexpected: {sorted(set(names) - stable)[:5]}")
ids = [d["id"] for d in devs]
if len(ids) != len(set(ids)):
    err.append("ids not unique")
print("; ".join(err))
sys.exit(1 if err else 0)
EOF
)
			check_err $? "dump $i during churn: $out"
			ok=$((ok + 1))
		else
			# Gave up after its retries: nothing on stdout, one message.
			[ "$rc" -eq 1 ] && [ ! -s "$WORK/race$i.json" ] &&
				grep -q "^vnicctl: dump interrupted by concurrent changes, try again$" \
					"$WORK/race$i.err"
			check_err $? "dump $i during churn: exit $rc, $(head -c 300 "$WORK/race$i.err")"
			intr=$((intr + 1))
		fi
		kill -0 "$churn_pid" 2>/dev/null || break
	done
	if kill -0 "$churn_pid" 2>/dev/null; then
		kill "$churn_pid"
		wait "$churn_pid"
	else
		wait "$churn_pid"
		check_err $? "churn batch failed: $(tail -n 3 "$WORK/churn.out")"
	fi
	log_info "dumps during churn: $ok consistent, $intr interrupted (vnicctl gave up after its retries)"
	vnicctl_host del churn >/dev/null 2>&1
	vnicctl_host show s1 >/dev/null 2>&1 || vnicctl_host add s1 link "$PARENT"
	vnicctl_host -j show >"$WORK/show.json" && out=$(check_dump "$WORK/show.json" "$N" 0)
	check_err $? "after the churn: $out"
	log_test "dumps racing with create/delete are consistent or fail cleanly"
}

test_last_traffic() {
	local caught rx0 rx1 mac out
	RET=0
	setup_ns TENANT
	ip -n "$HOST" link set "$LAST" netns "$TENANT"
	check_err $? "cannot move $LAST to the tenant netns"
	ip -n "$TENANT" addr add "$TENANT_IP/24" dev "$LAST"
	ip -n "$TENANT" link set "$LAST" up
	mac=$(mac_of "$TENANT" "$LAST")

	capture_start "$WIRE" "$WIRE_IF" "icmp and ether src $mac and src host $TENANT_IP"
	rx0=$(rx_packets "$TENANT" "$LAST")
	in_ns "$WIRE" ping -c 5 -i 0.2 -W 3 "$TENANT_IP" >/dev/null
	check_err $? "no reply from $LAST to pings from the wire"
	in_ns "$TENANT" ping -c 5 -i 0.2 -W 3 "$WIRE_IP" >/dev/null
	check_err $? "$LAST gets no reply from the wire"
	caught=$(capture_count)
	rx1=$(rx_packets "$TENANT" "$LAST")
	# 5 echo replies and 5 echo requests from the vnic, seen on the wire.
	[ "$caught" -ge 10 ]
	check_err $? "the wire saw $caught ICMP frames from $LAST, expected 10"
	[ $((rx1 - rx0)) -ge 10 ]
	check_err $? "$LAST received $((rx1 - rx0)) packets, expected at least 10"
	vnicctl_host -j show >"$WORK/show.json"
	check_err $? "vnicctl -j show failed"
	out=$(check_dump "$WORK/show.json" "$N" 1)
	check_err $? "show after the move: $out"
	log_test "the last of $N vnics, in a tenant netns, carries traffic"
}

# Deleting a netdevice costs an RCU grace period or two, whatever its
# driver (about 0.1 s in the emulated guest, for a dummy too): the first K
# vnics and the moved one are deleted one by one, the rest with their parent
# (one batch in the kernel).
test_delete() {
	local i t0 t1 out n
	RET=0
	for ((i = 0; i < K - 1; i++)); do
		echo "del s$i"
	done >"$WORK/del.batch"
	echo "del $LAST" >>"$WORK/del.batch"
	t0=$(now_ns)
	out=$(vnicctl_host -b "$WORK/del.batch" 2>&1)
	check_err $? "batch del failed: $out"
	t1=$(now_ns)
	log_info "vnic: delete $(per_dev_us "$t0" "$t1" "$K") us per vnic (vnicctl -b, $K of N=$N)"
	[ -z "$(ip -n "$TENANT" -o link show type vnic)" ]
	check_err $? "$LAST still in the tenant netns"
	n=$(vnicctl_host -j show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" = $((N - K)) ]
	check_err $? "$n vnics left after deleting $K, expected $((N - K))"
	t0=$(now_ns)
	ip -n "$HOST" link del "$PARENT"
	check_err $? "cannot delete the parent"
	t1=$(now_ns)
	log_info "vnic: delete $(per_dev_us "$t0" "$t1" $((N - K))) us per vnic (with their parent, $((N - K)) of N=$N)"
	n=$(vnicctl_host -j show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" = 0 ]
	check_err $? "$n vnics left after deleting all"
	[ -z "$(ip -n "$HOST" -o link show type vnic)" ]
	check_err $? "vnic netdevices left after deleting all"
	MEM2=$(mem_snapshot)
	mem_report "vnic (left after deleting all)" "$MEM0" "$MEM2"
	if [ "$VNIC_LOADED_BY_US" = 1 ]; then
		t0=$(now_ns)
		vnic_unload
		check_err $? "rmmod vnic failed"
		log_info "rmmod: $((($(now_ns) - t0) / 1000000)) ms"
		! vnic_is_loaded
		check_err $? "vnic still loaded"
	fi
	log_test "delete all $N vnics, none left, module unloads"
}

# The same number of macvlans on the same parent, for comparison: created
# with one `ip -b` batch, K deleted one by one, the rest with the parent.
bench_macvlan() {
	local i t0 t1 m0 m1
	ip -n "$HOST" link add "$PARENT" type veth peer name "$WIRE_IF" \
		netns "$WIRE" || return 0
	ip -n "$HOST" link set "$PARENT" up
	for ((i = 0; i < N; i++)); do
		echo "link add m$i link $PARENT type macvlan mode private"
	done >"$WORK/mv-add.batch"
	for ((i = 0; i < K; i++)); do
		echo "link del m$i"
	done >"$WORK/mv-del.batch"
	m0=$(mem_snapshot)
	t0=$(now_ns)
	if ! ip -n "$HOST" -b "$WORK/mv-add.batch" >/dev/null 2>&1; then
		log_info "macvlan: cannot create $N macvlans, no comparison"
		return 0
	fi
	t1=$(now_ns)
	m1=$(mem_snapshot)
	log_info "macvlan: create $(per_dev_us "$t0" "$t1" "$N") us per macvlan (ip -b, N=$N)"
	mem_report macvlan "$m0" "$m1"
	t0=$(now_ns)
	ip -n "$HOST" -b "$WORK/mv-del.batch" >/dev/null 2>&1
	t1=$(now_ns)
	log_info "macvlan: delete $(per_dev_us "$t0" "$t1" "$K") us per macvlan (ip -b, $K of N=$N)"
	t0=$(now_ns)
	ip -n "$HOST" link del "$PARENT"
	t1=$(now_ns)
	log_info "macvlan: delete $(per_dev_us "$t0" "$t1" $((N - K))) us per macvlan (with their parent, $((N - K)) of N=$N)"
}

START=$(now_ns)
log_info "N=$N vnics"
topo_veth || fail "cannot build the topology"
test_create
test_dump
test_dump_race
test_last_traffic
test_delete
bench_macvlan
log_info "total $((($(now_ns) - START) / 1000000000)) s"

exit "$EXIT_STATUS"
