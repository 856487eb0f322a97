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
