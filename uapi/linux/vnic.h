/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	uapi/specs/vnic.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_VNIC_H
#define _UAPI_LINUX_VNIC_H

#define VNIC_FAMILY_NAME	"vnic"
#define VNIC_FAMILY_VERSION	1

#define VNIC_MAX_NAME_LEN	15
#define VNIC_MAX_PREFIXES	64
#define VNIC_MAX_ETHERTYPES	16

/**
 * enum vnic_mode - How vnics of one parent see each other.
 * @VNIC_MODE_PRIVATE: Vnics of the parent never exchange frames, not even via
 *   a hairpinning switch on the wire.
 * @VNIC_MODE_BRIDGE: Frames between vnics of the parent are delivered locally.
 */
enum vnic_mode {
	VNIC_MODE_PRIVATE,
	VNIC_MODE_BRIDGE,
};

/**
 * enum vnic_ifla - Attributes of a vnic's IFLA_INFO_DATA in rtnetlink ("ip
 *   link add link PARENT type vnic"). Only the mode can be given, at creation;
 *   policy and share are set over this family (vnicctl), and a changelink
 *   carrying IFLA_INFO_DATA is refused. A link dump carries no IFLA_INFO_DATA
 *   for a vnic (generic decoders such as YNL's rt_link know the data of
 *   in-tree kinds only): dev-get reads the mode.
 * @VNIC_IFLA_MODE: u32, enum vnic_mode; private when absent.
 */
enum vnic_ifla {
	VNIC_IFLA_UNSPEC,
	VNIC_IFLA_MODE,

	/* private: */
	__VNIC_IFLA_MAX,
	VNIC_IFLA_MAX = (__VNIC_IFLA_MAX - 1)
};

enum {
	VNIC_A_DEV_ID = 1,
	VNIC_A_DEV_IFINDEX,
	VNIC_A_DEV_NAME,
	VNIC_A_DEV_PARENT_IFINDEX,
	VNIC_A_DEV_MAC,
	VNIC_A_DEV_MODE,
	VNIC_A_DEV_NETNSID,
	VNIC_A_DEV_PARENT_NETNSID,
	VNIC_A_DEV_PARENT_NAME,
	VNIC_A_DEV_MAC_CHANGE,
	VNIC_A_DEV_VLAN,
	VNIC_A_DEV_VLAN_PRIO,
	VNIC_A_DEV_VLAN_PASSTHROUGH,
	VNIC_A_DEV_ETHERTYPE_RX,
	VNIC_A_DEV_ETHERTYPES,
	VNIC_A_DEV_ALLOWED_IPS,
	VNIC_A_DEV_TX_RATE,
	VNIC_A_DEV_TX_BURST,
	VNIC_A_DEV_RX_RATE,
	VNIC_A_DEV_RX_BURST,
	VNIC_A_DEV_BW_MIN,
	VNIC_A_DEV_WEIGHT,
	VNIC_A_DEV_PRIORITY,

	__VNIC_A_DEV_MAX,
	VNIC_A_DEV_MAX = (__VNIC_A_DEV_MAX - 1)
};

enum {
	VNIC_A_ETHERTYPES_ETHERTYPE = 1,

	__VNIC_A_ETHERTYPES_MAX,
	VNIC_A_ETHERTYPES_MAX = (__VNIC_A_ETHERTYPES_MAX - 1)
};

enum {
	VNIC_A_ALLOWED_IPS_PREFIX = 1,

	__VNIC_A_ALLOWED_IPS_MAX,
	VNIC_A_ALLOWED_IPS_MAX = (__VNIC_A_ALLOWED_IPS_MAX - 1)
};

enum {
	VNIC_A_PREFIX_ADDR = 1,
	VNIC_A_PREFIX_PLEN,

	__VNIC_A_PREFIX_MAX,
	VNIC_A_PREFIX_MAX = (__VNIC_A_PREFIX_MAX - 1)
};

enum {
	VNIC_A_PARENT_IFINDEX = 1,
	VNIC_A_PARENT_NAME,
	VNIC_A_PARENT_CAPACITY,
	VNIC_A_PARENT_BURST,
	VNIC_A_PARENT_VNICS,

	__VNIC_A_PARENT_MAX,
	VNIC_A_PARENT_MAX = (__VNIC_A_PARENT_MAX - 1)
};

enum {
	VNIC_A_STATS_ID = 1,
	VNIC_A_STATS_IFINDEX,
	VNIC_A_STATS_NAME,
	VNIC_A_STATS_TX_SPOOF_MAC,
	VNIC_A_STATS_TX_SPOOF_IP,
	VNIC_A_STATS_TX_SPOOF_ARP,
	VNIC_A_STATS_TX_SPOOF_ND,
	VNIC_A_STATS_TX_VLAN,
	VNIC_A_STATS_TX_ETHERTYPE,
	VNIC_A_STATS_TX_MTU,
	VNIC_A_STATS_TX_RUNT,
	VNIC_A_STATS_RX_VLAN,
	VNIC_A_STATS_RX_ETHERTYPE,
	VNIC_A_STATS_RX_LOOP,
	VNIC_A_STATS_RX_RATE,
	VNIC_A_STATS_TX_THROTTLED,
	VNIC_A_STATS_TX_SHAPED_BYTES,
	VNIC_A_STATS_RX_MTU,
	VNIC_A_STATS_TX_OFFLOAD,
	VNIC_A_STATS_TX_RATE,

	__VNIC_A_STATS_MAX,
	VNIC_A_STATS_MAX = (__VNIC_A_STATS_MAX - 1)
};

enum {
	VNIC_CMD_DEV_GET = 1,
	VNIC_CMD_DEV_NEW,
	VNIC_CMD_DEV_DEL,
	VNIC_CMD_DEV_SET,
	VNIC_CMD_STATS_GET,
	VNIC_CMD_DEV_NEW_NTF,
	VNIC_CMD_DEV_DEL_NTF,
	VNIC_CMD_DEV_SET_NTF,
	VNIC_CMD_PARENT_GONE_NTF,
	VNIC_CMD_PARENT_GET,
	VNIC_CMD_PARENT_SET,
	VNIC_CMD_PARENT_SET_NTF,

	__VNIC_CMD_MAX,
	VNIC_CMD_MAX = (__VNIC_CMD_MAX - 1)
};

#define VNIC_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_VNIC_H */
