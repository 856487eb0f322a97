#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Upstream tools against a vnic, unmodified, from the kernel source
# (scripts/ksrc.sh):
# - the README's YNL command exactly as written, from the repo root and
#   without --no-schema: cli.py --spec uapi/specs/vnic.yaml --dump dev-get
#   (it validates the spec against uapi/genetlink.yaml);
# - tools/testing/selftests/drivers/net/{ping,queues,stats}.py run as on any
#   NIC: ping.py and queues.py on v0 in its tenant's netns (NETIF=v0,
#   REMOTE_TYPE=netns, the wire host as the remote), stats.py on v1, a vnic
#   beside its parent in the parent's netns. stats.py's YNL rt_link decoder
#   reads every link of the netns: a vnic must not break it (a vnic's link
#   dump has no IFLA_INFO_DATA, see README).
# Every case has one expected result: fail and error are never allowed; the
# only skip and xfails are those of features a vnic does not have by design
# (UPSTREAM_EXPECT below), any other skip fails the suite.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vnic_topo.sh"

require_root
require_vnicctl
# A skip is not a pass: a missing tool fails (scripts/deps.sh installs them).
for c in ip python3 ping socat ethtool; do
	command -v "$c" >/dev/null 2>&1 || fail "$c not installed (scripts/deps.sh)"
done

KSRC=${YNL_CLI%/tools/net/ynl/cli.py}
DRV=$KSRC/tools/testing/selftests/drivers/net
for f in "$YNL_CLI" "$DRV/ping.py" "$DRV/queues.py" "$DRV/stats.py"; do
	[ -f "$f" ] || fail "$f missing: no kernel source (scripts/ksrc.sh)"
done

# The expected result of every case: pass, or the one skip/xfail reason a
# vnic gives by design (matched against the "# SKIP …"/"# XFAIL …" comment).
declare -A UPSTREAM_EXPECT=(
	[ping.test_v4]=pass
	[ping.test_v6]=pass
	[ping.test_tcp]=pass
	[queues.get_queues]=pass
	# One RX and one TX queue, fixed: a vnic has no ethtool channels.
	[queues.addremove_queues]="SKIP cannot decrement queue: already at 1"
	# No MAC/PHY: no pause frames, no FEC (EOPNOTSUPP, as on any virtual
	# device; the test marks them XFAIL itself).
	[stats.check_pause]="XFAIL pause not supported by the device"
	[stats.check_fec]="XFAIL FEC not supported by the device"
	[stats.pkt_byte_sum]=pass
	[stats.qstat_by_ifindex]=pass
	[stats.check_down]=pass
)

OUT=$(mktemp /tmp/upstream.XXXXXX)
at_exit rm -rf "$OUT" "$OUT.exp" "$OUT.pyc"
# The kernel tree is read-only in the guest: without a cache every Python
# process compiles the YNL and ksft libraries again (seconds each under TCG).
export PYTHONPYCACHEPREFIX=$OUT.pyc
# "case<TAB>result" lines, for the checker in upstream()
for k in "${!UPSTREAM_EXPECT[@]}"; do
	printf '%s\t%s\n' "$k" "${UPSTREAM_EXPECT[$k]}"
done >"$OUT.exp"

topo_veth || fail "cannot build the veth topology"
vnic_tenant T0 v0 10 || fail "cannot create v0"
vnicctl_host add v1 link "$PARENT" || fail "cannot create v1"
ip -n "$HOST" addr add 192.0.2.11/24 dev v1
ip -n "$HOST" addr add 2001:db8::11/64 dev v1 nodad
ip -n "$HOST" link set v1 up
# Neighbours resolved, so that the first ping of ping.py (-W0.5) does not
# race address resolution on the slow guest.
in_ns "$T0" ping -c 1 -W 5 "$WIRE_IP" >/dev/null || fail "v0 cannot reach the wire"
in_ns "$T0" ping -6 -c 1 -W 5 "$WIRE_IP6" >/dev/null ||
	fail "v0 cannot reach the wire (IPv6)"

test_readme_ynl() {
	local out n t0=$SECONDS
	RET=0
	# As the README writes it: from the repo root, the spec's relative path,
	# schema validation on.
	out=$(cd "$REPO" && ip netns exec "$HOST" \
		"$YNL_CLI" --spec uapi/specs/vnic.yaml --dump dev-get 2>&1)
	check_err $? "the README's command failed: $(echo "$out" | tail -3)"
	for n in v0 v1; do
		echo "$out" | grep -q "'name': '$n'"
		check_err $? "dev-get dump has no $n: $(echo "$out" | tail -3)"
	done
	log_info "cli.py: $((SECONDS - t0)) s"
	log_test "README: cli.py --spec uapi/specs/vnic.yaml --dump dev-get"
}

# upstream NS NETIF SCRIPT [VAR=VALUE...]: run the upstream SCRIPT.py in NS
# against NETIF; every case it reports must have its UPSTREAM_EXPECT result
# and every case of UPSTREAM_EXPECT for SCRIPT must be reported.
upstream() {
	local ns=$1 netif=$2 script=$3 res rc t0
	shift 3
	RET=0
	t0=$SECONDS
	ip netns exec "$ns" env NETIF="$netif" "$@" \
		python3 "$DRV/$script.py" >"$OUT" 2>&1
	rc=$?
	sed 's/^/  | /' "$OUT"
	log_info "$script.py on $netif: $((SECONDS - t0)) s"
	res=$(python3 - "$script" "$OUT" "$OUT.exp" <<'EOF'
import re, sys
script, path = sys.argv[1], sys.argv[2]
expect = dict(line.split('\t', 1) for line in open(sys.argv[3]).read().splitlines())
expect = {k: v for k, v in expect.items() if k.startswith(script + '.')}
seen, bad = set(), []
for line in open(path):
    m = re.match(r'(not )?ok \d+ (\S+)(?: # (.*))?$', line.strip())
    if not m:
        continue
    case, comment = m.group(2), (m.group(3) or '').strip()
    got = 'FAIL' if m.group(1) else (comment or 'pass')
    seen.add(case)
    want = expect.get(case)
    if want is None:
        bad.append(f'{case}: unexpected case ({got})')
    elif got != want:
        bad.append(f'{case}: {got!r}, expected {want!r}')
m = re.search(r'# Totals: pass:\d+ fail:(\d+) xfail:\d+ xpass:(\d+) skip:\d+ error:(\d+)',
              open(path).read())
if not m:
    bad.append('no "# Totals" line')
elif m.group(1) != '0' or m.group(2) != '0' or m.group(3) != '0':
    bad.append(f'totals: {m.group(0)}')
bad += [f'{c}: not run' for c in sorted(set(expect) - seen)]
print('; '.join(bad))
EOF
	)
	[ -z "$res" ]
	check_err $? "$script.py: $res"
	check_err "$rc" "$script.py: exit $rc"
}

log_info "setup: $SECONDS s"
test_readme_ynl

REMOTE=(LOCAL_V4=192.0.2.10 REMOTE_V4="$WIRE_IP" LOCAL_V6=2001:db8::10
	REMOTE_V6="$WIRE_IP6" REMOTE_TYPE=netns REMOTE_ARGS="$WIRE")
upstream "$T0" v0 ping "${REMOTE[@]}"
log_test "upstream ping.py on a vnic (v4, v6, TCP both ways)"
upstream "$T0" v0 queues
log_test "upstream queues.py on a vnic"
upstream "$HOST" v1 stats
log_test "upstream stats.py on a vnic beside its parent"

exit "$EXIT_STATUS"
