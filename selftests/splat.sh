# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The splat gate, shared by selftests/run.sh and the KUnit runner: kernel log
# lines that mean a test run is broken however its own checks came out.
# Source it; then `kernel_splats [MARKER]` prints the offending lines logged
# after the last line containing MARKER (or in the whole log);
# `boot_problems` what went wrong before the first test, and `locks_lost`
# whether a test turned lock debugging (lockdep, PROVE_RCU) off.

SPLAT='WARNING:|(^|[^A-Z])BUG[: ]|Oops|general protection fault|KASAN|UBSAN|kmemleak:.*new suspected|unreferenced object|refcount_t:|list_(add|del) corruption|RCU stall|rcu_sched self-detected stall|INFO: task .* blocked|INFO: possible|circular locking dependency|inconsistent lock state|possible recursive locking|suspicious RCU usage|Kernel panic|Call Trace|unregister_netdevice: waiting|ref_tracker: |Disabling lock debugging'

kernel_splats() {
	local marker=${1:-}
	dmesg 2>/dev/null |
		awk -v m="$marker" 'm == "" { print; next }
			index($0, m) { seen = 1; next } seen { print }' |
		grep -E "$SPLAT" | head -n 40
}

# Every runner writes a line with this prefix to the kernel log before its
# first test; what the log holds before the first such line is the boot.
SPLAT_MARK='vnic-selftests: '

# boot_problems: what went wrong before the first test: splats logged at
# boot, and lock debugging already off. One line per problem, none if clean.
boot_problems() {
	dmesg 2>/dev/null | awk -v m="$SPLAT_MARK" 'index($0, m) { exit } { print }' |
		grep -E "$SPLAT" | head -n 40
	if [ "$(lock_debugging)" = 0 ]; then
		echo "lock debugging is off before the first test (debug_locks 0 in /proc/lockdep_stats): lockdep and PROVE_RCU check nothing in this boot"
	fi
}

# lock_debugging: lockdep's debug_locks, 1 or 0, or nothing on a kernel
# without lockdep. A lockdep report, or a taint such as a KASAN report's,
# turns it off for the rest of the boot, and every later test then runs
# without lockdep and PROVE_RCU.
lock_debugging() {
	[ -r /proc/lockdep_stats ] || return 0
	awk '$1 == "debug_locks:" { print $2; exit }' /proc/lockdep_stats
}

# locks_lost BEFORE: true if lock debugging was on (BEFORE, a value of
# lock_debugging taken before a test) and is off now.
locks_lost() {
	[ "${1:-}" = 1 ] && [ "$(lock_debugging)" = 0 ]
}
