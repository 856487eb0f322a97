#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the vnic QEMU guest (see scripts/vm-run.sh). Runs as PID 1 with
# /bin/sh from the *host* root (read-only 9p) after the initramfs did
# switch_root. Sets up a minimal writable system, runs the command that
# vm-run.sh left in the read-write share (tag vnicout), records its exit code
# there and powers off. Never run this on the host.

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

if [ "$$" != 1 ]; then
	echo "vm-stage2: must run as PID 1 inside the vnic guest" >&2
	exit 1
fi

msg() { echo "vm-stage2: $*"; }

halt_now() {
	sync
	busybox poweroff -f 2>/dev/null || poweroff -f 2>/dev/null
	echo o >/proc/sysrq-trigger
	sleep 60
}

# /proc is the host's (through 9p) until we mount our own.
mount -t proc proc /proc
token=
msize=262144
# shellcheck disable=SC2013 # words are what we want
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	vnic_token=*) token=${arg#vnic_token=} ;;
	vnic_msize=*) msize=${arg#vnic_msize=} ;;
	esac
done
# The kernel hands unknown key=value parameters to init as environment.
unset vnic_stage2 vnic_token vnic_msize
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t mqueue mqueue /dev/mqueue 2>/dev/null
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr

# The host root is read-only: give the usual writable places a tmpfs.
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/netns /run/lock /run/vnicout /run/host

out=/run/vnicout
if ! mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize="$msize" \
	vnicout "$out"; then
	msg "cannot mount the results share (9p tag vnicout)"
	halt_now
fi
if [ ! -f "$out/cmd.sh" ]; then
	msg "no $out/cmd.sh"
	halt_now
fi

# If the caller's directory lies under one of them (a clone in /root or
# /tmp), keep it visible at the same path: bind it back over the tmpfs.
cwd=$(cat "$out/cwd" 2>/dev/null)
for d in /tmp /var/tmp /root; do
	sub=
	case "$cwd" in "$d"/*) sub=${cwd#"$d"} ;; esac
	if [ -n "$sub" ]; then
		mkdir -p "/run/host$d"
		mount --bind "$d" "/run/host$d"
	fi
	case "$d" in
	/root) mount -t tmpfs -o mode=700 tmpfs "$d" ;;
	*) mount -t tmpfs -o mode=1777 tmpfs "$d" ;;
	esac
	if [ -n "$sub" ]; then
		mkdir -p "$d$sub"
		mount --bind "/run/host$d$sub" "$d$sub"
	fi
done

# Cheap extras the tests may want.
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mount -t configfs configfs /sys/kernel/config 2>/dev/null

hostname vnic-guest 2>/dev/null
ip link set lo up

# Run the command: stdout+stderr go to the console (streamed by vm-run.sh
# between the markers) and to $out/output; its exit code goes to $out/rc.
# The pipeline runs in the background so that PID 1 can notice the command's
# end even if it left a process behind that still holds the pipe open.
# PID 1 sleeps in a read of a FIFO until then: polling with "sleep 0.1"
# forked ten processes a second for the whole run, which on the debug
# kernel under TCG (a fork+exec costs about a second there) took most of
# the guest's CPU away from the tests.
echo "@@VNIC-BEGIN-$token@@"
rm -f /run/vnic.rc /run/vnic.done /run/vnic.ev
mkfifo /run/vnic.ev
(
	{
		/bin/sh "$out/cmd.sh" </dev/null 2>&1
		echo $? >/run/vnic.rc
		echo rc >/run/vnic.ev
	} | tee "$out/output"
	: >/run/vnic.done
	# Wakes PID 1 if the group above died before its own wake-up; once
	# PID 1 has read, this open waits for a reader that never comes.
	echo "done" >/run/vnic.ev &
) &
read -r _ </run/vnic.ev
# Let tee drain, then end whatever the command left running.
i=0
while [ ! -f /run/vnic.done ] && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -f /run/vnic.done ]; then
	echo "vm-stage2: the command left processes holding its output; killing them"
	kill -TERM -1 2>/dev/null
	sleep 1
	kill -KILL -1 2>/dev/null
	sleep 0.2
fi
sync
echo "@@VNIC-END-$token@@"
if [ -f /run/vnic.rc ]; then
	cp /run/vnic.rc "$out/rc.tmp" && mv "$out/rc.tmp" "$out/rc"
else
	msg "the command's shell died without an exit code"
fi
sync
halt_now
