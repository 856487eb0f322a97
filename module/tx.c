// SPDX-License-Identifier: GPL-2.0
/*
 * vnic TX: frames go to the parent's queue; in bridge mode frames for a
 * sibling bridge-mode vnic are delivered locally instead, and broadcast or
 * multicast frames are also copied to the sibling bridge-mode vnics.
 * Runs in ndo_start_xmit context (BH disabled, RCU held); a frame that
 * waited in the vnic's queue (iq.c) is sent on from its drain, a softirq
 * (BH disabled; vnic_tx_finish() takes the RCU read locks it needs).
 *
 * A frame is judged by what the wire will carry. The checker's verdict
 * rests on bytes and offload state the tenant could otherwise still
 * change after the check, so before a frame leaves:
 *  - the bytes the verdict rests on are in the skb's own linear head (page
 *    fragments can be the sender's memory: a PACKET_TX_RING frame);
 *  - a partial checksum lands only in the transport header's own checksum
 *    field, else it is computed here and the frame checked again;
 *  - skb->protocol and the network/transport header offsets, which pick
 *    and steer the parent's checksum and segmentation, are the ones the
 *    checker parsed;
 *  - in another netns than the parent's, nothing the tenant set on the skb
 *    (mark, priority, tc_skip_classify, delivery time, timestamp
 *    requests) reaches the parent.
 */
#include <linux/if_vlan.h>
#include <net/dst.h>

#include "vnic.h"

static void vnic_tx_count(struct net_device *dev, int ret, unsigned int len)
{
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(dev);
}

/* Holds @skb to what the checker parsed (see the top of this file). */
static void vnic_tx_pin(struct sk_buff *skb, const struct vnic_frame_info *fi)
{
	/* Checksum and segmentation of the outer headers only: a partial
	 * checksum elsewhere (a tunnel's inner one) was resolved, and no
	 * tunnel GSO is accepted.
	 */
	skb->encapsulation = 0;
	skb->no_fcs = 0;
	skb->protocol = fi->ethertype;
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, fi->nhoff);
	if (fi->thoff)
		skb_set_transport_header(skb, fi->thoff);
	else
		skb->transport_header = (typeof(skb->transport_header))~0U;
	skb_reset_mac_len(skb);
}

/*
 * Nothing a tenant set on the skb may steer the parent's namespace:
 * skb_scrub_packet() clears the mark; the priority (SO_PRIORITY picks
 * qdisc classes, HTB_DIRECT, the 802.1p PCP) and an ifb's
 * tc_skip_classify are cleared as ____dev_forward_skb() does; an
 * SO_TXTIME delivery time (which skb_scrub_packet() keeps) would hold
 * packets in the parent's fq or drive its ETF; hardware and scheduler
 * timestamp requests would take the parent NIC's timestamp slots and
 * report its clock. Returns non-zero if @skb could not be made private.
 */
static int vnic_tx_scrub(struct sk_buff *skb)
{
	const u8 flags = SKBTX_HW_TSTAMP | SKBTX_HW_TSTAMP_USE_CYCLES |
			 SKBTX_HW_TSTAMP_NETDEV | SKBTX_SCHED_TSTAMP;

	skb_scrub_packet(skb, true);
	skb->priority = 0;
#ifdef CONFIG_NET_CLS_ACT
	skb->tc_skip_classify = 0;
#endif
	skb_set_delivery_time(skb, 0, SKB_CLOCK_REALTIME);
	if (unlikely(skb_shinfo(skb)->tx_flags & flags)) {
		if (skb_unclone(skb, GFP_ATOMIC))
			return -ENOMEM;
		skb_shinfo(skb)->tx_flags &= ~flags;
	}
	return 0;
}

/**
 * vnic_set_tx_mac - publish the MAC the TX check enforces
 * @vnic: the vnic (RTNL, or before it is registered)
 * @addr: a MAC vnic_check_mac() accepted for it, never read back from
 *	dev_addr: an upper device can rewrite that without asking the driver
 *	(bonding's balance-tlb uses dev_addr_set() on its slaves)
 */
void vnic_set_tx_mac(struct vnic_dev *vnic, const u8 *addr)
{
	write_seqlock_bh(&vnic->tx_mac_lock);
	ether_addr_copy(vnic->tx_mac, addr);
	write_sequnlock_bh(&vnic->tx_mac_lock);
}

/* The enforced MAC, whole: never half of an old one and half of a new. */
static void vnic_get_tx_mac(struct vnic_dev *vnic, u8 *mac)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&vnic->tx_mac_lock);
		ether_addr_copy(mac, vnic->tx_mac);
	} while (read_seqretry(&vnic->tx_mac_lock, seq));
}

/* Passes of the checker: a pull and a checksum resolution each ask for one
 * more; a frame that keeps asking is refused.
 */
#define VNIC_TX_PASSES	4

/*
 * vnic_tx_admit - check a frame and make the verdict hold at the wire
 *
 * Return: VNIC_DROP_NONE to send it; a drop reason; or VNIC_DROP_MAX if
 * the frame could not be made safe for lack of memory (counted as a plain
 * tx_dropped, not as a policy drop).
 */
static enum vnic_drop vnic_tx_admit(struct vnic_dev *vnic,
				    const struct vnic_framing *fr,
				    struct sk_buff *skb)
{
	struct net_device *dev = vnic->dev;
	unsigned int mtu = min(READ_ONCE(dev->mtu), READ_ONCE(dev->max_mtu));
	struct vnic_frame_info fi;
	u8 mac[ETH_ALEN] __aligned(2);
	enum vnic_drop why;
	unsigned int seen;
	int pass, csum_end;

	/* One copy for every pass: the tenant may change its MAC meanwhile
	 * (mac-change on), never into a mix of two.
	 */
	vnic_get_tx_mac(vnic, mac);
	for (pass = 0; pass < VNIC_TX_PASSES; pass++) {
		why = vnic_framing_tx(fr, mac, skb, mtu, &fi);
		if (why)
			return why;
		/* A read past the end found nothing to pull. */
		seen = min(fi.seen, skb->len);
		if (unlikely(seen > skb_headlen(skb))) {
			if (!pskb_may_pull(skb, seen))
				return VNIC_DROP_MAX;
			continue;
		}
		if (unlikely(fi.csum_resolve)) {
			csum_end = skb_checksum_start_offset(skb) +
				   skb->csum_offset + sizeof(__sum16);
			if (skb_checksum_start_offset(skb) < 0 ||
			    !pskb_may_pull(skb, csum_end))
				return VNIC_DROP_TX_OFFLOAD;
			if (skb_csum_hwoffload_help(skb, 0))
				return VNIC_DROP_MAX;
			continue;
		}
		vnic_tx_pin(skb, &fi);
		return VNIC_DROP_NONE;
	}
	return VNIC_DROP_TX_OFFLOAD;
}

/* @skb from a bridge-mode sibling, skb->data at the Ethernet header, as
 * the RX policy sees it: @src_vlan is the port VLAN both share.
 */
static void vnic_rx_view_local(const struct sk_buff *skb, u16 src_vlan,
			       struct vnic_rx_view *v)
{
	const struct vlan_ethhdr *veth = (const struct vlan_ethhdr *)skb->data;

	v->gso = skb_is_gso(skb);
	v->proto = veth->h_vlan_proto;
	v->len = skb->len - ETH_HLEN;
	v->tagged = false;
	v->vid = 0;
	v->tpid = 0;
	if (skb_vlan_tag_present(skb)) {
		/* An offloaded tag (generic XDP), as on RX from the wire. */
		v->tagged = true;
		v->vid = skb_vlan_tag_get_id(skb);
		v->tpid = skb->vlan_proto;
	} else if (src_vlan) {
		/* Tagged with the port VLAN on its way, untagged at @dst. */
		v->tagged = true;
		v->vid = src_vlan;
		v->tpid = htons(ETH_P_8021Q);
	} else if (eth_type_vlan(v->proto) &&
		   skb_headlen(skb) >= VLAN_ETH_HLEN) {
		/* A vlan-passthrough sender's own tag. */
		v->tagged = true;
		v->vid = ntohs(veth->h_vlan_TCI) & VLAN_VID_MASK;
		v->tpid = veth->h_vlan_proto;
		v->proto = veth->h_vlan_encapsulated_proto;
		v->len -= VLAN_HLEN;
	}
}

/* Delivers @skb to the sibling @dst, as a frame from the wire would be:
 * @dst's RX policy and RX share first.
 */
static int vnic_forward_local(struct vnic_dev *dst, u16 src_vlan,
			      struct sk_buff *skb)
{
	const struct vnic_framing *fr = rcu_dereference(dst->framing);
	struct vnic_rx_view v;
	enum vnic_drop why;
	unsigned int len;
	int ret;

	vnic_rx_view_local(skb, src_vlan, &v);
	why = vnic_rx_verdict(dst, fr, &v);
	if (!why && !vnic_share_rx(dst, skb, 0))
		why = VNIC_DROP_RX_RATE;
	if (why) {
		vnic_count_drop(dst, why);
		kfree_skb(skb);
		return NET_RX_DROP;
	}

	len = skb->len;
	/* dev_forward_skb() counts a frame it drops in @dst's rx_dropped. */
	ret = dev_forward_skb(dst->dev, skb);
	if (ret == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(dst->dev, len);
	return ret;
}

static void vnic_bridge_flood(struct vnic_dev *vnic, u16 vlan,
			      struct sk_buff *skb)
{
	struct vnic_dev *sib;
	struct sk_buff *nskb;

	list_for_each_entry_rcu(sib, &vnic->port->vnics, list) {
		if (sib == vnic || sib->mode != VNIC_MODE_BRIDGE ||
		    rcu_dereference(sib->framing)->vlan != vlan)
			continue;
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (!nskb) {
			dev_core_stats_rx_dropped_inc(sib->dev);
			continue;
		}
		vnic_forward_local(sib, vlan, nskb);
	}
}

/* Returns true when the frame was consumed by local delivery. */
static bool vnic_bridge_xmit(struct vnic_dev *vnic, u16 vlan,
			     struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	struct vnic_dev *dst;
	unsigned int len;
	int ret;

	if (is_multicast_ether_addr(eth->h_dest)) {
		vnic_bridge_flood(vnic, vlan, skb);
		return false;
	}

	dst = vnic_port_lookup(vnic->port, eth->h_dest);
	if (!dst || dst == vnic || dst->mode != VNIC_MODE_BRIDGE ||
	    rcu_dereference(dst->framing)->vlan != vlan)
		return false;

	len = skb->len;
	ret = vnic_forward_local(dst, vlan, skb);
	vnic_tx_count(vnic->dev, ret == NET_RX_SUCCESS ?
		      NET_XMIT_SUCCESS : NET_XMIT_DROP, len);
	return true;
}

/*
 * vnic_tx_hold - make a frame fit to wait in the vnic's queue (iq.c): past
 * this RCU section (no noref dst) and, in another netns than the
 * parent's, scrubbed now, as vnic_tx_finish() would. Returns non-zero on
 * failure.
 */
int vnic_tx_hold(struct vnic_dev *vnic, struct sk_buff *skb)
{
	/* The core drops it before ndo_start_xmit (IFF_XMIT_DST_RELEASE). */
	skb_dst_drop(skb);
	if (!net_eq(dev_net(vnic->dev), dev_net(vnic->parent)))
		return vnic_tx_scrub(skb);
	return 0;
}

/*
 * vnic_tx_finish - send a checked frame on: to a bridge-mode sibling, or
 * tagged with the port VLAN to the parent's queue
 * @vnic: the sender
 * @skb: the frame, admitted and within the share
 * @tci: the port VLAN's tag (VID and priority), 0 for none: decided by the
 *	same policy read as the check, never a later one
 */
void vnic_tx_finish(struct vnic_dev *vnic, struct sk_buff *skb, u16 tci)
{
	struct net_device *dev = vnic->dev;
	struct net_device *parent = vnic->parent;
	unsigned int len;

	if (vnic->mode == VNIC_MODE_BRIDGE) {
		bool local;

		/* The demux table and the siblings' policies are read
		 * under rcu_read_lock(), as br_dev_xmit() does.
		 */
		rcu_read_lock();
		local = vnic_bridge_xmit(vnic, tci & VLAN_VID_MASK, skb);
		rcu_read_unlock();
		if (local)
			return;
	}

	if (tci)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), tci);

	if (!net_eq(dev_net(dev), dev_net(parent)) &&
	    unlikely(vnic_tx_scrub(skb))) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return;
	}

	len = skb->len;
	skb->dev = parent;
	vnic_tx_count(dev, dev_queue_xmit(skb), len);
}

/*
 * vnic_tx_rejudge - judge again a frame that waited in the queue while the
 * policy or the MAC changed (vnic_share_policy_changed())
 * @vnic: the sender
 * @skb: the frame, held (vnic_tx_hold())
 * @tci: set to the port VLAN tag of the current policy
 *
 * Runs in the drain (softirq). Return: true to send it on; false if it
 * was refused (dropped and counted under its reason).
 */
bool vnic_tx_rejudge(struct vnic_dev *vnic, struct sk_buff *skb, u16 *tci)
{
	const struct vnic_framing *fr;
	enum vnic_drop why;

	/* The drain saw a new tx_gen: the policy and MAC behind it, not
	 * older ones (pairs with vnic_share_policy_changed()'s smp_wmb()).
	 */
	smp_rmb();
	rcu_read_lock();
	fr = rcu_dereference(vnic->framing);
	why = vnic_tx_admit(vnic, fr, skb);
	if (likely(!why))
		*tci = fr->vlan ? fr->vlan | fr->vlan_prio << VLAN_PRIO_SHIFT : 0;
	rcu_read_unlock();
	if (likely(!why))
		return true;
	if (why == VNIC_DROP_MAX)
		dev_core_stats_tx_dropped_inc(vnic->dev);
	else
		vnic_count_drop(vnic, why);
	kfree_skb(skb);
	return false;
}

netdev_tx_t vnic_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	const struct vnic_framing *fr;
	enum vnic_drop why;
	u32 gen;
	u16 tci;

	/* The generation before the policy: a frame that waits is judged
	 * again if either changed since (vnic_share_policy_changed()).
	 */
	gen = READ_ONCE(vnic->tx_gen);
	/* Pairs with vnic_share_policy_changed()'s smp_wmb(). */
	smp_rmb();
	fr = rcu_dereference_bh(vnic->framing);
	why = vnic_tx_admit(vnic, fr, skb);
	if (unlikely(why)) {
		if (why == VNIC_DROP_MAX)
			dev_core_stats_tx_dropped_inc(dev);
		else
			vnic_count_drop(vnic, why);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	tci = fr->vlan ? fr->vlan | fr->vlan_prio << VLAN_PRIO_SHIFT : 0;
	vnic_tx_cb(skb)->gen = gen;
	switch (vnic_share_tx(vnic, skb, tci)) {
	case VNIC_TX_GO:
		vnic_tx_finish(vnic, skb, tci);
		break;
	case VNIC_TX_QUEUED:
		break;
	case VNIC_TX_DROP:
		vnic_count_drop(vnic, VNIC_DROP_TX_RATE);
		kfree_skb(skb);
		break;
	case VNIC_TX_ERROR:
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		break;
	}
	return NETDEV_TX_OK;
}
