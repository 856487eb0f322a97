#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: install deps and build, then at once: the debug kernel; the
# host stages (static -> userspace-unit -> packaging); and three workers
# that boot guests for groups of suites taken from one queue (two from the
# start, the third after the host stages):
#
#   debug-kernel
#   worker 1, worker 2: debug-... / stock-... / kunit groups
#   static -> userspace-unit -> packaging -> worker 3
#
# and last, alone on the machine, "rates": the exact-rate assertions, which
# a loaded host would make flaky (every other run asserts rates as upper
# bounds only).
#
# Every stage is timed against its allowance in scripts/ci-budget.conf; a
# stage over it fails, named. Each stage's output is printed whole when the
# lanes are done (a progress line as each one ends), then a time table and
# one "N passed, N failed".
set -uo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

budget=$root/scripts/ci-budget.conf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t_start=$(date +%s)

allowance() {
	awk -v s="$1" '!/^#/ && $1 == s { print $2; exit }' "$budget"
}

# stage NAME CMD...: run CMD, its output into $tmp/NAME.log; record
# "rc passed failed seconds" in $tmp/NAME.res. A stage's "N passed, N
# failed" line gives its counts, or it counts as one test. Returns CMD's
# exit status.
stage() {
	local name=$1 rc line p f t0 secs
	shift
	t0=$(date +%s)
	"$@" >"$tmp/$name.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/$name.log" | tail -1)
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#* passed, }
		f=${f%% failed*}
		# A stage that died after its summary still fails.
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0
	else
		echo "check: stage '$name' failed (exit $rc)" >>"$tmp/$name.log"
		p=0 f=1
	fi
	echo "$rc $p $f $secs" >"$tmp/$name.res"
	echo "check: $name: $p passed, $f failed, ${secs} s (elapsed $(($(date +%s) - t_start)) s)"
	return "$rc"
}

# skipped NAME WHY: a stage that could not run counts as one failure.
skipped() {
	echo "check: stage '$1' not run: $2" >"$tmp/$1.log"
	echo "1 0 1 0" >"$tmp/$1.res"
	echo "check: $1: not run ($2)"
}

show() {
	echo "=== $1"
	cat "$tmp/$1.log"
}

# first NAME CMD...: a stage everything else needs; stop if it fails.
first() {
	local rc p f
	stage "$@"
	show "$1"
	read -r rc p f _ <"$tmp/$1.res"
	if [ "$rc" -ne 0 ]; then
		echo
		echo "$p passed, $((f > 0 ? f : 1)) failed"
		exit 1
	fi
}

first deps scripts/deps.sh
VNIC_KSRC=$(scripts/ksrc.sh) || exit 1
export VNIC_KSRC
first build make -s all

cold=0
[ -f "$(scripts/debug-kernel/build.sh --print)/.vnic-built" ] || cold=1

# The guest stages: groups of suites, each one guest boot. Three workers
# take them from one queue, longest first, each the first group whose kernel
# is ready (a cold machine runs stock groups while the debug kernel builds):
# two from the start, the third once the host stages are done. The machine
# has two cores: three one-CPU guests keep both busy to the end, where
# lanes fixed in advance left one idle while the other still had a third of
# its work.
#
# A line: NAME KERNEL CPUS SUITES...; KERNEL is debug, debug_noleak, stock
# or kunit.
#
# debug: the core behaviour (isolation, framing, share, privilege,
# lifecycle, fuzzing) under KASAN, lockdep, kmemleak and the refcount
# trackers, and allocation failures (vnic_failnth.sh: fail-nth and
# failslab, which only that kernel has; the suite skips elsewhere). Of the
# framing suites, the MAC and VLAN ones: the IP and ethertype ones add
# frames for the same checker, which KUnit's vnic-framing runs under KASAN
# verdict by verdict, and vnic_framing.sh only configures (a tenant's
# refused sets, bad input: what KUnit's vnic-netlink runs at the edges
# and the fuzzer here hammers), so they run on the stock kernel (a debug
# group costs about 15 minutes of one core); run.sh fails a test on any
# splat and ends with a kmemleak scan.
# debug_noleak: the same kernel booted with kmemleak=off, for the groups
# that only move frames or are refused (VLAN tags, MAC checks, shaping,
# netns moves, isolation, EPERM): kmemleak records a stack for every
# allocation, and a fork+exec there took 260 ms with it, 157 ms without;
# vnic_framing_vlan.sh ran 1.6 times as long with it. The groups that
# create, replace and destroy vnic state (lifecycle, live sets,
# concurrency, the netlink fuzzer, which also replaces MACs and policies,
# fail-nth, rmmod) keep it.
# Rates are asserted there as upper bounds only (the share is never
# exceeded): the guest is several times slower. The fuzzer runs a shorter
# sequence there, from another seed (the full one on the stock kernel).
# One CPU per guest: more virtual CPUs than cores lets TCG deschedule a
# vCPU that holds a guest spinlock while its sibling spins on it (seen:
# every suite 4x slower with three 2-CPU guests). The group with the
# concurrency and traffic-while-reconfiguring suites keeps two CPUs: they
# need real SMP races.
#
# stock: Debian's stock 6.12, the kernel users run: every other suite, the
# full fuzzer, and the heaviest reliability suites (100 vnics in 4 netns,
# 1000-vnic scale, pktgen storms, parent down/up cycles, bonding, which the
# debug config lacks). Rates as upper bounds: other guests run at the same
# time.
#
# kunit: the KUnit suites of the pure parts, on the debug kernel.
GROUPS_QUEUE=(
	"debug-traffic debug 2 vnic_lifecycle_traffic.sh vnic_lifecycle_set.sh
		vnic_concurrency.sh"
	"debug-tenant debug_noleak 1 vnic_share.sh vnic_netns.sh
		vnic_isolation.sh vnic_privilege.sh"
	"debug-life debug 1 vnic_nlfuzz.sh vnic_lifecycle.sh vnic_failnth.sh"
	"debug-frames debug_noleak 1 vnic_framing_vlan.sh vnic_framing_mac.sh
		vnic_sched.sh"
	"stock-b stock 1 vnic_lifecycle_parent.sh vnic_scale.sh
		vnic_wire_hostile.sh vnic_iproute.sh vnic_qstats.sh
		vnic_ethtool.sh vnic_monitor.sh vnic_cni.sh"
	"stock-a stock 1 harness_veth.sh vnic_smoke.sh vnic_connectivity.sh
		vnic_demux.sh vnic_badinput.sh vnic_extack.sh vnic_virtio.sh
		vnic_framing.sh vnic_framing_ip.sh vnic_framing_ethertype.sh
		vnic_lifecycle_set.sh vnic_lifecycle_many.sh
		vnic_lifecycle_bond.sh vnic_framing_wire.sh vnic_txfuzz.sh
		vnic_nlfuzz.sh vnic_upstream.sh vnic_iq_rejudge.sh
		vnic_sched_cfg.sh"
	"kunit kunit 1"
)
# Exact rates (within 3-5 %), on the stock kernel, alone, with two CPUs.
RATE_TESTS="vnic_share.sh vnic_sched.sh"

group_names=()
all_suites=
for g in "${GROUPS_QUEUE[@]}"; do
	read -r -a w <<<"$(echo $g)"
	group_names+=("${w[0]}")
	all_suites+=" ${w[*]:3}"
done

# Every suite of selftests/Makefile runs on at least one kernel.
unlisted=
for t in $(make -s --no-print-directory -C selftests list_tests); do
	case " $all_suites $RATE_TESTS " in
	*" $t "*) ;;
	*) unlisted+=" $t" ;;
	esac
done
if [ -n "$unlisted" ]; then
	echo "check: suites in no stage (scripts/check.sh):$unlisted"
	echo
	echo "0 passed, 1 failed"
	exit 1
fi

debug_kernel() {
	scripts/debug-kernel/build.sh && scripts/debug-kernel/module.sh
}

# debug_guest CPUS SUITES...: VNIC_DEBUG_KERNEL=1, a suite that needs what
# only that kernel has (fault injection) fails there instead of skipping;
# VNIC_KMEMLEAK=1, a kernel without kmemleak fails the leak check.
debug_guest() {
	VNIC_KMEMLEAK=1 debug_boot "$@"
}

# debug_noleak_guest CPUS SUITES...: the same, booted with kmemleak=off.
debug_noleak_guest() {
	VNIC_VM_APPEND="kmemleak=off ${VNIC_VM_APPEND:-}" debug_boot "$@"
}

debug_boot() {
	local kout smp=$1
	shift
	kout=$(scripts/debug-kernel/build.sh --print)
	VNIC_KO="$root/build/debug/module/vnic.ko" VNIC_TEST_TIMEOUT=900 \
		VNIC_DEBUG_KERNEL=1 VNIC_RATE_CHECK=upper VNIC_FUZZ_COUNT=30000 VNIC_FUZZ_SEED=0x64656267 \
		scripts/vm-run.sh --nics --smp "$smp" --timeout 3600 \
		--kernel "$kout/arch/x86/boot/bzImage" -- selftests/run.sh "$@"
}

# stock_guest CPUS SUITES...: rates as upper bounds (other guests run).
stock_guest() {
	VNIC_RATE_CHECK=upper rates_guest "$@"
}

# rates_guest CPUS SUITES...: on the stock kernel, rates exact.
rates_guest() {
	local smp=$1
	shift
	VNIC_TEST_TIMEOUT=900 scripts/vm-run.sh --nics --smp "$smp" \
		--timeout 3600 -- selftests/run.sh "$@"
}

# kunit_guest CPUS
kunit_guest() {
	scripts/vm-run.sh --smp "$1" \
		--kernel "$(scripts/debug-kernel/build.sh --print)/arch/x86/boot/bzImage" \
		-- scripts/debug-kernel/kunit-guest.sh build/debug/module
}

# The static checks build the module their own ways (W=1, sparse...) and
# clean it first: in a copy, so the other lanes' objects stay intact. The
# copy is made before the lanes start, while nothing writes to the tree.
mkdir -p "$tmp/static"
if ! tar -C "$root" --exclude=./build -cf - . | tar -C "$tmp/static" -xf -; then
	echo "check: cannot copy the tree for the static checks"
	echo
	echo "0 passed, 1 failed"
	exit 1
fi
static_checks() {
	"$tmp/static/scripts/static-checks.sh"
}

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

# ready KERNEL: 0 if its guests can start, 1 if not yet, 2 if never.
ready() {
	case $1 in
	debug | debug_noleak | kunit)
		[ -e "$tmp/debug.failed" ] && return 2
		[ -e "$tmp/debug.ready" ] ;;
	stock)
		[ -e "$tmp/stock.ready" ] ;;
	esac
}

# worker: run queued groups until none is left. A group is claimed with an
# atomic mkdir; one whose kernel will never be ready is skipped, counted
# as failed.
worker() {
	local g w name kernel smp r left
	while :; do
		left=0
		for g in "${GROUPS_QUEUE[@]}"; do
			read -r -a w <<<"$(echo $g)"
			name=${w[0]} kernel=${w[1]} smp=${w[2]}
			[ -e "$tmp/claim.$name" ] && continue
			left=1
			ready "$kernel"
			r=$?
			[ "$r" -eq 1 ] && continue
			mkdir "$tmp/claim.$name" 2>/dev/null || continue
			if [ "$r" -eq 2 ]; then
				skipped "$name" "no debug kernel"
			else
				stage "$name" "${kernel}_guest" "$smp" "${w[@]:3}"
			fi
			continue 2
		done
		[ "$left" = 0 ] && return
		sleep 5
	done
}

lane_debug_kernel() {
	if stage debug-kernel debug_kernel; then
		touch "$tmp/debug.ready"
	else
		touch "$tmp/debug.failed"
	fi
}

lane_host() {
	stage static static_checks
	stage userspace-unit unit_tests
	# make install/uninstall into a staging root; DKMS build for the 6.12
	# headers (its depmod must be done before a stock guest boots).
	stage packaging scripts/packaging-test.sh
	touch "$tmp/stock.ready"
	worker
}

lane_debug_kernel &
worker &
worker &
lane_host &
wait
stage rates rates_guest 2 $RATE_TESTS

pass=0
fail=0
over=()
table=()
stages=(deps build debug-kernel static userspace-unit packaging "${group_names[@]}" rates)
for s in "${stages[@]}"; do
	[ -f "$tmp/$s.res" ] || { skipped "$s" "lost"; }
	case $s in deps | build) ;; *) show "$s" ;; esac
	read -r _ p f secs <"$tmp/$s.res"
	pass=$((pass + p))
	fail=$((fail + f))
	allowed=$(allowance "$s")
	table+=("$(printf '%-16s %6s %8s' "$s" "$secs" "${allowed:-?}")")
	if [ -z "$allowed" ] || [ "$secs" -gt "$allowed" ]; then
		over+=("$s")
	fi
done
total=$(($(date +%s) - t_start))
tname=total
[ "$cold" = 1 ] && tname="total-cold"
allowed=$(allowance "$tname")
table+=("$(printf '%-16s %6s %8s' "$tname" "$total" "${allowed:-?}")")
[ -n "$allowed" ] && [ "$total" -le "$allowed" ] || over+=("$tname")

echo
echo "=== time (seconds; budget: scripts/ci-budget.conf)"
printf '%-16s %6s %8s\n' stage used allowed
printf '%s\n' "${table[@]}"
for s in "${over[@]}"; do
	echo "check: stage '$s' is over its time budget (scripts/ci-budget.conf)"
	fail=$((fail + 1))
done
echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
