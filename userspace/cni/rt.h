/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnic CNI plugin - the few rtnetlink requests it needs (libmnl). A socket
 * works in the netns it was opened in, whatever the process does later.
 */
#ifndef VNIC_CNI_RT_H
#define VNIC_CNI_RT_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "cni.h"

struct rt {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	char err[256];		/* extack message of the last error, or "" */
	char *buf;
};

struct rt_link {
	uint32_t ifindex;
	uint32_t mtu;
	uint32_t flags;		/* IFF_* */
	uint8_t mac[MAC_LEN];
	char kind[16];		/* IFLA_INFO_KIND, "" if none */
};

struct rt_addr {
	int family;
	uint8_t addr[16];
	uint8_t plen;
};

struct rt_route {
	int family;
	uint8_t dst[16];
	uint8_t plen;
	bool has_gw;
	uint8_t gw[16];
	uint32_t oif;
};

#define RT_MAX_ENTRIES	256

int rt_open(struct rt *rt);
void rt_close(struct rt *rt);
int rt_link_get(struct rt *rt, const char *name, struct rt_link *l);
int rt_link_set(struct rt *rt, uint32_t ifindex, bool up, uint32_t mtu,
		int netns_fd, const char *name);
int rt_addr_add(struct rt *rt, uint32_t ifindex, const struct cni_ip *ip);
int rt_route_add(struct rt *rt, uint32_t ifindex, const struct cni_route *r);
int rt_addr_dump(struct rt *rt, uint32_t ifindex, struct rt_addr *a,
		 unsigned int *n);
int rt_route_dump(struct rt *rt, struct rt_route *r, unsigned int *n);
int rt_netns_id(struct rt *rt, int netns_fd, int32_t *nsid);

#endif /* VNIC_CNI_RT_H */
