// SPDX-License-Identifier: GPL-2.0
/*
 * vnic_nlfuzz - bounded, seeded, reproducible fuzzer for the "vnic" generic
 * netlink family (uapi/specs/vnic.yaml, policies in module/vnic-nl.c).
 *
 *   vnic_nlfuzz [-s SEED] [-n COUNT] [-k KEEP] [-p PARENT_IFINDEX] [-v]
 *
 * Run it as root in a scratch network namespace that holds the parent: it
 * creates, changes and deletes vnics named fz* on PARENT_IFINDEX, and may
 * delete any vnic visible from its namespace.
 *
 * Phase 1 sends COUNT requests drawn from a xorshift64* generator seeded
 * with SEED. What is sent depends on SEED, PARENT_IFINDEX and the parent's
 * name and MAC only, never on the kernel's answers, so the same command on
 * the same setup sends the same bytes; message N is replayed by running
 * with -n N+1 (-v prints every message and its answer). About 3% of the
 * messages are well-formed NEW/SET/DEL/GET on vnics fz0..fz3 of the
 * parent, so that vnics come and go; 85% are valid-looking requests with
 * one to three fields or header bits mutated (attribute type 0, max+1 or
 * huge; short, long or zero length; nest for scalar and back; deep nests;
 * unterminated or over-long strings; lying nla_len; trailing bytes; unknown
 * cmd; random nlmsg flags, genl version and reserved; nlmsg_len above or
 * below what is sent); the rest is random attribute soup. Every message
 * asks for an ACK and must be answered within 5 s (NLMSG_ERROR, or
 * NLMSG_DONE for a dump) with 0 or an errno of the expected set, except
 * when its nlmsg_len is below a header or beyond the bytes sent: the kernel
 * drops those silently, and a NOOP probe sent next must be acked with no
 * answer in between. Data replies must be well-formed. Every 500 messages
 * all vnics are dumped; each must be well-formed and coherent (ranges, no
 * duplicate id, name or MAC on a parent), and stray vnics (other names)
 * are deleted to keep the run bounded.
 *
 * Phase 2 creates vnic "fzkeep" and sends it KEEP DEV_SET requests, each
 * with valid fields plus exactly one invalid one: each must be rejected
 * with an extack message, and a DEV_GET of fzkeep after it must return the
 * same bytes as before it (the dev-get reply holds no counters).
 *
 * Finally every vnic created by the run is deleted, and the dump must list
 * none of them and no fz* name.
 *
 * Exit status: 0 pass, 1 failure (family vnic not found included), 2 usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vnic.h>

#define ENOTSUPP_K	524	/* the kernel's internal ENOTSUPP */

#define SBUF_SIZE	16384
#define RBUF_SIZE	65536
#define MAX_NODES	1024
#define MAX_DATA	256
#define MAX_VNICS	512
#define MAX_REPORTS	20	/* failures printed in full */
#define MAX_FAILURES	100	/* phase 1 stops after that many */
#define CHECK_EVERY	500
#define PROGRESS_EVERY	10000
#define RCV_TIMEOUT_S	5
#define PROBE_SEQ	0x80000000u
#define KEEP_SALT	0x6b656570	/* "keep": phase 2 has its own stream */
#define MAC_LEN		6
#define MIN_FRAME	64	/* below any parent's max frame (MTU 68) */
#define TOP		(-2)	/* parent "index" of top-level attributes */
#define NONE		(-1)
#define BIT(n)		(1u << (n))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define TYPE_MAX	((uint16_t)NLA_TYPE_MASK)	/* 0x3fff */

#define DEFAULT_SEED	0x766e6963	/* "vnic" */
#define DEFAULT_COUNT	10000
#define DEFAULT_KEEP	2000
#define KEEP_NAME	"fzkeep"
#define N_FZ		4

static const char *const fz_names[N_FZ] = { "fz0", "fz1", "fz2", "fz3" };

/* errnos a request may legitimately fail with, and their names */
static const struct {
	int err;
	const char *name;
} errnames[] = {
	{ 0,		"ok" },
	{ EINVAL,	"EINVAL" },	/* policy, malformed, bad selector */
	{ ERANGE,	"ERANGE" },	/* policy min/max, rate 1..7 */
	{ EOPNOTSUPP,	"EOPNOTSUPP" },	/* unknown cmd, dump of a do-only cmd */
	{ ENOTSUPP_K,	"ENOTSUPP" },
	{ ENOENT,	"ENOENT" },	/* unknown family/netns */
	{ EEXIST,	"EEXIST" },	/* name taken */
	{ EPERM,	"EPERM" },	/* admin-perm, parent's netns only */
	{ EMSGSIZE,	"EMSGSIZE" },
	{ E2BIG,	"E2BIG" },	/* too many prefixes/ethertypes */
	{ EADDRINUSE,	"EADDRINUSE" },	/* MAC of the parent/another vnic */
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, /* multicast or zero MAC */
	{ ENODEV,	"ENODEV" },	/* no such vnic/parent */
	{ EBUSY,	"EBUSY" },	/* parent has another rx_handler */
	{ ENOSPC,	"ENOSPC" },
	{ ENFILE,	"ENFILE" },	/* no free name for a "%d" pattern */
	{ ENOTUNIQ,	"ENOTUNIQ" },	/* name of several moved vnics */
};

/* ------------------------------------------------------------------ */
/* PRNG: xorshift64*, seeded through splitmix64 */

static uint64_t rng;

static void rng_seed(uint64_t seed)
{
	uint64_t x = seed + 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	rng = x ? x : 1;
}

static uint64_t rnd64(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

/* uniform in [0, n), n > 0 */
static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)((rnd64() >> 32) % n) : 0;
}

static bool chance(unsigned int pct)
{
	return rnd(100) < pct;
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)rnd64();
}

/* ------------------------------------------------------------------ */
/* Requests: a tree of attributes, serialised with optional lies */

enum aset { AS_DEV, AS_STATS, AS_ETYPES, AS_IPS, AS_PREFIX, AS_PARENT,
	    AS_NUM };

static const uint16_t aset_max[AS_NUM] = {
	[AS_DEV]	= VNIC_A_DEV_MAX,
	[AS_STATS]	= VNIC_A_STATS_MAX,
	[AS_PARENT]	= VNIC_A_PARENT_MAX,
	[AS_ETYPES]	= VNIC_A_ETHERTYPES_MAX,
	[AS_IPS]	= VNIC_A_ALLOWED_IPS_MAX,
	[AS_PREFIX]	= VNIC_A_PREFIX_MAX,
};

struct node {
	uint16_t type;		/* nla_type, NLA_F_* flags included */
	int16_t len_lie;	/* added to the true nla_len */
	uint16_t len;		/* payload bytes of a leaf */
	uint8_t set;		/* attribute set the node belongs to */
	uint8_t cset;		/* ... and its children */
	bool nest;		/* payload is the children, not data */
	int parent;		/* TOP or a node */
	int child;
	int next;
	uint8_t data[MAX_DATA];
};

enum len_mode {
	LEN_OK,
	LEN_LONGER,	/* nlmsg_len beyond the bytes sent: dropped */
	LEN_SHORTER,	/* nlmsg_len cuts into the attributes */
	LEN_TINY,	/* nlmsg_len below a header: dropped */
	LEN_SEND_SHORT,	/* 1 to 15 bytes sent: dropped */
	LEN_GENL_SHORT,	/* no room for the genetlink header */
};

enum msg_class { CLS_VALID, CLS_MUTATED, CLS_RANDOM, CLS_CTL, CLS_NUM };

static const char *const class_names[CLS_NUM] = {
	"valid", "mutated", "random", "control",
};

#define MAX_MUTS	3

struct req {
	int n_nodes;
	int first;		/* first top-level attribute */
	bool overflow;		/* out of nodes: regenerate */
	uint8_t set;		/* attribute set of the top level */
	uint16_t nl_type;
	uint16_t nl_flags;
	uint32_t nl_pid;
	uint8_t cmd;
	uint8_t version;
	uint16_t reserved;
	uint8_t trail_len;	/* garbage after the attributes */
	uint8_t trail[8];
	enum len_mode len_mode;
	uint32_t len_arg;
	enum msg_class cls;
	const char *muts[MAX_MUTS];
	unsigned int n_muts;
	struct node nodes[MAX_NODES];
};

static struct req gen_req, ctl_req;

/* Global state, options and counters */
static struct {
	struct mnl_socket *nl;
	uint32_t portid;
	uint16_t family;
	uint32_t seq;
	uint8_t *sbuf;		/* fuzz messages */
	uint8_t *cbuf;		/* the fuzzer's own requests */
	uint8_t *rbuf;

	uint64_t seed;
	unsigned long count;
	unsigned long keep;
	uint32_t parent;
	char parent_name[IF_NAMESIZE];
	uint8_t parent_mac[MAC_LEN];
	bool have_parent_mac;
	bool verbose;

	unsigned int phase;
	unsigned int failures;
	long first_fail[3];	/* first failing message of phase 1/2 */
	bool abort;
	unsigned long stale;	/* replies to an earlier sequence number */
	unsigned long err_count[4096];
	unsigned long cls_count[CLS_NUM];
	unsigned long dropped;	/* silently dropped, as expected */
	unsigned long created;
	unsigned long deleted;
	unsigned long strays;
	unsigned long checks;
	struct timespec t0;
} fz = { .first_fail = { -1, -1, -1 } };

static int *head_of(struct req *r, int parent)
{
	return parent == TOP ? &r->first : &r->nodes[parent].child;
}

static uint8_t set_of(const struct req *r, int parent)
{
	return parent == TOP ? r->set : r->nodes[parent].cset;
}

/* A fresh node, not linked anywhere; NONE when the pool is empty. */
static int n_alloc(struct req *r)
{
	struct node *n;
	int idx;

	if (r->n_nodes >= MAX_NODES) {
		r->overflow = true;
		return NONE;
	}
	idx = r->n_nodes++;
	n = &r->nodes[idx];
	memset(n, 0, offsetof(struct node, data));
	n->parent = TOP;
	n->child = NONE;
	n->next = NONE;
	return idx;
}

static void link_tail(struct req *r, int parent, int idx)
{
	int *link = head_of(r, parent);

	while (*link != NONE)
		link = &r->nodes[*link].next;
	*link = idx;
	r->nodes[idx].parent = parent;
}

/* The link that points at @idx. */
static int *link_to(struct req *r, int idx)
{
	int *link = head_of(r, r->nodes[idx].parent);

	while (*link != idx)
		link = &r->nodes[*link].next;
	return link;
}

static void n_unlink(struct req *r, int idx)
{
	*link_to(r, idx) = r->nodes[idx].next;
	r->nodes[idx].next = NONE;
}

/* New attribute at the end of @parent's list. */
static int n_add(struct req *r, int parent, uint16_t type, bool nest)
{
	int idx;

	if (parent == NONE)
		return NONE;
	idx = n_alloc(r);
	if (idx == NONE)
		return NONE;
	r->nodes[idx].type = nest ? type | NLA_F_NESTED : type;
	r->nodes[idx].nest = nest;
	r->nodes[idx].set = set_of(r, parent);
	link_tail(r, parent, idx);
	return idx;
}

static int n_bin(struct req *r, int parent, uint16_t type, const void *d,
		 size_t len)
{
	int idx = n_add(r, parent, type, false);

	if (idx == NONE)
		return NONE;
	if (len > MAX_DATA)
		len = MAX_DATA;
	memcpy(r->nodes[idx].data, d, len);
	r->nodes[idx].len = (uint16_t)len;
	return idx;
}

static int n_nest(struct req *r, int parent, uint16_t type, uint8_t cset)
{
	int idx = n_add(r, parent, type, true);

	if (idx != NONE)
		r->nodes[idx].cset = cset;
	return idx;
}

static int n_u8(struct req *r, int parent, uint16_t type, uint8_t v)
{
	return n_bin(r, parent, type, &v, sizeof(v));
}

static int n_u16(struct req *r, int parent, uint16_t type, uint16_t v)
{
	return n_bin(r, parent, type, &v, sizeof(v));
}

static int n_u32(struct req *r, int parent, uint16_t type, uint32_t v)
{
	return n_bin(r, parent, type, &v, sizeof(v));
}

/* NLA_UINT: 4 bytes when the value fits (as the kernel does), or 8. */
static int n_uint(struct req *r, int parent, uint16_t type, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	if (v > UINT32_MAX || chance(30))
		return n_bin(r, parent, type, &v, sizeof(v));
	return n_bin(r, parent, type, &v32, sizeof(v32));
}

static int n_str(struct req *r, int parent, uint16_t type, const char *s)
{
	return n_bin(r, parent, type, s, strlen(s) + 1);
}

static void req_init(struct req *r, uint8_t cmd, uint16_t flags)
{
	r->n_nodes = 0;
	r->first = NONE;
	r->overflow = false;
	switch (cmd) {
	case VNIC_CMD_STATS_GET:
		r->set = AS_STATS;
		break;
	case VNIC_CMD_PARENT_GET:
	case VNIC_CMD_PARENT_SET:
		r->set = AS_PARENT;
		break;
	default:
		r->set = AS_DEV;
	}
	r->nl_type = fz.family;
	r->nl_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->nl_pid = 0;
	r->cmd = cmd;
	r->version = VNIC_FAMILY_VERSION;
	r->reserved = 0;
	r->trail_len = 0;
	r->len_mode = LEN_OK;
	r->len_arg = 0;
	r->cls = CLS_CTL;
	r->n_muts = 0;
}

/* Reachable nodes under @head, depth first; returns how many. */
static int collect(struct req *r, int head, int *out, int n, int max)
{
	int idx;

	for (idx = head; idx != NONE && n < max; idx = r->nodes[idx].next) {
		out[n++] = idx;
		if (r->nodes[idx].nest)
			n = collect(r, r->nodes[idx].child, out, n, max);
	}
	return n;
}

static void shuffle_list(struct req *r, int parent)
{
	int idx[MAX_NODES], n = 0, i, j, t;
	int *link = head_of(r, parent);

	for (i = *link; i != NONE; i = r->nodes[i].next)
		idx[n++] = i;
	for (i = n - 1; i > 0; i--) {
		j = (int)rnd((uint32_t)i + 1);
		t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	for (i = 0; i < n; i++) {
		*link = idx[i];
		link = &r->nodes[idx[i]].next;
	}
	*link = NONE;
}

/* ------------------------------------------------------------------ */
/* Serialisation */

struct wbuf {
	uint8_t *p;
	size_t len;
	bool full;
};

struct wire {
	uint8_t *buf;		/* the message */
	uint32_t seq;
	size_t sent;		/* bytes handed to send() */
	uint32_t nlmsg_len;
	bool expect;		/* the kernel must answer */
};

static void wb_put(struct wbuf *b, const void *d, size_t n)
{
	if (b->full || b->len + n > SBUF_SIZE) {
		b->full = true;
		return;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void wb_pad(struct wbuf *b)
{
	static const uint8_t zero[NLA_ALIGNTO];

	wb_put(b, zero, NLA_ALIGN(b->len) - b->len);
}

static void ser_list(const struct req *r, struct wbuf *b, int idx);

static void ser_node(const struct req *r, struct wbuf *b, int idx)
{
	const struct node *n = &r->nodes[idx];
	struct nlattr nla = { .nla_type = n->type };
	size_t start = b->len;
	long len;

	wb_put(b, &nla, sizeof(nla));
	if (n->nest)
		ser_list(r, b, n->child);
	else
		wb_put(b, n->data, n->len);
	if (b->full)
		return;
	len = (long)(b->len - start) + n->len_lie;
	if (len < 0)
		len = 0;
	if (len > UINT16_MAX)
		len = UINT16_MAX;
	nla.nla_len = (uint16_t)len;
	memcpy(b->p + start, &nla, sizeof(nla));
	wb_pad(b);
}

static void ser_list(const struct req *r, struct wbuf *b, int idx)
{
	for (; idx != NONE && !b->full; idx = r->nodes[idx].next)
		ser_node(r, b, idx);
}

static void apply_len_mode(const struct req *r, struct wire *w)
{
	size_t len = w->sent;

	switch (r->len_mode) {
	case LEN_LONGER:
		w->nlmsg_len = (uint32_t)len + r->len_arg;
		break;
	case LEN_SHORTER:
		w->nlmsg_len = len > NLMSG_HDRLEN + r->len_arg ?
			       (uint32_t)(len - r->len_arg) : NLMSG_HDRLEN;
		break;
	case LEN_TINY:
		w->nlmsg_len = r->len_arg % NLMSG_HDRLEN;
		break;
	case LEN_SEND_SHORT:		/* 1..15: send() refuses 0 bytes */
		w->sent = 1 + r->len_arg % (NLMSG_HDRLEN - 1);
		break;
	case LEN_GENL_SHORT:
		w->nlmsg_len = NLMSG_HDRLEN + r->len_arg % GENL_HDRLEN;
		w->sent = w->nlmsg_len;
		break;
	case LEN_OK:
		break;
	}
	/* Never leave a second message behind the first one. */
	if (w->nlmsg_len >= NLMSG_HDRLEN &&
	    NLMSG_ALIGN(w->nlmsg_len) + NLMSG_HDRLEN <= w->sent)
		w->sent = NLMSG_ALIGN(w->nlmsg_len);
	w->expect = w->sent >= NLMSG_HDRLEN &&
		    w->nlmsg_len >= NLMSG_HDRLEN && w->nlmsg_len <= w->sent;
}

/* Builds @r into @buf (SBUF_SIZE); false if it does not fit. */
static bool req_serialise(const struct req *r, uint32_t seq, uint8_t *buf,
			  struct wire *w)
{
	struct wbuf b = { .p = buf, .len = NLMSG_HDRLEN };
	struct genlmsghdr g = {
		.cmd = r->cmd,
		.version = r->version,
		.reserved = r->reserved,
	};
	struct nlmsghdr nlh = {
		.nlmsg_type = r->nl_type,
		.nlmsg_flags = r->nl_flags,
		.nlmsg_seq = seq,
		.nlmsg_pid = r->nl_pid,
	};

	wb_put(&b, &g, GENL_HDRLEN);
	ser_list(r, &b, r->first);
	wb_put(&b, r->trail, r->trail_len);
	if (b.full || r->overflow)
		return false;
	w->buf = buf;
	w->seq = seq;
	w->sent = b.len;
	w->nlmsg_len = (uint32_t)b.len;
	apply_len_mode(r, w);
	nlh.nlmsg_len = w->nlmsg_len;
	memcpy(buf, &nlh, sizeof(nlh));
	return true;
}

/* ------------------------------------------------------------------ */
/* Reporting */

static const char *errname(int err)
{
	static char buf[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnames); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

static bool err_expected(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnames); i++)
		if (errnames[i].err == err)
			return true;
	return false;
}

static double elapsed(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - fz.t0.tv_sec) +
	       (double)(t.tv_nsec - fz.t0.tv_nsec) / 1e9;
}

static void __printf(1, 2) failf(const char *fmt, ...)
{
	va_list ap;

	fz.failures++;
	if (fz.failures > MAX_REPORTS)
		return;
	fputs("vnic_nlfuzz: FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void hexdump(const uint8_t *p, size_t len)
{
	size_t i;

	if (len > 512)
		len = 512;
	for (i = 0; i < len; i++)
		printf("%s%02x%s", i % 16 ? " " : "    ", p[i],
		       i % 16 == 15 || i + 1 == len ? "\n" : "");
}

static void describe(const struct req *r, const struct wire *w)
{
	unsigned int i;

	printf("%s cmd %u ver %u rsv %u type 0x%x flags 0x%x len %u sent %zu",
	       class_names[r->cls], r->cmd, r->version, r->reserved,
	       r->nl_type, r->nl_flags, w->nlmsg_len, w->sent);
	for (i = 0; i < r->n_muts; i++)
		printf("%s%s", i ? "+" : " [", r->muts[i]);
	if (r->n_muts)
		putchar(']');
}

/* A failure about message @i of the current phase, with its bytes. */
static void __printf(4, 5)
fail_msg(long i, const struct req *r, const struct wire *w,
	 const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (fz.first_fail[fz.phase] < 0)
		fz.first_fail[fz.phase] = i;
	failf("phase %u message %ld: %s", fz.phase, i, why);
	if (fz.failures > MAX_REPORTS)
		return;
	printf("    ");
	describe(r, w);
	putchar('\n');
	hexdump(w->buf, w->sent);
}

/* ------------------------------------------------------------------ */
/* Well-formedness of what the kernel sends */

static char why_buf[256];

#define BAD(...) (snprintf(why_buf, sizeof(why_buf), __VA_ARGS__), why_buf)

#define attr_for_each(a, p, len, rem)					\
	for ((a) = (const struct nlattr *)(p), (rem) = (len);		\
	     (rem) >= NLA_HDRLEN && (a)->nla_len >= NLA_HDRLEN &&	\
	     (int)(a)->nla_len <= (rem);				\
	     (rem) -= NLA_ALIGN((a)->nla_len),				\
	     (a) = (const struct nlattr *)((const char *)(a) +		\
					   NLA_ALIGN((a)->nla_len)))

static unsigned int attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static unsigned int attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static const uint8_t *attr_data(const struct nlattr *a)
{
	return (const uint8_t *)a + NLA_HDRLEN;
}

static uint64_t get_uint(const uint8_t *d, unsigned int len)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (len) {
	case 1:
		memcpy(&v8, d, 1);
		return v8;
	case 2:
		memcpy(&v16, d, 2);
		return v16;
	case 4:
		memcpy(&v32, d, 4);
		return v32;
	case 8:
		memcpy(&v64, d, 8);
		return v64;
	}
	return 0;
}

enum shape_kind { SH_NONE, SH_U8, SH_U16, SH_U32, SH_S32, SH_UINT, SH_STR,
		  SH_MAC, SH_NEST };

struct shape {
	enum shape_kind kind;
	uint64_t max;		/* 0: no maximum */
};

static const struct shape dev_shape[VNIC_A_DEV_MAX + 1] = {
	[VNIC_A_DEV_ID]			= { .kind = SH_U32 },
	[VNIC_A_DEV_IFINDEX]		= { .kind = SH_U32 },
	[VNIC_A_DEV_NAME]		= { .kind = SH_STR },
	[VNIC_A_DEV_PARENT_IFINDEX]	= { .kind = SH_U32 },
	[VNIC_A_DEV_MAC]		= { .kind = SH_MAC },
	[VNIC_A_DEV_MODE]		= { .kind = SH_U32, .max = VNIC_MODE_BRIDGE },
	[VNIC_A_DEV_NETNSID]		= { .kind = SH_S32 },
	[VNIC_A_DEV_PARENT_NETNSID]	= { .kind = SH_S32 },
	[VNIC_A_DEV_PARENT_NAME]	= { .kind = SH_STR },
	[VNIC_A_DEV_MAC_CHANGE]		= { .kind = SH_U8, .max = 1 },
	[VNIC_A_DEV_VLAN]		= { .kind = SH_U16, .max = 4094 },
	[VNIC_A_DEV_VLAN_PRIO]		= { .kind = SH_U8, .max = 7 },
	[VNIC_A_DEV_VLAN_PASSTHROUGH]	= { .kind = SH_U8, .max = 1 },
	[VNIC_A_DEV_ETHERTYPE_RX]	= { .kind = SH_U8, .max = 1 },
	[VNIC_A_DEV_ETHERTYPES]		= { .kind = SH_NEST },
	[VNIC_A_DEV_ALLOWED_IPS]	= { .kind = SH_NEST },
	[VNIC_A_DEV_TX_RATE]		= { .kind = SH_UINT },
	[VNIC_A_DEV_TX_BURST]		= { .kind = SH_U32 },
	[VNIC_A_DEV_RX_RATE]		= { .kind = SH_UINT },
	[VNIC_A_DEV_RX_BURST]		= { .kind = SH_U32 },
	[VNIC_A_DEV_BW_MIN]		= { .kind = SH_UINT },
	[VNIC_A_DEV_WEIGHT]		= { .kind = SH_U32, .max = 1000 },
	[VNIC_A_DEV_PRIORITY]		= { .kind = SH_U32, .max = 7 },
	[VNIC_A_DEV_GROUP]		= { .kind = SH_STR },
	[VNIC_A_DEV_TX_ALLOC]		= { .kind = SH_UINT },
	[VNIC_A_DEV_TX_MEASURED]	= { .kind = SH_UINT },
};

/* Attributes every dev reply carries (netnsids only across netns). */
static const uint32_t dev_required = BIT(VNIC_A_DEV_ID) |
	BIT(VNIC_A_DEV_IFINDEX) | BIT(VNIC_A_DEV_NAME) |
	BIT(VNIC_A_DEV_PARENT_IFINDEX) | BIT(VNIC_A_DEV_MAC) |
	BIT(VNIC_A_DEV_MODE) | BIT(VNIC_A_DEV_PARENT_NAME) |
	BIT(VNIC_A_DEV_MAC_CHANGE) | BIT(VNIC_A_DEV_VLAN) |
	BIT(VNIC_A_DEV_VLAN_PRIO) | BIT(VNIC_A_DEV_VLAN_PASSTHROUGH) |
	BIT(VNIC_A_DEV_ETHERTYPE_RX) | BIT(VNIC_A_DEV_ETHERTYPES) |
	BIT(VNIC_A_DEV_ALLOWED_IPS) | BIT(VNIC_A_DEV_TX_RATE) |
	BIT(VNIC_A_DEV_TX_BURST) | BIT(VNIC_A_DEV_RX_RATE) |
	BIT(VNIC_A_DEV_RX_BURST) | BIT(VNIC_A_DEV_BW_MIN) |
	BIT(VNIC_A_DEV_WEIGHT) | BIT(VNIC_A_DEV_PRIORITY);

static const char *check_shape(const struct nlattr *a, const struct shape *s,
			       uint64_t *val)
{
	static const unsigned int width[] = {
		[SH_U8] = 1, [SH_U16] = 2, [SH_U32] = 4, [SH_S32] = 4,
	};
	unsigned int t = attr_type(a), len = attr_len(a);
	const uint8_t *d = attr_data(a);
	bool nested = a->nla_type & NLA_F_NESTED;

	*val = 0;
	if (a->nla_type & NLA_F_NET_BYTEORDER)
		return BAD("attr %u: NLA_F_NET_BYTEORDER set", t);
	if (s->kind == SH_NEST)
		return nested ? NULL : BAD("attr %u: nest without NLA_F_NESTED", t);
	if (nested)
		return BAD("attr %u: NLA_F_NESTED on a scalar", t);
	switch (s->kind) {
	case SH_U8:
	case SH_U16:
	case SH_U32:
	case SH_S32:
		if (len != width[s->kind])
			return BAD("attr %u: length %u, expected %u", t, len,
				   width[s->kind]);
		*val = get_uint(d, len);
		break;
	case SH_UINT:
		if (len != 4 && len != 8)
			return BAD("attr %u: uint of length %u", t, len);
		*val = get_uint(d, len);
		break;
	case SH_STR:
		if (len < 2 || len > IF_NAMESIZE || d[len - 1] ||
		    strlen((const char *)d) != len - 1)
			return BAD("attr %u: not a NUL-terminated name", t);
		break;
	case SH_MAC:
		if (len != MAC_LEN)
			return BAD("attr %u: MAC of length %u", t, len);
		break;
	default:
		return BAD("attr %u: unexpected", t);
	}
	if (s->max && *val > s->max)
		return BAD("attr %u: value %" PRIu64 " above %" PRIu64, t,
			   *val, s->max);
	return NULL;
}

static const char *check_etypes(const struct nlattr *nest)
{
	const struct nlattr *a;
	unsigned int n = 0;
	int rem;

	attr_for_each(a, attr_data(nest), (int)attr_len(nest), rem) {
		if (a->nla_type != VNIC_A_ETHERTYPES_ETHERTYPE ||
		    attr_len(a) != 2)
			return BAD("ethertypes: bad entry (type 0x%x len %u)",
				   a->nla_type, attr_len(a));
		if (get_uint(attr_data(a), 2) < 0x600)
			return BAD("ethertypes: 0x%04x below 0x600",
				   (unsigned int)get_uint(attr_data(a), 2));
		n++;
	}
	if (rem)
		return BAD("ethertypes: %d bytes left over", rem);
	if (n > VNIC_MAX_ETHERTYPES)
		return BAD("ethertypes: %u entries", n);
	return NULL;
}

static bool has_host_bits(const uint8_t *a, unsigned int alen,
			  unsigned int plen)
{
	unsigned int i, keep;

	for (i = 0; i < alen; i++) {
		if (plen >= 8 * (i + 1))
			continue;
		keep = plen > 8 * i ? plen - 8 * i : 0;
		if (a[i] & (uint8_t)(0xff >> keep))
			return true;
	}
	return false;
}

static const char *check_prefix(const struct nlattr *nest)
{
	const struct nlattr *a, *addr = NULL, *plen = NULL;
	int rem;

	if (!(nest->nla_type & NLA_F_NESTED) ||
	    attr_type(nest) != VNIC_A_ALLOWED_IPS_PREFIX)
		return BAD("allowed-ips: bad entry (type 0x%x)", nest->nla_type);
	attr_for_each(a, attr_data(nest), (int)attr_len(nest), rem) {
		if (a->nla_type == VNIC_A_PREFIX_ADDR && !addr)
			addr = a;
		else if (a->nla_type == VNIC_A_PREFIX_PLEN && !plen)
			plen = a;
		else
			return BAD("prefix: unexpected attr 0x%x", a->nla_type);
	}
	if (rem)
		return BAD("prefix: %d bytes left over", rem);
	if (!addr || !plen || attr_len(plen) != 1 ||
	    (attr_len(addr) != 4 && attr_len(addr) != 16))
		return BAD("prefix: addr/plen missing or malformed");
	if (*attr_data(plen) > 8 * attr_len(addr) ||
	    has_host_bits(attr_data(addr), attr_len(addr), *attr_data(plen)))
		return BAD("prefix: plen %u too long or host bits set",
			   *attr_data(plen));
	return NULL;
}

static const char *check_ips(const struct nlattr *nest)
{
	const struct nlattr *a;
	const char *err;
	unsigned int n = 0;
	int rem;

	attr_for_each(a, attr_data(nest), (int)attr_len(nest), rem) {
		err = check_prefix(a);
		if (err)
			return err;
		n++;
	}
	if (rem)
		return BAD("allowed-ips: %d bytes left over", rem);
	if (n > VNIC_MAX_PREFIXES)
		return BAD("allowed-ips: %u prefixes", n);
	return NULL;
}

struct vnic_ent {
	uint32_t id;
	uint32_t ifindex;
	uint32_t parent;
	int32_t parent_nsid;	/* -1: the parent is in the caller's netns */
	bool local;		/* no netnsid: in the caller's netns */
	char name[IF_NAMESIZE];
	uint8_t mac[MAC_LEN];
};

struct vnic_list {
	unsigned int n;
	struct vnic_ent ent[MAX_VNICS];
};

static const char *dev_attr(const struct nlattr *a, struct vnic_ent *e)
{
	switch (attr_type(a)) {
	case VNIC_A_DEV_ID:
		e->id = (uint32_t)get_uint(attr_data(a), 4);
		break;
	case VNIC_A_DEV_IFINDEX:
		e->ifindex = (uint32_t)get_uint(attr_data(a), 4);
		break;
	case VNIC_A_DEV_PARENT_IFINDEX:
		e->parent = (uint32_t)get_uint(attr_data(a), 4);
		break;
	case VNIC_A_DEV_NAME:
		memcpy(e->name, attr_data(a), attr_len(a));
		break;
	case VNIC_A_DEV_MAC:
		memcpy(e->mac, attr_data(a), MAC_LEN);
		break;
	case VNIC_A_DEV_NETNSID:
		e->local = false;
		break;
	case VNIC_A_DEV_PARENT_NETNSID:
		e->parent_nsid = (int32_t)get_uint(attr_data(a), 4);
		break;
	case VNIC_A_DEV_ETHERTYPES:
		return check_etypes(a);
	case VNIC_A_DEV_ALLOWED_IPS:
		return check_ips(a);
	}
	return NULL;
}

static const char *dev_coherent(const uint64_t *v, const struct vnic_ent *e)
{
	static const uint8_t zero[MAC_LEN];

	if (!e->id || !e->ifindex || !e->parent)
		return BAD("vnic %s: zero id, ifindex or parent", e->name);
	if (v[VNIC_A_DEV_VLAN] && v[VNIC_A_DEV_VLAN_PASSTHROUGH])
		return BAD("vnic %s: port VLAN and vlan-passthrough", e->name);
	if ((v[VNIC_A_DEV_TX_RATE] && v[VNIC_A_DEV_TX_RATE] < 8) ||
	    (v[VNIC_A_DEV_RX_RATE] && v[VNIC_A_DEV_RX_RATE] < 8))
		return BAD("vnic %s: rate below 8 bit/s", e->name);
	if ((v[VNIC_A_DEV_TX_RATE] && v[VNIC_A_DEV_TX_BURST] < MIN_FRAME) ||
	    (v[VNIC_A_DEV_RX_RATE] && v[VNIC_A_DEV_RX_BURST] < MIN_FRAME))
		return BAD("vnic %s: burst cannot hold a frame", e->name);
	if ((e->mac[0] & 1) || !memcmp(e->mac, zero, MAC_LEN))
		return BAD("vnic %s: multicast or zero MAC", e->name);
	if (!v[VNIC_A_DEV_WEIGHT])
		return BAD("vnic %s: weight 0", e->name);
	if (v[VNIC_A_DEV_TX_RATE] &&
	    v[VNIC_A_DEV_BW_MIN] > v[VNIC_A_DEV_TX_RATE])
		return BAD("vnic %s: bw-min above tx-rate", e->name);
	return NULL;
}

/*
 * check_attrs - the attributes of one object of a reply: each type in
 * 1..@maxtype, at most once, in the shape @shapes gives it
 * @what: the object, for the messages ("dev", "stats", ...)
 * @v: set to the value of each type (@maxtype + 1 of them)
 * @has: set to the bitmap of the types present
 * @each: also called for each attribute in shape (NULL: none), with @arg
 */
static const char *check_attrs(const void *p, int len, const char *what,
			       const struct shape *shapes, unsigned int maxtype,
			       uint64_t *v, uint32_t *has,
			       const char *(*each)(const struct nlattr *a,
						   void *arg),
			       void *arg)
{
	const struct nlattr *a;
	const char *err;
	unsigned int t;
	int rem;

	*has = 0;
	attr_for_each(a, p, len, rem) {
		t = attr_type(a);
		if (t < 1 || t > maxtype)
			return BAD("%s attr type %u out of range", what, t);
		if (*has & BIT(t))
			return BAD("%s attr %u twice", what, t);
		*has |= BIT(t);
		err = check_shape(a, &shapes[t], &v[t]);
		if (!err && each)
			err = each(a, arg);
		if (err)
			return err;
	}
	return rem ? BAD("%s attrs: %d bytes left over", what, rem) : NULL;
}

static const char *dev_attr_each(const struct nlattr *a, void *e)
{
	return dev_attr(a, e);
}

static const char *check_dev(const void *p, int len, struct vnic_ent *e)
{
	uint64_t v[VNIC_A_DEV_MAX + 1] = { 0 };
	const char *err;
	uint32_t has;

	memset(e, 0, sizeof(*e));
	e->local = true;
	e->parent_nsid = -1;
	err = check_attrs(p, len, "dev", dev_shape, VNIC_A_DEV_MAX, v, &has,
			  dev_attr_each, e);
	if (err)
		return err;
	if ((has & dev_required) != dev_required)
		return BAD("dev reply lacks attrs 0x%x",
			   dev_required & ~has);
	return dev_coherent(v, e);
}

static const struct shape stats_shape[VNIC_A_STATS_MAX + 1] = {
	[VNIC_A_STATS_ID]				= { .kind = SH_U32 },
	[VNIC_A_STATS_IFINDEX]				= { .kind = SH_U32 },
	[VNIC_A_STATS_NAME]				= { .kind = SH_STR },
	[VNIC_A_STATS_NAME + 1 ... VNIC_A_STATS_MAX]	= { .kind = SH_UINT },
};

static const char *check_stats(const void *p, int len)
{
	const uint32_t all = BIT(VNIC_A_STATS_MAX + 1) - 2;
	uint64_t v[VNIC_A_STATS_MAX + 1] = { 0 };
	const char *err;
	uint32_t has;

	err = check_attrs(p, len, "stats", stats_shape, VNIC_A_STATS_MAX, v,
			  &has, NULL, NULL);
	if (err)
		return err;
	/* The lending counters only to the parent's netns. */
	if (has != all && has != (all & ~(BIT(VNIC_A_STATS_TX_LENT_BYTES) |
					  BIT(VNIC_A_STATS_TX_BORROWED_BYTES))))
		return BAD("stats reply lacks attrs 0x%x", all & ~has);
	if (!v[VNIC_A_STATS_ID] || !v[VNIC_A_STATS_IFINDEX])
		return BAD("stats: zero id or ifindex");
	return NULL;
}

/* The largest capacity, bits/s (module/sched.h). */
#define PARENT_MAX_CAPACITY	(1ULL << 43)

static const struct shape parent_shape[VNIC_A_PARENT_MAX + 1] = {
	[VNIC_A_PARENT_IFINDEX]		= { .kind = SH_U32 },
	[VNIC_A_PARENT_NAME]		= { .kind = SH_STR },
	[VNIC_A_PARENT_CAPACITY]	= { .kind = SH_UINT,
					    .max = PARENT_MAX_CAPACITY },
	[VNIC_A_PARENT_BURST]		= { .kind = SH_U32 },
	[VNIC_A_PARENT_VNICS]		= { .kind = SH_U32 },
	[VNIC_A_PARENT_GUARANTEED ... VNIC_A_PARENT_MAX] = { .kind = SH_UINT },
};

static const char *check_parent(const void *p, int len)
{
	const uint32_t all = BIT(VNIC_A_PARENT_MAX + 1) - 2;
	uint64_t v[VNIC_A_PARENT_MAX + 1] = { 0 };
	const char *err;
	uint32_t has;

	err = check_attrs(p, len, "parent", parent_shape, VNIC_A_PARENT_MAX, v,
			  &has, NULL, NULL);
	if (err)
		return err;
	if (has != all)
		return BAD("parent reply lacks attrs 0x%x", all & ~has);
	if (!v[VNIC_A_PARENT_IFINDEX])
		return BAD("parent: zero ifindex");
	if (!v[VNIC_A_PARENT_CAPACITY] != !v[VNIC_A_PARENT_BURST])
		return BAD("parent: capacity %" PRIu64 " with burst %" PRIu64,
			   v[VNIC_A_PARENT_CAPACITY], v[VNIC_A_PARENT_BURST]);
	return NULL;
}

static const struct shape group_shape[VNIC_A_GROUP_MAX + 1] = {
	[VNIC_A_GROUP_NAME]		= { .kind = SH_STR },
	[VNIC_A_GROUP_PARENT_IFINDEX]	= { .kind = SH_U32 },
	[VNIC_A_GROUP_PARENT_NAME]	= { .kind = SH_STR },
	[VNIC_A_GROUP_BW_MIN]		= { .kind = SH_UINT },
	[VNIC_A_GROUP_BW_MAX]		= { .kind = SH_UINT },
	[VNIC_A_GROUP_WEIGHT]		= { .kind = SH_U32 },
	[VNIC_A_GROUP_PRIORITY]		= { .kind = SH_U32 },
	[VNIC_A_GROUP_VNICS]		= { .kind = SH_U32 },
};

/* A share group (none is created: see fuzz_cmd()), attributes in shape. */
static const char *check_group(const void *p, int len)
{
	uint64_t v[VNIC_A_GROUP_MAX + 1] = { 0 };
	uint32_t has;

	return check_attrs(p, len, "group", group_shape, VNIC_A_GROUP_MAX, v,
			   &has, NULL, NULL);
}

/* A data message from the kernel; fills @e for dev replies. */
static const char *check_reply(const struct nlmsghdr *nlh, struct vnic_ent *e)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	int len = (int)mnl_nlmsg_get_payload_len(nlh) - GENL_HDRLEN;
	const void *attrs = (const char *)g + GENL_HDRLEN;

	if (nlh->nlmsg_type != fz.family)
		return BAD("reply of type 0x%x", nlh->nlmsg_type);
	if (len < 0)
		return BAD("reply without genetlink header");
	if (g->version != VNIC_FAMILY_VERSION || g->reserved)
		return BAD("reply version %u reserved %u", g->version,
			   g->reserved);
	switch (g->cmd) {
	case VNIC_CMD_DEV_GET:
	case VNIC_CMD_DEV_NEW:
	case VNIC_CMD_DEV_SET:
		return check_dev(attrs, len, e);
	case VNIC_CMD_STATS_GET:
		return check_stats(attrs, len);
	case VNIC_CMD_PARENT_GET:
	case VNIC_CMD_PARENT_SET:
		return check_parent(attrs, len);
	case VNIC_CMD_GROUP_GET:
		return check_group(attrs, len);
	}
	return BAD("reply with cmd %u", g->cmd);
}

/* ------------------------------------------------------------------ */
/* Socket and exchanges */

struct answer {
	bool answered;		/* NLMSG_ERROR or NLMSG_DONE seen */
	bool done;		/* ... and it was NLMSG_DONE */
	int err;		/* positive errno, 0 for success */
	bool has_msg;		/* NLMSGERR_ATTR_MSG present */
	char msg[160];
	unsigned int n_data;
	char bad[256];		/* first malformed reply, "" if none */
};

typedef void (*reply_cb)(const struct nlmsghdr *nlh, struct answer *a,
			 void *arg);

static void set_bad(struct answer *a, const char *why)
{
	if (!a->bad[0])
		snprintf(a->bad, sizeof(a->bad), "%s", why);
}

/* Extended ack TLVs in [p, p + len). */
static void parse_tlvs(const void *p, int len, struct answer *a)
{
	const struct nlattr *t;
	unsigned int l;
	int rem;

	attr_for_each(t, p, len, rem) {
		if (attr_type(t) != NLMSGERR_ATTR_MSG)
			continue;
		l = attr_len(t);
		if (!l || attr_data(t)[l - 1]) {
			set_bad(a, "extack message not NUL-terminated");
			continue;
		}
		a->has_msg = true;
		snprintf(a->msg, sizeof(a->msg), "%s",
			 (const char *)attr_data(t));
	}
	if (rem)
		set_bad(a, "malformed extack TLVs");
}

static void parse_ack(const struct nlmsghdr *nlh, uint32_t seq,
		      struct answer *a)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	int plen = (int)mnl_nlmsg_get_payload_len(nlh);
	int off = (int)sizeof(*e);

	a->answered = true;
	if (plen < off) {
		set_bad(a, "short NLMSG_ERROR");
		a->err = EPROTO;
		return;
	}
	if (e->error > 0 || e->error < -4095)
		set_bad(a, "NLMSG_ERROR with a bogus error code");
	a->err = e->error > 0 ? EPROTO : -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		set_bad(a, "ack not capped despite NETLINK_CAP_ACK");
	else if (e->msg.nlmsg_seq != seq)
		set_bad(a, "ack echoes another request");
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_tlvs((const char *)e + off, plen - off, a);
}

static void parse_done(const struct nlmsghdr *nlh, struct answer *a)
{
	int plen = (int)mnl_nlmsg_get_payload_len(nlh);
	int error;

	a->answered = true;
	a->done = true;
	if (plen < (int)sizeof(error)) {
		set_bad(a, "short NLMSG_DONE");
		return;
	}
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error > 0 || error < -4095)
		set_bad(a, "NLMSG_DONE with a bogus error code");
	a->err = error > 0 ? EPROTO : -error;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_tlvs((const char *)mnl_nlmsg_get_payload(nlh) +
			   sizeof(error), plen - (int)sizeof(error), a);
}

#define RECV_MORE	1

/* One datagram; RECV_MORE until @seq is answered, -EPROTO on @forbid. */
static int process(size_t len, uint32_t seq, uint32_t forbid,
		   struct answer *a, reply_cb cb, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)fz.rbuf;
	int rem = (int)len;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_pid != fz.portid)
			set_bad(a, "reply for another port id");
		if (forbid && nlh->nlmsg_seq == forbid)
			return -EPROTO;
		if (nlh->nlmsg_seq != seq) {
			fz.stale++;
			continue;
		}
		switch (nlh->nlmsg_type) {
		case NLMSG_ERROR:
			parse_ack(nlh, seq, a);
			return 0;
		case NLMSG_DONE:
			parse_done(nlh, a);
			return 0;
		}
		a->n_data++;
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
			set_bad(a, "unexpected control message");
		else if (cb)
			cb(nlh, a, arg);
	}
	if (rem)
		set_bad(a, "datagram with a truncated message");
	return RECV_MORE;
}

/* Reads until @seq is answered: 0, -ETIMEDOUT, -EPROTO or -errno. */
static int recv_answer(uint32_t seq, uint32_t forbid, struct answer *a,
		       reply_cb cb, void *arg)
{
	ssize_t n;
	int ret;

	do {
		n = mnl_socket_recvfrom(fz.nl, fz.rbuf, RBUF_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return -ETIMEDOUT;
			return -errno;
		}
		ret = process((size_t)n, seq, forbid, a, cb, arg);
	} while (n < 0 || ret == RECV_MORE);
	return ret;
}

/* After a message the kernel must drop: a NOOP must be acked alone. */
static int probe(uint32_t seq, struct answer *a)
{
	struct nlmsghdr nlh = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = seq | PROBE_SEQ,
	};

	if (mnl_socket_sendto(fz.nl, &nlh, sizeof(nlh)) < 0)
		return -errno;
	return recv_answer(seq | PROBE_SEQ, seq, a, NULL, NULL);
}

/* Sends the message @w describes and collects the answer. */
static int exchange(const struct wire *w, struct answer *a, reply_cb cb,
		    void *arg)
{
	memset(a, 0, sizeof(*a));
	if (mnl_socket_sendto(fz.nl, w->buf, w->sent) < 0)
		return -errno;
	if (w->expect)
		return recv_answer(w->seq, 0, a, cb, arg);
	return probe(w->seq, a);
}

static void cb_check(const struct nlmsghdr *nlh, struct answer *a, void *arg)
{
	struct vnic_ent e;
	const char *err = check_reply(nlh, &e);

	(void)arg;
	if (err)
		set_bad(a, err);
}

/* A well-formed request of our own; -1 (reported) if it went wrong. */
static int control(struct req *r, struct answer *a, reply_cb cb, void *arg,
		   const char *what)
{
	struct wire w;
	int ret;

	if (!req_serialise(r, ++fz.seq, fz.cbuf, &w)) {
		failf("%s: request does not fit", what);
		return -1;
	}
	ret = exchange(&w, a, cb ? cb : cb_check, arg);
	if (ret == -ETIMEDOUT) {
		failf("%s: no answer within %d s", what, RCV_TIMEOUT_S);
		fz.abort = true;
		return -1;
	}
	if (ret < 0) {
		failf("%s: %s", what, strerror(-ret));
		fz.abort = true;
		return -1;
	}
	if (a->bad[0]) {
		failf("%s: malformed reply: %s", what, a->bad);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Setup */

static int nl_open(void)
{
	struct timeval tv = { .tv_sec = RCV_TIMEOUT_S };
	int one = 1;

	fz.sbuf = calloc(1, SBUF_SIZE);
	fz.cbuf = calloc(1, SBUF_SIZE);
	fz.rbuf = malloc(RBUF_SIZE);
	fz.nl = mnl_socket_open(NETLINK_GENERIC);
	if (!fz.sbuf || !fz.cbuf || !fz.rbuf || !fz.nl) {
		printf("vnic_nlfuzz: cannot open a generic netlink socket: %s\n",
		       strerror(errno));
		return -1;
	}
	if (mnl_socket_bind(fz.nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(fz.nl, NETLINK_EXT_ACK, &one,
				  sizeof(one)) < 0 ||
	    mnl_socket_setsockopt(fz.nl, NETLINK_CAP_ACK, &one,
				  sizeof(one)) < 0 ||
	    setsockopt(mnl_socket_get_fd(fz.nl), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)) < 0) {
		printf("vnic_nlfuzz: cannot set up the netlink socket: %s\n",
		       strerror(errno));
		return -1;
	}
	fz.portid = mnl_socket_get_portid(fz.nl);
	return 0;
}

static void cb_family(const struct nlmsghdr *nlh, struct answer *a, void *arg)
{
	const struct nlattr *attr;

	(void)a;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			*(uint16_t *)arg = mnl_attr_get_u16(attr);
	}
}

static int resolve_family(void)
{
	struct req *r = &ctl_req;
	struct answer a;
	uint16_t id = 0;

	req_init(r, CTRL_CMD_GETFAMILY, 0);
	r->nl_type = GENL_ID_CTRL;
	r->version = 1;
	n_str(r, TOP, CTRL_ATTR_FAMILY_NAME, VNIC_FAMILY_NAME);
	if (control(r, &a, cb_family, &id, "family lookup"))
		return -1;
	if (a.err == ENOENT) {
		printf("vnic_nlfuzz: family %s not found: no generic netlink family \"%s\" in this kernel (is vnic.ko loaded?)\n",
		       VNIC_FAMILY_NAME, VNIC_FAMILY_NAME);
		return -1;
	}
	if (a.err || !id) {
		printf("vnic_nlfuzz: family %s lookup failed: %s\n",
		       VNIC_FAMILY_NAME, a.err ? strerror(a.err) : "no id");
		return -1;
	}
	fz.family = id;
	return 0;
}

static int parent_setup(void)
{
	struct ifreq ifr;
	int fd;

	if (!fz.parent) {
		printf("vnic_nlfuzz: -p PARENT_IFINDEX is required\n");
		return -1;
	}
	if (!if_indextoname(fz.parent, fz.parent_name)) {
		printf("vnic_nlfuzz: no interface with ifindex %u here: %s\n",
		       fz.parent, strerror(errno));
		return -1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", fz.parent_name);
	if (fd >= 0 && !ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		memcpy(fz.parent_mac, ifr.ifr_hwaddr.sa_data, MAC_LEN);
		fz.have_parent_mac = true;
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The vnics: dumps, lookups, deletion, consistency */

static struct vnic_list pre, cur;

static void cb_list(const struct nlmsghdr *nlh, struct answer *a, void *arg)
{
	struct vnic_list *l = arg;
	struct vnic_ent e;
	const char *err = check_reply(nlh, &e);

	if (err) {
		set_bad(a, err);
		return;
	}
	if (l->n == MAX_VNICS) {
		set_bad(a, "more vnics than the fuzzer can track");
		return;
	}
	l->ent[l->n++] = e;
}

/* A control request that must succeed: a failure to send or an error fails. */
static int control_ok(struct req *r, reply_cb cb, void *arg, const char *what)
{
	struct answer a;

	if (control(r, &a, cb, arg, what))
		return -1;
	if (a.err) {
		failf("%s: %s (%s)", what, errname(a.err),
		      a.has_msg ? a.msg : "no message");
		return -1;
	}
	return 0;
}

static int vnic_dump(struct vnic_list *l)
{
	l->n = 0;
	req_init(&ctl_req, VNIC_CMD_DEV_GET, NLM_F_DUMP);
	return control_ok(&ctl_req, cb_list, l, "dev-get dump");
}

static int stats_dump(void)
{
	req_init(&ctl_req, VNIC_CMD_STATS_GET, NLM_F_DUMP);
	return control_ok(&ctl_req, NULL, NULL, "stats-get dump");
}

static int vnic_del(uint32_t id)
{
	char what[40];

	req_init(&ctl_req, VNIC_CMD_DEV_DEL, 0);
	n_u32(&ctl_req, TOP, VNIC_A_DEV_ID, id);
	snprintf(what, sizeof(what), "dev-del of vnic id %u", id);
	return control_ok(&ctl_req, NULL, NULL, what);
}

/* Created by this run: not in the dump taken at the start. */
static bool is_created(const struct vnic_ent *e)
{
	unsigned int i;

	for (i = 0; i < pre.n; i++)
		if (pre.ent[i].id == e->id && pre.ent[i].ifindex == e->ifindex)
			return false;
	return true;
}

static bool is_fz_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < N_FZ; i++)
		if (!strcmp(name, fz_names[i]))
			return true;
	return !strcmp(name, KEEP_NAME);
}

static void check_unique(const struct vnic_list *l)
{
	const struct vnic_ent *a, *b;
	unsigned int i, j;

	for (i = 0; i < l->n; i++) {
		for (j = i + 1; j < l->n; j++) {
			a = &l->ent[i];
			b = &l->ent[j];
			if (a->id == b->id)
				failf("dump: id %u listed twice", a->id);
			if (a->parent == b->parent &&
			    a->parent_nsid == b->parent_nsid &&
			    !memcmp(a->mac, b->mac, MAC_LEN))
				failf("dump: %s and %s share a MAC", a->name,
				      b->name);
			if (a->local && b->local && !strcmp(a->name, b->name))
				failf("dump: name %s listed twice", a->name);
		}
	}
}

/* Every CHECK_EVERY messages: dumps well-formed, coherent; no strays. */
static void consistency_check(void)
{
	unsigned int i;

	fz.checks++;
	if (vnic_dump(&cur) || stats_dump())
		return;
	check_unique(&cur);
	for (i = 0; i < cur.n && !fz.abort; i++) {
		if (!is_created(&cur.ent[i]) || is_fz_name(cur.ent[i].name))
			continue;
		if (!vnic_del(cur.ent[i].id))
			fz.strays++;
	}
}

/* ------------------------------------------------------------------ */
/* Valid fields, shared by the templates and phase 2 */

static const uint16_t etypes[] = {
	0x0800, 0x0806, 0x86dd, 0x88cc, 0x88b5, 0x8100, 0x88a8, 0x8847,
	0x88f7, 0x0600, 0xffff,
};

static uint16_t rnd_etype(void)
{
	if (chance(70))
		return etypes[rnd(ARRAY_SIZE(etypes))];
	return (uint16_t)(0x600 + rnd(0x10000 - 0x600));
}

static void rnd_mac(uint8_t *m)
{
	rnd_bytes(m, MAC_LEN);
	m[0] = (m[0] & 0xfc) | 0x02;	/* unicast, locally administered */
}

static void mask_host_bits(uint8_t *a, unsigned int alen, unsigned int plen)
{
	unsigned int i, keep;

	for (i = 0; i < alen; i++) {
		if (plen >= 8 * (i + 1))
			continue;
		keep = plen > 8 * i ? plen - 8 * i : 0;
		a[i] &= (uint8_t)~(0xff >> keep);
	}
}

/* A valid prefix: @addr of *@alen bytes, no host bits past *@plen. */
static void rnd_prefix(uint8_t *addr, unsigned int *alen, unsigned int *plen)
{
	*alen = chance(60) ? 4 : 16;
	*plen = rnd(*alen * 8 + 1);
	rnd_bytes(addr, *alen);
	mask_host_bits(addr, *alen, *plen);
}

static int n_prefix(struct req *r, int ips, const uint8_t *addr,
		    unsigned int alen, unsigned int plen)
{
	int p = n_nest(r, ips, VNIC_A_ALLOWED_IPS_PREFIX, AS_PREFIX);

	n_bin(r, p, VNIC_A_PREFIX_ADDR, addr, alen);
	n_u8(r, p, VNIC_A_PREFIX_PLEN, (uint8_t)plen);
	if (p != NONE && chance(20))
		shuffle_list(r, p);
	return p;
}

static int f_prefixes(struct req *r, unsigned int n)
{
	int ips = n_nest(r, TOP, VNIC_A_DEV_ALLOWED_IPS, AS_IPS);
	unsigned int alen, plen;
	uint8_t addr[16];

	while (n--) {
		rnd_prefix(addr, &alen, &plen);
		n_prefix(r, ips, addr, alen, plen);
	}
	return ips;
}

static int f_etypes(struct req *r, unsigned int n)
{
	int nest = n_nest(r, TOP, VNIC_A_DEV_ETHERTYPES, AS_ETYPES);

	while (n--)
		n_u16(r, nest, VNIC_A_ETHERTYPES_ETHERTYPE, rnd_etype());
	return nest;
}

static void f_mac(struct req *r)
{
	uint8_t m[MAC_LEN];

	rnd_mac(m);
	n_bin(r, TOP, VNIC_A_DEV_MAC, m, MAC_LEN);
}

/* A port VLAN or passthrough that is valid on a vnic without either. */
static void f_vlan(struct req *r)
{
	switch (rnd(3)) {
	case 0:
		n_u16(r, TOP, VNIC_A_DEV_VLAN, (uint16_t)rnd(4095));
		if (chance(50))
			n_u8(r, TOP, VNIC_A_DEV_VLAN_PASSTHROUGH, 0);
		break;
	case 1:
		n_u8(r, TOP, VNIC_A_DEV_VLAN_PASSTHROUGH, (uint8_t)rnd(2));
		if (chance(50))
			n_u16(r, TOP, VNIC_A_DEV_VLAN, 0);
		break;
	default:
		n_u16(r, TOP, VNIC_A_DEV_VLAN, 0);
		n_u8(r, TOP, VNIC_A_DEV_VLAN_PASSTHROUGH, 0);
	}
}

static uint64_t rnd_rate(void)
{
	static const uint64_t rates[] = {
		0, 8, 1000, 1000000, 100000000, 1000000000, 10000000000ULL,
		UINT32_MAX, (uint64_t)UINT32_MAX + 1,
	};

	if (chance(80))
		return rates[rnd(ARRAY_SIZE(rates))];
	return 8 + rnd64() % 100000000000ULL;
}

/* Rate and/or burst of one direction, valid for any parent MTU < 9000. */
static void f_share(struct req *r, bool tx)
{
	uint16_t rate_t = tx ? VNIC_A_DEV_TX_RATE : VNIC_A_DEV_RX_RATE;
	uint16_t burst_t = tx ? VNIC_A_DEV_TX_BURST : VNIC_A_DEV_RX_BURST;

	n_uint(r, TOP, rate_t, rnd_rate());
	if (chance(50))
		n_u32(r, TOP, burst_t, 10000 + rnd(1000000));
}

#define OWN_SHARE(tx)	((tx) ? BIT(VNIC_A_DEV_TX_RATE) | BIT(VNIC_A_DEV_TX_BURST) : \
			 BIT(VNIC_A_DEV_RX_RATE) | BIT(VNIC_A_DEV_RX_BURST))
#define OWN_VLAN	(BIT(VNIC_A_DEV_VLAN) | BIT(VNIC_A_DEV_VLAN_PASSTHROUGH))

/* Valid optional fields of NEW/SET, each with probability @pct, except
 * the attribute types in @owned.
 */
static void f_fields(struct req *r, uint32_t owned, unsigned int pct)
{
	if (!(owned & BIT(VNIC_A_DEV_MAC)) && chance(pct))
		f_mac(r);
	if (!(owned & BIT(VNIC_A_DEV_MAC_CHANGE)) && chance(pct))
		n_u8(r, TOP, VNIC_A_DEV_MAC_CHANGE, (uint8_t)rnd(2));
	if (!(owned & OWN_VLAN) && chance(pct))
		f_vlan(r);
	if (!(owned & BIT(VNIC_A_DEV_VLAN_PRIO)) && chance(pct))
		n_u8(r, TOP, VNIC_A_DEV_VLAN_PRIO, (uint8_t)rnd(8));
	if (!(owned & BIT(VNIC_A_DEV_ETHERTYPE_RX)) && chance(pct))
		n_u8(r, TOP, VNIC_A_DEV_ETHERTYPE_RX, (uint8_t)rnd(2));
	if (!(owned & BIT(VNIC_A_DEV_ETHERTYPES)) && chance(pct))
		f_etypes(r, rnd(VNIC_MAX_ETHERTYPES + 1));
	if (!(owned & BIT(VNIC_A_DEV_ALLOWED_IPS)) && chance(pct))
		f_prefixes(r, chance(10) ? VNIC_MAX_PREFIXES : rnd(9));
	if (!(owned & OWN_SHARE(true)) && chance(pct))
		f_share(r, true);
	if (!(owned & OWN_SHARE(false)) && chance(pct))
		f_share(r, false);
}

/* ------------------------------------------------------------------ */
/* Phase 1 templates */

static const char *rnd_fz_name(void)
{
	return fz_names[rnd(N_FZ)];
}

static const char *rnd_other_name(void)
{
	static const char *const names[] = {
		KEEP_NAME, "fznone", "lo", "vnic0", "fz%d",
	};

	if (chance(20))
		return fz.parent_name;
	return names[rnd(ARRAY_SIZE(names))];
}

static uint32_t rnd_ifindex(void)
{
	switch (rnd(4)) {
	case 0:
		return fz.parent;
	case 1:
		return 1 + rnd(64);
	default:
		return fz.parent + 1 + rnd(32);
	}
}

/* Selects a vnic by name, id or ifindex, sometimes several or none. */
static void t_selector(struct req *r)
{
	unsigned int p = rnd(100);

	if (p < 55 || (p >= 85 && p < 95))
		n_str(r, TOP, VNIC_A_DEV_NAME,
		      chance(70) ? rnd_fz_name() : rnd_other_name());
	if ((p >= 55 && p < 70) || (p >= 85 && p < 95))
		n_u32(r, TOP, VNIC_A_DEV_ID, 1 + rnd(8));
	if (p >= 70 && p < 85)
		n_u32(r, TOP, VNIC_A_DEV_IFINDEX, rnd_ifindex());
}

static void t_new(struct req *r, bool valid)
{
	req_init(r, VNIC_CMD_DEV_NEW, 0);
	n_str(r, TOP, VNIC_A_DEV_NAME, chance(2) ? "fz%d" : rnd_fz_name());
	n_u32(r, TOP, VNIC_A_DEV_PARENT_IFINDEX, fz.parent);
	if (chance(25))
		n_u32(r, TOP, VNIC_A_DEV_MODE, rnd(2));
	f_fields(r, 0, valid ? 25 : 35);
	shuffle_list(r, TOP);
}

static void t_set(struct req *r, bool valid)
{
	req_init(r, VNIC_CMD_DEV_SET, 0);
	if (valid)
		n_str(r, TOP, VNIC_A_DEV_NAME, rnd_fz_name());
	else
		t_selector(r);
	f_fields(r, 0, 35);
	shuffle_list(r, TOP);
}

static void t_simple(struct req *r, uint8_t cmd, bool valid)
{
	req_init(r, cmd, 0);
	if (cmd != VNIC_CMD_DEV_DEL && chance(25)) {
		r->nl_flags |= NLM_F_DUMP;
		return;
	}
	if (valid)
		n_str(r, TOP, VNIC_A_DEV_NAME, rnd_fz_name());
	else
		t_selector(r);
}

/*
 * parent-get or parent-set of the parent (valid), or of any device with
 * any capacity and burst (not).
 */
static void t_parent(struct req *r, bool valid)
{
	static const uint64_t caps[] = {
		0, 1, 7, 8, 1000000, 1000000000, PARENT_MAX_CAPACITY,
		PARENT_MAX_CAPACITY + 1, UINT64_MAX,
	};
	bool set = chance(70);

	req_init(r, set ? VNIC_CMD_PARENT_SET : VNIC_CMD_PARENT_GET, 0);
	if (!set && chance(25)) {
		r->nl_flags |= NLM_F_DUMP;
		return;
	}
	if (valid || chance(50))
		n_u32(r, TOP, VNIC_A_PARENT_IFINDEX,
		      valid ? fz.parent : rnd_ifindex());
	else
		n_str(r, TOP, VNIC_A_PARENT_NAME, chance(50) ?
		      fz.parent_name : chance(50) ? rnd_fz_name() :
		      rnd_other_name());
	if (!set)
		return;
	if (chance(80))
		n_uint(r, TOP, VNIC_A_PARENT_CAPACITY, valid ?
		       (chance(30) ? 0 :
			8 + rnd64() % (PARENT_MAX_CAPACITY - 7)) :
		       caps[rnd(ARRAY_SIZE(caps))]);
	if (chance(40))
		n_u32(r, TOP, VNIC_A_PARENT_BURST,
		      valid ? 1518 + rnd(1 << 20) : (uint32_t)rnd64());
}

/* Well-formed requests on fz0..fz3: some succeed. */
static void gen_valid(struct req *r)
{
	unsigned int p = rnd(100);

	if (p < 35)
		t_new(r, true);
	else if (p < 78)
		t_set(r, true);
	else if (p < 83)
		t_simple(r, VNIC_CMD_DEV_DEL, true);
	else if (p < 91)
		t_simple(r, VNIC_CMD_DEV_GET, true);
	else if (p < 96)
		t_simple(r, VNIC_CMD_STATS_GET, true);
	else
		t_parent(r, true);
	if (chance(10))
		r->nl_flags |= NLM_F_ECHO;
	r->cls = CLS_VALID;
}

/* Valid-looking requests, any command, before mutation. */
static void gen_template(struct req *r)
{
	unsigned int p = rnd(100);

	if (p < 20)
		t_simple(r, VNIC_CMD_DEV_GET, false);
	else if (p < 35)
		t_simple(r, VNIC_CMD_STATS_GET, false);
	else if (p < 60)
		t_new(r, false);
	else if (p < 88)
		t_set(r, false);
	else if (p < 92)
		t_parent(r, false);
	else if (p < 95)
		t_simple(r, VNIC_CMD_DEV_DEL, false);
	else
		t_simple(r, (uint8_t)(VNIC_CMD_MAX + 1 + rnd(250)), false);
}

/* ------------------------------------------------------------------ */
/* Random attributes */

static uint16_t rnd_type(uint8_t set)
{
	uint16_t max = aset_max[set];

	switch (rnd(8)) {
	case 0:
		return 0;
	case 1:
		return max + 1;
	case 2:
		return (uint16_t)(max + 2 + rnd(16));
	case 3:
		return (uint16_t)rnd(TYPE_MAX + 1);
	case 4:
		return TYPE_MAX;
	default:
		return (uint16_t)(1 + rnd(max));
	}
}

static unsigned int rnd_len(void)
{
	static const unsigned int lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 16 };

	if (chance(70))
		return lens[rnd(ARRAY_SIZE(lens))];
	return rnd(65);
}

static int rand_attr(struct req *r, int parent, unsigned int depth)
{
	uint16_t type = rnd_type(parent == NONE ? AS_DEV : set_of(r, parent));
	unsigned int i, n;
	uint8_t buf[64];
	int idx;

	if (depth < 4 && chance(25)) {
		idx = n_nest(r, parent, type, (uint8_t)rnd(AS_NUM));
		n = rnd(4);
		for (i = 0; i < n; i++)
			rand_attr(r, idx, depth + 1);
		return idx;
	}
	n = rnd_len();
	rnd_bytes(buf, n);
	if (chance(10))
		type |= NLA_F_NET_BYTEORDER;
	return n_bin(r, parent, type, buf, n);
}

static const uint16_t flag_picks[] = {
	NLM_F_DUMP, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_APPEND,
	NLM_F_ECHO, NLM_F_ATOMIC, NLM_F_ROOT, NLM_F_MATCH, NLM_F_MULTI,
	NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED, NLM_F_CREATE | NLM_F_EXCL,
	NLM_F_CREATE | NLM_F_REPLACE, NLM_F_ACK_TLVS, NLM_F_CAPPED,
};

static uint16_t rnd_flags(void)
{
	unsigned int p = rnd(100);

	if (p < 15)
		return (uint16_t)rnd(0x10000) | NLM_F_ACK;
	if (p < 25)
		return NLM_F_ACK;	/* not a request: acked as is */
	return NLM_F_REQUEST | NLM_F_ACK |
	       flag_picks[rnd(ARRAY_SIZE(flag_picks))];
}

/*
 * A random command, but for the ones that create or change a share group:
 * the run's cleanup (capacity 0, vnics deleted) does not undo groups, so
 * those are asked as group-get (vnic_sched_cfg.sh covers them).
 */
static uint8_t fuzz_cmd(uint8_t cmd)
{
	return cmd == VNIC_CMD_GROUP_NEW || cmd == VNIC_CMD_GROUP_SET ?
	       VNIC_CMD_GROUP_GET : cmd;
}

static void gen_random(struct req *r)
{
	unsigned int i, n = rnd(9);
	uint8_t cmd;

	if (chance(60))
		cmd = (uint8_t)(1 + rnd(VNIC_CMD_MAX));
	else
		cmd = (uint8_t)rnd(256);
	req_init(r, fuzz_cmd(cmd), 0);
	if (chance(40))
		r->nl_flags = rnd_flags();
	if (chance(20))
		r->version = (uint8_t)rnd(256);
	for (i = 0; i < n; i++)
		rand_attr(r, TOP, 0);
	r->cls = CLS_RANDOM;
}

/* ------------------------------------------------------------------ */
/* Mutations */

typedef void (*mut_fn)(struct req *r, int idx);

static void m_type(struct req *r, int idx)
{
	struct node *n = &r->nodes[idx];

	n->type = (n->type & ~NLA_TYPE_MASK) | rnd_type(n->set);
}

static void m_len_short(struct req *r, int idx)
{
	struct node *n = &r->nodes[idx];
	int c, last = NONE;

	if (!n->nest) {
		n->len = n->len ? (uint16_t)rnd(n->len) : 0;
		return;
	}
	for (c = n->child; c != NONE; c = r->nodes[c].next)
		last = c;
	if (last != NONE)
		n_unlink(r, last);
	else
		n->len_lie = -(int16_t)(1 + rnd(4));
}

static void m_len_long(struct req *r, int idx)
{
	struct node *n = &r->nodes[idx];
	unsigned int add = 1 + rnd(32);

	if (n->nest) {
		rand_attr(r, idx, 3);
		return;
	}
	if (n->len + add > MAX_DATA)
		add = MAX_DATA - n->len;
	rnd_bytes(n->data + n->len, add);
	n->len += (uint16_t)add;
}

static void m_len_zero(struct req *r, int idx)
{
	r->nodes[idx].len = 0;
	r->nodes[idx].child = NONE;
}

/* Puts @depth nests between @idx and its parent. */
static void wrap(struct req *r, int idx, unsigned int depth)
{
	int *link, w, inner = idx;
	uint16_t type = r->nodes[idx].type & NLA_TYPE_MASK;

	while (depth--) {
		w = n_alloc(r);
		if (w == NONE)
			return;
		link = link_to(r, inner);
		*link = w;
		r->nodes[w].type = (inner == idx || chance(50) ? type :
				    rnd_type(r->nodes[inner].set)) |
				   NLA_F_NESTED;
		r->nodes[w].nest = true;
		r->nodes[w].set = r->nodes[inner].set;
		r->nodes[w].cset = r->nodes[inner].set;
		r->nodes[w].parent = r->nodes[inner].parent;
		r->nodes[w].next = r->nodes[inner].next;
		r->nodes[w].child = inner;
		r->nodes[inner].next = NONE;
		r->nodes[inner].parent = w;
		inner = w;
	}
}

/* Nested where a scalar is expected. */
static void m_to_nest(struct req *r, int idx)
{
	struct node *n = &r->nodes[idx];
	unsigned int i, k = rnd(3);

	if (n->nest || chance(50)) {
		wrap(r, idx, 1);
		return;
	}
	n->nest = true;
	n->type |= NLA_F_NESTED;
	n->cset = n->set;
	n->child = NONE;
	for (i = 0; i < k; i++)
		rand_attr(r, idx, 3);
}

/* Scalar where a nest is expected, or the NLA_F_NESTED bit wrong. */
static void m_to_scalar(struct req *r, int idx)
{
	struct node *n = &r->nodes[idx];

	if (!n->nest) {
		n->type |= NLA_F_NESTED;
		return;
	}
	if (chance(50)) {
		n->type &= ~NLA_F_NESTED;
		return;
	}
	n->nest = false;
	n->type &= ~NLA_F_NESTED;
	n->child = NONE;
	n->len = (uint16_t)rnd(17);
	rnd_bytes(n->data, n->len);
}

static void m_flag(struct req *r, int idx)
{
	r->nodes[idx].type ^= chance(50) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
}

static void m_deep(struct req *r, int idx)
{
	wrap(r, idx, 2 + rnd(40));
}

static void m_str(struct req *r, int idx)
{
	struct node *n = &r->nodes[idx];
	unsigned int i, len;

	if (n->nest)
		return m_len_long(r, idx);
	switch (rnd(5)) {
	case 0:				/* unterminated */
		len = 1 + rnd(20);
		for (i = 0; i < len; i++)
			n->data[i] = (uint8_t)('a' + rnd(26));
		break;
	case 1:				/* over-long, terminated */
		len = 16 + rnd(200);
		for (i = 0; i < len - 1; i++)
			n->data[i] = (uint8_t)('a' + rnd(26));
		n->data[len - 1] = 0;
		break;
	case 2:				/* NUL inside, garbage after */
		len = 4 + rnd(24);
		rnd_bytes(n->data, len);
		n->data[1 + rnd(3)] = 0;
		break;
	case 3:				/* "" */
		len = rnd(2);
		n->data[0] = 0;
		break;
	default:			/* a name, wherever it lands */
		len = (unsigned int)strlen(fz_names[0]) + 1;
		memcpy(n->data, rnd_fz_name(), len);
	}
	n->len = (uint16_t)len;
}

/* Boundary values for the usual widths, a flipped byte otherwise. */
static void m_value(struct req *r, int idx)
{
	static const uint8_t v8[] = { 0, 1, 2, 7, 8, 127, 128, 129, 255 };
	static const uint16_t v16[] = { 0, 1, 0x5ff, 0x600, 4094, 4095,
					0x8000, 0xffff };
	static const uint32_t v32[] = { 0, 1, 7, 8, 63, 1518, 0x7fffffff,
					0x80000000, 0xffffffff };
	static const uint64_t v64[] = { 0, 1, 7, 8, UINT32_MAX,
					(uint64_t)UINT32_MAX + 1, UINT64_MAX };
	struct node *n = &r->nodes[idx];

	if (n->nest)
		return m_type(r, idx);
	switch (n->len) {
	case 1:
		n->data[0] = v8[rnd(sizeof(v8))];
		break;
	case 2:
		memcpy(n->data, &v16[rnd(sizeof(v16) / 2)], 2);
		break;
	case 4:
		memcpy(n->data, &v32[rnd(sizeof(v32) / 4)], 4);
		break;
	case 8:
		memcpy(n->data, &v64[rnd(sizeof(v64) / 8)], 8);
		break;
	case 0:
		break;
	default:
		n->data[rnd(n->len)] ^= (uint8_t)(1 + rnd(255));
	}
}

static void m_drop(struct req *r, int idx)
{
	n_unlink(r, idx);
}

static int copy_tree(struct req *r, int src)
{
	int dst = n_alloc(r), c, cc;

	if (dst == NONE)
		return NONE;
	memcpy(&r->nodes[dst], &r->nodes[src], sizeof(struct node));
	r->nodes[dst].child = NONE;
	r->nodes[dst].next = NONE;
	for (c = r->nodes[src].child; r->nodes[src].nest && c != NONE;
	     c = r->nodes[c].next) {
		cc = copy_tree(r, c);
		if (cc == NONE)
			break;
		link_tail(r, dst, cc);
	}
	return dst;
}

static void m_dup(struct req *r, int idx)
{
	int c = copy_tree(r, idx);

	if (c == NONE)
		return;
	r->nodes[c].parent = r->nodes[idx].parent;
	r->nodes[c].next = r->nodes[idx].next;
	r->nodes[idx].next = c;
}

static void m_add(struct req *r, int idx)
{
	if (idx != NONE && r->nodes[idx].nest && chance(40))
		rand_attr(r, idx, 2);
	else
		rand_attr(r, TOP, 1);
}

static void m_nla_len(struct req *r, int idx)
{
	struct node *n = &r->nodes[idx];
	int16_t full = (int16_t)(NLA_HDRLEN + n->len);

	switch (rnd(4)) {
	case 0:				/* below a header */
		n->len_lie = (int16_t)(n->nest ? INT16_MIN :
				       (int)rnd(NLA_HDRLEN) - full);
		break;
	case 1:				/* cuts the payload */
		n->len_lie = -(int16_t)(1 + rnd(n->len ? n->len : 4));
		break;
	case 2:				/* runs into the next attribute */
		n->len_lie = (int16_t)(1 + rnd(16));
		break;
	default:			/* beyond the message */
		n->len_lie = (int16_t)(64 + rnd(0x4000));
	}
}

static void m_trailing(struct req *r, int idx)
{
	(void)idx;
	r->trail_len = (uint8_t)(1 + rnd(sizeof(r->trail) - 1));
	rnd_bytes(r->trail, r->trail_len);
}

/* Type confusion: two attributes swap types. */
static void m_swap(struct req *r, int idx)
{
	int nodes[MAX_NODES], n = collect(r, r->first, nodes, 0, MAX_NODES);
	int other = nodes[rnd((uint32_t)n)];
	uint16_t t = r->nodes[idx].type;

	r->nodes[idx].type = r->nodes[other].type;
	r->nodes[other].type = t;
}

static void m_cmd(struct req *r, int idx)
{
	static const uint8_t cmds[] = { 0, VNIC_CMD_MAX + 1, VNIC_CMD_MAX + 2,
					255 };

	(void)idx;
	if (chance(40))
		r->cmd = (uint8_t)(1 + rnd(VNIC_CMD_MAX));
	else if (chance(50))
		r->cmd = cmds[rnd(sizeof(cmds))];
	else
		r->cmd = (uint8_t)rnd(256);
	r->cmd = fuzz_cmd(r->cmd);
}

static void m_version(struct req *r, int idx)
{
	(void)idx;
	if (chance(60))
		r->version = (uint8_t)rnd(256);
	if (chance(60))
		r->reserved = (uint16_t)(chance(50) ? 1 + rnd(0xffff) : 0);
}

static void m_flags(struct req *r, int idx)
{
	(void)idx;
	r->nl_flags = rnd_flags();
}

static void m_nltype(struct req *r, int idx)
{
	(void)idx;
	r->nl_type = (uint16_t)rnd(NLMSG_MIN_TYPE);
}

static void m_nllen(struct req *r, int idx)
{
	(void)idx;
	r->len_mode = (enum len_mode)(1 + rnd(LEN_GENL_SHORT));
	switch (r->len_mode) {
	case LEN_LONGER:
		r->len_arg = chance(50) ? 1 + rnd(3) : 4 + rnd(4096);
		break;
	case LEN_SHORTER:
		r->len_arg = 1 + rnd(12);
		break;
	default:
		r->len_arg = rnd(NLMSG_HDRLEN);
	}
}

static void m_pid(struct req *r, int idx)
{
	(void)idx;
	r->nl_pid = (uint32_t)rnd64();
}

static const struct mutation {
	const char *name;
	unsigned int weight;
	bool node;		/* works on an attribute */
	mut_fn fn;
} mutations[] = {
	{ "type",	8,	true,	m_type },
	{ "len-short",	6,	true,	m_len_short },
	{ "len-long",	6,	true,	m_len_long },
	{ "len-zero",	4,	true,	m_len_zero },
	{ "to-nest",	5,	true,	m_to_nest },
	{ "to-scalar",	4,	true,	m_to_scalar },
	{ "flag",	5,	true,	m_flag },
	{ "deep",	3,	true,	m_deep },
	{ "string",	5,	true,	m_str },
	{ "value",	14,	true,	m_value },
	{ "drop",	6,	true,	m_drop },
	{ "dup",	5,	true,	m_dup },
	{ "add",	6,	false,	m_add },
	{ "nla-len",	4,	true,	m_nla_len },
	{ "trailing",	3,	false,	m_trailing },
	{ "swap",	2,	true,	m_swap },
	{ "cmd",	4,	false,	m_cmd },
	{ "version",	3,	false,	m_version },
	{ "flags",	5,	false,	m_flags },
	{ "nl-type",	1,	false,	m_nltype },
	{ "nlmsg-len",	3,	false,	m_nllen },
	{ "pid",	1,	false,	m_pid },
};

#define N_MUTATIONS	(ARRAY_SIZE(mutations))

static const struct mutation *pick_mutation(void)
{
	static unsigned int total;
	unsigned int i, w;

	if (!total)
		for (i = 0; i < N_MUTATIONS; i++)
			total += mutations[i].weight;
	w = rnd(total);
	for (i = 0; w >= mutations[i].weight; i++)
		w -= mutations[i].weight;
	return &mutations[i];
}

static void mutate_one(struct req *r)
{
	const struct mutation *m = pick_mutation();
	int nodes[MAX_NODES], n, idx = NONE;
	const char *name = m->name;

	n = collect(r, r->first, nodes, 0, MAX_NODES);
	if (n)
		idx = nodes[rnd((uint32_t)n)];
	if (m->node && idx == NONE) {
		m_add(r, idx);
		name = "add";
	} else {
		m->fn(r, idx);
	}
	if (r->n_muts < MAX_MUTS)
		r->muts[r->n_muts++] = name;
}

static void gen_mutated(struct req *r)
{
	unsigned int n = chance(75) ? 1 : 2 + rnd(2);

	gen_template(r);
	while (n--)
		mutate_one(r);
	r->cls = CLS_MUTATED;
}

static void gen_stream(struct req *r)
{
	unsigned int p = rnd(100);

	if (p < 3)
		gen_valid(r);
	else if (p < 88)
		gen_mutated(r);
	else
		gen_random(r);
}

/* ------------------------------------------------------------------ */
/* Phase 1 */

static void print_answer(unsigned long i, const struct req *r,
			 const struct wire *w, const struct answer *a)
{
	printf("%7lu ", i);
	describe(r, w);
	if (!w->expect)
		printf(" -> dropped\n");
	else
		printf(" -> %s%s%s%s\n", errname(a->err),
		       a->done ? " (dump)" : "", a->has_msg ? ": " : "",
		       a->has_msg ? a->msg : "");
}

static void account(const struct req *r, const struct answer *a)
{
	bool vnic = r->nl_type == fz.family &&
		    (r->nl_flags & NLM_F_REQUEST) && !a->err && !a->done;

	fz.err_count[a->err < 4096 ? a->err : 4095]++;
	if (vnic && r->cmd == VNIC_CMD_DEV_NEW && a->n_data)
		fz.created++;
	if (vnic && r->cmd == VNIC_CMD_DEV_DEL)
		fz.deleted++;
}

static void stream_one(unsigned long i)
{
	struct req *r = &gen_req;
	struct answer a;
	struct wire w;
	int ret;

	do
		gen_stream(r);
	while (!req_serialise(r, ++fz.seq, fz.sbuf, &w));
	fz.cls_count[r->cls]++;

	ret = exchange(&w, &a, cb_check, NULL);
	if (fz.verbose)
		print_answer(i, r, &w, &a);
	if (ret == -ETIMEDOUT) {
		fail_msg((long)i, r, &w, "no answer to %s %lu within %d s",
			 w.expect ? "message" : "the NOOP probe after message",
			 i, RCV_TIMEOUT_S);
		fz.abort = true;
		return;
	}
	if (ret == -EPROTO) {
		fail_msg((long)i, r, &w,
			 "answered although nlmsg_len %u does not fit the %zu bytes sent",
			 w.nlmsg_len, w.sent);
		return;
	}
	if (ret < 0) {
		fail_msg((long)i, r, &w, "socket: %s", strerror(-ret));
		fz.abort = true;
		return;
	}
	if (!w.expect) {
		fz.dropped++;
		if (a.err)
			fail_msg((long)i, r, &w, "NOOP probe failed: %s",
				 errname(a.err));
		return;
	}
	account(r, &a);
	if (!err_expected(a.err))
		fail_msg((long)i, r, &w, "unexpected error %s (%s)",
			 errname(a.err), a.has_msg ? a.msg : "no message");
	if (a.bad[0])
		fail_msg((long)i, r, &w, "malformed reply: %s", a.bad);
}

static void progress(unsigned long done, unsigned long total)
{
	printf("vnic_nlfuzz: %lu/%lu messages, %.1f s, %lu vnics created, %lu deleted\n",
	       done, total, elapsed(), fz.created, fz.deleted);
}

static void phase_stream(void)
{
	unsigned long i;

	rng_seed(fz.seed);
	for (i = 0; i < fz.count && !fz.abort; i++) {
		stream_one(i);
		if (fz.failures >= MAX_FAILURES) {
			printf("vnic_nlfuzz: too many failures, stopping phase 1\n");
			break;
		}
		if ((i + 1) % CHECK_EVERY == 0)
			consistency_check();
		if ((i + 1) % PROGRESS_EVERY == 0)
			progress(i + 1, fz.count);
	}
	if (!fz.abort && i % CHECK_EVERY)
		consistency_check();
	progress(i, fz.count);
}

/* ------------------------------------------------------------------ */
/* Phase 2: rejected SETs leave fzkeep unchanged */

enum bad_kind {
	BAD_VLAN, BAD_VLAN_PRIO, BAD_BOOL, BAD_MAC_LEN, BAD_MAC_MCAST,
	BAD_MAC_PARENT, BAD_RATE, BAD_BURST, BAD_PREFIXES_MANY,
	BAD_ETYPES_MANY, BAD_ETYPE_LOW, BAD_HOST_BITS, BAD_PLEN_V4,
	BAD_PLEN_MAX, BAD_ADDR_LEN, BAD_PREFIX_PART, BAD_UNKNOWN_ATTR,
	BAD_UNSUPPORTED, BAD_NEST_FLAG, BAD_SCALAR_LEN, BAD_VLAN_PT,
	BAD_NESTED_UNKNOWN, BAD_NEST_SHAPE, BAD_NLA_LEN, BAD_TRAILING,
	BAD_SELECTOR, BAD_NO_SELECTOR, BAD_NAME, BAD_NUM
};

static const char *const bad_names[BAD_NUM] = {
	"vlan>4094", "vlan-prio>7", "bool>1", "mac-len", "mac-mcast",
	"mac-parent", "rate<8", "burst<frame", "prefixes>64",
	"ethertypes>16", "ethertype<0x600", "host-bits", "v4-plen>32",
	"plen>128", "addr-len", "prefix-part", "unknown-attr",
	"unsupported-attr", "nested-flag", "scalar-len", "vlan+passthrough",
	"nested-unknown", "nest-shape", "nla-len", "trailing", "selector",
	"no-selector", "bad-name",
};

/* DEV_GET payload of fzkeep */
struct snap {
	struct vnic_ent e;
	size_t len;
	uint8_t buf[4096];
};

#define N_KEEP_ERRS	4	/* EINVAL, ERANGE, E2BIG, other */

static struct {
	uint32_t id;
	uint32_t ifindex;
	struct snap base;
	struct snap now;
	unsigned long kind_count[BAD_NUM];
	unsigned long kind_err[BAD_NUM][N_KEEP_ERRS];
} keep;

static void keep_selector(struct req *r)
{
	switch (rnd(3)) {
	case 0:
		n_u32(r, TOP, VNIC_A_DEV_ID, keep.id);
		break;
	case 1:
		n_u32(r, TOP, VNIC_A_DEV_IFINDEX, keep.ifindex);
		break;
	default:
		n_str(r, TOP, VNIC_A_DEV_NAME, KEEP_NAME);
	}
}

static void bad_selector(struct req *r)
{
	switch (rnd(7)) {
	case 0:
		n_u32(r, TOP, VNIC_A_DEV_ID, 0);		/* below min */
		break;
	case 1:
		n_u32(r, TOP, VNIC_A_DEV_IFINDEX, 0);		/* below min */
		break;
	case 2:
		n_u32(r, TOP, VNIC_A_DEV_ID, 0x7fff0000 + rnd(0x10000));
		break;
	case 3:
		n_u32(r, TOP, VNIC_A_DEV_IFINDEX, fz.parent);	/* not a vnic */
		break;
	case 4:
		n_u32(r, TOP, VNIC_A_DEV_IFINDEX, 1);		/* lo */
		break;
	case 5:
		n_str(r, TOP, VNIC_A_DEV_NAME, "fznokeep");
		break;
	default:
		n_str(r, TOP, VNIC_A_DEV_NAME, fz.parent_name);
	}
}

static void bad_name(struct req *r)
{
	static const char longname[] = "fzkeepfzkeepfzkeep";
	static const char garbage[] = "fzkeep\0garbagegarbage";

	switch (rnd(4)) {
	case 0:					/* unterminated */
		n_bin(r, TOP, VNIC_A_DEV_NAME, KEEP_NAME, strlen(KEEP_NAME));
		break;
	case 1:					/* too long */
		n_bin(r, TOP, VNIC_A_DEV_NAME, longname, sizeof(longname));
		break;
	case 2:					/* too long past the NUL */
		n_bin(r, TOP, VNIC_A_DEV_NAME, garbage, sizeof(garbage));
		break;
	default:				/* empty payload */
		n_bin(r, TOP, VNIC_A_DEV_NAME, "", 0);
	}
}

static uint32_t bad_bool(struct req *r)
{
	static const uint16_t types[] = {
		VNIC_A_DEV_MAC_CHANGE, VNIC_A_DEV_VLAN_PASSTHROUGH,
		VNIC_A_DEV_ETHERTYPE_RX,
	};
	uint16_t t = types[rnd(3)];

	n_u8(r, TOP, t, (uint8_t)(2 + rnd(254)));
	return t == VNIC_A_DEV_VLAN_PASSTHROUGH ? OWN_VLAN : BIT(t);
}

static uint32_t bad_mac(struct req *r, enum bad_kind k)
{
	uint8_t m[32];

	rnd_mac(m);
	if (k == BAD_MAC_LEN) {
		rnd_bytes(m + MAC_LEN, sizeof(m) - MAC_LEN);
		n_bin(r, TOP, VNIC_A_DEV_MAC, m,
		      chance(50) ? rnd(MAC_LEN) : MAC_LEN + 1 + rnd(20));
		return BIT(VNIC_A_DEV_MAC);
	}
	if (k == BAD_MAC_PARENT && fz.have_parent_mac)
		memcpy(m, fz.parent_mac, MAC_LEN);
	else if (chance(20))
		memset(m, 0, MAC_LEN);
	else
		m[0] |= 1;			/* multicast */
	n_bin(r, TOP, VNIC_A_DEV_MAC, m, MAC_LEN);
	return BIT(VNIC_A_DEV_MAC);
}

static uint32_t bad_share(struct req *r, enum bad_kind k)
{
	bool tx = chance(50);
	uint16_t rate_t = tx ? VNIC_A_DEV_TX_RATE : VNIC_A_DEV_RX_RATE;
	uint16_t burst_t = tx ? VNIC_A_DEV_TX_BURST : VNIC_A_DEV_RX_BURST;

	if (k == BAD_RATE) {
		n_uint(r, TOP, rate_t, 1 + rnd(7));
		if (chance(50))
			n_u32(r, TOP, burst_t, 10000 + rnd(100000));
	} else {
		n_uint(r, TOP, rate_t, 8 + rnd64() % 10000000000ULL);
		n_u32(r, TOP, burst_t, rnd(MIN_FRAME));
	}
	return OWN_SHARE(tx);
}

/* allowed-ips: valid prefixes and a broken one, in any order. */
static void bad_prefix(struct req *r, enum bad_kind k)
{
	static const unsigned int alens[] = {
		0, 1, 2, 3, 5, 6, 8, 12, 15, 17, 20, 32,
	};
	int ips = f_prefixes(r, rnd(4));
	unsigned int alen, plen;
	uint8_t addr[32];

	rnd_prefix(addr, &alen, &plen);
	switch (k) {
	case BAD_HOST_BITS:			/* first host bit set */
		plen = rnd(alen * 8);
		addr[plen / 8] |= (uint8_t)(0x80 >> (plen % 8));
		break;
	case BAD_PLEN_V4:
		alen = 4;
		plen = 33 + rnd(96);
		break;
	case BAD_PLEN_MAX:			/* above the policy's 128 */
		plen = 129 + rnd(127);
		break;
	default:				/* BAD_ADDR_LEN */
		alen = alens[rnd(ARRAY_SIZE(alens))];
		rnd_bytes(addr, alen);
	}
	n_prefix(r, ips, addr, alen, plen);
	if (ips != NONE)
		shuffle_list(r, ips);
}

/* A prefix without addr, without plen, or empty. */
static void bad_prefix_part(struct req *r)
{
	static const uint8_t addr[4] = { 192, 0, 2, 0 };
	int ips = f_prefixes(r, rnd(3));
	int p = n_nest(r, ips, VNIC_A_ALLOWED_IPS_PREFIX, AS_PREFIX);

	switch (rnd(3)) {
	case 0:
		n_bin(r, p, VNIC_A_PREFIX_ADDR, addr, sizeof(addr));
		break;
	case 1:
		n_u8(r, p, VNIC_A_PREFIX_PLEN, 24);
		break;
	}
	if (ips != NONE)
		shuffle_list(r, ips);
}

static void bad_many(struct req *r, enum bad_kind k)
{
	unsigned int i, n;
	int nest;

	if (k == BAD_PREFIXES_MANY) {
		f_prefixes(r, VNIC_MAX_PREFIXES + 1 + rnd(8));
		return;
	}
	if (k == BAD_ETYPES_MANY) {
		f_etypes(r, VNIC_MAX_ETHERTYPES + 1 + rnd(8));
		return;
	}
	nest = f_etypes(r, rnd(VNIC_MAX_ETHERTYPES - 2));	/* too low */
	n_u16(r, nest, VNIC_A_ETHERTYPES_ETHERTYPE, (uint16_t)rnd(0x600));
	n = rnd(3);
	for (i = 0; i < n; i++)
		n_u16(r, nest, VNIC_A_ETHERTYPES_ETHERTYPE, rnd_etype());
	if (nest != NONE)
		shuffle_list(r, nest);
}

static void bad_attr_type(struct req *r, enum bad_kind k)
{
	static const uint16_t unsup[] = {
		VNIC_A_DEV_MODE, VNIC_A_DEV_PARENT_IFINDEX, VNIC_A_DEV_NETNSID,
		VNIC_A_DEV_PARENT_NETNSID, VNIC_A_DEV_PARENT_NAME,
	};
	uint16_t t;

	if (k == BAD_UNSUPPORTED) {	/* not in the SET policy */
		t = unsup[rnd(ARRAY_SIZE(unsup))];
		if (t == VNIC_A_DEV_PARENT_NAME)
			n_str(r, TOP, t, fz.parent_name);
		else
			n_u32(r, TOP, t, t == VNIC_A_DEV_PARENT_IFINDEX ?
					 fz.parent : rnd(2));
		return;
	}
	switch (rnd(4)) {
	case 0:
		t = 0;
		break;
	case 1:
		t = VNIC_A_DEV_MAX + 1;
		break;
	case 2:
		t = (uint16_t)(VNIC_A_DEV_MAX + 2 +
			       rnd(TYPE_MAX - VNIC_A_DEV_MAX - 1));
		break;
	default:
		t = TYPE_MAX;
	}
	n_u32(r, TOP, t, (uint32_t)rnd64());
}

/* One valid fixed-size attribute of the SET policy, as the last node. */
static uint32_t some_scalar(struct req *r)
{
	switch (rnd(5)) {
	case 0:
		n_u8(r, TOP, VNIC_A_DEV_VLAN_PRIO, (uint8_t)rnd(8));
		return BIT(VNIC_A_DEV_VLAN_PRIO);
	case 1:
		n_u16(r, TOP, VNIC_A_DEV_VLAN, (uint16_t)rnd(4095));
		return OWN_VLAN;
	case 2:
		n_u32(r, TOP, VNIC_A_DEV_TX_BURST, 10000 + rnd(100000));
		return OWN_SHARE(true);
	case 3:
		n_u8(r, TOP, VNIC_A_DEV_MAC_CHANGE, (uint8_t)rnd(2));
		return BIT(VNIC_A_DEV_MAC_CHANGE);
	default:
		f_mac(r);
		return BIT(VNIC_A_DEV_MAC);
	}
}

static struct node *last_node(struct req *r)
{
	return &r->nodes[r->n_nodes - 1];
}

/* NLA_F_NESTED on a scalar, or missing on a nest. */
static uint32_t bad_nest_flag(struct req *r)
{
	uint32_t owned;
	int nest;

	if (chance(50)) {
		owned = some_scalar(r);
		last_node(r)->type |= NLA_F_NESTED;
		return owned;
	}
	if (chance(50)) {
		nest = f_etypes(r, rnd(4));
		owned = BIT(VNIC_A_DEV_ETHERTYPES);
	} else {
		nest = f_prefixes(r, rnd(4));
		owned = BIT(VNIC_A_DEV_ALLOWED_IPS);
	}
	if (nest != NONE)
		r->nodes[nest].type &= ~NLA_F_NESTED;
	return owned;
}

/* A fixed-size attribute with a payload of another size. */
static uint32_t bad_scalar_len(struct req *r)
{
	static const struct {
		uint16_t type;
		uint8_t lens[6];
	} bad[] = {
		{ VNIC_A_DEV_VLAN_PRIO,		{ 0, 2, 3, 4, 8, 16 } },
		{ VNIC_A_DEV_MAC_CHANGE,	{ 0, 2, 3, 4, 8, 16 } },
		{ VNIC_A_DEV_ETHERTYPE_RX,	{ 0, 2, 3, 4, 8, 16 } },
		{ VNIC_A_DEV_VLAN,		{ 0, 1, 3, 4, 6, 8 } },
		{ VNIC_A_DEV_TX_BURST,		{ 0, 1, 2, 3, 5, 8 } },
		{ VNIC_A_DEV_RX_BURST,		{ 0, 1, 2, 3, 6, 8 } },
		{ VNIC_A_DEV_TX_RATE,		{ 0, 1, 2, 3, 5, 16 } },
		{ VNIC_A_DEV_RX_RATE,		{ 1, 2, 3, 6, 7, 12 } },
		{ VNIC_A_DEV_ID,		{ 0, 1, 2, 3, 5, 8 } },
	};
	unsigned int i = rnd(ARRAY_SIZE(bad));
	uint8_t d[16] = { 1 };
	uint16_t t = bad[i].type;

	n_bin(r, TOP, t, d, bad[i].lens[rnd(6)]);
	if (t == VNIC_A_DEV_TX_BURST || t == VNIC_A_DEV_TX_RATE)
		return OWN_SHARE(true);
	if (t == VNIC_A_DEV_RX_BURST || t == VNIC_A_DEV_RX_RATE)
		return OWN_SHARE(false);
	return t == VNIC_A_DEV_VLAN ? OWN_VLAN : BIT(t);
}

/* An attribute of an unknown type inside one of the nests. */
static uint32_t bad_nested_unknown(struct req *r)
{
	uint16_t t = chance(30) ? 0 : (uint16_t)(2 + rnd(40));
	int nest;

	switch (rnd(3)) {
	case 0:
		nest = f_etypes(r, rnd(4));
		n_u16(r, nest, t, 0x0800);
		if (nest != NONE)
			shuffle_list(r, nest);
		return BIT(VNIC_A_DEV_ETHERTYPES);
	case 1:
		nest = f_prefixes(r, rnd(3));
		n_u32(r, nest, t, 0);
		if (nest != NONE)
			shuffle_list(r, nest);
		return BIT(VNIC_A_DEV_ALLOWED_IPS);
	default:			/* inside a prefix */
		nest = f_prefixes(r, 1 + rnd(2));
		if (nest != NONE)
			n_u8(r, r->nodes[nest].child, t ? t + 1 : 0, 0);
		return BIT(VNIC_A_DEV_ALLOWED_IPS);
	}
}

/* Nests for scalars inside the nests, or a prefix that is no nest. */
static uint32_t bad_nest_shape(struct req *r)
{
	int nest, c;

	switch (rnd(3)) {
	case 0:
		nest = f_etypes(r, 1 + rnd(4));
		if (nest != NONE)
			wrap(r, r->nodes[nest].child, 1 + rnd(3));
		return BIT(VNIC_A_DEV_ETHERTYPES);
	case 1:
		nest = f_prefixes(r, 1 + rnd(3));
		if (nest != NONE) {
			c = r->nodes[nest].child;		/* a prefix */
			wrap(r, r->nodes[c].child, 1 + rnd(3));	/* addr */
		}
		return BIT(VNIC_A_DEV_ALLOWED_IPS);
	default:
		nest = f_prefixes(r, 1 + rnd(3));
		if (nest != NONE)
			r->nodes[r->nodes[nest].child].type &= ~NLA_F_NESTED;
		return BIT(VNIC_A_DEV_ALLOWED_IPS);
	}
}

/* A fixed-size attribute whose nla_len is below a header or too big. */
static uint32_t bad_nla_len(struct req *r)
{
	uint32_t owned = some_scalar(r);
	struct node *n = last_node(r);

	if (chance(50))
		n->len_lie = (int16_t)((int)rnd(NLA_HDRLEN) - NLA_HDRLEN -
				       n->len);
	else
		n->len_lie = (int16_t)(1 + rnd(chance(50) ? 8 : 0x2000));
	return owned;
}

/* Adds the invalid field of kind @k; returns the attribute types used. */
static uint32_t keep_bad(struct req *r, enum bad_kind k)
{
	switch (k) {
	case BAD_VLAN:
		n_u16(r, TOP, VNIC_A_DEV_VLAN, (uint16_t)(4095 + rnd(61441)));
		return OWN_VLAN;
	case BAD_VLAN_PRIO:
		n_u8(r, TOP, VNIC_A_DEV_VLAN_PRIO, (uint8_t)(8 + rnd(248)));
		return BIT(VNIC_A_DEV_VLAN_PRIO);
	case BAD_BOOL:
		return bad_bool(r);
	case BAD_MAC_LEN:
	case BAD_MAC_MCAST:
	case BAD_MAC_PARENT:
		return bad_mac(r, k);
	case BAD_RATE:
	case BAD_BURST:
		return bad_share(r, k);
	case BAD_PREFIXES_MANY:
		bad_many(r, k);
		return BIT(VNIC_A_DEV_ALLOWED_IPS);
	case BAD_ETYPES_MANY:
	case BAD_ETYPE_LOW:
		bad_many(r, k);
		return BIT(VNIC_A_DEV_ETHERTYPES);
	case BAD_HOST_BITS:
	case BAD_PLEN_V4:
	case BAD_PLEN_MAX:
	case BAD_ADDR_LEN:
		bad_prefix(r, k);
		return BIT(VNIC_A_DEV_ALLOWED_IPS);
	case BAD_PREFIX_PART:
		bad_prefix_part(r);
		return BIT(VNIC_A_DEV_ALLOWED_IPS);
	case BAD_UNKNOWN_ATTR:
	case BAD_UNSUPPORTED:
		bad_attr_type(r, k);
		return 0;
	case BAD_NEST_FLAG:
		return bad_nest_flag(r);
	case BAD_SCALAR_LEN:
		return bad_scalar_len(r);
	case BAD_VLAN_PT:
		n_u16(r, TOP, VNIC_A_DEV_VLAN, (uint16_t)(1 + rnd(4094)));
		n_u8(r, TOP, VNIC_A_DEV_VLAN_PASSTHROUGH, 1);
		return OWN_VLAN;
	case BAD_NESTED_UNKNOWN:
		return bad_nested_unknown(r);
	case BAD_NEST_SHAPE:
		return bad_nest_shape(r);
	case BAD_NLA_LEN:
		return bad_nla_len(r);
	case BAD_TRAILING:		/* less than an attribute header */
		r->trail_len = (uint8_t)(1 + rnd(NLA_HDRLEN - 1));
		rnd_bytes(r->trail, r->trail_len);
		return 0;
	case BAD_SELECTOR:
		bad_selector(r);
		return 0;
	case BAD_NAME:
		bad_name(r);
		return 0;
	case BAD_NO_SELECTOR:
	case BAD_NUM:
		break;
	}
	return 0;
}

static void gen_keep(struct req *r, enum bad_kind k)
{
	uint32_t owned;

	req_init(r, VNIC_CMD_DEV_SET, 0);
	r->cls = CLS_MUTATED;
	r->muts[r->n_muts++] = bad_names[k];
	if (k != BAD_SELECTOR && k != BAD_NO_SELECTOR && k != BAD_NAME)
		keep_selector(r);
	owned = keep_bad(r, k);
	f_fields(r, owned, 30);
	shuffle_list(r, TOP);
}

static void cb_snap(const struct nlmsghdr *nlh, struct answer *a, void *arg)
{
	struct snap *s = arg;
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	const char *err = check_reply(nlh, &s->e);

	if (err) {
		set_bad(a, err);
		return;
	}
	if (len > sizeof(s->buf)) {
		set_bad(a, "dev-get reply larger than expected");
		return;
	}
	memcpy(s->buf, mnl_nlmsg_get_payload(nlh), len);
	s->len = len;
}

static int keep_get(struct snap *s)
{
	struct req *r = &ctl_req;
	struct answer a;

	s->len = 0;
	req_init(r, VNIC_CMD_DEV_GET, 0);
	n_u32(r, TOP, VNIC_A_DEV_ID, keep.id);
	if (control(r, &a, cb_snap, s, "dev-get " KEEP_NAME))
		return -1;
	if (a.err || a.n_data != 1 || !s->len) {
		failf("dev-get %s: %s, %u replies", KEEP_NAME, errname(a.err),
		      a.n_data);
		return -1;
	}
	return 0;
}

static void keep_new(struct req *r)
{
	static const uint8_t mac[MAC_LEN] = { 0x02, 0x66, 0x7a, 0x6b, 0x70, 0x01 };
	static const uint8_t net4[4] = { 192, 0, 2, 0 };
	static const uint8_t net6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	int nest;

	req_init(r, VNIC_CMD_DEV_NEW, 0);
	n_str(r, TOP, VNIC_A_DEV_NAME, KEEP_NAME);
	n_u32(r, TOP, VNIC_A_DEV_PARENT_IFINDEX, fz.parent);
	n_bin(r, TOP, VNIC_A_DEV_MAC, mac, MAC_LEN);
	nest = n_nest(r, TOP, VNIC_A_DEV_ETHERTYPES, AS_ETYPES);
	n_u16(r, nest, VNIC_A_ETHERTYPES_ETHERTYPE, 0x0800);
	n_u16(r, nest, VNIC_A_ETHERTYPES_ETHERTYPE, 0x0806);
	n_u16(r, nest, VNIC_A_ETHERTYPES_ETHERTYPE, 0x86dd);
	nest = n_nest(r, TOP, VNIC_A_DEV_ALLOWED_IPS, AS_IPS);
	n_prefix(r, nest, net4, sizeof(net4), 24);
	n_prefix(r, nest, net6, sizeof(net6), 64);
	n_u32(r, TOP, VNIC_A_DEV_TX_RATE, 100000000);
	n_u32(r, TOP, VNIC_A_DEV_TX_BURST, 20000);
	n_u32(r, TOP, VNIC_A_DEV_RX_RATE, 50000000);
	n_u32(r, TOP, VNIC_A_DEV_RX_BURST, 30000);
}

/* Creates fzkeep (rates set, so that a lone short burst is invalid). */
static int keep_create(void)
{
	struct req *r = &ctl_req;
	struct answer a;

	keep_new(r);
	memset(&keep.base, 0, sizeof(keep.base));
	if (control(r, &a, cb_snap, &keep.base, "dev-new " KEEP_NAME))
		return -1;
	if (a.err || !keep.base.e.id) {
		failf("cannot create %s: %s (%s)", KEEP_NAME, errname(a.err),
		      a.has_msg ? a.msg : "no message");
		return -1;
	}
	keep.id = keep.base.e.id;
	keep.ifindex = keep.base.e.ifindex;
	return keep_get(&keep.base);
}

static void keep_count(enum bad_kind k, int err)
{
	keep.kind_count[k]++;
	keep.kind_err[k][err == EINVAL ? 0 : err == ERANGE ? 1 :
			 err == E2BIG ? 2 : 3]++;
}

static size_t first_diff(const struct snap *a, const struct snap *b)
{
	size_t i, n = a->len < b->len ? a->len : b->len;

	for (i = 0; i < n && a->buf[i] == b->buf[i]; i++)
		;
	return i;
}

/* Rejected, with a message, and fzkeep byte-identical afterwards. */
static void keep_check(unsigned long i, enum bad_kind k, const struct req *r,
		       const struct wire *w, const struct answer *a)
{
	const char *what = bad_names[k];

	if (!a->err)
		fail_msg((long)i, r, w, "%s: accepted", what);
	else if (!err_expected(a->err))
		fail_msg((long)i, r, w, "%s: unexpected error %s (%s)", what,
			 errname(a->err), a->has_msg ? a->msg : "no message");
	else if (!a->has_msg)
		fail_msg((long)i, r, w, "%s: rejected (%s) without an extack message",
			 what, errname(a->err));
	if (a->bad[0])
		fail_msg((long)i, r, w, "%s: malformed reply: %s", what, a->bad);
	if (keep_get(&keep.now))
		return;
	if (keep.now.len == keep.base.len &&
	    !memcmp(keep.now.buf, keep.base.buf, keep.now.len))
		return;
	fail_msg((long)i, r, w,
		 "%s: %s changed by a request answered %s (dev-get differs from byte %zu, length %zu -> %zu)",
		 what, KEEP_NAME, errname(a->err),
		 first_diff(&keep.base, &keep.now), keep.base.len,
		 keep.now.len);
	keep.base = keep.now;		/* report each change once */
}

static void phase_keep(void)
{
	struct req *r = &gen_req;
	struct answer a;
	struct wire w;
	enum bad_kind k;
	unsigned long i;
	int ret;

	fz.phase = 2;
	if (keep_create())
		return;
	rng_seed(fz.seed ^ KEEP_SALT);
	for (i = 0; i < fz.keep && !fz.abort; i++) {
		k = (enum bad_kind)rnd(BAD_NUM);
		do
			gen_keep(r, k);
		while (!req_serialise(r, ++fz.seq, fz.sbuf, &w));
		ret = exchange(&w, &a, cb_check, NULL);
		if (fz.verbose)
			print_answer(i, r, &w, &a);
		if (ret < 0) {
			fail_msg((long)i, r, &w, "%s",
				 ret == -ETIMEDOUT ? "no answer within 5 s" :
				 strerror(-ret));
			fz.abort = true;
			return;
		}
		keep_count(k, a.err);
		keep_check(i, k, r, &w, &a);
		if (fz.failures >= MAX_FAILURES) {
			printf("vnic_nlfuzz: too many failures, stopping phase 2\n");
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Cleanup and summary */

/* The run leaves the parent without a capacity (it started without). */
static void parent_reset(void)
{
	req_init(&ctl_req, VNIC_CMD_PARENT_SET, 0);
	n_u32(&ctl_req, TOP, VNIC_A_PARENT_IFINDEX, fz.parent);
	n_uint(&ctl_req, TOP, VNIC_A_PARENT_CAPACITY, 0);
	control_ok(&ctl_req, NULL, NULL, "parent-set capacity 0");
}

static void delete_created(void)
{
	unsigned int i, n = 0;
	const struct vnic_ent *e;

	fz.phase = 0;
	parent_reset();
	if (vnic_dump(&cur))
		return;
	for (i = 0; i < cur.n; i++)
		if (is_created(&cur.ent[i]) && !vnic_del(cur.ent[i].id))
			n++;
	if (vnic_dump(&cur))
		return;
	for (i = 0; i < cur.n; i++) {
		e = &cur.ent[i];
		if (is_created(e) || !strncmp(e->name, "fz", 2))
			failf("vnic %s (id %u) still listed after cleanup",
			      e->name, e->id);
	}
	printf("vnic_nlfuzz: cleanup: deleted %u vnics, %u left (%u before the run)\n",
	       n, cur.n, pre.n);
}

static void print_errnos(void)
{
	unsigned int e;

	printf("vnic_nlfuzz: phase 1 answers by errno:\n");
	for (e = 0; e < 4096; e++)
		if (fz.err_count[e])
			printf("vnic_nlfuzz:   %-14s %8lu%s\n", errname((int)e),
			       fz.err_count[e],
			       err_expected((int)e) ? "" : "  UNEXPECTED");
}

static void print_keep(void)
{
	unsigned int k;

	printf("vnic_nlfuzz: phase 2 rejections by kind (EINVAL/ERANGE/E2BIG/other):\n");
	for (k = 0; k < BAD_NUM; k++)
		printf("vnic_nlfuzz:   %-18s %6lu  %lu/%lu/%lu/%lu\n",
		       bad_names[k], keep.kind_count[k], keep.kind_err[k][0],
		       keep.kind_err[k][1], keep.kind_err[k][2],
		       keep.kind_err[k][3]);
}

static void summary(void)
{
	printf("vnic_nlfuzz: phase 1: %lu valid, %lu mutated, %lu random; %lu dropped unanswered as expected; %lu vnics created, %lu deleted, %lu strays removed; %lu consistency checks\n",
	       fz.cls_count[CLS_VALID], fz.cls_count[CLS_MUTATED],
	       fz.cls_count[CLS_RANDOM], fz.dropped, fz.created, fz.deleted,
	       fz.strays, fz.checks);
	print_errnos();
	if (fz.keep)
		print_keep();
	if (fz.stale)
		printf("vnic_nlfuzz: %lu replies to earlier requests ignored\n",
		       fz.stale);
	if (fz.first_fail[1] >= 0)
		printf("vnic_nlfuzz: replay phase 1: vnic_nlfuzz -s %#" PRIx64 " -n %ld -k 0 -p %u -v\n",
		       fz.seed, fz.first_fail[1] + 1, fz.parent);
	if (fz.first_fail[2] >= 0)
		printf("vnic_nlfuzz: replay phase 2: vnic_nlfuzz -s %#" PRIx64 " -n 0 -k %ld -p %u -v\n",
		       fz.seed, fz.first_fail[2] + 1, fz.parent);
	printf("vnic_nlfuzz: %s: seed %#" PRIx64 ", %lu + %lu messages, %u failures, %.1f s\n",
	       fz.failures ? "FAIL" : "PASS", fz.seed, fz.count, fz.keep,
	       fz.failures, elapsed());
}

/* ------------------------------------------------------------------ */
/* main */

static void print_usage(void)
{
	printf("usage: vnic_nlfuzz [-s SEED] [-n COUNT] [-k KEEP] [-p PARENT_IFINDEX] [-v]\n"
	       "  -s SEED    PRNG seed (default %#x): same seed, same messages\n"
	       "  -n COUNT   phase 1 messages (default %u)\n"
	       "  -k KEEP    phase 2: rejected DEV_SETs on vnic %s (default %u, 0: none)\n"
	       "  -p IFINDEX parent of the vnics the fuzzer creates (required)\n"
	       "  -v         print every message and its answer\n"
	       "Run as root in a scratch netns: vnics may be created and deleted.\n",
	       DEFAULT_SEED, DEFAULT_COUNT, KEEP_NAME, DEFAULT_KEEP);
}

static int parse_num(const char *s, unsigned long long max,
		     unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *s == '-' || *end || *v > max ? -1 : 0;
}

static int parse_args(int argc, char **argv)
{
	unsigned long long v;
	int c;

	fz.seed = DEFAULT_SEED;
	fz.count = DEFAULT_COUNT;
	fz.keep = DEFAULT_KEEP;
	while ((c = getopt(argc, argv, "s:n:k:p:vh")) != -1) {
		switch (c) {
		case 's':
			if (parse_num(optarg, UINT64_MAX, &v))
				return -1;
			fz.seed = v;
			break;
		case 'n':
			if (parse_num(optarg, 1000000000, &v))
				return -1;
			fz.count = (unsigned long)v;
			break;
		case 'k':
			if (parse_num(optarg, 1000000000, &v))
				return -1;
			fz.keep = (unsigned long)v;
			break;
		case 'p':
			if (parse_num(optarg, INT32_MAX, &v) || !v)
				return -1;
			fz.parent = (uint32_t)v;
			break;
		case 'v':
			fz.verbose = true;
			break;
		default:
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

/* Refuses to run next to fz* vnics it did not create. */
static int check_clean_start(void)
{
	unsigned int i;

	if (vnic_dump(&pre))
		return -1;
	for (i = 0; i < pre.n; i++) {
		if (!strncmp(pre.ent[i].name, "fz", 2)) {
			printf("vnic_nlfuzz: vnic %s already exists; run in a netns without fz* vnics\n",
			       pre.ent[i].name);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv)) {
		print_usage();
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &fz.t0);
	if (nl_open() || resolve_family() || parent_setup() ||
	    check_clean_start())
		return 1;
	printf("vnic_nlfuzz: family %s id %u, parent %s (ifindex %u), seed %#" PRIx64 ", %lu + %lu messages\n",
	       VNIC_FAMILY_NAME, fz.family, fz.parent_name, fz.parent, fz.seed,
	       fz.count, fz.keep);

	fz.phase = 1;
	phase_stream();
	if (fz.keep && !fz.abort)
		phase_keep();
	if (!fz.abort)
		delete_created();
	summary();
	mnl_socket_close(fz.nl);
	return fz.failures ? 1 : 0;
}
