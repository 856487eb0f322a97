// SPDX-License-Identifier: GPL-2.0
/*
 * vnic RX: the parent's rx_handler. Runs in softirq under rcu_read_lock().
 *
 * Unicast frames are steered to the vnic owning the destination MAC
 * without a second queueing (RX_HANDLER_ANOTHER); broadcast and multicast
 * frames are cloned to every running vnic of their VLAN and also passed to
 * the parent. A frame whose source MAC belongs to a vnic of this port came
 * back from the wire (a hairpinning switch, a loop): it is never delivered
 * to a vnic, which keeps private vnics isolated whatever the switch does
 * and keeps bridge-mode vnics from seeing their local traffic twice.
 *
 * A vnic with a port VLAN only receives frames tagged with it, by an
 * 802.1Q tag and only one (the tag is stripped); a vnic without one
 * receives untagged frames, and tagged ones only with vlan-passthrough.
 * Frames longer than the vnic's MTU are dropped; runts (shorter than an
 * Ethernet header) are left to the parent.
 */
#include <linux/if_vlan.h>

#include "vnic.h"

/* A frame as the RX policy of a vnic sees it (from the wire, or locally
 * from a bridge-mode sibling): its outer 802.1Q/802.1ad tag, the ethertype
 * behind it and its length past the Ethernet header and that tag.
 */
static void vnic_rx_view_wire(const struct sk_buff *skb,
			      struct vnic_rx_view *v)
{
	v->tagged = skb_vlan_tag_present(skb);
	v->vid = v->tagged ? skb_vlan_tag_get_id(skb) : 0;
	v->tpid = skb->vlan_proto;
	v->proto = skb->protocol;
	v->len = skb->len;
	v->gso = skb_is_gso(skb);
}

/**
 * vnic_rx_verdict - a vnic's RX framing policy
 * @vnic: the receiving vnic
 * @fr: its policy, read once for the whole frame
 * @v: the frame
 *
 * A vnic with a port VLAN only takes frames tagged with it, by one 802.1Q
 * tag; one without takes untagged frames, and tagged ones only with
 * vlan-passthrough. Then the ethertype allowlist (ethertype-rx) and the
 * MTU (GRO and GSO frames are exempt).
 */
enum vnic_drop vnic_rx_verdict(const struct vnic_dev *vnic,
			       const struct vnic_framing *fr,
			       const struct vnic_rx_view *v)
{
	if (fr->vlan) {
		/* Not 802.1ad, and no second tag behind the port VLAN's. */
		if (!v->tagged || v->vid != fr->vlan ||
		    v->tpid != htons(ETH_P_8021Q) || eth_type_vlan(v->proto))
			return VNIC_DROP_RX_VLAN;
	} else if (v->tagged && !fr->vlan_passthrough) {
		return VNIC_DROP_RX_VLAN;
	}
	if (fr->ethertype_rx && !vnic_framing_ethertype_ok(fr, v->proto))
		return VNIC_DROP_RX_ETHERTYPE;
	if (v->len > READ_ONCE(vnic->dev->mtu) && !v->gso)
		return VNIC_DROP_RX_MTU;
	return VNIC_DROP_NONE;
}

/* Does a broadcast on this frame's VLAN concern a vnic with @fr at all? */
static bool vnic_rx_same_vlan(const struct vnic_framing *fr,
			      const struct vnic_rx_view *v)
{
	if (!v->tagged)
		return !fr->vlan;
	return !fr->vlan || v->vid == fr->vlan;
}

static void vnic_rx_flood(struct vnic_port *port, struct sk_buff *skb)
{
	const struct ethhdr *eth = eth_hdr(skb);
	const struct vnic_framing *fr;
	struct vnic_rx_view v;
	struct vnic_dev *vnic;
	enum vnic_drop why;
	struct sk_buff *nskb;
	unsigned int len;

	vnic_rx_view_wire(skb, &v);
	list_for_each_entry_rcu(vnic, &port->vnics, list) {
		fr = rcu_dereference(vnic->framing);
		if (!netif_running(vnic->dev) || !vnic_rx_same_vlan(fr, &v))
			continue;
		why = vnic_rx_verdict(vnic, fr, &v);
		if (!why && !vnic_share_rx(vnic, skb, ETH_HLEN))
			why = VNIC_DROP_RX_RATE;
		if (why) {
			vnic_count_drop(vnic, why);
			continue;
		}

		nskb = skb_clone(skb, GFP_ATOMIC);
		if (!nskb) {
			dev_core_stats_rx_dropped_inc(vnic->dev);
			continue;
		}
		if (fr->vlan)
			__vlan_hwaccel_clear_tag(nskb);
		len = nskb->len + ETH_HLEN;
		nskb->dev = vnic->dev;
		if (ether_addr_equal_64bits(eth->h_dest, vnic->dev->broadcast))
			nskb->pkt_type = PACKET_BROADCAST;
		else
			nskb->pkt_type = PACKET_MULTICAST;

		/* netif_rx() counts a frame it drops in the vnic's rx_dropped
		 * (enqueue_to_backlog()).
		 */
		if (netif_rx(nskb) == NET_RX_SUCCESS)
			dev_sw_netstats_rx_add(vnic->dev, len);
	}
}

rx_handler_result_t vnic_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ethhdr *eth = eth_hdr(skb);
	const struct vnic_framing *fr;
	struct vnic_dev *vnic, *src;
	struct vnic_rx_view v;
	struct vnic_port *port;
	enum vnic_drop why;
	unsigned int len;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	/* A runt: eth_type_trans() could not pull an Ethernet header. */
	if (unlikely(skb->mac_len < ETH_HLEN))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);

	if (is_multicast_ether_addr(eth->h_dest)) {
		src = vnic_port_lookup(port, eth->h_source);
		if (src)
			vnic_count_drop(src, VNIC_DROP_RX_LOOP);
		else
			vnic_rx_flood(port, skb);
		return RX_HANDLER_PASS;
	}

	vnic = vnic_port_lookup(port, eth->h_dest);
	if (!vnic)
		return RX_HANDLER_PASS;

	/* Only a frame for a vnic needs its source checked: the parent's
	 * own unicast traffic pays one lookup, not two.
	 */
	if (unlikely(vnic_port_lookup(port, eth->h_source))) {
		why = VNIC_DROP_RX_LOOP;
		goto drop;
	}
	if (unlikely(!netif_running(vnic->dev))) {
		kfree_skb(skb);
		dev_core_stats_rx_dropped_inc(vnic->dev);
		return RX_HANDLER_CONSUMED;
	}
	fr = rcu_dereference(vnic->framing);
	vnic_rx_view_wire(skb, &v);
	why = vnic_rx_verdict(vnic, fr, &v);
	if (!why && !vnic_share_rx(vnic, skb, ETH_HLEN))
		why = VNIC_DROP_RX_RATE;
	if (unlikely(why))
		goto drop;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		dev_core_stats_rx_dropped_inc(vnic->dev);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;

	if (fr->vlan)
		__vlan_hwaccel_clear_tag(skb);
	len = skb->len + ETH_HLEN;
	skb->dev = vnic->dev;
	skb->pkt_type = PACKET_HOST;
	dev_sw_netstats_rx_add(vnic->dev, len);
	return RX_HANDLER_ANOTHER;

drop:
	vnic_count_drop(vnic, why);
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}
