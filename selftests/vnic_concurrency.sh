#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Concurrency: WORKERS processes (default 2) run one vnicctl per command and
# BATCH_WORKERS (default 2) run `vnicctl -f -b` batches of 40 commands (many
# more requests in flight), adding, deleting and setting vnics with names
# from a small pool (c0..c7) on one parent for DURATION seconds (default 20;
# STRESS=1: 120; at least 20 commands or 2 batches each, however slow the
# guest), while another process dumps them (`vnicctl -j show`) in a
# loop. Every command is logged with its result (exit code and message, or
# the batch's "line N:" message) and its start and end time (a batch's for
# its commands). Asserted afterwards:
#   - per name, successful adds and deletes alternate: #adds - #dels is 0 or
#     1 and says whether the name exists at the end;
#   - every failure is one "vnicctl: <message> (<error>)" line with exit
#     code 2 and the expected error: add of an existing name "File exists",
#     del or set of a missing one "No such device"; nothing else fails;
#   - each surviving vnic has the MAC of the last add of its name and the
#     rate and VLAN of one successful add or set that may have been the last
#     (none that surely came after it); every command sets a unique rate, so
#     a mix of two commands' settings is caught;
#   - every dump is a valid JSON list of pool names, each once, ids unique;
#   - everything deletes, and the module unloads (the debug kernel's gate
#     catches leaked references and memory).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip python3
require_vnicctl

if [ "${STRESS:-0}" = 1 ]; then
	DURATION=${VNIC_CONC_DURATION:-120}
else
	DURATION=${VNIC_CONC_DURATION:-20}
fi
WORKERS=${VNIC_CONC_WORKERS:-2}
BATCH_WORKERS=${VNIC_CONC_BATCH_WORKERS:-2}
POOL=8
CHUNK=40
WORK=$(mktemp -d /tmp/vnic_conc.XXXXXX)
at_exit rm -rf "$WORK"

# worker W END LOG VNICCTL PARENT POOL: runs in the parent's netns until
# EPOCHREALTIME passes END; one tab-separated line per command:
#   op name mac rate vlan exit-code start end message
# Each command's rate is unique: (W * 100000 + seq) * 8 kbit.
# shellcheck disable=SC2317 # run by "bash -c" in the parent's netns
worker() {
	local w=$1 end=$2 log=$3 vnicctl=$4 parent=$5 pool=$6
	local seq=0 op name mac rate vlan rc t0 t1 msg
	RANDOM=$((w * 7919 + 17))
	while [[ $seq -lt 20 || ${EPOCHREALTIME/./} -lt $end ]]; do
		seq=$((seq + 1))
		name=c$((RANDOM % pool))
		rate=$(((w * 100000 + seq) * 8))
		vlan=$(((w * 1000 + seq) % 4094 + 1))
		mac=-
		case $((RANDOM % 3)) in
		0)
			op='add'
			mac=$(printf '02:00:00:%02x:%02x:%02x' "$w" \
				$((seq >> 8 & 255)) $((seq & 255)))
			t0=${EPOCHREALTIME/./}
			msg=$("$vnicctl" add "$name" link "$parent" mac "$mac" \
				rate "${rate}kbit" vlan "$vlan" 2>&1)
			rc=$?
			;;
		1)
			op='del'
			rate=- vlan=-
			t0=${EPOCHREALTIME/./}
			msg=$("$vnicctl" del "$name" 2>&1)
			rc=$?
			;;
		2)
			op='set'
			t0=${EPOCHREALTIME/./}
			msg=$("$vnicctl" set "$name" rate "${rate}kbit" \
				vlan "$vlan" 2>&1)
			rc=$?
			;;
		esac
		t1=${EPOCHREALTIME/./}
		msg=${msg//$'\n'/\\n}
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$op" "$name" \
			"$mac" "$rate" "$vlan" "$rc" "$t0" "$t1" "${msg:--}" >>"$log"
	done
}

# batch_worker W END DIR VNICCTL PARENT POOL CHUNK: like worker, CHUNK
# commands per `vnicctl -f -b`; batch K leaves DIR/bW.K.cmds (op name mac
# rate vlan per line), DIR/bW.K.err (its messages) and DIR/bW.K.time.
# shellcheck disable=SC2317 # run by "bash -c" in the parent's netns
batch_worker() {
	local w=$1 end=$2 dir=$3 vnicctl=$4 parent=$5 pool=$6 chunk=$7
	local seq=0 k=0 i name mac rate vlan t0 base
	RANDOM=$((w * 7919 + 17))
	while [[ $k -lt 2 || ${EPOCHREALTIME/./} -lt $end ]]; do
		k=$((k + 1))
		base=$dir/b$w.$k
		: >"$base.batch"
		: >"$base.cmds"
		for ((i = 0; i < chunk; i++)); do
			seq=$((seq + 1))
			name=c$((RANDOM % pool))
			rate=$(((w * 100000 + seq) * 8))
			vlan=$(((w * 1000 + seq) % 4094 + 1))
			case $((RANDOM % 3)) in
			0)
				mac=$(printf '02:00:00:%02x:%02x:%02x' "$w" \
					$((seq >> 8 & 255)) $((seq & 255)))
				echo "add $name link $parent mac $mac rate ${rate}kbit vlan $vlan" >>"$base.batch"
				printf 'add\t%s\t%s\t%s\t%s\n' "$name" "$mac" "$rate" "$vlan" >>"$base.cmds"
				;;
			1)
				echo "del $name" >>"$base.batch"
				printf 'del\t%s\t-\t-\t-\n' "$name" >>"$base.cmds"
				;;
			2)
				echo "set $name rate ${rate}kbit vlan $vlan" >>"$base.batch"
				printf 'set\t%s\t-\t%s\t%s\n' "$name" "$rate" "$vlan" >>"$base.cmds"
				;;
			esac
		done
		t0=${EPOCHREALTIME/./}
		"$vnicctl" -f -b "$base.batch" >"$base.out" 2>"$base.err"
		echo "$? $t0 ${EPOCHREALTIME/./}" >"$base.time"
	done
}

# dumper STOP DIR VNICCTL: `vnicctl -j show` into DIR/N.{json,err,rc}, until
# the file STOP exists and at least 3 dumps were made.
# shellcheck disable=SC2317 # run by "bash -c" in the parent's netns
dumper() {
	local stop=$1 dir=$2 vnicctl=$3 n=0
	while [[ $n -lt 3 || ! -e $stop ]]; do
		n=$((n + 1))
		"$vnicctl" -j show >"$dir/$n.json" 2>"$dir/$n.err"
		echo $? >"$dir/$n.rc"
	done
}

test_churn() {
	local end w pids=() out dumper_pid
	RET=0
	end=$((${EPOCHREALTIME/./} + DURATION * 1000000))
	for ((w = 1; w <= WORKERS; w++)); do
		ip netns exec "$HOST" bash -c "$(declare -f worker); worker \"\$@\"" \
			_ "$w" "$end" "$WORK/w$w.log" "$VNICCTL" "$PARENT" "$POOL" &
		pids+=($!)
	done
	mkdir "$WORK/batches"
	for ((w = WORKERS + 1; w <= WORKERS + BATCH_WORKERS; w++)); do
		ip netns exec "$HOST" bash -c "$(declare -f batch_worker); batch_worker \"\$@\"" \
			_ "$w" "$end" "$WORK/batches" "$VNICCTL" "$PARENT" "$POOL" "$CHUNK" &
		pids+=($!)
	done
	mkdir "$WORK/dumps"
	ip netns exec "$HOST" bash -c "$(declare -f dumper); dumper \"\$@\"" \
		_ "$WORK/stop" "$WORK/dumps" "$VNICCTL" &
	dumper_pid=$!
	for w in "${pids[@]}"; do
		wait "$w"
		check_err $? "a worker failed"
	done
	touch "$WORK/stop"
	wait "$dumper_pid"
	check_err $? "the dumper failed"
	vnicctl_host -j show >"$WORK/final.json"
	check_err $? "final vnicctl -j show failed"

	out=$(python3 - "$WORK" "$WORKERS" "$POOL" <<'EOF'
import glob, json, os, re, sys
work, workers, pool = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = [f"c{i}" for i in range(pool)]
err = []
cmds = []
for w in range(1, workers + 1):
    for line in open(os.path.join(work, f"w{w}.log")):
        op, name, mac, rate, vlan, rc, t0, t1, msg = line.rstrip("\n").split("\t", 8)
        cmds.append(dict(op=op, name=name, mac=mac, rate=rate, vlan=vlan,
                         rc=int(rc), t0=int(t0), t1=int(t1), msg=msg, w=w))
# Batches: a failed line printed "vnicctl: line N: ..."; -2 marks a failure
# whose exit code a batch does not tell.
for tf in glob.glob(os.path.join(work, "batches", "*.time")):
    base = tf[:-5]
    brc, t0, t1 = map(int, open(tf).read().split())
    fails = {}
    for line in open(base + ".err"):
        m = re.match(r"vnicctl: line (\d+): (.*)", line.rstrip("\n"))
        if not m or int(m.group(1)) in fails:
            err.append(f"{base}: unexpected message {line!r}")
            continue
        fails[int(m.group(1))] = "vnicctl: " + m.group(2)
    if os.path.getsize(base + ".out"):
        err.append(f"{base}: output on stdout")
    if (brc != 0) != bool(fails):
        err.append(f"{base}: exit {brc} with {len(fails)} failed lines")
    for i, line in enumerate(open(base + ".cmds"), 1):
        op, name, mac, rate, vlan = line.rstrip("\n").split("\t")
        cmds.append(dict(op=op, name=name, mac=mac, rate=rate, vlan=vlan,
                         rc=-2 if i in fails else 0, t0=t0, t1=t1,
                         msg=fails.get(i, "-"), w=base))
ok = [c for c in cmds if c["rc"] == 0]
final = {d["ifname"]: d for d in json.load(open(os.path.join(work, "final.json")))}

# Failures: exit 2, one "vnicctl: message (error)" line, the expected error.
want_err = {"add": "File exists", "del": "No such device", "set": "No such device"}
fails = {}
for c in cmds:
    if c["rc"] == 0:
        if c["msg"] != "-":
            err.append(f"{c['op']} {c['name']} succeeded with output {c['msg']!r}")
        continue
    # "vnicctl: MSG (attribute: name; ERRNO)" or "vnicctl: MSG (ERRNO)"
    m = re.fullmatch(r"vnicctl: (\S.*) \((?:attribute: name; )?([^();]+)\)", c["msg"])
    if c["rc"] not in (2, -2) or not m or m.group(2) != want_err[c["op"]]:
        err.append(f"{c['op']} {c['name']}: exit {c['rc']}: {c['msg']!r}")
    else:
        fails.setdefault((c["op"], m.group(1)), 0)
        fails[(c["op"], m.group(1))] += 1

for n in names:
    adds = [c for c in ok if c["name"] == n and c["op"] == "add"]
    dels = [c for c in ok if c["name"] == n and c["op"] == "del"]
    sets = [c for c in ok if c["name"] == n and c["op"] == "set"]
    d = len(adds) - len(dels)
    if d not in (0, 1) or d != (n in final):
        err.append(f"{n}: {len(adds)} adds, {len(dels)} dels, exists: {n in final}")
        continue
    # Alternation in time: between two successful adds (or dels) of which
    # one surely ended before the other began, a successful del (or add)
    # overlapped; before any successful del, an add had begun.
    # (For each a, the b that ends first among those starting after a ended
    # is enough: a del overlapping that window overlaps the wider ones.)
    for x, y in ((adds, dels), (dels, adds)):
        for a in x:
            after = [b for b in x if b["t0"] > a["t1"]]
            if not after:
                continue
            b = min(after, key=lambda c: c["t1"])
            if not any(c["t1"] > a["t0"] and c["t0"] < b["t1"] for c in y):
                err.append(f"{n}: two successful {a['op']}s in a row")
    for dl in dels:
        if not any(a["t0"] < dl["t1"] for a in adds):
            err.append(f"{n}: del succeeded before any add")
    if n not in final:
        continue
    f = final[n]
    last = [a for a in adds if a["mac"] == f["mac"]]
    if not last:
        err.append(f"{n}: MAC {f['mac']} from no successful add")
        continue
    A = last[0]
    if any(a["t0"] > A["t1"] for a in adds):
        err.append(f"{n}: MAC {f['mac']} of an add that surely was not the last")
    src = [c for c in [A] + sets
           if c["rate"] != "-" and int(c["rate"]) * 1000 == f.get("tx_rate")
           and int(c["vlan"]) == f.get("vlan")]
    if not src or (src[0] is not A and src[0]["t1"] < A["t0"]):
        err.append(f"{n}: rate {f.get('tx_rate')} vlan {f.get('vlan')} from no successful add/set of this vnic")
        continue
    X = src[0]
    later = [s for s in sets if s["t0"] > X["t1"] and s["t0"] > A["t1"]]
    if later:
        err.append(f"{n}: settings of a command overwritten by a later successful set")

# Dumps: valid JSON, pool names only, each once, unique ids.
dumps = intr = 0
for rcf in glob.glob(os.path.join(work, "dumps", "*.rc")):
    base = rcf[:-3]
    rc = int(open(rcf).read())
    out = open(base + ".json").read()
    msg = open(base + ".err").read()
    if rc != 0:
        if rc == 1 and not out and msg == "vnicctl: dump interrupted by concurrent changes, try again\n":
            intr += 1
            continue
        err.append(f"dump {base}: exit {rc}: {msg!r}")
        continue
    try:
        devs = json.loads(out)
    except ValueError as e:
        err.append(f"dump {base}: invalid JSON: {e}: {out[:200]!r}")
        continue
    dumps += 1
    dn = [x.get("ifname") for x in devs]
    ids = [x.get("id") for x in devs]
    if not isinstance(devs, list) or set(dn) - set(names) or len(set(dn)) != len(dn) or len(set(ids)) != len(ids):
        err.append(f"dump {base}: bad content {dn} {ids}")
    if msg:
        err.append(f"dump {base}: stderr {msg!r}")

by_op = {op: sum(1 for c in ok if c["op"] == op) for op in ("add", "del", "set")}
print(f"INFO: {len(cmds)} commands, {len(ok)} succeeded ({by_op}), "
      f"{len(final)} vnics at the end, {dumps} dumps ({intr} interrupted)")
for (op, m), k in sorted(fails.items()):
    print(f"INFO: {k} x {op}: {m}")
if by_op["add"] < 2 or by_op["del"] < 1 or by_op["set"] < 1 or dumps < 1:
    err.append("too few successful commands or dumps to mean anything")
for e in err[:20]:
    print(f"ERROR: {e}")
sys.exit(1 if err else 0)
EOF
)
	check_err $? "invariants broken"
	printf '%s\n' "$out"
	log_test "$((WORKERS + BATCH_WORKERS)) workers add/del/set ${POOL} names for ${DURATION}s, with dumps"
}

test_cleanup() {
	local n name
	RET=0
	for name in $(vnicctl_host -j show | python3 -c 'import json,sys; print(" ".join(d["ifname"] for d in json.load(sys.stdin)))'); do
		vnicctl_host del "$name"
		check_err $? "cannot delete $name"
	done
	n=$(vnicctl_host -j show | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" = 0 ]
	check_err $? "$n vnics left"
	[ -z "$(ip -n "$HOST" -o link show type vnic)" ]
	check_err $? "vnic netdevices left"
	if [ "$VNIC_LOADED_BY_US" = 1 ]; then
		vnic_unload
		check_err $? "rmmod vnic failed"
		! vnic_is_loaded
		check_err $? "vnic still loaded"
	fi
	log_test "delete the survivors, module unloads"
}

topo_veth || fail "cannot build the topology"
test_churn
test_cleanup

exit "$EXIT_STATUS"
