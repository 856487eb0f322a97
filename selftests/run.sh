#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [TEST...]: the vnic selftest runner. Runs INSIDE the guest, as root:
#   scripts/vm-run.sh -- selftests/run.sh [TEST...]
#
# Runs each test of TEST_PROGS (selftests/Makefile), or the ones named, with
# a per-test timeout ("timeout=" in selftests/settings, or
# $VNIC_TEST_TIMEOUT seconds), and prints KTAP-style results:
#   # <test output, prefixed>
#   ok N name | ok N name # SKIP | not ok N name
# then exactly one summary line "P passed, F failed[, S skipped]".
# A test also fails if the kernel logged a warning/BUG/oops/KASAN/UBSAN
# report while it ran, or if lock debugging (debug_locks in
# /proc/lockdep_stats) was on before it and is off after it. A "boot" result
# fails if the kernel logged such a report, or lock debugging was off, before
# the first test. If kmemleak is available, leaks found at the end are
# reported as a final "kmemleak" result; with VNIC_KMEMLEAK=1 (make check's
# debug groups that run it) a kernel without it fails that result instead
# of leaving it out. Exit status: 1 if anything failed.

set -u

DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
cd "$DIR" || exit 1

ksft_skip=4

per_test_timeout=300
if [ -f settings ]; then
	t=$(sed -n 's/^timeout=\([0-9]\+\)$/\1/p' settings)
	[ -n "$t" ] && per_test_timeout=$t
fi
per_test_timeout=${VNIC_TEST_TIMEOUT:-$per_test_timeout}

list_tests() {
	if command -v make >/dev/null 2>&1; then
		make -s --no-print-directory -C "$DIR" list_tests
	else
		# Minimal fallback: TEST_PROGS := / += lines with \ continuations.
		sed -e ':a' -e '/\\$/N; s/\\\n//; ta' Makefile |
			sed -n 's/^TEST_PROGS[[:space:]]*[:+]\{0,1\}=//p' | tr -s ' \t' '\n' | sed '/^$/d'
	fi
}

tests=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		t=${t#./}
		t=${t#selftests/}
		tests+=("$t")
	done
else
	while read -r t; do
		[ -n "$t" ] && tests+=("$t")
	done < <(list_tests)
fi

if [ ${#tests[@]} -eq 0 ]; then
	echo "run.sh: no tests" >&2
	exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "run.sh: must run as root (inside the guest: scripts/vm-run.sh -- selftests/run.sh)" >&2
	exit 1
fi

kmsg() {
	[ -w /dev/kmsg ] && echo "vnic-selftests: $*" >/dev/kmsg 2>/dev/null
	return 0
}

source "$DIR/splat.sh"
# Before any marker of ours is in the log.
boot=$(boot_problems)

rcfile=$(mktemp)
trap 'rm -f "$rcfile"' EXIT

# kmemleak is on if its file takes commands: booted with kmemleak=off,
# the file is still there and writable, but every command other than
# "clear" fails (EPERM) and reading it shows no leak.
# No automatic scans: each one walks all of memory, tens of seconds of the
# debug guest's CPU under TCG, every 10 minutes. The scans at the end find
# every leak the tests left.
kmemleak=/sys/kernel/debug/kmemleak
leakcheck=0
if [ -w "$kmemleak" ] && echo scan=off 2>/dev/null >"$kmemleak"; then
	leakcheck=1
	echo clear >"$kmemleak" 2>/dev/null
fi
[ "${VNIC_KMEMLEAK:-0}" = 1 ] && [ "$leakcheck" = 0 ] && leakcheck=missing

total=$((${#tests[@]} + 1))
[ "$leakcheck" != 0 ] && total=$((total + 1))
echo "TAP version 13"
echo "1..$total"

passed=0
failed=0
skipped=0
n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	name=$(basename "$t")
	echo "# selftests: vnic: $name"
	if [ ! -f "$t" ]; then
		echo "# $t: not found"
		echo "not ok $n $name"
		failed=$((failed + 1))
		continue
	fi
	run=("./$t")
	[ -x "$t" ] || run=(bash "./$t")

	locks=$(lock_debugging)
	marker="test $n $name start $(date +%s%N)"
	kmsg "$marker"
	start=$(date +%s)
	# timeout(1) puts the test in a process group of its own (pgid = its
	# pid); whatever the test leaves running in it is killed afterwards so
	# that it cannot hold the output pipe open.
	{
		timeout -k 10 "$per_test_timeout" "${run[@]}" </dev/null 2>&1 &
		tpid=$!
		wait "$tpid"
		echo $? >"$rcfile"
		kill -KILL -- "-$tpid" 2>/dev/null
	} | sed -u 's/^/# /'
	rc=$(cat "$rcfile")
	dur=$(($(date +%s) - start))
	kmsg "test $n $name end rc=$rc"

	splats=$(kernel_splats "$marker")
	if [ -n "$splats" ]; then
		echo "# kernel log while $name ran:"
		printf '%s\n' "$splats" | sed 's/^/#   /'
	fi
	lockoff=
	locks_lost "$locks" && lockoff="lock debugging turned off while $name ran"
	[ -n "$lockoff" ] && echo "# $lockoff (debug_locks 0 in /proc/lockdep_stats)"
	echo "# $name: exit $rc after ${dur}s"

	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "not ok $n $name # TIMEOUT $per_test_timeout seconds"
		failed=$((failed + 1))
	elif [ -n "$splats" ]; then
		echo "not ok $n $name # kernel warning"
		failed=$((failed + 1))
	elif [ -n "$lockoff" ]; then
		echo "not ok $n $name # $lockoff"
		failed=$((failed + 1))
	elif [ "$rc" -eq 0 ]; then
		echo "ok $n $name"
		passed=$((passed + 1))
	elif [ "$rc" -eq "$ksft_skip" ]; then
		echo "ok $n $name # SKIP"
		skipped=$((skipped + 1))
	else
		echo "not ok $n $name # exit=$rc"
		failed=$((failed + 1))
	fi
done

n=$((n + 1))
echo "# selftests: vnic: boot"
if [ -n "$boot" ]; then
	echo "# kernel log at boot, before the first test:"
	printf '%s\n' "$boot" | sed 's/^/#   /'
	echo "not ok $n boot"
	failed=$((failed + 1))
else
	echo "ok $n boot"
	passed=$((passed + 1))
fi

if [ "$leakcheck" = missing ]; then
	n=$((n + 1))
	echo "# selftests: vnic: kmemleak"
	echo "# VNIC_KMEMLEAK=1, but kmemleak is off or missing in this kernel"
	echo "not ok $n kmemleak"
	failed=$((failed + 1))
elif [ "$leakcheck" = 1 ]; then
	n=$((n + 1))
	echo "# selftests: vnic: kmemleak"
	# A leak is only reported once two scans agree that it is unreferenced.
	scans=0
	echo scan 2>/dev/null >"$kmemleak" && scans=1
	sleep 1
	echo scan 2>/dev/null >"$kmemleak" && scans=$((scans + 1))
	leaks=$(cat "$kmemleak" 2>/dev/null)
	if [ "$scans" != 2 ]; then
		echo "# kmemleak refused a scan (it turned itself off?)"
		echo "not ok $n kmemleak"
		failed=$((failed + 1))
	elif [ -n "$leaks" ]; then
		printf '%s\n' "$leaks" | head -n 200 | sed 's/^/# /'
		echo "not ok $n kmemleak"
		failed=$((failed + 1))
	else
		echo "ok $n kmemleak"
		passed=$((passed + 1))
	fi
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
