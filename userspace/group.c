// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl group add NAME parent DEV [ GROUP_OPTS ]
 * vnicctl group set NAME [ parent DEV ] GROUP_OPTS
 * vnicctl group del NAME [ parent DEV ]
 * vnicctl group show [ NAME [ parent DEV ] ]
 * GROUP_OPTS := [ min RATE ] [ rate RATE ] [ weight WEIGHT ] [ prio PRIO ]
 *
 * A share group holds one guarantee (min; by default the sum of its
 * vnics') and one ceiling (rate) for the vnics put in it ("vnicctl set
 * VNIC group NAME"). Its name is unique in the namespace, so it alone
 * selects the group (but for one a parent moved in brought along: "parent
 * DEV" then says which).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/vnic.h>

#include "dev.h"
#include "group.h"
#include "nl.h"
#include "policy.h"
#include "util.h"
#include "vnicctl.h"

#define GROUP_HAS(g, attr)	(!!((g)->present & (1u << (attr))))

/*
 * Fill @g from a GROUP reply or event. Malformed attributes are treated
 * as absent, unknown ones (from a newer kernel) are skipped.
 */
void group_parse(const struct nlmsghdr *nlh, struct vnic_group *g)
{
	const struct nlattr *attr;
	uint16_t type;

	memset(g, 0, sizeof(*g));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case VNIC_A_GROUP_NAME:
		case VNIC_A_GROUP_PARENT_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				continue;
			attr_strcpy(type == VNIC_A_GROUP_NAME ? g->name :
				    g->parent_name, IF_NAMESIZE, attr);
			break;
		case VNIC_A_GROUP_BW_MIN:
		case VNIC_A_GROUP_BW_MAX:
			if (!attr_get_uint(attr, type == VNIC_A_GROUP_BW_MIN ?
					   &g->bw_min : &g->bw_max))
				continue;
			break;
		case VNIC_A_GROUP_PARENT_IFINDEX:
		case VNIC_A_GROUP_WEIGHT:
		case VNIC_A_GROUP_PRIORITY:
		case VNIC_A_GROUP_VNICS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				continue;
			*(type == VNIC_A_GROUP_PARENT_IFINDEX ? &g->parent_ifindex :
			  type == VNIC_A_GROUP_WEIGHT ? &g->weight :
			  type == VNIC_A_GROUP_PRIORITY ? &g->priority :
			  &g->vnics) = mnl_attr_get_u32(attr);
			break;
		default:
			continue;
		}
		g->present |= 1u << type;
	}
}

/* What "group add/set" sends. */
struct group_args {
	const char *name;
	const char *parent;
	uint32_t attrs;		/* bit (1 << VNIC_A_GROUP_x) per option */
	uint64_t bw_min;
	uint64_t bw_max;
	uint32_t weight;
	uint32_t priority;
};

static const struct {
	const char *kw;
	uint16_t attr;
} group_kws[] = {
	{ "parent",	VNIC_A_GROUP_PARENT_NAME },
	{ "min",	VNIC_A_GROUP_BW_MIN },
	{ "bw-min",	VNIC_A_GROUP_BW_MIN },
	{ "rate",	VNIC_A_GROUP_BW_MAX },
	{ "bw-max",	VNIC_A_GROUP_BW_MAX },
	{ "weight",	VNIC_A_GROUP_WEIGHT },
	{ "prio",	VNIC_A_GROUP_PRIORITY },
	{ "priority",	VNIC_A_GROUP_PRIORITY },
};

static int group_option(const char *cmd, struct group_args *a, const char *kw,
			const char *val)
{
	uint16_t attr = 0;
	size_t i;
	int bad;

	for (i = 0; i < ARRAY_SIZE(group_kws); i++)
		if (!strcmp(kw, group_kws[i].kw))
			attr = group_kws[i].attr;
	if (!attr || (attr != VNIC_A_GROUP_PARENT_NAME &&
		      (!strcmp(cmd, "del") || !strcmp(cmd, "show")))) {
		pr_err("group %s: unexpected argument \"%s\"", cmd, kw);
		return VNICCTL_EXIT_FAIL;
	}
	if (!val) {
		pr_err("group %s: missing value after \"%s\"", cmd, kw);
		return VNICCTL_EXIT_FAIL;
	}
	if (a->attrs & (1u << attr)) {
		pr_err("group %s: \"%s\" given more than once", cmd, kw);
		return VNICCTL_EXIT_FAIL;
	}
	switch (attr) {
	case VNIC_A_GROUP_PARENT_NAME:
		a->parent = val;
		bad = !check_ifname(val);
		break;
	case VNIC_A_GROUP_BW_MIN:
		bad = rate_arg(kw, val, &a->bw_min);
		break;
	case VNIC_A_GROUP_BW_MAX:
		bad = rate_arg(kw, val, &a->bw_max);
		break;
	case VNIC_A_GROUP_WEIGHT:
		bad = parse_range_arg(kw, val, 1, WEIGHT_MAX, &a->weight);
		break;
	default:
		bad = parse_range_arg(kw, val, 0, PRIORITY_MAX, &a->priority);
		break;
	}
	if (bad)
		return VNICCTL_EXIT_FAIL;
	a->attrs |= 1u << attr;
	return VNICCTL_EXIT_OK;
}

/* "NAME [ KEYWORD VALUE ]..." of "group add" and "group set". */
static int group_args_parse(const char *cmd, int argc, char **argv,
			    struct group_args *a)
{
	int i, ret;

	memset(a, 0, sizeof(*a));
	if (argc < 1) {
		pr_err("group %s: missing group name", cmd);
		return VNICCTL_EXIT_FAIL;
	}
	if (!check_group_name(argv[0]))
		return VNICCTL_EXIT_FAIL;
	a->name = argv[0];
	for (i = 1; i < argc; i += 2) {
		ret = group_option(cmd, a, argv[i],
				   i + 1 < argc ? argv[i + 1] : NULL);
		if (ret)
			return ret;
	}
	if (!strcmp(cmd, "add") && !a->parent) {
		pr_err("group add: missing \"parent DEV\"");
		return VNICCTL_EXIT_FAIL;
	}
	if (!strcmp(cmd, "set") && !(a->attrs & ~(1u << VNIC_A_GROUP_PARENT_NAME))) {
		pr_err("group set: nothing to change");
		return VNICCTL_EXIT_FAIL;
	}
	return VNICCTL_EXIT_OK;
}

static void group_args_put(struct nlmsghdr *nlh, const struct group_args *a)
{
	mnl_attr_put_strz(nlh, VNIC_A_GROUP_NAME, a->name);
	if (a->parent)
		mnl_attr_put_strz(nlh, VNIC_A_GROUP_PARENT_NAME, a->parent);
	/* NLA_UINT: the kernel takes 4 or 8 bytes, always send 8. */
	if (a->attrs & (1u << VNIC_A_GROUP_BW_MIN))
		mnl_attr_put_u64(nlh, VNIC_A_GROUP_BW_MIN, a->bw_min);
	if (a->attrs & (1u << VNIC_A_GROUP_BW_MAX))
		mnl_attr_put_u64(nlh, VNIC_A_GROUP_BW_MAX, a->bw_max);
	if (a->attrs & (1u << VNIC_A_GROUP_WEIGHT))
		mnl_attr_put_u32(nlh, VNIC_A_GROUP_WEIGHT, a->weight);
	if (a->attrs & (1u << VNIC_A_GROUP_PRIORITY))
		mnl_attr_put_u32(nlh, VNIC_A_GROUP_PRIORITY, a->priority);
}

/* The cells of one row: "-" for what is absent or none. */
#define GROUP_COLS	7

struct group_row {
	char min[RATE_STR_LEN];
	char max[RATE_STR_LEN];
	char weight[12];
	char prio[12];
	char vnics[12];
	const char *cell[GROUP_COLS];
};

static void group_row(const struct vnic_group *g, struct group_row *r)
{
	/* No guarantee of its own: its vnics' together. */
	snprintf(r->min, sizeof(r->min), "auto");
	snprintf(r->max, sizeof(r->max), "-");
	if (g->bw_min)
		format_rate(r->min, g->bw_min);
	if (g->bw_max)
		format_rate(r->max, g->bw_max);
	snprintf(r->weight, sizeof(r->weight), "%u", g->weight);
	snprintf(r->prio, sizeof(r->prio), "%u", g->priority);
	snprintf(r->vnics, sizeof(r->vnics), "%u", g->vnics);
	r->cell[0] = GROUP_HAS(g, VNIC_A_GROUP_NAME) ? g->name : "-";
	r->cell[1] = GROUP_HAS(g, VNIC_A_GROUP_PARENT_NAME) ?
		     g->parent_name : "-";
	r->cell[2] = r->min;
	r->cell[3] = r->max;
	r->cell[4] = r->weight;
	r->cell[5] = r->prio;
	r->cell[6] = r->vnics;
}

static void group_print_table(FILE *f, const struct vnic_group *gs, size_t n)
{
	static const char *const title[GROUP_COLS] = {
		"GROUP", "PARENT", "MIN", "RATE", "WEIGHT", "PRIO", "VNICS",
	};
	size_t width[GROUP_COLS], i;
	struct group_row r;
	int c;

	for (c = 0; c < GROUP_COLS; c++)
		width[c] = strlen(title[c]);
	for (i = 0; i < n; i++) {
		group_row(&gs[i], &r);
		for (c = 0; c < GROUP_COLS; c++)
			if (strlen(r.cell[c]) > width[c])
				width[c] = strlen(r.cell[c]);
	}
	for (i = 0; i <= n; i++) {
		if (i)
			group_row(&gs[i - 1], &r);
		for (c = 0; c < GROUP_COLS - 1; c++)
			fprintf(f, "%-*s  ", (int)width[c],
				i ? r.cell[c] : title[c]);
		fprintf(f, "%s\n", i ? r.cell[c] : title[c]);
	}
}

void group_print_json(struct json *j, const struct vnic_group *g)
{
	json_begin_object(j);
	json_kv_str(j, "name", g->name);
	json_kv_uint(j, "parent_ifindex", g->parent_ifindex);
	if (GROUP_HAS(g, VNIC_A_GROUP_PARENT_NAME))
		json_kv_str(j, "parent", g->parent_name);
	json_kv_uint(j, "bw_min", g->bw_min);
	json_kv_uint(j, "bw_max", g->bw_max);
	json_kv_uint(j, "weight", g->weight);
	json_kv_uint(j, "priority", g->priority);
	json_kv_uint(j, "vnics", g->vnics);
	json_end_object(j);
}

/* One line, as "monitor" prints a group event after its name. */
void group_print_line(FILE *f, const struct vnic_group *g)
{
	struct group_row r;

	group_row(g, &r);
	fprintf(f, "%s parent %s min %s rate %s weight %s prio %s vnics %s\n",
		r.cell[0], r.cell[1], r.min, r.max, r.weight, r.prio, r.vnics);
}

struct group_list {
	struct vnic_group *gs;
	size_t n;
	size_t cap;
};

static int group_cb(const struct nlmsghdr *nlh, void *data)
{
	struct group_list *l = data;
	struct vnic_group *gs;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 8;
		gs = reallocarray(l->gs, cap, sizeof(*gs));
		if (!gs) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->gs = gs;
		l->cap = cap;
	}
	group_parse(nlh, &l->gs[l->n++]);
	return MNL_CB_OK;
}

static int group_cmp(const void *a, const void *b)
{
	const struct vnic_group *ga = a, *gb = b;

	return strcmp(ga->name, gb->name);
}

/* "group show [NAME]": one group, or a dump, sorted by name. */
static int group_show(struct vnicctl *ctx, int argc, char **argv)
{
	struct group_list list = { 0 };
	struct group_args a;
	struct nlmsghdr *nlh;
	struct json j;
	struct nl *nl;
	int ret, err;
	size_t i;

	if (argc) {
		ret = group_args_parse("show", argc, argv, &a);
		if (ret)
			return ret;
	}
	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;
	nlh = nl_msg(nl, VNIC_CMD_GROUP_GET, argc ? 0 : NLM_F_DUMP);
	if (argc)
		group_args_put(nlh, &a);
	err = nl_exchange(nl, nlh, group_cb, &list);
	ret = nl_report(nl, err);
	nl_put(ctx, nl);
	if (!ret) {
		qsort(list.gs, list.n, sizeof(*list.gs), group_cmp);
		if (!ctx->json) {
			group_print_table(stdout, list.gs, list.n);
		} else {
			json_init(&j, stdout, ctx->pretty);
			json_begin_array(&j);
			for (i = 0; i < list.n; i++)
				group_print_json(&j, &list.gs[i]);
			json_end_array(&j);
		}
	}
	free(list.gs);
	return ret;
}

/* "group add", "group set", "group del": print nothing on success. */
static int group_change(struct vnicctl *ctx, const char *cmd, int argc,
			char **argv)
{
	struct group_args a;
	struct nlmsghdr *nlh;
	uint8_t op;
	struct nl *nl;
	int ret;

	op = !strcmp(cmd, "add") ? VNIC_CMD_GROUP_NEW :
	     !strcmp(cmd, "set") ? VNIC_CMD_GROUP_SET : VNIC_CMD_GROUP_DEL;
	ret = group_args_parse(cmd, argc, argv, &a);
	if (ret)
		return ret;
	ret = nl_get(ctx, &nl);
	if (ret)
		return ret;
	nlh = nl_msg(nl, op, 0);
	group_args_put(nlh, &a);
	ret = nl_request(nl, nlh, NULL, NULL);
	nl_put(ctx, nl);
	return ret;
}

int cmd_group(struct vnicctl *ctx, int argc, char **argv)
{
	static const char *const subs[] = { "add", "set", "del" };
	size_t i;

	if (argc < 1) {
		pr_err("group: missing subcommand: expected add, set, del or show");
		return VNICCTL_EXIT_FAIL;
	}
	if (!strcmp(argv[0], "show"))
		return group_show(ctx, argc - 1, argv + 1);
	for (i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(argv[0], subs[i]))
			return group_change(ctx, subs[i], argc - 1, argv + 1);
	pr_err("group: unknown subcommand \"%s\": expected add, set, del or show",
	       argv[0]);
	return VNICCTL_EXIT_FAIL;
}
