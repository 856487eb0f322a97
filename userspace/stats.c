// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl stats [ [ name ] NAME | id ID | ifindex IFINDEX ]
 *
 * Drop counters, one per reason, and the counters of the TX shaper.
 *
 * The counters are data-driven: stats_counters[] lists them in output
 * order, and a counter the kernel sends but the table lacks is ignored.
 * A new counter is one line in the table (once the regenerated uapi
 * header has its VNIC_A_STATS_x).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "stats.h"
#include "vnicctl.h"

const struct stats_counter stats_counters[] = {
	{ VNIC_A_STATS_TX_SPOOF_MAC,	"tx-spoof-mac" },
	{ VNIC_A_STATS_TX_SPOOF_IP,	"tx-spoof-ip" },
	{ VNIC_A_STATS_TX_SPOOF_ARP,	"tx-spoof-arp" },
	{ VNIC_A_STATS_TX_SPOOF_ND,	"tx-spoof-nd" },
	{ VNIC_A_STATS_TX_VLAN,		"tx-vlan" },
	{ VNIC_A_STATS_TX_ETHERTYPE,	"tx-ethertype" },
	{ VNIC_A_STATS_TX_MTU,		"tx-mtu" },
	{ VNIC_A_STATS_TX_RUNT,		"tx-runt" },
	{ VNIC_A_STATS_TX_OFFLOAD,	"tx-offload" },
	{ VNIC_A_STATS_TX_RATE,		"tx-rate" },
	{ VNIC_A_STATS_RX_VLAN,		"rx-vlan" },
	{ VNIC_A_STATS_RX_ETHERTYPE,	"rx-ethertype" },
	{ VNIC_A_STATS_RX_LOOP,		"rx-loop" },
	{ VNIC_A_STATS_RX_RATE,		"rx-rate" },
	{ VNIC_A_STATS_RX_MTU,		"rx-mtu" },
	{ VNIC_A_STATS_TX_THROTTLED,	"tx-throttled" },
	{ VNIC_A_STATS_TX_SHAPED_BYTES,	"tx-shaped-bytes" },
	{ VNIC_A_STATS_TX_LENT_BYTES,	"tx-lent-bytes" },
	{ VNIC_A_STATS_TX_BORROWED_BYTES, "tx-borrowed-bytes" },
};

const size_t nr_stats_counters = ARRAY_SIZE(stats_counters);

struct stats_list {
	struct vnic_stats *stats;
	size_t n;
	size_t cap;
};

static bool stats_is_counter(uint16_t attr)
{
	size_t i;

	for (i = 0; i < nr_stats_counters; i++) {
		if (stats_counters[i].attr == attr)
			return attr <= VNIC_A_STATS_MAX;
	}
	return false;
}

/*
 * Fill @s from a STATS_GET reply. Malformed attributes are treated as
 * absent, unknown ones (counters newer than stats_counters[]) skipped.
 */
void stats_parse(const struct nlmsghdr *nlh, struct vnic_stats *s)
{
	const struct nlattr *attr;
	uint16_t type;

	memset(s, 0, sizeof(*s));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		type = mnl_attr_get_type(attr);
		switch (type) {
		case VNIC_A_STATS_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			s->id = mnl_attr_get_u32(attr);
			s->has_id = true;
			break;
		case VNIC_A_STATS_IFINDEX:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				break;
			s->ifindex = mnl_attr_get_u32(attr);
			s->has_ifindex = true;
			break;
		case VNIC_A_STATS_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_STRING) < 0)
				break;
			attr_strcpy(s->name, sizeof(s->name), attr);
			s->has_name = true;
			break;
		default:
			if (stats_is_counter(type) &&
			    attr_get_uint(attr, &s->val[type]))
				s->has[type] = true;
			break;
		}
	}
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	struct stats_list *l = data;
	struct vnic_stats *stats;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 16;
		stats = reallocarray(l->stats, cap, sizeof(*stats));
		if (!stats) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->stats = stats;
		l->cap = cap;
	}
	stats_parse(nlh, &l->stats[l->n++]);
	return MNL_CB_OK;
}

static int stats_cmp_id(const void *a, const void *b)
{
	const struct vnic_stats *sa = a, *sb = b;

	return (sa->id > sb->id) - (sa->id < sb->id);
}

/* "NAME (id N):", then one "    counter  value" line per counter */
void stats_print_text(FILE *f, const struct vnic_stats *s)
{
	const struct stats_counter *c;
	int width = 0, len;
	size_t i;

	for (i = 0; i < nr_stats_counters; i++) {
		len = strlen(stats_counters[i].name);
		if (len > width)
			width = len;
	}

	fprintf(f, "%s (id ", s->has_name ? s->name : "-");
	if (s->has_id)
		fprintf(f, "%u):\n", s->id);
	else
		fprintf(f, "-):\n");
	for (i = 0; i < nr_stats_counters; i++) {
		c = &stats_counters[i];
		if (s->has[c->attr])
			fprintf(f, "    %-*s  %llu\n", width, c->name,
				(unsigned long long)s->val[c->attr]);
	}
}

/* The counters' members of a JSON object, keys with "_" for "-" */
static void stats_counter_members(struct json *j, const struct vnic_stats *s)
{
	const struct stats_counter *c;
	char key[COUNTER_KEY_LEN], *p;
	size_t i;

	for (i = 0; i < nr_stats_counters; i++) {
		c = &stats_counters[i];
		if (!s->has[c->attr])
			continue;
		snprintf(key, sizeof(key), "%s", c->name);
		for (p = key; *p; p++) {
			if (*p == '-')
				*p = '_';
		}
		json_kv_uint(j, key, s->val[c->attr]);
	}
}

void stats_print_json(struct json *j, const struct vnic_stats *s)
{
	json_begin_object(j);
	if (s->has_id)
		json_kv_uint(j, "id", s->id);
	if (s->has_name)
		json_kv_str(j, "ifname", s->name);
	if (s->has_ifindex)
		json_kv_uint(j, "ifindex", s->ifindex);
	stats_counter_members(j, s);
	json_end_object(j);
}

/* {"tx_spoof_mac": N, ...}: the counters alone (show -s -j) */
void stats_print_counters_json(struct json *j, const struct vnic_stats *s)
{
	json_begin_object(j);
	stats_counter_members(j, s);
	json_end_object(j);
}

/*
 * Two lines under a vnic's row (show -s), as ip -s link does:
 *     tx: spoof-mac 0 spoof-ip 0 ... throttled 0 shaped-bytes 0
 *     rx: vlan 0 ethertype 0 loop 0 rate 0 mtu 0
 */
void stats_print_lines(FILE *f, const struct vnic_stats *s)
{
	static const char *const dirs[] = { "tx", "rx" };
	const struct stats_counter *c;
	size_t d, i, len;
	bool any;

	for (d = 0; d < ARRAY_SIZE(dirs); d++) {
		len = strlen(dirs[d]);
		any = false;
		for (i = 0; i < nr_stats_counters; i++) {
			c = &stats_counters[i];
			if (!s->has[c->attr] || strncmp(c->name, dirs[d], len) ||
			    c->name[len] != '-')
				continue;
			if (!any)
				fprintf(f, "    %s:", dirs[d]);
			fprintf(f, " %s %llu", c->name + len + 1,
				(unsigned long long)s->val[c->attr]);
			any = true;
		}
		if (any)
			fputc('\n', f);
	}
}

static void stats_print(const struct vnicctl *ctx, struct stats_list *l)
{
	struct json j;
	size_t i;

	qsort(l->stats, l->n, sizeof(*l->stats), stats_cmp_id);

	if (!ctx->json) {
		for (i = 0; i < l->n; i++)
			stats_print_text(stdout, &l->stats[i]);
		return;
	}
	json_init(&j, stdout, ctx->pretty);
	json_begin_array(&j);
	for (i = 0; i < l->n; i++)
		stats_print_json(&j, &l->stats[i]);
	json_end_array(&j);
}

/* The counters of every vnic visible here (show -s); an exit code. */
int stats_get_all(struct vnicctl *ctx, struct vnic_stats **stats, size_t *n)
{
	struct stats_list list = { 0 };
	int ret;

	ret = dev_get(ctx, "stats", 0, NULL, VNIC_CMD_STATS_GET, stats_cb,
		      &list, &list.n);
	*stats = list.stats;
	*n = ret ? 0 : list.n;
	return ret;
}

/* The selectors of the stats attribute set mirror those of dev. */
int cmd_stats(struct vnicctl *ctx, int argc, char **argv)
{
	struct stats_list list = { 0 };
	int ret;

	ret = dev_get(ctx, "stats", argc, argv, VNIC_CMD_STATS_GET, stats_cb,
		      &list, &list.n);
	if (!ret)
		stats_print(ctx, &list);
	free(list.stats);
	return ret;
}
