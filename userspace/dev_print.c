// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - text table and JSON output of vnic devices.
 */
#include <string.h>

#include <linux/vnic.h>

#include "dev.h"

enum {
	COL_ID,
	COL_NAME,
	COL_IFINDEX,
	COL_PARENT,
	COL_MAC,
	COL_MODE,
	COL_NETNS,
	NR_COLS
};

static const char *const col_title[NR_COLS] = {
	[COL_ID]	= "ID",
	[COL_NAME]	= "NAME",
	[COL_IFINDEX]	= "IFINDEX",
	[COL_PARENT]	= "PARENT",
	[COL_MAC]	= "MAC",
	[COL_MODE]	= "MODE",
	[COL_NETNS]	= "NETNS",
};

/* Large enough for "<15 chars>@-2147483648" */
#define CELL_LEN	32

struct row {
	char cell[NR_COLS][CELL_LEN];
};

/* Longest u32 in decimal, plus NUL */
#define U32_STR_LEN	11

static void fmt_u32(char buf[U32_STR_LEN], const struct vnic_dev *d,
		    int attr, uint32_t v)
{
	if (DEV_HAS(d, attr))
		snprintf(buf, U32_STR_LEN, "%u", v);
	else
		snprintf(buf, U32_STR_LEN, "-");
}

static uint32_t dev_mode(const struct vnic_dev *d)
{
	/* The kernel omits the mode when it is the default. */
	return DEV_HAS(d, VNIC_A_DEV_MODE) ? d->mode : VNIC_MODE_PRIVATE;
}

static void fmt_row(struct row *r, const struct vnic_dev *d)
{
	const char *parent = d->parent_name;
	char pbuf[U32_STR_LEN];

	fmt_u32(r->cell[COL_ID], d, VNIC_A_DEV_ID, d->id);
	snprintf(r->cell[COL_NAME], CELL_LEN, "%s",
		 DEV_HAS(d, VNIC_A_DEV_NAME) ? d->name : "-");
	fmt_u32(r->cell[COL_IFINDEX], d, VNIC_A_DEV_IFINDEX, d->ifindex);

	if (!DEV_HAS(d, VNIC_A_DEV_PARENT_NAME)) {
		fmt_u32(pbuf, d, VNIC_A_DEV_PARENT_IFINDEX, d->parent_ifindex);
		parent = pbuf;
	}
	if (DEV_HAS(d, VNIC_A_DEV_PARENT_NETNSID))
		snprintf(r->cell[COL_PARENT], CELL_LEN, "%s@%d", parent,
			 d->parent_netnsid);
	else
		snprintf(r->cell[COL_PARENT], CELL_LEN, "%s", parent);

	if (DEV_HAS(d, VNIC_A_DEV_MAC))
		format_mac(r->cell[COL_MAC], d->mac);
	else
		snprintf(r->cell[COL_MAC], CELL_LEN, "-");
	snprintf(r->cell[COL_MODE], CELL_LEN, "%s", mode_name(dev_mode(d)));

	if (DEV_HAS(d, VNIC_A_DEV_NETNSID))
		snprintf(r->cell[COL_NETNS], CELL_LEN, "%d", d->netnsid);
	else
		snprintf(r->cell[COL_NETNS], CELL_LEN, "-");
}

static void print_row(FILE *f, const char *const *cells, const size_t *width)
{
	int c;

	for (c = 0; c < NR_COLS - 1; c++)
		fprintf(f, "%-*s  ", (int)width[c], cells[c]);
	fprintf(f, "%s\n", cells[NR_COLS - 1]);
}

/* Print a table with a header line; nothing at all if @n is 0. */
void dev_print_table(FILE *f, const struct vnic_dev *devs, size_t n)
{
	const char *cells[NR_COLS];
	size_t width[NR_COLS];
	struct row r;
	size_t i;
	int c;

	if (!n)
		return;

	for (c = 0; c < NR_COLS; c++)
		width[c] = strlen(col_title[c]);
	for (i = 0; i < n; i++) {
		fmt_row(&r, &devs[i]);
		for (c = 0; c < NR_COLS; c++) {
			if (strlen(r.cell[c]) > width[c])
				width[c] = strlen(r.cell[c]);
		}
	}

	print_row(f, col_title, width);
	for (i = 0; i < n; i++) {
		fmt_row(&r, &devs[i]);
		for (c = 0; c < NR_COLS; c++)
			cells[c] = r.cell[c];
		print_row(f, cells, width);
	}
}

void dev_print_json(struct json *j, const struct vnic_dev *d)
{
	char mac[MAC_STR_LEN];

	json_begin_object(j);
	if (DEV_HAS(d, VNIC_A_DEV_ID))
		json_kv_uint(j, "id", d->id);
	if (DEV_HAS(d, VNIC_A_DEV_NAME))
		json_kv_str(j, "ifname", d->name);
	if (DEV_HAS(d, VNIC_A_DEV_IFINDEX))
		json_kv_uint(j, "ifindex", d->ifindex);
	if (DEV_HAS(d, VNIC_A_DEV_PARENT_NAME))
		json_kv_str(j, "parent", d->parent_name);
	if (DEV_HAS(d, VNIC_A_DEV_PARENT_IFINDEX))
		json_kv_uint(j, "parent_ifindex", d->parent_ifindex);
	if (DEV_HAS(d, VNIC_A_DEV_MAC)) {
		format_mac(mac, d->mac);
		json_kv_str(j, "mac", mac);
	}
	json_kv_str(j, "mode", mode_name(dev_mode(d)));
	if (DEV_HAS(d, VNIC_A_DEV_NETNSID))
		json_kv_int(j, "netnsid", d->netnsid);
	if (DEV_HAS(d, VNIC_A_DEV_PARENT_NETNSID))
		json_kv_int(j, "parent_netnsid", d->parent_netnsid);
	json_end_object(j);
}
