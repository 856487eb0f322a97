// SPDX-License-Identifier: GPL-2.0
/* KUnit tests for the vnic framing checker (framing.c). */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ndisc.h>

#include "../framing.h"

static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x10 };
static const u8 other[ETH_ALEN] = { 0x02, 0xba, 0xd0, 0, 0, 1 };
static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define IP4(a, b, c, d)	htonl((a) << 24 | (b) << 16 | (c) << 8 | (d))

/* A frame under construction. */
struct frame {
	u8 buf[2048];
	unsigned int len;
};

static struct frame *newf(struct kunit *test)
{
	struct frame *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	return f;
}

static void *put(struct frame *f, const void *data, unsigned int len)
{
	void *p = f->buf + f->len;

	if (data)
		memcpy(p, data, len);
	else
		memset(p, 0, len);
	f->len += len;
	return p;
}

static void eth(struct frame *f, const u8 *src, __be16 proto)
{
	struct ethhdr *e = put(f, NULL, sizeof(*e));

	ether_addr_copy(e->h_dest, bcast);
	ether_addr_copy(e->h_source, src);
	e->h_proto = proto;
}

static void ip4_udp(struct frame *f, __be32 saddr, u16 sport, u16 dport,
		    unsigned int payload)
{
	struct iphdr *iph = put(f, NULL, sizeof(*iph));
	struct udphdr *uh = put(f, NULL, sizeof(*uh));

	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = saddr;
	iph->daddr = IP4(192, 0, 2, 1);
	iph->tot_len = htons(sizeof(*iph) + sizeof(*uh) + payload);
	uh->source = htons(sport);
	uh->dest = htons(dport);
	put(f, NULL, payload);
}

static void arp(struct frame *f, const u8 *sha, __be32 sip)
{
	struct arphdr *a = put(f, NULL, sizeof(*a));

	a->ar_hrd = htons(ARPHRD_ETHER);
	a->ar_pro = htons(ETH_P_IP);
	a->ar_hln = ETH_ALEN;
	a->ar_pln = 4;
	a->ar_op = htons(ARPOP_REQUEST);
	put(f, sha, ETH_ALEN);
	put(f, &sip, 4);
	put(f, NULL, ETH_ALEN + 4);
}

static void ip6_na(struct frame *f, const struct in6_addr *src,
		   const struct in6_addr *target, const u8 *lladdr)
{
	struct ipv6hdr *ip6h = put(f, NULL, sizeof(*ip6h));
	struct icmp6hdr *ih = put(f, NULL, sizeof(*ih));
	u8 opt[2] = { ND_OPT_TARGET_LL_ADDR, 1 };

	ip6h->version = 6;
	ip6h->nexthdr = NEXTHDR_ICMP;
	ip6h->hop_limit = 255;
	ip6h->saddr = *src;
	ip6h->payload_len = htons(sizeof(*ih) + 16 + 8);
	ih->icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	put(f, target, sizeof(*target));
	put(f, opt, 2);
	put(f, lladdr, ETH_ALEN);
}

/* Offload state of a frame under test (PACKET_VNET_HDR's fields). */
struct offl {
	int csum_start;		/* from the frame start; < 0: no partial csum */
	u16 csum_offset;
	u16 gso_size;
	unsigned int gso_type;
};

static struct iphdr *ip4_hdr(struct frame *f)
{
	return (struct iphdr *)(f->buf + ETH_HLEN);
}

/* Turns the payload of an ip4_udp() frame into a broadcast BOOTREQUEST
 * for our MAC (the payload must hold 44 bytes).
 */
static void dhcp_request(struct frame *f)
{
	u8 *bp = f->buf + ETH_HLEN + 28;

	ip4_hdr(f)->daddr = htonl(INADDR_BROADCAST);
	bp[0] = 1;		/* op: BOOTREQUEST */
	bp[1] = ARPHRD_ETHER;
	bp[2] = ETH_ALEN;
	memcpy(bp + 28, mac, ETH_ALEN);
}

/* An IPv6 header from @src with next header @nh; returns it, for the
 * payload length to be set once the frame is complete (ip6_done()).
 */
static struct ipv6hdr *ip6(struct frame *f, const struct in6_addr *src, u8 nh)
{
	struct ipv6hdr *ip6h = put(f, NULL, sizeof(*ip6h));

	ip6h->version = 6;
	ip6h->nexthdr = nh;
	ip6h->hop_limit = 255;
	ip6h->saddr = *src;
	return ip6h;
}

static void ip6_done(struct frame *f, struct ipv6hdr *ip6h)
{
	ip6h->payload_len = htons(f->buf + f->len - (u8 *)(ip6h + 1));
}

/* An 8-byte extension header (Hop-by-Hop, Destination Options: PadN). */
static void ext8(struct frame *f, u8 nh)
{
	u8 *h = put(f, NULL, 8);

	h[0] = nh;
	h[2] = 1;	/* PadN */
	h[3] = 4;
}

/* An ND message of @type with target @tgt (NS, NA, Redirect) and one
 * link-layer address option @opt naming @ll.
 */
static void nd(struct frame *f, u8 type, const struct in6_addr *tgt,
	       u8 opt, const u8 *ll)
{
	struct icmp6hdr *ih = put(f, NULL, sizeof(*ih));
	u8 o[2] = { opt, 1 };

	ih->icmp6_type = type;
	if (type == NDISC_ROUTER_ADVERTISEMENT)
		put(f, NULL, 8);
	if (tgt)
		put(f, tgt, sizeof(*tgt));
	if (type == NDISC_REDIRECT)
		put(f, tgt, sizeof(*tgt));	/* destination */
	put(f, o, 2);
	put(f, ll, ETH_ALEN);
}

static enum vnic_drop check_offl(struct kunit *test,
				 const struct vnic_framing *fr,
				 const struct frame *f, unsigned int mtu,
				 const struct offl *o, struct vnic_frame_info *fi)
{
	struct sk_buff *skb = alloc_skb(f->len + 64, GFP_KERNEL);
	enum vnic_drop why;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 64);
	skb_put_data(skb, f->buf, f->len);
	skb_reset_mac_header(skb);
	if (o && o->csum_start >= 0) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_headroom(skb) + o->csum_start;
		skb->csum_offset = o->csum_offset;
	}
	if (o && o->gso_size) {
		skb_shinfo(skb)->gso_size = o->gso_size;
		skb_shinfo(skb)->gso_type = o->gso_type | SKB_GSO_DODGY;
	}
	why = vnic_framing_tx(fr, mac, skb, mtu, fi);
	kfree_skb(skb);
	return why;
}

static enum vnic_drop check(struct kunit *test, const struct vnic_framing *fr,
			    const struct frame *f, unsigned int mtu)
{
	struct vnic_frame_info fi;

	return check_offl(test, fr, f, mtu, NULL, &fi);
}

/* Policy allowing 192.0.2.10/32 and 2001:db8::10/128. */
static struct vnic_framing *policy(struct kunit *test)
{
	struct in6_addr a6 = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
					      htonl(0x10) } };
	__be32 a4 = IP4(192, 0, 2, 10);
	struct vnic_framing *fr = vnic_framing_alloc(2, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fr);
	fr->ethertypes[0] = htons(ETH_P_IP);
	fr->ethertypes[1] = htons(ETH_P_ARP);
	fr->ethertypes[2] = htons(ETH_P_IPV6);
	fr->n_ethertypes = 3;
	vnic_prefix_init(&fr->prefixes[0], &a4, true, 32);
	vnic_prefix_init(&fr->prefixes[1], &a6, false, 128);
	return fr;
}

static void fr_mac(struct kunit *test)
{
	struct vnic_framing *fr = policy(test);
	struct frame *f = newf(test);

	eth(f, other, htons(ETH_P_IP));
	ip4_udp(f, IP4(192, 0, 2, 10), 1, 2, 10);
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_TX_SPOOF_MAC);
	kfree(fr);
}

static void fr_ip4(struct kunit *test)
{
	struct vnic_framing *fr = policy(test);
	struct frame *f = newf(test);
	struct frame *g = newf(test);
	struct frame *h = newf(test);

	eth(f, mac, htons(ETH_P_IP));
	ip4_udp(f, IP4(192, 0, 2, 10), 1, 2, 10);
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_NONE);

	eth(g, mac, htons(ETH_P_IP));
	ip4_udp(g, IP4(192, 0, 2, 11), 1, 2, 10);
	KUNIT_EXPECT_EQ(test, check(test, fr, g, 1500), VNIC_DROP_TX_SPOOF_IP);

	/* A DHCP client's broadcast BOOTREQUEST for our MAC from 0.0.0.0
	 * passes; other 0.0.0.0 traffic does not.
	 */
	eth(h, mac, htons(ETH_P_IP));
	ip4_udp(h, 0, 68, 67, 300);
	dhcp_request(h);
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_NONE);
	h->buf[ETH_HLEN + 28 + 28] ^= 1;	/* chaddr: not our MAC */
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_TX_SPOOF_IP);
	h->buf[ETH_HLEN + 28 + 28] ^= 1;
	h->buf[ETH_HLEN + 28] = 2;		/* a BOOTREPLY */
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_TX_SPOOF_IP);
	h->buf[ETH_HLEN + 28] = 1;
	ip4_hdr(h)->daddr = IP4(192, 0, 2, 1);	/* not a broadcast */
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_TX_SPOOF_IP);
	ip4_hdr(h)->daddr = htonl(INADDR_BROADCAST);
	ip4_hdr(h)->frag_off = htons(IP_MF);	/* a fragment */
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_TX_SPOOF_IP);
	ip4_hdr(h)->frag_off = 0;
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_NONE);
	((struct udphdr *)(h->buf + ETH_HLEN + 20))->dest = htons(53);
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_TX_SPOOF_IP);

	/* Ethertype IPv4, but not an IPv4 header (version 6, 0). */
	ip4_hdr(f)->version = 6;
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_TX_RUNT);
	ip4_hdr(f)->version = 0;
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_TX_RUNT);
	ip4_hdr(f)->version = 4;

	/* Without prefixes, no IP filtering. */
	fr->n_prefixes = 0;
	KUNIT_EXPECT_EQ(test, check(test, fr, g, 1500), VNIC_DROP_NONE);
	kfree(fr);
}

static void fr_arp(struct kunit *test)
{
	struct vnic_framing *fr = policy(test);
	struct frame *a = newf(test);
	struct frame *b = newf(test);
	struct frame *c = newf(test);
	struct frame *d = newf(test);

	eth(a, mac, htons(ETH_P_ARP));
	arp(a, mac, IP4(192, 0, 2, 10));
	KUNIT_EXPECT_EQ(test, check(test, fr, a, 1500), VNIC_DROP_NONE);
	eth(b, mac, htons(ETH_P_ARP));
	arp(b, mac, IP4(192, 0, 2, 99));
	KUNIT_EXPECT_EQ(test, check(test, fr, b, 1500), VNIC_DROP_TX_SPOOF_ARP);
	eth(c, mac, htons(ETH_P_ARP));
	arp(c, mac, 0);	/* RFC 5227 probe */
	KUNIT_EXPECT_EQ(test, check(test, fr, c, 1500), VNIC_DROP_NONE);
	eth(d, mac, htons(ETH_P_ARP));
	arp(d, other, IP4(192, 0, 2, 10));	/* foreign sender MAC */
	KUNIT_EXPECT_EQ(test, check(test, fr, d, 1500), VNIC_DROP_TX_SPOOF_ARP);
	kfree(fr);
}

static void fr_nd(struct kunit *test)
{
	struct in6_addr own = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
					       htonl(0x10) } };
	struct in6_addr foreign = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
						   htonl(0x66) } };
	struct in6_addr ll = { .s6_addr32 = { htonl(0xfe800000), 0,
					      htonl(0x000000ff),
					      htonl(0xfe000010) } };
	struct vnic_framing *fr = policy(test);
	struct frame *a = newf(test);
	struct frame *b = newf(test);
	struct frame *c = newf(test);
	struct frame *d = newf(test);

	eth(a, mac, htons(ETH_P_IPV6));
	ip6_na(a, &own, &own, mac);
	KUNIT_EXPECT_EQ(test, check(test, fr, a, 1500), VNIC_DROP_NONE);
	eth(b, mac, htons(ETH_P_IPV6));
	ip6_na(b, &own, &foreign, mac);
	KUNIT_EXPECT_EQ(test, check(test, fr, b, 1500), VNIC_DROP_TX_SPOOF_ND);
	eth(c, mac, htons(ETH_P_IPV6));
	ip6_na(c, &own, &own, other);	/* foreign lladdr option */
	KUNIT_EXPECT_EQ(test, check(test, fr, c, 1500), VNIC_DROP_TX_SPOOF_ND);
	/* The vnic's own EUI-64 link-local source is always allowed. */
	eth(d, mac, htons(ETH_P_IPV6));
	ip6_na(d, &ll, &own, mac);
	KUNIT_EXPECT_EQ(test, check(test, fr, d, 1500), VNIC_DROP_NONE);
	/* Truncated ND message. */
	d->len -= 20;
	KUNIT_EXPECT_EQ(test, check(test, fr, d, 1500), VNIC_DROP_TX_RUNT);
	kfree(fr);
}

static void fr_vlan(struct kunit *test)
{
	struct vnic_framing *fr = policy(test);
	struct vlan_hdr *vh;
	struct frame *f = newf(test);

	eth(f, mac, htons(ETH_P_8021Q));
	vh = put(f, NULL, sizeof(*vh));
	vh->h_vlan_TCI = htons(100);
	vh->h_vlan_encapsulated_proto = htons(ETH_P_IP);
	ip4_udp(f, IP4(192, 0, 2, 10), 1, 2, 10);
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_TX_VLAN);
	fr->vlan_passthrough = true;
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_NONE);
	fr->vlan = 10;	/* a port VLAN: the tenant may never tag */
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_TX_VLAN);
	kfree(fr);
}

static void fr_ethertype_mtu_runt(struct kunit *test)
{
	struct vnic_framing *fr = policy(test);
	struct frame *f = newf(test);
	struct frame *g = newf(test);
	struct frame *r = newf(test);

	eth(f, mac, htons(0x88b5));
	put(f, NULL, 46);
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_TX_ETHERTYPE);
	fr->n_ethertypes = 0;	/* any */
	KUNIT_EXPECT_EQ(test, check(test, fr, f, 1500), VNIC_DROP_NONE);

	eth(g, mac, htons(ETH_P_IP));
	ip4_udp(g, IP4(192, 0, 2, 10), 1, 2, 1500 - 28);
	KUNIT_EXPECT_EQ(test, check(test, fr, g, 1500), VNIC_DROP_NONE);
	KUNIT_EXPECT_EQ(test, check(test, fr, g, 1499), VNIC_DROP_TX_MTU);

	put(r, mac, ETH_ALEN);	/* 6 bytes: not even a header */
	KUNIT_EXPECT_EQ(test, check(test, fr, r, 1500), VNIC_DROP_TX_RUNT);
	kfree(fr);
}

/* Extension headers do not hide ND or the unspecified source. */
static void fr_nd_exthdr(struct kunit *test)
{
	struct in6_addr own = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
					       htonl(0x10) } };
	struct in6_addr foreign = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
						   htonl(0x66) } };
	struct in6_addr any = {};
	struct vnic_framing *fr = policy(test);
	struct ipv6hdr *h;
	struct frame *a = newf(test);
	struct frame *b = newf(test);
	struct frame *c = newf(test);
	struct frame *d = newf(test);
	struct frame *e = newf(test);
	struct udphdr *uh;
	u8 *fh;

	/* NA for a foreign target behind Destination Options. */
	eth(a, mac, htons(ETH_P_IPV6));
	h = ip6(a, &own, NEXTHDR_DEST);
	ext8(a, NEXTHDR_ICMP);
	nd(a, NDISC_NEIGHBOUR_ADVERTISEMENT, &foreign, ND_OPT_TARGET_LL_ADDR,
	   mac);
	ip6_done(a, h);
	KUNIT_EXPECT_EQ(test, check(test, fr, a, 1500), VNIC_DROP_TX_SPOOF_ND);

	/* UDP from :: behind Hop-by-Hop; MLD from :: behind it passes. */
	eth(b, mac, htons(ETH_P_IPV6));
	h = ip6(b, &any, NEXTHDR_HOP);
	ext8(b, NEXTHDR_UDP);
	uh = put(b, NULL, sizeof(*uh));
	uh->dest = htons(9);
	ip6_done(b, h);
	KUNIT_EXPECT_EQ(test, check(test, fr, b, 1500), VNIC_DROP_TX_SPOOF_IP);
	eth(c, mac, htons(ETH_P_IPV6));
	h = ip6(c, &any, NEXTHDR_HOP);
	ext8(c, NEXTHDR_ICMP);
	((struct icmp6hdr *)put(c, NULL, 8))->icmp6_type = ICMPV6_MLD2_REPORT;
	ip6_done(c, h);
	KUNIT_EXPECT_EQ(test, check(test, fr, c, 1500), VNIC_DROP_NONE);

	/* ND inside a fragment is never valid (RFC 6980). */
	eth(d, mac, htons(ETH_P_IPV6));
	h = ip6(d, &own, NEXTHDR_FRAGMENT);
	fh = put(d, NULL, 8);
	fh[0] = NEXTHDR_ICMP;
	fh[3] = 1;	/* M: more fragments */
	nd(d, NDISC_NEIGHBOUR_ADVERTISEMENT, &own, ND_OPT_TARGET_LL_ADDR, mac);
	ip6_done(d, h);
	KUNIT_EXPECT_EQ(test, check(test, fr, d, 1500), VNIC_DROP_TX_SPOOF_ND);

	/* An MLD report from :: that only a walk past the payload length
	 * (where a receiver trims) would find.
	 */
	h = (struct ipv6hdr *)(c->buf + ETH_HLEN);
	h->payload_len = htons(8);
	KUNIT_EXPECT_EQ(test, check(test, fr, c, 1500), VNIC_DROP_TX_RUNT);
	h->payload_len = htons(16);
	KUNIT_EXPECT_EQ(test, check(test, fr, c, 1500), VNIC_DROP_NONE);
	h->version = 4;		/* ethertype IPv6, not an IPv6 header */
	KUNIT_EXPECT_EQ(test, check(test, fr, c, 1500), VNIC_DROP_TX_RUNT);

	/* A chain longer than any receiver needs is refused. */
	eth(e, mac, htons(ETH_P_IPV6));
	h = ip6(e, &own, NEXTHDR_DEST);
	for (int i = 0; i < 20; i++)
		ext8(e, NEXTHDR_DEST);
	ip6_done(e, h);
	KUNIT_EXPECT_EQ(test, check(test, fr, e, 1500), VNIC_DROP_TX_RUNT);
	kfree(fr);
}

/* RA and Redirect: link-layer options name our MAC; a Redirect binding
 * a foreign target to a link-layer address is a claim on it.
 */
static void fr_nd_ra_redirect(struct kunit *test)
{
	struct in6_addr ll = { .s6_addr32 = { htonl(0xfe800000), 0,
					      htonl(0x000000ff),
					      htonl(0xfe000010) } };
	struct in6_addr own = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
					       htonl(0x10) } };
	struct in6_addr foreign = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
						   htonl(0x66) } };
	const struct {
		u8 type;
		const struct in6_addr *target;
		u8 opt;
		const u8 *ll;
		enum vnic_drop want;
	} cases[] = {
		{ NDISC_ROUTER_ADVERTISEMENT, NULL, ND_OPT_SOURCE_LL_ADDR, mac,
		  VNIC_DROP_NONE },
		{ NDISC_ROUTER_ADVERTISEMENT, NULL, ND_OPT_SOURCE_LL_ADDR, other,
		  VNIC_DROP_TX_SPOOF_ND },
		{ NDISC_REDIRECT, &own, ND_OPT_TARGET_LL_ADDR, other,
		  VNIC_DROP_TX_SPOOF_ND },
		{ NDISC_REDIRECT, &foreign, ND_OPT_TARGET_LL_ADDR, mac,
		  VNIC_DROP_TX_SPOOF_ND },
		{ NDISC_REDIRECT, &own, ND_OPT_TARGET_LL_ADDR, mac,
		  VNIC_DROP_NONE },
	};
	struct vnic_framing *fr = policy(test);
	struct ipv6hdr *h;
	struct frame *f;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		f = newf(test);
		eth(f, mac, htons(ETH_P_IPV6));
		h = ip6(f, &ll, NEXTHDR_ICMP);
		nd(f, cases[i].type, cases[i].target, cases[i].opt,
		   cases[i].ll);
		ip6_done(f, h);
		KUNIT_EXPECT_EQ_MSG(test, check(test, fr, f, 1500),
				    cases[i].want, "case %d", i);
	}
	kfree(fr);
}

/* Offload state must agree with the headers checked. */
static void fr_offload(struct kunit *test)
{
	struct in6_addr own = { .s6_addr32 = { htonl(0x20010db8), 0, 0,
					       htonl(0x10) } };
	struct vnic_framing *fr = policy(test);
	struct frame *f = newf(test);
	struct frame *g = newf(test);
	struct vnic_frame_info fi;
	struct offl o = { .csum_start = ETH_HLEN + 20, .csum_offset = 6 };
	struct ipv6hdr *h;
	struct tcphdr *th;

	eth(f, mac, htons(ETH_P_IP));
	ip4_udp(f, IP4(192, 0, 2, 10), 1, 2, 100);
	/* The UDP checksum field: nothing to resolve. */
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, f, 1500, &o, &fi),
			VNIC_DROP_NONE);
	KUNIT_EXPECT_FALSE(test, fi.csum_resolve);
	KUNIT_EXPECT_EQ(test, fi.nhoff, ETH_HLEN);
	KUNIT_EXPECT_EQ(test, fi.thoff, ETH_HLEN + 20);
	/* csum_start 20 (frame start), offset 8: the source address. */
	o.csum_start = 20;
	o.csum_offset = 8;
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, f, 1500, &o, &fi),
			VNIC_DROP_NONE);
	KUNIT_EXPECT_TRUE(test, fi.csum_resolve);
	/* GSO whose type is not the checked transport: refused. */
	o.csum_start = ETH_HLEN + 20;
	o.csum_offset = 6;
	o.gso_size = 50;
	o.gso_type = SKB_GSO_TCPV4;
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, f, 1500, &o, &fi),
			VNIC_DROP_TX_OFFLOAD);
	o.gso_type = SKB_GSO_UDP_L4;
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, f, 1500, &o, &fi),
			VNIC_DROP_NONE);
	/* Segments larger than the MTU. */
	o.gso_size = 1500;
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, f, 1500, &o, &fi),
			VNIC_DROP_TX_MTU);
	/* GSO without a partial checksum at the transport's field. */
	o.gso_size = 50;
	o.csum_offset = 8;
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, f, 1500, &o, &fi),
			VNIC_DROP_TX_OFFLOAD);

	/* IPv6/TCP as TCPv4 GSO: segmentation would write IPv4 fields. */
	eth(g, mac, htons(ETH_P_IPV6));
	h = ip6(g, &own, NEXTHDR_TCP);
	th = put(g, NULL, sizeof(*th));
	th->doff = 5;
	put(g, NULL, 200);
	ip6_done(g, h);
	o.csum_start = ETH_HLEN + 40;
	o.csum_offset = offsetof(struct tcphdr, check);
	o.gso_type = SKB_GSO_TCPV4;
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, g, 1500, &o, &fi),
			VNIC_DROP_TX_OFFLOAD);
	o.gso_type = SKB_GSO_TCPV6;
	KUNIT_EXPECT_EQ(test, check_offl(test, fr, g, 1500, &o, &fi),
			VNIC_DROP_NONE);
	kfree(fr);
}

static void fr_prefixes(struct kunit *test)
{
	struct vnic_prefix p;
	__be32 a = IP4(10, 0, 0, 1);

	vnic_prefix_init(&p, &a, true, 24);
	KUNIT_EXPECT_TRUE(test, vnic_prefix_has_host_bits(&p));
	vnic_prefix_init(&p, &a, true, 32);
	KUNIT_EXPECT_FALSE(test, vnic_prefix_has_host_bits(&p));
	a = 0;
	vnic_prefix_init(&p, &a, true, 0);
	KUNIT_EXPECT_FALSE(test, vnic_prefix_has_host_bits(&p));
}

static struct kunit_case vnic_framing_cases[] = {
	KUNIT_CASE(fr_mac),
	KUNIT_CASE(fr_ip4),
	KUNIT_CASE(fr_arp),
	KUNIT_CASE(fr_nd),
	KUNIT_CASE(fr_nd_exthdr),
	KUNIT_CASE(fr_nd_ra_redirect),
	KUNIT_CASE(fr_offload),
	KUNIT_CASE(fr_vlan),
	KUNIT_CASE(fr_ethertype_mtu_runt),
	KUNIT_CASE(fr_prefixes),
	{}
};

static struct kunit_suite vnic_framing_suite = {
	.name = "vnic-framing",
	.test_cases = vnic_framing_cases,
};

kunit_test_suite(vnic_framing_suite);
