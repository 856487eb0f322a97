// SPDX-License-Identifier: GPL-2.0
/*
 * vnic token bucket; see tbucket.h. Time is a caller-supplied monotonic
 * nanosecond clock so the arithmetic can be tested on its own.
 */
#include <kunit/visibility.h>
#include <linux/compiler.h>
#include <linux/export.h>

#include "tbucket.h"

/**
 * vnic_tb_config - (re)configure a bucket; it starts full
 * @tb: the bucket
 * @rate: bytes per second, 0 for unlimited
 * @burst: depth in bytes
 * @now: current time, ns
 */
void vnic_tb_config(struct vnic_tb *tb, u64 rate, u32 burst, u64 now)
{
	WRITE_ONCE(tb->rate, rate);
	tb->burst = burst;
	tb->depth = rate ? vnic_tb_len2ns(rate, burst) : 0;
	tb->tokens = tb->depth;
	tb->last = now;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_tb_config);

/* The credit (or debt) of @tokens ns at @from bytes/s, in ns at @to. */
static s64 vnic_tb_convert(s64 tokens, u64 from, u64 to)
{
	const u64 bound = VNIC_TB_MAX_DEBT;
	u64 v = abs(tokens);

	/* Past the bound either way; else the quotient fits 64 bits. */
	if (v && div64_u64(from, to) > div64_u64(bound, v))
		v = bound;
	else
		v = min(mul_u64_u64_div_u64(v, from, to), bound);
	return tokens < 0 ? -(s64)v : v;
}

/**
 * vnic_tb_set_rate - change a bucket's rate, keeping its credit or debt
 * @tb: the bucket
 * @rate: bytes per second, 0 for unlimited
 * @burst: depth in bytes
 * @depth_cap: the most ns of transmit time the bucket may hold
 * @now: current time, ns
 *
 * Unlike vnic_tb_config() (a new bucket, full), a running bucket keeps
 * what it has in bytes: a debt is still owed, a credit still spendable,
 * at the new rate. The depth is @burst at @rate, at most @depth_cap (a
 * scheduler bounds how much all its buckets can send at once).
 */
void vnic_tb_set_rate(struct vnic_tb *tb, u64 rate, u32 burst,
		      s64 depth_cap, u64 now)
{
	s64 depth;

	if (!rate) {
		vnic_tb_config(tb, 0, burst, now);
		return;
	}
	depth = min(vnic_tb_len2ns(rate, burst), depth_cap);
	if (!tb->rate) {
		vnic_tb_config(tb, rate, burst, now);
		tb->depth = depth;
		tb->tokens = depth;
		return;
	}
	vnic_tb_refill(tb, now);
	tb->tokens = min(vnic_tb_convert(tb->tokens, tb->rate, rate), depth);
	tb->depth = depth;
	tb->burst = burst;
	WRITE_ONCE(tb->rate, rate);
}
EXPORT_SYMBOL_IF_KUNIT(vnic_tb_set_rate);

/* Adds the tokens accrued since the last refill, up to the depth. */
void vnic_tb_refill(struct vnic_tb *tb, u64 now)
{
	u64 delta;

	if (now <= tb->last)
		return;
	delta = now - tb->last;
	tb->last = now;
	/* tokens <= depth, so depth - tokens cannot overflow. */
	if (delta >= (u64)(tb->depth - tb->tokens))
		tb->tokens = tb->depth;
	else
		tb->tokens += delta;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_tb_refill);

/**
 * vnic_tb_charge - shaper: charge @len bytes, going into debt if needed
 * @tb: the bucket
 * @len: wire bytes
 * @now: current time, ns
 *
 * Return: 0 if the bucket is still not in debt, else the ns until it is
 * repaid (when the next frame may go).
 */
s64 vnic_tb_charge(struct vnic_tb *tb, u64 len, u64 now)
{
	if (!tb->rate)
		return 0;
	vnic_tb_refill(tb, now);
	tb->tokens -= vnic_tb_len2ns(tb->rate, len);
	/* A debt deeper than a few seconds only comes from absurd frames
	 * or rates: bound it so the arithmetic stays far from overflow.
	 */
	tb->tokens = max_t(s64, tb->tokens, -VNIC_TB_MAX_DEBT);
	return tb->tokens < 0 ? -tb->tokens : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_tb_charge);

/**
 * vnic_tb_conform - policer: take @len bytes if the bucket holds them
 * @tb: the bucket
 * @len: wire bytes
 * @now: current time, ns
 *
 * A frame longer than the whole bucket (a GRO packet, a frame after an
 * MTU increase) could never find it holding its cost: it conforms when
 * the bucket is full, and then leaves it in debt for the excess, so the
 * long-term rate still holds and no packet size starves.
 *
 * Return: true if the frame conforms (and was charged), false to drop it.
 */
bool vnic_tb_conform(struct vnic_tb *tb, u64 len, u64 now)
{
	s64 cost;

	if (!tb->rate)
		return true;
	vnic_tb_refill(tb, now);
	cost = vnic_tb_len2ns(tb->rate, len);
	if (min(cost, tb->depth) > tb->tokens)
		return false;
	tb->tokens = max_t(s64, tb->tokens - cost, -VNIC_TB_MAX_DEBT);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_tb_conform);
