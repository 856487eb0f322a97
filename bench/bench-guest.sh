#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guest.sh RAWFILE: the benchmarks, run in the guest by bench/run.sh.
# Every sample is appended to RAWFILE as one JSON object per line;
# bench/report.py turns them into the table and bench/results.json.
#
#   unshaped  TX and RX packets/s with 60-byte (64 with FCS) and 1514-byte
#             frames, and TCP goodput (iperf3), through one vnic, one vnic
#             with the noqueue qdisc, one vnic with the in-driver queue
#             (tx_shaper=iq: no qdisc of its own) and one macvlan (private
#             mode) on twin veth parents, sampled in turn, in a rotating
#             order.
#   shaping   TCP through a vnic shaped by vnic (the stopped queue, and the
#             in-driver queue), a macvlan shaped by tbf and one shaped by
#             HTB, at each rate: goodput, shaper drops, TCP retransmits,
#             busy CPU time per packet; and through the unshaped vnic just
#             before (what the guest sustains then).
#   demux     RX packets/s to one vnic whose parent holds 1, 100 or 1000 vnics
#             (three parents, measured in alternation).
#   multicpu  TX packets/s from 1 sender (1 vnic) vs 2 senders on 2 CPUs
#             (2 vnics on the same parent); macvlan alongside for reference.
#   control   time and kernel memory to create and to delete N vnics with one
#             `vnicctl -b` batch vs N macvlans with one `ip -b` batch.
#   sched     the share scheduler: three tenants' TX rates over time as they
#             start and stop (lending, guarantees), and the tick's cost with
#             1, 100 and 1000 vnics on a parent.
#
# Packets are counted where they arrive: the wire peer's rx_packets (TX) or
# the vnic's/macvlan's rx_packets in the tenant (RX); the sender (pktblast)
# only offers load.
#
# Environment: BENCH_QUICK=1 (fewer, shorter runs, N=100),
# BENCH_ONLY="unshaped demux ..." (a subset), BENCH_RUNS, BENCH_PAIRS (the
# unshaped section's rounds), BENCH_SECS,
# BENCH_TCP_SECS, BENCH_RATES, BENCH_SHAPE_SECS, BENCH_SHAPE_RUNS, BENCH_CP_N.
set -u
cd "$(dirname "$0")/.." || exit 1
source selftests/lib.sh
source selftests/vnic_topo.sh

RAW=${1:?usage: bench-guest.sh RAWFILE}
# bench/run.sh passes BENCH_X from the host as VNIC_BENCH_X.
for v in QUICK ONLY RUNS PAIRS SECS TCP_SECS RATES SHAPE_SECS SHAPE_RUNS CP_N; do
	w=VNIC_BENCH_$v
	[ -n "${!w:-}" ] && printf -v "BENCH_$v" '%s' "${!w}"
done
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	RUNS=${BENCH_RUNS:-3}
	PAIRS=${BENCH_PAIRS:-4}
	SECS=${BENCH_SECS:-1}
	TCP_SECS=${BENCH_TCP_SECS:-2}
	RATES=${BENCH_RATES:-"10 100"}
	SHAPE_SECS=${BENCH_SHAPE_SECS:-4}
	SHAPE_RUNS=${BENCH_SHAPE_RUNS:-1}
	CP_N=${BENCH_CP_N:-100}
else
	RUNS=${BENCH_RUNS:-5}
	PAIRS=${BENCH_PAIRS:-10}
	SECS=${BENCH_SECS:-2}
	TCP_SECS=${BENCH_TCP_SECS:-4}
	RATES=${BENCH_RATES:-"10 100 500"}
	SHAPE_SECS=${BENCH_SHAPE_SECS:-8}
	SHAPE_RUNS=${BENCH_SHAPE_RUNS:-4}
	CP_N=${BENCH_CP_N:-1000}
fi
ONLY=${BENCH_ONLY:-"unshaped shaping demux multicpu control sched"}
BLAST=$REPO/bench/pktblast
# Frames go to an address nobody owns on the wire (dropped right at the
# peer's IP layer, PACKET_OTHERHOST): the cost measured is the path to it.
SINK_MAC=02:00:5e:00:00:99

require_root
require_cmd ip tc iperf3 python3 taskset
require_vnicctl
[ -x "$BLAST" ] || fail "$BLAST not built (make -C bench)"
: >"$RAW"

# emit KEY=VALUE...: one sample as a JSON line, numbers unquoted (no
# python per sample: process start-up is slow in the emulated guest).
emit() {
	local kv k v line=
	for kv in "$@"; do
		k=${kv%%=*} v=${kv#*=}
		[[ $v =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || v="\"${v//\"/}\""
		line+="${line:+, }\"$k\": $v"
	done
	echo "{$line}" >>"$RAW"
}

stat_of() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }

# blast NS DEV DSTMAC SRCIP DSTIP LEN CPU: offer SECS of frames from DEV.
blast() {
	ip netns exec "$1" taskset -c "$7" "$BLAST" "$2" "$3" "$4" "$5" "$6" "$SECS" >/dev/null
}

# pps_at CNT_NS CNT_DEV COUNTER -- blast args: packets/s counted at CNT_DEV.
pps_at() {
	local cns=$1 cdev=$2 ctr=$3 c0 c1 t0 t1
	shift 4
	c0=$(stat_of "$cns" "$cdev" "$ctr")
	t0=$(date +%s%N)
	blast "$@" || return 1
	sleep 0.2	# let the backlog drain
	t1=$(date +%s%N)
	c1=$(stat_of "$cns" "$cdev" "$ctr")
	# Divided by the sending time: the drain adds nothing once idle.
	echo $(((c1 - c0) * 1000000000 / (t1 - t0 - 200000000)))
}

busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# iperf_run NS DST PORT SECS -> "goodput_bps retransmits packets_sent"
iperf_run() {
	local j
	j=$(mktemp)
	ip netns exec "$1" iperf3 -J -c "$2" -p "$3" -t "$4" -O 1 >"$j" 2>&1
	python3 - "$j" <<'EOF'
import json, sys
try:
    e = json.load(open(sys.argv[1]))["end"]
    s = e["sum_sent"]
    print(int(e["sum_received"]["bits_per_second"]), s.get("retransmits", 0),
          int(s["bytes"] / 1448))
except Exception as ex:
    print("0 0 0")
EOF
	rm -f "$j"
}

qdisc_drops() {
	tc -n "$1" -s qdisc show dev "$2" |
		awk '/dropped/ { for (i = 1; i < NF; i++) if ($i == "dropped") { gsub(",", "", $(i + 1)); s += $(i + 1) } } END { print s + 0 }'
}

# The tenant device of one vnic or macvlan on the parent: DEVNS set.
# mkdev KIND NAME PARENT IPSUFFIX: moves it into a fresh netns stored in DEVNS.
# KIND vnic-iq: a vnic created with the module's tx_shaper=iq (frames over
# its rate wait in the driver; no qdisc of its own).
mkdev() {
	local kind=$1 name=$2 parent=$3 sfx=$4 was
	setup_ns DEVNS || return 1
	if [ "$kind" = vnic ]; then
		vnicctl_host add "$name" link "$parent" || return 1
	elif [ "$kind" = vnic-iq ]; then
		was=$(cat /sys/module/vnic/parameters/tx_shaper)
		echo iq >/sys/module/vnic/parameters/tx_shaper || return 1
		vnicctl_host add "$name" link "$parent"
		local rc=$?
		echo "$was" >/sys/module/vnic/parameters/tx_shaper
		[ "$rc" = 0 ] || return 1
	else
		ip -n "$HOST" link add link "$parent" name "$name" type macvlan mode private || return 1
	fi
	ip -n "$HOST" link set "$name" netns "$DEVNS" || return 1
	ip -n "$DEVNS" addr add "192.0.2.$sfx/24" dev "$name"
	ip -n "$DEVNS" link set "$name" up
}

rmdev() {
	cleanup_ns "$1"
}

topo_veth || fail "topology"
# The macvlans' parent: pm <-> wm, a twin of p0 <-> w0.
ip -n "$HOST" link add pm type veth peer name wm netns "$WIRE" || fail "veth pm"
ip -n "$WIRE" addr add 198.51.100.1/24 dev wm
ip -n "$WIRE" link set wm up
ip -n "$HOST" link set pm up
in_ns "$WIRE" iperf3 -s -D -p 5201
in_ns "$WIRE" iperf3 -s -D -p 5202
wait_for_port "$WIRE" 5201 && wait_for_port "$WIRE" 5202 || fail "iperf3 server"
emit sec=meta quick="$QUICK" runs="$RUNS" secs="$SECS" kernel="$(uname -r)" \
	cpus="$(nproc)" default_qdisc="$(sysctl -n net.core.default_qdisc)"

##############################################################################
# 1. Unshaped: a vnic and a macvlan, both alive for the whole section, each
# on its own veth parent (a parent has one rx_handler: p0 for the vnics, pm
# for the macvlan), measured in turn: every round takes one sample of
# each, in an order that rotates from round to round, so slow spells of
# the emulated host hit both. A second vnic on p0 runs with the noqueue
# qdisc a macvlan has: the cost of the vnic's qdisc, apart; a third is
# created with tx_shaper=iq (IFF_NO_QUEUE, as a macvlan), the candidate
# default.

UNSHAPED_KINDS="vnic vnic-nq vnic-iq macvlan"
# Eight orders, the four rotations of the list each way: every kind comes
# in every place equally often, after each other kind as often as before.
UNSHAPED_ORDERS=("vnic vnic-nq vnic-iq macvlan" "macvlan vnic-iq vnic-nq vnic"
	"vnic-nq vnic-iq macvlan vnic" "vnic macvlan vnic-iq vnic-nq"
	"vnic-iq macvlan vnic vnic-nq" "vnic-nq vnic macvlan vnic-iq"
	"macvlan vnic vnic-nq vnic-iq" "vnic-iq vnic-nq vnic macvlan")

sec_unshaped() {
	local r kind t len mac dq
	local -A ns dev wif wip tip
	mkdev vnic u0 "$PARENT" 2 || fail "vnic on $PARENT"
	ns[vnic]=$DEVNS dev[vnic]=u0 wif[vnic]=$WIRE_IF wip[vnic]=$WIRE_IP tip[vnic]=192.0.2.2
	mkdev vnic u1 "$PARENT" 6 || fail "vnic on $PARENT"
	tc -n "$DEVNS" qdisc replace dev u1 root noqueue || fail "noqueue"
	ns[vnic-nq]=$DEVNS dev[vnic-nq]=u1 wif[vnic-nq]=$WIRE_IF wip[vnic-nq]=$WIRE_IP tip[vnic-nq]=192.0.2.6
	mkdev vnic-iq u3 "$PARENT" 7 || fail "vnic (iq) on $PARENT"
	ns[vnic-iq]=$DEVNS dev[vnic-iq]=u3 wif[vnic-iq]=$WIRE_IF wip[vnic-iq]=$WIRE_IP tip[vnic-iq]=192.0.2.7
	mkdev macvlan u2 pm 2 || fail "macvlan on pm"
	ip -n "$DEVNS" addr flush dev u2
	ip -n "$DEVNS" addr add 198.51.100.2/24 dev u2
	ns[macvlan]=$DEVNS dev[macvlan]=u2 wif[macvlan]=wm wip[macvlan]=198.51.100.1 tip[macvlan]=198.51.100.2
	for kind in $UNSHAPED_KINDS; do
		in_ns "${ns[$kind]}" ping -c 1 -W 2 "${wip[$kind]}" >/dev/null ||
			fail "$kind: no ping"
	done
	emit sec=meta vnic_qdisc="$(tc -n "${ns[vnic]}" qdisc show dev u0 | head -1 | awk '{ print $2 }')"
	for t in tx60 rx60 tx1514 rx1514 tcp; do
		len=${t#[rt]x}
		for ((r = 0; r < PAIRS; r++)); do
			for kind in ${UNSHAPED_ORDERS[r % 8]}; do
				mac=$(mac_of "${ns[$kind]}" "${dev[$kind]}")
				case $t in
				tx*)
					emit sec=unshaped dev="$kind" dir=tx len="$len" round=$r \
						pps="$(pps_at "$WIRE" "${wif[$kind]}" rx_packets -- \
							"${ns[$kind]}" "${dev[$kind]}" "$SINK_MAC" \
							"${tip[$kind]}" "${wip[$kind]}" "$len" 1)"
					;;
				rx*)
					emit sec=unshaped dev="$kind" dir=rx len="$len" round=$r \
						pps="$(pps_at "${ns[$kind]}" "${dev[$kind]}" rx_packets -- \
							"$WIRE" "${wif[$kind]}" "$mac" "${wip[$kind]}" \
							"${tip[$kind]}" "$len" 1)"
					;;
				tcp)
					read -r g _ _ < <(iperf_run "${ns[$kind]}" "${wip[$kind]}" 5201 "$TCP_SECS")
					emit sec=unshaped dev="$kind" dir=tcp round=$r bps="$g"
					;;
				esac
			done
		done
		echo "unshaped: $t done" >&2
	done
	for kind in $UNSHAPED_KINDS; do
		dq=$(qdisc_drops "${ns[$kind]}" "${dev[$kind]}")
		emit sec=unshaped dev="$kind" dir=drops qdisc_drops="$dq" \
			tx_dropped="$(stat_of "${ns[$kind]}" "${dev[$kind]}" tx_dropped)"
		rmdev "${ns[$kind]}"
	done
}

##############################################################################
# 2. Shaping: vnic (on p0; s0 with the stopped queue, s1 with the
# in-driver one) vs tbf and HTB on a macvlan (on pm).

SHAPE_ORDERS=("vnic vnic-iq tbf htb" "vnic-iq tbf htb vnic"
	"tbf htb vnic vnic-iq" "htb vnic vnic-iq tbf")

sec_shaping() {
	local k r burst shaper ns dev dst c0 c1 t0 t1 g rt pk qd td vns mns ins
	mkdev vnic s0 "$PARENT" 3 || fail "vnic"
	vns=$DEVNS
	mkdev vnic-iq s1 "$PARENT" 4 || fail "vnic (iq)"
	ins=$DEVNS
	in_ns "$ins" ping -c 1 -W 2 "$WIRE_IP" >/dev/null
	mkdev macvlan m0 pm 3 || fail "macvlan"
	mns=$DEVNS
	ip -n "$mns" addr flush dev m0
	ip -n "$mns" addr add 198.51.100.3/24 dev m0
	in_ns "$vns" ping -c 1 -W 2 "$WIRE_IP" >/dev/null
	in_ns "$mns" ping -c 1 -W 2 198.51.100.1 >/dev/null
	# What the idle guest keeps busy (timer ticks, emulation): taken off
	# each run's busy time, so CPU per packet is the traffic's own.
	c0=$(busy_ticks)
	t0=$(date +%s%N)
	sleep "$SHAPE_SECS"
	emit sec=shaping shaper=idle busy_ticks=$(($(busy_ticks) - c0)) \
		wall_ms=$((($(date +%s%N) - t0) / 1000000)) hz="$(getconf CLK_TCK)"
	for ((k = 0; k < SHAPE_RUNS; k++)); do
		for r in $RATES; do
			burst=$((r >= 50 ? r * 1250 : 65536))	# 10 ms at the rate, at least 64k
			# "none": the unshaped vnic right before, what the guest sustains
			# now; a rate above it measures the guest, not the shaper. The
			# three shapers take turns at going first.
			for shaper in none ${SHAPE_ORDERS[k % 4]}; do
				case $shaper in
				none)
					ns=$vns dev=s0 dst=$WIRE_IP port=5201
					;;
				vnic)
					ns=$vns dev=s0 dst=$WIRE_IP port=5201
					vnicctl_host set s0 rate "${r}mbit" burst "$burst" || fail "set rate"
					;;
				vnic-iq)
					ns=$ins dev=s1 dst=$WIRE_IP port=5201
					vnicctl_host set s1 rate "${r}mbit" burst "$burst" || fail "set rate"
					;;
				tbf)
					ns=$mns dev=m0 dst=198.51.100.1 port=5202
					tc -n "$ns" qdisc replace dev m0 root tbf rate "${r}mbit" \
						burst "$burst" latency 200ms || fail "tbf"
					;;
				htb)
					ns=$mns dev=m0 dst=198.51.100.1 port=5202
					tc -n "$ns" qdisc replace dev m0 root handle 1: htb default 1 &&
						tc -n "$ns" class add dev m0 parent 1: classid 1:1 htb \
							rate "${r}mbit" ceil "${r}mbit" burst "$burst" cburst "$burst" \
							quantum 1514 ||
						fail "htb"
					;;
				esac
				qd=$(qdisc_drops "$ns" "$dev")
				td=$(stat_of "$ns" "$dev" tx_dropped)
				c0=$(busy_ticks)
				t0=$(date +%s%N)
				read -r g rt pk < <(iperf_run "$ns" "$dst" "$port" "$SHAPE_SECS")
				t1=$(date +%s%N)
				c1=$(busy_ticks)
				qd=$(($(qdisc_drops "$ns" "$dev") - qd))
				td=$(($(stat_of "$ns" "$dev" tx_dropped) - td))
				emit sec=shaping shaper=$shaper rate_mbit="$r" round=$k goodput_bps="$g" \
					retransmits="$rt" packets="$pk" busy_ticks=$((c1 - c0)) \
					wall_ms=$(((t1 - t0) / 1000000)) hz="$(getconf CLK_TCK)" \
					qdisc_drops="$qd" driver_drops="$td"
				if [ $shaper = none ]; then
					:
				elif [ $shaper = vnic ]; then
					vnicctl_host set s0 rate 0
				elif [ $shaper = vnic-iq ]; then
					vnicctl_host set s1 rate 0
				else
					tc -n "$ns" qdisc del dev m0 root
				fi
			done
			echo "shaping: round $((k + 1))/$SHAPE_RUNS, ${r} Mbit done" >&2
		done
	done
	rmdev "$vns"
	rmdev "$ins"
	rmdev "$mns"
}

##############################################################################
# 3. Demux scale: vnic t0 on parent q0 alone, t1 on q1 with 99 others, t2 on
# q2 with 999 others; RX to t0/t1/t2 from the wire, alternated.

sec_demux() {
	local i n r q ns mac tns=() macs=() ns_n=(1 100 1000)
	# 1100 devices coming up: no IPv6 autoconfiguration storm meanwhile.
	ip netns exec "$HOST" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	for i in 0 1 2; do
		ip -n "$HOST" link add "q$i" type veth peer name "x$i" netns "$WIRE" || fail "veth"
		ip -n "$HOST" link set "q$i" up
		ip -n "$WIRE" link set "x$i" up
		mkdev vnic "t$i" "q$i" $((10 + i)) || fail "vnic t$i"
		tns[i]=$DEVNS
		macs[i]=$(mac_of "$DEVNS" "t$i")
		n=${ns_n[i]}
		for ((q = 1; q < n; q++)); do
			echo "add e${i}_$q link q$i"
		done >/tmp/demux.batch
		[ "$n" -gt 1 ] && { vnicctl_host -b /tmp/demux.batch || fail "batch add"; }
		# The others are up, as a tenant's would be.
		for ((q = 1; q < n; q++)); do
			echo "link set e${i}_$q up"
		done >/tmp/demux.ip
		[ "$n" -gt 1 ] && { ip -n "$HOST" -b /tmp/demux.ip || fail "ip -b up"; }
	done
	sleep 2
	for ((r = 0; r < RUNS; r++)); do
		for i in 0 1 2; do
			[ $((r % 2)) = 1 ] && q=$((2 - i)) || q=$i
			emit sec=demux vnics="${ns_n[q]}" round=$r \
				pps="$(pps_at "${tns[q]}" "t$q" rx_packets -- "$WIRE" "x$q" "${macs[q]}" "$WIRE_IP" "192.0.2.$((10 + q))" 60 1)"
		done
		echo "demux: round $((r + 1))/$RUNS done" >&2
	done
	for i in 0 1 2; do
		rmdev "${tns[i]}"
		ip -n "$HOST" link del "q$i"
	done
}

##############################################################################
# 4. Multi-CPU: 1 sender on CPU 0 vs 2 senders on CPUs 0 and 1, each through
# its own device on p0, counted together on the wire.

sec_multicpu() {
	local r kind a b c0 c1 t0 t1 k order
	for ((r = 0; r < RUNS; r++)); do
		order="vnic macvlan"
		[ $((r % 2)) = 1 ] && order="macvlan vnic"
		for kind in $order; do
			mkdev "$kind" c0 "$PARENT" 4 || fail "$kind"
			a=$DEVNS
			mkdev "$kind" c1 "$PARENT" 5 || fail "$kind"
			b=$DEVNS
			for k in 1 2; do
				c0=$(stat_of "$WIRE" "$WIRE_IF" rx_packets)
				t0=$(date +%s%N)
				blast "$a" c0 "$SINK_MAC" 192.0.2.4 "$WIRE_IP" 60 0 &
				[ $k = 2 ] && blast "$b" c1 "$SINK_MAC" 192.0.2.5 "$WIRE_IP" 60 1 &
				wait
				sleep 0.2
				t1=$(date +%s%N)
				c1=$(stat_of "$WIRE" "$WIRE_IF" rx_packets)
				emit sec=multicpu dev="$kind" senders=$k round=$r \
					pps=$(((c1 - c0) * 1000000000 / (t1 - t0 - 200000000)))
			done
			rmdev "$a"
			rmdev "$b"
		done
		echo "multicpu: round $((r + 1))/$RUNS done" >&2
	done
}

##############################################################################
# 5. Control plane: N vnics vs N macvlans on one parent, created with one
# batch and deleted with one batch (one command a line each time).

kmem_kb() {
	sleep 1
	awk '/^(Slab|Percpu|VmallocUsed|KernelStack|PageTables):/ { s += $2 } END { print s }' /proc/meminfo
}

sec_control() {
	local kind i t0 t1 t2 t3 m0 m1 add del
	ip netns exec "$HOST" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip -n "$HOST" link add pc type veth peer name wc netns "$WIRE"
	ip -n "$HOST" link set pc up
	for kind in vnic macvlan; do
		for ((i = 0; i < CP_N; i++)); do
			if [ $kind = vnic ]; then
				echo "add k$i link pc" >>/tmp/cp.add
				echo "del k$i" >>/tmp/cp.del
			else
				echo "link add link pc name k$i type macvlan mode private" >>/tmp/cp.add
				echo "link del k$i" >>/tmp/cp.del
			fi
		done
		m0=$(kmem_kb)
		t0=$(date +%s%N)
		if [ $kind = vnic ]; then
			vnicctl_host -b /tmp/cp.add || fail "vnicctl -b add"
		else
			ip -n "$HOST" -b /tmp/cp.add || fail "ip -b add"
		fi
		t1=$(date +%s%N)
		m1=$(kmem_kb)
		t2=$(date +%s%N)
		if [ $kind = vnic ]; then
			vnicctl_host -b /tmp/cp.del || fail "vnicctl -b del"
		else
			ip -n "$HOST" -b /tmp/cp.del || fail "ip -b del"
		fi
		t3=$(date +%s%N)
		add=$(((t1 - t0) / 1000))
		del=$(((t3 - t2) / 1000))
		emit sec=control dev=$kind n="$CP_N" create_us="$add" delete_us="$del" \
			kmem_kb=$((m1 - m0))
		rm -f /tmp/cp.add /tmp/cp.del
		echo "control: $kind done" >&2
	done
	ip -n "$HOST" link del pc
}

##############################################################################
# 6. The share scheduler: a parent with a capacity of 60 Mbit/s and three
# tenants a, b and c (guarantees 10, 15 and 20 Mbit/s) sending TCP in
# phases: a alone, a+b, a+b+c, a+b, a alone. Each vnic's TX bytes every
# 100 ms (sched_sampler.py) make the timeline report.py plots: lending and
# guarantees at a glance. Then the tick's cost (parent show's tick-cost)
# on a parent with 1, 100 and 1000 vnics with guarantees, one of them
# sending.

# now: /proc/uptime, the samplers' clock.
now() { local up _; read -r up _ </proc/uptime; echo "$up"; }

sec_sched() {
	local i t ns pids=() ph n up cost period k
	local -a secs=(3 3 6 3 3)
	vnicctl_host parent set "$PARENT" capacity 60mbit || fail "capacity"
	vnic_tenant SA sa 21 min 10mbit || fail "tenant a"
	vnic_tenant SB sb 22 min 15mbit || fail "tenant b"
	vnic_tenant SC sc 23 min 20mbit || fail "tenant c"
	in_ns "$WIRE" iperf3 -s -D -p 5203
	wait_for_port "$WIRE" 5203 || fail "iperf3 server 5203"
	t=0
	for i in "${secs[@]}"; do t=$((t + i)); done
	for ns in "$SA:sa" "$SB:sb" "$SC:sc"; do
		ip netns exec "${ns%%:*}" python3 bench/sched_sampler.py \
			"${ns##*:}" $((t + 2)) 100 "/tmp/sched.${ns##*:}" &
		pids+=($!)
	done
	sleep 1
	# a for all phases, b from the second to the fourth, c the third.
	emit sec=sched kind=mark what=start t="$(now)"
	in_ns "$SA" iperf3 -c "$WIRE_IP" -p 5201 -t "$t" >/dev/null 2>&1 &
	pids+=($!)
	sleep "${secs[0]}"
	emit sec=sched kind=mark what=b_start t="$(now)"
	in_ns "$SB" iperf3 -c "$WIRE_IP" -p 5202 \
		-t $((secs[1] + secs[2] + secs[3])) >/dev/null 2>&1 &
	pids+=($!)
	sleep "${secs[1]}"
	emit sec=sched kind=mark what=c_start t="$(now)"
	in_ns "$SC" iperf3 -c "$WIRE_IP" -p 5203 -t "${secs[2]}" \
		>/dev/null 2>&1 &
	pids+=($!)
	sleep "${secs[2]}"
	emit sec=sched kind=mark what=c_stop t="$(now)"
	sleep "${secs[3]}"
	emit sec=sched kind=mark what=b_stop t="$(now)"
	wait "${pids[@]}"
	for ph in sa sb sc; do
		cat "/tmp/sched.$ph" >>"$RAW"
		rm -f "/tmp/sched.$ph"
	done
	emit sec=sched kind=config capacity_mbit=60 min_a=10 min_b=15 min_c=20 \
		phases="${secs[*]}"
	echo "sched: timeline done" >&2
	for ns in "$SA" "$SB" "$SC"; do cleanup_ns "$ns"; done
	vnicctl_host parent set "$PARENT" capacity 0 || fail "capacity 0"

	# The tick's cost: N vnics with guarantees, k0 sending (the tick runs
	# while one does), parent show's tick-cost read three times.
	ip -n "$HOST" link add pt type veth peer name wt || fail "veth pt"
	ip -n "$HOST" link set wt up
	ip -n "$HOST" link set pt up
	vnicctl_host parent set pt capacity 10gbit || fail "capacity pt"
	for n in 1 100 1000; do
		: >/tmp/sched.add
		for ((k = $(vnicctl_host -j parent show pt | python3 -S -c 'import json,sys; print(json.load(sys.stdin)[0]["vnics"])'); k < n; k++)); do
			echo "add k$k link pt min 1mbit" >>/tmp/sched.add
		done
		[ -s /tmp/sched.add ] && { vnicctl_host -b /tmp/sched.add || fail "vnicctl -b"; }
		ip -n "$HOST" link set k0 up
		ip netns exec "$HOST" "$BLAST" k0 02:00:5e:00:00:99 198.51.100.9 \
			198.51.100.1 60 $((SECS * 2)) >/dev/null &
		k=$!
		for i in 1 2 3; do
			sleep "$(((SECS + 2) / 3))"
			up=$(vnicctl_host -j parent show pt | python3 -S -c 'import json,sys; p=json.load(sys.stdin)[0]; print(p["tick_cost_ns"], p["tick_period_ns"])')
			cost=${up% *}
			period=${up#* }
			emit sec=sched kind=tick vnics="$n" cost_ns="$cost" \
				period_ns="$period"
		done
		wait $k
		echo "sched: tick with $n vnics done" >&2
	done
	rm -f /tmp/sched.add
	ip -n "$HOST" link del pt
}

for s in $ONLY; do
	t0=$(date +%s)
	"sec_$s"
	emit sec=meta section="$s" seconds=$(($(date +%s) - t0))
done
exit 0
