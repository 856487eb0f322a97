/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - generic netlink socket, family resolution, request/ack loop.
 */
#ifndef VNICCTL_NL_H
#define VNICCTL_NL_H

#include <stdbool.h>
#include <stdint.h>

#include <sys/types.h>

#include <libmnl/libmnl.h>

#include "extack.h"

struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;	/* id of the "vnic" family */
	uint32_t mcgrp_monitor;	/* id of its "monitor" group, 0 if none */
	char *sbuf;		/* request being built */
	char *rbuf;		/* replies */

	/* Outcome of the last nl_exchange() */
	const struct nlmsghdr *req;	/* the request it sent */
	bool kernel_err;	/* error ack (or failed dump) from the kernel */
	struct extack_attrs ext;	/* attribute the kernel points at */
	char ext_msg[256];	/* NLMSGERR_ATTR_MSG, or "" */
};

struct vnicctl;

int nl_sock_open(struct nl **nlp);
int nl_sock_connect_kernel(struct mnl_socket *sock);
ssize_t nl_sock_recv(struct mnl_socket *sock, void *buf, size_t size);
int nl_open(struct nl **nlp);
int nl_get(struct vnicctl *ctx, struct nl **nlp);
void nl_put(struct vnicctl *ctx, struct nl *nl);
int nl_recv(struct nl *nl, void **buf);
void nl_close(struct nl *nl);

struct nlmsghdr *nl_msg(struct nl *nl, uint8_t cmd, uint16_t flags);

int nl_exchange(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int nl_report(struct nl *nl, int err);
void nl_format_error(char *buf, size_t size, const char *msg,
		     const char *attr, int err);
int nl_request(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
bool nl_dump_interrupted(const struct nl *nl, int err);

#endif /* VNICCTL_NL_H */
