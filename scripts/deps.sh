#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything vnic needs to build and test on Debian 12 (idempotent).
# A fast no-op when every package is already present.
set -euo pipefail

PKGS=(
	build-essential gcc make bc flex bison pkg-config
	libelf-dev libssl-dev dwarves
	linux-headers-6.12-amd64 linux-image-6.12-amd64 linux-source-6.12
	qemu-system-x86 busybox-static kmod cpio xz-utils
	libmnl-dev libjson-c-dev containernetworking-plugins iproute2 iputils-ping iperf3 ethtool tcpdump util-linux libcap2-bin socat
	python3 python3-yaml python3-jsonschema sparse shellcheck coccinelle dkms bash-completion
	strace python3-matplotlib
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to install: ${missing[*]}" >&2
	exit 1
fi

echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/vnic-update-stamp
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +360 2>/dev/null)" ]; then
	apt-get update -q >&2
	mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
