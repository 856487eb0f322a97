/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	uapi/specs/vnic.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_VNIC_H
#define _UAPI_LINUX_VNIC_H

#define VNIC_FAMILY_NAME	"vnic"
#define VNIC_FAMILY_VERSION	1

#define VNIC_MAX_NAME_LEN	15

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

	__VNIC_A_DEV_MAX,
	VNIC_A_DEV_MAX = (__VNIC_A_DEV_MAX - 1)
};

enum {
	VNIC_CMD_DEV_GET = 1,
	VNIC_CMD_DEV_NEW,
	VNIC_CMD_DEV_DEL,

	__VNIC_CMD_MAX,
	VNIC_CMD_MAX = (__VNIC_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_VNIC_H */
