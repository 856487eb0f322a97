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
#include <linux/udp.h>
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

static enum vnic_drop check(struct kunit *test, const struct vnic_framing *fr,
			    const struct frame *f, unsigned int mtu)
{
	struct sk_buff *skb = alloc_skb(f->len, GFP_KERNEL);
	enum vnic_drop why;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, f->buf, f->len);
	skb_reset_mac_header(skb);
	why = vnic_framing_tx(fr, mac, skb, mtu);
	kfree_skb(skb);
	return why;
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

	/* DHCP discover from 0.0.0.0 passes; other 0.0.0.0 traffic not. */
	eth(h, mac, htons(ETH_P_IP));
	ip4_udp(h, 0, 68, 67, 10);
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_NONE);
	((struct udphdr *)(h->buf + ETH_HLEN + 20))->dest = htons(53);
	KUNIT_EXPECT_EQ(test, check(test, fr, h, 1500), VNIC_DROP_TX_SPOOF_IP);

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
