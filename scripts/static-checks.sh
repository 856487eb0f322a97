#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks, each reported as one test: the YNL-generated files (and
# vnicctl's attribute name tables) match the spec, the module builds
# without warnings at W=1 and with gcc's -Wmaybe-uninitialized, sparse is
# clean, checkpatch --strict is clean, the kernel's Coccinelle scripts
# report nothing that scripts/coccicheck-ignore does not justify and no
# field read with READ_ONCE() has a plain write.
# Prints "ok"/"not ok" lines and a summary.
set -uo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
KDIR=${KDIR:-/lib/modules/$(find /lib/modules -maxdepth 1 -name '6.12.*-amd64' -printf '%f\n' | sort -V | tail -1)/build}
ksrc=$(scripts/ksrc.sh) || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0 fail=0 n=0

check() {
	local name=$1
	shift
	n=$((n + 1))
	if "$@" >"$log" 2>&1; then
		echo "ok $n static/$name"
		pass=$((pass + 1))
	else
		echo "not ok $n static/$name"
		sed 's/^/# /' "$log" | tail -40
		fail=$((fail + 1))
	fi
}

no_output() {
	local out
	out=$("$@" 2>&1) || { echo "$out"; return 1; }
	[ -z "$out" ] || { echo "$out"; return 1; }
}

kbuild() {
	make -s -C "$KDIR" M="$root" clean >/dev/null 2>&1
	make -s -j"$(nproc)" -C "$KDIR" M="$root" "$@" modules 2>&1 | grep -v -E '^(  [A-Z]+ |make)|Skipping BTF' || true
}

ynl_sync() { scripts/ynl-gen.sh --check; }
attr_names_sync() { python3 scripts/gen-attr-names.py --check; }
w1_clean() { no_output kbuild W=1; }
# The kernel's Makefile turns this warning off (-Wno-maybe-uninitialized);
# KCFLAGS comes after it on gcc's command line, so it is back on, as an error.
maybe_uninit_clean() {
	no_output kbuild KCFLAGS="-Wmaybe-uninitialized -Werror=maybe-uninitialized"
}
sparse_clean() { no_output kbuild C=2; }
checkpatch_clean() {
	local f files=()
	for f in module/*.[ch] module/tests/*.c uapi/linux/*.h; do
		case "$f" in *.mod.c) continue ;; esac
		files+=("$f")
	done
	"$ksrc/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
		-f "${files[@]}"
}
coccicheck_clean() { VNIC_KSRC=$ksrc scripts/coccicheck.sh; }
# A field read with READ_ONCE() anywhere in module/ is written with
# WRITE_ONCE() everywhere (scripts/lockless-once.cocci).
lockless_once() {
	no_output spatch --very-quiet --include-headers \
		--cocci-file scripts/lockless-once.cocci --dir module
}

# Every shell script of the project, warnings and errors (notes are advice).
shellcheck_clean() {
	shellcheck -x -S warning .ci/run scripts/*.sh scripts/debug-kernel/*.sh \
		selftests/*.sh bench/*.sh
	shellcheck -S warning -s bash userspace/completion/vnicctl
}

check ynl-spec-sync ynl_sync
check attr-names-sync attr_names_sync
check build-w1 w1_clean
check maybe-uninitialized maybe_uninit_clean
check sparse sparse_clean
check checkpatch-strict checkpatch_clean
check coccicheck coccicheck_clean
check lockless-once lockless_once
check shellcheck shellcheck_clean

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
