#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Events of the "monitor" multicast group, and the YNL spec with the
# kernel tree's client:
# - `vnicctl monitor` (text) and `vnicctl -j monitor` in the parent's
#   netns print one line per create (vnicctl and ip), set, parent-gone
#   and delete (vnicctl, ip, parent deletion), in order, with the vnic's
#   id, name, parent; refused requests print nothing;
# - a monitor in a tenant's netns gets the events of its vnic only (with
#   the parent's netns id), one in an unrelated netns gets nothing;
# - cli.py --spec uapi/specs/vnic.yaml: --dump dev-get lists the vnics
#   vnicctl shows, --do dev-new creates one (reply and vnicctl agree), and
#   another cli.py, --subscribe monitor, receives its dev-new-ntf.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip python3
require_vnicctl

SPEC=$REPO/uapi/specs/vnic.yaml
[ -f "$YNL_CLI" ] || fail "no YNL client at $YNL_CLI (scripts/ksrc.sh)"

topo_veth || fail "cannot build the veth topology"
setup_ns T0 OTHER

MON=$(mktemp -d /tmp/monitor.XXXXXX)
at_exit rm -rf "$MON"

# monitor NS FILE [OPTIONS...]: start vnicctl OPTIONS monitor in NS,
# output to FILE
monitor() {
	local ns=$1 file=$2
	shift 2
	ip netns exec "$ns" "$VNICCTL" "$@" monitor >"$file" 2>&1 &
	at_exit kill $!
}

# Start the monitors; they are listening once they print a probe's event.
monitor "$HOST" "$MON/host"
monitor "$HOST" "$MON/host.json" -j
monitor "$OTHER" "$MON/other"
monitor "$T0" "$MON/t0"
listening() {
	grep -q '^new probe' "$MON/host" && grep -q '"probe' "$MON/host.json"
}
for i in $(seq 30); do
	vnicctl_host add "probe$i" link "$PARENT" >/dev/null
	slowwait 1 listening && break
done
listening || fail "vnicctl monitor prints no event"
for j in $(seq "$i"); do
	vnicctl_host del "probe$j" >/dev/null 2>&1
done
# T0's monitor: it sees a vnic moved into T0; wait until it is listening.
vnicctl_host add v0 link "$PARENT" >/dev/null || fail "cannot create v0"
ip -n "$HOST" link set v0 netns "$T0" || fail "cannot move v0"
for i in $(seq 30); do
	vnicctl_host set v0 rate "${i}mbit"
	slowwait 1 grep -q '^set v0' "$MON/t0" && break
done
grep -q '^set v0' "$MON/t0" || fail "the tenant's monitor prints no event"
sleep 1
for f in host host.json t0 other; do
	wc -l <"$MON/$f" >"$MON/$f.mark"
done

# since FILE: its lines after its mark (those of the operations below)
since() {
	tail -n +"$(($(cat "$1.mark") + 1))" "$1"
}

# The operations, each expected event line in order (text monitor, HOST).
vnicctl_host add a0 link "$PARENT" mac 02:00:00:00:0a:01 >/dev/null
vnicctl_host set a0 rate 10mbit
vnicctl_host set a0 vlan 5000 2>/dev/null	# refused: no event
vnicctl_host add a0 link "$PARENT" 2>/dev/null	# refused: no event
ip -n "$HOST" link add link "$PARENT" name r0 type vnic
vnicctl_host set v0 vlan 7
ip -n "$HOST" link del r0
vnicctl_host del a0
vnicctl_host add b0 link "$PARENT" mode bridge >/dev/null
ip -n "$HOST" link del "$PARENT"	# parent-gone v0, b0; del v0, b0

ID_V0=$(grep -m1 '^set v0' "$MON/host" | sed 's/.*(id \([0-9]*\)).*/\1/')
EXPECT=(
	"new a0 [(]id [0-9]+[)] parent $PARENT mac 02:00:00:00:0a:01 mode private"
	"set a0 [(]id [0-9]+[)] parent $PARENT mac 02:00:00:00:0a:01 mode private"
	"new r0 [(]id [0-9]+[)] parent $PARENT mac .* mode private"
	"set v0 [(]id ${ID_V0}[)] parent $PARENT mac .* mode private netnsid [0-9]*"
	"del r0 [(]id [0-9]+[)] parent $PARENT"
	"del a0 [(]id [0-9]+[)] parent $PARENT"
	"new b0 [(]id [0-9]+[)] parent $PARENT mac .* mode bridge"
	"parent-gone v0 [(]id ${ID_V0}[)] parent $PARENT"
	"parent-gone b0 [(]id [0-9]+[)] parent $PARENT"
	"del v0 [(]id ${ID_V0}[)] parent $PARENT"
	"del b0 [(]id [0-9]+[)] parent $PARENT"
)

test_text() {
	local got i n
	RET=0
	n=${#EXPECT[@]}
	for _ in $(seq 50); do
		[ "$(since "$MON/host" | wc -l)" -ge "$n" ] && break
		sleep 0.2
	done
	sleep 1
	mapfile -t got < <(since "$MON/host")
	[ "${#got[@]}" -eq "$n" ]
	check_err $? "${#got[@]} events for $n operations: $(printf '[%s] ' "${got[@]}")"
	for ((i = 0; i < n; i++)); do
		[[ "${got[i]:-}" =~ ^${EXPECT[i]} ]]
		check_err $? "event $i: '${got[i]:-}', expected '${EXPECT[i]}'"
	done
	log_test "vnicctl monitor: new, set, del, parent-gone, in order, refused ops silent"
}

test_json() {
	local out
	RET=0
	out=$(since "$MON/host.json" | python3 -c '
import json, sys
ev = [json.loads(l) for l in sys.stdin if l.strip()]
print(" ".join(e["event"] + ":" + e["vnic"]["ifname"] + ":" + e["vnic"]["parent"] for e in ev))')
	check_err $? "vnicctl -j monitor printed lines that are not JSON"
	[ "$out" = "new:a0:$PARENT set:a0:$PARENT new:r0:$PARENT set:v0:$PARENT del:r0:$PARENT del:a0:$PARENT new:b0:$PARENT parent-gone:v0:$PARENT parent-gone:b0:$PARENT del:v0:$PARENT del:b0:$PARENT" ]
	check_err $? "JSON events: $out"
	log_test "vnicctl -j monitor: the same events, one JSON object per line"
}

test_netns() {
	local got
	RET=0
	mapfile -t got < <(since "$MON/t0")
	[ "${#got[@]}" -eq 3 ] &&
		[[ "${got[0]}" =~ ^"set v0 (id $ID_V0) parent $PARENT ".*" parent-netnsid "[0-9]+$ ]] &&
		[[ "${got[1]}" =~ ^"parent-gone v0 (id $ID_V0)" ]] &&
		[[ "${got[2]}" =~ ^"del v0 (id $ID_V0)" ]]
	check_err $? "tenant's events: $(printf '[%s] ' "${got[@]}")"
	[ ! -s "$MON/other" ] && [ "$(cat "$MON/other.mark")" = 0 ]
	check_err $? "a netns that sees no vnic got events: $(cat "$MON/other")"
	log_test "monitor in a tenant netns: its vnic's events only; elsewhere none"
}

# cli.py without validating the spec against the YNL schema at every
# start (slow in the emulated guest; make check validates it, ynl-gen).
ynl() {
	ip netns exec "$HOST" python3 "$YNL_CLI" --no-schema --spec "$SPEC" \
		--output-json "$@"
}

test_ynl() {
	local pidx out spid nr
	RET=0
	ip -n "$HOST" link add "$PARENT" type veth peer name w1 netns "$WIRE"
	ip -n "$HOST" link set "$PARENT" up
	pidx=$(ip netns exec "$HOST" cat /sys/class/net/"$PARENT"/ifindex)
	# A subscriber of its own: this cli.py cannot take notifications
	# while it waits for a reply. It subscribes, then sleeps 20 s (syscall
	# 230, clock_nanosleep), then prints what came.
	ip netns exec "$HOST" python3 "$YNL_CLI" --no-schema --spec "$SPEC" \
		--output-json --subscribe monitor --sleep 20 >"$MON/ynl.ntf" 2>&1 &
	spid=$!		# ip netns exec execs python3: its pid
	for _ in $(seq 150); do
		[ -e "/proc/$spid" ] || break
		read -r nr _ <"/proc/$spid/syscall" && [ "$nr" = 230 ] && break
		sleep 0.1
	done
	out=$(ynl --do dev-new \
		--json "{\"name\": \"y0\", \"parent-ifindex\": $pidx, \"mode\": 1, \"tx-rate\": 10000000, \"vlan\": 12}" 2>&1)
	check_err $? "cli.py --do dev-new failed: $out"
	vnicctl_host add y1 link "$PARENT" >/dev/null
	check_err $? "vnicctl add y1 failed"
	wait "$spid"
	check_err $? "cli.py --subscribe monitor failed: $(cat "$MON/ynl.ntf")"
	python3 - "$out" "$(vnicctl_host -j show)" "$(ynl --dump dev-get)" \
		"$(cat "$MON/ynl.ntf")" <<'EOF'
import json, sys
reply, ntfs = json.loads(sys.argv[1]), json.loads(sys.argv[4])
show = {v["ifname"]: v for v in json.loads(sys.argv[2])}
dump = {v["name"]: v for v in json.loads(sys.argv[3])}
err = []
if reply.get("name") != "y0" or reply.get("tx-rate") != 10000000 or \
   reply.get("vlan") != 12 or reply.get("mode") not in ("bridge", 1):
    err.append(f"dev-new reply {reply}")
if not any(n["name"] == "dev-new-ntf" and n["msg"].get("id") == reply.get("id")
           and n["msg"].get("name") == "y0" for n in ntfs):
    err.append(f"no dev-new-ntf for y0 among {ntfs}")
if sorted(dump) != sorted(show) or sorted(dump) != ["y0", "y1"]:
    err.append(f"dump {sorted(dump)}, vnicctl show {sorted(show)}")
for name in dump:
    d, s = dump[name], show.get(name, {})
    if d["id"] != s.get("id") or d["ifindex"] != s.get("ifindex") or \
       d["parent-name"] != s.get("parent") or d.get("tx-rate") != s.get("tx_rate") or \
       d.get("vlan") != s.get("vlan") or d.get("mode", "private") != s.get("mode"):
        err.append(f"{name}: dump {d} vs show {s}")
if err:
    print("; ".join(err))
    sys.exit(1)
EOF
	check_err $? "cli.py and vnicctl disagree"
	log_test "cli.py: --dump dev-get = vnicctl show, --do dev-new with its notification"
}

test_text
test_json
test_netns
test_ynl
exit "$EXIT_STATUS"
