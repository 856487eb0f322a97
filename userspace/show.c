// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl [ -s ] show [ [ name ] NAME | id ID | ifindex IFINDEX ]
 *
 * With -s, each vnic's counters (those of vnicctl stats) follow its row,
 * as two lines "tx: ..." and "rx: ...", or as a "stats" object in JSON.
 */
#include <errno.h>
#include <stdlib.h>

#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "stats.h"
#include "vnicctl.h"

/* Collects the vnics of a DEV_GET reply or dump into a struct dev_list. */
int dev_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dev_list *l = data;
	struct vnic_dev *devs;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 16;
		devs = reallocarray(l->devs, cap, sizeof(*devs));
		if (!devs) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->devs = devs;
		l->cap = cap;
	}
	dev_parse(nlh, &l->devs[l->n++]);
	return MNL_CB_OK;
}

static int dev_cmp_id(const void *a, const void *b)
{
	const struct vnic_dev *da = a, *db = b;

	return (da->id > db->id) - (da->id < db->id);
}

/* With -s: the counters of every vnic, matched to the rows by id. */
struct show_stats {
	struct vnic_stats *stats;
	size_t n;
};

static const struct vnic_stats *show_stats_of(const struct show_stats *ss,
					      const struct vnic_dev *d)
{
	size_t i;

	for (i = 0; ss && i < ss->n; i++) {
		if (ss->stats[i].has_id && ss->stats[i].id == d->id)
			return &ss->stats[i];
	}
	return NULL;
}

static void show_row_stats(FILE *f, const struct vnic_dev *d, void *arg)
{
	const struct vnic_stats *s = show_stats_of(arg, d);

	if (s)
		stats_print_lines(f, s);
}

static void show_print(const struct vnicctl *ctx, struct dev_list *l,
		       const struct show_stats *ss)
{
	const struct vnic_stats *s;
	struct json j;
	size_t i;

	qsort(l->devs, l->n, sizeof(*l->devs), dev_cmp_id);

	if (!ctx->json) {
		dev_print_table_cb(stdout, l->devs, l->n, ctx->details,
				   ss ? show_row_stats : NULL, (void *)ss);
		return;
	}
	json_init(&j, stdout, ctx->pretty);
	json_begin_array(&j);
	for (i = 0; i < l->n; i++) {
		json_begin_object(&j);
		dev_print_json_members(&j, &l->devs[i]);
		s = show_stats_of(ss, &l->devs[i]);
		if (s) {
			json_key(&j, "stats");
			stats_print_counters_json(&j, s);
		}
		json_end_object(&j);
	}
	json_end_array(&j);
}

int cmd_show(struct vnicctl *ctx, int argc, char **argv)
{
	struct dev_list list = { 0 };
	struct show_stats ss = { 0 };
	int ret;

	ret = dev_get(ctx, "show", argc, argv, VNIC_CMD_DEV_GET, dev_list_cb,
		      &list, &list.n);
	if (!ret && ctx->stats)
		ret = stats_get_all(ctx, &ss.stats, &ss.n);
	if (!ret)
		show_print(ctx, &list, ctx->stats ? &ss : NULL);
	free(ss.stats);
	free(list.devs);
	return ret;
}
