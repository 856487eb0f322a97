// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl show [ [ name ] NAME | id ID | ifindex IFINDEX ]
 */
#include <errno.h>
#include <stdlib.h>

#include <linux/vnic.h>

#include "dev.h"
#include "nl.h"
#include "vnicctl.h"

struct dev_list {
	struct vnic_dev *devs;
	size_t n;
	size_t cap;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
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

static void show_print(const struct vnicctl *ctx, struct dev_list *l)
{
	struct json j;
	size_t i;

	qsort(l->devs, l->n, sizeof(*l->devs), dev_cmp_id);

	if (!ctx->json) {
		dev_print_table(stdout, l->devs, l->n, ctx->details);
		return;
	}
	json_init(&j, stdout, ctx->pretty);
	json_begin_array(&j);
	for (i = 0; i < l->n; i++)
		dev_print_json(&j, &l->devs[i]);
	json_end_array(&j);
}

int cmd_show(struct vnicctl *ctx, int argc, char **argv)
{
	struct dev_list list = { 0 };
	int ret;

	ret = dev_get("show", argc, argv, VNIC_CMD_DEV_GET, show_cb, &list,
		      &list.n);
	if (!ret)
		show_print(ctx, &list);
	free(list.devs);
	return ret;
}
