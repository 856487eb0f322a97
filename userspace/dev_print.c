// SPDX-License-Identifier: GPL-2.0
/*
 * vnicctl - text table and JSON output of vnic devices.
 */
#include <stdarg.h>
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
	COL_VLAN,
	COL_NETNS,
	COL_TX_RATE,
	COL_RX_RATE,
	NR_COLS
};

static const char *const col_title[NR_COLS] = {
	[COL_ID]	= "ID",
	[COL_NAME]	= "NAME",
	[COL_IFINDEX]	= "IFINDEX",
	[COL_PARENT]	= "PARENT",
	[COL_MAC]	= "MAC",
	[COL_MODE]	= "MODE",
	[COL_VLAN]	= "VLAN",
	[COL_NETNS]	= "NETNS",
	[COL_TX_RATE]	= "TX-RATE",
	[COL_RX_RATE]	= "RX-RATE",
};

/* Large enough for "<15 chars>@-2147483648" and RATE_STR_LEN */
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

/* A rate as tc prints it, "-" for none (or when the kernel omitted it) */
static void fmt_rate(char buf[CELL_LEN], const struct vnic_dev *d, int attr,
		     uint64_t bps)
{
	char rate[RATE_STR_LEN];

	if (DEV_HAS(d, attr) && bps) {
		format_rate(rate, bps);
		snprintf(buf, CELL_LEN, "%s", rate);
	} else {
		snprintf(buf, CELL_LEN, "-");
	}
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

	if (DEV_HAS(d, VNIC_A_DEV_VLAN) && d->policy.vlan)
		snprintf(r->cell[COL_VLAN], CELL_LEN, "%u", d->policy.vlan);
	else
		snprintf(r->cell[COL_VLAN], CELL_LEN, "-");

	if (DEV_HAS(d, VNIC_A_DEV_NETNSID))
		snprintf(r->cell[COL_NETNS], CELL_LEN, "%d", d->netnsid);
	else
		snprintf(r->cell[COL_NETNS], CELL_LEN, "-");

	fmt_rate(r->cell[COL_TX_RATE], d, VNIC_A_DEV_TX_RATE, d->policy.tx_rate);
	fmt_rate(r->cell[COL_RX_RATE], d, VNIC_A_DEV_RX_RATE, d->policy.rx_rate);
}

static void print_row(FILE *f, const char *const *cells, const size_t *width)
{
	int c;

	for (c = 0; c < NR_COLS - 1; c++)
		fprintf(f, "%-*s  ", (int)width[c], cells[c]);
	fprintf(f, "%s\n", cells[NR_COLS - 1]);
}

/* Details lines are indented by this much under their row. */
#define DETAILS_INDENT	"    "

/* Start an item of the details line: indent it if first, else a blank. */
static void detail(FILE *f, bool *first, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void detail(FILE *f, bool *first, const char *fmt, ...)
{
	va_list ap;

	fputs(*first ? DETAILS_INDENT : " ", f);
	*first = false;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
}

/*
 * "rate RATE burst SIZE" or "rx-rate RATE rx-burst SIZE" of one direction
 * (@pfx "" or "rx-"), nothing when it is not rate limited.
 */
static void detail_share(FILE *f, bool *first, const struct vnic_dev *d,
			 const char *pfx, int rate_attr, uint64_t rate,
			 int burst_attr, uint32_t burst)
{
	char rbuf[RATE_STR_LEN], sbuf[SIZE_STR_LEN];

	if (!DEV_HAS(d, rate_attr) || !rate)
		return;
	format_rate(rbuf, rate);
	detail(f, first, "%srate %s", pfx, rbuf);
	if (DEV_HAS(d, burst_attr)) {
		format_size(sbuf, burst);
		fprintf(f, " %sburst %s", pfx, sbuf);
	}
}

/*
 * Print the policy of @d as one indented line of options, as they would
 * be given to "vnicctl set"; nothing if the kernel reported no policy.
 */
void dev_print_details(FILE *f, const struct vnic_dev *d)
{
	const struct vnic_policy *p = &d->policy;
	char buf[PREFIX_STR_LEN];
	bool first = true;
	unsigned int i;

	if (DEV_HAS(d, VNIC_A_DEV_MAC_CHANGE))
		detail(f, &first, "mac-change %s", onoff(p->mac_change));
	if (DEV_HAS(d, VNIC_A_DEV_VLAN) && p->vlan)
		detail(f, &first, "vlan %u prio %u", p->vlan, p->vlan_prio);
	if (DEV_HAS(d, VNIC_A_DEV_VLAN_PASSTHROUGH)) {
		detail(f, &first, "vlan-passthrough %s",
		       onoff(p->vlan_passthrough));
	}
	if (DEV_HAS(d, VNIC_A_DEV_ETHERTYPES)) {
		detail(f, &first, "ethertype ");
		if (!p->n_ethertypes)
			fputs("any", f);
		for (i = 0; i < p->n_ethertypes; i++) {
			format_ethertype(buf, p->ethertypes[i]);
			fprintf(f, "%s%s", i ? "," : "", buf);
		}
	}
	if (DEV_HAS(d, VNIC_A_DEV_ETHERTYPE_RX))
		detail(f, &first, "ethertype-rx %s", onoff(p->ethertype_rx));
	if (DEV_HAS(d, VNIC_A_DEV_ALLOWED_IPS)) {
		detail(f, &first, "allow-ip ");
		if (!p->n_ips)
			fputs("any", f);
		for (i = 0; i < p->n_ips; i++) {
			format_prefix(buf, &p->ips[i]);
			fprintf(f, "%s%s", i ? "," : "", buf);
		}
	}
	detail_share(f, &first, d, "", VNIC_A_DEV_TX_RATE, p->tx_rate,
		     VNIC_A_DEV_TX_BURST, p->tx_burst);
	detail_share(f, &first, d, "rx-", VNIC_A_DEV_RX_RATE, p->rx_rate,
		     VNIC_A_DEV_RX_BURST, p->rx_burst);
	if (DEV_HAS(d, VNIC_A_DEV_BW_MIN) && p->bw_min) {
		format_rate(buf, p->bw_min);
		detail(f, &first, "min %s", buf);
	}
	/* Defaults left out, as a rate of 0 is. */
	if (DEV_HAS(d, VNIC_A_DEV_WEIGHT) && p->weight != WEIGHT_DEFAULT)
		detail(f, &first, "weight %u", p->weight);
	if (DEV_HAS(d, VNIC_A_DEV_PRIORITY) && p->priority)
		detail(f, &first, "prio %u", p->priority);
	if (DEV_HAS(d, VNIC_A_DEV_GROUP))
		detail(f, &first, "group %s", p->group);
	if (!first)
		fputc('\n', f);
}

/*
 * Print a table with a header line; nothing at all if @n is 0. With
 * @details, each row is followed by the vnic's policy, then by what
 * @after_row (if not NULL) prints.
 */
void dev_print_table_cb(FILE *f, const struct vnic_dev *devs, size_t n,
			bool details,
			void (*after_row)(FILE *f, const struct vnic_dev *d,
					  void *arg),
			void *arg)
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
		if (details)
			dev_print_details(f, &devs[i]);
		if (after_row)
			after_row(f, &devs[i], arg);
	}
}

void dev_print_table(FILE *f, const struct vnic_dev *devs, size_t n,
		     bool details)
{
	dev_print_table_cb(f, devs, n, details, NULL, NULL);
}

/*
 * The policy and bandwidth share members of a vnic object; each only if
 * the kernel sent it. Rates in bits/s and bursts in bytes, 0: none.
 */
static void dev_print_policy_json(struct json *j, const struct vnic_dev *d)
{
	const struct vnic_policy *p = &d->policy;
	char buf[PREFIX_STR_LEN];
	unsigned int i;

	if (DEV_HAS(d, VNIC_A_DEV_MAC_CHANGE))
		json_kv_bool(j, "mac_change", p->mac_change);
	if (DEV_HAS(d, VNIC_A_DEV_VLAN))
		json_kv_uint(j, "vlan", p->vlan);
	if (DEV_HAS(d, VNIC_A_DEV_VLAN_PRIO))
		json_kv_uint(j, "vlan_prio", p->vlan_prio);
	if (DEV_HAS(d, VNIC_A_DEV_VLAN_PASSTHROUGH))
		json_kv_bool(j, "vlan_passthrough", p->vlan_passthrough);
	if (DEV_HAS(d, VNIC_A_DEV_ETHERTYPE_RX))
		json_kv_bool(j, "ethertype_rx", p->ethertype_rx);
	if (DEV_HAS(d, VNIC_A_DEV_ETHERTYPES)) {
		json_key(j, "ethertypes");
		json_begin_array(j);
		for (i = 0; i < p->n_ethertypes; i++)
			json_uint(j, p->ethertypes[i]);
		json_end_array(j);
	}
	if (DEV_HAS(d, VNIC_A_DEV_ALLOWED_IPS)) {
		json_key(j, "allowed_ips");
		json_begin_array(j);
		for (i = 0; i < p->n_ips; i++) {
			format_prefix(buf, &p->ips[i]);
			json_str(j, buf);
		}
		json_end_array(j);
	}
	if (DEV_HAS(d, VNIC_A_DEV_TX_RATE))
		json_kv_uint(j, "tx_rate", p->tx_rate);
	if (DEV_HAS(d, VNIC_A_DEV_TX_BURST))
		json_kv_uint(j, "tx_burst", p->tx_burst);
	if (DEV_HAS(d, VNIC_A_DEV_RX_RATE))
		json_kv_uint(j, "rx_rate", p->rx_rate);
	if (DEV_HAS(d, VNIC_A_DEV_RX_BURST))
		json_kv_uint(j, "rx_burst", p->rx_burst);
	if (DEV_HAS(d, VNIC_A_DEV_BW_MIN))
		json_kv_uint(j, "bw_min", p->bw_min);
	if (DEV_HAS(d, VNIC_A_DEV_WEIGHT))
		json_kv_uint(j, "weight", p->weight);
	if (DEV_HAS(d, VNIC_A_DEV_PRIORITY))
		json_kv_uint(j, "priority", p->priority);
	/* Absent (the kernel sends none) for no group. */
	if (DEV_HAS(d, VNIC_A_DEV_GROUP))
		json_kv_str(j, "group", p->group);
	if (DEV_HAS(d, VNIC_A_DEV_TX_ALLOC))
		json_kv_uint(j, "tx_alloc", d->tx_alloc);
	if (DEV_HAS(d, VNIC_A_DEV_TX_MEASURED))
		json_kv_uint(j, "tx_measured", d->tx_measured);
}

/* The members of a vnic object, for callers that add their own. */
void dev_print_json_members(struct json *j, const struct vnic_dev *d)
{
	char mac[MAC_STR_LEN];

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
	dev_print_policy_json(j, d);
}

void dev_print_json(struct json *j, const struct vnic_dev *d)
{
	json_begin_object(j);
	dev_print_json_members(j, d);
	json_end_object(j);
}
