// SPDX-License-Identifier: GPL-2.0
/*
 * vnic intermediate TX queue; see iq.h.
 *
 * Ordering: a frame goes at once only if nothing waits and no batch is
 * being sent (@draining), so frames leave in the order they came. The
 * drain is armed by the frame that finds the queue empty, re-armed by the
 * drain itself while frames wait (hrtimer_start() from the callback, then
 * HRTIMER_NORESTART: hrtimer_cancel() still catches it), and kicked by a
 * rate change; all three under @lock and only while @up, so after
 * vnic_iq_stop()'s hrtimer_cancel() nothing arms it again.
 */
#include <linux/netdevice.h>

#include "vnic.h"

/* Per vnic, in frames and wire bytes: below a default qdisc's 1000 frames
 * (the design's 4096 frames of truesize were more than a tenant needs);
 * TCP Small Queues keep a flow to a few frames here, so only floods (UDP,
 * packet sockets) fill it.
 */
#define VNIC_IQ_LIMIT_PKTS	512
#define VNIC_IQ_LIMIT_BYTES	(4U << 20)
/* Frames one drain run sends before it lets the softirq go. */
#define VNIC_IQ_BATCH		64

static bool vnic_iq_full(const struct vnic_iq *iq)
{
	return skb_queue_len(&iq->q) >= VNIC_IQ_LIMIT_PKTS ||
	       iq->bytes >= VNIC_IQ_LIMIT_BYTES;
}

/* The bucket holds no debt at @now: a frame may start. */
static bool vnic_iq_ready(struct vnic_iq *iq, u64 now)
{
	if (!iq->tx.rate)
		return true;
	vnic_tb_refill(&iq->tx, now);
	return iq->tx.tokens >= 0;
}

/* Arms the drain for when the debt is repaid. @lock held, @up. */
static void vnic_iq_arm(struct vnic_iq *iq, u64 now)
{
	u64 at = now;

	if (iq->tx.rate && iq->tx.tokens < 0)
		at += -iq->tx.tokens;
	hrtimer_start(&iq->drain, ns_to_ktime(at), HRTIMER_MODE_ABS_SOFT);
}

static enum hrtimer_restart vnic_iq_drain(struct hrtimer *timer)
{
	struct vnic_iq *iq = container_of(timer, struct vnic_iq, drain);
	struct vnic_dev *vnic = container_of(iq, struct vnic_dev, share.iq);
	struct sk_buff_head batch;
	struct vnic_tx_cb *cb;
	struct sk_buff *skb;
	bool wake = false;
	int n = 0;
	u64 now;

	__skb_queue_head_init(&batch);
	spin_lock(&iq->lock);
	if (!iq->up) {
		spin_unlock(&iq->lock);
		return HRTIMER_NORESTART;
	}
	now = ktime_get_ns();
	/* Before the first frame leaves the queue (vnic_iq_idle()). */
	WRITE_ONCE(iq->draining, true);
	/* Pairs with vnic_iq_idle()'s smp_rmb(). */
	smp_wmb();
	while (n++ < VNIC_IQ_BATCH && !skb_queue_empty(&iq->q) &&
	       vnic_iq_ready(iq, now)) {
		skb = __skb_dequeue(&iq->q);
		cb = vnic_tx_cb(skb);
		iq->bytes -= cb->len;
		vnic_tb_charge(&iq->tx, cb->len, now);
		WRITE_ONCE(iq->sent, iq->sent + cb->len);
		__skb_queue_tail(&batch, skb);
	}
	spin_unlock(&iq->lock);

	while ((skb = __skb_dequeue(&batch))) {
		cb = vnic_tx_cb(skb);
		if (unlikely(cb->gen != READ_ONCE(vnic->tx_gen)) &&
		    !vnic_tx_rejudge(vnic, skb, &cb->tci))
			continue;
		vnic_count_shaped(vnic, cb->len, false);
		vnic_tx_finish(vnic, skb, cb->tci);
	}

	spin_lock(&iq->lock);
	WRITE_ONCE(iq->draining, false);
	if (iq->stopped && skb_queue_len(&iq->q) < VNIC_IQ_LIMIT_PKTS / 2 &&
	    iq->bytes < VNIC_IQ_LIMIT_BYTES / 2) {
		iq->stopped = false;
		wake = true;
	}
	if (iq->up && !skb_queue_empty(&iq->q))
		vnic_iq_arm(iq, ktime_get_ns());
	spin_unlock(&iq->lock);
	if (wake)
		netif_wake_queue(vnic->dev);
	return HRTIMER_NORESTART;
}

void vnic_iq_init(struct vnic_iq *iq)
{
	spin_lock_init(&iq->lock);
	__skb_queue_head_init(&iq->q);
	hrtimer_init(&iq->drain, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	iq->drain.function = vnic_iq_drain;
}

/* ndo_open. */
void vnic_iq_start(struct vnic_dev *vnic)
{
	struct vnic_iq *iq = &vnic->share.iq;

	spin_lock_bh(&iq->lock);
	iq->up = true;
	spin_unlock_bh(&iq->lock);
}

/*
 * ndo_stop and ndo_uninit: the drain is cancelled and the frames still
 * waiting are dropped (tx_dropped): the vnic goes down, moves to another
 * netns or goes away. TX is already quiesced (dev_deactivate_many()).
 */
void vnic_iq_stop(struct vnic_dev *vnic)
{
	struct vnic_iq *iq = &vnic->share.iq;
	struct sk_buff_head left;
	struct sk_buff *skb;

	__skb_queue_head_init(&left);
	spin_lock_bh(&iq->lock);
	iq->up = false;
	spin_unlock_bh(&iq->lock);
	/* Outside the lock: the callback takes it. */
	hrtimer_cancel(&iq->drain);

	spin_lock_bh(&iq->lock);
	skb_queue_splice_init(&iq->q, &left);
	iq->bytes = 0;
	iq->stopped = false;
	spin_unlock_bh(&iq->lock);
	while ((skb = __skb_dequeue(&left))) {
		dev_core_stats_tx_dropped_inc(vnic->dev);
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
	}
}

/* A new rate for the bucket, @lock held; see vnic_iq_config(). */
static void vnic_iq_set(struct vnic_iq *iq, u64 rate, u32 burst,
			s64 depth_cap, bool keep)
{
	u64 now = ktime_get_ns();

	if (keep) {
		vnic_tb_set_rate(&iq->tx, rate, burst, depth_cap, now);
	} else {
		vnic_tb_config(&iq->tx, rate, burst, now);
		iq->tx.depth = min(iq->tx.depth, depth_cap);
		iq->tx.tokens = iq->tx.depth;
	}
	if (iq->up && !skb_queue_empty(&iq->q) && !iq->draining)
		vnic_iq_arm(iq, now);
}

/**
 * vnic_iq_config - a new configuration of the bucket
 * @vnic: the vnic
 * @r: its rate, ceiling, burst and depth cap
 * @keep: keep its credit or debt in bytes, else it starts full (a new
 *	configuration, vnic_share_apply())
 *
 * Waiting frames are sent on at the new rate; with none, all of them at
 * once. RTNL held.
 */
void vnic_iq_config(struct vnic_dev *vnic, const struct vnic_iq_rate *r,
		    bool keep)
{
	struct vnic_iq *iq = &vnic->share.iq;

	ASSERT_RTNL();
	spin_lock_bh(&iq->lock);
	iq->ceil = r->ceil;
	vnic_iq_set(iq, r->base, r->burst, r->depth_cap, keep);
	spin_unlock_bh(&iq->lock);
}

/**
 * vnic_iq_share - the scheduler's tick gives the vnic a new rate
 * @vnic: the vnic
 * @rate: bytes/s, not 0; never above the vnic's ceiling as configured now
 * @burst: the bucket's depth, bytes
 * @depth_cap: the most ns of transmit time it may hold
 *
 * The bucket keeps its credit or debt. Softirq (the tick).
 */
void vnic_iq_share(struct vnic_dev *vnic, u64 rate, u32 burst, s64 depth_cap)
{
	struct vnic_iq *iq = &vnic->share.iq;

	spin_lock_bh(&iq->lock);
	if (iq->ceil)
		rate = min(rate, iq->ceil);
	vnic_iq_set(iq, rate, burst, depth_cap, true);
	spin_unlock_bh(&iq->lock);
}

/**
 * vnic_iq_tx - pass a frame through the queue
 * @vnic: the vnic
 * @skb: the frame, checked
 * @len: its wire bytes
 * @tci: its port VLAN tag, 0 for none
 * @noqueue: the tenant has no qdisc: a full queue drops instead of
 *	stopping the TX queue
 *
 * A frame that waits is first made fit to outlive this RCU section and,
 * for another netns, scrubbed (vnic_tx_hold()). Runs in ndo_start_xmit
 * context.
 *
 * Return: VNIC_TX_GO (the bucket was charged: send @skb now),
 * VNIC_TX_QUEUED (@skb is the queue's), VNIC_TX_DROP (over the rate with
 * nowhere to wait, or the vnic is not up) or VNIC_TX_ERROR (@skb could not
 * be made to wait); the caller frees and counts the last two.
 */
enum vnic_tx_verdict vnic_iq_tx(struct vnic_dev *vnic, struct sk_buff *skb,
				u64 len, u16 tci, bool noqueue)
{
	struct vnic_iq *iq = &vnic->share.iq;
	u64 now = ktime_get_ns();
	struct vnic_tx_cb *cb;
	bool first;

	spin_lock(&iq->lock);
	if (likely(skb_queue_empty(&iq->q) && !iq->draining) &&
	    vnic_iq_ready(iq, now)) {
		if (iq->tx.rate)
			vnic_tb_charge(&iq->tx, len, now);
		WRITE_ONCE(iq->sent, iq->sent + len);
		spin_unlock(&iq->lock);
		vnic_count_shaped(vnic, len, false);
		vnic_sched_active(vnic);
		return VNIC_TX_GO;
	}
	/* The core feeds no stopped device; nothing would drain it. */
	if (unlikely(!iq->up) || (unlikely(vnic_iq_full(iq)) && noqueue)) {
		spin_unlock(&iq->lock);
		return VNIC_TX_DROP;
	}
	if (unlikely(vnic_tx_hold(vnic, skb))) {
		spin_unlock(&iq->lock);
		return VNIC_TX_ERROR;
	}
	/* Lossless with a qdisc: a frame over the limit waits too, the
	 * qdisc holds the next ones. Stopped again even if something else
	 * (the old shaper's wake-up, vnic_share_use_iq()) woke the queue.
	 */
	if (unlikely(vnic_iq_full(iq))) {
		iq->stopped = true;
		netif_stop_queue(vnic->dev);
	}
	cb = vnic_tx_cb(skb);
	cb->len = len;
	cb->tci = tci;
	first = skb_queue_empty(&iq->q);
	__skb_queue_tail(&iq->q, skb);
	iq->bytes += len;
	WRITE_ONCE(iq->waited, iq->waited + 1);
	if (first && !iq->draining)
		vnic_iq_arm(iq, now);
	spin_unlock(&iq->lock);
	/* tx-throttled: the queue went from empty to waiting. */
	if (first) {
		vnic_count_shaped(vnic, 0, true);
		vnic_sched_kick(vnic);
	}
	return VNIC_TX_QUEUED;
}
