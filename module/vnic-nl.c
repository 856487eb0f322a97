// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	uapi/specs/vnic.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "vnic-nl.h"

#include <uapi/linux/vnic.h>

/* Common nested types */
const struct nla_policy vnic_allowed_ips_nl_policy[VNIC_A_ALLOWED_IPS_PREFIX + 1] = {
	[VNIC_A_ALLOWED_IPS_PREFIX] = NLA_POLICY_NESTED(vnic_prefix_nl_policy),
};

const struct nla_policy vnic_ethertypes_nl_policy[VNIC_A_ETHERTYPES_ETHERTYPE + 1] = {
	[VNIC_A_ETHERTYPES_ETHERTYPE] = NLA_POLICY_MIN(NLA_U16, 1536),
};

const struct nla_policy vnic_prefix_nl_policy[VNIC_A_PREFIX_PLEN + 1] = {
	[VNIC_A_PREFIX_ADDR] = { .type = NLA_BINARY, },
	[VNIC_A_PREFIX_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

/* VNIC_CMD_DEV_GET - do */
static const struct nla_policy vnic_dev_get_nl_policy[VNIC_A_DEV_NAME + 1] = {
	[VNIC_A_DEV_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* VNIC_CMD_DEV_NEW - do */
static const struct nla_policy vnic_dev_new_nl_policy[VNIC_A_DEV_GROUP + 1] = {
	[VNIC_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_DEV_PARENT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_DEV_MAC] = NLA_POLICY_EXACT_LEN(6),
	[VNIC_A_DEV_MODE] = NLA_POLICY_MAX(NLA_U32, 1),
	[VNIC_A_DEV_MAC_CHANGE] = NLA_POLICY_MAX(NLA_U8, 1),
	[VNIC_A_DEV_VLAN] = NLA_POLICY_MAX(NLA_U16, 4094),
	[VNIC_A_DEV_VLAN_PRIO] = NLA_POLICY_MAX(NLA_U8, 7),
	[VNIC_A_DEV_VLAN_PASSTHROUGH] = NLA_POLICY_MAX(NLA_U8, 1),
	[VNIC_A_DEV_ETHERTYPE_RX] = NLA_POLICY_MAX(NLA_U8, 1),
	[VNIC_A_DEV_ETHERTYPES] = NLA_POLICY_NESTED(vnic_ethertypes_nl_policy),
	[VNIC_A_DEV_ALLOWED_IPS] = NLA_POLICY_NESTED(vnic_allowed_ips_nl_policy),
	[VNIC_A_DEV_TX_RATE] = { .type = NLA_UINT, },
	[VNIC_A_DEV_TX_BURST] = { .type = NLA_U32, },
	[VNIC_A_DEV_RX_RATE] = { .type = NLA_UINT, },
	[VNIC_A_DEV_RX_BURST] = { .type = NLA_U32, },
	[VNIC_A_DEV_BW_MIN] = { .type = NLA_UINT, },
	[VNIC_A_DEV_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, 1000),
	[VNIC_A_DEV_PRIORITY] = NLA_POLICY_MAX(NLA_U32, 7),
	[VNIC_A_DEV_GROUP] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* VNIC_CMD_DEV_DEL - do */
static const struct nla_policy vnic_dev_del_nl_policy[VNIC_A_DEV_NAME + 1] = {
	[VNIC_A_DEV_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* VNIC_CMD_DEV_SET - do */
static const struct nla_policy vnic_dev_set_nl_policy[VNIC_A_DEV_GROUP + 1] = {
	[VNIC_A_DEV_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_DEV_MAC] = NLA_POLICY_EXACT_LEN(6),
	[VNIC_A_DEV_MAC_CHANGE] = NLA_POLICY_MAX(NLA_U8, 1),
	[VNIC_A_DEV_VLAN] = NLA_POLICY_MAX(NLA_U16, 4094),
	[VNIC_A_DEV_VLAN_PRIO] = NLA_POLICY_MAX(NLA_U8, 7),
	[VNIC_A_DEV_VLAN_PASSTHROUGH] = NLA_POLICY_MAX(NLA_U8, 1),
	[VNIC_A_DEV_ETHERTYPE_RX] = NLA_POLICY_MAX(NLA_U8, 1),
	[VNIC_A_DEV_ETHERTYPES] = NLA_POLICY_NESTED(vnic_ethertypes_nl_policy),
	[VNIC_A_DEV_ALLOWED_IPS] = NLA_POLICY_NESTED(vnic_allowed_ips_nl_policy),
	[VNIC_A_DEV_TX_RATE] = { .type = NLA_UINT, },
	[VNIC_A_DEV_TX_BURST] = { .type = NLA_U32, },
	[VNIC_A_DEV_RX_RATE] = { .type = NLA_UINT, },
	[VNIC_A_DEV_RX_BURST] = { .type = NLA_U32, },
	[VNIC_A_DEV_BW_MIN] = { .type = NLA_UINT, },
	[VNIC_A_DEV_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, 1000),
	[VNIC_A_DEV_PRIORITY] = NLA_POLICY_MAX(NLA_U32, 7),
	[VNIC_A_DEV_GROUP] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* VNIC_CMD_STATS_GET - do */
static const struct nla_policy vnic_stats_get_nl_policy[VNIC_A_STATS_NAME + 1] = {
	[VNIC_A_STATS_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_STATS_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_STATS_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* VNIC_CMD_PARENT_GET - do */
static const struct nla_policy vnic_parent_get_nl_policy[VNIC_A_PARENT_NAME + 1] = {
	[VNIC_A_PARENT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_PARENT_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* VNIC_CMD_PARENT_SET - do */
static const struct nla_policy vnic_parent_set_nl_policy[VNIC_A_PARENT_BURST + 1] = {
	[VNIC_A_PARENT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_PARENT_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_PARENT_CAPACITY] = { .type = NLA_UINT, },
	[VNIC_A_PARENT_BURST] = { .type = NLA_U32, },
};

/* VNIC_CMD_GROUP_GET - do */
static const struct nla_policy vnic_group_get_nl_policy[VNIC_A_GROUP_PARENT_NAME + 1] = {
	[VNIC_A_GROUP_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_GROUP_PARENT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_GROUP_PARENT_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* VNIC_CMD_GROUP_NEW - do */
static const struct nla_policy vnic_group_new_nl_policy[VNIC_A_GROUP_PRIORITY + 1] = {
	[VNIC_A_GROUP_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_GROUP_PARENT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_GROUP_PARENT_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_GROUP_BW_MIN] = { .type = NLA_UINT, },
	[VNIC_A_GROUP_BW_MAX] = { .type = NLA_UINT, },
	[VNIC_A_GROUP_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, 1000),
	[VNIC_A_GROUP_PRIORITY] = NLA_POLICY_MAX(NLA_U32, 7),
};

/* VNIC_CMD_GROUP_SET - do */
static const struct nla_policy vnic_group_set_nl_policy[VNIC_A_GROUP_PRIORITY + 1] = {
	[VNIC_A_GROUP_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_GROUP_PARENT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_GROUP_PARENT_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_GROUP_BW_MIN] = { .type = NLA_UINT, },
	[VNIC_A_GROUP_BW_MAX] = { .type = NLA_UINT, },
	[VNIC_A_GROUP_WEIGHT] = NLA_POLICY_RANGE(NLA_U32, 1, 1000),
	[VNIC_A_GROUP_PRIORITY] = NLA_POLICY_MAX(NLA_U32, 7),
};

/* VNIC_CMD_GROUP_DEL - do */
static const struct nla_policy vnic_group_del_nl_policy[VNIC_A_GROUP_PARENT_NAME + 1] = {
	[VNIC_A_GROUP_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
	[VNIC_A_GROUP_PARENT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[VNIC_A_GROUP_PARENT_NAME] = { .type = NLA_NUL_STRING, .len = VNIC_MAX_NAME_LEN, },
};

/* Ops table for vnic */
static const struct genl_split_ops vnic_nl_ops[] = {
	{
		.cmd		= VNIC_CMD_DEV_GET,
		.doit		= vnic_nl_dev_get_doit,
		.policy		= vnic_dev_get_nl_policy,
		.maxattr	= VNIC_A_DEV_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VNIC_CMD_DEV_GET,
		.dumpit	= vnic_nl_dev_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VNIC_CMD_DEV_NEW,
		.doit		= vnic_nl_dev_new_doit,
		.policy		= vnic_dev_new_nl_policy,
		.maxattr	= VNIC_A_DEV_GROUP,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= VNIC_CMD_DEV_DEL,
		.doit		= vnic_nl_dev_del_doit,
		.policy		= vnic_dev_del_nl_policy,
		.maxattr	= VNIC_A_DEV_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= VNIC_CMD_DEV_SET,
		.doit		= vnic_nl_dev_set_doit,
		.policy		= vnic_dev_set_nl_policy,
		.maxattr	= VNIC_A_DEV_GROUP,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= VNIC_CMD_STATS_GET,
		.doit		= vnic_nl_stats_get_doit,
		.policy		= vnic_stats_get_nl_policy,
		.maxattr	= VNIC_A_STATS_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VNIC_CMD_STATS_GET,
		.dumpit	= vnic_nl_stats_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VNIC_CMD_PARENT_GET,
		.doit		= vnic_nl_parent_get_doit,
		.policy		= vnic_parent_get_nl_policy,
		.maxattr	= VNIC_A_PARENT_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VNIC_CMD_PARENT_GET,
		.dumpit	= vnic_nl_parent_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VNIC_CMD_PARENT_SET,
		.doit		= vnic_nl_parent_set_doit,
		.policy		= vnic_parent_set_nl_policy,
		.maxattr	= VNIC_A_PARENT_BURST,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= VNIC_CMD_GROUP_GET,
		.doit		= vnic_nl_group_get_doit,
		.policy		= vnic_group_get_nl_policy,
		.maxattr	= VNIC_A_GROUP_PARENT_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VNIC_CMD_GROUP_GET,
		.dumpit	= vnic_nl_group_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VNIC_CMD_GROUP_NEW,
		.doit		= vnic_nl_group_new_doit,
		.policy		= vnic_group_new_nl_policy,
		.maxattr	= VNIC_A_GROUP_PRIORITY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= VNIC_CMD_GROUP_SET,
		.doit		= vnic_nl_group_set_doit,
		.policy		= vnic_group_set_nl_policy,
		.maxattr	= VNIC_A_GROUP_PRIORITY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= VNIC_CMD_GROUP_DEL,
		.doit		= vnic_nl_group_del_doit,
		.policy		= vnic_group_del_nl_policy,
		.maxattr	= VNIC_A_GROUP_PARENT_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group vnic_nl_mcgrps[] = {
	[VNIC_NLGRP_MONITOR] = { "monitor", },
};

struct genl_family vnic_nl_family __ro_after_init = {
	.name		= VNIC_FAMILY_NAME,
	.version	= VNIC_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= vnic_nl_ops,
	.n_split_ops	= ARRAY_SIZE(vnic_nl_ops),
	.mcgrps		= vnic_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vnic_nl_mcgrps),
};
