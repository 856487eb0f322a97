// SPDX-License-Identifier: GPL-2.0
/*
 * pktblast: send identical UDP/IPv4 frames out of one interface as fast as
 * possible for a fixed time, through an AF_PACKET socket with sendmmsg()
 * (through the device's qdisc, as a tenant's traffic would go), and print
 * how many the kernel accepted. The benchmark counts what arrives on the
 * far side; this count is only the offered load.
 *
 *   pktblast IFNAME DSTMAC SRCIP DSTIP FRAMELEN SECONDS
 *
 * FRAMELEN is the Ethernet frame without FCS (60 for "64-byte" frames,
 * 1514 for 1500-byte IP packets). The source MAC is IFNAME's own.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static uint16_t csum(const void *p, size_t len)
{
	const uint16_t *w = p;
	uint32_t s = 0;

	for (; len > 1; len -= 2)
		s += *w++;
	if (len)
		s += *(const uint8_t *)w;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static uint8_t frame[ETH_FRAME_LEN + 4];
	struct ether_header *eth = (struct ether_header *)frame;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	struct mmsghdr msgs[BATCH];
	struct iovec iov;
	struct sockaddr_ll sll = { 0 };
	struct ifreq ifr = { 0 };
	unsigned long long sent = 0;
	double end, secs;
	int fd, i, n, len;

	if (argc != 7) {
		fprintf(stderr, "usage: pktblast IFNAME DSTMAC SRCIP DSTIP FRAMELEN SECONDS\n");
		return 1;
	}
	len = atoi(argv[5]);
	secs = atof(argv[6]);
	if (len < 42 || len > ETH_FRAME_LEN || secs <= 0) {
		fprintf(stderr, "pktblast: FRAMELEN must be 42..%d, SECONDS > 0\n",
			ETH_FRAME_LEN);
		return 1;
	}
	if (parse_mac(argv[2], eth->ether_dhost) ||
	    inet_pton(AF_INET, argv[3], &ip->saddr) != 1 ||
	    inet_pton(AF_INET, argv[4], &ip->daddr) != 1) {
		fprintf(stderr, "pktblast: bad MAC or address\n");
		return 1;
	}

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("pktblast: socket");
		return 1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		perror("pktblast: SIOCGIFHWADDR");
		return 1;
	}
	memcpy(eth->ether_shost, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	eth->ether_type = htons(ETHERTYPE_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(len - sizeof(*eth));
	ip->check = csum(ip, sizeof(*ip));
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(len - sizeof(*eth) - sizeof(*ip));

	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(argv[1]);
	sll.sll_halen = ETH_ALEN;
	memcpy(sll.sll_addr, eth->ether_dhost, ETH_ALEN);
	if (!sll.sll_ifindex) {
		perror("pktblast: if_nametoindex");
		return 1;
	}

	iov.iov_base = frame;
	iov.iov_len = len;
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &sll;
		msgs[i].msg_hdr.msg_namelen = sizeof(sll);
	}

	end = now() + secs;
	while (now() < end) {
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n < 0) {
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
				continue;
			perror("pktblast: sendmmsg");
			return 1;
		}
		sent += n;
	}
	printf("%llu\n", sent);
	return 0;
}
