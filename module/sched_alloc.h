/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The share allocator of a parent: given every vnic's guarantee, ceiling,
 * priority, weight and demand, how much of the parent's capacity each one
 * gets for the next tick. Pure (no kernel state, no locking, no sleeping
 * allocation): the caller owns every array, so it can run in a timer and
 * be tested on its own (KUnit vnic-sched).
 *
 * Semantics, per level (the parent; inside a group, the group's share):
 *  1. every child gets its guarantee, up to what it wants;
 *  2. the spare (the capacity less those) goes to children that want more,
 *     highest priority first, by weight within a priority (weighted
 *     max-min: water-filling);
 *  3. what is still left goes to the active children up to their
 *     ceilings, by priority then weight, so an active parent is always
 *     fully allocated (work conservation);
 *  4. a group is one child of the parent (its minimum, ceiling, priority,
 *     weight; it wants what its members want), and its share is split
 *     among its members by 1-3.
 * Rates are bytes per second.
 */
#ifndef _VNIC_SCHED_ALLOC_H
#define _VNIC_SCHED_ALLOC_H

#include <linux/bits.h>
#include <linux/limits.h>
#include <linux/types.h>

/* The largest capacity, ceiling or guarantee: 2^40 B/s (8.8 Tbit/s). */
#define VNIC_ALLOC_MAX_RATE	BIT_ULL(40)
#define VNIC_ALLOC_MAX_WEIGHT	1000
#define VNIC_ALLOC_MAX_PRIO	7

#define VNIC_ALLOC_ACTIVE	BIT(0)	/* sent in the last ticks */
#define VNIC_ALLOC_BACKLOGGED	BIT(1)	/* frames waited: active, wants all */

/**
 * struct vnic_alloc_in - one vnic, as the allocator sees it
 * @min: guaranteed rate, 0 for none
 * @ceil: ceiling, 0 for none (the capacity, or its group's ceiling)
 * @demand: what it would send (measured, with headroom); ignored if not
 *	active or if BACKLOGGED (then it wants up to its ceiling)
 * @weight: 1..VNIC_ALLOC_MAX_WEIGHT
 * @group: 0 for none, else index + 1 into the groups
 * @prio: 0..VNIC_ALLOC_MAX_PRIO, higher first
 * @flags: VNIC_ALLOC_ACTIVE, VNIC_ALLOC_BACKLOGGED
 */
struct vnic_alloc_in {
	u64 min;
	u64 ceil;
	u64 demand;
	u16 weight;
	u16 group;
	u8 prio;
	u8 flags;
};

/**
 * struct vnic_alloc_grp - a group of vnics sharing one allocation
 * @min: guaranteed rate of the group as a whole (the caller resolves an
 *	automatic minimum to the sum of its members' minimums)
 * @ceil: ceiling of the group, 0 for none
 * @weight: 1..VNIC_ALLOC_MAX_WEIGHT
 * @prio: 0..VNIC_ALLOC_MAX_PRIO
 */
struct vnic_alloc_grp {
	u64 min;
	u64 ceil;
	u16 weight;
	u8 prio;
};

/* A child of one level: a vnic, or a group at the parent's level. */
struct vnic_alloc_child {
	u64 min;
	u64 ceil;
	u64 want;
	u64 out;
	u32 idx;
	u16 weight;
	u8 prio;
	bool active;
};

/* A candidate of one water-filling round. */
struct vnic_alloc_ent {
	u64 head;
	u32 weight;
	u32 child;
};

/* A group while the parent's level is allocated. */
struct vnic_alloc_gstate {
	u64 ceil;
	u64 take;
	u64 want;
	u64 out;
	u32 start;
	u32 count;
	bool active;
};

/**
 * struct vnic_alloc_ws - scratch space for vnic_alloc()
 * @child: n + ng children
 * @ent: n + ng water-filling entries
 * @gs: ng groups
 * @order: n vnic indexes, grouped
 *
 * Carved by vnic_alloc_ws_init() from vnic_alloc_ws_size() bytes that the
 * caller allocates once per size.
 */
struct vnic_alloc_ws {
	struct vnic_alloc_child *child;
	struct vnic_alloc_ent *ent;
	struct vnic_alloc_gstate *gs;
	u32 *order;
};

size_t vnic_alloc_ws_size(u32 n, u32 ng);
void vnic_alloc_ws_init(struct vnic_alloc_ws *ws, void *mem, u32 n, u32 ng);
void vnic_alloc(u64 capacity, const struct vnic_alloc_in *in, u32 n,
		const struct vnic_alloc_grp *grp, u32 ng, u64 *out,
		struct vnic_alloc_ws *ws);
u64 vnic_alloc_rate(u64 out, u64 min, u64 ceil, u64 floor);

#endif /* _VNIC_SCHED_ALLOC_H */
