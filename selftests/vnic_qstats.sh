#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Queue statistics (netdev_stat_ops) read with the kernel tree's YNL client:
#   cli.py --spec Documentation/netlink/specs/netdev.yaml --dump qstats-get
# After shaped TX, spoofed frames (TX drops) and an RX flood over the
# policer (RX drops), once the counters are still: the vnic's ifindex is
# in the dump, the sum of its queues equals its device totals, and those
# equal `ip -s link`'s (packets, bytes, dropped) and vnicctl's counters
# (tx-throttled = tx stop, rx-rate = rx hw-drop-ratelimits).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip iperf3 python3
require_vnicctl

KSRC=${YNL_CLI%/tools/net/ynl/cli.py}
NETDEV_SPEC=$KSRC/Documentation/netlink/specs/netdev.yaml
[ -f "$YNL_CLI" ] && [ -f "$NETDEV_SPEC" ] ||
	fail "no YNL client or netdev spec under $KSRC (scripts/ksrc.sh)"

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 rate 20mbit rx-rate 2mbit rx-burst 16k ||
	fail "cannot create v0"
in_ns "$WIRE" iperf3 -s -D -p 5201 || fail "iperf3 server"
in_ns "$T0" iperf3 -s -D -p 5202 || fail "iperf3 server"
at_exit "ip netns pids $WIRE | xargs -r kill; ip netns pids $T0 | xargs -r kill"
wait_for_port "$WIRE" 5201 && wait_for_port "$T0" 5202 || fail "iperf3 servers"

OUT=$(mktemp /tmp/qstats.XXXXXX)
at_exit rm -f "$OUT" "$OUT.q" "$OUT.ip"

# qstats NS [SCOPE]: qstats-get dump in NS as JSON
qstats() {
	local ns=$1 json='{}'
	[ -n "${2:-}" ] && json="{\"scope\": \"$2\"}"
	# --no-schema: no spec validation at every start (slow in the guest)
	ip netns exec "$ns" python3 "$YNL_CLI" --no-schema --spec "$NETDEV_SPEC" \
		--dump qstats-get --json "$json" --output-json
}

# iplink NS DEV: ip -s link's counters as one line of JSON
iplink() {
	ip -n "$1" -j -s link show "$2" |
		python3 -c 'import json,sys; s=json.load(sys.stdin)[0]["stats64"]; print(json.dumps(s, sort_keys=True))'
}

# Traffic: shaped TCP out, spoofed frames out, a UDP flood in.
in_ns "$T0" iperf3 -c "$WIRE_IP" -p 5201 -t 2 >/dev/null || fail "iperf3 out"
in_ns "$T0" python3 "$LIB_DIR/frames.py" send v0 spoof-mac --count 7 >/dev/null ||
	fail "frames.py"
in_ns "$WIRE" iperf3 -c 192.0.2.10 -p 5202 -u -b 20M -t 2 >/dev/null ||
	fail "iperf3 in"

test_qstats() {
	local ifindex ip1 ip2 try res
	RET=0
	ifindex=$(ip netns exec "$T0" cat /sys/class/net/v0/ifindex)
	# Quiesce: ip's counters the same before and after the dumps.
	for try in 1 2 3 4 5; do
		sleep 1
		ip1=$(iplink "$T0" v0)
		qstats "$T0" >"$OUT" && qstats "$T0" queue >"$OUT.q"
		check_err $? "cli.py qstats-get failed: $(cat "$OUT")"
		ip2=$(iplink "$T0" v0)
		[ "$ip1" = "$ip2" ] && break
		log_info "traffic in flight (try $try), again"
	done
	[ "$ip1" = "$ip2" ]
	check_err $? "v0's counters never settled"
	echo "$ip2" >"$OUT.ip"
	res=$(python3 - "$OUT" "$OUT.q" "$OUT.ip" "$ifindex" \
		"$(vnicctl_host -j stats v0)" <<'EOF'
import json, sys
dev = json.load(open(sys.argv[1]))
queues = json.load(open(sys.argv[2]))
ip = json.loads(open(sys.argv[3]).read())
ifindex = int(sys.argv[4])
vs = json.loads(sys.argv[5])[0]
err = []
d = [e for e in dev if e.get("ifindex") == ifindex]
if len(d) != 1:
    print(f"ifindex {ifindex} in the device dump {len(d)} times: {dev}")
    sys.exit(1)
d = d[0]
q = [e for e in queues if e.get("ifindex") == ifindex]
kinds = sorted((e.get("queue-type"), e.get("queue-id")) for e in q)
if kinds != [("rx", 0), ("tx", 0)]:
    err.append(f"queues {kinds}, expected rx 0 and tx 0")
keys = {"rx": ["rx-packets", "rx-bytes", "rx-hw-drops", "rx-hw-drop-ratelimits"],
        "tx": ["tx-packets", "tx-bytes", "tx-hw-drops",
               "tx-hw-drop-ratelimits", "tx-stop"]}
for kind, names in keys.items():
    for k in names:
        s = sum(e.get(k, 0) for e in q if e.get("queue-type") == kind)
        if k not in d or s != d[k]:
            err.append(f"{k}: queues sum to {s}, device {d.get(k)}")
want = {
    "rx-packets": ip["rx"]["packets"], "rx-bytes": ip["rx"]["bytes"],
    "tx-packets": ip["tx"]["packets"], "tx-bytes": ip["tx"]["bytes"],
    "tx-stop": vs["tx_throttled"],
    "rx-hw-drop-ratelimits": vs["rx_rate"],
    "tx-hw-drop-ratelimits": vs["tx_rate"],
}
for k, v in want.items():
    if d.get(k) != v:
        err.append(f"{k}: qstats {d.get(k)}, expected {v}")
for kind in ("rx", "tx"):
    hw, rl = d.get(f"{kind}-hw-drops", 0), d.get(f"{kind}-hw-drop-ratelimits", 0)
    if hw + rl != ip[kind]["dropped"]:
        err.append(f"{kind} drops: qstats {hw} + {rl}, ip {ip[kind]['dropped']}")
for k, low in (("tx-stop", 1), ("rx-hw-drop-ratelimits", 1), ("tx-hw-drops", 7)):
    if d.get(k, 0) < low:
        err.append(f"{k} is {d.get(k)}: the traffic should have moved it")
print("; ".join(err) if err else
      "v0: " + ", ".join(f"{k} {d[k]}" for k in sorted(d) if k != "ifindex"))
sys.exit(1 if err else 0)
EOF
	)
	check_err $? "$res"
	log_info "$res"
	log_test "qstats-get: v0's queues sum to its totals, equal to ip -s link"
}

test_host_view() {
	local ifindex
	RET=0
	vnicctl_host add h0 link "$PARENT" >/dev/null
	check_err $? "cannot create h0"
	ifindex=$(ip netns exec "$HOST" cat /sys/class/net/h0/ifindex)
	qstats "$HOST" >"$OUT"
	check_err $? "cli.py qstats-get in the parent's netns failed"
	python3 -c 'import json,sys; sys.exit(not any(e.get("ifindex") == int(sys.argv[2]) for e in json.load(open(sys.argv[1]))))' \
		"$OUT" "$ifindex"
	check_err $? "h0 (ifindex $ifindex) not in the parent's netns dump"
	log_test "qstats-get lists the vnics of each netns"
}

test_qstats
test_host_view
exit "$EXIT_STATUS"
