// SPDX-License-Identifier: GPL-2.0
/*
 * vnic share scheduler of a parent: configuration, lifetime and the tick;
 * see sched.h. RTNL throughout but for the tick and vnic_sched_kick().
 */
#include <kunit/visibility.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "sched.h"
#include "vnic.h"

/* Every scheduler (RTNL): module unload, and a netns' groups. */
LIST_HEAD(vnic_sched_list);

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

/* The least rate of a scheduled vnic: a bucket at 0 would not shape. A
 * full-size frame a second, bytes/s: what an idle vnic without a
 * guarantee holds, so that its first frames go before the tick is up.
 */
#define VNIC_SCHED_FLOOR	(ETH_FRAME_LEN + VLAN_HLEN)

struct vnic_sched *vnic_sched_rtnl(const struct vnic_port *port)
{
	return port ? rtnl_dereference(port->sched) : NULL;
}

/* The parent's configuration: zeroes if it has no scheduler. */
void vnic_sched_get(const struct net_device *parent, struct vnic_sched_cfg *cfg)
{
	struct vnic_sched *sched = vnic_sched_rtnl(vnic_port_get_rtnl(parent));

	if (sched)
		*cfg = sched->cfg;
	else
		memset(cfg, 0, sizeof(*cfg));
}

/* The bucket depth of a scheduled vnic: the parent's burst at the
 * capacity, so all of them together hold about the parent's burst.
 */
static s64 vnic_sched_depth_cap(u64 capacity, u32 burst)
{
	return vnic_tb_len2ns(max_t(u64, div_u64(capacity, 8), 1), burst);
}

/**
 * vnic_sched_rate - what @vnic's TX bucket runs at until the next tick
 * @vnic: the vnic
 * @r: the result
 *
 * Unscheduled: its ceiling (tx-rate; 0 for none). Scheduled: its
 * reservation, its guarantee (at least VNIC_SCHED_FLOOR; only the floor
 * in a group with a ceiling), which the tick then raises as the others
 * leave room; the ceiling is also the capacity's and its group's. RTNL
 * held.
 */
void vnic_sched_rate(const struct vnic_dev *vnic, struct vnic_iq_rate *r)
{
	const struct vnic_share_cfg *cfg = &vnic->share.cfg;
	struct vnic_sched *sched = vnic_sched_rtnl(vnic->port);
	u64 cap;

	ASSERT_RTNL();
	if (!sched) {
		r->base = div_u64(cfg->tx_rate, 8);
		r->ceil = r->base;
		r->burst = cfg->tx_burst;
		r->depth_cap = S64_MAX;
		return;
	}
	cap = div_u64(sched->cfg.capacity, 8);
	if (cfg->group && cfg->group->cfg.bw_max)
		cap = min(cap, div_u64(cfg->group->cfg.bw_max, 8));
	r->ceil = cfg->tx_rate ? min(div_u64(cfg->tx_rate, 8), cap) : cap;
	/* A capped group's ceiling is hard: its vnics reserve nothing. */
	r->base = vnic_alloc_rate(0, cfg->group && cfg->group->cfg.bw_max ?
				  0 : div_u64(cfg->bw_min, 8), r->ceil,
				  VNIC_SCHED_FLOOR);
	r->burst = sched->cfg.burst;
	r->depth_cap = vnic_sched_depth_cap(sched->cfg.capacity, r->burst);
}

/*
 * One vnic's entry for the allocator, from its counters since the last
 * tick @dt ns ago (0: the tick just started, and what was sent while it
 * was off says nothing of the demand now); @ng groups are in this tick's
 * @grp, whose guarantee it adds to if its group has none of its own.
 * What it sent beyond its guarantee is added to @borrowed, what it left
 * unused of it to @unused, its guarantee's bytes to @dues. Returns whether
 * the vnic sent or has frames waiting. Under RCU.
 */
static bool vnic_sched_gather(struct vnic_dev *vnic, u64 cap, u64 dt,
			      struct vnic_alloc_grp *grp, u32 ng,
			      struct vnic_alloc_in *in, u64 *borrowed,
			      u64 *unused, u64 *dues)
{
	struct vnic_sched_vnic *sv = &vnic->share.sched;
	struct vnic_group *g = rcu_dereference(sv->tick_group);
	struct vnic_iq *iq = &vnic->share.iq;
	unsigned long sent = READ_ONCE(iq->sent);
	unsigned long waited = READ_ONCE(iq->waited);
	unsigned long bytes = sent - sv->seen_sent;
	bool waits = waited != sv->seen_waited || vnic_iq_backlogged(iq);
	u64 inst = 0, due;

	sv->seen_sent = sent;
	sv->seen_waited = waited;
	if (waits)
		sv->hot = VNIC_SCHED_HOT_TICKS;
	else if (sv->hot)
		sv->hot--;
	if (bytes || waits)
		sv->warm = VNIC_SCHED_WARM_TICKS;
	else if (sv->warm)
		sv->warm--;

	in->min = div_u64(READ_ONCE(sv->tick_min), 8);
	in->ceil = div_u64(READ_ONCE(sv->tick_ceil), 8);
	in->ceil = in->ceil ? min(in->ceil, cap) : cap;
	in->weight = READ_ONCE(sv->tick_weight);
	in->prio = READ_ONCE(sv->tick_prio);
	/* A group the tick has not seen yet: ungrouped for a tick. */
	in->group = g && g->tick_pos < ng ? g->tick_pos + 1 : 0;
	if (in->group && g->tick_auto)
		grp[g->tick_pos].min += in->min;
	in->flags = 0;
	/* What it sends, a quarter more, and a frame per ms to grow. */
	sv->unused = 0;
	if (dt) {
		inst = mul_u64_u64_div_u64(bytes, NSEC_PER_SEC, dt);
		/* Weighted by time, not by tick: ticks come at uneven
		 * intervals (a late one is followed by an early one), and
		 * a short one that caught a batch of frames weighed as much
		 * as a long one (the rate read 1.8 times too high).
		 */
		if (dt >= VNIC_SCHED_EST_NS)
			WRITE_ONCE(sv->est, inst);
		else
			WRITE_ONCE(sv->est, sv->est -
				   mul_u64_u64_div_u64(sv->est, dt,
						       VNIC_SCHED_EST_NS) +
				   mul_u64_u64_div_u64(bytes, NSEC_PER_SEC,
						       VNIC_SCHED_EST_NS));
		/* Its guarantee's bytes in this tick. */
		due = mul_u64_u64_div_u64(in->min, dt, NSEC_PER_SEC);
		*dues += due;
		if (bytes > due) {
			WRITE_ONCE(sv->borrowed, sv->borrowed + bytes - due);
			*borrowed += bytes - due;
		} else {
			sv->unused = due - bytes;
			*unused += sv->unused;
		}
	}
	in->demand = max(sv->est, inst) / 4 * 5 + VNIC_SCHED_FLOOR * 1000;
	if (sv->warm)
		in->flags |= VNIC_ALLOC_ACTIVE;
	if (sv->hot)
		in->flags |= VNIC_ALLOC_BACKLOGGED;
	return bytes || waits;
}

/* Some vnic of @sched's port sent since the last tick or has frames
 * waiting (under RCU).
 */
static bool vnic_sched_busy(struct vnic_sched *sched)
{
	struct vnic_dev *vnic;

	list_for_each_entry_rcu(vnic, &sched->port->vnics, list)
		if (READ_ONCE(vnic->share.iq.sent) !=
		    vnic->share.sched.seen_sent ||
		    vnic_iq_backlogged(&vnic->share.iq))
			return true;
	return false;
}

/*
 * The tick: measures every vnic's demand, splits the capacity
 * (vnic_alloc()) and sets each vnic's bucket to its share. Soft hrtimer
 * (softirq). Keeps ticking while any vnic sends or has frames waiting, so
 * the buckets never add up to more than the capacity and the reserved
 * guarantees for long; after VNIC_SCHED_IDLE_TICKS without, every bucket
 * is back at its reservation and the tick stops. A vnic that sends again
 * restarts it (vnic_sched_active(); vnic_sched_kick() when a frame
 * waits: the store-buffer pattern, so either the kicker sees
 * VNIC_SCHED_TICKING clear or the tick sees the frame).
 */
static enum hrtimer_restart vnic_sched_tick(struct hrtimer *timer)
{
	struct vnic_sched *sched = container_of(timer, struct vnic_sched,
					       tick);
	u64 now = ktime_get_ns(), dt, cap, rate, cur;
	struct vnic_sched_ws *ws;
	struct vnic_group *g;
	u64 borrowed = 0, unused = 0, dues = 0, spare;
	struct vnic_sched_vnic *sv;
	struct vnic_dev *vnic;
	bool busy = false;
	u32 i, n = 0, ng = 0;
	s64 depth_cap;
	u32 burst;

	/* Restarted after a pause (last is 0): measure from now on. */
	dt = sched->last ? clamp_t(u64, now - sched->last,
				   sched->period / 4, NSEC_PER_SEC) : 0;
	sched->last = now;
	cap = div_u64(READ_ONCE(sched->tick_capacity), 8);
	burst = READ_ONCE(sched->tick_burst);
	depth_cap = vnic_sched_depth_cap(READ_ONCE(sched->tick_capacity),
					 burst);

	rcu_read_lock();
	ws = rcu_dereference(sched->ws);
	list_for_each_entry_rcu(g, &sched->groups, node) {
		if (ng == ws->gcap)
			break;
		/* No guarantee of its own: its vnics', summed below. */
		ws->grp[ng].min = div_u64(READ_ONCE(g->tick_min), 8);
		g->tick_auto = !ws->grp[ng].min;
		ws->grp[ng].ceil = div_u64(READ_ONCE(g->tick_ceil), 8);
		ws->grp[ng].weight = READ_ONCE(g->tick_weight);
		ws->grp[ng].prio = READ_ONCE(g->tick_prio);
		g->tick_pos = ng++;
	}
	list_for_each_entry_rcu(vnic, &sched->port->vnics, list) {
		if (n == ws->cap)
			break;
		busy |= vnic_sched_gather(vnic, cap, dt, ws->grp, ng,
					  &ws->in[n], &borrowed, &unused, &dues);
		ws->vnic[n++] = vnic;
	}
	/* What the vnics sent beyond their guarantees and beyond the
	 * capacity no guarantee holds came out of the guarantees the others
	 * left unused, in proportion.
	 */
	spare = mul_u64_u64_div_u64(cap, dt, NSEC_PER_SEC);
	spare = spare > dues ? spare - dues : 0;
	borrowed = borrowed > spare ? borrowed - spare : 0;
	for (i = 0; borrowed && i < n; i++) {
		sv = &ws->vnic[i]->share.sched;
		if (sv->unused)
			WRITE_ONCE(sv->lent, sv->lent +
				   mul_u64_u64_div_u64(sv->unused,
						       min(borrowed, unused),
						       unused));
	}
	vnic_alloc(cap, ws->in, n, ws->grp, ng, ws->out, &ws->aws);
	for (i = 0; i < n; i++) {
		/* An active vnic runs at its allocation, which is at least
		 * its guarantee once it is backlogged (the next tick); only
		 * an idle one holds its guarantee unused, so that it has it
		 * from its first frame: the buckets exceed the capacity by
		 * the guarantees of the vnics that wake, for a tick. Not in
		 * a group with a ceiling: that ceiling is hard (no bucket of
		 * its own enforces it), and such a vnic waits a tick for its
		 * guarantee.
		 */
		rate = vnic_alloc_rate(ws->out[i],
				       ws->in[i].flags & VNIC_ALLOC_ACTIVE ||
				       (ws->in[i].group &&
					ws->grp[ws->in[i].group - 1].ceil) ?
				       0 : ws->in[i].min,
				       ws->in[i].ceil, VNIC_SCHED_FLOOR);
		/* A raise under 1/64 is noise, not worth the lock; a cut
		 * always applies.
		 */
		cur = READ_ONCE(ws->vnic[i]->share.iq.tx.rate);
		if (rate < cur || rate > cur + (cur >> 6) || !cur)
			vnic_iq_share(ws->vnic[i], rate, burst, depth_cap);
	}

	if (busy) {
		sched->idle = 0;
	} else if (++sched->idle >= VNIC_SCHED_IDLE_TICKS) {
		clear_bit(VNIC_SCHED_TICKING, &sched->flags);
		/* Pairs with vnic_sched_kick()'s smp_mb(). */
		smp_mb__after_atomic();
		if (!vnic_sched_busy(sched) ||
		    test_and_set_bit(VNIC_SCHED_TICKING, &sched->flags)) {
			sched->last = 0;
			rcu_read_unlock();
			return HRTIMER_NORESTART;
		}
		sched->idle = 0;
	}
	rcu_read_unlock();
	/* At most about 5 % of a CPU: a slow machine (or a thousand
	 * vnics) ticks less often, up to VNIC_SCHED_MAX_PERIOD_NS.
	 */
	cur = ktime_get_ns() - now;
	WRITE_ONCE(sched->cost, sched->cost - (sched->cost >> 3) + (cur >> 3));
	/* The larger of this tick's cost and the average: ticks vary. */
	WRITE_ONCE(sched->period, clamp_t(u64, max(cur, sched->cost) * 20,
					  VNIC_SCHED_PERIOD_NS,
					  VNIC_SCHED_MAX_PERIOD_NS));
	hrtimer_forward_now(timer, ns_to_ktime(sched->period));
	return HRTIMER_RESTART;
}

/* Starts @sched's tick unless it runs. */
static void vnic_sched_start(struct vnic_sched *sched)
{
	if (!test_bit(VNIC_SCHED_TICKING, &sched->flags) &&
	    !test_and_set_bit(VNIC_SCHED_TICKING, &sched->flags))
		hrtimer_start(&sched->tick, 0, HRTIMER_MODE_REL_SOFT);
}

/**
 * vnic_sched_active - @vnic sent a frame: tick if not ticking
 * @vnic: the vnic
 *
 * The fast path, BH off; one load when the tick runs. Not ordered
 * against the tick's stop: a vnic that this misses sends at its
 * reservation (vnic_sched_rate()), within the capacity, until a frame
 * has to wait (vnic_sched_kick()).
 */
void vnic_sched_active(struct vnic_dev *vnic)
{
	struct vnic_sched *sched;

	rcu_read_lock();
	sched = rcu_dereference(vnic->port->sched);
	if (sched)
		vnic_sched_start(sched);
	rcu_read_unlock();
}

/**
 * vnic_sched_kick - a frame of @vnic started to wait: tick if not ticking
 * @vnic: the vnic
 *
 * Any context with BH off (the fast path).
 */
void vnic_sched_kick(struct vnic_dev *vnic)
{
	/* The waiting frame before the flag: pairs with the tick's
	 * smp_mb__after_atomic().
	 */
	smp_mb();
	vnic_sched_active(vnic);
}

/* The tick's arrays for @cap vnics and @gcap groups. */
static struct vnic_sched_ws *vnic_sched_ws_new(u32 cap, u32 gcap)
{
	size_t per = sizeof(struct vnic_alloc_in) + sizeof(u64) +
		     sizeof(struct vnic_dev *);
	struct vnic_sched_ws *ws;

	ws = kvzalloc(size_add(size_add(sizeof(*ws), size_mul(cap, per)),
			       size_add(size_mul(gcap,
						 sizeof(struct vnic_alloc_grp)),
					vnic_alloc_ws_size(cap, gcap))),
		      GFP_KERNEL);
	if (!ws)
		return NULL;
	ws->cap = cap;
	ws->gcap = gcap;
	ws->in = (struct vnic_alloc_in *)(ws + 1);
	ws->out = (u64 *)(ws->in + cap);
	ws->grp = (struct vnic_alloc_grp *)(ws->out + cap);
	ws->vnic = (struct vnic_dev **)(ws->grp + gcap);
	vnic_alloc_ws_init(&ws->aws, ws->vnic + cap, cap, gcap);
	return ws;
}

static u32 vnic_sched_ws_cap(u32 n)
{
	return n <= 16 ? 16 : roundup_pow_of_two(n);
}

/**
 * vnic_sched_ws_fit - make room in @sched's arrays
 * @sched: the scheduler
 * @n: for this many vnics
 * @ng: and this many groups
 *
 * Return: 0 or -ENOMEM (nothing changed).
 */
int vnic_sched_ws_fit(struct vnic_sched *sched, u32 n, u32 ng)
{
	struct vnic_sched_ws *ws = rtnl_dereference(sched->ws), *new;

	ASSERT_RTNL();
	if (ws && ws->cap >= n && ws->gcap >= ng)
		return 0;
	new = vnic_sched_ws_new(vnic_sched_ws_cap(max(n, ws ? ws->cap : 0)),
				vnic_sched_ws_cap(max(ng, ws ? ws->gcap : 0)));
	if (!new)
		return -ENOMEM;
	rcu_assign_pointer(sched->ws, new);
	if (ws)
		kvfree_rcu(ws, rcu);
	return 0;
}

/**
 * vnic_sched_join - make room for one more vnic of @port
 * @port: the port a vnic is about to join
 *
 * Return: 0 or -ENOMEM (the vnic cannot be created).
 */
int vnic_sched_join(struct vnic_port *port)
{
	struct vnic_sched *sched = vnic_sched_rtnl(port);

	ASSERT_RTNL();
	if (!sched)
		return 0;
	return vnic_sched_ws_fit(sched, list_count_nodes(&port->vnics) + 1,
				 sched->ngroups);
}

/**
 * vnic_sched_resched_all - @port's scheduler changed (RTNL)
 * @port: the port
 *
 * Every vnic of @port takes its reservation (or its ceiling, without a
 * scheduler), and a scheduler's tick runs to hand out the rest.
 */
void vnic_sched_resched_all(struct vnic_port *port)
{
	struct vnic_sched *sched = vnic_sched_rtnl(port);
	struct vnic_dev *vnic;

	list_for_each_entry(vnic, &port->vnics, list)
		vnic_share_resched(vnic);
	if (sched)
		vnic_sched_start(sched);
}

/**
 * vnic_sched_changed - @vnic's share changed (RTNL): a scheduler
 *	allocates again at once
 * @vnic: the vnic
 */
void vnic_sched_changed(struct vnic_dev *vnic)
{
	struct vnic_sched *sched = vnic_sched_rtnl(vnic->port);

	if (sched)
		vnic_sched_start(sched);
}

/**
 * vnic_sched_fill - put what the scheduler does with @vnic into a dev reply
 * @skb: the message
 * @vnic: the vnic
 *
 * Its group; tx-alloc: its bucket's rate now; tx-measured: its sending
 * rate while the tick runs (both 0 without a scheduler). Only to the
 * parent's netns: RTNL held.
 *
 * Return: 0 or -EMSGSIZE.
 */
int vnic_sched_fill(struct sk_buff *skb, const struct vnic_dev *vnic)
{
	struct vnic_sched *sched = vnic_sched_rtnl(vnic->port);
	u64 alloc = 0, measured = 0;

	ASSERT_RTNL();
	if (sched) {
		alloc = READ_ONCE(vnic->share.iq.tx.rate) * 8;
		if (test_bit(VNIC_SCHED_TICKING, &sched->flags))
			measured = READ_ONCE(vnic->share.sched.est) * 8;
	}
	if ((vnic->share.cfg.group &&
	     nla_put_string(skb, VNIC_A_DEV_GROUP,
			    vnic->share.cfg.group->name)) ||
	    nla_put_uint(skb, VNIC_A_DEV_TX_ALLOC, alloc) ||
	    nla_put_uint(skb, VNIC_A_DEV_TX_MEASURED, measured))
		return -EMSGSIZE;
	return 0;
}

/**
 * vnic_sched_tick_cost - what @parent's tick costs
 * @parent: the parent
 * @cost: the time one tick takes, ns, averaged over about 8 (0: none)
 * @period: its period now, ns (0: no scheduler)
 *
 * RTNL held.
 */
void vnic_sched_tick_cost(const struct net_device *parent, u64 *cost,
			  u64 *period)
{
	struct vnic_sched *sched = vnic_sched_rtnl(vnic_port_get_rtnl(parent));

	*cost = sched ? READ_ONCE(sched->cost) : 0;
	*period = sched ? READ_ONCE(sched->period) : 0;
}

/* What @parent's capacity guarantees, bits/s (0 for none). RTNL held. */
u64 vnic_sched_guaranteed(const struct net_device *parent)
{
	struct vnic_sched_fit fit;

	vnic_sched_fit(vnic_port_get_rtnl(parent), NULL, NULL, NULL, NULL,
		       &fit);
	return fit.total;
}

/**
 * vnic_sched_destroy - drop @port's scheduler
 * @port: a port with a scheduler
 *
 * Its vnics run at their ceilings again. Frees @port too if it has no
 * vnic left.
 */
static void vnic_sched_destroy(struct vnic_port *port)
{
	struct vnic_sched *sched = vnic_sched_rtnl(port);
	struct vnic_dev *vnic;

	ASSERT_RTNL();
	RCU_INIT_POINTER(port->sched, NULL);
	list_del(&sched->node);
	/* No kick can still see it; then no tick can run. */
	synchronize_net();
	hrtimer_cancel(&sched->tick);
	list_for_each_entry(vnic, &port->vnics, list) {
		struct vnic_sched_vnic *sv = &vnic->share.sched;
		u64 lent = sv->lent, borrowed = sv->borrowed;

		/* A scheduler with groups keeps its capacity. */
		if (WARN_ON_ONCE(vnic->share.cfg.group))
			vnic->share.cfg.group = NULL;
		/* The counters count on under the next scheduler. */
		memset(sv, 0, sizeof(*sv));
		WRITE_ONCE(sv->lent, lent);
		WRITE_ONCE(sv->borrowed, borrowed);
		vnic_share_resched(vnic);
	}
	vnic_group_put_all(sched);
	kvfree(rcu_dereference_protected(sched->ws, true));
	kfree(sched);
	vnic_port_put(port);
}

/* @sum + @v, saturated. */
static u64 vnic_sched_add(u64 sum, u64 v)
{
	return check_add_overflow(sum, v, &sum) ? U64_MAX : sum;
}

static void vnic_sched_fit_add(const struct vnic_share_cfg *c, u64 *total)
{
	if (c->group)
		c->group->vsum = vnic_sched_add(c->group->vsum, c->bw_min);
	else
		*total = vnic_sched_add(*total, c->bw_min);
}

/**
 * vnic_sched_fit - the guarantees of a port as a change would leave them
 * @port: the port
 * @vnic: a vnic whose share changes, or NULL
 * @vcfg: its share after the change; with @vnic NULL, a new vnic's (or
 *	NULL for none)
 * @group: a group whose configuration changes, or NULL
 * @gcfg: its configuration after the change; with @group NULL, a new
 *	group's (or NULL for none)
 * @fit: the result: @fit->total, what the capacity must hold (each
 *	ungrouped vnic's bw-min and each group's: its own, or the sum of its
 *	vnics' when it has none); @fit->over, a group whose vnics' guarantees
 *	(@fit->over_sum) exceed its own, or NULL
 *
 * RTNL held (uses each group's @vsum).
 */
void vnic_sched_fit(const struct vnic_port *port, const struct vnic_dev *vnic,
		    const struct vnic_share_cfg *vcfg,
		    const struct vnic_group *group,
		    const struct vnic_group_cfg *gcfg, struct vnic_sched_fit *fit)
{
	const struct vnic_sched *sched = vnic_sched_rtnl(port);
	const struct vnic_group_cfg *gc;
	const struct vnic_dev *v;
	struct vnic_group *g;

	ASSERT_RTNL();
	memset(fit, 0, sizeof(*fit));
	if (sched)
		list_for_each_entry(g, &sched->groups, node)
			g->vsum = 0;
	if (port)
		list_for_each_entry(v, &port->vnics, list)
			vnic_sched_fit_add(v == vnic ? vcfg : &v->share.cfg,
					   &fit->total);
	if (!vnic && vcfg)
		vnic_sched_fit_add(vcfg, &fit->total);
	if (!group && gcfg)
		fit->total = vnic_sched_add(fit->total, gcfg->bw_min);
	if (!sched)
		return;
	list_for_each_entry(g, &sched->groups, node) {
		gc = g == group ? gcfg : &g->cfg;
		/* Its vnics' guarantees within its own, and within its
		 * ceiling when it has none (bw-min is checked against
		 * bw-max).
		 */
		if (!fit->over &&
		    ((gc->bw_min && g->vsum > gc->bw_min) ||
		     (!gc->bw_min && gc->bw_max && g->vsum > gc->bw_max))) {
			fit->over = g;
			fit->over_sum = g->vsum;
			fit->over_limit = gc->bw_min ?: gc->bw_max;
			fit->over_max = !gc->bw_min;
		}
		fit->total = vnic_sched_add(fit->total,
					    gc->bw_min ?: g->vsum);
	}
}

/*
 * The group a dev request names (VNIC_A_DEV_GROUP) into @cfg: "" for
 * none, else one of @parent's.
 */
static int vnic_sched_vnic_group(struct net_device *parent,
				 struct vnic_share_cfg *cfg,
				 const struct nlattr *attr,
				 struct netlink_ext_ack *extack)
{
	struct vnic_sched *sched;

	if (!attr)
		return 0;
	if (!nla_len(attr) || !*(const char *)nla_data(attr)) {
		cfg->group = NULL;
		return 0;
	}
	sched = vnic_sched_rtnl(vnic_port_get_rtnl(parent));
	cfg->group = sched ? vnic_group_of(sched, nla_data(attr)) : NULL;
	if (!cfg->group) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"group: parent %s has no group %s",
					parent->name, (const char *)nla_data(attr));
		return -ENOENT;
	}
	return 0;
}

/**
 * vnic_sched_check_vnic - may a vnic of @parent have @cfg's share?
 * @parent: the vnic's parent
 * @vnic: the vnic a request changes, or NULL for a new one
 * @cfg: its share as the request would leave it; its group is resolved
 *	here from the request's
 * @tb: the request's attributes (set "dev"): the error names the one
 *	that made the guarantee impossible
 * @extack: error reporting
 *
 * The group must be one of the parent's. The guarantee needs the
 * parent's capacity, fits under the vnic's ceiling (tx-rate, when set),
 * and the guarantees of the parent's vnics together fit in its capacity,
 * those of a group's members in the group's bw-min. (Each message fits in
 * an extack's 80 bytes with 15-character names and 13-digit rates.)
 */
int vnic_sched_check_vnic(struct net_device *parent,
			  const struct vnic_dev *vnic,
			  struct vnic_share_cfg *cfg, struct nlattr **tb,
			  struct netlink_ext_ack *extack)
{
	const struct nlattr *min_attr = tb[VNIC_A_DEV_BW_MIN];
	struct vnic_sched_fit fit;
	struct vnic_sched_cfg sc;
	int err;

	ASSERT_RTNL();
	err = vnic_sched_vnic_group(parent, cfg, tb[VNIC_A_DEV_GROUP], extack);
	if (err)
		return err;
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
	/* Only a request with bw-min or group gets past here. */
	if (!min_attr)
		min_attr = tb[VNIC_A_DEV_GROUP];
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
	vnic_sched_fit(vnic_port_get_rtnl(parent), vnic, cfg, NULL, NULL, &fit);
	if (fit.over) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, min_attr,
					"bw-min: group's total %llu bit/s, over its %s %llu bit/s",
					fit.over_sum,
					fit.over_max ? "bw-max" : "bw-min",
					fit.over_limit);
		return -ERANGE;
	}
	if (fit.total > sc.capacity) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, min_attr,
					"bw-min: guarantees total %llu bit/s, over capacity %llu bit/s",
					fit.total, sc.capacity);
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
 * The guarantees of its vnics and groups must still fit, and a capacity
 * with guarantees or groups under it cannot be removed.
 */
int vnic_sched_check_capacity(const struct net_device *parent,
			      const struct vnic_sched_cfg *cfg,
			      const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	struct vnic_port *port = vnic_port_get_rtnl(parent);
	struct vnic_sched *sched = vnic_sched_rtnl(port);
	struct vnic_sched_fit fit;
	u64 sum;

	vnic_sched_fit(port, NULL, NULL, NULL, NULL, &fit);
	sum = fit.total;

	if (sched && sched->ngroups && !cfg->capacity) {
		NL_SET_ERR_MSG_ATTR_FMT(extack, attr,
					"capacity: %s still has share groups; delete them first",
					parent->name);
		return -EBUSY;
	}

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
	struct vnic_sched *sched = vnic_sched_rtnl(port);
	int err;

	ASSERT_RTNL();
	if (!cfg->capacity) {
		if (sched)
			vnic_sched_destroy(port);
		return 0;
	}
	if (sched) {
		sched->cfg = *cfg;
		WRITE_ONCE(sched->tick_capacity, cfg->capacity);
		WRITE_ONCE(sched->tick_burst, cfg->burst);
		vnic_sched_resched_all(port);
		return 0;
	}

	sched = kzalloc(sizeof(*sched), GFP_KERNEL);
	if (!sched)
		return -ENOMEM;
	hrtimer_init(&sched->tick, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	sched->tick.function = vnic_sched_tick;
	sched->cfg = *cfg;
	WRITE_ONCE(sched->tick_capacity, cfg->capacity);
	WRITE_ONCE(sched->tick_burst, cfg->burst);
	WRITE_ONCE(sched->period, VNIC_SCHED_PERIOD_NS);
	INIT_LIST_HEAD(&sched->groups);
	err = vnic_sched_ws_fit(sched, port ?
				list_count_nodes(&port->vnics) : 0, 0);
	if (err)
		goto err_free;
	if (!port) {
		port = vnic_port_create(parent, attr, name, extack);
		if (IS_ERR(port)) {
			err = PTR_ERR(port);
			goto err_free;
		}
	}
	sched->port = port;
	list_add(&sched->node, &vnic_sched_list);
	rcu_assign_pointer(port->sched, sched);
	port->count++;
	vnic_sched_resched_all(port);
	return 0;

err_free:
	kvfree(rcu_dereference_protected(sched->ws, true));
	kfree(sched);
	return err;
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
	struct vnic_sched *sched;

	ASSERT_RTNL();
	WARN_ON_ONCE(!list_empty(&port->vnics));
	sched = rtnl_dereference(port->sched);
	if (WARN_ON_ONCE(!sched))
		return;
	vnic_nl_groups_notify(sched, VNIC_CMD_GROUP_DEL_NTF);
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
