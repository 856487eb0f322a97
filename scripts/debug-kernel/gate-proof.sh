#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make gate-proof [NAME...]: show that the debug kernel's splat gate catches
# real bugs. For each patch in gate-bugs/ (a leaked netdev reference, a
# use-after-free, lock debugging turned off, a leaked policy that only
# kmemleak can see), build vnic.ko from a patched
# copy of the sources against the debug kernel, run the smoke selftest with
# it in the debug guest, and require that selftests/run.sh fails it *because
# of the kernel log* (or of lockdep's debug_locks) and that the log shows
# the expected report. "boot-splat" patches nothing: it writes a fake BUG
# line to the kernel log before run.sh starts, as a splat at boot would be,
# and requires run.sh's "boot" result to fail on it. Prints one ok/not ok
# line per bug and "N passed, N failed"; exits non-zero if any bug went
# unnoticed.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
kout=$(scripts/debug-kernel/build.sh)
ksrc=$(scripts/ksrc.sh)

# patch name -> what the kernel must report
declare -A expect=(
	[leak-dev-ref]='unregister_netdevice: waiting for v0 to become free'
	[uaf-policy]='KASAN: slab-use-after-free in vnic_change'
	[lockdep-off]='lock debugging turned off while vnic_smoke.sh ran'
	[boot-splat]='BUG: gate-proof: a splat at boot'
	[leak-policy]='unreferenced object'
)
# patch name -> the result that must fail (default: vnic_smoke.sh)
declare -A fails=([boot-splat]=boot [leak-policy]=kmemleak)

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(leak-dev-ref uaf-policy lockdep-off boot-splat leak-policy)
passed=0 failed=0 n=0
for name in "${names[@]}"; do
	[ -n "${expect[$name]:-}" ] || { echo "gate-proof: no bug $name" >&2; exit 2; }
	n=$((n + 1))
	dst=$root/build/gate-$name
	rm -rf "$dst"
	mkdir -p "$dst"
	cp -a Kbuild module uapi "$dst/"
	find "$dst/module" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' \
		-o -name '.*.cmd' \) -delete
	bug=scripts/debug-kernel/gate-bugs/$name.patch
	[ ! -f "$bug" ] || patch -s -d "$dst" -p1 <"$bug"
	make -s -C "$ksrc" O="$kout" M="$dst" modules >&2
	pre=:
	[ "$name" != boot-splat ] || pre="echo '${expect[$name]}' >/dev/kmsg"

	log=$dst/run.log
	VNIC_KO=$dst/module/vnic.ko VNIC_TEST_TIMEOUT=120 \
		scripts/vm-run.sh --kernel "$kout/arch/x86/boot/bzImage" \
		--timeout 600 -- sh -c "$pre; exec selftests/run.sh vnic_smoke.sh" \
		>"$log" 2>&1 || true
	sed 's/^/# /' "$log" | grep -E "not ok|kernel log|${expect[$name]}|passed" || true
	if grep -Eq "^not ok [0-9]+ ${fails[$name]:-vnic_smoke.sh}( |\$)" "$log" &&
	   grep -q "${expect[$name]}" "$log"; then
		echo "ok $n gate-proof/$name caught: ${expect[$name]}"
		passed=$((passed + 1))
	else
		echo "not ok $n gate-proof/$name went unnoticed (log: $log)"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
