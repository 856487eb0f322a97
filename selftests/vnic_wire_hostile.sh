#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input from the wire: the remote host (w0, far end of the parent)
# sends crafted frames toward three vnics, each in its own tenant netns:
#   v0  plain, private mode                   192.0.2.10
#   v1  port VLAN 10                          10.10.0.11 (wire: w0.10)
#   v2  bridge mode, ethertype allowlist on RX 192.0.2.12
# - runts (< 14 bytes) reach no vnic and touch no counter; header-only and
#   short-payload frames are frames: delivered as they are;
# - frames longer than a vnic's MTU (above the parent's MTU too, as far as
#   the veth lets them through, and jumbo frames once the parent's MTU is
#   raised) are dropped (rx-mtu), frames of exactly the MTU delivered;
# - bad VLAN stacks (a tag for a vnic without port VLAN, wrong VID, VID 0,
#   802.1Q-in-802.1Q, 802.1ad outer tag, truncated tags) are dropped
#   (rx-vlan) or, when truncated, never reach the vnics at all; the right
#   tag is delivered untagged;
# - frames from a sibling vnic's MAC are dropped (rx-loop);
# - broadcast, multicast and unicast storms (pktgen) leave the other vnics
#   working and untouched, and the RX policer bounds what the target gets.
# Every hostile case is checked on the drop counters of all three vnics
# (exact deltas) and on captures inside all three tenants.
#
# STRESS=1 makes the storms ten times longer.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"
source "$(dirname "$0")/vnic_framing_lib.sh"

require_root
require_cmd ip ping tcpdump python3 tc
require_vnicctl

DROP_KEYS+=(rx_rate)
VID=10
BAD=$BAD_MAC			# source MAC of the crafted frames
STORM_SECS=${STORM_SECS:-4}
[ "${STRESS:-0}" = 1 ] && STORM_SECS=$((STORM_SECS * 10))
STORM_PPS=${STORM_PPS:-3000}
# bit/s, v0's rx-rate during the storms: far below what pktgen sends even
# in a slow debug guest (20 frames/s of 100 bytes; a broadcast storm was
# seen there at 100/s), so policing shows.
POLICE_RATE=16000
POLICE_BURST=16384

topo_hostile() {
	topo_veth || return 1
	vnic_tenant T0 v0 10 || return 1
	vnic_tenant T1 v1 11 vlan "$VID" || return 1
	vnic_tenant T2 v2 12 mode bridge ethertype ipv4,arp,ipv6 \
		ethertype-rx on || return 1
	ip -n "$T1" addr flush dev v1
	ip -n "$T1" addr add 10.10.0.11/24 dev v1 || return 1
	ip -n "$WIRE" link add link "$WIRE_IF" name "$WIRE_IF.$VID" \
		type vlan id "$VID" || return 1
	in_ns "$WIRE" sysctl -qw net.ipv6.conf."$WIRE_IF/$VID".disable_ipv6=1
	ip -n "$WIRE" addr add 10.10.0.1/24 dev "$WIRE_IF.$VID" || return 1
	ip -n "$WIRE" link set "$WIRE_IF.$VID" up || return 1
	# inj0 -> w0: for frames AF_PACKET will not write on w0.
	injector "$WIRE" "$WIRE_IF" || return 1
	# inj0 -> p0's ingress, for runts: the veth (like most drivers) drops
	# them before they reach the parent, a driver that does not (or
	# ethtool rx-all) passes them up as these: not pulled, no ethertype.
	ip -n "$HOST" link add inj0 type ipip local 198.18.0.1 \
		remote 198.18.0.2 || return 1
	in_ns "$HOST" sysctl -qw net.ipv6.conf.inj0.disable_ipv6=1
	ip -n "$HOST" link set inj0 mtu 9000 up || return 1
	in_ns "$HOST" tc qdisc add dev inj0 clsact || return 1
	in_ns "$HOST" tc filter add dev inj0 egress matchall \
		action mirred ingress redirect dev "$PARENT" || return 1
	frames_serve "$WIRE" "$HOST" || return 1
	MAC[0]=$(mac_of "$T0" v0)
	MAC[1]=$(mac_of "$T1" v1)
	MAC[2]=$(mac_of "$T2" v2)
	TNS=("$T0" "$T1" "$T2")
}

##############################################################################
# Captures in the three tenants

CAPF=()
CAPP=()

caps_start() {
	local i
	for i in 0 1 2; do
		CAPF[i]=$(mktemp /tmp/cap.XXXXXX)
		at_exit rm -f "${CAPF[i]}"
		in_ns "${TNS[i]}" tcpdump -i "v$i" -Q in --immediate-mode -nn -U \
			-w "${CAPF[i]}" >/dev/null 2>&1 &
		CAPP[i]=$!
		at_exit kill "${CAPP[i]}"
	done
	for i in 0 1 2; do
		slowwait 10 test -s "${CAPF[i]}" || return 1
	done
}

caps_stop() {
	local i
	sleep 0.3
	for i in 0 1 2; do
		kill "${CAPP[i]}" 2>/dev/null
		wait "${CAPP[i]}" 2>/dev/null
	done
}

# cap_n I FILTER...: frames of tenant I's capture matching FILTER (-1 on
# error; retried: the capture may be running, its last frame half-written)
cap_n() {
	local i=$1 out
	shift
	for _ in 1 2 3 4 5; do
		out=$(tcpdump -r "${CAPF[i]}" --count "$@" 2>/dev/null) && break
		out=-1
		sleep 0.2
	done
	echo "${out%% *}"
}

# shellcheck disable=SC2317 # called through slowwait
_cap_has() {
	[ "$(cap_n "$1" "${@:3}")" -ge "$2" ]
}

##############################################################################
# One hostile case

# stats_all: ST[I] = vnic I's drop counters ("key=value ..."), one dump.
stats_all() {
	local json objs obj k re i out
	json=$(vnicctl_host -j stats 2>&1)
	IFS='}' read -ra objs <<<"$json"
	ST=()
	for obj in "${objs[@]}"; do
		re='"ifname": *"v([0-2])"'
		[[ $obj =~ $re ]] || continue
		i=${BASH_REMATCH[1]}
		out=
		for k in "${DROP_KEYS[@]}"; do
			re="\"$k\": *([0-9]+)"
			[[ $obj =~ $re ]] && out+="$k=${BASH_REMATCH[1]} "
		done
		ST[i]=$out
	done
}

snap() {
	stats_all
	S=("${ST[@]}")
	P0RX=$(rx_packets "$HOST" "$PARENT")
}

# inj_sent: frames redirected from inj0 to the parent's ingress so far.
inj_sent() {
	in_ns "$HOST" tc -s filter show dev inj0 egress |
		sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p' | head -n 1
}

# sentinel I MAC: a legitimate frame from MAC to vnic I (tagged for v1);
# once its capture holds it, what was sent before it has been processed.
sentinel() {
	local i=$1
	if [ "$i" = 1 ]; then
		send_ok "$WIRE" "$WIRE_IF" tagged --vid "$VID" \
			--src-mac "$2" --dst-mac "${MAC[1]}"
	else
		send_ok "$WIRE" "$WIRE_IF" legit-ip4 --src-mac "$2" \
			--dst-mac "${MAC[i]}"
	fi
	slowwait 10 _cap_has "$i" 1 "ether src $2"
	check_err $? "the sentinel frame did not reach v$i"
}

# hostile DESC TARGET KEY N SRCFILTER DELIVER FRAMES-ARGS...
#   Send N frames toward the vnics (frames.py FRAMES-ARGS on the wire
#   host, --count N added), then a sentinel to vnic TARGET. FRAMES-ARGS may
#   hold several frame specs separated by "+" (N frames of each); starting
#   with "host", they are sent from the parent's namespace through inj0
#   (runts). KEY: a drop reason of TARGET that must grow by N per spec;
#   "vI:reason@M ..." for reasons of given vnics growing by N x M; "none";
#   "-" (none, and the frames need not cross the veth). Every other reason
#   of every vnic must stay put. DELIVER ("I:n ...") says how many frames
#   matching SRCFILTER tenant I must have captured; 0 for the others. The
#   captures (caps_start) run across cases: $BAD, in SRCFILTER and
#   FRAMES-ARGS, stands for a source MAC of this case's own.
CASE=0
hostile() {
	local desc=$1 target=$2 key=$3 n=$4 srcf=$5 deliver=$6
	local cross=1 i want got p0 first="" host=0 cm sm a w r groups=0 total
	local args=() reason=() mult=()
	shift 6
	RET=0
	CASE=$((CASE + 1))
	cm=$(printf '02:ba:d0:00:%02x:%02x' $((CASE >> 8)) $((CASE & 255)))
	sm=$(printf '02:5e:00:00:%02x:%02x' $((CASE >> 8)) $((CASE & 255)))
	srcf=${srcf//$BAD/$cm}
	for a in "$@"; do
		[ "$a" = "$BAD" ] && a=$cm
		args+=("$a")
	done
	set -- "${args[@]}"
	if [ "$1" = host ]; then
		shift
		host=1
	fi
	snap
	INJ0=$(inj_sent)
	args=()
	for a in "$@" +; do
		if [ "$a" != + ]; then
			args+=("$a")
			continue
		fi
		if [ "$host" = 1 ]; then
			send_ok "$HOST" "$PARENT" "${args[@]}" --via inj0 --count "$n"
		else
			send_ok "$WIRE" "$WIRE_IF" "${args[@]}" --count "$n"
		fi
		args=()
		groups=$((groups + 1))
	done
	total=$((n * groups))
	case $key in
	none) ;;
	-) cross=0 ;;
	v?:*)
		for w in $key; do
			i=${w:1:1}
			r=${w#*:}
			reason[i]=${r%@*}
			mult[i]=${r##*@}
			[ -z "$first" ] && first=$i
		done
		;;
	*)
		reason[target]=$key
		mult[target]=$groups
		first=$target
		;;
	esac
	if [ -n "$first" ]; then
		stat_of "${S[first]}" "${reason[first]}"
		slowwait 10 _stat_reached "v$first" "${reason[first]}" \
			$((STAT + n * mult[first]))
	fi
	sentinel "$target" "$sm"
	if [ "$host" = 1 ]; then
		p0=$(inj_sent)
		[ $((p0 - INJ0)) -eq "$total" ]
		check_err $? "$desc: inj0 redirected $((p0 - INJ0)) frames to the parent, sent $total"
	elif [ "$cross" = 1 ]; then
		p0=$(rx_packets "$HOST" "$PARENT")
		[ $((p0 - P0RX)) -ge "$total" ]
		check_err $? "$desc: only $((p0 - P0RX)) frames crossed the wire, sent $total"
	fi
	stats_all
	for i in 0 1 2; do
		if [ -n "${reason[i]:-}" ]; then
			drops_delta "${S[i]}" "${ST[i]}" "${reason[i]}" \
				$((n * mult[i]))
		else
			drops_delta "${S[i]}" "${ST[i]}" none 0
		fi
		check_err $? "$desc: v$i:$DELTA_MSG"
		want=0
		[[ " $deliver " =~ \ $i:([0-9]+)\  ]] && want=${BASH_REMATCH[1]}
		[ "$want" -gt 0 ] && slowwait 10 _cap_has "$i" "$want" "$srcf"
		got=$(cap_n "$i" "$srcf")
		[ "$got" -eq "$want" ]
		check_err $? "$desc: tenant of v$i captured $got frames ($srcf), expected $want"
	done
	log_test "$desc"
}

##############################################################################
# Tests

test_runts() {
	# Shorter than an Ethernet header: handed to the parent as a driver
	# would (inj0 -> p0 ingress).
	hostile "runts (6, 10, 12, 13 bytes; broadcast): no vnic, no counter" \
		0 none 2 "len < 14" "" \
		host runt --len 6 --src-mac "$BAD" --dst-mac "${MAC[0]}" + \
		runt --len 10 --src-mac "$BAD" --dst-mac "${MAC[0]}" + \
		runt --len 12 --src-mac "${MAC[2]}" --dst-mac "${MAC[0]}" + \
		runt --len 13 --src-mac "$BAD" --dst-mac "${MAC[0]}" + \
		runt --len 10 --src-mac "$BAD" --dst-mac ff:ff:ff:ff:ff:ff
}

# A header, nothing or a few bytes after it: delivered as it is; and the
# ethertype allowlist on RX (v2).
test_short_ethertype() {
	hostile "14- and 20-byte frames delivered; v2 allowlist: rx-ethertype" \
		0 "v2:rx_ethertype@2" 2 "ether src $BAD" "0:8" \
		runt --len 14 --type 0x0800 --src-mac "$BAD" \
		--dst-mac "${MAC[0]}" + \
		runt --len 20 --type 0x0800 --src-mac "$BAD" \
		--dst-mac "${MAC[0]}" + \
		runt --len 14 --src-mac "$BAD" --dst-mac ff:ff:ff:ff:ff:ff + \
		ethertype --type 0x88b5 --src-mac "$BAD" --dst-mac "${MAC[0]}" + \
		ethertype --type 0x88b5 --src-mac "$BAD" --dst-mac "${MAC[2]}"
}

test_giants() {
	local mtu
	# Parent (and wire) MTU 1500; v0 at 1500, v2 lowered to 1280 by its
	# tenant, v1 capped at 1496 by its port VLAN.
	ip -n "$T2" link set v2 mtu 1280
	mtu=$(in_ns "$T1" cat /sys/class/net/v1/mtu)
	# 1518 bytes untagged: above the parent's MTU, but the veth lets
	# 4 bytes more in (for a tag).
	hostile "above the MTU: rx-mtu (v0 +4, v1 +4, v2 +1, +120)" 0 \
		"v0:rx_mtu@1 v1:rx_mtu@1 v2:rx_mtu@2" 2 "ether src $BAD" \
		"0:2 1:2 2:2" \
		oversize --len 1514 --src-mac "$BAD" --dst-mac "${MAC[0]}" + \
		oversize --len 1518 --via inj0 --src-mac "$BAD" \
		--dst-mac "${MAC[0]}" + \
		tagged --vid "$VID" --inner oversize --len $((mtu + 14)) \
		--src-mac "$BAD" --dst-mac "${MAC[1]}" + \
		tagged --vid "$VID" --inner oversize --len 1514 \
		--src-mac "$BAD" --dst-mac "${MAC[1]}" + \
		oversize --len 1294 --src-mac "$BAD" --dst-mac "${MAC[2]}" + \
		oversize --len 1295 --src-mac "$BAD" --dst-mac "${MAC[2]}" + \
		oversize --len 1400 --src-mac "$BAD" --dst-mac "${MAC[2]}"
	if [ "${STRESS:-0}" = 1 ]; then
		hostile "1600 bytes, above the parent's MTU: never arrives" 0 \
			- 2 "ether src $BAD" "" \
			oversize --len 1600 --via inj0 --src-mac "$BAD" \
			--dst-mac "${MAC[0]}"
	fi

	# Jumbo: the wire and the parent at 9000, v0 raised to 9000 by its
	# tenant (within the new cap), v2 left at 1280.
	RET=0
	ip -n "$WIRE" link set "$WIRE_IF" mtu 9000 &&
		ip -n "$HOST" link set "$PARENT" mtu 9000 &&
		ip -n "$T0" link set v0 mtu 9000
	check_err $? "cannot raise the MTUs to 9000"
	log_test "jumbo: parent and v0 at MTU 9000"
	hostile "jumbo: 9014 bytes to v0 delivered; broadcast: v2 rx-mtu" 0 \
		"v2:rx_mtu@1" 2 "ether src $BAD" "0:4" \
		oversize --len 9014 --src-mac "$BAD" --dst-mac "${MAC[0]}" + \
		oversize --len 4000 --src-mac "$BAD" \
		--dst-mac ff:ff:ff:ff:ff:ff --dst 192.0.2.255
	ip -n "$T0" link set v0 mtu 1500
	ip -n "$HOST" link set "$PARENT" mtu 1500
	ip -n "$WIRE" link set "$WIRE_IF" mtu 1500
	ip -n "$T2" link set v2 mtu 1500
}

test_vlans() {
	local d=(--src-mac "$BAD")
	# v0, v2 (no port VLAN): 802.1Q, VID 0, Q-in-Q, 802.1ad, tagged
	# broadcasts. v1 (port VLAN 10): untagged, VID 20, VID 0, Q-in-Q
	# behind VID 10, 802.1ad VID 10 (alone or with an inner tag), a
	# truncated inner tag; only the tagged broadcast on VID 10 comes in,
	# untagged. Truncated 802.1Q headers never reach a vnic.
	hostile "bad VLAN stacks: rx-vlan; VID $VID broadcast to v1 untagged" \
		1 "v0:rx_vlan@6 v1:rx_vlan@8 v2:rx_vlan@3" 2 \
		"ether src $BAD and not vlan" "1:2" \
		tagged --vid "$VID" "${d[@]}" --dst-mac "${MAC[0]}" + \
		tagged --vid 0 --prio 5 "${d[@]}" --dst-mac "${MAC[0]}" + \
		tagged --vid 30 --inner-vid 40 "${d[@]}" --dst-mac "${MAC[0]}" + \
		tagged --tpid 0x88a8 --vid 30 "${d[@]}" --dst-mac "${MAC[0]}" + \
		tagged --tpid 0x88a8 --vid 30 "${d[@]}" --dst-mac "${MAC[2]}" + \
		legit-ip4 "${d[@]}" --dst-mac "${MAC[1]}" + \
		tagged --vid 20 "${d[@]}" --dst-mac "${MAC[1]}" + \
		tagged --vid 0 --prio 3 "${d[@]}" --dst-mac "${MAC[1]}" + \
		tagged --vid "$VID" --inner-vid 20 "${d[@]}" \
		--dst-mac "${MAC[1]}" + \
		tagged --vid "$VID" --inner-vid "$VID" "${d[@]}" \
		--dst-mac "${MAC[1]}" + \
		tagged --tpid 0x88a8 --vid "$VID" "${d[@]}" \
		--dst-mac "${MAC[1]}" + \
		tagged --tpid 0x88a8 --vid "$VID" --inner-vid "$VID" "${d[@]}" \
		--dst-mac "${MAC[1]}" + \
		tagged --vid "$VID" --inner runt --type 0x8100 --len 16 \
		"${d[@]}" --dst-mac "${MAC[1]}" + \
		runt --len 16 --type 0x8100 "${d[@]}" --dst-mac "${MAC[0]}" + \
		runt --len 17 --type 0x8100 "${d[@]}" --dst-mac "${MAC[1]}" + \
		tagged --vid 20 "${d[@]}" --dst-mac ff:ff:ff:ff:ff:ff + \
		tagged --vid "$VID" "${d[@]}" --dst-mac ff:ff:ff:ff:ff:ff
}

test_loops() {
	# To v0 from v2's MAC and from its own, to v2 (bridge mode) and to v1
	# (tagged) from v0's; broadcast from v1's, multicast from v2's
	# (counted on the vnic owning the source MAC).
	hostile "frames from a vnic's MAC: rx-loop, nobody gets them" 0 \
		"v0:rx_loop@2 v1:rx_loop@2 v2:rx_loop@2" 2 \
		"ether src ${MAC[0]} or ether src ${MAC[1]} or ether src ${MAC[2]}" \
		"" \
		legit-ip4 --src-mac "${MAC[2]}" --dst-mac "${MAC[0]}" + \
		legit-ip4 --src-mac "${MAC[0]}" --dst-mac "${MAC[0]}" + \
		legit-ip4 --src-mac "${MAC[0]}" --dst-mac "${MAC[2]}" + \
		tagged --vid "$VID" --src-mac "${MAC[0]}" --dst-mac "${MAC[1]}" + \
		legit-ip4 --src-mac "${MAC[1]}" --dst-mac ff:ff:ff:ff:ff:ff \
		--dst 192.0.2.255 + \
		legit-ip4 --src-mac "${MAC[2]}" --dst-mac 01:00:5e:7f:00:01 \
		--dst 239.255.0.1
}

##############################################################################
# Storms (pktgen on w0)

pg() {
	in_ns "$WIRE" sh -c "echo '$2' >/proc/net/pktgen/$1"
}

pg_setup() {
	modprobe pktgen 2>/dev/null
	in_ns "$WIRE" test -w /proc/net/pktgen/pgctrl || return 1
	pg kpktgend_0 rem_device_all || return 1
	pg kpktgend_0 "add_device $WIRE_IF" || return 1
	at_exit "in_ns $WIRE sh -c 'echo stop >/proc/net/pktgen/pgctrl'"
}

# storm DSTMAC DSTIP N: N frames of 100 bytes to UDP port 9 at STORM_PPS;
# sets STORM_MS to how long it took.
storm() {
	local t0 t1 c
	for c in "count $3" "clone_skb 0" "pkt_size 100" "dst_mac $1" \
		"src_mac $BAD" "dst $2" "src_min 192.0.2.1" \
		"src_max 192.0.2.1" "udp_src_min 9" \
		"udp_src_max 9" "udp_dst_min 9" "udp_dst_max 9" \
		"ratep $STORM_PPS"; do
		pg "$WIRE_IF" "$c" || return 1
	done
	t0=$(date +%s%3N)
	pg pgctrl start || return 1
	t1=$(date +%s%3N)
	STORM_MS=$((t1 - t0))
	STORM_SENT=$(in_ns "$WIRE" sed -n \
		's/.*pkts-sofar: \([0-9]*\).*/\1/p' "/proc/net/pktgen/$WIRE_IF")
}

# pinger I DST: ping from tenant I during the storm (sets PING_PID[I]).
PING_PID=()
PING_OUT=()
pinger() {
	local i=$1 n
	n=$((STORM_SECS * 5 + 5))
	PING_OUT[i]=$(mktemp /tmp/ping.XXXXXX)
	at_exit rm -f "${PING_OUT[i]}"
	in_ns "${TNS[i]}" ping -c "$n" -i 0.2 -W 3 "$2" >"${PING_OUT[i]}" 2>&1 &
	PING_PID[i]=$!
	at_exit kill "${PING_PID[i]}"
}

# ping_ok I: the pinger of tenant I lost at most 20 %.
ping_ok() {
	local i=$1 tx rx
	wait "${PING_PID[i]}"
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "${PING_OUT[i]}")
	rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "${PING_OUT[i]}")
	log_info "v$i ping during the storm: $rx/$tx replies"
	[ -n "$rx" ] && [ "$rx" -ge $((tx * 8 / 10)) ] && [ "$tx" -gt 0 ]
	check_err $? "v$i lost pings during the storm: ${rx:-?}/${tx:-?} replies"
}

# storm_case DESC DSTMAC DSTIP GETS...: a storm of STORM_SECS at STORM_PPS
# to DSTMAC while v1 (and v2 unless it GETS the storm) ping the wire.
# v0 is policed: it receives at most rate x time + burst. The vnics not in
# GETS capture none of the storm and count no drop.
storm_case() {
	local desc=$1 dmac=$2 dip=$3 gets=" ${*:4} " n i b0 b1 r0 r1 d limit
	local p0d0 p0d1
	n=$((STORM_SECS * STORM_PPS))
	RET=0
	snap
	b0=$(rx_bytes "$T0" v0)
	r0=$(rx_packets "$T0" v0)
	p0d0=$(rx_dropped "$HOST" "$PARENT")
	caps_start
	check_err $? "tcpdump did not start in the tenants"
	pinger 1 10.10.0.1
	[[ $gets == *" 2 "* ]] || pinger 2 "$WIRE_IP"
	storm "$dmac" "$dip" "$n"
	check_err $? "pktgen failed"
	ping_ok 1
	[[ $gets == *" 2 "* ]] || ping_ok 2
	caps_stop
	b1=$(rx_bytes "$T0" v0)
	r1=$(rx_packets "$T0" v0)
	p0d1=$(rx_dropped "$HOST" "$PARENT")
	log_info "$desc: $STORM_SENT frames in $STORM_MS ms; v0 got $((r1 - r0)) ($((b1 - b0)) bytes), parent rx_dropped +$((p0d1 - p0d0))"
	[ "${STORM_SENT:-0}" -eq "$n" ]
	check_err $? "pktgen sent ${STORM_SENT:-?} of $n frames"
	for i in 0 1 2; do
		if [[ $gets == *" $i "* ]]; then
			continue
		fi
		drops_delta "${S[i]}" "$(drop_stats "v$i")" none 0
		check_err $? "$desc: v$i:$DELTA_MSG"
		d=$(cap_n "$i" "udp port 9")
		[ "$d" -eq 0 ]
		check_err $? "$desc: tenant of v$i captured $d storm frames"
	done
	if [[ $gets == *" 0 "* ]]; then
		# The storm must outrun the policer, or there is nothing to see.
		d=$((STORM_SENT * 800 * 1000 / (STORM_MS + 1)))
		[ "$d" -ge $((2 * POLICE_RATE)) ]
		check_err $? "$desc: the storm ran at $d bit/s, under twice the policer's $POLICE_RATE"
		# Policed: bytes <= rate x time + burst (+ one frame, and a
		# little background traffic); the rest counted as rx-rate.
		limit=$((POLICE_RATE * STORM_MS / 8000 + POLICE_BURST + 2000))
		[ $((b1 - b0)) -le "$limit" ]
		check_err $? "$desc: v0 received $((b1 - b0)) bytes, policer allows $limit"
		stat_of "$(drop_stats v0)" rx_rate
		d=$STAT
		stat_of "${S[0]}" rx_rate
		d=$((d - STAT))
		log_info "$desc: v0 rx-rate +$d"
		# (rx_packets may hold a few frames of background traffic)
		[ "$d" -gt 0 ] && [ $((r1 - r0 + d)) -le $((n + 10)) ]
		check_err $? "$desc: v0 rx-rate +$d, delivered $((r1 - r0)), sent $n"
		[ "$(cap_n 0 "udp port 9")" -ge 1 ]
		check_err $? "$desc: v0's tenant captured none of the storm"
	fi
	log_test "$desc"
}

test_storms() {
	RET=0
	if ! pg_setup; then
		check_err 1 "pktgen is not available (modprobe pktgen)"
		log_test "storms: pktgen"
		return
	fi
	vnicctl_host set v0 rx-rate "$POLICE_RATE" rx-burst "$POLICE_BURST"
	check_err $? "cannot set v0's rx-rate"
	log_test "storms: v0 policed to $POLICE_RATE bit/s"
	storm_case "unicast storm to v0: v1, v2 untouched, v0 policed" \
		"${MAC[0]}" 192.0.2.10 0
	storm_case "broadcast storm: v1 (VLAN $VID) untouched, v0 policed" \
		ff:ff:ff:ff:ff:ff 192.0.2.255 0 2
	storm_case "multicast storm: v1 (VLAN $VID) untouched, v0 policed" \
		01:00:5e:7f:00:01 239.255.0.1 0 2
	vnicctl_host set v0 rx-rate 0
}

test_after() {
	RET=0
	in_ns "$T0" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v0 cannot ping the wire"
	in_ns "$T1" ping -c 2 -i 0.2 -W 2 10.10.0.1 >/dev/null
	check_err $? "v1 cannot ping the wire on VLAN $VID"
	in_ns "$T2" ping -c 2 -i 0.2 -W 2 "$WIRE_IP" >/dev/null
	check_err $? "v2 cannot ping the wire"
	in_ns "$WIRE" ping -c 2 -i 0.2 -W 2 192.0.2.12 >/dev/null
	check_err $? "the wire cannot ping v2"
	log_test "after all that: every vnic still talks to the wire"
}

topo_hostile || fail "cannot build the topology"
test_after
caps_start || fail "tcpdump did not start in the tenants"
test_runts
test_short_ethertype
test_giants
test_vlans
test_loops
caps_stop
test_storms
test_after
exit "$EXIT_STATUS"
