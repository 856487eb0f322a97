/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - name the attribute an extended ack points at.
 */
#ifndef VNICCTL_EXTACK_H
#define VNICCTL_EXTACK_H

#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "attr_names.h"

/* The attribute-related TLVs of an extended ack; -1 when absent. */
struct extack_attrs {
	int64_t bad_off;	/* NLMSGERR_ATTR_OFFS */
	int64_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
	int64_t miss_nest_off;	/* NLMSGERR_ATTR_MISS_NEST */
};

int extack_attr_path(const struct nlmsghdr *nlh, const struct attr_set *top,
		     uint32_t off, char *buf, size_t size,
		     const struct attr_set **nest);
void extack_describe(const struct nlmsghdr *nlh, const struct attr_set *top,
		     const struct extack_attrs *ext, char *buf, size_t size);

#endif /* VNICCTL_EXTACK_H */
