#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh [options] -- COMMAND [ARGS...]
#
# Boot a throw-away QEMU guest (TCG) whose root file system is the host's own
# root, shared read-only over virtio-9p, and run COMMAND in it as root, in
# the same directory as the caller's $PWD. Prints the command's output (live)
# and exits with its exit code.
#
# Options:
#   --kernel BZIMAGE   guest kernel (default: $VNIC_KERNEL, else the newest
#                      /boot/vmlinuz-6.12.*-amd64)
#   --timeout SECONDS  wall-clock limit for the whole VM (default 900,
#                      or $VNIC_VM_TIMEOUT)
#   --mem MB           guest memory (default 2048)
#   --smp N            guest CPUs (default 2)
#   --nics             add two virtio-net NICs joined by one QEMU hub (an
#                      emulated wire, no host networking); the guest must
#                      `modprobe virtio_net` to get eth0/eth1
#   --outdir DIR       use DIR as the read-write results share and keep it
#                      (default: a fresh temporary directory, removed after)
#   -v, --verbose      print the whole serial console, not only the output
#
# Inside the guest: cwd = host $PWD; the read-write share is mounted at
# /run/vnicout ($VNIC_OUTDIR); host variables VNIC_*, CI and STRESS are
# exported; VNIC_IN_VM=1. /run, /tmp, /var/tmp, /root are empty tmpfs.
#
# Exit status: the command's; 124 if the VM timed out, 125 if the guest died
# (panic/oops/crash) or the VM could not run, 2 on usage errors.
#
# Environment: VNIC_CACHE (initramfs cache dir, default ~/.cache/vnic),
# VNIC_QEMU (QEMU binary), VNIC_VM_KEEP=1 (keep the temporary run dir),
# VNIC_VM_APPEND (extra kernel command line, e.g. "loglevel=7"),
# VNIC_VM_TIMES=1 (print the VM wall time), VNIC_VM_9PCACHE (9p cache mode
# of the host root: loose (default) or none).
set -euo pipefail
shopt -s lastpipe

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

usage() {
	sed -n '4,38s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

die() {
	echo "vm-run: $*" >&2
	exit 125
}

kernel=${VNIC_KERNEL:-}
timeout_s=${VNIC_VM_TIMEOUT:-900}
mem=2048
smp=2
nics=0
outdir=
verbose=0

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) [ $# -ge 2 ] || usage; kernel=$2; shift 2 ;;
	--kernel=*) kernel=${1#*=}; shift ;;
	--timeout) [ $# -ge 2 ] || usage; timeout_s=$2; shift 2 ;;
	--timeout=*) timeout_s=${1#*=}; shift ;;
	--mem) [ $# -ge 2 ] || usage; mem=$2; shift 2 ;;
	--mem=*) mem=${1#*=}; shift ;;
	--smp) [ $# -ge 2 ] || usage; smp=$2; shift 2 ;;
	--smp=*) smp=${1#*=}; shift ;;
	--nics) nics=1; shift ;;
	--outdir) [ $# -ge 2 ] || usage; outdir=$2; shift 2 ;;
	--outdir=*) outdir=${1#*=}; shift ;;
	-v|--verbose) verbose=1; shift ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) echo "vm-run: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
for n in "$timeout_s" "$mem" "$smp"; do
	case "$n" in ''|*[!0-9]*) echo "vm-run: not a number: '$n'" >&2; usage ;; esac
done

qemu_bin=${VNIC_QEMU:-qemu-system-x86_64}
command -v "$qemu_bin" >/dev/null || die "$qemu_bin not found (scripts/deps.sh)"

if [ -z "$kernel" ]; then
	# shellcheck disable=SC2012 # Debian kernel names are plain
	kernel=$(ls -1 /boot/vmlinuz-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1 || true)
	[ -n "$kernel" ] || die "no /boot/vmlinuz-6.12.*-amd64; use --kernel"
fi
[ -r "$kernel" ] || die "cannot read kernel $kernel"

# Kernel release string of a bzImage (setup header, see
# Documentation/arch/x86/boot.rst: "HdrS" at 0x202, kernel_version at 0x20e).
kernel_release() {
	local k=$1 magic off
	magic=$(dd if="$k" bs=1 skip=$((0x202)) count=4 2>/dev/null || true)
	[ "$magic" = HdrS ] || return 1
	off=$(od -An -tu2 -j $((0x20e)) -N2 "$k" | tr -d ' ')
	[ -n "$off" ] && [ "$off" -gt 0 ] || return 1
	dd if="$k" bs=1 skip=$((off + 0x200)) count=128 2>/dev/null |
		tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}
kver=$(kernel_release "$kernel") || die "$kernel does not look like a bzImage"
[ -n "$kver" ] || die "cannot read the kernel release of $kernel"

cache=${VNIC_CACHE:-${HOME:-/tmp}/.cache/vnic}
mkdir -p -- "$cache"
initrd=$cache/initramfs-$kver.cpio.gz
"$here/mkinitramfs.sh" "$initrd" "$kver" || die "mkinitramfs failed"

run=$(mktemp -d "${TMPDIR:-/tmp}/vnic-run.XXXXXX")
# shellcheck disable=SC2317 # invoked by the trap
cleanup() {
	if [ -n "${VNIC_VM_KEEP:-}" ]; then
		echo "vm-run: kept $run" >&2
	else
		rm -rf -- "$run"
	fi
}
trap cleanup EXIT
if [ -n "$outdir" ]; then
	mkdir -p -- "$outdir"
	share=$(cd -- "$outdir" && pwd)
	rm -f -- "$share/rc" "$share/rc.tmp" "$share/output" "$share/cmd.sh" "$share/cwd"
else
	share=$run/out
	mkdir -p -- "$share"
fi
console=$run/console.log
token=$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')

# POSIX-sh single-quoting of $1 into $quoted.
quote() {
	local s=$1
	quoted="'${s//\'/\'\\\'\'}'"
}

# Directories under /tmp, /var/tmp and /root are bound back over the guest's
# tmpfs by vm-stage2.sh; these stay hidden.
case "$PWD" in
/tmp|/var/tmp|/root|/run|/run/*|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*)
	echo "vm-run: warning: $PWD is hidden by a tmpfs/pseudo fs in the guest" >&2 ;;
esac
printf '%s\n' "$PWD" >"$share/cwd"

{
	echo "# generated by vm-run.sh"
	echo "export HOME=/root LANG=C.UTF-8 TERM=dumb PYTHONUNBUFFERED=1 VNIC_IN_VM=1"
	echo "export VNIC_OUTDIR=/run/vnicout"
	while read -r var; do
		case "$var" in
		VNIC_OUTDIR|VNIC_IN_VM) continue ;;
		VNIC_*|CI|STRESS)
			quote "${!var}"
			printf 'export %s=%s\n' "$var" "$quoted" ;;
		esac
	done < <(compgen -e)
	quote "$PWD"
	printf 'cd %s || { echo "vm-run: cannot cd to %s in the guest" >&2; exit 125; }\n' \
		"$quoted" "${PWD//[\"\$\`\\]/_}"
	printf 'exec'
	for a in "$@"; do
		quote "$a"
		printf ' %s' "$quoted"
	done
	printf '\n'
} >"$share/cmd.sh"

# 9p cache mode of the read-only host root. "loose" lets the guest page-cache
# what it reads (boot + first command ~2x faster than cache=none); the host
# root is read-only for the guest and the VM lives for one command, so the
# only staleness is a host file rewritten while the VM runs.
p9cache=${VNIC_VM_9PCACHE:-loose}
case "$p9cache" in none|loose|mmap|readahead|fscache) ;; *) die "bad VNIC_VM_9PCACHE=$p9cache" ;; esac

# QEMU option values escape ',' by doubling it.
qpath() { printf '%s' "${1//,/,,}"; }

# CPU: TCG's "max" without LA57. With 5-level paging on, a KASAN kernel can
# report "wild-memory-access" at boot: identify_cpu() zeroes
# boot_cpu_data.x86_capability before it re-reads CPUID, with interrupts on;
# an interrupt in that window sees pgtable_l5_enabled() false (so a 47-bit
# address space), and KASAN takes the 5-level direct map (ff11...) for an
# address without shadow. That report also turns lockdep off for the boot.
# pci=noacpi: PCI interrupts routed from the BIOS table, not ACPI's _PRT.
# The debug kernel's AML interpreter, under TCG, runs _PRT's loop past
# ACPICA's 30-second limit (AE_AML_LOOP_TIMEOUT), once per 9p device: a
# minute of every boot for nothing (virtio uses MSI-X either way).
# shellcheck disable=SC2054 # the commas are QEMU's
qemu=(
	"$qemu_bin" -accel tcg -cpu max,la57=off -smp "$smp" -m "$mem"
	-nodefaults -no-user-config -nographic -no-reboot
	-serial stdio -monitor none
	-kernel "$kernel" -initrd "$initrd"
	-append "console=ttyS0 quiet panic=-1 oops=panic pci=noacpi ${VNIC_VM_APPEND:-} vnic_9pcache=$p9cache vnic_stage2=$here/vm-stage2.sh vnic_token=$token"
	-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=vnicout,path=$(qpath "$share"),security_model=none"
	-device virtio-9p-pci,fsdev=vnicout,mount_tag=vnicout
)
if [ "$nics" = 1 ]; then
	# One emulated hub: the two NICs see each other and nothing else.
	# shellcheck disable=SC2054
	qemu+=(
		-netdev hubport,id=n0,hubid=0 -device virtio-net-pci,netdev=n0
		-netdev hubport,id=n1,hubid=0 -device virtio-net-pci,netdev=n1
	)
fi

begin="@@VNIC-BEGIN-$token@@"
end="@@VNIC-END-$token@@"
seen_begin=0
in_output=0
t0=$(date +%s)
run_qemu() {
timeout --foreground -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 |
	tee "$console" |
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line//$'\r'/}
		case "$line" in
		*"$begin"*) seen_begin=1; in_output=1; continue ;;
		*"$end"*) in_output=0; continue ;;
		esac
		if [ "$in_output" = 1 ] || [ "$verbose" = 1 ]; then
			printf '%s\n' "$line"
		fi
	done
return "${PIPESTATUS[0]}"
}
set +e
run_qemu
qemu_rc=$?
# TCG occasionally crashes the guest kernel during early boot (seen once in
# sched_clock_cpu, before any of our code). If the command never started,
# boot once more rather than fail a run that did not happen.
if [ ! -f "$share/rc" ] && ! grep -qF "$begin" "$console" &&
   [ "$qemu_rc" != 124 ] && [ "$qemu_rc" != 137 ]; then
	echo "vm-run: guest died before the command started; booting again" >&2
	tail -n 5 "$console" | tr -d '\r' | sed 's/^/  | /' >&2
	run_qemu
	qemu_rc=$?
fi
set -e
t1=$(date +%s)

if [ -f "$share/rc" ]; then
	rc=$(tr -cd '0-9' <"$share/rc")
	if [ "$seen_begin" = 0 ] && [ -f "$share/output" ]; then
		cat -- "$share/output"
	fi
	[ -n "${VNIC_VM_TIMES:-}" ] && echo "vm-run: VM wall time $((t1 - t0)) s" >&2
	exit "${rc:-125}"
fi

if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
	why="timed out (--timeout $timeout_s)"
	rc=124
else
	why="died (QEMU exit $qemu_rc, no exit code from the command; panic/oops/crash?)"
	rc=125
fi
{
	echo "vm-run: guest $why after $((t1 - t0)) s wall"
	echo "vm-run: last 60 lines of the serial console:"
	# Drop \r and the terminal escapes SeaBIOS emits.
	tail -n 60 "$console" | tr -d '\r' |
		sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' -e 's/^/  | /'
} >&2
exit "$rc"
