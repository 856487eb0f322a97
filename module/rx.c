// SPDX-License-Identifier: GPL-2.0
/*
 * vnic RX: the parent's rx_handler. Runs in softirq under rcu_read_lock().
 *
 * Unicast frames are steered to the vnic owning the destination MAC (+VLAN)
 * without a second queueing (RX_HANDLER_ANOTHER); broadcast and multicast
 * frames are cloned to every running vnic and also passed to the parent.
 * A frame whose source MAC belongs to a vnic of this port came back from
 * the wire (a hairpinning switch, a loop): it is never delivered to a vnic,
 * which keeps private vnics isolated whatever the switch does and keeps
 * bridge-mode vnics from seeing their local traffic twice.
 */
#include <linux/if_vlan.h>

#include "vnic.h"

static void vnic_rx_flood(struct vnic_port *port, struct sk_buff *skb,
			  u16 vid)
{
	const struct ethhdr *eth = eth_hdr(skb);
	struct vnic_dev *vnic;
	struct sk_buff *nskb;
	unsigned int len;

	list_for_each_entry_rcu(vnic, &port->vnics, list) {
		if (vnic->key.vid != vid || !netif_running(vnic->dev))
			continue;

		nskb = skb_clone(skb, GFP_ATOMIC);
		if (!nskb) {
			dev_core_stats_rx_dropped_inc(vnic->dev);
			continue;
		}
		len = nskb->len + ETH_HLEN;
		nskb->dev = vnic->dev;
		if (ether_addr_equal_64bits(eth->h_dest, vnic->dev->broadcast))
			nskb->pkt_type = PACKET_BROADCAST;
		else
			nskb->pkt_type = PACKET_MULTICAST;

		if (netif_rx(nskb) == NET_RX_SUCCESS)
			dev_sw_netstats_rx_add(vnic->dev, len);
		else
			dev_core_stats_rx_dropped_inc(vnic->dev);
	}
}

rx_handler_result_t vnic_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ethhdr *eth = eth_hdr(skb);
	struct vnic_dev *vnic, *src;
	struct vnic_port *port;
	unsigned int len;
	u16 vid = 0;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	if (skb_vlan_tag_present(skb))
		vid = skb_vlan_tag_get_id(skb);

	src = vnic_port_lookup(port, eth->h_source, vid);

	if (is_multicast_ether_addr(eth->h_dest)) {
		if (!src)
			vnic_rx_flood(port, skb, vid);
		return RX_HANDLER_PASS;
	}

	vnic = vnic_port_lookup(port, eth->h_dest, vid);
	if (!vnic)
		return RX_HANDLER_PASS;

	if (unlikely(src || !netif_running(vnic->dev)))
		goto drop;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		dev_core_stats_rx_dropped_inc(vnic->dev);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;

	len = skb->len + ETH_HLEN;
	skb->dev = vnic->dev;
	skb->pkt_type = PACKET_HOST;
	dev_sw_netstats_rx_add(vnic->dev, len);
	return RX_HANDLER_ANOTHER;

drop:
	dev_core_stats_rx_dropped_inc(vnic->dev);
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}
