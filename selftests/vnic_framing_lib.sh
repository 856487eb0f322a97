#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the vnic framing tests (source after lib.sh and vnic_topo.sh).
#
# Crafted frames come from frames.py (run in a netns). A "case" sends N
# frames of one kind and checks the vnic's drop counters (vnicctl -j stats):
# the expected reason grows by exactly N, every other reason by 0, and the
# netdev's tx_dropped / rx_dropped by N. Whether a frame reached the wire is
# checked afterwards on a capture of w0 (capture_start; ...; capture_stop)
# with wire_count FILTER, which counts the captured frames matching FILTER.

# shellcheck disable=SC2034 # the constants are for the tests

FRAMES=${FRAMES:-$LIB_DIR/frames.py}

# What frames.py puts in its frames (see frames.py).
BAD_MAC=02:ba:d0:00:00:01
FOREIGN4=198.51.100.66
FOREIGN6=2001:db8:bad::66
UDP4=47890			# UDP destination port of IPv4 frames
UDP6=47891			# ... and of IPv6 frames

# Every drop reason of "vnicctl -j stats".
DROP_KEYS=(tx_spoof_mac tx_spoof_ip tx_spoof_arp tx_spoof_nd tx_vlan
	tx_ethertype tx_mtu tx_runt tx_offload rx_vlan rx_ethertype rx_loop rx_mtu)

declare -A _FRAMES_W _FRAMES_R

# framing_tenant_strict: the veth topology, vnic v0 in tenant T0 allowed
# 192.0.2.10/32 and 2001:db8::10/128, quiet (no router solicitations of
# its own in the captures), a frames.py serving T0; sets WMAC and MAC0.
framing_tenant_strict() {
	topo_veth || fail "cannot build the veth topology"
	vnic_tenant T0 v0 10 allow-ip 192.0.2.10/32,2001:db8::10/128 ||
		fail "cannot create v0 with allow-ip"
	in_ns "$T0" sysctl -qw net.ipv6.conf.v0.router_solicitations=0
	frames_serve "$T0" || fail "cannot start frames.py"
	WMAC=$(mac_of "$WIRE" "$WIRE_IF")
	MAC0=$(mac_of "$T0" v0)
}

# frames_serve NS...: keep a frames.py running in each NS ("frames.py
# serve"), so that "frames NS ..." need not start Python every time.
frames_serve() {
	local ns dir w r
	for ns in "$@"; do
		dir=$(mktemp -d /tmp/frames.XXXXXX) || return 1
		at_exit rm -rf "$dir"
		mkfifo "$dir/in" "$dir/out" || return 1
		ip netns exec "$ns" python3 "$FRAMES" serve <"$dir/in" \
			>"$dir/out" 2>&1 &
		at_exit kill $!
		exec {w}>"$dir/in" {r}<"$dir/out"
		_FRAMES_W[$ns]=$w
		_FRAMES_R[$ns]=$r
	done
}

# _frames_req NS WORDS...: one request to the frames.py serving NS; sets
# FRAMES_REPLY to its answer (without "ok "/"error ").
_frames_req() {
	local ns=$1 reply
	shift
	printf '%q ' "$@" >&"${_FRAMES_W[$ns]}"
	echo >&"${_FRAMES_W[$ns]}"
	if ! read -r -t 60 reply <&"${_FRAMES_R[$ns]}"; then
		FRAMES_REPLY="frames.py in $ns did not answer"
		return 1
	fi
	FRAMES_REPLY=${reply#* }
	[ "${reply%% *}" = ok ]
}

# frames NS IFACE KIND [OPTIONS...]: frames.py send IFACE KIND ... in NS.
frames() {
	local ns=$1
	shift
	if [ -z "${_FRAMES_W[$ns]:-}" ]; then
		ip netns exec "$ns" python3 "$FRAMES" send "$@"
		return
	fi
	_frames_req "$ns" "$@" && return 0
	echo "frames.py: $FRAMES_REPLY" >&2
	return 1
}

# send_ok NS IFACE KIND [OPTIONS...]: frames ..., recording a failure.
send_ok() {
	local out
	out=$(frames "$@" 2>&1)
	check_err $? "frames.py ${*:2}: $out"
}

# ns_stat NS DEV COUNTER: like dev_stat, through the frames.py serving NS
# if there is one (cheaper than a new process).
ns_stat() {
	if [ -n "${_FRAMES_W[$1]:-}" ] && _frames_req "$1" stat "$2" "$3"; then
		echo "$FRAMES_REPLY"
	else
		dev_stat "$@"
	fi
}

# drop_stats VNIC: the vnic's drop counters as "key=value" words, read from
# the parent's namespace.
drop_stats() {
	local json k re out=
	json=$(vnicctl_host -j stats "$1" 2>&1)
	for k in "${DROP_KEYS[@]}"; do
		re="\"$k\": *([0-9]+)"
		[[ $json =~ $re ]] && out+="$k=${BASH_REMATCH[1]} "
	done
	echo "$out"
}

# stat_of SNAPSHOT KEY: sets STAT (empty if KEY is missing).
stat_of() {
	local re="(^| )$2=([0-9]+)"
	STAT=
	[[ $1 =~ $re ]] && STAT=${BASH_REMATCH[2]}
}

# drops_delta BEFORE AFTER KEY N: true if KEY grew by N and every other
# reason by 0 (KEY "none": all by 0). Sets DELTA_MSG to what differs.
drops_delta() {
	local before=$1 after=$2 key=$3 n=$4 k a b want
	DELTA_MSG=
	for k in "${DROP_KEYS[@]}"; do
		stat_of "$after" "$k"
		a=$STAT
		stat_of "$before" "$k"
		b=$STAT
		if [ -z "$a" ] || [ -z "$b" ]; then
			DELTA_MSG+=" $k missing from vnicctl -j stats;"
			continue
		fi
		want=0
		[ "$k" = "$key" ] && want=$n
		[ $((a - b)) -eq "$want" ] ||
			DELTA_MSG+=" $k +$((a - b)) (expected +$want);"
	done
	[ -z "$DELTA_MSG" ]
}

# tx_case NS VNIC KEY N KIND [OPTIONS...]: the tenant in NS sends N frames
# of KIND through VNIC (frames.py ... --count N); KEY grows by N, the other
# reasons and VNIC's tx_dropped as expected (KEY "none": nothing dropped,
# and frames.py must succeed).
tx_case() {
	local ns=$1 vnic=$2 key=$3 n=$4 kind=$5 s0 s1 d0 d1 out rc want=$4
	shift 5
	[ "$key" = none ] && want=0
	s0=$(drop_stats "$vnic")
	d0=$(ns_stat "$ns" "$vnic" tx_dropped)
	out=$(frames "$ns" "$vnic" "$kind" --count "$n" "$@" 2>&1)
	rc=$?
	s1=$(drop_stats "$vnic")
	d1=$(ns_stat "$ns" "$vnic" tx_dropped)
	if [ "$key" = none ]; then
		check_err $rc "frames.py $kind $*: $out"
	fi
	drops_delta "$s0" "$s1" "$key" "$n"
	check_err $? "$n x $kind $*:$DELTA_MSG $out"
	[ $((d1 - d0)) -eq "$want" ]
	check_err $? "$n x $kind $*: $vnic tx_dropped +$((d1 - d0)), expected +$want"
}

# rx_case NS VNIC KEY N KIND [OPTIONS...]: the wire host sends N frames of
# KIND to VNIC's MAC (from w0, unless OPTIONS say otherwise); KEY grows by N,
# the other reasons and VNIC's rx_dropped as expected.
rx_case() {
	local ns=$1 vnic=$2 key=$3 n=$4 kind=$5 s0 s1 d0 d1 out want=$4
	local mac
	shift 5
	[ "$key" = none ] && want=0
	mac=$(mac_of "$ns" "$vnic")
	s0=$(drop_stats "$vnic")
	d0=$(ns_stat "$ns" "$vnic" rx_dropped)
	out=$(frames "$WIRE" "$WIRE_IF" "$kind" --count "$n" --dst-mac "$mac" \
		"$@" 2>&1)
	check_err $? "frames.py on the wire, $kind $*: $out"
	# Reception is asynchronous (veth): wait for the counter, then settle.
	if [ "$key" != none ]; then
		stat_of "$s0" "$key"
		slowwait 5 _stat_reached "$vnic" "$key" $((STAT + n))
	fi
	sleep 0.2
	s1=$(drop_stats "$vnic")
	d1=$(ns_stat "$ns" "$vnic" rx_dropped)
	drops_delta "$s0" "$s1" "$key" "$n"
	check_err $? "$n x $kind $* from the wire:$DELTA_MSG"
	[ $((d1 - d0)) -eq "$want" ]
	check_err $? "$n x $kind $* from the wire: $vnic rx_dropped +$((d1 - d0)), expected +$want"
}

_stat_reached() {
	stat_of "$(drop_stats "$1")" "$2"
	[ "${STAT:-0}" -ge "$3" ]
}

# nodrop_begin NS VNIC ... nodrop_end: whatever was sent in between (send_ok)
# was dropped neither by a policy reason nor in VNIC's tx/rx_dropped.
nodrop_begin() {
	_ND_NS=$1
	_ND_VNIC=$2
	_ND_STATS=$(drop_stats "$2")
	_ND_TX=$(ns_stat "$1" "$2" tx_dropped)
	_ND_RX=$(ns_stat "$1" "$2" rx_dropped)
}

nodrop_end() {
	local tx rx
	drops_delta "$_ND_STATS" "$(drop_stats "$_ND_VNIC")" none 0
	check_err $? "legitimate frames dropped:$DELTA_MSG"
	tx=$(ns_stat "$_ND_NS" "$_ND_VNIC" tx_dropped)
	rx=$(ns_stat "$_ND_NS" "$_ND_VNIC" rx_dropped)
	[ "$tx" -eq "$_ND_TX" ] && [ "$rx" -eq "$_ND_RX" ]
	check_err $? "legitimate frames dropped: $_ND_VNIC tx_dropped +$((tx - _ND_TX)), rx_dropped +$((rx - _ND_RX))"
}

# wire_count FILTER...: how many frames of the last capture match the pcap
# FILTER (read back from the file, where VLAN tags are inline; frames, not
# lines: tcpdump prints some frames on several); -1 if tcpdump fails.
wire_count() {
	local out
	# -1 when tcpdump fails (a bad filter must not count as "none").
	out=$(tcpdump -r "$CAP_FILE" --count "$@" 2>/dev/null) || out=-1
	echo "${out%% *}"
}

# capture_stop N FILTER...: wait until the running capture holds N frames
# matching FILTER, then stop it (capture_count). With FILTER matching the
# frames sent last, everything sent before them has been captured as well:
# tcpdump hands frames over in blocks, and those of the last second or so
# would be lost if it were stopped at once.
capture_stop() {
	local n=$1
	shift
	slowwait 10 _capture_has "$n" "$@"
	capture_count >/dev/null
}

_capture_has() {
	local n=$1
	shift
	[ "$(wire_count "$@")" -ge "$n" ]
}

# expect_wire N WHAT FILTER...: exactly N captured frames match FILTER.
expect_wire() {
	local n=$1 what=$2 got
	shift 2
	got=$(wire_count "$@")
	[ "$got" -eq "$n" ]
	check_err $? "$what: $got frames matching '$*' captured, expected $n"
}

# wire_none WHAT FILTER ... wire_none_check: none of the captured frames
# matches any of the FILTERs (checked in one pass, then one by one if some
# did, to tell which). Filters with vlan (or mpls, pppoes, geneve) are
# checked on their own: these shift the offsets of whatever follows them,
# in an "or" too.
_WN_WHAT=()
_WN_FILTER=()
wire_none() {
	_WN_WHAT+=("$1")
	_WN_FILTER+=("$2")
}

wire_none_check() {
	local all='' i
	for i in "${!_WN_FILTER[@]}"; do
		if [[ ${_WN_FILTER[i]} =~ vlan|mpls|pppoes|geneve ]]; then
			expect_wire 0 "${_WN_WHAT[i]}" "${_WN_FILTER[i]}"
			unset '_WN_FILTER[i]'
		else
			all+="${all:+ or }(${_WN_FILTER[i]})"
		fi
	done
	if [ -n "$all" ] && [ "$(wire_count "$all")" -ne 0 ]; then
		for i in "${!_WN_FILTER[@]}"; do
			expect_wire 0 "${_WN_WHAT[i]}" "${_WN_FILTER[i]}"
		done
	fi
	_WN_WHAT=()
	_WN_FILTER=()
}

# show_key VNIC KEY: the value of KEY in "vnicctl -j show VNIC", as JSON
# (scalars and flat arrays).
show_key() {
	local json re
	json=$(vnicctl_host -j show "$1" 2>&1)
	re="\"$2\": *(\"[^\"]*\"|\[[^]]*\]|[a-z0-9]+)"
	[[ $json =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

# sorted_list JSON-ARRAY: its items, sorted, one a line.
sorted_list() {
	tr -d '[] "' <<<"$1" | tr ',' '\n' | sed '/^$/d' | sort
}

# injector NS VNIC: a device "inj0" in NS whose egress is redirected to VNIC
# (tc mirred). AF_PACKET refuses to write runts or frames larger than the
# MTU on an Ethernet device; written on inj0 (an ipip device, no link-layer
# header, MTU 9000) they still reach VNIC's transmit routine, as frames from
# any other in-kernel source could.
injector() {
	local ns=$1 vnic=$2
	ip -n "$ns" link add inj0 type ipip local 198.18.0.1 remote 198.18.0.2 ||
		return 1
	in_ns "$ns" sysctl -qw net.ipv6.conf.inj0.disable_ipv6=1 2>/dev/null
	ip -n "$ns" link set inj0 mtu 9000 up || return 1
	in_ns "$ns" tc qdisc add dev inj0 clsact || return 1
	in_ns "$ns" tc filter add dev inj0 egress matchall \
		action mirred egress redirect dev "$vnic"
}

# pings_v0: the tenant T0 (192.0.2.10, 2001:db8::10) and the wire host ping
# each other over IPv4 and IPv6; failures recorded with check_err.
pings_v0() {
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "IPv4 ping tenant -> wire failed"
	in_ns "$T0" ping -6 -c 2 -i 0.2 -W 2 "$WIRE_IP6" >/dev/null
	check_err $? "IPv6 ping tenant -> wire failed"
	in_ns "$WIRE" ping -c 2 -i 0.2 -W 2 192.0.2.10 >/dev/null
	check_err $? "IPv4 ping wire -> tenant failed"
	in_ns "$WIRE" ping -6 -c 2 -i 0.2 -W 2 2001:db8::10 >/dev/null
	check_err $? "IPv6 ping wire -> tenant failed"
}
