/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnic bandwidth share: a TX shaper that backpressures (stops the vnic's
 * queue and wakes it from an hrtimer once the bucket's debt is repaid) and
 * an RX policer that drops over-rate frames.
 */
#ifndef _VNIC_SHARE_H
#define _VNIC_SHARE_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>

#include "iq.h"
#include "sched.h"
#include "tbucket.h"

/**
 * struct vnic_share_cfg - configured rates (RTNL)
 * @tx_rate: TX rate, bits per second; 0 for none
 * @tx_burst: TX depth, bytes
 * @rx_rate: RX rate, bits per second; 0 for none
 * @rx_burst: RX depth, bytes
 * @bw_min: guaranteed TX rate, bits per second; 0 for none. Needs the
 *	parent's capacity; at most @tx_rate when set; the guarantees of a
 *	parent's vnics together within its capacity (vnic_sched_check_min())
 * @weight: share of the spare among vnics of one @priority, 1..1000
 * @priority: spare capacity goes to the highest first, 0..7
 * @group: its share group of the parent's scheduler, NULL for none
 */
struct vnic_share_cfg {
	u64 tx_rate;
	u32 tx_burst;
	u64 rx_rate;
	u32 rx_burst;
	u64 bw_min;
	u32 weight;
	u32 priority;
	struct vnic_group *group;
};

/* A vnic's weight unless configured (net-shaper has no default; HTB's
 * quantum follows the rate, so this is vnic's own choice: the middle of
 * a range wide enough for a thousand tenants).
 */
#define VNIC_WEIGHT_DEFAULT	100

/**
 * struct vnic_gso_limit - a GSO size limit of the vnic's device
 * @set: what vnic last wrote into it, 0 before the first time
 * @user: what the admin chose (ip link set ... gso_max_size), 0 for none;
 *	seen as a value other than @set. vnic writes min(@user, its cap).
 */
struct vnic_gso_limit {
	unsigned int set;
	unsigned int user;
};

/**
 * struct vnic_share - live buckets of a vnic
 * @tx_lock: serializes @tx between TX paths on any CPU and configuration
 * @tx: TX shaper
 * @wake: wakes the TX queue when @tx's debt is repaid
 * @rx_lock: serializes @rx between RX softirqs and configuration
 * @rx: RX policer
 * @cfg: configured values (RTNL)
 * @gso: the device's gso_max_size, @gso_ipv4: its gso_ipv4_max_size
 *	(RTNL)
 * @iq: the intermediate queue and its bucket (tx_shaper=iq)
 * @iq_mode: the vnic shapes with @iq, not @tx and @wake: from its
 *	creation with tx_shaper=iq, else from when its parent is first
 *	scheduled (RTNL writes once, smp_store_release(); the fast path
 *	reads with smp_load_acquire())
 * @sched: what the parent's scheduler keeps of the vnic
 */
struct vnic_share {
	spinlock_t tx_lock;	/* protects tx */
	struct vnic_tb tx;
	struct hrtimer wake;
	bool iq_mode;
	spinlock_t rx_lock ____cacheline_aligned_in_smp; /* protects rx */
	struct vnic_tb rx;
	struct vnic_share_cfg cfg;
	struct vnic_gso_limit gso;
	struct vnic_gso_limit gso_ipv4;
	struct vnic_iq iq;
	struct vnic_sched_vnic sched;
};

struct vnic_dev;
struct sk_buff;

bool vnic_share_iq_default(void);
void vnic_share_init(struct vnic_dev *vnic);
void vnic_share_start(struct vnic_dev *vnic);
void vnic_share_stop(struct vnic_dev *vnic);
void vnic_share_policy_changed(struct vnic_dev *vnic);
void vnic_share_update_tso(struct vnic_dev *vnic);
void vnic_share_apply(struct vnic_dev *vnic, const struct vnic_share_cfg *cfg);
void vnic_share_resched(struct vnic_dev *vnic);
enum vnic_tx_verdict vnic_share_tx(struct vnic_dev *vnic, struct sk_buff *skb,
				   u16 tci);
bool vnic_share_rx(struct vnic_dev *vnic, const struct sk_buff *skb,
		   unsigned int l2);
u32 vnic_share_default_burst(u64 rate_bits, u32 frame);

#endif /* _VNIC_SHARE_H */
