#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own Coccinelle scripts (scripts/coccinelle/**/*.cocci of the
# linux-source tree) over module/, in report mode, as
# "make coccicheck MODE=report M=module" runs them: the same spatch options
# and include paths, each script's own "Options:" and "Requires:". The
# scripts run two at a time (J=, default: the CPUs), not one after the
# other each split over the CPUs: most of a script's time is spatch's
# start-up, not the 16 files.
#
# Prints the reports not justified in scripts/coccicheck-ignore (see there)
# and exits 1 if there is one, or if spatch failed; with -a, every report.
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
all=0
[ "${1:-}" = -a ] && all=1
ksrc=${VNIC_KSRC:-$(scripts/ksrc.sh)}
jobs=${J:-$(nproc)}
ignore=$root/scripts/coccicheck-ignore

# They need the OCaml compiler (the "ocaml" package, 285 MB) for their
# script:ocaml rules. bq27xxx: only checks that driver's register table.
# badzero (a pointer compared with 0) is sparse's "Using plain integer as
# NULL pointer", which static/sparse already fails on.
skip='api/check_bq27xxx_data.cocci null/badzero.cocci'

command -v spatch >/dev/null || { echo "coccicheck: no spatch (scripts/deps.sh)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One script: its reports in $out/NAME.rep, as "NAME: FILE:LINE:COL: TEXT"
# with FILE relative to the repository; in $out/NAME.err anything else
# spatch said but its per-run file count and its warnings about the SmPL.
run_one() {
	local cocci=$1 name t opt req
	name=${cocci#"$ksrc"/scripts/coccinelle/}
	name=${name%.cocci}
	t=$out/${name//\//_}
	opt=$(sed -n 's|^// Options:||p' "$cocci")
	req=$(sed -n 's|^// Requires:[[:space:]]*||p' "$cocci")
	if [ -n "$req" ] &&
	   ! printf '%s\n%s\n' "$req" "$(spatch --version | awk '{ print $3; exit }')" |
	   sort -CV; then
		echo "$name: needs spatch $req" >"$t.err"
		return 0
	fi
	# shellcheck disable=SC2086 # $opt: the script's options, word-split
	(cd "$ksrc" && spatch -D report --no-show-diff --very-quiet \
		--cocci-file "$cocci" $opt --patch . --dir "$root/module" \
		-I ./arch/x86/include -I ./arch/x86/include/generated \
		-I ./include -I ./arch/x86/include/uapi \
		-I ./arch/x86/include/generated/uapi -I ./include/uapi \
		-I ./include/generated/uapi \
		--include ./include/linux/compiler-version.h \
		--include ./include/linux/kconfig.h) >"$t.out" 2>"$t.stderr" ||
		echo "spatch exit status $?" >>"$t.stderr"
	sed "s|^$root/||; s|^|$name: |" "$t.out" >"$t.rep"
	grep -v -E '^[0-9]+ files? match$|^warning: line [0-9]+: should .* be a metavariable\?$' \
		"$t.stderr" | sed "s|^|$name: |" >"$t.err" || true
}
export -f run_one
export ksrc root out

find "$ksrc/scripts/coccinelle" -name '*.cocci' -type f | sort |
	while read -r f; do
		case " $skip " in *" ${f#"$ksrc"/scripts/coccinelle/} "*) continue ;; esac
		echo "$f"
	done |
	xargs -P "$jobs" -I{} bash -c 'run_one "$1"' _ {}

rc=0
if [ -n "$(cat "$out"/*.err)" ]; then
	echo "coccicheck: spatch failed:"
	cat "$out"/*.err
	rc=1
fi
# A justified report is matched by its script, file and text, not by its
# line (which moves with every edit above it).
sort "$out"/*.rep >"$out/all"
if [ "$all" = 1 ]; then
	cat "$out/all"
	exit "$rc"
fi
sed -E 's/^([^:]+: [^:]+):[0-9]+:[0-9]+(-[0-9]+)?:/\1:/' "$out/all" >"$out/keys"
grep -v -E '^[[:space:]]*(#|$)' "$ignore" >"$out/ignore" || true
paste -d '\t' "$out/keys" "$out/all" |
	awk -F '\t' -v ign="$out/ignore" '
		BEGIN { while ((getline l < ign) > 0) ok[l] = 1 }
		!($1 in ok) { print $2; bad = 1 }
		END { exit bad }' || {
	echo "coccicheck: the reports above are new: fix them, or justify them at the site and in scripts/coccicheck-ignore"
	rc=1
}
echo "coccicheck: $(find "$out" -name '*.rep' | wc -l) scripts, $(wc -l <"$out/all") reports, $(wc -l <"$out/ignore") justified"
exit "$rc"
