#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build vnic.ko (and vnic_kunit.ko) for the debug kernel, in a copy of the
# sources under build/debug/ so the objects do not clash with the stock
# build in module/. Prints the directory holding the .ko files.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
kout=$("$root/scripts/debug-kernel/build.sh")
ksrc=$("$root/scripts/ksrc.sh")
dst=$root/build/debug
mkdir -p "$dst"
cp -a "$root/Kbuild" "$dst/"
rm -rf "$dst/module" "$dst/uapi"
cp -a "$root/module" "$root/uapi" "$dst/"
find "$dst/module" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
make -s -C "$ksrc" O="$kout" M="$dst" W=1 modules >&2
echo "$dst/module"
