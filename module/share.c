// SPDX-License-Identifier: GPL-2.0
/*
 * vnic bandwidth share. Frames pay by wire bytes: the Ethernet frame with
 * its header and VLAN tag, without FCS and preamble; a GSO packet pays for
 * every segment's headers, as if it had been segmented.
 */
#include <linux/if_vlan.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/sch_generic.h>

#include "vnic.h"

/* Wire bytes of @skb; @l2 is the length of its Ethernet header if
 * skb->data is past it (RX), 0 if skb->data is at it (TX).
 */
static u64 vnic_wire_len(const struct sk_buff *skb, unsigned int l2)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	u64 len = skb->len + l2;
	unsigned int hdr, segs;

	if (skb_vlan_tag_present(skb))
		len += VLAN_HLEN;
	if (!skb_is_gso(skb) || !shinfo->gso_size ||
	    !skb_transport_header_was_set(skb) || !skb_mac_header_was_set(skb))
		return len;

	hdr = skb_transport_header(skb) - skb_mac_header(skb);
	if (shinfo->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6))
		hdr += tcp_hdrlen(skb);
	else if (shinfo->gso_type & SKB_GSO_UDP_L4)
		hdr += sizeof(struct udphdr);
	if (hdr >= skb->len + l2)
		return len;
	/* Not gso_segs: a sender with PACKET_VNET_HDR leaves it 0. */
	segs = DIV_ROUND_UP(skb->len + l2 - hdr, shinfo->gso_size);
	return len + (u64)(segs - 1) * hdr;
}

/* Hard irq context, as sch_tbf's watchdog: the wake-up raises NET_TX
 * directly instead of going through HRTIMER_SOFTIRQ first.
 */
static enum hrtimer_restart vnic_share_wake(struct hrtimer *timer)
{
	struct vnic_dev *vnic = container_of(timer, struct vnic_dev,
					     share.wake);

	netif_wake_queue(vnic->dev);
	return HRTIMER_NORESTART;
}

enum { VNIC_SHAPER_STOPQ, VNIC_SHAPER_IQ };
static int vnic_tx_shaper = VNIC_SHAPER_STOPQ;

static int vnic_tx_shaper_set(const char *val, const struct kernel_param *kp)
{
	if (sysfs_streq(val, "stopq"))
		WRITE_ONCE(vnic_tx_shaper, VNIC_SHAPER_STOPQ);
	else if (sysfs_streq(val, "iq"))
		WRITE_ONCE(vnic_tx_shaper, VNIC_SHAPER_IQ);
	else
		return -EINVAL;
	return 0;
}

static int vnic_tx_shaper_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", READ_ONCE(vnic_tx_shaper) ==
			  VNIC_SHAPER_IQ ? "iq" : "stopq");
}

static const struct kernel_param_ops vnic_tx_shaper_ops = {
	.set = vnic_tx_shaper_set,
	.get = vnic_tx_shaper_get,
};

module_param_cb(tx_shaper, &vnic_tx_shaper_ops, NULL, 0644);
MODULE_PARM_DESC(tx_shaper,
		 "TX shaper of vnics created from now on: stopq (the queue stops while the bucket is in debt; the tenant's qdisc holds frames) or iq (frames wait in the driver, the vnic has no qdisc of its own)");

/* The shaper a vnic being created gets (vnic_setup()). */
bool vnic_share_iq_default(void)
{
	return READ_ONCE(vnic_tx_shaper) == VNIC_SHAPER_IQ;
}

void vnic_share_init(struct vnic_dev *vnic)
{
	struct vnic_share *sh = &vnic->share;

	vnic_iq_init(&sh->iq);
	spin_lock_init(&sh->tx_lock);
	spin_lock_init(&sh->rx_lock);
	hrtimer_init(&sh->wake, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	sh->wake.function = vnic_share_wake;
}

/*
 * The framing policy or the MAC changed (RTNL): a frame still waiting in
 * the queue, judged and tagged under the old ones, is judged again when it
 * leaves (vnic_tx_rejudge()). It leaves under the new ones or not at all,
 * and nothing it may still send is lost.
 */
void vnic_share_policy_changed(struct vnic_dev *vnic)
{
	ASSERT_RTNL();
	/* The new policy and MAC before the generation: pairs with
	 * vnic_start_xmit()'s smp_rmb().
	 */
	smp_wmb();
	WRITE_ONCE(vnic->tx_gen, vnic->tx_gen + 1);
}

/* ndo_open. */
void vnic_share_start(struct vnic_dev *vnic)
{
	if (vnic->share.iq_mode)
		vnic_iq_start(vnic);
}

/* The vnic goes down or away: no wake-up may touch it any more. A vnic
 * that moved to the queue may still have its old wake-up pending.
 */
void vnic_share_stop(struct vnic_dev *vnic)
{
	if (vnic->share.iq_mode)
		vnic_iq_stop(vnic);
	hrtimer_cancel(&vnic->share.wake);
}

/*
 * The vnic's parent is scheduled: from now on its frames over the rate
 * wait in the driver (iq.c), whatever tx_shaper it was created with: the
 * tick measures demand at the queue. It keeps its qdisc, which holds
 * frames only while the queue is full. Never back (RTNL).
 */
static void vnic_share_use_iq(struct vnic_dev *vnic,
			      const struct vnic_iq_rate *r)
{
	struct vnic_share *sh = &vnic->share;

	ASSERT_RTNL();
	vnic_iq_config(vnic, r, false);
	if (netif_running(vnic->dev))
		vnic_iq_start(vnic);
	/* The queue's bucket before the mode: pairs with vnic_share_tx(). */
	smp_store_release(&sh->iq_mode, true);
	/* No frame is still in the old shaper, and its wake-up is gone: a
	 * queue it stopped goes again (the new one stops it when full). A
	 * vnic not up (one being created) sends nothing and has none.
	 */
	if (netif_running(vnic->dev)) {
		synchronize_net();
		hrtimer_cancel(&sh->wake);
		netif_wake_queue(vnic->dev);
	}
}

u32 vnic_share_default_burst(u64 rate_bits, u32 frame)
{
	/* 10 ms worth of bytes at the rate. */
	u64 burst = div_u64(rate_bits, 8 * 100);

	return clamp_t(u64, burst, frame, U32_MAX);
}

/* A GSO size limit that was @cur before the caps changed becomes @cap, or
 * the admin's own value within it. RTNL held: its writers are serialized.
 */
static void vnic_share_follow_cap(unsigned int *size, unsigned int cur,
				  struct vnic_gso_limit *l, unsigned int cap)
{
	if (l->set && cur != l->set)
		l->user = cur;
	l->set = l->user ? min(l->user, cap) : cap;
	WRITE_ONCE(*size, l->set);
}

/**
 * vnic_share_update_tso - cap GSO packets to about 1 ms at the TX rate
 * @vnic: the vnic
 *
 * A shaped vnic behaves like a slower NIC: the stack sizes its GSO
 * packets for it (as TCP autosizing would for a slow link), which keeps
 * qdisc sojourn times, and so AQM drops, low. Unshaped it inherits the
 * parent's limits. A gso_max_size the admin set stays (within the cap)
 * through rate and parent feature changes. RTNL held.
 */
void vnic_share_update_tso(struct vnic_dev *vnic)
{
	struct net_device *dev = vnic->dev;
	unsigned int gso = READ_ONCE(dev->gso_max_size);
	unsigned int gso_ipv4 = READ_ONCE(dev->gso_ipv4_max_size);
	unsigned int max = vnic->parent->tso_max_size;
	u64 rate = vnic->share.cfg.tx_rate;
	struct vnic_sched *sched;

	ASSERT_RTNL();
	/* Scheduled without a ceiling: 1 ms at the capacity. */
	sched = rtnl_dereference(vnic->port->sched);
	if (!rate && sched)
		rate = sched->cfg.capacity;
	if (rate)
		max = clamp_t(u64, div_u64(rate, 8 * 1000),
			      dev->mtu + ETH_HLEN, max);
	/* This lowers the GSO limits too: they were read before. */
	netif_set_tso_max_size(dev, max);
	netif_set_tso_max_segs(dev, vnic->parent->tso_max_segs);
	max = min_t(unsigned int, max, GSO_LEGACY_MAX_SIZE);
	vnic_share_follow_cap(&dev->gso_max_size, gso, &vnic->share.gso, max);
	vnic_share_follow_cap(&dev->gso_ipv4_max_size, gso_ipv4,
			      &vnic->share.gso_ipv4, max);
}

/*
 * Stores @cfg, and the fields the scheduler's tick reads (its own copy,
 * struct vnic_sched_vnic) one at a time: a tick may see a mix of old and
 * new for one round.
 */
static void vnic_share_set_cfg(struct vnic_share *sh,
			       const struct vnic_share_cfg *cfg)
{
	sh->cfg = *cfg;
	WRITE_ONCE(sh->sched.tick_min, cfg->bw_min);
	WRITE_ONCE(sh->sched.tick_ceil, cfg->tx_rate);
	WRITE_ONCE(sh->sched.tick_weight, cfg->weight);
	WRITE_ONCE(sh->sched.tick_prio, cfg->priority);
	rcu_assign_pointer(sh->sched.tick_group, cfg->group);
}

/*
 * Sets the TX bucket from the configuration and the parent's scheduler:
 * full (@keep false: a new configuration) or keeping its credit or debt.
 * Returns false if the vnic shapes with the stopq bucket, which the
 * caller then configures.
 */
static bool vnic_share_tx_config(struct vnic_dev *vnic, bool keep)
{
	struct vnic_share *sh = &vnic->share;
	struct vnic_iq_rate r;

	vnic_sched_rate(vnic, &r);
	if (!sh->iq_mode && rtnl_dereference(vnic->port->sched))
		vnic_share_use_iq(vnic, &r);
	else if (sh->iq_mode)
		vnic_iq_config(vnic, &r, keep);
	else
		return false;
	return true;
}

/**
 * vnic_share_resched - the vnic's parent got, changed or lost its
 *	scheduler
 * @vnic: the vnic
 *
 * Its bucket runs at what the scheduler gives it, kept within its
 * guarantee and ceiling, or again at its ceiling alone. A scheduled vnic
 * shapes with the queue (vnic_share_use_iq()). RTNL held.
 */
void vnic_share_resched(struct vnic_dev *vnic)
{
	ASSERT_RTNL();
	vnic_share_tx_config(vnic, true);
	vnic_share_update_tso(vnic);
}

/* Applies @cfg; buckets start full. RTNL held. */
void vnic_share_apply(struct vnic_dev *vnic, const struct vnic_share_cfg *cfg)
{
	struct vnic_share *sh = &vnic->share;
	u64 now = ktime_get_ns();

	ASSERT_RTNL();
	vnic_share_set_cfg(sh, cfg);
	if (!vnic_share_tx_config(vnic, false)) {
		spin_lock_bh(&sh->tx_lock);
		vnic_tb_config(&sh->tx, div_u64(cfg->tx_rate, 8),
			       cfg->tx_burst, now);
		spin_unlock_bh(&sh->tx_lock);
	}

	spin_lock_bh(&sh->rx_lock);
	vnic_tb_config(&sh->rx, div_u64(cfg->rx_rate, 8), cfg->rx_burst, now);
	spin_unlock_bh(&sh->rx_lock);

	vnic_share_update_tso(vnic);
	/* A full bucket owes nothing: let a throttled queue go. */
	if (!sh->iq_mode && netif_running(vnic->dev)) {
		hrtimer_cancel(&sh->wake);
		netif_wake_queue(vnic->dev);
	}
	vnic_sched_changed(vnic);
}

/* The tenant attached noqueue: nothing holds frames while the queue is
 * stopped, and the core would log "asks to queue packet" for each one.
 */
static bool vnic_share_noqueue(const struct net_device *dev,
			       const struct sk_buff *skb)
{
	const struct netdev_queue *txq;

	txq = netdev_get_tx_queue(dev, skb_get_queue_mapping(skb));
	return !rcu_dereference_bh(txq->qdisc)->enqueue;
}

/**
 * vnic_share_tx - pass a frame the vnic is sending through its TX shaper
 * @vnic: the vnic
 * @skb: the frame, skb->data at the Ethernet header
 * @tci: its port VLAN tag (VLAN_HLEN more on the wire), 0 for none
 *
 * tx_shaper=stopq: with a qdisc, the frame always goes (the shaper does
 * not drop); when the bucket is in debt afterwards, the queue is stopped
 * until the debt is repaid, so the next frames wait in the qdisc and the
 * sender feels a slower NIC. Without one (noqueue), backpressure is
 * impossible: the bucket polices instead, and the caller drops and counts
 * (tx-rate) what does not conform. The queue is never stopped then.
 * tx_shaper=iq: over the rate the frame waits in the driver (iq.c).
 * Runs in ndo_start_xmit context.
 *
 * Return: what to do with @skb (&enum vnic_tx_verdict): VNIC_TX_GO send
 * it, VNIC_TX_QUEUED it is the queue's, VNIC_TX_DROP free it and count
 * tx-rate, VNIC_TX_ERROR free it and count tx_dropped.
 */
enum vnic_tx_verdict vnic_share_tx(struct vnic_dev *vnic, struct sk_buff *skb,
				   u16 tci)
{
	unsigned int extra = tci ? VLAN_HLEN : 0;
	struct vnic_share *sh = &vnic->share;
	bool ok = true;
	u64 len, now;
	s64 wait = 0;

	/* Pairs with vnic_share_use_iq(). */
	if (smp_load_acquire(&sh->iq_mode)) {
		if (!READ_ONCE(sh->iq.tx.rate) && vnic_iq_idle(&sh->iq))
			return VNIC_TX_GO;
		return vnic_iq_tx(vnic, skb, vnic_wire_len(skb, 0) + extra, tci,
				  vnic_share_noqueue(vnic->dev, skb));
	}

	if (!READ_ONCE(sh->tx.rate))
		return VNIC_TX_GO;

	len = vnic_wire_len(skb, 0) + extra;
	now = ktime_get_ns();
	spin_lock(&sh->tx_lock);
	if (unlikely(vnic_share_noqueue(vnic->dev, skb)))
		ok = vnic_tb_conform(&sh->tx, len, now);
	else
		wait = vnic_tb_charge(&sh->tx, len, now);
	spin_unlock(&sh->tx_lock);
	if (!ok)
		return VNIC_TX_DROP;
	vnic_count_shaped(vnic, len, wait > 0);

	if (wait > 0) {
		netif_stop_queue(vnic->dev);
		hrtimer_start(&sh->wake, ns_to_ktime(wait), HRTIMER_MODE_REL);
	}
	return VNIC_TX_GO;
}

/**
 * vnic_share_rx - police a frame arriving for the vnic
 * @vnic: the vnic
 * @skb: the frame
 * @l2: ETH_HLEN if skb->data is past the Ethernet header (from the wire),
 *	0 if it is at it (from a bridge-mode sibling)
 *
 * Return: true to deliver it, false to drop it (over rate).
 * Runs in softirq context, or in a sibling's ndo_start_xmit (BH off).
 */
bool vnic_share_rx(struct vnic_dev *vnic, const struct sk_buff *skb,
		   unsigned int l2)
{
	struct vnic_share *sh = &vnic->share;
	bool ok;

	if (!READ_ONCE(sh->rx.rate))
		return true;

	spin_lock(&sh->rx_lock);
	ok = vnic_tb_conform(&sh->rx, vnic_wire_len(skb, l2),
			     ktime_get_ns());
	spin_unlock(&sh->rx_lock);
	return ok;
}
