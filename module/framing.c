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
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
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

/* Reads @len bytes at @off of the frame; the verdict now rests on them. */
static const void *vnic_hdr(const struct sk_buff *skb,
			    struct vnic_frame_info *fi, unsigned int off,
			    unsigned int len, void *buf)
{
	fi->seen = max(fi->seen, off + len);
	return skb_header_pointer(skb, off, len, buf);
}

/* The fixed part of a BOOTP/DHCP message, up to the client's MAC. */
struct vnic_bootp {
	u8 op;
	u8 htype;
	u8 hlen;
	u8 hops;
	__be32 xid;
	__be16 secs;
	__be16 flags;
	__be32 ciaddr;
	__be32 yiaddr;
	__be32 siaddr;
	__be32 giaddr;
	u8 chaddr[ETH_ALEN];
} __packed;

#define VNIC_BOOTREQUEST	1

/*
 * A DHCP client without an address yet (RFC 2131 4.1): a BOOTREQUEST from
 * 0.0.0.0:68, broadcast to port 67, unfragmented and unsegmented, for the
 * vnic's own MAC and without a client address. Everything else from
 * 0.0.0.0 is a spoof.
 */
static bool vnic_dhcp_client(const u8 *mac, const struct sk_buff *skb,
			     const struct iphdr *iph, unsigned int l4,
			     struct vnic_frame_info *fi)
{
	struct vnic_bootp _bp;
	const struct vnic_bootp *bp;
	struct udphdr _uh;
	const struct udphdr *uh;

	/* Not GSO: later segments carry payload this never read. */
	if (iph->saddr || iph->daddr != htonl(INADDR_BROADCAST) ||
	    iph->protocol != IPPROTO_UDP || skb_is_gso(skb) ||
	    (iph->frag_off & htons(IP_MF | IP_OFFSET)))
		return false;
	uh = vnic_hdr(skb, fi, l4, sizeof(_uh), &_uh);
	if (!uh || uh->source != htons(68) || uh->dest != htons(67))
		return false;
	bp = vnic_hdr(skb, fi, l4 + sizeof(_uh), sizeof(_bp), &_bp);
	return bp && bp->op == VNIC_BOOTREQUEST && bp->htype == ARPHRD_ETHER &&
	       bp->hlen == ETH_ALEN && !bp->ciaddr &&
	       ether_addr_equal(bp->chaddr, mac);
}

static enum vnic_drop vnic_check_ip4(const struct vnic_framing *fr,
				     const u8 *mac, const struct sk_buff *skb,
				     unsigned int off, struct vnic_frame_info *fi)
{
	struct iphdr _iph;
	const struct iphdr *iph;
	unsigned int l4;

	/* A header no receiver would take as IPv4 is no IPv4 to pass. */
	iph = vnic_hdr(skb, fi, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return VNIC_DROP_TX_RUNT;
	l4 = off + iph->ihl * 4;
	fi->frag = iph->frag_off & htons(IP_MF | IP_OFFSET);
	/* A later fragment carries no transport header. */
	if (!(iph->frag_off & htons(IP_OFFSET)) && l4 <= skb->len) {
		fi->thoff = l4;
		fi->l4proto = iph->protocol;
	}
	if (!fr->n_prefixes || vnic_ip4_allowed(fr, iph->saddr) ||
	    vnic_dhcp_client(mac, skb, iph, l4, fi))
		return VNIC_DROP_NONE;
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
				     unsigned int off, struct vnic_frame_info *fi)
{
	struct vnic_arp_eth_ip _body;
	const struct vnic_arp_eth_ip *body;
	struct arphdr _arp;
	const struct arphdr *arp;

	arp = vnic_hdr(skb, fi, off, sizeof(_arp), &_arp);
	if (!arp)
		return VNIC_DROP_TX_RUNT;
	if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		return VNIC_DROP_TX_SPOOF_ARP;

	body = vnic_hdr(skb, fi, off + sizeof(_arp), sizeof(_body), &_body);
	if (!body)
		return VNIC_DROP_TX_RUNT;
	if (!ether_addr_equal(body->sha, mac))
		return VNIC_DROP_TX_SPOOF_ARP;
	/* 0.0.0.0 is an address probe (RFC 5227). */
	if (fr->n_prefixes && body->sip && !vnic_ip4_allowed(fr, body->sip))
		return VNIC_DROP_TX_SPOOF_ARP;
	return VNIC_DROP_NONE;
}

/*
 * Checks the options of an ND message: every link-layer address option
 * names @mac. Sets *@tlla if there is a target link-layer address option.
 */
static bool vnic_nd_opts_ok(const struct sk_buff *skb,
			    struct vnic_frame_info *fi, unsigned int off,
			    unsigned int end, const u8 *mac, bool *tlla)
{
	u8 _opt[2 + ETH_ALEN];
	const u8 *opt;
	unsigned int len;

	*tlla = false;
	while (off < end) {
		opt = vnic_hdr(skb, fi, off, 2, _opt);
		if (!opt)
			return false;
		len = opt[1] * 8;
		if (!len || off + len > end)
			return false;
		if (opt[0] == ND_OPT_SOURCE_LL_ADDR ||
		    opt[0] == ND_OPT_TARGET_LL_ADDR) {
			if (len < sizeof(_opt))
				return false;
			*tlla |= opt[0] == ND_OPT_TARGET_LL_ADDR;
			opt = vnic_hdr(skb, fi, off, sizeof(_opt), _opt);
			if (!opt || !ether_addr_equal(opt + 2, mac))
				return false;
		}
		off += len;
	}
	return true;
}

/* Inverse ND (RFC 3122) carries link-layer address options too. */
#define VNIC_IND_SOLICITATION	141
#define VNIC_IND_ADVERTISEMENT	142

/* Where an ND message's options start, and whether it names a target. */
static int vnic_nd_opts_off(u8 type, bool *has_target)
{
	*has_target = false;
	switch (type) {
	case NDISC_ROUTER_SOLICITATION:
	case VNIC_IND_SOLICITATION:
	case VNIC_IND_ADVERTISEMENT:
		return sizeof(struct icmp6hdr);
	case NDISC_ROUTER_ADVERTISEMENT:
		return sizeof(struct ra_msg);
	case NDISC_NEIGHBOUR_SOLICITATION:
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		*has_target = true;
		return sizeof(struct nd_msg);
	case NDISC_REDIRECT:
		*has_target = true;
		return sizeof(struct rd_msg);
	}
	return -1;
}

/*
 * Every ND message (RS, RA, NS, NA, Redirect, Inverse ND): link-layer
 * address options name the vnic's MAC. An NA, and a Redirect that binds its target to a
 * link-layer address, claim the target: it must be the vnic's. Fragmented
 * ND is never valid (RFC 6980).
 */
static enum vnic_drop vnic_check_nd(const struct vnic_framing *fr,
				    const u8 *mac, const struct sk_buff *skb,
				    unsigned int off, unsigned int end,
				    bool frag, struct vnic_frame_info *fi)
{
	struct icmp6hdr _ih;
	const struct icmp6hdr *ih;
	struct in6_addr _tgt;
	const struct in6_addr *tgt = NULL;
	bool has_target, tlla;
	int opts;

	ih = vnic_hdr(skb, fi, off, sizeof(_ih), &_ih);
	if (!ih)
		return VNIC_DROP_TX_RUNT;
	opts = vnic_nd_opts_off(ih->icmp6_type, &has_target);
	if (opts < 0)
		return VNIC_DROP_NONE;
	if (off + opts > end)
		return VNIC_DROP_TX_RUNT;
	if (frag)
		return VNIC_DROP_TX_SPOOF_ND;
	if (has_target) {
		tgt = vnic_hdr(skb, fi, off + sizeof(_ih), sizeof(_tgt), &_tgt);
		if (!tgt)
			return VNIC_DROP_TX_RUNT;
	}
	if (!vnic_nd_opts_ok(skb, fi, off + opts, end, mac, &tlla))
		return VNIC_DROP_TX_SPOOF_ND;
	if (fr->n_prefixes &&
	    (ih->icmp6_type == NDISC_NEIGHBOUR_ADVERTISEMENT ||
	     (ih->icmp6_type == NDISC_REDIRECT && tlla)) &&
	    !vnic_ip6_allowed(fr, tgt, mac))
		return VNIC_DROP_TX_SPOOF_ND;
	return VNIC_DROP_NONE;
}

/* Longest extension-header chain walked; longer ones are refused. */
#define VNIC_IP6_MAX_EXTHDRS	16

/*
 * Walks the extension headers from *@off as a receiver does, to the
 * upper-layer header: sets *@nexthdr and *@off to it. *@frag: a Fragment
 * header was crossed; *@later: it is a later fragment, which carries no
 * upper-layer header. Every header must end by @end, where a receiver
 * trims the packet. Returns false if the chain is truncated or too long.
 */
static bool vnic_ip6_upper(const struct sk_buff *skb,
			   struct vnic_frame_info *fi, unsigned int end,
			   u8 *nexthdr, unsigned int *off, bool *frag,
			   bool *later)
{
	struct ipv6_opt_hdr _hp;
	const struct ipv6_opt_hdr *hp;
	struct frag_hdr _fh;
	const struct frag_hdr *fh;
	int n;

	*frag = false;
	*later = false;
	for (n = 0; ipv6_ext_hdr(*nexthdr) && *nexthdr != NEXTHDR_NONE; n++) {
		if (n == VNIC_IP6_MAX_EXTHDRS)
			return false;
		if (*nexthdr == NEXTHDR_FRAGMENT) {
			fh = vnic_hdr(skb, fi, *off, sizeof(_fh), &_fh);
			if (!fh)
				return false;
			*frag = true;
			*nexthdr = fh->nexthdr;
			*off += sizeof(_fh);
			if (*off > end)
				return false;
			if (fh->frag_off & htons(IP6_OFFSET)) {
				*later = true;
				return true;
			}
			continue;
		}
		hp = vnic_hdr(skb, fi, *off, sizeof(_hp), &_hp);
		if (!hp)
			return false;
		*off += *nexthdr == NEXTHDR_AUTH ? ipv6_authlen(hp) :
						   ipv6_optlen(hp);
		*nexthdr = hp->nexthdr;
		if (*off > end)
			return false;
	}
	return true;
}

/* The ICMPv6 messages a node sends before it has an address. */
static bool vnic_ip6_unspec_ok(u8 type)
{
	switch (type) {
	case NDISC_NEIGHBOUR_SOLICITATION:	/* DAD */
	case NDISC_ROUTER_SOLICITATION:
	case ICMPV6_MGM_REPORT:
	case ICMPV6_MGM_REDUCTION:
	case ICMPV6_MLD2_REPORT:
		return true;
	}
	return false;
}

static enum vnic_drop vnic_check_ip6(const struct vnic_framing *fr,
				     const u8 *mac, const struct sk_buff *skb,
				     unsigned int off, struct vnic_frame_info *fi)
{
	struct ipv6hdr _ip6h;
	const struct ipv6hdr *ip6h;
	struct icmp6hdr _ih;
	const struct icmp6hdr *ih = NULL;
	unsigned int l4, end, plen;
	bool frag, later;
	u8 nexthdr;

	ip6h = vnic_hdr(skb, fi, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return VNIC_DROP_TX_RUNT;
	/* A receiver trims to the payload length (0: look at it all). */
	plen = ntohs(ip6h->payload_len);
	end = plen ? min(off + sizeof(*ip6h) + plen, skb->len) : skb->len;

	nexthdr = ip6h->nexthdr;
	l4 = off + sizeof(*ip6h);
	if (!vnic_ip6_upper(skb, fi, end, &nexthdr, &l4, &frag, &later))
		return VNIC_DROP_TX_RUNT;
	fi->frag = frag;
	if (!later && l4 <= skb->len) {
		fi->thoff = l4;
		fi->l4proto = nexthdr;
	}
	if (nexthdr == NEXTHDR_ICMP && !later) {
		ih = vnic_hdr(skb, fi, l4, sizeof(_ih), &_ih);
		if (!ih || l4 + sizeof(_ih) > end)
			return VNIC_DROP_TX_RUNT;
	}

	if (fr->n_prefixes && !vnic_ip6_allowed(fr, &ip6h->saddr, mac) &&
	    !(ipv6_addr_any(&ip6h->saddr) && ih && !frag &&
	      vnic_ip6_unspec_ok(ih->icmp6_type)))
		return VNIC_DROP_TX_SPOOF_IP;

	if (!ih)
		return VNIC_DROP_NONE;
	return vnic_check_nd(fr, mac, skb, l4, end, frag, fi);
}

/* An SCTP CRC32c to compute, not an Internet checksum (const
 * skb_csum_is_sctp()).
 */
static bool vnic_csum_is_crc(const struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_IP_SCTP)
	return skb->csum_not_inet;
#else
	return false;
#endif
}

/* Offset of the checksum field in a transport header; 0 if unknown. */
static unsigned int vnic_l4_csum_off(u8 l4proto)
{
	switch (l4proto) {
	case IPPROTO_TCP:
		return offsetof(struct tcphdr, check);
	case IPPROTO_UDP:
		return offsetof(struct udphdr, check);
	}
	return 0;
}

#define VNIC_GSO_L4	(SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_UDP_L4)
#define VNIC_GSO_OK	(VNIC_GSO_L4 | SKB_GSO_DODGY | SKB_GSO_TCP_ECN | \
			 SKB_GSO_TCP_FIXEDID)

/*
 * Offloads act on the frame after the check: the parent (or its hardware)
 * writes a partial checksum at csum_start + csum_offset and segments a GSO
 * frame by its gso_type. Both are the sender's to set (PACKET_VNET_HDR),
 * so they must only touch what was checked: a partial checksum must land
 * in the transport header's own checksum field (else it is resolved and
 * the frame checked again), and segmentation must be of the transport
 * protocol, behind the headers, that the checker parsed.
 */
static enum vnic_drop vnic_check_offload(const struct sk_buff *skb,
					 struct vnic_frame_info *fi,
					 __be16 proto, unsigned int mtu)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int csum = vnic_l4_csum_off(fi->l4proto);
	unsigned int gso_l4 = 0, thlen = 0, seglen;
	struct tcphdr _th;
	const struct tcphdr *th;
	bool csum_ok;

	if (fi->thoff && fi->l4proto == IPPROTO_TCP &&
	    (skb->ip_summed == CHECKSUM_PARTIAL || skb_is_gso(skb))) {
		th = vnic_hdr(skb, fi, fi->thoff, sizeof(_th), &_th);
		if (th && th->doff >= 5)
			thlen = th->doff * 4;
	} else if (fi->thoff && fi->l4proto == IPPROTO_UDP) {
		thlen = sizeof(struct udphdr);
	}
	csum_ok = skb->ip_summed != CHECKSUM_PARTIAL ||
		  (thlen && csum && !vnic_csum_is_crc(skb) &&
		   skb_checksum_start_offset(skb) == fi->thoff &&
		   skb->csum_offset == csum &&
		   fi->thoff + thlen <= skb->len);

	if (!skb_is_gso(skb)) {
		fi->csum_resolve = !csum_ok;
		return VNIC_DROP_NONE;
	}

	if (fi->l4proto == IPPROTO_TCP)
		gso_l4 = proto == htons(ETH_P_IP) ? SKB_GSO_TCPV4 :
						    SKB_GSO_TCPV6;
	else if (fi->l4proto == IPPROTO_UDP)
		gso_l4 = SKB_GSO_UDP_L4;
	if (skb->ip_summed != CHECKSUM_PARTIAL || !csum_ok || fi->frag ||
	    !shinfo->gso_size || (shinfo->gso_type & ~VNIC_GSO_OK) ||
	    (shinfo->gso_type & VNIC_GSO_L4) != gso_l4)
		return VNIC_DROP_TX_OFFLOAD;
	/* The largest segment, as skb_gso_validate_network_len() would
	 * compute it from headers the sender could not have misplaced.
	 */
	seglen = fi->thoff - fi->nhoff + thlen + shinfo->gso_size;
	return seglen > mtu ? VNIC_DROP_TX_MTU : VNIC_DROP_NONE;
}

/**
 * vnic_framing_tx - check a frame a tenant sends through its vnic
 * @fr: the vnic's policy
 * @mac: the vnic's MAC address
 * @skb: the frame, skb->data at the Ethernet header
 * @mtu: largest L3 payload allowed (the vnic's MTU)
 * @fi: filled with what was parsed, for the caller to hold the skb to
 *
 * Return: VNIC_DROP_NONE if the frame may pass, else the drop reason.
 */
enum vnic_drop vnic_framing_tx(const struct vnic_framing *fr, const u8 *mac,
			       const struct sk_buff *skb, unsigned int mtu,
			       struct vnic_frame_info *fi)
{
	bool tagged = skb_vlan_tag_present(skb);
	unsigned int off = ETH_HLEN;
	struct ethhdr _eth;
	const struct ethhdr *eth;
	struct vlan_hdr _vh;
	const struct vlan_hdr *vh;
	enum vnic_drop why;
	__be16 proto;
	int depth;

	memset(fi, 0, sizeof(*fi));
	eth = vnic_hdr(skb, fi, 0, sizeof(_eth), &_eth);
	if (!eth)
		return VNIC_DROP_TX_RUNT;
	if (!ether_addr_equal(eth->h_source, mac))
		return VNIC_DROP_TX_SPOOF_MAC;

	proto = eth->h_proto;
	fi->ethertype = proto;
	/* An offloaded tag (generic XDP hands one over) is the outer one. */
	for (depth = tagged; eth_type_vlan(proto); depth++) {
		tagged = true;
		if (depth == 2)
			return VNIC_DROP_TX_VLAN;
		vh = vnic_hdr(skb, fi, off, sizeof(_vh), &_vh);
		if (!vh)
			return VNIC_DROP_TX_RUNT;
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	fi->nhoff = off;
	if (tagged && (fr->vlan || !fr->vlan_passthrough))
		return VNIC_DROP_TX_VLAN;

	/* The MTU once more below, with the headers parsed, for GSO. */
	if (!skb_is_gso(skb) && skb->len - off > mtu)
		return VNIC_DROP_TX_MTU;

	if (!vnic_framing_ethertype_ok(fr, proto))
		return VNIC_DROP_TX_ETHERTYPE;

	switch (proto) {
	case htons(ETH_P_IP):
		why = vnic_check_ip4(fr, mac, skb, off, fi);
		break;
	case htons(ETH_P_ARP):
		why = vnic_check_arp(fr, mac, skb, off, fi);
		break;
	case htons(ETH_P_IPV6):
		why = vnic_check_ip6(fr, mac, skb, off, fi);
		break;
	default:
		why = VNIC_DROP_NONE;
	}
	if (why)
		return why;
	return vnic_check_offload(skb, fi, proto, mtu);
}
EXPORT_SYMBOL_IF_KUNIT(vnic_framing_tx);
