// SPDX-License-Identifier: GPL-2.0
/*
 * vnic generic netlink handlers of the "parent" object (parent-get,
 * parent-set): a parent device and its share scheduler's configuration.
 * The ops and policies are generated from uapi/specs/vnic.yaml into
 * vnic-nl.c. Handlers take RTNL.
 *
 * A parent is selected by ifindex or name in the caller's network
 * namespace, so only the namespace the parent is in sees or configures it.
 * parent-set carries GENL_ADMIN_PERM (CAP_NET_ADMIN in the initial user
 * namespace) and, like dev-set, also checks CAP_NET_ADMIN over that
 * namespace.
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "sched.h"
#include "vnic.h"
#include "vnic-nl.h"

struct vnic_parent_dump_ctx {
	unsigned long ifindex;
};

static struct vnic_parent_dump_ctx *
vnic_parent_dump_ctx(struct netlink_callback *cb)
{
	NL_ASSERT_DUMP_CTX_FITS(struct vnic_parent_dump_ctx);
	return (struct vnic_parent_dump_ctx *)cb->ctx;
}

static u32 vnic_parent_vnics(const struct net_device *parent)
{
	struct vnic_port *port = vnic_port_get_rtnl(parent);

	return port ? list_count_nodes(&port->vnics) : 0;
}

/* The "parent" attributes of @parent. */
static int vnic_nl_parent_fill_attrs(struct sk_buff *skb,
				     const struct net_device *parent)
{
	struct vnic_sched_cfg cfg;
	u64 cost, period;

	vnic_sched_get(parent, &cfg);
	vnic_sched_tick_cost(parent, &cost, &period);
	if (nla_put_u32(skb, VNIC_A_PARENT_IFINDEX, parent->ifindex) ||
	    nla_put_string(skb, VNIC_A_PARENT_NAME, parent->name) ||
	    nla_put_uint(skb, VNIC_A_PARENT_CAPACITY, cfg.capacity) ||
	    nla_put_u32(skb, VNIC_A_PARENT_BURST, cfg.burst) ||
	    nla_put_u32(skb, VNIC_A_PARENT_VNICS, vnic_parent_vnics(parent)) ||
	    nla_put_uint(skb, VNIC_A_PARENT_GUARANTEED,
			 vnic_sched_guaranteed(parent)) ||
	    nla_put_uint(skb, VNIC_A_PARENT_TICK_COST, cost) ||
	    nla_put_uint(skb, VNIC_A_PARENT_TICK_PERIOD, period))
		return -EMSGSIZE;
	return 0;
}

/* The attributes of the largest "parent" message (genlmsg_new()). */
#define VNIC_NL_PARENT_MAX_SIZE						\
	(3 * nla_total_size(4) + nla_total_size(IFNAMSIZ) +		\
	 4 * nla_total_size(8))

/**
 * vnic_nl_obj_fill - one message about a parent or a group
 * @skb: the reply or dump
 * @info: the request it answers
 * @flags: NLM_F_MULTI in a dump
 * @attrs: puts @obj's attributes
 * @obj: the object
 *
 * Return: 0 or -EMSGSIZE (nothing left in @skb).
 */
int vnic_nl_obj_fill(struct sk_buff *skb, const struct genl_info *info,
		     int flags, vnic_nl_attrs_t attrs, const void *obj)
{
	void *hdr;

	hdr = __genlmsg_iput(skb, info, flags);
	if (!hdr)
		return -EMSGSIZE;
	if (attrs(skb, obj)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/**
 * vnic_nl_obj_notify - tell the "monitor" listeners of @net about an object
 * @net: the namespace the object is in
 * @cmd: the event
 * @size: the largest size of its attributes
 * @attrs: puts @obj's attributes
 * @obj: the object, as it is now
 *
 * Best effort, like the vnic events. RTNL held.
 */
void vnic_nl_obj_notify(struct net *net, u8 cmd, size_t size,
			vnic_nl_attrs_t attrs, const void *obj)
{
	struct sk_buff *skb;
	void *hdr;

	if (!vnic_nl_monitored(net))
		return;
	skb = genlmsg_new(size, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &vnic_nl_family, 0, cmd);
	if (!hdr || attrs(skb, obj)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&vnic_nl_family, net, skb, 0,
				VNIC_NLGRP_MONITOR, GFP_KERNEL);
}

static int vnic_nl_parent_attrs(struct sk_buff *skb, const void *parent)
{
	return vnic_nl_parent_fill_attrs(skb, parent);
}

static int vnic_nl_parent_fill(struct sk_buff *skb,
			       const struct net_device *parent,
			       const struct genl_info *info, int flags)
{
	return vnic_nl_obj_fill(skb, info, flags, vnic_nl_parent_attrs,
				parent);
}

/**
 * vnic_nl_parent_notify - tell the "monitor" listeners of @parent's netns
 * @parent: a parent whose capacity or burst changed, as it is now
 *
 * Best effort, like the vnic events. RTNL held.
 */
void vnic_nl_parent_notify(const struct net_device *parent)
{
	vnic_nl_obj_notify(dev_net(parent), VNIC_CMD_PARENT_SET_NTF,
			   VNIC_NL_PARENT_MAX_SIZE, vnic_nl_parent_attrs, parent);
}

/**
 * vnic_nl_parent_by - the device a request selects as a parent
 * @info: the request: by ifindex or name in the caller's netns
 * @ifindex: the attribute type of its ifindex
 * @ifname: the attribute type of its name
 * @names: "ifindex" and "name" as the request's attribute set calls them
 * @attr: the attribute that selected it
 * @name: its name (one of @names)
 *
 * Return: the device, an Ethernet device vnic_check_parent() accepts, or
 * an ERR_PTR() with the error reported. RTNL held.
 */
struct net_device *vnic_nl_parent_by(struct genl_info *info,
				     unsigned int ifindex, unsigned int ifname,
				     const char *const names[2],
				     const struct nlattr **attr,
				     const char **name)
{
	struct net *net = genl_info_net(info);
	struct nlattr **tb = info->attrs;
	struct net_device *dev;
	int err;

	if (tb[ifindex]) {
		*attr = tb[ifindex];
		*name = names[0];
		dev = __dev_get_by_index(net, nla_get_u32(*attr));
	} else if (tb[ifname]) {
		*attr = tb[ifname];
		*name = names[1];
		dev = __dev_get_by_name(net, nla_data(*attr));
	} else {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, ifname);
		NL_SET_ERR_MSG_FMT(info->extack,
				   "%s or %s: required to select the parent",
				   names[0], names[1]);
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, *attr,
					"%s: no device with this %s in this network namespace",
					*name, *name);
		return ERR_PTR(-ENODEV);
	}
	err = vnic_check_parent(dev, *attr, *name, info->extack);
	return err ? ERR_PTR(err) : dev;
}

static struct net_device *vnic_nl_parent_lookup(struct genl_info *info,
						const struct nlattr **attr,
						const char **name)
{
	static const char *const names[2] = { "ifindex", "name" };

	return vnic_nl_parent_by(info, VNIC_A_PARENT_IFINDEX,
				 VNIC_A_PARENT_NAME, names, attr, name);
}

/**
 * vnic_nl_may_admin - may the request configure objects of @net?
 * @skb: the request
 * @net: the namespace of the parent it configures
 * @attr: the attribute that selected the object, for the error
 * @name: its name
 * @extack: error reporting
 *
 * GENL_ADMIN_PERM checked CAP_NET_ADMIN in the initial user namespace;
 * this checks it over @net as well.
 *
 * Return: 0 or -EPERM.
 */
int vnic_nl_may_admin(const struct sk_buff *skb, const struct net *net,
		      const struct nlattr *attr, const char *name,
		      struct netlink_ext_ack *extack)
{
	if (netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN))
		return 0;
	NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
				"%s: CAP_NET_ADMIN over the parent's network namespace is required",
				name);
	return -EPERM;
}

int vnic_nl_parent_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *parent;
	const struct nlattr *attr;
	struct sk_buff *rsp;
	const char *name;
	int err;

	rsp = genlmsg_new(VNIC_NL_PARENT_MAX_SIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	rtnl_lock();
	parent = vnic_nl_parent_lookup(info, &attr, &name);
	if (IS_ERR(parent))
		err = PTR_ERR(parent);
	else
		err = vnic_nl_parent_fill(rsp, parent, info, 0);
	rtnl_unlock();

	if (err) {
		nlmsg_free(rsp);
		return err;
	}
	return genlmsg_reply(rsp, info);
}

/*
 * Dumps the devices of the caller's netns that have a port (a vnic or a
 * capacity), in ifindex order, resuming at the cursor.
 */
int vnic_nl_parent_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vnic_parent_dump_ctx *ctx = vnic_parent_dump_ctx(cb);
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	int err = 0;

	rtnl_lock();
	for_each_netdev_dump(net, dev, ctx->ifindex) {
		if (!vnic_port_get_rtnl(dev))
			continue;
		err = vnic_nl_parent_fill(skb, dev, genl_info_dump(cb),
					  NLM_F_MULTI);
		if (err)
			break;
	}
	rtnl_unlock();
	return err;
}

int vnic_nl_parent_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr **tb = info->attrs;
	struct vnic_sched_cfg old, cfg;
	struct net_device *parent;
	const struct nlattr *attr;
	struct sk_buff *rsp;
	const char *name;
	int err;

	/* Allocated first: once the change is made, nothing may fail. */
	rsp = genlmsg_new(VNIC_NL_PARENT_MAX_SIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	rtnl_lock();
	parent = vnic_nl_parent_lookup(info, &attr, &name);
	if (IS_ERR(parent)) {
		err = PTR_ERR(parent);
		goto unlock;
	}
	err = vnic_nl_may_admin(skb, net, attr, name, info->extack);
	if (err)
		goto unlock;

	vnic_sched_get(parent, &old);
	err = vnic_sched_build(&old, tb[VNIC_A_PARENT_CAPACITY],
			       tb[VNIC_A_PARENT_BURST], vnic_max_frame(parent),
			       &cfg, info->extack);
	if (err < 0)
		goto unlock;
	/* An event only for a change, not for the same values again. */
	if (err && (cfg.capacity != old.capacity || cfg.burst != old.burst)) {
		err = vnic_sched_check_capacity(parent, &cfg,
						tb[VNIC_A_PARENT_CAPACITY] ?: attr,
						info->extack);
		if (err)
			goto unlock;
		err = vnic_sched_set(parent, &cfg, attr, name, info->extack);
		if (err)
			goto unlock;
		vnic_nl_parent_notify(parent);
	}

	/* The change took effect: the request succeeded, even if its reply
	 * is lost (as vnic_nl_reply_done() does for dev-set).
	 */
	err = vnic_nl_parent_fill(rsp, parent, info, 0);
	rtnl_unlock();
	if (WARN_ON_ONCE(err))
		nlmsg_free(rsp);
	else
		genlmsg_reply(rsp, info);
	return 0;

unlock:
	rtnl_unlock();
	nlmsg_free(rsp);
	return err;
}
