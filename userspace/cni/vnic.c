// SPDX-License-Identifier: GPL-2.0
/*
 * vnic - CNI plugin (spec 1.0.0; results for 0.3.0, 0.3.1, 0.4.0 too):
 * gives a container a vnic of "master", with its framing and share
 * enforced by the kernel, configured over the vnic generic netlink family.
 *
 * ADD:   IPAM ADD (the plugin named by ipam.type, found in CNI_PATH), then
 *        one DEV_NEW in the host netns: parent, MAC, mode, port VLAN,
 *        allowed source IPs = the IPAM addresses (unless spoofCheck is
 *        false), TX/RX token buckets from runtimeConfig.bandwidth. Then MTU,
 *        move + rename into CNI_NETNS (one RTM_NEWLINK), and inside the
 *        netns: up, addresses, routes. Any failure undoes all of it.
 * DEL:   the vnic named CNI_IFNAME in CNI_NETNS (looked up from inside the
 *        netns, deleted by id from the host netns), then IPAM DEL. A missing
 *        netns or interface is success. The id is checked from the host's
 *        netns first: a vnic that is not CNI_IFNAME in CNI_NETNS is not
 *        deleted, and DEL fails (the container's answer cannot be trusted).
 * CHECK: the vnic, its parent, MAC, MTU, policy and rates, the addresses and
 *        routes of prevResult, then IPAM CHECK.
 * VERSION.
 *
 * Errors: a spec'd error object on stdout ({cniVersion, code, msg,
 * details}) and exit status 1; the message is repeated on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <linux/genetlink.h>
#include <linux/vnic.h>

/* vnicctl's JSON writer (dev.h includes it) has a json_bool() too. */
#define json_bool vnicctl_json_bool
#include "../dev.h"
#undef json_bool
#include "../extack.h"
#include "../nl.h"
#include "../util.h"
#include "cni.h"
#include "rt.h"

/* CHECK found the container's network not as configured. */
#define CNI_ERR_CHECK	100

struct ctx {
	const char *command;
	const char *containerid;
	const char *netns;
	const char *ifname;
	const char *path;
	char *in;		/* stdin */
	size_t in_len;
	struct cni_conf conf;
	int host_fd;		/* the plugin's own netns */
	int pod_fd;		/* CNI_NETNS, -1 if not open */
};

/* pr_err() output of the vnicctl code we link (nl_open()) lands here. */
static char *pr_buf;
static size_t pr_len;

static const char *pr_last(void)
{
	static char line[256];
	char *p, *end;

	if (!pr_stream)
		return "";
	fflush(pr_stream);
	if (!pr_buf || !pr_len)
		return "";
	end = pr_buf + pr_len;
	while (end > pr_buf && end[-1] == '\n')
		end--;
	p = end;
	while (p > pr_buf && p[-1] != '\n')
		p--;
	if (!strncmp(p, "vnicctl: ", 9))
		p += 9;
	snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
	return line;
}

static void print_json(json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
}

static int fail(const struct ctx *x, const struct cni_err *e)
{
	const char *v = x->conf.cni_version;
	json_object *o;

	if (!v || !cni_version_supported(v))
		v = CNI_VERSION_LATEST;
	o = cni_error_json(v, e);
	print_json(o);
	json_object_put(o);
	fprintf(stderr, "vnic: %s%s%s\n", e->msg, e->details[0] ? ": " : "",
		e->details);
	return 1;
}

static char *read_all(int fd, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1), *tmp;
	ssize_t r;

	if (!buf)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap *= 2;
			tmp = realloc(buf, cap + 1);
			if (!tmp) {
				free(buf);
				return NULL;
			}
			buf = tmp;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += r;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Switch this (single-threaded) process to the netns of @fd. Sockets keep
 * the netns they were opened in, which is how the plugin works on both
 * sides: open them in the pod's netns, come back, use them.
 */
static int enter_ns(int fd, const char *what, struct cni_err *e)
{
	if (setns(fd, CLONE_NEWNET) < 0) {
		cni_seterr(e, CNI_ERR_INTERNAL, "cannot enter the %s network namespace: %s",
			   what, strerror(errno));
		return -1;
	}
	return 0;
}

/* Open the pod's netns, for ADD and CHECK (missing: error 3). */
static int open_pod_ns(struct ctx *x, struct cni_err *e)
{
	x->pod_fd = open(x->netns, O_RDONLY | O_CLOEXEC);
	if (x->pod_fd < 0) {
		cni_seterr(e, errno == ENOENT ? CNI_ERR_NO_CONTAINER : CNI_ERR_IO,
			   "CNI_NETNS \"%s\": %s", x->netns, strerror(errno));
		return -1;
	}
	if (enter_ns(x->pod_fd, "container's", e)) {
		snprintf(e->msg, sizeof(e->msg), "CNI_NETNS \"%s\": not a network namespace",
			 x->netns);
		e->code = CNI_ERR_ENV;
		close(x->pod_fd);
		x->pod_fd = -1;
		return -1;
	}
	return enter_ns(x->host_fd, "plugin's", e);
}

/* Open a vnic generic netlink socket in the current netns. */
static struct nl *genl_open(struct cni_err *e)
{
	struct nl *nl;

	if (nl_open(&nl)) {
		cni_seterr(e, CNI_ERR_INTERNAL, "%s", pr_last());
		return NULL;
	}
	fcntl(mnl_socket_get_fd(nl->sock), F_SETFD, FD_CLOEXEC);
	return nl;
}

/* A kernel error of the vnic family, with its extack and attribute. */
static void genl_err(struct nl *nl, int err, int code, const char *what,
		     struct cni_err *e)
{
	char attr[160] = "", line[400];

	if (nl->kernel_err && nl->req)
		extack_describe(nl->req, &attr_set_dev, &nl->ext, attr,
				sizeof(attr));
	nl_format_error(line, sizeof(line), nl->ext_msg, attr, err);
	cni_seterr(e, code, "%s: %s", what, line);
}

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	dev_parse(nlh, data);
	return MNL_CB_OK;
}

/* The vnic @ifname in @nl's netns: 0, -ENODEV, or -1 with @e set. */
static int vnic_get_by_name(struct nl *nl, const char *ifname,
			    struct vnic_dev *dev, struct cni_err *e)
{
	struct nlmsghdr *nlh = nl_msg(nl, VNIC_CMD_DEV_GET, 0);
	int err;

	memset(dev, 0, sizeof(*dev));
	mnl_attr_put_strz(nlh, VNIC_A_DEV_NAME, ifname);
	err = nl_exchange(nl, nlh, dev_cb, dev);
	if (err == -ENODEV && nl->kernel_err)
		return -ENODEV;
	if (err == -EINVAL && nl->kernel_err) {
		cni_seterr(e, CNI_ERR_INTERNAL, "interface \"%s\" in the container is not a vnic",
			   ifname);
		return -EINVAL;
	}
	if (err) {
		genl_err(nl, err, CNI_ERR_INTERNAL, "looking up the vnic", e);
		return -1;
	}
	return 0;
}

static int vnic_get_by_id(struct nl *nl, uint32_t id, struct vnic_dev *dev,
			  struct cni_err *e)
{
	struct nlmsghdr *nlh = nl_msg(nl, VNIC_CMD_DEV_GET, 0);
	int err;

	memset(dev, 0, sizeof(*dev));
	mnl_attr_put_u32(nlh, VNIC_A_DEV_ID, id);
	err = nl_exchange(nl, nlh, dev_cb, dev);
	if (err) {
		genl_err(nl, err, CNI_ERR_INTERNAL, "getting the vnic from the host's netns", e);
		return -1;
	}
	return 0;
}

/*
 * Is vnic @id, as the host's netns (@nl) sees it, CNI_IFNAME in CNI_NETNS?
 * The id was looked up inside CNI_NETNS, whose root may have anything
 * there, so it is checked from this side: the vnic's name, and its netns
 * (its netns id against the one the host's netns has for CNI_NETNS).
 * Returns 1 yes, 0 no, -1 on error; @e says why unless yes.
 */
static int vnic_is_pods(const struct ctx *x, struct nl *nl, uint32_t id,
			struct cni_err *e)
{
	struct nlmsghdr *nlh = nl_msg(nl, VNIC_CMD_DEV_GET, 0);
	struct stat pod_st, host_st;
	struct vnic_dev dev;
	int32_t nsid;
	struct rt rt;
	int err;

	memset(&dev, 0, sizeof(dev));
	mnl_attr_put_u32(nlh, VNIC_A_DEV_ID, id);
	err = nl_exchange(nl, nlh, dev_cb, &dev);
	if (err == -ENODEV && nl->kernel_err) {
		cni_seterr(e, CNI_ERR_INTERNAL, "no vnic id %u in the host's netns",
			   id);
		return 0;
	}
	if (err) {
		genl_err(nl, err, CNI_ERR_INTERNAL, "getting the vnic from the host's netns", e);
		return -1;
	}
	if (strcmp(dev.name, x->ifname)) {
		cni_seterr(e, CNI_ERR_INTERNAL, "vnic id %u is called \"%s\"",
			   id, dev.name);
		return 0;
	}
	if (fstat(x->pod_fd, &pod_st) || fstat(x->host_fd, &host_st)) {
		cni_seterr(e, CNI_ERR_IO, "stat of a netns: %s", strerror(errno));
		return -1;
	}
	if (pod_st.st_dev == host_st.st_dev && pod_st.st_ino == host_st.st_ino) {
		/* CNI_NETNS is the plugin's own: no netns id then. */
		if (!DEV_HAS(&dev, VNIC_A_DEV_NETNSID))
			return 1;
		cni_seterr(e, CNI_ERR_INTERNAL, "vnic id %u lives in netns id %d",
			   id, dev.netnsid);
		return 0;
	}
	if (!DEV_HAS(&dev, VNIC_A_DEV_NETNSID)) {
		cni_seterr(e, CNI_ERR_INTERNAL, "vnic id %u lives in the host's netns",
			   id);
		return 0;
	}
	err = rt_open(&rt);
	if (!err) {
		err = rt_netns_id(&rt, x->pod_fd, &nsid);
		if (err)
			cni_seterr(e, CNI_ERR_INTERNAL, "netns id of CNI_NETNS: %s%s%s",
				   rt.err, rt.err[0] ? ": " : "", strerror(-err));
		rt_close(&rt);
	} else {
		cni_seterr(e, CNI_ERR_INTERNAL, "rtnetlink socket: %s",
			   strerror(-err));
	}
	if (err)
		return -1;
	if (nsid != dev.netnsid) {
		cni_seterr(e, CNI_ERR_INTERNAL, "vnic id %u lives in netns id %d, CNI_NETNS is %d",
			   id, dev.netnsid, nsid);
		return 0;
	}
	return 1;
}

/* Delete vnic @id; gone already is success. */
static int vnic_del_id(struct nl *nl, uint32_t id, struct cni_err *e)
{
	struct nlmsghdr *nlh = nl_msg(nl, VNIC_CMD_DEV_DEL, 0);
	int err;

	mnl_attr_put_u32(nlh, VNIC_A_DEV_ID, id);
	err = nl_exchange(nl, nlh, NULL, NULL);
	if (err == -ENODEV && nl->kernel_err)
		return 0;
	if (err) {
		genl_err(nl, err, CNI_ERR_INTERNAL, "deleting the vnic", e);
		return -1;
	}
	return 0;
}

/* ---- IPAM ---- */

static int find_plugin(const struct ctx *x, const char *type, char *out,
		       size_t size, struct cni_err *e)
{
	const char *p = x->path, *end;
	size_t len;

	if (!p || !*p) {
		cni_seterr(e, CNI_ERR_ENV, "CNI_PATH: not set, cannot find the ipam plugin \"%s\"",
			   type);
		return -1;
	}
	while (*p) {
		end = strchr(p, ':');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len) {
			snprintf(out, size, "%.*s/%s", (int)len, p, type);
			if (access(out, X_OK) == 0)
				return 0;
		}
		p += len + (end ? 1 : 0);
	}
	cni_seterr(e, CNI_ERR_CONFIG, "ipam.type: plugin \"%s\" not found in CNI_PATH \"%s\"",
		   type, x->path);
	return -1;
}

/* Feed @in to the child's stdin while collecting its stdout. */
static char *pipe_io(int wfd, const char *in, size_t in_len, int rfd,
		     size_t *out_len)
{
	size_t cap = 4096, n = 0, off = 0;
	char *out = malloc(cap + 1), *tmp;
	struct pollfd pfd[2];
	ssize_t r;

	if (!out)
		return NULL;
	if (!in_len) {
		close(wfd);
		wfd = -1;
	}
	for (;;) {
		pfd[0].fd = rfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = wfd;
		pfd[1].events = POLLOUT;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (wfd >= 0 && pfd[1].revents) {
			r = write(wfd, in + off, in_len - off);
			if (r > 0)
				off += r;
			if (r < 0 && errno != EINTR && errno != EAGAIN)
				off = in_len;	/* EPIPE: the child is done */
			if (off == in_len) {
				close(wfd);
				wfd = -1;
			}
		}
		if (pfd[0].revents) {
			if (n == cap) {
				cap *= 2;
				tmp = realloc(out, cap + 1);
				if (!tmp)
					break;
				out = tmp;
			}
			r = read(rfd, out + n, cap - n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			n += r;
		}
	}
	if (wfd >= 0)
		close(wfd);
	out[n] = '\0';
	*out_len = n;
	return out;
}

/*
 * Run the IPAM plugin with CNI_COMMAND=@cmd, the same environment and
 * stdin. On ADD, *@result is its result. Its errors are passed on, with
 * their code.
 */
static int ipam_exec(struct ctx *x, const char *cmd, json_object **result,
		     struct cni_err *e)
{
	const char *type = x->conf.ipam_type;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, status;
	char path[4096], *buf;
	struct cni_err perr = { 0 };
	json_object *o, *v;
	size_t len;
	pid_t pid;

	if (result)
		*result = NULL;
	if (find_plugin(x, type, path, sizeof(path), e))
		return -1;
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		cni_seterr(e, CNI_ERR_IO, "pipe: %s", strerror(errno));
		goto err_close;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		cni_seterr(e, CNI_ERR_IO, "fork: %s", strerror(errno));
		goto err_close;
	}
	if (pid == 0) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(127);
		setenv("CNI_COMMAND", cmd, 1);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	buf = pipe_io(in[1], x->in, x->in_len, out[0], &len);
	close(out[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!buf) {
		cni_seterr(e, CNI_ERR_IO, "ipam plugin \"%s\": reading its output failed",
			   type);
		return -1;
	}

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (result) {
			*result = cni_json_parse(buf, len, &perr, "ipam result");
			if (!*result) {
				cni_seterr(e, CNI_ERR_DECODE, "ipam plugin \"%s\": %s",
					   type, perr.msg);
				free(buf);
				return -1;
			}
		}
		free(buf);
		return 0;
	}

	/* The plugin's error object, if it printed one. */
	o = cni_json_parse(buf, len, &perr, "ipam error");
	if (o && json_object_object_get_ex(o, "code", &v) &&
	    json_object_is_type(v, json_type_int)) {
		e->code = json_object_get_int(v);
		snprintf(e->msg, sizeof(e->msg), "ipam plugin \"%s\" %s: %s",
			 type, cmd,
			 json_object_object_get_ex(o, "msg", &v) ?
			 json_object_get_string(v) : "");
		if (json_object_object_get_ex(o, "details", &v))
			snprintf(e->details, sizeof(e->details), "%s",
				 json_object_get_string(v));
	} else {
		cni_seterr(e, CNI_ERR_INTERNAL, "ipam plugin \"%s\" %s failed (%s %d): %.200s",
			   type, cmd,
			   WIFEXITED(status) ? "exit status" : "signal",
			   WIFEXITED(status) ? WEXITSTATUS(status) :
			   WTERMSIG(status), buf);
	}
	json_object_put(o);
	free(buf);
	return -1;

err_close:
	if (in[0] >= 0) {
		close(in[0]);
		close(in[1]);
	}
	if (out[0] >= 0) {
		close(out[0]);
		close(out[1]);
	}
	return -1;
}

/* ---- ADD ---- */

static void bw_to_policy(const struct cni_bandwidth *bw, struct vnic_policy *p)
{
	if (bw->egress_rate) {
		p->attrs |= 1u << VNIC_A_DEV_TX_RATE;
		p->tx_rate = bw->egress_rate;
		if (bw->egress_burst) {
			p->attrs |= 1u << VNIC_A_DEV_TX_BURST;
			p->tx_burst = bw->egress_burst / 8;
		}
	}
	if (bw->ingress_rate) {
		p->attrs |= 1u << VNIC_A_DEV_RX_RATE;
		p->rx_rate = bw->ingress_rate;
		if (bw->ingress_burst) {
			p->attrs |= 1u << VNIC_A_DEV_RX_BURST;
			p->rx_burst = bw->ingress_burst / 8;
		}
	}
}

/* The IPAM addresses as host prefixes (/32, /128): the allowed sources. */
static void ips_to_policy(const struct cni_ipam_result *r,
			  struct vnic_policy *p)
{
	unsigned int i;

	p->attrs |= 1u << VNIC_A_DEV_ALLOWED_IPS;
	p->n_ips = 0;
	for (i = 0; i < r->n_ips && i < VNIC_MAX_PREFIXES; i++) {
		struct ip_prefix *ip = &p->ips[p->n_ips++];

		memset(ip, 0, sizeof(*ip));
		ip->family = r->ips[i].family;
		ip->plen = ip->family == AF_INET ? 32 : 128;
		memcpy(ip->addr, r->ips[i].addr, 16);
	}
}

static int kernel_code(int err)
{
	switch (err) {
	case -ENOMEM:
	case -EPERM:
	case -ENOBUFS:
		return CNI_ERR_INTERNAL;
	}
	return CNI_ERR_CONFIG;
}

static void fmt_rt_err(struct cni_err *e, int code, const char *what,
		       const struct rt *rt, int err)
{
	cni_seterr(e, code, "%s: %s%s%s", what, rt->err,
		   rt->err[0] ? ": " : "", strerror(-err));
}

/* A route without gateway takes the IPAM gateway of its family. */
static struct cni_route route_with_gw(const struct cni_route *r,
				      const struct cni_ipam_result *res)
{
	struct cni_route out = *r;
	unsigned int i;

	for (i = 0; !out.has_gw && i < res->n_ips; i++) {
		if (res->ips[i].family == r->family && res->ips[i].has_gw) {
			out.has_gw = true;
			memcpy(out.gw, res->ips[i].gw, 16);
		}
	}
	return out;
}

/* Inside the pod, on the socket opened there: up, addresses, routes. */
static int pod_configure(struct ctx *x, struct rt *rt,
			 const struct cni_ipam_result *res, struct rt_link *l,
			 struct cni_err *e)
{
	char addr[INET6_ADDRSTRLEN];
	struct cni_route r;
	unsigned int i;
	int err;

	err = rt_link_get(rt, x->ifname, l);
	if (err) {
		fmt_rt_err(e, CNI_ERR_INTERNAL, "the vnic is not in the container after the move",
			   rt, err);
		return -1;
	}
	err = rt_link_set(rt, l->ifindex, true, 0, -1, NULL);
	if (err) {
		fmt_rt_err(e, CNI_ERR_INTERNAL, "bringing the interface up", rt, err);
		return -1;
	}
	for (i = 0; i < res->n_ips; i++) {
		err = rt_addr_add(rt, l->ifindex, &res->ips[i]);
		if (err) {
			inet_ntop(res->ips[i].family, res->ips[i].addr, addr,
				  sizeof(addr));
			cni_seterr(e, CNI_ERR_INTERNAL, "adding address %s/%u: %s%s%s",
				   addr, res->ips[i].plen, rt->err,
				   rt->err[0] ? ": " : "", strerror(-err));
			return -1;
		}
	}
	for (i = 0; i < res->n_routes; i++) {
		r = route_with_gw(&res->routes[i], res);
		err = rt_route_add(rt, l->ifindex, &r);
		if (err == -EEXIST)
			continue;
		if (err) {
			inet_ntop(r.family, r.dst, addr, sizeof(addr));
			cni_seterr(e, CNI_ERR_INTERNAL, "adding route %s/%u: %s%s%s",
				   addr, r.plen, rt->err,
				   rt->err[0] ? ": " : "", strerror(-err));
			return -1;
		}
	}
	return 0;
}

static int cmd_add(struct ctx *x)
{
	struct cni_err e = { 0 }, e2 = { 0 };
	struct cni_conf *c = &x->conf;
	struct cni_ipam_result res = { 0 };
	json_object *ipam = NULL, *out;
	struct vnic_policy pol = { 0 };
	struct nl *nl = NULL;
	struct rt rt_pod = { 0 }, rt_host = { 0 };
	struct rt_link l;
	struct vnic_dev dev = { 0 };
	struct nlmsghdr *nlh;
	uint32_t parent;
	bool created = false, ipam_done = false;
	int err, idx;
	char what[64];

	if (!c->master) {
		cni_seterr(&e, CNI_ERR_CONFIG, "master: missing (the parent device of the vnic)");
		return fail(x, &e);
	}
	parent = if_nametoindex(c->master);
	if (!parent) {
		cni_seterr(&e, CNI_ERR_CONFIG, "master: no device \"%s\" in the plugin's network namespace",
			   c->master);
		return fail(x, &e);
	}
	if (open_pod_ns(x, &e))
		return fail(x, &e);

	/* The pod side's socket, and CNI_IFNAME must be free there. */
	if (enter_ns(x->pod_fd, "container's", &e))
		return fail(x, &e);
	err = rt_open(&rt_pod);
	if (!err) {
		err = rt_link_get(&rt_pod, x->ifname, &l);
		if (!err) {
			cni_seterr(&e, CNI_ERR_CONFIG, "CNI_IFNAME: interface \"%s\" already exists in the container",
				   x->ifname);
		} else if (err != -ENODEV) {
			fmt_rt_err(&e, CNI_ERR_INTERNAL, "rtnetlink in the container", &rt_pod, err);
		}
	} else {
		cni_seterr(&e, CNI_ERR_INTERNAL, "rtnetlink socket in the container: %s",
			   strerror(-err));
	}
	if (enter_ns(x->host_fd, "plugin's", &e2) && !e.code)
		e = e2;
	if (e.code)
		goto out;

	err = rt_open(&rt_host);
	if (err) {
		cni_seterr(&e, CNI_ERR_INTERNAL, "rtnetlink socket: %s", strerror(-err));
		goto out;
	}
	nl = genl_open(&e);
	if (!nl)
		goto out;

	if (c->ipam_type) {
		if (ipam_exec(x, "ADD", &ipam, &e))
			goto out;
		ipam_done = true;
		if (cni_result_parse(ipam, &res, &e)) {
			memcpy(e2.msg, e.msg, sizeof(e.msg));
			cni_seterr(&e, e.code, "ipam plugin \"%s\" result: %.400s",
				   c->ipam_type, e2.msg);
			goto undo;
		}
	}

	if (c->spoof_check && res.n_ips)
		ips_to_policy(&res, &pol);
	if (c->vlan) {
		pol.attrs |= 1u << VNIC_A_DEV_VLAN;
		pol.vlan = c->vlan;
	}
	bw_to_policy(&c->bw, &pol);

	nlh = nl_msg(nl, VNIC_CMD_DEV_NEW, 0);
	mnl_attr_put_u32(nlh, VNIC_A_DEV_PARENT_IFINDEX, parent);
	if (c->has_mac)
		mnl_attr_put(nlh, VNIC_A_DEV_MAC, MAC_LEN, c->mac);
	if (c->has_mode)
		mnl_attr_put_u32(nlh, VNIC_A_DEV_MODE, c->mode);
	policy_put(nlh, &pol);
	err = nl_exchange(nl, nlh, dev_cb, &dev);
	if (err) {
		snprintf(what, sizeof(what), "creating a vnic on \"%s\"",
			 c->master);
		genl_err(nl, err, nl->kernel_err ? kernel_code(err) :
			 CNI_ERR_INTERNAL, what, &e);
		goto undo;
	}
	created = true;
	if (!DEV_HAS(&dev, VNIC_A_DEV_ID) ||
	    !DEV_HAS(&dev, VNIC_A_DEV_IFINDEX)) {
		cni_seterr(&e, CNI_ERR_INTERNAL, "the kernel's reply to DEV_NEW has no id or ifindex");
		goto undo;
	}

	if (c->mtu) {
		err = rt_link_set(&rt_host, dev.ifindex, false, c->mtu, -1, NULL);
		if (err) {
			fmt_rt_err(&e, CNI_ERR_CONFIG, "mtu", &rt_host, err);
			goto undo;
		}
	}
	err = rt_link_set(&rt_host, dev.ifindex, false, 0, x->pod_fd, x->ifname);
	if (err) {
		fmt_rt_err(&e, err == -EEXIST ? CNI_ERR_CONFIG : CNI_ERR_INTERNAL,
			   "moving the vnic into the container as CNI_IFNAME",
			   &rt_host, err);
		goto undo;
	}
	if (pod_configure(x, &rt_pod, &res, &l, &e))
		goto undo;

	out = cni_result_build(c, ipam, x->ifname, l.mac, x->netns, &idx);
	if (!out) {
		cni_seterr(&e, CNI_ERR_INTERNAL, "cannot build the result");
		goto undo;
	}
	print_json(out);
	json_object_put(out);
	goto out;

undo:
	/* Nothing of this ADD is left: the vnic, then the lease. */
	if (created && vnic_del_id(nl, dev.id, &e2))
		fprintf(stderr, "vnic: undo: %s\n", e2.msg);
	if (ipam_done && ipam_exec(x, "DEL", NULL, &e2))
		fprintf(stderr, "vnic: undo: %s\n", e2.msg);
out:
	json_object_put(ipam);
	nl_close(nl);
	if (rt_pod.sock)
		rt_close(&rt_pod);
	if (rt_host.sock)
		rt_close(&rt_host);
	return e.code ? fail(x, &e) : 0;
}

/* ---- DEL ---- */

static int cmd_del(struct ctx *x)
{
	struct cni_err e = { 0 }, e2 = { 0 };
	struct nl *pod_nl = NULL, *nl = NULL;
	struct vnic_dev dev;
	int err;

	/* The netns gone (or never given): so is the vnic, with it. */
	if (x->netns && *x->netns) {
		x->pod_fd = open(x->netns, O_RDONLY | O_CLOEXEC);
		if (x->pod_fd < 0 && errno != ENOENT) {
			cni_seterr(&e, CNI_ERR_IO, "CNI_NETNS \"%s\": %s",
				   x->netns, strerror(errno));
			return fail(x, &e);
		}
	}
	if (x->pod_fd >= 0) {
		if (setns(x->pod_fd, CLONE_NEWNET) < 0) {
			/* Not a netns (any more): nothing of ours in it. */
			goto ipam;
		}
		pod_nl = genl_open(&e);
		if (enter_ns(x->host_fd, "plugin's", &e2))
			return fail(x, &e2);
		if (!pod_nl)
			return fail(x, &e);
		err = vnic_get_by_name(pod_nl, x->ifname, &dev, &e);
		nl_close(pod_nl);
		if (err == -ENODEV)
			goto ipam;
		if (err == -EINVAL) {
			/* Not ours to delete; release the lease all the same. */
			fprintf(stderr, "vnic: DEL: %s, left alone\n", e.msg);
			memset(&e, 0, sizeof(e));
			goto ipam;
		}
		if (err)
			return fail(x, &e);
		nl = genl_open(&e);
		if (!nl)
			return fail(x, &e);
		err = vnic_is_pods(x, nl, dev.id, &e);
		if (err == 0) {
			/* Refused: the lease stays too, DEL can be retried. */
			nl_close(nl);
			snprintf(e2.msg, sizeof(e2.msg), "%s", e.msg);
			cni_seterr(&e, CNI_ERR_INTERNAL,
				   "\"%s\" in CNI_NETNS was found as vnic id %u, but %s: not deleted",
				   x->ifname, dev.id, e2.msg);
			return fail(x, &e);
		}
		if (err > 0)
			err = vnic_del_id(nl, dev.id, &e);
		nl_close(nl);
		if (err)
			return fail(x, &e);
	}
ipam:
	if (x->conf.ipam_type && ipam_exec(x, "DEL", NULL, &e))
		return fail(x, &e);
	return 0;
}

/* ---- CHECK ---- */

static bool ip_eq(int family, const uint8_t *a, const uint8_t *b)
{
	return !memcmp(a, b, family == AF_INET ? 4 : 16);
}

/* Our interface's index in prevResult.interfaces, or -1. */
static int prev_iface(const struct ctx *x, json_object *prev,
		      uint8_t mac[MAC_LEN], bool *has_mac)
{
	json_object *ifs, *i, *v;
	size_t n, k;

	*has_mac = false;
	if (!json_object_object_get_ex(prev, "interfaces", &ifs) ||
	    !json_object_is_type(ifs, json_type_array))
		return -1;
	n = json_object_array_length(ifs);
	for (k = 0; k < n; k++) {
		i = json_object_array_get_idx(ifs, k);
		if (!json_object_object_get_ex(i, "name", &v) ||
		    strcmp(json_object_get_string(v), x->ifname))
			continue;
		if (!json_object_object_get_ex(i, "sandbox", &v) ||
		    strcmp(json_object_get_string(v), x->netns))
			continue;
		if (json_object_object_get_ex(i, "mac", &v) &&
		    !parse_mac(json_object_get_string(v), mac))
			*has_mac = true;
		return k;
	}
	return -1;
}

/* prevResult's ips that belong to interface @idx (no "interface": ours). */
static void prev_ips(json_object *prev, int idx, struct cni_ipam_result *r)
{
	json_object *arr, *ip, *v;
	struct cni_ipam_result all;
	struct cni_err e;
	size_t n, k;

	memset(r, 0, sizeof(*r));
	if (cni_result_parse(prev, &all, &e))
		return;
	r->n_routes = all.n_routes;
	memcpy(r->routes, all.routes, sizeof(r->routes));
	if (!json_object_object_get_ex(prev, "ips", &arr))
		return;
	n = json_object_array_length(arr);
	for (k = 0; k < n && k < all.n_ips; k++) {
		ip = json_object_array_get_idx(arr, k);
		if (json_object_object_get_ex(ip, "interface", &v) &&
		    json_object_get_int(v) != idx)
			continue;
		r->ips[r->n_ips++] = all.ips[k];
	}
}

static int check_policy(const struct ctx *x, const struct vnic_dev *dev,
			const struct cni_ipam_result *ips, struct cni_err *e)
{
	const struct cni_conf *c = &x->conf;
	const struct vnic_policy *p = &dev->policy;
	struct vnic_policy want = { 0 };
	unsigned int i, j;

	if (c->spoof_check && ips->n_ips) {
		ips_to_policy(ips, &want);
		for (i = 0; i < want.n_ips; i++) {
			for (j = 0; j < p->n_ips; j++) {
				if (p->ips[j].family == want.ips[i].family &&
				    p->ips[j].plen == want.ips[i].plen &&
				    ip_eq(p->ips[j].family, p->ips[j].addr,
					  want.ips[i].addr))
					break;
			}
			if (j == p->n_ips)
				goto ips;
		}
		if (p->n_ips != want.n_ips)
			goto ips;
	} else if (p->n_ips) {
		cni_seterr(e, CNI_ERR_CHECK, "the vnic restricts its source IPs, spoofCheck is off");
		return -1;
	}
	bw_to_policy(&c->bw, &want);
	if (p->tx_rate != want.tx_rate || p->rx_rate != want.rx_rate ||
	    (POLICY_HAS(&want, VNIC_A_DEV_TX_BURST) &&
	     p->tx_burst != want.tx_burst) ||
	    (POLICY_HAS(&want, VNIC_A_DEV_RX_BURST) &&
	     p->rx_burst != want.rx_burst)) {
		cni_seterr(e, CNI_ERR_CHECK, "the vnic's rates (tx %llu bit/s burst %u B, rx %llu bit/s burst %u B) differ from runtimeConfig.bandwidth",
			   (unsigned long long)p->tx_rate, p->tx_burst,
			   (unsigned long long)p->rx_rate, p->rx_burst);
		return -1;
	}
	if (p->vlan != c->vlan) {
		cni_seterr(e, CNI_ERR_CHECK, "the vnic's port VLAN is %u, not %u",
			   p->vlan, c->vlan);
		return -1;
	}
	if (c->has_mode && dev->mode != c->mode) {
		cni_seterr(e, CNI_ERR_CHECK, "the vnic's mode is %s, not %s",
			   mode_name(dev->mode), mode_name(c->mode));
		return -1;
	}
	return 0;
ips:
	cni_seterr(e, CNI_ERR_CHECK, "the vnic's allowed source IPs are not the addresses of prevResult");
	return -1;
}

static int check_pod(const struct ctx *x, struct rt *rt,
		     const struct cni_ipam_result *prev, const uint8_t *mac,
		     struct cni_err *e)
{
	static struct rt_addr addrs[RT_MAX_ENTRIES];
	static struct rt_route routes[RT_MAX_ENTRIES];
	char buf[INET6_ADDRSTRLEN];
	unsigned int i, j, na, nr;
	struct cni_route want;
	struct rt_link l;
	int err;

	err = rt_link_get(rt, x->ifname, &l);
	if (err) {
		cni_seterr(e, CNI_ERR_CHECK, "interface \"%s\": %s", x->ifname,
			   strerror(-err));
		return -1;
	}
	if (strcmp(l.kind, "vnic")) {
		cni_seterr(e, CNI_ERR_CHECK, "interface \"%s\" is not a vnic",
			   x->ifname);
		return -1;
	}
	if (mac && memcmp(mac, l.mac, MAC_LEN)) {
		cni_seterr(e, CNI_ERR_CHECK, "interface \"%s\": MAC differs from prevResult",
			   x->ifname);
		return -1;
	}
	if (x->conf.mtu && l.mtu != x->conf.mtu) {
		cni_seterr(e, CNI_ERR_CHECK, "interface \"%s\": MTU %u, not %u",
			   x->ifname, l.mtu, x->conf.mtu);
		return -1;
	}
	if (!(l.flags & IFF_UP)) {
		cni_seterr(e, CNI_ERR_CHECK, "interface \"%s\" is down", x->ifname);
		return -1;
	}

	err = rt_addr_dump(rt, l.ifindex, addrs, &na);
	if (err) {
		fmt_rt_err(e, CNI_ERR_INTERNAL, "listing addresses", rt, err);
		return -1;
	}
	for (i = 0; i < prev->n_ips; i++) {
		for (j = 0; j < na; j++) {
			if (addrs[j].family == prev->ips[i].family &&
			    addrs[j].plen == prev->ips[i].plen &&
			    ip_eq(addrs[j].family, addrs[j].addr,
				  prev->ips[i].addr))
				break;
		}
		if (j == na) {
			inet_ntop(prev->ips[i].family, prev->ips[i].addr, buf,
				  sizeof(buf));
			cni_seterr(e, CNI_ERR_CHECK, "interface \"%s\": address %s/%u of prevResult is missing",
				   x->ifname, buf, prev->ips[i].plen);
			return -1;
		}
	}

	err = rt_route_dump(rt, routes, &nr);
	if (err) {
		fmt_rt_err(e, CNI_ERR_INTERNAL, "listing routes", rt, err);
		return -1;
	}
	for (i = 0; i < prev->n_routes; i++) {
		want = route_with_gw(&prev->routes[i], prev);
		for (j = 0; j < nr; j++) {
			/* As the upstream plugins: by dst and gw, any
			 * interface (a chain's routes do not name theirs).
			 */
			if (routes[j].family == want.family &&
			    routes[j].plen == want.plen &&
			    ip_eq(want.family, routes[j].dst, want.dst) &&
			    (!want.has_gw ||
			     (routes[j].has_gw &&
			      ip_eq(want.family, routes[j].gw, want.gw))))
				break;
		}
		if (j == nr) {
			inet_ntop(want.family, want.dst, buf, sizeof(buf));
			cni_seterr(e, CNI_ERR_CHECK, "route %s/%u of prevResult is missing",
				   buf, want.plen);
			return -1;
		}
	}
	return 0;
}

static int cmd_check(struct ctx *x)
{
	struct cni_conf *c = &x->conf;
	struct cni_err e = { 0 }, e2 = { 0 };
	struct nl *pod_nl = NULL, *nl = NULL;
	struct rt rt_pod = { 0 };
	static struct cni_ipam_result prev;
	struct vnic_dev dev, hdev;
	uint8_t mac[MAC_LEN];
	uint32_t parent;
	bool has_mac;
	int idx, err;

	if (cni_version_cmp(c->cni_version, "0.4.0") < 0) {
		cni_seterr(&e, CNI_ERR_VERSION, "cniVersion: CHECK needs 0.4.0 or later, not %s",
			   c->cni_version);
		return fail(x, &e);
	}
	if (!c->prev_result) {
		cni_seterr(&e, CNI_ERR_CONFIG, "prevResult: required for CHECK");
		return fail(x, &e);
	}
	if (!c->master) {
		cni_seterr(&e, CNI_ERR_CONFIG, "master: missing");
		return fail(x, &e);
	}
	parent = if_nametoindex(c->master);
	if (!parent) {
		cni_seterr(&e, CNI_ERR_CHECK, "master: no device \"%s\"", c->master);
		return fail(x, &e);
	}
	idx = prev_iface(x, c->prev_result, mac, &has_mac);
	if (idx < 0) {
		cni_seterr(&e, CNI_ERR_CHECK, "prevResult: no interface \"%s\" with sandbox \"%s\"",
			   x->ifname, x->netns);
		return fail(x, &e);
	}
	prev_ips(c->prev_result, idx, &prev);

	if (c->ipam_type && ipam_exec(x, "CHECK", NULL, &e))
		return fail(x, &e);

	if (open_pod_ns(x, &e))
		return fail(x, &e);
	if (enter_ns(x->pod_fd, "container's", &e))
		return fail(x, &e);
	err = rt_open(&rt_pod);
	if (!err)
		pod_nl = genl_open(&e);
	if (enter_ns(x->host_fd, "plugin's", &e2))
		return fail(x, &e2);
	if (err) {
		cni_seterr(&e, CNI_ERR_INTERNAL, "rtnetlink socket: %s", strerror(-err));
		return fail(x, &e);
	}
	if (!pod_nl)
		goto out;

	err = vnic_get_by_name(pod_nl, x->ifname, &dev, &e);
	if (err == -ENODEV)
		cni_seterr(&e, CNI_ERR_CHECK, "no vnic \"%s\" in the container",
			   x->ifname);
	if (err == -EINVAL)
		e.code = CNI_ERR_CHECK;
	if (err)
		goto out;
	if (check_pod(x, &rt_pod, &prev, has_mac ? mac : NULL, &e))
		goto out;

	/* Seen from here: its parent is ours, and its policy and rates. */
	nl = genl_open(&e);
	if (!nl || vnic_get_by_id(nl, dev.id, &hdev, &e))
		goto out;
	if (hdev.parent_ifindex != parent ||
	    DEV_HAS(&hdev, VNIC_A_DEV_PARENT_NETNSID)) {
		cni_seterr(&e, CNI_ERR_CHECK, "the vnic's parent is not \"%s\"",
			   c->master);
		goto out;
	}
	check_policy(x, &hdev, &prev, &e);
out:
	nl_close(pod_nl);
	nl_close(nl);
	rt_close(&rt_pod);
	return e.code ? fail(x, &e) : 0;
}

/* ---- main ---- */

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static int check_env(struct ctx *x, bool need_netns, struct cni_err *e)
{
	const char *why;

	if (!x->containerid) {
		cni_seterr(e, CNI_ERR_ENV, "CNI_CONTAINERID: not set");
		return -1;
	}
	if (!x->ifname) {
		cni_seterr(e, CNI_ERR_ENV, "CNI_IFNAME: not set");
		return -1;
	}
	why = ifname_problem(x->ifname);
	if (why) {
		cni_seterr(e, CNI_ERR_ENV, "CNI_IFNAME: interface name \"%s\" %s",
			   x->ifname, why);
		return -1;
	}
	if (need_netns && !x->netns) {
		cni_seterr(e, CNI_ERR_ENV, "CNI_NETNS: not set");
		return -1;
	}
	return 0;
}

int main(void)
{
	struct ctx x = { .host_fd = -1, .pod_fd = -1 };
	struct cni_err e = { 0 };
	json_object *o, *v;
	int ret;

	signal(SIGPIPE, SIG_IGN);
	pr_stream = open_memstream(&pr_buf, &pr_len);
	x.command = env("CNI_COMMAND");
	x.containerid = env("CNI_CONTAINERID");
	x.netns = env("CNI_NETNS");
	x.ifname = env("CNI_IFNAME");
	x.path = env("CNI_PATH");

	x.in = read_all(0, &x.in_len);
	if (!x.in) {
		cni_seterr(&e, CNI_ERR_IO, "cannot read the network configuration from stdin: %s",
			   strerror(errno));
		return fail(&x, &e);
	}

	if (!x.command) {
		cni_seterr(&e, CNI_ERR_ENV, "CNI_COMMAND: not set (ADD, DEL, CHECK or VERSION)");
		return fail(&x, &e);
	}
	if (!strcmp(x.command, "VERSION")) {
		struct cni_err ign;
		const char *ver = NULL;

		o = cni_json_parse(x.in, x.in_len, &ign, "stdin");
		if (o && json_object_object_get_ex(o, "cniVersion", &v) &&
		    json_object_is_type(v, json_type_string) &&
		    cni_version_supported(json_object_get_string(v)))
			ver = json_object_get_string(v);
		v = cni_version_json(ver);
		print_json(v);
		json_object_put(v);
		json_object_put(o);
		return 0;
	}
	if (strcmp(x.command, "ADD") && strcmp(x.command, "DEL") &&
	    strcmp(x.command, "CHECK")) {
		cni_seterr(&e, CNI_ERR_ENV, "CNI_COMMAND: unknown command \"%s\" (ADD, DEL, CHECK or VERSION)",
			   x.command);
		return fail(&x, &e);
	}

	if (cni_conf_parse(x.in, x.in_len, env("CNI_ARGS"), &x.conf, &e) ||
	    check_env(&x, strcmp(x.command, "DEL"), &e)) {
		ret = fail(&x, &e);
		goto out;
	}
	x.host_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (x.host_fd < 0) {
		cni_seterr(&e, CNI_ERR_IO, "/proc/self/ns/net: %s", strerror(errno));
		ret = fail(&x, &e);
		goto out;
	}

	if (!strcmp(x.command, "ADD"))
		ret = cmd_add(&x);
	else if (!strcmp(x.command, "DEL"))
		ret = cmd_del(&x);
	else
		ret = cmd_check(&x);
out:
	cni_conf_free(&x.conf);
	free(x.in);
	return ret;
}
