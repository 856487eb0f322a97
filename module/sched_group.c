// SPDX-License-Identifier: GPL-2.0
/*
 * vnic share groups: one level of the share scheduler under a parent
 * (struct vnic_group, sched.h). A group is one child of its parent's
 * allocation, with its own guarantee, ceiling, weight and priority, and
 * its share is split among its vnics by the same rules (sched_alloc.h).
 *
 * Validation keeps two sums within their limits (vnic_sched_fit()): the
 * guarantees the capacity holds (each ungrouped vnic's bw-min, and each
 * group's: its own, or its vnics' summed when it has none), and a group's
 * vnics' within the group's own. A group with vnics cannot be deleted; a parent with groups
 * cannot lose its capacity. RTNL throughout; the tick reads the groups
 * under RCU (sched.c).
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "sched.h"
#include "vnic.h"

/* Generation of the groups of all parents, for a group dump, which resumes
 * by position: bumped when a group comes or goes, in any netns, or moves
 * with its parent. RTNL.
 */
static unsigned int vnic_groups_gen = 1;

/* The groups of some netns changed (vnic_groups_generation()). RTNL held. */
void vnic_groups_changed(void)
{
	ASSERT_RTNL();
	vnic_groups_gen = vnic_groups_gen + 1 ?: 1;
}

/* For nl_dump_check_consistent(); RTNL held. */
unsigned int vnic_groups_generation(void)
{
	ASSERT_RTNL();
	return vnic_groups_gen;
}

/**
 * vnic_group_find - the group named @name on a parent in @net
 * @net: the namespace of the parents to look at
 * @name: the group's name
 *
 * Names are unique among the groups created in one namespace, but a
 * parent moved in with its vnics brings its groups along.
 *
 * Return: the group, NULL if there is none, ERR_PTR(-ENOTUNIQ) if several
 * parents have one of that name. RTNL held.
 */
struct vnic_group *vnic_group_find(const struct net *net, const char *name)
{
	struct vnic_group *g, *found = NULL;
	struct vnic_sched *sched;

	ASSERT_RTNL();
	list_for_each_entry(sched, &vnic_sched_list, node) {
		if (!net_eq(dev_net(sched->port->dev), net))
			continue;
		g = vnic_group_of(sched, name);
		if (g && found)
			return ERR_PTR(-ENOTUNIQ);
		found = g ?: found;
	}
	return found;
}

/* The group named @name of @sched, or NULL. RTNL held. */
struct vnic_group *vnic_group_of(const struct vnic_sched *sched,
				 const char *name)
{
	struct vnic_group *g;

	ASSERT_RTNL();
	list_for_each_entry(g, &sched->groups, node)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

/* How many vnics @g has. RTNL held. */
u32 vnic_group_vnics(const struct vnic_group *g)
{
	const struct vnic_dev *v;
	u32 n = 0;

	ASSERT_RTNL();
	list_for_each_entry(v, &g->sched->port->vnics, list)
		n += v->share.cfg.group == g;
	return n;
}

static int vnic_group_rate(u64 *rate, const struct nlattr *attr,
			   const char *name, struct netlink_ext_ack *extack)
{
	if (!attr)
		return 0;
	*rate = nla_get_uint(attr);
	if (*rate && *rate < 8) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"%s: must be 0 (none) or at least 8 bit/s",
					name);
		return -ERANGE;
	}
	if (*rate > VNIC_SCHED_MAX_CAPACITY) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "%s: above %llu bit/s",
					name, (u64)VNIC_SCHED_MAX_CAPACITY);
		return -ERANGE;
	}
	return 0;
}

/**
 * vnic_group_build - a group's configuration changed by a request
 * @old: its current one (the defaults for a new group)
 * @tb: the request's attributes (set "group")
 * @cfg: the result
 * @extack: error reporting
 *
 * Checks what needs no other object: the rates' range and bw-min within
 * bw-max.
 *
 * Return: 0 or -errno.
 */
int vnic_group_build(const struct vnic_group_cfg *old, struct nlattr **tb,
		     struct vnic_group_cfg *cfg, struct netlink_ext_ack *extack)
{
	int err;

	*cfg = *old;
	err = vnic_group_rate(&cfg->bw_min, tb[VNIC_A_GROUP_BW_MIN], "bw-min",
			      extack) ?:
	      vnic_group_rate(&cfg->bw_max, tb[VNIC_A_GROUP_BW_MAX], "bw-max",
			      extack);
	if (err)
		return err;
	/* The genetlink policy checked the ranges. */
	if (tb[VNIC_A_GROUP_WEIGHT])
		cfg->weight = nla_get_u32(tb[VNIC_A_GROUP_WEIGHT]);
	if (tb[VNIC_A_GROUP_PRIORITY])
		cfg->priority = nla_get_u32(tb[VNIC_A_GROUP_PRIORITY]);
	if (cfg->bw_max && cfg->bw_min > cfg->bw_max) {
		if (tb[VNIC_A_GROUP_BW_MIN])
			NL_SET_ERR_MSG_ATTR_FMT(extack, tb[VNIC_A_GROUP_BW_MIN],
						"bw-min: above the group's bw-max (%llu bit/s)",
						cfg->bw_max);
		else
			NL_SET_ERR_MSG_ATTR_FMT(extack, tb[VNIC_A_GROUP_BW_MAX],
						"bw-max: below the group's bw-min (%llu bit/s)",
						cfg->bw_min);
		return -EINVAL;
	}
	return 0;
}

/**
 * vnic_group_check - may a group of @sched have @cfg?
 * @sched: the scheduler of its parent
 * @g: the group a request changes, or NULL for a new one
 * @cfg: its configuration as the request would leave it
 * @tb: the request's attributes, for the error
 * @extack: error reporting
 *
 * Its guarantee (its own, or its vnics' when it has none) fits in the
 * parent's capacity with the others, and its vnics' guarantees fit in its
 * own.
 *
 * Return: 0 or -ERANGE.
 */
int vnic_group_check(struct vnic_sched *sched, const struct vnic_group *g,
		     const struct vnic_group_cfg *cfg, struct nlattr **tb,
		     struct netlink_ext_ack *extack)
{
	const struct nlattr *attr = tb[VNIC_A_GROUP_BW_MIN];
	struct vnic_sched_fit fit;

	ASSERT_RTNL();
	vnic_sched_fit(sched->port, NULL, NULL, g, cfg, &fit);
	if (fit.over) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, fit.over_max ?
					tb[VNIC_A_GROUP_BW_MAX] : attr,
					"%s: below its vnics' guarantees, %llu bit/s",
					fit.over_max ? "bw-max" : "bw-min",
					fit.over_sum);
		return -ERANGE;
	}
	if (fit.total > sched->cfg.capacity) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"bw-min: guarantees total %llu bit/s, over capacity %llu bit/s",
					fit.total, sched->cfg.capacity);
		return -ERANGE;
	}
	return 0;
}

/* The fields of @g's configuration that the tick reads. */
static void vnic_group_set_cfg(struct vnic_group *g,
			       const struct vnic_group_cfg *cfg)
{
	g->cfg = *cfg;
	WRITE_ONCE(g->tick_min, cfg->bw_min);
	WRITE_ONCE(g->tick_ceil, cfg->bw_max);
	WRITE_ONCE(g->tick_weight, cfg->weight);
	WRITE_ONCE(g->tick_prio, cfg->priority);
}

/**
 * vnic_group_add - create a group on @sched's parent
 * @sched: the scheduler
 * @name: its name, checked unique in the parent's netns by the caller
 * @cfg: its configuration, checked (vnic_group_check())
 *
 * Return: the group, or an ERR_PTR(): -ENOSPC (VNIC_SCHED_MAX_GROUPS),
 * -ENOMEM.
 */
struct vnic_group *vnic_group_add(struct vnic_sched *sched, const char *name,
				  const struct vnic_group_cfg *cfg)
{
	struct vnic_group *g;
	int err;

	ASSERT_RTNL();
	if (sched->ngroups >= VNIC_SCHED_MAX_GROUPS)
		return ERR_PTR(-ENOSPC);
	err = vnic_sched_ws_fit(sched, list_count_nodes(&sched->port->vnics),
				sched->ngroups + 1);
	if (err)
		return ERR_PTR(err);
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return ERR_PTR(-ENOMEM);
	g->sched = sched;
	strscpy(g->name, name, sizeof(g->name));
	g->tick_pos = U32_MAX;
	vnic_group_set_cfg(g, cfg);
	list_add_tail_rcu(&g->node, &sched->groups);
	sched->ngroups++;
	vnic_groups_changed();
	return g;
}

/**
 * vnic_group_set - apply a configuration vnic_group_check() accepted
 * @g: the group
 * @cfg: its configuration
 *
 * Its vnics' buckets follow the new ceiling at once; the tick hands out
 * the rest.
 */
void vnic_group_set(struct vnic_group *g, const struct vnic_group_cfg *cfg)
{
	ASSERT_RTNL();
	vnic_group_set_cfg(g, cfg);
	vnic_sched_resched_all(g->sched->port);
}

/**
 * vnic_group_del - delete a group without vnics
 * @g: the group; freed after a grace period (a tick may still read it)
 */
void vnic_group_del(struct vnic_group *g)
{
	ASSERT_RTNL();
	if (WARN_ON_ONCE(vnic_group_vnics(g)))
		return;
	list_del_rcu(&g->node);
	g->sched->ngroups--;
	vnic_groups_changed();
	kfree_rcu(g, rcu);
}

/**
 * vnic_group_put_all - free every group of @sched
 * @sched: a scheduler being destroyed: no tick runs, none of its vnics
 *	is in a group
 */
void vnic_group_put_all(struct vnic_sched *sched)
{
	struct vnic_group *g, *tmp;

	ASSERT_RTNL();
	if (list_empty(&sched->groups))
		return;
	list_for_each_entry_safe(g, tmp, &sched->groups, node) {
		list_del(&g->node);
		kfree(g);
	}
	sched->ngroups = 0;
	vnic_groups_changed();
}
