#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shell helpers for the vnic selftests (source it; bash only).
#
#   source "$(dirname "$0")/lib.sh"
#   require_root; require_cmd ip
#   setup_ns WIRE TENANT          # sets $WIRE, $TENANT to unique netns names
#   at_exit "some cleanup cmd"    # runs on EXIT, last registered first
#   RET=0; ...; check_err $? "msg"; log_test "description"
#   exit $EXIT_STATUS
#
# Exit codes follow kselftest: 0 pass, 1 fail, 2 xfail, 4 skip.
# Everything a test creates is torn down on exit (at_exit hooks, then the
# namespaces from setup_ns, then the vnic module if *this* test loaded it).

# Kselftest framework constants (used by the tests that source this).
# shellcheck disable=SC2034
ksft_pass=0
ksft_fail=1
# shellcheck disable=SC2034
ksft_xfail=2
ksft_skip=4

: "${WAIT_TIMEOUT:=20}"		# seconds, default for slowwait/wait_for

LIB_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=${VNIC_REPO:-$(cd -- "$LIB_DIR/.." && pwd)}
VNICCTL=${VNICCTL:-$REPO/userspace/vnicctl}
VNIC_KO=${VNIC_KO:-$REPO/module/vnic.ko}
VNIC_MOD=vnic
export REPO VNICCTL VNIC_KO

NS_LIST=()		# namespaces created by setup_ns
EXIT_STATUS=0		# overall result, worst of all log_test results
RET=0			# result of the current check sequence
RETMSG=
VNIC_LOADED_BY_US=0
_AT_EXIT=()

##############################################################################
# Logging and status

log_info() { echo "INFO: $*"; }
log_err() { echo "ERROR: $*" >&2; }

# skip "reason": end the test as skipped.
skip() {
	echo "SKIP: $*"
	exit "$ksft_skip"
}

# fail "reason": end the test as failed.
fail() {
	echo "FAIL: $*"
	exit "$ksft_fail"
}

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

# require_cmd CMD...: skip unless every command exists.
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c not installed"
	done
}

# check_err RC [MSG]: record a failure if RC != 0 (first message wins).
check_err() {
	local err=$1 msg=${2:-}
	if [ "$RET" -eq 0 ] && [ "$err" -ne 0 ]; then
		RET=$err
		RETMSG=$msg
	fi
}

# check_fail RC [MSG]: record a failure if RC == 0 (an expected error).
check_fail() {
	local err=$1 msg=${2:-}
	if [ "$RET" -eq 0 ] && [ "$err" -eq 0 ]; then
		RET=$ksft_fail
		RETMSG=$msg
	fi
}

# log_test DESC: print the result of the checks since the last log_test,
# merge it into EXIT_STATUS and reset RET.
# Each TEST line ends with the seconds since the previous one (or the
# start): where a suite's time goes (scripts/ci-budget.conf).
_LT_LAST=$SECONDS
log_test() {
	local desc=$1 secs=$((SECONDS - _LT_LAST))
	_LT_LAST=$SECONDS
	if [ "$RET" -eq "$ksft_skip" ]; then
		printf 'TEST: %-60s  [SKIP] %ds\n' "$desc" "$secs"
		[ "$EXIT_STATUS" -eq 0 ] && EXIT_STATUS=$ksft_skip
	elif [ "$RET" -ne 0 ]; then
		printf 'TEST: %-60s  [FAIL] %ds\n' "$desc" "$secs"
		[ -n "$RETMSG" ] && printf '\t%s\n' "$RETMSG"
		EXIT_STATUS=$ksft_fail
	else
		printf 'TEST: %-60s  [ OK ] %ds\n' "$desc" "$secs"
	fi
	RET=0
	RETMSG=
}

##############################################################################
# Cleanup

# at_exit CMD [ARGS...]: run "CMD ARGS" (eval'd) on exit, LIFO order.
at_exit() {
	_AT_EXIT+=("$*")
}

_lib_cleanup() {
	local rc=$? i
	set +e
	for ((i = ${#_AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${_AT_EXIT[i]}" >/dev/null 2>&1
	done
	_AT_EXIT=()
	cleanup_all_ns
	vnic_unload
	exit "$rc"
}
trap _lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

##############################################################################
# Network namespaces

# setup_ns VAR...: create a netns per VAR, named "<var lowercase>-<random>",
# store its name in VAR, bring lo up. Deleted automatically on exit.
setup_ns() {
	local var name
	for var in "$@"; do
		# No fork: every process start costs a second on the debug
		# guest.
		name=${var,,}
		printf -v name '%s-%08x' "${name//_/-}" "$SRANDOM"
		if ! ip netns add "$name"; then
			log_err "cannot create netns $name"
			return "$ksft_skip"
		fi
		NS_LIST+=("$name")
		ip -n "$name" link set lo up
		printf -v "$var" '%s' "$name"
	done
}

# cleanup_ns NS...: delete namespaces now.
cleanup_ns() {
	local ns i
	for ns in "$@"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
		for i in "${!NS_LIST[@]}"; do
			[ "${NS_LIST[i]}" = "$ns" ] && unset 'NS_LIST[i]'
		done
	done
	NS_LIST=("${NS_LIST[@]}")
}

cleanup_all_ns() {
	[ ${#NS_LIST[@]} -gt 0 ] && cleanup_ns "${NS_LIST[@]}"
	return 0
}

# in_ns NS CMD...: run CMD inside NS.
in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

##############################################################################
# Counters

# dev_stat NS DEV COUNTER: /sys/class/net/DEV/statistics/COUNTER in NS
# (NS "" = current namespace), e.g. dev_stat "$WIRE" veth0 rx_packets.
dev_stat() {
	local ns=$1 dev=$2 counter=$3
	if [ -z "$ns" ]; then
		cat "/sys/class/net/$dev/statistics/$counter"
	else
		ip netns exec "$ns" cat "/sys/class/net/$dev/statistics/$counter"
	fi
}

# Shorthands.
rx_packets() { dev_stat "$1" "$2" rx_packets; }
tx_packets() { dev_stat "$1" "$2" tx_packets; }
rx_bytes() { dev_stat "$1" "$2" rx_bytes; }
tx_bytes() { dev_stat "$1" "$2" tx_bytes; }
rx_dropped() { dev_stat "$1" "$2" rx_dropped; }
tx_dropped() { dev_stat "$1" "$2" tx_dropped; }

##############################################################################
# Waiting

# busywait TIMEOUT_MS CMD...: retry CMD every 10 ms until it succeeds.
busywait() {
	local timeout_ms=$1 start now
	shift
	start=$(date +%s%3N)
	while :; do
		"$@" && return 0
		now=$(date +%s%3N)
		[ $((now - start)) -ge "$timeout_ms" ] && return 1
		sleep 0.01
	done
}

# slowwait TIMEOUT_S CMD...: retry CMD every 0.1 s until it succeeds.
slowwait() {
	local timeout_s=$1 start now
	shift
	start=$(date +%s%3N)
	while :; do
		"$@" && return 0
		now=$(date +%s%3N)
		[ $((now - start)) -ge $((timeout_s * 1000)) ] && return 1
		sleep 0.1
	done
}

# wait_for CMD...: slowwait with the default $WAIT_TIMEOUT.
wait_for() {
	slowwait "$WAIT_TIMEOUT" "$@"
}

# wait_for_port NS PORT [tcp|udp]: until something listens on PORT in NS.
wait_for_port() {
	local ns=$1 port=$2 proto=${3:-tcp} flag=-t
	[ "$proto" = udp ] && flag=-u
	slowwait "$WAIT_TIMEOUT" listening "$ns" "$flag" "sport = :$port"
}

# listening NS FLAG FILTER: ss -Hln FLAG FILTER in NS lists a socket.
listening() {
	[ -n "$(ss -N "$1" -Hln "$2" "$3")" ]
}

##############################################################################
# The vnic module

vnic_is_loaded() {
	[ -d "/sys/module/$VNIC_MOD" ]
}

# vnic_load [PARAMS...]: insmod $VNIC_KO unless vnic is already loaded. If this
# test loaded it, vnic_unload (and the exit cleanup) will remove it again.
# VNIC_TX_SHAPER=iq|stopq picks the TX shaper (module parameter tx_shaper).
vnic_load() {
	vnic_is_loaded && return 0
	if [ ! -f "$VNIC_KO" ]; then
		log_err "$VNIC_KO not built (make -C module)"
		return "$ksft_fail"
	fi
	if ! insmod "$VNIC_KO" ${VNIC_TX_SHAPER:+"tx_shaper=$VNIC_TX_SHAPER"} "$@"; then
		log_err "insmod $VNIC_KO failed"
		return "$ksft_fail"
	fi
	VNIC_LOADED_BY_US=1
}

# vnic_unload: rmmod vnic, only if this test loaded it.
vnic_unload() {
	[ "$VNIC_LOADED_BY_US" = 1 ] || return 0
	VNIC_LOADED_BY_US=0
	vnic_is_loaded || return 0
	rmmod "$VNIC_MOD"
}

# require_vnicctl: skip unless the userspace tool is built.
require_vnicctl() {
	[ -x "$VNICCTL" ] || skip "$VNICCTL not built"
}
