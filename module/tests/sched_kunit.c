// SPDX-License-Identifier: GPL-2.0
/* KUnit tests for the share allocator (sched_alloc.c). */
#include <kunit/test.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "../sched_alloc.h"

#define MBIT(x)		((u64)(x) * 125000)	/* bytes per second */
#define KBIT(x)		((u64)(x) * 125)
#define ON		VNIC_ALLOC_ACTIVE
#define BUSY		(VNIC_ALLOC_ACTIVE | VNIC_ALLOC_BACKLOGGED)

/* Runs the allocator with scratch from the test's allocations. */
static void run(struct kunit *test, u64 cap, const struct vnic_alloc_in *in,
		u32 n, const struct vnic_alloc_grp *grp, u32 ng, u64 *out)
{
	struct vnic_alloc_ws ws;
	void *mem;

	mem = kunit_kzalloc(test, vnic_alloc_ws_size(n, ng) + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	vnic_alloc_ws_init(&ws, mem, n, ng);
	vnic_alloc(cap, in, n, grp, ng, out, &ws);
}

#define EXPECT_OUT(test, out, ...) do {					\
	const u64 want_[] = { __VA_ARGS__ };				\
	for (int i_ = 0; i_ < ARRAY_SIZE(want_); i_++)			\
		KUNIT_EXPECT_EQ_MSG(test, (out)[i_], want_[i_],		\
				    "vnic %d", i_);			\
} while (0)

/* The acceptance setup: capacity 60, guarantees 10/15/20, all busy. */
static void three(struct vnic_alloc_in *in)
{
	const u64 mins[] = { 10, 15, 20 };

	for (int i = 0; i < 3; i++)
		in[i] = (struct vnic_alloc_in){ .min = MBIT(mins[i]),
			.weight = 100, .flags = BUSY };
}

static void sched_equal_weights(struct kunit *test)
{
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	run(test, MBIT(60), in, 3, NULL, 0, out);
	/* Guarantees 45, the spare 15 split evenly. */
	EXPECT_OUT(test, out, MBIT(15), MBIT(20), MBIT(25));
}

static void sched_weights(struct kunit *test)
{
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	in[0].weight = 1;
	in[1].weight = 2;
	in[2].weight = 3;
	run(test, MBIT(60), in, 3, NULL, 0, out);
	EXPECT_OUT(test, out, KBIT(12500), MBIT(20), KBIT(27500));
}

static void sched_idle_lends(struct kunit *test)
{
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	in[2].flags = 0;
	run(test, MBIT(60), in, 3, NULL, 0, out);
	/* c's unused guarantee is lent: a + b use the whole capacity. */
	EXPECT_OUT(test, out, KBIT(27500), KBIT(32500), 0);
	/* Its bucket still runs at its guarantee: it has it at once. */
	KUNIT_EXPECT_EQ(test, vnic_alloc_rate(out[2], in[2].min, 0, 0),
			MBIT(20));
}

static void sched_ceiling(struct kunit *test)
{
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	in[0].ceil = MBIT(12);
	run(test, MBIT(60), in, 3, NULL, 0, out);
	EXPECT_OUT(test, out, MBIT(12), KBIT(21500), KBIT(26500));
}

static void sched_priority(struct kunit *test)
{
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	in[0].prio = 7;
	run(test, MBIT(60), in, 3, NULL, 0, out);
	/* The spare goes to priority 7 first; nobody loses a guarantee. */
	EXPECT_OUT(test, out, MBIT(25), MBIT(15), MBIT(20));
}

static void sched_group(struct kunit *test)
{
	const struct vnic_alloc_grp grp = { .min = MBIT(25), .ceil = MBIT(30),
					    .weight = 100 };
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	in[0].group = 1;
	in[1].group = 1;
	run(test, MBIT(60), in, 3, &grp, 1, out);
	/* Top: c 20 + 7.5, the group 25 + 7.5 capped at 30, its 2.5 to c;
	 * in the group: 30 = 10 + 15 + 2.5 each.
	 */
	EXPECT_OUT(test, out, KBIT(12500), KBIT(17500), MBIT(30));
}

static void sched_group_members_capped(struct kunit *test)
{
	const struct vnic_alloc_grp grp = { .ceil = MBIT(30), .weight = 100 };
	struct vnic_alloc_in in[3] = {
		{ .ceil = MBIT(4), .weight = 100, .group = 1, .flags = BUSY },
		{ .ceil = MBIT(6), .weight = 100, .group = 1, .flags = BUSY },
		{ .ceil = MBIT(45), .weight = 1, .flags = ON, .demand = MBIT(1) },
	};
	u64 out[3];

	run(test, MBIT(60), in, 3, &grp, 1, out);
	/* The group may have 30 but its members take 10: the rest is c's,
	 * up to its ceiling, though it asked for 1.
	 */
	EXPECT_OUT(test, out, MBIT(4), MBIT(6), MBIT(45));
}

static void sched_demand_limited(struct kunit *test)
{
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	in[0].flags = ON;
	in[0].demand = MBIT(5);
	run(test, MBIT(60), in, 3, NULL, 0, out);
	/* a wants 5 of its 10: the spare, 20, goes to b and c. */
	EXPECT_OUT(test, out, MBIT(5), MBIT(25), MBIT(30));
}

static void sched_leftover(struct kunit *test)
{
	struct vnic_alloc_in in[3] = {
		{ .demand = MBIT(5), .weight = 1, .flags = ON },
		{ .demand = MBIT(10), .weight = 1, .flags = ON },
		{ .demand = MBIT(15), .ceil = MBIT(20), .weight = 1, .flags = ON },
	};
	u64 out[3];

	run(test, MBIT(60), in, 3, NULL, 0, out);
	/* They want 30 of 60: the other 30 still goes to the active ones
	 * (their demand is a measurement, one tick old), up to c's ceiling.
	 */
	EXPECT_OUT(test, out, KBIT(17500), KBIT(22500), MBIT(20));
}

static void sched_all_idle(struct kunit *test)
{
	struct vnic_alloc_in in[3];
	u64 out[3];

	three(in);
	for (int i = 0; i < 3; i++)
		in[i].flags = 0;
	run(test, MBIT(60), in, 3, NULL, 0, out);
	EXPECT_OUT(test, out, 0, 0, 0);
}

static void sched_overcommitted(struct kunit *test)
{
	const u64 mins[] = { 10, 15, 20 };
	struct vnic_alloc_in in[3];
	u64 out[3], sum = 0;

	three(in);
	/* Guarantees of 45 on 30 (a torn read): scaled to fit. */
	run(test, MBIT(30), in, 3, NULL, 0, out);
	for (int i = 0; i < 3; i++) {
		KUNIT_EXPECT_GE(test, out[i], MBIT(30) * mins[i] / 45);
		KUNIT_EXPECT_LE(test, out[i], MBIT(30) * mins[i] / 45 + 1);
		sum += out[i];
	}
	KUNIT_EXPECT_EQ(test, sum, MBIT(30));
}

static void sched_cascade(struct kunit *test)
{
	struct vnic_alloc_in in[4] = {
		{ .ceil = MBIT(5), .weight = 1, .flags = BUSY },
		{ .ceil = MBIT(12), .weight = 1, .flags = BUSY },
		{ .ceil = MBIT(30), .weight = 1, .flags = BUSY },
		{ .weight = 1, .flags = BUSY },
	};
	u64 out[4];

	run(test, MBIT(60), in, 4, NULL, 0, out);
	/* 15 each; a stops at 5, then 18.33 each: b stops at 12, then the
	 * last two split 43: 21.5 each.
	 */
	EXPECT_OUT(test, out, MBIT(5), MBIT(12), KBIT(21500), KBIT(21500));
}

static void sched_many(struct kunit *test)
{
	const u32 n = 1000;
	struct vnic_alloc_in *in;
	u64 *out, sum = 0;

	in = kunit_kcalloc(test, n, sizeof(*in), GFP_KERNEL);
	out = kunit_kcalloc(test, n, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (u32 i = 0; i < n; i++)
		in[i] = (struct vnic_alloc_in){ .min = MBIT(1) / 100,
			.weight = 100, .flags = BUSY };
	run(test, MBIT(10000) + 999, in, n, NULL, 0, out);
	for (u32 i = 0; i < n; i++) {
		KUNIT_EXPECT_GE(test, out[i], MBIT(10));
		KUNIT_EXPECT_LE(test, out[i], MBIT(10) + 1);
		sum += out[i];
	}
	KUNIT_EXPECT_EQ(test, sum, MBIT(10000) + 999);
}

static void sched_extremes(struct kunit *test)
{
	struct vnic_alloc_in in[2] = {
		{ .ceil = U64_MAX, .weight = 1, .flags = BUSY },
		{ .min = U64_MAX, .weight = 65535, .prio = 255, .flags = BUSY },
	};
	u64 out[2];

	run(test, U64_MAX, in, 2, NULL, 0, out);
	/* Clamped to 2^40: the guarantee takes it all, nothing overflows. */
	KUNIT_EXPECT_EQ(test, out[0], 0);
	KUNIT_EXPECT_EQ(test, out[1], VNIC_ALLOC_MAX_RATE);
	in[1].min = 0;
	run(test, U64_MAX, in, 2, NULL, 0, out);
	KUNIT_EXPECT_EQ(test, out[0] + out[1], VNIC_ALLOC_MAX_RATE);
	/* Weight clamped to 1000, priority to 7: all of it, first. */
	KUNIT_EXPECT_EQ(test, out[1], VNIC_ALLOC_MAX_RATE);
}

/* The most the active vnics can take: their ceilings, a group's capped. */
static u64 takers(const struct vnic_alloc_in *in, u32 n,
		  const struct vnic_alloc_grp *grp, u32 ng, u64 cap)
{
	u64 total = 0, gsum[4] = {}, lim, gceil;

	for (u32 i = 0; i < n; i++) {
		if (!in[i].flags)
			continue;
		gceil = in[i].group ? grp[in[i].group - 1].ceil : 0;
		lim = gceil ? min(gceil, cap) : cap;
		lim = in[i].ceil ? min(in[i].ceil, lim) : lim;
		if (in[i].group)
			gsum[in[i].group - 1] += lim;
		else
			total += lim;
	}
	for (u32 g = 0; g < ng; g++)
		total += min(gsum[g], grp[g].ceil ? min(grp[g].ceil, cap) : cap);
	return total;
}

/* The invariants of sched_alloc.h on seeded random configurations. */
static void sched_property(struct kunit *test)
{
	struct vnic_alloc_in in[12];
	struct vnic_alloc_grp grp[3];
	u64 out[12], cap, sum, ceil, lim;
	struct rnd_state rnd;
	u32 n, ng;

	prandom_seed_state(&rnd, 0x766e6963);
	for (int t = 0; t < 300; t++) {
		cap = MBIT(1 + prandom_u32_state(&rnd) % 1000);
		n = 1 + prandom_u32_state(&rnd) % ARRAY_SIZE(in);
		ng = prandom_u32_state(&rnd) % (ARRAY_SIZE(grp) + 1);
		sum = 0;
		for (u32 g = 0; g < ng; g++) {
			grp[g] = (struct vnic_alloc_grp){
				.ceil = prandom_u32_state(&rnd) % 2 ?
					cap * (1 + prandom_u32_state(&rnd) % 8) / 8 : 0,
				.weight = 1 + prandom_u32_state(&rnd) % 1000,
				.prio = prandom_u32_state(&rnd) % 8,
			};
		}
		for (u32 i = 0; i < n; i++) {
			in[i] = (struct vnic_alloc_in){
				.min = prandom_u32_state(&rnd) % 3 ? 0 :
					cap / (4 * n) * (prandom_u32_state(&rnd) % 4),
				.ceil = prandom_u32_state(&rnd) % 3 ? 0 :
					cap * (1 + prandom_u32_state(&rnd) % 8) / 8,
				.demand = cap * (prandom_u32_state(&rnd) % 9) / 8,
				.weight = 1 + prandom_u32_state(&rnd) % 1000,
				.prio = prandom_u32_state(&rnd) % 8,
				.group = ng ? prandom_u32_state(&rnd) % (ng + 1) : 0,
				.flags = prandom_u32_state(&rnd) % 4,
			};
		}
		/* What validation lets through: a guarantee within its
		 * ceiling; a group's guarantee the members' sum (min auto).
		 */
		for (u32 i = 0; i < n; i++)
			if (in[i].ceil && in[i].ceil < in[i].min)
				in[i].ceil = 0;
		for (u32 g = 0; g < ng; g++) {
			grp[g].min = 0;
			for (u32 i = 0; i < n; i++)
				if (in[i].group == g + 1)
					grp[g].min += in[i].min;
			if (grp[g].ceil && grp[g].ceil < grp[g].min)
				grp[g].ceil = 0;
		}
		run(test, cap, in, n, grp, ng, out);

		for (u32 i = 0; i < n; i++) {
			lim = in[i].group && grp[in[i].group - 1].ceil ?
			      min(grp[in[i].group - 1].ceil, cap) : cap;
			ceil = in[i].ceil ? min(in[i].ceil, lim) : lim;
			sum += out[i];
			KUNIT_EXPECT_LE_MSG(test, out[i], ceil, "case %d vnic %u", t, i);
			if (!in[i].flags)
				KUNIT_EXPECT_EQ_MSG(test, out[i], 0,
						    "case %d idle vnic %u", t, i);
			if (in[i].flags & VNIC_ALLOC_BACKLOGGED)
				KUNIT_EXPECT_GE_MSG(test, out[i],
						    min(in[i].min, ceil),
						    "case %d busy vnic %u", t, i);
		}
		KUNIT_EXPECT_LE_MSG(test, sum, cap, "case %d", t);
		/* Work conservation: all of it, or all the active can take. */
		lim = min(cap, takers(in, n, grp, ng, cap));
		KUNIT_EXPECT_EQ_MSG(test, sum, lim, "case %d", t);
	}
}

static void sched_order_independent(struct kunit *test)
{
	struct vnic_alloc_in in[3], rev[3];
	u64 out[3], rout[3];

	three(in);
	in[0].weight = 7;
	in[1].ceil = MBIT(18);
	for (int i = 0; i < 3; i++)
		rev[i] = in[2 - i];
	run(test, MBIT(60), in, 3, NULL, 0, out);
	run(test, MBIT(60), rev, 3, NULL, 0, rout);
	for (int i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, out[i], rout[2 - i]);
}

static void sched_rate(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vnic_alloc_rate(MBIT(5), MBIT(10), 0, 1), MBIT(10));
	KUNIT_EXPECT_EQ(test, vnic_alloc_rate(MBIT(50), MBIT(10), MBIT(20), 1),
			MBIT(20));
	KUNIT_EXPECT_EQ(test, vnic_alloc_rate(0, 0, 0, 15140), 15140);
}

static struct kunit_case sched_cases[] = {
	KUNIT_CASE(sched_equal_weights),
	KUNIT_CASE(sched_weights),
	KUNIT_CASE(sched_idle_lends),
	KUNIT_CASE(sched_ceiling),
	KUNIT_CASE(sched_priority),
	KUNIT_CASE(sched_group),
	KUNIT_CASE(sched_group_members_capped),
	KUNIT_CASE(sched_demand_limited),
	KUNIT_CASE(sched_leftover),
	KUNIT_CASE(sched_all_idle),
	KUNIT_CASE(sched_overcommitted),
	KUNIT_CASE(sched_cascade),
	KUNIT_CASE(sched_many),
	KUNIT_CASE(sched_extremes),
	KUNIT_CASE(sched_property),
	KUNIT_CASE(sched_order_independent),
	KUNIT_CASE(sched_rate),
	{}
};

static struct kunit_suite sched_suite = {
	.name = "vnic-sched",
	.test_cases = sched_cases,
};

kunit_test_suite(sched_suite);
