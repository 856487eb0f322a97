#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Inside the debug guest: load vnic.ko and vnic_kunit.ko from DIR (KUnit
# runs the suites at load), read the KTAP results from debugfs and print one
# "ok"/"not ok" line per test case and "N passed, N failed". Also fails if
# the kernel logged a splat or turned lock debugging off, at boot or while
# KUnit ran.
set -u
dir=${1:?usage: kunit-guest.sh DIR}
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
source "$(dirname -- "${BASH_SOURCE[0]}")/../../selftests/splat.sh"
boot=$(boot_problems)
locks=$(lock_debugging)
marker="${SPLAT_MARK}kunit start $(date +%s%N)"
echo "$marker" >/dev/kmsg
insmod "$dir/vnic.ko" || { echo "0 passed, 1 failed"; exit 1; }
insmod "$dir/vnic_kunit.ko" || { echo "0 passed, 1 failed"; exit 1; }
pass=0 fail=0 n=0
for res in /sys/kernel/debug/kunit/vnic-*/results; do
	suite=$(basename "$(dirname "$res")")
	sed 's/^# /#/' "$res" | sed 's/^/# /'
	while read -r word rest; do
		case "$word" in
		ok|not) ;;
		*) continue ;;
		esac
		[ "$word" = not ] && rest=${rest#ok }
		case_name=$(echo "$rest" | awk '{ print $2 }')
		n=$((n + 1))
		if [ "$word" = ok ]; then
			pass=$((pass + 1))
			echo "ok $n kunit/$suite/$case_name"
		else
			fail=$((fail + 1))
			echo "not ok $n kunit/$suite/$case_name"
		fi
	done < <(grep -E '^    (not )?ok [0-9]+ ' "$res" | sed 's/^    //')
done
rmmod vnic_kunit vnic
cases=$n

# Splat gate: nothing may have warned, at boot or since, lock debugging must
# still be on, and nothing may leak.
n=$((n + 1))
if [ -n "$boot" ]; then
	printf '%s\n' "$boot" | sed 's/^/# /'
	fail=$((fail + 1))
	echo "not ok $n kunit/boot"
else
	pass=$((pass + 1))
	echo "ok $n kunit/boot"
fi
n=$((n + 1))
if locks_lost "$locks"; then
	fail=$((fail + 1))
	echo "not ok $n kunit/lock-debugging # lock debugging turned off while KUnit ran"
else
	pass=$((pass + 1))
	echo "ok $n kunit/lock-debugging"
fi
n=$((n + 1))
splats=$(kernel_splats "$marker")
if [ -n "$splats" ]; then
	printf '%s\n' "$splats" | sed 's/^/# /'
	fail=$((fail + 1))
	echo "not ok $n kunit/no-kernel-splat"
else
	pass=$((pass + 1))
	echo "ok $n kunit/no-kernel-splat"
fi
n=$((n + 1))
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	leaks=$(cat /sys/kernel/debug/kmemleak)
	if [ -n "$leaks" ]; then
		echo "$leaks" | sed 's/^/# /' | head -60
		fail=$((fail + 1))
		echo "not ok $n kunit/kmemleak"
	else
		pass=$((pass + 1))
		echo "ok $n kunit/kmemleak"
	fi
else
	fail=$((fail + 1))
	echo "not ok $n kunit/kmemleak # kmemleak not available"
fi
[ "$cases" -gt 0 ] || fail=$((fail + 1))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
