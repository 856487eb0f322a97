#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vnic CNI plugin (userspace/cni/vnic), invoked exactly as a container
# runtime does: CNI_COMMAND/CNI_CONTAINERID/CNI_NETNS/CNI_IFNAME/CNI_PATH in
# the environment, the network configuration on stdin, the result or error
# on stdout; IPAM by Debian's host-local (containernetworking-plugins).
#
# - ADD: the pod gets its interface with the IPAM addresses, a default
#   route, reaches the wire host (counted there); the result validates
#   against the spec's fields (1.0.0 and 0.4.0); the vnic's allowed source
#   IPs are the IPAM addresses. CHECK passes, then detects a removed
#   address. A chained plugin (Debian's tuning) takes our result.
# - DEL removes the vnic and releases the lease; DEL twice and DEL after the
#   netns is gone succeed.
# - DEL does not believe the pod's netns: root there answering the plugin's
#   lookup of eth0 with another pod's vnic id does not get that vnic deleted.
# - Side by side on the same parent with Debian's macvlan (+ bandwidth): the
#   vnic pod cannot exceed egressRate (iperf3, within 3%, as vnic_share.sh)
#   nor send from a foreign source IP (never on the wire); what
#   macvlan+bandwidth does is measured and printed.
# - Bad configurations: spec'd error JSON (code, msg), nothing left behind.
# - 50 ADD/DEL cycles leave no vnic, no lease, no netns reference.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_cmd ip python3 iperf3 tcpdump ping
require_vnicctl

CNI_PLUGIN=${VNIC_CNI_PLUGIN:-$REPO/userspace/cni/vnic}
UPSTREAM=/usr/lib/cni
[ -x "$CNI_PLUGIN" ] || fail "$CNI_PLUGIN not built (make)"
for p in host-local macvlan bandwidth tuning; do
	[ -x "$UPSTREAM/$p" ] || fail "$UPSTREAM/$p missing (make deps: containernetworking-plugins)"
done
CNI_DIRS="$REPO/userspace/cni:$UPSTREAM"
CYCLES=${VNIC_CNI_CYCLES:-50}
# TCP goodput at MTU 1500: 1448 payload bytes per 1514 wire bytes.
GOODPUT_NUM=1448
GOODPUT_DEN=1514
EGRESS=20000000		# bit/s, as runtimeConfig.bandwidth.egressRate
NET=vnic-test		# network name: host-local keeps leases in $DATA/$NET
FOREIGN_IP=192.0.2.250	# in the subnet, never given by IPAM
ROUTED_IP=198.51.100.1	# on the wire host, reached via the default route

topo_veth || fail "cannot build the veth topology"
ip -n "$WIRE" addr add "$ROUTED_IP/32" dev "$WIRE_IF"
DATA=$(mktemp -d /tmp/cni-data.XXXXXX)
OUT=$(mktemp /tmp/cni-out.XXXXXX)
ERR=$(mktemp /tmp/cni-err.XXXXXX)
JSON=$(mktemp /tmp/cni-iperf.XXXXXX)
at_exit rm -rf "$DATA" "$OUT" "$ERR" "$JSON" "$OUT.prev" "$OUT.forge"
at_exit "ip netns pids $WIRE | xargs -r kill"

IPAM='"ipam": {"type": "host-local", "dataDir": "'$DATA'",
	"ranges": [[{"subnet": "192.0.2.0/24", "rangeStart": "192.0.2.100",
		     "rangeEnd": "192.0.2.199", "gateway": "192.0.2.1"}],
		   [{"subnet": "2001:db8::/64", "rangeStart": "2001:db8::100",
		     "rangeEnd": "2001:db8::1ff", "gateway": "2001:db8::1"}]],
	"routes": [{"dst": "0.0.0.0/0"}, {"dst": "::/0"}]}'

# conf [VERSION [EXTRA [TYPE]]]: a network configuration; EXTRA is JSON
# members (with a leading comma) added to it.
conf() {
	local ver=${1:-1.0.0} extra=${2:-} type=${3:-vnic}
	printf '{"cniVersion": "%s", "name": "%s", "type": "%s", "master": "%s",\n%s%s}\n' \
		"$ver" "$NET" "$type" "$PARENT" "$IPAM" "$extra"
}

# cni CMD POD CONF [PLUGIN]: run PLUGIN (default vnic) in the host's netns
# as a runtime does, for container "ctr-POD", interface eth0 in netns POD
# (/run/netns/POD, which may not exist). Stdout in $OUT, stderr in $ERR;
# returns the plugin's exit status. $CNI_WRAP, if set, is a command line
# the plugin runs under.
# shellcheck disable=SC2086 # CNI_WRAP is a command line
cni() {
	local cmd=$1 pod=$2 conf=$3 plugin=${4:-vnic} bin
	bin=$UPSTREAM/$plugin
	[ "$plugin" = vnic ] && bin=$CNI_PLUGIN
	printf '%s' "$conf" | timeout 60 ip netns exec "$HOST" env -i PATH="$PATH" \
		CNI_COMMAND="$cmd" CNI_CONTAINERID="ctr-$pod" \
		CNI_NETNS="/run/netns/$pod" CNI_IFNAME=eth0 \
		CNI_PATH="$CNI_DIRS" ${CNI_WRAP:-} "$bin" >"$OUT" 2>"$ERR"
}

# with_prev CONF RESULT-FILE: CONF with "prevResult" set to the result.
with_prev() {
	python3 -c 'import json,sys; c=json.loads(sys.argv[1]); c["prevResult"]=json.load(open(sys.argv[2])); print(json.dumps(c))' "$1" "$2"
}

jget() {
	python3 "$LIB_DIR/cni_json.py" get "$1" "$2"
}

vnic_count() {
	vnicctl_host -j show | python3 -c "import json,sys; print(len(json.load(sys.stdin)))"
}

# Leases host-local holds (files named after an address).
lease_count() {
	find "$DATA/$NET" -maxdepth 1 -type f \( -name '*.*.*.*' -o -name '*:*' \) \
		! -name 'last_reserved_ip*' 2>/dev/null | wc -l
}

vnic_field() {	# vnic_field FIELD: of the only vnic, from vnicctl -j show
	vnicctl_host -j show | python3 -c "import json,sys; print(json.load(sys.stdin)[0].get('$1'))"
}

vnic_stat() {	# vnic_stat COUNTER: of the only vnic
	local id
	id=$(vnic_field id)
	vnicctl_host -j stats id "$id" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$1'])"
}

# Frames the wire host received.
wire_rx() { rx_packets "$WIRE" "$WIRE_IF"; }

test_add_del() {
	local pod addrs a4 a6 mac before after
	RET=0
	setup_ns POD || fail "netns"
	pod=$POD
	cni ADD "$pod" "$(conf)"
	check_err $? "ADD failed: $(cat "$OUT" "$ERR")"
	mac=$(mac_of "$pod" eth0 2>/dev/null)
	addrs=$(python3 "$LIB_DIR/cni_json.py" result "$OUT" 1.0.0 eth0 "$mac" "/run/netns/$pod")
	check_err $? "result does not validate: $addrs"
	cp "$OUT" "$OUT.prev"
	a4=$(echo "$addrs" | grep -v :)
	a6=$(echo "$addrs" | grep :)
	log_info "ADD result: eth0 $mac, $a4, $a6"
	ip -n "$pod" -4 addr show dev eth0 | grep -q "inet $a4/24"
	check_err $? "the pod has no $a4/24 on eth0"
	ip -n "$pod" -6 addr show dev eth0 | grep -q "inet6 $a6/64"
	check_err $? "the pod has no $a6/64 on eth0"
	ip -n "$pod" route show default | grep -q "via $WIRE_IP dev eth0"
	check_err $? "no default route via $WIRE_IP: $(ip -n "$pod" route)"
	[ "$(ip -n "$pod" -d link show eth0 | grep -c 'vnic ')" -ge 1 ]
	check_err $? "eth0 is not a vnic"
	[ -f "$DATA/$NET/$a4" ] && [ -f "$DATA/$NET/$a6" ]
	check_err $? "no host-local lease for $a4 and $a6"

	# Counted on the far side: the wire host, on-link, via the default
	# route and over IPv6.
	before=$(wire_rx)
	in_ns "$pod" ping -c 3 -i 0.2 -W 2 "$WIRE_IP" >/dev/null &&
		in_ns "$pod" ping -c 3 -i 0.2 -W 2 "$ROUTED_IP" >/dev/null &&
		in_ns "$pod" ping -6 -c 3 -i 0.2 -W 2 "$WIRE_IP6" >/dev/null
	check_err $? "the pod cannot reach the wire host"
	after=$(wire_rx)
	[ $((after - before)) -ge 9 ]
	check_err $? "the wire host received $((after - before)) frames for 9 pings"

	[ "$(vnic_field parent)" = "$PARENT" ]
	check_err $? "the vnic's parent is not $PARENT"
	[ "$(vnic_field allowed_ips)" = "['$a4/32', '$a6/128']" ]
	check_err $? "allowed source IPs $(vnic_field allowed_ips), not the IPAM's"
	log_test "ADD: IPAM addresses, default route, wire reached, spec'd result"

	RET=0
	cni CHECK "$pod" "$(with_prev "$(conf)" "$OUT.prev")"
	check_err $? "CHECK of a good pod failed: $(cat "$OUT" "$ERR")"
	# Chained: Debian's tuning takes our result and passes it on.
	cni ADD "$pod" "$(with_prev "$(conf 1.0.0 ', "sysctl": {"net.ipv4.conf.eth0.arp_ignore": "1"}' tuning)" "$OUT.prev")" tuning
	check_err $? "tuning chained after vnic failed: $(cat "$OUT" "$ERR")"
	[ "$(in_ns "$pod" sysctl -n net.ipv4.conf.eth0.arp_ignore)" = 1 ]
	check_err $? "tuning did not apply its sysctl"
	python3 "$LIB_DIR/cni_json.py" result "$OUT" 1.0.0 eth0 "$mac" "/run/netns/$pod" >/dev/null
	check_err $? "tuning's result lost our interface"
	cni CHECK "$pod" "$(with_prev "$(conf)" "$OUT")"
	check_err $? "CHECK with tuning's result failed: $(cat "$OUT" "$ERR")"
	ip -n "$pod" addr del "$a4/24" dev eth0
	cni CHECK "$pod" "$(with_prev "$(conf)" "$OUT.prev")"
	check_fail $? "CHECK did not notice the removed address"
	python3 "$LIB_DIR/cni_json.py" error "$OUT" 100 "$a4/24" >/dev/null
	check_err $? "CHECK error: $(cat "$OUT")"
	log_test "CHECK: passes, chains with tuning, detects a removed address"

	RET=0
	cni DEL "$pod" "$(conf)"
	check_err $? "DEL failed: $(cat "$OUT" "$ERR")"
	ip -n "$pod" link show eth0 >/dev/null 2>&1
	check_fail $? "eth0 still in the pod after DEL"
	[ "$(vnic_count)" -eq 0 ]
	check_err $? "a vnic is left after DEL"
	[ "$(lease_count)" -eq 0 ]
	check_err $? "leases left after DEL: $(ls "$DATA/$NET")"
	cni DEL "$pod" "$(conf)"
	check_err $? "second DEL failed: $(cat "$OUT" "$ERR")"

	# DEL after the netns is gone (the runtime lost it): success, and the
	# lease is released all the same.
	cni ADD "$pod" "$(conf)"
	check_err $? "second ADD failed: $(cat "$OUT" "$ERR")"
	cleanup_ns "$pod"
	cni DEL "$pod" "$(conf)"
	check_err $? "DEL after netns deletion failed: $(cat "$OUT" "$ERR")"
	[ "$(lease_count)" -eq 0 ]
	check_err $? "lease left after DEL without netns"
	slowwait 10 sh -c "[ \"\$(ip netns exec $HOST $VNICCTL -j show)\" = '[]' ]"
	check_err $? "the vnic outlived its netns"
	log_test "DEL: removes vnic and lease; twice, and without netns, succeed"
}

test_v040() {
	local mac out
	RET=0
	setup_ns POD4 || fail "netns"
	cni ADD "$POD4" "$(conf 0.4.0)"
	check_err $? "ADD with 0.4.0 failed: $(cat "$OUT" "$ERR")"
	mac=$(mac_of "$POD4" eth0 2>/dev/null)
	out=$(python3 "$LIB_DIR/cni_json.py" result "$OUT" 0.4.0 eth0 "$mac" "/run/netns/$POD4")
	check_err $? "0.4.0 result does not validate: $out"
	cp "$OUT" "$OUT.prev"
	cni CHECK "$POD4" "$(with_prev "$(conf 0.4.0)" "$OUT.prev")"
	check_err $? "CHECK 0.4.0 failed: $(cat "$OUT" "$ERR")"
	cni CHECK "$POD4" "$(with_prev "$(conf 0.3.1)" "$OUT.prev")"
	check_fail $? "CHECK accepted with cniVersion 0.3.1"
	python3 "$LIB_DIR/cni_json.py" error "$OUT" 1 "CHECK needs 0.4.0" >/dev/null
	check_err $? "CHECK with 0.3.1: $(cat "$OUT")"
	cni DEL "$POD4" "$(conf 0.4.0)"
	check_err $? "DEL 0.4.0 failed"
	cni VERSION "$POD4" '{"cniVersion": "1.0.0"}'
	check_err $? "VERSION failed"
	[ "$(jget "$OUT" "','.join(d['supportedVersions'])")" = "0.3.0,0.3.1,0.4.0,1.0.0" ]
	check_err $? "VERSION: $(cat "$OUT")"
	log_test "cniVersion 0.4.0 results, VERSION, no CHECK before 0.4.0"
}

# bad DESC CODE TEXT CONF: ADD must fail with error CODE whose msg holds
# TEXT, and leave no vnic, lease or interface behind.
bad() {
	local desc=$1 code=$2 text=$3 conf=$4 out
	cni ADD "$POD" "$conf"
	check_fail $? "$desc: ADD succeeded"
	out=$(python3 "$LIB_DIR/cni_json.py" error "$OUT" "$code" "$text")
	check_err $? "$desc: $out"
	log_info "$desc -> code $code, $out"
	[ "$(vnic_count)" -eq 0 ] && [ "$(lease_count)" -eq 0 ] &&
		! ip -n "$POD" link show eth0 >/dev/null 2>&1
	check_err $? "$desc: something left behind (vnics $(vnic_count), leases $(lease_count))"
}

test_bad_config() {
	local bw='"runtimeConfig": {"bandwidth": {'
	RET=0
	setup_ns POD || fail "netns"
	bad "missing master" 7 "master: missing" \
		"$(conf | sed 's/"master": "[^"]*",//')"
	bad "unknown master" 7 'master: no device "nosuch0"' \
		"$(conf | sed 's/"master": "[^"]*"/"master": "nosuch0"/')"
	bad "rate as a string" 7 "egressRate: expected an integer" \
		"$(conf 1.0.0 ", $bw\"egressRate\": \"20mbit\"}}")"
	bad "negative rate" 7 "ingressRate: must not be negative" \
		"$(conf 1.0.0 ", $bw\"ingressRate\": -1}}")"
	bad "burst without rate" 7 "egressBurst: set without egressRate" \
		"$(conf 1.0.0 ", $bw\"egressBurst\": 80000}}")"
	# Refused by the kernel after IPAM ADD: the lease must be released.
	bad "burst below a frame" 7 "tx-burst: must hold a full-size frame" \
		"$(conf 1.0.0 ", $bw\"egressRate\": 1000000, \"egressBurst\": 800}}")"
	# Refused after the vnic exists: the vnic must be deleted too.
	bad "mtu above the parent's" 7 "mtu" "$(conf 1.0.0 ', "mtu": 9000')"
	bad "vlan as a string" 7 "vlan: expected an integer, got a string" \
		"$(conf 1.0.0 ', "vlan": "100"')"
	bad "spoofCheck as a string" 7 "spoofCheck: expected a boolean" \
		"$(conf 1.0.0 ', "spoofCheck": "yes"')"
	bad "unsupported mode" 2 'mode: "vepa"' "$(conf 1.0.0 ', "mode": "vepa"')"
	bad "wrong cniVersion" 1 'incompatible CNI version "2.0.0"' "$(conf 2.0.0)"
	bad "not JSON" 6 "network configuration" '{"cniVersion": "1.0.0",'
	bad "unknown IPAM plugin" 7 'plugin "nosuch"' \
		"$(conf | sed 's/"host-local"/"nosuch"/')"
	log_test "bad configurations: spec'd error JSON, nothing left behind"
}

# As vnic_share.sh: VNIC_RATE_CHECK=upper (slow debug guests) asserts the
# rate as an upper bound only; exact (default) within 3% both ways.
RATE_CHECK=${VNIC_RATE_CHECK:-exact}
within() {	# within VALUE TARGET PCT
	python3 -c "import sys; v,t,p=map(float,sys.argv[1:4]); up=sys.argv[4]=='upper'; sys.exit(v-t > t*p/100 or (not up and t-v > t*p/100))" "$@" "$RATE_CHECK"
}

# iperf_goodput POD: TCP goodput to the wire host in bit/s (10 s after 2 s
# of warm-up, as vnic_share.sh).
iperf_goodput() {
	in_ns "$1" timeout 40 iperf3 -J -c "$WIRE_IP" -t 10 -O 2 >"$JSON" 2>&1 &&
		jget "$JSON" "int(d['end']['sum_received']['bits_per_second'])"
}

# spoof_on_wire POD: frames from $FOREIGN_IP the wire host saw for 5 pings
# sent from it (the gateway's neighbour entry is resolved first).
spoof_on_wire() {
	local pod=$1
	in_ns "$pod" ping -c 1 -W 2 "$WIRE_IP" >/dev/null
	in_ns "$pod" ip addr add "$FOREIGN_IP/32" dev eth0
	capture_start "$WIRE" "$WIRE_IF" src host "$FOREIGN_IP"
	in_ns "$pod" ping -I "$FOREIGN_IP" -c 5 -i 0.2 -W 1 "$WIRE_IP" >/dev/null 2>&1
	capture_count
}

test_vs_macvlan() {
	local bw got want try spoof s0 s1 mgot mspoof brc bmsg mac
	bw=', "runtimeConfig": {"bandwidth": {"egressRate": '$EGRESS', "egressBurst": 1048576, "ingressRate": 10000000, "ingressBurst": 1048576}}'
	in_ns "$WIRE" iperf3 -s -D -p 5201 || fail "iperf3 server"
	wait_for_port "$WIRE" 5201 || fail "iperf3 server"

	# vnic: the share and the source IPs are enforced.
	RET=0
	setup_ns VPOD || fail "netns"
	cni ADD "$VPOD" "$(conf 1.0.0 "$bw")"
	check_err $? "ADD with bandwidth failed: $(cat "$OUT" "$ERR")"
	[ "$(vnic_field tx_rate)/$(vnic_field tx_burst)/$(vnic_field rx_rate)/$(vnic_field rx_burst)" = \
	  "$EGRESS/131072/10000000/131072" ]
	check_err $? "token buckets: tx $(vnic_field tx_rate)/$(vnic_field tx_burst) rx $(vnic_field rx_rate)/$(vnic_field rx_burst)"
	want=$((EGRESS * GOODPUT_NUM / GOODPUT_DEN))
	for try in 1 2; do
		got=$(iperf_goodput "$VPOD")
		log_info "vnic pod, egressRate $EGRESS (try $try): goodput ${got:-?} bit/s, expected $want (x$(python3 -c "print(round(${got:-0}/$want, 4))"))"
		[ -n "$got" ] && within "$got" "$want" 3 && break
	done
	[ -n "$got" ] && within "$got" "$want" 3
	check_err $? "vnic pod goodput ${got:-none} not within 3% of $want ($RATE_CHECK)"
	log_test "vnic pod: egressRate holds (iperf3 within 3%, $RATE_CHECK)"

	RET=0
	s0=$(( $(vnic_stat tx_spoof_ip) + $(vnic_stat tx_spoof_arp) ))
	spoof=$(spoof_on_wire "$VPOD")
	s1=$(( $(vnic_stat tx_spoof_ip) + $(vnic_stat tx_spoof_arp) ))
	log_info "vnic pod from foreign $FOREIGN_IP: $spoof frames on the wire, $((s1 - s0)) dropped as spoofed"
	[ "$spoof" -eq 0 ]
	check_err $? "$spoof frames from $FOREIGN_IP reached the wire"
	[ $((s1 - s0)) -ge 5 ]
	check_err $? "only $((s1 - s0)) spoofed frames counted for 5 pings"
	cni DEL "$VPOD" "$(conf 1.0.0 "$bw")"
	check_err $? "DEL failed"
	log_test "vnic pod: a foreign source IP never reaches the wire"

	# Debian's macvlan + bandwidth on the same parent (now free).
	RET=0
	setup_ns MPOD || fail "netns"
	cni ADD "$MPOD" "$(conf 1.0.0 ', "mode": "bridge"' macvlan)" macvlan
	check_err $? "macvlan ADD failed: $(cat "$OUT" "$ERR")"
	cp "$OUT" "$OUT.prev"
	mac=$(mac_of "$MPOD" eth0 2>/dev/null)
	python3 "$LIB_DIR/cni_json.py" result "$OUT" 1.0.0 eth0 "$mac" "/run/netns/$MPOD" >/dev/null
	check_err $? "macvlan's result does not validate"
	cni ADD "$MPOD" "$(with_prev "$(conf 1.0.0 "$bw" bandwidth)" "$OUT.prev")" bandwidth
	brc=$?
	bmsg=$(jget "$OUT" "d.get('msg', 'accepted')" 2>/dev/null)
	log_info "macvlan + bandwidth: bandwidth ADD exit $brc: ${bmsg:-$(cat "$OUT" "$ERR")}"
	mgot=$(iperf_goodput "$MPOD")
	log_info "macvlan pod, same egressRate: goodput ${mgot:-?} bit/s (x$(python3 -c "print(round(${mgot:-0}/$want, 2))") the rate)"
	mspoof=$(spoof_on_wire "$MPOD")
	log_info "macvlan pod from foreign $FOREIGN_IP: $mspoof frames on the wire"
	if [ "$brc" -ne 0 ]; then
		# Nothing shapes it: the measurement must be able to exceed
		# the rate, or the vnic's result above proves nothing.
		[ -n "$mgot" ] && [ "$mgot" -gt $((want * 3 / 2)) ]
		check_err $? "unshaped macvlan pod only got ${mgot:-none} bit/s"
	fi
	[ "$mspoof" -gt 0 ]
	check_err $? "the macvlan pod's spoofed frames did not reach the wire (test broken?)"
	cni DEL "$MPOD" "$(with_prev "$(conf 1.0.0 "$bw" bandwidth)" "$OUT.prev")" bandwidth
	check_err $? "bandwidth DEL failed ($?): $(cat "$OUT" "$ERR")"
	cni DEL "$MPOD" "$(conf 1.0.0 ', "mode": "bridge"' macvlan)" macvlan
	check_err $? "macvlan DEL failed: $(cat "$OUT" "$ERR")"
	[ "$(lease_count)" -eq 0 ]
	check_err $? "leases left after the macvlan pod"
	log_test "macvlan(+bandwidth) on the same parent: unshaped, spoofs (recorded)"
}

# pod_vnic_id POD: the id of eth0, as vnicctl in the pod's netns shows it.
pod_vnic_id() {
	ip netns exec "$1" "$VNICCTL" -j show eth0 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' \
		2>/dev/null
}

# Root in pod B forges the replies to the plugin's lookup of eth0 in B's
# netns (cni_forge.py): they name pod A's vnic. strace holds the plugin
# before that lookup (its second sendto) so that the forgeries are queued
# first. DEL of B must delete B's vnic and never A's.
test_del_forged() {
	local ida idb fpid n
	RET=0
	if ! command -v strace >/dev/null; then
		RET=$ksft_skip
		log_test "DEL: a forged reply in the pod's netns (strace missing)"
		return
	fi
	setup_ns PODA PODB || fail "netns"
	cni ADD "$PODA" "$(conf)" && ida=$(pod_vnic_id "$PODA") &&
		cni ADD "$PODB" "$(conf)" && idb=$(pod_vnic_id "$PODB")
	check_err $? "ADD of two pods failed: $(cat "$OUT" "$ERR")"
	in_ns "$PODB" python3 "$LIB_DIR/cni_forge.py" "$ida" eth0 4 \
		>"$OUT.forge" 2>&1 &
	fpid=$!
	sleep 0.3
	CNI_WRAP="strace -o /dev/null -e trace=sendto
		-e inject=sendto:delay_enter=1500000:when=2" cni DEL "$PODB" "$(conf)"
	check_err $? "DEL of pod B failed: $(cat "$OUT" "$ERR")"
	wait "$fpid"
	n=$(cat "$OUT.forge")
	log_info "forged datagrams the kernel accepted: $n"
	vnicctl_host show id "$ida" >/dev/null 2>&1
	check_err $? "DEL of pod B deleted pod A's vnic (id $ida)"
	vnicctl_host show id "$idb" >/dev/null 2>&1
	check_fail $? "DEL of pod B left its vnic (id $idb)"
	cni DEL "$PODA" "$(conf)"
	check_err $? "DEL of pod A failed: $(cat "$OUT" "$ERR")"
	cleanup_ns "$PODA" "$PODB"
	log_test "DEL: a forged reply in the pod's netns deletes no other vnic"
}

test_cycles() {
	local i ids0 ids1 fails=0 pod start
	RET=0
	ids0=$(ip -n "$HOST" netns list-id | wc -l)
	start=$(date +%s)
	for i in $(seq "$CYCLES"); do
		pod=cyc-$i-$$
		ip netns add "$pod" || { fails=$((fails + 1)); continue; }
		cni ADD "$pod" "$(conf)" || fails=$((fails + 1))
		cni DEL "$pod" "$(conf)" || fails=$((fails + 1))
		ip netns del "$pod"
	done
	log_info "$CYCLES ADD/DEL cycles in $(($(date +%s) - start)) s, $fails failures"
	[ "$fails" -eq 0 ]
	check_err $? "$fails ADD/DEL failures in $CYCLES cycles"
	[ "$(vnic_count)" -eq 0 ]
	check_err $? "$(vnic_count) vnics left"
	[ "$(lease_count)" -eq 0 ]
	check_err $? "$(lease_count) leases left"
	# A pod netns someone still references would keep its nsid in the
	# host's netns; they all go once the namespaces are freed.
	slowwait 20 sh -c "[ \$(ip -n $HOST netns list-id | wc -l) -le $ids0 ]"
	ids1=$(ip -n "$HOST" netns list-id | wc -l)
	check_err $? "$((ids1 - ids0)) pod netns still referenced"
	log_test "$CYCLES ADD/DEL cycles: no vnic, lease or netns reference left"
}

for t in ${VNIC_CNI_TESTS:-add_del del_forged v040 bad_config vs_macvlan cycles}; do
	"test_$t"
done
exit "$EXIT_STATUS"
