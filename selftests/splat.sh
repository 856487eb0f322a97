# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The splat gate, shared by selftests/run.sh and the KUnit runner: kernel log
# lines that mean a test run is broken however its own checks came out.
# Source it; then `kernel_splats [MARKER]` prints the offending lines logged
# after the last line containing MARKER (or in the whole log).

SPLAT='WARNING:|(^|[^A-Z])BUG[: ]|Oops|general protection fault|KASAN|UBSAN|kmemleak:.*new suspected|unreferenced object|refcount_t:|list_(add|del) corruption|RCU stall|rcu_sched self-detected stall|INFO: task .* blocked|INFO: possible|circular locking dependency|inconsistent lock state|possible recursive locking|suspicious RCU usage|Kernel panic|Call Trace|unregister_netdevice: waiting|ref_tracker: '

kernel_splats() {
	local marker=${1:-}
	dmesg 2>/dev/null |
		awk -v m="$marker" 'm == "" { print; next }
			index($0, m) { seen = 1; next } seen { print }' |
		grep -E "$SPLAT" | head -n 40
}
