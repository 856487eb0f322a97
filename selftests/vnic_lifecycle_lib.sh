# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers shared by the vnic_lifecycle_*.sh tests (source after lib.sh and
# vnic_topo.sh).

LOGDIR=$(mktemp -d /tmp/lifecycle.XXXXXX)
at_exit rm -rf "$LOGDIR"

count_vnics() {
	vnicctl_host -j show | python3 -S -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# jfield JSON PYTHON-EXPR-on-d
jfield() {
	python3 -S -c "import json,sys; d=json.loads(sys.argv[1]); print($2)" "$1"
}

# link_attr NS DEV PYTHON-EXPR-on-d: a field of `ip -d -j link show DEV`.
link_attr() {
	jfield "$(ip -n "$1" -d -j link show "$2")" "$3"
}

# uc_has NS DEV MAC: MAC is in DEV's unicast address list.
uc_has() {
	bridge -n "$1" fdb show dev "$2" | grep -qi "^$3 "
}

# exited_within SECONDS PID...: wait until every PID (children of this
# shell) has exited, at most SECONDS in all; sets EXITED to "pid:rc ..."
# ("pid:running" for those still running; rc 124/137: killed by their
# timeout(1)). Fails if any is still running.
exited_within() {
	local secs=$1 pid rc ok=0
	shift
	EXITED=
	local end=$((SECONDS + secs))
	for pid in "$@"; do
		while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
			sleep 0.5
		done
	done
	for pid in "$@"; do
		if kill -0 "$pid" 2>/dev/null; then
			ok=1
			EXITED+="$pid:running "
			continue
		fi
		wait "$pid"
		rc=$?
		EXITED+="$pid:$rc "
	done
	return $ok
}

# pid_bytes PID DEV: "RX TX" bytes of DEV in the netns of process PID,
# from /proc without an exec (one costs up to a second in a loaded guest).
pid_bytes() {
	local line f
	while read -r line; do
		if [ "${line%%:*}" = "$2" ]; then
			read -ra f <<<"${line#*:}"
			echo "${f[0]} ${f[8]}"
			return 0
		fi
	done <"/proc/$1/net/dev"
	return 1
}

# pid_moved PID DEV SECONDS: "TX RX" bytes DEV moved over SECONDS, DEV in
# the netns of process PID.
pid_moved() {
	local r0 t0 r1 t1
	read -r r0 t0 <<<"$(pid_bytes "$1" "$2")"
	sleep "$3"
	read -r r1 t1 <<<"$(pid_bytes "$1" "$2")"
	echo "$((t1 - t0)) $((r1 - r0))"
}

# pid_total PID DEV SECONDS: TX + RX bytes over SECONDS (see pid_moved).
pid_total() {
	local t r
	read -r t r <<<"$(pid_moved "$@")"
	echo $((t + r))
}

# link_state NS DEV: "OPERSTATE CARRIER(0/1)" from one `ip -o link`.
link_state() {
	local out re='<([^>]*)>.* state ([A-Z_]+) '
	out=$(ip -n "$1" -o link show dev "$2") || return
	[[ $out =~ $re ]] || return
	if [[ ",${BASH_REMATCH[1]}," == *,NO-CARRIER,* ]]; then
		echo "${BASH_REMATCH[2]} 0"
	else
		echo "${BASH_REMATCH[2]} 1"
	fi
}

# state_is NS DEV "OPERSTATE CARRIER"[|"OPERSTATE CARRIER"...]
state_is() {
	[[ "|$3|" == *"|$(link_state "$1" "$2")|"* ]]
}

# bytes_moved NS DEV SECONDS: tx + rx bytes of DEV over SECONDS.
bytes_moved() {
	local t0 r0 t1 r1
	t0=$(tx_bytes "$1" "$2"); r0=$(rx_bytes "$1" "$2")
	sleep "$3"
	t1=$(tx_bytes "$1" "$2"); r1=$(rx_bytes "$1" "$2")
	echo $((t1 - t0 + r1 - r0))
}

# reload_vnic: insmod vnic again after a test removed it.
reload_vnic() {
	vnic_is_loaded && return 0
	insmod "$VNIC_KO" || return 1
	# shellcheck disable=SC2034 # read by lib.sh
	VNIC_LOADED_BY_US=1
}


# selected NAME: true unless $VNIC_TESTS (space separated names) is set
# and does not list NAME.
selected() {
	[ -z "${VNIC_TESTS:-}" ] || [[ " $VNIC_TESTS " == *" $1 "* ]]
}

# parent_state: what enslaving must not change.
parent_state() {
	link_attr "$HOST" "$PARENT" \
		"(d[0].get('master'), d[0]['promiscuity'], d[0].get('allmulti'), d[0]['flags'], d[0]['address'], d[0]['mtu'], d[0].get('linkinfo', {}).get('info_slave_kind'))"
}

# expect_refused DESC MESSAGE-REGEX CMD...: CMD fails with MESSAGE, the
# parent is unchanged, v0 still works.
expect_refused() {
	local desc=$1 msg=$2 before out rc
	shift 2
	before=$(parent_state)
	out=$("$@" 2>&1)
	rc=$?
	[ "$rc" -ne 0 ]
	check_err $? "$desc: accepted"
	echo "$out" | grep -qE -- "$msg"
	check_err $? "$desc: message '$msg' not in: $out"
	[ "$(parent_state)" = "$before" ]
	check_err $? "$desc: parent changed: $before -> $(parent_state)"
	in_ns "$T0" ping -c 1 -W 5 "$WIRE_IP" >/dev/null
	check_err $? "$desc: v0 stopped working"
	log_info "$desc: refused: $out"
}
