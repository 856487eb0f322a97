// SPDX-License-Identifier: GPL-2.0
/*
 * vnic share allocator; see sched_alloc.h. Weighted max-min fairness by
 * water-filling: within one round the candidates are sorted by head room
 * per unit of weight, and the ones whose head room fits their weighted
 * part of what is left saturate first; the rest share what remains in
 * proportion to their weights.
 *
 * Arithmetic: rates are at most 2^40 (VNIC_ALLOC_MAX_RATE) and weights
 * below 2^10, so head * weight < 2^50; parts are taken with
 * mul_u64_u64_div_u64(), rounded down, and the bytes/s that leaves go one
 * each to the first candidates, so a round hands out exactly what it has
 * (up to the head room). O(n log n) per level.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sort.h>

#include "sched_alloc.h"

size_t vnic_alloc_ws_size(u32 n, u32 ng)
{
	size_t k = size_add(n, ng);

	return size_add(size_add(size_mul(k, sizeof(struct vnic_alloc_child) +
					     sizeof(struct vnic_alloc_ent)),
				 size_mul(ng, sizeof(struct vnic_alloc_gstate))),
			size_mul(n, sizeof(u32)));
}
EXPORT_SYMBOL_IF_KUNIT(vnic_alloc_ws_size);

/* @mem: vnic_alloc_ws_size(@n, @ng) bytes, suitably aligned (kmalloc). */
void vnic_alloc_ws_init(struct vnic_alloc_ws *ws, void *mem, u32 n, u32 ng)
{
	size_t k = (size_t)n + ng;

	ws->child = mem;
	ws->ent = (struct vnic_alloc_ent *)(ws->child + k);
	ws->gs = (struct vnic_alloc_gstate *)(ws->ent + k);
	ws->order = (u32 *)(ws->gs + ng);
}
EXPORT_SYMBOL_IF_KUNIT(vnic_alloc_ws_init);

/* By head room per unit of weight, ascending; ties by child, for order. */
static int vnic_alloc_ent_cmp(const void *a, const void *b)
{
	const struct vnic_alloc_ent *x = a, *y = b;
	u64 l = x->head * y->weight, r = y->head * x->weight;

	if (l != r)
		return l < r ? -1 : 1;
	return x->child < y->child ? -1 : x->child > y->child;
}

/*
 * Hands out up to @left among the @m candidates @ent, by weight, none
 * above its head room. Returns what it handed out.
 */
static u64 vnic_alloc_fill(struct vnic_alloc_child *c,
			   struct vnic_alloc_ent *ent, u32 m, u64 left)
{
	u64 given = 0, w = 0, part, rest;
	u32 i, j;

	if (!m || !left)
		return 0;
	sort(ent, m, sizeof(*ent), vnic_alloc_ent_cmp, NULL);
	for (i = 0; i < m; i++)
		w += ent[i].weight;
	/* Saturate the candidates whose head room fits their part. */
	for (i = 0; i < m; i++) {
		part = mul_u64_u64_div_u64(left, ent[i].weight, w);
		if (ent[i].head > part)
			break;
		c[ent[i].child].out += ent[i].head;
		given += ent[i].head;
		left -= ent[i].head;
		w -= ent[i].weight;
	}
	/* Sorted: none of the rest fits, they split what is left. Each
	 * part is rounded down: the bytes that leaves go one each to the
	 * first ones, so parts differ by one at most.
	 */
	rest = left;
	for (j = i; j < m; j++) {
		part = min(mul_u64_u64_div_u64(left, ent[j].weight, w),
			   ent[j].head);
		c[ent[j].child].out += part;
		ent[j].head -= part;
		rest -= part;
	}
	for (j = i; j < m && rest; j++) {
		if (!ent[j].head)
			continue;
		c[ent[j].child].out++;
		rest--;
	}
	return given + left - rest;
}

/* One level: @budget among the @k children @c (their ->out). */
static void vnic_alloc_level(u64 budget, struct vnic_alloc_child *c, u32 k,
			     struct vnic_alloc_ent *ent)
{
	u64 sum = 0, spare;
	u32 j, m;
	int p;

	/* 1. Guarantees, up to what each wants. */
	for (j = 0; j < k; j++) {
		c[j].out = min(c[j].min, c[j].want);
		sum += c[j].out;
	}
	if (sum > budget) {
		/* Only a configuration read while it changed gets here:
		 * the guarantees are validated to fit the capacity.
		 */
		for (j = 0; j < k; j++)
			c[j].out = mul_u64_u64_div_u64(c[j].out, budget, sum);
		sum = 0;
		for (j = 0; j < k; j++)
			sum += c[j].out;
	}
	spare = budget - sum;

	/* 2. The spare to those that want more, by priority, then weight. */
	for (p = VNIC_ALLOC_MAX_PRIO; p >= 0 && spare; p--) {
		for (m = 0, j = 0; j < k; j++) {
			if (c[j].prio != p || c[j].out >= c[j].want)
				continue;
			ent[m].head = c[j].want - c[j].out;
			ent[m].weight = c[j].weight;
			ent[m++].child = j;
		}
		spare -= vnic_alloc_fill(c, ent, m, spare);
	}

	/* 3. The rest to the active ones, up to their ceilings. */
	for (p = VNIC_ALLOC_MAX_PRIO; p >= 0 && spare; p--) {
		for (m = 0, j = 0; j < k; j++) {
			if (!c[j].active || c[j].prio != p ||
			    c[j].out >= c[j].ceil)
				continue;
			ent[m].head = c[j].ceil - c[j].out;
			ent[m].weight = c[j].weight;
			ent[m++].child = j;
		}
		spare -= vnic_alloc_fill(c, ent, m, spare);
	}
}

static u64 vnic_alloc_cap(u64 rate, u64 limit)
{
	return rate ? min(rate, limit) : limit;
}

static void vnic_alloc_leaf(struct vnic_alloc_child *c,
			    const struct vnic_alloc_in *in, u32 i, u64 limit)
{
	c->idx = i;
	c->ceil = vnic_alloc_cap(in->ceil, limit);
	c->min = min(in->min, c->ceil);
	c->active = in->flags & (VNIC_ALLOC_ACTIVE | VNIC_ALLOC_BACKLOGGED);
	if (!c->active)
		c->want = 0;
	else if (in->flags & VNIC_ALLOC_BACKLOGGED)
		c->want = c->ceil;
	else
		c->want = min(in->demand, c->ceil);
	c->weight = clamp_t(u16, in->weight, 1, VNIC_ALLOC_MAX_WEIGHT);
	c->prio = min_t(u8, in->prio, VNIC_ALLOC_MAX_PRIO);
}

/**
 * vnic_alloc - split a parent's capacity among its vnics for one tick
 * @capacity: bytes/s (clamped to VNIC_ALLOC_MAX_RATE)
 * @in: the @n vnics
 * @n: number of vnics
 * @grp: the @ng groups (@in[i].group - 1 indexes them)
 * @ng: number of groups
 * @out: the @n allocations, bytes/s
 * @ws: scratch for @n and @ng (vnic_alloc_ws_init())
 *
 * The sum of @out never exceeds the capacity; it equals it whenever the
 * active vnics can use it all. A backlogged vnic gets at least its
 * guarantee (the guarantees are validated to fit). A vnic with an
 * invalid group index counts as ungrouped.
 */
void vnic_alloc(u64 capacity, const struct vnic_alloc_in *in, u32 n,
		const struct vnic_alloc_grp *grp, u32 ng, u64 *out,
		struct vnic_alloc_ws *ws)
{
	u64 cap = min(capacity, VNIC_ALLOC_MAX_RATE);
	struct vnic_alloc_child *c = ws->child;
	struct vnic_alloc_child leaf;
	struct vnic_alloc_gstate *gs = ws->gs;
	u32 i, g, k = 0, start = 0;

	for (g = 0; g < ng; g++) {
		gs[g].ceil = vnic_alloc_cap(grp[g].ceil, cap);
		gs[g].take = 0;
		gs[g].want = 0;
		gs[g].count = 0;
		gs[g].active = false;
	}
	/* What each grouped vnic wants, summed per group. */
	for (i = 0; i < n; i++) {
		g = in[i].group;
		if (!g || g > ng)
			continue;
		vnic_alloc_leaf(&leaf, &in[i], i, gs[g - 1].ceil);
		gs[g - 1].want = min(gs[g - 1].want + leaf.want,
				     gs[g - 1].ceil);
		/* The most its active members can take, beyond which a
		 * group's share would be lost to the others.
		 */
		if (leaf.active)
			gs[g - 1].take = min(gs[g - 1].take + leaf.ceil,
					     gs[g - 1].ceil);
		gs[g - 1].active |= leaf.active;
		gs[g - 1].count++;
	}
	for (g = 0; g < ng; g++) {
		gs[g].start = start;
		start += gs[g].count;
		gs[g].count = 0;
	}

	/* The parent's level: ungrouped vnics and groups. */
	for (i = 0; i < n; i++) {
		g = in[i].group;
		if (g && g <= ng) {
			ws->order[gs[g - 1].start + gs[g - 1].count++] = i;
			continue;
		}
		vnic_alloc_leaf(&c[k++], &in[i], i, cap);
	}
	for (g = 0; g < ng; g++) {
		c[k].idx = n + g;
		c[k].ceil = gs[g].take;
		c[k].min = min(grp[g].min, gs[g].ceil);
		c[k].want = gs[g].want;
		c[k].active = gs[g].active;
		c[k].weight = clamp_t(u16, grp[g].weight, 1,
				      VNIC_ALLOC_MAX_WEIGHT);
		c[k].prio = min_t(u8, grp[g].prio, VNIC_ALLOC_MAX_PRIO);
		k++;
	}
	vnic_alloc_level(cap, c, k, ws->ent);
	for (i = 0; i < k; i++) {
		if (c[i].idx < n)
			out[c[i].idx] = c[i].out;
		else
			gs[c[i].idx - n].out = c[i].out;
	}

	/* Each group's share among its members. */
	for (g = 0; g < ng; g++) {
		for (i = 0; i < gs[g].count; i++)
			vnic_alloc_leaf(&c[i], &in[ws->order[gs[g].start + i]],
					ws->order[gs[g].start + i], gs[g].ceil);
		vnic_alloc_level(gs[g].out, c, gs[g].count, ws->ent);
		for (i = 0; i < gs[g].count; i++)
			out[c[i].idx] = c[i].out;
	}
}
EXPORT_SYMBOL_IF_KUNIT(vnic_alloc);

/**
 * vnic_alloc_rate - the bucket rate of a vnic from its allocation
 * @out: its allocation (vnic_alloc())
 * @min: its guarantee: a waking vnic has it from its first frame
 * @ceil: its ceiling, 0 for none
 * @floor: the least rate of any vnic, so one with no guarantee can start
 */
u64 vnic_alloc_rate(u64 out, u64 min, u64 ceil, u64 floor)
{
	u64 rate = max3(out, min, floor);

	return ceil ? min(rate, ceil) : rate;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_alloc_rate);
