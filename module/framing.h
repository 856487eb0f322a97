/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnic framing policy and the pure frame checker: given a policy and a
 * frame, say whether it may pass and, if not, why. No netdev state is
 * touched here so the checker can be unit tested on its own.
 */
#ifndef _VNIC_FRAMING_H
#define _VNIC_FRAMING_H

#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/rcupdate.h>
#include <uapi/linux/vnic.h>

/* Why a frame was dropped; indexes the per-CPU drop counters. */
enum vnic_drop {
	VNIC_DROP_NONE,
	VNIC_DROP_TX_SPOOF_MAC,
	VNIC_DROP_TX_SPOOF_IP,
	VNIC_DROP_TX_SPOOF_ARP,
	VNIC_DROP_TX_SPOOF_ND,
	VNIC_DROP_TX_VLAN,
	VNIC_DROP_TX_ETHERTYPE,
	VNIC_DROP_TX_MTU,
	VNIC_DROP_TX_RUNT,
	VNIC_DROP_TX_OFFLOAD,
	VNIC_DROP_TX_RATE,
	VNIC_DROP_RX_VLAN,
	VNIC_DROP_RX_ETHERTYPE,
	VNIC_DROP_RX_LOOP,
	VNIC_DROP_RX_RATE,
	VNIC_DROP_RX_MTU,
	VNIC_DROP_MAX,
};

#define VNIC_DROP_FIRST_RX	VNIC_DROP_RX_VLAN

/* An allowed source prefix; IPv4 uses the first word of @addr and @mask. */
struct vnic_prefix {
	struct in6_addr addr;
	struct in6_addr mask;
	u8 plen;
	bool v4;
};

/**
 * struct vnic_framing - a vnic's framing policy
 *
 * Immutable once published: a change builds a new copy under RTNL, swaps
 * the vnic's RCU pointer and frees the old one after a grace period.
 *
 * @rcu: for kfree_rcu()
 * @vlan: port VLAN id, 0 for none
 * @vlan_prio: 802.1p priority of the port VLAN tag
 * @vlan_passthrough: without a port VLAN, let tagged frames through
 * @mac_change: the tenant may change the vnic's MAC
 * @ethertype_rx: apply the ethertype allowlist on RX too
 * @n_ethertypes: entries in @ethertypes; 0 allows every ethertype
 * @ethertypes: allowed ethertypes, network order
 * @n_prefixes: entries in @prefixes; 0 disables source IP filtering
 * @prefixes: allowed source prefixes
 */
struct vnic_framing {
	struct rcu_head rcu;
	u16 vlan;
	u8 vlan_prio;
	bool vlan_passthrough;
	bool mac_change;
	bool ethertype_rx;
	u8 n_ethertypes;
	u8 n_prefixes;
	__be16 ethertypes[VNIC_MAX_ETHERTYPES];
	struct vnic_prefix prefixes[] __counted_by(n_prefixes);
};

struct vnic_framing *vnic_framing_alloc(unsigned int n_prefixes, gfp_t gfp);
struct vnic_framing *vnic_framing_default(gfp_t gfp);
bool vnic_framing_ethertype_ok(const struct vnic_framing *fr, __be16 proto);
void vnic_prefix_init(struct vnic_prefix *p, const void *addr, bool v4,
		      u8 plen);
bool vnic_prefix_has_host_bits(const struct vnic_prefix *p);

/**
 * struct vnic_frame_info - what the TX checker parsed of a frame
 *
 * Offsets count from the Ethernet header. The TX path holds the skb to
 * them, so that what the parent (checksum, segmentation) acts on is what
 * was checked.
 *
 * @seen: the verdict rests on the bytes [0, @seen) of the frame
 * @ethertype: the Ethernet header's ethertype (a TPID if tagged in-band)
 * @nhoff: network header, behind any in-band tags
 * @thoff: transport header; 0 if the frame has none (not IP, a
 *	later fragment, an unknown header chain)
 * @l4proto: the transport protocol at @thoff
 * @frag: the IP packet is a fragment
 * @csum_resolve: a partial checksum points outside the transport
 *	header's own checksum field: resolve it, then check again
 */
struct vnic_frame_info {
	unsigned int seen;
	__be16 ethertype;
	u16 nhoff;
	u16 thoff;
	u8 l4proto;
	bool frag;
	bool csum_resolve;
};

enum vnic_drop vnic_framing_tx(const struct vnic_framing *fr, const u8 *mac,
			       const struct sk_buff *skb, unsigned int mtu,
			       struct vnic_frame_info *fi);

#endif /* _VNIC_FRAMING_H */
