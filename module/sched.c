// SPDX-License-Identifier: GPL-2.0
/*
 * vnic share scheduler of a parent: configuration and lifetime; see
 * sched.h. RTNL throughout.
 */
#include <kunit/visibility.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "sched.h"
#include "vnic.h"

/* Every scheduler, for module unload (RTNL). */
static LIST_HEAD(vnic_sched_list);

/**
 * vnic_sched_build - a parent's new configuration from a parent-set request
 * @old: its current one (zeroes if it has none)
 * @capacity: the request's capacity attribute, or NULL
 * @burst: the request's burst attribute, or NULL
 * @frame: the largest frame a vnic on the parent can send, wire bytes
 * @cfg: the result; only written on success
 * @extack: error reporting
 *
 * A capacity without a burst gets the default burst (10 ms at the
 * capacity, at least one frame); capacity 0 has no burst.
 *
 * Return: 1 if the request changes the configuration's attributes, 0 if
 * it has none of them, or -errno (nothing written).
 */
int vnic_sched_build(const struct vnic_sched_cfg *old,
		     const struct nlattr *capacity, const struct nlattr *burst,
		     u32 frame, struct vnic_sched_cfg *cfg,
		     struct netlink_ext_ack *extack)
{
	struct vnic_sched_cfg new = *old;

	if (!capacity && !burst)
		return 0;

	if (capacity) {
		new.capacity = nla_get_uint(capacity);
		if (new.capacity && new.capacity < 8) {
			NL_SET_ERR_MSG_ATTR(extack, capacity,
					    "capacity: must be 0 (none) or at least 8 bit/s");
			return -ERANGE;
		}
		if (new.capacity > VNIC_SCHED_MAX_CAPACITY) {
			NL_SET_ERR_MSG_ATTR_FMT(extack, capacity,
						"capacity: above the largest, %llu bit/s (8.8 Tbit/s)",
						VNIC_SCHED_MAX_CAPACITY);
			return -ERANGE;
		}
		if (!burst)
			new.burst = vnic_share_default_burst(new.capacity,
							     frame);
	}
	if (!new.capacity) {
		if (burst) {
			NL_SET_ERR_MSG_ATTR(extack, burst,
					    "burst: the parent has no capacity (set one with it)");
			return -EINVAL;
		}
		new.burst = 0;
	} else if (burst) {
		new.burst = nla_get_u32(burst);
		if (new.burst < frame) {
			NL_SET_ERR_MSG_ATTR_FMT(extack, burst,
						"burst: must hold a full-size frame (at least %u bytes)",
						frame);
			return -EINVAL;
		}
	}
	*cfg = new;
	return 1;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_sched_build);

/* The parent's configuration: zeroes if it has no scheduler. */
void vnic_sched_get(const struct net_device *parent, struct vnic_sched_cfg *cfg)
{
	struct vnic_port *port = vnic_port_get_rtnl(parent);

	if (port && port->sched)
		*cfg = port->sched->cfg;
	else
		memset(cfg, 0, sizeof(*cfg));
}

/**
 * vnic_sched_destroy - drop @port's scheduler
 * @port: a port with a scheduler
 *
 * Frees @port too if it has no vnic left.
 */
static void vnic_sched_destroy(struct vnic_port *port)
{
	struct vnic_sched *sched = port->sched;

	ASSERT_RTNL();
	port->sched = NULL;
	list_del(&sched->node);
	kfree_rcu(sched, rcu);
	vnic_port_put(port);
}

/**
 * vnic_sched_min_sum - the guarantees (bw-min) of a port's vnics
 * @port: the port, or NULL (none)
 * @skip: a vnic not to count (the one a request changes), or NULL
 *
 * Return: their sum in bits per second, saturated at U64_MAX.
 */
u64 vnic_sched_min_sum(const struct vnic_port *port,
		       const struct vnic_dev *skip)
{
	const struct vnic_dev *v;
	u64 sum = 0;

	ASSERT_RTNL();
	if (!port)
		return 0;
	list_for_each_entry(v, &port->vnics, list)
		if (v != skip && check_add_overflow(sum, v->share.cfg.bw_min,
						    &sum))
			return U64_MAX;
	return sum;
}

/**
 * vnic_sched_check_min - may a vnic of @parent have @cfg's guarantee?
 * @parent: the vnic's parent
 * @vnic: the vnic a request changes, or NULL for a new one
 * @cfg: its share as the request would leave it
 * @tb: the request's attributes (set "dev"): the error names the one
 *	that made the guarantee impossible
 * @extack: error reporting
 *
 * The guarantee needs the parent's capacity, fits under the vnic's
 * ceiling (tx-rate, when set), and the guarantees of all the parent's
 * vnics together fit in its capacity. (Each message fits in an extack's
 * 80 bytes with a 15-character name and 13-digit rates.)
 */
int vnic_sched_check_min(struct net_device *parent,
			 const struct vnic_dev *vnic,
			 const struct vnic_share_cfg *cfg, struct nlattr **tb,
			 struct netlink_ext_ack *extack)
{
	const struct nlattr *min_attr = tb[VNIC_A_DEV_BW_MIN];
	struct vnic_sched_cfg sc;
	u64 sum;

	ASSERT_RTNL();
	if (!cfg->bw_min)
		return 0;
	if (cfg->tx_rate && cfg->bw_min > cfg->tx_rate) {
		if (min_attr)
			NL_SET_ERR_MSG_ATTR_FMT(extack, min_attr,
						"bw-min: above the vnic's ceiling tx-rate (%llu bit/s)",
						cfg->tx_rate);
		else
			NL_SET_ERR_MSG_ATTR_FMT(extack, tb[VNIC_A_DEV_TX_RATE],
						"tx-rate: below the vnic's bw-min (%llu bit/s)",
						cfg->bw_min);
		return -EINVAL;
	}
	vnic_sched_get(parent, &sc);
	if (!sc.capacity) {
		/* Only a request with bw-min gets here: a capacity with
		 * guarantees under it cannot go back to 0.
		 */
		NL_SET_ERR_MSG_ATTR_FMT(extack, min_attr,
					"bw-min: parent %s has no capacity (vnicctl parent set)",
					parent->name);
		return -EINVAL;
	}
	sum = vnic_sched_min_sum(vnic_port_get_rtnl(parent), vnic);
	if (check_add_overflow(sum, cfg->bw_min, &sum) || sum > sc.capacity) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, min_attr,
					"bw-min: guarantees total %llu bit/s, over capacity %llu bit/s",
					sum, sc.capacity);
		return -ERANGE;
	}
	return 0;
}

/**
 * vnic_sched_check_capacity - may @parent's capacity become @cfg's?
 * @parent: the parent
 * @cfg: its scheduler configuration as the request would leave it
 * @attr: the request's capacity attribute, for the error
 * @extack: error reporting
 *
 * The guarantees of its vnics must still fit, and a capacity with
 * guarantees under it cannot be removed.
 */
int vnic_sched_check_capacity(const struct net_device *parent,
			      const struct vnic_sched_cfg *cfg,
			      const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	u64 sum = vnic_sched_min_sum(vnic_port_get_rtnl(parent), NULL);

	if (sum && !cfg->capacity) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"capacity: %s still has guarantees (bw-min); remove them first",
					parent->name);
		return -EBUSY;
	}
	if (sum > cfg->capacity) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"capacity: below the guarantees under %s, %llu bit/s",
					parent->name, sum);
		return -ERANGE;
	}
	return 0;
}

/**
 * vnic_sched_set - apply a configuration vnic_sched_build() made
 * @parent: the parent, accepted by vnic_check_parent()
 * @cfg: the configuration; capacity 0 drops the scheduler
 * @attr: the request attribute that selected @parent, for error reporting
 * @name: that attribute's name
 * @extack: error reporting
 *
 * The first capacity claims @parent (a port without vnics), the last one
 * set back to 0 releases it if it has no vnic. All or nothing.
 *
 * Return: 0 or -errno (-EBUSY: another upper device has the parent;
 * -ENOMEM).
 */
int vnic_sched_set(struct net_device *parent, const struct vnic_sched_cfg *cfg,
		   const struct nlattr *attr, const char *name,
		   struct netlink_ext_ack *extack)
{
	struct vnic_port *port = vnic_port_get_rtnl(parent);
	struct vnic_sched *sched;

	ASSERT_RTNL();
	if (!cfg->capacity) {
		if (port && port->sched)
			vnic_sched_destroy(port);
		return 0;
	}
	if (port && port->sched) {
		port->sched->cfg = *cfg;
		return 0;
	}

	sched = kzalloc(sizeof(*sched), GFP_KERNEL);
	if (!sched)
		return -ENOMEM;
	if (!port) {
		port = vnic_port_create(parent, attr, name, extack);
		if (IS_ERR(port)) {
			kfree(sched);
			return PTR_ERR(port);
		}
	}
	sched->port = port;
	sched->cfg = *cfg;
	list_add(&sched->node, &vnic_sched_list);
	port->sched = sched;
	port->count++;
	return 0;
}

/**
 * vnic_sched_release - the parent of @port leaves its netns without vnics
 * @port: its port: a scheduler and no vnic (any the parent had are deleted
 *	already, the scheduler keeping @port alive)
 *
 * The parent is being unregistered, or moved to another netns: the
 * capacity is the configuration of the namespace that set it, and a claim
 * the new one could not see nor (without CAP_NET_ADMIN in the initial user
 * namespace) clear would keep bridges and bonds off the device there. The
 * old namespace's monitor is told (capacity 0). Drops the scheduler, which
 * frees @port.
 */
void vnic_sched_release(struct vnic_port *port)
{
	struct net_device *parent = port->dev;

	ASSERT_RTNL();
	WARN_ON_ONCE(!list_empty(&port->vnics));
	if (WARN_ON_ONCE(!port->sched))
		return;
	vnic_sched_destroy(port);
	vnic_nl_parent_notify(parent);
}

/* Module unload, after every vnic is gone: release the claimed parents. */
void vnic_sched_destroy_all(void)
{
	struct vnic_sched *sched, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(sched, tmp, &vnic_sched_list, node)
		vnic_sched_destroy(sched->port);
}
