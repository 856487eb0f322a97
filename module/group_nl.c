// SPDX-License-Identifier: GPL-2.0
/*
 * vnic generic netlink handlers of the "group" object (group-get, -new,
 * -set, -del): the share groups of the parents of the caller's network
 * namespace (sched_group.c). Handlers take RTNL.
 *
 * A group is selected by its name, unique among the groups of one
 * namespace's parents; only that namespace sees or configures it. The
 * changing requests carry GENL_ADMIN_PERM and, like parent-set, also
 * check CAP_NET_ADMIN over that namespace.
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "sched.h"
#include "vnic.h"
#include "vnic-nl.h"

/* The attributes of the largest "group" message (genlmsg_new()). */
#define VNIC_NL_GROUP_MAX_SIZE						\
	(2 * nla_total_size(IFNAMSIZ) + 4 * nla_total_size(4) +		\
	 2 * nla_total_size(8))

static int vnic_nl_group_attrs(struct sk_buff *skb, const void *obj)
{
	const struct vnic_group *g = obj;
	const struct net_device *parent = g->sched->port->dev;

	if (nla_put_string(skb, VNIC_A_GROUP_NAME, g->name) ||
	    nla_put_u32(skb, VNIC_A_GROUP_PARENT_IFINDEX, parent->ifindex) ||
	    nla_put_string(skb, VNIC_A_GROUP_PARENT_NAME, parent->name) ||
	    nla_put_uint(skb, VNIC_A_GROUP_BW_MIN, g->cfg.bw_min) ||
	    nla_put_uint(skb, VNIC_A_GROUP_BW_MAX, g->cfg.bw_max) ||
	    nla_put_u32(skb, VNIC_A_GROUP_WEIGHT, g->cfg.weight) ||
	    nla_put_u32(skb, VNIC_A_GROUP_PRIORITY, g->cfg.priority) ||
	    nla_put_u32(skb, VNIC_A_GROUP_VNICS, vnic_group_vnics(g)))
		return -EMSGSIZE;
	return 0;
}

static int vnic_nl_group_fill(struct sk_buff *skb, const struct vnic_group *g,
			      const struct genl_info *info, int flags)
{
	return vnic_nl_obj_fill(skb, info, flags, vnic_nl_group_attrs, g);
}

/**
 * vnic_nl_group_notify - tell the "monitor" listeners of @g's netns
 * @g: the group, as it is now (before it is freed, for a deletion)
 * @cmd: VNIC_CMD_GROUP_NEW_NTF, _SET_NTF or _DEL_NTF
 *
 * Best effort, like the vnic events. RTNL held.
 */
void vnic_nl_group_notify(const struct vnic_group *g, u8 cmd)
{
	vnic_nl_obj_notify(dev_net(g->sched->port->dev), cmd,
			   VNIC_NL_GROUP_MAX_SIZE, vnic_nl_group_attrs, g);
}

/**
 * vnic_nl_group_moved - a vnic left group @from and/or joined group @to
 * @from: its group before (NULL: none)
 * @to: its group now (NULL: none; a deleted vnic is in none)
 *
 * Each group's vnics changed: its netns's monitor gets a group-set event
 * with the new count. RTNL held.
 */
void vnic_nl_group_moved(const struct vnic_group *from,
			 const struct vnic_group *to)
{
	ASSERT_RTNL();
	if (from == to)
		return;
	if (from)
		vnic_nl_group_notify(from, VNIC_CMD_GROUP_SET_NTF);
	if (to)
		vnic_nl_group_notify(to, VNIC_CMD_GROUP_SET_NTF);
}

/**
 * vnic_nl_groups_notify - tell @sched's netns about each of its groups
 * @sched: a parent's scheduler
 * @cmd: VNIC_CMD_GROUP_DEL_NTF as the parent leaves a netns (or its
 *	groups go), VNIC_CMD_GROUP_NEW_NTF as it arrives in one with them
 *
 * RTNL held.
 */
void vnic_nl_groups_notify(const struct vnic_sched *sched, u8 cmd)
{
	const struct vnic_group *g;

	ASSERT_RTNL();
	if (list_empty(&sched->groups))
		return;
	/* The netns's list changes, as for a group added or deleted. */
	vnic_groups_changed();
	list_for_each_entry(g, &sched->groups, node)
		vnic_nl_group_notify(g, cmd);
}

static const char *const vnic_nl_group_parent[2] = {
	"parent-ifindex", "parent-name"
};

/*
 * The group a request names, in the caller's netns: by name, and by its
 * parent too if the request gives one. RTNL held.
 */
static struct vnic_group *vnic_nl_group_lookup(struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[VNIC_A_GROUP_NAME];
	struct net_device *parent;
	const struct nlattr *pattr;
	struct vnic_sched *sched;
	struct vnic_group *g;
	const char *pname;

	if (!attr) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VNIC_A_GROUP_NAME);
		NL_SET_ERR_MSG(info->extack, "name: required to select the group");
		return ERR_PTR(-EINVAL);
	}
	if (info->attrs[VNIC_A_GROUP_PARENT_IFINDEX] ||
	    info->attrs[VNIC_A_GROUP_PARENT_NAME]) {
		parent = vnic_nl_parent_by(info, VNIC_A_GROUP_PARENT_IFINDEX,
					   VNIC_A_GROUP_PARENT_NAME,
					   vnic_nl_group_parent, &pattr,
					   &pname);
		if (IS_ERR(parent))
			return ERR_CAST(parent);
		sched = vnic_sched_rtnl(vnic_port_get_rtnl(parent));
		g = sched ? vnic_group_of(sched, nla_data(attr)) : NULL;
	} else {
		g = vnic_group_find(genl_info_net(info), nla_data(attr));
		if (IS_ERR(g)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "name: several parents have a group of this name; give the parent");
			return g;
		}
	}
	if (!g) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "name: no group with this name in this network namespace");
		return ERR_PTR(-ENOENT);
	}
	return g;
}

/* Answers @info with @g (a reply that cannot be built is not an error:
 * the change took effect, as for dev-set).
 */
static void vnic_nl_group_reply(struct sk_buff *rsp, const struct vnic_group *g,
				struct genl_info *info)
{
	if (WARN_ON_ONCE(vnic_nl_group_fill(rsp, g, info, 0)))
		nlmsg_free(rsp);
	else
		genlmsg_reply(rsp, info);
}

int vnic_nl_group_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vnic_group *g;
	struct sk_buff *rsp;
	int err;

	rsp = genlmsg_new(VNIC_NL_GROUP_MAX_SIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;
	rtnl_lock();
	g = vnic_nl_group_lookup(info);
	err = IS_ERR(g) ? PTR_ERR(g) : vnic_nl_group_fill(rsp, g, info, 0);
	rtnl_unlock();
	if (err) {
		nlmsg_free(rsp);
		return err;
	}
	return genlmsg_reply(rsp, info);
}

struct vnic_group_dump_ctx {
	unsigned long done;
};

/* The groups of the caller's netns, resuming after the ones sent. */
int vnic_nl_group_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vnic_group_dump_ctx *ctx = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct vnic_sched *sched;
	struct vnic_group *g;
	unsigned long i = 0;
	int err = 0;

	NL_ASSERT_DUMP_CTX_FITS(struct vnic_group_dump_ctx);
	rtnl_lock();
	/* Resumed by position: a group added or deleted between two parts
	 * marks the dump interrupted (NLM_F_DUMP_INTR).
	 */
	cb->seq = vnic_groups_generation();
	list_for_each_entry(sched, &vnic_sched_list, node) {
		if (!net_eq(dev_net(sched->port->dev), net))
			continue;
		list_for_each_entry(g, &sched->groups, node) {
			if (i++ < ctx->done)
				continue;
			err = vnic_nl_group_fill(skb, g, genl_info_dump(cb),
						 NLM_F_MULTI);
			if (err)
				goto out;
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
			ctx->done++;
		}
	}
out:
	rtnl_unlock();
	return err;
}

int vnic_nl_group_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vnic_group_cfg cfg, def = { .weight = VNIC_WEIGHT_DEFAULT };
	const struct nlattr *nattr = info->attrs[VNIC_A_GROUP_NAME];
	struct net *net = genl_info_net(info);
	struct nlattr **tb = info->attrs;
	struct net_device *parent;
	struct vnic_sched *sched;
	const struct nlattr *attr;
	struct vnic_group *g;
	struct sk_buff *rsp;
	const char *name;
	int err;

	if (!nattr || !*(const char *)nla_data(nattr)) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VNIC_A_GROUP_NAME);
		NL_SET_ERR_MSG(info->extack, "name: required, not empty");
		return -EINVAL;
	}
	rsp = genlmsg_new(VNIC_NL_GROUP_MAX_SIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	rtnl_lock();
	parent = vnic_nl_parent_by(info, VNIC_A_GROUP_PARENT_IFINDEX,
				   VNIC_A_GROUP_PARENT_NAME, vnic_nl_group_parent,
				   &attr, &name);
	if (IS_ERR(parent)) {
		err = PTR_ERR(parent);
		goto unlock;
	}
	err = vnic_nl_may_admin(skb, net, attr, name, info->extack);
	if (err)
		goto unlock;
	sched = vnic_sched_rtnl(vnic_port_get_rtnl(parent));
	if (!sched) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, attr,
					"%s: %s has no capacity (vnicctl parent set)",
					name, parent->name);
		err = -EINVAL;
		goto unlock;
	}
	/* Several (ERR_PTR(-ENOTUNIQ)) exist too. */
	if (vnic_group_find(net, nla_data(nattr))) {
		NL_SET_ERR_MSG_ATTR(info->extack, nattr,
				    "name: a group with this name exists in this network namespace");
		err = -EEXIST;
		goto unlock;
	}
	err = vnic_group_build(&def, tb, &cfg, info->extack) ?:
	      vnic_group_check(sched, NULL, &cfg, tb, info->extack);
	if (err)
		goto unlock;
	g = vnic_group_add(sched, nla_data(nattr), &cfg);
	if (IS_ERR(g)) {
		err = PTR_ERR(g);
		if (err == -ENOSPC)
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, attr,
						"%s: %s has %u groups, the most",
						name, parent->name,
						VNIC_SCHED_MAX_GROUPS);
		goto unlock;
	}
	vnic_nl_group_notify(g, VNIC_CMD_GROUP_NEW_NTF);
	vnic_nl_group_reply(rsp, g, info);
	rtnl_unlock();
	return 0;

unlock:
	rtnl_unlock();
	nlmsg_free(rsp);
	return err;
}

int vnic_nl_group_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct vnic_group_cfg cfg;
	struct vnic_group *g;
	struct sk_buff *rsp;
	int err;

	rsp = genlmsg_new(VNIC_NL_GROUP_MAX_SIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	rtnl_lock();
	g = vnic_nl_group_lookup(info);
	if (IS_ERR(g)) {
		err = PTR_ERR(g);
		goto unlock;
	}
	err = vnic_nl_may_admin(skb, genl_info_net(info),
				tb[VNIC_A_GROUP_NAME], "name", info->extack) ?:
	      vnic_group_build(&g->cfg, tb, &cfg, info->extack) ?:
	      vnic_group_check(g->sched, g, &cfg, tb, info->extack);
	if (err)
		goto unlock;
	/* An event only for a change, not for the same values again. */
	if (memcmp(&cfg, &g->cfg, sizeof(cfg))) {
		vnic_group_set(g, &cfg);
		vnic_nl_group_notify(g, VNIC_CMD_GROUP_SET_NTF);
	}
	vnic_nl_group_reply(rsp, g, info);
	rtnl_unlock();
	return 0;

unlock:
	rtnl_unlock();
	nlmsg_free(rsp);
	return err;
}

int vnic_nl_group_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vnic_group *g;
	u32 n;
	int err;

	rtnl_lock();
	g = vnic_nl_group_lookup(info);
	if (IS_ERR(g)) {
		err = PTR_ERR(g);
		goto unlock;
	}
	err = vnic_nl_may_admin(skb, genl_info_net(info),
				info->attrs[VNIC_A_GROUP_NAME], "name",
				info->extack);
	if (err)
		goto unlock;
	n = vnic_group_vnics(g);
	if (n) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack,
					info->attrs[VNIC_A_GROUP_NAME],
					"name: group %s still has %u vnics; move them out first",
					g->name, n);
		err = -EBUSY;
		goto unlock;
	}
	vnic_nl_group_notify(g, VNIC_CMD_GROUP_DEL_NTF);
	vnic_group_del(g);
unlock:
	rtnl_unlock();
	return err;
}
