#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: build, boot the stock Debian kernel guest, run every benchmark
# (bench/bench-guest.sh), print the table and write bench/results.json.
# BENCH_QUICK=1: a short variant (about 5 minutes) for iterating;
# BENCH_ONLY="unshaped demux ...": a subset (see bench/bench-guest.sh).
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
make -s all
make -s -C bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Every BENCH_* variable set here goes to the guest (vm-run.sh passes VNIC_*).
for v in $(compgen -e | grep -E '^BENCH_' || true); do
	export "VNIC_$v=${!v}"
done
start=$(date +%s)
nice -n "${BENCH_NICE:-0}" scripts/vm-run.sh --timeout "${BENCH_TIMEOUT:-2400}" \
	--outdir "$out" -- bash -c \
	'bench/bench-guest.sh "$VNIC_OUTDIR/raw.jsonl"'
cp "$out/raw.jsonl" bench/raw.jsonl
# The share allocator alone, native (its cost per tick for N vnics).
bench/alloc_bench 10 100 1000 10000 |
	sed 's/^{/{"sec": "alloc", /' >>bench/raw.jsonl
# Debian's python3, which has python3-matplotlib (a python3 earlier in
# PATH, e.g. pyenv's, may not).
/usr/bin/python3 bench/report.py bench/raw.jsonl bench/results.json
echo "raw samples: bench/raw.jsonl; results: bench/results.json ($(($(date +%s) - start)) s)"
