#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Register vnic with DKMS so vnic.ko is rebuilt for every kernel update.
#
#   scripts/dkms.sh install VERSION   copy the sources to /usr/src/vnic-VERSION,
#                                     dkms add, build and install them for every
#                                     kernel in /lib/modules that has headers
#                                     (or only for $DKMS_KERNELS)
#   scripts/dkms.sh remove VERSION    dkms remove, delete /usr/src/vnic-VERSION
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
action=${1:-}
version=${2:-}
[ -n "$version" ] || { echo "usage: $0 {install|remove} VERSION" >&2; exit 1; }
command -v dkms >/dev/null || { echo "dkms: not installed (make deps)" >&2; exit 1; }
src=/usr/src/vnic-$version

kernels() {
	local k
	if [ -n "${DKMS_KERNELS:-}" ]; then
		echo "$DKMS_KERNELS"
		return
	fi
	for k in /lib/modules/*; do
		[ -e "$k/build/Makefile" ] && echo "${k##*/}"
	done
}

registered() {
	dkms status -m vnic -v "$version" 2>/dev/null | grep -q .
}

case $action in
install)
	if registered; then
		dkms remove -m vnic -v "$version" --all >/dev/null
	fi
	rm -rf "$src"
	mkdir -p "$src/module" "$src/uapi"
	cp "$root/Kbuild" "$src/"
	cp "$root"/module/Kbuild "$root"/module/*.[ch] "$src/module/"
	cp -r "$root/uapi/linux" "$src/uapi/"
	sed "s/@VERSION@/$version/" "$root/dkms.conf" > "$src/dkms.conf"
	dkms add -m vnic -v "$version"
	for k in $(kernels); do
		dkms build -m vnic -v "$version" -k "$k"
		dkms install -m vnic -v "$version" -k "$k"
	done
	;;
remove)
	if registered; then
		dkms remove -m vnic -v "$version" --all
	fi
	rm -rf "$src"
	;;
*)
	echo "usage: $0 {install|remove} VERSION" >&2
	exit 1
	;;
esac
