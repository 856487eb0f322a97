/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - parent devices: their capacity (the share scheduler's) and
 * burst, parsing of the kernel's "parent" messages and their output.
 */
#ifndef VNICCTL_PARENT_H
#define VNICCTL_PARENT_H

#include <stdint.h>
#include <stdio.h>

#include <net/if.h>
#include <libmnl/libmnl.h>

#include "json.h"

/* A parent as reported by VNIC_CMD_PARENT_GET/SET and PARENT_SET_NTF. */
struct vnic_parent {
	uint32_t present;	/* bit (1 << VNIC_A_PARENT_x) per attribute */
	uint32_t ifindex;
	uint64_t capacity;	/* bits/s, 0: none */
	uint32_t burst;		/* bytes */
	uint32_t vnics;
	uint64_t guaranteed;	/* bits/s its capacity guarantees */
	uint64_t tick_cost;	/* ns a scheduler tick takes */
	uint64_t tick_period;	/* ns between ticks */
	char name[IF_NAMESIZE];
};

#define PARENT_HAS(p, attr)	(!!((p)->present & (1u << (attr))))

/* What "parent set" changes. */
struct parent_set_args {
	uint16_t sel_attr;	/* VNIC_A_PARENT_IFINDEX or _NAME */
	uint32_t ifindex;
	const char *name;
	bool has_capacity;
	uint64_t capacity;
	bool has_burst;
	uint32_t burst;
};

#define PARENT_SEL_USAGE	"{ [ name ] DEV | ifindex IFINDEX }"

void parent_parse(const struct nlmsghdr *nlh, struct vnic_parent *p);
int parent_set_parse(int argc, char **argv, struct parent_set_args *a);
void parent_set_put(struct nlmsghdr *nlh, const struct parent_set_args *a);
void parent_print_table(FILE *f, const struct vnic_parent *ps, size_t n);
void parent_print_json(struct json *j, const struct vnic_parent *p);
void parent_print_line(FILE *f, const struct vnic_parent *p);

#endif /* VNICCTL_PARENT_H */
