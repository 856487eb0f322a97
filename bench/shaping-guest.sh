#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shaping benchmark, run in the guest by bench/run.sh: TCP through a vnic
# shaped by vnic vs a macvlan shaped by tbf, on twin veth parents in the
# same guest, alternated, at the same rates. Prints achieved/set rate,
# retransmits and CPU time per packet (from /proc/stat), and writes JSON.
set -u
cd "$(dirname "$0")/.." || exit 1
source selftests/lib.sh
source selftests/vnic_topo.sh

RATES=${BENCH_RATES:-"10 100 500"}
SECS=${BENCH_SECS:-8}
OUT=${1:-/dev/null}

topo_veth || fail "topology"
vnic_tenant TV v0 10 || fail "vnic"
ip -n "$HOST" link add pm type veth peer name wm netns "$WIRE"
ip -n "$WIRE" addr add 198.51.100.1/24 dev wm
ip -n "$WIRE" link set wm up
ip -n "$HOST" link set pm up
setup_ns TM
ip -n "$HOST" link add link pm name mv0 type macvlan mode private
ip -n "$HOST" link set mv0 netns "$TM"
ip -n "$TM" addr add 198.51.100.10/24 dev mv0
ip -n "$TM" link set mv0 up
in_ns "$WIRE" iperf3 -s -D -p 5201
in_ns "$WIRE" iperf3 -s -D -p 5202
wait_for_port "$WIRE" 5201 && wait_for_port "$WIRE" 5202
in_ns "$TV" ping -c 1 -W 2 "$WIRE_IP" >/dev/null
in_ns "$TM" ping -c 1 -W 2 198.51.100.1 >/dev/null

busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# run NS DST PORT -> "goodput_bps retrans packets cpu_ticks"
run() {
	local ns=$1 dst=$2 port=$3 c0 c1 j
	j=$(mktemp)
	c0=$(busy_ticks)
	in_ns "$ns" iperf3 -J -c "$dst" -p "$port" -t "$SECS" -O 1 >"$j"
	c1=$(busy_ticks)
	python3 - "$j" $((c1 - c0)) <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))['end']
s = e['sum_sent']
pk = s['bytes'] / 1448.0
print(int(e['sum_received']['bits_per_second']), s.get('retransmits', 0), int(pk), sys.argv[2])
PY
	rm -f "$j"
}

printf '%-6s %-8s %10s %10s %8s %14s\n' rate shaper goodput achieved retrans "cpu us/pkt"
echo '[' >"$OUT"
first=1
for r in $RATES; do
	burst=$((r >= 50 ? r * 1250 : 65536))	# 10 ms at the rate, at least 64k
	for shaper in vnic tbf; do
		if [ $shaper = vnic ]; then
			vnicctl_host set v0 rate "${r}mbit" burst "$burst"
			read -r g rt pk ct < <(run "$TV" "$WIRE_IP" 5201)
			vnicctl_host set v0 rate 0
		else
			tc -n "$TM" qdisc replace dev mv0 root tbf rate "${r}mbit" burst "$burst" latency 200ms
			read -r g rt pk ct < <(run "$TM" 198.51.100.1 5202)
			tc -n "$TM" qdisc del dev mv0 root
		fi
		ideal=$((r * 1000000 * 1448 / 1514))
		ach=$(python3 -c "print(round($g / $ideal, 3))")
		cpu=$(python3 -c "print(round($ct * 10000.0 / max($pk, 1), 2))")
		printf '%-6s %-8s %10s %10s %8s %14s\n' "${r}M" $shaper "$((g / 1000))k" "$ach" "$rt" "$cpu"
		[ $first = 1 ] || echo ',' >>"$OUT"
		first=0
		printf '{"rate_mbit": %s, "shaper": "%s", "goodput_bps": %s, "achieved_over_ideal": %s, "retransmits": %s, "cpu_us_per_pkt": %s}' \
			"$r" $shaper "$g" "$ach" "$rt" "$cpu" >>"$OUT"
	done
done
echo ']' >>"$OUT"
