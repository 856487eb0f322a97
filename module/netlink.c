// SPDX-License-Identifier: GPL-2.0
/*
 * vnic generic netlink handlers; the ops and policies are generated from
 * uapi/specs/vnic.yaml into vnic-nl.c. Handlers take RTNL.
 *
 * Visibility: a caller sees the vnics in its own netns and the vnics whose
 * parent is in its netns. Configuration is accepted only from the netns of
 * the vnic's parent (and the ops carry GENL_ADMIN_PERM), so root inside the
 * namespace a vnic was moved to cannot change it.
 *
 * Names: from the parent's netns a vnic moved out is selected by its host
 * name, the name it had there, never by a name its tenant gave it.
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "sched.h"
#include "vnic.h"
#include "vnic-nl.h"

struct vnic_dump_ctx {
	unsigned long next_id;
};

static struct vnic_dump_ctx *vnic_dump_ctx(struct netlink_callback *cb)
{
	NL_ASSERT_DUMP_CTX_FITS(struct vnic_dump_ctx);
	return (struct vnic_dump_ctx *)cb->ctx;
}

static bool vnic_visible(const struct vnic_dev *vnic, const struct net *net)
{
	return net_eq(dev_net(vnic->dev), net) ||
	       net_eq(dev_net(vnic->parent), net);
}

/* The "dev" attributes of @vnic as seen from @net. */
static int vnic_nl_fill_dev(struct sk_buff *skb, struct vnic_dev *vnic,
			    struct net *net)
{
	struct net *vnet = dev_net(vnic->dev);
	struct net *pnet = dev_net(vnic->parent);

	if (nla_put_u32(skb, VNIC_A_DEV_ID, vnic->id) ||
	    nla_put_u32(skb, VNIC_A_DEV_IFINDEX, vnic->dev->ifindex) ||
	    nla_put_string(skb, VNIC_A_DEV_NAME, vnic->dev->name) ||
	    nla_put_u32(skb, VNIC_A_DEV_PARENT_IFINDEX,
			vnic->parent->ifindex) ||
	    nla_put_string(skb, VNIC_A_DEV_PARENT_NAME, vnic->parent->name) ||
	    nla_put(skb, VNIC_A_DEV_MAC, ETH_ALEN, vnic->dev->dev_addr) ||
	    nla_put_u32(skb, VNIC_A_DEV_MODE, vnic->mode))
		goto nla_put_failure;

	if (vnic_policy_fill(skb, rtnl_dereference(vnic->framing)) ||
	    vnic_share_fill(skb, &vnic->share.cfg))
		goto nla_put_failure;
	/* The parent's scheduler, its groups and the others' load are the
	 * host's, not the tenant's to see.
	 */
	if (net_eq(pnet, net) && vnic_sched_fill(skb, vnic))
		goto nla_put_failure;

	if (!net_eq(vnet, net) &&
	    nla_put_s32(skb, VNIC_A_DEV_NETNSID,
			peernet2id_alloc(net, vnet, GFP_KERNEL)))
		goto nla_put_failure;
	if (!net_eq(pnet, net) &&
	    nla_put_s32(skb, VNIC_A_DEV_PARENT_NETNSID,
			peernet2id_alloc(net, pnet, GFP_KERNEL)))
		goto nla_put_failure;
	return 0;

nla_put_failure:
	return -EMSGSIZE;
}

/*
 * The largest "dev" message vnic_nl_fill() can build: every attribute of
 * vnic_nl_fill_dev(), vnic_policy_fill() and vnic_share_fill() at its
 * limit. Replies are allocated at NLMSG_GOODSIZE before a change is made
 * (vnic_nl_reply_done()); this keeps them from ever being too small.
 */
#define VNIC_NL_PREFIX_SIZE \
	(nla_total_size(0) + nla_total_size(16) + nla_total_size(1))
#define VNIC_NL_DEV_MAX_SIZE						\
	(GENL_HDRLEN +							\
	 4 * nla_total_size(4) +		/* id, ifindexes, mode */	\
	 2 * nla_total_size(IFNAMSIZ) +	/* names */			\
	 nla_total_size(ETH_ALEN) +					\
	 4 * nla_total_size(1) + nla_total_size(2) + /* framing */	\
	 nla_total_size(0) + VNIC_MAX_ETHERTYPES * nla_total_size(2) +	\
	 nla_total_size(0) + VNIC_MAX_PREFIXES * VNIC_NL_PREFIX_SIZE +	\
	 5 * nla_total_size(8) + 4 * nla_total_size(4) + /* share */	\
	 nla_total_size(IFNAMSIZ) +		/* group */		\
	 2 * nla_total_size(4))			/* netnsids */

static int vnic_nl_fill(struct sk_buff *skb, struct vnic_dev *vnic,
			struct net *net, const struct genl_info *info,
			int flags)
{
	void *hdr;

	hdr = __genlmsg_iput(skb, info, flags);
	if (!hdr)
		return -EMSGSIZE;
	if (vnic_nl_fill_dev(skb, vnic, net)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Notifications are sent only while the family is registered (RTNL). */
static bool vnic_nl_live;

void vnic_nl_set_live(bool live)
{
	ASSERT_RTNL();
	vnic_nl_live = live;
}

/**
 * vnic_nl_monitored - would a "monitor" event in @net reach anyone?
 * @net: the namespace whose listeners would get it
 *
 * Not while the family is unregistered, nor in a netns being dismantled
 * (no listener is left to tell). RTNL held.
 */
bool vnic_nl_monitored(struct net *net)
{
	ASSERT_RTNL();
	return vnic_nl_live && check_net(net) &&
	       genl_has_listeners(&vnic_nl_family, net, VNIC_NLGRP_MONITOR);
}

/* Tells the "monitor" listeners of @net about @vnic, as seen from @net. */
static void vnic_nl_notify_net(struct vnic_dev *vnic, struct net *net, u8 cmd)
{
	struct sk_buff *skb;
	void *hdr;

	if (!vnic_nl_monitored(net))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &vnic_nl_family, 0, cmd);
	if (!hdr || vnic_nl_fill_dev(skb, vnic, net)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&vnic_nl_family, net, skb, 0,
				VNIC_NLGRP_MONITOR, GFP_KERNEL);
}

/**
 * vnic_nl_notify - send a "monitor" event about @vnic
 * @vnic: the vnic, still linked (id, parent valid)
 * @cmd: VNIC_CMD_*_NTF
 *
 * To the listeners of the vnic's netns and of its parent's, each with the
 * netns ids of its own view (as a dump there would show it). Best effort:
 * an event that cannot be allocated is not sent. RTNL held.
 */
void vnic_nl_notify(struct vnic_dev *vnic, u8 cmd)
{
	struct net *vnet = dev_net(vnic->dev);
	struct net *pnet = dev_net(vnic->parent);

	ASSERT_RTNL();
	if (!vnic_nl_live)
		return;
	vnic_nl_notify_net(vnic, pnet, cmd);
	if (!net_eq(vnet, pnet))
		vnic_nl_notify_net(vnic, vnet, cmd);
}

/*
 * The vnic that @attr names, as seen from @net: a vnic of that name in
 * @net, or a vnic whose parent is in @net, that lives in another netns and
 * whose host name (its name in the parent's netns, which its tenant cannot
 * change) is that name. Several matches: -ENOTUNIQ. RTNL held.
 */
static struct vnic_dev *vnic_nl_lookup_name(struct net *net,
					    const struct nlattr *attr,
					    struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);
	struct vnic_dev *vnic, *found = NULL;
	struct net_device *dev;
	unsigned long id = 0;
	bool other = false;

	ASSERT_RTNL();
	dev = __dev_get_by_name(net, name);
	if (dev && netif_is_vnic(dev))
		found = netdev_priv(dev);
	else if (dev)
		other = true;

	while ((vnic = vnic_next(&id))) {
		id++;
		if (net_eq(dev_net(vnic->dev), net) ||
		    !net_eq(dev_net(vnic->parent), net) ||
		    strcmp(vnic->host_name, name))
			continue;
		if (found) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "name: several vnics have this name, select by id");
			return ERR_PTR(-ENOTUNIQ);
		}
		found = vnic;
	}
	if (found)
		return found;
	if (other) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "name: device is not a vnic");
		return ERR_PTR(-EINVAL);
	}
	NL_SET_ERR_MSG_ATTR(extack, attr, "name: no vnic with this name");
	return ERR_PTR(-ENODEV);
}

/* Finds the vnic a request selects by id, ifindex or name; RTNL held. */
static struct vnic_dev *vnic_nl_lookup(struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr **tb = info->attrs;
	struct net_device *dev;
	struct vnic_dev *vnic;

	if (tb[VNIC_A_DEV_ID]) {
		vnic = vnic_by_id(nla_get_u32(tb[VNIC_A_DEV_ID]));
		if (!vnic || !vnic_visible(vnic, net)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VNIC_A_DEV_ID],
					    "id: no vnic with this id");
			return ERR_PTR(-ENODEV);
		}
		return vnic;
	}

	if (tb[VNIC_A_DEV_IFINDEX]) {
		dev = __dev_get_by_index(net,
					 nla_get_u32(tb[VNIC_A_DEV_IFINDEX]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VNIC_A_DEV_IFINDEX],
					    "ifindex: no device with this ifindex");
			return ERR_PTR(-ENODEV);
		}
		if (!netif_is_vnic(dev)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VNIC_A_DEV_IFINDEX],
					    "ifindex: device is not a vnic");
			return ERR_PTR(-EINVAL);
		}
		return netdev_priv(dev);
	}

	if (!tb[VNIC_A_DEV_NAME]) {
		/* Any of the three would do; name is the usual one. */
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, VNIC_A_DEV_NAME);
		NL_SET_ERR_MSG(info->extack,
			       "id, ifindex or name: required to select the vnic");
		return ERR_PTR(-EINVAL);
	}

	return vnic_nl_lookup_name(net, tb[VNIC_A_DEV_NAME], info->extack);
}

/* The attribute that selected the vnic (see vnic_nl_lookup()). */
static const struct nlattr *vnic_nl_sel(const struct genl_info *info,
					const char **name)
{
	static const char *const names[] = {
		[VNIC_A_DEV_ID] = "id",
		[VNIC_A_DEV_IFINDEX] = "ifindex",
		[VNIC_A_DEV_NAME] = "name",
	};
	static const int sel[] = {
		VNIC_A_DEV_ID, VNIC_A_DEV_IFINDEX, VNIC_A_DEV_NAME,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(sel); i++) {
		if (info->attrs[sel[i]]) {
			*name = names[sel[i]];
			return info->attrs[sel[i]];
		}
	}
	*name = "id, ifindex or name";
	return NULL;
}

/* Configuration is only accepted from the parent's netns. */
static int vnic_nl_check_admin(const struct vnic_dev *vnic,
			       struct sk_buff *skb, struct genl_info *info)
{
	struct net *pnet = dev_net(vnic->parent);
	const struct nlattr *attr;
	const char *name;

	attr = vnic_nl_sel(info, &name);
	if (!net_eq(pnet, genl_info_net(info))) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, attr,
					"%s: vnic is managed only from its parent's network namespace",
					name);
		return -EPERM;
	}
	if (!netlink_ns_capable(skb, pnet->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, attr,
					"%s: CAP_NET_ADMIN over the parent's network namespace is required",
					name);
		return -EPERM;
	}
	return 0;
}

/* The vnic a configuration request selects, if the caller may manage it. */
static struct vnic_dev *vnic_nl_lookup_admin(struct sk_buff *skb,
					     struct genl_info *info)
{
	struct vnic_dev *vnic = vnic_nl_lookup(info);
	int err;

	if (IS_ERR(vnic))
		return vnic;
	err = vnic_nl_check_admin(vnic, skb, info);
	return err ? ERR_PTR(err) : vnic;
}

static int vnic_nl_reply(struct vnic_dev *vnic, struct genl_info *info)
{
	struct sk_buff *rsp;
	int err;

	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	err = vnic_nl_fill(rsp, vnic, genl_info_net(info), info, 0);
	if (err) {
		nlmsg_free(rsp);
		return err;
	}
	return genlmsg_reply(rsp, info);
}

/*
 * Sends @rsp, allocated before the request changed anything, as the reply
 * of a request that changed @vnic (dev-new, dev-set): once the change is
 * made nothing can fail, so a request that took effect never answers an
 * error (its caller would retry a creation that happened, or undo a change
 * that did). A vnic fits in NLMSG_GOODSIZE (VNIC_NL_DEV_MAX_SIZE). A reply
 * the caller's full socket buffer cannot take is lost like any message
 * (ENOBUFS on that socket); the request still succeeded. Consumes @rsp.
 */
static void vnic_nl_reply_done(struct sk_buff *rsp, struct vnic_dev *vnic,
			       struct genl_info *info)
{
	int err;

	BUILD_BUG_ON(NLMSG_GOODSIZE - NLMSG_HDRLEN < VNIC_NL_DEV_MAX_SIZE);
	err = vnic_nl_fill(rsp, vnic, genl_info_net(info), info, 0);
	if (WARN_ON_ONCE(err)) {
		nlmsg_free(rsp);
		return;
	}
	genlmsg_reply(rsp, info);
}

int vnic_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vnic_dev *vnic;
	int err;

	rtnl_lock();
	vnic = vnic_nl_lookup(info);
	if (IS_ERR(vnic))
		err = PTR_ERR(vnic);
	else
		err = vnic_nl_reply(vnic, info);
	rtnl_unlock();
	return err;
}

typedef int (*vnic_nl_fill_t)(struct sk_buff *skb, struct vnic_dev *vnic,
			      struct net *net, const struct genl_info *info,
			      int flags);

/*
 * Dumps the vnics visible from the caller's netns, resuming at the cursor
 * (an id: it only moves up, and a vnic keeps its id for life, so each vnic
 * that lives through the dump is reported exactly once). A dump spread over several messages
 * during which vnics were created or deleted is flagged NLM_F_DUMP_INTR:
 * it may hold a vnic twice (deleted and re-created under another id) or
 * miss a new one, a list that never existed at any one time.
 */
static int vnic_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
			vnic_nl_fill_t fill)
{
	struct vnic_dump_ctx *ctx = vnic_dump_ctx(cb);
	struct net *net = sock_net(skb->sk);
	struct vnic_dev *vnic;
	int err = 0;

	rtnl_lock();
	cb->seq = vnic_ids_generation();
	while ((vnic = vnic_next(&ctx->next_id))) {
		if (vnic_visible(vnic, net)) {
			err = fill(skb, vnic, net, genl_info_dump(cb),
				   NLM_F_MULTI);
			if (err)
				break;
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		}
		ctx->next_id++;
	}
	rtnl_unlock();
	return err;
}

int vnic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vnic_nl_dump(skb, cb, vnic_nl_fill);
}

int vnic_nl_dev_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr **tb = info->attrs;
	struct vnic_create_args args = { .net = net };
	struct vnic_share_cfg share = { .weight = VNIC_WEIGHT_DEFAULT };
	struct vnic_dev *vnic;
	struct sk_buff *rsp;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VNIC_A_DEV_PARENT_IFINDEX)) {
		NL_SET_ERR_MSG(info->extack,
			       "parent-ifindex: required to create a vnic");
		return -EINVAL;
	}

	if (tb[VNIC_A_DEV_NAME]) {
		args.name = nla_data(tb[VNIC_A_DEV_NAME]);
		if (!dev_valid_name(args.name)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VNIC_A_DEV_NAME],
					    "name: invalid interface name");
			return -EINVAL;
		}
	}
	if (tb[VNIC_A_DEV_MAC])
		args.mac = nla_data(tb[VNIC_A_DEV_MAC]);
	args.mac_attr = tb[VNIC_A_DEV_MAC];
	args.parent_attr = tb[VNIC_A_DEV_PARENT_IFINDEX];
	if (tb[VNIC_A_DEV_MODE])
		args.mode = nla_get_u32(tb[VNIC_A_DEV_MODE]);

	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;
	args.framing = vnic_policy_build(NULL, tb, info->extack);
	if (IS_ERR(args.framing)) {
		nlmsg_free(rsp);
		return PTR_ERR(args.framing);
	}

	rtnl_lock();
	args.parent = __dev_get_by_index(net,
					 nla_get_u32(tb[VNIC_A_DEV_PARENT_IFINDEX]));
	if (!args.parent) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VNIC_A_DEV_PARENT_IFINDEX],
				    "parent-ifindex: parent device not found in this network namespace");
		err = -ENODEV;
		goto err_free;
	}
	if (args.name && __dev_get_by_name(net, args.name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VNIC_A_DEV_NAME],
				    "name: a device with this name already exists");
		err = -EEXIST;
		goto err_free;
	}

	err = vnic_share_build(&share, tb, vnic_max_frame(args.parent), &share,
			       info->extack);
	if (err < 0)
		goto err_free;
	err = vnic_sched_check_vnic(args.parent, NULL, &share, tb, info->extack);
	if (err)
		goto err_free;

	args.share = &share;
	vnic = vnic_create(&args, info->extack);
	if (IS_ERR(vnic)) {
		err = PTR_ERR(vnic);
		/* Failures deeper in the stack (register_netdevice(), the
		 * upper link) are about stacking a vnic on this parent.
		 */
		if (!info->extack->_msg)
			NL_SET_ERR_MSG_ATTR_FMT(info->extack,
						tb[VNIC_A_DEV_PARENT_IFINDEX],
						"parent-ifindex: cannot create a vnic on %s",
						args.parent->name);
		else if (!info->extack->bad_attr)
			NL_SET_BAD_ATTR(info->extack,
					tb[VNIC_A_DEV_PARENT_IFINDEX]);
		goto unlock;
	}
	vnic_nl_reply_done(rsp, vnic, info);
	rtnl_unlock();
	return 0;

err_free:
	kfree(args.framing);
unlock:
	rtnl_unlock();
	nlmsg_free(rsp);
	return err;
}

int vnic_nl_dev_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vnic_dev *vnic;
	LIST_HEAD(kill);
	int err = 0;

	rtnl_lock();
	vnic = vnic_nl_lookup_admin(skb, info);
	if (IS_ERR(vnic)) {
		err = PTR_ERR(vnic);
		goto unlock;
	}

	vnic_dellink(vnic->dev, &kill);
	unregister_netdevice_many(&kill);
unlock:
	rtnl_unlock();
	return err;
}

int vnic_nl_dev_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct vnic_framing *framing = NULL;
	struct vnic_share_cfg share;
	const struct vnic_group *was;
	struct vnic_dev *vnic;
	const u8 *mac = NULL;
	struct sk_buff *rsp;
	int err, share_set;

	if (tb[VNIC_A_DEV_MAC])
		mac = nla_data(tb[VNIC_A_DEV_MAC]);

	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	rtnl_lock();
	vnic = vnic_nl_lookup_admin(skb, info);
	if (IS_ERR(vnic)) {
		err = PTR_ERR(vnic);
		goto unlock;
	}

	share_set = vnic_share_build(&vnic->share.cfg, tb,
				     vnic_max_frame(vnic->parent), &share,
				     info->extack);
	if (share_set < 0) {
		err = share_set;
		goto unlock;
	}
	if (share_set) {
		err = vnic_sched_check_vnic(vnic->parent, vnic, &share, tb,
					    info->extack);
		if (err)
			goto unlock;
	}
	framing = rtnl_dereference(vnic->framing);
	framing = vnic_policy_build(framing, tb, info->extack);
	if (IS_ERR(framing)) {
		err = PTR_ERR(framing);
		goto unlock;
	}
	err = vnic_change(vnic, mac, tb[VNIC_A_DEV_MAC], framing,
			  info->extack);
	if (err)
		goto unlock;
	was = vnic->share.cfg.group;
	if (share_set)
		vnic_share_apply(vnic, &share);
	vnic_nl_notify(vnic, VNIC_CMD_DEV_SET_NTF);
	vnic_nl_group_moved(was, vnic->share.cfg.group);
	vnic_nl_reply_done(rsp, vnic, info);
	rtnl_unlock();
	return 0;

unlock:
	rtnl_unlock();
	nlmsg_free(rsp);
	return err;
}

static int vnic_nl_stats_fill(struct sk_buff *skb, struct vnic_dev *vnic,
			      struct net *net, const struct genl_info *info,
			      int flags)
{
	struct vnic_stats vs;
	void *hdr;
	int i;

	hdr = __genlmsg_iput(skb, info, flags);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u32(skb, VNIC_A_STATS_ID, vnic->id) ||
	    nla_put_u32(skb, VNIC_A_STATS_IFINDEX, vnic->dev->ifindex) ||
	    nla_put_string(skb, VNIC_A_STATS_NAME, vnic->dev->name))
		goto nla_put_failure;

	vnic_read_stats(vnic, &vs);
	for (i = 0; i < VNIC_N_COUNTERS; i++)
		if (vnic_counter_shown(&vnic_counters[i], vnic, net) &&
		    nla_put_uint(skb, vnic_counters[i].attr,
				 vnic_counter_val(&vs, &vnic_counters[i])))
			goto nla_put_failure;

	genlmsg_end(skb, hdr);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int vnic_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vnic_dev *vnic;
	struct sk_buff *rsp;
	int err;

	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	rtnl_lock();
	vnic = vnic_nl_lookup(info);
	if (IS_ERR(vnic))
		err = PTR_ERR(vnic);
	else
		err = vnic_nl_stats_fill(rsp, vnic, genl_info_net(info), info, 0);
	rtnl_unlock();

	if (err) {
		nlmsg_free(rsp);
		return err;
	}
	return genlmsg_reply(rsp, info);
}

int vnic_nl_stats_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vnic_nl_dump(skb, cb, vnic_nl_stats_fill);
}
