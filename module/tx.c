// SPDX-License-Identifier: GPL-2.0
/*
 * vnic TX: frames go to the parent's queue; in bridge mode frames for a
 * sibling bridge-mode vnic are delivered locally instead, and broadcast or
 * multicast frames are also copied to the sibling bridge-mode vnics.
 * Runs in ndo_start_xmit context (BH disabled, RCU held).
 */
#include <linux/if_vlan.h>

#include "vnic.h"

static u16 vnic_vlan(struct vnic_dev *vnic)
{
	return rcu_dereference_bh(vnic->framing)->vlan;
}

static void vnic_tx_count(struct net_device *dev, int ret, unsigned int len)
{
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(dev);
}

static int vnic_forward_local(struct vnic_dev *dst, struct sk_buff *skb)
{
	unsigned int len = skb->len;
	int ret;

	ret = dev_forward_skb(dst->dev, skb);
	if (ret == NET_RX_SUCCESS)
		dev_sw_netstats_rx_add(dst->dev, len);
	else
		dev_core_stats_rx_dropped_inc(dst->dev);
	return ret;
}

static void vnic_bridge_flood(struct vnic_dev *vnic, struct sk_buff *skb)
{
	struct vnic_dev *sib;
	struct sk_buff *nskb;

	list_for_each_entry_rcu(sib, &vnic->port->vnics, list) {
		if (sib == vnic || sib->mode != VNIC_MODE_BRIDGE ||
		    vnic_vlan(sib) != vnic_vlan(vnic))
			continue;
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (!nskb) {
			dev_core_stats_rx_dropped_inc(sib->dev);
			continue;
		}
		vnic_forward_local(sib, nskb);
	}
}

/* Returns true when the frame was consumed by local delivery. */
static bool vnic_bridge_xmit(struct vnic_dev *vnic, struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	struct vnic_dev *dst;
	unsigned int len;
	int ret;

	if (is_multicast_ether_addr(eth->h_dest)) {
		vnic_bridge_flood(vnic, skb);
		return false;
	}

	dst = vnic_port_lookup(vnic->port, eth->h_dest);
	if (!dst || dst == vnic || dst->mode != VNIC_MODE_BRIDGE ||
	    vnic_vlan(dst) != vnic_vlan(vnic))
		return false;

	len = skb->len;
	ret = vnic_forward_local(dst, skb);
	vnic_tx_count(vnic->dev, ret == NET_RX_SUCCESS ?
		      NET_XMIT_SUCCESS : NET_XMIT_DROP, len);
	return true;
}

netdev_tx_t vnic_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vnic_dev *vnic = netdev_priv(dev);
	struct net_device *parent = vnic->parent;
	const struct vnic_framing *fr;
	enum vnic_drop why;
	unsigned int len;

	fr = rcu_dereference_bh(vnic->framing);
	why = vnic_framing_tx(fr, dev->dev_addr, skb,
			      min(READ_ONCE(dev->mtu), READ_ONCE(dev->max_mtu)));
	if (unlikely(why)) {
		vnic_count_drop(vnic, why);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	vnic_share_tx(vnic, skb, fr->vlan ? VLAN_HLEN : 0);

	if (vnic->mode == VNIC_MODE_BRIDGE && vnic_bridge_xmit(vnic, skb))
		return NETDEV_TX_OK;

	if (fr->vlan)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       fr->vlan | fr->vlan_prio << VLAN_PRIO_SHIFT);

	/* Nothing a tenant set on the skb may steer the parent's namespace. */
	if (!net_eq(dev_net(dev), dev_net(parent)))
		skb_scrub_packet(skb, true);

	len = skb->len;
	skb->dev = parent;
	vnic_tx_count(dev, dev_queue_xmit(skb), len);
	return NETDEV_TX_OK;
}
