#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Generate the uapi header and the kernel policy/ops tables from the YNL
# spec uapi/specs/vnic.yaml with the kernel's own ynl-gen-c.py.
#   ynl-gen.sh          regenerate the checked-in files
#   ynl-gen.sh --check  fail (and show the diff) if they are out of date
# uapi/genetlink.yaml, the kernel's schema for genetlink specs, is checked
# in too: ynl-gen-c.py and cli.py validate uapi/specs/vnic.yaml against the
# genetlink.yaml two directories above it, so the README's
# "cli.py --spec uapi/specs/vnic.yaml ..." works from a clone as written.
# It is the kernel source's copy, refreshed here and compared by --check.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
ksrc=$("$root/scripts/ksrc.sh")
gen=$ksrc/tools/net/ynl/ynl-gen-c.py
spec=uapi/specs/vnic.yaml
files="uapi/linux/vnic.h module/vnic-nl.h module/vnic-nl.c"
schema=Documentation/netlink/genetlink.yaml

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cd "$root"
# ynl-gen-c.py validates against genetlink.yaml two levels above the spec
# and walks up to a MAINTAINERS file: both must exist (see README).
[ -e MAINTAINERS ] || { echo "ynl-gen: MAINTAINERS missing at repo root" >&2; exit 1; }
if [ "${1:-}" = --check ]; then
	if ! diff -u uapi/genetlink.yaml "$ksrc/$schema"; then
		echo "ynl-gen: uapi/genetlink.yaml differs from the kernel's $schema, run scripts/ynl-gen.sh" >&2
		exit 1
	fi
else
	cp "$ksrc/$schema" uapi/genetlink.yaml
fi

mkdir -p "$out/uapi/linux" "$out/module"
run() { timeout 120 python3 "$gen" --spec "$spec" "$@"; }
run --mode uapi --header -o "$out/uapi/linux/vnic.h"
run --mode kernel --header -o "$out/module/vnic-nl.h"
run --mode kernel --source -o "$out/module/vnic-nl.c"

if [ "${1:-}" = --check ]; then
	rc=0
	for f in $files; do
		diff -u "$f" "$out/$f" || rc=1
	done
	[ $rc -eq 0 ] || echo "ynl-gen: generated files are stale, run scripts/ynl-gen.sh" >&2
	exit $rc
fi
for f in $files; do
	cp "$out/$f" "$f"
done
