/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnic share scheduler of a parent: its configuration and lifetime.
 *
 * A parent given a capacity (parent-set) has a struct vnic_sched on its
 * port, which is created for it when the parent has no vnic yet. The
 * scheduler holds one of the port's users (port->count), so the
 * configuration outlives the parent's last vnic and keeps the parent
 * claimed (its rx_handler): a bridge or a bond cannot take it meanwhile.
 * It goes when the capacity is set back to 0, when the parent is
 * unregistered (after its vnics), when a parent without vnics moves to
 * another netns, and at module unload.
 *
 * Locking: everything here runs under RTNL (ASSERT_RTNL()), and nothing
 * reads a scheduler outside RTNL yet. The tick that will divide the
 * capacity among the vnics (a later step) will read it under RCU: then
 * port->sched becomes __rcu and a new configuration a new object.
 */
#ifndef _VNIC_SCHED_H
#define _VNIC_SCHED_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "sched_alloc.h"

struct net_device;
struct netlink_ext_ack;
struct nlattr;
struct vnic_dev;
struct vnic_port;
struct vnic_share_cfg;

/* The largest capacity, bits per second (the allocator's bytes * 8). */
#define VNIC_SCHED_MAX_CAPACITY	(VNIC_ALLOC_MAX_RATE * 8)

/**
 * struct vnic_sched_cfg - a parent's scheduler configuration
 * @capacity: bits per second of wire bytes for all its vnics; 0 for none
 * @burst: depth of the parent's bucket, bytes
 */
struct vnic_sched_cfg {
	u64 capacity;
	u32 burst;
};

/**
 * struct vnic_sched - the share scheduler of a parent (port->sched)
 * @port: its port, of which it is one user (port->count)
 * @cfg: its configuration; capacity > 0 (RTNL)
 * @node: in the module's list of schedulers (RTNL), for module unload
 * @rcu: freed after a grace period
 */
struct vnic_sched {
	struct vnic_port *port;
	struct vnic_sched_cfg cfg;
	struct list_head node;
	struct rcu_head rcu;
};

int vnic_sched_build(const struct vnic_sched_cfg *old,
		     const struct nlattr *capacity, const struct nlattr *burst,
		     u32 frame, struct vnic_sched_cfg *cfg,
		     struct netlink_ext_ack *extack);
int vnic_sched_set(struct net_device *parent, const struct vnic_sched_cfg *cfg,
		   const struct nlattr *attr, const char *name,
		   struct netlink_ext_ack *extack);
void vnic_sched_get(const struct net_device *parent,
		    struct vnic_sched_cfg *cfg);
void vnic_sched_release(struct vnic_port *port);
int vnic_sched_check_capacity(const struct net_device *parent,
			      const struct vnic_sched_cfg *cfg,
			      const struct nlattr *attr,
			      struct netlink_ext_ack *extack);
u64 vnic_sched_min_sum(const struct vnic_port *port,
		       const struct vnic_dev *skip);
int vnic_sched_check_min(struct net_device *parent,
			 const struct vnic_dev *vnic,
			 const struct vnic_share_cfg *cfg, struct nlattr **tb,
			 struct netlink_ext_ack *extack);
void vnic_sched_destroy_all(void);

/* sched_nl.c */
void vnic_nl_parent_notify(const struct net_device *parent);

#endif /* _VNIC_SCHED_H */
