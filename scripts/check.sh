#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: install deps, static checks, build, userspace unit tests, then
# every selftest inside a QEMU guest. Ends with one "N passed, N failed".
set -uo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

summary() {
	echo
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}

# stage NAME CMD...: run CMD, stream its output, add its own
# "N passed, N failed" line to the totals (or count it as one test).
stage() {
	local name=$1 rc line p f
	shift
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#* passed, }
		f=${f%% failed*}
		pass=$((pass + p))
		fail=$((fail + f))
		# A stage that died after its summary still fails.
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && fail=$((fail + 1))
	elif [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	else
		echo "check: stage '$name' failed (exit $rc)"
		fail=$((fail + 1))
	fi
	return "$rc"
}

stage deps scripts/deps.sh || summary
VNIC_KSRC=$(scripts/ksrc.sh) || { fail=$((fail + 1)); summary; }
export VNIC_KSRC

stage static scripts/static-checks.sh
stage build make -s all || summary
# Both unit-test binaries (vnicctl's, then the CNI plugin's "cni: ..."):
# one total for the stage.
unit_tests() {
	local out rc
	out=$(make -s -C userspace test 2>&1)
	rc=$?
	echo "$out"
	echo "$out" | sed -nE 's/^(cni: )?([0-9]+) passed, ([0-9]+) failed$/\2 \3/p' |
		awk '{ p += $1; f += $2 } END { printf "%d passed, %d failed\n", p, f }'
	return "$rc"
}
stage userspace-unit unit_tests
# make install/uninstall into a staging root; DKMS build for the 6.12 headers.
stage packaging scripts/packaging-test.sh
# KUnit suites of the pure parts on the debug kernel (KASAN, lockdep,
# kmemleak; built once into a cache outside the clone).
kunit() {
	local kout dir
	kout=$(scripts/debug-kernel/build.sh) || return 1
	dir=$(scripts/debug-kernel/module.sh) || return 1
	scripts/vm-run.sh --kernel "$kout/arch/x86/boot/bzImage" -- \
		scripts/debug-kernel/kunit-guest.sh "${dir#"$root"/}"
}
stage kunit kunit
# Every selftest under KASAN/lockdep/kmemleak/refcount trackers; run.sh
# fails a test on any splat and ends with a kmemleak scan. The debug guest
# is several times slower: longer per-test limit, and rates are asserted as
# upper bounds only (the share is never exceeded); their accuracy is
# asserted on the stock kernel below.
debug_selftests() {
	local kout
	kout=$(scripts/debug-kernel/build.sh) || return 1
	VNIC_KO="$root/build/debug/module/vnic.ko" VNIC_TEST_TIMEOUT=900 \
		VNIC_RATE_CHECK=upper scripts/vm-run.sh --nics --timeout 4200 \
		--kernel "$kout/arch/x86/boot/bzImage" -- selftests/run.sh \
		$DEBUG_TESTS
}
# Under the debug kernel: every suite whose run there fits CI's time. The
# heaviest reliability suites (100 vnics in 4 netns, 1000-vnic scale,
# pktgen storms, parent down/up cycles, bonding, which the debug config
# lacks) have been verified there by hand and run in CI on the stock
# kernel only, below.
DEBUG_TESTS="harness_veth.sh vnic_smoke.sh vnic_connectivity.sh
	vnic_isolation.sh vnic_demux.sh vnic_netns.sh vnic_lifecycle.sh
	vnic_badinput.sh vnic_virtio.sh vnic_framing.sh vnic_framing_mac.sh
	vnic_framing_ip.sh vnic_framing_vlan.sh vnic_framing_ethertype.sh
	vnic_share.sh vnic_nlfuzz.sh vnic_privilege.sh vnic_extack.sh
	vnic_concurrency.sh vnic_lifecycle_traffic.sh vnic_lifecycle_set.sh"
STOCK_TESTS="vnic_smoke.sh vnic_share.sh vnic_lifecycle_parent.sh
	vnic_lifecycle_set.sh vnic_lifecycle_many.sh vnic_lifecycle_bond.sh
	vnic_scale.sh vnic_wire_hostile.sh vnic_iproute.sh vnic_qstats.sh
	vnic_ethtool.sh vnic_monitor.sh vnic_cni.sh vnic_framing_wire.sh
	vnic_txfuzz.sh vnic_upstream.sh"
stage debug-selftests debug_selftests
# The kernel users run: Debian's stock 6.12. A smoke test of the whole
# life of a vnic, the share tests with exact rates, and the newer suites.
# shellcheck disable=SC2086
stage selftests env VNIC_TEST_TIMEOUT=900 scripts/vm-run.sh --timeout 4000 \
	-- selftests/run.sh $STOCK_TESTS
summary
