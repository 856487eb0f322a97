// SPDX-License-Identifier: GPL-2.0
/*
 * vnic CNI plugin - rtnetlink requests: links (get, up, MTU, netns move
 * with rename), addresses and routes (add, dump), netns ids. Every request
 * is acked; errors return -errno with the kernel's extack message in
 * rt->err. As vnicctl's sockets, these hear only the kernel (nl.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <net/if.h>
#include <sys/socket.h>

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "../nl.h"
#include "rt.h"

#define RT_BUFSIZE	32768

int rt_open(struct rt *rt)
{
	int one = 1;

	memset(rt, 0, sizeof(*rt));
	rt->buf = malloc(RT_BUFSIZE);
	if (!rt->buf)
		return -ENOMEM;
	rt->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!rt->sock)
		goto err;
	mnl_socket_setsockopt(rt->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(rt->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(rt->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	rt->portid = mnl_socket_get_portid(rt->sock);
	rt->seq = time(NULL);
	one = nl_sock_connect_kernel(rt->sock);
	if (one)
		goto err_close;
	return 0;
err:
	one = -errno;
err_close:
	rt_close(rt);
	return one;
}

void rt_close(struct rt *rt)
{
	if (rt->sock)
		mnl_socket_close(rt->sock);
	rt->sock = NULL;
	free(rt->buf);
	rt->buf = NULL;
}

static struct nlmsghdr *rt_msg(struct rt *rt, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(rt->buf, 0, MNL_SOCKET_BUFFER_SIZE);
	nlh = mnl_nlmsg_put_header(rt->buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++rt->seq;
	return nlh;
}

static void rt_extack(struct rt *rt, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    MNL_ALIGN(off) > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(rt->err, sizeof(rt->err), "%s",
				 mnl_attr_get_str(attr));
	}
}

/* Send @nlh (built in rt->buf), call @cb per reply until ack/done. */
static int rt_exchange(struct rt *rt, struct nlmsghdr *nlh, mnl_cb_t cb,
		       void *data)
{
	uint32_t seq = nlh->nlmsg_seq;
	const struct nlmsgerr *err;
	const struct nlmsghdr *m;
	char *rbuf = rt->buf;
	ssize_t len;
	int rem;
	size_t off;

	rt->err[0] = '\0';
	if (mnl_socket_sendto(rt->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		len = nl_sock_recv(rt->sock, rbuf, RT_BUFSIZE);
		if (len == -EINTR)
			continue;
		if (len < 0)
			return len;
		rem = len;
		for (m = (const struct nlmsghdr *)rbuf; mnl_nlmsg_ok(m, rem);
		     m = mnl_nlmsg_next(m, &rem)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != rt->portid)
				continue;
			switch (m->nlmsg_type) {
			case NLMSG_ERROR:
				err = mnl_nlmsg_get_payload(m);
				if (mnl_nlmsg_get_payload_len(m) < sizeof(*err))
					return -EBADMSG;
				off = sizeof(*err);
				if (!(m->nlmsg_flags & NLM_F_CAPPED))
					off += err->msg.nlmsg_len -
					       sizeof(struct nlmsghdr);
				rt_extack(rt, m, off);
				return err->error;
			case NLMSG_DONE:
				if (mnl_nlmsg_get_payload_len(m) >= sizeof(int) &&
				    *(int *)mnl_nlmsg_get_payload(m) < 0) {
					rt_extack(rt, m, sizeof(int));
					return *(int *)mnl_nlmsg_get_payload(m);
				}
				return 0;
			case NLMSG_OVERRUN:
				return -ENOBUFS;
			default:
				if (m->nlmsg_type < NLMSG_MIN_TYPE || !cb)
					break;
				if (cb(m, data) == MNL_CB_ERROR)
					return -EPROTO;
			}
		}
	}
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *nest;
	struct rt_link *l = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	mnl_attr_for_each(attr, nlh, sizeof(*ifi)) {
		switch (mnl_attr_get_type(attr)) {
		case IFLA_ADDRESS:
			if (mnl_attr_get_payload_len(attr) == MAC_LEN)
				memcpy(l->mac, mnl_attr_get_payload(attr),
				       MAC_LEN);
			break;
		case IFLA_MTU:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				l->mtu = mnl_attr_get_u32(attr);
			break;
		case IFLA_LINKINFO:
			mnl_attr_for_each_nested(nest, attr) {
				if (mnl_attr_get_type(nest) == IFLA_INFO_KIND &&
				    mnl_attr_validate(nest, MNL_TYPE_STRING) == 0)
					snprintf(l->kind, sizeof(l->kind), "%.*s",
						 (int)mnl_attr_get_payload_len(nest),
						 mnl_attr_get_str(nest));
			}
			break;
		}
	}
	return MNL_CB_OK;
}

/* The link named @name: 0, or -ENODEV if there is none. */
int rt_link_get(struct rt *rt, const char *name, struct rt_link *l)
{
	struct nlmsghdr *nlh = rt_msg(rt, RTM_GETLINK, 0);
	struct ifinfomsg *ifi;

	memset(l, 0, sizeof(*l));
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return rt_exchange(rt, nlh, link_cb, l);
}

/*
 * Change link @ifindex: bring it up if @up, set @mtu if not 0, move it to
 * the netns of @netns_fd if >= 0, rename it to @name if not NULL (with a
 * move, atomically: the name only has to be free in the target netns).
 */
int rt_link_set(struct rt *rt, uint32_t ifindex, bool up, uint32_t mtu,
		int netns_fd, const char *name)
{
	struct nlmsghdr *nlh = rt_msg(rt, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi;

	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (netns_fd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, netns_fd);
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return rt_exchange(rt, nlh, NULL, NULL);
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

int rt_addr_add(struct rt *rt, uint32_t ifindex, const struct cni_ip *ip)
{
	struct nlmsghdr *nlh = rt_msg(rt, RTM_NEWADDR,
				      NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa;

	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = ip->family;
	ifa->ifa_prefixlen = ip->plen;
	ifa->ifa_index = ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	if (ip->family == AF_INET)
		mnl_attr_put(nlh, IFA_LOCAL, 4, ip->addr);
	else
		/* The address is the IPAM's, no duplicate to detect. */
		ifa->ifa_flags = IFA_F_NODAD;
	mnl_attr_put(nlh, IFA_ADDRESS, addr_len(ip->family), ip->addr);
	return rt_exchange(rt, nlh, NULL, NULL);
}

int rt_route_add(struct rt *rt, uint32_t ifindex, const struct cni_route *r)
{
	struct nlmsghdr *nlh = rt_msg(rt, RTM_NEWROUTE,
				      NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rtm;

	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = r->family;
	rtm->rtm_dst_len = r->plen;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = r->has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	if (r->plen)
		mnl_attr_put(nlh, RTA_DST, addr_len(r->family), r->dst);
	if (r->has_gw)
		mnl_attr_put(nlh, RTA_GATEWAY, addr_len(r->family), r->gw);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return rt_exchange(rt, nlh, NULL, NULL);
}

struct addr_dump {
	uint32_t ifindex;
	struct rt_addr *a;
	unsigned int n;
};

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addr_dump *d = data;
	const struct nlattr *attr;
	struct rt_addr *a;

	if (nlh->nlmsg_type != RTM_NEWADDR || ifa->ifa_index != d->ifindex ||
	    d->n == RT_MAX_ENTRIES)
		return MNL_CB_OK;
	a = &d->a[d->n];
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	a->plen = ifa->ifa_prefixlen;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		uint16_t type = mnl_attr_get_type(attr);

		/* IFA_LOCAL is the address for IPv4, IFA_ADDRESS for IPv6. */
		if ((type == IFA_LOCAL ||
		     (type == IFA_ADDRESS && a->family == AF_INET6)) &&
		    mnl_attr_get_payload_len(attr) == addr_len(a->family)) {
			memcpy(a->addr, mnl_attr_get_payload(attr),
			       addr_len(a->family));
		}
	}
	d->n++;
	return MNL_CB_OK;
}

/* Addresses of @ifindex, at most RT_MAX_ENTRIES into @a. */
int rt_addr_dump(struct rt *rt, uint32_t ifindex, struct rt_addr *a,
		 unsigned int *n)
{
	struct nlmsghdr *nlh = rt_msg(rt, RTM_GETADDR, NLM_F_DUMP);
	struct addr_dump d = { .ifindex = ifindex, .a = a };
	struct ifaddrmsg *ifa;
	int err;

	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	err = rt_exchange(rt, nlh, addr_cb, &d);
	*n = d.n;
	return err;
}

struct route_dump {
	struct rt_route *r;
	unsigned int n;
};

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct route_dump *d = data;
	const struct nlattr *attr;
	uint32_t table = rtm->rtm_table;
	struct rt_route *r;
	size_t alen;

	if (nlh->nlmsg_type != RTM_NEWROUTE || d->n == RT_MAX_ENTRIES ||
	    rtm->rtm_type != RTN_UNICAST)
		return MNL_CB_OK;
	r = &d->r[d->n];
	memset(r, 0, sizeof(*r));
	r->family = rtm->rtm_family;
	r->plen = rtm->rtm_dst_len;
	alen = addr_len(r->family);
	mnl_attr_for_each(attr, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(attr)) {
		case RTA_TABLE:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				table = mnl_attr_get_u32(attr);
			break;
		case RTA_DST:
			if (mnl_attr_get_payload_len(attr) == alen)
				memcpy(r->dst, mnl_attr_get_payload(attr), alen);
			break;
		case RTA_GATEWAY:
			if (mnl_attr_get_payload_len(attr) == alen) {
				memcpy(r->gw, mnl_attr_get_payload(attr), alen);
				r->has_gw = true;
			}
			break;
		case RTA_OIF:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				r->oif = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (table == RT_TABLE_MAIN)
		d->n++;
	return MNL_CB_OK;
}

/* Unicast routes of the main table, IPv4 and IPv6. */
int rt_route_dump(struct rt *rt, struct rt_route *r, unsigned int *n)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct route_dump d = { .r = r };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	unsigned int i;
	int err = 0;

	for (i = 0; i < 2 && !err; i++) {
		nlh = rt_msg(rt, RTM_GETROUTE, NLM_F_DUMP);
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = families[i];
		err = rt_exchange(rt, nlh, route_cb, &d);
	}
	*n = d.n;
	return err;
}

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(struct rtgenmsg)) {
		if (mnl_attr_get_type(attr) == NETNSA_NSID &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			*(int32_t *)data = (int32_t)mnl_attr_get_u32(attr);
	}
	return MNL_CB_OK;
}

/*
 * The id the socket's netns has for the netns of @netns_fd, in *@nsid
 * (NETNSA_NSID_NOT_ASSIGNED if none): 0 or -errno.
 */
int rt_netns_id(struct rt *rt, int netns_fd, int32_t *nsid)
{
	struct nlmsghdr *nlh = rt_msg(rt, RTM_GETNSID, 0);
	struct rtgenmsg *g;

	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, netns_fd);
	*nsid = NETNSA_NSID_NOT_ASSIGNED;
	return rt_exchange(rt, nlh, nsid_cb, nsid);
}
