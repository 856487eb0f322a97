#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side tests of make install/uninstall and make dkms-install/uninstall.
# DKMS really registers vnic and builds it for the Debian 6.12 headers, then
# removes it again. Ends with "N passed, N failed".
set -uo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "TEST: $1  [ OK ]"; pass=$((pass + 1)); }
ko() { echo "TEST: $1  [FAIL]"; echo "	$2"; fail=$((fail + 1)); }
# The one version: module/vnic.h (the Makefile reads it from there too).
version=$(sed -n 's/^#define VNIC_VERSION[[:space:]]*"\(.*\)"/\1/p' module/vnic.h)
kver=$(find /lib/modules -maxdepth 1 -name '6.12.*-amd64' -printf '%f\n' | sort -V | tail -1)

# make install into a staging root: every file where it belongs and usable.
dest=$tmp/root
files="usr/local/sbin/vnicctl usr/local/share/man/man8/vnicctl.8 usr/local/share/man/man4/vnic.4
usr/local/share/bash-completion/completions/vnicctl usr/local/include/linux/vnic.h
opt/cni/bin/vnic"
if ! out=$(make -s install DESTDIR="$dest" 2>&1); then
	ko "make install" "$out"
else
	missing=
	for f in $files; do
		[ -f "$dest/$f" ] || missing="$missing $f"
	done
	if [ -n "$missing" ]; then
		ko "make install puts every file in place" "missing:$missing"
	else
		ok "make install puts every file in place"
	fi
	v=$("$dest/usr/local/sbin/vnicctl" -V 2>&1)
	if [[ $v == *"$version"* ]]; then
		ok "installed vnicctl runs and reports version $version"
	else
		ko "installed vnicctl runs and reports version $version" "$v"
	fi
	v=$(echo '{"cniVersion": "1.0.0"}' | CNI_COMMAND=VERSION "$dest/opt/cni/bin/vnic" 2>&1)
	if [[ $v == *'"supportedVersions"'*'"1.0.0"'* ]]; then
		ok "installed CNI plugin answers VERSION"
	else
		ko "installed CNI plugin answers VERSION" "$v"
	fi
	printf '#include <linux/vnic.h>\nint x = VNIC_CMD_DEV_NEW;\n' > "$tmp/u.c"
	if out=$(gcc -fsyntax-only -I"$dest/usr/local/include" "$tmp/u.c" 2>&1); then
		ok "installed uapi header compiles on its own"
	else
		ko "installed uapi header compiles on its own" "$out"
	fi
	for m in man8/vnicctl.8 man4/vnic.4; do
		if out=$(MANWIDTH=80 man --warnings -l "$dest/usr/local/share/man/$m" 2>&1 >/dev/null) &&
		   [ -z "$out" ]; then
			ok "installed man page ${m#*/} renders without warnings"
		else
			ko "installed man page ${m#*/} renders without warnings" "$out"
		fi
	done
	# The completion offers the commands, and the policy keywords after add.
	comp=$(bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$1"
		COMP_WORDS=(vnicctl s); COMP_CWORD=1; COMP_LINE="vnicctl s"
		COMP_POINT=${#COMP_LINE}; _vnicctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(vnicctl add v0 link eth0 ra); COMP_CWORD=5
		COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
		_vnicctl; echo "${COMPREPLY[*]}"' _ \
		"$dest/usr/local/share/bash-completion/completions/vnicctl" 2>&1)
	if [ "$comp" = "$(printf 'set show stats\nrate')" ]; then
		ok "bash completion completes commands and options"
	else
		ko "bash completion completes commands and options" "got: $comp"
	fi
	if out=$(make -s uninstall DESTDIR="$dest" 2>&1) &&
	   [ -z "$(find "$dest" -type f)" ]; then
		ok "make uninstall removes every installed file"
	else
		ko "make uninstall removes every installed file" "$out $(find "$dest" -type f)"
	fi
fi

# DKMS: registered, built and installed for the test kernel, then removed.
if [ -z "$kver" ] || [ ! -e "/lib/modules/$kver/build/Makefile" ]; then
	ko "dkms install" "no 6.12 headers (make deps)"
elif [ "$(id -u)" -ne 0 ]; then
	ko "dkms install" "needs root"
else
	if out=$(DKMS_KERNELS=$kver make -s dkms-install 2>&1); then
		st=$(dkms status -m vnic -v "$version" -k "$kver" 2>&1)
		ko_path=$(find "/lib/modules/$kver/updates/dkms" -name 'vnic.ko*' 2>/dev/null | head -1)
		vm=
		[ -n "$ko_path" ] && vm=$(modinfo -F vermagic "$ko_path")
		if [[ $st == *installed* ]] && [[ $vm == "$kver "* ]] &&
		   [ "$(modinfo -k "$kver" -n vnic 2>/dev/null)" = "$ko_path" ]; then
			ok "make dkms-install builds and installs vnic.ko for $kver"
		else
			ko "make dkms-install builds and installs vnic.ko for $kver" \
				"status '$st', module '$ko_path', vermagic '$vm'"
		fi
	else
		ko "make dkms-install builds and installs vnic.ko for $kver" "$out"
	fi
	out=$(make -s dkms-uninstall 2>&1)
	if [ -z "$(dkms status -m vnic 2>/dev/null)" ] && [ ! -e "/usr/src/vnic-$version" ] &&
	   [ -z "$(find "/lib/modules/$kver/updates/dkms" -name 'vnic.ko*' 2>/dev/null)" ]; then
		ok "make dkms-uninstall removes it again"
	else
		ko "make dkms-uninstall removes it again" "$out"
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
