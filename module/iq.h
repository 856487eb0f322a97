/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnic intermediate TX queue (tx_shaper=iq): a shaped vnic's frames over
 * its rate wait in the driver, not in the tenant's qdisc, and a soft
 * hrtimer sends them on at the rate (the mac80211 model: the device is
 * IFF_NO_QUEUE). A waiting frame stays charged to its socket, so TCP
 * Small Queues and the socket's send buffer hold the sender back: nothing
 * is dropped for TCP. Only a full queue stops the vnic's TX queue (a
 * tenant qdisc then holds the rest), or, with no qdisc, drops (tx-rate).
 * The tenant cannot reach, replace or bypass this queue.
 */
#ifndef _VNIC_IQ_H
#define _VNIC_IQ_H

#include <linux/hrtimer.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>

#include "tbucket.h"

/* What vnic_share_tx() decided for a frame. */
enum vnic_tx_verdict {
	VNIC_TX_GO,	/* send it now */
	VNIC_TX_QUEUED,	/* the queue has it: the drain sends it */
	VNIC_TX_DROP,	/* over the rate with nowhere to wait (tx-rate) */
	VNIC_TX_ERROR,	/* could not be made to wait (tx_dropped) */
};

/* A waiting frame's wire length and port VLAN tag, in skb->cb. */
struct vnic_tx_cb {
	u32 len;
	u32 gen;
	u16 tci;
};

static inline struct vnic_tx_cb *vnic_tx_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct vnic_tx_cb) > sizeof(skb->cb));
	return (struct vnic_tx_cb *)skb->cb;
}

/**
 * struct vnic_iq - the intermediate queue of a vnic
 * @lock: the vnic's TX lock: the fast path (any CPU, BH off), the drain
 *	(softirq) and configuration (RTNL, spin_lock_bh) take it
 * @q: waiting frames (unlocked skb_queue operations, under @lock)
 * @tx: the TX bucket; its rate is also read locklessly (READ_ONCE)
 * @drain: sends waiting frames as the bucket allows (soft, absolute)
 * @bytes: wire bytes waiting
 * @up: between ndo_open and ndo_stop: only then may @drain be armed
 * @draining: the drain is taking or sending a batch; a new frame queues
 *	behind it instead of overtaking it. Also read locklessly
 *	(vnic_iq_idle()): WRITE_ONCE() before the batch leaves @q
 * @stopped: the queue was full and stopped the vnic's TX queue
 * @ceil: the vnic's ceiling, bytes/s, 0 for none (RTNL writes): the
 *	scheduler's tick, which read the configuration a moment ago, never
 *	sets the bucket above it
 * @sent: wire bytes the bucket let go, @waited: frames that had to wait;
 *	both only grow (WRITE_ONCE() under @lock), and the parent's
 *	scheduler reads them locklessly to measure demand
 */
struct vnic_iq {
	spinlock_t lock;	/* protects everything below */
	struct sk_buff_head q;
	struct vnic_tb tx;
	struct hrtimer drain;
	u64 bytes;
	bool up;
	bool draining;
	bool stopped;
	u64 ceil;
	unsigned long sent;
	unsigned long waited;
};

struct vnic_dev;

void vnic_iq_init(struct vnic_iq *iq);
void vnic_iq_start(struct vnic_dev *vnic);
void vnic_iq_stop(struct vnic_dev *vnic);
/**
 * struct vnic_iq_rate - what a vnic's TX bucket is to run at
 * @base: its rate, bytes/s, 0 for none
 * @ceil: the most the scheduler's tick may set (bytes/s), 0 for none
 * @burst: the bucket's depth, bytes
 * @depth_cap: the most ns of transmit time it may hold
 */
struct vnic_iq_rate {
	u64 base;
	u64 ceil;
	u32 burst;
	s64 depth_cap;
};

void vnic_iq_config(struct vnic_dev *vnic, const struct vnic_iq_rate *r,
		    bool keep);
void vnic_iq_share(struct vnic_dev *vnic, u64 rate, u32 burst, s64 depth_cap);
enum vnic_tx_verdict vnic_iq_tx(struct vnic_dev *vnic, struct sk_buff *skb,
				u64 len, u16 tci, bool noqueue);

/*
 * Nothing waits and no batch is being sent: an unshaped vnic's frame may
 * go without the lock. Pairs with the smp_wmb() in vnic_iq_drain(): a
 * queue the drain emptied is seen together with its @draining.
 */
static inline bool vnic_iq_idle(const struct vnic_iq *iq)
{
	if (!skb_queue_empty_lockless(&iq->q))
		return false;
	/* Pairs with vnic_iq_drain()'s smp_wmb(). */
	smp_rmb();
	return !READ_ONCE(iq->draining);
}

/* Frames wait (lockless: the scheduler's tick). */
static inline bool vnic_iq_backlogged(const struct vnic_iq *iq)
{
	return !skb_queue_empty_lockless(&iq->q);
}

#endif /* _VNIC_IQ_H */
