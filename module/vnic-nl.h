/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	uapi/specs/vnic.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_VNIC_GEN_H
#define _LINUX_VNIC_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/vnic.h>

/* Common nested types */
extern const struct nla_policy vnic_allowed_ips_nl_policy[VNIC_A_ALLOWED_IPS_PREFIX + 1];
extern const struct nla_policy vnic_ethertypes_nl_policy[VNIC_A_ETHERTYPES_ETHERTYPE + 1];
extern const struct nla_policy vnic_prefix_nl_policy[VNIC_A_PREFIX_PLEN + 1];

int vnic_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vnic_nl_dev_new_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_dev_del_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_stats_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vnic_nl_parent_get_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_parent_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vnic_nl_parent_set_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_group_get_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_group_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int vnic_nl_group_new_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_group_set_doit(struct sk_buff *skb, struct genl_info *info);
int vnic_nl_group_del_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	VNIC_NLGRP_MONITOR,
};

extern struct genl_family vnic_nl_family;

#endif /* _LINUX_VNIC_GEN_H */
