// SPDX-License-Identifier: GPL-2.0
/*
 * vnic framing checker (TX). Pure: reads the frame through
 * skb_header_pointer() and the policy, nothing else.
 *
 * Claims about the sender's MAC (Ethernet source, ARP sender hardware
 * address, ND link-layer address options) are always checked. Claims about
 * its IP addresses are checked when the policy has allowed prefixes.
 */
#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/export.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/gso.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "framing.h"

struct vnic_framing *vnic_framing_alloc(unsigned int n_prefixes, gfp_t gfp)
{
	struct vnic_framing *fr;

	fr = kzalloc(struct_size(fr, prefixes, n_prefixes), gfp);
	if (fr)
		fr->n_prefixes = n_prefixes;
	return fr;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_framing_alloc);

struct vnic_framing *vnic_framing_default(gfp_t gfp)
{
	struct vnic_framing *fr = vnic_framing_alloc(0, gfp);

	if (!fr)
		return NULL;
	fr->ethertypes[0] = htons(ETH_P_IP);
	fr->ethertypes[1] = htons(ETH_P_ARP);
	fr->ethertypes[2] = htons(ETH_P_IPV6);
	fr->n_ethertypes = 3;
	return fr;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_framing_default);

bool vnic_framing_ethertype_ok(const struct vnic_framing *fr, __be16 proto)
{
	unsigned int i;

	if (!fr->n_ethertypes)
		return true;
	for (i = 0; i < fr->n_ethertypes; i++)
		if (fr->ethertypes[i] == proto)
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_framing_ethertype_ok);

void vnic_prefix_init(struct vnic_prefix *p, const void *addr, bool v4,
		      u8 plen)
{
	memset(p, 0, sizeof(*p));
	p->v4 = v4;
	p->plen = plen;
	if (v4) {
		memcpy(&p->addr.s6_addr32[0], addr, 4);
		p->mask.s6_addr32[0] = plen ? htonl(~0U << (32 - plen)) : 0;
	} else {
		struct in6_addr ones;

		memcpy(&p->addr, addr, sizeof(p->addr));
		memset(&ones, 0xff, sizeof(ones));
		ipv6_addr_prefix(&p->mask, &ones, plen);
	}
}
EXPORT_SYMBOL_IF_KUNIT(vnic_prefix_init);

bool vnic_prefix_has_host_bits(const struct vnic_prefix *p)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (p->addr.s6_addr32[i] & ~p->mask.s6_addr32[i])
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_prefix_has_host_bits);

static bool vnic_ip4_allowed(const struct vnic_framing *fr, __be32 addr)
{
	unsigned int i;

	for (i = 0; i < fr->n_prefixes; i++) {
		const struct vnic_prefix *p = &fr->prefixes[i];

		if (p->v4 &&
		    !((addr ^ p->addr.s6_addr32[0]) & p->mask.s6_addr32[0]))
			return true;
	}
	return false;
}

/* The vnic's own EUI-64 link-local address. */
static bool vnic_ip6_own_ll(const struct in6_addr *addr, const u8 *mac)
{
	struct in6_addr ll = { .s6_addr32 = { htonl(0xfe800000) } };

	ll.s6_addr[8] = mac[0] ^ 0x02;
	ll.s6_addr[9] = mac[1];
	ll.s6_addr[10] = mac[2];
	ll.s6_addr[11] = 0xff;
	ll.s6_addr[12] = 0xfe;
	ll.s6_addr[13] = mac[3];
	ll.s6_addr[14] = mac[4];
	ll.s6_addr[15] = mac[5];
	return ipv6_addr_equal(addr, &ll);
}

static bool vnic_ip6_allowed(const struct vnic_framing *fr,
			     const struct in6_addr *addr, const u8 *mac)
{
	unsigned int i;

	if (vnic_ip6_own_ll(addr, mac))
		return true;
	for (i = 0; i < fr->n_prefixes; i++) {
		const struct vnic_prefix *p = &fr->prefixes[i];

		if (!p->v4 && !ipv6_masked_addr_cmp(addr, &p->mask, &p->addr))
			return true;
	}
	return false;
}

static enum vnic_drop vnic_check_ip4(const struct vnic_framing *fr,
				     const struct sk_buff *skb,
				     unsigned int off)
{
	struct udphdr _uh;
	const struct udphdr *uh;
	struct iphdr _iph;
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->ihl < 5)
		return VNIC_DROP_TX_RUNT;
	if (!fr->n_prefixes || vnic_ip4_allowed(fr, iph->saddr))
		return VNIC_DROP_NONE;

	/* A DHCP client has no address yet. */
	if (iph->saddr == 0 && iph->protocol == IPPROTO_UDP) {
		uh = skb_header_pointer(skb, off + iph->ihl * 4, sizeof(_uh),
					&_uh);
		if (uh && uh->source == htons(68) && uh->dest == htons(67))
			return VNIC_DROP_NONE;
	}
	return VNIC_DROP_TX_SPOOF_IP;
}

/* Ethernet/IPv4 ARP body after the fixed header. */
struct vnic_arp_eth_ip {
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

static enum vnic_drop vnic_check_arp(const struct vnic_framing *fr,
				     const u8 *mac, const struct sk_buff *skb,
				     unsigned int off)
{
	struct vnic_arp_eth_ip _body;
	const struct vnic_arp_eth_ip *body;
	struct arphdr _arp;
	const struct arphdr *arp;

	arp = skb_header_pointer(skb, off, sizeof(_arp), &_arp);
	if (!arp)
		return VNIC_DROP_TX_RUNT;
	if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		return VNIC_DROP_TX_SPOOF_ARP;

	body = skb_header_pointer(skb, off + sizeof(_arp), sizeof(_body),
				  &_body);
	if (!body)
		return VNIC_DROP_TX_RUNT;
	if (!ether_addr_equal(body->sha, mac))
		return VNIC_DROP_TX_SPOOF_ARP;
	/* 0.0.0.0 is an address probe (RFC 5227). */
	if (fr->n_prefixes && body->sip && !vnic_ip4_allowed(fr, body->sip))
		return VNIC_DROP_TX_SPOOF_ARP;
	return VNIC_DROP_NONE;
}

/* Checks link-layer address options of an ND message against @mac. */
static bool vnic_nd_opts_ok(const struct sk_buff *skb, unsigned int off,
			    unsigned int end, const u8 *mac)
{
	u8 _opt[2 + ETH_ALEN];
	const u8 *opt;
	unsigned int len;

	while (off + 2 <= end) {
		opt = skb_header_pointer(skb, off, 2, _opt);
		if (!opt)
			return false;
		len = opt[1] * 8;
		if (!len || off + len > end)
			return false;
		if (opt[0] == ND_OPT_SOURCE_LL_ADDR ||
		    opt[0] == ND_OPT_TARGET_LL_ADDR) {
			if (len < sizeof(_opt))
				return false;
			opt = skb_header_pointer(skb, off, sizeof(_opt), _opt);
			if (!opt || !ether_addr_equal(opt + 2, mac))
				return false;
		}
		off += len;
	}
	return true;
}

static enum vnic_drop vnic_check_nd(const struct vnic_framing *fr,
				    const u8 *mac, const struct sk_buff *skb,
				    unsigned int off, unsigned int end)
{
	struct vnic_nd_msg {
		struct icmp6hdr hdr;
		struct in6_addr target;
	} _nd;
	const struct vnic_nd_msg *nd;
	const struct icmp6hdr *ih;
	unsigned int opts;

	ih = skb_header_pointer(skb, off, sizeof(_nd.hdr), &_nd.hdr);
	if (!ih)
		return VNIC_DROP_TX_RUNT;

	switch (ih->icmp6_type) {
	case NDISC_ROUTER_SOLICITATION:
		opts = off + sizeof(struct icmp6hdr);
		break;
	case NDISC_NEIGHBOUR_SOLICITATION:
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		nd = skb_header_pointer(skb, off, sizeof(_nd), &_nd);
		if (!nd)
			return VNIC_DROP_TX_RUNT;
		if (ih->icmp6_type == NDISC_NEIGHBOUR_ADVERTISEMENT &&
		    fr->n_prefixes && !vnic_ip6_allowed(fr, &nd->target, mac))
			return VNIC_DROP_TX_SPOOF_ND;
		opts = off + sizeof(_nd);
		break;
	default:
		return VNIC_DROP_NONE;
	}
	return vnic_nd_opts_ok(skb, opts, end, mac) ?
	       VNIC_DROP_NONE : VNIC_DROP_TX_SPOOF_ND;
}

static enum vnic_drop vnic_check_ip6(const struct vnic_framing *fr,
				     const u8 *mac, const struct sk_buff *skb,
				     unsigned int off)
{
	struct ipv6hdr _ip6h;
	const struct ipv6hdr *ip6h;
	unsigned int end;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return VNIC_DROP_TX_RUNT;

	if (fr->n_prefixes && !vnic_ip6_allowed(fr, &ip6h->saddr, mac)) {
		/* Unspecified source: DAD probes, MLD reports, RS. */
		if (!ipv6_addr_any(&ip6h->saddr) ||
		    (ip6h->nexthdr != NEXTHDR_ICMP &&
		     ip6h->nexthdr != NEXTHDR_HOP))
			return VNIC_DROP_TX_SPOOF_IP;
	}

	if (ip6h->nexthdr != NEXTHDR_ICMP)
		return VNIC_DROP_NONE;
	end = off + sizeof(*ip6h) + ntohs(ip6h->payload_len);
	end = min(end, skb->len);
	return vnic_check_nd(fr, mac, skb, off + sizeof(*ip6h), end);
}

/**
 * vnic_framing_tx - check a frame a tenant sends through its vnic
 * @fr: the vnic's policy
 * @mac: the vnic's MAC address
 * @skb: the frame, skb->data at the Ethernet header
 * @mtu: largest L3 payload allowed (the vnic's MTU)
 *
 * Return: VNIC_DROP_NONE if the frame may pass, else the drop reason.
 */
enum vnic_drop vnic_framing_tx(const struct vnic_framing *fr, const u8 *mac,
			       const struct sk_buff *skb, unsigned int mtu)
{
	bool tagged = skb_vlan_tag_present(skb);
	unsigned int off = ETH_HLEN;
	struct ethhdr _eth;
	const struct ethhdr *eth;
	struct vlan_hdr _vh;
	const struct vlan_hdr *vh;
	__be16 proto;
	int depth;

	eth = skb_header_pointer(skb, 0, sizeof(_eth), &_eth);
	if (!eth)
		return VNIC_DROP_TX_RUNT;
	if (!ether_addr_equal(eth->h_source, mac))
		return VNIC_DROP_TX_SPOOF_MAC;

	proto = eth->h_proto;
	for (depth = 0; eth_type_vlan(proto); depth++) {
		tagged = true;
		if (depth == 2)
			return VNIC_DROP_TX_VLAN;
		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			return VNIC_DROP_TX_RUNT;
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	if (tagged && (fr->vlan || !fr->vlan_passthrough))
		return VNIC_DROP_TX_VLAN;

	if (skb_is_gso(skb) ? !skb_gso_validate_network_len(skb, mtu) :
			      skb->len - off > mtu)
		return VNIC_DROP_TX_MTU;

	if (!vnic_framing_ethertype_ok(fr, proto))
		return VNIC_DROP_TX_ETHERTYPE;

	switch (proto) {
	case htons(ETH_P_IP):
		return vnic_check_ip4(fr, skb, off);
	case htons(ETH_P_ARP):
		return vnic_check_arp(fr, mac, skb, off);
	case htons(ETH_P_IPV6):
		return vnic_check_ip6(fr, mac, skb, off);
	}
	return VNIC_DROP_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(vnic_framing_tx);
