/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - share groups of a parent's vnics: parsing of the kernel's
 * "group" messages and their output.
 */
#ifndef VNICCTL_GROUP_H
#define VNICCTL_GROUP_H

#include <stdint.h>
#include <stdio.h>

#include <net/if.h>
#include <libmnl/libmnl.h>

#include "json.h"

/* A group as reported by VNIC_CMD_GROUP_GET/NEW/SET and its events. */
struct vnic_group {
	uint32_t present;	/* bit (1 << VNIC_A_GROUP_x) per attribute */
	char name[IF_NAMESIZE];
	uint32_t parent_ifindex;
	char parent_name[IF_NAMESIZE];
	uint64_t bw_min;	/* bits/s, 0: none */
	uint64_t bw_max;	/* bits/s, 0: none */
	uint32_t weight;
	uint32_t priority;
	uint32_t vnics;
};

void group_parse(const struct nlmsghdr *nlh, struct vnic_group *g);
void group_print_json(struct json *j, const struct vnic_group *g);
void group_print_line(FILE *f, const struct vnic_group *g);

#endif /* VNICCTL_GROUP_H */
