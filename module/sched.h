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
 * While some vnic of the parent sends, a tick (a soft hrtimer, every
 * VNIC_SCHED_PERIOD_NS) measures each vnic's demand and turns the
 * capacity into a rate per vnic (vnic_alloc(), sched_alloc.h), which its
 * bucket then runs at (iq.c). An idle vnic's bucket runs at its
 * reservation, its guarantee, so one that wakes has it from its first
 * frame. The tick stops after VNIC_SCHED_IDLE_TICKS ticks in which no
 * vnic sent (every bucket is then at its reservation), and the next frame
 * starts it (vnic_sched_active(), vnic_sched_kick()).
 *
 * Locking: configuration runs under RTNL (ASSERT_RTNL()). port->sched is
 * RCU: the fast path's kick reads it under RCU, and a scheduler is freed
 * after a grace period and after its tick is cancelled. The tick reads
 * the port's vnic list under RCU and the configuration with READ_ONCE()
 * (RTNL writes with WRITE_ONCE(); a torn read lasts one tick), and writes
 * the vnics' bucket rates under each vnic's TX lock, one at a time.
 */
#ifndef _VNIC_SCHED_H
#define _VNIC_SCHED_H

#include <linux/hrtimer.h>
#include <linux/if.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "sched_alloc.h"

struct net_device;
struct netlink_ext_ack;
struct nlattr;
struct vnic_dev;
struct vnic_iq_rate;
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

/* The most share groups on one parent. */
#define VNIC_SCHED_MAX_GROUPS	1024

/**
 * struct vnic_group_cfg - a share group's configuration
 * @bw_min: guarantee of its vnics together, bits/s; 0 for the sum of
 *	theirs. Their guarantees fit in it, and it counts in the parent's
 *	capacity in their place
 * @bw_max: ceiling of its vnics together, bits/s; 0 for none
 * @weight: its share of the spare at the parent's level, 1..1000
 * @priority: its priority at the parent's level, 0..7
 */
struct vnic_group_cfg {
	u64 bw_min;
	u64 bw_max;
	u32 weight;
	u32 priority;
};

/**
 * struct vnic_group - a share group of a parent's vnics (sched_group.c)
 * @node: in its scheduler's @groups (RTNL writes, the tick reads under
 *	RCU)
 * @sched: its scheduler
 * @name: unique among the groups of one netns' parents (RTNL)
 * @cfg: its configuration (RTNL)
 * @tick_min, @tick_ceil, @tick_weight, @tick_prio: @cfg as the tick reads
 *	it (RTNL writes with WRITE_ONCE())
 * @tick_pos: its index in the tick's arrays this tick (tick-private);
 *	U32_MAX before the tick first saw it: a member counts as ungrouped
 *	for that tick
 * @tick_auto: it has no guarantee of its own, the tick sums its vnics'
 *	(tick-private)
 * @vsum: its vnics' guarantees, as vnic_sched_fit() counts them (RTNL)
 * @rcu: freed after a grace period (a tick may still read it)
 *
 * A vnic's share->cfg.group points at its group (RTNL), and its
 * share->sched.tick_group too (RCU, for the tick): a group with vnics
 * cannot be deleted, and a scheduler with groups cannot lose its
 * capacity, so a group outlives its members' pointers.
 */
struct vnic_group {
	struct list_head node;
	struct vnic_sched *sched;
	char name[IFNAMSIZ];
	struct vnic_group_cfg cfg;
	u64 tick_min;
	u64 tick_ceil;
	u32 tick_weight;
	u32 tick_prio;
	u32 tick_pos;
	bool tick_auto;
	u64 vsum;
	struct rcu_head rcu;
};

/* The tick's period (longer while a tick costs more than 5 % of it, up to
 * the max), and how many ticks without a frame stop it.
 */
#define VNIC_SCHED_PERIOD_NS	NSEC_PER_MSEC
#define VNIC_SCHED_MAX_PERIOD_NS	(20 * NSEC_PER_MSEC)
#define VNIC_SCHED_IDLE_TICKS	16
/* Ticks a vnic stays backlogged after frames waited, and active after it
 * sent.
 */
#define VNIC_SCHED_HOT_TICKS	4
/* The time a vnic's measured rate (est) averages over. */
#define VNIC_SCHED_EST_NS	(8 * NSEC_PER_MSEC)
#define VNIC_SCHED_WARM_TICKS	8

/* Bits of vnic_sched.flags. */
enum {
	VNIC_SCHED_TICKING,	/* the tick is armed or running */
};

/**
 * struct vnic_sched_ws - the tick's arrays, for up to @cap vnics and
 *	@gcap groups
 * @cap: how many vnics they hold
 * @gcap: how many groups
 * @in: what the allocator is told of each vnic
 * @out: what it allocates to each
 * @vnic: whose entry each is
 * @grp: what the allocator is told of each group
 * @aws: the allocator's scratch
 * @rcu: replaced under RTNL when the port outgrows it, freed after a
 *	grace period (the tick uses it under RCU)
 */
struct vnic_sched_ws {
	u32 cap;
	u32 gcap;
	struct vnic_alloc_in *in;
	u64 *out;
	struct vnic_dev **vnic;
	struct vnic_alloc_grp *grp;
	struct vnic_alloc_ws aws;
	struct rcu_head rcu;
};

/**
 * struct vnic_sched - the share scheduler of a parent (port->sched)
 * @port: its port, of which it is one user (port->count)
 * @cfg: its configuration; capacity > 0 (RTNL)
 * @tick_capacity: @cfg's capacity, bits/s, @tick_burst: its burst, as the
 *	tick reads them (RTNL writes with WRITE_ONCE())
 * @ws: the tick's arrays (RTNL replaces, the tick uses under RCU)
 * @tick: the allocation tick (soft, relative): only while @flags has
 *	VNIC_SCHED_TICKING
 * @flags: VNIC_SCHED_TICKING (atomic bitops)
 * @last: when the tick last ran, ns; 0 once it stopped (tick-private)
 * @period: the tick's period, ns, @cost: what a tick takes, ns, averaged
 *	over about 8 (the tick writes with WRITE_ONCE(), parent-get reads)
 * @idle: ticks in a row with no frame waiting (tick-private)
 * @node: in the module's list of schedulers (RTNL): module unload, and
 *	the groups of a netns
 * @groups: its share groups (RTNL writes, RCU reads: the tick)
 * @ngroups: how many (RTNL)
 *
 * Freed once no kick can see it (synchronize_net()) and its tick is
 * cancelled (vnic_sched_destroy()).
 */
struct vnic_sched {
	struct vnic_port *port;
	struct vnic_sched_cfg cfg;
	u64 tick_capacity;
	u32 tick_burst;
	struct vnic_sched_ws __rcu *ws;
	struct hrtimer tick;
	unsigned long flags;
	u64 last;
	u64 period;
	u64 cost;
	u32 idle;
	struct list_head node;
	struct list_head groups;
	u32 ngroups;
};

/**
 * struct vnic_sched_vnic - what the tick keeps of one vnic
 * @seen_sent: the vnic's sent bytes at the last tick (tick-private)
 * @seen_waited: its waited frames at the last tick (tick-private)
 * @hot: ticks it still counts as backlogged (tick-private): TCP's short
 *	gaps do not make its share flap
 * @warm: ticks it still counts as active after its last frame
 *	(tick-private): an active vnic's bucket runs at its allocation,
 *	an idle one's at its reservation
 * @tick_min: its guarantee, @tick_ceil: its ceiling (tx-rate), bits/s,
 *	0 for none; @tick_weight, @tick_prio: its weight and priority. The
 *	configuration as the tick reads it (RTNL writes with WRITE_ONCE())
 * @tick_group: its group (RTNL writes, the tick reads under RCU), NULL
 *	for none
 * @est: its sending rate, bytes/s, averaged over VNIC_SCHED_EST_NS (the
 *	tick writes with WRITE_ONCE(), dev-get reads): one tick's bytes of a
 *	paced sender are mostly zero or a burst
 * @unused: what it left unused of its guarantee in the last tick, bytes
 *	(tick-private)
 * @lent: bytes of its guarantee it left unused while others sent beyond
 *	theirs and beyond the capacity no guarantee holds, @borrowed: bytes
 *	it sent beyond its guarantee; counters (the
 *	tick writes with WRITE_ONCE(), stats read; kept across schedulers)
 */
struct vnic_sched_vnic {
	u64 tick_min;
	u64 tick_ceil;
	u32 tick_weight;
	u32 tick_prio;
	struct vnic_group __rcu *tick_group;
	u64 est;
	u64 unused;
	u64 lent;
	u64 borrowed;
	unsigned long seen_sent;
	unsigned long seen_waited;
	u8 hot;
	u8 warm;
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
/**
 * struct vnic_sched_fit - the guarantees under a parent (vnic_sched_fit())
 * @total: what its capacity must hold
 * @over: a group whose vnics' guarantees exceed its own, or NULL
 * @over_sum: that group's vnics' guarantees
 * @over_limit: what they exceed: its bw-min, or its bw-max when it has no
 *	bw-min (@over_max)
 * @over_max: see @over_limit
 */
struct vnic_sched_fit {
	u64 total;
	const struct vnic_group *over;
	u64 over_sum;
	u64 over_limit;
	bool over_max;
};

void vnic_sched_fit(const struct vnic_port *port, const struct vnic_dev *vnic,
		    const struct vnic_share_cfg *vcfg,
		    const struct vnic_group *group,
		    const struct vnic_group_cfg *gcfg, struct vnic_sched_fit *fit);
int vnic_sched_check_vnic(struct net_device *parent,
			  const struct vnic_dev *vnic,
			  struct vnic_share_cfg *cfg, struct nlattr **tb,
			  struct netlink_ext_ack *extack);
void vnic_sched_destroy_all(void);
void vnic_sched_rate(const struct vnic_dev *vnic, struct vnic_iq_rate *r);
void vnic_sched_active(struct vnic_dev *vnic);
void vnic_sched_kick(struct vnic_dev *vnic);
void vnic_sched_changed(struct vnic_dev *vnic);
int vnic_sched_fill(struct sk_buff *skb, const struct vnic_dev *vnic);
u64 vnic_sched_guaranteed(const struct net_device *parent);
void vnic_sched_tick_cost(const struct net_device *parent, u64 *cost,
			  u64 *period);
int vnic_sched_join(struct vnic_port *port);
int vnic_sched_ws_fit(struct vnic_sched *sched, u32 n, u32 ng);
void vnic_sched_resched_all(struct vnic_port *port);
struct vnic_sched *vnic_sched_rtnl(const struct vnic_port *port);
extern struct list_head vnic_sched_list;

/* sched_group.c */
struct vnic_group *vnic_group_find(const struct net *net, const char *name);
struct vnic_group *vnic_group_of(const struct vnic_sched *sched,
				 const char *name);
u32 vnic_group_vnics(const struct vnic_group *g);
int vnic_group_build(const struct vnic_group_cfg *old, struct nlattr **tb,
		     struct vnic_group_cfg *cfg, struct netlink_ext_ack *extack);
int vnic_group_check(struct vnic_sched *sched, const struct vnic_group *g,
		     const struct vnic_group_cfg *cfg, struct nlattr **tb,
		     struct netlink_ext_ack *extack);
struct vnic_group *vnic_group_add(struct vnic_sched *sched, const char *name,
				  const struct vnic_group_cfg *cfg);
void vnic_group_set(struct vnic_group *g, const struct vnic_group_cfg *cfg);
void vnic_group_del(struct vnic_group *g);
void vnic_group_put_all(struct vnic_sched *sched);
void vnic_groups_changed(void);
unsigned int vnic_groups_generation(void);

/* group_nl.c */
void vnic_nl_group_notify(const struct vnic_group *g, u8 cmd);
void vnic_nl_group_moved(const struct vnic_group *from,
			 const struct vnic_group *to);
void vnic_nl_groups_notify(const struct vnic_sched *sched, u8 cmd);

/* sched_nl.c */
struct genl_info;
struct net;
struct sk_buff;
/* Puts the attributes of a parent or group message. */
typedef int (*vnic_nl_attrs_t)(struct sk_buff *skb, const void *obj);
int vnic_nl_obj_fill(struct sk_buff *skb, const struct genl_info *info,
		     int flags, vnic_nl_attrs_t attrs, const void *obj);
void vnic_nl_obj_notify(struct net *net, u8 cmd, size_t size,
			vnic_nl_attrs_t attrs, const void *obj);
void vnic_nl_parent_notify(const struct net_device *parent);
struct net_device *vnic_nl_parent_by(struct genl_info *info,
				     unsigned int ifindex, unsigned int ifname,
				     const char *const names[2],
				     const struct nlattr **attr,
				     const char **name);
int vnic_nl_may_admin(const struct sk_buff *skb, const struct net *net,
		      const struct nlattr *attr, const char *name,
		      struct netlink_ext_ack *extack);

#endif /* _VNIC_SCHED_H */
