/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Token bucket in nanoseconds of transmit time (as sch_tbf does), pure and
 * lock-free by itself: callers serialize access. Used as a shaper (charge,
 * may go into debt, tells how long until the debt is repaid) and as a
 * policer (conform or not, no debt).
 */
#ifndef _VNIC_TBUCKET_H
#define _VNIC_TBUCKET_H

#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>
#include <linux/types.h>

/**
 * struct vnic_tb - token bucket
 * @rate: bytes per second; 0 means unlimited
 * @burst: depth in bytes
 * @depth: depth in ns of transmit time at @rate
 * @tokens: ns of transmit time available; negative when in debt
 * @last: time of the last refill, ns (monotonic)
 */
struct vnic_tb {
	/* Also read without the lock (READ_ONCE()): written by WRITE_ONCE() */
	u64 rate;
	u32 burst;
	s64 depth;
	s64 tokens;
	u64 last;
};

#define VNIC_TB_MAX_NS	(S64_MAX / 2)
/* The deepest debt, ns (73 years): far from overflow, and never reached by
 * a real charge, so no debt is ever forgiven, whatever the rate becomes
 * (a tenant could otherwise repay a huge GSO packet's debt at a cut rate,
 * then send at full rate again).
 */
#define VNIC_TB_MAX_DEBT	(VNIC_TB_MAX_NS / 2)

/* Transmit time of @len bytes at @rate bytes/s, saturating. */
static inline s64 vnic_tb_len2ns(u64 rate, u64 len)
{
	/* The quotient must fit 64 bits or the division traps. */
	if (div64_u64(len, rate) >= VNIC_TB_MAX_NS / NSEC_PER_SEC)
		return VNIC_TB_MAX_NS;
	return min_t(u64, mul_u64_u64_div_u64(len, NSEC_PER_SEC, rate),
		     VNIC_TB_MAX_NS);
}

void vnic_tb_config(struct vnic_tb *tb, u64 rate, u32 burst, u64 now);
void vnic_tb_refill(struct vnic_tb *tb, u64 now);
void vnic_tb_set_rate(struct vnic_tb *tb, u64 rate, u32 burst,
		      s64 depth_cap, u64 now);
s64 vnic_tb_charge(struct vnic_tb *tb, u64 len, u64 now);
bool vnic_tb_conform(struct vnic_tb *tb, u64 len, u64 now);

#endif /* _VNIC_TBUCKET_H */
