/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vnicctl - attribute names of the vnic family, by attribute set, as the
 * YNL spec names them. The tables (attr_names.c) are generated from
 * uapi/specs/vnic.yaml by scripts/gen-attr-names.py.
 */
#ifndef VNICCTL_ATTR_NAMES_H
#define VNICCTL_ATTR_NAMES_H

struct attr_set;

struct attr_name {
	const char *name;		/* NULL: no such attribute */
	const struct attr_set *nest;	/* set of a nest's attributes */
};

struct attr_set {
	const char *name;
	const struct attr_name *attrs;	/* indexed by attribute type */
	unsigned int n;
};

extern const struct attr_set attr_set_dev;
extern const struct attr_set attr_set_parent;
extern const struct attr_set attr_set_group;
extern const struct attr_set attr_set_stats;

#endif /* VNICCTL_ATTR_NAMES_H */
