// SPDX-License-Identifier: GPL-2.0
/* KUnit tests for the vnic token bucket (tbucket.c). */
#include <kunit/test.h>

#include "../tbucket.h"

#define MBIT(x)	((x) * 1000000ULL / 8)	/* bytes per second */

static void tb_starts_full(struct kunit *test)
{
	struct vnic_tb tb;

	vnic_tb_config(&tb, MBIT(8), 10000, 0);	/* 1 byte per us */
	KUNIT_EXPECT_EQ(test, tb.depth, 10000 * 1000LL);
	KUNIT_EXPECT_EQ(test, tb.tokens, tb.depth);
	/* The whole burst goes at once, the next byte waits. */
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 10000, 0), 0);
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 1500, 0), 1500 * 1000LL);
}

static void tb_refill_caps_at_depth(struct kunit *test)
{
	struct vnic_tb tb;

	vnic_tb_config(&tb, MBIT(8), 2000, 0);
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 2000, 0), 0);
	vnic_tb_refill(&tb, 1000 * 1000);	/* 1 ms: 1000 bytes */
	KUNIT_EXPECT_EQ(test, tb.tokens, 1000 * 1000LL);
	vnic_tb_refill(&tb, 10ULL * NSEC_PER_SEC);	/* long idle */
	KUNIT_EXPECT_EQ(test, tb.tokens, tb.depth);
	/* Extreme idle must not overflow. */
	vnic_tb_refill(&tb, U64_MAX);
	KUNIT_EXPECT_EQ(test, tb.tokens, tb.depth);
}

static void tb_time_never_goes_back(struct kunit *test)
{
	struct vnic_tb tb;

	vnic_tb_config(&tb, MBIT(8), 2000, 5000000);
	vnic_tb_charge(&tb, 2000, 5000000);
	vnic_tb_refill(&tb, 1000);	/* earlier than last: ignored */
	KUNIT_EXPECT_EQ(test, tb.tokens, 0);
	KUNIT_EXPECT_EQ(test, tb.last, 5000000ULL);
}

static void tb_debt_is_repaid_exactly(struct kunit *test)
{
	struct vnic_tb tb;
	u64 now = 0, sent = 0;
	s64 wait;

	/* Saturate at 100 Mbit/s for one simulated second: the bytes sent
	 * (after the burst) match the rate to the byte.
	 */
	vnic_tb_config(&tb, MBIT(100), 65536, 0);
	while (now < NSEC_PER_SEC) {
		wait = vnic_tb_charge(&tb, 1514, now);
		sent += 1514;
		now += wait;
	}
	KUNIT_EXPECT_LE(test, sent, MBIT(100) + 65536 + 1514);
	KUNIT_EXPECT_GE(test, sent, MBIT(100) + 65536 - 1514);
}

static void tb_extreme_rates(struct kunit *test)
{
	struct vnic_tb tb;

	/* 1 byte/s and a 64 KiB GSO packet: 65536 s of debt, all of it. */
	vnic_tb_config(&tb, 1, 2000, 0);
	KUNIT_EXPECT_GT(test, vnic_tb_charge(&tb, 65536, 0), 0);
	KUNIT_EXPECT_EQ(test, tb.tokens, (2000 - 65536) * (s64)NSEC_PER_SEC);
	/* The deepest debt is bounded, far from overflow. */
	vnic_tb_charge(&tb, U64_MAX, 0);
	vnic_tb_charge(&tb, U64_MAX, 0);
	KUNIT_EXPECT_EQ(test, tb.tokens, -VNIC_TB_MAX_DEBT);
	/* Absurd frame at the lowest rate: no overflow in len2ns. */
	KUNIT_EXPECT_GT(test, vnic_tb_len2ns(1, U64_MAX), 0);
	/* Terabit rates: a frame costs next to nothing. */
	vnic_tb_config(&tb, U64_MAX / 8, U32_MAX, 0);
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 1514, 0), 0);
}

static void tb_unlimited(struct kunit *test)
{
	struct vnic_tb tb;

	vnic_tb_config(&tb, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 1 << 20, 0), 0);
	KUNIT_EXPECT_TRUE(test, vnic_tb_conform(&tb, 1 << 20, 0));
}

static void tb_rate_change_restarts_full(struct kunit *test)
{
	struct vnic_tb tb;

	vnic_tb_config(&tb, MBIT(8), 2000, 0);
	vnic_tb_charge(&tb, 100000, 0);	/* deep debt */
	vnic_tb_config(&tb, MBIT(80), 20000, 10);
	KUNIT_EXPECT_EQ(test, tb.tokens, tb.depth);
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 20000, 10), 0);
}

static void tb_policer(struct kunit *test)
{
	struct vnic_tb tb;

	vnic_tb_config(&tb, MBIT(8), 3000, 0);
	KUNIT_EXPECT_TRUE(test, vnic_tb_conform(&tb, 1500, 0));
	KUNIT_EXPECT_TRUE(test, vnic_tb_conform(&tb, 1500, 0));
	/* Empty: refused, and a refusal costs nothing (no debt). */
	KUNIT_EXPECT_FALSE(test, vnic_tb_conform(&tb, 1500, 0));
	KUNIT_EXPECT_EQ(test, tb.tokens, 0);
	KUNIT_EXPECT_TRUE(test, vnic_tb_conform(&tb, 1500, 1500 * 1000));
}

/* A frame longer than the bucket conforms when it is full, then the
 * debt holds the rate: nothing passes until it is repaid.
 */
static void tb_policer_oversized(struct kunit *test)
{
	struct vnic_tb tb;
	u64 t;

	vnic_tb_config(&tb, MBIT(8), 3000, 0);	/* 1 byte/us, 3 ms deep */
	KUNIT_EXPECT_TRUE(test, vnic_tb_conform(&tb, 64000, 0));
	KUNIT_EXPECT_EQ(test, tb.tokens, -61000 * 1000LL);
	/* Repaid and refilled only after 64 ms in all. */
	KUNIT_EXPECT_FALSE(test, vnic_tb_conform(&tb, 1500, 62000 * 1000));
	KUNIT_EXPECT_TRUE(test, vnic_tb_conform(&tb, 1500, 62500 * 1000));
	/* Not yet full again: the next oversized one waits for it. */
	t = 62500 * 1000 + 2000 * 1000;
	KUNIT_EXPECT_FALSE(test, vnic_tb_conform(&tb, 64000, t));
	KUNIT_EXPECT_TRUE(test, vnic_tb_conform(&tb, 64000, t + 1500 * 1000));
}

static void tb_set_rate_keeps_credit(struct kunit *test)
{
	struct vnic_tb tb;

	/* 10000 bytes of credit at 1 byte/us, then twice the rate: the
	 * same 10000 bytes, now 5 ms.
	 */
	vnic_tb_config(&tb, MBIT(8), 10000, 0);
	vnic_tb_set_rate(&tb, MBIT(16), 10000, S64_MAX, 0);
	KUNIT_EXPECT_EQ(test, tb.rate, MBIT(16));
	KUNIT_EXPECT_EQ(test, tb.tokens, 5000 * 1000LL);
	KUNIT_EXPECT_EQ(test, tb.depth, 5000 * 1000LL);
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 10000, 0), 0);
	KUNIT_EXPECT_GT(test, vnic_tb_charge(&tb, 1, 0), 0);
}

static void tb_set_rate_keeps_debt(struct kunit *test)
{
	struct vnic_tb tb;

	/* 1500 bytes owed at 1 byte/us (1.5 ms), then half the rate: still
	 * 1500 bytes owed, now 3 ms; at twice the rate 0.75 ms.
	 */
	vnic_tb_config(&tb, MBIT(8), 10000, 0);
	vnic_tb_charge(&tb, 11500, 0);
	vnic_tb_set_rate(&tb, MBIT(4), 10000, S64_MAX, 0);
	KUNIT_EXPECT_EQ(test, tb.tokens, -3000 * 1000LL);
	vnic_tb_set_rate(&tb, MBIT(16), 10000, S64_MAX, 0);
	KUNIT_EXPECT_EQ(test, tb.tokens, -750 * 1000LL);
	/* Time passes at the new rate: 0.75 ms later the debt is paid. */
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 0, 750 * 1000), 0);
}

static void tb_set_rate_depth_cap(struct kunit *test)
{
	struct vnic_tb tb;

	vnic_tb_config(&tb, MBIT(8), 10000, 0);
	vnic_tb_set_rate(&tb, MBIT(8), 10000, 2 * NSEC_PER_MSEC, 0);
	KUNIT_EXPECT_EQ(test, tb.depth, 2 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, tb.tokens, 2 * NSEC_PER_MSEC);
	/* From unlimited: a new bucket, full to the cap. */
	vnic_tb_config(&tb, 0, 10000, 0);
	vnic_tb_set_rate(&tb, MBIT(8), 10000, NSEC_PER_MSEC, 5);
	KUNIT_EXPECT_EQ(test, tb.tokens, NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, tb.last, 5);
	/* To unlimited. */
	vnic_tb_set_rate(&tb, 0, 10000, NSEC_PER_MSEC, 5);
	KUNIT_EXPECT_EQ(test, vnic_tb_charge(&tb, 1 << 30, 5), 0);
	/* A debt is not forgiven by a cut to an absurdly low rate: 1 GiB
	 * owed at 1 byte/s is 2^30 s (less the 10000-byte credit).
	 */
	vnic_tb_config(&tb, MBIT(8000), 10000, 0);
	vnic_tb_charge(&tb, 1 << 30, 0);
	vnic_tb_set_rate(&tb, 1, 10000, S64_MAX, 0);
	KUNIT_EXPECT_EQ(test, tb.tokens,
			-((s64)(1 << 30) - 10000) * (s64)NSEC_PER_SEC);
	/* ... nor by one past the bound. */
	vnic_tb_config(&tb, MBIT(8000), 10000, 0);
	vnic_tb_charge(&tb, U64_MAX, 0);
	vnic_tb_set_rate(&tb, 1, 10000, S64_MAX, 0);
	KUNIT_EXPECT_EQ(test, tb.tokens, -VNIC_TB_MAX_DEBT);
}

static struct kunit_case vnic_tb_cases[] = {
	KUNIT_CASE(tb_starts_full),
	KUNIT_CASE(tb_refill_caps_at_depth),
	KUNIT_CASE(tb_time_never_goes_back),
	KUNIT_CASE(tb_debt_is_repaid_exactly),
	KUNIT_CASE(tb_extreme_rates),
	KUNIT_CASE(tb_unlimited),
	KUNIT_CASE(tb_rate_change_restarts_full),
	KUNIT_CASE(tb_policer),
	KUNIT_CASE(tb_policer_oversized),
	KUNIT_CASE(tb_set_rate_keeps_credit),
	KUNIT_CASE(tb_set_rate_keeps_debt),
	KUNIT_CASE(tb_set_rate_depth_cap),
	{}
};

static struct kunit_suite vnic_tb_suite = {
	.name = "vnic-tbucket",
	.test_cases = vnic_tb_cases,
};

kunit_test_suite(vnic_tb_suite);
