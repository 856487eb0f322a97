// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl parent set { [ name ] DEV | ifindex IFINDEX }
 *                    [ capacity RATE ] [ burst SIZE ]
 * vnicctl parent show [ { [ name ] DEV | ifindex IFINDEX } ]
 *
 * A parent's capacity is what all of its vnics may send together (the
 * share scheduler's); 0 removes it. "show" without a device lists the
 * devices of this namespace that have a vnic or a capacity.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "parent.h"
#include "util.h"
#include "vnicctl.h"

/*
 * Fill @p from a PARENT_GET/SET reply or event. Malformed attributes are
 * treated as absent, unknown ones (from a newer kernel) are skipped.
 */
void parent_parse(const struct nlmsghdr *nlh, struct vnic_parent *p)
{
	const struct nlattr *attr;
	uint16_t type;

	memset(p, 0, sizeof(*p));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case VNIC_A_PARENT_IFINDEX:
		case VNIC_A_PARENT_BURST:
		case VNIC_A_PARENT_VNICS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				continue;
			break;
		case VNIC_A_PARENT_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				continue;
			break;
		case VNIC_A_PARENT_CAPACITY:
			if (!attr_get_uint(attr, &p->capacity))
				continue;
			break;
		case VNIC_A_PARENT_GUARANTEED:
		case VNIC_A_PARENT_TICK_COST:
		case VNIC_A_PARENT_TICK_PERIOD:
			if (!attr_get_uint(attr,
					   type == VNIC_A_PARENT_GUARANTEED ?
					   &p->guaranteed :
					   type == VNIC_A_PARENT_TICK_COST ?
					   &p->tick_cost : &p->tick_period))
				continue;
			break;
		default:
			continue;
		}
		switch (type) {
		case VNIC_A_PARENT_IFINDEX:
			p->ifindex = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_PARENT_BURST:
			p->burst = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_PARENT_VNICS:
			p->vnics = mnl_attr_get_u32(attr);
			break;
		case VNIC_A_PARENT_NAME:
			attr_strcpy(p->name, sizeof(p->name), attr);
			break;
		}
		p->present |= 1u << type;
	}
}

/* The selector: a bare name, "name DEV" or "ifindex IFINDEX". */
static int parent_sel(struct parent_set_args *a, const char *cmd,
		      const char *kw, const char *val)
{
	if (a->sel_attr) {
		pr_err("%s: more than one device given (\"%s\")", cmd,
		       kw ? kw : val);
		return VNICCTL_EXIT_FAIL;
	}
	if (!kw || !strcmp(kw, "name")) {
		if (!check_ifname(val))
			return VNICCTL_EXIT_FAIL;
		a->sel_attr = VNIC_A_PARENT_NAME;
		a->name = val;
		return VNICCTL_EXIT_OK;
	}
	if (parse_u32(val, &a->ifindex) || !a->ifindex) {
		pr_err("invalid ifindex \"%s\": expected a number from 1 to %u",
		       val, UINT32_MAX);
		return VNICCTL_EXIT_FAIL;
	}
	a->sel_attr = VNIC_A_PARENT_IFINDEX;
	return VNICCTL_EXIT_OK;
}

static int parent_keyword(struct parent_set_args *a, const char *kw,
			  const char *val)
{
	bool *has;

	if (!strcmp(kw, "name") || !strcmp(kw, "ifindex"))
		return parent_sel(a, "parent set", kw, val);
	has = !strcmp(kw, "capacity") ? &a->has_capacity : &a->has_burst;
	if (*has) {
		pr_err("parent set: \"%s\" given more than once", kw);
		return VNICCTL_EXIT_FAIL;
	}
	*has = true;
	if (has == &a->has_capacity)
		return rate_arg(kw, val, &a->capacity) ?
		       VNICCTL_EXIT_FAIL : VNICCTL_EXIT_OK;
	return size_arg(kw, val, &a->burst) ?
	       VNICCTL_EXIT_FAIL : VNICCTL_EXIT_OK;
}

static bool parent_is_keyword(const char *arg)
{
	return !strcmp(arg, "name") || !strcmp(arg, "ifindex") ||
	       !strcmp(arg, "capacity") || !strcmp(arg, "burst");
}

/*
 * Parse the arguments of "parent set" (after "set"). Prints the problem
 * and returns an exit code.
 */
int parent_set_parse(int argc, char **argv, struct parent_set_args *a)
{
	int i, ret, used;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i += used) {
		used = 2;
		if (parent_is_keyword(argv[i])) {
			if (i + 1 >= argc) {
				pr_err("parent set: missing value after \"%s\"",
				       argv[i]);
				return VNICCTL_EXIT_FAIL;
			}
			ret = parent_keyword(a, argv[i], argv[i + 1]);
		} else if (!a->sel_attr) {
			ret = parent_sel(a, "parent set", NULL, argv[i]);
			used = 1;
		} else {
			pr_err("parent set: unexpected argument \"%s\"",
			       argv[i]);
			ret = VNICCTL_EXIT_FAIL;
		}
		if (ret)
			return ret;
	}
	if (!a->sel_attr) {
		pr_err("parent set: missing device: expected %s",
		       PARENT_SEL_USAGE);
		return VNICCTL_EXIT_FAIL;
	}
	if (!a->has_capacity && !a->has_burst) {
		pr_err("parent set: nothing to change");
		return VNICCTL_EXIT_FAIL;
	}
	return VNICCTL_EXIT_OK;
}

static void parent_sel_put(struct nlmsghdr *nlh,
			   const struct parent_set_args *a)
{
	if (a->sel_attr == VNIC_A_PARENT_NAME)
		mnl_attr_put_strz(nlh, VNIC_A_PARENT_NAME, a->name);
	else
		mnl_attr_put_u32(nlh, VNIC_A_PARENT_IFINDEX, a->ifindex);
}

void parent_set_put(struct nlmsghdr *nlh, const struct parent_set_args *a)
{
	parent_sel_put(nlh, a);
	/* NLA_UINT: the kernel takes 4 or 8 bytes, always send 8. */
	if (a->has_capacity)
		mnl_attr_put_u64(nlh, VNIC_A_PARENT_CAPACITY, a->capacity);
	if (a->has_burst)
		mnl_attr_put_u32(nlh, VNIC_A_PARENT_BURST, a->burst);
}

/* The cells of one row: "-" for what is absent or none. */
struct parent_row {
	char name[IF_NAMESIZE];
	char ifindex[12];
	char capacity[RATE_STR_LEN];
	char burst[SIZE_STR_LEN];
	char vnics[12];
	char guaranteed[RATE_STR_LEN];
};

static void parent_row(const struct vnic_parent *p, struct parent_row *r)
{
	snprintf(r->name, sizeof(r->name), "%s",
		 PARENT_HAS(p, VNIC_A_PARENT_NAME) ? p->name : "-");
	snprintf(r->ifindex, sizeof(r->ifindex), "%u", p->ifindex);
	if (p->capacity)
		format_rate(r->capacity, p->capacity);
	else
		snprintf(r->capacity, sizeof(r->capacity), "-");
	if (p->capacity && p->burst)
		format_size(r->burst, p->burst);
	else
		snprintf(r->burst, sizeof(r->burst), "-");
	snprintf(r->vnics, sizeof(r->vnics), "%u", p->vnics);
	if (p->guaranteed)
		format_rate(r->guaranteed, p->guaranteed);
	else
		snprintf(r->guaranteed, sizeof(r->guaranteed), "-");
}

#define PARENT_COLS	6

static void parent_cells(const struct parent_row *r,
			 const char *cells[PARENT_COLS])
{
	cells[0] = r->name;
	cells[1] = r->ifindex;
	cells[2] = r->capacity;
	cells[3] = r->burst;
	cells[4] = r->vnics;
	cells[5] = r->guaranteed;
}

/* One line of a table: each of @n cells padded to its column, but the
 * last.
 */
static void print_cells(FILE *f, int n, const size_t *width,
			const char *const *cells)
{
	int c;

	for (c = 0; c < n - 1; c++)
		fprintf(f, "%-*s  ", (int)width[c], cells[c]);
	fprintf(f, "%s\n", cells[n - 1]);
}

/* The text table of "parent show", columns as wide as their widest cell. */
void parent_print_table(FILE *f, const struct vnic_parent *ps, size_t n)
{
	static const char *const title[PARENT_COLS] = {
		"PARENT", "IFINDEX", "CAPACITY", "BURST", "VNICS", "GUARANTEED",
	};
	const char *cells[PARENT_COLS];
	size_t width[PARENT_COLS], i;
	struct parent_row r;
	int c;

	for (c = 0; c < PARENT_COLS; c++)
		width[c] = strlen(title[c]);
	for (i = 0; i < n; i++) {
		parent_row(&ps[i], &r);
		parent_cells(&r, cells);
		for (c = 0; c < PARENT_COLS; c++)
			if (strlen(cells[c]) > width[c])
				width[c] = strlen(cells[c]);
	}
	print_cells(f, PARENT_COLS, width, title);
	for (i = 0; i < n; i++) {
		parent_row(&ps[i], &r);
		parent_cells(&r, cells);
		print_cells(f, PARENT_COLS, width, cells);
	}
}

static void parent_print_json_members(struct json *j,
				      const struct vnic_parent *p)
{
	json_kv_uint(j, "ifindex", p->ifindex);
	if (PARENT_HAS(p, VNIC_A_PARENT_NAME))
		json_kv_str(j, "ifname", p->name);
	json_kv_uint(j, "capacity", p->capacity);
	json_kv_uint(j, "burst", p->burst);
	json_kv_uint(j, "vnics", p->vnics);
	json_kv_uint(j, "guaranteed", p->guaranteed);
	if (PARENT_HAS(p, VNIC_A_PARENT_TICK_COST))
		json_kv_uint(j, "tick_cost_ns", p->tick_cost);
	if (PARENT_HAS(p, VNIC_A_PARENT_TICK_PERIOD))
		json_kv_uint(j, "tick_period_ns", p->tick_period);
}

void parent_print_json(struct json *j, const struct vnic_parent *p)
{
	json_begin_object(j);
	parent_print_json_members(j, p);
	json_end_object(j);
}

/* @d is a vnic of @p's, in @p's namespace. */
static bool parent_has(const struct vnic_parent *p, const struct vnic_dev *d)
{
	return d->parent_ifindex == p->ifindex &&
	       !DEV_HAS(d, VNIC_A_DEV_PARENT_NETNSID);
}

#define SHARE_COLS	8

/* The scheduler's view of each of @p's vnics, one row each. */
static void parent_print_shares(FILE *f, const struct vnic_parent *p,
				const struct dev_list *l)
{
	static const char *const title[SHARE_COLS] = {
		"VNIC", "GROUP", "MIN", "CEIL", "WEIGHT", "PRIO", "ALLOC",
		"MEASURED",
	};
	char buf[SHARE_COLS][RATE_STR_LEN];
	const char *cells[SHARE_COLS];
	size_t width[SHARE_COLS], i;
	const struct vnic_dev *d;
	int c, pass;

	for (c = 0; c < SHARE_COLS; c++)
		width[c] = strlen(title[c]);
	/* Pass 0 measures the columns, pass 1 prints. */
	for (pass = 0; pass < 2; pass++) {
		if (pass) {
			fputc('\n', f);
			print_cells(f, SHARE_COLS, width, title);
		}
		for (i = 0; i < l->n; i++) {
			d = &l->devs[i];
			if (!parent_has(p, d))
				continue;
			cells[0] = d->name;
			cells[1] = d->policy.group[0] ? d->policy.group : "-";
			format_rate(buf[2], d->policy.bw_min);
			format_rate(buf[3], d->policy.tx_rate);
			snprintf(buf[4], sizeof(buf[4]), "%u", d->policy.weight);
			snprintf(buf[5], sizeof(buf[5]), "%u",
				 d->policy.priority);
			format_rate(buf[6], d->tx_alloc);
			format_rate(buf[7], d->tx_measured);
			if (!d->policy.bw_min)
				snprintf(buf[2], sizeof(buf[2]), "-");
			if (!d->policy.tx_rate)
				snprintf(buf[3], sizeof(buf[3]), "-");
			for (c = 2; c < SHARE_COLS; c++)
				cells[c] = buf[c];
			if (pass) {
				print_cells(f, SHARE_COLS, width, cells);
				continue;
			}
			for (c = 0; c < SHARE_COLS; c++)
				if (strlen(cells[c]) > width[c])
					width[c] = strlen(cells[c]);
		}
	}
}

static void parent_print_shares_json(struct json *j,
				     const struct vnic_parent *p,
				     const struct dev_list *l)
{
	const struct vnic_dev *d;
	size_t i;

	json_key(j, "shares");
	json_begin_array(j);
	for (i = 0; i < l->n; i++) {
		d = &l->devs[i];
		if (!parent_has(p, d))
			continue;
		json_begin_object(j);
		json_kv_str(j, "ifname", d->name);
		if (d->policy.group[0])
			json_kv_str(j, "group", d->policy.group);
		json_kv_uint(j, "bw_min", d->policy.bw_min);
		json_kv_uint(j, "tx_rate", d->policy.tx_rate);
		json_kv_uint(j, "weight", d->policy.weight);
		json_kv_uint(j, "priority", d->policy.priority);
		json_kv_uint(j, "tx_alloc", d->tx_alloc);
		json_kv_uint(j, "tx_measured", d->tx_measured);
		json_end_object(j);
	}
	json_end_array(j);
}

/* One line, as "monitor" prints a parent event after its name. */
void parent_print_line(FILE *f, const struct vnic_parent *p)
{
	struct parent_row r;

	parent_row(p, &r);
	fprintf(f, "%s (ifindex %s) capacity %s burst %s vnics %s guaranteed %s\n",
		r.name, r.ifindex, r.capacity, r.burst, r.vnics, r.guaranteed);
}

struct parent_list {
	struct vnic_parent *ps;
	size_t n;
	size_t cap;
};

static int parent_cb(const struct nlmsghdr *nlh, void *data)
{
	struct parent_list *l = data;
	struct vnic_parent *ps;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 8;
		ps = reallocarray(l->ps, cap, sizeof(*ps));
		if (!ps) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->ps = ps;
		l->cap = cap;
	}
	parent_parse(nlh, &l->ps[l->n++]);
	return MNL_CB_OK;
}

static int parent_cmp_ifindex(const void *a, const void *b)
{
	const struct vnic_parent *pa = a, *pb = b;

	return (pa->ifindex > pb->ifindex) - (pa->ifindex < pb->ifindex);
}

/* The parents; with @devs (one parent shown), the share of each vnic. */
static void parent_print(const struct vnicctl *ctx, struct parent_list *l,
			 const struct dev_list *devs)
{
	struct json j;
	size_t i;

	qsort(l->ps, l->n, sizeof(*l->ps), parent_cmp_ifindex);
	if (!ctx->json) {
		parent_print_table(stdout, l->ps, l->n);
		if (devs && l->n == 1)
			parent_print_shares(stdout, &l->ps[0], devs);
		return;
	}
	json_init(&j, stdout, ctx->pretty);
	json_begin_array(&j);
	for (i = 0; i < l->n; i++) {
		json_begin_object(&j);
		parent_print_json_members(&j, &l->ps[i]);
		if (devs)
			parent_print_shares_json(&j, &l->ps[i], devs);
		json_end_object(&j);
	}
	json_end_array(&j);
}

/*
 * "[ [ name ] DEV | ifindex IFINDEX ]" of "parent show" and "top" into
 * @a (nothing selected if absent).
 */
static int parent_show_parse(const char *cmd, int argc, char **argv,
			     struct parent_set_args *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	if (!argc)
		return VNICCTL_EXIT_OK;
	if (!strcmp(argv[0], "name") || !strcmp(argv[0], "ifindex")) {
		if (argc < 2) {
			pr_err("%s: missing value after \"%s\"", cmd, argv[0]);
			return VNICCTL_EXIT_FAIL;
		}
		ret = parent_sel(a, cmd, argv[0], argv[1]);
		argc -= 2;
		argv += 2;
	} else {
		ret = parent_sel(a, cmd, NULL, argv[0]);
		argc--;
		argv++;
	}
	if (!ret && argc > 0) {
		pr_err("%s: unexpected argument \"%s\"", cmd, argv[0]);
		ret = VNICCTL_EXIT_FAIL;
	}
	return ret;
}

/*
 * Fetches the parent @a selects (or all) into @l and, for one parent,
 * every vnic into @devs; then prints them.
 */
static int parent_show_once(struct vnicctl *ctx,
			    const struct parent_set_args *a)
{
	struct parent_list list = { 0 };
	struct dev_list devs = { 0 };
	struct nlmsghdr *nlh;
	struct nl *nl;
	int ret, err;

	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;
	nlh = nl_msg(nl, VNIC_CMD_PARENT_GET, a->sel_attr ? 0 : NLM_F_DUMP);
	if (a->sel_attr)
		parent_sel_put(nlh, a);
	err = nl_exchange(nl, nlh, parent_cb, &list);
	ret = nl_report(nl, err);
	nl_put(ctx, nl);
	if (!ret && a->sel_attr)
		ret = dev_get(ctx, "parent show", 0, NULL, VNIC_CMD_DEV_GET,
			      dev_list_cb, &devs, &devs.n);
	if (!ret)
		parent_print(ctx, &list, a->sel_attr ? &devs : NULL);
	free(devs.devs);
	free(list.ps);
	return ret;
}

/* "parent show [DEV]": one parent with its vnics' shares, or a dump. */
static int parent_show(struct vnicctl *ctx, int argc, char **argv)
{
	struct parent_set_args a;
	int ret;

	ret = parent_show_parse("parent show", argc, argv, &a);
	return ret ?: parent_show_once(ctx, &a);
}

/*
 * "top DEV [ count N ]": "parent show DEV" every second (the screen
 * cleared first on a terminal), N times or until interrupted.
 */
int cmd_top(struct vnicctl *ctx, int argc, char **argv)
{
	struct timespec second = { .tv_sec = 1 };
	struct parent_set_args a;
	uint32_t count = 0, i;
	bool tty = isatty(STDOUT_FILENO);
	int ret;

	if (argc >= 2 && !strcmp(argv[argc - 2], "count")) {
		if (parse_u32(argv[argc - 1], &count) || !count) {
			pr_err("invalid count \"%s\": expected a number from 1 to %u",
			       argv[argc - 1], UINT32_MAX);
			return VNICCTL_EXIT_FAIL;
		}
		argc -= 2;
	}
	ret = parent_show_parse("top", argc, argv, &a);
	if (ret)
		return ret;
	if (!a.sel_attr) {
		pr_err("top: missing device: expected %s", PARENT_SEL_USAGE);
		return VNICCTL_EXIT_FAIL;
	}
	for (i = 0; !count || i < count; i++) {
		if (i)
			nanosleep(&second, NULL);
		if (tty && !ctx->json)
			fputs("\033[H\033[J", stdout);
		ret = parent_show_once(ctx, &a);
		if (ret)
			return ret;
		fflush(stdout);
	}
	return VNICCTL_EXIT_OK;
}

static int parent_set(struct vnicctl *ctx, int argc, char **argv)
{
	struct parent_set_args a;
	struct nlmsghdr *nlh;
	struct nl *nl;
	int ret;

	ret = parent_set_parse(argc, argv, &a);
	if (ret)
		return ret;
	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;
	nlh = nl_msg(nl, VNIC_CMD_PARENT_SET, 0);
	parent_set_put(nlh, &a);
	/* Like "vnicctl set", print nothing on success. */
	ret = nl_request(nl, nlh, NULL, NULL);
	nl_put(ctx, nl);
	return ret;
}

int cmd_parent(struct vnicctl *ctx, int argc, char **argv)
{
	if (argc < 1) {
		pr_err("parent: missing subcommand: expected \"set\" or \"show\"");
		return VNICCTL_EXIT_FAIL;
	}
	if (!strcmp(argv[0], "set"))
		return parent_set(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[0], "show"))
		return parent_show(ctx, argc - 1, argv + 1);
	pr_err("parent: unknown subcommand \"%s\": expected \"set\" or \"show\"",
	       argv[0]);
	return VNICCTL_EXIT_FAIL;
}
