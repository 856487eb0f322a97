#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build, boot the stock Debian kernel guest, run the benchmarks,
# print the table and keep the JSON in bench/results.json.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
make -s all
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
scripts/vm-run.sh --outdir "$out" -- bash -c 'bench/shaping-guest.sh "$VNIC_OUTDIR/shaping.json"'
cp "$out/shaping.json" bench/results.json
echo "results: bench/results.json"
