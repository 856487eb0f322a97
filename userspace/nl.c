// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - generic netlink socket, family resolution, request/ack loop.
 *
 * Every request carries NLM_F_ACK, and replies are read until the ack,
 * the error or the NLMSG_DONE that ends it, so a dump spread over many
 * datagrams is fully processed. Errors keep their extended ack message.
 *
 * Only the kernel is heard: a socket is connected to the kernel's port, so
 * the kernel refuses unicasts from other sockets (root of any netns a
 * socket is opened in, e.g. a container's, may send to any port there),
 * and nl_sock_recv() drops whatever does not come from port 0 (a
 * multicast from such a sender, say).
 *
 * VNICCTL_DEBUG=1 in the environment dumps each request on stderr, in hex
 * and as an attribute tree; VNICCTL_DEBUG=2 dumps the replies too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vnic.h>

#include "nl.h"
#include "util.h"
#include "vnicctl.h"

#define NL_SEND_BUFSIZE	8192
/* The kernel never builds dump skbs larger than 32 KiB. */
#define NL_RECV_BUFSIZE	32768

/* nl_process() result meaning "the request is not finished yet". */
#define NL_MORE		1

struct nl_run {
	mnl_cb_t cb;
	void *data;
	uint32_t seq;
	bool intr;		/* some dump message had NLM_F_DUMP_INTR */
};


/* VNICCTL_DEBUG: 0 off, 1 dump requests, 2 dump replies too */
static int nl_debug_level(void)
{
	static int level = -1;
	const char *s;

	if (level < 0) {
		s = getenv("VNICCTL_DEBUG");
		if (!s || !*s || !strcmp(s, "0"))
			level = 0;
		else
			level = atoi(s) >= 2 ? 2 : 1;
	}
	return level;
}

static void nl_debug_hex(FILE *f, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, " %02x", p[i]);
}

/* Attributes between @start and @end, nests (NLA_F_NESTED) recursively */
static void nl_debug_attrs(FILE *f, const void *start, const void *end,
			   int depth)
{
	const struct nlattr *attr = start;
	int len = (const char *)end - (const char *)start;

	for (; mnl_attr_ok(attr, len); attr = mnl_attr_next(attr)) {
		len -= MNL_ALIGN(attr->nla_len);
		fprintf(f, "vnicctl: debug: %*sattr %u%s len %u:", 2 * depth,
			"", mnl_attr_get_type(attr),
			attr->nla_type & NLA_F_NESTED ? " nested" : "",
			mnl_attr_get_payload_len(attr));
		if (!(attr->nla_type & NLA_F_NESTED)) {
			nl_debug_hex(f, mnl_attr_get_payload(attr),
				     mnl_attr_get_payload_len(attr));
			fputc('\n', f);
			continue;
		}
		fputc('\n', f);
		nl_debug_attrs(f, mnl_attr_get_payload(attr),
			       (const char *)mnl_attr_get_payload(attr) +
			       mnl_attr_get_payload_len(attr), depth + 1);
	}
	if (len > 0)
		fprintf(f, "vnicctl: debug: %*s(%d trailing bytes)\n",
			2 * depth, "", len);
}

static void nl_debug_msg(const char *what, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const uint8_t *p = (const uint8_t *)nlh;
	FILE *f = pr_stream ? pr_stream : stderr;
	size_t i;

	fprintf(f, "vnicctl: debug: %s len %u type 0x%x flags 0x%x seq %u port %u\n",
		what, nlh->nlmsg_len, nlh->nlmsg_type, nlh->nlmsg_flags,
		nlh->nlmsg_seq, nlh->nlmsg_pid);
	for (i = 0; i < nlh->nlmsg_len; i += 16) {
		fprintf(f, "vnicctl: debug:   %04zx:", i);
		nl_debug_hex(f, p + i, nlh->nlmsg_len - i < 16 ?
				       nlh->nlmsg_len - i : 16);
		fputc('\n', f);
	}
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return;
	fprintf(f, "vnicctl: debug: genl cmd %u version %u\n",
		genl->cmd, genl->version);
	nl_debug_attrs(f, mnl_nlmsg_get_payload_offset(nlh, sizeof(*genl)),
		       mnl_nlmsg_get_payload_tail(nlh), 1);
}

static struct nlmsghdr *nl_msg_start(struct nl *nl, uint16_t type,
				     uint8_t cmd, uint8_t version,
				     uint16_t flags)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	/* libmnl does not clear attribute padding */
	memset(nl->sbuf, 0, NL_SEND_BUFSIZE);
	nlh = mnl_nlmsg_put_header(nl->sbuf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Start a request to the vnic family; NLM_F_REQUEST|NLM_F_ACK are implied. */
struct nlmsghdr *nl_msg(struct nl *nl, uint8_t cmd, uint16_t flags)
{
	return nl_msg_start(nl, nl->family, cmd, VNIC_FAMILY_VERSION, flags);
}

/* Extended ack TLVs start @off bytes into the payload of @nlh. */
static void nl_parse_extack(struct nl *nl, const struct nlmsghdr *nlh,
			    size_t off)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    MNL_ALIGN(off) > mnl_nlmsg_get_payload_len(nlh))
		return;

	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				break;
			snprintf(nl->ext_msg, sizeof(nl->ext_msg), "%s",
				 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			nl->ext.miss_type = mnl_attr_get_u32(attr);
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			nl->ext.miss_nest_off = mnl_attr_get_u32(attr);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			nl->ext.bad_off = mnl_attr_get_u32(attr);
			break;
		}
	}
}

static int nl_ack(struct nl *nl, const struct nl_run *run,
		  const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err))
		return -EBADMSG;
	/* Without NETLINK_CAP_ACK the request is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len > sizeof(struct nlmsghdr))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	nl_parse_extack(nl, nlh, off);

	if (err->error) {
		nl->kernel_err = true;
		return err->error < 0 ? err->error : -err->error;
	}
	if (nl->ext_msg[0])
		pr_warn("%s", nl->ext_msg);
	return run->intr ? -EINTR : 0;
}

/* NLMSG_DONE ends a dump; its payload is the dump's error code. */
static int nl_done(struct nl *nl, const struct nl_run *run,
		   const struct nlmsghdr *nlh)
{
	int error = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(error))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error < 0) {
		nl_parse_extack(nl, nlh, sizeof(error));
		nl->kernel_err = true;
		return error;
	}
	return run->intr ? -EINTR : 0;
}

/* Returns NL_MORE, 0 when the request completed, or a negative errno. */
static int nl_process(struct nl *nl, struct nl_run *run, size_t len)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)nl->rbuf;
	int rem = len;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		/* Leftovers of an earlier request */
		if (nlh->nlmsg_seq != run->seq || nlh->nlmsg_pid != nl->portid)
			continue;
		if (nl_debug_level() >= 2)
			nl_debug_msg("recv", nlh);
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			run->intr = true;

		switch (nlh->nlmsg_type) {
		case NLMSG_ERROR:
			return nl_ack(nl, run, nlh);
		case NLMSG_DONE:
			return nl_done(nl, run, nlh);
		case NLMSG_OVERRUN:
			return -ENOBUFS;
		default:
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE || !run->cb)
				break;
			errno = 0;
			switch (run->cb(nlh, run->data)) {
			case MNL_CB_ERROR:
				return errno ? -errno : -EPROTO;
			case MNL_CB_STOP:
				/* Ignore further data, still wait for the ack */
				run->cb = NULL;
				break;
			}
		}
	}
	return NL_MORE;
}

/**
 * nl_sock_recv - the next datagram the kernel sent to @sock
 * @sock: a netlink socket
 * @buf: where to put it
 * @size: size of @buf
 *
 * Datagrams from any other sender (its port id, not 0) are dropped.
 * Return: its length, or -errno (-ENOSPC: it did not fit; -EINTR).
 */
ssize_t nl_sock_recv(struct mnl_socket *sock, void *buf, size_t size)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_name = &from,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t len;

	for (;;) {
		msg.msg_namelen = sizeof(from);
		len = recvmsg(mnl_socket_get_fd(sock), &msg, 0);
		if (len < 0)
			return -errno;
		if (msg.msg_flags & MSG_TRUNC)
			return -ENOSPC;
		if (msg.msg_namelen == sizeof(from) &&
		    from.nl_family == AF_NETLINK && from.nl_pid == 0)
			return len;
		if (nl_debug_level() >= 2)
			fprintf(pr_stream ? pr_stream : stderr,
				"vnicctl: debug: dropped %zd bytes from port %u\n",
				len, from.nl_pid);
	}
}

/**
 * nl_sock_connect_kernel - hear only the kernel on @sock
 * @sock: a bound netlink socket
 *
 * Connected to port 0, the socket gets no unicast from another socket.
 * Return: 0 or -errno.
 */
int nl_sock_connect_kernel(struct mnl_socket *sock)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (connect(mnl_socket_get_fd(sock), (struct sockaddr *)&kernel,
		    sizeof(kernel)) < 0)
		return -errno;
	return 0;
}

/*
 * Send @nlh and process the replies, calling @cb for each data message,
 * until the request is acked. Returns 0 or a negative errno; on error,
 * nl->kernel_err tells whether the kernel reported it.
 */
int nl_exchange(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct nl_run run = {
		.cb = cb,
		.data = data,
		.seq = nlh->nlmsg_seq,
	};
	ssize_t len;
	int ret;

	nl->req = nlh;
	nl->kernel_err = false;
	nl->ext.bad_off = -1;
	nl->ext.miss_type = -1;
	nl->ext.miss_nest_off = -1;
	nl->ext_msg[0] = '\0';

	if (nl_debug_level() >= 1)
		nl_debug_msg("send", nlh);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	do {
		len = nl_sock_recv(nl->sock, nl->rbuf, NL_RECV_BUFSIZE);
		if (len == -EINTR)
			continue;
		if (len < 0)
			return len;
		ret = nl_process(nl, &run, len);
	} while (ret == NL_MORE);

	return ret;
}

/* True if @err says a dump was inconsistent and should be retried. */
bool nl_dump_interrupted(const struct nl *nl, int err)
{
	return err == -EINTR && !nl->kernel_err;
}

/* Attribute set of the top-level attributes of request @nlh, or NULL. */
static const struct attr_set *nl_req_attr_set(const struct nl *nl,
					      const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl;

	if (!nl->family || nlh->nlmsg_type != nl->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return NULL;
	genl = mnl_nlmsg_get_payload(nlh);
	switch (genl->cmd) {
	case VNIC_CMD_STATS_GET:
		return &attr_set_stats;
	case VNIC_CMD_PARENT_GET:
	case VNIC_CMD_PARENT_SET:
		return &attr_set_parent;
	case VNIC_CMD_GROUP_GET:
	case VNIC_CMD_GROUP_NEW:
	case VNIC_CMD_GROUP_SET:
	case VNIC_CMD_GROUP_DEL:
		return &attr_set_group;
	}
	return &attr_set_dev;
}

/*
 * The one-line error for a kernel error @err: its message @msg (or "")
 * and @attr, what extack_describe() said about the attribute (or "").
 */
void nl_format_error(char *buf, size_t size, const char *msg,
		     const char *attr, int err)
{
	const char *why = strerror(-err);

	if (err == -EPERM && !*msg)
		/* The generic netlink core checks GENL_ADMIN_PERM silently. */
		msg = "CAP_NET_ADMIN is required";
	if (*msg && *attr)
		snprintf(buf, size, "%s (%s; %s)", msg, attr, why);
	else if (*msg)
		snprintf(buf, size, "%s (%s)", msg, why);
	else if (*attr)
		snprintf(buf, size, "%s (%s)", attr, why);
	else
		snprintf(buf, size, "%s", why);
}

/* Print the outcome of nl_exchange() and turn it into an exit code. */
int nl_report(struct nl *nl, int err)
{
	char attr[160] = "", line[512];

	if (!err)
		return VNICCTL_EXIT_OK;

	if (!nl->kernel_err) {
		if (err == -EINTR)
			pr_err("dump interrupted by concurrent changes, try again");
		else
			pr_err("netlink: %s", strerror(-err));
		return VNICCTL_EXIT_FAIL;
	}

	if (nl->req)
		extack_describe(nl->req, nl_req_attr_set(nl, nl->req),
				&nl->ext, attr, sizeof(attr));
	nl_format_error(line, sizeof(line), nl->ext_msg, attr, err);
	pr_err("%s", line);
	return VNICCTL_EXIT_KERNEL;
}

int nl_request(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return nl_report(nl, nl_exchange(nl, nlh, cb, data));
}

/* One CTRL_ATTR_MCAST_GROUPS entry: remember the "monitor" group's id. */
static void nl_family_mcgrp(struct nl *nl, const struct nlattr *grp)
{
	const struct nlattr *attr;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(attr, grp) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(attr);
		if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			id = mnl_attr_get_u32(attr);
	}
	if (name && !strcmp(name, VNIC_MCGRP_MONITOR))
		nl->mcgrp_monitor = id;
}

static int nl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr, *grp;
	struct nl *nl = data;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
				nl->family = mnl_attr_get_u16(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
				break;
			mnl_attr_for_each_nested(grp, attr)
				nl_family_mcgrp(nl, grp);
			break;
		}
	}
	return MNL_CB_OK;
}

static int nl_resolve_family(struct nl *nl)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = nl_msg_start(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VNIC_FAMILY_NAME);

	err = nl_exchange(nl, nlh, nl_family_cb, nl);
	if (err == -ENOENT && nl->kernel_err) {
		pr_err("vnic module not loaded (generic netlink family \"%s\" not found)",
		       VNIC_FAMILY_NAME);
		return VNICCTL_EXIT_FAIL;
	}
	if (err)
		return nl_report(nl, err);
	if (!nl->family) {
		pr_err("netlink: no id for family \"%s\" in controller reply",
		       VNIC_FAMILY_NAME);
		return VNICCTL_EXIT_FAIL;
	}
	return VNICCTL_EXIT_OK;
}

/*
 * Open a generic netlink socket, without resolving the vnic family (the
 * requests nl_msg() builds go to family 0 until nl->family is set). Prints
 * the reason on failure and returns an exit code.
 */
int nl_sock_open(struct nl **nlp)
{
	int one = 1;
	struct nl *nl;
	int ret;

	*nlp = NULL;
	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		pr_err("%s", strerror(ENOMEM));
		return VNICCTL_EXIT_FAIL;
	}
	nl->sbuf = malloc(NL_SEND_BUFSIZE);
	nl->rbuf = malloc(NL_RECV_BUFSIZE);
	if (!nl->sbuf || !nl->rbuf) {
		pr_err("%s", strerror(ENOMEM));
		ret = VNICCTL_EXIT_FAIL;
		goto err;
	}

	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		pr_err("cannot open generic netlink socket: %s",
		       strerror(errno));
		ret = VNICCTL_EXIT_FAIL;
		goto err;
	}
	/* Best effort: without them errors are just less detailed. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));

	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		pr_err("cannot bind generic netlink socket: %s",
		       strerror(errno));
		ret = VNICCTL_EXIT_FAIL;
		goto err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);
	ret = nl_sock_connect_kernel(nl->sock);
	if (ret) {
		pr_err("cannot connect generic netlink socket: %s",
		       strerror(-ret));
		ret = VNICCTL_EXIT_FAIL;
		goto err;
	}
	*nlp = nl;
	return VNICCTL_EXIT_OK;

err:
	nl_close(nl);
	return ret;
}

/*
 * Open a generic netlink socket and resolve the vnic family. Prints the
 * reason on failure and returns an exit code.
 */
int nl_open(struct nl **nlp)
{
	int ret;

	ret = nl_sock_open(nlp);
	if (ret)
		return ret;
	ret = nl_resolve_family(*nlp);
	if (ret) {
		nl_close(*nlp);
		*nlp = NULL;
	}
	return ret;
}

/*
 * nl_get - the socket for one command
 *
 * In batch mode every command uses one socket, opened (and the family
 * resolved) by the first; a batch of N commands costs N round trips, as
 * with "ip -b", not 3N system calls more. nl_put() releases it.
 */
int nl_get(struct vnicctl *ctx, struct nl **nlp)
{
	int ret;

	if (ctx->nl) {
		*nlp = ctx->nl;
		return VNICCTL_EXIT_OK;
	}
	ret = nl_open(nlp);
	if (!ret && ctx->batch)
		ctx->nl = *nlp;
	return ret;
}

void nl_put(struct vnicctl *ctx, struct nl *nl)
{
	if (nl != ctx->nl)
		nl_close(nl);
}

/*
 * Wait for the next datagram (events once subscribed); *@buf points at it.
 * Returns its length, or -errno.
 */
int nl_recv(struct nl *nl, void **buf)
{
	ssize_t len;

	len = nl_sock_recv(nl->sock, nl->rbuf, NL_RECV_BUFSIZE);
	if (len < 0)
		return len;
	*buf = nl->rbuf;
	return len;
}

void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->sbuf);
	free(nl->rbuf);
	free(nl);
}
