#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of an extracted Debian linux-source-6.12 tree (checkpatch,
# YNL, kunit), extracting /usr/src/linux-source-6.12.tar.xz into the cache
# on first use. The cache lives outside the repository and is visible
# inside the test guest (/root is a tmpfs there, so not under $HOME).
set -euo pipefail

cache=${VNIC_CACHE:-/var/cache/vnic}
tarball=/usr/src/linux-source-6.12.tar.xz
[ -r "$tarball" ] || { echo "ksrc: $tarball missing (run scripts/deps.sh)" >&2; exit 1; }

stamp=$(stat -c %Y-%s "$tarball")
dir=$cache/linux-source-6.12
if [ ! -f "$dir/.vnic-stamp" ] || [ "$(cat "$dir/.vnic-stamp")" != "$stamp" ]; then
	mkdir -p "$cache"
	exec 9>"$cache/.ksrc.lock"
	flock 9
	if [ ! -f "$dir/.vnic-stamp" ] || [ "$(cat "$dir/.vnic-stamp")" != "$stamp" ]; then
		echo "ksrc: extracting $tarball into $cache" >&2
		rm -rf "$dir"
		tar -C "$cache" -xf "$tarball"
		echo "$stamp" > "$dir/.vnic-stamp"
	fi
fi
echo "$dir"
