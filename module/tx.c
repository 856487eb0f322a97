// SPDX-License-Identifier: GPL-2.0
/*
 * vnic TX: frames go to the parent's queue; in bridge mode frames for a
 * sibling bridge-mode vnic are delivered locally instead, and broadcast or
 * multicast frames are also copied to the sibling bridge-mode vnics.
 * Runs in ndo_start_xmit context (BH disabled, RCU held).
 */
#include <linux/if_vlan.h>

#include "vnic.h"

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
		    sib->key.vid != vnic->key.vid)
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

	dst = vnic_port_lookup(vnic->port, eth->h_dest, vnic->key.vid);
	if (!dst || dst == vnic || dst->mode != VNIC_MODE_BRIDGE)
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
	unsigned int len;

	if (unlikely(skb->len < ETH_HLEN)) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}

	if (vnic->mode == VNIC_MODE_BRIDGE && vnic_bridge_xmit(vnic, skb))
		return NETDEV_TX_OK;

	/* Nothing a tenant set on the skb may steer the parent's namespace. */
	if (!net_eq(dev_net(dev), dev_net(parent)))
		skb_scrub_packet(skb, true);

	len = skb->len;
	skb->dev = parent;
	vnic_tx_count(dev, dev_queue_xmit(skb), len);
	return NETDEV_TX_OK;
}
