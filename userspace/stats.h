/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - per-vnic drop and shaper counters (VNIC_CMD_STATS_GET).
 */
#ifndef VNICCTL_STATS_H
#define VNICCTL_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <net/if.h>
#include <libmnl/libmnl.h>

#include <linux/vnic.h>

#include "json.h"

struct vnicctl;

struct stats_counter {
	uint16_t attr;		/* VNIC_A_STATS_x, an NLA_UINT */
	const char *name;	/* "-" becomes "_" in JSON keys */
};

/* The counters vnicctl knows, in output order (stats.c) */
extern const struct stats_counter stats_counters[];
extern const size_t nr_stats_counters;

/* Longest JSON key made from a counter name, plus NUL */
#define COUNTER_KEY_LEN	64

struct vnic_stats {
	uint32_t id;
	uint32_t ifindex;
	char name[IF_NAMESIZE];
	bool has_id;
	bool has_ifindex;
	bool has_name;
	/* Counters, indexed by VNIC_A_STATS_x; only those in the table */
	bool has[VNIC_A_STATS_MAX + 1];
	uint64_t val[VNIC_A_STATS_MAX + 1];
};

void stats_parse(const struct nlmsghdr *nlh, struct vnic_stats *s);
void stats_print_text(FILE *f, const struct vnic_stats *s);
void stats_print_json(struct json *j, const struct vnic_stats *s);
void stats_print_counters_json(struct json *j, const struct vnic_stats *s);
void stats_print_lines(FILE *f, const struct vnic_stats *s);
int stats_get_all(struct vnicctl *ctx, struct vnic_stats **stats,
		  size_t *n);

#endif /* VNICCTL_STATS_H */
