#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (once) the debug test kernel from Debian's linux-source-6.12 with
# vnic-debug.config, into a cache outside the clone keyed by the source
# version and the fragment's hash. Prints the build directory.
#   build.sh            build if missing, print the dir
#   build.sh --print    print the dir it would use, build nothing
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$here/../.." && pwd)
cache=${VNIC_CACHE:-/var/cache/vnic}
ksrc=$("$root/scripts/ksrc.sh")
ver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
key=$( (echo "$ver"; cat "$here/vnic-debug.config" "$here/build.sh") | sha256sum | cut -c1-16)
out=$cache/debug-kernel-$key

if [ "${1:-}" = --print ]; then
	echo "$out"
	exit 0
fi
if [ -f "$out/.vnic-built" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [ ! -f "$out/.vnic-built" ]; then
	start=$(date +%s)
	echo "debug-kernel: building in $out (once; about half an hour on 2 cores)" >&2
	make -s -C "$ksrc" O="$out" x86_64_defconfig >&2
	"$ksrc/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$ksrc/kernel/configs/kvm_guest.config" "$here/vnic-debug.config" >&2
	make -s -C "$ksrc" O="$out" olddefconfig >&2
	# Every option of the fragment must have survived olddefconfig.
	missing=0
	while IFS= read -r line; do
		case "$line" in CONFIG_*=y) ;; *) continue ;; esac
		grep -qx "$line" "$out/.config" || { echo "debug-kernel: $line did not stick" >&2; missing=1; }
	done <"$here/vnic-debug.config"
	[ $missing -eq 0 ] || exit 1
	make -s -C "$ksrc" O="$out" -j"$(nproc)" bzImage modules >&2
	echo "$(( $(date +%s) - start ))" >"$out/.vnic-build-seconds"
	touch "$out/.vnic-built"
	echo "debug-kernel: built in $(cat "$out/.vnic-build-seconds") s" >&2
fi
echo "$out"
